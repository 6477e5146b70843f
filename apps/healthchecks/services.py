"""Every write of the annual health check. Runs in an office's schema.

A campaign is agreed (`campaign_create`), its check points added (`checkpoint_add`), then
announced (`campaign_announce`: the circular's number NNNN/<B.E.>; sign-up opens) and finally
closed (`campaign_close`: the roster is final). People sign up for one check point of a campaign
(one active sign-up per person and campaign, a database constraint): at the desk
(`signup_at_desk`, under a One Stop ticket, completed by it), through their school's coordinator
(`signup_by_coordinator`, `signup_list_by_coordinator`) or on the public page with a one-time
code (`access_code_request` by e-mail, `access_code_issue` by the coordinator; `signup_public`).

**Capacity under concurrency**: every sign-up, cancellation and move locks the check point's
row (`SELECT … FOR UPDATE`) before counting its booked places, so two people asking for the
last place at once get one place and one refusal (or the waiting list), never two places. A
cancellation moves the first of the waiting list up, under the same lock.

On the day (`checkin`, `walk_in`) attendance is recorded. Results are never stored unless the
person consents, explicitly and separately (`consent_record`), to the items named; withdrawing
(`consent_withdraw`) deletes them. Every step is in the audit trail.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import F

from accounts.models import User
from apps.healthchecks.models import (
    ACTIVE_SIGNUP,
    AccessCode,
    Campaign,
    CampaignStatus,
    Channel,
    CheckPoint,
    CircularCounter,
    ConsentedResult,
    ConsentItem,
    ResultConsent,
    SchoolCoordinator,
    SignUp,
    SignUpStatus,
)
from apps.healthchecks.module import CAMPAIGN
from apps.healthchecks.permissions import HEALTH_OFFICER_ROLES
from apps.onestop.models import ServiceRequest
from apps.onestop.services import service_request_complete, service_request_take
from apps.people.models import Person, PersonStatus, School
from audit.services import audit_record
from core import kit
from core.sequences import next_number
from core.thai import fiscal_year, format_be_date, local_date
from core.thai.national_id import is_valid_national_id, normalize_national_id
from outbox.services import outbox_record

HEALTH_CHECK_SERVICE = "health_check"
# People who may be checked: those in service and pensioners (the register's living members).
SERVED_STATUSES = (PersonStatus.ACTIVE, PersonStatus.RETIRED)
CODE_ALPHABET = "23456789"  # digits only, none that reads like a letter
CODE_LENGTH = 8
CODE_MINUTES = 30  # a code sent by e-mail
HANDED_CODE_DAYS = 14  # a code the coordinator hands out on paper
MAX_FAILED_ATTEMPTS = 5
# Codes asked for one national ID within CODE_MINUTES: more are silently not made (the page
# answers the same), so nobody floods a teacher's mailbox.
MAX_CODES_PER_ID = 3
MAX_LIST = 300  # national IDs in one list a coordinator sends
MAX_TEXT = 300


class HealthCheckError(kit.Refusal):
    prefix = "healthchecks"


def _require_officer(user: Any, doing: tuple[str, str]) -> None:
    kit.require_role(user, *HEALTH_OFFICER_ROLES, code="healthchecks.not_allowed", doing=doing)


def _text(value: Any, field: str, label_th: str, *, required: bool = True, limit: int = 200) -> str:
    text = str(value or "").strip()
    if required and not text:
        raise HealthCheckError.refuse(
            "required", f"กรุณากรอก{label_th}", f"{field} is required.", field
        )
    if len(text) > limit:
        raise HealthCheckError.refuse(
            "too_long",
            f"{label_th}ยาวเกิน {limit} ตัวอักษร",
            f"{field} is longer than {limit} characters.",
            field,
        )
    return text


def _state(obj: Any, names: Sequence[str]) -> dict[str, Any]:
    values = {}
    for name in names:
        value = getattr(obj, name)
        values[name] = value.isoformat() if isinstance(value, (date, datetime, time)) else value
    return values


def _changes(before: dict[str, Any], after: dict[str, Any]) -> dict[str, list[Any]]:
    return {k: [before[k], after[k]] for k in after if before.get(k) != after[k]}


def _campaign_changed(campaign: Campaign, action: str = "updated") -> None:
    outbox_record(resource=CAMPAIGN, action=action, obj=campaign)


# --- Campaigns and check points -----------------------------------------------------------------


@transaction.atomic
def campaign_create(
    *,
    fiscal_year_be: Any,
    title: str,
    partner: str,
    provider: str,
    officer: User,
    notes: str = "",
) -> Campaign:
    """Record a campaign agreed with `partner` for a fiscal year (B.E.); it is a draft until
    announced."""
    _require_officer(officer, ("บันทึกโครงการตรวจสุขภาพ", "record health-check campaigns"))
    try:
        year = int(fiscal_year_be)
        fiscal_year(year)
    except (TypeError, ValueError):
        raise HealthCheckError.refuse(
            "invalid_fiscal_year",
            "ปีงบประมาณต้องเป็นปีพุทธศักราช เช่น 2557",
            "The fiscal year must be a Buddhist Era year such as 2557.",
            "fiscal_year",
        ) from None
    campaign = Campaign.objects.create(
        fiscal_year=year,
        title=_text(title, "title", "ชื่อโครงการ"),
        partner=_text(partner, "partner", "หน่วยงานที่ร่วมดำเนินการ"),
        provider=_text(provider, "provider", "หน่วยบริการ"),
        notes=_text(notes, "notes", "หมายเหตุ", required=False, limit=2000),
        created_by=officer,
    )
    audit_record(
        action="healthchecks.campaign_created",
        actor=officer,
        target=campaign,
        changes={"fiscal_year": [None, year], "partner": [None, campaign.partner]},
    )
    _campaign_changed(campaign, "created")
    return campaign


def _locked_campaign(campaign: Campaign) -> Campaign:
    return kit.lock(Campaign, campaign.pk)


@transaction.atomic
def checkpoint_add(
    *,
    campaign: Campaign,
    day: date,
    starts_at: time,
    ends_at: time,
    venue: str,
    district: str,
    capacity: Any,
    services: str,
    coordinator: str,
    officer: User,
    target_schools: Iterable[School] = (),
    is_demo_venue: bool = False,
) -> CheckPoint:
    """Add a check point (a venue on a day) to a campaign not yet closed; its day lies in the
    campaign's fiscal year."""
    _require_officer(officer, ("กำหนดจุดตรวจสุขภาพ", "set check points"))
    campaign = _locked_campaign(campaign)
    if campaign.status == CampaignStatus.CLOSED:
        raise HealthCheckError.refuse("campaign_closed", "โครงการนี้ปิดแล้ว", "The campaign is closed.")
    if not isinstance(day, date) or not fiscal_year(campaign.fiscal_year).contains(day):
        raise HealthCheckError.refuse(
            "day_outside_year",
            f"วันตรวจต้องอยู่ในปีงบประมาณ {campaign.fiscal_year}",
            f"The day must fall in fiscal year {campaign.fiscal_year}.",
            "day",
        )
    if not isinstance(starts_at, time) or not isinstance(ends_at, time) or ends_at <= starts_at:
        raise HealthCheckError.refuse(
            "invalid_hours",
            "เวลาสิ้นสุดต้องหลังเวลาเริ่ม",
            "The end time must be after the start time.",
            "ends_at",
        )
    try:
        places = int(capacity)
    except (TypeError, ValueError):
        places = 0
    if isinstance(capacity, bool) or not 1 <= places <= 5000:
        raise HealthCheckError.refuse(
            "invalid_capacity",
            "จำนวนที่รับได้ต้องอยู่ระหว่าง 1 ถึง 5,000 คน",
            "The capacity must be 1 to 5,000 people.",
            "capacity",
        )
    point = CheckPoint.objects.create(
        campaign=campaign,
        day=day,
        starts_at=starts_at,
        ends_at=ends_at,
        venue=_text(venue, "venue", "สถานที่ตรวจ"),
        district=_text(district, "district", "อำเภอหรือกลุ่มโรงเรียน"),
        capacity=places,
        services=_text(services, "services", "รายการตรวจ", limit=MAX_TEXT),
        coordinator=_text(coordinator, "coordinator", "ผู้ประสานงาน"),
        is_demo_venue=is_demo_venue,
    )
    schools = list(target_schools)
    if schools:
        point.target_schools.set(schools)
    audit_record(
        action="healthchecks.checkpoint_added",
        actor=officer,
        target=point,
        changes={"day": [None, day.isoformat()], "capacity": [None, places]},
    )
    _campaign_changed(campaign)
    return point


