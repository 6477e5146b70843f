"""The outbox: each wired service records its event in its own transaction, with the payload
the feeds serve; nothing is recorded when the change is rolled back or changes nothing."""

from __future__ import annotations

import dataclasses
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import pytest
from django.db import connection, transaction
from django_tenants.utils import schema_context

from apps.idcards import services as card_services
from apps.idcards.models import CardSettings
from apps.people import services as people_services
from apps.people.services import FamilyMemberData
from apps.reimbursements import services as claim_services
from core.errors import ApplicationError
from outbox.cursor import Position, cursor_decode, cursor_encode
from outbox.models import OutboxEvent
from tenants.models import Office
from tests.idcards.test_services import ALL_DOCUMENTS
from tests.onestop.conftest import bangkok, user
from tests.people.factories import make_child, make_person, national_id, person_data
from tests.reimbursements.test_services import _medical, _through_approval

pytestmark = pytest.mark.django_db


@pytest.fixture
def in_alpha(office_a: Office) -> Any:
    with schema_context(office_a.schema_name):
        yield office_a


def _events_since(last_id: int) -> list[OutboxEvent]:
    return list(OutboxEvent.objects.filter(id__gt=last_id).order_by("id"))


def _last_id() -> int:
    last = OutboxEvent.objects.order_by("-id").first()
    return 0 if last is None else last.id


def test_the_event_carries_the_transaction_id(in_alpha: Office) -> None:
    before = _last_id()
    person = make_person()
    (event,) = _events_since(before)
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_current_xact_id()::text")
        (txid,) = cursor.fetchone()
    event.refresh_from_db()
    assert event.txid == int(txid)  # the test's transaction wrote it
    assert (event.resource, event.resource_id, event.action) == (
        "people.person",
        str(person.pk),
        "created",
    )


def test_a_person_created_is_recorded_in_full(in_alpha: Office) -> None:
    before = _last_id()
    person = make_person(monthly_salary=Decimal("35000.5"), birth_date=date(1977, 9, 26))
    (event,) = _events_since(before)
    data = event.payload
    assert data["id"] == person.pk
    assert data["national_id"] == person.national_id  # in full
    assert data["birth_date"] == "1977-09-26"
    assert data["monthly_salary"] == "35000.50"
    assert data["category"] == "teacher"
    assert data["family"] == []
    assert data["school"] is None


def test_a_rolled_back_change_leaves_no_event(in_alpha: Office) -> None:
    before = _last_id()
    with pytest.raises(RuntimeError), transaction.atomic():
        make_person()
        raise RuntimeError("the caller fails after the service")
    assert _events_since(before) == []


def test_a_refused_change_records_nothing(in_alpha: Office) -> None:
    person = make_person()
    before = _last_id()
    with pytest.raises(ApplicationError):
        make_person(national_id=person.national_id)  # a duplicate
    assert _events_since(before) == []


def test_updates_record_only_real_changes(in_alpha: Office) -> None:
    person = make_person()
    data = person_data(national_id=person.national_id)
    before = _last_id()
    people_services.person_update(person=person, data=data, actor=None)
    assert _events_since(before) == []  # nothing differed
    people_services.person_update(
        person=person, data=dataclasses.replace(data, position="ครูชำนาญการ"), actor=None
    )
    people_services.person_set_status(
        person=person, status="retired", status_date=date(2020, 10, 1), actor=None
    )
    first, second = _events_since(before)
    assert (first.action, first.payload["position"]) == ("updated", "ครูชำนาญการ")
    assert (second.action, second.payload["status"]) == ("updated", "retired")
    assert second.payload["status_date"] == "2020-10-01"


