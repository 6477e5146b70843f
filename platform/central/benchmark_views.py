"""The benchmark pages: the central agency's comparison of offices (central host) and each
office's own card (office host).

Every page reads `central.comparison` in a fixed number of queries, whatever the number of
offices or indicators. Offices see each other's figures (they come from the reports offices
publish): the own card names and ranks the other offices, as the central pages do. Figures on
sensitive matters about fewer than five people are withheld on every page and export, by the
rule of `core.indicators` that `central.comparison` applies before anything is computed; these
views only print "withheld" where a figure is.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.safestring import SafeString
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from accounts.roles import CentralRole, OfficeRole
from central import exports
from central.benchmarks import IndicatorValue
from central.charts import (
    Point,
    distribution_chart,
    format_change,
    format_figure,
    format_rate,
    trend_chart,
    trend_series,
    unit_label,
)
from central.comparison import (
    PEER_GROUPS,
    Basis,
    CardLine,
    IndicatorComparison,
    OfficeFigure,
    PeerGroup,
    all_comparisons,
    collection_list,
    comparable_indicators,
    default_fiscal_year,
    fiscal_years_collected,
    group_key,
    indicator_comparison,
    office_card,
)
from central.exports import Kind
from central.ranking import Standing
from central.tasks import BrokerUnavailableError, collection_request
from core.indicators import Indicator, indicator_get
from core.modules import key_indicators
from core.permissions import role_required
from tenants.models import Office, OfficeKind, Region
from tenants.requests import OfficeRequest

OPERATOR = CentralRole.PLATFORM_OPERATOR.value
ANALYST = CentralRole.CENTRAL_ANALYST.value
READERS = (ANALYST, OPERATOR)
OFFICE_READERS = tuple(role.value for role in OfficeRole)

# The columns of the table of all offices, in order (the first is the card's default).
KEY_INDICATORS = tuple(key_indicators())
PERSONNEL = "people.personnel"
OFFICE_COLUMNS = ("office", "kind", "region", "province", "personnel")
NATIONAL = "national"


# ---- Shared -------------------------------------------------------------------------------


def indicator_label(indicator: Indicator) -> str:
    language = get_language() or "th"
    return indicator.label_en if language.startswith("en") else indicator.label_th


def _kind_label(key: str) -> str:
    # A dict per call: thousands of rows per export, and the labels follow the language.
    return str(dict(OfficeKind.choices).get(key, key))


def _region_label(key: str) -> str:
    return str(dict(Region.choices).get(key, key))


def _group_label(group: str, key: str) -> str:
    if group == "kind":
        return _kind_label(key)
    if group == "region":
        return _region_label(key)
    return key


def _chosen_year(request: HttpRequest, years: Sequence[int]) -> int | None:
    """The fiscal year asked for (?fy=, B.E.) if collected, else the newest with data."""
    if not years:
        return None
    try:
        asked = int(request.GET.get("fy", ""))
    except ValueError:
        asked = 0
    return asked if asked in years else default_fiscal_year(years)


def _chosen_basis(request: HttpRequest) -> Basis:
    return "per_100" if request.GET.get("basis") == "per_100" else "value"


def _rank_text(standing: Standing | None) -> str:
    if standing is None:
        return "–"
    return _("%(rank)s of %(count)s") % {"rank": standing.rank, "count": standing.count}


def _rank_short(standing: Standing | None) -> str:
    return "–" if standing is None else f"{standing.rank}/{standing.count}"


def _by_office(comparison: IndicatorComparison) -> dict[int, OfficeFigure]:
    return {figure.office.pk: figure for figure in comparison.figures}


def withheld_text() -> str:
    """What a page prints instead of a withheld figure."""
    return _("withheld (fewer than 5 people)")


# ---- The table of all offices -------------------------------------------------------------


@dataclass
class Cell:
    value: Decimal | None
    text: str
    rank: int | None
    rank_text: str = ""


@dataclass
class TableRow:
    office: Office
    personnel: Decimal | None
    cells: list[Cell] = field(default_factory=list)
    url: str = ""
    kind_label: str = ""
    region_label: str = ""

    @property
    def personnel_text(self) -> str:
        return format_figure(self.personnel, "people")


# Units that count an amount of work (cards issued, payments, baht paid, people): their rank
# orders offices by size, rank 1 the largest, which says nothing of which office does better.
VOLUME_UNITS = frozenset({"cards", "payments", "baht", "requests", "people"})


def direction_note(indicator: Indicator) -> str:
    """Which way an indicator's rank goes, as its header and page say it."""
    if not indicator.higher_is_better:
        return _("less is better")
    if indicator.unit in VOLUME_UNITS:
        return _("a volume: rank 1 is the largest")
    return _("more is better")


