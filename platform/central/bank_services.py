"""Writing the banks, programmes and form templates (public schema, central staff only).

A template version is never edited once saved: a revision is a new version that takes effect on
a later date, and the version it replaces ends the day before. A version is confirmed (checked
against the bank's paper form) by someone other than who made it. Every change is audited in
the public schema's trail.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Max, Q
from django.utils import timezone

from audit.services import audit_record, diff
from central.bankforms import template_problems
from central.banks import Bank, BankFormTemplate, LoanKind, LoanProgramme
from core.errors import ApplicationError


class BankFormError(ApplicationError):
    code = "bankform.invalid"


def _username(actor: Any) -> str:
    return str(actor.get_username()) if getattr(actor, "is_authenticated", False) else ""


def _duplicate_bank(code: str) -> BankFormError:
    return BankFormError(
        f"มีธนาคารรหัส “{code}” อยู่แล้ว",
        f"A bank with code “{code}” already exists.",
        code="bank.duplicate_code",
        field="code",
    )


def _duplicate_programme(bank: Bank, code: str) -> BankFormError:
    return BankFormError(
        f"{bank.short_th} มีโครงการรหัส “{code}” อยู่แล้ว",
        f"{bank.code} already has a programme with code “{code}”.",
        code="programme.duplicate_code",
        field="code",
    )


@transaction.atomic
def bank_create(
    *, code: str, name_th: str, short_th: str, display_order: int = 100, actor: Any
) -> Bank:
    if Bank.objects.filter(code=code).exists():
        raise _duplicate_bank(code)
    try:
        with transaction.atomic():  # two operators adding the same code at once
            bank = Bank.objects.create(
                code=code, name_th=name_th, short_th=short_th, display_order=display_order
            )
    except IntegrityError:
        raise _duplicate_bank(code) from None
    audit_record(
        action="central.bank_added",
        actor=actor,
        target=bank,
        changes={"code": [None, code], "name_th": [None, name_th]},
    )
    return bank


@transaction.atomic
def programme_create(
    *,
    bank: Bank,
    code: str,
    name_th: str,
    kind: str,
    needs_guarantors: int = 0,
    pensioners_allowed: bool = False,
    max_term_months: int,
    actor: Any,
) -> LoanProgramme:
    if kind not in LoanKind.values:
        raise BankFormError(
            "ประเภทสินเชื่อไม่ถูกต้อง", "Unknown loan kind.", code="programme.kind", field="kind"
        )
    if LoanProgramme.objects.filter(bank=bank, code=code).exists():
        raise _duplicate_programme(bank, code)
    try:
        with transaction.atomic():  # two operators adding the same code at once
            programme = LoanProgramme.objects.create(
                bank=bank,
                code=code,
                name_th=name_th,
                kind=kind,
                needs_guarantors=needs_guarantors,
                pensioners_allowed=pensioners_allowed,
                max_term_months=max_term_months,
            )
    except IntegrityError:
        raise _duplicate_programme(bank, code) from None
    audit_record(
        action="central.loan_programme_added",
        actor=actor,
        target=programme,
        changes={
            "code": [None, code],
            "name_th": [None, name_th],
            "kind": [None, kind],
            "needs_guarantors": [None, needs_guarantors],
            "pensioners_allowed": [None, pensioners_allowed],
            "max_term_months": [None, max_term_months],
        },
    )
    return programme


def _versions(bank: Bank, programme: LoanProgramme | None) -> Any:
    return BankFormTemplate.objects.filter(bank=bank, programme=programme)


@transaction.atomic
def form_template_add(
    *,
    bank: Bank,
    programme: LoanProgramme | None,
    effective_from: date,
    title_th: str,
    body: Any,
    note: str = "",
    actor: Any,
) -> BankFormTemplate:
    """A new version of the bank's (or the programme's) form, in force from `effective_from`.

    Locks the bank row, so two versions made at once get consecutive numbers. The version in
    force until then ends the day before; a new version must take effect after every earlier
    one (a version already printed is never rewritten)."""
    problems = template_problems(body)
    if problems:
        raise BankFormError(
            "แบบฟอร์มยังมีข้อผิดพลาด: " + "; ".join(problems),
            "The form's body has problems: " + "; ".join(problems),
            code="bankform.invalid_body",
            field="body",
        )
    if programme is not None and programme.bank_id != bank.pk:
        raise BankFormError(
            "โครงการนี้ไม่ใช่ของธนาคารที่เลือก",
            "The programme belongs to another bank.",
            code="bankform.programme_of_other_bank",
            field="programme",
        )
    Bank.objects.select_for_update().get(pk=bank.pk)
    versions = _versions(bank, programme)
    latest_start = versions.aggregate(latest=Max("effective_from"))["latest"]
    if latest_start is not None and effective_from <= latest_start:
        raise BankFormError(
            "ฉบับใหม่ต้องมีผลหลังวันที่ฉบับก่อนหน้ามีผล",
            "A new version must take effect after the previous one.",
            code="bankform.effective_too_early",
            field="effective_from",
        )
    ended = effective_from - timedelta(days=1)
    versions.filter(Q(effective_to__isnull=True) | Q(effective_to__gte=effective_from)).update(
        effective_to=ended
    )
    number = (versions.aggregate(top=Max("version"))["top"] or 0) + 1
    template = BankFormTemplate.objects.create(
        bank=bank,
        programme=programme,
        version=number,
        effective_from=effective_from,
        title_th=title_th,
        body=body,
        note=note,
        created_by=_username(actor),
    )
    audit_record(
        action="central.bank_form_added",
        actor=actor,
        target=template,
        changes={
            "version": [None, number],
            "effective_from": [None, effective_from.isoformat()],
            "title_th": [None, title_th],
        },
    )
    return template


@transaction.atomic
def form_template_confirm(*, template: BankFormTemplate, actor: Any) -> BankFormTemplate:
    """Mark a version as checked against the bank's paper form; never by who made it."""
    template = BankFormTemplate.objects.select_for_update().get(pk=template.pk)
    username = _username(actor)
    if template.confirmed:
        raise BankFormError(
            "ฉบับนี้ยืนยันแล้ว",
            "This version is already confirmed.",
            code="bankform.already_confirmed",
        )
    if not username or username == template.created_by:
        raise BankFormError(
            "ผู้จัดทำฉบับนี้ยืนยันเองไม่ได้ ต้องให้ผู้อื่นตรวจกับแบบฟอร์มของธนาคาร",
            "Whoever made this version cannot confirm it; someone else must check it.",
            code="bankform.confirm_own_version",
        )
    template.confirmed = True
    template.confirmed_by = username
    template.confirmed_at = timezone.now()
    template.save(update_fields=["confirmed", "confirmed_by", "confirmed_at"])
    audit_record(
        action="central.bank_form_confirmed",
        actor=actor,
        target=template,
        changes={"confirmed": [False, True]},
    )
    return template


