"""The claims demo (`apps.reimbursements.demo`), loaded on top of the welfare demo into throw-away
offices: the report's figures, payments that match their claims, receipts claimed once, desk
tickets served, eligible beneficiaries, the demo rates, and that a second load changes nothing."""

from __future__ import annotations

from collections import Counter, defaultdict
from datetime import time, timedelta
from decimal import Decimal

import pytest
from django.db.models import F
from django.utils import timezone
from django_tenants.utils import schema_context

from accounts.services import user_create
from apps.onestop.models import RequestStatus
from apps.people.models import Person, PersonCategory
from apps.reimbursements import eligibility
from apps.reimbursements.demo import (
    CLAIM_VOLUMES,
    DEMO_RATE_SOURCE,
    DEMO_RATE_YEAR,
    demo_rates_ensure,
)
from apps.reimbursements.models import (
    CareType,
    Claim,
    ClaimKind,
    ClaimStatus,
    ItemKind,
    Payment,
    Receipt,
    ReceiptItem,
)
from apps.reimbursements.services import approval_threshold
from audit.models import AuditEvent
from central.rates import ChildEducationRate, EducationLevel, SchoolType
from core.demo import BANGKOK, HOLIDAYS, DemoContext
from core.indicators import compute_all
from core.thai import academic_year, baht_text, fiscal_year
from devdata.demo import DEMO_FISCAL_YEAR, demo_builders, office_demo_build
from tenants.models import Office
from tenants.services import office_create

pytestmark = pytest.mark.django_db

SCALE = 0.1
SPEC = CLAIM_VOLUMES["phatthalung2"]
SMALL = SPEC.scaled(SCALE)
FY = fiscal_year(2557)
# Child-education semesters paid in FY 2557, and the one before some of them (FY 2556).
SEMESTERS = {(2556, 2), (2557, 1)}
PRIOR = (2556, 1)


def _office(code: str, area_number: int) -> Office:
    office = office_create(
        code=code,
        name_th=f"สำนักงานเขตพื้นที่การศึกษาทดสอบเดโม {code}",
        kind="primary",
        province="พัทลุง",
        region="south",
        area_number=area_number,
    )
    with schema_context(office.schema_name):
        user_create(username="desk", password=None, roles=["welfare_officer"])
        user_create(username="boss", password=None, roles=["approver"])
        user_create(username="cash", password=None, roles=["finance_officer"])
    return office


def _load(office: Office) -> dict[str, int] | None:
    """Phatthalung Area 2's demo at SCALE, every builder in order (the register and the cards
    before the claims) by `desk`, `boss` and `cash`; returns the claims builder's counts."""
    context = DemoContext(
        office_code="phatthalung2",
        fiscal_year=DEMO_FISCAL_YEAR,
        scale=SCALE,
        officer="desk",
        approver="boss",
        payer="cash",
    )
    with schema_context(office.schema_name):
        return office_demo_build(context)["apps.reimbursements.demo.build"]


def _figures() -> dict[str, object]:
    values = compute_all(FY)
    return {code: value for code, value in values.items() if code.startswith("reimbursements.")}


@pytest.fixture
def demo_office() -> Office:
    office = _office("democlaims", area_number=11)
    assert _load(office) is not None
    return office


def _assert_payments_match_their_claims() -> None:
    payments = Payment.objects.select_related("claim")
    assert payments.exists()
    for payment in payments:
        claim = payment.claim
        assert claim.status == ClaimStatus.PAID
        assert payment.amount == claim.payable_amount > 0
        assert payment.kind == claim.kind
        assert payment.amount_text == baht_text(payment.amount)
        assert claim.payable_amount == sum(
            (r.payable_amount for r in claim.receipts.all()), Decimal(0)
        )
        assert claim.payable_amount <= claim.claimed_amount
    numbers: dict[tuple[str, int], list[int]] = defaultdict(list)
    for kind, year, sequence in payments.values_list("kind", "year", "sequence"):
        numbers[(kind, year)].append(sequence)
    assert all(sorted(n) == list(range(1, len(n) + 1)) for n in numbers.values())
    assert not Claim.objects.filter(status=ClaimStatus.PAID, payment__isnull=True).exists()


