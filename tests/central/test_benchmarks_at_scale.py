"""The central benchmarks as they hold with thousands of offices (issue 21): the data version
moved on by the database, pages of offices, a histogram instead of thousands of dots, and the
exports kept as files per data version."""

from __future__ import annotations

import csv
import io
import re
from decimal import Decimal
from pathlib import Path

import pytest
from django.db import connection, transaction
from django.test import override_settings
from django.utils import timezone, translation

from central import exports
from central.benchmark_views import PAGE_SIZE
from central.benchmarks import IndicatorValue
from central.charts import MAX_DOTS, Point, distribution_chart
from central.collection import _upsert  # noqa: PLC2701 (the collection's own write)
from central.comparison import data_version
from central.tasks import prepare_exports_task
from tenants.models import Office
from tests.conftest import central_client

pytestmark = pytest.mark.django_db

CARDS = "idcards.issued.teacher"
PERSONNEL = "people.personnel"
FY = 2557


def _offices(count: int) -> list[Office]:
    """`count` active offices (the session's set aside), office n with n + 1 cards."""
    Office.objects.update(is_active=False)
    made = Office.objects.bulk_create(
        Office(
            code=f"sc{n:04d}",
            schema_name=f"esa_sc{n:04d}",
            name_th=f"สำนักงานทดสอบขนาด {n:04d}",
            kind="primary" if n % 2 else "secondary",
            region="south",
            province=f"จังหวัดขนาด{n % 7}",
            area_number=1000 + n,
        )
        for n in range(count)
    )
    now = timezone.now()
    IndicatorValue.objects.bulk_create(
        IndicatorValue(
            office=office, fiscal_year=FY, code=code, value=Decimal(value), collected_at=now
        )
        for n, office in enumerate(made)
        for code, value in ((CARDS, n + 1), (PERSONNEL, 100))
    )
    return made


def _body(response: object) -> str:
    return response.content.decode()  # type: ignore[attr-defined]


# ---- The data version ---------------------------------------------------------------------


def test_every_change_to_values_or_offices_moves_the_version_on(
    office_a: Office,
) -> None:
    steps = [data_version()]
    value = IndicatorValue.objects.create(
        office=office_a, fiscal_year=FY, code=CARDS, value=1, collected_at=timezone.now()
    )
    steps.append(data_version())
    IndicatorValue.objects.filter(pk=value.pk).update(value=2)
    steps.append(data_version())
    Office.objects.filter(pk=office_a.pk).update(name_th="ชื่อใหม่")
    steps.append(data_version())
    IndicatorValue.objects.filter(pk=value.pk).delete()
    steps.append(data_version())
    assert len(set(steps)) == len(steps), steps


def test_a_collection_that_changes_nothing_keeps_the_version(office_a: Office) -> None:
    at = timezone.now()
    values = {FY: {CARDS: Decimal(3), PERSONNEL: Decimal(50)}}
    assert _upsert(office_a, values, at) == 2
    before = data_version()
    assert _upsert(office_a, values, at) == 0
    assert data_version() == before
    IndicatorValue.objects.filter(code="no.such.code").delete()  # a statement touching no row
    assert data_version() == before


def test_a_rolled_back_change_never_gives_its_number_again(office_a: Office) -> None:
    before = data_version()
    with pytest.raises(RuntimeError), transaction.atomic():
        IndicatorValue.objects.create(
            office=office_a, fiscal_year=FY, code=CARDS, value=7, collected_at=timezone.now()
        )
        rolled_back = data_version()
        raise RuntimeError
    assert data_version() == before
    IndicatorValue.objects.create(
        office=office_a, fiscal_year=FY, code=CARDS, value=8, collected_at=timezone.now()
    )
    assert data_version() not in {before, rolled_back}


# ---- Pages of offices ---------------------------------------------------------------------


def _names(body: str) -> list[str]:
    return re.findall(r"สำนักงานทดสอบขนาด (\d{4})", body)


def test_the_table_shows_a_page_of_offices_sorted_over_all_of_them(db: None) -> None:
    _offices(PAGE_SIZE + 30)
    client = central_client("analyst")
    first = _body(client.get(f"/benchmarks/?fy={FY}&sort={CARDS}&dir=desc"))
    shown = _names(first)
    # The most cards first: office 129 (130 cards) down to office 30, PAGE_SIZE of them.
    assert shown[0] == f"{PAGE_SIZE + 29:04d}" and len(set(shown)) == PAGE_SIZE
    assert f"{PAGE_SIZE + 30}" in first  # the count of offices compared
    second = _body(client.get(f"/benchmarks/?fy={FY}&sort={CARDS}&dir=desc&page=2"))
    assert sorted(set(_names(second))) == [f"{n:04d}" for n in range(30)]
    assert 'rel="prev"' in second and 'rel="next"' not in second
    # The pages' links keep the sort.
    assert f"sort={CARDS}" in first.split('rel="next"')[0].rsplit("href=", 1)[1]


def test_the_table_finds_an_office_by_name_or_code(db: None) -> None:
    _offices(PAGE_SIZE + 30)
    client = central_client("analyst")
    found = _body(client.get(f"/benchmarks/?fy={FY}&q=0117"))
    assert set(_names(found)) == {"0117"}
    assert set(_names(_body(client.get(f"/benchmarks/?fy={FY}&q=SC0042")))) == {"0042"}
    nothing = client.get(f"/benchmarks/?fy={FY}&q=ไม่มีสำนักงานนี้")
    assert nothing.status_code == 200 and _names(_body(nothing)) == []


