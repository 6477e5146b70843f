"""Issue 13 point 9: an office is created with its administrator, who gets a one-time link to
set a password and the second factor, and then signs in; the operator can send it again."""

from __future__ import annotations

import re

import pytest
from django.core import mail
from django.core.management import call_command
from django_tenants.utils import schema_context

from accounts import two_factor
from accounts.models import User
from audit.models import AuditEvent
from tenants.models import Office
from tests.central.test_central_site import NEW_OFFICE
from tests.conftest import central_client, totp_code

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "a-long-new-office-password"  # noqa: S105


def _link(message: mail.EmailMessage) -> str:
    found = re.search(r"https?://\S+", message.body)
    assert found, message.body
    return found.group(0)


def test_creating_an_office_invites_its_administrator_who_sets_a_password_and_signs_in() -> None:
    response = central_client("operator").post("/offices/new/", NEW_OFFICE)
    assert response.status_code == 302
    office = Office.objects.get(code="krabi")
    with schema_context(office.schema_name):
        admin = User.objects.get(username="admin")
        assert admin.role_names == {"office_admin"}
        assert admin.email == "somsri@krabi.example"
        assert not admin.has_usable_password()
        invited = AuditEvent.objects.get(action="account.invited")
        assert invited.actor_label == "operator (ส่วนกลาง)"

    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["somsri@krabi.example"]
    assert office.name_th in message.subject
    assert "72" in message.body and "admin" in message.body
    link = _link(message)
    assert link.startswith("http://krabi.localhost/accounts/invitation/")

    from django.test import Client

    client = Client(HTTP_HOST="krabi.localhost")
    path = link.removeprefix("http://krabi.localhost")
    form_page = client.get(path, follow=True)
    assert form_page.status_code == 200
    assert "new_password1" in form_page.content.decode()
    set_url = form_page.redirect_chain[-1][0]
    done = client.post(set_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    # Signed in, and sent on to set up the second factor its role needs.
    assert done.status_code == 302 and done["Location"] == "/accounts/two-factor/enrol/"
    assert client.get("/")["Location"].startswith("/accounts/two-factor/enrol/")
    client.get("/accounts/two-factor/enrol/")
    key = client.session[two_factor.PENDING_KEY_SESSION_KEY]
    enrolled = client.post("/accounts/two-factor/enrol/", {"token": totp_code(key)})
    assert enrolled.status_code == 200
    home = client.get("/")
    assert home.status_code == 200
    assert home.wsgi_request.user.username == "admin"

    # The link works once.
    again = Client(HTTP_HOST="krabi.localhost").get(path, follow=True)
    assert "new_password1" not in again.content.decode()
    # And the password signs in (then the second factor is asked).
    fresh = Client(HTTP_HOST="krabi.localhost")
    signed = fresh.post("/accounts/login/", {"username": "admin", "password": NEW_PASSWORD})
    assert signed.status_code == 302
    assert fresh.get("/")["Location"].startswith("/accounts/two-factor/verify/")


def test_an_office_without_an_administrator_email_is_refused_and_not_created() -> None:
    response = central_client("operator").post("/offices/new/", {**NEW_OFFICE, "admin_email": ""})
    assert response.status_code == 200
    assert not Office.objects.filter(code="krabi").exists()
    assert mail.outbox == []


def test_operator_resends_the_invitation_until_a_password_is_set() -> None:
    client = central_client("operator")
    client.post("/offices/new/", NEW_OFFICE)
    client.post("/offices/krabi/invitation/")
    assert len(mail.outbox) == 2
    assert mail.outbox[1].to == ["somsri@krabi.example"]
    office = Office.objects.get(code="krabi")
    with schema_context(office.schema_name):
        admin = User.objects.get(username="admin")
        admin.set_password(NEW_PASSWORD)
        admin.save()
    response = client.post("/offices/krabi/invitation/", follow=True)
    assert len(mail.outbox) == 2
    assert "ไม่มีผู้ดูแล" in response.content.decode()


def test_only_the_operator_resends_invitations(office_a: Office) -> None:
    response = central_client("analyst").post(f"/offices/{office_a.code}/invitation/")
    assert response.status_code == 403
    assert mail.outbox == []


def test_create_office_command_invites_the_administrator() -> None:
    call_command(
        "create_office",
        "satun",
        "--name-th=สำนักงานเขตพื้นที่การศึกษาประถมศึกษาสตูล",
        "--kind=primary",
        "--province=สตูล",
        "--region=south",
        "--area-number=1",
        "--admin-email=boss@satun.example",
        "--site-url=http://{host}:8000/",
        stdout=open("/dev/null", "w"),  # noqa: SIM115
    )
    office = Office.objects.get(code="satun")
    with schema_context(office.schema_name):
        assert User.objects.get(username="admin").role_names == {"office_admin"}
    assert _link(mail.outbox[0]).startswith("http://satun.localhost:8000/accounts/invitation/")
