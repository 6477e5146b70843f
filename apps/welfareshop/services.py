"""Every write of the welfare shop and its rooms. Runs in an office's schema.

A member's life: applied at the desk (`member_apply`, the fee rule in force that day stored
with it; paying by salary deduction needs the consent scan) → checked by the welfare officer
(`member_check`: the desk ticket completes) → decided by the welfare committee
(`applications_decide_at_meeting` at a held meeting of the welfare committee, `apps.committees`;
or `member_decide` by its chair where the office's settings say so, never by the one who
received or checked it; approval gives the number NNNN/<B.E. fiscal year>) →
active, then suspended and reinstated, or left (`member_leave` ends the salary deduction).
A member paying by deduction is sent to finance as a standing deduction instruction
(`member_deduction_send`, `apps.payroll`).

Rooms and areas (`resource_save`) are booked by time (`booking_create`, `booking_series_create`
for a weekly booking, all or nothing). Overlaps are refused by the database's exclusion
constraint, not by a check before the insert, so two officers booking the same slot at the
same moment get one booking and one `welfareshop.booking_conflict`. Cancelling frees the slot.

The counter's tally (`tally_add`), photos as evidence (`photo_add`: resized, no metadata, with
consent noted) and the cash book (`account_entry_record`) complete the service.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any

from django.core.files.base import ContentFile
from django.db import IntegrityError, connection, transaction
from django.db.backends.postgresql.psycopg_any import DateTimeTZRange
from django.utils import timezone
from PIL import Image

from accounts.models import User
from apps.committees.models import AgendaItem, Committee, Meeting, MeetingStatus, MemberRole
from apps.committees.selectors import committee_for, membership_of_user
from apps.committees.services import (
    CommitteeError,
    agenda_item_add,
    agenda_item_set_table,
    committee_ensure,
)
from apps.onestop.models import ServiceRequest
from apps.onestop.services import service_request_complete, service_request_take
from apps.payroll.models import DeductionKind, InstructionSource
from apps.payroll.months import month_start
from apps.payroll.services import (
    PayrollError,
    deduction_instruction_create,
    deduction_instruction_end,
    money,
)
from apps.people.models import Person, PersonCategory, PersonStatus, School
from apps.welfareshop.models import (
    OPEN_STATUSES,
    AccountEntry,
    ApprovalBy,
    Booking,
    BookingSeries,
    BookingStatus,
    Consent,
    EntryKind,
    EvidencePhoto,
    FeeKind,
    FeeRule,
    Member,
    MemberGroup,
    MemberNumberCounter,
    MemberStatus,
    PaymentMethod,
    Resource,
    ResourceKind,
    ServiceTally,
    ShopSettings,
    TallyKind,
)
from apps.welfareshop.module import BOOKING, MEMBER
from apps.welfareshop.permissions import (
    ACCOUNTS_ROLES,
    BOOKER_ROLES,
    SHOP_OFFICER_ROLES,
)
from audit.services import audit_record
from core import kit
from core.errors import PermissionDeniedError
from core.sequences import next_number
from core.thai import fiscal_year_of, format_be_date, local_date
from core.uploads import image_reencoded, pdf_checked
from outbox.services import outbox_record

MEMBERSHIP_SERVICE = "shop_membership"
BOOKING_SERVICE = "room_booking"
STAFF_CATEGORIES = (
    PersonCategory.TEACHER,
    PersonCategory.EDUCATION_PERSONNEL,
    PersonCategory.GOVERNMENT_EMPLOYEE,
    PersonCategory.PERMANENT_EMPLOYEE,
)
MAX_SERIES = 60  # a weekly booking of more than a year is a standing arrangement, not a booking
PHOTO_MAX_SIDE = 1600  # px: sharp on a screen and in the printed album, ~300 kB as JPEG
TALLY_MAX_STEP = 500


class ShopError(kit.Refusal):
    prefix = "welfareshop"


def _require(user: Any, roles: Sequence[str], doing: tuple[str, str]) -> None:
    kit.require_role(user, *roles, code="welfareshop.not_allowed", doing=doing)


def _text(value: Any, *, field: str, limit: int, required: bool = True) -> str:
    text = " ".join(str(value or "").split())
    if required and not text:
        raise ShopError.refuse("required", "กรุณากรอกข้อมูลนี้", "This field is required.", field)
    if len(text) > limit:
        raise ShopError.refuse(
            "too_long",
            f"ข้อความยาวเกิน {limit} ตัวอักษร",
            f"At most {limit} characters.",
            field,
        )
    return text


def _amount(value: Any, field: str, *, allow_zero: bool) -> Decimal:
    try:
        return money(value, field=field, allow_zero=allow_zero)
    except PayrollError as error:
        raise ShopError(
            error.message_th, error.message_en, code=f"welfareshop.{field}_invalid", field=field
        ) from None


def shop_settings() -> ShopSettings:
    return ShopSettings.objects.first() or ShopSettings()


@transaction.atomic
def shop_settings_save(
    *,
    actor: User,
    shop_name: str,
    creditor_name: str,
    approval_by: str,
    internal_regulation: str = "",
) -> ShopSettings:
    _require(actor, SHOP_OFFICER_ROLES, ("แก้ไขการตั้งค่าร้านค้าสวัสดิการ", "change the shop's settings"))
    if approval_by not in ApprovalBy.values:
        raise ShopError.refuse(
            "unknown_approval", "ไม่รู้จักวิธีพิจารณา", "Unknown way of deciding.", "approval_by"
        )
    row = ShopSettings.objects.select_for_update().first() or ShopSettings()
    before = {"approval_by": row.approval_by, "creditor_name": row.creditor_name}
    row.shop_name = _text(shop_name, field="shop_name", limit=200)
    row.creditor_name = _text(creditor_name, field="creditor_name", limit=100)
    row.approval_by = approval_by
    row.internal_regulation = _text(
        internal_regulation, field="internal_regulation", limit=300, required=False
    )
    row.save()
    audit_record(
        action="welfareshop.settings_saved",
        actor=actor,
        target=row,
        changes={
            "approval_by": [before["approval_by"], row.approval_by],
            "creditor_name": [before["creditor_name"], row.creditor_name],
        },
    )
    return row


@transaction.atomic
def fee_rule_create(
    *,
    actor: User,
    valid_from: date,
    kind: str,
    amount: Any,
    source: str = "",
    confirmed: bool = False,
) -> FeeRule:
    """A new version of the fee or share (from `valid_from`); earlier versions stay, so each
    member keeps the one they applied under. One version per day."""
    _require(actor, SHOP_OFFICER_ROLES, ("กำหนดค่าสมัครสมาชิก", "set the membership fee"))
    if kind not in FeeKind.values:
        raise ShopError.refuse("unknown_fee_kind", "ไม่รู้จักประเภทค่าสมาชิก", "Unknown kind.", "kind")
    value = _amount(amount, "amount", allow_zero=True)
    source = _text(source, field="source", limit=300, required=False)
    if confirmed and not source:
        raise ShopError.refuse(
            "source_required",
            "อัตราที่ยืนยันแล้วต้องระบุที่มา (ระเบียบหรือมติที่ประชุม)",
            "A confirmed rule names its source.",
            "source",
        )
    try:
        with transaction.atomic():
            rule = FeeRule.objects.create(
                valid_from=valid_from,
                kind=kind,
                amount=value,
                source=source,
                confirmed=confirmed,
                created_by=actor if getattr(actor, "pk", None) else None,
            )
    except IntegrityError:
        raise ShopError.refuse(
            "duplicate_fee_rule",
            f"มีอัตราที่ใช้ตั้งแต่วันที่ {format_be_date(valid_from)} แล้ว",
            "A rule from that day exists.",
            "valid_from",
        ) from None
    audit_record(
        action="welfareshop.fee_rule_created",
        actor=actor,
        target=rule,
        changes={"kind": [None, kind], "amount": [None, f"{value:.2f}"], "source": [None, source]},
    )
    return rule


def fee_rule_in_force(on: date) -> FeeRule | None:
    return FeeRule.objects.filter(valid_from__lte=on).order_by("-valid_from").first()


# --- Members ------------------------------------------------------------------------------


def _locked_member(member: Member) -> Member:
    return kit.lock(Member.objects.select_related("person", "service_request"), member.pk)


def _consent_kept(upload: Any) -> tuple[bytes, str]:
    upload.seek(0)
    data = upload.read()
    if data.startswith(b"%PDF"):
        pdf_checked(data, field="consent_scan")
        return data, ".pdf"
    content, _type, extension = image_reencoded(data, formats={"JPEG", "PNG"}, field="consent_scan")
    return content, extension


@transaction.atomic
def member_apply(
    *,
    person: Person,
    payment: str,
    received_by: User,
    consent_scan: Any = None,
    service_request: ServiceRequest | None = None,
    at: datetime | None = None,
) -> Member:
    """Receive an application (at the desk with its ticket, or from a form). Refused: someone
    not on the staff of the office or its schools, no fee rule in force, salary deduction
    without the consent scan, a person with an open application or membership (applying twice
    acts once: `welfareshop.already_member`)."""
    _require(received_by, SHOP_OFFICER_ROLES, ("รับใบสมัครสมาชิก", "receive applications"))
    applied_at = kit.now(at)
    day = local_date(applied_at)
    if person.status != PersonStatus.ACTIVE or person.category not in STAFF_CATEGORIES:
        raise ShopError.refuse(
            "not_staff",
            f"{person} ไม่ใช่บุคลากรที่ปฏิบัติงานในสำนักงานหรือโรงเรียนในสังกัด จึงสมัครสมาชิกไม่ได้",
            "Members are serving staff of the office and its schools.",
            "person",
        )
    if payment not in PaymentMethod.values:
        raise ShopError.refuse(
            "unknown_payment", "กรุณาเลือกวิธีชำระเงิน", "Choose how the fee is paid.", "payment"
        )
    rule = fee_rule_in_force(day)
    if rule is None:
        raise ShopError.refuse(
            "no_fee_rule",
            "สำนักงานยังไม่ได้กำหนดค่าสมาชิก กรุณากำหนดในหน้าตั้งค่าก่อน",
            "The office has not set the membership fee yet.",
            "payment",
        )
    kept: tuple[bytes, str] | None = None
    if payment == PaymentMethod.DEDUCTION:
        if consent_scan is None:
            raise ShopError.refuse(
                "consent_required",
                "การหักเงินเดือนต้องแนบหนังสือยินยอมให้หักเงินเดือนที่ลงนามแล้ว",
                "Salary deduction needs the signed consent (scan).",
                "consent_scan",
            )
        kept = _consent_kept(consent_scan)
    if Member.objects.filter(person=person, status__in=OPEN_STATUSES).exists():
        raise _already(person)
    ticket = service_request_take(
        service_request=service_request,
        service_type_code=MEMBERSHIP_SERVICE,
        person=person,
        holders=Member.objects.all(),
        received_by=received_by,
        at=applied_at,
        refusal=ShopError,
    ) if service_request is not None else None  # fmt: skip
    try:
        with transaction.atomic():
            member = Member.objects.create(
                person=person,
                service_request=ticket,
                group=MemberGroup.SCHOOL if person.school_id else MemberGroup.OFFICE,
                category=person.category,
                unit=person.school.name_th if person.school_id and person.school else "",
                fee_rule=rule,
                fee_kind=rule.kind,
                fee_amount=rule.amount,
                payment=payment,
                applied_at=applied_at,
                received_by=received_by,
            )
    except IntegrityError:
        raise _already(person) from None
    if kept is not None:
        content, extension = kept
        member.consent_scan.save(f"{member.pk}{extension}", ContentFile(content), save=True)
    audit_record(
        action="welfareshop.member_applied",
        actor=received_by,
        target=member,
        changes={"payment": [None, payment], "fee_amount": [None, f"{rule.amount:.2f}"]},
    )
    outbox_record(resource=MEMBER, action="created", obj=member)
    return member


def _already(person: Person) -> ShopError:
    return ShopError.refuse(
        "already_member",
        f"{person} เป็นสมาชิกหรือมีใบสมัครที่ยังไม่ได้พิจารณาอยู่แล้ว",
        "This person already has an application or a membership.",
        "person",
    )


@transaction.atomic
def member_check(*, member: Member, officer: User, at: datetime | None = None) -> Member:
    """The welfare officer checked the application (staff, fee, consent): it goes to the
    committee, and the desk's part is done (its ticket completes)."""
    _require(officer, SHOP_OFFICER_ROLES, ("ตรวจใบสมัคร", "check applications"))
    member = _locked_member(member)
    kit.expect_status(member, MemberStatus.APPLIED, refusal=ShopError, noun="application")
    member.status = MemberStatus.CHECKED
    member.checked_at = kit.now(at)
    member.checked_by = officer
    member.save(update_fields=["status", "checked_at", "checked_by"])
    if member.service_request is not None:
        service_request_complete(
            service_request=member.service_request,
            officer=officer,
            outcome="ส่งใบสมัครให้คณะกรรมการสวัสดิการพิจารณา",
            at=member.checked_at,
        )
    audit_record(action="welfareshop.member_checked", actor=officer, target=member)
    outbox_record(resource=MEMBER, action="updated", obj=member)
    return member


