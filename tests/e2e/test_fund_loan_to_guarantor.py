"""In Chromium: a loan of the revolving fund from its contract to a guarantor's deduction. The
officer prepares the contract from an approved application, the director signs it, finance
pays the creditor with a proof, downloads the month's deduction file, imports it back as
finance deducted it (checked, then confirmed), and the next month imports it with nothing
deducted from the borrower: the loan is a month in arrears and, the office's dated rule here
saying one month, the instalment is deducted from the guarantor, whose letter is printed and
who appears in the next month's deduction file."""

from __future__ import annotations

import io
from collections.abc import Iterator
from datetime import date

import pytest
from django_tenants.utils import schema_context

from tests.conftest import PASSWORD
from tests.e2e.conftest import sign_in

pytestmark = pytest.mark.browser

BORROWER_ID = "3930100456789"
GUARANTOR_ID = "3930100456797"


@pytest.fixture
def approved(django_db_blocker: pytest.FixtureRequest) -> Iterator[int]:
    """A committed approved application in office alpha (borrower and one guarantor) and an
    office rule, dated before the contract, deducting the guarantors after one missed month.
    Everything the flow creates is removed afterwards."""
    from apps.payroll.models import DeductionInstruction
    from apps.people.models import Person
    from apps.revolvingfund.models import (
        Application,
        FundNumberCounter,
        Loan,
        LoanRule,
        RepaymentImport,
        Round,
    )
    from tests.people.factories import make_person
    from tests.revolvingfund.loans.factories import make_approved_application

    def clean() -> None:
        with schema_context("esa_alpha"):
            people = Person.objects.filter(national_id__in=[BORROWER_ID, GUARANTOR_ID])
            loans = Loan.objects.filter(person__in=people)
            for loan in loans:
                loan.entries.all().delete()
                loan.disbursements.all().delete()
                loan.guarantors.all().delete()
            loans.delete()
            RepaymentImport.objects.all().delete()
            DeductionInstruction.objects.filter(person__in=people).delete()
            for application in Application.objects.filter(person__in=people):
                application.guarantors.all().delete()
                application.delete()
            Round.objects.filter(fiscal_year=2557, applications__isnull=True).delete()
            people.delete()
            LoanRule.objects.filter(valid_from=date(2014, 1, 1)).delete()
            FundNumberCounter.objects.filter(kind__in=["loan", "guarantor_letter"]).delete()

    with django_db_blocker.unblock():  # type: ignore[attr-defined]
        clean()
        with schema_context("esa_alpha"):
            borrower = make_person(national_id=BORROWER_ID, first_name_th="วันดี", last_name_th="มีสุข")
            application = make_approved_application(person=borrower, guarantors=0)
            guarantor = make_person(
                national_id=GUARANTOR_ID, first_name_th="สมใจ", last_name_th="ค้ำดี"
            )
            application.guarantors.create(person=guarantor, position="ครู", consent_signed=True)
            LoanRule.objects.create(
                valid_from=date(2014, 1, 1),
                guarantor_after_months=1,
                source="ทดสอบ: หักผู้ค้ำเมื่อค้างชำระ 1 งวด",
                confirmed=False,
            )
        try:
            yield application.pk
        finally:
            clean()


def _fetch(page: object, url: str) -> tuple[str, bytes]:
    content_type, content = page.evaluate(  # type: ignore[attr-defined]
        """async url => {
            const response = await fetch(url);
            const bytes = new Uint8Array(await response.arrayBuffer());
            return [response.headers.get("content-type"), Array.from(bytes)];
        }""",
        url,
    )
    return content_type, bytes(content)


def _signed_in(page: object, base: str, username: str) -> object:
    assert page.context.browser is not None  # type: ignore[attr-defined]
    other = page.context.browser.new_context(locale="th-TH").new_page()  # type: ignore[attr-defined]
    other.goto(f"{base}/accounts/login/")
    sign_in(other, username, PASSWORD)
    return other


def _returned(csv_bytes: bytes, deducted: dict[str, str]) -> bytes:
    """Finance's file back: the deducted column filled per national ID."""
    lines = csv_bytes.decode("utf-8-sig").splitlines()
    out = [lines[0]]
    for line in lines[1:]:
        cells = line.split(",")
        cells[-1] = deducted.get(cells[2], cells[-1])
        out.append(",".join(cells))
    return ("\n".join(out) + "\n").encode()


