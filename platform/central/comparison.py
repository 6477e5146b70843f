"""Reads of the central benchmarks: how offices compare on each indicator, from the values
collected into the public schema (`central.benchmarks.IndicatorValue`).

Only active offices are compared. Peer groups are the nation, the office's kind (primary /
secondary), its region and its province; every standing (rank, percentile, quartile) and median
is computed by `central.ranking`, over the offices of the group that have a shown value.

Who sees what (the rule and its reasons are in `core.indicators`): offices see each other's
figures, named and ranked, on their own card as the central agency does on its pages. A figure
of a sensitive indicator with fewer than `MIN_PEOPLE` people behind it is **withheld**
(`withheld_offices`) for every reader, central ones included, and is dropped here *before*
anything is computed: every comparison, median, standing, change and count of offices is taken
over the shown figures only, so no output built from these reads (pages, CSV/XLSX, the API)
holds a withheld value or anything it could be worked back from. The one reader who sees a
withheld figure is its own office (`office_card(reveal_own=True)`,
`indicator_comparison(viewer=…)`): it is ranked among the others' shown figures, and the medians
stay those of the shown figures.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, Literal

from django.db.models import Count

from central.benchmarks import BenchmarkVersion, Collection, IndicatorValue
from central.ranking import Standing, change, change_percent, median, standings
from core.indicators import (
    MIN_PEOPLE,
    Indicator,
    all_indicators,
    indicator_get,
    sensitive_codes,
)
from tenants.models import Office

# Counts of the register as it is today (the same for every fiscal year asked), and stocks at
# a year's end that carry over into a year without any activity (members, loans running and
# their principal), and the share of the report's registers that are non-empty (those stocks
# make it non-zero in any year): they show nothing about whether a year has data.
STATE_CODES = (
    "people.personnel",
    "people.pensioners",
    "shop.rooms",
    "shop.members",
    "fund.loans.active",
    "fund.outstanding",
    "reports.evidence_completeness",
)
PeerGroup = Literal["kind", "region", "province"]
PEER_GROUPS: tuple[PeerGroup, ...] = ("kind", "region", "province")
Basis = Literal["value", "per_100"]
# Raw collected values by (code, fiscal year), then office id.
RawValues = dict[tuple[str, int], dict[int, Decimal | None]]


def comparable_indicators() -> list[Indicator]:
    """The indicators the central site compares (every registered one)."""
    return all_indicators()


def _active_offices() -> dict[int, Office]:
    return {office.pk: office for office in Office.objects.filter(is_active=True).order_by("code")}


def _number(row: Any, basis: Basis) -> Decimal | None:
    number: Decimal | None = row.per_100_personnel if basis == "per_100" else row.value
    return number


def group_key(office: Office, group: PeerGroup) -> str:
    return str(getattr(office, group))


def _enough_people(count: Decimal | None) -> bool:
    return count is not None and count >= MIN_PEOPLE


def withheld_offices(indicator: Indicator, fiscal_year: int, raw: RawValues) -> frozenset[int]:
    """The offices whose figure of `indicator` in `fiscal_year` is withheld: it is sensitive,
    has a value, and the people behind it (its `people_count`, from the raw collected values)
    are fewer than MIN_PEOPLE or unknown."""
    counted_by = indicator.people_count_code
    if counted_by is None:
        return frozenset()
    counts = raw.get((counted_by, fiscal_year), {})
    return frozenset(
        pk
        for pk, value in raw.get((indicator.code, fiscal_year), {}).items()
        if value is not None and not _enough_people(counts.get(pk))
    )


def withheld_rows(rows: Iterable[tuple[int, int, str]]) -> set[tuple[int, int, str]]:
    """Of `(office id, fiscal year, code)` keys of collected values, those withheld (one query
    for the people counts, none when no key is of a sensitive indicator)."""
    wanted = []
    for office_id, year, code in rows:
        indicator = indicator_get(code)
        if indicator is not None and indicator.people_count_code is not None:
            wanted.append((office_id, year, indicator))
    if not wanted:
        return set()
    codes = {i.code for _, _, i in wanted} | {str(i.people_count_code) for _, _, i in wanted}
    raw: RawValues = defaultdict(dict)
    for row in _values(
        codes=codes,
        fiscal_years={year for _, year, _ in wanted},
        office_ids={office_id for office_id, _, _ in wanted},
    ):
        raw[(row.code, row.fiscal_year)][row.office_id] = row.value
    return {
        (office_id, year, indicator.code)
        for office_id, year, indicator in wanted
        if office_id in withheld_offices(indicator, year, raw)
    }


@dataclass
class OfficeFigure:
    """One office on one indicator and fiscal year."""

    office: Office
    value: Decimal | None
    previous: Decimal | None = None
    national: Standing | None = None
    peers: dict[str, Standing] = field(default_factory=dict)  # by peer group
    # A sensitive figure about fewer than MIN_PEOPLE people: value and previous are None.
    withheld: bool = False

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
    withheld: frozenset[int] = frozenset()  # offices whose figure is withheld
    _by_office: dict[int, OfficeFigure] | None = field(
        default=None, init=False, repr=False, compare=False
    )

    @property
    def with_value(self) -> list[OfficeFigure]:
        return [f for f in self.figures if f.value is not None]

    def figure_of(self, office_id: int) -> OfficeFigure | None:
        """One office's figure (an index built once: comparisons are kept per data version)."""
        if self._by_office is None:
            self._by_office = {figure.office.pk: figure for figure in self.figures}
        return self._by_office.get(office_id)


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
            members[group_key(office, group)][pk] = current.get(pk)
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
    *, code: str, fiscal_year: int, basis: Basis = "value", viewer: Office | None = None
) -> IndicatorComparison | None:
    """Every active office on `code` in `fiscal_year` (and the change from the year before);
    None for an unknown indicator. Taken from `all_comparisons` (kept per data version).
    `viewer`: the office reading it on its own card, which sees its own figure even when it is
    withheld from everyone else (one more query then)."""
    indicator = indicator_get(code)
    if indicator is None:
        return None
    if basis == "per_100" and not indicator.per_personnel:
        basis = "value"
    for comparison in all_comparisons(fiscal_year=fiscal_year, basis=basis):
        if comparison.indicator.code == code:
            if viewer is not None and viewer.pk in comparison.withheld:
                return _with_own_figure(comparison, viewer)
            return comparison
    return None


