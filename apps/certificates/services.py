"""Every write of the salary-certificate service. Runs in an office's schema.

The life of a request: received at the desk with the net-pay check run (`certificate_request`;
`certificate_recheck` while it is still received) → prepared by the welfare officer
(`certificate_prepare`; refused while a check blocks) → signed by the director or a dated
delegate, never the one who received or prepared it (`certificate_sign`: the number NNNN/<B.E.
fiscal year>, the letter number, the verification token; the certificate is issued) → handed
over (`certificate_hand_over`: the desk ticket completes). Or rejected with a reason before
signing. An issued certificate may be revoked with a reason (`certificate_revoke`), replaced
by a new one (`replaces=` on the request: the old one reads "superseded" once the new one is
signed), and carry the bank's decision (`certificate_bank_decision`: approved → a deduction
instruction in payroll, so the next certificate sees the new deduction).

The 15-minute standard runs from receipt to signing (issue); the desk ticket's own time runs
to hand-over.
"""

from __future__ import annotations

import secrets
from collections.abc import Sequence
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.db import transaction

from accounts.models import User
from apps.certificates.banking import LoanProgramme
from apps.certificates.models import (
    BankDecision,
    Certificate,
    CertificateNumberCounter,
    CertificateSettings,
    CertificateStatus,
    CheckOutcome,
    Guarantor,
)
from apps.certificates.module import CERTIFICATE
from apps.certificates.permissions import CERTIFICATE_OFFICER_ROLES, SIGN_POWER, SIGNER_ROLES
from apps.delegations.services import delegation_in_force
from apps.onestop.models import ServiceRequest
from apps.onestop.services import service_request_complete, service_request_take
from apps.payroll.models import BANK_CREDITORS, DeductionKind, InstructionSource
from apps.payroll.months import month_start, next_month
from apps.payroll.netpay import NetPayCheck, net_pay_check, net_pay_check_audit
from apps.payroll.selectors import payslip_latest
from apps.payroll.services import PayrollError, deduction_instruction_create, money
from apps.people.models import Person, PersonCategory, PersonStatus
from audit.services import audit_record
from core import kit
from core.errors import NotFoundError, PermissionDeniedError
from core.sequences import next_number
from core.thai import fiscal_year_of, format_baht, local_date
from outbox.services import outbox_record

SALARY_CERTIFICATE_SERVICE = "salary_certificate"
BORROWER_CATEGORIES = (PersonCategory.TEACHER, PersonCategory.EDUCATION_PERSONNEL)
PENSIONER_CATEGORIES = (PersonCategory.PENSIONER, PersonCategory.PENSIONED_EMPLOYEE)
MAX_PURPOSE = 300
TOKEN_BYTES = 24  # 192 bits


class CertificateError(kit.Refusal):
    prefix = "certificates"


def _require_officer(user: Any, doing: tuple[str, str]) -> None:
    kit.require_role(user, *CERTIFICATE_OFFICER_ROLES, code="certificates.not_allowed", doing=doing)


def _locked(certificate: Certificate) -> Certificate:
    return kit.lock(Certificate.objects.select_related("person", "service_request"), certificate.pk)


def _amount(value: Any, field: str) -> Decimal:
    try:
        return money(value, field=field, allow_zero=False)
    except PayrollError as error:
        raise CertificateError(
            error.message_th, error.message_en, code=f"certificates.{field}_invalid", field=field
        ) from None


def _term(value: Any, programme: LoanProgramme) -> int:
    try:
        term = int(value)
    except (TypeError, ValueError):
        term = 0
    if isinstance(value, bool) or term < 1 or term > programme.max_term_months:
        raise CertificateError.refuse(
            "invalid_term",
            f"จำนวนงวดต้องอยู่ระหว่าง 1 ถึง {programme.max_term_months} งวด ตามโครงการนี้",
            f"The term must be 1 to {programme.max_term_months} months for this programme.",
            "term_months",
        )
    return term


