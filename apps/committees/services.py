"""Every write of committees. Runs in an office's schema; each service checks the actor's role,
writes the audit trail and, refused, changes nothing (`CommitteeError`, a coded refusal with
Thai and English messages).

Who does what: the committee's secretariat (welfare officers, office administrators) records
committees, orders, meetings, attendance, the agenda and conflicts; a committee member with an
account (the fund subcommittee role) may declare their own conflicts; the office administrator
keeps the quorum rule.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from django.core.files import File
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Max

from accounts.models import User
from accounts.roles import OfficeRole
from apps.committees.models import (
    ROLE_RANK,
    AgendaItem,
    AgendaSection,
    AppointmentOrder,
    Attendance,
    AttendanceStatus,
    Committee,
    ConflictDeclaration,
    ConflictReason,
    Meeting,
    MeetingCounter,
    MeetingStatus,
    MemberRole,
    Membership,
    QuorumRule,
)
from apps.committees.quorum import QuorumResult, quorum
from apps.people.models import Person
from audit.services import audit_record
from core import kit
from core.sequences import next_number
from core.thai import format_be_date, local_date
from core.uploads import image_reencoded, pdf_checked

# The committees' secretariat: records everything of a committee.
SECRETARIAT_ROLES: tuple[str, ...] = (OfficeRole.OFFICE_ADMIN, OfficeRole.WELFARE_OFFICER)
# Who may read committees' pages (members read their own committee's records).
READER_ROLES: tuple[str, ...] = (
    *SECRETARIAT_ROLES,
    OfficeRole.APPROVER,
    OfficeRole.FUND_COMMITTEE,
    OfficeRole.FINANCE_OFFICER,
    OfficeRole.VIEWER,
)
# Who keeps the office's quorum rule.
RULE_ROLES: tuple[str, ...] = (OfficeRole.OFFICE_ADMIN,)
# A member declares their own conflict (matched by the membership's account).
MEMBER_ROLES: tuple[str, ...] = (OfficeRole.FUND_COMMITTEE,)

KIND_PATTERN = re.compile(r"^[a-z][a-z0-9_]*\.[a-z][a-z0-9_.]*$")
SUBJECT_PATTERN = re.compile(r"^[a-z][a-z0-9_]*\.[a-z0-9_.]+:[A-Za-z0-9_.\-/]+$")
SCAN_MAX_BYTES = 10 * 1024 * 1024
SCAN_TYPES = {"application/pdf": ".pdf", "image/jpeg": ".jpg", "image/png": ".png"}
MAX_TABLE_ROWS = 500
MAX_TABLE_COLUMNS = 12

__all__ = [
    "MEMBER_ROLES",
    "READER_ROLES",
    "RULE_ROLES",
    "SECRETARIAT_ROLES",
    "CommitteeError",
    "MemberData",
    "QuorumResult",
    "agenda_item_add",
    "agenda_item_resolve",
    "agenda_item_set_table",
    "agenda_item_update",
    "appointment_order_attach_scan",
    "appointment_order_record",
    "attendance_record",
    "attendance_record_many",
    "committee_create",
    "committee_ensure",
    "conflict_declare",
    "guest_add",
    "meeting_cancel",
    "meeting_close",
    "meeting_hold",
    "meeting_schedule",
    "membership_end",
    "quorum",
    "quorum_rule_create",
]


class CommitteeError(kit.Refusal):
    prefix = "committees"


def _secretariat(actor: User, doing: tuple[str, str]) -> None:
    kit.require_role(actor, *SECRETARIAT_ROLES, code="committees.not_allowed", doing=doing)


def _clean(text: str | None) -> str:
    return " ".join((text or "").split())


def _required(value: str, field: str, what_th: str, what_en: str) -> str:
    value = _clean(value)
    if not value:
        raise CommitteeError.refuse(
            f"{field}_required", f"กรุณาระบุ{what_th}", f"The {what_en} is required.", field
        )
    return value


def _check_subject(subject: str, field: str = "subject") -> str:
    subject = subject.strip()
    if not SUBJECT_PATTERN.match(subject) or len(subject) > 120:
        raise CommitteeError.refuse(
            "invalid_subject",
            "รหัสเรื่องไม่ถูกต้อง (รูปแบบ <โมดูล>.<ชนิด>:<รหัส> เช่น revolvingfund.round:12)",
            "The subject key must look like <module>.<kind>:<id>.",
            field,
        )
    return subject


def _open_meeting(meeting: Meeting) -> Meeting:
    """`meeting` locked, refused if its minutes are closed or it was cancelled."""
    meeting = kit.lock(Meeting.objects.select_related("committee"), meeting.pk)
    if meeting.is_closed:
        raise CommitteeError.refuse(
            "meeting_closed",
            f"ปิดรายงานการประชุมครั้งที่ {meeting.number_label} แล้ว แก้ไขไม่ได้",
            "The meeting's minutes are closed.",
        )
    if meeting.status == MeetingStatus.CANCELLED:
        raise CommitteeError.refuse(
            "meeting_cancelled",
            f"การประชุมครั้งที่ {meeting.number_label} ถูกยกเลิกแล้ว",
            "The meeting was cancelled.",
        )
    return meeting


# --- committees ----------------------------------------------------------------------------


@transaction.atomic
def committee_create(
    *,
    kind: str,
    name_th: str,
    owner_module: str,
    actor: User,
    description: str = "",
    at: datetime | None = None,
) -> Committee:
    """Create the office's committee of `kind` ("<module>.<name>"); refused if it exists."""
    _secretariat(actor, ("ตั้งคณะกรรมการ", "create committees"))
    kind = kind.strip()
    if not KIND_PATTERN.match(kind) or len(kind) > 64:
        raise CommitteeError.refuse(
            "invalid_kind",
            "รหัสคณะกรรมการไม่ถูกต้อง (รูปแบบ <โมดูล>.<ชื่อ> ตัวพิมพ์เล็ก เช่น welfareshop.committee)",
            "The committee code must look like <module>.<name>.",
            "kind",
        )
    name_th = _required(name_th, "name_th", "ชื่อคณะกรรมการ", "committee's name")
    owner_module = _required(owner_module, "owner_module", "โมดูลเจ้าของ", "owning module")
    if Committee.objects.filter(kind=kind).exists():
        raise CommitteeError.refuse(
            "duplicate_kind",
            f"มีคณะกรรมการรหัส {kind} อยู่แล้ว",
            f"A committee {kind} exists.",
            "kind",
        )
    committee = Committee.objects.create(
        kind=kind,
        name_th=name_th[:300],
        owner_module=owner_module[:40],
        description=(description or "").strip(),
        created_at=kit.now(at),
        created_by=actor,
    )
    audit_record(
        action="committees.committee_created",
        actor=actor,
        target=committee,
        changes={"kind": [None, kind], "name_th": [None, committee.name_th]},
    )
    return committee


