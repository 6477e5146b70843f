"""Who sees which benchmark figure (issue 11, point 1).

Offices see each other's figures, named and ranked. A figure of a *sensitive* indicator about
fewer than five people is withheld from every reader but its own office, on every page, export
and API endpoint, and cannot be worked back from anything shown.

No module declares a sensitive indicator yet, so the tests register probes (an arrears count
and amount, a health-check share and count), and, in a second registry, declare *every* real
indicator sensitive too. The decisive test is indistinguishability: every output (the central
table with each filter and sort, every indicator page, every office page, the CSV and XLSX, every
API endpoint, every office's own card with every peer group and every indicator) is rendered
with the withheld figures at one value and again at another (still fewer than five people), and
must come out the same. An output that held a withheld value, or a median, rank, count, change or
total computed with it, would differ.
"""

from __future__ import annotations

import dataclasses
import io
import json
import random
import re
from collections.abc import Callable
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any
from urllib.parse import urlencode

import pytest
from django.test import Client
from django_tenants.utils import schema_context
from openpyxl import load_workbook

from accounts.models import User
from api.services import api_token_create
from central import comparison
from central.benchmark_views import KEY_INDICATORS
from central.benchmarks import IndicatorValue
from central.comparison import PEER_GROUPS
from core import indicators
from core.indicators import SELF, Indicator
from tenants.models import Office
from tests.conftest import central_client, office_client

pytestmark = pytest.mark.django_db

PEOPLE = "probe.arrears.people"  # a count of people: its own value is the count
AMOUNT = "probe.arrears.amount"  # baht, per 100 personnel too, counted by PEOPLE
SHARE = "probe.health.share"  # percent, lower is better, counted by CHECKED
CHECKED = "probe.health.people"
COLLECTED = datetime(2026, 1, 1, tzinfo=UTC)  # one time for every row: no output may vary by it
YEARS = (2556, 2557)


def _probe(code: str, unit: str, counted_by: str, **options: Any) -> Indicator:
    return Indicator(
        code,
        f"ตัวชี้วัดทดสอบ {code}",
        f"Probe {code}",
        unit,
        lambda year: None,
        sensitive=True,
        people_count=counted_by,
        **options,
    )


PROBES = [
    _probe(PEOPLE, "people", SELF),
    _probe(AMOUNT, "baht", PEOPLE, per_personnel=True),
    _probe(SHARE, "percent", CHECKED, higher_is_better=False),
    _probe(CHECKED, "people", SELF),
]


