"""The report's workflow in the services: who may edit, review and submit, separation of
duties, a reviewed report edited goes back to draft, a submitted one is frozen, every change
audited, the office's wording carried over to the next year."""

from __future__ import annotations

import pytest
from django.utils import timezone
from django_tenants.utils import schema_context

from accounts.models import User
from apps.delegations.services import delegation_create
from apps.reports import services
from apps.reports.compose import report_build, report_content
from apps.reports.models import AnnualReport, ReportStatus, SectionText
from audit.models import AuditEvent
from central.reports import SubmittedReport
from core.errors import ApplicationError
from core.thai import fiscal_year
from tenants.models import Office

pytestmark = pytest.mark.django_db

FY = fiscal_year(2567)


def _user(username: str) -> User:
    return User.objects.get(username=username)


def _edit(username: str, **texts: str) -> AnnualReport:
    return services.report_texts_save(
        fiscal_year=FY,
        editor=_user(username),
        opening=texts.get("opening", ""),
        methods={"idcards": texts.get("idcards", "")},
        results={"healthchecks": texts.get("healthchecks", "")},
    )


def _state() -> tuple[object, ...]:
    return (
        list(AnnualReport.objects.values_list("fiscal_year", "status", "opening")),
        list(SectionText.objects.values_list("key", "methods", "results")),
        AuditEvent.objects.count(),
    )


@pytest.mark.parametrize("username", ["approver", "finance_officer", "viewer", "fund_committee"])
def test_only_the_office_admin_and_welfare_officers_edit(office_a: Office, username: str) -> None:
    with schema_context(office_a.schema_name):
        before = _state()
        with pytest.raises(ApplicationError) as refused:
            _edit(username, opening="x")
        assert refused.value.code == "reports.not_allowed"
        assert _state() == before


def test_the_last_editor_may_not_review_and_a_non_director_may_not(office_a: Office) -> None:
    with schema_context(office_a.schema_name):
        _edit("everything", idcards="- วิธีการของเรา")  # holds every role, the director's too
        for username, code in (
            ("everything", "reports.own_edit"),
            ("welfare_officer", "reports.not_allowed"),
        ):
            before = _state()
            with pytest.raises(ApplicationError) as refused:
                services.report_review(fiscal_year=FY, reviewer=_user(username))
            assert refused.value.code == code
            assert _state() == before
        report = services.report_review(fiscal_year=FY, reviewer=_user("approver"))
        assert report.status == ReportStatus.REVIEWED and report.reviewed_by == _user("approver")


def test_a_delegate_of_the_review_power_may_review(office_a: Office) -> None:
    with schema_context(office_a.schema_name):
        today = timezone.localdate()
        delegation_create(
            delegator=_user("approver"),
            delegate=_user("finance_officer"),
            power=services.REVIEW_POWER,
            valid_from=today,
            valid_to=today,
            order_reference="คำสั่งที่ 1/2567",
            recorded_by=_user("office_admin"),
            delegate_position="รองผู้อำนวยการ",
            delegator_position="ผู้อำนวยการ",
        )
        _edit("welfare_officer", opening="{office} ทดสอบ")
        report = services.report_review(fiscal_year=FY, reviewer=_user("finance_officer"))
        assert report.status == ReportStatus.REVIEWED
        assert report.reviewed_by_position.startswith("รองผู้อำนวยการ\n")


def test_an_edit_after_review_returns_to_draft_and_submission_needs_a_review(
    office_a: Office,
) -> None:
    with schema_context(office_a.schema_name):
        _edit("welfare_officer", idcards="- ก")
        services.report_review(fiscal_year=FY, reviewer=_user("approver"))
        report = _edit("office_admin", idcards="- ข")
        assert report.status == ReportStatus.DRAFT and report.reviewed_by is None
        before = _state()
        with pytest.raises(ApplicationError) as refused:
            services.report_submit(office=office_a, fiscal_year=FY, submitter=_user("approver"))
        assert refused.value.code == "reports.not_reviewed"
        assert _state() == before
        actions = list(
            AuditEvent.objects.filter(action__startswith="reports.").values_list(
                "action", flat=True
            )
        )
        assert actions.count("reports.texts_edited") == 2 and "reports.reviewed" in actions


def test_a_submitted_report_is_frozen_and_copied_to_the_centre(office_a: Office) -> None:
    with schema_context(office_a.schema_name):
        _edit("welfare_officer", opening="{office} รายงานของเรา ปี {fiscal_year}")
        services.report_review(fiscal_year=FY, reviewer=_user("approver"))
        services.report_submit(office=office_a, fiscal_year=FY, submitter=_user("welfare_officer"))
        before = _state()
        with pytest.raises(ApplicationError) as refused:
            _edit("welfare_officer", opening="อีกแบบ")
        assert refused.value.code == "reports.submitted"
        with pytest.raises(ApplicationError):
            services.report_review(fiscal_year=FY, reviewer=_user("approver"))
        assert _state() == before
        content = report_content(office_a, FY)
        assert content.status == "submitted" and content.submitted_on is not None
        assert content.opening == f"{office_a.name_th} รายงานของเรา ปี 2567"
        assert AuditEvent.objects.filter(action="reports.submitted").count() == 1
    copy = SubmittedReport.objects.get(office=office_a, fiscal_year=2567)
    assert copy.content["opening"] == content.opening
    assert not SubmittedReport.objects.filter(office__code="beta").exists()


@pytest.mark.usefixtures("healthchecks_unrecorded")
def test_the_wording_carries_over_to_the_next_year_and_empty_returns_to_the_default(
    office_a: Office,
) -> None:
    with schema_context(office_a.schema_name):
        _edit(
            "welfare_officer", idcards="- บริการภายใน 10 นาที ปี {fiscal_year}", healthchecks="- 50 คน"
        )
        next_year = report_build(office_a, fiscal_year(2568))
        sections = {s.key: s for s in next_year.sections}
        assert sections["idcards"].methods == "- บริการภายใน 10 นาที ปี 2568"
        assert sections["healthchecks"].results == ("- 50 คน",)
        assert not sections["healthchecks"].recorded and sections["idcards"].recorded
        _edit("welfare_officer")  # everything emptied: the defaults again
        sections = {s.key: s for s in report_build(office_a, FY).sections}
        assert sections["idcards"].methods.startswith("- เมื่อมีข้าราชการที่ยื่นความประสงค์")
        assert sections["healthchecks"].results[0].startswith("- หน่วยแพทย์เคลื่อนที่")
