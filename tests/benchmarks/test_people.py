"""Benchmark: the register of people at the size of a real office (issue 3's figures).

1. The people list page (`/people/`) with 5,000 people in the office, server time through
   Django's test client (the whole middleware stack, template rendering included): the first
   page, a Thai name search, a national ID fragment, a filter, and a page deep in the list.
   Goal: under 100 ms.
2. Importing 5,000 people with families (one XLSX, ~7,500 family rows): the dry run, the
   confirmation, and the re-import of the same file (which changes nothing). Goal: under 30 s.

Each runs in a throw-away office (`bxpeople…`), created through `office_create` and dropped at
the end, committed and outside any test transaction. Nothing here asserts on time.
"""

from __future__ import annotations

import io
import random
from collections.abc import Iterator
from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django_tenants.utils import schema_context
from openpyxl import Workbook

from accounts.models import User
from accounts.services import user_create
from apps.people import importing
from apps.people.models import FamilyMember, Person, School
from tenants.models import Office
from tenants.services import office_create
from tests.benchmarks._report import (
    SUMMARY_HEADERS,
    Summary,
    Timer,
    fmt_seconds,
    print_table,
    record,
    record_summary,
    summary_row,
)
from tests.benchmarks.conftest import drop_bench_leftovers
from tests.people.factories import national_id

pytestmark = pytest.mark.benchmark

PEOPLE = 5_000
SCHOOLS = 120
REPEATS = 30
WARMUP = 3
PREFIX = "bxpeople"

FIRST_NAMES = ["สมชาย", "สมหญิง", "กมล", "ประเสริฐ", "วิไลวรรณ", "สุนทร", "อรุณี", "ธนพล", "จันทร์เพ็ญ"]
LAST_NAMES = ["ใจดี", "รักเรียน", "ศรีสุข", "มั่นคง", "บุญมา", "แก้วมณี", "ทองดี", "สุขสวัสดิ์"]
CATEGORIES = ["teacher"] * 6 + ["education_personnel", "government_employee", "pensioner"]


def _office(code: str) -> Office:
    office = office_create(
        code=code,
        name_th=f"สำนักงานเขตทดสอบทะเบียนบุคลากร {code}",
        name_en=f"People benchmark {code}",
        kind="primary",
        province=f"จังหวัดทดสอบ {code}",
        region="south",
        area_number=1,
    )
    with schema_context(office.schema_name):
        user_create(username="officer", password=None, roles=["welfare_officer"])
    return office


@pytest.fixture
def throwaway(django_db_setup: None, django_db_blocker: Any) -> Iterator[Any]:
    with django_db_blocker.unblock():
        drop_bench_leftovers((PREFIX,))
        try:
            yield _office
        finally:
            connection.set_schema_to_public()
            drop_bench_leftovers((PREFIX,))


def _people(rng: random.Random, schools: list[School]) -> list[Person]:
    return [
        Person(
            national_id=national_id(seed=1_000_000 + n),
            title=rng.choice(["นาย", "นาง", "นางสาว"]),
            first_name_th=rng.choice(FIRST_NAMES) + str(n),
            last_name_th=rng.choice(LAST_NAMES),
            first_name_en=f"Name{n}",
            last_name_en="Surname",
            birth_date=date(1960 + n % 40, 1 + n % 12, 1 + n % 28),
            category=rng.choice(CATEGORIES),
            position="ครู",
            school=schools[n % len(schools)] if n % 10 else None,
            monthly_salary=Decimal(20_000 + n % 40_000),
        )
        for n in range(PEOPLE)
    ]


def _time_get(client: Client, path: str) -> Summary:
    for _ in range(WARMUP):
        assert client.get(path).status_code == 200
    seconds = []
    for _ in range(REPEATS):
        with Timer() as timer:
            response = client.get(path)
        assert response.status_code == 200
        seconds.append(timer.seconds)
    return Summary.of(seconds)


def test_people_list_with_5000_people(throwaway: Any) -> None:
    office = throwaway(f"{PREFIX}list")
    rng = random.Random(3)
    with schema_context(office.schema_name):
        schools = School.objects.bulk_create(
            School(code=f"9302{n:04d}", name_th=f"โรงเรียนบ้านทดสอบ {n}") for n in range(SCHOOLS)
        )
        Person.objects.bulk_create(_people(rng, schools), batch_size=1000)
        assert Person.objects.count() == PEOPLE
        officer = User.objects.get(username="officer")
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE people_person")
    client = Client(HTTP_HOST=f"{office.code}.localhost")
    with schema_context(office.schema_name):  # the session lives in the office's schema
        client.force_login(officer)
    some_school = schools[7].pk
    cases = {
        "first page": "/people/",
        "Thai name fragment (สมหญิง)": "/people/?q=สมหญิง",
        "two words, any order (ใจดี สม)": "/people/?q=ใจดี+สม",
        "national ID fragment (10000)": "/people/?q=1-0000",
        "filter: school + category": f"/people/?school={some_school}&category=teacher",
        "page 60 of 100": "/people/?page=60",
        "live search (htmx rows only)": "/people/?q=กมล",
    }
    rows, headers = [], [*SUMMARY_HEADERS, "goal"]
    for label, path in cases.items():
        if label.startswith("live"):
            client.defaults["HTTP_HX_REQUEST"] = "true"
        summary = _time_get(client, path)
        client.defaults.pop("HTTP_HX_REQUEST", None)
        rows.append(summary_row(label, summary, "< 100 ms"))
        record_summary("people_list", label, summary, people=PEOPLE, path=path)
    print_table(f"People list page, {PEOPLE:,} people (server time per request)", headers, rows)