def test_a_fund_loan_from_contract_to_a_guarantors_deduction(
    approved: int, page: object, web_server: str
) -> None:
    from PIL import Image
    from playwright.sync_api import Page, expect

    assert isinstance(page, Page)
    alpha = f"http://alpha.localhost:{web_server}"

    # The officer prepares the contract from the approved application.
    page.goto(f"{alpha}/accounts/login/")
    sign_in(page, "welfare_officer", PASSWORD)
    page.goto(f"{alpha}/fund/loans/")
    page.get_by_test_id(f"prepare-{approved}").click()
    page.locator("[name=contract_signed_on]").fill("02/06/2557")
    page.locator("[name=borrower_signed]").check()
    page.locator("[name=guarantees_signed]").check()
    page.locator("[name=witness_1]").fill("นางสาวพยาน หนึ่ง")
    page.get_by_test_id("prepare").click()
    expect(page.get_by_test_id("status")).to_contain_text(
        page.get_by_test_id("status").inner_text()
    )
    loan_url = page.url
    assert "/fund/loans/" in loan_url
    content_type, contract = _fetch(
        page, page.get_by_test_id("contract").get_attribute("href") or ""
    )
    assert content_type == "application/pdf" and contract.startswith(b"%PDF")

    # The director signs it for the office.
    director = _signed_in(page, alpha, "approver")
    director.goto(loan_url)  # type: ignore[attr-defined]
    director.locator("[name=signer_name]").fill("นายผู้อำนวยการ ทดสอบ")  # type: ignore[attr-defined]
    director.get_by_test_id("sign").click()  # type: ignore[attr-defined]
    director.context.close()  # type: ignore[attr-defined]

    # Finance pays the creditor, with the transfer slip.
    finance = _signed_in(page, alpha, "finance_officer")
    assert isinstance(finance, Page)
    finance.goto(loan_url)
    finance.locator("[name=creditor]").fill("สหกรณ์ออมทรัพย์ครูทดสอบ จำกัด")
    finance.locator("[name=amount]").fill("200,000")
    finance.locator("[name=paid_on]").fill("10/06/2557")
    finance.locator("[name=reference]").fill("KTB-0610-0001")
    slip = io.BytesIO()
    Image.new("RGB", (80, 40), "white").save(slip, "PNG")
    finance.locator("[name=proof]").set_input_files(
        {"name": "slip.png", "mimeType": "image/png", "buffer": slip.getvalue()}
    )
    finance.get_by_test_id("disburse").click()
    expect(finance.get_by_test_id("balance")).to_contain_text("200,000.00")
    status_repaying = finance.get_by_test_id("status").inner_text()

    # July 2557: the deduction file, deducted in full and imported back.
    finance.goto(f"{alpha}/fund/loans/deductions/?month=07/2557")
    expect(finance.locator("main")).to_contain_text("2,582.27")
    content_type, xlsx = _fetch(
        finance, finance.get_by_test_id("file-xlsx").get_attribute("href") or ""
    )
    assert xlsx[:2] == b"PK"
    _type, csv_file = _fetch(
        finance, finance.get_by_test_id("file-csv").get_attribute("href") or ""
    )
    finance.locator("#id_month").fill("07/2557")
    finance.locator("#id_file").set_input_files(
        {
            "name": "july.csv",
            "mimeType": "text/csv",
            "buffer": _returned(csv_file, {BORROWER_ID: "2582.27"}),
        }
    )
    finance.get_by_test_id("check-file").click()
    expect(finance.get_by_test_id("import-report")).to_contain_text("2582.27")
    finance.get_by_test_id("apply").click()
    finance.goto(loan_url)
    expect(finance.get_by_test_id("ledger")).to_contain_text("920.83")
    expect(finance.get_by_test_id("arrears")).to_contain_text("0.00")

    # August 2557: nothing deducted from the borrower: a month in arrears, the guarantor next.
    finance.goto(f"{alpha}/fund/loans/deductions/?month=08/2557")
    _type, csv_file = _fetch(
        finance, finance.get_by_test_id("file-csv").get_attribute("href") or ""
    )
    finance.locator("#id_month").fill("08/2557")
    finance.locator("#id_file").set_input_files(
        {"name": "august.csv", "mimeType": "text/csv", "buffer": _returned(csv_file, {})}
    )
    finance.get_by_test_id("check-file").click()
    finance.get_by_test_id("apply").click()
    finance.goto(loan_url)
    expect(finance.get_by_test_id("arrears")).to_contain_text("2,582.27")
    expect(finance.get_by_test_id("status")).not_to_have_text(status_repaying)
    expect(finance.get_by_test_id("guarantor-deducted")).to_contain_text("2,582.27")
    content_type, letter = _fetch(
        finance, finance.get_by_test_id("letter-1").get_attribute("href") or ""
    )
    assert content_type == "application/pdf" and letter.startswith(b"%PDF")

    # September's file asks the guarantor's pay for the instalment.
    finance.goto(f"{alpha}/fund/loans/deductions/?month=09/2557")
    expect(finance.locator("main")).to_contain_text("สมใจ ค้ำดี")
    finance.screenshot(path="/tmp/fund_loan_guarantor.png", full_page=True)  # noqa: S108
    finance.context.close()
