"""Loan money on the reducing balance, exact to the satang. Pure Python (Decimal), no Django.

The rules (issue 18; DOMAIN-wave2 (b)):

- The level instalment is the annuity payment `P·i / (1 − (1 + i)^−n)` with `i = rate / 12`,
  rounded half-up to the satang: 200,000 at 5.525 % over 96 months is 2,582.27.
- Each month's interest is `balance × annual rate / 12`, rounded half-up to the satang
  (`core.thai.money.quantize_baht`, the one helper that rounds).
- A payment pays the interest charged and still unpaid first, then principal; what exceeds
  the whole debt is returned as `excess` (a refund), never a negative balance.
- The last instalment of a schedule is whatever clears the balance: it absorbs the rounding.
- Interest to the day (early settlement, death, leaving service): `balance × rate × days /
  days_in_year`, rounded half-up; the day basis is part of the fund's terms (365 unless the
  terms say otherwise).
- Arrears are measured against the schedule: what was due by a month (instalments of the
  months passed; everything outstanding once the term is over) less what was paid.

Invariant (property-tested): principal repaid + balance == principal lent, after any pattern
of payments; interest paid + principal paid + excess == money received.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from decimal import Decimal

from core.thai.money import quantize_baht

ZERO = Decimal("0.00")
MONTHS_IN_YEAR = 12


class AmortisationError(ValueError):
    """Terms a loan cannot have (a non-positive principal or term, a negative rate)."""


def _check_terms(principal: Decimal, annual_rate: Decimal, months: int) -> None:
    if principal <= 0:
        raise AmortisationError("The principal must be more than zero.")
    if annual_rate < 0:
        raise AmortisationError("The rate cannot be negative.")
    if months < 1:
        raise AmortisationError("The term must be at least one month.")


def monthly_interest(balance: Decimal, annual_rate: Decimal) -> Decimal:
    """One month's interest on `balance` at `annual_rate` percent a year, to the satang."""
    return quantize_baht(balance * annual_rate / 100 / MONTHS_IN_YEAR)


def interest_for_days(
    balance: Decimal, annual_rate: Decimal, days: int, *, days_in_year: int = 365
) -> Decimal:
    """Interest to the day: `days` days on `balance` at `annual_rate` percent a year."""
    if days < 0:
        raise AmortisationError("Days cannot be negative.")
    return quantize_baht(balance * annual_rate / 100 * days / days_in_year)


def level_instalment(principal: Decimal, annual_rate: Decimal, months: int) -> Decimal:
    """The equal monthly instalment that repays `principal` in `months` months."""
    _check_terms(principal, annual_rate, months)
    if annual_rate == 0:
        return quantize_baht(principal / months)
    rate = annual_rate / 100 / MONTHS_IN_YEAR
    return quantize_baht(principal * rate / (1 - (1 + rate) ** -months))


@dataclass(frozen=True)
class ScheduleLine:
    number: int
    opening_balance: Decimal
    interest: Decimal
    principal: Decimal
    instalment: Decimal
    closing_balance: Decimal


def schedule(
    principal: Decimal, annual_rate: Decimal, months: int, *, instalment: Decimal | None = None
) -> list[ScheduleLine]:
    """The schedule if every instalment is paid in full on time: `months` lines, the last one
    clearing the balance (it absorbs the rounding). `instalment` defaults to the level one."""
    principal = quantize_baht(principal)
    _check_terms(principal, annual_rate, months)
    payment = (
        instalment if instalment is not None else level_instalment(principal, annual_rate, months)
    )
    lines = []
    balance = principal
    for number in range(1, months + 1):
        interest = monthly_interest(balance, annual_rate)
        if number == months or payment >= balance + interest:
            paid_principal = balance
        else:
            paid_principal = payment - interest
        closing = balance - paid_principal
        lines.append(
            ScheduleLine(
                number, balance, interest, paid_principal, interest + paid_principal, closing
            )
        )
        balance = closing
        if balance == 0:
            break
    return lines


@dataclass(frozen=True)
class Position:
    """Where a loan stands: principal outstanding, interest charged but unpaid, and totals."""

    principal: Decimal
    balance: Decimal
    interest_due: Decimal = ZERO
    principal_repaid: Decimal = ZERO
    interest_charged: Decimal = ZERO
    interest_paid: Decimal = ZERO

    @classmethod
    def opened(cls, principal: Decimal) -> Position:
        principal = quantize_baht(principal)
        return cls(principal=principal, balance=principal)

    @property
    def outstanding(self) -> Decimal:
        """Everything owed now: principal and unpaid interest."""
        return self.balance + self.interest_due

    @property
    def is_settled(self) -> bool:
        return self.outstanding == 0


@dataclass(frozen=True)
class Allocation:
    """How one payment was applied."""

    received: Decimal
    interest: Decimal
    principal: Decimal
    excess: Decimal


def accrue(position: Position, interest: Decimal) -> Position:
    """Charge `interest` (a month's, or interest to the day) to the loan."""
    interest = quantize_baht(interest)
    if interest < 0:
        raise AmortisationError("Interest cannot be negative.")
    return replace(
        position,
        interest_due=position.interest_due + interest,
        interest_charged=position.interest_charged + interest,
    )


