"""The DOCX opened by another word processor than python-docx: LibreOffice converts it to PDF
and the figures, headings and Thai text come out as written. Skipped, loudly, where LibreOffice
is not installed (CI may not have it)."""

from __future__ import annotations

import io
import shutil
import subprocess
import warnings
from collections.abc import Callable
from pathlib import Path

import pytest
from pypdf import PdfReader

from apps.reports.rendering import layout
from apps.reports.rendering.docx import report_docx
from tests.reports import samples
from tests.reports.test_rendering import (  # noqa: F401 (registers: the fixture)
    FIGURES_THAI,
    HEADINGS,
    SHAPED,
    assert_says,
    registers,
    squash,
)

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")


def converted(data: bytes, folder: Path, to: str) -> bytes:
    """The DOCX converted by LibreOffice `to` "pdf" or "txt" (its text as LibreOffice reads
    it: the PDF's text is read through whatever font stands in for TH Sarabun New here, whose
    glyph map may not extract Thai exactly)."""
    if SOFFICE is None:
        message = (
            "LibreOffice (soffice) is not installed: the DOCX was not opened by a word processor"
        )
        warnings.warn(message, stacklevel=2)
        pytest.skip(message)
    source = folder / "report.docx"
    source.write_bytes(data)
    subprocess.run(  # noqa: S603 (our own file, a fixed program)
        [
            SOFFICE,
            f"-env:UserInstallation=file://{folder / 'profile'}",
            "--headless",
            "--convert-to",
            "pdf" if to == "pdf" else "txt:Text (encoded):UTF8",
            "--outdir",
            str(folder),
            str(source),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    return (folder / f"report.{to}").read_bytes()


def test_libreoffice_opens_the_docx_with_its_figures_and_headings(
    tmp_path: Path,
    registers: dict[str, Callable[[], bytes]],  # noqa: F811 (the fixture)
) -> None:
    content = samples.phatthalung_2557(**registers)  # type: ignore[arg-type]
    docx = report_docx(content)
    text = squash(converted(docx, tmp_path, "txt").decode("utf-8-sig"))
    assert_says(text, FIGURES_THAI)
    assert_says(text, HEADINGS)
    assert_says(text, SHAPED)
    assert_says(text, [layout.NOT_RECORDED, "ส่งรายงานเมื่อ ๓๐ กันยายน ๒๕๕๗"])
    reader = PdfReader(io.BytesIO(converted(docx, tmp_path, "pdf")))
    assert len(reader.pages) >= 2
    assert round(float(reader.pages[0].mediabox.width)) == 595  # A4
