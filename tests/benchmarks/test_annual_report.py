"""A year's annual report with its bundle: Phatthalung Area 2's FY 2557 report (the reference)
with registers of its real size, the ID-card register of 293 applications, the medical register
of 262 payments and the child-education register of 398 payments (199 rows of two semesters),
drawn from rows in memory by the modules' own register functions.

Timed: each register alone, the report PDF, the DOCX, the evidence ZIP and the merged PDF, and
the whole (everything for the year: `bundle.evidence_bundle`, each register drawn once; and the
four calls one after the other, which draw the registers twice). The goal is 10 s for the
whole. The machine's load average is printed with the figures: register drawing is CPU-bound.
"""

from __future__ import annotations

import io
import os
import statistics
import time
import zipfile
from collections.abc import Callable
from typing import Any

import pytest
from pypdf import PdfReader

from apps.reports.rendering import bundle
from apps.reports.rendering.docx import report_docx
from apps.reports.rendering.pdf import report_pdf
from tests.benchmarks._report import (
    SUMMARY_HEADERS,
    Summary,
    Timer,
    fmt_seconds,
    print_table,
    record_summary,
)
from tests.benchmarks._report import summary_row as row
from tests.reports import samples

pytestmark = pytest.mark.benchmark

ID_CARDS, MEDICAL, EDUCATION_PAYMENTS = 293, 262, 398
REPEATS = 3


def _repeat(call: Callable[[], Any]) -> tuple[Summary, float]:
    """Wall-clock seconds of `REPEATS` calls, and the median processor seconds of this process
    (what the call costs whatever else the machine runs)."""
    samples_: list[float] = []
    cpu: list[float] = []
    for _ in range(REPEATS):
        started = time.process_time()
        with Timer() as timer:
            call()
        samples_.append(timer.seconds)
        cpu.append(time.process_time() - started)
    return Summary.of(samples_), statistics.median(cpu)


def test_a_years_report_with_its_bundle() -> None:
    registers = {
        "id_cards": samples.id_card_register(ID_CARDS),
        "medical": samples.medical_register(MEDICAL),
        "education": samples.education_register(EDUCATION_PAYMENTS),
    }
    education_rows = (EDUCATION_PAYMENTS + 1) // 2
    content = samples.phatthalung_2557(
        **registers,  # type: ignore[arg-type]
        rows=(ID_CARDS, MEDICAL, education_rows),
    )
    report_pdf(content)  # warm: fonts parsed, the Thai word list loaded

    pages = {name: len(PdfReader(io.BytesIO(draw())).pages) for name, draw in registers.items()}
    merged = bundle.evidence_pdf(content)
    archive = zipfile.ZipFile(io.BytesIO(bundle.evidence_zip(content)))
    report_pages = len(PdfReader(io.BytesIO(report_pdf(content))).pages)
    assert len(PdfReader(io.BytesIO(merged)).pages) == report_pages + sum(pages.values())
    assert len([name for name in archive.namelist() if name.endswith(".pdf")]) == 4

    def everything() -> None:
        report_pdf(content)
        report_docx(content)
        bundle.evidence_zip(content)
        bundle.evidence_pdf(content)

    rows = [
        (f"ID-card register, {ID_CARDS} rows, {pages['id_cards']} pages", registers["id_cards"]),
        (f"medical register, {MEDICAL} payments, {pages['medical']} pages", registers["medical"]),
        (
            f"child-education register, {EDUCATION_PAYMENTS} payments ({education_rows} rows), "
            f"{pages['education']} pages",
            registers["education"],
        ),
        (f"report PDF, {report_pages} pages", lambda: report_pdf(content)),
        ("report DOCX", lambda: report_docx(content)),
        ("evidence ZIP (report PDF + DOCX + 3 registers)", lambda: bundle.evidence_zip(content)),
        ("evidence PDF, merged with bookmarks", lambda: bundle.evidence_pdf(content)),
        ("the four above one after the other (registers drawn twice)", everything),
        (
            "the year's whole at once: evidence_bundle (goal 10 s)",
            lambda: bundle.evidence_bundle(content),
        ),
    ]
    summaries = [(label, _repeat(call)) for label, call in rows]
    load = ", ".join(f"{value:.1f}" for value in os.getloadavg())
    print_table(
        f"Annual report: a year's report and its evidence bundle (load average {load})",
        [*SUMMARY_HEADERS, "cpu (median)"],
        [row(label, summary, fmt_seconds(cpu)) for label, (summary, cpu) in summaries],
    )
    for label, (summary, cpu) in summaries:
        record_summary("annual_report", label, summary, cpu_median=round(cpu, 6))
