"""How the documents read a `ReportContent`: the outline's order, the paragraphs and bullets of
a section's text, the evidence list and the fixed wording. Shared by the PDF and the DOCX so
that both say the same thing in the same order.

Text rules (the contract's, `apps.reports.content.Section`):
- methods: one paragraph or bullet per line; a line starting with "- " (or "•", "·") is a
  bullet, any other line a paragraph; a blank line leaves a space before what follows.
- results: every line is a bullet (a leading "- " is the bullet's, not repeated), except a line
  that starts with spaces, which continues the bullet above as its own indented line (the
  reference's lists of banks under one result).
Digits are the content's (Arabic); the renderers turn them into Thai digits when asked, never
inside a `core.documents.Identifier`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from apps.reports.content import Group, ReportContent, Section
from core.documents import Identifier, Mixed
from core.reporting import Evidence
from core.thai import format_be_date, to_thai_digits

METHODS = "วิธีการดำเนินงาน"
RESULTS = "ผลการดำเนินงาน"
EVIDENCE = "เอกสาร/หลักฐานประกอบ"
DRAFT = "ร่าง"
NOT_RECORDED = "หมายเหตุ: งานนี้ยังไม่ได้บันทึกใน KruCare ข้อความและตัวเลขในส่วนนี้เป็นของสำนักงานเอง"
NOT_KEPT = "ไม่ได้จัดเก็บใน KruCare (เอกสารของสำนักงาน)"
REVIEWED = "ผู้ตรวจทานและรับรองรายงาน"

_BULLET = re.compile(r"^\s*(?:[-–]\s+|[•·▪]\s*)")


def title(content: ReportContent) -> str:
    return f"รายงานการประเมินตนเอง ประจำปีงบประมาณ พ.ศ. {content.fiscal_year}"


def shown(text: str, *, thai_digits: bool) -> str:
    """`text` in the document's digits: Thai digits if asked for, never in an `Identifier`."""
    if isinstance(text, Mixed):
        return "".join(shown(part, thai_digits=thai_digits) for part in text.parts)
    if thai_digits and not isinstance(text, Identifier):
        return to_thai_digits(text)
    return text


@dataclass(frozen=True)
class Line:
    """A paragraph or a bullet of a section's text; `gap` when a blank line came before it;
    `continued` for a results line that continues the bullet above it."""

    text: str
    bullet: bool
    gap: bool = False
    continued: bool = False


def _identified(text: str) -> bool:
    """Text holding someone else's identifier is kept exactly as it comes (its type tells the
    renderers where digits stay Arabic)."""
    return isinstance(text, Identifier | Mixed)


def method_lines(text: str) -> list[Line]:
    if _identified(text):
        return [Line(text, bullet=False)]
    lines: list[Line] = []
    gap = False
    for raw in text.replace("\r\n", "\n").split("\n"):
        if not raw.strip():
            gap = bool(lines)
            continue
        marker = _BULLET.match(raw)
        body = raw[marker.end() :] if marker else raw.strip()
        lines.append(Line(" ".join(body.split()), bullet=bool(marker), gap=gap))
        gap = False
    return lines


def result_lines(results: tuple[str, ...] | list[str]) -> list[Line]:
    lines: list[Line] = []
    for result in results:
        if _identified(result):
            lines.append(Line(result, bullet=True))
            continue
        for raw in result.replace("\r\n", "\n").split("\n"):
            if not raw.strip():
                continue
            marker = _BULLET.match(raw)
            continued = bool(lines) and not marker and raw[:1].isspace()
            body = raw[marker.end() :] if marker else raw.strip()
            lines.append(Line(" ".join(body.split()), bullet=not continued, continued=continued))
    return lines


@dataclass(frozen=True)
class Entry:
    """One numbered heading of the outline: a group, or a section (`nested` when under a
    group, as 1.1 is under 1)."""

    group: Group | None = None
    section: Section | None = None
    nested: bool = False

    @property
    def heading(self) -> str:
        if self.group is not None:
            return f"{self.group.number}. {self.group.title}"
        assert self.section is not None  # noqa: S101 (an entry is one or the other)
        number = self.section.number
        return (
            f"{number} {self.section.title}" if "." in number else f"{number}. {self.section.title}"
        )


def outline(content: ReportContent) -> list[Entry]:
    """Groups and sections in the outline's order: a group just before its first section (a
    section's group is its number's prefix, "1" for "1.1")."""
    groups = {group.number: group for group in content.groups}
    shown_groups: set[str] = set()
    entries: list[Entry] = []
    for section in content.sections:
        prefix, dot, _ = section.number.partition(".")
        group = groups.get(prefix) if dot else None
        if group is not None and prefix not in shown_groups:
            shown_groups.add(prefix)
            entries.append(Entry(group=group))
        entries.append(Entry(section=section, nested=group is not None))
    return entries


@dataclass(frozen=True)
class EvidenceEntry:
    number: int
    evidence: Evidence
    recorded: bool  # cited by a section KruCare records (its rows are counted here)

    @property
    def text(self) -> str:
        """The evidence list's line: the register's title, with its rows where KruCare keeps
        the register."""
        if not self.recorded:
            return self.evidence.title
        if self.evidence.rows:
            return f"{self.evidence.title} ({self.evidence.rows:,} รายการ)"
        return f"{self.evidence.title} (ไม่มีรายการในปีงบประมาณนี้)"

    @property
    def bookmark(self) -> str:
        return f"หลักฐานลำดับที่ {self.number}: {self.evidence.title}"


def evidence_entries(content: ReportContent) -> list[EvidenceEntry]:
    recorded: dict[str, bool] = {}
    for section in content.sections:
        for item in section.evidence:
            recorded.setdefault(item.code, section.recorded)
    return [
        EvidenceEntry(number, item, recorded.get(item.code, False))
        for number, item in content.evidence()
    ]


def submitted_line(content: ReportContent) -> str:
    """ "ส่งรายงานเมื่อ 30 กันยายน 2557" for a submitted report, else ""."""
    if content.status != "submitted" or content.submitted_on is None:
        return ""
    return f"ส่งรายงานเมื่อ {be_date(content.submitted_on)}"


def reviewer_lines(content: ReportContent) -> list[str]:
    """The reviewer's name and position as signed, line by line, once reviewed."""
    if content.status not in ("reviewed", "submitted") or not content.reviewed_by.strip():
        return []
    return [line.strip() for line in content.reviewed_by.splitlines() if line.strip()]


def be_date(value: date) -> str:
    return format_be_date(value, style="long")


def file_slug(text: str) -> str:
    """An ASCII file-name part from an evidence code ("idcards.register" -> "idcards-register")."""
    slug = re.sub(r"[^A-Za-z0-9]+", "-", text).strip("-").lower()
    return slug or "evidence"