@transaction.atomic
def campaign_announce(*, campaign: Campaign, officer: User, at: datetime | None = None) -> Campaign:
    """Announce a draft campaign with at least one check point: the circular to schools gets
    its number (NNNN/<B.E. fiscal year>, gap-free), the public page shows the schedule and
    sign-up opens. Announcing an announced campaign changes nothing."""
    _require_officer(officer, ("ประกาศกำหนดการตรวจสุขภาพ", "announce health checks"))
    campaign = _locked_campaign(campaign)
    if campaign.status == CampaignStatus.ANNOUNCED:
        return campaign
    kit.expect_status(campaign, CampaignStatus.DRAFT, refusal=HealthCheckError, noun="campaign")
    if not campaign.checkpoints.exists():
        raise HealthCheckError.refuse(
            "no_checkpoints",
            "ยังไม่มีจุดตรวจ ให้กำหนดจุดตรวจก่อนประกาศ",
            "Add a check point before announcing.",
        )
    number = next_number(CircularCounter, be_year=campaign.fiscal_year)
    campaign.circular_number = f"{number:04d}/{campaign.fiscal_year}"
    campaign.status = CampaignStatus.ANNOUNCED
    campaign.announced_at = kit.now(at)
    campaign.save(update_fields=["circular_number", "status", "announced_at"])
    audit_record(
        action="healthchecks.campaign_announced",
        actor=officer,
        target=campaign,
        changes={
            "status": ["draft", "announced"],
            "circular_number": ["", campaign.circular_number],
        },
    )
    _campaign_changed(campaign)
    return campaign