@dataclass
class Column:
    key: str
    title: str
    numeric: bool
    unit: str = ""
    per_100: bool = False
    next_dir: str = "asc"  # the direction its header link sorts by
    arrow: str = ""
    unit_text: str = ""  # the unit as the header prints it
    direction: str = ""  # which way its rank goes


# Offices per page of the table and of an indicator's ranked list: at 2,450 offices a page of
# every office was 3 MB of HTML and took a second to render (issue 21).
PAGE_SIZE = 100


def _office_sort_key(
    office: Office, key: str, figures: dict[str, dict[int, OfficeFigure]]
) -> object:
    """What the table sorts `office` by for column `key` (None: no value)."""
    if key == "office":
        return office.name_th
    if key == "kind":
        return _kind_label(office.kind)
    if key == "region":
        return _region_label(office.region)
    if key == "province":
        return office.province
    column = PERSONNEL if key == "personnel" else key
    figure = figures.get(column, {}).get(office.pk)
    if figure is None or figure.withheld:
        return None
    return figure.value


def _sorted_offices(
    offices: list[Office], key: str, descending: bool, figures: dict[str, dict[int, OfficeFigure]]
) -> list[Office]:
    """Offices by `key`; offices without a value (or withheld) always last."""
    keyed = [(_office_sort_key(office, key, figures), office) for office in offices]
    present = [(k, o) for k, o in keyed if k is not None]
    missing = [o for k, o in keyed if k is None]
    present.sort(key=lambda pair: (pair[0], pair[1].code), reverse=descending)
    return [o for _k, o in present] + missing


def _page_query(request: HttpRequest) -> str:
    """The request's query without its page number, for the pages' links."""
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()


def _matches(office: Office, search: str) -> bool:
    return not search or search in office.name_th.casefold() or search in office.code.casefold()