def committee_ensure(
    *, kind: str, name_th: str, owner_module: str, actor: User, at: datetime | None = None
) -> Committee:
    """The committee of `kind`, created with `name_th` if the office has none (a module's setup
    or demo; its name is not changed if it exists)."""
    found = Committee.objects.filter(kind=kind.strip()).first()
    if found is not None:
        return found
    return committee_create(
        kind=kind, name_th=name_th, owner_module=owner_module, actor=actor, at=at
    )


# --- appointment orders and members ----------------------------------------------------------


@dataclass(frozen=True)
class MemberData:
    """One seat of an order. With `person`, the name and position default to the register's;
    without, `name` is required. `term_from`/`term_to` default to the order's dates."""

    role: str
    person: Person | None = None
    name: str = ""
    position: str = ""
    organisation: str = ""
    user: User | None = None
    term_from: date | None = None
    term_to: date | None = None


def _member_rows(
    members: Sequence[MemberData], *, effective_from: date, effective_to: date | None
) -> list[dict[str, Any]]:
    if not members:
        raise CommitteeError.refuse(
            "no_members", "คำสั่งแต่งตั้งต้องมีกรรมการอย่างน้อย 1 คน", "An order needs members.", "members"
        )
    rows: list[dict[str, Any]] = []
    people: set[int] = set()
    users: set[int] = set()
    for index, member in enumerate(members, start=1):
        where = f"กรรมการลำดับที่ {index}"
        if member.role not in MemberRole.values:
            raise CommitteeError.refuse(
                "invalid_role", f"{where}: ตำแหน่งในคณะกรรมการไม่ถูกต้อง", "Unknown role.", "members"
            )
        name = _clean(member.name) or (member.person.full_name_th if member.person else "")
        if not name:
            raise CommitteeError.refuse(
                "member_name_required",
                f"{where}: กรุณาเลือกบุคคลจากทะเบียนหรือระบุชื่อ-สกุล",
                "A member needs a person or a name.",
                "members",
            )
        if member.person is not None:
            if member.person.pk in people:
                raise CommitteeError.refuse(
                    "duplicate_member",
                    f"{where}: {name} มีชื่ออยู่ในคำสั่งนี้แล้ว",
                    "A person appears twice on the order.",
                    "members",
                )
            people.add(member.person.pk)
        if member.user is not None:
            if member.user.pk in users:
                raise CommitteeError.refuse(
                    "duplicate_account",
                    f"{where}: บัญชีผู้ใช้นี้ผูกกับกรรมการคนอื่นในคำสั่งนี้แล้ว",
                    "An account is linked to two members.",
                    "members",
                )
            users.add(member.user.pk)
        term_from = member.term_from or effective_from
        term_to = member.term_to if member.term_to is not None else effective_to
        if term_from < effective_from or (effective_to and term_to and term_to > effective_to):
            raise CommitteeError.refuse(
                "term_outside_order",
                f"{where}: วาระของกรรมการต้องอยู่ในช่วงที่คำสั่งมีผล",
                "A member's term must lie within the order's dates.",
                "members",
            )
        if term_to is not None and term_to < term_from:
            raise CommitteeError.refuse(
                "term_reversed",
                f"{where}: วันสิ้นสุดวาระต้องไม่ก่อนวันเริ่มวาระ",
                "A term ends before it starts.",
                "members",
            )
        position = _clean(member.position) or (member.person.position if member.person else "")
        rows.append(
            {
                "role": member.role,
                "person": member.person,
                "user": member.user,
                "name": name[:200],
                "position": position[:200],
                "organisation": _clean(member.organisation)[:200],
                "term_from": term_from,
                "term_to": term_to,
            }
        )
    roles = [row["role"] for row in rows]
    if roles.count(MemberRole.CHAIR) != 1:
        raise CommitteeError.refuse(
            "one_chair",
            "คำสั่งแต่งตั้งต้องมีประธานกรรมการ 1 คน",
            "An order has exactly one chair.",
            "members",
        )
    if roles.count(MemberRole.SECRETARY) > 1:
        raise CommitteeError.refuse(
            "one_secretary",
            "คำสั่งแต่งตั้งมีกรรมการและเลขานุการได้ 1 คน",
            "An order has at most one secretary.",
            "members",
        )
    # Seats in the order's own order: chair, vice-chairs, members, secretary, assistants.
    rows.sort(key=lambda row: ROLE_RANK[MemberRole(row["role"])])
    return rows


