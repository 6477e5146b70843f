"""How offices are compared on one indicator: rank, quartile, percentile and median.

Pure functions over `(office id, value)` pairs; offices without a value take no part. Every
definition is written here once, and tested on hand-checked sets (ties included):

- **rank**: standard competition ranking ("1224"): tied offices share the best rank of their
  group and the next office's rank counts them all. Rank 1 is the largest value, or the smallest
  where a lower value is better (service minutes).
- **percentile**: the percentile rank, `100 × (worse + ½ × tied) / n`, where `worse` counts the
  offices with a worse value and `tied` the offices with the same value, the office itself
  included. A lone office is at 50; the best of many approaches 100.
- **quartile**: 1 for the best quarter to 4 for the worst, from the rank:
  `⌊4 × (rank − 1) / n⌋ + 1`, so the best office is always in quartile 1 and tied offices share
  their quartile.
- **median**: the middle value, or the mean of the two middle values, exact in Decimal.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

TWO_PLACES = Decimal("0.01")


@dataclass(frozen=True)
class Standing:
    """Where one office stands among `count` offices with a value."""

    rank: int
    count: int
    percentile: Decimal
    quartile: int


def _decimal(value: Decimal | int) -> Decimal:
    return value if isinstance(value, Decimal) else Decimal(value)


def median(values: Iterable[Decimal | int]) -> Decimal | None:
    """The median of `values` (None when there are none)."""
    ordered = sorted(_decimal(v) for v in values)
    if not ordered:
        return None
    middle = len(ordered) // 2
    if len(ordered) % 2:
        return ordered[middle]
    return (ordered[middle - 1] + ordered[middle]) / 2


def standings(
    values: Mapping[int, Decimal | int | None], *, higher_is_better: bool = True
) -> dict[int, Standing]:
    """Each office's standing among the offices in `values` that have a value."""
    present = {office: _decimal(v) for office, v in values.items() if v is not None}
    count = len(present)
    if not count:
        return {}
    # From best to worst.
    ordered = sorted(present.values(), reverse=higher_is_better)
    first_at: dict[Decimal, int] = {}
    ties: dict[Decimal, int] = {}
    for position, value in enumerate(ordered, start=1):
        first_at.setdefault(value, position)
        ties[value] = ties.get(value, 0) + 1
    # Offices with the same value share one standing, worked out once per value in integers
    # (a comparison of 2,450 offices ranks each of them in four groups for ~50 indicators).
    by_value: dict[Decimal, Standing] = {}
    for value, rank in first_at.items():
        tied = ties[value]
        worse = count - (rank - 1) - tied
        # 100 × (worse + tied / 2) / count to two places, half up: in hundredths,
        # ⌊(10000 × (2·worse + tied) + count) / (2·count)⌋.
        hundredths = (10000 * (2 * worse + tied) + count) // (2 * count)
        quartile = 4 * (rank - 1) // count + 1
        by_value[value] = Standing(rank, count, Decimal(hundredths).scaleb(-2), quartile)
    return {office: by_value[value] for office, value in present.items()}


def per_hundred(value: Decimal | int | None, personnel: int | None) -> Decimal | None:
    """`value` per 100 personnel of the office, two places (None without both)."""
    if value is None or not personnel:
        return None
    return (_decimal(value) * 100 / personnel).quantize(TWO_PLACES, rounding=ROUND_HALF_UP)


def change(current: Decimal | int | None, previous: Decimal | int | None) -> Decimal | None:
    """The change from the previous year (None without both)."""
    if current is None or previous is None:
        return None
    return _decimal(current) - _decimal(previous)


def change_percent(current: Decimal | int | None, previous: Decimal | int | None) -> Decimal | None:
    """The change in percent of the previous year (None without both or from zero)."""
    if current is None or previous is None or _decimal(previous) == 0:
        return None
    return ((_decimal(current) - _decimal(previous)) * 100 / _decimal(previous)).quantize(
        TWO_PLACES, rounding=ROUND_HALF_UP
    )
