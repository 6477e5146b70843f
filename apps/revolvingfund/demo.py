"""The fund's demo: FY 2557's two rounds through the real services, on the register and payslips
of the demo before it (`apps.people.demo`, `apps.payroll.demo`: lower orders).

Phatthalung Area 2 reproduces the 2557 report: round 1 approves **5** borrowers, round 2
**11**, all teaching staff ("ครู"), each at most 200,000 baht, from more applicants than places
(round 1: 8 files, one a school director who is not eligible under the 2557 terms, one returned
incomplete and completed; round 2: 15 files, one asking more than its debts). The centre's
allocation for each round is written first (the demo plays the centre); the subcommittee is
appointed, meets with a quorum, its members score every eligible file (one member guarantees an
applicant's loan: the conflict is recorded and they do not score it), the officer ranks within
the allocation and the director, the subcommittee's chair, confirms. Other demo offices get
smaller rounds. The report gives no applicant count; the demo's are its own.

The loans part (issue 18) builds on these approvals: its builder runs at the end of `build`
(`LOANS_BUILDER`, when it exists), so contracts follow the approvals in the same office.

- Deterministic: `context.random("revolvingfund")`.
- Idempotent: None when the office has rounds, has no volumes, or has no payslips.
"""

from __future__ import annotations

import contextlib
import importlib.util
import random
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import ROUND_CEILING, Decimal
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils.module_loading import import_string
from django_tenants.utils import get_public_schema_name, schema_context
from fpdf import FPDF

from accounts.models import User
from apps.committees import services as committee_services
from apps.committees.models import AttendanceStatus, MemberRole
from apps.committees.services import MemberData
from apps.payroll.models import Payslip
from apps.payroll.netpay import net_pay_check
from apps.people.models import Person, PersonCategory, PersonStatus
from apps.revolvingfund import ranking, services
from apps.revolvingfund.models import (
    Application,
    ApplicationStatus,
    DocumentKind,
    FundSettings,
    Round,
)
from apps.revolvingfund.permissions import COMMITTEE_ROLES
from audit.services import audit_record
from central.fund import FundAllocation
from core import kit
from core.demo import BANGKOK, DEMO_ACTOR_LABEL, DemoContext
from core.schemas import current_schema
from tenants.models import Office

LOANS_BUILDER = "apps.revolvingfund.loans.demo.build"
CAP = Decimal("200000")
DEMO_YEAR = 2557  # the plans' dates are FY 2557's


@dataclass(frozen=True)
class RoundPlan:
    number: int
    approved: int  # borrowers approved (the report's figure for Phatthalung Area 2)
    applicants: int  # files received
    call: date  # published; the desk opens a week later for three weeks
    meeting: date


PLANS: dict[str, tuple[RoundPlan, ...]] = {
    "phatthalung2": (
        RoundPlan(1, 5, 8, date(2014, 1, 6), date(2014, 2, 14)),
        RoundPlan(2, 11, 15, date(2014, 6, 2), date(2014, 7, 18)),
    ),
    "phatthalung1": (
        RoundPlan(1, 4, 6, date(2014, 1, 8), date(2014, 2, 20)),
        RoundPlan(2, 7, 9, date(2014, 6, 4), date(2014, 7, 24)),
    ),
    "songkhlasec": (
        RoundPlan(1, 3, 4, date(2014, 1, 10), date(2014, 2, 21)),
        RoundPlan(2, 5, 7, date(2014, 6, 6), date(2014, 7, 25)),
    ),
}
PREFIXES = {"phatthalung2": "ศธ 04123", "phatthalung1": "ศธ 04122", "songkhlasec": "ศธ 04301"}
CREDITORS = (
    ("สหกรณ์ออมทรัพย์ครูพัทลุง จำกัด", "cooperative"),
    ("ธนาคารออมสิน สาขาพัทลุง", "bank"),
    ("ธนาคารกรุงไทย สาขาควนขนุน", "bank"),
    ("บริษัทบัตรกรุงไทย จำกัด (มหาชน)", "credit_card"),
    ("ธนาคารเพื่อการเกษตรและสหกรณ์การเกษตร", "bank"),
)


def _at(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), BANGKOK)


def _scan(title: str) -> SimpleUploadedFile:
    doc = FPDF()
    doc.add_page()
    doc.set_font("helvetica", size=12)
    doc.cell(text=title)
    return SimpleUploadedFile("statement.pdf", bytes(doc.output()), content_type="application/pdf")


def _office() -> Office:
    office: Office = Office.objects.get(schema_name=current_schema())
    return office