def _read_scan(upload: File[Any]) -> tuple[bytes, str]:
    size = upload.size or 0
    if size > SCAN_MAX_BYTES:
        raise CommitteeError.refuse(
            "scan_too_large", "ไฟล์ใหญ่เกิน 10 MB", "The file is larger than 10 MB.", "scan"
        )
    if size == 0:
        raise CommitteeError.refuse("scan_empty", "ไฟล์ว่างเปล่า", "The file is empty.", "scan")
    upload.seek(0)
    content = upload.read()
    if content.startswith(b"%PDF-"):
        pdf_checked(content, field="scan")
        return content, "application/pdf"
    if content.startswith(b"\xff\xd8\xff") or content.startswith(b"\x89PNG\r\n\x1a\n"):
        content, content_type, _extension = image_reencoded(
            content, formats={"JPEG", "PNG"}, field="scan"
        )
        return content, content_type
    raise CommitteeError.refuse(
        "scan_type",
        "รับเฉพาะไฟล์ PDF, JPEG หรือ PNG",
        "Only PDF, JPEG or PNG files are accepted.",
        "scan",
    )


def _store_scan(
    order: AppointmentOrder, upload: File[Any], content: bytes, content_type: str
) -> None:
    digest = hashlib.sha256(content).hexdigest()
    order.scan_name = (upload.name or "scan")[-255:]
    order.scan_content_type = content_type
    order.scan_sha256 = digest
    order.scan.save(
        f"{order.pk}-{digest[:16]}{SCAN_TYPES[content_type]}", ContentFile(content), save=False
    )
    order.save(update_fields=["scan", "scan_name", "scan_content_type", "scan_sha256"])


@transaction.atomic
def appointment_order_record(
    *,
    committee: Committee,
    number: str,
    order_date: date,
    signed_by_name: str,
    signed_by_position: str,
    effective_from: date,
    members: Sequence[MemberData],
    actor: User,
    effective_to: date | None = None,
    title: str = "",
    scan: File[Any] | None = None,
    at: datetime | None = None,
) -> AppointmentOrder:
    """Record an appointment order and its members. The order in force before it (one with no
    end, or ending on or after `effective_from`) ends on the day before; an order starting on
    or after this one's first day is refused (record orders in the order they were made).
    Locks the committee row (orders of one committee are recorded one at a time)."""
    _secretariat(actor, ("บันทึกคำสั่งแต่งตั้ง", "record appointment orders"))
    committee = kit.lock(Committee, committee.pk)
    number = _required(number, "number", "เลขที่คำสั่ง", "order's number")[:60]
    signed_by_name = _required(signed_by_name, "signed_by_name", "ผู้ลงนามคำสั่ง", "signer")
    signed_by_position = _required(
        signed_by_position, "signed_by_position", "ตำแหน่งผู้ลงนาม", "signer's position"
    )
    if effective_to is not None and effective_to < effective_from:
        raise CommitteeError.refuse(
            "dates_reversed",
            "วันสิ้นสุดต้องไม่ก่อนวันที่คำสั่งมีผล",
            "The order ends before it starts.",
            "effective_to",
        )
    if AppointmentOrder.objects.filter(committee=committee, number=number).exists():
        raise CommitteeError.refuse(
            "duplicate_order",
            f"มีคำสั่งที่ {number} ของคณะกรรมการนี้อยู่แล้ว",
            "This order is recorded already.",
            "number",
        )
    newest = (
        AppointmentOrder.objects.filter(committee=committee, effective_from__gte=effective_from)
        .order_by("-effective_from")
        .first()
    )
    if newest is not None:
        raise CommitteeError.refuse(
            "order_not_latest",
            f"มีคำสั่งที่ {newest.number} ซึ่งมีผลตั้งแต่ {format_be_date(newest.effective_from)} แล้ว"
            " คำสั่งใหม่ต้องมีผลหลังจากนั้น",
            "A later order is recorded; orders are recorded in the order they take effect.",
            "effective_from",
        )
    rows = _member_rows(members, effective_from=effective_from, effective_to=effective_to)
    upload: tuple[bytes, str] | None = _read_scan(scan) if scan is not None else None
    recorded_at = kit.now(at)
    # The order in force before this one ends on the day before (its seats with it).
    day_before = effective_from - timedelta(days=1)
    replaced = list(
        AppointmentOrder.objects.select_for_update()
        .filter(committee=committee)
        .exclude(effective_to__lt=effective_from)
    )
    for previous in replaced:
        before = previous.effective_to
        previous.effective_to = day_before
        previous.save(update_fields=["effective_to"])
        Membership.objects.filter(order=previous, term_to__gt=day_before).update(term_to=day_before)
        audit_record(
            action="committees.order_replaced",
            actor=actor,
            target=previous,
            changes={"effective_to": [before and before.isoformat(), day_before.isoformat()]},
        )
    order = AppointmentOrder.objects.create(
        committee=committee,
        number=number,
        title=_clean(title)[:300],
        order_date=order_date,
        signed_by_name=signed_by_name[:200],
        signed_by_position=signed_by_position[:200],
        effective_from=effective_from,
        effective_to=effective_to,
        recorded_at=recorded_at,
        recorded_by=actor,
    )
    Membership.objects.bulk_create(
        [
            Membership(committee=committee, order=order, seat=seat, **row)
            for seat, row in enumerate(rows, 1)
        ]
    )
    if scan is not None and upload is not None:
        _store_scan(order, scan, *upload)
    audit_record(
        action="committees.order_recorded",
        actor=actor,
        target=order,
        changes={
            "number": [None, number],
            "effective_from": [None, effective_from.isoformat()],
            "effective_to": [None, effective_to and effective_to.isoformat()],
            "members": [None, [f"{row['role']}: {row['name']}" for row in rows]],
        },
    )
    return order


