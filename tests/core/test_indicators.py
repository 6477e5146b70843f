from __future__ import annotations

import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from core import indicators
from core.thai import FiscalYear

pytestmark = pytest.mark.django_db


@pytest.fixture
def registry(monkeypatch: pytest.MonkeyPatch) -> dict[str, indicators.Indicator]:
    """A registry of the test's own, so the real modules' indicators don't interfere."""
    fresh: dict[str, indicators.Indicator] = {}
    monkeypatch.setattr(indicators, "_registry", fresh)
    return fresh


def test_codes_must_be_dotted_lower_case(registry: dict[str, object]) -> None:
    for bad in ["Idcards.issued", "idcards", "idcards..x", "idcards.issued-teacher"]:
        with pytest.raises(ValueError, match="dotted lower case"):
            indicators.indicator(bad, label_th="x", label_en="x", unit="x")


def test_a_code_cannot_be_registered_twice(registry: dict[str, object]) -> None:
    indicators.indicator("a.b", label_th="x", label_en="x", unit="x")(lambda year: 1)
    with pytest.raises(ValueError, match="registered twice"):
        indicators.indicator("a.b", label_th="x", label_en="x", unit="x")(lambda year: 2)


def test_indicators_command_prints_code_tab_value_in_the_offices_schema(
    registry: dict[str, object], office_a: object
) -> None:
    from django.db import connection

    seen: list[tuple[str, int]] = []

    def schema_and_year(year: FiscalYear) -> int:
        seen.append((connection.schema_name, year.be_year))
        return 7

    indicators.indicator("test.seven", label_th="เจ็ด", label_en="Seven", unit="x")(schema_and_year)
    out = StringIO()
    call_command("indicators", "alpha", "--fiscal-year", "2557", stdout=out)
    assert out.getvalue() == "test.seven\t7\n"
    assert seen == [("esa_alpha", 2557)]

    out = StringIO()
    call_command("indicators", "alpha", "--fiscal-year", "2557", "--json", stdout=out)
    assert json.loads(out.getvalue()) == {
        "office": "alpha",
        "fiscal_year": 2557,
        "indicators": {"test.seven": 7},
    }


def test_indicators_command_refuses_an_unknown_office_or_a_ce_year(
    registry: dict[str, object], office_a: object
) -> None:
    with pytest.raises(CommandError, match="No office"):
        call_command("indicators", "nosuch", "--fiscal-year", "2557")
    with pytest.raises(CommandError):
        call_command("indicators", "alpha", "--fiscal-year", "2014")
