"""The health-check pages: the welfare officer's set-up, the public page (no sign-in, the same
answer for any national ID, rate-limited), check-in, the documents, refusals that change
nothing, and query counts that do not grow with the rows."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django_tenants.utils import schema_context

from apps.healthchecks import services
from apps.healthchecks.models import Campaign, CheckPoint, SignUp
from tenants.models import Office
from tests.conftest import office_client
from tests.healthchecks.factories import book, staff, teacher, upcoming
from tests.people.factories import make_school

pytestmark = pytest.mark.django_db


def _valid(twelve: str) -> str:
    from core.thai.national_id import national_id_check_digit

    return twelve + str(national_id_check_digit(twelve))


def _without_tokens(body: bytes) -> str:
    return re.sub(r"[A-Za-z0-9]{64}", "", body.decode())  # the CSRF tokens


def test_the_officer_sets_up_a_campaign_in_the_pages(office_a: Office) -> None:
    client = office_client(office_a, "welfare_officer")
    day = timezone.localdate() + timedelta(days=10)
    from core.thai import fiscal_year_of, format_be_date

    year = fiscal_year_of(day).be_year
    response = client.post(
        "/healthchecks/new/",
        {
            "fiscal_year": year,
            "title": f"ตรวจสุขภาพประจำปี {year}",
            "partner": "สำนักงาน สกสค. จังหวัดทดสอบ",
            "provider": "หน่วยแพทย์เคลื่อนที่ของสำนักงาน สกสค.",
        },
    )
    assert response.status_code == 302
    with schema_context(office_a.schema_name):
        campaign = Campaign.objects.get()
    point = {
        "day": format_be_date(day),
        "starts_at": "08:30",
        "ends_at": "15:30",
        "venue": "หอประชุมอำเภอ",
        "district": "อำเภอเมือง",
        "capacity": "abc",
        "services": "ตรวจเลือด",
        "coordinator": "นางสาวสุดา โทร. 0 7468 1234",
    }
    bad = client.post(f"/healthchecks/{campaign.pk}/points/new/", point)
    assert bad.status_code == 200 and "field-error" in bad.content.decode()
    with schema_context(office_a.schema_name):
        assert not CheckPoint.objects.exists()
    ok = client.post(f"/healthchecks/{campaign.pk}/points/new/", {**point, "capacity": "40"})
    assert ok.status_code == 302
    assert client.post(f"/healthchecks/{campaign.pk}/announce/").status_code == 302
    with schema_context(office_a.schema_name):
        assert Campaign.objects.get().circular_number.endswith(f"/{year}")
    cache.clear()
    public = office_client(office_a).get("/")
    assert "หอประชุมอำเภอ" in public.content.decode()
    for url in (
        f"/healthchecks/?fy={year}",
        f"/healthchecks/{campaign.pk}/",
        f"/healthchecks/{campaign.pk}/summary/",
    ):
        assert client.get(url).status_code == 200, url
    for url in (
        f"/healthchecks/{campaign.pk}/circular.pdf",
        f"/healthchecks/schedule.pdf?fy={year}&thai_digits=1",
        f"/healthchecks/{campaign.pk}/summary.pdf",
    ):
        answer = client.get(url)
        assert answer["Content-Type"] == "application/pdf" and answer.content[:4] == b"%PDF", url
    xlsx = client.get(f"/healthchecks/schedule.xlsx?fy={year}")
    assert xlsx.content[:2] == b"PK"


@pytest.mark.parametrize("username", ["viewer", "office_admin", "approver", "finance_officer"])
def test_other_roles_cannot_announce_and_nothing_changes(office_a: Office, username: str) -> None:
    with schema_context(office_a.schema_name):
        campaign = upcoming(announce=False)
    client = office_client(office_a, username)
    assert client.post(f"/healthchecks/{campaign.pk}/announce/").status_code == 403
    with schema_context(office_a.schema_name):
        assert Campaign.objects.get().status == "draft"


def test_the_public_code_request_answers_the_same_for_any_national_id(office_a: Office) -> None:
    cache.clear()
    with schema_context(office_a.schema_name):
        upcoming()
        known = teacher(email="known@example.org").national_id
    client = office_client(office_a)
    answers = [
        client.post("/h/", {"action": "code", "code-national_id": value})
        for value in (known, *[_valid(twelve) for twelve in ("110170000000", "310010000000")])
    ]
    assert {a.status_code for a in answers} == {200}
    bodies = {_without_tokens(a.content) for a in answers}
    assert len(bodies) == 1
    assert "ถ้าเลขประจำตัวประชาชนนี้อยู่ในทะเบียน" in bodies.pop()
    malformed = client.post("/h/", {"action": "code", "code-national_id": "12345"})
    assert "field-error" in malformed.content.decode()


def test_the_code_goes_through_the_broker_encrypted_and_reaches_the_teachers_mail(
    office_a: Office, monkeypatch: pytest.MonkeyPatch, django_capture_on_commit_callbacks
) -> None:
    """What the view queues for the worker never holds the code in clear; the task, run as the
    worker runs it in the office's schema, opens it and mails it to the registered teacher."""
    from django.core import mail

    from apps.healthchecks import tasks

    cache.clear()
    with schema_context(office_a.schema_name):
        upcoming()
        known = teacher(email="known@example.org").national_id
    queued: list[tuple[object, ...]] = []
    monkeypatch.setattr(tasks.access_code_mail_task, "delay", lambda *args: queued.append(args))
    with django_capture_on_commit_callbacks(execute=True):
        office_client(office_a).post("/h/", {"action": "code", "code-national_id": known})
    assert len(queued) == 1
    code_id, sealed = queued[0]
    assert isinstance(sealed, str) and len(sealed) > 40  # a Fernet token, not a short code
    with schema_context(office_a.schema_name):
        assert tasks.access_code_mail_task.run(code_id, sealed) is True
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["known@example.org"]
    code = re.search(r"รหัสใช้ครั้งเดียวของท่านคือ (\S+)", mail.outbox[0].body)
    assert code is not None and code.group(1) not in sealed