def _with_own_figure(comparison: IndicatorComparison, viewer: Office) -> IndicatorComparison:
    """`comparison` as its office `viewer` sees it: with its own withheld figure ranked among
    the shown ones; the medians stay those of the shown figures."""
    year = comparison.fiscal_year
    own = {
        row.fiscal_year: _number(row, comparison.basis)
        for row in _values(
            codes=[comparison.indicator.code], fiscal_years=[year, year - 1], office_ids=[viewer.pk]
        )
    }
    offices = {f.office.pk: f.office for f in comparison.figures}
    current: dict[int, Decimal | None] = {f.office.pk: f.value for f in comparison.figures}
    previous: dict[int, Decimal | None] = {f.office.pk: f.previous for f in comparison.figures}
    current[viewer.pk] = own.get(year)
    previous[viewer.pk] = own.get(year - 1)
    seen = _compare(comparison.indicator, year, offices, current, previous, comparison.basis)
    seen.national_median = comparison.national_median
    seen.peer_medians = comparison.peer_medians
    seen.withheld = comparison.withheld - {viewer.pk}
    for figure in seen.figures:
        figure.withheld = figure.office.pk in seen.withheld
    return seen


def data_version() -> int:
    """Changes whenever a collected value or an office changes (`BenchmarkVersion`, moved on
    by triggers in the same transaction): one row read."""
    number = BenchmarkVersion.objects.filter(pk=1).values_list("number", flat=True).first()
    return number if number is not None else -1


# Comparisons of the current data version, kept in this process: rebuilding them for 245 offices
# takes ~150 ms, unpickling them from a shared cache nearly as long (Office instances), and
# they change only when a collection writes or an office changes. A few versions are kept.
_COMPARISONS: dict[tuple[int, str, int], list[IndicatorComparison]] = {}
_COMPARISONS_KEPT = 16


