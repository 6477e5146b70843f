"""Every write of the revolving fund's rounds and applications. Runs in an office's schema.

A round: opened from the centre's allocation and terms (`round_open`: the office's allocation
for that round and the terms version in force are copied into it) → its call published on the
office's public page and as a circular letter (`round_call_publish`) → closed
(`round_close`) → ranked and confirmed by the subcommittee (`apps.revolvingfund.ranking`).

An application (ทป.1): received at the desk under a One Stop ticket (`application_receive`,
with its debts and guarantors) → documents added (`application_document_add`, a debt's
statement as a scan) → checked (`application_check`): the completeness check lists what is
missing and returns the file (status `returned`, the ticket stays open for the teacher's
return); a complete file is checked for eligibility rule by rule against the round's terms and
for net pay (borrower with the planned instalment, each guarantor with none) on the shared
payslip data; the ticket completes ("รับเรื่องครบถ้วน"). Eligible files go to the subcommittee.

Every service requires its role (`permissions`), refuses with a coded Thai/English error
(`FundError`), changes nothing when it refuses, and writes the audit trail.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.core.files import File
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.db.models import Count, Q

from accounts.models import User
from apps.onestop.models import ServiceRequest
from apps.onestop.services import service_request_complete, service_request_take
from apps.payroll.netpay import NetPayCheck, net_pay_check, net_pay_check_audit
from apps.payroll.services import PayrollError, money
from apps.people.models import Person, PersonCategory, PersonStatus
from apps.revolvingfund.models import (
    DOCUMENT_TH,
    Application,
    ApplicationStatus,
    CheckOutcome,
    Debt,
    DebtKind,
    Document,
    DocumentKind,
    FundNumberCounter,
    FundSettings,
    Guarantor,
    Round,
    RoundStatus,
)
from apps.revolvingfund.permissions import FUND_OFFICER_ROLES
from audit.services import audit_record
from central.fund import fund_allocation_for, fund_terms_for
from core import kit
from core.schemas import current_schema
from core.sequences import next_number
from core.thai import fiscal_year, format_baht, local_date
from core.uploads import image_reencoded, pdf_checked

FUND_SERVICE = "revolving_fund"
SCAN_MAX_BYTES = 10 * 1024 * 1024
SCAN_TYPES = {"application/pdf": ".pdf", "image/jpeg": ".jpg", "image/png": ".png"}
MAX_DEBTS = 20

# What a file must hold besides the per-debt statements and per-guarantor consents; a round
# may ask for more (its call's documents to bring).
DEFAULT_DOCUMENTS: tuple[str, ...] = (
    DocumentKind.REQUEST_FORM,
    DocumentKind.BORROWER_CONSENT,
    DocumentKind.AGENCY_CERTIFICATE,
    DocumentKind.PAYSLIP,
    DocumentKind.ID_COPY,
    DocumentKind.HOUSE_REGISTRATION,
)
DEFAULT_CRITERIA: tuple[dict[str, Any], ...] = (
    {"code": "hardship", "label": "ความเดือดร้อนและภาระหนี้สิน", "max_points": 40},
    {"code": "repayment", "label": "ความสามารถในการชำระหนี้คืน", "max_points": 30},
    {"code": "conduct", "label": "ความประพฤติและความตั้งใจในการแก้ไขปัญหาหนี้", "max_points": 20},
    {"code": "service", "label": "ผลการปฏิบัติงานและอายุราชการ", "max_points": 10},
)


class FundError(kit.Refusal):
    prefix = "revolvingfund"


def _require_officer(user: Any, doing: tuple[str, str]) -> None:
    kit.require_role(user, *FUND_OFFICER_ROLES, code="revolvingfund.not_allowed", doing=doing)


def office_code() -> str:
    """The code of the office whose schema this runs in (`esa_<code>`)."""
    return current_schema().removeprefix("esa_")


def fund_settings() -> FundSettings:
    return FundSettings.objects.first() or FundSettings()


def _money(value: Any, field: str, *, allow_zero: bool = False) -> Decimal:
    try:
        return money(value, field=field, allow_zero=allow_zero)
    except PayrollError as error:
        raise FundError(
            error.message_th, error.message_en, code=f"revolvingfund.{field}_invalid", field=field
        ) from None


def monthly_instalment(principal: Decimal, annual_rate: Decimal, months: int) -> Decimal:
    """The level monthly instalment of a reducing-balance loan, rounded half-up to the satang:
    200,000 baht at 5.525 % over 96 months is 2,582.27."""
    if months < 1:
        raise ValueError("months must be at least 1")
    if not annual_rate:
        return (principal / months).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    rate = annual_rate / Decimal(1200)
    factor = (1 + rate) ** months
    payment = principal * rate * factor / (factor - 1)
    return payment.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


# ---------------------------------------------------------------------------------------
# Rounds


@transaction.atomic
def round_open(
    *, fiscal_year_be: int, number: int, officer: User, at: datetime | None = None
) -> Round:
    """Open round `number` of a B.E. fiscal year from the centre's allocation for this office
    and the terms version in force for it (both copied: a later central change never rewrites
    an opened round). Refuses a round already opened, one without an allocation or terms."""
    _require_officer(officer, ("เปิดรอบกองทุนหมุนเวียนฯ", "open fund rounds"))
    try:
        fiscal_year(int(fiscal_year_be))
        number = int(number)
    except (TypeError, ValueError):
        raise FundError.refuse(
            "invalid_round", "ปีงบประมาณหรือครั้งที่ไม่ถูกต้อง", "Invalid fiscal year or round.", "number"
        ) from None
    if not 1 <= number <= 9:
        raise FundError.refuse(
            "invalid_round", "ครั้งที่ต้องอยู่ระหว่าง 1 ถึง 9", "The round must be 1 to 9.", "number"
        )
    if Round.objects.filter(fiscal_year=fiscal_year_be, number=number).exists():
        raise FundError.refuse(
            "round_exists",
            f"เปิดครั้งที่ {number} ของปีงบประมาณ {fiscal_year_be} แล้ว",
            "This round is already open.",
            "number",
        )
    allocation = fund_allocation_for(
        office_code=office_code(), fiscal_year=fiscal_year_be, round_number=number
    )
    if allocation is None:
        raise FundError.refuse(
            "no_allocation",
            f"ส่วนกลางยังไม่ได้จัดสรรวงเงินครั้งที่ {number} ปีงบประมาณ {fiscal_year_be} ให้สำนักงานนี้",
            "The centre has not allocated money to this office for this round.",
            "number",
        )
    terms = fund_terms_for(fiscal_year=fiscal_year_be, round_number=number)
    if terms is None:
        raise FundError.refuse(
            "no_terms",
            f"ยังไม่มีหลักเกณฑ์กองทุนของปีงบประมาณ {fiscal_year_be}",
            "No fund terms for this fiscal year.",
            "fiscal_year",
        )
    round_ = Round(
        fiscal_year=fiscal_year_be,
        number=number,
        allocation_amount=allocation.amount,
        allocation_id=allocation.pk,
        allocation_source=allocation.source,
        terms_id=terms.pk,
        terms_code=terms.code,
        terms=terms.snapshot(),
        terms_confirmed=terms.confirmed,
        documents_to_bring=[
            {"code": code, "label": DOCUMENT_TH[DocumentKind(code)]} for code in DEFAULT_DOCUMENTS
        ],
        criteria=[dict(c) for c in DEFAULT_CRITERIA],
        created_by=officer,
    )
    try:
        with transaction.atomic():
            round_.save()
    except IntegrityError:
        raise FundError.refuse(
            "round_exists", "เปิดรอบนี้แล้ว", "This round is already open.", "number"
        ) from None
    audit_record(
        action="revolvingfund.round_opened",
        actor=officer,
        target=round_,
        changes={
            "allocation": [None, f"{round_.allocation_amount}"],
            "terms": [None, round_.terms_code],
        },
    )
    return round_


def _criteria(criteria: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
    cleaned: list[dict[str, Any]] = []
    for item in criteria:
        code = str(item.get("code", "")).strip()
        label = str(item.get("label", "")).strip()
        try:
            points = int(item.get("max_points", 0))
        except (TypeError, ValueError):
            points = 0
        if not code or not label or not 1 <= points <= 100 or len(label) > 200:
            raise FundError.refuse(
                "invalid_criteria",
                "เกณฑ์การพิจารณาแต่ละข้อต้องมีชื่อและคะแนนเต็ม 1–100",
                "Each criterion needs a name and a maximum of 1 to 100 points.",
                "criteria",
            )
        cleaned.append({"code": code, "label": label, "max_points": points})
    if not cleaned or len({c["code"] for c in cleaned}) != len(cleaned):
        raise FundError.refuse(
            "invalid_criteria",
            "ต้องมีเกณฑ์การพิจารณาอย่างน้อยหนึ่งข้อ และรหัสไม่ซ้ำกัน",
            "At least one criterion, each with its own code.",
            "criteria",
        )
    return cleaned


@transaction.atomic
def round_call_publish(
    *,
    round: Round,
    opens_on: date,
    closes_on: date,
    officer: User,
    note: str = "",
    documents: Sequence[str] | None = None,
    criteria: Sequence[dict[str, Any]] | None = None,
    at: datetime | None = None,
) -> Round:
    """Publish the round's call: the dates, the documents to bring and the scoring criteria.
    From then on the office's public page shows it (no sign-in) and the circular letter carries
    its number (NNNN/<B.E. fiscal year>). Publishing twice acts once (the second returns the
    round unchanged)."""
    _require_officer(officer, ("ประกาศรับสมัคร", "publish calls"))
    round_ = kit.lock(Round, round.pk)
    if round_.status == RoundStatus.CALL_PUBLISHED and round_.opens_on == opens_on:
        return round_
    kit.expect_status(round_, RoundStatus.DRAFT, refusal=FundError, noun="round")
    if not isinstance(opens_on, date) or not isinstance(closes_on, date) or closes_on < opens_on:
        raise FundError.refuse(
            "invalid_dates",
            "วันปิดรับสมัครต้องไม่ก่อนวันเปิดรับสมัคร",
            "The call must close on or after the day it opens.",
            "closes_on",
        )
    fy = fiscal_year(round_.fiscal_year)
    if not (fy.start <= opens_on <= fy.end):
        raise FundError.refuse(
            "dates_outside_year",
            f"วันเปิดรับสมัครต้องอยู่ในปีงบประมาณ {round_.fiscal_year}",
            "The call must open within the round's fiscal year.",
            "opens_on",
        )
    if documents is not None:
        unknown = [code for code in documents if code not in DocumentKind.values]
        if unknown or not documents:
            raise FundError.refuse(
                "invalid_documents",
                "รายการเอกสารที่ต้องนำมาไม่ถูกต้อง",
                "Unknown documents to bring.",
                "documents",
            )
        round_.documents_to_bring = [
            {"code": code, "label": str(DocumentKind(code).label)}
            for code in dict.fromkeys(documents)
        ]
    if criteria is not None:
        round_.criteria = _criteria(criteria)
    published_at = kit.now(at)
    be_year = fiscal_year(round_.fiscal_year).be_year
    sequence = next_number(FundNumberCounter, kind="call", be_year=be_year)
    round_.call_letter_number = f"{fund_settings().number_prefix}/ว {sequence:04d}"
    round_.opens_on = opens_on
    round_.closes_on = closes_on
    round_.call_note = (note or "").strip()[:2000]
    round_.call_published_at = published_at
    round_.call_published_by = officer
    round_.status = RoundStatus.CALL_PUBLISHED
    round_.save()
    audit_record(
        action="revolvingfund.call_published",
        actor=officer,
        target=round_,
        changes={
            "status": [RoundStatus.DRAFT, round_.status],
            "opens_on": [None, opens_on.isoformat()],
            "closes_on": [None, closes_on.isoformat()],
            "letter": [None, round_.call_letter_number],
        },
    )
    return round_


@transaction.atomic
def round_close(*, round: Round, officer: User, at: datetime | None = None) -> Round:
    """Stop receiving applications; files still received or returned may still be completed
    and checked (they were handed in within the call)."""
    _require_officer(officer, ("ปิดรับสมัคร", "close calls"))
    round_ = kit.lock(Round, round.pk)
    if round_.status == RoundStatus.CLOSED:
        return round_
    kit.expect_status(round_, RoundStatus.CALL_PUBLISHED, refusal=FundError, noun="round")
    round_.status = RoundStatus.CLOSED
    round_.closed_at = kit.now(at)
    round_.save(update_fields=["status", "closed_at"])
    audit_record(
        action="revolvingfund.round_closed",
        actor=officer,
        target=round_,
        changes={"status": [RoundStatus.CALL_PUBLISHED, round_.status]},
    )
    return round_


# ---------------------------------------------------------------------------------------
# Applications


@dataclass(frozen=True)
class DebtData:
    creditor: str
    kind: str
    balance: Any
    monthly_instalment: Any
    started_on: date


def _debts(debts: Sequence[DebtData | dict[str, Any]]) -> list[DebtData]:
    rows = [d if isinstance(d, DebtData) else DebtData(**d) for d in debts]
    if not rows or len(rows) > MAX_DEBTS:
        raise FundError.refuse(
            "debts_required",
            f"ระบุหนี้ที่จะขอกู้ไปชำระอย่างน้อย 1 รายการ (ไม่เกิน {MAX_DEBTS} รายการ)",
            f"List 1 to {MAX_DEBTS} debts the loan is to repay.",
            "debts",
        )
    cleaned = []
    for index, debt in enumerate(rows, start=1):
        creditor = (debt.creditor or "").strip()
        if not creditor or len(creditor) > 200:
            raise FundError.refuse(
                "debt_creditor_required",
                f"หนี้รายการที่ {index}: ระบุเจ้าหนี้",
                f"Debt {index}: name the creditor.",
                "debts",
            )
        if debt.kind not in DebtKind.values:
            raise FundError.refuse(
                "debt_kind_invalid",
                f"หนี้รายการที่ {index}: ประเภทหนี้ไม่ถูกต้อง",
                f"Debt {index}: unknown kind.",
                "debts",
            )
        if not isinstance(debt.started_on, date):
            raise FundError.refuse(
                "debt_start_invalid",
                f"หนี้รายการที่ {index}: ระบุวันที่เริ่มเป็นหนี้",
                f"Debt {index}: give the date the debt started.",
                "debts",
            )
        cleaned.append(
            DebtData(
                creditor=creditor,
                kind=debt.kind,
                balance=_money(debt.balance, "balance"),
                monthly_instalment=_money(
                    debt.monthly_instalment, "monthly_instalment", allow_zero=True
                ),
                started_on=debt.started_on,
            )
        )
    return cleaned


def _planned_instalment(application: Application, terms: dict[str, Any]) -> Decimal:
    months = min(application.term_requested, int(terms.get("term_months", 1)))
    return monthly_instalment(
        application.amount_requested, Decimal(str(terms.get("annual_rate", "0"))), max(1, months)
    )


@transaction.atomic
def application_receive(
    *,
    round: Round,
    person: Person,
    service_started_on: date,
    amount_requested: Any,
    term_requested: Any,
    debts: Sequence[DebtData | dict[str, Any]],
    guarantors: Sequence[tuple[Person, bool]],
    received_by: User,
    director_endorsed: bool = False,
    director_name: str = "",
    endorsed_on: date | None = None,
    service_request: ServiceRequest | None = None,
    at: datetime | None = None,
) -> Application:
    """Receive a ทป.1 at the desk, under `service_request` (else a new desk ticket): the debts
    to repay and the guarantors (each with whether they signed the consent to deduction). Only
    while the round's call is published and open on the day received. The file's documents are
    added next (`application_document_add`), then `application_check`."""
    _require_officer(received_by, ("รับคำขอกู้ยืมเงินกองทุนหมุนเวียนฯ", "receive fund applications"))
    round_ = kit.lock(Round, round.pk)
    received_at = kit.now(at)
    day = local_date(received_at)
    if round_.status != RoundStatus.CALL_PUBLISHED or not (
        round_.opens_on and round_.closes_on and round_.opens_on <= day <= round_.closes_on
    ):
        raise FundError.refuse(
            "call_not_open",
            f"ไม่อยู่ในช่วงรับสมัครของครั้งที่ {round_.number}/{round_.fiscal_year}",
            "This round's call is not open on that day.",
            "round",
        )
    if person.status != PersonStatus.ACTIVE:
        raise FundError.refuse(
            "person_not_in_service",
            f"{person} {person.get_status_display()} จึงยื่นคำขอไม่ได้",
            "Only people in service may apply.",
            "person",
        )
    if (
        Application.objects.filter(round=round_, person=person)
        .exclude(status=ApplicationStatus.WITHDRAWN)
        .exists()
    ):
        raise FundError.refuse(
            "already_applied",
            f"{person} ยื่นคำขอในครั้งนี้แล้ว",
            "This person has already applied in this round.",
            "person",
        )
    amount = _money(amount_requested, "amount_requested")
    try:
        term = int(term_requested)
    except (TypeError, ValueError):
        term = 0
    if isinstance(term_requested, bool) or not 1 <= term <= 600:
        raise FundError.refuse(
            "invalid_term", "จำนวนงวดต้องอยู่ระหว่าง 1 ถึง 600", "The term must be 1 to 600 months.",
            "term_requested",
        )  # fmt: skip
    if not isinstance(service_started_on, date) or service_started_on > day:
        raise FundError.refuse(
            "invalid_service_start",
            "วันเริ่มรับราชการต้องไม่เกินวันยื่นคำขอ",
            "The service start date must not be after the application.",
            "service_started_on",
        )
    debt_rows = _debts(debts)
    unique = {g.pk: (g, consent) for g, consent in guarantors}
    if len(unique) != len(guarantors) or person.pk in unique:
        raise FundError.refuse(
            "guarantor_repeated",
            "ผู้ค้ำประกันต้องไม่ซ้ำกันและไม่ใช่ผู้ขอกู้",
            "Guarantors must differ from each other and from the borrower.",
            "guarantors",
        )
    if director_endorsed and not (director_name or "").strip():
        raise FundError.refuse(
            "director_name_required",
            "ระบุชื่อผู้อำนวยการโรงเรียนผู้รับรอง",
            "Name the school director who endorsed it.",
            "director_name",
        )
    service_request = service_request_take(
        service_request=service_request,
        service_type_code=FUND_SERVICE,
        person=person,
        holders=Application.objects.all(),
        received_by=received_by,
        at=received_at,
        refusal=FundError,
    )
    sequence = next_number(FundNumberCounter, kind="application", be_year=round_.fiscal_year)
    application = Application(
        round=round_,
        person=person,
        service_request=service_request,
        number=f"{sequence:04d}/{round_.fiscal_year}",
        applicant_category=person.category,
        position=" ".join(filter(None, [person.position, person.academic_standing])),
        school_name=person.school.name_th if person.school is not None else "",
        service_started_on=service_started_on,
        amount_requested=amount,
        term_requested=term,
        director_endorsed=bool(director_endorsed),
        director_name=(director_name or "").strip()[:200],
        endorsed_on=endorsed_on if director_endorsed else None,
        terms_id=round_.terms_id,
        terms_code=round_.terms_code,
        terms_confirmed=round_.terms_confirmed,
        received_at=received_at,
        received_by=received_by,
    )
    application.save()
    for debt in debt_rows:
        Debt.objects.create(
            application=application,
            creditor=debt.creditor,
            kind=debt.kind,
            balance=debt.balance,
            monthly_instalment=debt.monthly_instalment,
            started_on=debt.started_on,
        )
    for guarantor, consent in unique.values():
        Guarantor.objects.create(
            application=application,
            person=guarantor,
            position=guarantor.position,
            consent_signed=bool(consent),
        )
    audit_record(
        action="revolvingfund.application_received",
        actor=received_by,
        target=application,
        changes={
            "status": [None, application.status],
            "amount_requested": [None, f"{amount}"],
            "debts": [None, len(debt_rows)],
            "guarantors": [None, len(unique)],
        },
    )
    return application


def _sniff(head: bytes) -> str | None:
    if head.startswith(b"%PDF-"):
        return "application/pdf"
    if head.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    return None


def _locked(application: Application) -> Application:
    return kit.lock(Application.objects.select_related("round", "person"), application.pk)


@transaction.atomic
def application_document_add(
    *,
    application: Application,
    kind: str,
    officer: User,
    upload: File[Any] | None = None,
    debt: Debt | None = None,
    guarantor: Guarantor | None = None,
    at: datetime | None = None,
) -> Document:
    """Record a document of the file as seen at the desk; with `upload`, keep its scan (PDF,
    JPEG or PNG, at most 10 MB, type read from the content; images re-encoded, PDFs with active
    content refused: `core.uploads`). A debt's statement names its debt and must be a scan; a
    guarantor's consent names its guarantor (and marks the consent signed). Only while the file
    is received or returned."""
    _require_officer(officer, ("รับเอกสารประกอบคำขอ", "receive documents"))
    application = _locked(application)
    kit.expect_status(
        application,
        ApplicationStatus.RECEIVED,
        ApplicationStatus.RETURNED,
        refusal=FundError,
        noun="application",
    )
    if kind not in DocumentKind.values:
        raise FundError.refuse("invalid_kind", "ประเภทเอกสารไม่ถูกต้อง", "Unknown document.", "kind")
    if kind == DocumentKind.DEBT_STATEMENT and (
        debt is None or debt.application_id != application.pk
    ):
        raise FundError.refuse(
            "statement_needs_debt",
            "ระบุหนี้รายการที่หนังสือรับรองยอดหนี้นี้เป็นของ",
            "Name the debt this statement is for.",
            "debt",
        )
    if kind == DocumentKind.DEBT_STATEMENT and upload is None:
        raise FundError.refuse(
            "statement_scan_required",
            "แนบไฟล์สแกนหนังสือรับรองยอดหนี้ (PDF, JPEG หรือ PNG)",
            "Attach the statement's scan.",
            "file",
        )
    if kind == DocumentKind.GUARANTOR_CONSENT and (
        guarantor is None or guarantor.application_id != application.pk
    ):
        raise FundError.refuse(
            "consent_needs_guarantor",
            "ระบุผู้ค้ำประกันที่ลงนามหนังสือยินยอมนี้",
            "Name the guarantor who signed this consent.",
            "guarantor",
        )
    document = Document(
        application=application,
        kind=kind,
        debt=debt if kind == DocumentKind.DEBT_STATEMENT else None,
        guarantor=guarantor if kind == DocumentKind.GUARANTOR_CONSENT else None,
        received_at=kit.now(at),
        received_by=officer,
    )
    if upload is not None:
        size = upload.size or 0
        if size > SCAN_MAX_BYTES:
            raise FundError.refuse(
                "scan_too_large", "ไฟล์ใหญ่เกิน 10 MB", "The file is larger than 10 MB.", "file"
            )
        upload.seek(0)
        content = upload.read()
        if not content:
            raise FundError.refuse("scan_empty", "ไฟล์ว่างเปล่า", "The file is empty.", "file")
        content_type = _sniff(content[:16])
        if content_type is None:
            raise FundError.refuse(
                "scan_type",
                "รับเฉพาะไฟล์ PDF, JPEG หรือ PNG",
                "Only PDF, JPEG or PNG files are accepted.",
                "file",
            )
        if content_type == "application/pdf":
            pdf_checked(content, field="file")
        else:
            content, content_type, _ext = image_reencoded(
                content, formats={"JPEG", "PNG"}, field="file"
            )
        digest = hashlib.sha256(content).hexdigest()
        document.original_name = (upload.name or "scan")[-255:]
        document.content_type = content_type
        document.size = len(content)
        document.sha256 = digest
        document.file.save(
            f"{application.pk}-{digest[:16]}{SCAN_TYPES[content_type]}",
            ContentFile(content),
            save=False,
        )
    document.save()
    if kind == DocumentKind.GUARANTOR_CONSENT and guarantor is not None:
        Guarantor.objects.filter(pk=guarantor.pk).update(consent_signed=True)
    if kind == DocumentKind.DIRECTOR_ENDORSEMENT and not application.director_endorsed:
        application.director_endorsed = True
        application.endorsed_on = local_date(document.received_at)
        application.save(update_fields=["director_endorsed", "endorsed_on"])
    audit_record(
        action="revolvingfund.document_added",
        actor=officer,
        target=application,
        changes={"document": [None, kind], "scan": [None, document.original_name or None]},
    )
    return document


@dataclass(frozen=True)
class Missing:
    code: str
    label: str


def completeness(application: Application) -> list[Missing]:
    """What the file still lacks: the round's documents to bring, a scanned statement for each
    debt, the guarantors the terms ask for, each guarantor's consent, the school director's
    endorsement. Empty: the file is complete."""
    missing: list[Missing] = []
    round_ = application.round
    kinds = set(application.documents.values_list("kind", flat=True))
    for item in round_.documents_to_bring:
        code = item.get("code", "")
        if code in (DocumentKind.DEBT_STATEMENT, DocumentKind.GUARANTOR_CONSENT):
            continue
        if code == DocumentKind.DIRECTOR_ENDORSEMENT:
            continue
        if code not in kinds:
            missing.append(Missing(code, str(item.get("label") or code)))
    scanned = set(
        application.documents.filter(kind=DocumentKind.DEBT_STATEMENT)
        .exclude(file="")
        .values_list("debt_id", flat=True)
    )
    for debt in application.debts.all():
        if debt.pk not in scanned:
            missing.append(
                Missing(f"statement:{debt.pk}", f"หนังสือรับรองยอดหนี้ของ{debt.creditor} (ไฟล์สแกน)")
            )
    needed = int(round_.terms.get("guarantors_min", 0))
    guarantors = list(application.guarantors.select_related("person"))
    if len(guarantors) < needed:
        missing.append(
            Missing("guarantors", f"ผู้ค้ำประกันอีก {needed - len(guarantors)} คน (ต้องมี {needed} คน)")
        )
    for guarantor in guarantors:
        if not guarantor.consent_signed:
            missing.append(
                Missing(
                    f"consent:{guarantor.pk}",
                    f"หนังสือยินยอมให้หักเงินเดือนของผู้ค้ำประกัน {guarantor.person}",
                )
            )
    if not application.director_endorsed:
        missing.append(Missing("director_endorsement", "การรับรองของผู้อำนวยการโรงเรียน"))
    return missing


@dataclass(frozen=True)
class RuleResult:
    rule: str
    passed: bool
    detail: str

    def as_dict(self) -> dict[str, Any]:
        return {"rule": self.rule, "passed": self.passed, "detail": self.detail}


def _months_between(start: date, end: date) -> int:
    months = (end.year - start.year) * 12 + end.month - start.month
    return months - (1 if end.day < start.day else 0)


def eligibility(
    application: Application, *, on: date, borrower_check: NetPayCheck | None,
    guarantor_checks: Sequence[tuple[Guarantor, NetPayCheck | None]],
) -> list[RuleResult]:  # fmt: skip
    """The application against its round's terms, rule by rule, each explained in Thai."""
    terms = application.round.terms
    person = application.person
    results: list[RuleResult] = []
    categories = terms.get("eligible_categories") or []
    category_label = PersonCategory(application.applicant_category).label
    results.append(
        RuleResult(
            "category",
            not categories or application.applicant_category in categories,
            f"ประเภทบุคลากร: {category_label}"
            + (
                ""
                if not categories
                else f" (หลักเกณฑ์: {', '.join(str(PersonCategory(c).label) for c in categories)})"
            ),
        )
    )
    positions = terms.get("eligible_positions") or []
    results.append(
        RuleResult(
            "position",
            not positions or any(word in application.position for word in positions),
            f"ตำแหน่ง: {application.position or '-'}"
            + ("" if not positions else f" (ต้องเป็นตำแหน่ง{'/'.join(positions)}ผู้สอน)"),
        )
    )
    results.append(
        RuleResult(
            "in_service",
            person.status == PersonStatus.ACTIVE,
            f"สถานะ: {person.get_status_display()}",
        )
    )
    years_needed = int(terms.get("min_service_years", 0))
    years = _months_between(application.service_started_on, on) // 12
    results.append(
        RuleResult(
            "service_years",
            years >= years_needed,
            f"อายุราชการ {years} ปี (หลักเกณฑ์ไม่น้อยกว่า {years_needed} ปี)",
        )
    )
    cap = Decimal(str(terms.get("cap_per_borrower", "0")))
    results.append(
        RuleResult(
            "cap",
            application.amount_requested <= cap,
            f"ขอกู้ {format_baht(application.amount_requested)} บาท "
            f"(วงเงินไม่เกิน {format_baht(cap)} บาทต่อราย)",
        )
    )
    max_term = int(terms.get("term_months", 0))
    results.append(
        RuleResult(
            "term",
            application.term_requested <= max_term,
            f"ผ่อนชำระ {application.term_requested} งวด (ไม่เกิน {max_term} งวด)",
        )
    )
    debts = list(application.debts.all())
    total = sum((d.balance for d in debts), Decimal("0.00"))
    results.append(
        RuleResult(
            "debt_covers_loan",
            application.amount_requested <= total,
            f"หนี้ที่จะชำระรวม {format_baht(total)} บาท (ขอกู้ได้ไม่เกินยอดหนี้)",
        )
    )
    age_needed = int(terms.get("min_debt_age_months", 0))
    received = local_date(application.received_at)
    young = [
        d
        for d in debts
        if d.started_on >= received or _months_between(d.started_on, received) < age_needed
    ]
    results.append(
        RuleResult(
            "debt_age",
            not young,
            (
                f"หนี้ทุกรายการมีอยู่ก่อนยื่นคำขอ (ไม่น้อยกว่า {age_needed} เดือน)"
                if not young
                else "หนี้ที่เกิดไม่ทันเกณฑ์: " + ", ".join(d.creditor for d in young)
            ),
        )
    )
    if borrower_check is None:
        results.append(RuleResult("net_pay", False, "ไม่มีข้อมูลเงินเดือนของผู้กู้"))
    else:
        results.append(
            RuleResult(
                "net_pay",
                borrower_check.outcome != CheckOutcome.BLOCK,
                f"เงินคงเหลือสุทธิหลังหักงวด {format_baht(borrower_check.new_instalment)} บาท = "
                f"{format_baht(borrower_check.net)} บาท ร้อยละ {borrower_check.net_percent} "
                f"(เกณฑ์ร้อยละ {borrower_check.floor_percent}"
                f"{', ต่ำกว่าเกณฑ์: เตือน' if borrower_check.outcome == CheckOutcome.WARN else ''})",
            )
        )
    for guarantor, check in guarantor_checks:
        served = guarantor.person.status == PersonStatus.ACTIVE and guarantor.person.category in (
            PersonCategory.TEACHER,
            PersonCategory.EDUCATION_PERSONNEL,
        )
        passed = served and check is not None and check.outcome != CheckOutcome.BLOCK
        detail = f"ผู้ค้ำประกัน {guarantor.person}: "
        if not served:
            detail += "ต้องเป็นข้าราชการครูหรือบุคลากรทางการศึกษาที่รับราชการอยู่"
        elif check is None:
            detail += "ไม่มีข้อมูลเงินเดือน"
        else:
            detail += f"เงินคงเหลือสุทธิ {format_baht(check.net)} บาท ร้อยละ {check.net_percent}"
        results.append(RuleResult(f"guarantor:{guarantor.person_id}", passed, detail))
    return results


