"""Issue 13 "Beyond": the office's public page (no sign-in), a ticket's public status page
reached by an unguessable token, and the queue slip with its QR code."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
import segno
from django.utils import timezone
from django_tenants.utils import schema_context

from apps.onestop import services
from apps.onestop.models import ServiceRequest, ServiceType
from tenants.models import Office
from tests.conftest import office_client
from tests.onestop.conftest import make_person, user

pytestmark = pytest.mark.django_db

SECRET_NAME = ("ลับเฉพาะ", "ไม่เปิดเผย")
NATIONAL_ID_SHAPE = re.compile(r"\d{13}|\d-\d{4}-\d{5}-\d{2}-\d")


def _ticket(office: Office, minutes_ago: int = 3) -> ServiceRequest:
    with schema_context(office.schema_name):
        return services.service_request_open(
            service_type_code="id_card",
            person=make_person(*SECRET_NAME),
            at=timezone.now() - timedelta(minutes=minutes_ago),
        )


def test_every_ticket_gets_its_own_unguessable_token(office_a: Office) -> None:
    first, second = _ticket(office_a, 5), _ticket(office_a, 4)
    assert first.public_token != second.public_token
    assert len(first.public_token) >= 20
    # Not made from what is printed or counted (a digit of the id may appear in it by chance).
    for token, ticket in ((first.public_token, first), (second.public_token, second)):
        assert token not in (str(ticket.pk), ticket.ticket) and ticket.ticket not in token


def test_status_page_shows_number_service_and_state_only(office_a: Office) -> None:
    earlier, ticket = _ticket(office_a, 5), _ticket(office_a, 3)
    response = office_client(office_a).get(f"/t/{ticket.public_token}/")
    body = response.content.decode()
    assert response.status_code == 200
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    assert '<meta name="robots" content="noindex, nofollow">' in body
    assert "no-cache" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]
    assert ticket.ticket in body and "บัตรประจำตัวเจ้าหน้าที่ของรัฐ" in body
    assert 'data-testid="ticket-state">รอ' in body
    assert "มีผู้รอก่อนท่าน 1 คน" in body
    for secret in SECRET_NAME:
        assert secret not in body
    assert not NATIONAL_ID_SHAPE.search(body)
    assert earlier.ticket not in body


def test_status_page_follows_the_ticket_as_the_desk_serves_it(office_a: Office) -> None:
    ticket = _ticket(office_a)
    with schema_context(office_a.schema_name):
        officer = user("welfare_officer")
        ticket = services.service_request_start(service_request=ticket, officer=officer)
        services.service_request_complete(service_request=ticket, officer=officer)
    body = office_client(office_a).get(f"/t/{ticket.public_token}/").content.decode()
    assert "เสร็จสิ้น" in body
    assert 'http-equiv="refresh"' not in body  # finished: no more reloading


def test_an_unknown_token_or_a_sequential_id_finds_nothing(office_a: Office) -> None:
    ticket = _ticket(office_a)
    client = office_client(office_a)
    assert client.get("/t/not-a-ticket-token/").status_code == 404
    assert client.get(f"/t/{ticket.pk}/").status_code == 404


def test_a_token_of_one_office_is_unknown_in_another(office_a: Office, office_b: Office) -> None:
    ticket = _ticket(office_a)
    assert office_client(office_b).get(f"/t/{ticket.public_token}/").status_code == 404


def test_the_slip_has_the_ticket_and_a_qr_code_of_its_status_page(office_a: Office) -> None:
    ticket = _ticket(office_a)
    response = office_client(office_a, "welfare_officer").get(f"/desk/requests/{ticket.pk}/slip/")
    body = response.content.decode()
    assert response.status_code == 200
    status_url = f"http://alpha.localhost/t/{ticket.public_token}/"
    assert ticket.ticket in body and "บัตรประจำตัวเจ้าหน้าที่ของรัฐ" in body
    assert status_url in body
    expected_qr = segno.make(status_url, error="m").svg_inline(
        scale=4, dark="#000", title=status_url
    )
    assert expected_qr in body
    assert "onestop/slip.css" in body  # sized for an 80 mm receipt printer
    for secret in SECRET_NAME:
        assert secret not in body


@pytest.mark.parametrize("username", [None, "viewer", "approver"])
def test_only_desk_staff_print_slips(office_a: Office, username: str | None) -> None:
    ticket = _ticket(office_a)
    response = office_client(office_a, username).get(f"/desk/requests/{ticket.pk}/slip/")
    assert response.status_code in {302, 403}


def test_the_desk_offers_the_slip_of_the_ticket_just_taken(office_a: Office) -> None:
    client = office_client(office_a, "welfare_officer")
    with schema_context(office_a.schema_name):
        service = ServiceType.objects.get(code="id_card")
    response = client.post("/desk/tickets/", {"service_type": service.pk}, follow=True)
    with schema_context(office_a.schema_name):
        taken = ServiceRequest.objects.latest("pk")
    assert f"/desk/requests/{taken.pk}/slip/" in response.content.decode()


def test_the_public_office_page_lists_services_standards_and_waiting(office_a: Office) -> None:
    _ticket(office_a, 5)
    _ticket(office_a, 4)
    with schema_context(office_a.schema_name):
        ServiceType.objects.filter(code="id_card").update(standard_minutes=15)
        hidden = ServiceType.objects.filter(code="other")
        hidden.update(is_active=False)
    body = office_client(office_a).get("/").content.decode()
    assert "บัตรประจำตัวเจ้าหน้าที่ของรัฐ" in body
    assert '<td class="num">15</td>' in body
    assert "ขณะนี้มีผู้รอรับบริการ 2 คน" in body
    assert "บริการอื่น ๆ" not in body
    for secret in SECRET_NAME:
        assert secret not in body