def all_comparisons(*, fiscal_year: int, basis: Basis = "value") -> list[IndicatorComparison]:
    """Every indicator compared in one fiscal year: two queries the first time for a data
    version, then one small query (the version)."""
    key = (fiscal_year, basis, data_version())
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
    raw: RawValues = defaultdict(dict)
    for row in _values(codes=None, fiscal_years=[fiscal_year, fiscal_year - 1], office_ids=offices):
        target = current if row.fiscal_year == fiscal_year else previous
        known = indicator_get(row.code)
        row_basis: Basis = basis if known is not None and known.per_personnel else "value"
        target[row.code][row.office_id] = _number(row, row_basis)
        raw[(row.code, row.fiscal_year)][row.office_id] = row.value
    result = []
    for indicator in comparable_indicators():
        use: Basis = basis if indicator.per_personnel else "value"
        # Withheld figures are dropped before anything is computed (see the module).
        hidden = withheld_offices(indicator, fiscal_year, raw)
        hidden_before = withheld_offices(indicator, fiscal_year - 1, raw)
        comparison = _compare(
            indicator,
            fiscal_year,
            offices,
            {pk: v for pk, v in current.get(indicator.code, {}).items() if pk not in hidden},
            {
                pk: v
                for pk, v in previous.get(indicator.code, {}).items()
                if pk not in hidden_before
            },
            use,
        )
        comparison.withheld = hidden
        for figure in comparison.figures:
            figure.withheld = figure.office.pk in hidden
        result.append(comparison)
    return result


@dataclass(frozen=True)
class CardLine:
    """One indicator on an office's card: its value, the medians, its ranks nationally and in
    its peer group."""

    indicator: Indicator
    fiscal_year: int
    value: Decimal | None
    per_100: Decimal | None
    national_median: Decimal | None
    peer_median: Decimal | None
    national: Standing | None
    peer: Standing | None
    previous: Decimal | None
    withheld: bool = False  # the office's figure is withheld from this reader

    @property
    def change(self) -> Decimal | None:
        return change(self.value, self.previous)


def office_card(
    *,
    office: Office,
    fiscal_years: Sequence[int],
    group: PeerGroup = "kind",
    reveal_own: bool = False,
) -> dict[int, list[CardLine]]:
    """For each fiscal year, the office's line per indicator against the nation and its peer
    `group` (offices of the same kind, region or province).

    `reveal_own`: the reader is the office itself (its own card), which sees its own withheld
    figures, ranked among the others' shown figures; everyone else sees them withheld.

    Read from `all_comparisons` (kept per data version, so every office's card shares one
    computation) and one query for the office's own rows: recomputing the ranks and medians
    over every office for each card cost 1 s at 245 offices and grew with them (issue 21).
    Only a line whose own figure is withheld and revealed to the office ranks it afresh."""
    if not office.is_active:
        return _office_card_computed(
            office=office, fiscal_years=fiscal_years, group=group, reveal_own=reveal_own
        )
    years = sorted(set(fiscal_years) | {y - 1 for y in fiscal_years})
    own: dict[tuple[str, int], Any] = {
        (row.code, row.fiscal_year): row
        for row in _values(codes=None, fiscal_years=years, office_ids=[office.pk])
    }
    key = group_key(office, group)
    result: dict[int, list[CardLine]] = {}
    for year in fiscal_years:
        comparisons = {c.indicator.code: c for c in all_comparisons(fiscal_year=year)}
        lines = []
        for indicator in comparable_indicators():
            comparison = comparisons[indicator.code]
            figure = comparison.figure_of(office.pk)
            row = own.get((indicator.code, year))
            before = own.get((indicator.code, year - 1))
            hidden = figure is not None and figure.withheld
            national = figure.national if figure is not None else None
            peer = figure.peers.get(group) if figure is not None else None
            if hidden and reveal_own and row is not None:
                # Its own withheld figure, ranked among the figures shown to everyone.
                shown = {f.office.pk: f.value for f in comparison.figures if f.value is not None}
                shown[office.pk] = row.value
                national = standings(shown, higher_is_better=indicator.higher_is_better).get(
                    office.pk
                )
                peers = {
                    pk: value
                    for pk, value in shown.items()
                    if pk == office.pk or group_key(comparison.figure_of(pk).office, group) == key  # type: ignore[union-attr]
                }
                peer = standings(peers, higher_is_better=indicator.higher_is_better).get(office.pk)
            show_own = row is not None and (not hidden or reveal_own)
            previous = before.value if before is not None else None
            if not reveal_own:
                previous = figure.previous if figure is not None else None
            lines.append(
                CardLine(
                    indicator,
                    year,
                    row.value if row is not None and show_own else None,
                    row.per_100_personnel if row is not None and show_own else None,
                    comparison.national_median,
                    comparison.peer_medians.get(group, {}).get(key),
                    national if show_own else None,
                    peer if show_own else None,
                    previous,
                    hidden and not reveal_own,
                )
            )
        result[year] = lines
    return result


