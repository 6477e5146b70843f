"""Reads of the central benchmarks: how offices compare on each indicator, from the values
collected into the public schema (`central.benchmarks.IndicatorValue`).

Only active offices are compared. Peer groups are the office's kind (primary / secondary), its
region and its province; every standing (rank, percentile, quartile) and median is computed by
`central.ranking`, over the offices of the group that have a value. An office's own card reads
these aggregates only: medians and its own rank, never another office's row.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, Literal

from django.db import connection
from django.db.models import Max

from central.benchmarks import Collection, IndicatorValue
from central.ranking import Standing, change, change_percent, median, standings
from core.indicators import Indicator, all_indicators, indicator_get
from tenants.models import Office

VALUES = IndicatorValue._meta.db_table
OFFICES = Office._meta.db_table
# Counts of the register as it is today (the same for every fiscal year asked): they show
# nothing about whether a year has data.
STATE_CODES = ("people.personnel", "people.pensioners")
PeerGroup = Literal["kind", "region", "province"]
PEER_GROUPS: tuple[PeerGroup, ...] = ("kind", "region", "province")
Basis = Literal["value", "per_100"]


def comparable_indicators() -> list[Indicator]:
    """The indicators the central site compares (every registered one)."""
    return all_indicators()


def _active_offices() -> dict[int, Office]:
    return {office.pk: office for office in Office.objects.filter(is_active=True).order_by("code")}


def _number(row: Any, basis: Basis) -> Decimal | None:
    return row.per_100_personnel if basis == "per_100" else row.value


def _group_key(office: Office, group: PeerGroup) -> str:
    return str(getattr(office, group))


@dataclass
class OfficeFigure:
    """One office on one indicator and fiscal year."""

    office: Office
    value: Decimal | None
    previous: Decimal | None = None
    national: Standing | None = None
    peers: dict[str, Standing] = field(default_factory=dict)  # by peer group

    @property
    def change(self) -> Decimal | None:
        return change(self.value, self.previous)

    @property
    def change_percent(self) -> Decimal | None:
        return change_percent(self.value, self.previous)


@dataclass
class IndicatorComparison:
    """Every active office on one indicator in one fiscal year, best first."""

    indicator: Indicator
    fiscal_year: int
    basis: Basis
    figures: list[OfficeFigure]
    national_median: Decimal | None
    # {peer group: {group value: median}}, e.g. {"kind": {"primary": 12.5}}
    peer_medians: dict[str, dict[str, Decimal | None]]

    @property
    def with_value(self) -> list[OfficeFigure]:
        return [f for f in self.figures if f.value is not None]


def _compare(
    indicator: Indicator,
    fiscal_year: int,
    offices: dict[int, Office],
    current: dict[int, Decimal | None],
    previous: dict[int, Decimal | None],
    basis: Basis,
) -> IndicatorComparison:
    national = standings(current, higher_is_better=indicator.higher_is_better)
    figures = {
        pk: OfficeFigure(offices[pk], current.get(pk), previous.get(pk), national.get(pk))
        for pk in offices
    }
    peer_medians: dict[str, dict[str, Decimal | None]] = {}
    for group in PEER_GROUPS:
        members: dict[str, dict[int, Decimal | None]] = defaultdict(dict)
        for pk, office in offices.items():
            members[_group_key(office, group)][pk] = current.get(pk)
        peer_medians[group] = {}
        for key, values in members.items():
            peer_medians[group][key] = median(v for v in values.values() if v is not None)
            for pk, standing in standings(
                values, higher_is_better=indicator.higher_is_better
            ).items():
                figures[pk].peers[group] = standing
    ordered = sorted(
        figures.values(),
        key=lambda f: (f.national is None, f.national.rank if f.national else 0, f.office.code),
    )
    return IndicatorComparison(
        indicator,
        fiscal_year,
        basis,
        ordered,
        median(v for v in current.values() if v is not None),
        peer_medians,
    )


def _values(
    *, codes: Iterable[str] | None, fiscal_years: Iterable[int], office_ids: Iterable[int]
) -> Iterable[Any]:
    """The collected rows as named tuples (office_id, fiscal_year, code, value,
    per_100_personnel): thousands of them per page, so no model instances."""
    rows = IndicatorValue.objects.filter(
        fiscal_year__in=list(fiscal_years), office_id__in=list(office_ids)
    )
    if codes is not None:
        rows = rows.filter(code__in=list(codes))
    return rows.values_list(
        "office_id", "fiscal_year", "code", "value", "per_100_personnel", named=True
    )


def indicator_comparison(
    *, code: str, fiscal_year: int, basis: Basis = "value"
) -> IndicatorComparison | None:
    """Every active office on `code` in `fiscal_year` (and the change from the year before);
    None for an unknown indicator. Taken from `all_comparisons` (kept per data version)."""
    indicator = indicator_get(code)
    if indicator is None:
        return None
    if basis == "per_100" and not indicator.per_personnel:
        basis = "value"
    for comparison in all_comparisons(fiscal_year=fiscal_year, basis=basis):
        if comparison.indicator.code == code:
            return comparison
    return None


def _data_version() -> str:
    """Changes whenever a collected value or an office changes: the newest collection time and
    row count of the values, and a digest of every office's compared fields (one query)."""
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT (SELECT max(collected_at)::text || ':' || count(*)::text FROM {VALUES}), "  # noqa: S608 (table names from the models)
            "(SELECT md5(coalesce(string_agg(concat_ws('|', id, code, name_th, kind, region, "
            f"province, is_active), ',' ORDER BY id), '')) FROM {OFFICES})"
        )
        values, offices = cursor.fetchone()
    return f"{values}:{offices}"