def _next_member_number(be_year: int) -> str:
    return f"{next_number(MemberNumberCounter, be_year=be_year):04d}/{be_year}"


WELFARE_COMMITTEE = "welfareshop.committee"
WELFARE_COMMITTEE_NAME = "คณะกรรมการสวัสดิการภายในสำนักงาน"


def welfare_committee() -> Committee | None:
    """The office's welfare committee (`apps.committees`), once its order is recorded."""
    return committee_for(WELFARE_COMMITTEE)


@transaction.atomic
def welfare_committee_ensure(*, actor: User) -> Committee:
    """The welfare committee, created (without members) if the office has none yet: its
    appointment orders, members and meetings are then kept with `apps.committees`."""
    _require(actor, SHOP_OFFICER_ROLES, ("ตั้งคณะกรรมการสวัสดิการ", "set up the committee"))
    return committee_ensure(
        kind=WELFARE_COMMITTEE,
        name_th=WELFARE_COMMITTEE_NAME,
        owner_module="welfareshop",
        actor=actor,
    )


def _decided(
    member: Member,
    *,
    approve: bool,
    reason: str,
    decided_at: datetime,
    decided_by: User | None,
    decided_by_name: str,
    reference: str,
) -> Member:
    member.decided_at = decided_at
    member.decided_by = decided_by
    member.decided_by_name = decided_by_name[:200]
    member.decision_reference = reference[:200]
    if approve:
        day = local_date(decided_at)
        member.status = MemberStatus.ACTIVE
        member.joined_on = day
        member.number = _next_member_number(fiscal_year_of(day).be_year)
    else:
        member.status = MemberStatus.REJECTED
        member.reason = _text(reason, field="reason", limit=500)
    member.save()
    return member


