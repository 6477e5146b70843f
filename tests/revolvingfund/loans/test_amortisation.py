"""The loan arithmetic against the issue's hand-checked figures, and its invariants for any
rate, term and pattern of partial deductions (hypothesis)."""

from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from apps.revolvingfund.loans.amortisation import (
    AmortisationError,
    Position,
    accrue_month,
    arrears,
    interest_for_days,
    ledger,
    level_instalment,
    monthly_interest,
    pay,
    schedule,
    settlement_amount,
    split_evenly,
)

D = Decimal


@pytest.mark.parametrize(
    ("principal", "rate", "months", "instalment"),
    [
        (D("200000"), D("5.525"), 96, D("2582.27")),
        (D("200000"), D("4"), 144, D("1751.06")),
        (D("500000"), D("4"), 144, D("4377.64")),
    ],
)
def test_level_instalment_matches_the_hand_checked_figures(principal, rate, months, instalment):
    assert level_instalment(principal, rate, months) == instalment
    lines = schedule(principal, rate, months)
    assert len(lines) == months
    assert all(line.instalment == instalment for line in lines[:-1])
    assert sum(line.principal for line in lines) == principal
    assert lines[-1].closing_balance == 0


def test_the_first_month_of_the_5525_schedule_by_hand():
    first = schedule(D("200000"), D("5.525"), 96)[0]
    # 200,000 × 5.525 % / 12 = 920.8333… -> 920.83
    assert first.interest == D("920.83")
    assert first.principal == D("2582.27") - D("920.83")
    assert first.closing_balance == D("200000") - D("1661.44")


def test_the_last_instalment_absorbs_the_rounding():
    lines = schedule(D("200000"), D("5.525"), 96)
    last = lines[-1]
    assert last.instalment == last.opening_balance + last.interest
    assert last.instalment != D("2582.27")
    assert abs(last.instalment - D("2582.27")) < D("1.00")


def test_zero_rate_splits_the_principal_and_the_last_absorbs_the_remainder():
    lines = schedule(D("1000"), D("0"), 3)
    assert [line.instalment for line in lines] == [D("333.33"), D("333.33"), D("333.34")]


def test_monthly_interest_rounds_half_up_to_the_satang():
    # 1,230 × 4 % / 12 = 4.10; 1,500.75 × 4 % / 12 = 5.0025 -> 5.00; 1,501.50 -> 5.005 -> 5.01
    assert monthly_interest(D("1230"), D("4")) == D("4.10")
    assert monthly_interest(D("1500.75"), D("4")) == D("5.00")
    assert monthly_interest(D("1501.50"), D("4")) == D("5.01")


def test_interest_to_the_day_for_early_settlement():
    # 100,000 × 4 % × 15 / 365 = 164.383… -> 164.38
    assert interest_for_days(D("100000"), D("4"), 15) == D("164.38")
    position = Position.opened(D("100000"))
    position, _ = accrue_month(position, D("4"))  # 333.33 charged, unpaid
    assert settlement_amount(position, D("4"), 15) == D("100000") + D("333.33") + D("164.38")


def test_a_partial_deduction_pays_interest_first_then_principal():
    position, interest = accrue_month(Position.opened(D("200000")), D("5.525"))
    position, allocation = pay(position, D("1000"))
    assert allocation.interest == interest == D("920.83")
    assert allocation.principal == D("79.17")
    assert position.balance == D("199920.83")
    # less than the interest: the rest of the interest stays due, no principal
    position, _ = accrue_month(position, D("5.525"))
    position, allocation = pay(position, D("500"))
    assert allocation.principal == 0
    assert position.interest_due > 0


def test_a_payment_beyond_the_debt_is_excess_not_a_negative_balance():
    position, _ = accrue_month(Position.opened(D("100")), D("12"))
    position, allocation = pay(position, D("150"))
    assert position.balance == 0
    assert position.interest_due == 0
    assert allocation.excess == D("150") - D("101.00")


def test_a_missed_month_is_one_month_in_arrears_and_two_is_two():
    instalment = level_instalment(D("200000"), D("5.525"), 96)
    entries = ledger(D("200000"), D("5.525"), 96, [instalment, D("0"), D("0")])
    assert [entry.months_overdue for entry in entries] == [0, 1, 2]
    assert entries[1].arrears == instalment
    assert entries[2].arrears == instalment * 2