def _check_of(
    person: Person, *, instalment: Decimal, party: str, actor: User, on: date
) -> NetPayCheck | None:
    from apps.payroll.models import Payslip

    month = (
        Payslip.objects.filter(person=person, month__lte=on.replace(day=1))
        .order_by("-month")
        .values_list("month", flat=True)
        .first()
    )
    if month is None:
        return None
    try:
        check = net_pay_check(
            person=person, month=month, new_instalment=instalment, party=party, on=on
        )
    except PayrollError:
        return None
    net_pay_check_audit(check=check, person=person, actor=actor)
    return check


@transaction.atomic
def application_check(
    *, application: Application, officer: User, at: datetime | None = None
) -> Application:
    """Check the file. Incomplete: status `returned` with what is missing (the teacher takes
    the file back; the ticket stays open). Complete: the eligibility rules and the net-pay
    checks are run and stored with the terms version; `eligible` or `ineligible` (with the
    failed rules as the reason), and the desk ticket completes. Checking a file already
    judged returns it unchanged (a double submission acts once)."""
    _require_officer(officer, ("ตรวจสอบคำขอ", "check applications"))
    application = _locked(application)
    if application.status in (ApplicationStatus.ELIGIBLE, ApplicationStatus.INELIGIBLE):
        return application
    kit.expect_status(
        application,
        ApplicationStatus.RECEIVED,
        ApplicationStatus.RETURNED,
        refusal=FundError,
        noun="application",
    )
    now = kit.now(at)
    before = application.status
    missing = completeness(application)
    application.missing = [{"code": m.code, "label": m.label} for m in missing]
    if missing:
        application.status = ApplicationStatus.RETURNED
        application.returned_at = now
        application.times_returned += 1
        application.save(update_fields=["status", "missing", "returned_at", "times_returned"])
        audit_record(
            action="revolvingfund.application_returned",
            actor=officer,
            target=application,
            changes={
                "status": [before, application.status],
                "missing": [None, [m.code for m in missing]],
            },
        )
        return application
    on = local_date(now)
    terms = application.round.terms
    instalment = _planned_instalment(application, terms)
    borrower = _check_of(
        application.person, instalment=instalment, party="borrower", actor=officer, on=on
    )
    guarantor_checks: list[tuple[Guarantor, NetPayCheck | None]] = []
    for guarantor in application.guarantors.select_related("person"):
        check = _check_of(
            guarantor.person, instalment=Decimal("0.00"), party="guarantor", actor=officer, on=on
        )
        guarantor_checks.append((guarantor, check))
        if check is not None:
            guarantor.check_month = check.month
            guarantor.check_figures = check.as_dict()
            guarantor.check_outcome = check.outcome
            guarantor.net_pay = check.net
            guarantor.save(
                update_fields=["check_month", "check_figures", "check_outcome", "net_pay"]
            )
    rules = eligibility(
        application, on=on, borrower_check=borrower, guarantor_checks=guarantor_checks
    )
    application.completed_at = now
    application.checked_at = now
    application.planned_instalment = instalment
    application.eligibility = [rule.as_dict() for rule in rules]
    if borrower is not None:
        application.check_month = borrower.month
        application.check_figures = borrower.as_dict()
        application.check_outcome = borrower.outcome
        application.net_pay = borrower.net
    failed = [rule for rule in rules if not rule.passed]
    if failed:
        application.status = ApplicationStatus.INELIGIBLE
        application.decision_reason = "ไม่ผ่านหลักเกณฑ์: " + "; ".join(rule.detail for rule in failed)
    else:
        application.status = ApplicationStatus.ELIGIBLE
    application.save()
    if application.service_request_id is not None:
        application.service_request = service_request_complete(
            service_request=application.service_request,  # type: ignore[arg-type]
            officer=officer,
            outcome=f"รับคำขอกู้ยืมเงินกองทุนหมุนเวียนฯ เลขที่ {application.number} ครบถ้วน",
            at=now,
        )
    audit_record(
        action="revolvingfund.application_checked",
        actor=officer,
        target=application,
        changes={
            "status": [before, application.status],
            "failed": [None, [rule.rule for rule in failed]],
            "terms": [None, application.terms_code],
        },
    )
    return application


