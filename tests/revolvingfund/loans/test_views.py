"""The loans' pages: who sees what, bad input changes nothing, the register's query count."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django_tenants.utils import schema_context

from apps.revolvingfund.models import Loan, LoanEntry
from tests.conftest import office_client
from tests.revolvingfund.loans.factories import (
    FIRST_MONTH,
    make_approved_application,
    make_loan,
    proof_upload,
)
from tests.revolvingfund.loans.test_services import deduction_csv

pytestmark = pytest.mark.django_db


def url(name, *args):
    return reverse(f"revolvingfund:loans:{name}", args=args)


@pytest.fixture
def loan(office_a):
    with schema_context(office_a.schema_name):
        return make_loan()


@pytest.mark.parametrize("username", ["viewer", "fund_committee", "office_admin"])
def test_roles_without_need_see_no_loan(office_a, loan, username):
    client = office_client(office_a, username)
    assert client.get(url("register")).status_code == 403
    assert client.get(url("detail", loan.pk)).status_code == 403
    assert client.get(url("contract_pdf", loan.pk)).status_code == 403


def test_the_register_and_a_loan_page(office_a, loan):
    client = office_client(office_a, "welfare_officer")
    page = client.get(url("register") + "?fy=2557")
    assert page.status_code == 200
    assert loan.number in page.content.decode()
    page = client.get(url("detail", loan.pk))
    assert page.status_code == 200
    assert "2,582.27" in page.content.decode()
    assert client.get(url("contract_pdf", loan.pk))["Content-Type"] == "application/pdf"


def test_the_registers_query_count_does_not_grow_with_loans(office_a, loan):
    client = office_client(office_a, "finance_officer")
    client.get(url("register") + "?fy=2557")  # the session's first request does more
    with CaptureQueriesContext(connection) as few:
        client.get(url("register") + "?fy=2557")
    with schema_context(office_a.schema_name):
        for _ in range(3):
            make_loan()
    with CaptureQueriesContext(connection) as more:
        client.get(url("register") + "?fy=2557")

    def counted(context):  # the schema switch of the test itself is not the page's
        return [q for q in context.captured_queries if not q["sql"].startswith("SET search_path")]

    assert len(counted(more)) == len(counted(few))


def test_a_bad_contract_form_changes_nothing(office_a):
    with schema_context(office_a.schema_name):
        application = make_approved_application()
    client = office_client(office_a, "welfare_officer")
    page = client.post(url("prepare", application.pk), {"contract_signed_on": "31/02/2557",
                                                        "borrower_signed": "on"})  # fmt: skip
    assert page.status_code == 200
    assert "ไม่มีวันที่" in page.content.decode()
    with schema_context(office_a.schema_name):
        assert not Loan.objects.filter(application=application).exists()


def test_a_disbursement_with_bad_input_is_refused_with_a_thai_message(office_a):
    with schema_context(office_a.schema_name):
        signed = make_loan(step="signed")
    client = office_client(office_a, "finance_officer")
    page = client.post(url("disburse", signed.pk), {"creditor": "ธนาคาร", "amount": "-5",
                       "paid_on": "10/06/2557", "reference": "X", "proof": proof_upload()},
                       follow=True)  # fmt: skip
    assert page.status_code == 200
    assert "จำนวนเงิน" in page.content.decode()
    with schema_context(office_a.schema_name):
        assert signed.disbursements.count() == 0


def test_deduction_file_and_import_through_the_pages(office_a, loan):
    client = office_client(office_a, "finance_officer")
    month = "ก.ค. 2557"
    xlsx = client.get(url("deduction_file") + f"?month={month}&format=xlsx")
    assert xlsx.status_code == 200
    assert xlsx.content[:2] == b"PK"
    csv = client.get(url("deduction_file") + f"?month={month}&format=csv")
    assert loan.number in csv.content.decode("utf-8-sig")
    with schema_context(office_a.schema_name):
        content = deduction_csv(FIRST_MONTH)
    from django.core.files.uploadedfile import SimpleUploadedFile

    checked = client.post(url("import_upload"), {"month": "07/2557",
                          "file": SimpleUploadedFile("back.csv", content)})  # fmt: skip
    assert checked.status_code == 302
    page = client.get(checked["Location"])
    assert "to record" in page.content.decode() or "บันทึก" in page.content.decode()
    with schema_context(office_a.schema_name):
        assert not LoanEntry.objects.exists()
    client.post(checked["Location"])
    client.post(checked["Location"])  # a double submission applies once
    with schema_context(office_a.schema_name):
        assert LoanEntry.objects.filter(loan=loan).count() == 1


def test_a_payment_from_the_gratuity_through_the_loan_page(office_a, loan):
    client = office_client(office_a, "finance_officer")
    page = client.post(url("settle", loan.pk), {"on": "10/07/2557", "amount": "50000",
                       "source": "gratuity", "reason": "ถึงแก่กรรม"}, follow=True)  # fmt: skip
    assert page.status_code == 200
    assert "บันทึกการชำระเงินแล้ว" in page.content.decode()
    with schema_context(office_a.schema_name):
        loan.refresh_from_db()
        assert loan.principal_repaid > 0
        assert loan.principal_repaid + loan.balance == loan.principal


def test_a_restructuring_beyond_the_rule_is_refused_on_the_loan_page(office_a, loan):
    client = office_client(office_a, "welfare_officer")
    before = loan.schedule_instalment
    page = client.post(url("restructure", loan.pk), {"months": "200", "from_month": "ส.ค. 2557",
                       "reason": "ภาระหนี้"}, follow=True)  # fmt: skip
    assert page.status_code == 200
    body = page.content.decode()
    assert "จำนวนงวดต้องอยู่ระหว่าง" in body and "ปรับโครงสร้างหนี้แล้ว" not in body
    with schema_context(office_a.schema_name):
        loan.refresh_from_db()
        assert loan.schedule_instalment == before
