"""Delegations of authority: recorded and ended by the office administrator, in force on the
days of the order; an ID card approved by a delegate names them "ปฏิบัติราชการแทน" the
director; separation of duties; refusals change nothing."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django_tenants.utils import schema_context

from accounts.models import User
from apps.delegations import services
from apps.delegations.models import Delegation
from apps.idcards import documents
from apps.idcards import services as cards
from apps.idcards.models import ApplicationStatus, CardApplication
from audit.models import AuditEvent
from core.errors import ApplicationError, PermissionDeniedError
from tenants.models import Office
from tests.conftest import office_client
from tests.idcards.factories import CardApplicationFactory
from tests.onestop.conftest import bangkok, make_person, user

pytestmark = pytest.mark.django_db

APPROVE = "idcards.approve"
ORDER = "คำสั่งที่ 125/2557"


@pytest.fixture
def alpha(office_a: Office):  # type: ignore[no-untyped-def]
    with schema_context(office_a.schema_name):
        User.objects.filter(username="approver").update(
            first_name="นายวิรัตน์", last_name="ศรีสุวรรณ", position="ผู้อำนวยการ สพป.ทดสอบ"
        )
        User.objects.filter(username="viewer").update(
            first_name="นางสาวมาลัย", last_name="ทองดี", position="รองผู้อำนวยการ สพป.ทดสอบ"
        )
        yield office_a


def _delegate(**changes: Any) -> Delegation:
    values: dict[str, Any] = {
        "delegator": user("approver"),
        "delegate": user("viewer"),  # the deputy: no approver role of their own
        "power": APPROVE,
        "valid_from": date(2014, 9, 1),
        "valid_to": date(2014, 9, 30),
        "order_reference": ORDER,
        "recorded_by": user("office_admin"),
    }
    return services.delegation_create(**{**values, **changes})


def _trail() -> tuple[int, int]:
    return Delegation.objects.count(), AuditEvent.objects.count()


@pytest.mark.parametrize(
    ("changes", "code"),
    [
        ({"recorded_by": "welfare_officer"}, "delegations.not_allowed"),
        ({"recorded_by": "approver"}, "delegations.not_allowed"),
        ({"power": "idcards.print"}, "delegations.unknown_power"),
        ({"delegator": "welfare_officer"}, "delegations.delegator_not_approver"),
        ({"delegate": "approver"}, "delegations.self_delegation"),
        ({"valid_to": date(2014, 8, 31)}, "delegations.dates_reversed"),
        ({"order_reference": "  "}, "delegations.order_required"),
    ],
)
def test_a_delegation_that_cannot_be_is_refused_and_nothing_is_recorded(
    alpha: Office, changes: dict[str, Any], code: str
) -> None:
    changes = {k: user(v) if k in ("recorded_by", "delegator", "delegate") else v
               for k, v in changes.items()}  # fmt: skip
    before = _trail()
    with pytest.raises(ApplicationError) as excinfo:
        _delegate(**changes)
    assert excinfo.value.code == code
    assert _trail() == before


def test_a_delegation_is_in_force_on_the_days_of_the_order_and_audited(alpha: Office) -> None:
    delegation = _delegate()
    deputy = user("viewer")
    assert delegation.delegate_position == "รองผู้อำนวยการ สพป.ทดสอบ"  # from the account
    assert delegation.acting_for == "ปฏิบัติราชการแทน ผู้อำนวยการ สพป.ทดสอบ"
    for day, expected in [
        (date(2014, 8, 31), None),
        (date(2014, 9, 1), delegation),
        (date(2014, 9, 30), delegation),
        (date(2014, 10, 1), None),
    ]:
        assert services.delegation_in_force(user=deputy, power=APPROVE, on=day) == expected
    assert (
        services.delegation_in_force(user=deputy, power="other.power", on=date(2014, 9, 5)) is None
    )
    assert AuditEvent.objects.filter(action="delegations.recorded").count() == 1

    ended = services.delegation_end(
        delegation=delegation, ended_by=user("office_admin"), last_day=date(2014, 9, 10)
    )
    assert ended.valid_to == date(2014, 9, 10) and ended.ended_at is not None
    assert services.delegation_in_force(user=deputy, power=APPROVE, on=date(2014, 9, 11)) is None
    assert AuditEvent.objects.filter(action="delegations.ended").count() == 1
    before = _trail()
    with pytest.raises(PermissionDeniedError):
        services.delegation_end(delegation=delegation, ended_by=user("welfare_officer"))
    assert _trail() == before


def _checked(day: date) -> CardApplication:
    return CardApplicationFactory(person=make_person(), at=bangkok(day, 9, 0), step="checked")


def test_a_delegate_approves_on_the_days_in_force_and_signs_for_the_director(
    alpha: Office,
) -> None:
    delegation = _delegate()
    deputy = user("viewer")
    outside = _checked(date(2014, 10, 2))
    before = (CardApplication.objects.get(pk=outside.pk).status, AuditEvent.objects.count())
    with pytest.raises(PermissionDeniedError) as excinfo:
        cards.card_application_approve(
            application=outside, approver=deputy, at=bangkok(date(2014, 10, 2), 10, 0)
        )
    assert excinfo.value.code == "idcards.not_allowed"
    assert "ผู้ได้รับมอบอำนาจ" in excinfo.value.message
    assert (CardApplication.objects.get(pk=outside.pk).status, AuditEvent.objects.count()) == before

    application = _checked(date(2014, 9, 26))
    approved = cards.card_application_approve(
        application=application, approver=deputy, at=bangkok(date(2014, 9, 26), 10, 0)
    )
    assert approved.approved_by == deputy and approved.approved_under == delegation
    assert approved.approved_by_name == "นางสาวมาลัย ทองดี"
    assert approved.approved_by_position == (
        "รองผู้อำนวยการ สพป.ทดสอบ\nปฏิบัติราชการแทน ผู้อำนวยการ สพป.ทดสอบ"
    )
    event = AuditEvent.objects.get(action="idcards.approved", target_id=str(application.pk))
    assert event.changes["delegation"] == [None, ORDER]
    card = cards.card_issue(
        application=approved, officer=user("welfare_officer"), at=bangkok(date(2014, 9, 26), 11, 0)
    )
    assert card.issued_by_name == "นางสาวมาลัย ทองดี"
    assert "ปฏิบัติราชการแทน ผู้อำนวยการ" in card.issued_by_position
    form = documents.request_form_pdf(card, office_name="สพป.ทดสอบ", thai_digits=False)
    assert form.startswith(b"%PDF")


def test_who_received_or_checked_an_application_may_not_approve_it(alpha: Office) -> None:
    director = user("approver")
    director.groups.add(*user("welfare_officer").groups.all())  # the director at the desk
    director = User.objects.get(pk=director.pk)
    application = cards.card_application_create(
        person=make_person(), reason="first", received_by=director
    )
    application = cards.card_application_check(
        application=application, documents=["request_form", "appointment_order"],
        officer=user("welfare_officer"),
    )  # fmt: skip
    before = AuditEvent.objects.count()
    with pytest.raises(ApplicationError) as excinfo:
        cards.card_application_approve(application=application, approver=director)
    assert excinfo.value.code == "idcards.separation_of_duties"
    assert "อนุมัติคำขอเดียวกันไม่ได้" in excinfo.value.message
    assert CardApplication.objects.get(pk=application.pk).status == ApplicationStatus.CHECKED
    assert AuditEvent.objects.count() == before


def test_the_office_admin_records_and_ends_a_delegation_on_thai_pages(office_a: Office) -> None:
    with schema_context(office_a.schema_name):
        director, deputy = user("approver"), user("viewer")
        User.objects.filter(pk=deputy.pk).update(position="รองผู้อำนวยการ")
        User.objects.filter(pk=director.pk).update(position="ผู้อำนวยการ")
    admin = office_client(office_a, "office_admin")
    page = admin.get("/delegations/new/").content.decode()
    assert "ผู้มอบอำนาจ (ผู้อำนวยการ)" in page and "อนุมัติคำขอมีบัตรประจำตัวเจ้าหน้าที่ของรัฐ" in page
    form = {
        "delegator": director.pk,
        "delegate": deputy.pk,
        "power": APPROVE,
        "valid_from": "01/10/2569",
        "valid_to": "30/09/2026",  # a C.E. year: refused with the B.E. hint
        "order_reference": "คำสั่งที่ 7/2570",
    }
    page = admin.post("/delegations/new/", form).content.decode()
    assert "ดูเหมือนเป็นปีคริสต์ศักราช" in page
    with schema_context(office_a.schema_name):
        assert not Delegation.objects.exists()
    response = admin.post("/delegations/new/", {**form, "valid_to": "30/09/2570"})
    assert response.status_code == 302
    listing = admin.get("/delegations/").content.decode()
    assert "คำสั่งที่ 7/2570" in listing and "การมอบอำนาจ" in listing
    with schema_context(office_a.schema_name):
        delegation = Delegation.objects.get()
    assert delegation.valid_from == date(2026, 10, 1) and delegation.valid_to == date(2027, 9, 30)
    assert office_client(office_a, "welfare_officer").get("/delegations/new/").status_code == 403
    admin.post(f"/delegations/{delegation.pk}/end/", {"last_day": "15/10/2569"})
    with schema_context(office_a.schema_name):
        assert Delegation.objects.get().valid_to == date(2026, 10, 15)
