"""Existing loans imported so an office can start mid-term: checked first (nothing recorded),
applied once, each loan with its position, arrears and payroll deduction from the next month."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from apps.revolvingfund.loans import amortisation as am
from apps.revolvingfund.loans.importing import (
    deduction_lines,
    loans_import_apply,
    loans_import_check,
)
from apps.revolvingfund.models import Loan, LoanOrigin
from core.errors import ApplicationError
from tests.people.factories import make_person
from tests.revolvingfund.loans.factories import staff

pytestmark = pytest.mark.usefixtures("in_alpha")
HEADINGS = (
    "เลขประจำตัวประชาชน,เลขที่สัญญา,ปีงบประมาณที่อนุมัติ,เงินต้น,อัตราดอกเบี้ย,จำนวนงวด,"
    "เงินงวด,เดือนแรกที่หัก,เงินต้นคงเหลือ,ดอกเบี้ยค้างชำระ,ยอดค้างชำระ,ผู้ค้ำประกัน"
)
SEPT_2558 = date(2015, 9, 1)


def _file(*rows: str) -> bytes:
    return ("\n".join([HEADINGS, *rows]) + "\n").encode()


def test_existing_loans_are_checked_then_applied_once():
    borrower, guarantor = make_person(), make_person()
    # 12 of 96 instalments paid since Oct 2557; the balance is the schedule's after month 12.
    balance = am.schedule(Decimal("200000"), Decimal("5.525"), 96)[11].closing_balance
    row = (
        f"{borrower.national_id},OLD-12/2557,2557,200000,5.525,96,2582.27,10/2557,"
        f"{balance},0,0,{guarantor.national_id}"
    )
    batch = loans_import_check(
        as_of=SEPT_2558, file_name="old.csv", content=_file(row), actor=staff("welfare_officer")
    )
    assert batch.counts == {"create": 1, "refused": 0}
    assert not Loan.objects.exists()
    (loan,) = loans_import_apply(batch=batch, actor=staff("welfare_officer"))
    assert loan.origin == LoanOrigin.IMPORTED
    assert loan.principal_repaid + loan.balance == loan.principal
    assert loan.months_overdue == 0
    assert loan.guarantors.get().person == guarantor
    lines = [x for x in deduction_lines(month=date(2015, 10, 1)) if x.contract == loan.number]
    assert [x.amount for x in lines] == [Decimal("2582.27")]
    with pytest.raises(ApplicationError):
        loans_import_apply(batch=batch, actor=staff("welfare_officer"))
    assert Loan.objects.count() == 1


def test_a_file_with_a_bad_row_records_nothing():
    borrower = make_person()
    rows = (
        f"{borrower.national_id},A-1,2557,200000,5.525,96,2582.27,10/2557,150000,0,0,",
        "1101700203451,A-2,2557,200000,abc,96,2582.27,10/2557,250000,0,0,",
    )
    batch = loans_import_check(
        as_of=SEPT_2558, file_name="old.csv", content=_file(*rows), actor=staff("welfare_officer")
    )
    assert batch.counts == {"create": 1, "refused": 1}
    with pytest.raises(ApplicationError) as refused:
        loans_import_apply(batch=batch, actor=staff("welfare_officer"))
    assert refused.value.code == "revolvingfund.import_refused_rows"
    assert not Loan.objects.exists()


def test_arrears_stated_in_the_file_are_carried():
    borrower = make_person()
    row = f"{borrower.national_id},B-1,2557,100000,4,144,876.00,10/2557,95000,300,1752.00,"
    batch = loans_import_check(
        as_of=SEPT_2558, file_name="old.csv", content=_file(row), actor=staff("welfare_officer")
    )
    (loan,) = loans_import_apply(batch=batch, actor=staff("welfare_officer"))
    assert loan.months_overdue == 2 and loan.arrears_amount == Decimal("1752.00")
