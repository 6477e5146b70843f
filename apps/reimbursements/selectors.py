"""Reads of the claims service. A claim the user may not see raises the same not-found as one
that does not exist; opening a claim (health and money data) is audited."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from django.db.models import Case, Count, F, Prefetch, Q, QuerySet, Sum, TextField, Value, When
from django.db.models.functions import Cast, Coalesce, Concat
from django.http import HttpRequest

from apps.people.models import FamilyMember, Person, PersonCategory
from apps.reimbursements import eligibility, entitlements
from apps.reimbursements.entitlements import Entitlement
from apps.reimbursements.models import (
    Claim,
    ClaimKind,
    ClaimScan,
    Payment,
    Receipt,
    ReceiptItem,
)
from apps.reimbursements.permissions import can_read_claims
from audit.services import audit_record
from core.errors import NotFoundError
from core.thai import AcademicYear, FiscalYear, quantize_baht, to_be_year

ZERO = Decimal("0.00")


class ClaimNotFound(NotFoundError):
    code = "reimbursements.not_found"

    def __init__(self) -> None:
        super().__init__("ไม่พบคำขอเบิกนี้", "No such claim.")


def _claims() -> QuerySet[Claim]:
    return Claim.objects.select_related(
        "medical",
        "child_education",
        "claimant",
        "beneficiary",
        "service_request",
        "payment",
        "submitted_by",
        "checked_by",
        "approved_by",
    )


def claim_get(*, claim_id: int, actor: Any) -> Claim:
    """A claim with its receipts and their lines (not audited: for the steps, whose changes
    are)."""
    if not can_read_claims(actor):
        raise ClaimNotFound()
    receipts = Receipt.objects.prefetch_related(
        Prefetch("items", queryset=ReceiptItem.objects.order_by("id"))
    ).order_by("issued_on", "id")
    try:
        return (
            _claims()
            .prefetch_related(Prefetch("receipts", queryset=receipts), "scans")
            .get(pk=claim_id)
        )
    except Claim.DoesNotExist:
        raise ClaimNotFound() from None


def claim_get_for_view(*, claim_id: int, actor: Any, request: HttpRequest | None = None) -> Claim:
    """A claim to show `actor`; the reading is audited (`reimbursements.viewed`)."""
    claim = claim_get(claim_id=claim_id, actor=actor)
    audit_record(
        action="reimbursements.viewed",
        actor=actor,
        target=claim,
        target_label=f"{claim.get_kind_display()} #{claim.pk} {claim.beneficiary_name}",
        request=request,
    )
    return claim


def claim_scan_get(
    *, claim_id: int, scan_id: int, actor: Any, request: HttpRequest | None = None
) -> ClaimScan:
    """A scanned document to send to `actor`; audited (`reimbursements.scan_viewed`)."""
    if not can_read_claims(actor):
        raise ClaimNotFound()
    try:
        scan = ClaimScan.objects.select_related("claim").get(pk=scan_id, claim_id=claim_id)
    except ClaimScan.DoesNotExist:
        raise ClaimNotFound() from None
    audit_record(
        action="reimbursements.scan_viewed",
        actor=actor,
        target=scan.claim,
        changes={"scan": [None, scan.original_name]},
        request=request,
    )
    return scan


def claim_list(
    *,
    kind: str | None = None,
    status: str | None = None,
    fiscal_year: FiscalYear | None = None,
    person: Person | None = None,
) -> QuerySet[Claim]:
    """Claims newest first, filtered; a fiscal year is that of the claim's receipt at the desk."""
    claims = _claims()
    if kind:
        claims = claims.filter(kind=kind)
    if status:
        claims = claims.filter(status=status)
    if fiscal_year is not None:
        claims = claims.filter(
            submitted_at__date__gte=fiscal_year.start, submitted_at__date__lte=fiscal_year.end
        )
    if person is not None:
        claims = claims.filter(claimant=person)
    return claims.order_by("-submitted_at", "-id")


@dataclass(frozen=True)
class PaymentFigures:
    """What the year's payments add up to: the claims' indicators and the report section's
    figures and register sizes, all from one query (`payment_figures`)."""

    medical_to_teachers: int
    medical_to_pensioners: int
    # Every other claimant category (permanent employees, government employees, ...).
    medical_to_others: int
    medical_amount: Decimal
    child_education_payments: int
    child_education_amount: Decimal
    # Rows of `child_education_register`: children and academic years with a payment.
    child_education_rows: int

    @property
    def medical_payments(self) -> int:
        """Rows of the medical register (a claimant category is never empty)."""
        return self.medical_to_teachers + self.medical_to_pensioners + self.medical_to_others


def _child_education_row_key() -> Concat:
    """`child_education_register`'s key of a payment's row, as text: the child's national ID
    (or `#<family member id>` without one) and the academic year."""
    child = Case(
        When(
            claim__beneficiary_national_id="",
            then=Concat(
                Value("#"),
                Coalesce(
                    Cast("claim__beneficiary_id", TextField()),
                    Value("None"),
                    output_field=TextField(),
                ),
                output_field=TextField(),
            ),
        ),
        default=F("claim__beneficiary_national_id"),
        output_field=TextField(),
    )
    return Concat(
        child,
        Value("/"),
        Cast("claim__child_education__academic_year", TextField()),
        output_field=TextField(),
    )


