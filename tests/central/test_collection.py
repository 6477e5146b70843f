"""Collecting the offices' indicators into the public schema: idempotent, failures isolated,
and nothing personal in any central table."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django_tenants.utils import schema_context

from central.benchmarks import Collection, IndicatorValue
from central.collection import collect_offices, office_collect
from core import indicators
from core.schemas import current_schema
from core.thai import FiscalYear
from tenants.models import Office
from tests.onestop.conftest import make_person

pytestmark = pytest.mark.django_db

FY = FiscalYear(2557)


def _values(office: Office) -> dict[str, Decimal | None]:
    return dict(
        IndicatorValue.objects.filter(office=office, fiscal_year=2557).values_list("code", "value")
    )


def test_collecting_stores_each_offices_numbers_and_twice_changes_nothing(
    office_a: Office, office_b: Office
) -> None:
    with schema_context(office_a.schema_name):
        for n in range(4):
            make_person(first_name=f"นับ{n}")
    outcomes = collect_offices([office_a.pk, office_b.pk], workers=1, fiscal_years=[FY])
    assert all(o.ok for o in outcomes), outcomes
    assert outcomes[0].changed == len(indicators.all_indicators())
    values_a, values_b = _values(office_a), _values(office_b)
    assert set(values_a) == {i.code for i in indicators.all_indicators()}
    assert values_a["people.personnel"] - values_b["people.personnel"] == 4  # type: ignore[operator]
    stamps = dict(IndicatorValue.objects.values_list("pk", "collected_at"))

    again = collect_offices([office_a.pk, office_b.pk], workers=1, fiscal_years=[FY])
    assert [o.changed for o in again] == [0, 0]
    assert dict(IndicatorValue.objects.values_list("pk", "collected_at")) == stamps
    collection = Collection.objects.get(office=office_a)
    assert collection.last_success_at is not None and collection.failures_in_a_row == 0
    assert collection.values_changed == 0


def test_per_100_personnel_is_computed_where_it_means_something(office_a: Office) -> None:
    with schema_context(office_a.schema_name):
        for n in range(3):
            make_person(first_name=f"ร้อย{n}")
    office_collect(office_id=office_a.pk, fiscal_years=[FY])
    rows = {
        row.code: row for row in IndicatorValue.objects.filter(office=office_a, fiscal_year=2557)
    }
    personnel = rows["people.personnel"].value
    assert personnel and personnel >= 3
    issued = rows["idcards.issued.teacher"]
    assert issued.per_100_personnel == (issued.value * 100 / personnel).quantize(Decimal("0.01"))  # type: ignore[operator]
    assert rows["onestop.median_service_minutes"].per_100_personnel is None


def test_a_failing_office_is_recorded_and_does_not_stop_the_others(
    office_a: Office, office_b: Office, monkeypatch: pytest.MonkeyPatch
) -> None:
    broken = indicators.indicator_get("idcards.issued.teacher")
    assert broken is not None
    real = broken.compute

    def fails_in_alpha(year: FiscalYear) -> object:
        if current_schema() == office_a.schema_name:
            raise RuntimeError("the register is being restored")
        return real(year)

    monkeypatch.setitem(
        indicators._registry,  # noqa: SLF001
        broken.code,
        indicators.Indicator(
            broken.code,
            broken.label_th,
            broken.label_en,
            broken.unit,
            fails_in_alpha,  # type: ignore[arg-type]
        ),
    )
    outcomes = {o.office_id: o for o in collect_offices([office_a.pk, office_b.pk], workers=1)}
    assert not outcomes[office_a.pk].ok
    assert "the register is being restored" in outcomes[office_a.pk].error
    assert outcomes[office_b.pk].ok
    failed = Collection.objects.get(office=office_a)
    assert failed.failures_in_a_row == 1 and failed.last_success_at is None
    assert "RuntimeError" in failed.last_error
    assert not IndicatorValue.objects.filter(office=office_a).exists()
    assert IndicatorValue.objects.filter(office=office_b).exists()
    # Mended: the next collection succeeds and clears the error.
    monkeypatch.setitem(indicators._registry, broken.code, broken)  # noqa: SLF001
    office_collect(office_id=office_a.pk)
    mended = Collection.objects.get(office=office_a)
    assert (mended.failures_in_a_row, mended.last_error) == (0, "")


PERSONAL = ("national_id", "name", "birth", "salary", "phone", "address", "email", "title")
# Names of institutions, not of people: the banks, their loan programmes and forms' titles.
INSTITUTIONAL = {
    ("central_bank", "name_th"),
    ("central_loanprogramme", "name_th"),
    ("central_bankformtemplate", "title_th"),
}


def test_no_central_table_has_a_column_for_personal_data() -> None:
    from django.apps import apps

    tables = [model._meta.db_table for model in apps.get_app_config("central").get_models()]
    assert {"central_indicatorvalue", "central_collection"} <= set(tables)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT table_name, column_name FROM information_schema.columns "
            "WHERE table_schema = 'public' AND table_name = ANY(%s)",
            [tables],
        )
        columns = cursor.fetchall()
    assert columns
    personal = [
        (t, c)
        for t, c in columns
        if any(word in c for word in PERSONAL) and (t, c) not in INSTITUTIONAL
    ]
    assert personal == []


def test_collect_indicators_command(office_a: Office) -> None:
    call_command(
        "collect_indicators", "--office", "alpha", "--fiscal-year", "2557", "--workers", "1"
    )
    assert IndicatorValue.objects.filter(office=office_a, fiscal_year=2557).exists()
    with pytest.raises(CommandError):
        call_command("collect_indicators", "--office", "nosuch")