def test_family_changes_are_updates_of_the_person_with_the_family(in_alpha: Office) -> None:
    person = make_person()
    before = _last_id()
    child = make_child(person, national_id=national_id())
    people_services.family_member_update(
        member=child,
        data=FamilyMemberData(
            relation="child",
            title="ด.ช.",
            first_name_th="ลูกรัก",
            last_name_th=person.last_name_th,
            national_id=child.national_id,
            birth_date=date(2012, 6, 1),
            birth_order=1,
            child_status="legitimate",
        ),
        actor=None,
    )
    people_services.family_member_remove(member=child, actor=None)
    added, changed, removed = _events_since(before)
    for event in (added, changed, removed):
        assert (event.resource, event.resource_id, event.action) == (
            "people.person",
            str(person.pk),
            "updated",
        )
    assert added.payload["family"][0]["national_id"] == child.national_id
    assert added.payload["family"][0]["birth_date"] == "2012-06-01"
    assert changed.payload["family"][0]["first_name_th"] == "ลูกรัก"
    assert removed.payload["family"] == []


def test_a_card_issued_and_handed_over(in_alpha: Office) -> None:
    CardSettings.objects.create(
        agency_code="9302", issuer_name="นายผู้ออก บัตร", issuer_position="ผู้อำนวยการ"
    )
    person = make_person()
    officer, director = user("welfare_officer"), user("approver")
    at = bangkok(date(2014, 9, 26), 9)
    application = card_services.card_application_create(
        person=person, reason="expired", received_by=officer, documents=["request_form"], at=at
    )
    card_services.card_application_check(
        application=application, documents=ALL_DOCUMENTS, officer=officer, at=at
    )
    card_services.card_application_approve(application=application, approver=director, at=at)
    before = _last_id()
    card_services.card_issue(application=application, officer=officer, at=at)
    card_services.card_issue(application=application, officer=officer, at=at)  # idempotent
    card_services.card_hand_over(
        application=application, officer=officer, at=at + timedelta(minutes=5)
    )
    issued, handed = _events_since(before)
    assert (issued.resource, issued.resource_id, issued.action) == (
        "idcards.card",
        str(application.pk),
        "created",
    )
    assert issued.payload["card_number"]
    assert issued.payload["issue_date"] == "2014-09-26"
    assert issued.payload["person"]["national_id"] == person.national_id
    assert issued.payload["printed_at"] == "2014-09-26T09:00:00+07:00"
    assert (handed.action, handed.payload["status"]) == ("updated", "handed_over")


def test_a_payment_is_recorded(in_alpha: Office) -> None:
    claim = _through_approval(_medical())
    before = _last_id()
    payment = claim_services.claim_pay(claim=claim, payer=user("finance_officer"))
    claim_services.claim_pay(claim=claim, payer=user("finance_officer"))  # idempotent
    (event,) = _events_since(before)
    assert (event.resource, event.resource_id, event.action) == (
        "payments.payment",
        str(payment.pk),
        "created",
    )
    assert event.payload["amount"] == "1250.50"
    assert event.payload["number"] == payment.number
    assert event.payload["claimant"]["national_id"] == claim.claimant.national_id
    assert event.payload["claim"] == claim.pk


@pytest.mark.parametrize("position", [Position(), Position(1, 1), Position(2**64 - 1, 2**63 - 1)])
def test_cursors_round_trip(position: Position) -> None:
    cursor = cursor_encode(position, office="alpha", resource="idcards.card")
    assert cursor_decode(cursor, office="alpha", resource="idcards.card") == position


@pytest.mark.parametrize(
    ("office", "resource"), [("beta", "idcards.card"), ("alpha", None), ("alpha", "x")]
)
def test_a_cursor_is_bound_to_its_office_and_filter(office: str, resource: str | None) -> None:
    cursor = cursor_encode(Position(5, 6), office="alpha", resource="idcards.card")
    with pytest.raises(ApplicationError) as caught:
        cursor_decode(cursor, office=office, resource=resource)
    assert caught.value.code == "feeds.invalid_cursor"


@pytest.mark.parametrize(
    "cursor",
    [
        "",
        "!!!",
        "bm90IGpzb24",
        "W10",
        "eyJ2IjoyfQ",
        "eyJ2IjoxLCJvIjoiYWxwaGEiLCJyIjoiIiwidCI6LTEsImkiOjB9",
    ],
)
def test_a_malformed_cursor_is_refused(cursor: str) -> None:
    with pytest.raises(ApplicationError) as caught:
        cursor_decode(cursor, office="alpha", resource=None)
    assert caught.value.code == "feeds.invalid_cursor"
