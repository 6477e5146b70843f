"""The annual report's documents, drawn from Phatthalung Area 2's FY 2557 report built by hand
(tests/reports/samples.py) with real registers: the PDF, the DOCX and the evidence bundle say
the reference's figures in Thai digits (or Arabic when asked), its headings and Thai text
shaped right, in an official page layout."""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Callable
from dataclasses import replace

import pytest
from docx import Document
from docx.oxml.ns import qn
from docx.shared import Cm, Mm
from pypdf import PdfReader

from apps.reports.content import ReportContent
from apps.reports.rendering import bundle, layout
from apps.reports.rendering.docx import FONT, report_docx
from apps.reports.rendering.pdf import report_pdf
from core.documents import Identifier, Mixed
from tests.reports import samples

FIGURES_THAI = ["๒๖๑ ราย", "๓๒ ราย", "๑๙๙ ครั้ง", "๖๓ ครั้ง", "๓๙๘ ครั้ง"]
FIGURES_ARABIC = ["261 ราย", "32 ราย", "199 ครั้ง", "63 ครั้ง", "398 ครั้ง"]
HEADINGS = [
    "มาตรฐานที่ ๒ การบริหารและการจัดการศึกษาที่มีประสิทธิภาพ",
    "ตัวบ่งชี้ที่ ๔",
    "ข้อ ๗ การจัดสวัสดิการ สวัสดิภาพครูและบุคลากรทางการศึกษา",
    "๑. จัดบริการ One Stop Service ในเรื่องดังนี้",
    "๑.๑ การขอมีบัตรประจำตัวเจ้าหน้าที่ของรัฐ",
    "๑.๒ การจัดสวัสดิการค่ารักษาพยาบาลและค่าการศึกษาบุตร",
    "๒. มีร้านค้าสวัสดิการบริการเครื่องดื่ม",
    "๕. ดำเนินการตรวจสุขภาพประจำปี",
    "วิธีการดำเนินงาน",
    "ผลการดำเนินงาน",
    "เอกสาร/หลักฐานประกอบ",
]
# Lines whose vowels and tone marks stack (above, below, SARA AM): extracted as typed.
SHAPED = [
    "ข้าราชการบำนาญ",
    "สวัสดิการและสวัสดิภาพข้าราชการครูและบุคลากรทางการศึกษา",
    "ทะเบียนรายชื่อผู้ได้รับการอนุมัติให้กู้ยืมเงินทุนหมุนเวียน",
    "หน่วยแพทย์เคลื่อนที่ของสำนักงาน สกสค.",
    "ผู้อำนวยการสำนักงานเขตพื้นที่การศึกษาประถมศึกษาพัทลุง เขต ๒",
]
# The reference's typos, which the report does not repeat (its office text is typed anew).
TYPOS = ["สำนักงานเขตพื้นจัด", "ระบียง", "ทำหน้าพิจารณา", "ข้าราชครู", "สถานบัน", "การการ"]


def squash(text: str) -> str:
    """Text without whitespace, zero-width break points, and the artefacts of extraction
    around SARA AM (stray control characters, or NIKHAHIT + SARA AA): lines wrap between Thai
    words, so the text is compared without the spaces a wrap adds or takes."""
    text = re.sub(r"[\u200b\x00-\x1f]", "", text).replace("\u0e4d\u0e32", "\u0e33")
    return re.sub(r"\s+", "", text)


def pages_text(pdf: bytes) -> list[str]:
    return [squash(page.extract_text()) for page in PdfReader(io.BytesIO(pdf)).pages]


def docx_text(data: bytes) -> str:
    document = Document(io.BytesIO(data))
    return squash("".join(p.text for p in document.paragraphs))


def assert_says(text: str, phrases: list[str]) -> None:
    for phrase in phrases:
        assert squash(phrase) in text, phrase


class Counted:
    """A register's drawing function that counts its calls."""

    def __init__(self, draw: Callable[[], bytes]) -> None:
        self.draw = draw
        self.calls = 0

    def __call__(self) -> bytes:
        self.calls += 1
        return self.draw()


@pytest.fixture(scope="module")
def registers() -> dict[str, Callable[[], bytes]]:
    """Small real registers (12 ID-card applications, 8 medical and 6 child-education
    payments), drawn once for the module."""
    drawn = {
        "id_cards": samples.id_card_register(12)(),
        "medical": samples.medical_register(8)(),
        "education": samples.education_register(6)(),
    }
    return {name: (lambda pdf=pdf: pdf) for name, pdf in drawn.items()}