def payment_figures(fiscal_year: FiscalYear) -> PaymentFigures:
    """The payments of the fiscal year counted and summed by kind and claimant category, and
    the child-education register's row count, in one aggregate query (no payment loaded).

    The indicators and the report section read these same figures (the collection computes
    both for every office, see `core.indicators.shared`); each equals what counting the
    registers (`payment_register`, `child_education_register`) gives."""
    medical = Q(kind=ClaimKind.MEDICAL)
    child_education = Q(kind=ClaimKind.CHILD_EDUCATION)
    teacher = Q(claim__claimant_category=PersonCategory.TEACHER)
    pensioner = Q(claim__claimant_category=PersonCategory.PENSIONER)
    row = Payment.objects.filter(fiscal_year=fiscal_year.be_year).aggregate(
        medical_to_teachers=Count("id", filter=medical & teacher),
        medical_to_pensioners=Count("id", filter=medical & pensioner),
        medical_to_others=Count("id", filter=medical & ~teacher & ~pensioner),
        medical_amount=Sum("amount", filter=medical),
        child_education_payments=Count("id", filter=child_education),
        child_education_amount=Sum("amount", filter=child_education),
        child_education_rows=Count(
            _child_education_row_key(), filter=child_education, distinct=True
        ),
    )
    return PaymentFigures(
        medical_to_teachers=row["medical_to_teachers"],
        medical_to_pensioners=row["medical_to_pensioners"],
        medical_to_others=row["medical_to_others"],
        medical_amount=quantize_baht(row["medical_amount"] or 0),
        child_education_payments=row["child_education_payments"],
        child_education_amount=quantize_baht(row["child_education_amount"] or 0),
        child_education_rows=row["child_education_rows"],
    )


def payment_register(*, kind: str, fiscal_year: FiscalYear) -> QuerySet[Payment]:
    """The payments of a kind made in a fiscal year, in the order paid (the register)."""
    return (
        Payment.objects.filter(kind=kind, fiscal_year=fiscal_year.be_year)
        .select_related(
            "claim",
            "claim__claimant",
            "claim__beneficiary",
            "claim__medical",
            "claim__child_education",
        )
        .order_by("paid_at", "id")
    )


@dataclass
class ChildEducationRow:
    """One line of the child-education register: a child's academic year, its two semesters,
    and the allowance entitled, used and remaining."""

    claimant: Person
    child_name: str
    child_national_id: str
    academic_year: int
    level: str
    school_name: str
    entitled: Decimal
    semesters: dict[int, Payment] = field(default_factory=dict)

    @property
    def used(self) -> Decimal:
        return quantize_baht(sum((p.amount for p in self.semesters.values()), ZERO))

    @property
    def remaining(self) -> Decimal:
        return entitlements.remaining(entitled=self.entitled, used=self.used)

    @property
    def number(self) -> str:
        """The register's number of the row: its first payment's (`NNNN/<academic year>`)."""
        first = min(self.semesters.values(), key=lambda p: (p.year, p.sequence))
        return first.number


def child_education_register(*, fiscal_year: FiscalYear) -> list[ChildEducationRow]:
    """One row per child and academic year with a payment in the fiscal year; a row shows both
    semesters paid (also one paid in another fiscal year), so used and remaining are whole."""
    paid_in_year = payment_register(kind=ClaimKind.CHILD_EDUCATION, fiscal_year=fiscal_year)
    keys = {
        (
            p.claim.beneficiary_national_id or f"#{p.claim.beneficiary_id}",
            p.claim.child_education.academic_year,
        )
        for p in paid_in_year
    }
    years = {year for _, year in keys}
    payments = (
        Payment.objects.filter(
            kind=ClaimKind.CHILD_EDUCATION, claim__child_education__academic_year__in=years
        )
        .select_related("claim", "claim__claimant", "claim__child_education")
        .order_by("year", "sequence")
    )
    rows: dict[tuple[str, int], ChildEducationRow] = {}
    for payment in payments:
        claim = payment.claim
        detail = claim.child_education
        key = (claim.beneficiary_national_id or f"#{claim.beneficiary_id}", detail.academic_year)
        if key not in keys:
            continue
        row = rows.get(key)
        if row is None:
            row = rows[key] = ChildEducationRow(
                claimant=claim.claimant,
                child_name=claim.beneficiary_name,
                child_national_id=claim.beneficiary_national_id,
                academic_year=detail.academic_year,
                level=detail.education_level,
                school_name=detail.school_name,
                entitled=detail.entitled_amount or ZERO,
            )
        row.semesters[detail.semester] = payment
        row.entitled = max(row.entitled, detail.entitled_amount or ZERO)
    return sorted(
        rows.values(), key=lambda r: min((p.year, p.sequence) for p in r.semesters.values())
    )


def family_eligibility_medical(*, person: Person, on: date) -> list[eligibility.Verdict]:
    return eligibility.medical_eligibility(person, _family(person), on=on)


def family_eligibility_child_education(
    *, person: Person, year: AcademicYear, semester: int
) -> list[eligibility.Verdict]:
    return eligibility.child_education_eligibility(
        person, _family(person), year=year, semester=semester
    )


def _family(person: Person) -> list[FamilyMember]:
    return list(
        FamilyMember.objects.filter(person=person).order_by("relation", "birth_order", "pk")
    )


def child_entitlements(*, person: Person, year: AcademicYear) -> dict[int, Entitlement]:
    """For each of the person's children with claims in the academic year, by family member
    id: the allowance entitled and used (`entitlements.claimant_child_entitlements`)."""
    return entitlements.claimant_child_entitlements(person=person, academic_year_be=year.be_year)


def fiscal_years_with_payments() -> list[int]:
    """The B.E. fiscal years with payments, newest first."""
    return sorted(
        set(Payment.objects.values_list("fiscal_year", flat=True).distinct()), reverse=True
    )


def claim_years() -> list[int]:
    """The B.E. fiscal years that have claims, newest first."""
    dates = Claim.objects.dates("submitted_at", "month")
    return sorted({to_be_year(d.year) + (1 if d.month >= 10 else 0) for d in dates}, reverse=True)