def _import_file(rng: random.Random, school_codes: list[str]) -> tuple[bytes, int]:
    book = Workbook()
    people = book.worksheets[0]
    people.title = "people"
    family = book.create_sheet("family")
    people.append([c.heading for c in importing.PEOPLE_COLUMNS])
    family.append([c.heading for c in importing.FAMILY_COLUMNS])
    family_rows = 0
    people_keys = [c.key for c in importing.PEOPLE_COLUMNS]
    family_keys = [c.key for c in importing.FAMILY_COLUMNS]
    for n in range(PEOPLE):
        nid = national_id(seed=2_000_000 + n)
        values = {
            "national_id": nid,
            "title": "นาย",
            "first_name_th": rng.choice(FIRST_NAMES),
            "last_name_th": rng.choice(LAST_NAMES),
            "birth_date": f"{1 + n % 28:02d}/{1 + n % 12:02d}/{2505 + n % 35}",
            "category": "ข้าราชการครู",
            "position": "ครู",
            "school_code": school_codes[n % len(school_codes)],
            "monthly_salary": f"{25_000 + n % 30_000:,}.00",
        }
        people.append([values.get(k, "") for k in people_keys])
        members = []
        if n % 2 == 0:
            members.append({"relation": "คู่สมรส", "title": "นาง", "first_name_th": "คู่"})
        for order in range(1, 1 + n % 3):
            members.append(
                {
                    "relation": "บุตร",
                    "title": "ด.ช.",
                    "first_name_th": f"ลูก{order}",
                    "birth_date": f"01/06/{2550 + order}",
                    "birth_order": str(order),
                    "child_status": "บุตรชอบด้วยกฎหมาย",
                }
            )
        for member in members:
            row = {"person_national_id": nid, "last_name_th": values["last_name_th"], **member}
            family.append([row.get(k, "") for k in family_keys])
            family_rows += 1
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue(), family_rows


def test_import_5000_people_with_families(throwaway: Any) -> None:
    office = throwaway(f"{PREFIX}import")
    rng = random.Random(5)
    with schema_context(office.schema_name):
        schools = School.objects.bulk_create(
            School(code=f"9302{n:04d}", name_th=f"โรงเรียนบ้านทดสอบ {n}") for n in range(SCHOOLS)
        )
        officer = User.objects.get(username="officer")
        with Timer() as build:
            content, family_rows = _import_file(rng, [s.code for s in schools])
        results: list[list[object]] = []
        for run in ("first import", "same file again"):
            with Timer() as checked:
                batch = importing.import_batch_check(
                    file_name="people.xlsx", content=content, actor=officer
                )
            with Timer() as applied:
                batch = importing.import_batch_apply(batch=batch, actor=officer)
            counts = batch.applied_counts
            total = checked.seconds + applied.seconds
            results.append(
                [
                    run,
                    fmt_seconds(checked.seconds),
                    fmt_seconds(applied.seconds),
                    fmt_seconds(total),
                    f"{counts['created']}/{counts['updated']}/{counts['unchanged']}/"
                    f"{counts['refused']}",
                    "< 30 s",
                ]
            )
            record(
                "people_import",
                run,
                unit="s",
                people=PEOPLE,
                family_rows=family_rows,
                check=round(checked.seconds, 3),
                apply=round(applied.seconds, 3),
                total=round(total, 3),
                file_bytes=len(content),
                **counts,
            )
            if run == "first import":
                assert counts == {
                    "created": PEOPLE + family_rows,
                    "updated": 0,
                    "unchanged": 0,
                    "refused": 0,
                }
            else:
                assert counts["unchanged"] == PEOPLE + family_rows
        assert Person.objects.count() == PEOPLE
        assert FamilyMember.objects.count() == family_rows
    print_table(
        f"Import {PEOPLE:,} people + {family_rows:,} family rows "
        f"(XLSX {len(content) / 1e6:.1f} MB, built in {fmt_seconds(build.seconds)})",
        ["run", "dry run", "confirm", "total", "new/upd/same/refused", "goal"],
        results,
    )
