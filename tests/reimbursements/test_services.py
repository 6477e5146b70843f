"""The claims service: medical and child-education claims from desk ticket to payment."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest

from apps.onestop.models import RequestStatus
from apps.reimbursements import services
from apps.reimbursements.models import Claim, ClaimStatus, Payment, Receipt
from apps.reimbursements.services import ItemInput
from audit.models import AuditEvent
from central.rates import MedicalLimits
from core.errors import ApplicationError
from core.thai import baht_text
from tests.reimbursements.conftest import (
    add_child,
    add_member,
    bangkok,
    make_claimant,
    medical_receipt,
    school_receipt,
    user,
)

pytestmark = pytest.mark.django_db

SUBMITTED = bangkok(date(2014, 6, 2), 9, 0)


def _medical(claimant=None, beneficiary=None, receipts=None, **kwargs):  # type: ignore[no-untyped-def]
    return services.medical_claim_create(
        claimant=claimant or make_claimant(),
        beneficiary=beneficiary,
        hospital_name=kwargs.pop("hospital_name", "โรงพยาบาลพัทลุง"),
        hospital_type=kwargs.pop("hospital_type", "government"),
        care_type=kwargs.pop("care_type", "outpatient"),
        receipts=receipts or [medical_receipt()],
        received_by=kwargs.pop("received_by", None) or user("welfare_officer"),
        at=kwargs.pop("at", SUBMITTED),
        **kwargs,
    )


def _through_approval(claim: Claim, minutes: int = 3) -> Claim:
    officer = user("welfare_officer")
    claim = services.claim_check(claim=claim, officer=officer, at=SUBMITTED + timedelta(minutes=1))
    return services.claim_approve(
        claim=claim, approver=user("approver"), at=SUBMITTED + timedelta(minutes=minutes)
    )


def _refused(code: str, call) -> ApplicationError:  # type: ignore[no-untyped-def]
    claims, receipts = Claim.objects.count(), Receipt.objects.count()
    with pytest.raises(ApplicationError) as caught:
        call()
    assert caught.value.code == f"reimbursements.{code}", caught.value.message_en
    assert (Claim.objects.count(), Receipt.objects.count()) == (claims, receipts)
    return caught.value


def test_a_medical_claim_from_desk_ticket_to_cash(in_alpha: object) -> None:
    claim = _medical()
    assert claim.status == ClaimStatus.SUBMITTED
    assert claim.service_request is not None
    assert claim.service_request.service_type.code == "medical_claim"
    assert claim.payable_amount == Decimal("1250.50")
    assert claim.rate_source.startswith("พระราชกฤษฎีกา")
    claim = _through_approval(claim)
    payment = services.claim_pay(
        claim=claim, payer=user("finance_officer"), at=SUBMITTED + timedelta(minutes=9)
    )
    assert payment.number == "0001/2557"  # fiscal year 2557: Oct 2013 – Sep 2014
    assert payment.amount == Decimal("1250.50")
    assert payment.amount_text == "หนึ่งพันสองร้อยห้าสิบบาทห้าสิบสตางค์"
    claim.refresh_from_db()
    assert claim.status == ClaimStatus.PAID
    ticket = claim.service_request
    assert ticket is not None
    ticket.refresh_from_db()
    assert ticket.status == RequestStatus.COMPLETED
    assert ticket.service_seconds == 9 * 60
    assert "0001/2557" in ticket.outcome
    actions = list(
        AuditEvent.objects.filter(target_type="reimbursements.claim", target_id=str(claim.pk))
        .order_by("id")
        .values_list("action", flat=True)
    )
    assert actions == [
        "reimbursements.submitted",
        "reimbursements.checked",
        "reimbursements.approved",
        "reimbursements.paid",
    ]


def test_payment_numbers_run_per_fiscal_year_without_gaps(in_alpha: object) -> None:
    numbers = []
    for n, day in enumerate([date(2014, 9, 29), date(2014, 9, 30), date(2014, 10, 1)]):
        at = bangkok(day, 10)
        claim = _medical(receipts=[medical_receipt(f"N-{n}", day)], at=at)
        claim = services.claim_check(claim=claim, officer=user("welfare_officer"), at=at)
        claim = services.claim_approve(claim=claim, approver=user("approver"), at=at)
        numbers.append(services.claim_pay(claim=claim, payer=user("finance_officer"), at=at).number)
    assert numbers == ["0001/2557", "0002/2557", "0001/2558"]


def test_non_reimbursable_items_and_the_special_room_cap(in_alpha: object) -> None:
    receipt = medical_receipt(
        "IPD-7",
        date(2014, 5, 25),
        ItemInput(kind="medicine", amount=Decimal("2000.00")),
        ItemInput(kind="special_room", amount=Decimal("4500.00"), days=3),
        ItemInput(kind="card_fee", amount=Decimal("50.00")),
        ItemInput(kind="medical_certificate", amount=Decimal("100.00")),
    )
    claim = _medical(receipts=[receipt], care_type="inpatient", admitted_on=date(2014, 5, 22))
    assert claim.claimed_amount == Decimal("6650.00")
    assert claim.payable_amount == Decimal("5000.00")  # 2,000 + 3 days × 1,000
    assert claim.medical.special_room_rate == Decimal("1000.00")
    items = {i.kind: i for i in claim.receipts.get().items.all()}
    assert items["special_room"].payable_amount == Decimal("3000.00")
    assert "วันละไม่เกิน 1,000.00 บาท" in items["special_room"].note
    assert items["card_fee"].payable_amount == 0 and "เบิกไม่ได้" in items["card_fee"].note


def test_limits_are_chosen_by_the_treatment_date_and_copied_onto_the_claim(
    in_alpha: object,
) -> None:
    MedicalLimits.objects.create(
        effective_from=date(2014, 5, 21),
        special_room_rate_per_day=Decimal("1500.00"),
        claim_deadline_days=365,
        non_reimbursable_items=[],
        source_letter="หนังสือทดสอบ ว 99",
    )
    room = ItemInput(kind="special_room", amount=Decimal("3000.00"), days=2)
    before = _medical(
        receipts=[medical_receipt("B-1", date(2014, 5, 20), room)],
        care_type="inpatient",
        admitted_on=date(2014, 5, 20),
    )
    after = _medical(
        receipts=[medical_receipt("B-2", date(2014, 5, 21), room)],
        care_type="inpatient",
        admitted_on=date(2014, 5, 21),
    )
    assert (before.medical.special_room_rate, before.payable_amount) == (
        Decimal("1000.00"),
        Decimal("2000.00"),
    )
    assert (after.medical.special_room_rate, after.payable_amount) == (
        Decimal("1500.00"),
        Decimal("3000.00"),
    )
    assert after.rate_source == "หนังสือทดสอบ ว 99"
    # A later change of the table never rewrites a claim already made.
    MedicalLimits.objects.filter(source_letter="หนังสือทดสอบ ว 99").update(
        special_room_rate_per_day=Decimal("9000.00")
    )
    after.medical.refresh_from_db()
    assert after.medical.special_room_rate == Decimal("1500.00")


def test_the_one_year_deadline_counts_from_the_receipt_date(in_alpha: object) -> None:
    receipt_day = date(2013, 6, 2)
    last_day = bangkok(date(2014, 6, 2), 16)
    claim = _medical(receipts=[medical_receipt("D-1", receipt_day)], at=last_day)
    assert claim.pk
    error = _refused(
        "past_deadline",
        lambda: _medical(
            receipts=[medical_receipt("D-2", receipt_day)], at=bangkok(date(2014, 6, 3), 9)
        ),
    )
    assert "พ้นกำหนดยื่นเบิก" in error.message_th
    assert "2 มิถุนายน 2557" in error.message_th


def test_the_same_receipt_is_never_claimed_twice_in_the_office(in_alpha: object) -> None:
    first = _medical(receipts=[medical_receipt("R-55", date(2014, 5, 20))])
    other_claimant = make_claimant()
    error = _refused(
        "duplicate_receipt",
        lambda: _medical(
            claimant=other_claimant,
            receipts=[medical_receipt(" r-55 ", date(2014, 5, 20))],
            hospital_name="โรงพยาบาลพัทลุง ",
        ),
    )
    assert f"คำขอเลขที่ {first.pk}" in error.message_th
    # Another hospital's receipt with the same number and date is another receipt.
    assert _medical(
        claimant=other_claimant,
        receipts=[medical_receipt("R-55", date(2014, 5, 20))],
        hospital_name="โรงพยาบาลควนขนุน",
    ).pk
    # Twice within one claim is refused too.
    _refused(
        "duplicate_receipt",
        lambda: _medical(receipts=[medical_receipt("X-1"), medical_receipt("X-1")]),
    )


def test_a_returned_claim_releases_its_receipts_for_the_corrected_claim(in_alpha: object) -> None:
    claim = _medical(receipts=[medical_receipt("C-9")])
    services.claim_return(claim=claim, officer=user("welfare_officer"), reason="ใบเสร็จไม่ใช่ต้นฉบับ")
    claim.refresh_from_db()
    assert claim.status == ClaimStatus.RETURNED
    assert claim.service_request is not None and claim.service_request.status == "completed"
    corrected = _medical(claimant=claim.claimant, receipts=[medical_receipt("C-9")])
    assert corrected.pk != claim.pk
    with pytest.raises(ApplicationError):
        services.claim_check(claim=claim, officer=user("welfare_officer"))


def test_a_fourth_child_is_refused_with_the_reason(in_alpha: object) -> None:
    teacher = make_claimant()
    children = [add_child(teacher, n, date(2000 + n, 1, 1)) for n in (1, 2, 3, 4)]
    error = _refused("not_eligible", lambda: _medical(claimant=teacher, beneficiary=children[3]))
    assert "บุตรคนที่ 4 ไม่มีสิทธิ" in error.message_th
    assert error.field == "beneficiary"
    claim = _medical(claimant=teacher, beneficiary=children[2], receipts=[medical_receipt("K-3")])
    assert claim.beneficiary_relation == "child"
    assert claim.eligibility_note.startswith("บุตรคนที่ 3")


def test_another_persons_family_member_is_refused(in_alpha: object) -> None:
    stranger = add_member(make_claimant(), "spouse")
    _refused("not_in_family", lambda: _medical(beneficiary=stranger))


def test_private_outpatient_care_is_refused(in_alpha: object) -> None:
    _refused("private_outpatient", lambda: _medical(hospital_type="private"))
    assert _medical(
        hospital_type="private", care_type="inpatient", admitted_on=date(2014, 5, 19)
    ).pk


def test_a_claim_with_nothing_payable_is_refused(in_alpha: object) -> None:
    receipt = medical_receipt("Z", date(2014, 5, 20), ItemInput("deposit", Decimal("500")))
    _refused("nothing_payable", lambda: _medical(receipts=[receipt]))


@pytest.mark.parametrize("amount", ["0", "-5", "abc", "1e400"])
def test_bad_amounts_are_refused(in_alpha: object, amount: str) -> None:
    receipt = medical_receipt("A", date(2014, 5, 20), ItemInput("medicine", amount))  # type: ignore[arg-type]
    _refused("invalid_amount", lambda: _medical(receipts=[receipt]))


def test_float_amounts_are_refused(in_alpha: object) -> None:
    receipt = medical_receipt("F", date(2014, 5, 20), ItemInput("medicine", 0.1))  # type: ignore[arg-type]
    _refused("invalid_amount", lambda: _medical(receipts=[receipt]))


def test_sums_are_exact_to_the_satang(in_alpha: object) -> None:
    items = [ItemInput("medicine", Decimal("0.10")) for _ in range(3)]
    claim = _medical(receipts=[medical_receipt("S", date(2014, 5, 20), *items)])
    assert claim.payable_amount == Decimal(
        "0.30"
    )  # 0.1 + 0.1 + 0.1 in float is 0.30000000000000004
    claim = _through_approval(claim)
    payment = services.claim_pay(claim=claim, payer=user("finance_officer"))
    assert payment.amount == Decimal("0.30")
    assert payment.amount_text == baht_text(Decimal("0.30")) == "สามสิบสตางค์"


def test_approval_above_the_threshold_needs_the_director(in_alpha: object) -> None:
    services.reimbursement_settings_update(
        approval_threshold=Decimal("1000.00"), payer_name="", actor=user("office_admin")
    )
    officer = user("welfare_officer")
    small = _medical(
        receipts=[
            medical_receipt("T-1", date(2014, 5, 20), ItemInput("medicine", Decimal("1000.00")))
        ]
    )
    big = _medical(
        receipts=[
            medical_receipt("T-2", date(2014, 5, 20), ItemInput("medicine", Decimal("1000.01")))
        ]
    )
    for claim in (small, big):
        services.claim_check(claim=claim, officer=officer)
    assert services.claim_approve(claim=small, approver=officer).status == ClaimStatus.APPROVED
    with pytest.raises(ApplicationError) as caught:
        services.claim_approve(claim=big, approver=officer)
    assert caught.value.code == "reimbursements.director_required"
    big.refresh_from_db()
    assert big.status == ClaimStatus.CHECKED
    assert services.claim_approve(claim=big, approver=user("approver")).status == "approved"


@pytest.mark.parametrize(
    ("step", "username"),
    [
        ("create", "finance_officer"),
        ("create", "approver"),
        ("create", "viewer"),
        ("check", "finance_officer"),
        ("check", "viewer"),
        ("approve", "finance_officer"),
        ("approve", "viewer"),
        ("pay", "welfare_officer"),
        ("pay", "approver"),
        ("pay", "office_admin"),
        ("pay", "viewer"),
    ],
)
def test_each_step_is_refused_to_roles_without_it(
    in_alpha: object, step: str, username: str
) -> None:
    claim = _medical(receipts=[medical_receipt(f"role-{step}-{username}")])
    if step == "pay":
        claim = _through_approval(claim)
    elif step == "approve":
        claim = services.claim_check(claim=claim, officer=user("welfare_officer"))
    before = claim.status
    actor = user(username)
    with pytest.raises(ApplicationError) as caught:
        if step == "create":
            _medical(receipts=[medical_receipt("other")], received_by=actor)
        elif step == "check":
            services.claim_check(claim=claim, officer=actor)
        elif step == "approve":
            services.claim_approve(claim=claim, approver=actor)
        else:
            services.claim_pay(claim=claim, payer=actor)
    assert caught.value.code == "reimbursements.not_allowed"
    claim.refresh_from_db()
    assert claim.status == before
    assert not Payment.objects.filter(claim=claim).exists()


def test_paying_twice_returns_the_first_payment(in_alpha: object) -> None:
    claim = _through_approval(_medical())
    first = services.claim_pay(claim=claim, payer=user("finance_officer"))
    again = services.claim_pay(claim=claim, payer=user("finance_officer"))
    assert again.pk == first.pk
    assert Payment.objects.filter(claim=claim).count() == 1
    assert (
        AuditEvent.objects.filter(action="reimbursements.paid", target_id=str(claim.pk)).count()
        == 1
    )


def test_a_paid_claim_cannot_be_returned(in_alpha: object) -> None:
    claim = _through_approval(_medical())
    services.claim_pay(claim=claim, payer=user("finance_officer"))
    with pytest.raises(ApplicationError) as caught:
        services.claim_return(claim=claim, officer=user("welfare_officer"), reason="ผิด")
    assert caught.value.code == "reimbursements.invalid_transition"


# --- child education ------------------------------------------------------------------------


def _education(claimant, child, *, semester=1, receipts=None, **kwargs):  # type: ignore[no-untyped-def]
    return services.child_education_claim_create(
        claimant=claimant,
        child=child,
        academic_year_be=kwargs.pop("academic_year_be", 2557),
        semester=semester,
        school_name=kwargs.pop("school_name", "โรงเรียนบ้านควนขนุน"),
        school_type=kwargs.pop("school_type", "government"),
        level=kwargs.pop("level", "primary"),
        receipts=receipts or [school_receipt(f"S-{semester}-{child.pk}")],
        fee_notice_received=kwargs.pop("fee_notice_received", True),
        received_by=user("welfare_officer"),
        at=kwargs.pop("at", bangkok(date(2014, 12, 1), 10)),
        **kwargs,
    )


def test_the_cap_spans_both_semesters_of_the_academic_year(in_alpha: object, rates: dict) -> None:
    teacher = make_claimant()
    kid = add_child(teacher, 1, date(2006, 1, 1))
    first = _education(teacher, kid, semester=1, receipts=[school_receipt("E-1", amount="3000.00")])
    assert (
        first.child_education.entitled_amount,
        first.child_education.used_before,
        first.payable_amount,
    ) == (
        Decimal("4000.00"),
        Decimal("0.00"),
        Decimal("3000.00"),
    )
    second = _education(
        teacher, kid, semester=2, receipts=[school_receipt("E-2", amount="3000.00")]
    )
    assert second.child_education.used_before == Decimal("3000.00")
    assert second.payable_amount == Decimal("1000.00")
    assert second.claimed_amount == Decimal("3000.00")
    assert "เกินสิทธิคงเหลือ" in second.receipts.get().items.get().note
    # The same semester again is refused; a new academic year starts afresh.
    _refused("semester_claimed", lambda: _education(teacher, kid, semester=2))
    next_year = _education(
        teacher,
        kid,
        semester=1,
        academic_year_be=2558,
        at=bangkok(date(2015, 6, 1), 10),
        receipts=[school_receipt("E-3", date(2015, 5, 30), "500.00")],
    )
    assert next_year.payable_amount == Decimal("500.00")


def test_a_returned_semester_gives_its_amount_back(in_alpha: object, rates: dict) -> None:
    teacher = make_claimant()
    kid = add_child(teacher, 1, date(2006, 1, 1))
    first = _education(teacher, kid, semester=1, receipts=[school_receipt("G-1", amount="4000.00")])
    services.claim_return(claim=first, officer=user("welfare_officer"), reason="ผิดภาคเรียน")
    again = _education(teacher, kid, semester=1, receipts=[school_receipt("G-1", amount="4000.00")])
    assert again.payable_amount == Decimal("4000.00")


def test_a_share_rate_pays_its_share_up_to_the_cap(in_alpha: object, rates: dict) -> None:
    teacher = make_claimant()
    kid = add_child(teacher, 1, date(2006, 1, 1))
    claim = _education(
        teacher, kid, school_type="private", receipts=[school_receipt("P-1", amount="5001.00")]
    )
    assert claim.payable_amount == Decimal("2500.50")  # half of 5,001.00
    assert claim.child_education.rate_method == "share"
    assert claim.child_education.rate_share_percent == Decimal("50.00")


def test_both_parents_share_one_childs_cap(in_alpha: object, rates: dict) -> None:
    mother, father = make_claimant(), make_claimant()
    born = date(2006, 1, 1)
    kid_of_mother = add_child(mother, 1, born)
    kid_of_father = add_child(father, 1, born, national_id=kid_of_mother.national_id)
    _education(
        mother, kid_of_mother, semester=1, receipts=[school_receipt("M-1", amount="3000.00")]
    )
    error = _refused("semester_claimed", lambda: _education(father, kid_of_father, semester=1))
    assert "ภาคเรียนที่ 1/2557" in error.message_th
    second = _education(
        father, kid_of_father, semester=2, receipts=[school_receipt("M-2", amount="3000.00")]
    )
    assert second.payable_amount == Decimal("1000.00")


def test_a_level_without_a_rate_is_refused(in_alpha: object, rates: dict) -> None:
    teacher = make_claimant()
    kid = add_child(teacher, 1, date(2006, 1, 1))
    error = _refused("no_rate", lambda: _education(teacher, kid, level="diploma"))
    assert "ให้ส่วนกลางบันทึกอัตรา" in error.message_th


def test_rates_are_chosen_by_the_academic_year_they_take_effect(
    in_alpha: object, rates: dict
) -> None:
    from central.rates import ChildEducationRate

    ChildEducationRate.objects.create(
        effective_academic_year=2558,
        school_type="government",
        level="primary",
        method="actual",
        cap_per_academic_year=Decimal("4800.00"),
        source_letter="ทดสอบ 2558",
    )
    teacher = make_claimant()
    kid = add_child(teacher, 1, date(2006, 1, 1))
    old = _education(teacher, kid, receipts=[school_receipt("Y-1", amount="9000.00")])
    new = _education(
        teacher,
        kid,
        academic_year_be=2558,
        at=bangkok(date(2015, 6, 1), 10),
        receipts=[school_receipt("Y-2", date(2015, 5, 30), "9000.00")],
    )
    assert (old.child_education.rate_cap, old.payable_amount) == (
        Decimal("4000.00"),
        Decimal("4000.00"),
    )
    assert (new.child_education.rate_cap, new.payable_amount, new.rate_source) == (
        Decimal("4800.00"),
        Decimal("4800.00"),
        "ทดสอบ 2558",
    )


def test_the_fee_notice_is_required(in_alpha: object, rates: dict) -> None:
    teacher = make_claimant()
    kid = add_child(teacher, 1, date(2006, 1, 1))
    _refused("fee_notice_required", lambda: _education(teacher, kid, fee_notice_received=False))


def test_a_fourth_child_education_claim_is_refused(in_alpha: object, rates: dict) -> None:
    teacher = make_claimant()
    kids = [add_child(teacher, n, date(2000 + 2 * n, 1, 1)) for n in (1, 2, 3, 4)]
    error = _refused("not_eligible", lambda: _education(teacher, kids[3]))
    assert error.message_th.endswith("(มีสิทธิเฉพาะบุตรคนที่ 1–3 ตามลำดับการเกิด)")
    assert "บุตรคนที่ 4 ไม่มีสิทธิ" in error.message_th


def test_pensioners_claim_child_education(in_alpha: object, rates: dict) -> None:
    pensioner = make_claimant(category="pensioner", status="retired")
    kid = add_child(pensioner, 1, date(2006, 1, 1))
    assert _education(pensioner, kid).claimant_category == "pensioner"


def test_a_claim_joins_only_an_open_ticket_of_its_service_and_claimant(in_alpha: object) -> None:
    from apps.onestop.services import service_request_cancel, service_request_open

    claimant = make_claimant()
    officer = user("welfare_officer")
    card_ticket = service_request_open(service_type_code="id_card", person=claimant)
    others = service_request_open(service_type_code="medical_claim", person=make_claimant())
    closed = service_request_open(service_type_code="medical_claim", person=claimant)
    service_request_cancel(service_request=closed, actor=officer, reason="ไม่มา")
    for ticket, code in (
        (card_ticket, "ticket_other_service"),
        (others, "ticket_other_person"),
        (closed, "ticket_closed"),
    ):
        _refused(code, lambda t=ticket: _medical(claimant=claimant, service_request=t))
    walk_in = service_request_open(service_type_code="medical_claim")
    claim = _medical(claimant=claimant, service_request=walk_in)
    assert claim.service_request == walk_in
    _refused(
        "ticket_taken",
        lambda: _medical(
            claimant=claimant, service_request=walk_in, receipts=[medical_receipt("W-2")]
        ),
    )