def _assert_no_receipt_is_claimed_twice() -> None:
    keys = list(
        Receipt.objects.filter(is_claimed=True).values_list("issuer_key", "number_key", "issued_on")
    )
    assert len(keys) == len(set(keys))
    for receipt in Receipt.objects.select_related("claim"):
        submitted = timezone.localtime(receipt.claim.submitted_at, BANGKOK).date()
        assert receipt.issued_on <= submitted <= receipt.issued_on + timedelta(days=365)


def _assert_desk_tickets_are_served() -> None:
    threshold = approval_threshold()
    seconds = []
    for claim in Claim.objects.select_related("service_request", "approved_by"):
        ticket = claim.service_request
        assert ticket is not None and ticket.status == RequestStatus.COMPLETED
        assert ticket.service_type.code in ("medical_claim", "child_education_claim")
        received = timezone.localtime(ticket.received_at, BANGKOK)
        assert received.weekday() < 5 and received.date() not in HOLIDAYS
        assert time(8, 30) <= received.time() <= time(16, 30)
        assert ticket.service_seconds is not None and ticket.service_seconds >= 5 * 60
        seconds.append(ticket.service_seconds)
        if claim.status == ClaimStatus.PAID:
            assert ticket.officer is not None and ticket.officer.username == "cash"
            assert ticket.completed_at == claim.payment.paid_at
            approver = "boss" if claim.payable_amount > threshold else "desk"
            assert claim.approved_by is not None and claim.approved_by.username == approver
            assert claim.checked_by is not None and claim.checked_by.username == "desk"
    within = sum(1 for s in seconds if s <= 15 * 60)
    assert within / len(seconds) >= 0.85


def _assert_beneficiaries_are_eligible() -> None:
    for claim in Claim.objects.select_related(
        "claimant", "beneficiary", "medical", "child_education"
    ).prefetch_related("receipts", "claimant__family"):
        family = list(claim.claimant.family.all())
        if claim.kind == ClaimKind.MEDICAL:
            on = claim.medical.admitted_on or min(r.issued_on for r in claim.receipts.all())
            verdicts = eligibility.medical_eligibility(claim.claimant, family, on=on)
        else:
            school = claim.child_education
            assert school.academic_year is not None and school.semester is not None
            assert (school.academic_year, school.semester) in {*SEMESTERS, PRIOR}
            verdicts = eligibility.child_education_eligibility(
                claim.claimant,
                family,
                year=academic_year(school.academic_year),
                semester=school.semester,
            )
            assert claim.beneficiary is not None and claim.beneficiary.relation == "child"
            assert school.used_before is not None
            assert claim.payable_amount <= school.rate_cap - school.used_before
        verdict = eligibility.verdict_for(verdicts, claim.beneficiary)
        assert verdict is not None and verdict.eligible, claim.eligibility_note


def test_the_real_demo_reproduces_the_report_figures() -> None:
    # Loading it whole takes ~25 s, too slow for the suite: as test_demo_welfare does for the
    # cards, the scaled load below shows the figures come out exactly as configured.
    assert (
        SPEC.medical_paid_teacher,
        SPEC.medical_paid_pensioner,
        SPEC.medical_paid_other,
        SPEC.child_education_paid,
    ) == (199, 63, 0, 398)
    assert SPEC.claims_returned and SPEC.claims_waiting
    # On the register, after the cards; the salary certificates, the welfare shop, the fund
    # (its loans follow its approvals), the health check and the report's after them.
    builders = demo_builders()
    assert builders[-6:] == (
        "apps.reimbursements.demo.build",
        "apps.certificates.demo.build",
        "apps.welfareshop.demo.build",
        "apps.revolvingfund.demo.build",
        "apps.healthchecks.demo.build",
        "apps.reports.demo.build",
    )
    for code in ("phatthalung1", "songkhlasec"):
        other = CLAIM_VOLUMES[code]
        assert 0 < other.medical_paid_teacher < SPEC.medical_paid_teacher
        assert 0 < other.child_education_paid < SPEC.child_education_paid
        assert other.medical_paid_other > 0
    assert (SMALL.medical_paid_teacher, SMALL.medical_paid_pensioner) == (20, 6)
    assert (SMALL.child_education_paid, SMALL.claims_returned, SMALL.claims_waiting) == (40, 1, 1)


