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
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import TypeAlias

from core.thai import FiscalYear

Number: TypeAlias = int | Decimal
Compute: TypeAlias = Callable[[FiscalYear], Number | None]

CODE_RE = re.compile(r"^[a-z][a-z0-9_]*(\.[a-z0-9_]+)+$")


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


_registry: dict[str, Indicator] = {}


def indicator(
    code: str,
    *,
    label_th: str,
    label_en: str,
    unit: str,
    per_personnel: bool = False,
    higher_is_better: bool = True,
) -> Callable[[Compute], Compute]:
    """Register `compute` under `code`. A code registered twice is a programming error."""
    if not CODE_RE.fullmatch(code):
        raise ValueError(f"Indicator code {code!r} must be dotted lower case, e.g. 'a.b.c'")

    def register(compute: Compute) -> Compute:
        if code in _registry and _registry[code].compute is not compute:
            raise ValueError(f"Indicator {code!r} is registered twice")
        _registry[code] = Indicator(
            code, label_th, label_en, unit, compute, per_personnel, higher_is_better
        )
        return compute

    return register


def indicator_get(code: str) -> Indicator | None:
    return _registry.get(code)


def all_indicators() -> list[Indicator]:
    """Every registered indicator, ordered by code."""
    return [_registry[code] for code in sorted(_registry)]


def compute_all(fiscal_year: FiscalYear) -> dict[str, Number | None]:
    """Every indicator's value for one fiscal year, in the current schema, by code."""
    return {item.code: item.compute(fiscal_year) for item in all_indicators()}
