"""The claims documents: the cash receipt and the registers of payments, as PDF and XLSX."""

from __future__ import annotations

import io
import re
from datetime import date, datetime, timedelta
from decimal import Decimal

import pytest
from django.utils import translation
from openpyxl import load_workbook
from pypdf import PdfReader

from apps.people.models import Person
from apps.reimbursements import documents, services
from apps.reimbursements.models import BeneficiaryRelation, Claim, Payment
from apps.reimbursements.selectors import child_education_register, payment_register
from apps.reimbursements.services import ItemInput
from core.thai import fiscal_year, format_national_id, mask_national_id
from tests.reimbursements.conftest import (
    add_child,
    add_member,
    bangkok,
    make_claimant,
    medical_receipt,
    school_receipt,
    user,
)

pytestmark = pytest.mark.django_db

OFFICE = "สำนักงานเขตพื้นที่การศึกษาประถมศึกษาพัทลุง เขต 2"
FY_2557 = fiscal_year(2557)
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def _pay(claim: Claim, at: datetime) -> Payment:
    claim = services.claim_check(claim=claim, officer=user("welfare_officer"), at=at)
    claim = services.claim_approve(claim=claim, approver=user("approver"), at=at)
    return services.claim_pay(claim=claim, payer=user("finance_officer"), at=at)


def _medical_paid(
    claimant: Person,
    *receipts: services.ReceiptInput,
    at: datetime,
    beneficiary: object = None,
    care_type: str = "outpatient",
    **kwargs: object,
) -> Payment:
    claim = services.medical_claim_create(
        claimant=claimant,
        beneficiary=beneficiary,  # type: ignore[arg-type]
        hospital_name="โรงพยาบาลพัทลุง",
        hospital_type="government",
        care_type=care_type,
        receipts=list(receipts),
        received_by=user("welfare_officer"),
        at=at,
        **kwargs,  # type: ignore[arg-type]
    )
    return _pay(claim, at + timedelta(minutes=9))


def _education_paid(
    claimant: Person, child: object, semester: int, amount: str, at: datetime
) -> Payment:
    claim = services.child_education_claim_create(
        claimant=claimant,
        child=child,  # type: ignore[arg-type]
        academic_year_be=2557,
        semester=semester,
        school_name="โรงเรียนบ้านควนขนุน",
        school_type="government",
        level="primary",
        receipts=[school_receipt(f"S-{semester}-{child.pk}", at.date(), amount)],  # type: ignore[attr-defined]
        fee_notice_received=True,
        received_by=user("welfare_officer"),
        at=at,
    )
    return _pay(claim, at)


def _text(pdf: bytes) -> str:
    """The PDF's text on one line, without the zero-width break points and without the
    artefacts of extraction around SARA AM (ำ): stray control characters after it, or the
    vowel split into NIKHAHIT and SARA AA."""
    reader = PdfReader(io.BytesIO(pdf))
    text = " ".join(page.extract_text() for page in reader.pages)
    text = CONTROL.sub("", text.replace("\u200b", "")).replace("\u0e4d\u0e32", "\u0e33")
    return " ".join(text.split())


def _has_arabic_digits(text: str) -> bool:
    return any(char in "0123456789" for char in text)


def _without(text: str, identifiers: list[str]) -> str:
    """The text without the identifiers of others, which Thai-digit mode prints as written
    (national IDs, hospitals' receipt numbers): what is left follows the document's digits."""
    for identifier in identifiers:
        assert identifier in text
        text = text.replace(identifier, "")
    return text


def _cells(xlsx: bytes) -> list[list[object]]:
    sheet = load_workbook(io.BytesIO(xlsx)).active
    assert sheet is not None
    return [[cell.value for cell in row] for row in sheet.iter_rows()]


def _money(value: object) -> Decimal:
    """A number read back from a sheet, as the Decimal it was written from."""
    return Decimal(str(value)).quantize(Decimal("0.01"))


def _item(kind: str, amount: str) -> ItemInput:
    return ItemInput(kind=kind, amount=Decimal(amount))