@transaction.atomic
def campaign_close(*, campaign: Campaign, officer: User, at: datetime | None = None) -> Campaign:
    """Close the roster: no more sign-ups or changes of place (attendance may still be
    recorded). Closing a closed campaign changes nothing."""
    _require_officer(officer, ("ปิดโครงการตรวจสุขภาพ", "close health checks"))
    campaign = _locked_campaign(campaign)
    if campaign.status == CampaignStatus.CLOSED:
        return campaign
    kit.expect_status(campaign, CampaignStatus.ANNOUNCED, refusal=HealthCheckError, noun="campaign")
    campaign.status = CampaignStatus.CLOSED
    campaign.closed_at = kit.now(at)
    campaign.save(update_fields=["status", "closed_at"])
    audit_record(
        action="healthchecks.campaign_closed",
        actor=officer,
        target=campaign,
        changes={"status": ["announced", "closed"]},
    )
    _campaign_changed(campaign)
    return campaign


# --- Sign-up ------------------------------------------------------------------------------------


def booked_count(checkpoint: CheckPoint) -> int:
    return SignUp.objects.filter(checkpoint=checkpoint, status=SignUpStatus.BOOKED).count()


def _check_person(person: Person) -> None:
    if person.status not in SERVED_STATUSES:
        raise HealthCheckError.refuse(
            "person_not_served",
            f"{person} {person.get_status_display()} จึงลงทะเบียนตรวจสุขภาพไม่ได้",
            f"{person} is {person.status}: no sign-up.",
            "person",
        )


def _signup(
    *,
    checkpoint: CheckPoint,
    person: Person,
    channel: str,
    actor: User | None,
    waitlist: bool,
    at: datetime | None,
    service_request: ServiceRequest | None = None,
    actor_label: str = "",
) -> SignUp:
    """The one writer of a sign-up. Locks the check point (see the module's docstring), then
    books a place, or puts the person on the waiting list (`waitlist`), or refuses a full one.
    Must run inside `transaction.atomic`."""
    when = kit.now(at)
    point = kit.lock(CheckPoint.objects.select_related("campaign"), checkpoint.pk)
    if point.campaign.status != CampaignStatus.ANNOUNCED:
        raise HealthCheckError.refuse(
            "signup_closed",
            "โครงการนี้ไม่ได้เปิดรับลงทะเบียน",
            "Sign-up is not open for this campaign.",
            "checkpoint",
        )
    if point.day < local_date(when):
        raise HealthCheckError.refuse(
            "checkpoint_past",
            "จุดตรวจนี้ให้บริการไปแล้ว",
            "This check point's day has passed.",
            "checkpoint",
        )
    _check_person(person)
    existing = (
        SignUp.objects.filter(campaign=point.campaign, person=person, status__in=ACTIVE_SIGNUP)
        .select_related("checkpoint")
        .first()
    )
    if existing is not None:
        raise HealthCheckError.refuse(
            "already_signed_up",
            f"ลงทะเบียนไว้แล้วที่ {existing.checkpoint.venue} วันที่ "
            f"{format_be_date(existing.checkpoint.day, 'long')}",
            "Already signed up for this campaign.",
            "person",
        )
    full = booked_count(point) >= point.capacity
    if full and not waitlist:
        raise HealthCheckError.refuse(
            "checkpoint_full",
            f"จุดตรวจ {point.venue} วันที่ {format_be_date(point.day, 'long')} เต็มแล้ว "
            "เลือกจุดหรือวันอื่น หรือขอลงชื่อสำรอง",
            "This check point is full: choose another, or join the waiting list.",
            "checkpoint",
        )
    school = person.school.name_th if person.school is not None else ""
    try:
        with transaction.atomic():
            signup = SignUp.objects.create(
                campaign=point.campaign,
                checkpoint=point,
                person=person,
                category=person.category,
                school_name=school,
                status=SignUpStatus.WAITLISTED if full else SignUpStatus.BOOKED,
                channel=channel,
                service_request=service_request,
                signed_up_at=when,
                signed_up_by=actor,
            )
    except IntegrityError:  # the same person at once in two windows: one place only
        raise HealthCheckError.refuse(
            "already_signed_up",
            "ลงทะเบียนโครงการนี้ไว้แล้ว",
            "Already signed up for this campaign.",
            "person",
        ) from None
    audit_record(
        action="healthchecks.signed_up",
        actor=actor,
        actor_label=actor_label,
        target=signup,
        changes={"status": [None, signup.status], "channel": [None, channel]},
    )
    _campaign_changed(point.campaign)
    return signup