@transaction.atomic
def member_decide(
    *,
    member: Member,
    approver: User,
    approve: bool,
    reason: str = "",
    at: datetime | None = None,
) -> Member:
    """The welfare committee's chair decides a checked application, where the office's
    settings let the chair decide (otherwise the committee decides at a meeting:
    `applications_decide_at_meeting`). The approver must hold the chair's seat of the welfare
    committee on the day (`apps.committees`, linked by account), and must not be the one who
    received or checked it. Approval gives the member number NNNN/<B.E. fiscal year> and
    membership from the decision's day."""
    decided_at = kit.now(at)
    day = local_date(decided_at)
    if shop_settings().approval_by != ApprovalBy.CHAIR:
        raise ShopError.refuse(
            "meeting_required",
            "สำนักงานกำหนดให้พิจารณาใบสมัครในที่ประชุมคณะกรรมการสวัสดิการ",
            "This office decides applications at a committee meeting.",
        )
    committee = welfare_committee()
    seat = membership_of_user(committee, approver, on=day) if committee is not None else None
    if seat is None or seat.role != MemberRole.CHAIR:
        raise PermissionDeniedError(
            f"{approver.get_username()} ไม่ได้เป็นประธานคณะกรรมการสวัสดิการในวันที่ "
            f"{format_be_date(day)} จึงพิจารณาใบสมัครไม่ได้",
            f"{approver.get_username()} does not chair the welfare committee on that day.",
            code="welfareshop.not_chair",
        )
    member = _locked_member(member)
    kit.expect_status(member, MemberStatus.CHECKED, refusal=ShopError, noun="application")
    if approver.pk in (member.received_by_id, member.checked_by_id):
        raise ShopError.refuse(
            "same_person",
            "ผู้รับหรือผู้ตรวจใบสมัครพิจารณาอนุมัติใบสมัครเดียวกันไม่ได้",
            "The one who received or checked an application does not decide it.",
        )
    member = _decided(
        member,
        approve=approve,
        reason=reason,
        decided_at=decided_at,
        decided_by=approver,
        decided_by_name=seat.name,
        reference=f"ประธาน{committee.name_th} (คำสั่งที่ {seat.order.number})",  # type: ignore[union-attr]
    )
    audit_record(
        action="welfareshop.member_approved" if approve else "welfareshop.member_rejected",
        actor=approver,
        target=member,
        changes={"status": [MemberStatus.CHECKED, member.status], "number": [None, member.number]},
    )
    outbox_record(resource=MEMBER, action="updated", obj=member)
    return member


