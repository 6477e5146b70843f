"""The registry of the numbers each welfare module contributes per fiscal year.

A module declares its indicators in its own `indicators.py` (imported when Django starts):

    from core.indicators import indicator

    @indicator("idcards.issued.teacher", label_th="บัตรที่ออกให้ข้าราชการครู",
               label_en="Cards issued to teacher civil servants", unit="cards")
    def cards_issued_to_teachers(fiscal_year: FiscalYear) -> int:
        return Card.objects.filter(...).count()

Codes are stable, dotted and lower case: the central layer stores values under them, so a code
is never renamed or reused. A function runs inside the office's schema (the caller switches)
and returns a number for one fiscal year, never personal data.

**Who sees what.** Offices may see each other's figures inside KruCare (they come from the
reports offices publish), named and ranked. Figures on sensitive matters are the exception:
debt and arrears, health participation, anything about a handful of people. Such an indicator
is declared `sensitive=True` with `people_count`, how to know the number of people behind the
figure: the code of a companion indicator that counts them (same office and fiscal year), or
`SELF` when the value is itself that count:

    @indicator("fund.arrears.people", ..., unit="people", sensitive=True, people_count=SELF)
    @indicator("fund.arrears.amount", ..., unit="baht", sensitive=True,
               people_count="fund.arrears.people")

The rule (applied by `central.comparison` to every page, export and API, on office hosts and
on the central site alike): an office's figure of a sensitive indicator is **withheld** when
fewer than `MIN_PEOPLE` people are behind it, or their number is unknown. Only the office
itself sees its own withheld figure (on its own card). A withheld figure is not shown, nor its
per-100-personnel rate, nor the change from or to it; and it is **left out of every
aggregate**: medians, ranks, percentiles, quartiles and counts of offices are computed over the
figures that are shown only, in every peer group (nation, kind, region, province). So no
aggregate shown next to the visible figures can be differenced back to a withheld one (the
usual attack: a national median or total minus the visible values). Leaving withheld values
out is used instead of complementary suppression because it needs no second, cascading round
of hiding and holds for any aggregate added later, provided it is computed from the same
comparison.

What this cannot see, the declaration must: an indicator from which a sensitive one can be
computed (its complement, a total it is a part of, the same figure in other units) is itself
declared sensitive, with the same `people_count`. The companion count must be sensitive too
(it tells how many people are in arrears); `registry_problems` checks the declarations.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from contextvars import ContextVar
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, ParamSpec, TypeAlias, TypeVar

from django.core import checks

from core.schemas import current_schema
from core.thai import FiscalYear

Number: TypeAlias = int | Decimal
Compute: TypeAlias = Callable[[FiscalYear], Number | None]

CODE_RE = re.compile(r"^[a-z][a-z0-9_]*(\.[a-z0-9_]+)+$")
# A sensitive figure of another office is shown only with at least this many people behind it.
MIN_PEOPLE = 5
# `people_count` of a sensitive indicator whose value is itself the number of people.
SELF = "self"


@dataclass(frozen=True)
class Indicator:
    code: str
    label_th: str
    label_en: str
    unit: str
    compute: Compute
    # Whether "per 100 personnel of the office" means something for this number.
    per_personnel: bool = False
    # Rank 1 goes to the largest value, or to the smallest where less is better (minutes).
    higher_is_better: bool = True
    # Sensitive matters (see the module): withheld for another office below MIN_PEOPLE people.
    sensitive: bool = False
    # For a sensitive indicator: the code of the indicator counting its people, or SELF.
    people_count: str | None = None

    @property
    def people_count_code(self) -> str | None:
        """The code whose value counts the people behind this one's (None: not sensitive)."""
        if not self.sensitive:
            return None
        return self.code if self.people_count == SELF else self.people_count


_registry: dict[str, Indicator] = {}