def _allocate(office: Office, plan: RoundPlan, amount: Decimal, fiscal_year: int) -> None:
    """The centre's allocation for this office and round (the demo plays the centre)."""
    with schema_context(get_public_schema_name()):
        FundAllocation.objects.update_or_create(
            office=office,
            fiscal_year=fiscal_year,
            round_number=plan.number,
            defaults={
                "amount": amount,
                "source": f"หนังสือสำนักงาน ก.ค.ศ. แจ้งจัดสรรเงินทุนหมุนเวียนฯ ครั้งที่ {plan.number}/"
                f"{fiscal_year} (ข้อมูลตัวอย่าง)",
                "announced_on": plan.call - timedelta(days=10),
                "note": "วงเงินตัวอย่างของข้อมูลสาธิต ไม่ใช่วงเงินจริง",
            },
        )


def _with_headroom(people: list[Person], on: date, instalment: Decimal) -> list[Person]:
    chosen = []
    for person in people:
        month = (
            Payslip.objects.filter(person=person, month__lte=on.replace(day=1))
            .order_by("-month")
            .values_list("month", flat=True)
            .first()
        )
        if month is None:
            continue
        check = net_pay_check(person=person, month=month, new_instalment=instalment, on=on)
        if check.passes:
            chosen.append(person)
    return chosen


def _subcommittee(context: DemoContext, officer: User, director: User, people: list[Person]):  # type: ignore[no-untyped-def]
    committee = ranking.subcommittee_ensure(actor=officer)
    if committee.orders.exists():
        return committee
    members = [
        MemberData(
            MemberRole.CHAIR,
            name=director.display_name,
            position=director.position or "ผู้อำนวยการสำนักงานเขตพื้นที่การศึกษา",
            user=director,
        ),
        *[
            MemberData(MemberRole.MEMBER, person=person, position="ผู้อำนวยการโรงเรียน")
            for person in people[:3]
        ],
        MemberData(
            MemberRole.MEMBER,
            name="นายวิรัตน์ ศรีสุข",
            position="พนักงานพัฒนาสินเชื่อ",
            organisation="ธนาคารเพื่อการเกษตรและสหกรณ์การเกษตร สาขาพัทลุง",
        ),
        MemberData(
            MemberRole.SECRETARY,
            name=officer.display_name,
            position=officer.position or "นักทรัพยากรบุคคล",
            user=officer,
        ),
    ]
    committee_services.appointment_order_record(
        committee=committee,
        number=f"{context.office_code[:3].upper()}-อนก. 1/2556",
        order_date=date(2013, 10, 15),
        signed_by_name=director.display_name,
        signed_by_position=director.position or "ผู้อำนวยการสำนักงานเขตพื้นที่การศึกษา",
        effective_from=date(2013, 10, 15),
        members=members,
        actor=officer,
        title="แต่งตั้งคณะอนุกรรมการบริหารเงินทุนหมุนเวียนเพื่อแก้ไขปัญหาหนี้สินข้าราชการครู",
        at=_at(date(2013, 10, 15), 10),
    )
    return committee


def _points(total: int, criteria: list[dict[str, Any]], nudge: int) -> dict[str, int]:
    """`total` points spread over the criteria by their weights; `nudge` (−1…1) on the third,
    so members differ a little without changing the order."""
    whole = sum(int(c["max_points"]) for c in criteria)
    points = {c["code"]: int(total * int(c["max_points"]) / whole) for c in criteria}
    first = criteria[0]["code"]
    points[first] = min(
        int(criteria[0]["max_points"]), points[first] + total - sum(points.values())
    )
    if len(criteria) > 2:
        code, top = criteria[2]["code"], int(criteria[2]["max_points"])
        points[code] = max(0, min(top, points[code] + nudge))
    return points