def report(registers: dict[str, Callable[[], bytes]], **kwargs: object) -> ReportContent:
    return samples.phatthalung_2557(**registers, **kwargs)  # type: ignore[arg-type]


@pytest.fixture(scope="module")
def submitted(registers: dict[str, Callable[[], bytes]]) -> ReportContent:
    return report(registers)


@pytest.fixture(scope="module")
def submitted_pdf(submitted: ReportContent) -> bytes:
    return report_pdf(submitted)


# --- the PDF ------------------------------------------------------------------------------------


def test_the_pdf_says_each_figure_in_thai_digits_and_no_arabic_digit(submitted_pdf: bytes) -> None:
    text = "".join(pages_text(submitted_pdf))
    assert_says(text, FIGURES_THAI)
    assert not re.search(r"[0-9]", text)


def test_the_pdf_has_the_references_headings_and_no_typos(submitted_pdf: bytes) -> None:
    text = "".join(pages_text(submitted_pdf))
    assert_says(text, HEADINGS)
    for typo in TYPOS:
        assert typo not in text


def test_the_pdf_text_is_thai_shaped_right(submitted_pdf: bytes) -> None:
    raw = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(submitted_pdf)).pages)
    assert "\ufffd" not in raw
    text = squash(raw)
    assert_says(text, SHAPED)
    # No mark stranded at the start of a word (a vowel or tone mark split from its consonant).
    assert not re.search(r"(^|[\s\u200b])[\u0e31\u0e34-\u0e3a\u0e47-\u0e4e]", raw)


def test_the_pdf_prints_arabic_digits_when_asked(submitted: ReportContent) -> None:
    text = "".join(pages_text(report_pdf(submitted, thai_digits=False)))
    assert_says(text, FIGURES_ARABIC)
    assert_says(text, ["มาตรฐานที่ 2", "1.1 การขอมีบัตร", "ส่งรายงานเมื่อ 30 กันยายน 2557"])
    assert not re.search(r"[๐-๙]", text)


def test_an_identifier_keeps_its_digits_in_a_thai_digit_report(
    registers: dict[str, Callable[[], bytes]],
) -> None:
    content = report(registers)
    section = content.sections[0]
    order = Mixed("ตามคำสั่งสำนักงานที่ 125/2557 เรื่อง ", Identifier("ศธ 04118/1234"))
    content = replace(
        content,
        sections=(replace(section, results=(*section.results, order)), *content.sections[1:]),
    )
    text = "".join(pages_text(report_pdf(content)))
    assert squash("ตามคำสั่งสำนักงานที่ ๑๒๕/๒๕๕๗ เรื่อง ศธ 04118/1234") in text
    assert re.findall(r"[0-9]+", text.replace(squash("ศธ 04118/1234"), "")) == []
    assert "04118/1234" in docx_text(report_docx(content))


def test_the_pdf_is_a4_with_the_official_margins_and_page_numbers(submitted_pdf: bytes) -> None:
    reader = PdfReader(io.BytesIO(submitted_pdf))
    assert len(reader.pages) >= 2
    for page in reader.pages:
        assert round(float(page.mediabox.width)) == 595  # A4, 210 mm
        assert round(float(page.mediabox.height)) == 842  # 297 mm
    lefts: list[float] = []

    def visitor(text: str, cm: object, tm: list[float], font: object, size: object) -> None:
        if text.strip():
            lefts.append(tm[4])

    reader.pages[0].extract_text(visitor_text=visitor)
    mm = 72 / 25.4
    assert min(lefts) == pytest.approx(30 * mm, abs=0.5)  # left margin 3 cm
    fonts = {
        str(font["/BaseFont"])
        for page in reader.pages
        for font in page["/Resources"]["/Font"].values()  # type: ignore[index,union-attr]
    }
    assert all("Sarabun" in name for name in fonts)
    texts = pages_text(submitted_pdf)
    assert squash("- ๑ -") not in texts[0]
    for number, text in enumerate(texts[1:], start=2):
        assert text.startswith(squash(f"- {layout.shown(str(number), thai_digits=True)} -"))


def test_the_sections_not_in_krucare_say_so(submitted_pdf: bytes, submitted: ReportContent) -> None:
    text = "".join(pages_text(submitted_pdf))
    assert text.count(squash(layout.NOT_RECORDED)) == 4  # sections 2 to 5
    assert_says(text, ["มีสมาชิกร้านค้าสวัสดิการ จำนวน ๑๓๒ คน", "ธนาคารออมสิน จำนวน ๑๑ ราย"])


