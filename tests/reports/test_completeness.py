"""`reports.evidence_completeness` as the nightly collection computes it: the same share as the
report the office sees (`report_content`), read from the modules' sections without assembling
the report, and each module's summary of the year queried once per `compute_all`."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django_tenants.utils import schema_context

from accounts.models import User
from apps.reports import services
from apps.reports.compose import (
    evidence_completeness,
    report_build,
    report_content,
    year_evidence_completeness,
)
from core.indicators import compute_all
from core.thai import fiscal_year_of
from tenants.models import Office
from tests.idcards.factories import CardApplicationFactory
from tests.welfareshop.factories import make_member

pytestmark = pytest.mark.django_db


def _user(username: str) -> User:
    return User.objects.get(username=username)


def _submit(office: Office) -> None:
    fy = fiscal_year_of(timezone.localdate())
    services.report_texts_save(
        fiscal_year=fy, editor=_user("welfare_officer"), opening="", methods={}, results={}
    )
    services.report_review(fiscal_year=fy, reviewer=_user("approver"))
    services.report_submit(office=office, fiscal_year=fy, submitter=_user("welfare_officer"))


def test_the_share_read_from_the_sections_is_the_built_reports(office_a: Office) -> None:
    fy = fiscal_year_of(timezone.localdate())
    with schema_context(office_a.schema_name):
        make_member()  # the member list is the one register with rows
        built = evidence_completeness(report_build(office_a, fy))
        assert built is not None and Decimal(0) < built < Decimal(100)
        assert year_evidence_completeness(fy) == built
        assert compute_all(fy)["reports.evidence_completeness"] == built


@pytest.mark.usefixtures("healthchecks_unrecorded")
def test_a_section_of_the_offices_own_text_is_not_counted(office_a: Office) -> None:
    fy = fiscal_year_of(timezone.localdate())
    with schema_context(office_a.schema_name):
        make_member()
        content = report_build(office_a, fy)
        assert any(not section.recorded and section.evidence for section in content.sections)
        assert year_evidence_completeness(fy) == evidence_completeness(content)


def test_a_submitted_report_keeps_the_share_it_was_submitted_with(office_a: Office) -> None:
    fy = fiscal_year_of(timezone.localdate())
    with schema_context(office_a.schema_name):
        make_member()
        _submit(office_a)
        submitted = evidence_completeness(report_content(office_a, fy))
        CardApplicationFactory()  # the ID-card register has rows now, after submission
        assert evidence_completeness(report_build(office_a, fy)) != submitted
        assert year_evidence_completeness(fy) == submitted
        assert compute_all(fy)["reports.evidence_completeness"] == submitted


@pytest.mark.parametrize(
    "table",
    [
        "certificates_certificate",
        "idcards_cardapplication",
        "welfareshop_member",
        "welfareshop_servicetally",
        "welfareshop_booking",
        "reports_annualreport",
    ],
)
def test_the_collection_reads_each_summary_once_a_year(office_a: Office, table: str) -> None:
    """The indicators and the report's sections (built for the completeness) share one query
    per table and year."""
    fy = fiscal_year_of(timezone.localdate())
    with schema_context(office_a.schema_name):
        make_member()
        CardApplicationFactory()
        with CaptureQueriesContext(connection) as captured:
            values = compute_all(fy)
        assert values["reports.evidence_completeness"] is not None  # the report was read
        reading = [q["sql"] for q in captured.captured_queries if f'"{table}"' in q["sql"]]
        assert len(reading) == 1, reading
