from __future__ import annotations

import re

import pytest
from django.core import mail
from django_tenants.utils import schema_context

from accounts.models import User
from tenants.models import Office
from tests.conftest import PASSWORD, host_of, office_client

pytestmark = pytest.mark.django_db


def test_login_page_is_thai_and_names_the_office(office_a: Office) -> None:
    body = office_client(office_a).get("/accounts/login/").content.decode()
    assert "เข้าสู่ระบบ" in body
    assert office_a.name_th in body


def test_officer_signs_in_and_sees_the_office_modules(office_a: Office) -> None:
    client = office_client(office_a)
    response = client.post(
        "/accounts/login/", {"username": "welfare_officer", "password": PASSWORD}, follow=True
    )
    body = response.content.decode()
    assert response.wsgi_request.user.username == "welfare_officer"
    assert "บัตรประจำตัวเจ้าหน้าที่ของรัฐ" in body  # a module card


def test_account_of_one_office_cannot_sign_in_on_another(
    office_a: Office, office_b: Office
) -> None:
    with schema_context(office_a.schema_name):
        User.objects.create_user("alpha-clerk", password=PASSWORD)
    client = office_client(office_b)
    response = client.post("/accounts/login/", {"username": "alpha-clerk", "password": PASSWORD})
    assert response.status_code == 200  # the form again, with an error
    assert response.wsgi_request.user.is_anonymous


def test_repeated_failed_logins_lock_the_account_out_for_a_while(
    office_a: Office, office_b: Office, settings: object
) -> None:
    client = office_client(office_a)
    for _ in range(5):
        client.post("/accounts/login/", {"username": "viewer", "password": "wrong"})
    response = client.post("/accounts/login/", {"username": "viewer", "password": PASSWORD})
    assert response.status_code == 429
    assert "ระงับการเข้าสู่ระบบชั่วคราว" in response.content.decode()
    assert response.wsgi_request.user.is_anonymous
    # The lockout lives in that office's schema: the same username elsewhere still signs in.
    other = office_client(office_b)
    response = other.post("/accounts/login/", {"username": "viewer", "password": PASSWORD})
    assert response.status_code == 302


def test_password_reset_mails_a_link_on_the_office_host(office_a: Office) -> None:
    with schema_context(office_a.schema_name):
        User.objects.filter(username="viewer").update(email="viewer@example.org")
    client = office_client(office_a)
    response = client.post("/accounts/password/reset/", {"email": "viewer@example.org"})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    link = re.search(r"http://(\S+)/accounts/password/reset/(\S+)/(\S+)/", mail.outbox[0].body)
    assert link is not None and link.group(1) == host_of(office_a)
    path = link.group(0).split(link.group(1), 1)[1]
    form = client.get(path, follow=True)
    assert form.status_code == 200
    done = client.post(
        form.redirect_chain[-1][0],
        {"new_password1": "A-new-long-password-1", "new_password2": "A-new-long-password-1"},
    )
    assert done.status_code == 302
    with schema_context(office_a.schema_name):
        assert User.objects.get(username="viewer").check_password("A-new-long-password-1")


def test_password_reset_of_one_office_does_not_mail_another_offices_user(
    office_a: Office, office_b: Office
) -> None:
    with schema_context(office_a.schema_name):
        User.objects.filter(username="viewer").update(email="only-alpha@example.org")
    office_client(office_b).post("/accounts/password/reset/", {"email": "only-alpha@example.org"})
    assert mail.outbox == []


def test_password_change(office_a: Office) -> None:
    client = office_client(office_a, "viewer")
    response = client.post(
        "/accounts/password/change/",
        {
            "old_password": PASSWORD,
            "new_password1": "Another-long-pass-2",
            "new_password2": "Another-long-pass-2",
        },
    )
    assert response.status_code == 302
    with schema_context(office_a.schema_name):
        assert User.objects.get(username="viewer").check_password("Another-long-pass-2")


def test_english_can_be_chosen(office_a: Office) -> None:
    client = office_client(office_a)
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    body = client.get("/accounts/login/").content.decode()
    assert "Sign in" in body and "เข้าสู่ระบบ" not in body


def test_every_thai_message_is_translated() -> None:
    import polib

    from core.management.commands.compile_translations import project_catalogues

    catalogues = project_catalogues()
    assert catalogues
    for path in catalogues:
        po = polib.pofile(str(path))
        assert [e.msgid for e in po.untranslated_entries()] == [], path
        assert [e.msgid for e in po.fuzzy_entries()] == [], path


def test_logout_needs_post_and_ends_the_session(office_a: Office) -> None:
    client = office_client(office_a, "viewer")
    assert client.get("/accounts/logout/").status_code == 405
    client.post("/accounts/logout/")
    assert client.get("/accounts/users/").wsgi_request.user.is_anonymous


def test_thai_is_the_default_even_for_an_english_browser(office_a: Office) -> None:
    client = office_client(office_a)
    body = client.get("/accounts/login/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").content.decode()
    assert "เข้าสู่ระบบ" in body
