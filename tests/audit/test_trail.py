from __future__ import annotations

import pytest
from django_tenants.utils import schema_context

from accounts.roles import OfficeRole
from audit.models import AuditEvent
from tenants.models import Office
from tests.conftest import PASSWORD, central_client, office_client

pytestmark = pytest.mark.django_db


def _events(schema: str, action: str) -> list[AuditEvent]:
    with schema_context(schema):
        return list(AuditEvent.objects.filter(action=action))


def test_sign_ins_and_failures_are_recorded_in_the_office_trail(
    office_a: Office, office_b: Office
) -> None:
    client = office_client(office_a)
    client.post("/accounts/login/", {"username": "viewer", "password": "wrong"})
    client.post("/accounts/login/", {"username": "viewer", "password": PASSWORD})
    failed = _events(office_a.schema_name, "auth.login_failed")
    logged_in = _events(office_a.schema_name, "auth.login")
    assert [e.actor_label for e in failed] == ["viewer"]
    assert failed[0].ip_address == "127.0.0.1"
    assert "wrong" not in str(failed[0].changes)  # never the password
    assert [e.actor_label for e in logged_in] == ["viewer"]
    assert _events(office_b.schema_name, "auth.login") == []


def test_account_changes_record_who_changed_what(office_a: Office) -> None:
    admin = office_client(office_a, "office_admin")
    admin.post(
        "/accounts/users/new/",
        {"username": "newclerk", "email": "newclerk@example.org", "roles": ["viewer"]},
    )
    with schema_context(office_a.schema_name):
        from accounts.models import User

        new = User.objects.get(username="newclerk")
    admin.post(
        f"/accounts/users/{new.pk}/",
        {
            "roles": ["finance_officer"],
            "is_active": "on",
            "position": "นักวิชาการเงิน",
            "email": "newclerk@example.org",
        },
    )
    created = _events(office_a.schema_name, "account.created")[0]
    updated = _events(office_a.schema_name, "account.updated")[0]
    assert created.actor_label == "office_admin" and created.target_label == "newclerk"
    assert updated.changes == {
        "roles": [["viewer"], ["finance_officer"]],
        "position": ["", "นักวิชาการเงิน"],
    }


def test_office_suspension_is_recorded_in_the_central_trail(office_a: Office) -> None:
    central_client("operator").post(f"/offices/{office_a.code}/active/", {"active": "0"})
    events = _events("public", "office.suspended")
    assert [(e.actor_label, e.target_label) for e in events] == [("operator", office_a.name_th)]


@pytest.mark.parametrize("role", [role.value for role in OfficeRole])
def test_only_the_office_admin_reads_the_trail(office_a: Office, role: str) -> None:
    response = office_client(office_a, role).get("/audit/")
    assert response.status_code == (200 if role == OfficeRole.OFFICE_ADMIN else 403)


def test_trail_page_lists_events_with_buddhist_era_dates(office_a: Office) -> None:
    client = office_client(office_a)
    client.post("/accounts/login/", {"username": "viewer", "password": "wrong"})
    body = office_client(office_a, "office_admin").get("/audit/").content.decode()
    assert "auth.login_failed" in body
    from django.utils import timezone

    from core.thai import format_be_date

    today = format_be_date(timezone.localdate(), style="abbr")  # e.g. "24 พ.ย. 2569"
    assert today in body


def test_changes_to_fields_named_like_dict_methods_are_listed_not_a_500(office_a: Office) -> None:
    """A change whose field is called `items`, `keys`, `values` or `get` (a module's own field
    name) is listed like any other: the page never reads the dict's methods by those names."""
    with schema_context(office_a.schema_name):
        AuditEvent.objects.create(
            actor_label="officer",
            action="probe.changed",
            target_label="probe 1",
            changes={"items": [1, 2], "keys": ["a", "b"], "values": [None, "x"], "get": 3},
        )
    response = office_client(office_a, "office_admin").get("/audit/")
    assert response.status_code == 200
    body = response.content.decode()
    assert "items: 1 → 2" in body and "keys: a → b" in body and "values: – → x" in body
    assert "get: – → 3" in body


def test_a_bulk_write_is_recorded_like_one_event_per_change(office_a: Office) -> None:
    from django.test import RequestFactory

    from accounts.models import User
    from audit.services import AuditEntry, audit_record, audit_record_many

    request = RequestFactory().get("/", REMOTE_ADDR="10.0.0.7")
    with schema_context(office_a.schema_name):
        officer = User.objects.get(username="welfare_officer")
        viewer = User.objects.get(username="viewer")
        one = audit_record(
            action="test.one", actor=officer, target=viewer, changes={"a": [1, 2]}, request=request
        )
        many = audit_record_many(
            entries=[
                AuditEntry("test.many", viewer, {"a": [1, 2]}),
                AuditEntry("test.many", officer, {}, target_label="ป" * 250),
            ],
            actor=officer,
            request=request,
        )
        stored = list(AuditEvent.objects.filter(action="test.many").order_by("id"))
    fields = ("actor_id", "actor_label", "target_type", "target_id", "target_label", "ip_address")
    assert [e.pk for e in stored] == [e.pk for e in many]
    assert [getattr(stored[0], f) for f in fields] == [getattr(one, f) for f in fields]
    assert stored[0].changes == one.changes
    assert stored[1].target_label == "ป" * 200  # cut to the column, not refused
    assert stored[0].at == stored[1].at


def test_a_machine_client_in_a_bulk_write_is_named_by_its_label(office_a: Office) -> None:
    from types import SimpleNamespace

    from accounts.models import User
    from audit.services import AuditEntry, audit_record_many

    client = SimpleNamespace(is_authenticated=True, pk=None, get_username=lambda: "client:HR")
    with schema_context(office_a.schema_name):
        target = User.objects.get(username="viewer")
        audit_record_many(entries=[AuditEntry("test.machine", target)], actor=client)
        event = AuditEvent.objects.get(action="test.machine")
    assert (event.actor_id, event.actor_label, event.changes) == (None, "client:HR", {})
