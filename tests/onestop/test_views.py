"""Every role against every desk view; the wall display leaks nothing; query counts."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone
from django_tenants.utils import schema_context

from accounts.roles import OfficeRole
from apps.onestop import services
from apps.onestop.models import RequestStatus, ServiceRequest, ServiceType
from audit.models import AuditEvent
from tenants.models import Office
from tests.conftest import office_client
from tests.onestop.conftest import make_person, user

pytestmark = pytest.mark.django_db

DESK = {OfficeRole.WELFARE_OFFICER, OfficeRole.FINANCE_OFFICER, OfficeRole.OFFICE_ADMIN}
READERS = DESK | {OfficeRole.APPROVER, OfficeRole.VIEWER}


def _state(office: Office) -> tuple[object, ...]:
    with schema_context(office.schema_name):
        return (
            list(ServiceRequest.objects.order_by("pk").values_list("pk", "status", "officer_id")),
            list(ServiceType.objects.order_by("pk").values_list("pk", "standard_minutes")),
            AuditEvent.objects.filter(action__startswith="onestop.").count(),
        )


def _waiting(office: Office) -> ServiceRequest:
    with schema_context(office.schema_name):
        return services.service_request_open(
            service_type_code="id_card",
            person=make_person("ลับเฉพาะ", "ไม่เปิดเผย"),
            at=timezone.now() - timedelta(minutes=3),
        )


@pytest.mark.parametrize("role", [role.value for role in OfficeRole])
def test_every_role_against_every_read_view(office_a: Office, role: str) -> None:
    client = office_client(office_a, role)
    desk = client.get("/desk/")
    if role in DESK:
        assert desk.status_code == 200
    elif role in READERS:
        assert desk.status_code == 302 and desk["Location"] == "/desk/statistics/"
    else:
        assert desk.status_code == 403
    assert client.get("/desk/queue/").status_code == (200 if role in DESK else 403)
    assert client.get("/desk/statistics/").status_code == (200 if role in READERS else 403)
    admin = role == OfficeRole.OFFICE_ADMIN
    assert client.get("/desk/service-types/").status_code == (200 if admin else 403)
    assert client.get("/desk/display/").status_code == 200


@pytest.mark.parametrize("role", [role.value for role in OfficeRole])
def test_every_role_against_every_writing_view(office_a: Office, role: str) -> None:
    waiting = _waiting(office_a)
    with schema_context(office_a.schema_name):
        id_card = ServiceType.objects.get(code="id_card")
        to = user("finance_officer" if role != "finance_officer" else "welfare_officer")
    client = office_client(office_a, role)
    before = _state(office_a)
    posts = [
        ("/desk/tickets/", {"service_type": id_card.pk, "national_id": ""}),
        (f"/desk/requests/{waiting.pk}/hand-over/", {"to_officer": to.pk}),
        (f"/desk/requests/{waiting.pk}/cancel/", {"reason": "ทดสอบ"}),
        (f"/desk/requests/{waiting.pk}/complete/", {"outcome": "x"}),
        (f"/desk/requests/{waiting.pk}/start/", {}),
        ("/desk/call-next/", {"counter": "1"}),
        (
            f"/desk/service-types/{id_card.pk}/",
            {"name_th": "x", "standard_minutes": 9, "display_order": 1, "is_active": "on"},
        ),
    ]
    statuses = [client.post(path, data).status_code for path, data in posts]
    if role in DESK:
        assert statuses[:6] == [302] * 6
        assert _state(office_a) != before
        with schema_context(office_a.schema_name):
            assert ServiceRequest.objects.count() == 2
    else:
        assert statuses[:6] == [403] * 6
    if role == OfficeRole.OFFICE_ADMIN:
        assert statuses[6] == 302
        with schema_context(office_a.schema_name):
            assert ServiceType.objects.get(code="id_card").standard_minutes == 9
    else:
        assert statuses[6] == 403
    if role not in DESK:
        assert _state(office_a) == before


def test_anonymous_visitors_see_only_the_wall_display(office_a: Office) -> None:
    waiting = _waiting(office_a)
    client = office_client(office_a)
    before = _state(office_a)
    for path in ["/desk/", "/desk/queue/", "/desk/statistics/", "/desk/service-types/"]:
        assert client.get(path).status_code == 302
    assert client.post(f"/desk/requests/{waiting.pk}/complete/").status_code == 302
    assert _state(office_a) == before


def test_the_wall_display_shows_tickets_and_counters_but_no_names(office_a: Office) -> None:
    waiting = _waiting(office_a)
    with schema_context(office_a.schema_name):
        called = services.service_request_open(
            service_type_code="medical_claim", person=make_person("ลับสุดยอด", "นามสกุลลับ")
        )
        services.service_request_call_next(
            officer=user("welfare_officer"), counter="ช่อง 3", service_type_codes=["medical_claim"]
        )
        national_ids = list(ServiceRequest.objects.values_list("person__national_id", flat=True))
    client = office_client(office_a)
    for path in ["/desk/display/", "/desk/display/board/"]:
        body = client.get(path).content.decode()
        assert waiting.ticket in body and called.ticket in body and "ช่อง 3" in body
        for secret in ["ลับเฉพาะ", "ไม่เปิดเผย", "ลับสุดยอด", "นามสกุลลับ", "welfare_officer"]:
            assert secret not in body
        for national_id in national_ids:
            assert national_id not in body


def test_desk_screen_flow_take_call_complete(office_a: Office) -> None:
    client = office_client(office_a, "welfare_officer")
    with schema_context(office_a.schema_name):
        id_card = ServiceType.objects.get(code="id_card")
        person = make_person("ผู้มาติดต่อ", "ทดสอบ")
    response = client.post(
        "/desk/tickets/", {"service_type": id_card.pk, "national_id": person.national_id}
    )
    assert response.status_code == 302
    client.post("/desk/call-next/", {"counter": "ช่อง 1"})
    page = client.get("/desk/").content.decode()
    assert "ผู้มาติดต่อ" in page and "desk-timer" in page
    with schema_context(office_a.schema_name):
        request = ServiceRequest.objects.get(person=person)
        assert request.status == RequestStatus.CALLED
    client.post(f"/desk/requests/{request.pk}/complete/", {"outcome": "ออกบัตรแล้ว"})
    client.post(f"/desk/requests/{request.pk}/complete/", {"outcome": "ซ้ำ"})  # double click
    with schema_context(office_a.schema_name):
        request.refresh_from_db()
        assert request.status == RequestStatus.COMPLETED and request.outcome == "ออกบัตรแล้ว"
        assert (
            AuditEvent.objects.filter(
                action="onestop.request_completed", target_id=str(request.pk)
            ).count()
            == 1
        )


def test_an_unknown_national_id_takes_no_ticket(office_a: Office) -> None:
    with schema_context(office_a.schema_name):
        id_card = ServiceType.objects.get(code="id_card")
    before = _state(office_a)
    response = office_client(office_a, "welfare_officer").post(
        "/desk/tickets/", {"service_type": id_card.pk, "national_id": "1101700207030"}, follow=True
    )
    assert "ไม่พบบุคคล" in response.content.decode()
    assert _state(office_a) == before


def test_desk_screen_query_count_does_not_grow_with_the_queue(
    office_a: Office, django_assert_max_num_queries: object
) -> None:
    with schema_context(office_a.schema_name):
        for n in range(30):
            opened = services.service_request_open(
                service_type_code="id_card" if n % 2 else "medical_claim",
                person=make_person(f"คนที่{n}", "คิว"),
                at=timezone.now() - timedelta(minutes=40 - n),
            )
            if n % 5 == 0:
                services.service_request_complete(
                    service_request=opened, officer=user("welfare_officer")
                )
    client = office_client(office_a, "welfare_officer")
    with django_assert_max_num_queries(13):  # type: ignore[operator]
        response = client.get("/desk/")
    assert "คนที่29" in response.content.decode()
    with django_assert_max_num_queries(5):  # type: ignore[operator]
        client.get("/desk/queue/")
    with django_assert_max_num_queries(2):  # type: ignore[operator]
        office_client(office_a).get("/desk/display/board/")


def test_statistics_page_query_count_and_year_selector(
    office_a: Office, django_assert_max_num_queries: object
) -> None:
    client = office_client(office_a, "viewer")
    # session, user, roles; first year with requests; total, per type, types, per month
    with django_assert_max_num_queries(11):  # type: ignore[operator]
        response = client.get("/desk/statistics/?year=2557")
    body = response.content.decode()
    assert response.status_code == 200
    assert "2557" in body and "ตุลาคม 2556" in body and "กันยายน 2557" in body


def test_desk_lists_the_next_waiting_tickets_and_counts_the_rest(office_a: Office) -> None:
    from accounts.models import User
    from apps.onestop.views import WAITING_SHOWN

    with schema_context(office_a.schema_name):
        officer = User.objects.get(username="welfare_officer")
        tickets = [
            services.service_request_open(
                service_type_code="id_card", person=None, received_by=officer
            )
            for _ in range(WAITING_SHOWN + 5)
        ]
    body = office_client(office_a, "welfare_officer").get("/desk/").content.decode()
    assert tickets[WAITING_SHOWN - 1].ticket in body  # the 30th is listed
    assert f">{tickets[WAITING_SHOWN].ticket}<" not in body  # the 31st is not
    assert "รออีก 5 คิว" in body
