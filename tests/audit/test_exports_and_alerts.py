"""Who took personal data out, how many rows; the review page; alerts on unusual volume."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.core import mail
from django.test import Client
from django.utils import timezone
from django_tenants.utils import schema_context

from accounts.models import User
from audit.models import AlertKind, AuditAlert, AuditEvent
from audit.services import export_record
from core.thai import fiscal_year_of
from tenants.models import Office
from tests.api.support import bearer
from tests.conftest import PASSWORD, host_of, office_client
from tests.idcards.test_views import _received
from tests.people.factories import make_person
from tests.reimbursements.test_views import _claim

pytestmark = pytest.mark.django_db


def _exports(office: Office, action: str) -> list[AuditEvent]:
    with schema_context(office.schema_name):
        return list(AuditEvent.objects.filter(action=action, row_count__isnull=False))


def _people(office: Office, count: int, last_name: str = "ส่งออก") -> None:
    with schema_context(office.schema_name):
        for _ in range(count):
            make_person(last_name_th=last_name)


def test_the_people_export_records_who_what_and_how_many_rows(office_a: Office) -> None:
    _people(office_a, 3)
    _people(office_a, 2, last_name="อื่น")
    client = office_client(office_a, "welfare_officer")
    assert client.get("/people/export.xlsx?q=ส่งออก").status_code == 200
    assert client.get("/people/export.xlsx").status_code == 200
    events = _exports(office_a, "person.exported")
    assert sorted(e.row_count for e in events) == [3, 5]  # type: ignore[type-var]
    narrow = next(e for e in events if e.row_count == 3)
    assert narrow.actor_label == "welfare_officer"
    assert narrow.ip_address == "127.0.0.1"
    assert narrow.changes["filters"] == [None, {"q": "ส่งออก"}]
    assert narrow.changes["national_id_shown"] == [None, True]


def test_the_id_card_registers_record_their_row_count(office_a: Office) -> None:
    _received(office_a)
    _received(office_a)
    year = fiscal_year_of(timezone.localdate()).be_year
    client = office_client(office_a, "viewer")
    client.get(f"/idcards/register.xlsx?fy={year}")
    client.get(f"/idcards/register.pdf?fy={year}")
    events = _exports(office_a, "idcards.register_exported")
    assert sorted((e.changes["format"][1], e.row_count) for e in events) == [
        ("pdf", 2),
        ("xlsx", 2),
    ]
    assert all(e.changes["national_id_shown"] == [None, False] for e in events)


def test_the_claim_registers_record_their_row_count(office_a: Office) -> None:
    _claim(office_a, number="R-1", status="paid")
    _claim(office_a, number="R-2", status="paid")
    year = fiscal_year_of(timezone.localdate()).be_year
    client = office_client(office_a, "finance_officer")
    client.get(f"/claims/registers/medical.xlsx?fy={year}")
    client.get(f"/claims/registers/child-education.xlsx?fy={year}")
    medical = _exports(office_a, "reimbursements.medical_register_exported")
    child = _exports(office_a, "reimbursements.child_education_register_exported")
    assert [(e.actor_label, e.row_count) for e in medical] == [("finance_officer", 2)]
    assert [e.row_count for e in child] == [0]


def test_a_page_of_people_read_through_the_api_is_recorded(office_a: Office) -> None:
    _people(office_a, 3)
    client = bearer(office_a, "welfare_officer")
    response = client.get("/api/v1/people/?limit=2")
    assert len(response.json()["results"]) == 2
    events = _exports(office_a, "api.people_listed")
    assert [e.row_count for e in events] == [2]
    assert events[0].changes["query"] == [None, {"limit": "2"}]


def test_an_empty_api_page_records_nothing(office_a: Office) -> None:
    client = bearer(office_a, "welfare_officer")
    assert client.get("/api/v1/people/?search=ไม่มีใครชื่อนี้").json()["results"] == []
    assert _exports(office_a, "api.people_listed") == []


def test_one_users_daily_export_volume_alerts_the_administrators_once(
    office_a: Office,
    settings: Any,
    django_capture_on_commit_callbacks: Callable[..., Any],
) -> None:
    settings.KRUCARE_EXPORT_ALERT_ROWS = 4
    with schema_context(office_a.schema_name):
        User.objects.filter(username="office_admin").update(email="admin@alpha.example")
    _people(office_a, 3)
    client = office_client(office_a, "welfare_officer")
    with django_capture_on_commit_callbacks(execute=True):
        client.get("/people/export.xlsx")  # 3 rows: under the limit
    assert mail.outbox == []
    with django_capture_on_commit_callbacks(execute=True):
        client.get("/people/export.xlsx")  # 6 rows today: over
    with django_capture_on_commit_callbacks(execute=True):
        client.get("/people/export.xlsx")  # 9: the same alert, no second mail
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["admin@alpha.example"]
    assert "welfare_officer" in mail.outbox[0].subject
    assert "รวม 6 แถว" in mail.outbox[0].body  # the figure that crossed the limit
    with schema_context(office_a.schema_name):
        alert = AuditAlert.objects.get()
        assert (alert.kind, alert.subject_label, alert.value, alert.notified) == (
            AlertKind.EXPORT_VOLUME,
            "welfare_officer",
            9,
            1,
        )
    page = office_client(office_a, "office_admin").get("/audit/?kind=exports")
    body = page.content.decode()
    assert "welfare_officer ส่งออกข้อมูลส่วนบุคคล 9 แถว" in body
    assert body.count('class="audit-flagged"') == 3  # every export of that user that day


def test_a_spike_of_failed_sign_ins_alerts_the_administrators(
    office_a: Office,
    settings: Any,
    django_capture_on_commit_callbacks: Callable[..., Any],
) -> None:
    settings.KRUCARE_FAILED_SIGNIN_ALERT = 3
    with schema_context(office_a.schema_name):
        User.objects.filter(username="office_admin").update(email="admin@alpha.example")
    client = Client(HTTP_HOST=host_of(office_a))
    with django_capture_on_commit_callbacks(execute=True):
        for username in ["viewer", "approver", "nobody"]:
            client.post("/accounts/login/", {"username": username, "password": "wrong"})
    assert len(mail.outbox) == 1
    assert "เข้าสู่ระบบล้มเหลว" in mail.outbox[0].subject
    body = office_client(office_a, "office_admin").get("/audit/?kind=failures").content.decode()
    assert "เข้าสู่ระบบล้มเหลว 3 ครั้งภายในหนึ่งชั่วโมง" in body
    assert body.count('class="audit-flagged"') == 3


def test_a_lockout_is_recorded(office_a: Office) -> None:
    client = Client(HTTP_HOST=host_of(office_a))
    for _ in range(5):
        client.post("/accounts/login/", {"username": "viewer", "password": "wrong"})
    client.post("/accounts/login/", {"username": "viewer", "password": PASSWORD})
    with schema_context(office_a.schema_name):
        locked = AuditEvent.objects.filter(action="auth.locked_out")
        assert locked.exists() and {e.actor_label for e in locked} == {"viewer"}


def test_the_review_page_filters_by_kind_user_and_date(office_a: Office) -> None:
    with schema_context(office_a.schema_name):
        officer = User.objects.get(username="welfare_officer")
        export_record(action="person.exported", actor=officer, rows=7)
        export_record(action="person.exported", actor=User.objects.get(username="viewer"), rows=1)
        old = export_record(action="person.exported", actor=officer, rows=99)
        AuditEvent.objects.filter(pk=old.pk).update(at=timezone.now() - timezone.timedelta(days=40))
    Client(HTTP_HOST=host_of(office_a)).post(
        "/accounts/login/", {"username": "viewer", "password": "wrong"}
    )
    admin = office_client(office_a, "office_admin")
    exports = admin.get("/audit/?kind=exports&user=welfare").content.decode()
    assert '<td class="num">7</td>' in exports and '<td class="num">99</td>' in exports
    assert '<td class="num">1</td>' not in exports
    assert "<code>auth.login_failed</code>" not in exports
    today = timezone.localdate()
    recent = admin.get(
        f"/audit/?kind=exports&date_from={today.day:02d}/{today.month:02d}/{today.year + 543}"
    ).content.decode()
    assert '<td class="num">99</td>' not in recent and '<td class="num">7</td>' in recent
    failures = admin.get("/audit/?kind=failures").content.decode()
    assert "<code>auth.login_failed</code>" in failures
    assert "<code>person.exported</code>" not in failures
    bad = admin.get("/audit/?date_from=not-a-date")
    assert bad.status_code == 200 and "ไม่ถูกต้อง" in bad.content.decode()


def test_an_office_admin_never_sees_another_offices_trail_or_alerts(
    office_a: Office, office_b: Office, settings: Any
) -> None:
    settings.KRUCARE_EXPORT_ALERT_ROWS = 1
    _people(office_b, 2)
    office_client(office_b, "welfare_officer").get("/people/export.xlsx")
    Client(HTTP_HOST=host_of(office_b)).post(
        "/accounts/login/", {"username": "only-in-beta", "password": "wrong"}
    )
    with schema_context(office_b.schema_name):
        assert AuditAlert.objects.count() == 1
    body = office_client(office_a, "office_admin").get("/audit/").content.decode()
    assert "only-in-beta" not in body
    assert "<code>person.exported</code>" not in body
    assert "ส่งออกข้อมูลส่วนบุคคล 2 แถว" not in body
    with schema_context(office_a.schema_name):
        assert AuditAlert.objects.count() == 0
        assert not AuditEvent.objects.filter(action="person.exported").exists()