def _check_person(person: Person, programme: LoanProgramme, *, as_guarantor: bool) -> None:
    who = "ผู้ค้ำประกัน" if as_guarantor else "ผู้ขอกู้"
    field = "guarantors" if as_guarantor else "person"
    if person.status in (PersonStatus.DECEASED, PersonStatus.TRANSFERRED_OUT):
        raise CertificateError.refuse(
            "person_not_served",
            f"{who} {person} {person.get_status_display()} จึงออกหนังสือรับรองที่สำนักงานนี้ไม่ได้",
            f"{person} is {person.status}: no certificate from this office.",
            field,
        )
    if person.category in BORROWER_CATEGORIES:
        return
    if person.category in PENSIONER_CATEGORIES and programme.pensioners_allowed:
        return
    if person.category in PENSIONER_CATEGORIES:
        raise CertificateError.refuse(
            "pensioner_not_allowed",
            f"โครงการ “{programme.name_th}” ไม่รับผู้รับบำนาญเป็น{who}",
            "This programme does not lend to pensioners.",
            field,
        )
    raise CertificateError.refuse(
        "category_not_served",
        f"หนังสือรับรองออกให้ข้าราชการครูและบุคลากรทางการศึกษา ({person} เป็น"
        f"{person.get_category_display()})",
        "Certificates are for teachers and education personnel.",
        field,
    )


def _run_check(
    *, person: Person, instalment: Decimal, party: str, actor: User, on: date, month: date
) -> NetPayCheck:
    try:
        check = net_pay_check(
            person=person, month=month, new_instalment=instalment, party=party, on=on
        )
    except PayrollError as error:
        raise CertificateError(
            error.message_th, error.message_en, code=error.code, field=error.field
        ) from None
    net_pay_check_audit(check=check, person=person, actor=actor)
    return check


def _payslip_month(person: Person, *, actor: User, on: date, field: str) -> date:
    """The month of `person`'s newest payslip on or before `on` (the figures the bank sees)."""
    try:
        return payslip_latest(person=person, on_or_before=on, actor=actor).month
    except NotFoundError:
        raise CertificateError.refuse(
            "no_payslip",
            f"ยังไม่มีข้อมูลเงินเดือนของ{person} ให้บันทึกหรือนำเข้าสลิปเงินเดือนก่อน",
            f"No payslip data for {person}: enter or import it first.",
            field,
        ) from None


def _store_check(target: Certificate | Guarantor, check: NetPayCheck) -> None:
    target.check_figures = check.as_dict()
    target.check_outcome = check.outcome
    target.net_pay = check.net
    target.net_percent = check.net_percent


