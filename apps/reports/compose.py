"""Composing the annual report of an office for a fiscal year (`ReportContent`), and the
difference between a submitted report and the same report built again today.

A fresh report is the fiscal year's outline (`apps.reports.outline`), the office's wording in
force for the year (`report_texts`: the year's own, else the latest earlier year's, else the
module's or the outline's default), and each installed module's `core.reporting.ReportSection`
results, found through the module registry (`core.modules`): this app never imports a service.
A section of the outline no installed module fills is the office's own text, `recorded=False`.

Runs in the office's schema.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.utils import translation
from django.utils.module_loading import import_string

from apps.reports.content import Group, ReportContent, Section
from apps.reports.models import AnnualReport, ReportStatus
from apps.reports.outline import Outline, OutlineSection, fill, outline_for
from core.indicators import shared
from core.modules import modules
from core.reporting import Evidence, ReportSection
from core.thai import FiscalYear
from tenants.models import Office


def report_sections() -> dict[str, ReportSection]:
    """The installed modules' sections, by the outline key they fill, in the modules' order."""
    found: dict[str, ReportSection] = {}
    for module in modules():
        if module.report_section:
            section: ReportSection = import_string(module.report_section)
            found[section.key] = section
    return found


@shared
def annual_report_of(be_year: int) -> AnnualReport | None:
    """The office's report of `be_year` (one per year), None before it starts one. Both report
    indicators read it, so while the collection runs it is fetched once per year."""
    return AnnualReport.objects.filter(fiscal_year=be_year).first()


@dataclass(frozen=True)
class Texts:
    """The office's wording in force for a year ("" where the office wrote none)."""

    opening: str
    methods: dict[str, str]
    results: dict[str, str]


def report_texts(be_year: int) -> Texts:
    """The office's wording for `be_year`: per field, the year's own, else the latest earlier
    year's (an office keeps its wording from year to year)."""
    opening = ""
    methods: dict[str, str] = {}
    results: dict[str, str] = {}
    reports = AnnualReport.objects.filter(fiscal_year__lte=be_year).prefetch_related("texts")
    for report in reports.order_by("-fiscal_year"):
        opening = opening or report.opening
        for text in report.texts.all():
            if text.methods and text.key not in methods:
                methods[text.key] = text.methods
            if text.results and text.key not in results:
                results[text.key] = text.results
    return Texts(opening, methods, results)


def _lines(text: str) -> tuple[str, ...]:
    return tuple(line.strip() for line in text.splitlines() if line.strip())


def _module_title(code: str) -> str:
    """The Thai title of the module of `code` (a section the outline does not name)."""
    with translation.override("th"):
        return next((str(m.title) for m in modules() if m.code == code), code)


def _extra_number(outline: Outline, index: int) -> str:
    """The number of a module's section the outline does not name: after the last one."""
    last = max(int(s.number.split(".")[0]) for s in outline.sections)
    return str(last + index)


def _unrecorded(item: OutlineSection, texts: Texts, *, office: str, be_year: int) -> Section:
    evidence = tuple(
        Evidence(f"{item.key}.evidence.{index}", fill(title, office=office, be_year=be_year), 0)
        for index, title in enumerate(item.evidence, start=1)
    )
    return Section(
        key=item.key,
        number=item.number,
        title=fill(item.title, office=office, be_year=be_year),
        methods=fill(
            texts.methods.get(item.key) or item.default_methods, office=office, be_year=be_year
        ),
        results=_lines(
            fill(
                texts.results.get(item.key) or item.default_results, office=office, be_year=be_year
            )
        ),
        evidence=evidence,
        recorded=False,
    )