def test_the_indicators_print_the_configured_figures_and_payments_match_claims(
    demo_office: Office,
) -> None:
    with schema_context(demo_office.schema_name):
        figures = _figures()
        assert figures["reimbursements.medical.paid.teacher"] == SMALL.medical_paid_teacher
        assert figures["reimbursements.medical.paid.pensioner"] == SMALL.medical_paid_pensioner
        assert figures["reimbursements.medical.paid.other"] == 0
        assert figures["reimbursements.child_education.paid"] == SMALL.child_education_paid
        statuses = Counter(Claim.objects.values_list("status", flat=True))
        assert statuses[ClaimStatus.RETURNED] == SMALL.claims_returned
        assert statuses[ClaimStatus.CHECKED] == SMALL.claims_waiting
        assert set(statuses) == {ClaimStatus.PAID, ClaimStatus.RETURNED, ClaimStatus.CHECKED}
        categories = Payment.objects.filter(kind=ClaimKind.MEDICAL).values_list(
            "claim__claimant_category", flat=True
        )
        assert set(categories) == {PersonCategory.TEACHER, PersonCategory.PENSIONER}
        _assert_payments_match_their_claims()
        # Semester 1 of 2556 claims (before a semester 2) were paid, and count, in FY 2556.
        prior = Claim.objects.filter(
            child_education__academic_year=2556, child_education__semester=1
        )
        assert prior.exists()
        assert Payment.objects.filter(fiscal_year=2556).count() == prior.count()