@transaction.atomic
def certificate_request(
    *,
    person: Person,
    programme: LoanProgramme,
    amount: Any,
    instalment: Any,
    term_months: Any,
    purpose: str,
    received_by: User,
    guarantors: Sequence[Person] = (),
    service_request: ServiceRequest | None = None,
    replaces: Certificate | None = None,
    at: datetime | None = None,
) -> Certificate:
    """Receive a request at the desk and run the net-pay check on the borrower's newest payslip
    (and on each guarantor's, with no new instalment). The figures used are stored with it.
    A failed check does not refuse the request: it shows the headroom, and `certificate_prepare`
    refuses while the rule blocks. Without `service_request`, a desk ticket is opened."""
    _require_officer(received_by, ("รับคำขอหนังสือรับรองเงินเดือน", "receive certificate requests"))
    if not programme.is_active or not programme.bank.is_active:
        raise CertificateError.refuse(
            "programme_closed", "โครงการนี้ปิดรับแล้ว", "This programme is closed.", "programme"
        )
    _check_person(person, programme, as_guarantor=False)
    amount_ = _amount(amount, "amount")
    instalment_ = _amount(instalment, "instalment")
    if instalment_ > amount_:
        raise CertificateError.refuse(
            "instalment_above_amount",
            "งวดผ่อนชำระต้องไม่มากกว่าวงเงินที่ขอกู้",
            "The instalment is larger than the loan.",
            "instalment",
        )
    term = _term(term_months, programme)
    purpose = (purpose or "").strip()
    if not purpose or len(purpose) > MAX_PURPOSE:
        raise CertificateError.refuse(
            "purpose_required",
            f"กรุณาระบุวัตถุประสงค์การกู้ (ไม่เกิน {MAX_PURPOSE} ตัวอักษร)",
            f"State the loan's purpose (at most {MAX_PURPOSE} characters).",
            "purpose",
        )
    unique_guarantors = list({g.pk: g for g in guarantors}.values())
    if len(unique_guarantors) != len(guarantors) or any(
        g.pk == person.pk for g in unique_guarantors
    ):
        raise CertificateError.refuse(
            "guarantor_repeated",
            "ผู้ค้ำประกันต้องไม่ซ้ำกันและไม่ใช่ผู้ขอกู้",
            "Guarantors must differ from each other and from the borrower.",
            "guarantors",
        )
    if len(unique_guarantors) < programme.needs_guarantors:
        raise CertificateError.refuse(
            "guarantors_required",
            f"โครงการนี้ต้องมีผู้ค้ำประกัน {programme.needs_guarantors} คน "
            f"(ระบุมา {len(unique_guarantors)} คน)",
            f"This programme needs {programme.needs_guarantors} guarantors.",
            "guarantors",
        )
    for guarantor in unique_guarantors:
        _check_person(guarantor, programme, as_guarantor=True)
    if replaces is not None and (replaces.person_id != person.pk or not replaces.is_issued):
        raise CertificateError.refuse(
            "cannot_replace",
            "หนังสือที่จะแทนต้องเป็นหนังสือที่ออกแล้วของผู้ขอกู้คนเดียวกัน",
            "Only an issued certificate of the same borrower can be replaced.",
            "replaces",
        )
    received_at = kit.now(at)
    on = local_date(received_at)
    month = _payslip_month(person, actor=received_by, on=on, field="person")
    check = _run_check(
        person=person, instalment=instalment_, party="borrower", actor=received_by, on=on,
        month=month,
    )  # fmt: skip
    guarantor_checks = [
        (
            g,
            _run_check(
                person=g,
                instalment=Decimal("0.00"),
                party="guarantor",
                actor=received_by,
                on=on,
                month=_payslip_month(g, actor=received_by, on=on, field="guarantors"),
            ),
        )
        for g in unique_guarantors
    ]
    service_request = service_request_take(
        service_request=service_request,
        service_type_code=SALARY_CERTIFICATE_SERVICE,
        person=person,
        holders=Certificate.objects.all(),
        received_by=received_by,
        at=received_at,
        refusal=CertificateError,
    )
    certificate = Certificate(
        person=person,
        service_request=service_request,
        applicant_category=person.category,
        position=" ".join(filter(None, [person.position, person.academic_standing])),
        school_name=person.school.name_th if person.school is not None else "",
        bank_code=programme.bank.code,
        bank_name=programme.bank.name_th,
        programme_id=programme.pk,
        programme_code=programme.code,
        programme_name=programme.name_th,
        amount=amount_,
        instalment=instalment_,
        term_months=term,
        purpose=purpose,
        check_month=check.month,
        headroom=check.headroom,
        received_at=received_at,
        received_by=received_by,
        replaces_id=replaces.pk if replaces is not None else None,
    )
    _store_check(certificate, check)
    certificate.save()
    for guarantor, guarantor_check in guarantor_checks:
        row = Guarantor(certificate=certificate, person=guarantor)
        _store_check(row, guarantor_check)
        row.save()
    audit_record(
        action="certificates.received",
        actor=received_by,
        target=certificate,
        changes={
            "status": [None, certificate.status],
            "bank": [None, certificate.bank_code],
            "amount": [None, f"{amount_}"],
            "instalment": [None, f"{instalment_}"],
            "check": [None, certificate.check_outcome],
        },
    )
    return certificate


