"""Every write of the annual report: the office's wording, the director's review and the
submission (frozen). Runs in the office's schema; each service locks the year's report row.

- Editing: the office administrator or a welfare officer. An edit of a reviewed report sends it
  back to draft (the director reviewed other words); a submitted report is frozen.
- Review: the director (role approver), or whoever holds the director's power `reports.review`
  by a delegation in force that day; never the one who last edited it (separation of duties).
- Submission: of a reviewed report, by an editor or the director. The content as submitted is
  frozen on the row and copied, without the reviewer's name, into the central table
  (`central.reports.submitted_report_store`).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.db import transaction

from accounts.models import User
from accounts.roles import OfficeRole
from apps.delegations.services import delegation_in_force
from apps.reports.compose import report_build, report_sections
from apps.reports.content import ReportContent
from apps.reports.models import AnnualReport, ReportStatus, SectionText
from apps.reports.outline import outline_for
from audit.services import audit_record, diff
from central.reports import submitted_report_store
from core import kit
from core.thai import FiscalYear, format_be_date, local_date
from tenants.models import Office

EDITOR_ROLES: tuple[str, ...] = (OfficeRole.OFFICE_ADMIN, OfficeRole.WELFARE_OFFICER)
REVIEWER_ROLES: tuple[str, ...] = (OfficeRole.APPROVER,)
REVIEW_POWER = "reports.review"
SUBMITTER_ROLES: tuple[str, ...] = (*EDITOR_ROLES, OfficeRole.APPROVER)
TEXT_LIMIT = 4000


class ReportError(kit.Refusal):
    prefix = "reports"


def section_keys(fiscal_year: FiscalYear) -> list[str]:
    """The keys of the year's sections: the outline's, then any module's it does not name."""
    keys = [section.key for section in outline_for(fiscal_year.be_year).sections]
    return keys + [key for key in report_sections() if key not in keys]


def _locked(fiscal_year: FiscalYear) -> AnnualReport:
    AnnualReport.objects.get_or_create(fiscal_year=fiscal_year.be_year)
    return kit.lock(AnnualReport, AnnualReport.objects.get(fiscal_year=fiscal_year.be_year).pk)


def _refuse_if_submitted(report: AnnualReport) -> None:
    if report.status == ReportStatus.SUBMITTED:
        raise ReportError.refuse(
            "submitted",
            f"รายงานปีงบประมาณ {report.fiscal_year} ส่งแล้ว แก้ไขไม่ได้",
            f"The report of fiscal year {report.fiscal_year} is submitted and cannot change.",
        )


def _snapshot(report: AnnualReport) -> dict[str, Any]:
    texts = {text.key: text for text in report.texts.all()}
    return {
        "opening": report.opening,
        **{f"methods.{key}": text.methods for key, text in texts.items()},
        **{f"results.{key}": text.results for key, text in texts.items()},
    }


def _check_length(name: str, text: str) -> None:
    if len(text) > TEXT_LIMIT:
        raise ReportError.refuse(
            "too_long",
            f"ข้อความยาวเกิน {TEXT_LIMIT} ตัวอักษร",
            f"The text is longer than {TEXT_LIMIT} characters.",
            field=name,
        )


@transaction.atomic
def report_texts_save(
    *,
    fiscal_year: FiscalYear,
    editor: User,
    opening: str,
    methods: dict[str, str],
    results: dict[str, str],
    at: datetime | None = None,
) -> AnnualReport:
    """Save the office's wording of the year's report (texts of keys the year has no section
    for are ignored; "" clears a text back to last year's or the default). Locks the report."""
    kit.require_role(
        editor, *EDITOR_ROLES, code="reports.not_allowed", doing=("แก้ไขรายงาน", "edit reports")
    )
    _check_length("opening", opening)
    for prefix, texts in (("methods", methods), ("results", results)):
        for key, text in texts.items():
            _check_length(f"{prefix}_{key}", text)
    report = _locked(fiscal_year)
    _refuse_if_submitted(report)
    before = _snapshot(report)
    report.opening = opening.strip()
    for key in section_keys(fiscal_year):
        if key not in methods and key not in results:
            continue
        row, _created = SectionText.objects.get_or_create(report=report, key=key)
        if key in methods:
            row.methods = methods[key].strip()
        if key in results:
            row.results = results[key].strip()
        row.save()
    was_reviewed = report.status == ReportStatus.REVIEWED
    report.status = ReportStatus.DRAFT
    report.reviewed_by = None
    report.reviewed_at = None
    report.reviewed_by_name = report.reviewed_by_position = ""
    report.last_edited_by, report.last_edited_at = editor, kit.now(at)
    report.save()
    changes = diff(before, _snapshot(report))
    if was_reviewed:
        changes["status"] = [ReportStatus.REVIEWED.value, ReportStatus.DRAFT.value]
    audit_record(action="reports.texts_edited", actor=editor, target=report, changes=changes)
    return report