@transaction.atomic
def form_template_retire(
    *, template: BankFormTemplate, last_day: date, actor: Any
) -> BankFormTemplate:
    """End a version on `last_day` (no form of its scope is then in force after it, unless
    a newer version is)."""
    template = BankFormTemplate.objects.select_for_update().get(pk=template.pk)
    if last_day < template.effective_from:
        raise BankFormError(
            "วันสิ้นสุดต้องไม่ก่อนวันที่ฉบับนี้มีผล",
            "The last day cannot be before the version takes effect.",
            code="bankform.retire_before_start",
            field="last_day",
        )
    if template.effective_to is not None and template.effective_to <= last_day:
        raise BankFormError(
            "ฉบับนี้สิ้นผลก่อนวันดังกล่าวแล้ว",
            "This version already ends on or before that day.",
            code="bankform.already_ended",
            field="last_day",
        )
    before = template.effective_to
    template.effective_to = last_day
    template.save(update_fields=["effective_to"])
    audit_record(
        action="central.bank_form_retired",
        actor=actor,
        target=template,
        changes={"effective_to": [before.isoformat() if before else None, last_day.isoformat()]},
    )
    return template


@transaction.atomic
def bank_set_active(*, bank: Bank, active: bool, actor: Any) -> Bank:
    """Take a bank out of use (offices no longer offer it for new requests) or back in; its
    programmes, forms and the certificates already issued stay as they are."""
    bank = Bank.objects.select_for_update().get(pk=bank.pk)
    if bank.is_active != active:
        bank.is_active = active
        bank.save(update_fields=["is_active"])
        audit_record(
            action="central.bank_activated" if active else "central.bank_deactivated",
            actor=actor,
            target=bank,
            changes={"is_active": [not active, active]},
        )
    return bank


@transaction.atomic
def programme_set_active(*, programme: LoanProgramme, active: bool, actor: Any) -> LoanProgramme:
    """Take a loan programme out of use or back in (as `bank_set_active`)."""
    programme = (
        LoanProgramme.objects.select_for_update().select_related("bank").get(pk=programme.pk)
    )
    if programme.is_active != active:
        programme.is_active = active
        programme.save(update_fields=["is_active"])
        audit_record(
            action="central.loan_programme_activated"
            if active
            else "central.loan_programme_deactivated",
            actor=actor,
            target=programme,
            changes={"is_active": [not active, active]},
        )
    return programme


PROGRAMME_TERMS = ("name_th", "kind", "needs_guarantors", "pensioners_allowed", "max_term_months")


@transaction.atomic
def programme_update(*, programme: LoanProgramme, actor: Any, **terms: Any) -> LoanProgramme:
    """Correct a programme's name or terms (`PROGRAMME_TERMS`); its code stays. Certificates
    already issued keep the names and figures they were issued with."""
    unknown = set(terms) - set(PROGRAMME_TERMS)
    if unknown:
        raise TypeError(f"not a programme term: {sorted(unknown)}")
    if "kind" in terms and terms["kind"] not in LoanKind.values:
        raise BankFormError(
            "ประเภทสินเชื่อไม่ถูกต้อง", "Unknown loan kind.", code="programme.kind", field="kind"
        )
    programme = (
        LoanProgramme.objects.select_for_update().select_related("bank").get(pk=programme.pk)
    )
    before = {key: getattr(programme, key) for key in terms}
    changes = diff(before, terms)
    if changes:
        for key, value in terms.items():
            setattr(programme, key, value)
        programme.save(update_fields=list(changes))
        audit_record(
            action="central.loan_programme_changed", actor=actor, target=programme, changes=changes
        )
    return programme


BANK_TERMS = ("name_th", "short_th", "display_order")


@transaction.atomic
def bank_update(*, bank: Bank, actor: Any, **terms: Any) -> Bank:
    """Correct a bank's names or its place in lists (`BANK_TERMS`); its code, which names its
    indicator, stays."""
    unknown = set(terms) - set(BANK_TERMS)
    if unknown:
        raise TypeError(f"not a bank term: {sorted(unknown)}")
    bank = Bank.objects.select_for_update().get(pk=bank.pk)
    changes = diff({key: getattr(bank, key) for key in terms}, terms)
    if changes:
        for key, value in terms.items():
            setattr(bank, key, value)
        bank.save(update_fields=list(changes))
        audit_record(action="central.bank_changed", actor=actor, target=bank, changes=changes)
    return bank