def report_build(office: Office, fiscal_year: FiscalYear) -> ReportContent:
    """The report as it would be written today (never the frozen copy)."""
    be_year = fiscal_year.be_year
    outline = outline_for(be_year)
    texts = report_texts(be_year)
    name = office.name_th
    filled_sections = report_sections()
    sections: list[Section] = []
    for item in outline.sections:
        module_section = filled_sections.get(item.key)
        if module_section is None:
            sections.append(_unrecorded(item, texts, office=name, be_year=be_year))
            continue
        results = module_section.results(fiscal_year)
        methods = texts.methods.get(item.key) or module_section.default_methods
        sections.append(
            Section(
                key=item.key,
                number=item.number,
                title=fill(item.title, office=name, be_year=be_year),
                methods=fill(methods, office=name, be_year=be_year),
                results=results.lines,
                figures=results.figures,
                evidence=results.evidence,
            )
        )
    extra = [key for key in filled_sections if outline.section(key) is None]
    for index, key in enumerate(extra, start=1):
        module_section = filled_sections[key]
        results = module_section.results(fiscal_year)
        sections.append(
            Section(
                key=key,
                number=_extra_number(outline, index),
                title=_module_title(key),
                methods=fill(
                    texts.methods.get(key) or module_section.default_methods,
                    office=name,
                    be_year=be_year,
                ),
                results=results.lines,
                figures=results.figures,
                evidence=results.evidence,
            )
        )
    report = annual_report_of(be_year)
    status = report.status if report is not None else ReportStatus.DRAFT
    return ReportContent(
        office_code=office.code,
        office_name=name,
        fiscal_year=be_year,
        heading=outline.heading,
        opening=fill(texts.opening or outline.opening, office=name, be_year=be_year),
        groups=outline.groups,
        sections=tuple(sections),
        status=status,
        submitted_on=None,
        reviewed_by=_signed(report) if report is not None else "",
    )


def _signed(report: AnnualReport) -> str:
    if not report.reviewed_by_name:
        return ""
    return "\n".join(filter(None, [report.reviewed_by_name, report.reviewed_by_position]))


def with_drawings(frozen: ReportContent, fresh: ReportContent) -> ReportContent:
    """The frozen report with today's drawing of each register it cites (a frozen copy keeps
    the registers' row counts only): for the office's evidence bundle after submission."""
    drawings = {item.code: item.pdf for section in fresh.sections for item in section.evidence}
    return dataclasses.replace(
        frozen,
        sections=tuple(
            dataclasses.replace(
                section,
                evidence=tuple(
                    dataclasses.replace(item, pdf=drawings.get(item.code))
                    for item in section.evidence
                ),
            )
            for section in frozen.sections
        ),
    )


def report_content(
    office: Office, fiscal_year: FiscalYear, *, drawings: bool = False
) -> ReportContent:
    """The report of the year: the frozen copy once submitted (with today's drawings of its
    registers if `drawings`), else the report built today."""
    frozen = _frozen_copy(annual_report_of(fiscal_year.be_year))
    if frozen is not None:
        return with_drawings(frozen, report_build(office, fiscal_year)) if drawings else frozen
    return report_build(office, fiscal_year)


def _frozen_copy(report: AnnualReport | None) -> ReportContent | None:
    """The report as submitted (its frozen copy), None while it is not submitted."""
    if report is not None and report.status == ReportStatus.SUBMITTED and report.frozen:
        return ReportContent.from_json(report.frozen)
    return None


@dataclass(frozen=True)
class Change:
    """One difference between the report as submitted and as built today."""

    where: str  # "1.1 การขอมีบัตร…" or "คำนำ"
    what: str  # a figure's label, "วิธีการดำเนินงาน", "ผลการดำเนินงาน", an evidence title
    before: str
    after: str


def _figure_text(value: object, unit: str) -> str:
    return f"{value} {unit}".strip()


def report_changes(submitted: ReportContent, today: ReportContent) -> list[Change]:
    """What differs between the submitted report and the same report built today: the
    opening, each section's methods and results, its figures and its registers' row counts."""
    changes: list[Change] = []
    if submitted.opening != today.opening:
        changes.append(Change("คำนำ", "ข้อความ", submitted.opening, today.opening))
    now_by_key = {section.key: section for section in today.sections}
    for before in submitted.sections:
        where = f"{before.number} {before.title}"
        after = now_by_key.pop(before.key, None)
        if after is None:
            changes.append(Change(where, "หัวข้อ", "มี", "ไม่มี"))
            continue
        if before.methods != after.methods:
            changes.append(Change(where, "วิธีการดำเนินงาน", before.methods, after.methods))
        if before.results != after.results:
            changes.append(
                Change(where, "ผลการดำเนินงาน", "\n".join(before.results), "\n".join(after.results))
            )
        figures_now = {figure.code: figure for figure in after.figures}
        for figure in before.figures:
            now = figures_now.pop(figure.code, None)
            if now is None or now.value != figure.value:
                changes.append(
                    Change(
                        where,
                        figure.label,
                        _figure_text(figure.value, figure.unit),
                        _figure_text(now.value, now.unit) if now is not None else "-",
                    )
                )
        for figure in figures_now.values():
            changes.append(
                Change(where, figure.label, "-", _figure_text(figure.value, figure.unit))
            )
        rows_now = {item.code: item.rows for item in after.evidence}
        for item in before.evidence:
            if item.code in rows_now and rows_now[item.code] != item.rows:
                changes.append(
                    Change(
                        where,
                        item.title,
                        f"{item.rows} รายการ",
                        f"{rows_now[item.code]} รายการ",
                    )
                )
    for section in now_by_key.values():
        changes.append(Change(f"{section.number} {section.title}", "หัวข้อ", "ไม่มี", "มี"))
    return changes