@pytest.fixture
def medical_payments(in_alpha: object) -> list[Payment]:
    teacher = make_claimant()
    spouse = add_member(teacher, "spouse")
    pensioner = make_claimant(category="pensioner", status="retired")
    return [
        _medical_paid(
            teacher, medical_receipt("R-1", date(2014, 5, 20)), at=bangkok(date(2014, 6, 2))
        ),
        _medical_paid(
            teacher,
            medical_receipt(
                "IPD-7",
                date(2014, 5, 25),
                _item("medicine", "2000.10"),
                _item("card_fee", "50.00"),
            ),
            medical_receipt(
                "IPD-8", date(2014, 5, 26), ItemInput(kind="medicine", amount=Decimal("0.35"))
            ),
            beneficiary=spouse,
            care_type="inpatient",
            admitted_on=date(2014, 5, 24),
            discharged_on=date(2014, 5, 26),
            at=bangkok(date(2014, 6, 3)),
        ),
        _medical_paid(
            pensioner,
            medical_receipt(
                "P-1", date(2014, 7, 1), ItemInput(kind="treatment", amount=Decimal("333.33"))
            ),
            at=bangkok(date(2014, 7, 2)),
        ),
    ]


# --- the receipt ------------------------------------------------------------------------------


def test_the_receipt_shows_number_time_payee_and_the_amount_in_figures_and_words(
    medical_payments: list[Payment],
) -> None:
    payment = medical_payments[0]
    assert payment.amount_text == "หนึ่งพันสองร้อยห้าสิบบาทห้าสิบสตางค์"
    text = _text(documents.payment_receipt_pdf(payment, office_name=OFFICE, thai_digits=False))
    assert "ใบสำคัญรับเงิน" in text
    assert OFFICE in text
    assert "เลขที่ 0001/2557" in text
    assert "2 มิถุนายน 2557 เวลา 09.09 น." in text
    assert "นางสมศรี ใจดี" in text
    assert "ค่ารักษาพยาบาล" in text and "โรงพยาบาลพัทลุง" in text
    assert "R-1" in text and "20 พ.ค. 2557" in text
    assert "1,250.50 บาท" in text
    assert "(หนึ่งพันสองร้อยห้าสิบบาทห้าสิบสตางค์)" in text
    assert "ผู้รับเงิน" in text and "ผู้จ่ายเงิน" in text
    assert f"({payment.paid_by_name})" in text


def test_the_receipt_is_handed_to_the_claimant_so_it_shows_their_full_national_id(
    medical_payments: list[Payment],
) -> None:
    payment = medical_payments[0]
    national_id = payment.claim.claimant.national_id
    text = _text(documents.payment_receipt_pdf(payment, office_name=OFFICE, thai_digits=False))
    assert format_national_id(national_id) in text
    assert "xxxxx" not in text


def test_the_receipt_lists_each_hospital_receipt_with_what_of_it_is_paid(
    medical_payments: list[Payment],
) -> None:
    payment = medical_payments[1]
    assert payment.amount == Decimal("2000.45")  # the card fee is not reimbursed
    text = _text(documents.payment_receipt_pdf(payment, office_name=OFFICE, thai_digits=False))
    assert "IPD-7" in text and "IPD-8" in text
    assert "2,050.10" in text and "2,000.10" in text and "0.35" in text
    assert "2,050.45" in text and "2,000.45 บาท" in text
    assert "(สองพันบาทสี่สิบห้าสตางค์)" in text
    assert "24 พฤษภาคม 2557" in text  # admitted


def test_the_receipt_prints_thai_digits_when_asked(medical_payments: list[Payment]) -> None:
    payment = medical_payments[0]
    text = _text(documents.payment_receipt_pdf(payment, office_name=OFFICE, thai_digits=True))
    assert "๐๐๐๑/๒๕๕๗" in text
    assert "๒ มิถุนายน ๒๕๕๗ เวลา ๐๙.๐๙ น." in text
    assert "๑,๒๕๐.๕๐ บาท" in text
    national_id = format_national_id(payment.claim.claimant.national_id)
    assert not _has_arabic_digits(_without(text, [national_id, "R-1"]))


def test_a_child_education_receipt_shows_the_entitlement_used_and_remaining(
    in_alpha: object, rates: dict
) -> None:
    teacher = make_claimant()
    kid = add_child(teacher, 1, date(2006, 1, 1))
    _education_paid(teacher, kid, 1, "3000.00", bangkok(date(2014, 6, 2), 10))
    second = _education_paid(teacher, kid, 2, "3000.00", bangkok(date(2014, 12, 1), 10))
    assert second.amount == Decimal("1000.00")  # the cap of the academic year is 4,000
    text = _text(documents.payment_receipt_pdf(second, office_name=OFFICE, thai_digits=False))
    assert "ค่าการศึกษาบุตร" in text
    assert str(kid) in text and "โรงเรียนบ้านควนขนุน" in text
    with translation.override("th"):
        assert str(documents.EducationLevel.PRIMARY.label) in text
    assert "2557 ภาคเรียนที่ 2" in text
    assert "4,000.00 3,000.00 1,000.00 0.00" in text  # entitled, used before, this, remaining
    assert "(หนึ่งพันบาทถ้วน)" in text