@transaction.atomic
def appointment_order_attach_scan(
    *, order: AppointmentOrder, scan: File[Any], actor: User
) -> AppointmentOrder:
    """Attach (or replace) the scan of the signed order: PDF, JPEG or PNG, at most 10 MB;
    images re-encoded, PDFs with active content refused (`core.uploads`)."""
    _secretariat(actor, ("แนบสำเนาคำสั่ง", "attach order scans"))
    content, content_type = _read_scan(scan)
    order = kit.lock(AppointmentOrder.objects.select_related("committee"), order.pk)
    before = order.scan_sha256
    _store_scan(order, scan, content, content_type)
    audit_record(
        action="committees.order_scan_attached",
        actor=actor,
        target=order,
        changes={"scan_sha256": [before or None, order.scan_sha256]},
    )
    return order


@transaction.atomic
def membership_end(
    *, membership: Membership, last_day: date, actor: User, note: str = ""
) -> Membership:
    """End a member's term early (resigned, transferred, retired): `last_day` is the last day
    they sit. A term already over by then is left as it is."""
    _secretariat(actor, ("แก้ไขวาระกรรมการ", "change members' terms"))
    membership = kit.lock(Membership.objects.select_related("order", "committee"), membership.pk)
    if last_day < membership.term_from:
        raise CommitteeError.refuse(
            "ends_before_start",
            f"วาระของ {membership.name} เริ่ม {format_be_date(membership.term_from)} จึงสิ้นสุดก่อนนั้นไม่ได้",
            "A term cannot end before it starts.",
            "last_day",
        )
    if membership.term_to is not None and membership.term_to <= last_day:
        return membership
    before = membership.term_to
    membership.term_to = last_day
    membership.ended_note = _clean(note)[:300]
    membership.save(update_fields=["term_to", "ended_note"])
    audit_record(
        action="committees.member_term_ended",
        actor=actor,
        target=membership,
        changes={"term_to": [before and before.isoformat(), last_day.isoformat()]},
    )
    return membership


# --- the quorum rule ------------------------------------------------------------------------


@transaction.atomic
def quorum_rule_create(
    *,
    valid_from: date,
    source: str,
    actor: User,
    kind: str = "",
    share_numerator: int = 1,
    share_denominator: int = 2,
    strictly_more: bool = True,
    presiding_required: bool = True,
    confirmed: bool = False,
    note: str = "",
    at: datetime | None = None,
) -> QuorumRule:
    """Add a version of the office's quorum rule from `valid_from` (for every committee, or
    one `kind`). Meetings already held keep the rule they were checked with."""
    kit.require_role(
        actor,
        *RULE_ROLES,
        code="committees.not_allowed",
        doing=("ตั้งเกณฑ์องค์ประชุม", "set quorum rules"),
    )
    source = _required(source, "source", "ที่มาของเกณฑ์", "rule's source")[:500]
    kind = kind.strip()
    if kind and not Committee.objects.filter(kind=kind).exists():
        raise CommitteeError.refuse(
            "unknown_kind", f"ไม่มีคณะกรรมการรหัส {kind}", f"No committee {kind}.", "kind"
        )
    if not (0 < share_numerator <= share_denominator <= 100):
        raise CommitteeError.refuse(
            "invalid_share",
            "สัดส่วนองค์ประชุมไม่ถูกต้อง (เช่น 1 ใน 2 คือกึ่งหนึ่ง)",
            "The share must be a fraction between 0 and 1.",
            "share_numerator",
        )
    if QuorumRule.objects.filter(kind=kind, valid_from=valid_from).exists():
        raise CommitteeError.refuse(
            "duplicate_rule",
            f"มีเกณฑ์องค์ประชุมที่ใช้ตั้งแต่ {format_be_date(valid_from)} อยู่แล้ว",
            "A version from that day exists.",
            "valid_from",
        )
    rule = QuorumRule.objects.create(
        kind=kind,
        valid_from=valid_from,
        share_numerator=share_numerator,
        share_denominator=share_denominator,
        strictly_more=strictly_more,
        presiding_required=presiding_required,
        source=source,
        confirmed=confirmed,
        note=(note or "").strip(),
        recorded_at=kit.now(at),
        recorded_by=actor,
    )
    audit_record(
        action="committees.quorum_rule_created",
        actor=actor,
        target=rule,
        changes={"rule": [None, rule.summary_th], "valid_from": [None, valid_from.isoformat()]},
    )
    return rule


