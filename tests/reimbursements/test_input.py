"""What the claim forms do with mistyped years and amounts, and how documents print the
identifiers of others in Thai-digit mode (issue 13, points 1, 3 and 15)."""

from __future__ import annotations

import io
import re
from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from django.utils import timezone
from django_tenants.utils import schema_context
from pypdf import PdfReader

from apps.reimbursements import documents, services
from apps.reimbursements.models import Claim
from apps.reimbursements.services import ClaimError, ItemInput, ReceiptInput
from core.thai import academic_year_of, format_be_date, format_national_id
from tenants.models import Office
from tests.conftest import office_client
from tests.reimbursements.conftest import (
    add_child,
    bangkok,
    make_claimant,
    school_receipt,
    user,
)

pytestmark = pytest.mark.django_db


def _lines(*rows: dict[str, str]) -> dict[str, str]:
    data = {
        "lines-TOTAL_FORMS": "6",
        "lines-INITIAL_FORMS": "0",
        "lines-MIN_NUM_FORMS": "0",
        "lines-MAX_NUM_FORMS": "60",
    }
    for index, row in enumerate(rows):
        data.update({f"lines-{index}-{name}": value for name, value in row.items()})
    return data


def _child_education_post(person: Any, child: Any, year: str) -> dict[str, str]:
    return {
        "person": str(person.pk),
        "child": str(child.pk),
        "academic_year": year,
        "semester": "1",
        "school_name": "โรงเรียนบ้านควน",
        "school_type": "government",
        "level": "primary",
        "fee_notice_received": "on",
        **_lines(
            {
                "number": "S-1",
                "issued_on": format_be_date(timezone.localdate()),
                "amount": "3000.00",
            }
        ),
    }


def _claims(office: Office) -> int:
    with schema_context(office.schema_name):
        return Claim.objects.count()


# --- years (point 1) ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("25690", "ปีการศึกษาต้องไม่เกิน พ.ศ. 2700"),
        ("99999", "ปีการศึกษาต้องไม่เกิน พ.ศ. 2700"),
        ("2026", "ปี 2026 ดูเหมือนเป็นปีคริสต์ศักราช (ค.ศ.)"),
    ],
)
def test_a_mistyped_academic_year_is_told_on_the_form(
    office_a: Office, rates: dict[str, Any], typed: str, message: str
) -> None:
    with schema_context(office_a.schema_name):
        person = make_claimant()
        child = add_child(person, 1, date(2012, 3, 1))
    response = office_client(office_a, "welfare_officer").post(
        "/claims/child-education/new/", _child_education_post(person, child, typed)
    )
    assert response.status_code == 200
    assert message in response.content.decode()
    assert _claims(office_a) == 0


@pytest.mark.parametrize("typed", ["25690", "99999", "2026", "abc", "9" * 5000])
def test_a_mistyped_year_in_the_address_shows_this_years_table(
    office_a: Office, typed: str
) -> None:
    with schema_context(office_a.schema_name):
        person = make_claimant()
    response = office_client(office_a, "welfare_officer").get(
        f"/claims/child-education/new/?person={person.pk}&academic_year={typed}"
    )
    assert response.status_code == 200
    assert str(academic_year_of(timezone.localdate()).be_year) in response.content.decode()


@pytest.mark.parametrize("typed", ["25690", "2026", "abc"])
def test_a_mistyped_fiscal_year_in_a_register_address_shows_this_year(
    office_a: Office, typed: str
) -> None:
    client = office_client(office_a, "finance_officer")
    for path in ("/claims/registers/medical/", "/claims/registers/child-education.pdf"):
        assert client.get(f"{path}?fy={typed}").status_code == 200


# --- amounts (point 3) --------------------------------------------------------------------


def test_a_medical_claim_of_a_trillion_baht_is_refused_in_thai(office_a: Office) -> None:
    with schema_context(office_a.schema_name):
        person = make_claimant()
    post = {
        "person": str(person.pk),
        "beneficiary": "self",
        "hospital_name": "โรงพยาบาลพัทลุง",
        "hospital_type": "government",
        "care_type": "outpatient",
        **_lines(
            {
                "number": "R-1",
                "issued_on": format_be_date(timezone.localdate()),
                "kind": "medicine",
                "amount": "999,999,999,999.99",
            }
        ),
    }
    body = office_client(office_a, "welfare_officer").post("/claims/medical/new/", post)
    assert "จำนวนเงินต้องไม่เกิน 10,000,000.00 บาท" in body.content.decode()
    assert _claims(office_a) == 0


