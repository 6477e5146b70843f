"""`collect_offices` with several workers runs them as processes (as production's prefork Celery
workers are), each on its own connection: the outcomes come back in the offices' order, a
broken office fails alone, and what is stored is exactly what one process stores.

And `compute_all`, which lets a module's indicators share one summary per year
(`core.indicators.shared`), gives every indicator the value it has when computed alone.

The offices here are committed (the processes are other database sessions) and removed after.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from django.db import connection
from django_tenants.utils import schema_context

from central import collection
from central.benchmarks import Collection, IndicatorValue
from central.collection import collect_offices, years_to_collect
from core.indicators import all_indicators, compute_all
from devdata.synthetic import synthesize_offices
from tenants import routing
from tenants.models import Domain, Office
from tenants.services import office_create

PREFIX = "psyn"
BROKEN = "pbroken"


@dataclass
class Offices:
    good: list[int]
    broken: int

    @property
    def all(self) -> list[int]:
        return [*self.good, self.broken]


def _drop() -> None:
    connection.set_schema_to_public()
    codes = [BROKEN, *Office.objects.filter(code__startswith=PREFIX).values_list("code", flat=True)]
    with connection.cursor() as cursor:
        for code in codes:
            cursor.execute(f'DROP SCHEMA IF EXISTS "esa_{code}" CASCADE')
    Domain.objects.filter(tenant__code__in=codes).delete()
    Office.objects.filter(code__in=codes).delete()
    routing.invalidate()


def _forget(ids: list[int]) -> None:
    IndicatorValue.objects.filter(office_id__in=ids).delete()
    Collection.objects.filter(office_id__in=ids).delete()


def _stored(ids: list[int]) -> dict[tuple[int, int, str], tuple[Decimal | None, Decimal | None]]:
    return {
        (row.office_id, row.fiscal_year, row.code): (row.value, row.per_100_personnel)
        for row in IndicatorValue.objects.filter(office_id__in=ids)
    }


@pytest.fixture(scope="module")
def offices(django_db_setup: None, django_db_blocker: Any) -> Iterator[Offices]:
    with django_db_blocker.unblock():
        _drop()
        synthesize_offices(count=3, years=2, prefix=PREFIX, seed=11, people_scale=0.1)
        broken = office_create(
            code=BROKEN,
            name_th="สำนักงานเขตพื้นที่การศึกษาที่ไม่มีข้อมูล",
            kind="primary",
            province="ทดสอบกระบวนการ",
            region="east",
            area_number=1,
        )
        with connection.cursor() as cursor:
            cursor.execute(f'DROP SCHEMA "{broken.schema_name}" CASCADE')
        good = list(
            Office.objects.filter(code__startswith=PREFIX)
            .order_by("code")
            .values_list("pk", flat=True)
        )
        try:
            yield Offices(good, broken.pk)
        finally:
            _forget([*good, broken.pk])
            _drop()


def test_workers_are_processes_and_store_what_one_process_stores(
    offices: Offices, django_db_blocker: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    ids = offices.all
    with django_db_blocker.unblock():
        _forget(ids)
        alone = collect_offices(ids, workers=1)
        single = _stored(ids)
        _forget(ids)

        # Which process collected each office (the processes are forked: they inherit this).
        pids = tmp_path / "pids"
        real = collection.office_collect

        def noting(**kwargs: Any) -> int:
            with pids.open("a") as out:
                out.write(f"{os.getpid()}\n")
            return real(**kwargs)

        monkeypatch.setattr(collection, "office_collect", noting)
        together = collect_offices(ids, workers=2)

        assert [o.office_id for o in together] == ids
        assert [o.ok for o in together] == [True] * len(offices.good) + [False]
        assert [o.ok for o in alone] == [o.ok for o in together]
        assert "does not exist" in together[-1].error
        assert _stored(ids) == single and single
        seen = set(pids.read_text().split())
        assert len(seen) == 2 and str(os.getpid()) not in seen
        # This process's own connection still works after the others were started.
        assert Office.objects.filter(pk__in=ids).count() == len(ids)
        assert Collection.objects.get(office_id=offices.broken).failures_in_a_row == 1


def test_shared_summaries_give_every_indicator_its_value_alone(
    offices: Offices, django_db_blocker: Any
) -> None:
    with django_db_blocker.unblock():
        for office in Office.objects.filter(pk__in=offices.good):
            with schema_context(office.schema_name):
                for year in years_to_collect():
                    together = compute_all(year)
                    alone = {item.code: item.compute(year) for item in all_indicators()}
                    assert together == alone, office.code
                    assert any(together.values())