def test_a_partial_month_counts_as_overdue_until_made_up():
    instalment = level_instalment(D("200000"), D("4"), 144)
    entries = ledger(
        D("200000"), D("4"), 144, [instalment - D("100"), instalment + D("100"), instalment]
    )
    assert entries[0].months_overdue == 1
    assert entries[0].arrears == D("100.00")
    assert entries[1].months_overdue == 0
    assert entries[1].arrears == 0


def test_after_the_term_everything_outstanding_is_overdue():
    late = arrears(instalment=D("100"), months=12, elapsed=13, paid=D("1100"), outstanding=D("150"))
    assert late.amount == D("150")
    assert late.months == 2


def test_terms_a_loan_cannot_have_are_refused():
    with pytest.raises(AmortisationError):
        level_instalment(D("0"), D("4"), 12)
    with pytest.raises(AmortisationError):
        level_instalment(D("1000"), D("-1"), 12)
    with pytest.raises(AmortisationError):
        level_instalment(D("1000"), D("4"), 0)
    with pytest.raises(AmortisationError):
        pay(Position.opened(D("1000")), D("-1"))


def test_split_evenly_gives_the_remainder_to_the_last_share():
    assert split_evenly(D("2582.27"), 2) == [D("1291.14"), D("1291.13")]
    assert split_evenly(D("100"), 3) == [D("33.33"), D("33.33"), D("33.34")]
    assert sum(split_evenly(D("0.05"), 3)) == D("0.05")


money = st.decimals(min_value=D("1000"), max_value=D("500000"), places=2)
rates = st.decimals(min_value=D("0"), max_value=D("15"), places=3)
terms = st.integers(min_value=1, max_value=180)


@settings(max_examples=200, deadline=None)
@given(principal=money, rate=rates, months=terms)
def test_a_schedule_repays_exactly_the_principal(principal, rate, months):
    lines = schedule(principal, rate, months)
    instalment = level_instalment(principal, rate, months)
    assert sum(line.principal for line in lines) == principal
    assert lines[-1].closing_balance == 0
    assert all(line.instalment == instalment for line in lines[:-1])
    assert all(line.principal >= 0 and line.interest >= 0 for line in lines)
    for before, after in zip(lines, lines[1:], strict=False):
        assert after.opening_balance == before.closing_balance


@settings(max_examples=200, deadline=None)
@given(
    principal=money,
    rate=rates,
    months=terms,
    fractions=st.lists(
        st.sampled_from(["0", "0.3", "0.5", "1", "1", "1", "1.5", "3"]), min_size=1, max_size=200
    ),
)
def test_principal_repaid_plus_balance_is_always_the_loan(principal, rate, months, fractions):
    """Any pattern of missed, partial, full and over-deductions."""
    instalment = level_instalment(principal, rate, months)
    received = [(instalment * D(fraction)).quantize(D("0.01")) for fraction in fractions]
    entries = ledger(principal, rate, months, received, instalment=instalment)
    repaid = sum((entry.principal_paid for entry in entries), D("0"))
    closing = entries[-1].closing_balance
    assert repaid + closing == principal
    for entry in entries:
        assert entry.interest_paid + entry.principal_paid + entry.excess == entry.received
        assert entry.closing_balance == entry.opening_balance - entry.principal_paid
        assert entry.closing_balance >= 0 and entry.interest_due >= 0
        assert entry.arrears >= 0 and entry.months_overdue >= 0
        if entry.excess:
            assert entry.closing_balance == 0 and entry.interest_due == 0


@settings(max_examples=100, deadline=None)
@given(principal=money, rate=rates, months=st.integers(min_value=1, max_value=120))
def test_paying_every_instalment_on_time_follows_the_schedule_and_never_falls_behind(
    principal, rate, months
):
    lines = schedule(principal, rate, months)
    entries = ledger(principal, rate, months, [line.instalment for line in lines])
    assert [entry.principal_paid for entry in entries] == [line.principal for line in lines]
    assert all(entry.months_overdue == 0 and entry.arrears == 0 for entry in entries)
    assert entries[-1].closing_balance == 0


@settings(max_examples=100, deadline=None)
@given(
    amount=st.decimals(min_value=D("0"), max_value=D("100000"), places=2),
    parts=st.integers(min_value=1, max_value=5),
)
def test_split_evenly_always_adds_up(amount, parts):
    shares = split_evenly(amount, parts)
    assert sum(shares) == amount
    assert all(share >= 0 for share in shares)
