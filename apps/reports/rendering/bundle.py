"""The evidence bundle: the report with every register it cites, as one ZIP or one PDF.

Each register is drawn once per bundle (`Evidence.pdf`, the slow part: a year's register is
hundreds of rows); an evidence item KruCare does not keep (the office's own papers, or a
register without a drawing function) is listed as such, in the ZIP's index and as a bookmark
of the merged PDF that points to the report's evidence list.

ZIP member names are ASCII (`00-report-<office>-<year>.pdf`, `01-<evidence code>.pdf`, ...),
ordered by evidence number, so that every unzip tool keeps them; `00-index.txt` (UTF-8) names
each file's evidence in Thai.

`evidence_bundle(content)` makes the report and both bundles at once, drawing each register
once for all of them (the management command's or a download page's "everything for the year").
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from pypdf import PdfReader, PdfWriter
from pypdf.generic import Fit

from apps.reports.content import ReportContent
from apps.reports.rendering import layout
from apps.reports.rendering.docx import report_docx
from apps.reports.rendering.pdf import Drawn, draw


@dataclass(frozen=True)
class Part:
    entry: layout.EvidenceEntry
    pdf: bytes | None  # None: not kept in KruCare

    @property
    def file_name(self) -> str:
        return f"{self.entry.number:02d}-{layout.file_slug(self.entry.evidence.code)}.pdf"


def _parts(content: ReportContent) -> Iterator[Part]:
    """Each evidence item with its register drawn (once)."""
    for entry in layout.evidence_entries(content):
        draw_pdf = entry.evidence.pdf
        yield Part(entry, draw_pdf() if draw_pdf is not None else None)


def _report_name(content: ReportContent) -> str:
    return f"00-report-{layout.file_slug(content.office_code)}-{content.fiscal_year}"


@dataclass(frozen=True)
class Bundle:
    """Everything of a year's report, each document drawn once: the report (PDF, DOCX), the
    evidence ZIP and the merged evidence PDF."""

    report_pdf: bytes
    report_docx: bytes
    zip: bytes
    pdf: bytes


def evidence_bundle(content: ReportContent, *, thai_digits: bool = True) -> Bundle:
    """The report and both forms of its evidence bundle, drawing the report and each register
    once (what `evidence_zip` and `evidence_pdf` would draw twice)."""
    drawn = draw(content, thai_digits=thai_digits)
    docx = report_docx(content, thai_digits=thai_digits)
    parts = list(_parts(content))
    return Bundle(
        report_pdf=drawn.pdf,
        report_docx=docx,
        zip=_zip(content, drawn.pdf, docx, parts, thai_digits=thai_digits),
        pdf=_merged(content, drawn, parts, thai_digits=thai_digits),
    )


def evidence_zip(content: ReportContent, *, thai_digits: bool = True) -> bytes:
    """One ZIP: the report (PDF and DOCX), each cited register's PDF, and an index."""
    return _zip(
        content,
        draw(content, thai_digits=thai_digits).pdf,
        report_docx(content, thai_digits=thai_digits),
        _parts(content),
        thai_digits=thai_digits,
    )


def evidence_pdf(content: ReportContent, *, thai_digits: bool = True) -> bytes:
    """One PDF: the report, then each cited register under the bookmark "หลักฐานลำดับที่ n:
    <title>"; an item not kept in KruCare is a bookmark to the report's evidence list."""
    return _merged(
        content, draw(content, thai_digits=thai_digits), _parts(content), thai_digits=thai_digits
    )


def _zip(
    content: ReportContent,
    pdf: bytes,
    docx: bytes,
    parts: Iterable[Part],
    *,
    thai_digits: bool,
) -> bytes:
    name = _report_name(content)
    index = [
        layout.title(content),
        content.office_name,
        "",
        f"{name}.pdf\tรายงาน (PDF)",
        f"{name}.docx\tรายงาน (Word แก้ไขได้)",
    ]
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(f"{name}.pdf", pdf)
        archive.writestr(f"{name}.docx", docx)
        for part in parts:
            label = layout.shown(part.entry.bookmark, thai_digits=thai_digits)
            if part.pdf is None:
                index.append(f"-\t{label}: {layout.NOT_KEPT}")
                continue
            archive.writestr(part.file_name, part.pdf)
            index.append(f"{part.file_name}\t{label}")
        archive.writestr("00-index.txt", "\ufeff" + "\r\n".join(index) + "\r\n")
    return buffer.getvalue()


def _merged(
    content: ReportContent, drawn: Drawn, parts: Iterable[Part], *, thai_digits: bool
) -> bytes:
    writer = PdfWriter()
    writer.append(PdfReader(io.BytesIO(drawn.pdf)))
    writer.add_outline_item(
        title=layout.shown(layout.title(content), thai_digits=thai_digits), page_number=0
    )
    for part in parts:
        label = layout.shown(part.entry.bookmark, thai_digits=thai_digits)
        if part.pdf is None:
            writer.add_outline_item(
                title=f"{label} ({layout.NOT_KEPT})",
                page_number=drawn.evidence_page - 1,
                fit=Fit.fit(),
            )
            continue
        first = len(writer.pages)
        writer.append(PdfReader(io.BytesIO(part.pdf)))
        writer.add_outline_item(title=label, page_number=first, fit=Fit.fit())
    writer.add_metadata(
        {"/Title": layout.title(content), "/Author": content.office_name, "/Creator": "KruCare"}
    )
    writer.page_mode = "/UseOutlines"
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()
