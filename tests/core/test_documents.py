"""Official PDF documents: Sarabun embedded, Thai digits on request, B.E. dates, pages."""

from __future__ import annotations

import io
import shutil
import subprocess
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from pypdf import PdfReader

from core.documents import Column, Identifier, Mixed, ThaiDocument

COLUMNS = [Column("ลำดับ", 0.6, "CENTER"), Column("ชื่อ-สกุล", 3), Column("วันที่", 1.5)]


def _register(thai_digits: bool, rows: int = 3) -> PdfReader:
    doc = ThaiDocument(
        title="ทะเบียนทดสอบ ปีงบประมาณ 2557",
        office_name="สำนักงานทดสอบ เขต 2",
        thai_digits=thai_digits,
    )
    doc.add_page()
    doc.register_table(
        COLUMNS,
        [[n, "นางสาวกิ่งแก้ว ศรีสุวรรณ์", doc.be_date(date(2014, 9, 26))] for n in range(1, rows + 1)],
    )
    return PdfReader(io.BytesIO(doc.output_bytes()))


def _fonts(reader: PdfReader) -> set[str]:
    names = set()
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            names.add(str(font.get_object()["/BaseFont"]))
    return names


def test_register_embeds_sarabun_and_nothing_else() -> None:
    fonts = _fonts(_register(thai_digits=False))
    assert fonts and all("Sarabun" in name for name in fonts)


def test_thai_digits_are_a_document_option() -> None:
    thai = _register(thai_digits=True).pages[0].extract_text().replace("\u200b", "")
    arabic = _register(thai_digits=False).pages[0].extract_text().replace("\u200b", "")
    assert "๒๕๕๗" in thai and "2557" not in thai
    assert "2557" in arabic and "๒๕๕๗" not in arabic


def test_identifiers_are_printed_as_written_in_thai_digit_mode() -> None:
    doc = ThaiDocument(title="ใบสำคัญรับเงิน", office_name="สำนักงานทดสอบ", thai_digits=True)
    assert doc.th(Identifier("BK-6912-0457")) == "BK-6912-0457"
    assert doc.th("BK-6912-0457") == "BK-๖๙๑๒-๐๔๕๗"
    mixed = Mixed("เลขที่ 12 ", Identifier("1-2345-67890-12-1"))
    assert doc.th(mixed) == "เลขที่ ๑๒ 1-2345-67890-12-1"
    assert mixed == "เลขที่ 12 1-2345-67890-12-1"  # to everything else, plain text
    doc.add_page()
    doc.register_table(
        [Column("ใบเสร็จเลขที่"), Column("ผู้มีสิทธิ")],
        [[Identifier("BK-6912-0457"), Mixed("นางสมศรี 2557\n", Identifier("3-1001-00012-34-5"))]],
    )
    text = PdfReader(io.BytesIO(doc.output_bytes())).pages[0].extract_text().replace("\u200b", "")
    assert "BK-6912-0457" in text and "3-1001-00012-34-5" in text and "๒๕๕๗" in text


def test_page_numbers_and_the_page_count_follow_the_digit_option() -> None:
    from core.thai import to_thai_digits

    reader = _register(thai_digits=True, rows=80)
    count = len(reader.pages)
    assert count > 1
    for number, page in enumerate(reader.pages, start=1):
        text = page.extract_text().replace("\u200b", "")
        assert to_thai_digits(f"หน้า {number}/{count}") in text
        assert not any(digit in text for digit in "0123456789")


def test_dates_are_buddhist_era_with_thai_month_names() -> None:
    text = _register(thai_digits=False).pages[0].extract_text().replace("\u200b", "")
    assert "26 กันยายน 2557" in text.replace("\n", " ")


def test_long_registers_break_into_numbered_pages() -> None:
    reader = _register(thai_digits=False, rows=80)
    assert len(reader.pages) > 1
    last = reader.pages[-1].extract_text().replace("\u200b", "")
    assert f"หน้า {len(reader.pages)}/{len(reader.pages)}" in last


@pytest.mark.parametrize("value", [None, ""])
def test_empty_dates_print_nothing(value: object) -> None:
    doc = ThaiDocument(title="t", office_name="o")
    assert doc.be_date(value) == ""  # type: ignore[arg-type]