@transaction.atomic
def signup_at_desk(
    *,
    checkpoint: CheckPoint,
    person: Person,
    officer: User,
    waitlist: bool = False,
    service_request: ServiceRequest | None = None,
    at: datetime | None = None,
) -> SignUp:
    """Sign `person` up at the One Stop desk under its ticket (a new one without
    `service_request`); the ticket completes with the sign-up."""
    _require_officer(officer, ("ลงทะเบียนตรวจสุขภาพ", "sign people up for health checks"))
    ticket = service_request_take(
        service_request=service_request,
        service_type_code=HEALTH_CHECK_SERVICE,
        person=person,
        holders=SignUp.objects.all(),
        received_by=officer,
        at=at,
        refusal=HealthCheckError,
    )
    signup = _signup(
        checkpoint=checkpoint,
        person=person,
        channel=Channel.DESK,
        actor=officer,
        waitlist=waitlist,
        at=at,
        service_request=ticket,
    )
    place = "ลงชื่อสำรอง" if signup.status == SignUpStatus.WAITLISTED else "ลงทะเบียน"
    signup.service_request = service_request_complete(
        service_request=ticket,
        officer=officer,
        outcome=f"{place}ตรวจสุขภาพ {checkpoint.venue} {format_be_date(checkpoint.day)}",
        at=at,
    )
    return signup


def coordinator_schools(user: Any) -> list[int]:
    """The ids of the schools `user` coordinates."""
    if not getattr(user, "is_authenticated", False) or not getattr(user, "is_active", False):
        return []
    return list(SchoolCoordinator.objects.filter(user=user).values_list("school_id", flat=True))


def _require_coordinator_of(user: Any, person: Person) -> None:
    if person.school_id is None or person.school_id not in coordinator_schools(user):
        raise HealthCheckError.refuse(
            "not_your_school",
            "ผู้ประสานงานลงทะเบียนได้เฉพาะบุคลากรของโรงเรียนตน",
            "A coordinator signs up their own school's staff only.",
            "person",
        )


@transaction.atomic
def signup_by_coordinator(
    *,
    checkpoint: CheckPoint,
    person: Person,
    coordinator: User,
    waitlist: bool = False,
    at: datetime | None = None,
) -> SignUp:
    """A school's coordinator signs up one of the school's staff."""
    _require_coordinator_of(coordinator, person)
    return _signup(
        checkpoint=checkpoint,
        person=person,
        channel=Channel.COORDINATOR,
        actor=coordinator,
        waitlist=waitlist,
        at=at,
    )


@dataclass(frozen=True)
class ListLine:
    """One line of a coordinator's list and what became of it."""

    line: int
    national_id: str
    outcome: str  # "booked", "waitlisted" or a refusal's code
    message: str


