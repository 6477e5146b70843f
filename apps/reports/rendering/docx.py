"""The annual report as an editable Word document (python-docx).

Offices edit the wording in Word, so the document is made of Word's own styles: Title for the
report's title, Heading 1 for the heading block (standard, indicator, item), Heading 2 for a
group or a top-level section, Heading 3 for a section under a group, Heading 4 for
วิธีการดำเนินงาน / ผลการดำเนินงาน, Normal for paragraphs and List Bullet for bullets, and a "Note"
style for what is not recorded in KruCare. Every style and run is in TH Sarabun New 16 pt (the
official font of Thai government documents, which offices have), set for Latin *and* complex
script (Thai is complex script in Word: w:rFonts w:cs, w:szCs, w:bCs), language th-TH; A4
with the official margins; the page number at the top from the second page, "- ๒ -" (the
section's page numbers are in the thaiNumbers format: Thai digits in Word, Arabic digits in
LibreOffice as of now); a draft says ร่าง at the top of every page.
"""

from __future__ import annotations

import io

from docx import Document as new_document
from docx.document import Document
from docx.enum.section import WD_SECTION_START
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Length, Mm, Pt, RGBColor
from docx.styles.style import ParagraphStyle
from docx.text.paragraph import Paragraph
from docx.text.run import Run
from lxml.etree import _Element

from apps.reports.content import ReportContent
from apps.reports.rendering import layout

FONT = "TH Sarabun New"
SIZE = 16
NOTE_SIZE = 14
LANGUAGE = "th-TH"
PARAGRAPH_INDENT = Cm(2.5)
SECTION_INDENT = Cm(0.6)
TEXT_INDENT = Cm(1.0)
BULLET_INDENT = Cm(0.5)
NOTE_STYLE = "Note"
HEADINGS = ("Title", "Heading 1", "Heading 2", "Heading 3", "Heading 4")
_THEME_FONTS = ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme")


def thai_font(rpr: _Element, *, size: float | None = None, bold: bool | None = None) -> None:
    """Set the Thai font (ascii, hAnsi, eastAsia and cs), the complex-script size and bold,
    and the language on a `w:rPr` (a style's or a run's)."""
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for theme in _THEME_FONTS:
        fonts.attrib.pop(qn(theme), None)
    for script in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(script), FONT)
    if bold is not None:
        for tag in ("w:b", "w:bCs"):
            _set_flag(rpr, tag, bold)
    if size is not None:
        for tag in ("w:sz", "w:szCs"):
            _set_val(rpr, tag, str(round(size * 2)))
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        rpr.append(lang)
    lang.set(qn("w:val"), LANGUAGE)
    lang.set(qn("w:bidi"), LANGUAGE)


def _set_flag(rpr: _Element, tag: str, on: bool) -> None:
    element = rpr.find(qn(tag))
    if element is None:
        element = OxmlElement(tag)
        rpr.append(element)
    if on:
        element.attrib.pop(qn("w:val"), None)
    else:
        element.set(qn("w:val"), "0")


def _set_val(rpr: _Element, tag: str, value: str) -> None:
    element = rpr.find(qn(tag))
    if element is None:
        element = OxmlElement(tag)
        rpr.append(element)
    element.set(qn("w:val"), value)


