"""Section 4 of the annual report cites the loans at the year's end from the ledger; the
arrears rate only when enough borrowers are behind it (the small-count rule)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from apps.revolvingfund.loans import indicators
from apps.revolvingfund.report import SECTION
from core.indicators import MIN_PEOPLE
from core.thai import fiscal_year
from tests.revolvingfund.loans.factories import FIRST_MONTH, make_loan
from tests.revolvingfund.loans.test_services import import_month, months

pytestmark = pytest.mark.usefixtures("in_alpha")


def _figures(be_year: int) -> dict[str, object]:
    return {figure.code: figure.value for figure in SECTION.results(fiscal_year(be_year)).figures}


def test_the_section_cites_the_loans_but_no_rate_for_fewer_than_five_in_arrears():
    paying = make_loan()
    late = make_loan(amount="100000", rate="4", term=144)
    for month in months(FIRST_MONTH, 3):
        import_month(month, {late.person.national_id: ""})
    paying.refresh_from_db()
    fy = fiscal_year(2557)
    results = SECTION.results(fy)
    figures = {figure.code: figure for figure in results.figures}
    assert figures["fund.loans.active"].value == 2
    assert figures["fund.outstanding"].value == paying.balance + Decimal("100000.00")
    assert figures["fund.outstanding"].unit == "บาท"
    assert figures["fund.repaid"].value == indicators.repaid(fy) == Decimal("2582.27") * 3
    # one borrower in arrears: the indicator has a rate (50 %), the report withholds it
    assert indicators.arrears_rate(fy) == Decimal("50.0")
    assert "fund.arrears.rate" not in figures
    assert indicators.year_end(fy) == indicators.YearEnd(
        indicators.loans_active(fy),
        indicators.outstanding(fy),
        indicators.arrears_people(fy),
        indicators.arrears_rate(fy),
    )
    assert not any("ร้อยละ" in line or "50.0" in line for line in results.lines)
    outstanding = f"{paying.balance + Decimal('100000.00'):,.2f}"
    assert results.lines[-1] == (f"- ณ สิ้นปีงบประมาณ 2557 มีเงินกู้คงค้าง 2 ราย เป็นเงิน {outstanding} บาท")
    loans_register = next(e for e in results.evidence if e.code == "revolvingfund.loans")
    assert loans_register.rows == 2
    assert loans_register.pdf is not None and loans_register.pdf().startswith(b"%PDF")
    # the year before had no loan: no line about them, the figures say zero
    before = SECTION.results(fiscal_year(2556))
    assert not any("เงินกู้คงค้าง" in line for line in before.lines)
    assert _figures(2556)["fund.loans.active"] == 0


def test_the_rate_is_cited_once_five_borrowers_are_in_arrears():
    make_loan()
    late = [make_loan(amount="50000", rate="4", term=60) for _ in range(MIN_PEOPLE)]
    for month in months(FIRST_MONTH, 2):
        import_month(month, {loan.person.national_id: "" for loan in late})
    fy = fiscal_year(2557)
    assert indicators.arrears_people(fy) == MIN_PEOPLE
    figures = _figures(2557)
    assert figures["fund.arrears.rate"] == indicators.arrears_rate(fy) == Decimal("83.3")
    assert figures["fund.loans.active"] == MIN_PEOPLE + 1
    assert indicators.year_end(fy).arrears_people == MIN_PEOPLE