# --- the medical register ---------------------------------------------------------------------


def test_the_medical_register_lists_payments_in_order_with_exact_totals(
    medical_payments: list[Payment],
) -> None:
    payments = list(payment_register(kind="medical", fiscal_year=FY_2557))
    assert payments == medical_payments
    text = _text(
        documents.medical_register_pdf(
            payments, office_name=OFFICE, fiscal_year=FY_2557, thai_digits=False, full_ids=False
        )
    )
    assert "ทะเบียนคุมการจ่ายเงินสวัสดิการค่ารักษาพยาบาล ปีงบประมาณ 2557" in text
    positions = [text.index(number) for number in ("0001/2557", "0002/2557", "0003/2557")]
    assert positions == sorted(positions)
    assert "2 มิ.ย. 2557" in text and "2 ก.ค. 2557" in text
    assert "โรงพยาบาลพัทลุง" in text
    assert "รวม 3 รายการ" in text
    # 1,250.50 + 2,050.45 + 333.33 claimed; 1,250.50 + 2,000.45 + 333.33 paid
    assert "3,634.28 3,584.28" in text


def test_the_medical_register_masks_national_ids_unless_asked_for_them_in_full(
    medical_payments: list[Payment],
) -> None:
    national_id = medical_payments[0].claim.claimant.national_id
    for full_ids in (False, True):
        pdf = documents.medical_register_pdf(
            medical_payments,
            office_name=OFFICE,
            fiscal_year=FY_2557,
            thai_digits=False,
            full_ids=full_ids,
        )
        xlsx = documents.medical_register_xlsx(
            medical_payments, office_name=OFFICE, fiscal_year=FY_2557, full_ids=full_ids
        )
        cells = " ".join(str(c) for row in _cells(xlsx) for c in row)
        for shown in (_text(pdf), cells):
            assert (format_national_id(national_id) in shown) is full_ids
            assert (mask_national_id(national_id) in shown) is not full_ids


def test_the_medical_register_prints_thai_digits_when_asked(
    medical_payments: list[Payment],
) -> None:
    text = _text(
        documents.medical_register_pdf(
            medical_payments,
            office_name=OFFICE,
            fiscal_year=FY_2557,
            thai_digits=True,
            full_ids=False,
        )
    )
    assert "๐๐๐๑/๒๕๕๗" in text and "๓,๕๘๔.๒๘" in text
    masked = sorted({mask_national_id(p.claim.claimant.national_id) for p in medical_payments})
    assert not _has_arabic_digits(_without(text, masked))


def test_the_medical_register_xlsx_has_decimal_amounts_and_their_exact_total(
    medical_payments: list[Payment],
) -> None:
    xlsx = documents.medical_register_xlsx(
        medical_payments, office_name=OFFICE, fiscal_year=FY_2557, full_ids=False
    )
    sheet = load_workbook(io.BytesIO(xlsx)).active
    assert sheet is not None
    rows = _cells(xlsx)
    assert rows[0][0] == "ทะเบียนคุมการจ่ายเงินสวัสดิการค่ารักษาพยาบาล ปีงบประมาณ 2557"
    assert rows[1][0] == OFFICE
    assert rows[2][:3] == ["ที่", "เลขที่จ่าย", "วันที่จ่าย"]
    assert sheet["A3"].font.bold and sheet.freeze_panes == "A4"
    body, total = rows[3:-1], rows[-1]
    assert [row[1] for row in body] == ["0001/2557", "0002/2557", "0003/2557"]
    assert body[0][2] == "2 มิ.ย. 2557"
    with translation.override("th"):
        spouse = str(BeneficiaryRelation.SPOUSE.label)
    assert str(body[1][6]).endswith(f"({spouse})")
    assert [_money(row[-1]) for row in body] == [p.amount for p in medical_payments]
    assert _money(total[-1]) == sum(p.amount for p in medical_payments) == Decimal("3584.28")
    assert _money(total[-2]) == sum(p.claim.claimed_amount for p in medical_payments)
    assert sheet.cell(row=4, column=11).number_format == "#,##0.00"
    assert sheet.cell(row=sheet.max_row, column=11).font.bold