class ReportWriter:
    def __init__(self, content: ReportContent, *, thai_digits: bool) -> None:
        self.content = content
        self.thai_digits = thai_digits
        self.doc: Document = new_document()
        self._styles()
        self._page()

    # -- set-up --------------------------------------------------------------------------------

    def _styles(self) -> None:
        styles = self.doc.styles
        defaults = styles.element.find(qn("w:docDefaults"))
        if defaults is not None:
            rpr = defaults.find(f"{qn('w:rPrDefault')}/{qn('w:rPr')}")
            if rpr is not None:
                thai_font(rpr, size=SIZE)
        normal = styles["Normal"]
        assert isinstance(normal, ParagraphStyle)  # noqa: S101 (the template's)
        thai_font(normal.element.get_or_add_rPr(), size=SIZE)
        normal.paragraph_format.space_after = Pt(0)
        normal.paragraph_format.space_before = Pt(0)
        normal.paragraph_format.line_spacing = 1.0
        for name in HEADINGS:
            style = styles[name]
            assert isinstance(style, ParagraphStyle)  # noqa: S101 (the template's)
            thai_font(
                style.element.get_or_add_rPr(),
                size=SIZE + 2 if name == "Title" else SIZE,
                bold=True,
            )
            style.font.color.rgb = RGBColor(0, 0, 0)
            style.font.italic = False
            for tag in ("w:iCs", "w:i"):
                element = style.element.rPr.find(qn(tag))
                if element is not None:
                    style.element.rPr.remove(element)
            style.paragraph_format.space_before = Pt(6 if name != "Heading 4" else 0)
            style.paragraph_format.space_after = Pt(0)
            style.paragraph_format.keep_with_next = True
        title = styles["Title"]
        assert isinstance(title, ParagraphStyle)  # noqa: S101 (the template's)
        ppr = title.element.get_or_add_pPr()
        border = ppr.find(qn("w:pBdr"))
        if border is not None:
            ppr.remove(border)
        title.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
        title.paragraph_format.space_after = Pt(0)
        bullet = styles["List Bullet"]
        assert isinstance(bullet, ParagraphStyle)  # noqa: S101 (the template's)
        thai_font(bullet.element.get_or_add_rPr(), size=SIZE)
        self._dash_bullets()
        note = styles.add_style(NOTE_STYLE, normal.type)
        assert isinstance(note, ParagraphStyle)  # noqa: S101 (just added)
        note.base_style = normal
        note.quick_style = True
        thai_font(note.element.get_or_add_rPr(), size=NOTE_SIZE)
        note.font.color.rgb = RGBColor(0x59, 0x59, 0x59)

    def _dash_bullets(self) -> None:
        """List Bullet's bullet is a dash, as in Thai official documents, in the Thai font."""
        numbering = self.doc.part.numbering_part.element
        style = self.doc.styles["List Bullet"]
        num_pr = style.element.pPr.find(qn("w:numPr")) if style.element.pPr is not None else None
        if num_pr is None:
            return
        num_id = num_pr.find(qn("w:numId")).get(qn("w:val"))
        for num in numbering.findall(qn("w:num")):
            if num.get(qn("w:numId")) != num_id:
                continue
            abstract_id = num.find(qn("w:abstractNumId")).get(qn("w:val"))
            for abstract in numbering.findall(qn("w:abstractNum")):
                if abstract.get(qn("w:abstractNumId")) != abstract_id:
                    continue
                level = abstract.find(qn("w:lvl"))
                if level is None:
                    continue
                text = level.find(qn("w:lvlText"))
                if text is not None:
                    text.set(qn("w:val"), "-")
                rpr = level.find(qn("w:rPr"))
                if rpr is None:
                    rpr = OxmlElement("w:rPr")
                    level.append(rpr)
                thai_font(rpr)

    def _page(self) -> None:
        section = self.doc.sections[0]
        section.start_type = WD_SECTION_START.NEW_PAGE
        section.page_width, section.page_height = Mm(210), Mm(297)
        section.left_margin, section.right_margin = Cm(3), Cm(2)
        section.top_margin, section.bottom_margin = Cm(2.5), Cm(2)
        section.header_distance = Cm(1.2)
        section.different_first_page_header_footer = True
        if self.thai_digits:
            page_numbers = OxmlElement("w:pgNumType")
            page_numbers.set(qn("w:fmt"), "thaiNumbers")
            # before w:cols, in the schema's order of w:sectPr
            section._sectPr.find(qn("w:cols")).addprevious(page_numbers)
        number = section.header.paragraphs[0]
        number.alignment = WD_ALIGN_PARAGRAPH.CENTER
        self._run(number, "- ")
        self._page_number(number)
        self._run(number, " -")
        if self.content.status == "draft":
            for header in (section.header, section.first_page_header):
                mark = header.add_paragraph()
                mark.alignment = WD_ALIGN_PARAGRAPH.RIGHT
                self._run(mark, layout.DRAFT, bold=True)
        props = self.doc.core_properties
        props.title = layout.title(self.content)
        props.subject = self.content.heading.item
        props.author = self.content.office_name
        props.language = LANGUAGE

    def _page_number(self, paragraph: Paragraph) -> None:
        """A PAGE field; its digits are the section's page-number format (w:pgNumType; a
        `\\* ThaiArabic` switch would do the same in Word, but LibreOffice reads it as Thai
        letters, ก ข ค)."""
        instruction = " PAGE "
        for kind, text in (
            ("begin", None),
            ("instr", instruction),
            ("separate", None),
            ("shown", "2"),
            ("end", None),
        ):
            run = paragraph.add_run()
            thai_font(run._r.get_or_add_rPr(), size=SIZE)
            if kind == "instr":
                element = OxmlElement("w:instrText")
                element.set(qn("xml:space"), "preserve")
                element.text = text
            elif kind == "shown":
                element = OxmlElement("w:t")
                element.text = layout.shown(text or "", thai_digits=self.thai_digits)
            else:
                element = OxmlElement("w:fldChar")
                element.set(qn("w:fldCharType"), kind)
            run._r.append(element)

    # -- writing -------------------------------------------------------------------------------

    def _run(self, paragraph: Paragraph, text: str, *, bold: bool | None = None) -> Run:
        run = paragraph.add_run(layout.shown(text, thai_digits=self.thai_digits))
        thai_font(run._r.get_or_add_rPr(), bold=bold)
        return run

    def paragraph(
        self,
        text: str,
        style: str = "Normal",
        *,
        indent: Length | None = None,
        first_line: Length | None = None,
        align: WD_ALIGN_PARAGRAPH | None = None,
        space_before: Length | None = None,
        bold: bool | None = None,
    ) -> Paragraph:
        paragraph = self.doc.add_paragraph(style=style)
        if indent is not None:
            paragraph.paragraph_format.left_indent = indent
        if first_line is not None:
            paragraph.paragraph_format.first_line_indent = first_line
        if align is not None:
            paragraph.alignment = align
        if space_before is not None:
            paragraph.paragraph_format.space_before = space_before
        self._run(paragraph, text, bold=bold)
        return paragraph

    def bullet(self, text: str, *, indent: Length) -> Paragraph:
        paragraph = self.paragraph(text, "List Bullet", indent=Cm(indent.cm + BULLET_INDENT.cm))
        paragraph.paragraph_format.first_line_indent = Cm(-BULLET_INDENT.cm)
        return paragraph

    def lines(self, lines: list[layout.Line], *, indent: Length) -> None:
        for line in lines:
            space = Pt(6) if line.gap else None
            if line.bullet:
                paragraph = self.bullet(line.text, indent=indent)
                if space is not None:
                    paragraph.paragraph_format.space_before = space
            else:
                self.paragraph(
                    line.text, indent=Cm(indent.cm + BULLET_INDENT.cm), space_before=space
                )

    def write(self) -> bytes:
        content = self.content
        self.paragraph(layout.title(content), "Title")
        self.paragraph(content.office_name, "Title").paragraph_format.space_before = Pt(0)
        heading = content.heading
        for text in (heading.standard, heading.indicator, heading.item):
            self.paragraph(text, "Heading 1")
        for text in content.opening.strip().split("\n"):
            if text.strip():
                self.paragraph(text.strip(), first_line=PARAGRAPH_INDENT)

        for entry in layout.outline(content):
            if entry.group is not None:
                self.paragraph(entry.heading, "Heading 2")
                continue
            section = entry.section
            assert section is not None  # noqa: S101 (an entry is a group or a section)
            own = SECTION_INDENT if entry.nested else Cm(0)
            inner = Cm(own.cm + TEXT_INDENT.cm)
            self.paragraph(entry.heading, "Heading 3" if entry.nested else "Heading 2", indent=own)
            if not section.recorded:
                self.paragraph(layout.NOT_RECORDED, NOTE_STYLE, indent=inner)
            methods = layout.method_lines(section.methods)
            if methods:
                self.paragraph(layout.METHODS, "Heading 4", indent=inner)
                self.lines(methods, indent=inner)
            results = layout.result_lines(section.results)
            if results:
                self.paragraph(layout.RESULTS, "Heading 4", indent=inner)
                self.lines(results, indent=inner)

        entries = layout.evidence_entries(content)
        if entries:
            self.paragraph(layout.EVIDENCE, "Heading 2")
            for item in entries:
                paragraph = self.paragraph(
                    f"{item.number}.\t{item.text}", indent=Cm(TEXT_INDENT.cm)
                )
                paragraph.paragraph_format.first_line_indent = Cm(-0.8)
                paragraph.paragraph_format.tab_stops.add_tab_stop(Cm(TEXT_INDENT.cm))

        reviewer = layout.reviewer_lines(content)
        submitted = layout.submitted_line(content)
        if reviewer:
            left = Cm(6.4)
            self.paragraph(
                layout.REVIEWED,
                align=WD_ALIGN_PARAGRAPH.CENTER,
                indent=left,
                space_before=Pt(24),
                bold=True,
            )
            for line in reviewer:
                self.paragraph(line, align=WD_ALIGN_PARAGRAPH.CENTER, indent=left)
        if submitted:
            self.paragraph(
                submitted, align=WD_ALIGN_PARAGRAPH.CENTER, indent=Cm(6.4), space_before=Pt(12)
            )

        buffer = io.BytesIO()
        self.doc.save(buffer)
        return buffer.getvalue()


def report_docx(content: ReportContent, *, thai_digits: bool = True) -> bytes:
    """The report as DOCX bytes; Thai digits unless `thai_digits=False`."""
    return ReportWriter(content, thai_digits=thai_digits).write()