@transaction.atomic
def certificate_recheck(
    *,
    certificate: Certificate,
    officer: User,
    amount: Any = None,
    instalment: Any = None,
    term_months: Any = None,
    at: datetime | None = None,
) -> Certificate:
    """Change the loan's figures (the borrower sized it by the headroom) and run the check
    again on the newest payslip; only while the request is received (not yet prepared)."""
    _require_officer(officer, ("ตรวจเงินคงเหลือสุทธิ", "check net pay"))
    certificate = _locked(certificate)
    kit.expect_status(
        certificate, CertificateStatus.RECEIVED, refusal=CertificateError, noun="certificate"
    )
    programme = _programme(certificate)
    amount_ = certificate.amount if amount in (None, "") else _amount(amount, "amount")
    instalment_ = (
        certificate.instalment if instalment in (None, "") else _amount(instalment, "instalment")
    )
    if instalment_ > amount_:
        raise CertificateError.refuse(
            "instalment_above_amount",
            "งวดผ่อนชำระต้องไม่มากกว่าวงเงินที่ขอกู้",
            "The instalment is larger than the loan.",
            "instalment",
        )
    term = certificate.term_months if term_months in (None, "") else _term(term_months, programme)
    on = local_date(kit.now(at))
    person = certificate.person
    month = _payslip_month(person, actor=officer, on=on, field="person")
    check = _run_check(
        person=person, instalment=instalment_, party="borrower", actor=officer, on=on, month=month
    )
    before = {
        "amount": f"{certificate.amount}",
        "instalment": f"{certificate.instalment}",
        "check": certificate.check_outcome,
    }
    certificate.amount, certificate.instalment, certificate.term_months = amount_, instalment_, term
    certificate.check_month, certificate.headroom = check.month, check.headroom
    _store_check(certificate, check)
    certificate.save()
    for row in certificate.guarantors.select_related("person"):
        _store_check(
            row,
            _run_check(
                person=row.person,
                instalment=Decimal("0.00"),
                party="guarantor",
                actor=officer,
                on=on,
                month=_payslip_month(row.person, actor=officer, on=on, field="guarantors"),
            ),
        )
        row.save()
    after = {
        "amount": f"{certificate.amount}",
        "instalment": f"{certificate.instalment}",
        "check": certificate.check_outcome,
    }
    audit_record(
        action="certificates.rechecked",
        actor=officer,
        target=certificate,
        changes={k: [before[k], after[k]] for k in before if before[k] != after[k]},
    )
    return certificate


class _ProgrammeGone:
    """A programme no longer in the central tables: its limits as the request stored them."""

    def __init__(self, certificate: Certificate) -> None:
        self.max_term_months = 600
        self.pensioners_allowed = True
        self.name_th = certificate.programme_name


def _programme(certificate: Certificate) -> Any:
    from apps.certificates.banking import programme_get

    return programme_get(certificate.programme_id) or _ProgrammeGone(certificate)


def blocking_checks(certificate: Certificate) -> list[str]:
    """Who of the borrower and guarantors fails a check the rule blocks on (Thai)."""
    found = []
    if certificate.check_outcome == CheckOutcome.BLOCK:
        found.append(f"ผู้ขอกู้ {certificate.person}")
    for row in certificate.guarantors.select_related("person"):
        if row.check_outcome == CheckOutcome.BLOCK:
            found.append(f"ผู้ค้ำประกัน {row.person}")
    return found


@transaction.atomic
def certificate_prepare(
    *, certificate: Certificate, officer: User, at: datetime | None = None
) -> Certificate:
    """The welfare officer has filled the letter and the bank's form and proposes them for
    signature. Refused while a check fails and the office's rule blocks."""
    _require_officer(officer, ("เสนอหนังสือรับรองเงินเดือน", "prepare certificates"))
    certificate = _locked(certificate)
    if certificate.status == CertificateStatus.PREPARED:
        return certificate
    kit.expect_status(
        certificate, CertificateStatus.RECEIVED, refusal=CertificateError, noun="certificate"
    )
    blocked = blocking_checks(certificate)
    if blocked:
        raise CertificateError.refuse(
            "check_blocks",
            "เงินคงเหลือสุทธิต่ำกว่าเกณฑ์ที่สำนักงานกำหนด (ไม่ออกหนังสือรับรอง): "
            + ", ".join(blocked)
            + f" — ยอดผ่อนสูงสุดที่ผ่านเกณฑ์ {format_baht(certificate.headroom)} บาท",
            "Net pay falls below the office's floor, which blocks the certificate.",
            "instalment",
        )
    certificate.status = CertificateStatus.PREPARED
    certificate.prepared_at, certificate.prepared_by = kit.now(at), officer
    certificate.save(update_fields=["status", "prepared_at", "prepared_by"])
    audit_record(
        action="certificates.prepared",
        actor=officer,
        target=certificate,
        changes={"status": [CertificateStatus.RECEIVED, certificate.status]},
    )
    return certificate


