"""The register's numbers for the benchmarks, counted as at each fiscal year's last day."""

from __future__ import annotations

from datetime import date

import pytest

from apps.people import indicators
from apps.people.models import Person
from core import indicators as registry
from core.indicators import compute_all
from core.thai import FiscalYear
from tests.people.factories import make_person

FY2557, FY2558 = FiscalYear(2557), FiscalYear(2558)  # ends 30 Sep 2014, 30 Sep 2015


def test_personnel_and_pensioners_as_at_each_fiscal_year_s_end(in_alpha: object) -> None:
    base = (indicators.personnel(FY2557), indicators.personnel(FY2558))
    pensioners = (indicators.pensioners(FY2557), indicators.pensioners(FY2558))
    make_person()  # in service
    left = make_person()
    Person.objects.filter(pk=left.pk).update(status="retired", status_date=date(2015, 3, 31))
    gone = make_person(category="pensioner")
    Person.objects.filter(pk=gone.pk).update(status="deceased", status_date=date(2015, 1, 10))
    retired = make_person(category="pensioner")
    Person.objects.filter(pk=retired.pk).update(status="retired", status_date=date(2010, 9, 30))

    # The teacher who retired in March 2015 served through FY 2557, not to the end of 2558.
    assert indicators.personnel(FY2557) - base[0] == 2
    assert indicators.personnel(FY2558) - base[1] == 1
    # The pensioner who died in January 2015 was a living pensioner at the end of FY 2557.
    assert indicators.pensioners(FY2557) - pensioners[0] == 2
    assert indicators.pensioners(FY2558) - pensioners[1] == 1


def test_both_are_counted_by_one_query_while_collected(
    in_alpha: object, monkeypatch: pytest.MonkeyPatch, django_assert_num_queries: object
) -> None:
    make_person()
    make_person(category="pensioner", status="retired")
    alone = (indicators.personnel(FY2557), indicators.pensioners(FY2557))
    only_register = {
        code: item
        for code, item in registry._registry.items()  # noqa: SLF001
        if code.startswith("people.")
    }
    monkeypatch.setattr(registry, "_registry", only_register)
    with django_assert_num_queries(1):  # type: ignore[operator]
        values = compute_all(FY2557)
    assert (values["people.personnel"], values["people.pensioners"]) == alone
    assert min(alone) >= 1