@role_required(*READERS)
@require_GET
def benchmark_table(request: HttpRequest) -> HttpResponse:
    """Every active office on the key indicators in one fiscal year; sortable, filterable, and
    a page of PAGE_SIZE offices at a time (the sort runs over every office, the cells are
    worked out for the page's offices only). Read from the comparisons kept per data version."""
    years = fiscal_years_collected()
    fiscal_year = _chosen_year(request, years)
    basis = _chosen_basis(request)
    context: dict[str, object] = {"years": years, "fiscal_year": fiscal_year, "basis": basis}
    if fiscal_year is None:
        return render(request, "central/benchmarks/table.html", context)

    comparisons = {
        c.indicator.code: c for c in all_comparisons(fiscal_year=fiscal_year, basis=basis)
    }
    codes = [code for code in KEY_INDICATORS if code in comparisons]
    figures = {code: _by_office(comparisons[code]) for code in [*codes, PERSONNEL]}
    personnel = figures.get(PERSONNEL, {})
    offices = [f.office for f in next(iter(comparisons.values())).figures] if comparisons else []

    kind = request.GET.get("kind", "")
    region = request.GET.get("region", "")
    province = request.GET.get("province", "")
    search = request.GET.get("q", "").strip()[:100]
    provinces = sorted({o.province for o in offices})
    shown = [
        o
        for o in offices
        if (not kind or o.kind == kind)
        and (not region or o.region == region)
        and (not province or o.province == province)
        and _matches(o, search.casefold())
    ]

    columns = [
        Column("office", _("Office"), False),
        Column("kind", _("Kind"), False),
        Column("region", _("Region"), False),
        Column("province", _("Province"), False),
        Column("personnel", _("Personnel"), True, "people", unit_text=unit_label("people")),
    ] + [
        Column(
            code,
            indicator_label(comparisons[code].indicator),
            True,
            comparisons[code].indicator.unit,
            comparisons[code].basis == "per_100",
            unit_text=unit_label(comparisons[code].indicator.unit),
            direction=direction_note(comparisons[code].indicator),
        )
        for code in codes
    ]
    sort = request.GET.get("sort", "office")
    if sort not in {c.key for c in columns}:
        sort = "office"
    direction = request.GET.get("dir", "asc")
    if direction not in {"asc", "desc"}:
        direction = "asc"
    page = Paginator(
        _sorted_offices(shown, sort, direction == "desc", figures), PAGE_SIZE
    ).get_page(request.GET.get("page"))

    # What is the same for every row is worked out once (the rank's wording, the URL pattern,
    # the labels), not per cell in the template.
    rank_wording = _("rank %(rank)s")
    withheld = withheld_text()
    url_pattern = reverse("benchmarks:office", args=["__office__"])
    kind_labels, region_labels = dict(OfficeKind.choices), dict(Region.choices)
    rows = []
    for office in page.object_list:
        head = personnel.get(office.pk)
        row = TableRow(
            office,
            head.value if head else None,
            url=url_pattern.replace("__office__", office.code),
            kind_label=str(kind_labels.get(office.kind, office.kind)),
            region_label=str(region_labels.get(office.region, office.region)),
        )
        for code in codes:
            unit = comparisons[code].indicator.unit
            figure = figures[code].get(office.pk)
            value = figure.value if figure else None
            rate = comparisons[code].basis == "per_100"
            rank = figure.national.rank if figure and figure.national else None
            if figure is not None and figure.withheld:
                text = withheld
            else:
                text = format_rate(value) if rate else format_figure(value, unit)
            row.cells.append(Cell(value, text, rank, rank_wording % {"rank": rank} if rank else ""))
        rows.append(row)

    for column in columns:
        if column.key == sort:
            column.next_dir = "desc" if direction == "asc" else "asc"
            column.arrow = "▲" if direction == "asc" else "▼"
        else:
            column.next_dir = "desc" if column.numeric else "asc"
    # The office's own columns share its cell (name over kind · region · province), so that
    # the indicators fit a 1366 px screen; each still sorts from its header.
    place_keys = ("office", "kind", "region", "province")
    context.update(
        {
            "columns": [c for c in columns if c.key not in place_keys],
            "place_columns": [c for c in columns if c.key in place_keys],
            "place_sorted": sort in place_keys,
            "rows": rows,
            "page": page,
            "page_query": _page_query(request),
            "sort": sort,
            "dir": direction,
            "count": len(shown),
            "total": len(offices),
            "kinds": OfficeKind.choices,
            "regions": Region.choices,
            "provinces": provinces,
            "kind": kind,
            "region": region,
            "province": province,
            "q": search,
            "indicators": [(i, indicator_label(i)) for i in comparable_indicators()],
            "withheld_note": withheld_note(),
        }
    )
    return render(request, "central/benchmarks/table.html", context)


# ---- One indicator ------------------------------------------------------------------------


@dataclass
class RankedRow:
    figure: OfficeFigure
    value_text: str
    rate_text: str
    change_text: str
    change_percent: Decimal | None
    peer_rank: str
    url: str = ""
    mark_url: str = ""
    place: str = ""  # kind · region · province

    @property
    def change_percent_text(self) -> str:
        if self.change_percent is None:
            return ""
        return f"{format_change(self.change_percent, 'percent')}%"


