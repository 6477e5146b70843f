"""The office's report pages: who sees and does what, the edit form's refusals in Thai, the
review and submission through the pages, the changes page once submitted, and the documents'
role checks (the renderers themselves are tested with them, in apps.reports.rendering)."""

from __future__ import annotations

import pytest
from django_tenants.utils import schema_context

from apps.reports.models import AnnualReport, ReportStatus
from audit.models import AuditEvent
from tenants.models import Office
from tests.conftest import office_client

pytestmark = pytest.mark.django_db

YEAR = 2566


def _form_data(client, year: int = YEAR, **changes: str) -> dict[str, str]:
    form = client.get(f"/reports/{year}/edit/").context["form"]
    data = {name: str(form.fields[name].initial) for name in form.fields}
    data.update(changes)
    return data


def _report(office: Office) -> AnnualReport | None:
    with schema_context(office.schema_name):
        return AnnualReport.objects.filter(fiscal_year=YEAR).first()


@pytest.mark.usefixtures("healthchecks_unrecorded")
@pytest.mark.parametrize(
    "username", ["office_admin", "welfare_officer", "approver", "finance_officer", "viewer"]
)
def test_the_report_page_shows_the_reference_structure_to_every_reader(
    office_a: Office, username: str
) -> None:
    response = office_client(office_a, username).get(f"/reports/{YEAR}/")
    assert response.status_code == 200
    body = response.content.decode()
    assert "มาตรฐานที่ 2 การบริหารและการจัดการศึกษาที่มีประสิทธิภาพ" in body
    assert "1.1 การขอมีบัตรประจำตัวของข้าราชการ" in body
    assert "ไม่ได้บันทึกใน KruCare" in body  # a section no installed module fills
    assert ("/reports/2566/edit/" in body) == (username in ("office_admin", "welfare_officer"))
    assert ("/reports/2566/evidence.zip" in body) == (username != "viewer")


def test_the_default_year_is_the_one_that_ended_and_a_bad_year_is_not_found(
    office_a: Office,
) -> None:
    client = office_client(office_a, "viewer")
    assert client.get("/reports/?fy=2557")["Location"] == "/reports/2557/"
    assert client.get("/reports/?fy=2026")["Location"].startswith("/reports/25")
    assert client.get("/reports/")["Location"] != "/reports/2566/"
    editor = office_client(office_a, "welfare_officer")
    editor.post(f"/reports/{YEAR}/edit/", _form_data(editor))  # a report being written
    assert client.get("/reports/")["Location"] == "/reports/2566/"
    assert client.get("/reports/1999/").status_code == 404
    assert client.get("/reports/99999/").status_code == 404


@pytest.mark.parametrize("username", ["approver", "finance_officer", "viewer"])
def test_only_editors_open_the_edit_page(office_a: Office, username: str) -> None:
    client = office_client(office_a, username)
    assert client.get(f"/reports/{YEAR}/edit/").status_code == 403
    assert client.post(f"/reports/{YEAR}/edit/", {"opening": "x"}).status_code == 403
    assert _report(office_a) is None