@pytest.fixture(params=["probes", "every indicator"])
def registry(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> dict:
    """The real indicators and the probes; in the second run every real indicator is declared
    sensitive too (counted by the arrears count), so each kind of indicator is covered."""
    real = dict(indicators._registry)
    if request.param == "every indicator":
        real = {
            code: dataclasses.replace(item, sensitive=True, people_count=PEOPLE)
            for code, item in real.items()
        }
    fresh = {**real, **{probe.code: probe for probe in PROBES}}
    monkeypatch.setattr(indicators, "_registry", fresh)
    assert indicators.registry_problems() == []
    return fresh


# --- the offices -----------------------------------------------------------------------------
# alpha (primary, south, ทดสอบ) and beta (secondary, north, ทดสอบ) are the session's offices, with
# schemas and accounts (their own cards are read); the others are rows only. Every peer group of
# alpha's holds other offices: the kind (primary), the region (south), the province (ทดสอบ).

PEERS = {
    "dscp1": ("primary", "south", "ทดสอบ"),
    "dscp2": ("primary", "south", "ทดสอบ"),
    "dscp3": ("primary", "north", "เชียงใหม่"),
    "dscs1": ("secondary", "south", "สงขลา"),
    "dscw2": ("primary", "south", "ทดสอบ"),
}
# Whose figures are withheld: alpha in 2557 (it was shown in 2556), dscw2 in both years, dscp1
# in 2556 only. These are the values that vary between renderings.
WITHHELD = frozenset({("alpha", 2557), ("dscw2", 2556), ("dscw2", 2557), ("dscp1", 2556)})


@pytest.fixture
def offices(office_a: Office, office_b: Office) -> dict[str, Office]:
    Office.objects.exclude(pk__in=[office_a.pk, office_b.pk]).update(is_active=False)
    made = {"alpha": office_a, "beta": office_b}
    for number, (code, (kind, region, province)) in enumerate(PEERS.items()):
        made[code] = Office.objects.create(
            code=code,
            schema_name=f"esa_{code}",
            name_th=f"สำนักงานเปรียบเทียบ {code}",
            kind=kind,
            region=region,
            province=province,
            area_number=60 + number,
        )
    return made


def _counts_of(registry: dict[str, Indicator]) -> set[str]:
    return {str(item.people_count_code) for item in registry.values() if item.sensitive}


def _write(
    offices: dict[str, Office],
    registry: dict[str, Indicator],
    variant: str,
    varying: frozenset[tuple[str, int]] = WITHHELD,
) -> dict[tuple[str, int, str], Decimal]:
    """Every office's values for both years: shown figures the same in every variant, withheld
    ones (counts 0–4, amounts anything) drawn afresh per `variant` for the offices and years in
    `varying`. Replaces what was there."""
    IndicatorValue.objects.filter(office__in=offices.values()).delete()
    counts = _counts_of(registry)
    rows = []
    for key, office in offices.items():
        for year in YEARS:
            hidden = (key, year) in WITHHELD
            for code in sorted(registry):
                # Shown figures from a fixed seed; the varying withheld ones from the variant's.
                varies = registry[code].sensitive and (key, year) in varying
                rng = random.Random(f"{key}:{year}:{code}:{variant if varies else 0}")  # noqa: S311
                if code in counts:
                    value = Decimal(rng.randint(0, 4) if hidden else rng.randint(5, 400))
                else:
                    value = Decimal(rng.randint(1, 99_999_99)) / 100
                rows.append(
                    IndicatorValue(
                        office=office,
                        fiscal_year=year,
                        code=code,
                        value=value,
                        per_100_personnel=(value / 7).quantize(Decimal("0.0001")),
                        collected_at=COLLECTED,
                    )
                )
    IndicatorValue.objects.bulk_create(rows)
    comparison._COMPARISONS.clear()  # the data version sees no change: same times, same count
    return {(row.office.code, row.fiscal_year, row.code): row.value for row in rows}


# --- every output ---------------------------------------------------------------------------

TOKEN = re.compile(r"[A-Za-z0-9]{64}|nonce=\"[^\"]*\"")


def _page(client: Client, path: str) -> str:
    response = client.get(path)
    assert response.status_code == 200, (path, response.status_code)
    if path.endswith(".xlsx") or "export.xlsx" in path:
        book = load_workbook(io.BytesIO(response.getvalue()))
        return json.dumps(
            [[c.value for c in row] for s in book.worksheets for row in s.iter_rows()],
            default=str,
            ensure_ascii=False,
        )
    return TOKEN.sub("~", response.getvalue().decode())


def _api_pages(client: Client, path: str) -> str:
    """Every page of a listing, by its cursor links."""
    parts = []
    url: str | None = path
    while url:
        response = client.get(url)
        assert response.status_code == 200, (url, response.content[:300])
        body = response.json()
        paged = isinstance(body, dict) and "results" in body
        parts.append(
            json.dumps(body["results"] if paged else body, ensure_ascii=False, sort_keys=True)
        )
        url = body["next"] if paged else None
    return "\n".join(parts)


def _outputs(
    offices: dict[str, Office],
    registry: dict[str, Indicator],
    *,
    own_cards: list[str],
    cards_only: bool = False,
) -> dict[str, str]:
    """Every output by name. Each is rendered for every fiscal year or for 2557, the year with
    both kinds of withheld figure (this year's and last year's, behind a change); the variants
    of a page (basis, filters, peer groups) for every sensitive indicator, the plain page for
    the others (no withheld figure is theirs)."""
    central = central_client("analyst")
    with schema_context("public"):
        _, secret = api_token_create(user=User.objects.get(username="analyst"), name="probe")
    api = Client(HTTP_HOST="localhost", HTTP_AUTHORIZATION=f"Bearer {secret}")
    alpha = offices["alpha"]
    out: dict[str, str] = {}

    def add(name: str, render: Callable[[], str]) -> None:
        if not cards_only or " card " in name:
            out[name] = render()

    def variants(code: str, *extras: str) -> tuple[str, ...]:
        return ("", *extras) if registry[code].sensitive else ("",)

    for year in YEARS:
        for basis in ("value", "per_100"):
            for extra in ("", *(urlencode({g: getattr(alpha, g)}) for g in PEER_GROUPS)):
                path = f"/benchmarks/?fy={year}&basis={basis}&{extra}"
                add(path, lambda path=path: _page(central, path))
        add(f"csv {year}", lambda y=year: _page(central, f"/benchmarks/export.csv?fy={y}"))
        add(f"xlsx {year}", lambda y=year: _page(central, f"/benchmarks/export.xlsx?fy={y}"))
        path = f"/api/v1/benchmarks/values/?fiscal_year={year}&limit=37"
        add(path, lambda path=path: _api_pages(api, path))
        for code in offices:
            path = f"/api/v1/benchmarks/offices/{code}/?fiscal_year={year}"
            add(path, lambda path=path: _api_pages(api, path))
    for sort in ("personnel", *KEY_INDICATORS):
        for direction in ("asc", "desc"):
            path = f"/benchmarks/?fy=2557&sort={sort}&dir={direction}"
            add(path, lambda path=path: _page(central, path))
    for code in sorted(registry):
        for extra in variants(code, "&basis=per_100", "&office=alpha"):
            path = f"/benchmarks/indicators/{code}/?fy=2557{extra}"
            add(path, lambda path=path: _page(central, path))
        for extra in variants(code, "&basis=per_100", "&kind=primary"):
            path = f"/api/v1/benchmarks/indicators/{code}/?fiscal_year=2557{extra}"
            add(path, lambda path=path: _api_pages(api, path))
    add("indicators", lambda: _api_pages(api, "/api/v1/benchmarks/indicators/"))
    for code in offices:
        add(f"office page {code}", lambda code=code: _page(central, f"/benchmarks/offices/{code}/"))
        path = f"/api/v1/benchmarks/values/?office={code}"
        add(path, lambda path=path: _api_pages(api, path))
    for viewer in own_cards:
        client = office_client(offices[viewer], "viewer")
        for group in ("national", *PEER_GROUPS):
            for code in sorted(registry):
                if group == "national" or registry[code].sensitive:
                    path = f"/benchmarks/?fy=2557&group={group}&indicator={code}"
                    add(f"{viewer} card {path}", lambda c=client, p=path: _page(c, p))
    return out


def _differences(first: dict[str, str], second: dict[str, str]) -> list[str]:
    assert first.keys() == second.keys()
    return [name for name in first if first[name] != second[name]]


def test_no_output_changes_with_a_withheld_figure(
    registry: dict[str, Indicator], offices: dict[str, Office]
) -> None:
    """Every withheld figure drawn afresh: nothing the central site, the API, the exports or
    another office's card shows changes. The shown figures are there, the withheld are not."""
    written = _write(offices, registry, "first")
    first = _outputs(offices, registry, own_cards=["beta"])
    _write(offices, registry, "second")
    second = _outputs(offices, registry, own_cards=["beta"])
    assert _differences(first, second) == []
    assert len(first) > 100  # every output was rendered

    everything = "\n".join(first.values())
    assert not any(text in everything for text in _text(written[("alpha", 2557, AMOUNT)]))
    assert not any(text in everything for text in _text(written[("dscw2", 2557, AMOUNT)]))
    assert any(text in everything for text in _text(written[("dscp2", 2557, AMOUNT)]))
    assert "ปกปิด (น้อยกว่า 5 คน)" in everything and '"withheld": true' in everything


def test_an_offices_card_never_shows_another_offices_withheld_figure(
    registry: dict[str, Indicator], offices: dict[str, Office]
) -> None:
    """alpha's card with every group and indicator: the others' withheld figures drawn afresh
    change nothing (alpha's own stay as they are: it sees those)."""
    others = WITHHELD - {("alpha", 2557)}
    _write(offices, registry, "first", others)
    first = _outputs(offices, registry, own_cards=["alpha"], cards_only=True)
    _write(offices, registry, "second", others)
    second = _outputs(offices, registry, own_cards=["alpha"], cards_only=True)
    assert _differences(first, second) == []
    assert len(first) >= len(registry) + 3 * len(PROBES)


# --- what is shown --------------------------------------------------------------------------


def _text(value: Decimal) -> list[str]:
    """How a page, a file or the API may print `value`."""
    plain = f"{value:.2f}"
    return [f"{value:,.2f}", plain, f"{value:.4f}"]


def test_an_office_sees_its_own_withheld_figure(
    registry: dict[str, Indicator], offices: dict[str, Office]
) -> None:
    written = _write(offices, registry, "first")
    own = written[("alpha", 2557, AMOUNT)]
    card = _page(office_client(offices["alpha"], "viewer"), f"/benchmarks/?indicator={AMOUNT}")
    assert f"{own:,.2f}" in card
    other = _page(
        office_client(offices["beta"], "viewer"), f"/benchmarks/?group=national&indicator={AMOUNT}"
    )
    assert f"{own:,.2f}" not in other and "ปกปิด (น้อยกว่า 5 คน)" in other


def test_aggregates_are_over_the_shown_figures_only(
    registry: dict[str, Indicator], offices: dict[str, Office]
) -> None:
    written = _write(offices, registry, "first")
    result = comparison.indicator_comparison(code=AMOUNT, fiscal_year=2557)
    assert result is not None
    ids = {office.pk: key for key, office in offices.items()}
    assert {ids[pk] for pk in result.withheld} == {"alpha", "dscw2"}
    shown = {key: written[(key, 2557, AMOUNT)] for key in offices if key not in {"alpha", "dscw2"}}
    from central.ranking import median

    assert result.national_median == median(shown.values())
    primary_south = [shown[k] for k in ("dscp1", "dscp2")]
    assert result.peer_medians["region"]["south"] == median([*primary_south, shown["dscs1"]])
    by_key = {ids[f.office.pk]: f for f in result.figures}
    assert by_key["alpha"].value is None and by_key["alpha"].national is None
    assert all(f.national.count == len(shown) for f in result.figures if f.national)
    # dscp1 was withheld in 2556: no change shown; dscp2 has one.
    assert by_key["dscp1"].previous is None and by_key["dscp1"].change is None
    assert by_key["dscp2"].change is not None
    # alpha's own view: its figure ranked among the shown ones, the medians unchanged.
    own = comparison.indicator_comparison(code=AMOUNT, fiscal_year=2557, viewer=offices["alpha"])
    assert own is not None
    own_figure = next(f for f in own.figures if f.office.pk == offices["alpha"].pk)
    assert own_figure.value == written[("alpha", 2557, AMOUNT)] and not own_figure.withheld
    assert own_figure.national is not None and own_figure.national.count == len(shown) + 1
    assert own.national_median == result.national_median
    assert next(f for f in own.figures if f.office.code == "dscw2").value is None


def test_a_count_of_five_is_shown(
    registry: dict[str, Indicator], offices: dict[str, Office]
) -> None:
    _write(offices, registry, "first")
    IndicatorValue.objects.filter(office=offices["alpha"], code=PEOPLE).update(value=5)
    comparison._COMPARISONS.clear()
    result = comparison.indicator_comparison(code=AMOUNT, fiscal_year=2557)
    assert result is not None and offices["alpha"].pk not in result.withheld
    IndicatorValue.objects.filter(office=offices["alpha"], code=PEOPLE).update(value=4)
    comparison._COMPARISONS.clear()
    result = comparison.indicator_comparison(code=AMOUNT, fiscal_year=2557)
    assert result is not None and offices["alpha"].pk in result.withheld


def test_a_missing_people_count_withholds(
    registry: dict[str, Indicator], offices: dict[str, Office]
) -> None:
    _write(offices, registry, "first")
    IndicatorValue.objects.filter(office=offices["dscp2"], code=PEOPLE).delete()
    comparison._COMPARISONS.clear()
    result = comparison.indicator_comparison(code=AMOUNT, fiscal_year=2557)
    assert result is not None and offices["dscp2"].pk in result.withheld


# --- the declaration ------------------------------------------------------------------------


def test_a_sensitive_indicator_names_how_its_people_are_counted(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(indicators, "_registry", {})
    with pytest.raises(ValueError, match="people_count"):
        indicators.indicator("a.b", label_th="x", label_en="x", unit="x", sensitive=True)
    with pytest.raises(ValueError, match="people_count"):
        indicators.indicator("a.b", label_th="x", label_en="x", unit="x", people_count=SELF)
    indicators.indicator(
        "a.amount", label_th="x", label_en="x", unit="baht", sensitive=True, people_count="a.n"
    )(lambda year: 1)
    assert indicators.registry_problems() == ["a.amount: people_count 'a.n' is not registered"]
    indicators.indicator("a.n", label_th="x", label_en="x", unit="people")(lambda year: 1)
    assert indicators.registry_problems() == ["a.amount: people_count 'a.n' must be sensitive too"]
    assert [e.id for e in indicators.sensitive_declarations_check()] == ["krucare.E001"]
