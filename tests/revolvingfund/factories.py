"""The revolving fund for tests, made through the services: the centre's allocation, a round
with its call published, teachers with payslips, applications with a complete file."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from fpdf import FPDF

from accounts.models import User
from apps.people.models import Person
from apps.revolvingfund import services
from apps.revolvingfund.models import Application, DocumentKind, Round
from central.fund import FundAllocation
from tenants.models import Office
from tests.onestop.conftest import bangkok
from tests.payroll.factories import make_payslip
from tests.people.factories import make_person

SEPT_2557 = date(2014, 9, 1)
JULY_2557 = date(2014, 7, 1)
OPENS = date(2014, 7, 1)
CLOSES = date(2014, 7, 31)
RECEIVED = bangkok(date(2014, 7, 10), 9, 0)
CHECKED = bangkok(date(2014, 7, 10), 9, 30)


def staff(username: str) -> User:
    return User.objects.get(username=username)


def officer() -> User:
    return staff("welfare_officer")


def allocate(office: Office, amount: str = "600000", number: int = 1, year: int = 2557) -> None:
    FundAllocation.objects.update_or_create(
        office=office,
        fiscal_year=year,
        round_number=number,
        defaults={"amount": Decimal(amount), "source": "หนังสือ สำนักงาน ก.ค.ศ. (ทดสอบ)"},
    )


def open_round(
    office: Office, amount: str = "600000", number: int = 1, publish: bool = True
) -> Round:
    allocate(office, amount, number)
    round_ = services.round_open(fiscal_year_be=2557, number=number, officer=officer())
    if publish:
        round_ = services.round_call_publish(
            round=round_, opens_on=OPENS, closes_on=CLOSES, officer=officer(),
            at=bangkok(date(2014, 6, 25), 10),
        )  # fmt: skip
    return round_


def teacher(salary: str = "30000", deductions: str = "10000", **person: Any) -> Person:
    """A teacher ("ครู") with June and July 2557 payslips."""
    someone = make_person(category="teacher", position="ครู", monthly_salary=None, **person)
    make_payslip(someone, JULY_2557, salary=salary, cooperative=deductions)
    return someone


def pdf_upload(name: str = "statement.pdf") -> SimpleUploadedFile:
    doc = FPDF()
    doc.add_page()
    doc.set_font("helvetica", size=12)
    doc.cell(text="statement")
    return SimpleUploadedFile(name, bytes(doc.output()), content_type="application/pdf")


def receive(
    round_: Round,
    *,
    person: Person | None = None,
    amount: str = "200000",
    term: int = 96,
    guarantors: int = 2,
    at: datetime = RECEIVED,
    **kwargs: Any,
) -> Application:
    person = person or teacher()
    return services.application_receive(
        round=round_,
        person=person,
        service_started_on=kwargs.pop("service_started_on", date(2000, 5, 16)),
        amount_requested=Decimal(amount),
        term_requested=term,
        debts=kwargs.pop(
            "debts",
            [
                {
                    "creditor": "สหกรณ์ออมทรัพย์ครูพัทลุง จำกัด",
                    "kind": "cooperative",
                    "balance": Decimal("180000"),
                    "monthly_instalment": Decimal("4000"),
                    "started_on": date(2010, 1, 5),
                },
                {
                    "creditor": "ธนาคารกรุงไทย",
                    "kind": "bank",
                    "balance": Decimal("90000"),
                    "monthly_instalment": Decimal("2500"),
                    "started_on": date(2012, 3, 1),
                },
            ],
        ),
        guarantors=kwargs.pop("guarantor_people", None)
        or [(teacher(), True) for _ in range(guarantors)],
        director_endorsed=kwargs.pop("director_endorsed", True),
        director_name=kwargs.pop("director_name", "นายสมหมาย ใจดี"),
        endorsed_on=date(2014, 7, 8),
        received_by=officer(),
        at=at,
        **kwargs,
    )


def complete_file(
    application: Application, *, skip: tuple[str, ...] = (), at: datetime = RECEIVED
) -> None:
    """Add every document the round asks for (but `skip`) and a scanned statement per debt."""
    for item in application.round.documents_to_bring:
        if item["code"] in skip:
            continue
        services.application_document_add(
            application=application, kind=item["code"], officer=officer(), at=at
        )
    if "debt_statement" in skip:
        return
    for debt in application.debts.all():
        services.application_document_add(
            application=application,
            kind=DocumentKind.DEBT_STATEMENT,
            debt=debt,
            upload=pdf_upload(),
            officer=officer(),
            at=at,
        )


def eligible(round_: Round, **kwargs: Any) -> Application:
    application = receive(round_, **kwargs)
    complete_file(application)
    return services.application_check(
        application=application, officer=officer(), at=CHECKED + timedelta(seconds=application.pk)
    )


def subcommittee(members: list[Person] | None = None) -> Any:
    """The fund's subcommittee: the chair (account `fund_committee`), members from the register
    (or named outsiders), the secretary (account `welfare_officer`)."""
    from apps.committees import services as committee_services
    from apps.committees.services import MemberData
    from apps.revolvingfund import ranking

    committee = ranking.subcommittee_ensure(actor=officer())
    seats = [
        MemberData(
            "chair", name="นายประธาน ทดสอบ", position="รอง ผอ.สพท.", user=staff("fund_committee")
        ),
        *[MemberData("member", person=p) for p in (members or [])],
        MemberData("member", name="นายกรรมการ นอก", position="พนักงานสินเชื่อ"),
        MemberData("secretary", name="นางเลขา ทดสอบ", user=officer()),
    ]
    committee_services.appointment_order_record(
        committee=committee,
        number=f"{committee.pk}/2557",
        order_date=date(2013, 10, 1),
        signed_by_name="นายผู้อำนวยการ",
        signed_by_position="ผู้อำนวยการ สพป.",
        effective_from=date(2013, 10, 1),
        members=seats,
        actor=officer(),
    )
    return committee


MEETING_DAY = date(2014, 8, 15)


def held_meeting(round_: Round, committee: Any, *, absent: int = 0) -> Any:
    """Close the round, schedule a meeting, record attendance (`absent` seats from the end on
    leave), hold it and put the round before it."""
    from apps.committees import services as committee_services
    from apps.revolvingfund import ranking

    if round_.status == "call_published":
        round_ = services.round_close(
            round=round_, officer=officer(), at=bangkok(date(2014, 8, 1), 9)
        )
    meeting = committee_services.meeting_schedule(
        committee=committee, date=MEETING_DAY, start_time=time(13, 30), venue="ห้องประชุม",
        actor=officer(), at=bangkok(date(2014, 8, 5), 9),
    )  # fmt: skip
    ranking.round_meeting_set(round=round_, meeting=meeting, officer=officer())
    seats = list(committee.memberships.order_by("seat"))
    committee_services.attendance_record_many(
        meeting=meeting,
        statuses={
            s.pk: "on_leave" if i >= len(seats) - absent else "present" for i, s in enumerate(seats)
        },
        actor=officer(),
        at=bangkok(MEETING_DAY, 13, 20),
    )
    committee_services.meeting_hold(
        meeting=meeting, started_time=time(13, 30), actor=officer(), at=bangkok(MEETING_DAY, 13, 30)
    )
    round_.refresh_from_db()
    return meeting


def points(total: int) -> dict[str, int]:
    """`total` (0–100) spread over the default criteria 40/30/20/10."""
    parts = {"hardship": total * 40 // 100, "repayment": total * 30 // 100,
             "conduct": total * 20 // 100, "service": total * 10 // 100}  # fmt: skip
    parts["hardship"] += total - sum(parts.values())
    return parts


def approved_application() -> Application:
    """One application approved by the subcommittee, in the current office's schema."""
    from apps.committees.selectors import members_present
    from apps.revolvingfund import ranking
    from core.schemas import current_schema

    office = Office.objects.get(schema_name=current_schema())
    round_ = Round.objects.filter(fiscal_year=2557, number=1).first() or open_round(office)
    application = eligible(round_)
    meeting = held_meeting(round_, subcommittee())
    for seat in members_present(meeting):
        ranking.score_record(
            application=application, membership=seat, points=points(80), actor=officer()
        )
    ranking.round_rank(round=Round.objects.get(pk=round_.pk), officer=officer())
    ranking.round_result_confirm(
        round=Round.objects.get(pk=round_.pk), actor=staff("fund_committee")
    )
    return Application.objects.get(pk=application.pk)
