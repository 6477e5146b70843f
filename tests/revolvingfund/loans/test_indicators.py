"""The loans' indicators read the ledger as it stood at the fiscal year's end."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from apps.revolvingfund.loans import indicators
from core.indicators import indicator_get
from core.thai import fiscal_year
from tests.revolvingfund.loans.factories import FIRST_MONTH, make_loan
from tests.revolvingfund.loans.test_services import import_month, months

pytestmark = pytest.mark.usefixtures("in_alpha")


def test_running_outstanding_arrears_and_repaid_at_the_years_end():
    paying = make_loan()
    late = make_loan(amount="100000", rate="4", term=144)
    for month in months(FIRST_MONTH, 3):  # Jul-Sep 2557: the last three months of FY 2557
        import_month(month, {late.person.national_id: ""})
    paying.refresh_from_db()
    fy2557, fy2556 = fiscal_year(2557), fiscal_year(2556)
    assert indicators.loans_active(fy2557) == 2
    assert indicators.loans_active(fy2556) == 0
    assert indicators.outstanding(fy2557) == paying.balance + Decimal("100000.00")
    assert indicators.arrears_people(fy2557) == 1
    assert indicators.arrears_rate(fy2557) == Decimal("50.0")
    assert indicators.repaid(fy2557) == paying.principal_repaid + paying.interest_paid
    assert indicators.repaid(fy2557) == Decimal("2582.27") * 3
    # a month recorded after the year's end does not change the year's figures
    import_month(date(2014, 10, 1))
    assert indicators.outstanding(fy2557) == paying.balance + Decimal("100000.00")
    assert indicators.arrears_people(fy2557) == 1


def test_the_arrears_figures_are_declared_sensitive():
    rate = indicator_get("fund.arrears.rate")
    assert rate is not None and rate.sensitive
    assert rate.people_count_code == "fund.arrears.people"
    people = indicator_get("fund.arrears.people")
    assert people is not None and people.sensitive
