"""The ID-card register of a year (FY 2557 of Phatthalung Area 2: 293 rows): its pages and the
time to draw it, drawn directly (`ThaiDocument.ruled_table`) and, for comparison, through
fpdf2's table (`register_table`, how registers were drawn before issue 13)."""

from __future__ import annotations

import io
from typing import Any

from pypdf import PdfReader

from apps.idcards import documents
from core.documents import ThaiDocument
from core.thai import fiscal_year
from tests.benchmarks._report import SUMMARY_HEADERS, Summary, Timer, print_table, record_summary
from tests.benchmarks._report import summary_row as row
from tests.idcards.test_documents import DIRECTOR_POSITION, _application

ROWS = 293
REPEATS = 3


def _repeat(call: Any) -> Summary:
    call()
    samples = []
    for _ in range(REPEATS):
        with Timer() as timer:
            call()
        samples.append(timer.seconds)
    return Summary.of(samples)


def _through_fpdf_table(applications: list[Any]) -> bytes:
    rows = documents._rows(applications, full_ids=True, lifetime="ตลอดชีพ")
    doc = ThaiDocument(title="ทะเบียน", office_name="สพป.", landscape=True)
    doc.add_page()
    doc.register_table(documents._fitted_columns(doc, rows), rows, font_size=9, line_spacing=1.45)
    return doc.output_bytes()


def test_the_id_card_register_of_a_year() -> None:
    applications = [_application(n, delegated=n % 10 == 0) for n in range(1, ROWS + 1)]

    def register() -> bytes:
        return documents.register_pdf(
            applications,
            office_name="สำนักงานเขตพื้นที่การศึกษาประถมศึกษาพัทลุง เขต 2",
            fiscal_year=fiscal_year(2557),
            thai_digits=False,
            full_ids=True,
            issuer=DIRECTOR_POSITION,
        )

    pages = len(PdfReader(io.BytesIO(register())).pages)
    assert pages <= 10
    rows = [
        (f"register PDF, {ROWS} rows, {pages} pages (drawn directly)", _repeat(register)),
        (
            f"register PDF, {ROWS} rows (through fpdf2's table)",
            _repeat(lambda: _through_fpdf_table(applications)),
        ),
    ]
    print_table("ID cards: the register", SUMMARY_HEADERS, [row(label, s) for label, s in rows])
    for label, summary in rows:
        record_summary("idcards", label, summary, rows=ROWS, pages=pages)
