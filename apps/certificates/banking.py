"""The banks, loan programmes and bank forms the certificates use: the central agency's tables
(`central.models` Bank, LoanProgramme, BankFormTemplate; `central.bankforms`), read from the
office's schema (public is on its search path). The one place this module reads them."""

from __future__ import annotations

from datetime import date

from central import bankforms
from central.models import Bank, BankFormTemplate, LoanProgramme

__all__ = [
    "Bank",
    "BankFormTemplate",
    "LoanProgramme",
    "bank_choices",
    "form_for",
    "programme_get",
    "programme_list",
    "render_form",
]

render_form = bankforms.render_form
FIELDS = bankforms.FIELDS


def programme_list() -> list[LoanProgramme]:
    """Every programme in use of every bank in use, in the banks' order."""
    return [programme for bank in bankforms.banks() for programme in bankforms.programmes(bank)]


def programme_get(programme_id: int | None) -> LoanProgramme | None:
    if programme_id is None:
        return None
    return LoanProgramme.objects.select_related("bank").filter(pk=programme_id).first()


def bank_choices() -> list[tuple[str, str]]:
    return [(bank.code, bank.name_th) for bank in bankforms.banks()]


def form_for(programme: LoanProgramme, on: date) -> BankFormTemplate | None:
    return bankforms.form_for(programme, on)