def test_a_medical_claim_whose_lines_add_up_past_the_bound_is_refused(in_alpha: Office) -> None:
    lines = tuple(ItemInput(kind="medicine", amount=Decimal("4000000.00")) for _ in range(3))
    with pytest.raises(ClaimError) as refused:
        services.medical_claim_create(
            claimant=make_claimant(),
            beneficiary=None,
            hospital_name="โรงพยาบาลพัทลุง",
            hospital_type="government",
            care_type="outpatient",
            receipts=[ReceiptInput(number="R-9", issued_on=date(2014, 5, 20), items=lines)],
            received_by=user("welfare_officer"),
            at=bangkok(date(2014, 6, 2)),
        )
    assert refused.value.code == "reimbursements.total_too_large"
    assert "12,000,000.00" in refused.value.message and "10,000,000.00" in refused.value.message
    assert not Claim.objects.exists()


def test_a_school_fee_above_a_million_is_refused_but_fees_above_the_cap_are_claimed(
    in_alpha: Office, rates: dict[str, Any]
) -> None:
    person = make_claimant()
    child = add_child(person, 1, date(2008, 3, 1))

    def claim(amount: str, semester: int) -> Claim:
        return services.child_education_claim_create(
            claimant=person,
            child=child,
            academic_year_be=2557,
            semester=semester,
            school_name="โรงเรียนนานาชาติ",
            school_type="private",
            level="primary",
            receipts=[school_receipt(f"S-{semester}", date(2014, 6, 2), amount)],
            fee_notice_received=True,
            received_by=user("welfare_officer"),
            at=bangkok(date(2014, 6, 3)),
        )

    with pytest.raises(ClaimError) as refused:
        claim("1000000.01", 1)
    assert "จำนวนเงินต้องไม่เกิน 1,000,000.00 บาท" in refused.value.message
    # Fees above the rate's cap are what private schools charge: claimed, paid up to the cap.
    accepted = claim("250000.00", 1)
    assert accepted.claimed_amount == Decimal("250000.00")
    assert accepted.payable_amount == Decimal("3500.00")


# --- identifiers in Thai-digit documents (point 15) -----------------------------------------


def _pdf_text(pdf: bytes) -> str:
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    return " ".join(text.replace("\u200b", "").split())


def test_a_receipt_in_thai_digits_keeps_the_hospitals_number_and_the_national_id(
    in_alpha: Office,
) -> None:
    claimant = make_claimant()
    claim = services.medical_claim_create(
        claimant=claimant,
        beneficiary=None,
        hospital_name="โรงพยาบาลกรุงเทพ",
        hospital_type="government",
        care_type="outpatient",
        receipts=[
            ReceiptInput(
                number="BK-6912-0457",
                issued_on=date(2014, 5, 20),
                items=(ItemInput(kind="medicine", amount=Decimal("1250.50")),),
            )
        ],
        received_by=user("welfare_officer"),
        at=bangkok(date(2014, 6, 2)),
    )
    claim = services.claim_check(claim=claim, officer=user("welfare_officer"))
    claim = services.claim_approve(claim=claim, approver=user("approver"))
    payment = services.claim_pay(claim=claim, payer=user("finance_officer"))
    text = _pdf_text(documents.payment_receipt_pdf(payment, office_name="สพป.", thai_digits=True))
    assert "BK-6912-0457" in text
    assert format_national_id(claimant.national_id) in text
    assert "๑,๒๕๐.๕๐" in text  # amounts and our own numbers follow the document
    assert payment.number.translate(str.maketrans("0123456789", "๐๑๒๓๔๕๖๗๘๙")) in text
    rest = text.replace("BK-6912-0457", "").replace(format_national_id(claimant.national_id), "")
    assert not re.search("[0-9]", rest)
    plain = _pdf_text(documents.payment_receipt_pdf(payment, office_name="สพป.", thai_digits=False))
    assert "BK-6912-0457" in plain and "1,250.50" in plain