def _round(
    context: DemoContext,
    plan: RoundPlan,
    *,
    rng: random.Random,
    office: Office,
    officer: User,
    director: User,
    committee: Any,
    teachers: list[Person],
    directors: list[Person],
    guarantor_pool: list[Person],
) -> Round:
    fy = context.fiscal_year
    opens, closes = plan.call + timedelta(days=7), plan.call + timedelta(days=27)
    eligible_count = plan.applicants - 1
    amounts = [CAP if rng.random() < 0.7 else Decimal(rng.choice((150_000, 180_000, 120_000)))
               for _ in range(eligible_count)]  # fmt: skip
    # The files are ranked by the scores below, in the order drawn: the allocation is what
    # the top `approved` asked, rounded up to 100,000 (what is left then fits nobody else).
    top = sum(amounts[: plan.approved], Decimal(0))
    allocation = (top / 100_000).to_integral_value(rounding=ROUND_CEILING) * 100_000
    _allocate(office, plan, allocation, fy)
    round_ = services.round_open(
        fiscal_year_be=fy, number=plan.number, officer=officer, at=_at(plan.call, 9)
    )
    round_ = services.round_call_publish(
        round=round_,
        opens_on=opens,
        closes_on=closes,
        officer=officer,
        note="",
        at=_at(plan.call, 10),
    )
    files: list[tuple[Person, Decimal, str]] = [(p, a, "eligible") for p, a in zip(
        teachers[:eligible_count], amounts, strict=True)]  # fmt: skip
    if plan.number == 1 and directors:
        files.insert(3, (directors[0], CAP, "director"))
    else:
        files.insert(5, (teachers[eligible_count], Decimal("200000"), "over_debt"))
    day = opens
    applications: list[Application] = []
    for index, (person, amount, kind) in enumerate(files):
        received = _at(day + timedelta(days=index % 14), 9 + index % 6, (index * 7) % 60)
        guarantors = rng.sample([g for g in guarantor_pool if g.pk != person.pk], 2)
        balance = amount + Decimal(rng.randrange(10, 90) * 1000)
        debts = [
            {
                "creditor": CREDITORS[index % len(CREDITORS)][0],
                "kind": CREDITORS[index % len(CREDITORS)][1],
                "balance": balance if kind != "over_debt" else Decimal("150000"),
                "monthly_instalment": Decimal(rng.randrange(25, 60) * 100),
                "started_on": date(2008 + index % 5, 1 + index % 12, 1),
            }
        ]
        application = services.application_receive(
            round=round_,
            person=person,
            service_started_on=date(1995 + index % 12, 5, 16),
            amount_requested=amount,
            term_requested=96,
            debts=debts,
            guarantors=[(g, True) for g in guarantors],
            director_endorsed=True,
            director_name="ผู้อำนวยการโรงเรียน",
            endorsed_on=received.date() - timedelta(days=2),
            received_by=officer,
            at=received,
        )
        returned_once = plan.number == 1 and index == 1
        for item in round_.documents_to_bring:
            if returned_once and item["code"] == DocumentKind.HOUSE_REGISTRATION:
                continue
            services.application_document_add(
                application=application, kind=item["code"], officer=officer, at=received
            )
        for debt in application.debts.all():
            services.application_document_add(
                application=application,
                kind=DocumentKind.DEBT_STATEMENT,
                debt=debt,
                upload=_scan(f"statement {application.number}"),
                officer=officer,
                at=received,
            )
        checked_at = received + timedelta(minutes=25)
        application = services.application_check(
            application=application, officer=officer, at=checked_at
        )
        if returned_once:
            back = received + timedelta(days=2)
            services.application_document_add(
                application=application,
                kind=DocumentKind.HOUSE_REGISTRATION,
                officer=officer,
                at=back,
            )
            application = services.application_check(
                application=application, officer=officer, at=back + timedelta(minutes=10)
            )
        applications.append(application)
    services.round_close(round=round_, officer=officer, at=_at(closes + timedelta(days=1), 9))
    meeting = committee_services.meeting_schedule(
        committee=committee,
        date=plan.meeting,
        start_time=time(13, 30),
        venue="ห้องประชุมสำนักงานเขตพื้นที่การศึกษา",
        actor=officer,
        at=_at(plan.meeting - timedelta(days=7), 9),
    )
    round_ = ranking.round_meeting_set(
        round=round_, meeting=meeting, officer=officer, at=_at(plan.meeting - timedelta(days=7), 9)
    )
    seats = list(committee.memberships.filter(order__effective_to__isnull=True).order_by("seat"))
    absent = seats[3] if plan.number == 2 and len(seats) > 5 else None
    committee_services.attendance_record_many(
        meeting=meeting,
        statuses={
            s.pk: AttendanceStatus.ON_LEAVE if s == absent else AttendanceStatus.PRESENT
            for s in seats
        },
        actor=officer,
        at=_at(plan.meeting, 13, 25),
    )
    committee_services.meeting_hold(
        meeting=meeting, started_time=time(13, 30), actor=officer, at=_at(plan.meeting, 13, 30)
    )
    round_.refresh_from_db()
    present = [s for s in seats if s != absent]
    eligible = [a for a in applications if a.status == ApplicationStatus.ELIGIBLE]
    # Scores in the order the files were drawn: 95, 92, 89, … (three apart; a member's nudge
    # moves a total by one at most).
    for order, application in enumerate(eligible):
        total = 95 - 3 * order
        for k, seat in enumerate(present):
            if ranking.conflict_reason(application, seat) is not None:
                # The conflict is recorded; the member does not score it.
                with contextlib.suppress(services.FundError):
                    ranking.score_record(
                        application=application, membership=seat, points={}, actor=officer,
                        at=_at(plan.meeting, 14),
                    )  # fmt: skip
                continue
            ranking.score_record(
                application=application,
                membership=seat,
                points=_points(total, round_.criteria, (k % 3) - 1),
                actor=officer,
                at=_at(plan.meeting, 14, 10),
            )
    ranking.round_rank(round=round_, officer=officer, at=_at(plan.meeting, 15))
    round_ = ranking.round_result_confirm(
        round=round_, actor=director, at=_at(plan.meeting, 15, 20)
    )
    item = meeting.agenda_items.filter(subject=ranking.round_subject(round_)).first()
    approved = round_.applications.filter(status=ApplicationStatus.APPROVED)
    if item is not None:
        committee_services.agenda_item_resolve(
            item=item,
            resolution=f"ที่ประชุมพิจารณาแล้ว มีมติอนุมัติเงินกู้ให้แก่ข้าราชการครู จำนวน {approved.count()} ราย "
            "ตามบัญชีจัดลำดับ และให้ผู้อยู่ในลำดับสำรองรอการพิจารณาครั้งต่อไป",
            actor=officer,
        )
    committee_services.meeting_close(
        meeting=meeting,
        ended_time=time(16, 0),
        minutes_taker_name=officer.display_name,
        minutes_taker_position=officer.position or "นักทรัพยากรบุคคล",
        actor=officer,
        at=_at(plan.meeting, 16, 30),
    )
    return round_


