"""A welfare module's section of the annual self-assessment report (the module contract's
`report_section`).

Every area office writes, per fiscal year, the report `../shared/reference/` is an example of
(Standard 2, Indicator 4, item 7: welfare and safety of teachers and educational personnel).
The report app (`apps.reports`) keeps the outline (which sections, in which order, under which
heading, per fiscal year) and the office's own wording; each module that runs a service of the
report declares, in its `module.py`,

    report_section="apps.idcards.report.SECTION"

a `ReportSection`: the section it fills (`key`, the key of a section of the outline), the
default wording of its methods, and `results(fiscal_year)`, which runs inside the office's
schema and says what the office did that year, from its registers: the result lines, the
figures they cite and the registers that are their evidence.

Result lines are Thai and keep Arabic digits; the documents turn them into Thai digits when
they are asked to (never inside an `core.documents.Identifier`). A figure is a number the
central agency could check: a count with its unit (ราย for people served, ครั้ง for times,
คน for persons, บาท for money), never personal data.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal

from core.thai import FiscalYear

Number = int | Decimal


@dataclass(frozen=True)
class Figure:
    """A number the section's results cite: its stable code (an indicator's code where there is
    one), what it counts (Thai), the value and its unit (ราย, ครั้ง, คน, บาท)."""

    code: str
    label: str
    value: Number
    unit: str


@dataclass(frozen=True)
class Evidence:
    """A register cited as evidence: the module's `Register.code`, its title as the evidence list
    names it (Thai), how many rows it has for the fiscal year (0: present but empty), and, where
    KruCare keeps it, a function that draws it as a PDF (the office's register for the year, with
    names: it stays with the office and goes into the office's evidence bundle only)."""

    code: str
    title: str
    rows: int
    pdf: Callable[[], bytes] | None = field(default=None, compare=False)


@dataclass(frozen=True)
class SectionResults:
    """What a section says for one fiscal year (ผลการดำเนินงาน) and its evidence."""

    lines: tuple[str, ...]
    figures: tuple[Figure, ...] = ()
    evidence: tuple[Evidence, ...] = ()


@dataclass(frozen=True)
class ReportSection:
    """A module's section: `key` names the outline's section it fills (the module's code),
    `default_methods` is the วิธีการดำเนินงาน an office starts from (it edits and keeps its own,
    year to year), and `results(fiscal_year)` builds the results."""

    key: str
    default_methods: str
    results: Callable[[FiscalYear], SectionResults]