def test_the_evidence_list_numbers_each_register_with_its_rows(submitted_pdf: bytes) -> None:
    text = "".join(pages_text(submitted_pdf))
    evidence = text[text.index(squash(layout.EVIDENCE)) :]
    assert_says(
        evidence,
        [
            f"๑. {samples.ID_CARD_REGISTER} (๒๙๓ รายการ)",
            f"๒. {samples.MEDICAL_REGISTER} (๒๖๒ รายการ)",
            f"๓. {samples.EDUCATION_REGISTER} (๑๙๙ รายการ)",
            "๔. บัญชีรายชื่อสมาชิกร้านค้าสวัสดิการ ภาพถ่ายผู้ใช้บริการ",
            "๗. กำหนดการตรวจสุขภาพประจำปี ๒๕๕๗",
        ],
    )


def test_a_submitted_report_says_when_and_who_reviewed_it(submitted_pdf: bytes) -> None:
    text = "".join(pages_text(submitted_pdf))
    assert_says(text, ["ส่งรายงานเมื่อ ๓๐ กันยายน ๒๕๕๗", "(นายวิรัตน์ ศรีสุวรรณ)"])
    assert layout.DRAFT not in text


def test_a_draft_is_marked_on_every_page_and_names_no_reviewer(
    registers: dict[str, Callable[[], bytes]],
) -> None:
    pages = pages_text(report_pdf(report(registers, status="draft")))
    assert all(layout.DRAFT in page for page in pages)
    text = "".join(pages)
    assert "ส่งรายงานเมื่อ" not in text
    assert squash(layout.REVIEWED) not in text
    assert_says(text, FIGURES_THAI)


def test_a_reviewed_report_names_its_reviewer_but_no_submission(
    registers: dict[str, Callable[[], bytes]],
) -> None:
    text = "".join(pages_text(report_pdf(report(registers, status="reviewed"))))
    assert_says(text, [layout.REVIEWED, "(นายวิรัตน์ ศรีสุวรรณ)"])
    assert "ส่งรายงานเมื่อ" not in text
    assert layout.DRAFT not in text


def test_a_report_kept_as_json_draws_the_same_text(submitted: ReportContent) -> None:
    frozen = ReportContent.from_json(submitted.as_json())
    assert pages_text(report_pdf(frozen)) == pages_text(report_pdf(submitted))


# --- the DOCX -----------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def submitted_docx(submitted: ReportContent) -> bytes:
    return report_docx(submitted)


def test_the_docx_says_each_figure_and_heading_in_thai_digits(submitted_docx: bytes) -> None:
    text = docx_text(submitted_docx)
    assert_says(text, FIGURES_THAI)
    assert_says(text, HEADINGS)
    assert_says(text, SHAPED)
    assert_says(text, [layout.NOT_RECORDED, "ส่งรายงานเมื่อ ๓๐ กันยายน ๒๕๕๗"])
    assert not re.search(r"[0-9]", text)


def test_the_docx_prints_arabic_digits_when_asked(submitted: ReportContent) -> None:
    text = docx_text(report_docx(submitted, thai_digits=False))
    assert_says(text, FIGURES_ARABIC)
    assert not re.search(r"[๐-๙]", text)


def test_the_docx_uses_words_styles_so_offices_can_edit_it(submitted_docx: bytes) -> None:
    document = Document(io.BytesIO(submitted_docx))
    styles = {p.style.name for p in document.paragraphs if p.style is not None}
    assert {"Title", "Heading 1", "Heading 2", "Heading 3", "Heading 4", "Normal"} <= styles
    assert "List Bullet" in styles
    by_text = {squash(p.text): p for p in document.paragraphs}
    assert by_text[squash("๑.๑ การขอมีบัตรประจำตัวเจ้าหน้าที่ของรัฐ")].style.name == "Heading 3"
    assert by_text[squash(layout.METHODS)].style.name == "Heading 4"
    opening = next(p for p in document.paragraphs if "จัดให้มีการกำกับ" in p.text)
    assert opening.paragraph_format.first_line_indent == pytest.approx(Cm(2.5), abs=Mm(0.1))
    bullet = next(p for p in document.paragraphs if "๒๖๑" in p.text)
    assert bullet.style.name == "List Bullet"