def test_editing_reviewing_and_submitting_through_the_pages(office_a: Office) -> None:
    officer = office_client(office_a, "welfare_officer")
    data = _form_data(officer, opening="{office} ขอรายงานดังนี้")
    response = officer.post(f"/reports/{YEAR}/edit/", data)
    assert response.status_code == 302
    page = officer.get(f"/reports/{YEAR}/").content.decode()
    assert f"{office_a.name_th} ขอรายงานดังนี้" in page
    assert f"/reports/{YEAR}/review/" not in page  # the editor is not the reviewer

    # The officer posting the review anyway is refused, nothing changes.
    officer.post(f"/reports/{YEAR}/review/")
    assert _report(office_a).status == ReportStatus.DRAFT

    director = office_client(office_a, "approver")
    assert f"/reports/{YEAR}/review/" in director.get(f"/reports/{YEAR}/").content.decode()
    assert director.post(f"/reports/{YEAR}/review/").status_code == 302
    assert _report(office_a).status == ReportStatus.REVIEWED
    assert office_client(office_a, "viewer").post(f"/reports/{YEAR}/submit/").status_code == 403
    assert officer.get(f"/reports/{YEAR}/changes/").status_code == 404
    assert officer.post(f"/reports/{YEAR}/submit/").status_code == 302
    report = _report(office_a)
    assert report.status == ReportStatus.SUBMITTED and report.frozen is not None

    page = officer.get(f"/reports/{YEAR}/").content.decode()
    assert f"/reports/{YEAR}/edit/" not in page and f"/reports/{YEAR}/changes/" in page
    changes = officer.get(f"/reports/{YEAR}/changes/")
    assert changes.status_code == 200 and 'id="no-changes"' in changes.content.decode()
    with schema_context(office_a.schema_name):
        actions = set(AuditEvent.objects.values_list("action", flat=True))
    assert {"reports.texts_edited", "reports.reviewed", "reports.submitted"} <= actions


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("ครูสมชาย 1-1017-00230-70-8", "เลขประจำตัวประชาชน"),
        ("ก" * 4001, "4000"),
        ("", "กรุณากรอก"),
    ],
)
def test_the_edit_form_refuses_in_thai_and_writes_nothing(
    office_a: Office, value: str, message: str
) -> None:
    officer = office_client(office_a, "welfare_officer")
    response = officer.post(f"/reports/{YEAR}/edit/", _form_data(officer, opening=value))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert _report(office_a) is None


@pytest.mark.parametrize("kind", ["evidence.zip", "evidence.pdf"])
def test_the_evidence_bundle_is_refused_to_a_viewer(office_a: Office, kind: str) -> None:
    assert office_client(office_a, "viewer").get(f"/reports/{YEAR}/{kind}").status_code == 403


@pytest.mark.parametrize(
    ("kind", "start"),
    [
        ("report.pdf", b"%PDF"),
        ("report.docx", b"PK"),
        ("evidence.zip", b"PK"),
        ("evidence.pdf", b"%PDF"),
    ],
)
def test_the_documents_download(office_a: Office, kind: str, start: bytes) -> None:
    response = office_client(office_a, "welfare_officer").get(f"/reports/{YEAR}/{kind}")
    assert response.status_code == 200 and response.content.startswith(start)


def test_the_report_page_takes_a_fixed_number_of_queries(office_a: Office) -> None:
    from datetime import date
    from decimal import Decimal

    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from apps.reimbursements.services import ItemInput, ReceiptInput
    from tests.reimbursements.factories import MedicalClaimFactory

    client = office_client(office_a, "welfare_officer")
    client.get("/reports/2557/")  # sessions and caches warm
    with CaptureQueriesContext(connection) as empty:
        client.get("/reports/2557/")
    with schema_context(office_a.schema_name):
        for number in range(3):
            item = ItemInput(kind="medicine", amount=Decimal("100.00"))
            receipt = ReceiptInput(number=f"R-{number}", issued_on=date(2014, 5, 20), items=(item,))
            MedicalClaimFactory(step="paid", receipts=[receipt])
    with CaptureQueriesContext(connection) as filled:
        page = client.get("/reports/2557/").content.decode()
    assert "ค่ารักษาพยาบาลแก่ข้าราชการครูฯ จำนวน 3 ครั้ง" in page

    def queries(captured: CaptureQueriesContext) -> list[str]:
        return [q["sql"] for q in captured.captured_queries if not q["sql"].startswith("SET ")]

    # A few per section of the outline (five modules fill theirs; section 4's loans add the
    # year-end position, the repaid sum and the loans register's rows), none per record.
    assert len(queries(filled)) == len(queries(empty)) <= 30, queries(filled)