@transaction.atomic
def applications_decide_at_meeting(
    *,
    meeting: Meeting,
    decisions: Sequence[tuple[Member, bool, str]],
    actor: User,
) -> AgendaItem:
    """Record what a held meeting of the welfare committee resolved on checked applications:
    one agenda item (ระเบียบวาระที่ 4, เรื่องเพื่อพิจารณา) with the applicants' table and the
    resolution, and each application approved (numbered, member from the meeting's day) or
    not. Recorded by the committee's secretariat; all or nothing: an application that is not
    waiting for the committee refuses the whole record."""
    _require(actor, SHOP_OFFICER_ROLES, ("บันทึกมติคณะกรรมการ", "record the committee's resolution"))
    committee = welfare_committee()
    meeting = kit.lock(Meeting.objects.select_related("presided_by"), meeting.pk)
    if committee is None or meeting.committee_id != committee.pk:
        raise ShopError.refuse(
            "not_welfare_committee",
            "การประชุมนี้ไม่ใช่การประชุมคณะกรรมการสวัสดิการ",
            "This is not a meeting of the welfare committee.",
            "meeting",
        )
    if meeting.status != MeetingStatus.HELD:
        raise ShopError.refuse(
            "meeting_not_held",
            "บันทึกมติได้เมื่อเปิดประชุมครบองค์ประชุมแล้วเท่านั้น",
            "Resolutions are recorded at a meeting held with a quorum.",
            "meeting",
        )
    if not decisions:
        raise ShopError.refuse(
            "no_applications", "กรุณาเลือกใบสมัครที่พิจารณา", "Choose the applications.", "decisions"
        )
    locked = {m.pk: m for m in kit.lock_all(Member.objects.select_related("person"),
                                             [d[0].pk for d in decisions])}  # fmt: skip
    for member in locked.values():
        kit.expect_status(member, MemberStatus.CHECKED, refusal=ShopError, noun="application")
    approved = sum(1 for _m, approve, _r in decisions if approve)
    resolution = f"อนุมัติรับเป็นสมาชิก {approved} ราย"
    if approved < len(decisions):
        resolution += f" ไม่อนุมัติ {len(decisions) - approved} ราย"
    try:
        item = agenda_item_add(
            meeting=meeting,
            section=4,
            title="พิจารณารับสมาชิกร้านค้าสวัสดิการ",
            details=f"มีผู้สมัครเป็นสมาชิกที่เจ้าหน้าที่ตรวจสอบแล้ว จำนวน {len(decisions)} ราย",
            resolution=resolution,
            subject=f"welfareshop.applications:{meeting.pk}",
            actor=actor,
        )
        agenda_item_set_table(
            item=item,
            columns=["ที่", "ชื่อ-สกุล", "หน่วยงาน/โรงเรียน", "ค่าสมาชิก (บาท)", "มติ"],
            rows=[
                [
                    str(n),
                    locked[m.pk].person.full_name_th,
                    locked[m.pk].unit or "สำนักงานเขตพื้นที่การศึกษา",
                    f"{locked[m.pk].fee_amount:,.2f}",
                    "อนุมัติ" if approve else "ไม่อนุมัติ",
                ]
                for n, (m, approve, _r) in enumerate(decisions, start=1)
            ],
            widths=[0.5, 3, 3, 1.3, 1.2],
            actor=actor,
        )
    except CommitteeError as error:
        raise ShopError(error.message_th, error.message_en, code=error.code) from None
    item.refresh_from_db()
    start = meeting.started_time or meeting.start_time
    decided_at = datetime.combine(meeting.date, start, timezone.get_current_timezone())
    presiding = meeting.presided_by.name if meeting.presided_by_id else ""  # type: ignore[union-attr]
    reference = f"มติที่ประชุม ครั้งที่ {meeting.number_label} วาระที่ {item.number}"
    for member, approve, reason in decisions:
        row = _decided(
            locked[member.pk],
            approve=approve,
            reason=reason or "ไม่เป็นไปตามหลักเกณฑ์ของสำนักงาน",
            decided_at=decided_at,
            decided_by=None,
            decided_by_name=presiding or committee.name_th,
            reference=reference,
        )
        audit_record(
            action="welfareshop.member_approved" if approve else "welfareshop.member_rejected",
            actor=actor,
            target=row,
            changes={"status": [MemberStatus.CHECKED, row.status], "meeting": [None, meeting.pk]},
        )
        outbox_record(resource=MEMBER, action="updated", obj=row)
    return item