def evidence_completeness(content: ReportContent) -> Decimal | None:
    """The share (percent) of the registers a report cites from KruCare that are non-empty;
    None when it cites none."""
    return _share_present(
        [item for section in content.sections if section.recorded for item in section.evidence]
    )


def _share_present(cited: list[Evidence]) -> Decimal | None:
    if not cited:
        return None
    present = sum(1 for item in cited if item.rows > 0)
    return (Decimal(100 * present) / Decimal(len(cited))).quantize(Decimal("0.01"))


def cited_evidence(fiscal_year: FiscalYear) -> list[Evidence]:
    """The registers the report built today cites from KruCare: every installed module's
    section's (`report_build` gives each module a recorded section, in the outline or after
    it; the other sections are the office's own text, whose evidence is not counted)."""
    return [
        item
        for section in report_sections().values()
        for item in section.results(fiscal_year).evidence
    ]


def year_evidence_completeness(fiscal_year: FiscalYear) -> Decimal | None:
    """`evidence_completeness` of the year's `report_content`: the frozen copy's once
    submitted, else the report's built today, read from the modules' sections alone (no
    outline, wording or report assembled: the collection computes it for every office each
    night, and the sections' figures come from the summaries its indicators share)."""
    frozen = _frozen_copy(annual_report_of(fiscal_year.be_year))
    if frozen is not None:
        return evidence_completeness(frozen)
    return _share_present(cited_evidence(fiscal_year))


def submitted_on_of(be_year: int) -> date | None:
    report = annual_report_of(be_year)
    if report is None or report.status != ReportStatus.SUBMITTED:
        return None
    return report.submitted_on


@dataclass(frozen=True)
class EditableSection:
    key: str
    number: str
    title: str
    recorded: bool
    methods: str
    results: str  # the office's results text (sections KruCare does not record only)


def editable_texts(office: Office, fiscal_year: FiscalYear) -> tuple[str, list[EditableSection]]:
    """The wording as the office edits it (placeholders `{office}`, `{fiscal_year}` kept): the
    opening, and per section its methods (and results where KruCare records none)."""
    be_year = fiscal_year.be_year
    outline = outline_for(be_year)
    texts = report_texts(be_year)
    filled_sections = report_sections()
    found: list[EditableSection] = []
    for item in outline.sections:
        module_section = filled_sections.get(item.key)
        title = fill(item.title, office=office.name_th, be_year=be_year)
        if module_section is None:
            found.append(
                EditableSection(
                    item.key,
                    item.number,
                    title,
                    False,
                    texts.methods.get(item.key) or item.default_methods,
                    texts.results.get(item.key) or item.default_results,
                )
            )
        else:
            found.append(
                EditableSection(
                    item.key,
                    item.number,
                    title,
                    True,
                    texts.methods.get(item.key) or module_section.default_methods,
                    "",
                )
            )
    extra = [key for key in filled_sections if outline.section(key) is None]
    for index, key in enumerate(extra, start=1):
        methods = texts.methods.get(key) or filled_sections[key].default_methods
        found.append(
            EditableSection(
                key, _extra_number(outline, index), _module_title(key), True, methods, ""
            )
        )
    return texts.opening or outline.opening, found


def content_rows(content: ReportContent) -> list[tuple[Group | None, Section]]:
    """The sections in order, each with the group heading to print before it (the first
    section of a group only)."""
    groups = {group.number: group for group in content.groups}
    shown: set[str] = set()
    rows: list[tuple[Group | None, Section]] = []
    for section in content.sections:
        prefix = section.number.split(".")[0] if "." in section.number else ""
        group = groups.get(prefix) if prefix not in shown else None
        if group is not None:
            shown.add(prefix)
        rows.append((group, section))
    return rows