def signup_list_by_coordinator(
    *,
    checkpoint: CheckPoint,
    national_ids: Sequence[str],
    coordinator: User,
    waitlist: bool = False,
    at: datetime | None = None,
) -> list[ListLine]:
    """Sign up a list of the school's staff by national ID (pasted or uploaded), each line on
    its own: a refused line (not of the school, already signed up, full) changes nothing and
    says why; the others are signed up. A national ID not of the coordinator's school reads
    the same as one not in the register."""
    if not coordinator_schools(coordinator):
        raise HealthCheckError.refuse(
            "not_allowed", "ท่านไม่ได้เป็นผู้ประสานงานของโรงเรียนใด", "You coordinate no school."
        )
    if len(national_ids) > MAX_LIST:
        raise HealthCheckError.refuse(
            "list_too_long",
            f"รายชื่อยาวเกิน {MAX_LIST} รายการ ให้แบ่งส่ง",
            f"More than {MAX_LIST} lines: send them in parts.",
            "national_ids",
        )
    schools = coordinator_schools(coordinator)
    results: list[ListLine] = []
    for number, raw in enumerate(national_ids, start=1):
        value = str(raw).strip()
        if not value:
            continue
        if not is_valid_national_id(value):
            results.append(
                ListLine(number, value, "invalid_national_id", "เลขประจำตัวประชาชนไม่ถูกต้อง")
            )
            continue
        nid = normalize_national_id(value)
        person = Person.objects.filter(national_id=nid, school_id__in=schools).first()
        if person is None:
            results.append(
                ListLine(number, nid, "not_your_school", "ไม่พบในรายชื่อบุคลากรของโรงเรียนท่าน")
            )
            continue
        try:
            signup = signup_by_coordinator(
                checkpoint=checkpoint,
                person=person,
                coordinator=coordinator,
                waitlist=waitlist,
                at=at,
            )
        except HealthCheckError as error:
            results.append(ListLine(number, nid, error.code, error.message_th))
            continue
        results.append(ListLine(number, nid, signup.status, signup.get_status_display()))
    return results


@transaction.atomic
def signup_cancel(*, signup: SignUp, actor: User, at: datetime | None = None) -> SignUp:
    """Cancel a sign-up (the welfare officer, or the person's school coordinator) before the
    roster closes; the first of the check point's waiting list takes a freed place.
    Cancelling a cancelled sign-up changes nothing."""
    if not kit.may(actor, *HEALTH_OFFICER_ROLES):
        _require_coordinator_of(actor, signup.person)
    when = kit.now(at)
    point = kit.lock(CheckPoint.objects.select_related("campaign"), signup.checkpoint_id)
    signup = kit.lock(SignUp.objects.select_related("person"), signup.pk)
    if signup.status == SignUpStatus.CANCELLED:
        return signup
    if point.campaign.status != CampaignStatus.ANNOUNCED or signup.attended_at is not None:
        raise HealthCheckError.refuse(
            "cannot_cancel",
            "ยกเลิกไม่ได้ (ปิดรับลงทะเบียนแล้วหรือมาตรวจแล้ว)",
            "The roster is closed or the person was checked.",
        )
    freed = signup.status == SignUpStatus.BOOKED
    before = signup.status
    signup.status = SignUpStatus.CANCELLED
    signup.cancelled_at = when
    signup.save(update_fields=["status", "cancelled_at"])
    audit_record(
        action="healthchecks.signup_cancelled",
        actor=actor,
        target=signup,
        changes={"status": [before, "cancelled"]},
    )
    if freed:
        first = (
            SignUp.objects.filter(checkpoint=point, status=SignUpStatus.WAITLISTED)
            .order_by("signed_up_at", "id")
            .first()
        )
        if first is not None and booked_count(point) < point.capacity:
            first.status = SignUpStatus.BOOKED
            first.save(update_fields=["status"])
            audit_record(
                action="healthchecks.waitlist_promoted",
                actor=actor,
                target=first,
                changes={"status": ["waitlisted", "booked"]},
            )
    _campaign_changed(point.campaign)
    return signup


# --- One-time codes and the public page ----------------------------------------------------


def _digest(*parts: str) -> str:
    key = settings.SECRET_KEY.encode()
    return hmac.new(key, "\x1f".join(parts).encode(), hashlib.sha256).hexdigest()


def _new_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


@dataclass(frozen=True)
class CodeRequest:
    """What `access_code_request` made: the row and the code, for the e-mail task only (the
    page shows neither)."""

    code_id: int | None
    code: str


def _person_for(national_id: str) -> Person | None:
    return Person.objects.filter(national_id=national_id, status__in=SERVED_STATUSES).first()


@transaction.atomic
def access_code_request(*, national_id: str, at: datetime | None = None) -> CodeRequest:
    """A teacher asks, on the public page, for a code by e-mail. Whatever the national ID
    (valid or not, in the register or not, with an e-mail or not) the caller answers the same
    and does the same work: a code row is made (its person set only when the ID is in the
    register) and the e-mail task is queued; the task sends only to a registered person's
    e-mail. Beyond MAX_CODES_PER_ID recent codes for one ID, none is made (same answer)."""
    when = kit.now(at)
    value = normalize_national_id(national_id) if is_valid_national_id(national_id) else ""
    nid_digest = _digest("nid", value or str(national_id)[:20])
    recent = AccessCode.objects.filter(
        national_id_digest=nid_digest, created_at__gte=when - timedelta(minutes=CODE_MINUTES)
    ).count()
    code = _new_code()
    if recent >= MAX_CODES_PER_ID:
        return CodeRequest(None, code)
    person = _person_for(value) if value else None
    row = AccessCode.objects.create(
        national_id_digest=nid_digest,
        code_digest=_digest("code", nid_digest, code),
        person=person,
        created_at=when,
        expires_at=when + timedelta(minutes=CODE_MINUTES),
    )
    return CodeRequest(row.pk, code)