@transaction.atomic
def member_deduction_send(
    *, member: Member, officer: User, first_month: date | None = None
) -> Member:
    """Send an active member's fee to finance as a standing salary deduction (a share: one
    month only). Idempotent: a member already sent is returned unchanged."""
    _require(officer, SHOP_OFFICER_ROLES, ("ส่งรายการหักเงินเดือน", "send deductions to finance"))
    member = _locked_member(member)
    kit.expect_status(member, MemberStatus.ACTIVE, refusal=ShopError, noun="member")
    if member.payment != PaymentMethod.DEDUCTION:
        raise ShopError.refuse(
            "pays_cash", "สมาชิกนี้ชำระเป็นเงินสด", "This member pays in cash.", "payment"
        )
    if member.deduction_instruction_id is not None:
        return member
    if not member.fee_amount:
        raise ShopError.refuse(
            "nothing_to_deduct", "ค่าสมาชิกเป็นศูนย์ ไม่มีรายการให้หัก", "The fee is zero.", "payment"
        )
    first = month_start(first_month or member.joined_on or timezone.localdate())
    try:
        instruction = deduction_instruction_create(
            person=member.person,
            creditor=shop_settings().creditor_name,
            monthly_amount=member.fee_amount,
            first_month=first,
            last_month=first if member.fee_kind == FeeKind.SHARE else None,
            actor=officer,
            kind=DeductionKind.OTHER_DEDUCTION,
            contract_number=f"สมาชิก {member.number}",
            source=InstructionSource.WELFARE_SHOP,
            source_reference=f"welfareshop.member:{member.pk}",
        )
    except PayrollError as error:
        raise ShopError(error.message_th, error.message_en, code=error.code) from None
    member.deduction_instruction = instruction
    member.save(update_fields=["deduction_instruction"])
    audit_record(
        action="welfareshop.deduction_sent",
        actor=officer,
        target=member,
        changes={"deduction_instruction": [None, instruction.pk]},
    )
    return member


@transaction.atomic
def member_suspend(*, member: Member, officer: User, reason: str, on: date | None = None) -> Member:
    _require(officer, SHOP_OFFICER_ROLES, ("พักสมาชิกภาพ", "suspend members"))
    member = _locked_member(member)
    kit.expect_status(member, MemberStatus.ACTIVE, refusal=ShopError, noun="member")
    member.status = MemberStatus.SUSPENDED
    member.suspended_on = on or timezone.localdate()
    member.reason = _text(reason, field="reason", limit=500)
    member.save(update_fields=["status", "suspended_on", "reason"])
    audit_record(action="welfareshop.member_suspended", actor=officer, target=member)
    outbox_record(resource=MEMBER, action="updated", obj=member)
    return member


@transaction.atomic
def member_reinstate(*, member: Member, officer: User) -> Member:
    _require(officer, SHOP_OFFICER_ROLES, ("คืนสมาชิกภาพ", "reinstate members"))
    member = _locked_member(member)
    kit.expect_status(member, MemberStatus.SUSPENDED, refusal=ShopError, noun="member")
    member.status = MemberStatus.ACTIVE
    member.suspended_on = None
    member.save(update_fields=["status", "suspended_on"])
    audit_record(action="welfareshop.member_reinstated", actor=officer, target=member)
    outbox_record(resource=MEMBER, action="updated", obj=member)
    return member


@transaction.atomic
def member_leave(*, member: Member, officer: User, reason: str, on: date | None = None) -> Member:
    """The member leaves (resigns, moves away, retires): their salary deduction ends with the
    month they leave in."""
    _require(officer, SHOP_OFFICER_ROLES, ("บันทึกการพ้นสมาชิกภาพ", "record a member leaving"))
    member = _locked_member(member)
    kit.expect_status(
        member, MemberStatus.ACTIVE, MemberStatus.SUSPENDED, refusal=ShopError, noun="member"
    )
    left_on = on or timezone.localdate()
    if member.joined_on and left_on < member.joined_on:
        raise ShopError.refuse(
            "leaves_before_joining", "วันที่พ้นต้องไม่ก่อนวันที่เป็นสมาชิก", "Leaves before joining.", "on"
        )
    instruction = member.deduction_instruction
    if instruction is not None and (
        instruction.last_month is None or instruction.last_month > month_start(left_on)
    ):
        try:
            deduction_instruction_end(
                instruction=instruction, last_month=month_start(left_on), actor=officer
            )
        except PayrollError as error:
            raise ShopError(error.message_th, error.message_en, code=error.code) from None
    member.status = MemberStatus.LEFT
    member.left_on = left_on
    member.reason = _text(reason, field="reason", limit=500)
    member.save(update_fields=["status", "left_on", "reason"])
    audit_record(action="welfareshop.member_left", actor=officer, target=member)
    outbox_record(resource=MEMBER, action="updated", obj=member)
    return member


# --- Rooms, areas and bookings --------------------------------------------------------------


