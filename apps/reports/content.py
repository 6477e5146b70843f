"""The annual report as the documents draw it: one `ReportContent` per office and fiscal year.

`apps.reports` composes it (the fiscal year's outline and heading, the office's own wording,
each module's `core.reporting.ReportSection` results, or, once submitted, the frozen copy) and
the renderers (PDF, DOCX, the evidence bundle) draw it without querying anything else. Its
`as_json()` / `from_json()` is what a submitted report keeps: text and figures, never the
registers' rows.

The structure is the reference's (`../shared/reference/`): the heading (standard, indicator,
item), the opening sentence, the numbered sections, each with its methods (วิธีการดำเนินงาน)
and results (ผลการดำเนินงาน), grouped where the outline groups them ("1. One Stop Service" holds
1.1 ID cards and 1.2 claims), then the numbered evidence list.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from core.reporting import Evidence, Figure


@dataclass(frozen=True)
class Heading:
    """Where the report sits in the standards for area offices of its fiscal year (dated data:
    the standards were revised after B.E. 2557)."""

    standard: str  # "มาตรฐานที่ 2 การบริหารและการจัดการศึกษาที่มีประสิทธิภาพ"
    indicator: str  # "ตัวบ่งชี้ที่ 4"
    item: str  # "ข้อ 7 การจัดสวัสดิการ สวัสดิภาพครูและบุคลากรทางการศึกษา"


@dataclass(frozen=True)
class Section:
    """One numbered section. `recorded` is False for a service KruCare does not run yet (or the
    office does not use): its methods and results are the office's own text, and the documents
    say that its figures are not recorded in KruCare."""

    key: str  # the module code ("idcards"), stable
    number: str  # "1.1", "1.2", "2", "3", "4", "5"
    title: str
    methods: str  # paragraphs separated by blank lines; lines starting "- " are bullets
    results: tuple[str, ...]
    figures: tuple[Figure, ...] = ()
    evidence: tuple[Evidence, ...] = ()
    recorded: bool = True


@dataclass(frozen=True)
class Group:
    """A numbered heading over sections ("1. จัดบริการ One Stop Service ในเรื่องดังนี้")."""

    number: str
    title: str


@dataclass(frozen=True)
class ReportContent:
    office_code: str  # the tenant's schema name / subdomain
    office_name: str  # "สำนักงานเขตพื้นที่การศึกษาประถมศึกษาพัทลุง เขต 2"
    fiscal_year: int  # B.E.
    heading: Heading
    opening: str
    groups: tuple[Group, ...]
    sections: tuple[
        Section, ...
    ]  # in the outline's order; a section's group is its number's prefix
    status: str  # "draft", "reviewed", "submitted"
    submitted_on: date | None = None
    reviewed_by: str = ""  # the director's name and position, as signed

    def evidence(self) -> list[tuple[int, Evidence]]:
        """The numbered evidence list: every section's evidence in order, numbered from 1, each
        register once."""
        seen: set[str] = set()
        numbered: list[tuple[int, Evidence]] = []
        for section in self.sections:
            for item in section.evidence:
                if item.code not in seen:
                    seen.add(item.code)
                    numbered.append((len(numbered) + 1, item))
        return numbered

    def as_json(self) -> dict[str, Any]:
        """What a submitted report keeps (JSON-safe; evidence without its drawing function)."""

        def figure(f: Figure) -> dict[str, Any]:
            return {"code": f.code, "label": f.label, "value": str(f.value), "unit": f.unit}

        def evidence(e: Evidence) -> dict[str, Any]:
            return {"code": e.code, "title": e.title, "rows": e.rows}

        return {
            "office_code": self.office_code,
            "office_name": self.office_name,
            "fiscal_year": self.fiscal_year,
            "heading": vars(self.heading),
            "opening": self.opening,
            "groups": [vars(g) for g in self.groups],
            "sections": [
                {
                    "key": s.key,
                    "number": s.number,
                    "title": s.title,
                    "methods": s.methods,
                    "results": list(s.results),
                    "figures": [figure(f) for f in s.figures],
                    "evidence": [evidence(e) for e in s.evidence],
                    "recorded": s.recorded,
                }
                for s in self.sections
            ],
            "status": self.status,
            "submitted_on": self.submitted_on.isoformat() if self.submitted_on else None,
            "reviewed_by": self.reviewed_by,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> ReportContent:
        def number(text: str) -> int | Decimal:
            value = Decimal(text)
            return int(value) if value == value.to_integral_value() else value

        return cls(
            office_code=data["office_code"],
            office_name=data["office_name"],
            fiscal_year=int(data["fiscal_year"]),
            heading=Heading(**data["heading"]),
            opening=data["opening"],
            groups=tuple(Group(**g) for g in data["groups"]),
            sections=tuple(
                Section(
                    key=s["key"],
                    number=s["number"],
                    title=s["title"],
                    methods=s["methods"],
                    results=tuple(s["results"]),
                    figures=tuple(
                        Figure(f["code"], f["label"], number(f["value"]), f["unit"])
                        for f in s["figures"]
                    ),
                    evidence=tuple(
                        Evidence(e["code"], e["title"], e["rows"]) for e in s["evidence"]
                    ),
                    recorded=s["recorded"],
                )
                for s in data["sections"]
            ),
            status=data["status"],
            submitted_on=date.fromisoformat(data["submitted_on"]) if data["submitted_on"] else None,
            reviewed_by=data.get("reviewed_by", ""),
        )