def _chair(context: DemoContext) -> User | None:
    """The subcommittee's chair: the director if they hold the subcommittee role (the demo's
    director does), else any account that does."""
    director = User.objects.get(username=context.approver)
    if kit.may(director, *COMMITTEE_ROLES):
        return director
    for user in User.objects.filter(is_active=True).order_by("pk"):
        if kit.may(user, *COMMITTEE_ROLES):
            return user
    return None


def build(context: DemoContext) -> dict[str, int] | None:
    plans = PLANS.get(context.office_code)
    if (
        context.fiscal_year != DEMO_YEAR
        or plans is None
        or Round.objects.exists()
        or not Payslip.objects.exists()
    ):
        return None
    rng = context.random("revolvingfund")
    officer = User.objects.get(username=context.officer)
    director = _chair(context)
    if director is None:
        return None  # nobody to chair the subcommittee (a member of it confirms the result)
    office = _office()
    settings = FundSettings.objects.first() or FundSettings()
    settings.number_prefix = PREFIXES.get(context.office_code, settings.number_prefix)
    settings.contact = "กลุ่มบริหารงานบุคคล โทร. 0 7469 3000"
    settings.director_name = director.display_name
    settings.director_position = director.position or "ผู้อำนวยการสำนักงานเขตพื้นที่การศึกษา"
    settings.save()
    on = date(2014, 1, 10)
    active = Person.objects.filter(
        category=PersonCategory.TEACHER, status=PersonStatus.ACTIVE
    ).order_by("pk")
    teaching = [p for p in active if "ครู" in p.position]
    school_directors = [p for p in active if "ผู้อำนวยการ" in p.position]
    rng.shuffle(teaching)
    needed = sum(plan.applicants for plan in plans)
    borrowers = _with_headroom(teaching[: needed * 3], on, Decimal("2600"))[:needed]
    if len(borrowers) < needed:
        return None
    pool = [p for p in teaching if p not in borrowers][:60] or teaching[:60]
    committee_people = [p for p in pool[:3]]
    committee = _subcommittee(context, officer, director, committee_people or school_directors)
    guarantor_pool = pool[: max(12, len(pool))]
    counts: dict[str, int] = {}
    start = 0
    for plan in plans:
        mine = borrowers[start : start + plan.applicants]
        start += plan.applicants
        round_ = _round(
            context,
            plan,
            rng=rng,
            office=office,
            officer=officer,
            director=director,
            committee=committee,
            teachers=mine,
            directors=school_directors[:1] if plan.number == 1 else [],
            guarantor_pool=guarantor_pool,
        )
        counts[f"round{plan.number}_applications"] = round_.applications.count()
        counts[f"round{plan.number}_approved"] = round_.applications.filter(
            status=ApplicationStatus.APPROVED
        ).count()
    audit_record(
        action="demo.revolvingfund_loaded",
        actor_label=DEMO_ACTOR_LABEL,
        target_label=f"ปีงบประมาณ {context.fiscal_year}",
        changes={name: [None, value] for name, value in counts.items()},
    )
    if importlib.util.find_spec(LOANS_BUILDER.rsplit(".", 1)[0].rsplit(".", 1)[0]) is not None:
        try:
            loans_build = import_string(LOANS_BUILDER)
        except ImportError:
            loans_build = None
        if loans_build is not None:
            counts.update(loans_build(context) or {})
    return counts


__all__ = ["PLANS", "build"]