def access_code_mail(*, code_id: int, code: str) -> bool:
    """Send the code to the registered person's e-mail (the body of
    `tasks.access_code_mail_task`); False when there is nobody to send to."""
    row = AccessCode.objects.select_related("person").filter(pk=code_id).first()
    if row is None or row.person is None or not row.person.email or row.used_at is not None:
        return False
    send_mail(
        "รหัสใช้ครั้งเดียวสำหรับลงทะเบียนตรวจสุขภาพประจำปี",
        f"เรียน {row.person.full_name_th}\n\n"
        f"รหัสใช้ครั้งเดียวของท่านคือ {code}\n"
        f"ใช้ได้ภายใน {CODE_MINUTES} นาที บนหน้าลงทะเบียนตรวจสุขภาพประจำปีของสำนักงาน\n"
        "หากท่านไม่ได้ขอรหัสนี้ ไม่ต้องดำเนินการใด ๆ",
        None,
        [row.person.email],
    )
    return True


@transaction.atomic
def access_code_issue(*, person: Person, coordinator: User, at: datetime | None = None) -> str:
    """The school's coordinator hands a code to one of the school's staff (on paper): valid
    HANDED_CODE_DAYS days. The code is returned once and stored only as a digest."""
    _require_coordinator_of(coordinator, person)
    when = kit.now(at)
    nid_digest = _digest("nid", person.national_id)
    code = _new_code()
    row = AccessCode.objects.create(
        national_id_digest=nid_digest,
        code_digest=_digest("code", nid_digest, code),
        person=person,
        issued_by=coordinator,
        created_at=when,
        expires_at=when + timedelta(days=HANDED_CODE_DAYS),
    )
    audit_record(
        action="healthchecks.code_issued",
        actor=coordinator,
        target=person,
        target_label=f"รหัสลงทะเบียนตรวจสุขภาพ {person.masked_national_id}",
        changes={"code": [None, row.pk]},
    )
    return code


def _code_refused() -> HealthCheckError:
    return HealthCheckError.refuse(
        "code_invalid",
        "เลขประจำตัวประชาชนหรือรหัสใช้ครั้งเดียวไม่ถูกต้อง หรือรหัสหมดอายุแล้ว",
        "The national ID or the one-time code is wrong, or the code has expired.",
        "code",
    )


def _code_person(national_id: str, code: str, when: datetime) -> tuple[AccessCode, Person]:
    """The code row and person `code` opens, locked; refused alike for every failure (an ID
    not in the register, no code, a wrong, used or expired code, too many tries)."""
    value = normalize_national_id(national_id) if is_valid_national_id(national_id) else ""
    nid_digest = _digest("nid", value or str(national_id)[:20])
    offered = _digest("code", nid_digest, str(code).strip()[:20])
    rows = list(
        AccessCode.objects.select_for_update()
        .filter(national_id_digest=nid_digest, used_at__isnull=True, expires_at__gt=when)
        .order_by("-created_at")[: MAX_CODES_PER_ID + 1]
    )
    for row in rows:
        if row.failed_attempts < MAX_FAILED_ATTEMPTS and hmac.compare_digest(
            row.code_digest, offered
        ):
            if row.person_id is None:
                break
            return row, Person.objects.get(pk=row.person_id)
    # One try counted on every open code of the ID (the same whether or not it is registered).
    AccessCode.objects.filter(pk__in=[row.pk for row in rows]).update(
        failed_attempts=F("failed_attempts") + 1
    )
    raise _code_refused()


def signup_public(
    *,
    national_id: str,
    code: str,
    checkpoint: CheckPoint,
    waitlist: bool = False,
    at: datetime | None = None,
) -> SignUp:
    """A teacher signs up on the public page with their national ID and a one-time code (by
    e-mail or from the coordinator). The code is used up by a sign-up, not by a refusal of
    the place (a full check point): the teacher may choose another. A wrong code counts a try
    even when the sign-up is refused."""
    when = kit.now(at)
    with transaction.atomic():
        try:
            row, person = _code_person(national_id, code, when)
        except HealthCheckError:
            failure: HealthCheckError | None = _code_refused()
        else:
            failure = None
    if failure is not None:  # the tries counted above are kept
        raise failure
    with transaction.atomic():
        row = kit.lock(AccessCode, row.pk)
        if row.used_at is not None:
            raise _code_refused()
        signup = _signup(
            checkpoint=checkpoint,
            person=person,
            channel=Channel.PUBLIC,
            actor=None,
            actor_label="public-page",
            waitlist=waitlist,
            at=at,
        )
        row.used_at = when
        row.save(update_fields=["used_at"])
    return signup


