"""The annual report as a PDF in the style of an official Thai document (หนังสือราชการ).

A4 portrait with the official margins (left 3 cm, right 2 cm, top 2.5 cm, bottom 2 cm), Sarabun
(the project's `core.documents` font; `REPORT_SIZE` is the size at which it reads as TH Sarabun
New at the official 16 pt, whose glyphs are drawn smaller for their size), the heading block in
bold, the opening paragraph indented 2.5 cm on its first line, numbered groups and sections,
their วิธีการดำเนินงาน and ผลการดำเนินงาน with bullets, the numbered evidence list, and, once
reviewed or submitted, who reviewed it and when it was submitted. Pages after the first carry
their number at the top, "- ๒ -"; a draft is marked ร่าง on every page.
"""

from __future__ import annotations

from dataclasses import dataclass

from apps.reports.content import ReportContent
from apps.reports.rendering import layout
from core.documents import FONT, ThaiDocument

MM_PER_CM = 10
LEFT, RIGHT, TOP, BOTTOM = 3 * MM_PER_CM, 2 * MM_PER_CM, 25, 2 * MM_PER_CM
REPORT_SIZE = 14  # Sarabun at 14 pt reads as TH Sarabun New at 16 pt (core.documents.BODY_SIZE)
NOTE_SIZE = 12
LINE = 1.55  # a line's height in font sizes: room for stacked vowels and tone marks
PARAGRAPH_INDENT = 25  # mm, the first line of a paragraph (หนังสือราชการ: 2.5 cm)
GROUP_INDENT = 0.0
SECTION_INDENT = 6.0  # a section under a group ("1.1" under "1.")
TEXT_INDENT = 10.0  # the sub-headings and text of a section
BULLET_WIDTH = 5.0
NUMBER_WIDTH = 8.0  # "๑๒." before an evidence item
DRAFT_GRAY = 215


class ReportDocument(ThaiDocument):
    def __init__(self, content: ReportContent, *, thai_digits: bool) -> None:
        super().__init__(
            title=layout.title(content),
            office_name=content.office_name,
            thai_digits=thai_digits,
        )
        self.draft = content.status == "draft"
        self.set_margins(LEFT, TOP, RIGHT)
        self.set_auto_page_break(auto=True, margin=BOTTOM)
        self.c_margin = 0  # text starts at the margin itself, as typed in a word processor
        self.set_subject(content.heading.item)
        self.set_lang("th-TH")
        self.line_height = REPORT_SIZE / self.k * LINE

    # -- page furniture ------------------------------------------------------------------------

    def header(self) -> None:
        if self.draft:
            self._draft_mark()
        if self.page_no() > 1:
            self.set_font(FONT, "", REPORT_SIZE)
            self.set_xy(self.l_margin, 12)
            self.cell(0, self.line_height, self.th(f"- {self.page_no()} -"), align="C")
        self.set_xy(self.l_margin, self.t_margin)
        self.set_font(FONT, "", REPORT_SIZE)

    def footer(self) -> None:
        pass

    def _draft_mark(self) -> None:
        """ร่าง across the page in light gray, and in the top corner."""
        self.set_text_color(DRAFT_GRAY)
        self.set_font(FONT, "B", 120)
        with self.rotation(35, self.w / 2, self.h / 2):
            self.set_xy(0, self.h / 2 - 25)
            self.cell(self.w, 50, layout.DRAFT, align="C")
        self.set_text_color(120)
        self.set_font(FONT, "B", REPORT_SIZE)
        self.set_xy(self.l_margin, 12)
        self.cell(0, self.line_height, layout.DRAFT, align="R")
        self.set_text_color(0)

    # -- blocks --------------------------------------------------------------------------------

    def keep_room(self, lines: float) -> None:
        """A new page unless `lines` lines still fit (a heading is not left alone at the foot
        of a page)."""
        if self.get_y() + lines * self.line_height > self.page_break_trigger:
            self.add_page()

    def heading_line(
        self,
        text: str,
        *,
        indent: float = 0,
        align: str = "L",
        size: float = REPORT_SIZE,
        keep: float = 3,
    ) -> None:
        """A bold line (or lines), kept on a page with `keep` lines of what follows it."""
        self.keep_room(keep)
        self.set_font(FONT, "B", size)
        self.set_x(self.l_margin + indent)
        self.multi_cell(
            0, self.line_height, self.th(text), align=align, new_x="LMARGIN", new_y="NEXT"
        )
        self.set_font(FONT, "", REPORT_SIZE)

    def paragraph(self, text: str, *, indent: float = 0, first_line: float = 0) -> None:
        """A paragraph from `indent` mm, its first line further in by `first_line` mm."""
        self.set_font(FONT, "", REPORT_SIZE)
        left = self.l_margin
        self.set_left_margin(left + indent)
        self.set_x(left + indent + first_line)
        self.write(self.line_height, self.th(text))
        self.ln(self.line_height)
        self.set_left_margin(left)
        self.set_x(left)

    def bullet(
        self, text: str, *, indent: float, marker: str = "-", width: float = BULLET_WIDTH
    ) -> None:
        self.set_font(FONT, "", REPORT_SIZE)
        top = self.get_y()
        if top + self.line_height > self.page_break_trigger:
            self.add_page()
            top = self.get_y()
        self.set_xy(self.l_margin + indent, top)
        self.cell(width, self.line_height, self.th(marker))
        self.set_xy(self.l_margin + indent + width, top)
        self.multi_cell(
            0, self.line_height, self.th(text), align="L", new_x="LMARGIN", new_y="NEXT"
        )

    def note(self, text: str, *, indent: float) -> None:
        self.set_font(FONT, "", NOTE_SIZE)
        self.set_text_color(90)
        self.set_x(self.l_margin + indent)
        self.multi_cell(
            0, NOTE_SIZE / self.k * LINE, self.th(text), align="L", new_x="LMARGIN", new_y="NEXT"
        )
        self.set_text_color(0)
        self.set_font(FONT, "", REPORT_SIZE)

    def text_lines(self, lines: list[layout.Line], *, indent: float) -> None:
        for line in lines:
            if line.gap:
                self.ln(self.line_height / 3)
            if line.bullet:
                self.bullet(line.text, indent=indent)
            else:
                self.paragraph(line.text, indent=indent + BULLET_WIDTH)


