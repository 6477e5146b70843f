"""The ID-card service: rules of validity, the application's life, numbering and indicators."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import pytest
from django_tenants.utils import schema_context

from accounts.models import User
from accounts.roles import OfficeRole
from apps.idcards import services
from apps.idcards.models import ApplicationStatus, CardApplication, CardSettings
from apps.idcards.report import SECTION
from apps.onestop.models import RequestStatus, ServiceRequest
from apps.onestop.services import service_request_cancel
from apps.people.models import Person
from audit.models import AuditEvent
from core.errors import ApplicationError, PermissionDeniedError
from core.indicators import compute_all
from core.thai import fiscal_year
from tenants.models import Office
from tests.idcards.factories import CardApplicationFactory
from tests.onestop.conftest import bangkok, make_person, user
from tests.onestop.factories import ServiceRequestFactory

pytestmark = pytest.mark.django_db

ALL_DOCUMENTS = [
    "request_form",
    "old_card",
    "appointment_order",
    "police_report",
    "name_change_certificate",
    "retirement_order",
]


@pytest.mark.parametrize(
    ("issued", "born", "category", "expiry"),
    [
        (date(2014, 9, 26), date(1975, 5, 1), "teacher", date(2020, 9, 25)),
        (date(2016, 2, 29), date(1975, 5, 1), "teacher", date(2022, 2, 27)),
        # a pensioner turning 70 while the card is valid: for life
        (date(2014, 9, 26), date(1946, 1, 1), "pensioner", None),
        (date(2014, 9, 26), date(1950, 9, 25), "pensioner", None),  # 70 on the last day
        (date(2014, 9, 26), date(1950, 9, 26), "pensioner", date(2020, 9, 25)),  # a day late
        # a teacher turning 70 gets no lifetime card
        (date(2014, 9, 26), date(1946, 1, 1), "teacher", date(2020, 9, 25)),
    ],
)
def test_card_validity(issued: date, born: date, category: str, expiry: date | None) -> None:
    assert services.card_validity(issue_date=issued, birth_date=born, category=category) == expiry


@pytest.fixture
def alpha(office_a: Office):  # type: ignore[no-untyped-def]
    with schema_context(office_a.schema_name):
        CardSettings.objects.create(agency_code="9302", issuer_position="ผู้อำนวยการ สพป.ทดสอบ")
        # The card names the one who approved it: the director.
        User.objects.filter(username="approver").update(
            first_name="นายผู้ออก", last_name="บัตร", position="ผู้อำนวยการ"
        )
        yield office_a


def _issue(person, at):  # type: ignore[no-untyped-def]
    return CardApplicationFactory(person=person, at=at, step="handed_over")


def test_an_application_from_receipt_to_card_in_hand(alpha: Office) -> None:
    received = bangkok(date(2014, 9, 26), 9, 0)
    card = _issue(make_person(), received)
    assert card.status == ApplicationStatus.HANDED_OVER
    assert card.card_number == "9302-2557-00001"
    assert card.issue_date == date(2014, 9, 26) and card.expiry_date == date(2020, 9, 25)
    assert card.issued_by_name == "นายผู้ออก บัตร"
    desk = card.service_request
    assert desk is not None and desk.status == RequestStatus.COMPLETED
    assert desk.service_type.code == "id_card"
    assert desk.service_seconds == 600  # within the 15-minute standard
    assert "9302-2557-00001" in desk.outcome


def test_numbers_run_per_buddhist_era_year(alpha: Office) -> None:
    first = _issue(make_person(), bangkok(date(2014, 12, 31), 9))
    second = _issue(make_person(), bangkok(date(2015, 1, 2), 9))
    third = _issue(make_person(), bangkok(date(2015, 1, 2), 10))
    assert [first.card_number, second.card_number, third.card_number] == [
        "9302-2557-00001",
        "9302-2558-00001",
        "9302-2558-00002",
    ]


def test_missing_documents_are_named_and_nothing_changes(alpha: Office) -> None:
    officer = user("welfare_officer")
    application = services.card_application_create(
        person=make_person(), reason="name_change", received_by=officer
    )
    with pytest.raises(ApplicationError) as excinfo:
        services.card_application_check(
            application=application, documents=["request_form"], officer=officer
        )
    assert excinfo.value.code == "idcards.documents_missing"
    assert excinfo.value.message_th == "เอกสารยังไม่ครบ: บัตรเดิม, หนังสือสำคัญการเปลี่ยนชื่อ"
    assert excinfo.value.message_en == "Documents missing: The old card, Name-change certificate"
    assert CardApplication.objects.get(pk=application.pk).status == ApplicationStatus.RECEIVED


def test_a_lost_card_needs_the_police_report_number(alpha: Office) -> None:
    before = CardApplication.objects.count()
    with pytest.raises(ApplicationError) as excinfo:
        services.card_application_create(
            person=make_person(), reason="lost", received_by=user("welfare_officer")
        )
    assert excinfo.value.code == "idcards.police_report_required"
    assert CardApplication.objects.count() == before


def test_printing_twice_numbers_once(alpha: Office) -> None:
    card = _issue(make_person(), bangkok(date(2014, 9, 26), 9))
    again = services.card_issue(application=card, officer=user("welfare_officer"))
    assert again.card_number == card.card_number
    assert CardApplication.objects.filter(card_number__isnull=False).count() == 1


def test_printing_needs_approval(alpha: Office) -> None:
    officer = user("welfare_officer")
    application = services.card_application_create(
        person=make_person(), reason="first", received_by=officer
    )
    with pytest.raises(ApplicationError) as excinfo:
        services.card_issue(application=application, officer=officer)
    assert excinfo.value.code == "idcards.invalid_transition"


def test_a_rejection_answers_the_desk_request(alpha: Office) -> None:
    officer = user("welfare_officer")
    application = services.card_application_create(
        person=make_person(), reason="first", received_by=officer
    )
    rejected = services.card_application_reject(
        application=application, officer=officer, reason="ไม่ใช่บุคลากรในสังกัด"
    )
    assert rejected.status == ApplicationStatus.REJECTED
    assert rejected.service_request is not None
    assert rejected.service_request.status == RequestStatus.COMPLETED
    assert "ไม่ใช่บุคลากรในสังกัด" in rejected.service_request.outcome


def test_indicators_and_report_count_cards_issued_in_the_fiscal_year(alpha: Office) -> None:
    teacher = make_person()
    pensioner = make_person()
    pensioner.category = "pensioner"
    pensioner.save()
    _issue(teacher, bangkok(date(2013, 9, 30), 9))  # FY 2556
    _issue(teacher, bangkok(date(2013, 10, 1), 9))  # FY 2557
    _issue(teacher, bangkok(date(2014, 9, 30), 9))  # FY 2557
    _issue(pensioner, bangkok(date(2014, 3, 3), 9))  # FY 2557
    values = compute_all(fiscal_year(2557))
    assert values["idcards.issued.teacher"] == 2
    assert values["idcards.issued.pensioner"] == 1
    assert values["idcards.issued.other"] == 0
    other = make_person()
    other.category = "education_personnel"
    other.save()
    _issue(other, bangkok(date(2014, 5, 5), 9))
    CardApplicationFactory(at=bangkok(date(2014, 6, 6), 9))  # received, no card yet
    values = compute_all(fiscal_year(2557))
    assert [values[f"idcards.issued.{c}"] for c in ("teacher", "pensioner", "other")] == [2, 1, 1]
    section = SECTION.results(fiscal_year(2557))
    assert section.lines == (
        "- ปี 2557 มีผู้มารับบริการ ข้าราชการครู จำนวน 2 ราย และข้าราชการบำนาญ 1 ราย และบุคลากรอื่น 1 ราย",
    )
    assert [(f.code, f.value) for f in section.figures] == [
        ("idcards.issued.teacher", 2),
        ("idcards.issued.pensioner", 1),
        ("idcards.issued.other", 1),
    ]
    # The register lists every request received in the year, a card issued or not.
    assert [e.rows for e in section.evidence] == [5]


# --- the desk ticket an application is received under (apps.onestop.service_request_take) ---


def _refused_at(ticket: ServiceRequest, person: Person, code: str) -> None:
    before = CardApplication.objects.count()
    with pytest.raises(ApplicationError) as excinfo:
        services.card_application_create(
            person=person,
            reason="first",
            received_by=user("welfare_officer"),
            service_request=ticket,
        )
    assert (excinfo.value.code, excinfo.value.field) == (f"idcards.{code}", "service_request")
    assert CardApplication.objects.count() == before


def test_an_application_joins_only_an_open_id_card_ticket_of_its_person(alpha: Office) -> None:
    person = make_person()
    officer = user("welfare_officer")
    claim_ticket = ServiceRequestFactory(service_type_code="medical_claim", person=person)
    others = ServiceRequestFactory(service_type_code="id_card", person=make_person())
    closed = ServiceRequestFactory(service_type_code="id_card", person=person)
    service_request_cancel(service_request=closed, actor=officer, reason="ไม่มา")
    _refused_at(claim_ticket, person, "ticket_other_service")
    _refused_at(others, person, "ticket_other_person")
    _refused_at(closed, person, "ticket_closed")
    walk_in = ServiceRequestFactory(service_type_code="id_card")  # nobody named yet: joins
    application = services.card_application_create(
        person=person, reason="first", received_by=officer, service_request=walk_in
    )
    assert application.service_request == walk_in
    assert ServiceRequest.objects.filter(person=person).count() == 2  # no ticket was opened
    _refused_at(walk_in, person, "ticket_taken")


# --- who may do what: checked by the services, whoever calls them ---------------------------

OFFICERS = {"office_admin", "welfare_officer"}
APPROVERS = {"approver"}  # the director (or a delegate: tests/delegations)


def _state() -> tuple[list[str], int, int]:
    return (
        list(CardApplication.objects.order_by("pk").values_list("status", flat=True)),
        ServiceRequest.objects.count(),
        AuditEvent.objects.count(),
    )


def _step(role: str, allowed: set[str], step: Callable[[User], Any], stand_in: str) -> Any:
    """`step` taken by `role`; refused (`idcards.not_allowed`, nothing changed) unless
    `allowed`, then taken by `stand_in` so that the next step can be tried."""
    if role in allowed:
        return step(user(role))
    before = _state()
    with pytest.raises(PermissionDeniedError) as excinfo:
        step(user(role))
    assert excinfo.value.code == "idcards.not_allowed"
    assert _state() == before
    return step(user(stand_in))


@pytest.mark.parametrize("role", [role.value for role in OfficeRole])
def test_each_step_refuses_a_role_that_may_not_take_it_and_changes_nothing(
    alpha: Office, role: str
) -> None:
    person = make_person()
    application = _step(
        role,
        OFFICERS,
        lambda actor: services.card_application_create(
            person=person, reason="first", received_by=actor
        ),
        "welfare_officer",
    )
    _step(
        role,
        OFFICERS,
        lambda actor: services.card_application_check(
            application=application, documents=ALL_DOCUMENTS, officer=actor
        ),
        "welfare_officer",
    )
    _step(
        role,
        APPROVERS,
        lambda actor: services.card_application_approve(application=application, approver=actor),
        "approver",
    )
    for step in (services.card_issue, services.card_hand_over):
        _step(
            role,
            OFFICERS,
            lambda actor, step=step: step(application=application, officer=actor),
            "welfare_officer",
        )
    assert CardApplication.objects.get().status == ApplicationStatus.HANDED_OVER
    other = services.card_application_create(
        person=make_person(), reason="first", received_by=user("welfare_officer")
    )
    rejected = _step(
        role,
        OFFICERS,
        lambda actor: services.card_application_reject(
            application=other, officer=actor, reason="ไม่ใช่บุคลากรในสังกัด"
        ),
        "welfare_officer",
    )
    assert rejected.status == ApplicationStatus.REJECTED