def _office_card_computed(
    *,
    office: Office,
    fiscal_years: Sequence[int],
    group: PeerGroup = "kind",
    reveal_own: bool = False,
) -> dict[int, list[CardLine]]:
    """`office_card` computed from every office's collected values (two queries, and ranks
    over every office for each line): for an inactive office, which the comparisons leave
    out, and as the reference the tests hold `office_card` to."""
    offices = _active_offices()
    offices.setdefault(office.pk, office)
    years = sorted(set(fiscal_years) | {y - 1 for y in fiscal_years})
    table: dict[tuple[str, int], dict[int, Any]] = defaultdict(dict)
    raw: RawValues = defaultdict(dict)
    for row in _values(codes=None, fiscal_years=years, office_ids=offices):
        table[(row.code, row.fiscal_year)][row.office_id] = row
        raw[(row.code, row.fiscal_year)][row.office_id] = row.value
    peers = {pk for pk, o in offices.items() if group_key(o, group) == group_key(office, group)}
    result: dict[int, list[CardLine]] = {}
    for year in fiscal_years:
        lines = []
        for indicator in comparable_indicators():
            rows = table.get((indicator.code, year), {})
            hidden = withheld_offices(indicator, year, raw)
            shown = {pk: row.value for pk, row in rows.items() if pk not in hidden}
            own = rows.get(office.pk)
            own_hidden = office.pk in hidden and not reveal_own
            if own is not None and not own_hidden:
                shown_with_own = {**shown, office.pk: own.value}
            else:
                own, shown_with_own = None, shown
            before = table.get((indicator.code, year - 1), {}).get(office.pk)
            if not reveal_own and office.pk in withheld_offices(indicator, year - 1, raw):
                before = None
            lines.append(
                CardLine(
                    indicator,
                    year,
                    own.value if own else None,
                    own.per_100_personnel if own else None,
                    median(v for v in shown.values() if v is not None),
                    median(v for pk, v in shown.items() if v is not None and pk in peers),
                    standings(shown_with_own, higher_is_better=indicator.higher_is_better).get(
                        office.pk
                    ),
                    standings(
                        {pk: v for pk, v in shown_with_own.items() if pk in peers},
                        higher_is_better=indicator.higher_is_better,
                    ).get(office.pk),
                    before.value if before else None,
                    own_hidden,
                )
            )
        result[year] = lines
    return result


def collection_list() -> list[tuple[Office, Collection | None]]:
    """Every office with its collection state (one query)."""
    offices = Office.objects.select_related("collection").order_by("code")
    return [(office, getattr(office, "collection", None)) for office in offices]


# What every page asks first (the years collected, the one a page opens on), kept in this
# process for the current data version: each is a scan of every collected value (at 2,450
# offices 70 and 340 ms, on every page before, issue 21).
_YEARS: dict[int, tuple[list[int], int | None]] = {}


def _years_and_default() -> tuple[list[int], int | None]:
    version = data_version()
    kept = _YEARS.get(version)
    if kept is None:
        _YEARS.clear()
        years = _fiscal_years_collected()
        kept = _YEARS[version] = (years, _default_fiscal_year(years))
    return list(kept[0]), kept[1]


def default_fiscal_year(years: Sequence[int] | None = None) -> int | None:
    """The fiscal year a page opens on (see `_default_fiscal_year`); of the years collected
    unless `years` is given."""
    if years is None:
        return _years_and_default()[1]
    collected, default = _years_and_default()
    if sorted(years) == sorted(collected):
        return default
    return _default_fiscal_year(list(years))


def fiscal_years_collected() -> list[int]:
    """The fiscal years with collected values, newest first."""
    return _years_and_default()[0]


def _default_fiscal_year(years: Sequence[int]) -> int | None:
    """The fiscal year a page opens on: the newest in which at least half as many offices have
    a non-zero value as in the best-reported year (a year just begun is all zeros, or has the
    first few requests of a few offices), else the newest collected."""
    years = list(years)
    if not years:
        return None
    reporting: dict[int, int] = dict(
        IndicatorValue.objects.filter(fiscal_year__in=years, value__gt=0)
        # Nor a sensitive figure: whether one is above zero is no page's business.
        .exclude(code__in=[*STATE_CODES, *sensitive_codes()])
        .values_list("fiscal_year")
        .annotate(offices=Count("office", distinct=True))
    )
    if not reporting:
        return max(years)
    most = max(reporting.values())
    return max(year for year, offices in reporting.items() if offices * 2 >= most)


def _fiscal_years_collected() -> list[int]:
    return sorted(
        set(IndicatorValue.objects.values_list("fiscal_year", flat=True).distinct()), reverse=True
    )