@dataclass(frozen=True)
class Drawn:
    pdf: bytes
    pages: int
    evidence_page: int  # the page the evidence list starts on (1-based)


def draw(content: ReportContent, *, thai_digits: bool = True) -> Drawn:
    doc = ReportDocument(content, thai_digits=thai_digits)
    doc.add_page()

    doc.heading_line(layout.title(content), align="C", size=REPORT_SIZE + 2)
    doc.heading_line(content.office_name, align="C")
    doc.ln(doc.line_height / 2)
    doc.heading_line(content.heading.standard)
    doc.heading_line(content.heading.indicator)
    doc.heading_line(content.heading.item)
    if content.opening.strip():
        for text in content.opening.strip().split("\n"):
            if text.strip():
                doc.paragraph(text.strip(), first_line=PARAGRAPH_INDENT)

    for entry in layout.outline(content):
        if entry.group is not None:
            doc.ln(doc.line_height / 4)
            doc.heading_line(entry.heading, indent=GROUP_INDENT)
            continue
        section = entry.section
        assert section is not None  # noqa: S101 (an entry is a group or a section)
        own = SECTION_INDENT if entry.nested else GROUP_INDENT
        inner = own + TEXT_INDENT
        doc.ln(doc.line_height / 4)
        doc.heading_line(entry.heading, indent=own, keep=6)
        if not section.recorded:
            doc.note(layout.NOT_RECORDED, indent=inner)
        methods = layout.method_lines(section.methods)
        if methods:
            doc.heading_line(layout.METHODS, indent=inner)
            doc.text_lines(methods, indent=inner)
        results = layout.result_lines(section.results)
        if results:
            doc.heading_line(layout.RESULTS, indent=inner)
            doc.text_lines(results, indent=inner)

    entries = layout.evidence_entries(content)
    evidence_page = doc.page_no()
    if entries:
        doc.ln(doc.line_height / 2)
        doc.heading_line(layout.EVIDENCE, keep=4)
        evidence_page = doc.page_no()
        for item in entries:
            doc.bullet(
                item.text, indent=TEXT_INDENT / 2, marker=f"{item.number}.", width=NUMBER_WIDTH
            )

    _signature(doc, content)
    return Drawn(doc.output_bytes(), doc.page_no(), evidence_page)


def _signature(doc: ReportDocument, content: ReportContent) -> None:
    """Who reviewed the report, as signed, in the right half of the page, and when it was
    submitted."""
    reviewer = layout.reviewer_lines(content)
    submitted = layout.submitted_line(content)
    if not reviewer and not submitted:
        return
    doc.ln(doc.line_height)
    doc.keep_room(len(reviewer) + 3)
    left = doc.l_margin + doc.epw * 0.4
    width = doc.epw * 0.6
    if reviewer:
        doc.set_font(FONT, "B", REPORT_SIZE)
        doc.set_x(left)
        doc.cell(
            width,
            doc.line_height,
            doc.th(layout.REVIEWED),
            align="C",
            new_x="LMARGIN",
            new_y="NEXT",
        )
        doc.set_font(FONT, "", REPORT_SIZE)
        for line in reviewer:
            doc.set_x(left)
            doc.multi_cell(
                width, doc.line_height, doc.th(line), align="C", new_x="LMARGIN", new_y="NEXT"
            )
    if submitted:
        doc.ln(doc.line_height / 2)
        doc.set_x(left)
        doc.cell(
            width, doc.line_height, doc.th(submitted), align="C", new_x="LMARGIN", new_y="NEXT"
        )


def report_pdf(content: ReportContent, *, thai_digits: bool = True) -> bytes:
    """The report as PDF bytes; Thai digits unless `thai_digits=False`."""
    return draw(content, thai_digits=thai_digits).pdf
