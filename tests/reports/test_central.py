"""The central agency's pages: which offices submitted for a year, each submitted report's
text and figures (never the office's registers or the reviewer's name), item 7 summed across
offices; the copy is the office's own only."""

from __future__ import annotations

import pytest
from django_tenants.utils import schema_context

from accounts.models import User
from apps.reports import services
from central.reports import SubmittedReport, national_summary
from core.thai import fiscal_year
from tenants.models import Office
from tests.conftest import central_client, office_client

pytestmark = pytest.mark.django_db

FY = fiscal_year(2565)


def _submit(office: Office, opening: str) -> None:
    with schema_context(office.schema_name):
        users = {u.username: u for u in User.objects.all()}
        services.report_texts_save(
            fiscal_year=FY,
            editor=users["welfare_officer"],
            opening=opening,
            methods={},
            results={"healthchecks": "- ตรวจสุขภาพระหว่างวันที่ 26 – 30 กันยายน 2557"},
        )
        services.report_review(fiscal_year=FY, reviewer=users["approver"])
        services.report_submit(office=office, fiscal_year=FY, submitter=users["welfare_officer"])


@pytest.mark.usefixtures("healthchecks_unrecorded")
def test_the_centre_lists_submissions_and_reads_each_report(
    office_a: Office, office_b: Office
) -> None:
    _submit(office_a, "{office} รายงานของ alpha")
    client = central_client("analyst")
    assert "/reports/" in client.get("/").content.decode()  # linked from the central home
    page = client.get("/reports/?fy=2565").content.decode()
    assert "/reports/alpha/2565/" in page and "/reports/beta/2565/" not in page
    assert office_b.name_th in page and "ยังไม่ส่ง" in page
    report = client.get("/reports/alpha/2565/")
    assert report.status_code == 200
    body = report.content.decode()
    assert f"{office_a.name_th} รายงานของ alpha" in body
    assert "ตรวจสุขภาพระหว่างวันที่ 26 – 30 กันยายน 2557" in body  # the office's own text
    assert "evidence.zip" not in body and "/idcards/" not in body
    assert client.get("/reports/beta/2565/").status_code == 404


@pytest.mark.usefixtures("healthchecks_unrecorded")
def test_the_national_summary_adds_up_the_offices(office_a: Office, office_b: Office) -> None:
    _submit(office_a, "")
    _submit(office_b, "")
    summary = {s.key: s for s in national_summary(fiscal_year=2565)}
    assert summary["idcards"].offices_reporting == 2
    assert summary["idcards"].figures["idcards.issued.teacher"].offices == 2
    # Section 5 with no module installed (the fixture): the offices' own text.
    assert summary["healthchecks"].offices_own_text == 2
    assert summary["welfareshop"].offices_reporting == 2  # recorded by apps.welfareshop
    assert summary["certificates"].offices_reporting == 2  # recorded by apps.certificates
    assert SubmittedReport.objects.filter(fiscal_year=2565).count() == 2
    page = central_client("analyst").get("/reports/?fy=2565").content.decode()
    assert 'id="national-summary"' in page and "สำนักงานที่รายงานจาก KruCare" in page


@pytest.mark.parametrize("path", ["/reports/", "/reports/alpha/2565/"])
def test_the_central_pages_need_a_central_role(office_a: Office, path: str) -> None:
    _submit(office_a, "")
    assert central_client().get(path).status_code == 302  # to sign in
    assert central_client("operator").get(path).status_code == 200


def test_an_office_never_reads_the_central_copy(office_a: Office, office_b: Office) -> None:
    _submit(office_a, "{office} ความลับของ alpha")
    # An office host has no central report pages; the office sees its own report only.
    beta = office_client(office_b, "everything")
    assert beta.get("/reports/alpha/2565/").status_code == 404
    body = beta.get("/reports/2565/").content.decode()
    assert "ความลับของ alpha" not in body


def test_a_figure_coded_like_a_dict_method_is_summed_on_the_page(office_a: Office) -> None:
    """Figure codes come from the submitted reports (data): a code such as "values" must not be
    read as the dict's method when the summary page lists a section's figures."""
    _submit(office_a, "")
    report = SubmittedReport.objects.get(fiscal_year=2565)
    section = next(s for s in report.content["sections"] if s.get("recorded", True))
    section["figures"] = [
        {"code": "values", "label": "ตัวเลขชื่อพิเศษ", "unit": "คน", "value": "7"},
        {"code": "items", "label": "อีกตัวเลขหนึ่ง", "unit": "ราย", "value": "3"},
    ]
    report.save(update_fields=["content"])
    page = central_client("analyst").get("/reports/?fy=2565")
    assert page.status_code == 200
    body = page.content.decode()
    assert 'data-code="values">7 คน' in body and 'data-code="items">3 ราย' in body
