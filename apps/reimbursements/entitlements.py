"""The arithmetic of the claims, in one place: the national rates in force, and a child's
child-education allowance of an academic year (entitled, used, remaining).

The services apply it when a claim is made; the pages, the API and the printed documents show
it, from here, never by computing it again. The rate tables themselves are national
(`central.rates`); this module is where the claims service reads them.

A child's academic year is identified by the child's national ID when the register has one, so
the claims of both parents count against one cap; without it, by the family member.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal

from django.db.models import QuerySet, Sum

from apps.people.models import FamilyMember, Person
from apps.reimbursements.models import ChildEducationClaimDetail, Claim, ClaimKind
from central.rates import ChildEducationRate, MedicalLimits, child_education_rates_covering
from central.rates import child_education_rate_in_force as _child_education_rate_in_force
from central.rates import medical_limits_in_force as _medical_limits_in_force
from core.thai import quantize_baht

ZERO = Decimal("0.00")


# --- the rates in force --------------------------------------------------------------------


def child_education_rate_in_force(
    *, academic_year_be: int, school_type: str, level: str
) -> ChildEducationRate | None:
    """The child-education rate of a school type and level for a B.E. academic year: the
    newest version in force by then, or None."""
    return _child_education_rate_in_force(
        academic_year=academic_year_be, school_type=school_type, level=level
    )


def child_education_rates_in_force(
    *, academic_year_be: int, rates: Iterable[ChildEducationRate] | None = None
) -> list[ChildEducationRate]:
    """The child-education rates in force in a B.E. academic year, one per school type and
    level (the newest version by then), ordered by school type and level. `rates` narrows the
    rows looked at (e.g. one level); by default every row of the table."""
    if rates is None:
        rates = child_education_rates_covering(academic_year_be)
    newest: dict[tuple[str, str], ChildEducationRate] = {}
    for rate in rates:
        if rate.effective_academic_year > academic_year_be or (
            rate.last_academic_year is not None and rate.last_academic_year < academic_year_be
        ):
            continue
        key = (rate.school_type, rate.level)
        if key not in newest or rate.effective_academic_year > newest[key].effective_academic_year:
            newest[key] = rate
    return [newest[key] for key in sorted(newest)]


def medical_limits_in_force(*, on: date) -> MedicalLimits | None:
    """The medical limits in force on a day, or None."""
    return _medical_limits_in_force(on=on)


@dataclass(frozen=True)
class RateApplied:
    """The national rate a claim applied, as copied onto it when it was made: the row and its
    source letter, and by the claim's kind the child-education method, share and cap or the
    medical special-room rate (the others None, the method empty)."""

    version: int | None
    source_letter: str
    confirmed: bool = True  # False: the row was still to be checked against its letter
    method: str = ""
    share_percent: Decimal | None = None
    cap: Decimal | None = None
    special_room_rate: Decimal | None = None


def rate_applied(claim: Claim) -> RateApplied:
    """The rate `claim` applied (`RateApplied`)."""
    applied = RateApplied(
        version=claim.rate_version, source_letter=claim.rate_source, confirmed=claim.rate_confirmed
    )
    if claim.kind == ClaimKind.CHILD_EDUCATION:
        school = claim.child_education
        return replace(
            applied,
            method=school.rate_method,
            share_percent=school.rate_share_percent,
            cap=school.rate_cap,
        )
    return replace(applied, special_room_rate=claim.medical.special_room_rate)


# --- a child's allowance of an academic year -----------------------------------------------


@dataclass(frozen=True)
class Entitlement:
    """A child's allowance for one academic year: entitled by the rate, used by the claims
    not returned, and what remains."""

    entitled: Decimal
    used: Decimal

    @property
    def remaining(self) -> Decimal:
        return max(ZERO, quantize_baht(self.entitled - self.used))


def _semesters_of(
    child: FamilyMember, academic_year_be: int
) -> QuerySet[ChildEducationClaimDetail]:
    """The child's semesters claimed (by either parent) in the academic year, not returned."""
    details = ChildEducationClaimDetail.objects.filter(
        academic_year=academic_year_be, is_claimed=True
    )
    if child.national_id:
        return details.filter(child_national_id=child.national_id)
    return details.filter(child=child)


def child_education_used(*, child: FamilyMember, academic_year_be: int) -> Decimal:
    """What the child's academic year has used: the payable amounts of its claims not returned
    (by any parent: matched on the child's national ID when the register has it)."""
    total = _semesters_of(child, academic_year_be).aggregate(total=Sum("claim__payable_amount"))
    return quantize_baht(total["total"] or ZERO)


def child_education_semester_claim(
    *, child: FamilyMember, academic_year_be: int, semester: int
) -> Claim | None:
    """The claim (not returned) already made for the child's semester, by either parent."""
    detail = (
        _semesters_of(child, academic_year_be)
        .filter(semester=semester)
        .select_related("claim")
        .first()
    )
    return None if detail is None else detail.claim


def child_education_entitlement(
    *, child: FamilyMember, rate: ChildEducationRate, academic_year_be: int
) -> Entitlement:
    """The child's allowance of the academic year under `rate`, as it stands now."""
    return Entitlement(
        entitled=rate.cap_per_academic_year,
        used=child_education_used(child=child, academic_year_be=academic_year_be),
    )


def claimant_child_entitlements(*, person: Person, academic_year_be: int) -> dict[int, Entitlement]:
    """For each of the person's children with claims (not returned) of theirs in the academic
    year, by family member id: the entitlement their claims recorded and what they used."""
    result: dict[int, Entitlement] = {}
    details = ChildEducationClaimDetail.objects.filter(
        claim__claimant=person, academic_year=academic_year_be, is_claimed=True
    ).select_related("claim")
    for detail in details:
        if detail.claim.beneficiary_id is None:
            continue
        before = result.get(detail.claim.beneficiary_id, Entitlement(ZERO, ZERO))
        result[detail.claim.beneficiary_id] = Entitlement(
            entitled=max(before.entitled, detail.entitled_amount or ZERO),
            used=quantize_baht(before.used + detail.claim.payable_amount),
        )
    return result


def remaining_after(claim: Claim) -> Decimal | None:
    """What the child's academic year had left once `claim` was made (its entitlement then,
    less what was used before and what it pays); None for a claim without one (medical)."""
    if claim.kind != ClaimKind.CHILD_EDUCATION:
        return None
    detail = getattr(claim, "child_education", None)
    if detail is None or detail.entitled_amount is None:
        return None
    return remaining(
        entitled=detail.entitled_amount,
        used=(detail.used_before or ZERO) + claim.payable_amount,
    )


def remaining(*, entitled: Decimal, used: Decimal) -> Decimal:
    """What is left of `entitled` once `used` is taken, never below zero."""
    return Entitlement(entitled=entitled, used=used).remaining