def test_the_docx_is_in_the_thai_font_for_complex_script_at_16_pt(submitted_docx: bytes) -> None:
    document = Document(io.BytesIO(submitted_docx))
    runs = [run for p in document.paragraphs for run in p.runs if run.text.strip()]
    assert runs
    for run in runs:
        fonts = run._r.rPr.find(qn("w:rFonts"))
        assert fonts.get(qn("w:cs")) == FONT
        assert fonts.get(qn("w:ascii")) == FONT
        assert run._r.rPr.find(qn("w:lang")).get(qn("w:bidi")) == "th-TH"
    normal = document.styles["Normal"].element.rPr
    assert normal.find(qn("w:szCs")).get(qn("w:val")) == "32"  # 16 pt for Thai
    assert normal.find(qn("w:sz")).get(qn("w:val")) == "32"
    assert normal.find(qn("w:rFonts")).get(qn("w:cs")) == FONT
    for name in ("Heading 1", "Heading 2", "Heading 3", "Heading 4"):
        heading = document.styles[name].element.rPr
        assert heading.find(qn("w:bCs")) is not None  # Thai in bold, not only Latin
        assert heading.find(qn("w:szCs")).get(qn("w:val")) == "32"
        fonts = heading.find(qn("w:rFonts"))
        assert fonts.get(qn("w:cs")) == FONT
        assert fonts.get(qn("w:cstheme")) is None


def test_the_docx_has_the_official_page(submitted_docx: bytes) -> None:
    section = Document(io.BytesIO(submitted_docx)).sections[0]
    assert section.page_width == pytest.approx(Cm(21), abs=Mm(0.1))  # A4 (in twips)
    assert section.page_height == pytest.approx(Cm(29.7), abs=Mm(0.1))
    margins = (section.left_margin, section.right_margin, section.top_margin, section.bottom_margin)
    for margin, official in zip(margins, (Cm(3), Cm(2), Cm(2.5), Cm(2)), strict=True):
        assert margin == pytest.approx(official, abs=Mm(0.1))  # (stored in twips)
    assert section.different_first_page_header_footer
    assert "PAGE" in section.header._element.xml
    page_numbers = section._sectPr.find(qn("w:pgNumType"))
    assert page_numbers.get(qn("w:fmt")) == "thaiNumbers"


def test_a_draft_docx_says_so_at_the_top_of_each_page(
    registers: dict[str, Callable[[], bytes]], submitted_docx: bytes
) -> None:
    section = Document(io.BytesIO(report_docx(report(registers, status="draft")))).sections[0]
    assert layout.DRAFT in section.header._element.xml
    assert layout.DRAFT in section.first_page_header._element.xml
    final = Document(io.BytesIO(submitted_docx)).sections[0]
    assert layout.DRAFT not in final.header._element.xml


# --- the evidence bundle ------------------------------------------------------------------------


def counted_report(
    registers: dict[str, Callable[[], bytes]],
) -> tuple[ReportContent, dict[str, Counted]]:
    counted = {name: Counted(draw) for name, draw in registers.items()}
    return report(counted), counted  # type: ignore[arg-type]


def test_the_zip_holds_the_report_and_every_register_in_evidence_order(
    registers: dict[str, Callable[[], bytes]],
) -> None:
    content, counted = counted_report(registers)
    archive = zipfile.ZipFile(io.BytesIO(bundle.evidence_zip(content)))
    assert archive.namelist() == [
        "00-report-phatthalung2-2557.pdf",
        "00-report-phatthalung2-2557.docx",
        "01-idcards-register.pdf",
        "02-reimbursements-medical.pdf",
        "03-reimbursements-education.pdf",
        "00-index.txt",
    ]
    assert all(draw.calls == 1 for draw in counted.values())
    titles = {
        "01-idcards-register.pdf": "ทะเบียนคุมการขอมีบัตรประจำตัวเจ้าหน้าที่ของรัฐ",
        "02-reimbursements-medical.pdf": "ทะเบียนคุมการจ่ายเงินสวัสดิการค่ารักษาพยาบาล",
        "03-reimbursements-education.pdf": "ทะเบียนคุมการเบิกจ่ายเงินสวัสดิการเกี่ยวกับการศึกษาของบุตร",
    }
    for name, title in titles.items():
        assert squash(title) in pages_text(archive.read(name))[0]
    assert_says("".join(pages_text(archive.read("00-report-phatthalung2-2557.pdf"))), FIGURES_THAI)
    assert_says(docx_text(archive.read("00-report-phatthalung2-2557.docx")), FIGURES_THAI)
    index = archive.read("00-index.txt").decode("utf-8-sig")
    assert f"01-idcards-register.pdf\tหลักฐานลำดับที่ ๑: {samples.ID_CARD_REGISTER}" in index
    assert (
        f"-\tหลักฐานลำดับที่ ๔: บัญชีรายชื่อสมาชิกร้านค้าสวัสดิการ ภาพถ่ายผู้ใช้บริการ: {layout.NOT_KEPT}"
    ) in index
    assert index.count(layout.NOT_KEPT) == 4