# --- meetings -------------------------------------------------------------------------------


@transaction.atomic
def meeting_schedule(
    *,
    committee: Committee,
    date: date,
    start_time: time,
    venue: str,
    actor: User,
    at: datetime | None = None,
) -> Meeting:
    """Schedule a meeting; it takes the committee's next number of the calendar year of its day
    ("ครั้งที่ 2/2557"), gap-free (`core.sequences`: the counter row stays locked until commit)."""
    _secretariat(actor, ("นัดประชุม", "schedule meetings"))
    venue = _required(venue, "venue", "สถานที่ประชุม", "venue")[:300]
    number = next_number(MeetingCounter, committee_id=committee.pk, year=date.year)
    meeting = Meeting.objects.create(
        committee=committee,
        year=date.year,
        number=number,
        date=date,
        start_time=start_time,
        venue=venue,
        scheduled_at=kit.now(at),
        scheduled_by=actor,
    )
    audit_record(
        action="committees.meeting_scheduled",
        actor=actor,
        target=meeting,
        changes={"date": [None, date.isoformat()], "venue": [None, venue]},
    )
    return meeting


@transaction.atomic
def meeting_cancel(*, meeting: Meeting, reason: str, actor: User) -> Meeting:
    """Cancel a planned meeting; it keeps its number (it was on the invitation)."""
    _secretariat(actor, ("ยกเลิกการประชุม", "cancel meetings"))
    meeting = _open_meeting(meeting)
    kit.expect_status(meeting, MeetingStatus.PLANNED, refusal=CommitteeError, noun="meeting")
    reason = _required(reason, "reason", "เหตุที่ยกเลิก", "reason")
    meeting.status = MeetingStatus.CANCELLED
    meeting.cancel_reason = reason[:300]
    meeting.save(update_fields=["status", "cancel_reason"])
    audit_record(
        action="committees.meeting_cancelled",
        actor=actor,
        target=meeting,
        changes={
            "status": [MeetingStatus.PLANNED, MeetingStatus.CANCELLED],
            "reason": [None, reason],
        },
    )
    return meeting


def _member_of(meeting: Meeting, membership: Membership) -> Membership:
    """`membership`, refused unless it is a seat of the meeting's committee in office that day."""
    found = (
        Membership.objects.in_office(on=meeting.date)
        .filter(pk=membership.pk, committee_id=meeting.committee_id)
        .first()
    )
    if found is None:
        raise CommitteeError.refuse(
            "not_a_member",
            f"{membership.name} ไม่ได้เป็นกรรมการของคณะนี้ในวันประชุม",
            "Not a member of this committee on the meeting's day.",
            "membership",
        )
    return found


@transaction.atomic
def attendance_record(
    *,
    meeting: Meeting,
    membership: Membership,
    status: str,
    actor: User,
    note: str = "",
    at: datetime | None = None,
) -> Attendance:
    """Record one member's attendance (present, on leave, absent); recording again changes it.
    Refused once the minutes are closed."""
    _secretariat(actor, ("บันทึกการเข้าประชุม", "record attendance"))
    meeting = _open_meeting(meeting)
    return _attendance_set(meeting, membership, status, note, actor, kit.now(at))


def _attendance_set(
    meeting: Meeting, membership: Membership, status: str, note: str, actor: User, when: datetime
) -> Attendance:
    if status not in (AttendanceStatus.PRESENT, AttendanceStatus.ON_LEAVE, AttendanceStatus.ABSENT):
        raise CommitteeError.refuse(
            "invalid_attendance",
            "สถานะการเข้าประชุมต้องเป็น มาประชุม ลา หรือ ขาด",
            "Attendance is present, on leave or absent.",
            "status",
        )
    membership = _member_of(meeting, membership)
    if (
        meeting.status == MeetingStatus.HELD
        and meeting.presided_by_id == membership.pk
        and status != AttendanceStatus.PRESENT
    ):
        raise CommitteeError.refuse(
            "presiding_member",
            f"{membership.name} เป็นประธานในที่ประชุม ต้องมาประชุม",
            "The presiding member is present.",
            "status",
        )
    existing = Attendance.objects.filter(meeting=meeting, membership=membership).first()
    before = existing.status if existing else None
    note = _clean(note)[:300]
    if existing is None:
        row = Attendance.objects.create(
            meeting=meeting,
            membership=membership,
            status=status,
            note=note,
            recorded_at=when,
            recorded_by=actor,
        )
    elif (existing.status, existing.note) == (status, note):
        return existing
    else:
        existing.status, existing.note = status, note
        existing.recorded_at, existing.recorded_by = when, actor
        existing.save(update_fields=["status", "note", "recorded_at", "recorded_by"])
        row = existing
    if meeting.status == MeetingStatus.HELD:
        # Attendance changed after opening: the meeting must still be quorate.
        result = quorum(meeting)
        if not result.met:
            raise CommitteeError.refuse(
                "would_lose_quorum",
                "การประชุมเปิดแล้ว แก้ไขแล้วจะไม่ครบองค์ประชุม: " + " ".join(result.reasons),
                "The meeting would no longer be quorate.",
                "status",
            )
    audit_record(
        action="committees.attendance_recorded",
        actor=actor,
        target=meeting,
        target_label=f"{meeting.audit_label}: {membership.name}",
        changes={"status": [before, status]},
    )
    return row