# --- Coordinators -------------------------------------------------------------------------------


@transaction.atomic
def coordinator_appoint(
    *, user: User, school: School, officer: User, at: datetime | None = None
) -> SchoolCoordinator:
    """Make `user` the health-check coordinator of `school` (idempotent)."""
    _require_officer(officer, ("แต่งตั้งผู้ประสานงานโรงเรียน", "appoint school coordinators"))
    found, created = SchoolCoordinator.objects.get_or_create(
        user=user, school=school, defaults={"appointed_at": kit.now(at), "appointed_by": officer}
    )
    if created:
        audit_record(
            action="healthchecks.coordinator_appointed",
            actor=officer,
            target=found,
            changes={"school": [None, school.code], "user": [None, user.get_username()]},
        )
    return found


@transaction.atomic
def coordinator_remove(*, coordinator: SchoolCoordinator, officer: User) -> None:
    _require_officer(officer, ("ถอนผู้ประสานงานโรงเรียน", "remove school coordinators"))
    audit_record(
        action="healthchecks.coordinator_removed",
        actor=officer,
        target=coordinator,
        changes={"school": [coordinator.school.code, None]},
    )
    coordinator.delete()


# --- On the day ---------------------------------------------------------------------------------


def _check_day(point: CheckPoint, when: datetime) -> None:
    if local_date(when) != point.day:
        raise HealthCheckError.refuse(
            "not_the_day",
            f"บันทึกการมาตรวจได้เฉพาะวันที่ {format_be_date(point.day, 'long')}",
            "Attendance is recorded on the check point's day only.",
        )


@transaction.atomic
def checkin(*, signup: SignUp, officer: User, at: datetime | None = None) -> SignUp:
    """Record that a booked person came (on the check point's day). A waiting-list person who
    comes is checked in as a walk-in would be: given the place. Checking in twice changes
    nothing."""
    _require_officer(officer, ("บันทึกการมาตรวจสุขภาพ", "record attendance"))
    when = kit.now(at)
    point = kit.lock(CheckPoint.objects.select_related("campaign"), signup.checkpoint_id)
    signup = kit.lock(SignUp.objects.select_related("person"), signup.pk)
    if signup.attended_at is not None:
        return signup
    if signup.status == SignUpStatus.CANCELLED:
        raise HealthCheckError.refuse(
            "signup_cancelled", "การลงทะเบียนนี้ถูกยกเลิกแล้ว", "This sign-up is cancelled."
        )
    _check_day(point, when)
    before = _state(signup, ["status", "attended_at"])
    signup.status = SignUpStatus.BOOKED
    signup.attended_at = when
    signup.checked_in_by = officer
    signup.save(update_fields=["status", "attended_at", "checked_in_by"])
    audit_record(
        action="healthchecks.checked_in",
        actor=officer,
        target=signup,
        changes=_changes(before, _state(signup, ["status", "attended_at"])),
    )
    _campaign_changed(point.campaign)
    return signup


@transaction.atomic
def walk_in(
    *, checkpoint: CheckPoint, person: Person, officer: User, at: datetime | None = None
) -> SignUp:
    """Someone not signed up comes to the check point on its day: signed up as a walk-in and
    checked in at once (the unit serves walk-ins as time allows: capacity is for booking).
    Someone already signed up elsewhere in the campaign is moved here."""
    _require_officer(officer, ("บันทึกผู้มาตรวจโดยไม่ได้ลงทะเบียน", "record walk-ins"))
    when = kit.now(at)
    point = kit.lock(CheckPoint.objects.select_related("campaign"), checkpoint.pk)
    _check_day(point, when)
    _check_person(person)
    existing = SignUp.objects.filter(
        campaign=point.campaign, person=person, status__in=ACTIVE_SIGNUP
    ).first()
    if existing is not None and existing.checkpoint_id == point.pk:
        return checkin(signup=existing, officer=officer, at=at)
    if existing is not None:
        if existing.attended_at is not None:
            raise HealthCheckError.refuse(
                "already_checked",
                "บุคคลนี้ตรวจสุขภาพในโครงการนี้แล้ว",
                "This person was already checked in this campaign.",
                "person",
            )
        existing.status = SignUpStatus.CANCELLED
        existing.cancelled_at = when
        existing.save(update_fields=["status", "cancelled_at"])
        audit_record(
            action="healthchecks.signup_moved",
            actor=officer,
            target=existing,
            changes={
                "status": ["booked", "cancelled"],
                "checkpoint": [existing.checkpoint_id, point.pk],
            },
        )
    signup = SignUp.objects.create(
        campaign=point.campaign,
        checkpoint=point,
        person=person,
        category=person.category,
        school_name=person.school.name_th if person.school is not None else "",
        status=SignUpStatus.BOOKED,
        channel=Channel.WALK_IN,
        signed_up_at=when,
        signed_up_by=officer,
        attended_at=when,
        checked_in_by=officer,
    )
    audit_record(
        action="healthchecks.walked_in",
        actor=officer,
        target=signup,
        changes={"status": [None, "booked"], "attended_at": [None, when.isoformat()]},
    )
    _campaign_changed(point.campaign)
    return signup