def indicator(
    code: str,
    *,
    label_th: str,
    label_en: str,
    unit: str,
    per_personnel: bool = False,
    higher_is_better: bool = True,
    sensitive: bool = False,
    people_count: str | None = None,
) -> Callable[[Compute], Compute]:
    """Register `compute` under `code`. A code registered twice is a programming error, as is
    a sensitive indicator without `people_count` (or `people_count` on one that is not)."""
    if not CODE_RE.fullmatch(code):
        raise ValueError(f"Indicator code {code!r} must be dotted lower case, e.g. 'a.b.c'")
    if sensitive != (people_count is not None):
        raise ValueError(
            f"Indicator {code!r}: a sensitive indicator names its people_count (a counting "
            "indicator's code, or SELF), and only a sensitive one does"
        )
    if people_count not in (None, SELF) and not CODE_RE.fullmatch(str(people_count)):
        raise ValueError(f"Indicator {code!r}: people_count {people_count!r} is not a code")

    def register(compute: Compute) -> Compute:
        if code in _registry and _registry[code].compute is not compute:
            raise ValueError(f"Indicator {code!r} is registered twice")
        _registry[code] = Indicator(
            code,
            label_th,
            label_en,
            unit,
            compute,
            per_personnel,
            higher_is_better,
            sensitive,
            people_count,
        )
        return compute

    return register


def registry_problems() -> list[str]:
    """What is wrong with the sensitive declarations (empty when nothing): a `people_count`
    naming no registered indicator, or one that is not itself sensitive."""
    problems = []
    for item in all_indicators():
        counted_by = item.people_count_code
        if counted_by is None or counted_by == item.code:
            continue
        companion = _registry.get(counted_by)
        if companion is None:
            problems.append(f"{item.code}: people_count {counted_by!r} is not registered")
        elif not companion.sensitive:
            problems.append(f"{item.code}: people_count {counted_by!r} must be sensitive too")
    return problems


def sensitive_codes() -> list[str]:
    return [item.code for item in all_indicators() if item.sensitive]


def indicator_get(code: str) -> Indicator | None:
    return _registry.get(code)


def all_indicators() -> list[Indicator]:
    """Every registered indicator, ordered by code."""
    return [_registry[code] for code in sorted(_registry)]


# The results of `shared` functions while `compute_all` runs (None outside it).
_shared_results: ContextVar[dict[tuple[Any, ...], Any] | None] = ContextVar(
    "indicator_shared_results", default=None
)
P = ParamSpec("P")
R = TypeVar("R")


def shared(function: Callable[P, R]) -> Callable[P, R]:
    """A module's summary that several of its indicators read (one aggregate query for the
    year's figures, rather than one query per indicator): while `compute_all` runs, a call
    with the same arguments in the same schema is computed once; anywhere else it is a plain
    call. The collection of every office computes ~50 indicators for two years per office, so
    this is where its queries are saved (issue 21). The kept results live only for one
    `compute_all` call, in one office's schema, and the schema is part of the key."""

    @functools.wraps(function)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        results = _shared_results.get()
        if results is None:
            return function(*args, **kwargs)
        key = (current_schema(), function, args, tuple(sorted(kwargs.items())))
        if key not in results:
            results[key] = function(*args, **kwargs)
        result: R = results[key]
        return result

    return wrapper


def compute_all(fiscal_year: FiscalYear) -> dict[str, Number | None]:
    """Every indicator's value for one fiscal year, in the current schema, by code (the
    modules' `shared` summaries computed once for the lot)."""
    token = _shared_results.set({})
    try:
        return {item.code: item.compute(fiscal_year) for item in all_indicators()}
    finally:
        _shared_results.reset(token)


@checks.register()
def sensitive_declarations_check(app_configs: Any = None, **kwargs: Any) -> list[checks.Error]:
    """`manage.py check` (and every start): the sensitive declarations hold together."""
    return [checks.Error(problem, id="krucare.E001") for problem in registry_problems()]