def test_thai_words_get_break_points_and_nothing_else_does() -> None:
    from core.documents import thai_line_breaks

    assert thai_line_breaks("ผู้อำนวยการสำนักงานเขตพื้นที่การศึกษา") == (
        "ผู้อำนวยการ\u200bสำนักงานเขต\u200bพื้นที่\u200bการศึกษา"
    )
    assert thai_line_breaks("หน้า 3/3 (บ.จ.1)") == "หน้า 3/3 (บ.จ.1)"
    assert thai_line_breaks("9302-2557-00001") == "9302-2557-00001"


def test_remembered_text_widths_draw_exactly_what_harfbuzz_would(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from fpdf.fonts import TTFFont

    from core import documents

    def contents(reader: PdfReader) -> list[bytes]:
        return [page.get_contents().get_data() for page in reader.pages]  # type: ignore[union-attr]

    documents._SHAPED_WIDTHS.clear()
    remembered = contents(_register(thai_digits=True, rows=60))
    assert documents._SHAPED_WIDTHS  # the widths were remembered
    monkeypatch.setattr(TTFFont, "shaped_text_width", documents._shaped_text_width)
    assert contents(_register(thai_digits=True, rows=60)) == remembered


def _ruled(rows: int = 40) -> PdfReader:
    return PdfReader(io.BytesIO(_ruled_pdf(rows)))


def _ruled_pdf(rows: int) -> bytes:
    """A register drawn by `ruled_table`: Thai with marks, Thai without, digits, Latin
    identifiers, mixed cells, two-line cells."""
    doc = ThaiDocument(title="ทะเบียนทดสอบ", office_name="สำนักงานทดสอบ", thai_digits=True)
    doc.set_creation_date(datetime(2026, 1, 1, tzinfo=UTC))
    doc.add_page()
    columns = [Column("ที่", 0.5, "RIGHT"), Column("วันที่", 1.2), Column("ใบเสร็จ", 1.4)]
    columns += [Column("ชื่อ-สกุล", 2.6), Column("จำนวนเงิน", 1.2, "RIGHT")]
    doc.ruled_table(
        columns,
        [
            [
                n,
                doc.be_date(date(2024, 10, n % 28 + 1), "abbr"),
                Identifier(f"BK-6912-{n:04d}"),
                Mixed("นางสาวกิ่งแก้ว ศรีสุวรรณ์ (บ.จ.1)\n", Identifier("1-1037-00012-34-5")),
                f"{n * 1000:,}.50",
            ]
            for n in range(1, rows + 1)
        ],
    )
    return doc.output_bytes()


def test_left_to_right_text_skips_the_bidi_algorithm_and_draws_the_same(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from fpdf import FPDF

    def contents(reader: PdfReader) -> list[bytes]:
        return [page.get_contents().get_data() for page in reader.pages]  # type: ignore[union-attr]

    fast = contents(_ruled())
    monkeypatch.setattr(
        ThaiDocument, "_preload_bidirectional_text", FPDF._preload_bidirectional_text
    )
    assert contents(_ruled()) == fast


@pytest.mark.parametrize(
    ("text", "shaped"),
    [
        ("ที่", True),
        ("นางสาวกิ่งแก้ว", True),
        ("ทำ", True),  # sara am
        ("12 ต.ค. 2579", False),
        ("๑๒,๓๔๕.๕๐", False),
        ("BK-6912-0457", False),
        ("นาย", False),
    ],
)
def test_only_text_with_marks_above_or_below_is_shaped_in_table_cells(
    text: str, shaped: bool
) -> None:
    from core.documents import _NEEDS_SHAPING

    assert bool(_NEEDS_SHAPING.search(text)) is shaped


@pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="needs poppler's pdftoppm")
def test_cells_drawn_without_shaping_look_exactly_as_shaped(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    from PIL import Image, ImageChops

    def picture(name: str) -> Image.Image:
        pdf = tmp_path / f"{name}.pdf"
        pdf.write_bytes(_ruled_pdf(rows=25))
        subprocess.run(
            ["pdftoppm", "-r", "150", "-f", "1", "-l", "1", "-png", str(pdf), str(tmp_path / name)],
            check=True,
        )
        return Image.open(next(tmp_path.glob(f"{name}-*.png"))).convert("L")

    fast = picture("fast")
    monkeypatch.setattr(
        ThaiDocument,
        "_unshaped_cell",
        lambda self, width, height, text, align: self.cell(width, height, text, align=align),
    )
    assert ImageChops.difference(fast, picture("shaped")).getbbox() is None
