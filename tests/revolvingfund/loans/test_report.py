"""Section 4 of the annual report cites the approvals per round and the loans at the year's end
from the ledger; the arrears rate only when enough borrowers are behind it (the small-count
rule). Inside the collection it reads the summaries the indicators share."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from apps.revolvingfund import indicators as fund_indicators
from apps.revolvingfund.loans import indicators
from apps.revolvingfund.models import Application, Round, RoundStatus
from apps.revolvingfund.report import SECTION
from core import indicators as registry
from core.indicators import MIN_PEOPLE, compute_all, indicator
from core.thai import fiscal_year
from tests.revolvingfund.loans.factories import (
    FIRST_MONTH,
    make_approved_application,
    make_loan,
    make_round,
)
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


def test_the_rounds_figures_count_approvals_per_round_and_confirmed_rounds_only():
    """Approvals per round (rounds 1 and 2 always, another only with approvals), against
    the allocations and dates of the rounds whose result is confirmed."""
    first = [make_approved_application(amount="150000") for _ in range(2)]
    third = make_round(number=3)
    Application.objects.filter(pk=first[1].pk).update(round=third)
    make_round(number=2)  # a round without approvals
    fy = fiscal_year(2557)
    assert fund_indicators.approved_by_round(fy) == {1: 1, 2: 0, 3: 1}
    assert fund_indicators.approved_total(fy) == 2
    assert fund_indicators.share_of_allocation(fy) is None  # no result confirmed yet
    assert fund_indicators.days_call_to_approval(fy) is None
    called = datetime(2014, 3, 1, 2, 0, tzinfo=UTC)
    Round.objects.filter(pk=third.pk).update(
        status=RoundStatus.APPROVED,
        call_published_at=called,
        opens_on=date(2014, 3, 3),
        closes_on=date(2014, 3, 31),
        approved_at=called + timedelta(40),
    )
    # 300,000 approved in rounds 1 and 3 against round 3's 3,000,000
    assert fund_indicators.share_of_allocation(fy) == Decimal("10.0")
    assert fund_indicators.days_call_to_approval(fy) == Decimal("40.0")
    lines = SECTION.results(fy).lines
    assert lines[0].endswith("ประจำปี 2557 ครั้งที่ 1 จำนวน 1 ราย ครั้งที่ 3 จำนวน 1 ราย")
    assert fund_indicators.approved_by_round(fiscal_year(2558)) == {1: 0, 2: 0}


def test_inside_compute_all_the_section_costs_no_query(monkeypatch: pytest.MonkeyPatch):
    """The collection builds the report (evidence completeness) after the indicators: the
    section reads their shared summaries. Outside it, the report page asks as before."""
    make_loan()
    late = make_loan(amount="100000", rate="4", term=144)
    make_loan(step="prepared")  # contracted in the year: in the register, not running
    for month in months(FIRST_MONTH, 3):
        import_month(month, {late.person.national_id: ""})
    fy = fiscal_year(2557)
    queries: list[int] = []

    def section_queries(year: object) -> int:
        with CaptureQueriesContext(connection) as captured:
            SECTION.results(fy)
        queries.append(len(captured))
        return 0

    monkeypatch.setattr(registry, "_registry", dict(registry._registry))  # noqa: SLF001
    indicator("zz.revolvingfund.section", label_th="x", label_en="x", unit="queries")(
        section_queries
    )
    values = compute_all(fy)
    assert (values["fund.loans.active"], values["fund.approved.round1"]) == (2, 3)
    assert queries == [0]
    with CaptureQueriesContext(connection) as outside:
        rows = {e.code: e.rows for e in SECTION.results(fy).evidence}
    assert rows == {"revolvingfund.register": 3, "revolvingfund.loans": 3}
    assert len(outside) == 4