# Comparisons of the current data version, kept in this process: rebuilding them for 245 offices
# takes ~150 ms, unpickling them from a shared cache nearly as long (Office instances), and
# they change only when a collection writes or an office changes. A few versions are kept.
_COMPARISONS: dict[tuple[int, str, str], list[IndicatorComparison]] = {}
_COMPARISONS_KEPT = 16


def all_comparisons(*, fiscal_year: int, basis: Basis = "value") -> list[IndicatorComparison]:
    """Every indicator compared in one fiscal year: two queries the first time for a data
    version, then one small query (the version)."""
    key = (fiscal_year, basis, _data_version())
    cached = _COMPARISONS.get(key)
    if cached is None:
        while len(_COMPARISONS) >= _COMPARISONS_KEPT:  # forget the oldest
            _COMPARISONS.pop(next(iter(_COMPARISONS)))
        cached = _COMPARISONS[key] = _all_comparisons(fiscal_year=fiscal_year, basis=basis)
    return list(cached)


def _all_comparisons(*, fiscal_year: int, basis: Basis) -> list[IndicatorComparison]:
    """Every indicator compared in one fiscal year (two queries)."""
    offices = _active_offices()
    current: dict[str, dict[int, Decimal | None]] = defaultdict(dict)
    previous: dict[str, dict[int, Decimal | None]] = defaultdict(dict)
    for row in _values(codes=None, fiscal_years=[fiscal_year, fiscal_year - 1], office_ids=offices):
        target = current if row.fiscal_year == fiscal_year else previous
        known = indicator_get(row.code)
        row_basis: Basis = basis if known is not None and known.per_personnel else "value"
        target[row.code][row.office_id] = _number(row, row_basis)
    result = []
    for indicator in comparable_indicators():
        use: Basis = basis if indicator.per_personnel else "value"
        result.append(
            _compare(
                indicator,
                fiscal_year,
                offices,
                current.get(indicator.code, {}),
                previous.get(indicator.code, {}),
                use,
            )
        )
    return result


@dataclass(frozen=True)
class CardLine:
    """One indicator on an office's card: its value, the medians, its ranks (no other office's
    value)."""

    indicator: Indicator
    fiscal_year: int
    value: Decimal | None
    per_100: Decimal | None
    national_median: Decimal | None
    peer_median: Decimal | None
    national: Standing | None
    peer: Standing | None
    previous: Decimal | None

    @property
    def change(self) -> Decimal | None:
        return change(self.value, self.previous)


def office_card(*, office: Office, fiscal_years: Sequence[int]) -> dict[int, list[CardLine]]:
    """For each fiscal year, the office's line per indicator against the nation and its peer
    group (offices of the same kind). Aggregates only. Two queries."""
    offices = _active_offices()
    offices.setdefault(office.pk, office)
    years = sorted(set(fiscal_years) | {y - 1 for y in fiscal_years})
    table: dict[tuple[str, int], dict[int, Any]] = defaultdict(dict)
    for row in _values(codes=None, fiscal_years=years, office_ids=offices):
        table[(row.code, row.fiscal_year)][row.office_id] = row
    peers = {pk for pk, o in offices.items() if o.kind == office.kind}
    result: dict[int, list[CardLine]] = {}
    for year in fiscal_years:
        lines = []
        for indicator in comparable_indicators():
            rows = table.get((indicator.code, year), {})
            values = {pk: row.value for pk, row in rows.items()}
            own = rows.get(office.pk)
            before = table.get((indicator.code, year - 1), {}).get(office.pk)
            lines.append(
                CardLine(
                    indicator,
                    year,
                    own.value if own else None,
                    own.per_100_personnel if own else None,
                    median(v for v in values.values() if v is not None),
                    median(v for pk, v in values.items() if v is not None and pk in peers),
                    standings(values, higher_is_better=indicator.higher_is_better).get(office.pk),
                    standings(
                        {pk: v for pk, v in values.items() if pk in peers},
                        higher_is_better=indicator.higher_is_better,
                    ).get(office.pk),
                    before.value if before else None,
                )
            )
        result[year] = lines
    return result


def collection_list() -> list[tuple[Office, Collection | None]]:
    """Every office with its collection state (one query)."""
    offices = Office.objects.select_related("collection").order_by("code")
    return [(office, getattr(office, "collection", None)) for office in offices]


def default_fiscal_year(years: Sequence[int] | None = None) -> int | None:
    """The fiscal year a page opens on: the newest with any non-zero value (a year just begun
    is all zeros), else the newest collected."""
    years = list(years if years is not None else fiscal_years_collected())
    if not years:
        return None
    newest_with_data = (
        IndicatorValue.objects.filter(fiscal_year__in=years, value__gt=0)
        .exclude(code__in=STATE_CODES)
        .aggregate(year=Max("fiscal_year"))["year"]
    )
    return newest_with_data if newest_with_data is not None else max(years)


def fiscal_years_collected() -> list[int]:
    return sorted(
        set(IndicatorValue.objects.values_list("fiscal_year", flat=True).distinct()), reverse=True
    )