@transaction.atomic
def attendance_record_many(
    *, meeting: Meeting, statuses: dict[int, str], actor: User, at: datetime | None = None
) -> list[Attendance]:
    """The attendance list at once (membership id → status), as the tablet page sends it: all
    recorded or, one refused, none."""
    _secretariat(actor, ("บันทึกการเข้าประชุม", "record attendance"))
    meeting = _open_meeting(meeting)
    when = kit.now(at)
    seats = {
        m.pk: m
        for m in Membership.objects.filter(committee_id=meeting.committee_id, pk__in=statuses)
    }
    rows = []
    for membership_id, status in sorted(statuses.items()):
        membership = seats.get(membership_id)
        if membership is None:
            raise CommitteeError.refuse(
                "not_a_member",
                "มีรายชื่อที่ไม่ใช่กรรมการของคณะนี้",
                "Not a member of this committee.",
                "membership",
            )
        rows.append(_attendance_set(meeting, membership, status, "", actor, when))
    return rows


@transaction.atomic
def guest_add(
    *,
    meeting: Meeting,
    name: str,
    actor: User,
    position: str = "",
    organisation: str = "",
    at: datetime | None = None,
) -> Attendance:
    """Record a non-member who attended (ผู้เข้าร่วมประชุม): invited, not counted for quorum."""
    _secretariat(actor, ("บันทึกผู้เข้าร่วมประชุม", "record attendees"))
    meeting = _open_meeting(meeting)
    name = _required(name, "name", "ชื่อผู้เข้าร่วมประชุม", "attendee's name")[:200]
    row = Attendance.objects.create(
        meeting=meeting,
        membership=None,
        status=AttendanceStatus.INVITED,
        name=name,
        position=_clean(position)[:200],
        organisation=_clean(organisation)[:200],
        recorded_at=kit.now(at),
        recorded_by=actor,
    )
    audit_record(
        action="committees.guest_recorded",
        actor=actor,
        target=meeting,
        changes={"guest": [None, name]},
    )
    return row


@transaction.atomic
def meeting_hold(
    *,
    meeting: Meeting,
    started_time: time,
    actor: User,
    presided_by: Membership | None = None,
    at: datetime | None = None,
) -> Meeting:
    """Open the meeting (เริ่มประชุม): refused unless it is quorate by the rule in force on its
    day; the quorum as checked is stored on the meeting. `presided_by` defaults to the chair if
    present, else the first vice-chair present. Not before the meeting's day."""
    _secretariat(actor, ("เปิดการประชุม", "open meetings"))
    meeting = _open_meeting(meeting)
    kit.expect_status(meeting, MeetingStatus.PLANNED, refusal=CommitteeError, noun="meeting")
    when = kit.now(at)
    if meeting.date > local_date(when):
        raise CommitteeError.refuse(
            "meeting_in_future",
            f"การประชุมนัดไว้วันที่ {format_be_date(meeting.date)} ยังเปิดประชุมไม่ได้",
            "The meeting's day has not come.",
        )
    result = quorum(meeting)
    if not result.met:
        raise CommitteeError.refuse(
            "no_quorum",
            "ไม่ครบองค์ประชุม: " + " ".join(result.reasons),
            "The meeting is not quorate.",
        )
    present = [
        a.membership
        for a in meeting.attendance.filter(
            status=AttendanceStatus.PRESENT, membership__isnull=False
        )
        .select_related("membership")
        .order_by("membership__seat")
    ]
    if presided_by is not None:
        chosen = next((m for m in present if m and m.pk == presided_by.pk), None)
        if chosen is None:
            raise CommitteeError.refuse(
                "presiding_not_present",
                f"{presided_by.name} ไม่ได้มาประชุม จึงเป็นประธานในที่ประชุมไม่ได้",
                "The presiding member must be present.",
                "presided_by",
            )
        if result.presiding_required and not chosen.presides:
            raise CommitteeError.refuse(
                "presiding_role",
                "ผู้ทำหน้าที่ประธานในที่ประชุมต้องเป็นประธานหรือรองประธานกรรมการ",
                "The chair or a vice-chair presides.",
                "presided_by",
            )
    else:
        ranked = sorted(
            (m for m in present if m is not None),
            key=lambda m: (ROLE_RANK[MemberRole(m.role)], m.seat),
        )
        chosen = ranked[0] if ranked else None
    meeting.status = MeetingStatus.HELD
    meeting.started_time = started_time
    meeting.presided_by = chosen
    meeting.quorum_checked = result.as_dict()
    meeting.held_at, meeting.held_by = when, actor
    meeting.save(
        update_fields=[
            "status",
            "started_time",
            "presided_by",
            "quorum_checked",
            "held_at",
            "held_by",
        ]
    )
    audit_record(
        action="committees.meeting_held",
        actor=actor,
        target=meeting,
        changes={
            "status": [MeetingStatus.PLANNED, MeetingStatus.HELD],
            "quorum": [None, f"{result.present}/{result.members_in_office}"],
        },
    )
    return meeting


