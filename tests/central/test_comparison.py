"""Offices compared on collected values: ranks, medians and peer groups by kind, region and
province (offices are rows only here: no schema is needed to compare numbers)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from django.utils import timezone

from central.benchmarks import IndicatorValue
from central.comparison import all_comparisons, indicator_comparison, office_card
from tenants.models import Office

pytestmark = pytest.mark.django_db

CODE = "idcards.issued.teacher"


_areas = iter(range(50, 100))


def _office(code: str, kind: str, region: str, province: str) -> Office:
    return Office.objects.create(
        code=code,
        schema_name=f"esa_{code}",
        name_th=code,
        kind=kind,
        region=region,
        province=province,
        area_number=next(_areas),
    )


def _value(office: Office, value: str | None, year: int = 2557, code: str = CODE) -> None:
    IndicatorValue.objects.create(
        office=office,
        fiscal_year=year,
        code=code,
        value=None if value is None else Decimal(value),
        collected_at=timezone.now(),
    )


@pytest.fixture
def offices(db: None) -> dict[str, Office]:
    Office.objects.update(is_active=False)  # only the offices below are compared
    made = {
        "p1": _office("cmpp1", "primary", "south", "พัทลุง"),
        "p2": _office("cmpp2", "primary", "south", "พัทลุง"),
        "p3": _office("cmpp3", "primary", "north", "เชียงใหม่"),
        "s1": _office("cmps1", "secondary", "south", "สงขลา"),
        "s2": _office("cmps2", "secondary", "north", "เชียงใหม่"),
    }
    for key, value in {"p1": "10", "p2": "20", "p3": "20", "s1": "40", "s2": None}.items():
        _value(made[key], value)
    _value(made["p1"], "8", year=2556)
    return made


def test_national_ranks_medians_and_change(offices: dict[str, Office]) -> None:
    comparison = indicator_comparison(code=CODE, fiscal_year=2557)
    assert comparison is not None
    by_code = {f.office.code: f for f in comparison.figures}
    assert [f.office.code for f in comparison.figures] == [
        "cmps1",
        "cmpp2",
        "cmpp3",
        "cmpp1",
        "cmps2",
    ]
    assert by_code["cmps1"].national is not None and by_code["cmps1"].national.rank == 1
    assert by_code["cmpp2"].national.rank == by_code["cmpp3"].national.rank == 2  # type: ignore[union-attr]
    assert by_code["cmps2"].national is None  # no value: not ranked
    assert comparison.national_median == Decimal("20")
    assert by_code["cmpp1"].change == Decimal("2") and by_code["cmpp2"].change is None


def test_peer_groups_by_kind_region_and_province(offices: dict[str, Office]) -> None:
    comparison = indicator_comparison(code=CODE, fiscal_year=2557)
    assert comparison is not None
    assert comparison.peer_medians["kind"] == {"primary": Decimal("20"), "secondary": Decimal("40")}
    assert comparison.peer_medians["region"]["south"] == Decimal("20")  # 10, 20, 40
    assert comparison.peer_medians["province"]["พัทลุง"] == Decimal("15")
    by_code = {f.office.code: f for f in comparison.figures}
    assert by_code["cmps1"].peers["kind"].rank == 1 and by_code["cmps1"].peers["kind"].count == 1
    assert by_code["cmpp1"].peers["kind"].rank == 3
    assert by_code["cmpp1"].peers["province"].rank == 2


def test_the_office_card_holds_aggregates_and_its_own_values_only(
    offices: dict[str, Office],
) -> None:
    card = office_card(office=offices["p1"], fiscal_years=[2557])
    line = next(line for line in card[2557] if line.indicator.code == CODE)
    assert line.value == Decimal("10") and line.previous == Decimal("8")
    assert line.national_median == Decimal("20") and line.peer_median == Decimal("20")
    assert line.national is not None and line.national.rank == 4
    assert line.peer is not None and (line.peer.rank, line.peer.count) == (3, 3)
    fields = set(vars(line))
    assert not {"office", "offices", "figures"} & fields


def test_every_indicator_is_compared(offices: dict[str, Office]) -> None:
    comparisons = all_comparisons(fiscal_year=2557)
    codes = [c.indicator.code for c in comparisons]
    assert CODE in codes and "reimbursements.medical.paid.teacher" in codes
    assert indicator_comparison(code="no.such.code", fiscal_year=2557) is None


def test_the_office_card_from_the_comparisons_equals_the_card_computed_afresh(
    offices: dict[str, Office], monkeypatch: pytest.MonkeyPatch
) -> None:
    """`office_card` reads the comparisons kept per data version (issue 21: recomputing every
    office's ranks for each card grew with the number of offices); line for line it must equal
    the card computed from the collected values, for every office, peer group and reader, with
    withheld figures among them (sensitive indicators with fewer than MIN_PEOPLE people)."""
    import random

    from central.comparison import _office_card_computed
    from core import indicators as registry
    from core.indicators import SELF, Indicator, all_indicators

    def probe(code: str, counted_by: str, **options: Any) -> Indicator:
        return Indicator(
            code, code, code, "people", lambda year: None, sensitive=True,
            people_count=counted_by, **options,
        )  # fmt: skip

    probes = [
        probe("probe.card.people", SELF),
        probe("probe.card.amount", "probe.card.people", per_personnel=True),
        probe("probe.card.minutes", "probe.card.people", higher_is_better=False),
    ]
    monkeypatch.setattr(
        registry, "_registry", {**registry._registry, **{p.code: p for p in probes}}
    )
    rng = random.Random(21)  # noqa: S311 (test data)
    more = {f"q{n}": _office(f"cmpq{n}", *kind) for n, kind in enumerate(
        [("primary", "south", "พัทลุง"), ("secondary", "north", "เชียงใหม่"),
         ("primary", "north", "น่าน"), ("secondary", "south", "สงขลา")] * 3
    )}  # fmt: skip
    everyone = {**offices, **more}
    IndicatorValue.objects.filter(office__in=everyone.values()).delete()
    indicators = all_indicators()
    counts = {str(i.people_count_code) for i in indicators if i.sensitive}
    for office in everyone.values():
        for year in (2555, 2556, 2557):
            for item in indicators:
                if rng.random() < 0.1:
                    continue  # not collected
                if item.code in counts:
                    value: str | None = str(rng.randint(0, 9))  # often below MIN_PEOPLE
                else:
                    value = None if rng.random() < 0.1 else str(rng.randint(0, 500))
                _value(office, value, year=year, code=item.code)
    assert any(i.sensitive for i in indicators), "no sensitive indicator to withhold"
    for office in everyone.values():
        for group in ("kind", "region", "province"):
            for reveal_own in (False, True):
                kwargs = {
                    "office": office,
                    "fiscal_years": [2556, 2557],
                    "group": group,
                    "reveal_own": reveal_own,
                }
                assert office_card(**kwargs) == _office_card_computed(**kwargs), (  # type: ignore[arg-type]
                    office.code,
                    group,
                    reveal_own,
                )