@pytest.mark.parametrize("page", ["0", "-1", "x", "99999", "1e3"])
def test_any_page_number_answers_a_page(db: None, page: str) -> None:
    _offices(PAGE_SIZE + 5)
    response = central_client("analyst").get(f"/benchmarks/?fy={FY}&page={page}")
    assert response.status_code == 200 and _names(_body(response))


def test_the_ranked_list_opens_on_the_page_of_the_marked_office(db: None) -> None:
    _offices(PAGE_SIZE + 30)
    client = central_client("analyst")
    plain = _body(client.get(f"/benchmarks/indicators/{CARDS}/?fy={FY}"))
    assert "sc0005" not in plain.split('id="ranked"')[1]  # rank 125: on page 2
    marked = _body(client.get(f"/benchmarks/indicators/{CARDS}/?fy={FY}&office=sc0005"))
    ranked = marked.split('id="ranked"')[1]
    assert "bm-highlight" in ranked and "สำนักงานทดสอบขนาด 0005" in ranked
    assert f"{PAGE_SIZE + 30}" in marked  # offices with a value, of all


def test_thousands_of_offices_are_drawn_as_a_histogram() -> None:
    many = [Point(f"o{n}", f"office {n}", Decimal(n % 400)) for n in range(MAX_DOTS + 1)]
    few = many[:MAX_DOTS]
    drawn_many = str(distribution_chart(many, unit="cards", median=Decimal(200)))
    drawn_few = str(distribution_chart(few, unit="cards", median=Decimal(200)))
    # A dot per office when they are few: each office's name is in the chart.
    assert "office 17" in drawn_few
    assert "office 17" not in drawn_many
    assert len(drawn_many) < len(drawn_few) / 3


# ---- Exports kept per data version ----------------------------------------------------------


@pytest.fixture
def export_folder(tmp_path: Path) -> Path:
    with override_settings(MEDIA_ROOT=tmp_path):
        yield tmp_path


def test_an_export_is_rendered_once_per_data_version(
    db: None, export_folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    offices = _offices(3)
    rendered: list[tuple[int, str]] = []
    real = exports.render

    def counting(fiscal_year: int | None, kind: exports.Kind) -> bytes:
        rendered.append((fiscal_year, kind))
        return real(fiscal_year, kind)

    monkeypatch.setattr(exports, "render", counting)
    client = central_client("analyst")

    def rows() -> list[list[str]]:
        response = client.get(f"/benchmarks/export.csv?fy={FY}")
        assert response.status_code == 200
        assert response["Content-Disposition"].endswith(f'krucare-benchmarks-{FY}.csv"')
        text = b"".join(response.streaming_content).decode("utf-8-sig")  # type: ignore[attr-defined]
        return list(csv.reader(io.StringIO(text)))

    first = rows()
    assert rows() == first and len(rendered) == 1
    cards = [row for row in first[1:] if row[6] == CARDS]
    assert sorted(row[9] for row in cards) == ["1", "2", "3"]

    # A value changes: the next download is rendered again and shows it; the old file is gone.
    IndicatorValue.objects.filter(office=offices[0], code=CARDS).update(value=50)
    again = rows()
    assert len(rendered) == 2
    assert "50" in [row[9] for row in again[1:] if row[6] == CARDS]
    kept = list((export_folder / "public" / exports.FOLDER).glob("benchmarks-*"))
    assert len(kept) == 1


def test_each_language_has_its_own_file(db: None, export_folder: Path) -> None:
    _offices(2)
    with translation.override("th"):
        thai = exports.export_file(FY, "csv").read_text("utf-8-sig")
    with translation.override("en"):
        english = exports.export_file(FY, "csv").read_text("utf-8-sig")
    assert thai.splitlines()[0] != english.splitlines()[0]
    assert "Office code" in english.splitlines()[0]


def test_the_task_renders_the_default_years_exports_before_anyone_asks(
    db: None, export_folder: Path
) -> None:
    _offices(2)
    assert prepare_exports_task() == 4  # CSV and XLSX, in Thai and in English
    assert prepare_exports_task() == 0
    names = sorted(p.name for p in (export_folder / "public" / exports.FOLDER).iterdir())
    assert [n.split("-v")[0] + "." + n.rsplit(".", 1)[1] for n in names] == [
        f"benchmarks-{FY}-en.csv",
        f"benchmarks-{FY}-en.xlsx",
        f"benchmarks-{FY}-th.csv",
        f"benchmarks-{FY}-th.xlsx",
    ]


def test_no_half_written_file_is_left_when_rendering_fails(
    db: None, export_folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _offices(2)

    def broken(fiscal_year: int | None, kind: exports.Kind) -> bytes:
        raise RuntimeError("disk full")

    monkeypatch.setattr(exports, "render", broken)
    with pytest.raises(RuntimeError):
        exports.export_file(FY, "csv")
    folder = export_folder / "public" / exports.FOLDER
    assert not list(folder.iterdir())
    assert connection.schema_name == "public"