def test_the_merged_pdf_bookmarks_each_register_after_the_report(
    registers: dict[str, Callable[[], bytes]],
) -> None:
    content, counted = counted_report(registers)
    merged = PdfReader(io.BytesIO(bundle.evidence_pdf(content)))
    assert all(draw.calls == 1 for draw in counted.values())
    parts = [report_pdf(content), *(draw.draw() for draw in counted.values())]
    sizes = [len(PdfReader(io.BytesIO(part)).pages) for part in parts]
    assert len(merged.pages) == sum(sizes)

    outline = [(item.title, merged.get_destination_page_number(item)) for item in merged.outline]
    report_pages = sizes[0]
    evidence_page = next(
        n for n, text in enumerate(pages_text(parts[0])) if squash(layout.EVIDENCE) in text
    )
    assert outline == [
        (layout.title(content).replace("2557", "๒๕๕๗"), 0),
        (f"หลักฐานลำดับที่ ๑: {samples.ID_CARD_REGISTER}", report_pages),
        (f"หลักฐานลำดับที่ ๒: {samples.MEDICAL_REGISTER}", report_pages + sizes[1]),
        (f"หลักฐานลำดับที่ ๓: {samples.EDUCATION_REGISTER}", report_pages + sizes[1] + sizes[2]),
        *[
            (f"หลักฐานลำดับที่ {digit}: {title} ({layout.NOT_KEPT})", evidence_page)
            for digit, title in zip(
                "๔๕๖๗",
                [
                    item.evidence.title.replace("2557", "๒๕๕๗")
                    for item in layout.evidence_entries(content)[3:]
                ],
                strict=True,
            )
        ],
    ]
    # Each bookmark opens its register's first page.
    first = squash(merged.pages[report_pages].extract_text())
    assert squash("ทะเบียนคุมการขอมีบัตรประจำตัวเจ้าหน้าที่ของรัฐ") in first
    assert_says(
        "".join(squash(merged.pages[n].extract_text()) for n in range(report_pages)), FIGURES_THAI
    )


def test_a_register_without_a_drawing_is_listed_as_not_kept(submitted: ReportContent) -> None:
    frozen = ReportContent.from_json(submitted.as_json())  # registers are not kept in JSON
    archive = zipfile.ZipFile(io.BytesIO(bundle.evidence_zip(frozen)))
    assert [name for name in archive.namelist() if not name.startswith("00-")] == []
    assert archive.read("00-index.txt").decode("utf-8-sig").count(layout.NOT_KEPT) == 7
    merged = PdfReader(io.BytesIO(bundle.evidence_pdf(frozen)))
    assert len(merged.pages) == len(PdfReader(io.BytesIO(report_pdf(frozen))).pages)
    assert len(merged.outline) == 8


def test_the_whole_bundle_draws_each_register_once_for_both_forms(
    registers: dict[str, Callable[[], bytes]],
) -> None:
    content, counted = counted_report(registers)
    whole = bundle.evidence_bundle(content)
    assert all(draw.calls == 1 for draw in counted.values())
    alone = zipfile.ZipFile(io.BytesIO(bundle.evidence_zip(content)))
    archive = zipfile.ZipFile(io.BytesIO(whole.zip))
    assert archive.namelist() == alone.namelist()
    assert archive.read("00-index.txt") == alone.read("00-index.txt")
    assert archive.read("01-idcards-register.pdf") == registers["id_cards"]()
    merged, merged_alone = (
        PdfReader(io.BytesIO(pdf)) for pdf in (whole.pdf, bundle.evidence_pdf(content))
    )
    assert len(merged.pages) == len(merged_alone.pages)
    assert [item.title for item in merged.outline] == [item.title for item in merged_alone.outline]
    assert pages_text(whole.report_pdf) == pages_text(report_pdf(content))
    assert docx_text(whole.report_docx) == docx_text(report_docx(content))


def test_a_bundle_in_arabic_digits_names_its_evidence_in_arabic_digits(
    registers: dict[str, Callable[[], bytes]],
) -> None:
    content = report(registers)
    whole = bundle.evidence_bundle(content, thai_digits=False)
    titles = [item.title for item in PdfReader(io.BytesIO(whole.pdf)).outline]
    assert titles[0] == layout.title(content)
    assert titles[1] == f"หลักฐานลำดับที่ 1: {samples.ID_CARD_REGISTER}"
    assert not any(re.search(r"[๐-๙]", title) for title in titles)
    index = zipfile.ZipFile(io.BytesIO(whole.zip)).read("00-index.txt").decode("utf-8-sig")
    assert "หลักฐานลำดับที่ 4:" in index
    assert_says("".join(pages_text(whole.report_pdf)), FIGURES_ARABIC)