# --- Consent to keep results (PDPA §26) ----------------------------------------------------


def _items(items: Iterable[str]) -> list[str]:
    chosen = sorted(set(items))
    if not chosen or any(item not in ConsentItem.values for item in chosen):
        raise HealthCheckError.refuse(
            "invalid_items",
            "เลือกรายการผลตรวจที่ผู้ตรวจยินยอมให้เก็บอย่างน้อยหนึ่งรายการ",
            "Name at least one consented item of the known ones.",
            "items",
        )
    return chosen


@transaction.atomic
def consent_record(
    *,
    signup: SignUp,
    items: Iterable[str],
    purpose: str,
    officer: User,
    at: datetime | None = None,
) -> ResultConsent:
    """Record a person's explicit, separate consent (their signed form) that the office keep
    the named `items` of their result for `purpose`. One consent in force per sign-up."""
    _require_officer(officer, ("บันทึกความยินยอม", "record consents"))
    signup = kit.lock(SignUp, signup.pk)
    if signup.attended_at is None:
        raise HealthCheckError.refuse(
            "not_checked", "ผู้นี้ยังไม่ได้มาตรวจ", "The person has not been checked."
        )
    chosen = _items(items)
    if ResultConsent.objects.filter(signup=signup, withdrawn_at__isnull=True).exists():
        raise HealthCheckError.refuse(
            "consent_exists",
            "มีความยินยอมที่ยังมีผลอยู่แล้ว ให้ถอนก่อนบันทึกใหม่",
            "A consent is in force: withdraw it first.",
        )
    consent = ResultConsent.objects.create(
        signup=signup,
        items=chosen,
        purpose=_text(purpose, "purpose", "วัตถุประสงค์", limit=MAX_TEXT),
        given_at=kit.now(at),
        recorded_by=officer,
    )
    audit_record(
        action="healthchecks.consent_given",
        actor=officer,
        target=signup,
        changes={"result_items": [None, chosen], "consent": [None, consent.pk]},
    )
    return consent


@transaction.atomic
def result_record(
    *, consent: ResultConsent, item: str, value: str, officer: User
) -> ConsentedResult:
    """Keep one item of a result, only if the consent in force names it."""
    _require_officer(officer, ("บันทึกผลตรวจที่ได้รับความยินยอม", "record consented results"))
    consent = kit.lock(ResultConsent, consent.pk)
    if consent.withdrawn_at is not None or item not in consent.items:
        raise HealthCheckError.refuse(
            "not_consented",
            "ผู้ตรวจไม่ได้ยินยอมให้เก็บผลรายการนี้",
            "The person did not consent to keeping this item.",
            "item",
        )
    result, _created = ConsentedResult.objects.update_or_create(
        consent=consent, item=item, defaults={"value": _text(value, "value", "ผลตรวจ", limit=100)}
    )
    audit_record(
        action="healthchecks.result_recorded",
        actor=officer,
        target=consent.signup,
        changes={"item": [None, item]},  # never the value
    )
    return result


@transaction.atomic
def consent_withdraw(
    *, consent: ResultConsent, officer: User, at: datetime | None = None
) -> ResultConsent:
    """The person withdraws: the kept items are deleted at once. Idempotent."""
    _require_officer(officer, ("บันทึกการถอนความยินยอม", "record withdrawals"))
    consent = kit.lock(ResultConsent, consent.pk)
    if consent.withdrawn_at is not None:
        return consent
    deleted, _by_model = ConsentedResult.objects.filter(consent=consent).delete()
    consent.withdrawn_at = kit.now(at)
    consent.save(update_fields=["withdrawn_at"])
    audit_record(
        action="healthchecks.consent_withdrawn",
        actor=officer,
        target=consent.signup,
        changes={"result_items": [consent.items, None], "results_deleted": [deleted, 0]},
    )
    return consent
