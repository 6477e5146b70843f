"""`core.indicators.shared`: a module's summary computed once per `compute_all`, in one office's
schema, and never kept beyond it."""

from __future__ import annotations

import pytest
from django.db import connection
from django_tenants.utils import schema_context

from core import indicators
from core.indicators import compute_all, indicator, shared
from core.thai import FiscalYear
from tenants.models import Office

pytestmark = pytest.mark.django_db

FY = FiscalYear(2557)


@pytest.fixture
def counted(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, int]]:
    """Two indicators reading one shared summary, which notes each time it really runs."""
    calls: list[tuple[str, int]] = []

    @shared
    def summary(fiscal_year: FiscalYear) -> dict[str, int]:
        calls.append((connection.schema_name, fiscal_year.be_year))
        return {"a": 1, "b": 2}

    monkeypatch.setattr(indicators, "_registry", dict(indicators._registry))  # noqa: SLF001
    for code in ("test.shared.a", "test.shared.b"):
        key = code.rsplit(".", 1)[1]
        indicator(code, label_th=code, label_en=code, unit="times")(
            lambda year, key=key: summary(year)[key]
        )
    monkeypatch.setattr(indicators, "summary_for_test", summary, raising=False)
    return calls


def test_a_shared_summary_runs_once_per_compute_all(
    counted: list[tuple[str, int]], office_a: Office
) -> None:
    with schema_context(office_a.schema_name):
        values = compute_all(FY)
        assert (values["test.shared.a"], values["test.shared.b"]) == (1, 2)
        assert counted == [(office_a.schema_name, 2557)]
        compute_all(FY)  # a new collection computes it again: nothing is kept between them
        assert len(counted) == 2


def test_outside_compute_all_it_is_a_plain_call(counted: list[tuple[str, int]]) -> None:
    summary = indicators.summary_for_test  # type: ignore[attr-defined]
    summary(FY)
    summary(FY)
    assert len(counted) == 2


def test_each_office_computes_its_own(
    counted: list[tuple[str, int]], office_a: Office, office_b: Office
) -> None:
    for office in (office_a, office_b):
        with schema_context(office.schema_name):
            compute_all(FY)
    assert counted == [(office_a.schema_name, 2557), (office_b.schema_name, 2557)]


def test_kept_results_are_dropped_when_compute_all_fails(
    counted: list[tuple[str, int]], office_a: Office, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(year: FiscalYear) -> int:
        raise RuntimeError("register unreadable")

    indicator("test.shared.zz_broken", label_th="x", label_en="x", unit="times")(broken)
    with schema_context(office_a.schema_name), pytest.raises(RuntimeError):
        compute_all(FY)
    assert indicators._shared_results.get() is None  # noqa: SLF001
    summary = indicators.summary_for_test  # type: ignore[attr-defined]
    summary(FY)
    assert len(counted) == 2