@transaction.atomic
def application_withdraw(
    *, application: Application, officer: User, reason: str, at: datetime | None = None
) -> Application:
    """The teacher withdraws before the subcommittee's result; the ticket completes."""
    _require_officer(officer, ("บันทึกการถอนคำขอ", "record withdrawals"))
    application = _locked(application)
    kit.expect_status(
        application,
        ApplicationStatus.RECEIVED,
        ApplicationStatus.RETURNED,
        ApplicationStatus.COMPLETE,
        ApplicationStatus.ELIGIBLE,
        ApplicationStatus.INELIGIBLE,
        refusal=FundError,
        noun="application",
    )
    reason = (reason or "").strip()
    if not reason:
        raise FundError.refuse("reason_required", "ระบุเหตุผลที่ถอนคำขอ", "Give a reason.", "reason")
    before = application.status
    application.status = ApplicationStatus.WITHDRAWN
    application.decision_reason = reason[:1000]
    application.decided_at = kit.now(at)
    application.save(update_fields=["status", "decision_reason", "decided_at"])
    if application.service_request_id is not None:
        application.service_request = service_request_complete(
            service_request=application.service_request,  # type: ignore[arg-type]
            officer=officer,
            outcome=f"ถอนคำขอ {application.number}",
            at=application.decided_at,
        )
    audit_record(
        action="revolvingfund.application_withdrawn",
        actor=officer,
        target=application,
        changes={"status": [before, application.status]},
    )
    return application


def round_counts(round: Round) -> dict[str, int]:
    """Applications of a round by status."""
    rows = round.applications.values("status").annotate(n=Count("pk"))
    counts = {row["status"]: row["n"] for row in rows}
    counts["total"] = sum(v for k, v in counts.items() if k != ApplicationStatus.WITHDRAWN)
    return counts


def approved_in(*, fiscal_year_be: int) -> Q:
    return Q(round__fiscal_year=fiscal_year_be, status=ApplicationStatus.APPROVED)
