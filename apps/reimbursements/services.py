"""Every write of the claims service. Runs in an office's schema.

A claim is received at the One Stop desk (a `medical_claim` or `child_education_claim` ticket),
checked against the original receipts, approved (by the desk officer up to the office's
threshold, above it by the director), and paid in cash by the finance officer, which completes
the ticket: its time counts against the 15-minute standard. A claim may be returned with a
reason before it is paid; its receipts are then free for a corrected claim.

Money is Decimal throughout and rounded once, by `core.thai.quantize_baht`. Paying is
idempotent: the claim's row is locked while it is paid, a paid claim returns its payment, and
the one-to-one between payment and claim refuses a second payment in any case.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any

from django.core.files import File
from django.core.files.base import ContentFile
from django.db import IntegrityError, connection, transaction

from accounts.models import User
from apps.onestop.models import ServiceRequest
from apps.onestop.services import service_request_complete, service_request_take
from apps.people.models import FamilyMember, Person
from apps.reimbursements import eligibility
from apps.reimbursements.entitlements import (
    child_education_entitlement,
    child_education_rate_in_force,
    child_education_semester_claim,
    medical_limits_in_force,
)
from apps.reimbursements.models import (
    OPEN_STATUSES,
    CareType,
    ChildEducationClaimDetail,
    Claim,
    ClaimKind,
    ClaimScan,
    ClaimStatus,
    HospitalType,
    ItemKind,
    MedicalClaimDetail,
    Payment,
    PaymentCounter,
    Receipt,
    ReceiptItem,
    ReimbursementSettings,
    ScanKind,
)
from apps.reimbursements.module import PAYMENT
from apps.reimbursements.permissions import (
    APPROVER_ROLES,
    CLAIM_OFFICER_ROLES,
    DIRECTOR_ROLES,
    PAYER_ROLES,
    SETTINGS_ROLES,
)
from audit.services import audit_record
from central.rates import EducationLevel, RateMethod, SchoolType, non_reimbursable_codes
from core import kit
from core.schemas import current_schema
from core.sequences import next_number
from core.thai import (
    academic_year,
    baht_text,
    fiscal_year_of,
    format_baht,
    format_be_date,
    local_date,
    quantize_baht,
)
from core.uploads import image_reencoded, pdf_checked
from outbox.services import outbox_record

MEDICAL_SERVICE = "medical_claim"
CHILD_EDUCATION_SERVICE = "child_education_claim"
ZERO = Decimal("0.00")
# Sane bounds on what a claim may ask for, against typing mistakes (999,999,999,999.99): a
# medical claim (and so any one line of it) at most ten million baht, far above any hospital
# bill a welfare claim pays; a child-education claim, one semester's fees, at most one million
# (private and international schools charge more than the caps of the rate table: the claim
# states the fees, the payable is capped by the rate, see `child_education_claim_create`).
MAX_CLAIM_AMOUNT = Decimal("10000000.00")
MAX_CHILD_EDUCATION_AMOUNT = Decimal("1000000.00")
SCAN_MAX_BYTES = 10 * 1024 * 1024
SCAN_TYPES = {"application/pdf": ".pdf", "image/jpeg": ".jpg", "image/png": ".png"}


class ClaimError(kit.Refusal):
    prefix = "reimbursements"


@dataclass(frozen=True)
class ItemInput:
    kind: str
    amount: Decimal
    days: int | None = None
    description: str = ""


@dataclass(frozen=True)
class ReceiptInput:
    """A receipt as the desk reads it. A child-education receipt is one amount (its `items`
    stay empty); a medical receipt lists its lines."""

    number: str
    issued_on: date
    amount: Decimal = ZERO
    items: Sequence[ItemInput] = field(default_factory=tuple)


def _day(value: date) -> str:
    return format_be_date(value, style="long")


def _fold(text: str) -> str:
    return " ".join(text.split()).casefold()


def _money(
    value: Decimal | int | str, *, field_name: str, label: str, most: Decimal = MAX_CLAIM_AMOUNT
) -> Decimal:
    try:
        amount = quantize_baht(value)
    except (TypeError, ValueError):
        raise ClaimError.refuse(
            "invalid_amount",
            f"{label}: จำนวนเงินไม่ถูกต้อง",
            f"{label}: not an amount.",
            field_name,
        ) from None
    if amount <= 0:
        raise ClaimError.refuse(
            "invalid_amount",
            f"{label}: จำนวนเงินต้องมากกว่าศูนย์",
            f"{label}: the amount must be above zero.",
            field_name,
        )
    if amount > most:
        raise ClaimError.refuse(
            "amount_too_large",
            f"{label}: จำนวนเงินต้องไม่เกิน {format_baht(most)} บาท",
            f"{label}: the amount must be at most {most}.",
            field_name,
        )
    return amount


def _total_at_most(total: Decimal, most: Decimal) -> None:
    if total > most:
        raise ClaimError.refuse(
            "total_too_large",
            f"ยอดรวมตามใบเสร็จ {format_baht(total)} บาท เกิน {format_baht(most)} บาท "
            "ซึ่งเป็นยอดสูงสุดที่คำขอหนึ่งรับได้ กรุณาตรวจสอบจำนวนเงิน",
            f"The receipts total {total}, above the {most} one claim may ask for.",
            "receipts",
        )


def _beneficiary_of(claimant: Person, member: FamilyMember | None) -> FamilyMember | None:
    if member is not None and member.person_id != claimant.pk:
        raise ClaimError.refuse(
            "not_in_family",
            "ผู้ที่ขอเบิกให้ไม่อยู่ในครอบครัวของผู้มีสิทธิ",
            "The beneficiary is not in the claimant's family.",
            "beneficiary",
        )
    return member


def _refuse_ineligible(verdict: eligibility.Verdict | None, *, name: str) -> None:
    if verdict is None:
        raise ClaimError.refuse(
            "not_in_family",
            "ผู้ที่ขอเบิกให้ไม่อยู่ในครอบครัวของผู้มีสิทธิ",
            "The beneficiary is not in the claimant's family.",
            "beneficiary",
        )
    if not verdict.eligible:
        raise ClaimError.refuse(
            "not_eligible",
            f"{name}: {verdict.reason_th}",
            f"{name}: {verdict.reason_en}",
            "beneficiary",
        )


def _receipts_not_claimed(issuer: str, receipts: Sequence[ReceiptInput]) -> None:
    """Refuse a receipt already claimed in this office (any claim not returned) or twice in
    this claim. The unique constraint `receipt_claimed_once` guards the race between two
    officers; this check names the claim that has it."""
    seen: set[tuple[str, str, date]] = set()
    for receipt in receipts:
        key = (_fold(issuer), _fold(receipt.number), receipt.issued_on)
        if key in seen:
            raise ClaimError.refuse(
                "duplicate_receipt",
                f"ใบเสร็จเลขที่ {receipt.number} ลงวันที่ {_day(receipt.issued_on)} ซ้ำกันในคำขอนี้",
                f"Receipt {receipt.number} of {receipt.issued_on} appears twice in this claim.",
                "receipts",
            )
        seen.add(key)
        taken = (
            Receipt.objects.filter(
                issuer_key=key[0], number_key=key[1], issued_on=key[2], is_claimed=True
            )
            .select_related("claim")
            .first()
        )
        if taken is not None:
            raise ClaimError.refuse(
                "duplicate_receipt",
                f"ใบเสร็จเลขที่ {receipt.number} ของ {issuer} ลงวันที่ "
                f"{_day(receipt.issued_on)} เบิกไปแล้วในคำขอเลขที่ {taken.claim_id}",
                f"Receipt {receipt.number} of {issuer} dated {receipt.issued_on} is already "
                f"claimed in claim {taken.claim_id}.",
                "receipts",
            )


def _save_receipt(claim: Claim, issuer: str, receipt: ReceiptInput, amount: Decimal) -> Receipt:
    try:
        with transaction.atomic():
            return Receipt.objects.create(
                claim=claim,
                issuer=issuer,
                issuer_key=_fold(issuer),
                number=receipt.number.strip(),
                number_key=_fold(receipt.number),
                issued_on=receipt.issued_on,
                amount=amount,
                payable_amount=ZERO,
            )
    except IntegrityError:
        raise ClaimError.refuse(
            "duplicate_receipt",
            f"ใบเสร็จเลขที่ {receipt.number} ลงวันที่ {_day(receipt.issued_on)} เพิ่งมีผู้ยื่นเบิกไปแล้ว",
            f"Receipt {receipt.number} of {receipt.issued_on} was just claimed by someone else.",
            "receipts",
        ) from None


def _check_receipt_dates(
    receipts: Sequence[ReceiptInput], *, today: date, deadline_days: int | None
) -> None:
    if not receipts:
        raise ClaimError.refuse(
            "no_receipts", "ต้องมีใบเสร็จรับเงินอย่างน้อยหนึ่งฉบับ", "At least one receipt.", "receipts"
        )
    for receipt in receipts:
        if not receipt.number.strip():
            raise ClaimError.refuse(
                "receipt_number_required",
                "ใบเสร็จทุกฉบับต้องมีเลขที่",
                "Every receipt needs its number.",
                "receipts",
            )
        if receipt.issued_on > today:
            raise ClaimError.refuse(
                "receipt_in_future",
                f"ใบเสร็จเลขที่ {receipt.number} ลงวันที่ในอนาคต ({_day(receipt.issued_on)})",
                f"Receipt {receipt.number} is dated in the future.",
                "receipts",
            )
        if deadline_days is not None and today > receipt.issued_on + timedelta(days=deadline_days):
            last_day = receipt.issued_on + timedelta(days=deadline_days)
            raise ClaimError.refuse(
                "past_deadline",
                f"ใบเสร็จเลขที่ {receipt.number} ลงวันที่ {_day(receipt.issued_on)} "
                f"พ้นกำหนดยื่นเบิกแล้ว (ยื่นได้ถึงวันที่ {_day(last_day)})",
                f"Receipt {receipt.number} of {receipt.issued_on} is past the claim deadline "
                f"({last_day}).",
                "receipts",
            )


def _medical_item_payable(
    item: ItemInput, *, amount: Decimal, care_type: str, room_rate: Decimal, never: dict[str, str]
) -> tuple[Decimal, str]:
    """What of one receipt line is paid, and why not all of it."""
    if item.kind in never:
        return ZERO, f"{never[item.kind]} เบิกไม่ได้"
    if item.kind == ItemKind.SPECIAL_ROOM:
        if care_type != CareType.INPATIENT:
            return ZERO, "ค่าห้องพิเศษเบิกได้เฉพาะผู้ป่วยใน"
        days = item.days or 0
        cap = quantize_baht(room_rate * days)
        if amount > cap:
            return cap, f"ค่าห้องพิเศษเบิกได้วันละไม่เกิน {format_baht(room_rate)} บาท × {days} วัน"
    return amount, ""


@transaction.atomic
def medical_claim_create(
    *,
    claimant: Person,
    beneficiary: FamilyMember | None,
    hospital_name: str,
    hospital_type: str,
    care_type: str,
    receipts: Sequence[ReceiptInput],
    received_by: User,
    admitted_on: date | None = None,
    discharged_on: date | None = None,
    service_request: ServiceRequest | None = None,
    at: datetime | None = None,
) -> Claim:
    """Receive a medical-expense claim (form 7131) for the claimant or a family member.

    Refuses, with the reason and nothing written: a beneficiary not covered on the day of
    treatment (the first receipt's date, or the admission), a receipt past the deadline or
    already claimed in the office, private outpatient care where the limits exclude it, and a
    claim of which nothing is payable. Lines of kinds never reimbursed pay nothing; a special
    room pays up to the daily rate in force. Without `service_request`, a desk ticket is opened.
    """
    kit.require_role(
        received_by,
        *CLAIM_OFFICER_ROLES,
        code="reimbursements.not_allowed",
        doing=("รับคำขอเบิก", "receive claims"),
    )
    hospital_name = " ".join(hospital_name.split())
    if not hospital_name:
        raise ClaimError.refuse(
            "hospital_required", "กรุณาระบุสถานพยาบาล", "The hospital is required.", "hospital_name"
        )
    if hospital_type not in HospitalType.values:
        raise ClaimError.refuse(
            "invalid_hospital_type",
            "ประเภทสถานพยาบาลไม่ถูกต้อง",
            "Unknown hospital type.",
            "hospital_type",
        )
    if care_type not in CareType.values:
        raise ClaimError.refuse(
            "invalid_care_type", "ประเภทการรักษาไม่ถูกต้อง", "Unknown care type.", "care_type"
        )
    if care_type == CareType.INPATIENT and admitted_on is None:
        raise ClaimError.refuse(
            "admission_required",
            "ผู้ป่วยในต้องระบุวันที่เข้ารับการรักษา",
            "Inpatients need the admission date.",
            "admitted_on",
        )
    if admitted_on and discharged_on and discharged_on < admitted_on:
        raise ClaimError.refuse(
            "invalid_stay",
            "วันที่ออกจากสถานพยาบาลต้องไม่ก่อนวันที่เข้ารับการรักษา",
            "Discharge before admission.",
            "discharged_on",
        )
    beneficiary = _beneficiary_of(claimant, beneficiary)
    submitted_at = kit.now(at)
    today = local_date(submitted_at)
    if not receipts:
        _check_receipt_dates(receipts, today=today, deadline_days=None)
    treated_on = admitted_on or min(r.issued_on for r in receipts)
    limits = medical_limits_in_force(on=treated_on)
    if limits is None:
        raise ClaimError.refuse(
            "no_rate",
            f"ยังไม่มีหลักเกณฑ์ค่ารักษาพยาบาลที่ใช้บังคับในวันที่ {_day(treated_on)} ให้ส่วนกลางบันทึกก่อน",
            f"No medical limits in force on {treated_on}: the central agency must enter them.",
        )
    _check_receipt_dates(receipts, today=today, deadline_days=limits.claim_deadline_days)
    if (
        hospital_type == HospitalType.PRIVATE
        and care_type == CareType.OUTPATIENT
        and not limits.private_outpatient_reimbursable
    ):
        raise ClaimError.refuse(
            "private_outpatient",
            "ค่ารักษาพยาบาลประเภทผู้ป่วยนอกในสถานพยาบาลของเอกชนเบิกไม่ได้",
            "Outpatient care at a private hospital is not reimbursed.",
            "hospital_type",
        )
    family = list(claimant.family.all())
    verdicts = eligibility.medical_eligibility(claimant, family, on=treated_on)
    verdict = eligibility.verdict_for(verdicts, beneficiary)
    name = str(beneficiary) if beneficiary is not None else str(claimant)
    _refuse_ineligible(verdict, name=name)
    assert verdict is not None  # noqa: S101 (refused above)
    never = non_reimbursable_codes(limits)
    known = set(ItemKind.values) - {ItemKind.TUITION}
    lines: list[tuple[ReceiptInput, list[tuple[ItemInput, Decimal, Decimal, str]]]] = []
    for receipt in receipts:
        if not receipt.items:
            raise ClaimError.refuse(
                "no_items",
                f"ใบเสร็จเลขที่ {receipt.number} ต้องมีรายการอย่างน้อยหนึ่งรายการ",
                f"Receipt {receipt.number} needs at least one line.",
                "receipts",
            )
        priced = []
        for item in receipt.items:
            if item.kind not in known:
                raise ClaimError.refuse(
                    "invalid_item",
                    "ประเภทรายการไม่ถูกต้อง",
                    f"Unknown item kind {item.kind!r}.",
                    "receipts",
                )
            if item.kind == ItemKind.SPECIAL_ROOM and not item.days:
                raise ClaimError.refuse(
                    "room_days_required",
                    "ค่าห้องพิเศษต้องระบุจำนวนวัน",
                    "A special-room line needs its number of days.",
                    "receipts",
                )
            amount = _money(
                item.amount, field_name="receipts", label=f"ใบเสร็จเลขที่ {receipt.number}"
            )
            payable, note = _medical_item_payable(
                item,
                amount=amount,
                care_type=care_type,
                room_rate=limits.special_room_rate_per_day,
                never=never,
            )
            priced.append((item, amount, payable, note))
        lines.append((receipt, priced))
    _receipts_not_claimed(hospital_name, receipts)
    claimed = quantize_baht(
        sum((amount for _, priced in lines for _, amount, _, _ in priced), ZERO)
    )
    _total_at_most(claimed, MAX_CLAIM_AMOUNT)
    payable = quantize_baht(sum((p for _, priced in lines for _, _, p, _ in priced), ZERO))
    if payable <= 0:
        raise ClaimError.refuse(
            "nothing_payable",
            "ไม่มีรายการใดในใบเสร็จที่เบิกได้",
            "Nothing on these receipts is reimbursable.",
            "receipts",
        )
    ticket = service_request_take(
        service_request=service_request,
        service_type_code=MEDICAL_SERVICE,
        person=claimant,
        holders=Claim.objects.all(),
        received_by=received_by,
        at=submitted_at,
        refusal=ClaimError,
    )
    claim = Claim.objects.create(
        kind=ClaimKind.MEDICAL,
        claimant=claimant,
        claimant_category=claimant.category,
        beneficiary=beneficiary,
        beneficiary_relation=verdict.relation,
        beneficiary_name=name,
        beneficiary_national_id=(beneficiary.national_id if beneficiary else claimant.national_id),
        eligibility_note=verdict.reason_th[:300],
        service_request=ticket,
        rate_version=limits.pk,
        rate_source=limits.source_letter,
        rate_confirmed=limits.is_confirmed,
        claimed_amount=claimed,
        payable_amount=payable,
        submitted_at=submitted_at,
        submitted_by=received_by,
    )
    MedicalClaimDetail.objects.create(
        claim=claim,
        hospital_name=hospital_name,
        hospital_type=hospital_type,
        care_type=care_type,
        admitted_on=admitted_on,
        discharged_on=discharged_on,
        special_room_rate=limits.special_room_rate_per_day,
    )
    for receipt, priced in lines:
        amount = quantize_baht(sum((a for _, a, _, _ in priced), ZERO))
        saved = _save_receipt(claim, hospital_name, receipt, amount)
        ReceiptItem.objects.bulk_create(
            ReceiptItem(
                receipt=saved,
                kind=item.kind,
                description=item.description.strip()[:200],
                days=item.days if item.kind == ItemKind.SPECIAL_ROOM else None,
                amount=item_amount,
                payable_amount=item_payable,
                note=note,
            )
            for item, item_amount, item_payable, note in priced
        )
        saved.payable_amount = quantize_baht(sum((p for _, _, p, _ in priced), ZERO))
        saved.save(update_fields=["payable_amount"])
    audit_record(
        action="reimbursements.submitted",
        actor=received_by,
        target=claim,
        changes={"status": [None, claim.status], "payable_amount": [None, str(payable)]},
    )
    return claim


def _lock_child_year(child: FamilyMember, academic_year_be: int) -> None:
    """Serialise claims of one child's academic year (the cap spans semesters and parents)."""
    child_key = child.national_id or child.pk
    key = f"{current_schema()}:child-education:{child_key}:{academic_year_be}"
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(hashtextextended(%s, 0))", [key])


@transaction.atomic
def child_education_claim_create(
    *,
    claimant: Person,
    child: FamilyMember,
    academic_year_be: int,
    semester: int,
    school_name: str,
    school_type: str,
    level: str,
    receipts: Sequence[ReceiptInput],
    fee_notice_received: bool,
    received_by: User,
    service_request: ServiceRequest | None = None,
    at: datetime | None = None,
) -> Claim:
    """Receive a child-education claim (form 7223) for one child's semester.

    The rate is the one in force for the academic year, school type and level; the cap is per
    academic year across both semesters (and both parents). Pays the fees (or the rate's share
    of them) up to what remains of the cap. Refuses, with the reason: a child not covered, a
    semester already claimed, a cap already used up, a level without a rate, a receipt already
    claimed, a missing fee notice.
    """
    kit.require_role(
        received_by,
        *CLAIM_OFFICER_ROLES,
        code="reimbursements.not_allowed",
        doing=("รับคำขอเบิก", "receive claims"),
    )
    if semester not in (1, 2):
        raise ClaimError.refuse(
            "invalid_semester", "ภาคเรียนต้องเป็น 1 หรือ 2", "The semester is 1 or 2.", "semester"
        )
    try:
        year = academic_year(academic_year_be)
    except ValueError:
        raise ClaimError.refuse(
            "invalid_academic_year",
            "ปีการศึกษาต้องเป็นปีพุทธศักราช เช่น 2557",
            "The academic year is a Buddhist Era year, e.g. 2557.",
            "academic_year",
        ) from None
    if school_type not in SchoolType.values:
        raise ClaimError.refuse(
            "invalid_school_type", "ประเภทสถานศึกษาไม่ถูกต้อง", "Unknown school type.", "school_type"
        )
    if level not in EducationLevel.values:
        raise ClaimError.refuse("invalid_level", "ระดับการศึกษาไม่ถูกต้อง", "Unknown level.", "level")
    school_name = " ".join(school_name.split())
    if not school_name:
        raise ClaimError.refuse(
            "school_required", "กรุณาระบุสถานศึกษา", "The school is required.", "school_name"
        )
    if not fee_notice_received:
        raise ClaimError.refuse(
            "fee_notice_required",
            "ต้องมีประกาศของสถานศึกษาเรื่องการเก็บเงินบำรุงการศึกษาประกอบคำขอ",
            "The school's fee notice is required.",
            "fee_notice_received",
        )
    if child.person_id != claimant.pk or child.relation != "child":
        raise ClaimError.refuse(
            "not_in_family",
            "ผู้ที่ขอเบิกให้ไม่ใช่บุตรของผู้มีสิทธิ",
            "The child is not the claimant's.",
            "beneficiary",
        )
    submitted_at = kit.now(at)
    today = local_date(submitted_at)
    _check_receipt_dates(receipts, today=today, deadline_days=None)
    amounts = [
        _money(
            r.amount,
            field_name="receipts",
            label=f"ใบเสร็จเลขที่ {r.number}",
            most=MAX_CHILD_EDUCATION_AMOUNT,
        )
        for r in receipts
    ]
    _total_at_most(quantize_baht(sum(amounts, ZERO)), MAX_CHILD_EDUCATION_AMOUNT)
    family = list(claimant.family.all())
    verdicts = eligibility.child_education_eligibility(
        claimant, family, year=year, semester=semester
    )
    verdict = eligibility.verdict_for(verdicts, child)
    _refuse_ineligible(verdict, name=str(child))
    assert verdict is not None  # noqa: S101 (refused above)
    rate = child_education_rate_in_force(
        academic_year_be=academic_year_be, school_type=school_type, level=level
    )
    if rate is None:
        with_labels = f"{SchoolType(school_type).label} {EducationLevel(level).label}"
        raise ClaimError.refuse(
            "no_rate",
            f"ยังไม่มีอัตราเงินบำรุงการศึกษาของ{with_labels} ปีการศึกษา {academic_year_be} "
            "ให้ส่วนกลางบันทึกอัตราก่อน",
            f"No rate for {school_type} {level} in academic year {academic_year_be}: the "
            "central agency must enter it.",
            "level",
        )
    _lock_child_year(child, academic_year_be)
    taken = child_education_semester_claim(
        child=child, academic_year_be=academic_year_be, semester=semester
    )
    if taken is not None:
        raise ClaimError.refuse(
            "semester_claimed",
            f"{child} มีคำขอเบิกภาคเรียนที่ {semester}/{academic_year_be} แล้ว (คำขอเลขที่ {taken.pk})",
            f"Semester {semester}/{academic_year_be} of this child is already claimed "
            f"(claim {taken.pk}).",
            "semester",
        )
    entitlement = child_education_entitlement(
        child=child, rate=rate, academic_year_be=academic_year_be
    )
    if entitlement.remaining <= 0:
        raise ClaimError.refuse(
            "cap_used",
            f"{child} ใช้สิทธิครบ {format_baht(entitlement.entitled)} บาทของปีการศึกษา "
            f"{academic_year_be} แล้ว",
            f"The child's cap of {entitlement.entitled} for {academic_year_be} is used up.",
            "receipts",
        )
    actual = quantize_baht(sum(amounts, ZERO))
    applied = actual
    if rate.method == RateMethod.SHARE_UP_TO_CAP:
        applied = quantize_baht(actual * rate.share_percent / Decimal(100))
    payable = min(applied, entitlement.remaining)
    _receipts_not_claimed(school_name, receipts)
    ticket = service_request_take(
        service_request=service_request,
        service_type_code=CHILD_EDUCATION_SERVICE,
        person=claimant,
        holders=Claim.objects.all(),
        received_by=received_by,
        at=submitted_at,
        refusal=ClaimError,
    )
    claim = Claim.objects.create(
        kind=ClaimKind.CHILD_EDUCATION,
        claimant=claimant,
        claimant_category=claimant.category,
        beneficiary=child,
        beneficiary_relation="child",
        beneficiary_name=str(child),
        beneficiary_national_id=child.national_id,
        eligibility_note=verdict.reason_th[:300],
        service_request=ticket,
        rate_version=rate.pk,
        rate_source=rate.source_letter,
        rate_confirmed=rate.is_confirmed,
        claimed_amount=actual,
        payable_amount=payable,
        submitted_at=submitted_at,
        submitted_by=received_by,
    )
    ChildEducationClaimDetail.objects.create(
        claim=claim,
        child=child,
        child_national_id=child.national_id,
        academic_year=academic_year_be,
        semester=semester,
        school_name=school_name,
        school_type=school_type,
        education_level=level,
        fee_notice_received=True,
        rate_method=rate.method,
        rate_share_percent=rate.share_percent,
        rate_cap=rate.cap_per_academic_year,
        entitled_amount=entitlement.entitled,
        used_before=entitlement.used,
    )
    left = payable
    for receipt, amount in zip(receipts, amounts, strict=True):
        saved = _save_receipt(claim, school_name, receipt, amount)
        share = amount
        if rate.method == RateMethod.SHARE_UP_TO_CAP:
            share = quantize_baht(amount * rate.share_percent / Decimal(100))
        paid_here = min(share, left)
        left -= paid_here
        note = ""
        if paid_here < amount:
            note = (
                f"เบิกได้ร้อยละ {rate.share_percent.normalize()} ของที่จ่ายจริง"
                if rate.method == RateMethod.SHARE_UP_TO_CAP and paid_here == share
                else f"เกินสิทธิคงเหลือของปีการศึกษา {academic_year_be}"
            )
        ReceiptItem.objects.create(
            receipt=saved, kind=ItemKind.TUITION, amount=amount, payable_amount=paid_here, note=note
        )
        saved.payable_amount = paid_here
        saved.save(update_fields=["payable_amount"])
    audit_record(
        action="reimbursements.submitted",
        actor=received_by,
        target=claim,
        changes={"status": [None, claim.status], "payable_amount": [None, str(payable)]},
    )
    return claim


def _locked(claim: Claim) -> Claim:
    """The claim's row, locked until the transaction ends (not its person's or ticket's)."""
    return kit.lock(Claim.objects.select_related("claimant", "service_request"), claim.pk)


@transaction.atomic
def claim_check(*, claim: Claim, officer: User, at: datetime | None = None) -> Claim:
    """The officer has checked the originals against the claim. Repeatable."""
    kit.require_role(
        officer,
        *CLAIM_OFFICER_ROLES,
        code="reimbursements.not_allowed",
        doing=("ตรวจคำขอเบิก", "check claims"),
    )
    claim = _locked(claim)
    if claim.status == ClaimStatus.CHECKED:
        return claim
    kit.expect_status(claim, ClaimStatus.SUBMITTED, refusal=ClaimError, noun="claim")
    claim.status = ClaimStatus.CHECKED
    claim.checked_at, claim.checked_by = kit.now(at), officer
    claim.save(update_fields=["status", "checked_at", "checked_by"])
    audit_record(
        action="reimbursements.checked",
        actor=officer,
        target=claim,
        changes={"status": [ClaimStatus.SUBMITTED, claim.status]},
    )
    return claim


def approval_threshold() -> Decimal:
    settings = ReimbursementSettings.objects.first()
    threshold: Decimal = (settings or ReimbursementSettings()).approval_threshold
    return threshold


def may_approve(user: User, claim: Claim) -> bool:
    """Whether `user` may approve `claim`: the director always; a claim officer up to the
    office's threshold."""
    if user.has_role(*DIRECTOR_ROLES):
        return True
    return (
        bool(user.has_role(*CLAIM_OFFICER_ROLES)) and claim.payable_amount <= approval_threshold()
    )


@transaction.atomic
def claim_approve(*, claim: Claim, approver: User, at: datetime | None = None) -> Claim:
    """Approve a checked claim. Above the office's threshold only the director approves.
    Repeatable: an approved claim is returned as it is."""
    kit.require_role(
        approver,
        *APPROVER_ROLES,
        code="reimbursements.not_allowed",
        doing=("อนุมัติคำขอเบิก", "approve claims"),
    )
    claim = _locked(claim)
    if claim.status == ClaimStatus.APPROVED:
        return claim
    kit.expect_status(claim, ClaimStatus.CHECKED, refusal=ClaimError, noun="claim")
    if not may_approve(approver, claim):
        threshold = approval_threshold()
        raise ClaimError.refuse(
            "director_required",
            f"ยอดเบิก {format_baht(claim.payable_amount)} บาท เกิน {format_baht(threshold)} บาท "
            "ต้องให้ผู้อำนวยการอนุมัติ",
            f"{claim.payable_amount} is above {threshold}: the director approves.",
        )
    claim.status = ClaimStatus.APPROVED
    claim.approved_at, claim.approved_by = kit.now(at), approver
    claim.save(update_fields=["status", "approved_at", "approved_by"])
    audit_record(
        action="reimbursements.approved",
        actor=approver,
        target=claim,
        changes={"status": [ClaimStatus.CHECKED, claim.status]},
    )
    return claim


@transaction.atomic
def claim_return(*, claim: Claim, officer: User, reason: str, at: datetime | None = None) -> Claim:
    """Return an unpaid claim with the reason the claimant is told. Its receipts are released
    (a corrected claim may carry them), and its desk ticket completes with the answer."""
    kit.require_role(
        officer,
        *APPROVER_ROLES,
        code="reimbursements.not_allowed",
        doing=("ส่งคืนคำขอเบิก", "return claims"),
    )
    reason = reason.strip()
    if not reason:
        raise ClaimError.refuse(
            "return_reason_required", "กรุณาระบุเหตุผลที่ส่งคืน", "A reason is required.", "reason"
        )
    claim = _locked(claim)
    kit.expect_status(claim, *OPEN_STATUSES, refusal=ClaimError, noun="claim")
    before = claim.status
    claim.status = ClaimStatus.RETURNED
    claim.return_reason = reason
    claim.closed_at = kit.now(at)
    claim.save(update_fields=["status", "return_reason", "closed_at"])
    claim.receipts.update(is_claimed=False)
    ChildEducationClaimDetail.objects.filter(claim=claim).update(is_claimed=False)
    if claim.service_request is not None and claim.service_request.is_open:
        service_request_complete(
            service_request=claim.service_request,
            officer=officer
            if officer.has_role(*CLAIM_OFFICER_ROLES, *PAYER_ROLES)
            else claim.submitted_by or officer,
            outcome=f"ส่งคืนคำขอ: {reason}"[:200],
            at=claim.closed_at,
        )
    audit_record(
        action="reimbursements.returned",
        actor=officer,
        target=claim,
        changes={"status": [before, claim.status], "reason": [None, reason]},
    )
    return claim


def _register_year(claim: Claim, paid_on: date) -> int:
    """Medical payments are numbered per fiscal year, child-education payments per academic
    year (the register's `NNNN/<academic year>`)."""
    if claim.kind == ClaimKind.CHILD_EDUCATION:
        return claim.child_education.academic_year
    return fiscal_year_of(paid_on).be_year


@transaction.atomic
def claim_pay(*, claim: Claim, payer: User, at: datetime | None = None) -> Payment:
    """Pay an approved claim in cash: one payment, numbered, with the amount in words; the
    desk ticket completes. Idempotent: the claim's row is locked, so of two officers (or a
    double click, or a retried request) paying at once one pays and the other gets the same
    payment back; the one-to-one with the claim refuses a second payment in any case."""
    kit.require_role(
        payer, *PAYER_ROLES, code="reimbursements.not_allowed", doing=("จ่ายเงิน", "pay claims")
    )
    claim = _locked(claim)
    if claim.status == ClaimStatus.PAID:
        return Payment.objects.get(claim=claim)
    kit.expect_status(claim, ClaimStatus.APPROVED, refusal=ClaimError, noun="claim")
    paid_at = kit.now(at)
    paid_on = local_date(paid_at)
    year = _register_year(claim, paid_on)
    sequence = next_number(PaymentCounter, kind=claim.kind, year=year)
    payee = claim.claimant
    payment = Payment.objects.create(
        claim=claim,
        kind=claim.kind,
        year=year,
        sequence=sequence,
        number=f"{sequence:04d}/{year}",
        fiscal_year=fiscal_year_of(paid_on).be_year,
        amount=claim.payable_amount,
        amount_text=baht_text(claim.payable_amount),
        payee_name=payee.full_name_th,
        paid_at=paid_at,
        paid_by=payer,
        paid_by_name=payer.display_name,
    )
    claim.status = ClaimStatus.PAID
    claim.closed_at = paid_at
    claim.save(update_fields=["status", "closed_at"])
    if claim.service_request is not None and claim.service_request.is_open:
        service_request_complete(
            service_request=claim.service_request,
            officer=payer,
            outcome=f"จ่ายเงินสด {format_baht(payment.amount)} บาท เลขที่ {payment.number}",
            at=paid_at,
        )
    audit_record(
        action="reimbursements.paid",
        actor=payer,
        target=claim,
        changes={
            "status": [ClaimStatus.APPROVED, claim.status],
            "payment": [None, payment.number],
            "amount": [None, str(payment.amount)],
        },
    )
    outbox_record(resource=PAYMENT, action="created", obj=payment)
    return payment


def _sniff(head: bytes) -> str | None:
    if head.startswith(b"%PDF-"):
        return "application/pdf"
    if head.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    return None


@transaction.atomic
def claim_scan_add(*, claim: Claim, upload: File[Any], kind: str, uploaded_by: User) -> ClaimScan:
    """Keep a scanned document of the claim in the office's own files. The type is read from
    the content (PDF, JPEG, PNG), never from the name; at most 10 MB. Images are kept as
    decoded and saved again (no metadata, nothing hidden beside the pixels); a PDF with active
    content or anything after its end is refused (`core.uploads`). The uploader's file name is
    kept for display only; the stored name is made here."""
    kit.require_role(
        uploaded_by,
        *CLAIM_OFFICER_ROLES,
        code="reimbursements.not_allowed",
        doing=("แนบเอกสาร", "attach documents"),
    )
    if kind not in ScanKind.values:
        raise ClaimError.refuse(
            "invalid_scan_kind", "ประเภทเอกสารไม่ถูกต้อง", "Unknown document kind.", "kind"
        )
    size = upload.size or 0
    if size > SCAN_MAX_BYTES:
        raise ClaimError.refuse(
            "scan_too_large", "ไฟล์ใหญ่เกิน 10 MB", "The file is larger than 10 MB.", "file"
        )
    if size == 0:
        raise ClaimError.refuse("scan_empty", "ไฟล์ว่างเปล่า", "The file is empty.", "file")
    upload.seek(0)
    content = upload.read()
    content_type = _sniff(content[:16])
    if content_type is None:
        raise ClaimError.refuse(
            "scan_type",
            "รับเฉพาะไฟล์ PDF, JPEG หรือ PNG",
            "Only PDF, JPEG or PNG files are accepted.",
            "file",
        )
    if content_type == "application/pdf":
        pdf_checked(content, field="file")
    else:
        content, content_type, _extension = image_reencoded(
            content, formats={"JPEG", "PNG"}, field="file"
        )
    claim = _locked(claim)
    digest = hashlib.sha256(content).hexdigest()
    scan = ClaimScan(
        claim=claim,
        kind=kind,
        original_name=(upload.name or "scan")[-255:],
        content_type=content_type,
        size=len(content),
        sha256=digest,
        uploaded_by=uploaded_by,
    )
    stored_name = f"{claim.pk}-{digest[:16]}{SCAN_TYPES[content_type]}"
    scan.file.save(stored_name, ContentFile(content), save=False)
    scan.save()
    audit_record(
        action="reimbursements.scan_added",
        actor=uploaded_by,
        target=claim,
        changes={"scan": [None, scan.original_name]},
    )
    return scan


@transaction.atomic
def reimbursement_settings_update(
    *, approval_threshold: Decimal, payer_name: str, actor: User
) -> ReimbursementSettings:
    kit.require_role(
        actor,
        *SETTINGS_ROLES,
        code="reimbursements.not_allowed",
        doing=("แก้ไขการตั้งค่า", "change the settings"),
    )
    threshold = quantize_baht(approval_threshold)
    if threshold < 0:
        raise ClaimError.refuse(
            "invalid_threshold",
            "วงเงินต้องไม่ติดลบ",
            "The threshold cannot be negative.",
            "approval_threshold",
        )
    settings = ReimbursementSettings.objects.select_for_update().first() or ReimbursementSettings()
    before = [str(settings.approval_threshold), settings.payer_name]
    settings.approval_threshold, settings.payer_name = threshold, payer_name.strip()
    settings.save()
    audit_record(
        action="reimbursements.settings_changed",
        actor=actor,
        target=settings,
        target_label="การตั้งค่าการเบิกจ่าย",
        changes={
            "approval_threshold": [before[0], str(threshold)],
            "payer_name": [before[1], settings.payer_name],
        },
    )
    return settings