@transaction.atomic
def resource_save(
    *,
    actor: User,
    name: str,
    kind: str,
    capacity: int,
    opens: time,
    closes: time,
    purpose: str = "",
    equipment: str = "",
    is_shop: bool = False,
    display_order: int = 100,
    resource: Resource | None = None,
) -> Resource:
    _require(actor, SHOP_OFFICER_ROLES, ("จัดการห้องและพื้นที่", "manage rooms and areas"))
    if kind not in ResourceKind.values:
        raise ShopError.refuse("unknown_kind", "ไม่รู้จักประเภทพื้นที่", "Unknown kind.", "kind")
    if not isinstance(capacity, int) or isinstance(capacity, bool) or not 1 <= capacity <= 1000:
        raise ShopError.refuse(
            "invalid_capacity", "จำนวนที่นั่งต้องอยู่ระหว่าง 1 ถึง 1000", "Seats: 1 to 1000.", "capacity"
        )
    if opens >= closes:
        raise ShopError.refuse(
            "invalid_hours", "เวลาเปิดต้องก่อนเวลาปิด", "It must open before it closes.", "closes"
        )
    row = kit.lock(Resource, resource.pk) if resource is not None else Resource()
    row.name = _text(name, field="name", limit=200)
    if Resource.objects.filter(name=row.name).exclude(pk=row.pk).exists():
        raise ShopError.refuse(
            "duplicate_name", f"มีห้องหรือพื้นที่ชื่อ “{row.name}” แล้ว", "The name is taken.", "name"
        )
    row.kind, row.capacity, row.opens, row.closes = kind, capacity, opens, closes
    row.purpose = _text(purpose, field="purpose", limit=500, required=False)
    row.equipment = _text(equipment, field="equipment", limit=500, required=False)
    row.is_shop, row.display_order = is_shop, display_order
    row.save()
    audit_record(
        action="welfareshop.resource_saved",
        actor=actor,
        target=row,
        changes={"name": [None, row.name], "capacity": [None, capacity]},
    )
    return row


def _local(value: datetime) -> datetime:
    return timezone.localtime(value)


def _when(booking: Booking) -> str:
    start, end = _local(booking.during.lower), _local(booking.during.upper)
    return f"{format_be_date(start.date())} {start:%H:%M}–{end:%H:%M} น."


def _check_slot(
    resource: Resource, starts_at: datetime, ends_at: datetime, attendees: int, now: datetime
) -> None:
    if timezone.is_naive(starts_at) or timezone.is_naive(ends_at):
        raise ValueError("booking times must be timezone-aware")
    if not resource.is_active:
        raise ShopError.refuse(
            "resource_closed", f"{resource} งดให้บริการ", "This room is not in use.", "resource"
        )
    if ends_at <= starts_at:
        raise ShopError.refuse(
            "ends_before_start", "เวลาสิ้นสุดต้องหลังเวลาเริ่ม", "It must end after it starts.", "ends_at"
        )
    start, end = _local(starts_at), _local(ends_at)
    if start.date() != end.date() or start.time() < resource.opens or end.time() > resource.closes:
        raise ShopError.refuse(
            "outside_hours",
            f"{resource} เปิดให้ใช้ {resource.opens:%H:%M}–{resource.closes:%H:%M} น. ภายในวันเดียวกัน",
            f"{resource.name} is open {resource.opens:%H:%M}–{resource.closes:%H:%M}, one day.",
            "starts_at",
        )
    if ends_at < now:
        raise ShopError.refuse(
            "in_the_past", "จองย้อนหลังไม่ได้", "A booking cannot be in the past.", "starts_at"
        )
    if not 1 <= attendees <= resource.capacity:
        raise ShopError.refuse(
            "over_capacity",
            f"{resource} รับได้ไม่เกิน {resource.capacity} คน",
            f"{resource.name} seats at most {resource.capacity}.",
            "attendees",
        )


def _conflict(resource: Resource, starts_at: datetime, ends_at: datetime) -> ShopError:
    """The refusal for a slot that overlaps a confirmed booking, naming when it is taken."""
    taken = (
        Booking.objects.filter(
            resource=resource,
            status=BookingStatus.CONFIRMED,
            during__overlap=DateTimeTZRange(starts_at, ends_at),
        )
        .order_by("during")
        .first()
    )
    when = _when(taken) if taken is not None else ""
    return ShopError.refuse(
        "booking_conflict",
        f"{resource} ไม่ว่าง มีผู้จองช่วงเวลา {when} แล้ว กรุณาเลือกเวลาอื่น",
        f"{resource.name} is already booked {when}.",
        "starts_at",
    )


def _is_overlap(error: IntegrityError) -> bool:
    diag = getattr(getattr(error, "__cause__", None), "diag", None)
    return getattr(diag, "constraint_name", None) == "booking_no_overlap"


def _insert_booking(**values: Any) -> Booking:
    """Insert in a savepoint: an overlap (the exclusion constraint) is a coded refusal and the
    caller's transaction goes on. A concurrent booking of the same slot waits for the other
    transaction and fails here once it commits."""
    try:
        with transaction.atomic():
            return Booking.objects.create(**values)
    except IntegrityError as error:
        if _is_overlap(error):
            during: DateTimeTZRange = values["during"]
            raise _conflict(values["resource"], during.lower, during.upper) from None
        raise


def _booking_actor(booked_by: Any, school: School | None) -> None:
    _require(booked_by, BOOKER_ROLES, ("จองห้อง", "book rooms"))
    if school is not None:  # a school books through the desk, whose officer books for it
        _require(booked_by, SHOP_OFFICER_ROLES, ("จองห้องให้โรงเรียน", "book for a school"))