def _next_number(be_year: int) -> int:
    return next_number(CertificateNumberCounter, be_year=be_year)


@transaction.atomic
def certificate_sign(
    *, certificate: Certificate, signer: User, at: datetime | None = None
) -> Certificate:
    """Sign as the director or as a delegate by an order in force that day; never the one who
    received or prepared it. The certificate is issued: its number (NNNN/<B.E. fiscal year>,
    gap-free), the letter number (the office's prefix), the date and the verification token."""
    signed_at = kit.now(at)
    delegation = None
    if not kit.may(signer, *SIGNER_ROLES):
        delegation = (
            delegation_in_force(user=signer, power=SIGN_POWER, on=local_date(signed_at))
            if isinstance(signer, User) and signer.is_active
            else None
        )
        if delegation is None:
            raise PermissionDeniedError(
                f"{signer.get_username()} ไม่มีสิทธิลงนามหนังสือรับรองเงินเดือน "
                "(ต้องเป็นผู้อำนวยการ หรือผู้ได้รับมอบอำนาจที่ยังมีผลในวันนี้)",
                f"{signer.get_username()} may not sign salary certificates "
                "(the director, or a delegate by an order in force today).",
                code="certificates.not_allowed",
            )
    certificate = _locked(certificate)
    if certificate.is_issued:
        return certificate  # a second click changes nothing
    kit.expect_status(
        certificate, CertificateStatus.PREPARED, refusal=CertificateError, noun="certificate"
    )
    if signer.pk in (certificate.received_by_id, certificate.prepared_by_id):
        raise CertificateError.refuse(
            "separation_of_duties",
            "ผู้รับคำขอหรือผู้จัดทำหนังสือรับรองฉบับนี้ลงนามเองไม่ได้ ให้ผู้อำนวยการหรือผู้ได้รับมอบอำนาจคนอื่นลงนาม",
            "Whoever received or prepared this certificate may not sign it.",
        )
    office_settings = CertificateSettings.objects.first() or CertificateSettings()
    issue_date = local_date(signed_at)
    be_year = fiscal_year_of(issue_date).be_year
    number = _next_number(be_year)
    certificate.number = f"{number:04d}/{be_year}"
    certificate.letter_number = f"{office_settings.number_prefix}/{number}"
    certificate.issue_date = issue_date
    certificate.public_token = secrets.token_urlsafe(TOKEN_BYTES)
    certificate.status = CertificateStatus.SIGNED
    certificate.signed_at, certificate.signed_by = signed_at, signer
    certificate.signed_under = delegation
    certificate.signed_by_name = signer.display_name or office_settings.director_name
    if delegation is not None:
        certificate.signed_by_position = f"{delegation.delegate_position}\n{delegation.acting_for}"
    else:
        certificate.signed_by_position = signer.position or office_settings.director_position
    certificate.save()
    replaced = None
    if certificate.replaces_id is not None:
        replaced = kit.lock(Certificate, certificate.replaces_id)
        if replaced.superseded_by_id is None:
            replaced.superseded_by = certificate
            replaced.save(update_fields=["superseded_by"])
            audit_record(
                action="certificates.superseded",
                actor=signer,
                target=replaced,
                changes={"superseded_by": [None, certificate.number]},
            )
    changes: dict[str, list[Any]] = {
        "status": [CertificateStatus.PREPARED, certificate.status],
        "number": [None, certificate.number],
    }
    if delegation is not None:
        changes["delegation"] = [None, delegation.order_reference]
    audit_record(action="certificates.signed", actor=signer, target=certificate, changes=changes)
    outbox_record(resource=CERTIFICATE, action="created", obj=certificate)
    if replaced is not None:
        outbox_record(resource=CERTIFICATE, action="updated", obj=replaced)
    return certificate


