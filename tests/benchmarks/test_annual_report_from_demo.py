"""The annual report of a year from the full demo (FY 2557 of Phatthalung Area 2, loaded through
the modules' services): composing it from the registers, drawing the registers it cites, and,
where the renderers are installed, the report's PDF and DOCX and the evidence bundle (ZIP,
merged PDF). Issue 15's target is the report with its bundle in 10 s or less; nothing here
asserts on time (tests/benchmarks/test_annual_report.py times the renderers on samples)."""

from __future__ import annotations

import importlib.util
from collections.abc import Callable

import pytest
from django_tenants.utils import schema_context

from accounts.services import user_create
from apps.reports.compose import report_build
from core.demo import DemoContext
from core.thai import fiscal_year
from devdata.demo import DEMO_FISCAL_YEAR, office_demo_build
from tenants.services import office_create
from tests.benchmarks._report import SUMMARY_HEADERS, Summary, Timer, print_table, record_summary
from tests.benchmarks._report import summary_row as row

pytestmark = [pytest.mark.django_db, pytest.mark.benchmark]
REPEATS = 3
FY = fiscal_year(2557)


def _repeat(call: Callable[[], object]) -> Summary:
    call()
    samples = []
    for _ in range(REPEATS):
        with Timer() as timer:
            call()
        samples.append(timer.seconds)
    return Summary.of(samples)


def test_the_annual_report_of_a_year() -> None:
    office = office_create(
        code="benchreport",
        name_th="สำนักงานเขตพื้นที่การศึกษาประถมศึกษาพัทลุง เขต 2",
        kind="primary",
        province="พัทลุง",
        region="south",
        area_number=2,
    )
    with schema_context(office.schema_name):
        user_create(username="desk", password=None, roles=["welfare_officer"])
        user_create(username="boss", password=None, roles=["approver", "fund_committee"])
        user_create(username="cash", password=None, roles=["finance_officer"])
        office_demo_build(
            DemoContext(
                office_code="phatthalung2",
                fiscal_year=DEMO_FISCAL_YEAR,
                officer="desk",
                approver="boss",
                payer="cash",
            )
        )
        content = report_build(office, FY)
        figures = {f.code: f.value for s in content.sections for f in s.figures}
        assert figures["idcards.issued.teacher"] == 261
        evidence = [item for _n, item in content.evidence() if item.pdf is not None]

        def registers() -> None:
            for item in evidence:
                assert item.pdf is not None
                item.pdf()

        rows = [
            (
                "compose the report (6 sections, figures, evidence rows)",
                _repeat(lambda: report_build(office, FY)),
            ),
            (f"draw the {len(evidence)} registers it cites", _repeat(registers)),
        ]
        for item in evidence:
            draw_register = item.pdf
            assert draw_register is not None
            rows.append((f"  {item.code} ({item.rows} rows)", _repeat(draw_register)))
        if importlib.util.find_spec("apps.reports.rendering") is not None:
            from apps.reports.views import renderer

            for kind in ("pdf", "docx", "evidence_zip", "evidence_pdf"):
                draw = renderer(kind)
                rows.append(
                    (
                        f"compose and render: {kind}",
                        _repeat(lambda draw=draw: draw(report_build(office, FY), thai_digits=True)),
                    )
                )
    print_table(
        "The annual report (FY 2557, Phatthalung Area 2)",
        SUMMARY_HEADERS,
        [row(label, s) for label, s in rows],
    )
    for label, summary in rows:
        record_summary("reports", label, summary)