def test_amounts_are_plausible(demo_office: Office) -> None:
    with schema_context(demo_office.schema_name):
        medical = Claim.objects.filter(kind=ClaimKind.MEDICAL, status=ClaimStatus.PAID)
        outpatient = sorted(
            medical.filter(medical__care_type=CareType.OUTPATIENT).values_list(
                "payable_amount", flat=True
            )
        )
        assert 100 < outpatient[len(outpatient) // 2] < 5_000
        assert any(amount % 1 for amount in outpatient)  # satang
        assert medical.filter(
            medical__care_type=CareType.INPATIENT, payable_amount__gt=5_000
        ).exists()
        rooms = ReceiptItem.objects.filter(kind=ItemKind.SPECIAL_ROOM)
        capped = rooms.filter(payable_amount__lt=F("amount"))
        assert capped.exists() and all(r.payable_amount == 1000 * (r.days or 0) for r in capped)
        never = ReceiptItem.objects.filter(
            kind__in=[ItemKind.CARD_FEE, ItemKind.MEDICAL_CERTIFICATE, ItemKind.RECORD_FEE]
        )
        assert never.exists() and not never.exclude(payable_amount=0).exists()
        education = Claim.objects.filter(kind=ClaimKind.CHILD_EDUCATION, status=ClaimStatus.PAID)
        at_cap = education.filter(
            child_education__semester=2,
            child_education__used_before__gt=0,
            payable_amount=F("child_education__rate_cap") - F("child_education__used_before"),
        )
        assert at_cap.exists()
        assert education.filter(child_education__school_type=SchoolType.PRIVATE).exists()
        assert len(set(education.values_list("child_education__education_level", flat=True))) >= 5
        assert not education.filter(payable_amount__gt=F("child_education__rate_cap")).exists()


def test_receipts_are_claimed_once_within_the_deadline_for_eligible_people(
    demo_office: Office,
) -> None:
    with schema_context(demo_office.schema_name):
        _assert_no_receipt_is_claimed_twice()
        _assert_beneficiaries_are_eligible()


def test_every_claims_desk_ticket_is_served_on_a_working_day(demo_office: Office) -> None:
    with schema_context(demo_office.schema_name):
        _assert_desk_tickets_are_served()
        assert not Claim.objects.filter(status=ClaimStatus.RETURNED, return_reason="").exists()
        waiting = Claim.objects.filter(status=ClaimStatus.CHECKED)
        assert all(FY.end - c.submitted_at.date() < timedelta(days=10) for c in waiting)


def test_the_demo_rates_are_unconfirmed_and_a_second_load_changes_nothing(
    demo_office: Office,
) -> None:
    demo = ChildEducationRate.objects.filter(source_letter=DEMO_RATE_SOURCE)
    assert demo.count() == len(SchoolType) * len(EducationLevel)
    assert not demo.filter(is_confirmed=True).exists()
    assert set(demo.values_list("effective_academic_year", flat=True)) == {DEMO_RATE_YEAR}
    assert all("demo" in rate.note for rate in demo)
    private = demo.filter(school_type=SchoolType.PRIVATE)
    assert set(private.values_list("share_percent", flat=True)) == {Decimal("50.00")}
    assert ChildEducationRate.objects.filter(effective_academic_year=2559).count() == 2

    def snapshot() -> dict[str, object]:
        return {
            "claims": list(Claim.objects.order_by("pk").values_list("pk", "status")),
            "payments": list(Payment.objects.order_by("pk").values_list("pk", "number")),
            "audit": AuditEvent.objects.count(),
        }

    rates = list(ChildEducationRate.objects.order_by("pk").values())
    with schema_context(demo_office.schema_name):
        before = snapshot()
    assert _load(demo_office) is None
    assert list(ChildEducationRate.objects.order_by("pk").values()) == rates
    with schema_context(demo_office.schema_name):
        assert snapshot() == before
        loaded = AuditEvent.objects.get(action="demo.claims_loaded")
        assert loaded.changes["paid"][1] == Payment.objects.count()


def test_a_register_the_demo_did_not_load_gets_no_demo_claims() -> None:
    office = _office("democlaimsreal", area_number=14)
    with schema_context(office.schema_name):
        Person.objects.create(
            national_id="1101700207030",
            title="นาย",
            first_name_th="ทดสอบ",
            last_name_th="ทะเบียนจริง",
            birth_date="1980-01-01",
            category=PersonCategory.TEACHER,
        )
    assert _load(office) is None
    with schema_context(office.schema_name):
        assert not Claim.objects.exists() and Person.objects.count() == 1


def test_a_level_with_a_rate_in_force_gets_no_demo_rate() -> None:
    ChildEducationRate.objects.create(
        effective_academic_year=2555,
        school_type=SchoolType.GOVERNMENT,
        level=EducationLevel.PRIMARY,
        method="actual",
        cap_per_academic_year=Decimal("3500.00"),
        source_letter="หนังสือทดสอบ",
    )
    assert demo_rates_ensure(academic_year_be=2556) == len(SchoolType) * len(EducationLevel) - 1
    assert demo_rates_ensure(academic_year_be=2556) == 0
    assert not ChildEducationRate.objects.filter(
        source_letter=DEMO_RATE_SOURCE, school_type=SchoolType.GOVERNMENT, level="primary"
    ).exists()


def test_the_load_is_deterministic(demo_office: Office) -> None:
    twin = _office("democlaimstwin", area_number=13)
    _load(twin)

    def content(office: Office) -> list[tuple[object, ...]]:
        with schema_context(office.schema_name):
            return list(
                Claim.objects.order_by("submitted_at").values_list(
                    "claimant__national_id",
                    "beneficiary_national_id",
                    "payable_amount",
                    "submitted_at",
                    "status",
                )
            )

    assert content(demo_office) == content(twin)