@role_required(*READERS)
@require_GET
def indicator_detail(request: HttpRequest, code: str) -> HttpResponse:
    """One indicator: the distribution of every office, the national and peer medians, and
    the ranked list (four queries at most)."""
    indicator = indicator_get(code)
    if indicator is None:
        raise Http404
    years = fiscal_years_collected()
    fiscal_year = _chosen_year(request, years)
    basis: Basis = _chosen_basis(request) if indicator.per_personnel else "value"
    context: dict[str, object] = {
        "indicator": indicator,
        "label": indicator_label(indicator),
        "unit": unit_label(indicator.unit),
        "direction": direction_note(indicator),
        "years": years,
        "fiscal_year": fiscal_year,
        "basis": basis,
        "mark_label": _("mark on the chart"),
    }
    if fiscal_year is None:
        return render(request, "central/benchmarks/indicator.html", context)

    comparison = indicator_comparison(code=code, fiscal_year=fiscal_year, basis=basis)
    assert comparison is not None  # noqa: S101 - the code is registered
    values: dict[int, OfficeFigure] = _by_office(comparison)
    rates: dict[int, OfficeFigure] = {}
    if indicator.per_personnel:
        other = indicator_comparison(
            code=code, fiscal_year=fiscal_year, basis="value" if basis == "per_100" else "per_100"
        )
        assert other is not None  # noqa: S101
        if basis == "per_100":
            rates, values = values, _by_office(other)
        else:
            rates = _by_office(other)

    def shown(value: Decimal | None) -> str:
        return format_rate(value) if basis == "per_100" else format_figure(value, indicator.unit)

    highlight = request.GET.get("office") or None
    chart = distribution_chart(
        [
            Point(f.office.code, f.office.name_th, f.value)
            for f in comparison.figures
            if f.value is not None
        ],
        unit="per_100" if basis == "per_100" else indicator.unit,
        median=comparison.national_median,
        highlight=highlight,
        label=_("Distribution of %(indicator)s in fiscal year %(year)s")
        % {"indicator": indicator_label(indicator), "year": fiscal_year},
    )
    # A page of the ranked list (the one with the marked office unless a page is asked for).
    page_number = request.GET.get("page")
    if page_number is None and highlight:
        at = next((i for i, f in enumerate(comparison.figures) if f.office.code == highlight), None)
        page_number = str(at // PAGE_SIZE + 1) if at is not None else None
    page = Paginator(comparison.figures, PAGE_SIZE).get_page(page_number)
    rows = []
    # Worked out once, not per row in the template.
    withheld = withheld_text()
    url_pattern = reverse("benchmarks:office", args=["__office__"])
    kind_labels, region_labels = dict(OfficeKind.choices), dict(Region.choices)
    for figure in page.object_list:
        value = values.get(figure.office.pk)
        rate = rates.get(figure.office.pk)
        office = figure.office
        marked = request.GET.copy()
        marked["office"] = office.code
        marked.pop("page", None)
        rows.append(
            RankedRow(
                figure,
                withheld
                if figure.withheld
                else format_figure(value.value if value else None, indicator.unit),
                "" if figure.withheld else format_rate(rate.value if rate else None),
                format_change(figure.change, "per_100" if basis == "per_100" else indicator.unit),
                figure.change_percent,
                _rank_text(figure.peers.get("kind")),
                url=url_pattern.replace("__office__", office.code),
                mark_url=f"?{marked.urlencode()}#chart",
                place=" · ".join(
                    [
                        str(kind_labels.get(office.kind, office.kind)),
                        str(region_labels.get(office.region, office.region)),
                        office.province,
                    ]
                ),
            )
        )
    peer_medians = [
        (
            group_title,
            [
                (_group_label(group, key), shown(median))
                for key, median in sorted(comparison.peer_medians.get(group, {}).items())
            ],
        )
        for group, group_title in (
            ("kind", _("By kind")),
            ("region", _("By region")),
            ("province", _("By province")),
        )
    ]
    context.update(
        {
            "comparison": comparison,
            "chart": chart,
            "rows": rows,
            "page": page,
            "page_query": _page_query(request),
            "page_anchor": "#ranked",
            "offices": len(comparison.figures),
            "national_median": shown(comparison.national_median),
            "with_value": len(comparison.with_value),
            "withheld_count": len(comparison.withheld),
            "withheld_note": withheld_note(),
            "peer_medians": peer_medians,
            "highlight": highlight,
        }
    )
    return render(request, "central/benchmarks/indicator.html", context)


# ---- One office ---------------------------------------------------------------------------


@dataclass
class HistoryLine:
    line: CardLine
    value_text: str
    rate_text: str
    national_median_text: str
    peer_median_text: str
    national_rank: str
    peer_rank: str
    change_text: str


@dataclass
class IndicatorHistory:
    indicator: Indicator
    label: str
    unit: str
    lines: list[HistoryLine]
    chart: SafeString
    direction: str = ""


def _history(
    indicator: Indicator,
    lines: Sequence[CardLine],
    *,
    office_name: str,
    peer_name: str,
    medians: bool = True,
) -> IndicatorHistory:
    """One indicator's lines over the years (oldest first) with its chart."""
    unit = indicator.unit
    label = indicator_label(indicator)
    history = [
        HistoryLine(
            line,
            withheld_text() if line.withheld else format_figure(line.value, unit),
            format_rate(line.per_100) if indicator.per_personnel else "",
            format_figure(line.national_median, unit) if medians else "–",
            format_figure(line.peer_median, unit) if medians else "–",
            _rank_short(line.national),
            _rank_short(line.peer),
            format_change(line.change, unit),
        )
        for line in lines
    ]
    chart = trend_chart(
        [line.fiscal_year for line in lines],
        trend_series(
            office_name=office_name,
            office=[line.value for line in lines],
            national=[line.national_median if medians else None for line in lines],
            peer=[line.peer_median if medians else None for line in lines],
            peer_name=peer_name,
        ),
        unit=unit,
        label=label,
    )
    return IndicatorHistory(
        indicator, label, unit_label(unit), history, chart, direction_note(indicator)
    )


@role_required(*READERS)
@require_GET
def office_detail(request: HttpRequest, office_code: str) -> HttpResponse:
    """One office: every indicator against the national and peer (same kind) medians over all
    collected fiscal years (four queries)."""
    try:
        office = Office.objects.get(code=office_code)
    except Office.DoesNotExist:
        raise Http404 from None
    years = sorted(fiscal_years_collected())
    card = office_card(office=office, fiscal_years=years) if years else {}
    peer_name = _("Median of %(kind)s offices") % {"kind": _kind_label(office.kind)}
    histories = (
        [
            _history(
                indicator,
                [card[year][index] for year in years],
                office_name=office.name_th,
                peer_name=peer_name,
            )
            for index, indicator in enumerate(comparable_indicators())
        ]
        if years
        else []
    )
    return render(
        request,
        "central/benchmarks/office.html",
        {
            "subject": office,  # not "office": that names the host's office in the page shell
            "years": years,
            "histories": histories,
            "peer_name": peer_name,
            "kind_label": _kind_label(office.kind),
            "region_label": _region_label(office.region),
            "withheld_note": withheld_note(),
        },
    )


# ---- Exports ------------------------------------------------------------------------------


def export_header() -> list[str]:
    return [
        _("Office code"),
        _("Office"),
        _("Kind"),
        _("Region"),
        _("Province"),
        _("Fiscal year (B.E.)"),
        _("Indicator code"),
        _("Indicator"),
        _("Unit"),
        _("Value"),
        _("Per 100 personnel"),
        _("National rank"),
        _("Percentile"),
        _("Quartile"),
        _("Rank among offices of the same kind"),
        _("National median"),
        _("Median of offices of the same kind"),
        _("Note"),
    ]


def _plain(value: Decimal | None) -> Decimal | None:
    """A collected number without trailing zeros (12.5000 -> 12.5), never in exponent form."""
    if value is None:
        return None
    normal = value.normalize()
    return normal.quantize(Decimal(1)) if normal == normal.to_integral_value() else normal


def export_rows(fiscal_year: int | None) -> list[list[object]]:
    """One row per active office and indicator (four queries)."""
    if fiscal_year is None:
        return []
    by_value = all_comparisons(fiscal_year=fiscal_year, basis="value")
    by_rate = {
        c.indicator.code: c for c in all_comparisons(fiscal_year=fiscal_year, basis="per_100")
    }
    rows: list[tuple[str, str, list[object]]] = []
    withheld = withheld_text()
    for comparison in by_value:
        indicator = comparison.indicator
        rates = _by_office(by_rate[indicator.code]) if indicator.per_personnel else {}
        kind_medians = comparison.peer_medians.get("kind", {})
        for figure in comparison.figures:
            office = figure.office
            rate = rates.get(office.pk)
            national = figure.national
            peer = figure.peers.get("kind")
            rows.append(
                (
                    office.code,
                    indicator.code,
                    [
                        office.code,
                        office.name_th,
                        _kind_label(office.kind),
                        _region_label(office.region),
                        office.province,
                        fiscal_year,
                        indicator.code,
                        indicator_label(indicator),
                        unit_label(indicator.unit),
                        _plain(figure.value),
                        _plain(rate.value) if rate else None,
                        national.rank if national else None,
                        national.percentile if national else None,
                        national.quartile if national else None,
                        peer.rank if peer else None,
                        _plain(comparison.national_median),
                        _plain(kind_medians.get(office.kind)),
                        withheld if figure.withheld else None,
                    ],
                )
            )
    rows.sort(key=lambda r: (r[0], r[1]))
    return [row for _office, _code, row in rows]


def _export_year(request: HttpRequest) -> int | None:
    return _chosen_year(request, fiscal_years_collected())


def _filename(fiscal_year: int | None, extension: str) -> str:
    return f"krucare-benchmarks-{fiscal_year or 'none'}.{extension}"


def _export(request: HttpRequest, kind: Kind) -> HttpResponseBase:
    fiscal_year = _export_year(request)
    response: HttpResponseBase
    if fiscal_year is None:  # nothing collected yet: the header only
        content = exports.render(None, kind)
        response = HttpResponse(content, content_type=CONTENT_TYPES[kind])
    else:
        path = exports.export_file(fiscal_year, kind)
        response = FileResponse(path.open("rb"), content_type=CONTENT_TYPES[kind])
    response["Content-Disposition"] = f'attachment; filename="{_filename(fiscal_year, kind)}"'
    return response


@role_required(*READERS)
@require_GET
def export_csv(request: HttpRequest) -> HttpResponseBase:
    """The comparison of one fiscal year as CSV, UTF-8 with a BOM so that Excel reads Thai;
    the file kept for the current data version (`central.exports`)."""
    return _export(request, "csv")


XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CONTENT_TYPES = {"csv": "text/csv; charset=utf-8", "xlsx": XLSX_TYPE}


@role_required(*READERS)
@require_GET
def export_xlsx(request: HttpRequest) -> HttpResponseBase:
    """The comparison of one fiscal year as an XLSX sheet (numbers are numbers); the file kept
    for the current data version (`central.exports`)."""
    return _export(request, "xlsx")


# ---- Collection ---------------------------------------------------------------------------


@role_required(*READERS)
@require_http_methods(["GET", "POST"])
def collection_status(request: HttpRequest) -> HttpResponse:
    """Every office's last collection; a platform operator can start one (all offices, or one
    with `office=<code>`), sent to the workers at once. With the broker down the operator is
    told so in Thai, and nothing is sent (the nightly run and the hourly sweep collect)."""
    if request.method == "POST":
        if not request.user.has_role(OPERATOR):  # type: ignore[union-attr]
            raise PermissionDenied
        code = request.POST.get("office", "")
        office: Office | None = None
        if code:
            try:
                office = Office.objects.get(code=code, is_active=True)
            except Office.DoesNotExist:
                raise Http404 from None
        try:
            collection_request(office_id=office.pk if office is not None else None)
        except BrokerUnavailableError as exc:
            messages.error(request, exc.message)
        else:
            if office is not None:
                messages.success(
                    request,
                    _("Collection of %(name)s has started; its row updates when it ends.")
                    % {"name": office.name_th},
                )
            else:
                messages.success(
                    request,
                    _(
                        "Collection of every active office has started; the rows update as "
                        "each ends."
                    ),
                )
        return redirect("benchmarks:collection")
    rows = collection_list()
    return render(
        request,
        "central/benchmarks/collection.html",
        {
            "rows": rows,
            "failing": sum(1 for _office, c in rows if c is not None and c.is_failing),
            "can_collect": request.user.has_role(OPERATOR),  # type: ignore[union-attr]
        },
    )


# ---- The office's own card (office host) --------------------------------------------------


def withheld_note() -> str:
    return _(
        "Figures on sensitive matters (debt and arrears, health participation, anything about "
        "a few people) are withheld for an office where fewer than five people are behind them, "
        "and left out of every median and rank, so that they cannot be worked out."
    )


def _own_years(office: Office) -> list[int]:
    return sorted(
        set(
            IndicatorValue.objects.filter(office=office)
            .values_list("fiscal_year", flat=True)
            .distinct()
        ),
        reverse=True,
    )


def _chosen_group(request: HttpRequest) -> str:
    """`national` or a peer group (the kind unless another is asked for)."""
    group = request.GET.get("group", "kind")
    return group if group == NATIONAL or group in PEER_GROUPS else "kind"


def _peer_group(group: str) -> PeerGroup:
    """The peer group the card's table compares with: the chosen one, the kind for the nation."""
    return next((g for g in PEER_GROUPS if g == group), "kind")


def _group_title(office: Office, group: str) -> str:
    """The peer group of `office` by name, e.g. "offices in พัทลุง"."""
    if group == "kind":
        return _("%(kind)s offices") % {"kind": _kind_label(office.kind)}
    if group == "region":
        return _("offices of the %(region)s region") % {"region": _region_label(office.region)}
    if group == "province":
        return _("offices in %(province)s") % {"province": office.province}
    return _("every office in the country")


@dataclass
class OwnLine:
    indicator: Indicator
    label: str
    unit: str
    direction: str
    value: str
    rate: str
    national_median: str
    peer_median: str
    national_rank: str
    peer_rank: str
    percentile: Decimal | None
    change: str


def own_lines(office: Office, fiscal_year: int, group: PeerGroup = "kind") -> list[OwnLine]:
    """The office's line per indicator for its card: its own figures (withheld ones too: they
    are its own), the medians of the shown figures, its ranks nationally and in `group` (two
    queries)."""
    card = office_card(office=office, fiscal_years=[fiscal_year], group=group, reveal_own=True)
    result = []
    for line in card[fiscal_year]:
        indicator = line.indicator
        unit = indicator.unit
        result.append(
            OwnLine(
                indicator,
                indicator_label(indicator),
                unit_label(unit),
                direction_note(indicator),
                format_figure(line.value, unit),
                format_rate(line.per_100) if indicator.per_personnel else "",
                format_figure(line.national_median, unit),
                format_figure(line.peer_median, unit),
                _rank_text(line.national),
                _rank_text(line.peer),
                line.national.percentile if line.national else None,
                format_change(line.change, unit),
            )
        )
    return result


@dataclass
class PeerRow:
    """One office in the ranked list of the own card."""

    office: Office
    rank: str
    value: str
    rate: str
    change: str
    own: bool
    place: str


def peer_ranking(office: Office, code: str, fiscal_year: int, group: str) -> list[PeerRow]:
    """Every active office of `office`'s `group` (or the nation) on one indicator, named and
    ranked, best first; withheld figures last, as withheld (`office` sees its own)."""
    comparison = indicator_comparison(code=code, fiscal_year=fiscal_year, viewer=office)
    if comparison is None:
        return []
    indicator = comparison.indicator
    rates: dict[int, OfficeFigure] = {}
    if indicator.per_personnel:
        by_rate = indicator_comparison(
            code=code, fiscal_year=fiscal_year, basis="per_100", viewer=office
        )
        rates = _by_office(by_rate) if by_rate is not None else {}

    def standing(figure: OfficeFigure) -> Standing | None:
        return figure.national if group == NATIONAL else figure.peers.get(group)

    members = [
        f
        for f in comparison.figures
        if group == NATIONAL
        or group_key(f.office, _peer_group(group)) == group_key(office, _peer_group(group))
        or f.office.pk == office.pk
    ]
    members.sort(
        key=lambda f: (standing(f) is None, getattr(standing(f), "rank", 0), f.office.code)
    )
    withheld = withheld_text()
    kind_labels, region_labels = dict(OfficeKind.choices), dict(Region.choices)
    rows = []
    for figure in members:
        place = standing(figure)
        rate = rates.get(figure.office.pk)
        rows.append(
            PeerRow(
                figure.office,
                str(place.rank) if place else "–",
                withheld if figure.withheld else format_figure(figure.value, indicator.unit),
                "" if figure.withheld or rate is None else format_rate(rate.value),
                "" if figure.withheld else format_change(figure.change, indicator.unit),
                figure.office.pk == office.pk,
                " · ".join(
                    [
                        str(kind_labels.get(figure.office.kind, figure.office.kind)),
                        str(region_labels.get(figure.office.region, figure.office.region)),
                        figure.office.province,
                    ]
                ),
            )
        )
    return rows


@role_required(*OFFICE_READERS)
@require_GET
def own_card(request: OfficeRequest) -> HttpResponse:
    """The office's indicators next to the national and peer medians and its ranks, and the
    offices of a peer group named and ranked on one indicator."""
    office = request.office
    years = _own_years(office)
    fiscal_year = _chosen_year(request, years)
    group = _chosen_group(request)
    table_group = _peer_group(group)
    indicators = comparable_indicators()
    chosen = indicator_get(request.GET.get("indicator", "")) or indicator_get(KEY_INDICATORS[0])
    if chosen is None and indicators:
        chosen = indicators[0]
    context: dict[str, object] = {
        "years": years,
        "fiscal_year": fiscal_year,
        "group": group,
        "groups": [
            (key, _group_title(office, key)) for key in (NATIONAL, "kind", "region", "province")
        ],
        "group_title": _group_title(office, group),
        "table_group_title": _group_title(office, table_group),
        "indicators": [(i, indicator_label(i)) for i in indicators],
        "chosen": chosen,
        "chosen_label": indicator_label(chosen) if chosen else "",
        "withheld_note": withheld_note(),
    }
    if fiscal_year is not None and chosen is not None:
        context["lines"] = own_lines(office, fiscal_year, table_group)
        context["ranking"] = peer_ranking(office, chosen.code, fiscal_year, group)
    return render(request, "central/benchmarks/own_card.html", context)