def test_a_teacher_signs_up_with_a_coordinators_code_and_a_full_slot_is_refused(
    office_a: Office,
) -> None:
    cache.clear()
    with schema_context(office_a.schema_name):
        school = make_school()
        services.coordinator_appoint(user=staff("viewer"), school=school, officer=staff())
        point = upcoming(capacity=1).checkpoints.get()
        first, second = teacher(school), teacher(school)
        code_1 = services.access_code_issue(person=first, coordinator=staff("viewer"))
        code_2 = services.access_code_issue(person=second, coordinator=staff("viewer"))
    client = office_client(office_a)

    def sign_up(person_id: str, code: str, **extra: str) -> str:
        data = {
            "action": "signup",
            "signup-national_id": person_id,
            "signup-code": code,
            "signup-checkpoint": str(point.pk),
            **extra,
        }
        return client.post("/h/", data).content.decode()

    assert "data-signed-up" in sign_up(first.national_id, code_1)
    full = sign_up(second.national_id, code_2)
    assert "เต็มแล้ว" in full and "data-signed-up" not in full
    assert "data-signed-up" in sign_up(second.national_id, code_2, **{"signup-waitlist": "on"})
    with schema_context(office_a.schema_name):
        assert sorted(SignUp.objects.values_list("status", flat=True)) == ["booked", "waitlisted"]
    assert "ไม่ถูกต้อง" in sign_up(first.national_id, "12345678")


def test_the_public_page_is_rate_limited(office_a: Office) -> None:
    cache.clear()
    client = office_client(office_a)
    codes = [
        client.post("/h/", {"action": "code", "code-national_id": "1101700000001"}).status_code
        for _ in range(7)
    ]
    assert codes[:5] == [200] * 5 and codes[-1] == 429


