"""Official documents as PDF: Sarabun, Thai shaped correctly, B.E. dates, optional Thai digits.

Thai needs text shaping (vowels and tone marks stacked on their consonant); fpdf2 does it with
HarfBuzz (`uharfbuzz`). The Sarabun TTFs ship in `core/static/vendor/sarabun/ttf/` (SIL OFL).

    doc = ThaiDocument(title="ทะเบียนคุมการขอมีบัตร", office_name=office.name_th, thai_digits=True)
    doc.add_page()
    doc.register_table(columns, rows)
    pdf_bytes = doc.output_bytes()

Every string passes through `doc.th()`, which turns digits into Thai digits when the document
asks for them, so a register and its totals never mix the two. Identifiers that come from
outside the office (a national ID, a hospital's receipt number "BK-6912-0457", a police report
number) are printed as written, whatever the digits: pass them as `Identifier(text)`, or as a
part of `Mixed(...)` in a cell that holds more than the identifier:

    row = [payment.number, Mixed(name, "\n", Identifier(national_id)), Identifier(receipt_no)]

Our own numbers (payment numbers, card numbers, amounts, dates) follow the document's digits.
Both are plain `str`s to everything else (a workbook, a template).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any, Literal, cast

from django.utils import timezone
from fpdf import FPDF
from fpdf.enums import TableCellFillMode, TextDirection
from fpdf.fonts import FontFace, TTFFont

from core.thai import format_be_date, to_thai_digits

FONT_DIR = Path(__file__).resolve().parent / "static" / "vendor" / "sarabun" / "ttf"
FONT = "Sarabun"
BODY_SIZE = 14  # TH Sarabun documents use 16 pt; Sarabun's glyphs are larger, 14 pt reads alike


# fpdf2's line breaking asks HarfBuzz for the width of every prefix of every cell, twice per
# table (once to size the rows, once to draw them): a register of 200 rows makes ~143,000 such
# calls for ~3,400 distinct texts. Shaping is a pure function of the font, the text, the size
# and the shaping parameters, so the widths are remembered (bounded; pinned fpdf2 2.8.x, whose
# TTFFont has __slots__, hence the class attribute). A test compares the output with and
# without the memory.
_SHAPED_WIDTHS: dict[tuple[Any, ...], tuple[int, float]] = {}
_SHAPED_WIDTHS_LIMIT = 200_000
_shaped_text_width = TTFFont.shaped_text_width


def _remembered_shaped_text_width(
    font: TTFFont, text: str, font_size_pt: float, text_shaping_params: dict[str, Any] | None
) -> tuple[int, float]:
    params = text_shaping_params or {}
    key = (
        font.ttffile,
        text,
        font_size_pt,
        tuple(sorted((params.get("features") or {}).items())),
        str(params.get("fragment_direction")),
        params.get("script"),
        params.get("language"),
    )
    width = _SHAPED_WIDTHS.get(key)
    if width is None:
        if len(_SHAPED_WIDTHS) >= _SHAPED_WIDTHS_LIMIT:
            _SHAPED_WIDTHS.clear()
        width = _SHAPED_WIDTHS[key] = _shaped_text_width(
            font, text, font_size_pt, text_shaping_params
        )
    return width


TTFFont.shaped_text_width = _remembered_shaped_text_width  # type: ignore[method-assign,assignment]

THAI_LETTER = re.compile(r"[\u0e00-\u0e7f]")
ZERO_WIDTH_SPACE = "\u200b"


@functools.lru_cache(maxsize=50_000)
def thai_line_breaks(text: str) -> str:
    """`text` with a zero-width space between Thai words (PyThaiNLP's dictionary-based
    `newmm` segmenter), so that wrapping never splits a word, let alone a vowel from its
    consonant. Text without Thai letters is returned as it is. Remembered: a register repeats
    its statuses, reasons and names on many rows."""
    if not THAI_LETTER.search(text):
        return text
    from pythainlp.tokenize import word_tokenize

    words = word_tokenize(text, engine="newmm", keep_whitespace=True)
    joined: list[str] = []
    for word in words:
        if joined and THAI_LETTER.match(word[0]) and THAI_LETTER.match(joined[-1][-1]):
            joined.append(ZERO_WIDTH_SPACE)
        joined.append(word)
    return "".join(joined)


def _in_thai_digits(render: Callable[[str], str]) -> Callable[[str], str]:
    def rendered(text: str) -> str:
        return render(to_thai_digits(text))

    return rendered


class Identifier(str):
    """Text a document prints exactly as written, never in Thai digits: an identifier that
    belongs to someone else (see the module's docstring)."""

    __slots__ = ()


class Mixed(str):
    """Text made of parts, some of them `Identifier`s: `doc.th()` treats each part as its own
    type says. As a `str` it is the parts joined."""

    parts: tuple[str, ...]

    def __new__(cls, *parts: str) -> Mixed:
        text = super().__new__(cls, "".join(parts))
        text.parts = parts
        return text


@dataclass(frozen=True)
class Column:
    """A register column: its Thai heading, its share of the width, and its alignment."""

    heading: str
    width: float = 1.0
    align: Literal["LEFT", "CENTER", "RIGHT"] = "LEFT"


# Text that HarfBuzz must shape: Thai vowels and tone marks placed above or below their
# consonant (and sara am, which combines with a preceding tone mark). A cell without them
# (digits, amounts, dates like "12 ต.ค. 2579", Latin identifiers) draws the same glyphs
# without shaping, several times faster.
_NEEDS_SHAPING = re.compile("[\u0e31\u0e33-\u0e3a\u0e47-\u0e4e]")
# Strong right-to-left characters (Hebrew, Arabic, Syriac, Thaana, N'Ko, their presentation
# forms): only text with one of them needs the bidirectional algorithm.
_RIGHT_TO_LEFT = re.compile("[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefc]")


class ThaiDocument(FPDF):
    """An A4 document with the office's name and the title on every page, and page numbers."""

    def __init__(
        self,
        *,
        title: str,
        office_name: str,
        subtitle: str = "",
        thai_digits: bool = False,
        landscape: bool = False,
    ) -> None:
        super().__init__(orientation="L" if landscape else "P", unit="mm", format="A4")
        self.doc_title = title
        self.office_name = office_name
        self.subtitle = subtitle
        self.thai_digits = thai_digits
        self.add_font(FONT, "", str(FONT_DIR / "Sarabun-Regular.ttf"))
        self.add_font(FONT, "B", str(FONT_DIR / "Sarabun-Bold.ttf"))
        self.set_text_shaping(use_shaping_engine=True, script="thai", language="tha")
        self.set_margins(15, 15, 15)
        self.set_auto_page_break(auto=True, margin=18)
        self.set_title(title)
        self.set_author(office_name)
        self.set_creator("KruCare")
        self.set_creation_date(timezone.now())
        self.alias_nb_pages()

    def _preload_bidirectional_text(self, text: str, markdown: bool) -> Any:
        """fpdf2 runs the Unicode bidirectional algorithm on every string it draws when text is
        shaped; KruCare's documents are left to right (Thai, Latin, digits), so text without a
        right-to-left character is one left-to-right run, as the algorithm would find it (a
        test compares both), at a fraction of the cost. Pinned fpdf2 2.8.x."""
        if self.text_shaping is None or _RIGHT_TO_LEFT.search(text):
            return super()._preload_bidirectional_text(text, markdown)
        self.text_shaping["paragraph_direction"] = TextDirection.LTR
        self.text_shaping["fragment_direction"] = TextDirection.LTR
        return tuple(self._preload_font_styles(text, markdown))

    def _unshaped_cell(self, width: float, height: float, text: str, align: str) -> None:
        """A table cell: shaped only if its text needs it (`_NEEDS_SHAPING`)."""
        shaping = self.text_shaping
        if shaping is None or _NEEDS_SHAPING.search(text):
            self.cell(width, height, text, align=align)
            return
        self.text_shaping = None
        try:
            self.cell(width, height, text, align=align)
        finally:
            self.text_shaping = shaping

    def th(self, text: object) -> str:
        """The text as the document shows it: Thai digits if it asks for them (never in an
        `Identifier`), and a zero-width space between Thai words, where a line may break (Thai
        has no spaces)."""
        if isinstance(text, Mixed):
            return "".join(self.th(part) for part in text.parts)
        value = thai_line_breaks("" if text is None else str(text))
        if self.thai_digits and not isinstance(text, Identifier):
            return to_thai_digits(value)
        return value

    def be_date(self, value: date | datetime | None, style: str = "long") -> str:
        if not value:
            return ""
        return format_be_date(value, style=style, thai_digits=self.thai_digits)  # type: ignore[arg-type]

    def header(self) -> None:
        self.set_font(FONT, "B", BODY_SIZE + 2)
        self.cell(0, 8, self.th(self.doc_title), align="C", new_x="LMARGIN", new_y="NEXT")
        self.set_font(FONT, "", BODY_SIZE)
        self.cell(0, 7, self.th(self.office_name), align="C", new_x="LMARGIN", new_y="NEXT")
        if self.subtitle:
            self.cell(0, 7, self.th(self.subtitle), align="C", new_x="LMARGIN", new_y="NEXT")
        self.ln(3)

    def footer(self) -> None:
        self.set_y(-13)
        self.set_font(FONT, "", BODY_SIZE - 3)
        printed = self.be_date(timezone.localtime(), style="long")
        self.cell(0, 6, self.th(f"พิมพ์เมื่อ {printed}"), align="L")
        self.set_x(self.l_margin)
        self.cell(0, 6, self.th(f"หน้า {self.page_no()}/{{nb}}"), align="R")
        if self.thai_digits:
            self._total_pages_in_thai_digits()

    def _total_pages_in_thai_digits(self) -> None:
        """fpdf2 writes the total page count (`{nb}`) when the document is output, as
        `str(count)`: have this page's count written in Thai digits too."""
        for item in self.pages[self.page].get_text_substitutions():
            if getattr(item, "krucare_thai", False):
                continue
            item.render_text_substitution = _in_thai_digits(  # type: ignore[method-assign,assignment]
                item.render_text_substitution
            )
            item.krucare_thai = True  # type: ignore[attr-defined]

    def register_table(
        self,
        columns: Sequence[Column],
        rows: Sequence[Sequence[object]],
        *,
        font_size: int = 12,
        line_spacing: float = 1.6,
    ) -> None:
        """A bordered table that repeats its heading on every page and grows rows to fit.
        `line_spacing` is a line's height in font sizes (a compact register: about 1.3)."""
        self.set_font(FONT, "", font_size)
        total = sum(column.width for column in columns)
        widths = tuple(column.width / total * self.epw for column in columns)
        with self.table(
            col_widths=widths,
            text_align=tuple(column.align for column in columns),
            line_height=self.font_size * line_spacing,
            headings_style=FontFace(emphasis="BOLD", fill_color=(224, 236, 236)),
            cell_fill_mode=TableCellFillMode.ROWS,
            cell_fill_color=(244, 247, 247),
            repeat_headings=1,
        ) as table:
            heading = table.row()
            for column in columns:
                heading.cell(self.th(column.heading), align="CENTER")
            for values in rows:
                row = table.row()
                for value in values:
                    row.cell(self.th(value))

    def ruled_table(
        self,
        columns: Sequence[Column],
        rows: Sequence[Sequence[object]],
        *,
        font_size: float = 10,
        line_spacing: float = 1.3,
    ) -> None:
        """The table of `register_table`, drawn directly: bordered cells, shaded alternate rows,
        the heading again on every page, a row kept whole on one page. A cell that fits its
        column is drawn as one line without asking the line breaker (most cells of a register
        do), which makes a register of hundreds of rows several times faster to draw."""
        total = sum(column.width for column in columns)
        widths = [column.width / total * self.epw for column in columns]
        line = font_size / self.k * line_spacing
        padding = self.c_margin

        def lines_of(text: str, width: float) -> list[str]:
            wrapped: list[str] = []
            for part in text.split("\n"):
                if self.get_string_width(part) <= width - 2 * padding:
                    wrapped.append(part)
                else:
                    part_lines = self.multi_cell(width, line, part, dry_run=True, output="LINES")
                    wrapped.extend(cast(list[str], part_lines))
            return wrapped

        def draw(cells: list[list[str]], aligns: Sequence[str], fill: bool) -> None:
            height = max(len(cell) for cell in cells) * line
            x = self.l_margin
            y = self.get_y()
            for cell, width, align in zip(cells, widths, aligns, strict=True):
                self.rect(x, y, width, height, style="DF" if fill else "D")
                for number, text in enumerate(cell):
                    self.set_xy(x, y + number * line + line * 0.06)  # Thai sits high
                    self._unshaped_cell(width, line, text, align[0])
                x += width
            self.set_xy(self.l_margin, y + height)

        heading_aligns = ["C"] * len(columns)
        row_aligns = [column.align for column in columns]

        def heading() -> None:
            self.set_font(FONT, "B", font_size)
            self.set_fill_color(224, 236, 236)
            draw(
                [lines_of(self.th(c.heading), w) for c, w in zip(columns, widths, strict=True)],
                heading_aligns,
                fill=True,
            )
            self.set_font(FONT, "", font_size)
            self.set_fill_color(244, 247, 247)

        self.set_draw_color(0)
        self.set_line_width(0.2)
        auto_page_break, margin = self.auto_page_break, self.b_margin
        self.set_auto_page_break(False)  # rows are kept whole here, a page broken between them
        heading()
        for index, values in enumerate(rows):
            cells = [lines_of(self.th(v), w) for v, w in zip(values, widths, strict=True)]
            height = max(len(cell) for cell in cells) * line
            if self.get_y() + height > self.h - margin:
                self.add_page()
                heading()
            draw(cells, row_aligns, fill=index % 2 == 1)
        self.set_auto_page_break(auto_page_break, margin)

    def output_bytes(self) -> bytes:
        return bytes(self.output())