@transaction.atomic
def report_review(
    *, fiscal_year: FiscalYear, reviewer: User, at: datetime | None = None
) -> AnnualReport:
    """The director reviews the draft (or a delegate of the power `reports.review`). Refused
    to whoever last edited it. Locks the report."""
    reviewed_at = kit.now(at)
    delegation = None
    if not kit.may(reviewer, *REVIEWER_ROLES):
        if reviewer.is_active:
            delegation = delegation_in_force(
                user=reviewer, power=REVIEW_POWER, on=local_date(reviewed_at)
            )
        if delegation is None:
            raise ReportError.refuse(
                "not_allowed",
                f"{reviewer.get_username()} ไม่มีสิทธิตรวจรับรองรายงาน",
                f"{reviewer.get_username()} may not review the report.",
            )
    report = _locked(fiscal_year)
    _refuse_if_submitted(report)
    if report.status != ReportStatus.DRAFT:
        raise ReportError.refuse(
            "already_reviewed", "รายงานนี้ตรวจรับรองแล้ว", "This report is already reviewed."
        )
    if report.last_edited_by_id == reviewer.pk:
        raise ReportError.refuse(
            "own_edit",
            "ผู้แก้ไขรายงานครั้งล่าสุดตรวจรับรองรายงานเองไม่ได้",
            "Whoever last edited the report may not review it.",
        )
    report.status = ReportStatus.REVIEWED
    report.reviewed_by, report.reviewed_at = reviewer, reviewed_at
    report.reviewed_by_name = reviewer.display_name
    if delegation is not None:
        report.reviewed_by_position = f"{delegation.delegate_position}\n{delegation.acting_for}"
    else:
        report.reviewed_by_position = reviewer.position
    report.save()
    audit_record(
        action="reports.reviewed",
        actor=reviewer,
        target=report,
        changes={
            "status": [ReportStatus.DRAFT.value, ReportStatus.REVIEWED.value],
            "delegation": delegation.pk if delegation is not None else None,
        },
    )
    return report


def central_copy(content: ReportContent) -> dict[str, Any]:
    """What the central agency receives: the text and figures, no person's name."""
    data = content.as_json()
    data["reviewed_by"] = ""
    return data


@transaction.atomic
def report_submit(
    *, office: Office, fiscal_year: FiscalYear, submitter: User, at: datetime | None = None
) -> AnnualReport:
    """Submit the reviewed report: its content as built now is frozen on the row and copied to
    the central table. Locks the report."""
    kit.require_role(
        submitter,
        *SUBMITTER_ROLES,
        code="reports.not_allowed",
        doing=("ส่งรายงาน", "submit reports"),
    )
    submitted_at = kit.now(at)
    report = _locked(fiscal_year)
    _refuse_if_submitted(report)
    if report.status != ReportStatus.REVIEWED:
        raise ReportError.refuse(
            "not_reviewed",
            "รายงานต้องผ่านการตรวจรับรองของผู้อำนวยการก่อนส่ง",
            "The report must be reviewed by the director before it is submitted.",
        )
    submitted_on = local_date(submitted_at)
    content = report_build(office, fiscal_year)
    content = ReportContent.from_json(
        {**content.as_json(), "status": "submitted", "submitted_on": submitted_on.isoformat()}
    )
    report.status = ReportStatus.SUBMITTED
    report.submitted_by, report.submitted_at, report.submitted_on = (
        submitter,
        submitted_at,
        submitted_on,
    )
    report.frozen = content.as_json()
    report.save()
    submitted_report_store(
        office=office,
        fiscal_year=fiscal_year.be_year,
        submitted_on=submitted_on,
        content=central_copy(content),
    )
    audit_record(
        action="reports.submitted",
        actor=submitter,
        target=report,
        changes={
            "status": [ReportStatus.REVIEWED.value, ReportStatus.SUBMITTED.value],
            "submitted_on": format_be_date(submitted_on),
        },
    )
    return report
