"""The loans' documents render (PDF and XLSX) with the loan's figures; set LOANS_DOCS_DIR to
keep the PDFs for a look."""

from __future__ import annotations

import io
import os
from pathlib import Path

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from apps.revolvingfund.loans import documents
from apps.revolvingfund.models import Loan
from tests.revolvingfund.loans.factories import FIRST_MONTH, make_loan
from tests.revolvingfund.loans.test_services import import_month, months

pytestmark = pytest.mark.usefixtures("in_alpha")
OFFICE = "สำนักงานเขตพื้นที่การศึกษาประถมศึกษาทดสอบ เขต 1"


def _keep(name: str, content: bytes) -> None:
    folder = os.environ.get("LOANS_DOCS_DIR")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        (Path(folder) / name).write_bytes(content)


def _text(pdf: bytes) -> str:
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    return text.replace("\u200b", "")


def test_contract_guarantee_letter_ledger_and_register():
    loan = make_loan()
    nobody = {loan.person.national_id: ""}
    for month in months(FIRST_MONTH, 3):
        import_month(month, nobody)
    loan = Loan.objects.select_related("person", "rule", "application").get(pk=loan.pk)
    guarantor = loan.guarantors.select_related("instruction").first()
    contract = documents.contract_pdf(loan, office_name=OFFICE)
    guarantee = documents.guarantee_pdf(loan, guarantor, office_name=OFFICE)
    letter = documents.guarantor_letter_pdf(loan, guarantor, office_name=OFFICE, thai_digits=True)
    ledger = documents.ledger_pdf(loan, office_name=OFFICE)
    register = documents.register_pdf([loan], title="ทะเบียนลูกหนี้", office_name=OFFICE)
    for name, pdf in [("contract", contract), ("guarantee", guarantee), ("letter", letter),
                      ("ledger", ledger), ("register", register)]:  # fmt: skip
        assert pdf.startswith(b"%PDF")
        _keep(f"{name}.pdf", pdf)
    assert "2,582.27" in _text(contract)
    assert loan.number in _text(contract)
    assert "ยังไม่ได้ยืนยัน" in _text(contract)  # the rule ships unconfirmed
    assert "๑,๒๙๑.๑๔" in _text(letter) or "๑,๒๙๑.๑๓" in _text(letter)
    workbook = load_workbook(io.BytesIO(documents.register_xlsx([loan], title="x")))
    rows = list(workbook.active.iter_rows(values_only=True))
    assert rows[2][1] == loan.number
    assert rows[2][12] == 3