@transaction.atomic
def booking_create(
    *,
    resource: Resource,
    starts_at: datetime,
    ends_at: datetime,
    purpose: str,
    booked_by: User,
    attendees: int = 1,
    school: School | None = None,
    contact: str = "",
    service_request: ServiceRequest | None = None,
    at: datetime | None = None,
) -> Booking:
    """Book `resource` from `starts_at` to `ends_at` (aware datetimes, one day, within its
    hours). Refused with `welfareshop.booking_conflict` when a confirmed booking overlaps:
    the database decides (exclusion constraint), so concurrent requests cannot both win."""
    _booking_actor(booked_by, school)
    now = kit.now(at)
    _check_slot(resource, starts_at, ends_at, attendees, now)
    purpose = _text(purpose, field="purpose", limit=300)
    if service_request is not None:
        service_request = kit.lock(ServiceRequest.objects.select_related("service_type"),
                                   service_request.pk)  # fmt: skip
        if not service_request.is_open or service_request.service_type.code != BOOKING_SERVICE:
            raise ShopError.refuse(
                "ticket_unusable",
                f"บัตรคิว {service_request.ticket} ใช้จองห้องไม่ได้ (ปิดแล้วหรือเป็นบริการอื่น)",
                "This desk ticket is closed or for another service.",
                "service_request",
            )
    booking = _insert_booking(
        resource=resource,
        during=DateTimeTZRange(starts_at, ends_at),
        purpose=purpose,
        attendees=attendees,
        school=school,
        contact=_text(contact, field="contact", limit=200, required=False),
        service_request=service_request,
        booked_by=booked_by,
        booked_at=now,
    )
    if service_request is not None:
        service_request_complete(
            service_request=service_request,
            officer=booked_by,
            outcome=f"จอง{resource.name} {_when(booking)}",
            at=now,
        )
    audit_record(
        action="welfareshop.booked",
        actor=booked_by,
        target=booking,
        changes={"resource": [None, resource.name], "when": [None, _when(booking)]},
    )
    outbox_record(resource=BOOKING, action="created", obj=booking)
    return booking