@transaction.atomic
def certificate_hand_over(
    *, certificate: Certificate, officer: User, at: datetime | None = None
) -> Certificate:
    """The borrower has the signed letter and the bank's form: the desk ticket completes."""
    _require_officer(officer, ("ส่งมอบหนังสือรับรอง", "hand certificates over"))
    certificate = _locked(certificate)
    if certificate.status == CertificateStatus.HANDED_OVER:
        return certificate
    kit.expect_status(
        certificate, CertificateStatus.SIGNED, refusal=CertificateError, noun="certificate"
    )
    handed_at = kit.now(at)
    certificate.status = CertificateStatus.HANDED_OVER
    certificate.handed_over_at = certificate.closed_at = handed_at
    certificate.save(update_fields=["status", "handed_over_at", "closed_at"])
    if certificate.service_request is not None:
        certificate.service_request = service_request_complete(
            service_request=certificate.service_request,
            officer=officer,
            outcome=f"หนังสือรับรองเลขที่ {certificate.number}",
            at=handed_at,
        )
    audit_record(
        action="certificates.handed_over",
        actor=officer,
        target=certificate,
        changes={"status": [CertificateStatus.SIGNED, certificate.status]},
    )
    outbox_record(resource=CERTIFICATE, action="updated", obj=certificate)
    return certificate


@transaction.atomic
def certificate_reject(
    *, certificate: Certificate, officer: User, reason: str, at: datetime | None = None
) -> Certificate:
    """Refuse the request before signing, with the reason the borrower is told; the desk
    ticket completes with that answer."""
    reason = (reason or "").strip()
    if not reason:
        raise CertificateError.refuse(
            "reason_required", "กรุณาระบุเหตุผล", "A reason is required.", "reason"
        )
    _require_officer(officer, ("ไม่ออกหนังสือรับรอง", "reject certificate requests"))
    certificate = _locked(certificate)
    kit.expect_status(
        certificate,
        CertificateStatus.RECEIVED,
        CertificateStatus.PREPARED,
        refusal=CertificateError,
        noun="certificate",
    )
    before = certificate.status
    certificate.status = CertificateStatus.REJECTED
    certificate.rejection_reason = reason[:2000]
    certificate.closed_at = kit.now(at)
    certificate.save(update_fields=["status", "rejection_reason", "closed_at"])
    if certificate.service_request is not None:
        certificate.service_request = service_request_complete(
            service_request=certificate.service_request,
            officer=officer,
            outcome=f"ไม่ออกหนังสือรับรอง: {reason[:200]}",
            at=certificate.closed_at,
        )
    audit_record(
        action="certificates.rejected",
        actor=officer,
        target=certificate,
        changes={"status": [before, certificate.status], "reason": [None, reason]},
    )
    return certificate


@transaction.atomic
def certificate_revoke(
    *, certificate: Certificate, actor: User, reason: str, at: datetime | None = None
) -> Certificate:
    """Revoke an issued certificate with a reason: its verification page says "revoked" from
    now on. By the welfare officer or the director; once."""
    reason = (reason or "").strip()
    if not reason:
        raise CertificateError.refuse(
            "reason_required", "กรุณาระบุเหตุผลที่เพิกถอน", "A reason is required.", "reason"
        )
    kit.require_role(
        actor,
        *CERTIFICATE_OFFICER_ROLES,
        *SIGNER_ROLES,
        code="certificates.not_allowed",
        doing=("เพิกถอนหนังสือรับรอง", "revoke certificates"),
    )
    certificate = _locked(certificate)
    if not certificate.is_issued:
        raise CertificateError.refuse(
            "not_issued",
            "หนังสือรับรองนี้ยังไม่ได้ออก จึงเพิกถอนไม่ได้",
            "The certificate is not issued.",
        )
    if certificate.revoked_at is not None:
        raise CertificateError.refuse(
            "already_revoked", "หนังสือรับรองนี้ถูกเพิกถอนแล้ว", "Already revoked."
        )
    certificate.revoked_at, certificate.revoked_by = kit.now(at), actor
    certificate.revocation_reason = reason[:2000]
    certificate.save(update_fields=["revoked_at", "revoked_by", "revocation_reason"])
    audit_record(
        action="certificates.revoked",
        actor=actor,
        target=certificate,
        changes={"revoked": [False, True], "reason": [None, reason]},
    )
    outbox_record(resource=CERTIFICATE, action="updated", obj=certificate)
    return certificate