@transaction.atomic
def meeting_close(
    *,
    meeting: Meeting,
    ended_time: time,
    minutes_taker_name: str,
    minutes_taker_position: str,
    actor: User,
    minutes_checker_name: str = "",
    minutes_checker_position: str = "",
    at: datetime | None = None,
) -> Meeting:
    """Close the meeting (เลิกประชุม) and its minutes: the end time, who took and who checked
    the minutes. After this nothing of the meeting changes. Only a held meeting closes."""
    _secretariat(actor, ("ปิดการประชุม", "close meetings"))
    meeting = _open_meeting(meeting)
    kit.expect_status(meeting, MeetingStatus.HELD, refusal=CommitteeError, noun="meeting")
    taker = _required(
        minutes_taker_name, "minutes_taker_name", "ผู้จดรายงานการประชุม", "minutes taker"
    )
    if meeting.started_time is not None and ended_time <= meeting.started_time:
        raise CommitteeError.refuse(
            "ends_before_start",
            f"เวลาเลิกประชุมต้องหลังเวลาเริ่มประชุม ({meeting.started_time:%H.%M} น.)",
            "The meeting ends after it starts.",
            "ended_time",
        )
    meeting.ended_time = ended_time
    meeting.minutes_taker_name = taker[:200]
    meeting.minutes_taker_position = _clean(minutes_taker_position)[:200]
    meeting.minutes_checker_name = _clean(minutes_checker_name)[:200]
    meeting.minutes_checker_position = _clean(minutes_checker_position)[:200]
    meeting.closed_at, meeting.closed_by = kit.now(at), actor
    meeting.save(
        update_fields=[
            "ended_time",
            "minutes_taker_name",
            "minutes_taker_position",
            "minutes_checker_name",
            "minutes_checker_position",
            "closed_at",
            "closed_by",
        ]
    )
    audit_record(
        action="committees.meeting_closed",
        actor=actor,
        target=meeting,
        changes={"ended_time": [None, ended_time.isoformat()]},
    )
    return meeting


# --- the agenda -----------------------------------------------------------------------------


@transaction.atomic
def agenda_item_add(
    *,
    meeting: Meeting,
    section: int,
    title: str,
    actor: User,
    details: str = "",
    resolution: str = "",
    subject: str = "",
    at: datetime | None = None,
) -> AgendaItem:
    """Add an item under ระเบียบวาระที่ `section` (1–5); it takes the next number there (4.1,
    4.2). `subject` ("<module>.<kind>:<id>") links another module's object to it."""
    _secretariat(actor, ("เพิ่มระเบียบวาระ", "add agenda items"))
    meeting = _open_meeting(meeting)
    if section not in AgendaSection.values:
        raise CommitteeError.refuse(
            "invalid_section",
            "ระเบียบวาระต้องเป็นวาระที่ 1 ถึง 5",
            "The agenda has sections 1–5.",
            "section",
        )
    title = _required(title, "title", "เรื่อง", "title")[:300]
    subject = _check_subject(subject) if subject.strip() else ""
    last = meeting.agenda_items.filter(section=section).aggregate(last=Max("position"))["last"]
    item = AgendaItem.objects.create(
        meeting=meeting,
        section=section,
        position=(last or 0) + 1,
        title=title,
        details=(details or "").strip(),
        resolution=(resolution or "").strip(),
        subject=subject,
        created_at=kit.now(at),
        created_by=actor,
    )
    audit_record(
        action="committees.agenda_item_added",
        actor=actor,
        target=item,
        changes={"title": [None, title], "subject": [None, subject or None]},
    )
    return item


def _item_locked(item: AgendaItem) -> AgendaItem:
    _open_meeting(item.meeting)
    return kit.lock(AgendaItem.objects.select_related("meeting__committee"), item.pk)


@transaction.atomic
def agenda_item_update(
    *, item: AgendaItem, title: str, details: str, resolution: str, actor: User
) -> AgendaItem:
    """Change an item's title, details and resolution (until the minutes are closed)."""
    _secretariat(actor, ("แก้ไขระเบียบวาระ", "edit agenda items"))
    item = _item_locked(item)
    title = _required(title, "title", "เรื่อง", "title")[:300]
    before = {"title": item.title, "details": item.details, "resolution": item.resolution}
    item.title, item.details, item.resolution = title, details.strip(), resolution.strip()
    after = {"title": item.title, "details": item.details, "resolution": item.resolution}
    if before == after:
        return item
    item.save(update_fields=["title", "details", "resolution"])
    audit_record(
        action="committees.agenda_item_updated",
        actor=actor,
        target=item,
        changes={k: [before[k], after[k]] for k in before if before[k] != after[k]},
    )
    return item