def test_an_empty_register_prints_its_heading_and_a_zero_total(in_alpha: object) -> None:
    text = _text(
        documents.medical_register_pdf(
            [], office_name=OFFICE, fiscal_year=FY_2557, thai_digits=False, full_ids=False
        )
    )
    assert "รวม 0 รายการ" in text and "0.00" in text
    rows = _cells(
        documents.child_education_register_xlsx(
            [], office_name=OFFICE, fiscal_year=FY_2557, full_ids=False
        )
    )
    assert len(rows) == 4 and _money(rows[-1][-2]) == Decimal("0.00")


# --- the child-education register ------------------------------------------------------------


@pytest.fixture
def education_rows(in_alpha: object, rates: dict) -> list:
    teacher = make_claimant()
    first_kid = add_child(teacher, 1, date(2006, 1, 1))
    second_kid = add_child(teacher, 2, date(2008, 1, 1))
    _education_paid(teacher, first_kid, 1, "3000.00", bangkok(date(2014, 6, 2), 10))
    _education_paid(teacher, second_kid, 1, "2500.00", bangkok(date(2014, 6, 3), 10))
    _education_paid(teacher, first_kid, 2, "3000.00", bangkok(date(2014, 11, 3), 10))
    return child_education_register(fiscal_year=FY_2557)


def test_the_child_education_register_shows_both_semesters_and_what_is_left(
    education_rows: list,
) -> None:
    first, second = education_rows
    text = _text(
        documents.child_education_register_pdf(
            education_rows,
            office_name=OFFICE,
            fiscal_year=FY_2557,
            thai_digits=False,
            full_ids=False,
        )
    )
    assert "ทะเบียนคุมการเบิกจ่ายเงินสวัสดิการเกี่ยวกับการศึกษาของบุตร" in text
    assert first.child_name in text and second.child_name in text
    assert text.index(first.number) < text.index(second.number)
    # semester 1 on 2 June, semester 2 (the cap's remainder) on 3 November
    assert "3,000.00 2 มิ.ย. 2557 1,000.00 3 พ.ย. 2557 4,000.00 4,000.00 0.00" in text
    assert "2,500.00 3 มิ.ย. 2557 - 4,000.00 2,500.00 1,500.00" in text
    assert "5,500.00 1,000.00 8,000.00 6,500.00 1,500.00" in text  # the totals
    assert mask_national_id(first.claimant.national_id) in text


def test_the_child_education_register_xlsx_totals_the_paid_columns_exactly(
    education_rows: list,
) -> None:
    rows = _cells(
        documents.child_education_register_xlsx(
            education_rows, office_name=OFFICE, fiscal_year=FY_2557, full_ids=True
        )
    )
    body, total = rows[3:-1], rows[-1]
    assert [row[0] for row in body] == [r.number for r in education_rows]
    assert body[0][2] == format_national_id(education_rows[0].claimant.national_id)
    first = body[0]
    assert (_money(first[7]), first[8], _money(first[10]), first[11]) == (
        Decimal("3000.00"),
        "2 มิ.ย. 2557",
        Decimal("1000.00"),
        "3 พ.ย. 2557",
    )
    assert [_money(v) for v in first[13:16]] == [
        Decimal("4000.00"),
        Decimal("4000.00"),
        Decimal("0.00"),
    ]
    assert body[1][10] is None  # no second semester paid yet
    paid = [p.amount for r in education_rows for p in r.semesters.values()]
    assert _money(total[7]) + _money(total[10]) == sum(paid) == _money(total[14])
    assert _money(total[15]) == Decimal("1500.00")


def test_the_child_education_register_prints_thai_digits_when_asked(
    education_rows: list,
) -> None:
    text = _text(
        documents.child_education_register_pdf(
            education_rows,
            office_name=OFFICE,
            fiscal_year=FY_2557,
            thai_digits=True,
            full_ids=True,
        )
    )
    assert "๐๐๐๑/๒๕๕๗" in text and "๔,๐๐๐.๐๐" in text
    national_ids = sorted({format_national_id(row.claimant.national_id) for row in education_rows})
    assert not _has_arabic_digits(_without(text, national_ids))