def accrue_month(position: Position, annual_rate: Decimal) -> tuple[Position, Decimal]:
    """Charge one month's interest on the balance; returns the new position and the interest."""
    interest = monthly_interest(position.balance, annual_rate)
    return accrue(position, interest), interest


def pay(position: Position, amount: Decimal) -> tuple[Position, Allocation]:
    """Apply a payment: unpaid interest first, then principal; the rest is excess."""
    amount = quantize_baht(amount)
    if amount < 0:
        raise AmortisationError("A payment cannot be negative.")
    interest = min(amount, position.interest_due)
    principal = min(amount - interest, position.balance)
    excess = amount - interest - principal
    new = replace(
        position,
        balance=position.balance - principal,
        interest_due=position.interest_due - interest,
        principal_repaid=position.principal_repaid + principal,
        interest_paid=position.interest_paid + interest,
    )
    return new, Allocation(amount, interest, principal, excess)


def settlement_amount(
    position: Position, annual_rate: Decimal, days: int, *, days_in_year: int = 365
) -> Decimal:
    """What clears the loan `days` days after interest was last charged: balance, unpaid
    interest and interest to the day."""
    return position.outstanding + interest_for_days(
        position.balance, annual_rate, days, days_in_year=days_in_year
    )


@dataclass(frozen=True)
class MonthEntry:
    """One month of a loan's ledger."""

    number: int
    opening_balance: Decimal
    interest: Decimal
    due: Decimal
    received: Decimal
    interest_paid: Decimal
    principal_paid: Decimal
    excess: Decimal
    closing_balance: Decimal
    interest_due: Decimal
    arrears: Decimal
    months_overdue: int


def due_for_month(position: Position, *, instalment: Decimal, number: int, months: int) -> Decimal:
    """What month `number` of the schedule asks for, after its interest was charged: the
    instalment, or everything outstanding in the last month, after the term, or when the
    instalment would overpay."""
    if number >= months:
        return position.outstanding
    return min(instalment, position.outstanding)


@dataclass(frozen=True)
class Arrears:
    amount: Decimal
    months: int


def arrears(
    *, instalment: Decimal, months: int, elapsed: int, paid: Decimal, outstanding: Decimal
) -> Arrears:
    """Arrears after `elapsed` months of a schedule of `months` level instalments, given the
    total `paid` towards it since it began and the `outstanding` debt now.

    Due by then: `elapsed` instalments, or everything once the term is over. Months overdue:
    instalments not covered by what was paid, counted oldest first (a partly paid one counts),
    plus the months past the end of the term while anything is outstanding.
    """
    if outstanding <= 0 or elapsed <= 0:
        return Arrears(ZERO, 0)
    if elapsed >= months:
        uncovered = months - min(months, int(paid // instalment)) if instalment > 0 else 0
        return Arrears(outstanding, max(uncovered, 1) + (elapsed - months))
    shortfall = instalment * elapsed - paid
    if shortfall <= 0:
        return Arrears(ZERO, 0)
    covered = int(paid // instalment) if instalment > 0 else elapsed
    return Arrears(min(shortfall, outstanding), elapsed - min(covered, elapsed))


def ledger(
    principal: Decimal,
    annual_rate: Decimal,
    months: int,
    received: Sequence[Decimal] | Iterable[Decimal],
    *,
    instalment: Decimal | None = None,
) -> list[MonthEntry]:
    """Replay a loan month by month: month k charges its interest, then applies `received[k]`
    (what was deducted that month; 0 for a missed month). Goes on past the term while money is
    received, as a loan in arrears does."""
    principal = quantize_baht(principal)
    payment = (
        instalment if instalment is not None else level_instalment(principal, annual_rate, months)
    )
    position = Position.opened(principal)
    entries = []
    paid_total = ZERO
    for number, amount in enumerate(received, start=1):
        if position.is_settled:
            break
        opening = position.balance
        position, interest = accrue_month(position, annual_rate)
        due = due_for_month(position, instalment=payment, number=number, months=months)
        position, allocation = pay(position, amount)
        paid_total += allocation.interest + allocation.principal
        late = arrears(
            instalment=payment,
            months=months,
            elapsed=number,
            paid=paid_total,
            outstanding=position.outstanding,
        )
        entries.append(
            MonthEntry(
                number=number,
                opening_balance=opening,
                interest=interest,
                due=due,
                received=allocation.received,
                interest_paid=allocation.interest,
                principal_paid=allocation.principal,
                excess=allocation.excess,
                closing_balance=position.balance,
                interest_due=position.interest_due,
                arrears=late.amount,
                months_overdue=late.months,
            )
        )
    return entries


def split_evenly(amount: Decimal, parts: int) -> list[Decimal]:
    """`amount` in `parts` shares to the satang; the last share absorbs the remainder (a
    guarantors' deduction split among them)."""
    if parts < 1:
        raise AmortisationError("At least one part.")
    amount = quantize_baht(amount)
    share = quantize_baht(amount / parts)
    if share * (parts - 1) > amount:
        share = (amount / parts).quantize(Decimal("0.01"), rounding="ROUND_DOWN")
    return [share] * (parts - 1) + [amount - share * (parts - 1)]