def test_the_coordinators_page_hands_out_a_code(office_a: Office) -> None:
    with schema_context(office_a.schema_name):
        school = make_school()
        services.coordinator_appoint(user=staff("viewer"), school=school, officer=staff())
        person = teacher(school)
        upcoming()
    client = office_client(office_a, "viewer")
    body = client.post("/healthchecks/coordinate/", {"action": "code", "person": person.pk})
    assert re.search(r"data-code>\d{8}<", body.content.decode())
    assert (
        office_client(office_a, "finance_officer").get("/healthchecks/coordinate/").status_code
        == 403
    )


def test_check_in_on_the_day_in_the_tablet_list(office_a: Office) -> None:
    with schema_context(office_a.schema_name):
        campaign = upcoming(capacity=5)
        point = campaign.checkpoints.get()
        signup = book(point, at=timezone.now())
        CheckPoint.objects.filter(pk=point.pk).update(day=timezone.localdate())
    client = office_client(office_a, "welfare_officer")
    page = client.get(f"/healthchecks/points/{point.pk}/").content.decode()
    assert "checkin-button" in page
    client.post(f"/healthchecks/points/{point.pk}/check-in/{signup.pk}/")
    with schema_context(office_a.schema_name):
        walker = teacher()
    client.post(f"/healthchecks/points/{point.pk}/walk-in/", {"national_id": walker.national_id})
    bad = client.post(f"/healthchecks/points/{point.pk}/walk-in/", {"national_id": "123"})
    assert bad.status_code == 302
    with schema_context(office_a.schema_name):
        assert SignUp.objects.filter(attended_at__isnull=False).count() == 2
    roster = client.get(f"/healthchecks/points/{point.pk}/roster.pdf")
    assert roster.content[:4] == b"%PDF"


def test_the_lists_take_the_same_queries_for_more_rows(office_a: Office) -> None:
    with schema_context(office_a.schema_name):
        campaign = upcoming(points=3, capacity=50)
        point = campaign.checkpoints.order_by("pk").first()
        assert point is not None
    client = office_client(office_a, "welfare_officer")
    urls = [
        "/healthchecks/",
        f"/healthchecks/{campaign.pk}/",
        f"/healthchecks/points/{point.pk}/",
        f"/healthchecks/{campaign.pk}/summary/",
    ]

    def counts() -> list[int]:
        found = []
        for url in urls:
            with CaptureQueriesContext(connection) as queries:
                assert client.get(url).status_code == 200
            # (a `SET search_path` follows the test's own switches of schema)
            found.append(sum(1 for q in queries if not q["sql"].startswith("SET ")))
        return found

    counts()  # the session's first request does its own
    before = counts()
    with schema_context(office_a.schema_name):
        for _ in range(6):
            book(point, at=timezone.now())
    assert counts() == before


def test_consent_page_keeps_only_consented_items_and_withdrawal_deletes(office_a: Office) -> None:
    from apps.healthchecks.models import ConsentedResult
    from audit.models import AuditEvent

    with schema_context(office_a.schema_name):
        point = upcoming().checkpoints.get()
        signup = book(point, at=timezone.now())
        services.checkin(signup=signup, officer=staff(), at=timezone.now() + timedelta(days=7))
    client = office_client(office_a, "welfare_officer")
    url = f"/healthchecks/signups/{signup.pk}/consent/"
    assert office_client(office_a, "viewer").get(url).status_code == 403
    client.post(url, {"action": "give", "give-items": ["bmi"], "give-purpose": "ติดตามสุขภาพ"})
    refused = client.post(
        url, {"action": "result", "result-item": "blood_sugar", "result-value": "99"}
    )
    assert "ไม่ได้ยินยอม" in refused.content.decode()
    client.post(url, {"action": "result", "result-item": "bmi", "result-value": "23.1"})
    with schema_context(office_a.schema_name):
        assert list(ConsentedResult.objects.values_list("item", "value")) == [("bmi", "23.1")]
        assert AuditEvent.objects.filter(action="healthchecks.consent_read").exists()
    client.post(url, {"action": "withdraw"})
    with schema_context(office_a.schema_name):
        assert not ConsentedResult.objects.exists()