@transaction.atomic
def booking_series_create(
    *,
    resource: Resource,
    first_day: date,
    last_day: date,
    starts: time,
    ends: time,
    purpose: str,
    booked_by: User,
    attendees: int = 1,
    school: School | None = None,
    at: datetime | None = None,
) -> BookingSeries:
    """A weekly booking on `first_day`'s weekday up to `last_day`, all or nothing: if any week
    is taken, nothing is booked and the refusal lists every taken day."""
    _booking_actor(booked_by, school)
    if last_day < first_day:
        raise ShopError.refuse(
            "ends_before_start", "วันสุดท้ายต้องไม่ก่อนวันแรก", "The last day is before the first.",
            "last_day",
        )  # fmt: skip
    days = [first_day + timedelta(weeks=n) for n in range((last_day - first_day).days // 7 + 1)]
    if len(days) > MAX_SERIES:
        raise ShopError.refuse(
            "series_too_long",
            f"จองประจำได้ไม่เกิน {MAX_SERIES} ครั้ง",
            f"At most {MAX_SERIES} weeks.",
            "last_day",
        )
    now = kit.now(at)
    purpose = _text(purpose, field="purpose", limit=300)
    series = BookingSeries.objects.create(
        resource=resource,
        purpose=purpose,
        first_day=first_day,
        last_day=days[-1],
        created_by=booked_by,
    )
    zone = timezone.get_current_timezone()
    taken: list[str] = []
    for day in days:
        start = datetime.combine(day, starts, zone)
        end = datetime.combine(day, ends, zone)
        _check_slot(resource, start, end, attendees, now)
        try:
            _insert_booking(
                resource=resource,
                during=DateTimeTZRange(start, end),
                purpose=purpose,
                attendees=attendees,
                school=school,
                series=series,
                booked_by=booked_by,
                booked_at=now,
            )
        except ShopError:
            taken.append(format_be_date(day, style="short"))
    if taken:
        raise ShopError.refuse(
            "booking_conflict",
            f"{resource} ไม่ว่างในวันที่ {', '.join(taken)} จึงยังไม่ได้จองทั้งชุด",
            f"{resource.name} is taken on {len(taken)} of the days; nothing was booked.",
            "first_day",
        )
    audit_record(
        action="welfareshop.series_booked",
        actor=booked_by,
        target=series,
        changes={"weeks": [None, len(days)]},
    )
    for booking in series.bookings.all():
        outbox_record(resource=BOOKING, action="created", obj=booking)
    return series


@transaction.atomic
def booking_cancel(
    *, booking: Booking, actor: User, reason: str = "", at: datetime | None = None
) -> Booking:
    """Cancel a booking (its booker or the welfare officer); the slot is free again.
    Idempotent: cancelling a cancelled booking returns it unchanged."""
    booking = kit.lock(Booking.objects.select_related("resource"), booking.pk)
    if booking.booked_by_id != getattr(actor, "pk", None):
        _require(actor, SHOP_OFFICER_ROLES, ("ยกเลิกการจองของผู้อื่น", "cancel others' bookings"))
    else:
        _require(actor, BOOKER_ROLES, ("ยกเลิกการจอง", "cancel bookings"))
    if booking.status == BookingStatus.CANCELLED:
        return booking
    booking.status = BookingStatus.CANCELLED
    booking.cancelled_at = kit.now(at)
    booking.cancelled_by = actor
    booking.cancel_reason = _text(reason, field="reason", limit=300, required=False)
    booking.save(update_fields=["status", "cancelled_at", "cancelled_by", "cancel_reason"])
    audit_record(action="welfareshop.booking_cancelled", actor=actor, target=booking)
    outbox_record(resource=BOOKING, action="updated", obj=booking)
    return booking


# --- The tally, photos, accounts -----------------------------------------------------------


def tally_add(*, day: date, kind: str, actor: User, by: int = 1) -> int:
    """Add `by` (negative to correct a slip) to the day's count of `kind`; returns the new
    count. One statement (insert or increment), so two taps at once both count; never below 0."""
    _require(actor, SHOP_OFFICER_ROLES, ("บันทึกยอดผู้ใช้บริการ", "count visits"))
    if kind not in TallyKind.values:
        raise ShopError.refuse("unknown_kind", "ไม่รู้จักประเภทบริการ", "Unknown kind.", "kind")
    if isinstance(by, bool) or not isinstance(by, int) or by == 0 or abs(by) > TALLY_MAX_STEP:
        raise ShopError.refuse(
            "invalid_step",
            f"เพิ่มหรือลดได้ครั้งละ 1 ถึง {TALLY_MAX_STEP}",
            f"Add or remove 1 to {TALLY_MAX_STEP} at a time.",
            "by",
        )
    if day > timezone.localdate():
        raise ShopError.refuse(
            "future_day", "บันทึกล่วงหน้าไม่ได้", "A day in the future cannot be counted.", "day"
        )
    table = ServiceTally._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (day, kind, count, updated_at) "  # noqa: S608 (our table name)
            "VALUES (%s, %s, GREATEST(%s, 0), now()) ON CONFLICT (day, kind) DO UPDATE "
            f"SET count = GREATEST({table}.count + %s, 0), updated_at = now() "
            "RETURNING count",
            [day, kind, by, by],
        )
        count: int = cursor.fetchone()[0]
    return count


def _photo_resized(data: bytes) -> tuple[bytes, int, int]:
    content, _type, _extension = image_reencoded(data, formats={"JPEG", "PNG"}, field="image")
    with Image.open(io.BytesIO(content)) as image:
        picture = image.convert("RGB")
    picture.thumbnail((PHOTO_MAX_SIDE, PHOTO_MAX_SIDE), Image.Resampling.LANCZOS)
    out = io.BytesIO()
    picture.save(out, "JPEG", quality=82, optimize=True, progressive=True)
    return out.getvalue(), picture.width, picture.height


@transaction.atomic
def photo_add(
    *,
    image: Any,
    taken_on: date,
    caption: str,
    consent: str,
    actor: User,
    booking: Booking | None = None,
    resource: Resource | None = None,
) -> EvidencePhoto:
    """Keep a photo of the service in use for the year's album: decoded, stripped of its
    metadata (GPS, camera), at most 1600 px on its longer side, JPEG. Refused without the
    consent noted (the people shown agreed, or no one can be recognised)."""
    _require(actor, SHOP_OFFICER_ROLES, ("เพิ่มภาพหลักฐาน", "add evidence photos"))
    if consent not in Consent.values:
        raise ShopError.refuse(
            "consent_required",
            "กรุณาระบุความยินยอมของผู้ที่ปรากฏในภาพ",
            "Note the consent of the people shown.",
            "consent",
        )
    if taken_on > timezone.localdate():
        raise ShopError.refuse(
            "future_day", "วันที่ถ่ายต้องไม่เกินวันนี้", "Taken in the future.", "taken_on"
        )
    caption = _text(caption, field="caption", limit=300)
    image.seek(0)
    content, width, height = _photo_resized(image.read())
    if booking is not None and resource is None:
        resource = booking.resource
    photo = EvidencePhoto(
        taken_on=taken_on,
        fiscal_year=fiscal_year_of(taken_on).be_year,
        caption=caption,
        consent=consent,
        booking=booking,
        resource=resource,
        added_by=actor,
        width=width,
        height=height,
    )
    photo.image.save(
        f"{fiscal_year_of(taken_on).be_year}-{taken_on:%m%d}.jpg", ContentFile(content)
    )
    audit_record(action="welfareshop.photo_added", actor=actor, target=photo)
    return photo


@transaction.atomic
def account_entry_record(
    *,
    on: date,
    kind: str,
    amount: Any,
    description: str,
    actor: User,
    reference: str = "",
) -> AccountEntry:
    """A line of the welfare fund's cash book. Entries are never edited: a mistake is put
    right by an entry the other way, so the statement the committee saw stays true."""
    _require(actor, ACCOUNTS_ROLES, ("บันทึกบัญชีร้านค้าสวัสดิการ", "keep the shop's accounts"))
    if kind not in EntryKind.values:
        raise ShopError.refuse("unknown_kind", "ไม่รู้จักประเภทรายการ", "Unknown kind.", "kind")
    if on > timezone.localdate():
        raise ShopError.refuse("future_day", "วันที่ต้องไม่เกินวันนี้", "A date in the future.", "on")
    entry = AccountEntry.objects.create(
        on=on,
        kind=kind,
        amount=_amount(amount, "amount", allow_zero=False),
        description=_text(description, field="description", limit=300),
        reference=_text(reference, field="reference", limit=50, required=False),
        recorded_by=actor,
    )
    audit_record(
        action="welfareshop.entry_recorded",
        actor=actor,
        target=entry,
        changes={"kind": [None, kind], "amount": [None, f"{entry.amount:.2f}"]},
    )
    return entry
