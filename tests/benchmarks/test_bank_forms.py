"""A bank's form printed at the desk: the seeded forms (GSB, Krungthai, GHB) filled with a
certificate's values, each to PDF, the first print of a process apart (the Thai word breaker
and the fonts load then), and choosing the version in force."""

from __future__ import annotations

import io
from datetime import date
from typing import Any

import pytest
from pypdf import PdfReader

from central import bankforms
from central.banks import BankFormTemplate, LoanProgramme
from tests.benchmarks._report import SUMMARY_HEADERS, Summary, Timer, print_table, record_summary
from tests.benchmarks._report import summary_row as row

pytestmark = pytest.mark.django_db
REPEATS = 5


def _repeat(call: Any, repeats: int = REPEATS) -> Summary:
    samples = []
    for _ in range(repeats):
        with Timer() as timer:
            call()
        samples.append(timer.seconds)
    return Summary.of(samples)


def test_printing_the_bank_forms() -> None:
    templates = list(BankFormTemplate.objects.select_related("bank", "programme"))
    assert len(templates) == 5
    first = templates[0]
    with Timer() as cold:
        bankforms.render_form(first, bankforms.preview_values(first))
    rows: list[tuple[str, Summary]] = [
        (f"first print in the process ({first})", Summary.of([cold.seconds]))
    ]
    for template in templates:
        values = bankforms.preview_values(template)
        pdf = bankforms.render_form(template, values, thai_digits=True)
        pages = len(PdfReader(io.BytesIO(pdf)).pages)
        label = (
            f"{template.bank.code} {template} ({pages} page{'s' if pages > 1 else ''}, Thai digits)"
        )
        rows.append(
            (
                label,
                _repeat(lambda t=template, v=values: bankforms.render_form(t, v, thai_digits=True)),
            )
        )
    programmes = list(LoanProgramme.objects.select_related("bank"))
    on = date(2014, 3, 1)
    rows.append(
        (
            f"form_for, {len(programmes)} programmes",
            _repeat(lambda: [bankforms.form_for(p, on) for p in programmes]),
        )
    )
    print_table("Bank forms: printing", SUMMARY_HEADERS, [row(label, s) for label, s in rows])
    for label, summary in rows:
        record_summary("bankforms", label, summary)