@transaction.atomic
def agenda_item_resolve(*, item: AgendaItem, resolution: str, actor: User) -> AgendaItem:
    """Record the meeting's resolution on an item (มติที่ประชุม). The meeting must be held."""
    _secretariat(actor, ("บันทึกมติที่ประชุม", "record resolutions"))
    item = _item_locked(item)
    if item.meeting.status != MeetingStatus.HELD:
        raise CommitteeError.refuse(
            "meeting_not_held",
            "ยังไม่ได้เปิดการประชุม จึงบันทึกมติที่ประชุมไม่ได้",
            "Resolutions are recorded at a held meeting.",
            "resolution",
        )
    resolution = _required(resolution, "resolution", "มติที่ประชุม", "resolution")
    before = item.resolution
    item.resolution = (resolution or "").strip()
    item.save(update_fields=["resolution"])
    audit_record(
        action="committees.resolution_recorded",
        actor=actor,
        target=item,
        changes={"resolution": [before or None, item.resolution]},
    )
    return item


@transaction.atomic
def agenda_item_set_table(
    *,
    item: AgendaItem,
    columns: Sequence[str],
    rows: Sequence[Sequence[object]],
    actor: User,
    title: str = "",
    widths: Sequence[float] | None = None,
) -> AgendaItem:
    """Attach a table to an item, printed in the minutes under its details (e.g. the fund's
    ranking of applications). Stored as text: the minutes show what the meeting saw."""
    _secretariat(actor, ("แนบตารางในระเบียบวาระ", "attach agenda tables"))
    item = _item_locked(item)
    columns = [_clean(str(c))[:100] for c in columns]
    if not columns or len(columns) > MAX_TABLE_COLUMNS or not all(columns):
        raise CommitteeError.refuse(
            "invalid_table",
            f"ตารางต้องมีหัวคอลัมน์ 1–{MAX_TABLE_COLUMNS} คอลัมน์",
            "A table has 1–12 named columns.",
            "table",
        )
    if len(rows) > MAX_TABLE_ROWS or any(len(row) != len(columns) for row in rows):
        raise CommitteeError.refuse(
            "invalid_table",
            "ทุกแถวของตารางต้องมีจำนวนช่องเท่ากับหัวคอลัมน์ (ไม่เกิน 500 แถว)",
            "Every row has one cell per column (at most 500 rows).",
            "table",
        )
    if widths is not None and (len(widths) != len(columns) or any(w <= 0 for w in widths)):
        raise CommitteeError.refuse(
            "invalid_table", "ความกว้างคอลัมน์ไม่ถูกต้อง", "Invalid column widths.", "table"
        )
    item.table = {
        "title": _clean(title)[:200],
        "columns": columns,
        "rows": [["" if cell is None else str(cell)[:500] for cell in row] for row in rows],
        "widths": [float(w) for w in widths] if widths else [],
    }
    item.save(update_fields=["table"])
    audit_record(
        action="committees.agenda_table_set",
        actor=actor,
        target=item,
        changes={"table": [None, f"{len(rows)} rows"]},
    )
    return item


# --- conflicts ------------------------------------------------------------------------------


@transaction.atomic
def conflict_declare(
    *,
    membership: Membership,
    subject: str,
    reason: str,
    actor: User,
    details: str = "",
    meeting: Meeting | None = None,
    at: datetime | None = None,
) -> ConflictDeclaration:
    """Record that a member has an interest in `subject` (they take no part in deciding it).
    The secretariat records it for any member; a member with an account (fund subcommittee
    role) records their own. Declaring the same subject again returns the first declaration."""
    if not kit.may(actor, *SECRETARIAT_ROLES):
        own = membership.user_id is not None and membership.user_id == actor.pk
        if not (own and kit.may(actor, *MEMBER_ROLES)):
            kit.require_role(
                actor,
                *SECRETARIAT_ROLES,
                code="committees.not_allowed",
                doing=("บันทึกการมีส่วนได้เสียของกรรมการ", "record members' conflicts"),
            )
    subject = _check_subject(subject)
    if reason not in ConflictReason.values:
        raise CommitteeError.refuse(
            "invalid_reason", "กรุณาเลือกเหตุที่มีส่วนได้เสีย", "Unknown conflict reason.", "reason"
        )
    if reason == ConflictReason.OTHER and not _clean(details):
        raise CommitteeError.refuse(
            "details_required",
            "กรุณาระบุรายละเอียดของส่วนได้เสีย",
            "Describe the other interest.",
            "details",
        )
    membership = kit.lock(Membership.objects.select_related("committee"), membership.pk)
    if meeting is not None and meeting.committee_id != membership.committee_id:
        raise CommitteeError.refuse(
            "wrong_meeting",
            "การประชุมนี้ไม่ใช่ของคณะกรรมการนี้",
            "Another committee's meeting.",
            "meeting",
        )
    existing = ConflictDeclaration.objects.filter(membership=membership, subject=subject).first()
    if existing is not None:
        return existing
    declaration = ConflictDeclaration.objects.create(
        committee_id=membership.committee_id,
        membership=membership,
        subject=subject,
        reason=reason,
        details=_clean(details)[:300],
        meeting=meeting,
        recorded_at=kit.now(at),
        recorded_by=actor,
    )
    audit_record(
        action="committees.conflict_declared",
        actor=actor,
        target=declaration,
        changes={"subject": [None, subject], "reason": [None, reason]},
    )
    return declaration