def _add_months(month: date, count: int) -> date:
    for _ in range(count):
        month = next_month(month)
    return month


@transaction.atomic
def certificate_bank_decision(
    *,
    certificate: Certificate,
    officer: User,
    decision: str,
    contract_number: str = "",
    first_month: date | None = None,
    at: datetime | None = None,
) -> Certificate:
    """Record the bank's decision on an issued certificate (optional). Approved: a standing
    deduction instruction for the instalment from `first_month` for the term (apps.payroll),
    so the next certificate's check sees it. Once."""
    _require_officer(officer, ("บันทึกผลการพิจารณาของธนาคาร", "record the bank's decision"))
    if decision not in (BankDecision.APPROVED, BankDecision.DECLINED):
        raise CertificateError.refuse(
            "invalid_decision", "ผลการพิจารณาไม่ถูกต้อง", "Unknown decision.", "decision"
        )
    contract_number = (contract_number or "").strip()
    if decision == BankDecision.APPROVED and (not contract_number or first_month is None):
        raise CertificateError.refuse(
            "contract_required",
            "ธนาคารอนุมัติแล้ว ต้องระบุเลขที่สัญญาและเดือนที่เริ่มหัก",
            "An approved loan needs its contract number and first month.",
            "contract_number",
        )
    certificate = _locked(certificate)
    if not certificate.is_issued or certificate.revoked_at is not None:
        raise CertificateError.refuse(
            "not_valid",
            "บันทึกผลของธนาคารได้เฉพาะหนังสือรับรองที่ออกแล้วและยังไม่ถูกเพิกถอน",
            "Only a valid issued certificate takes the bank's decision.",
        )
    if certificate.bank_decision:
        raise CertificateError.refuse(
            "decision_recorded", "บันทึกผลของธนาคารไว้แล้ว", "The decision is recorded already."
        )
    if decision == BankDecision.APPROVED:
        assert first_month is not None  # noqa: S101 (checked above)
        start = month_start(first_month)
        try:
            instruction = deduction_instruction_create(
                person=certificate.person,
                creditor=BANK_CREDITORS.get(certificate.bank_code, certificate.bank_name),
                monthly_amount=certificate.instalment,
                first_month=start,
                last_month=_add_months(start, certificate.term_months - 1),
                actor=officer,
                kind=DeductionKind.BANK_LOAN,
                contract_number=contract_number,
                source=InstructionSource.CERTIFICATE,
                source_reference=f"certificates.certificate:{certificate.pk}",
                note=f"หนังสือรับรองเลขที่ {certificate.number}",
            )
        except PayrollError as error:
            raise CertificateError(
                error.message_th, error.message_en, code=error.code, field=error.field
            ) from None
        certificate.deduction_instruction_id = instruction.pk
    certificate.bank_decision = decision
    certificate.bank_decided_at = kit.now(at)
    certificate.contract_number = contract_number
    certificate.save(
        update_fields=[
            "bank_decision",
            "bank_decided_at",
            "contract_number",
            "deduction_instruction_id",
        ]
    )
    audit_record(
        action="certificates.bank_decided",
        actor=officer,
        target=certificate,
        changes={"bank_decision": [None, decision], "contract_number": [None, contract_number]},
    )
    outbox_record(resource=CERTIFICATE, action="updated", obj=certificate)
    return certificate
