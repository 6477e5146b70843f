"""The welfare modules an office runs, for the office home page.

A module app adds its entry point by setting `url_name` here when it ships; until then its
card says what is coming.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Module:
    code: str
    title: str | Promise
    summary: str | Promise
    url_name: str | None = None  # None: not available yet


MODULES: tuple[Module, ...] = (
    Module(
        "onestop",
        _("One Stop desk"),
        _("Queue tickets and the 15-minute service standard for every service."),
        "onestop:desk",
    ),
    Module(
        "people",
        _("People register"),
        _("Teachers, education personnel, pensioners and their families."),
        url_name="people:person_list",
    ),
    Module(
        "idcards",
        _("State-official ID cards"),
        _("Applications, card numbers, the register of ID-card requests."),
        url_name="idcards:register",
    ),
    Module(
        "reimbursements",
        _("Medical and child-education claims"),
        _("Cash payment of claims with receipts, within 15 minutes."),
        url_name="reimbursements:claim_list",
    ),
    Module(
        "benchmarks",
        _("Benchmarks"),
        _("This office's indicators against the national and peer-group medians."),
        url_name="benchmarks:card",
    ),
    Module(
        "certificates",
        _("Salary certificates"),
        _("Certificates for bank loans with the 30% net-pay check."),
    ),
    Module(
        "revolvingfund",
        _("Revolving fund"),
        _("Loans to teachers in debt, screened by the subcommittee."),
    ),
    Module(
        "welfareshop",
        _("Welfare shop and lounges"),
        _("Shop members and the use of the lounge rooms."),
    ),
    Module(
        "healthchecks",
        _("Annual health check"),
        _("Check points and dates agreed with the teachers' welfare office."),
    ),
    Module(
        "reports",
        _("Annual self-assessment report"),
        _("The yearly report written from the registers."),
    ),
)
