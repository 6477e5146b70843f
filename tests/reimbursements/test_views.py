"""The claim pages: a claim from the desk ticket to the printed receipt, refusals shown in Thai,
every role against every page and step, scans, isolation, double payment, query counts."""

from __future__ import annotations

import io
from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone
from django_tenants.utils import schema_context
from fpdf import FPDF
from openpyxl import load_workbook
from PIL import Image
from pypdf import PdfReader

from accounts.roles import OfficeRole
from apps.onestop.services import service_request_open
from apps.people.models import FamilyMember, Person
from apps.reimbursements import services
from apps.reimbursements.models import Claim, ClaimScan, ClaimStatus, Payment
from apps.reimbursements.services import ItemInput, ReceiptInput
from core.thai import academic_year_of, fiscal_year_of, format_be_date, semester_of, to_be_year
from tenants.models import Office
from tests.api.support import queries_of
from tests.conftest import office_client
from tests.reimbursements.conftest import add_child, make_claimant, user

pytestmark = pytest.mark.django_db

ROLES = [role.value for role in OfficeRole]
OFFICERS = {"office_admin", "welfare_officer"}
APPROVERS = OFFICERS | {"approver"}
PAYERS = {"finance_officer"}
READERS = APPROVERS | PAYERS


def _image(kind: str) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (30, 20), "white").save(buffer, kind)
    return buffer.getvalue()


def _pdf() -> bytes:
    pdf = FPDF()
    pdf.add_page()
    return bytes(pdf.output())


# Real files: images are decoded and saved again, PDFs read (core.uploads).
PNG = _image("PNG")
JPEG = _image("JPEG")
PDF = _pdf()


def _today() -> date:
    return timezone.localdate()


def _be(day: date) -> str:
    return format_be_date(day, "short")


def _family(office: Office, children: int = 0) -> tuple[Person, list[FamilyMember]]:
    """A teacher of `office` with `children` children born 2010, 2011, …"""
    with schema_context(office.schema_name):
        person = make_claimant()
        kids = [add_child(person, n, date(2009 + n, 3, 1)) for n in range(1, children + 1)]
    return person, kids


def _claim(
    office: Office,
    person: Person | None = None,
    number: str = "R-001",
    amount: str = "1250.50",
    *,
    status: str = ClaimStatus.SUBMITTED,
) -> Claim:
    """A medical claim of `office` through the services, brought to `status`."""
    with schema_context(office.schema_name):
        claim = services.medical_claim_create(
            claimant=person or make_claimant(),
            beneficiary=None,
            hospital_name="โรงพยาบาลพัทลุง",
            hospital_type="government",
            care_type="outpatient",
            receipts=[
                ReceiptInput(
                    number=number,
                    issued_on=_today(),
                    items=(ItemInput(kind="medicine", amount=Decimal(amount)),),
                )
            ],
            received_by=user("welfare_officer"),
        )
        if status in (ClaimStatus.CHECKED, ClaimStatus.APPROVED, ClaimStatus.PAID):
            claim = services.claim_check(claim=claim, officer=user("welfare_officer"))
        if status in (ClaimStatus.APPROVED, ClaimStatus.PAID):
            claim = services.claim_approve(claim=claim, approver=user("approver"))
        if status == ClaimStatus.PAID:
            services.claim_pay(claim=claim, payer=user("finance_officer"))
        return claim


def _child_education_paid(office: Office, number: str) -> Claim:
    """A paid child-education claim (government primary, the `rates` fixture's 4,000)."""
    person, kids = _family(office, children=1)
    with schema_context(office.schema_name):
        claim = services.child_education_claim_create(
            claimant=person,
            child=kids[0],
            academic_year_be=academic_year_of(_today()).be_year,
            semester=semester_of(_today()) or 1,
            school_name="โรงเรียนบ้านควน",
            school_type="government",
            level="primary",
            receipts=[ReceiptInput(number=number, issued_on=_today(), amount=Decimal("3000"))],
            fee_notice_received=True,
            received_by=user("welfare_officer"),
        )
        claim = services.claim_check(claim=claim, officer=user("welfare_officer"))
        claim = services.claim_approve(claim=claim, approver=user("approver"))
        services.claim_pay(claim=claim, payer=user("finance_officer"))
        return claim


def _status(office: Office, claim: Claim) -> str:
    with schema_context(office.schema_name):
        return Claim.objects.get(pk=claim.pk).status


def _count(office: Office, model: Any) -> int:
    with schema_context(office.schema_name):
        return int(model.objects.count())


def _lines(*rows: dict[str, str], total: int = 6) -> dict[str, str]:
    data = {
        "lines-TOTAL_FORMS": str(total),
        "lines-INITIAL_FORMS": "0",
        "lines-MIN_NUM_FORMS": "0",
        "lines-MAX_NUM_FORMS": "60",
    }
    for index in range(total):
        data[f"lines-{index}-kind"] = "medicine"
    for index, row in enumerate(rows):
        data.update({f"lines-{index}-{name}": value for name, value in row.items()})
    return data


def _medical_post(person: Person, beneficiary: str = "self", **extra: str) -> dict[str, str]:
    return {
        "person": str(person.pk),
        "beneficiary": beneficiary,
        "hospital_name": "โรงพยาบาลพัทลุง",
        "hospital_type": "government",
        "care_type": "outpatient",
        **_lines(
            {
                "number": extra.pop("number", "R-100"),
                "issued_on": extra.pop("issued_on", _be(_today())),
                "kind": "medicine",
                "amount": "1250.50",
            },
            {
                "number": "R-100",
                "issued_on": _be(_today()),
                "kind": "record_fee",
                "amount": "50.00",
            },
        ),
        **extra,
    }


def _text(client: Client, path: str) -> str:
    response = client.get(path)
    assert response.status_code == 200, response.status_code
    pdf = PdfReader(io.BytesIO(response.content))
    return "".join(page.extract_text() for page in pdf.pages).replace("\u200b", "")


# --- The whole flow ----------------------------------------------------------------------


def test_a_medical_claim_goes_from_the_desk_ticket_to_the_printed_receipt(
    office_a: Office,
) -> None:
    officer = office_client(office_a, "welfare_officer")
    finance = office_client(office_a, "finance_officer")
    person, _ = _family(office_a)
    with schema_context(office_a.schema_name):
        ticket = service_request_open(
            service_type_code="medical_claim", person=person, received_by=user("welfare_officer")
        )

    # Step 1 is pre-filled from the ticket; step 2 shows the family's eligibility.
    step_one = officer.get(f"/claims/medical/new/?ticket={ticket.pk}").content.decode()
    assert f'value="{person.national_id}"' in step_one
    response = officer.get(
        f"/claims/medical/new/?ticket={ticket.pk}&national_id={person.national_id}"
    )
    assert response.status_code == 302
    step_two = officer.get(response["Location"]).content.decode()
    assert "สิทธิของสมาชิกในครอบครัว" in step_two and person.full_name_th in step_two

    response = officer.post(
        "/claims/medical/new/", {**_medical_post(person), "ticket": str(ticket.pk)}
    )
    assert response.status_code == 302
    with schema_context(office_a.schema_name):
        claim = Claim.objects.get(claimant=person)
        assert claim.service_request_id == ticket.pk
        assert claim.claimed_amount == Decimal("1300.50")
        assert claim.payable_amount == Decimal("1250.50")
    assert response["Location"] == f"/claims/{claim.pk}/"

    # The ticket now has its claim: its entry point leads there.
    again = officer.get(f"/claims/medical/new/?ticket={ticket.pk}")
    assert again.status_code == 302 and again["Location"] == f"/claims/{claim.pk}/"

    detail = officer.get(f"/claims/{claim.pk}/").content.decode()
    assert "1,250.50" in detail and "ค่าทำประวัติผู้ป่วย" in detail and "เบิกไม่ได้" in detail
    officer.post(f"/claims/{claim.pk}/check/")
    officer.post(f"/claims/{claim.pk}/approve/")
    assert _status(office_a, claim) == ClaimStatus.APPROVED

    paid = finance.post(f"/claims/{claim.pk}/pay/", follow=True).content.decode()
    with schema_context(office_a.schema_name):
        payment = Payment.objects.get(claim=claim)
    assert payment.number in paid
    assert "หนึ่งพันสองร้อยห้าสิบบาทห้าสิบสตางค์" in paid
    assert "พิมพ์ใบสำคัญรับเงิน" in paid
    assert payment.number in _text(finance, f"/claims/{claim.pk}/receipt.pdf")
    assert _text(finance, f"/claims/{claim.pk}/receipt.pdf?thai_digits=1")


def test_a_fourth_child_is_refused_with_the_reason_and_nothing_is_created(
    office_a: Office,
) -> None:
    officer = office_client(office_a, "welfare_officer")
    person, kids = _family(office_a, children=4)
    page = officer.get(f"/claims/medical/new/?person={person.pk}").content.decode()
    assert "บุตรคนที่ 4 ไม่มีสิทธิ" in page  # the eligibility table explains it up front
    claims = _count(office_a, Claim)

    body = officer.post(
        "/claims/medical/new/", _medical_post(person, beneficiary=str(kids[3].pk))
    ).content.decode()

    assert "บุตรคนที่ 4 ไม่มีสิทธิ (มีสิทธิเฉพาะบุตรคนที่ 1–3 ตามลำดับการเกิด)" in body
    assert _count(office_a, Claim) == claims
    response = officer.post(
        "/claims/medical/new/", _medical_post(person, beneficiary=str(kids[2].pk))
    )
    assert response.status_code == 302
    with schema_context(office_a.schema_name):
        assert Claim.objects.get(claimant=person).beneficiary_id == kids[2].pk


def test_a_child_education_claim_shows_entitled_used_and_remaining(
    office_a: Office, rates: dict[str, Any]
) -> None:
    officer = office_client(office_a, "welfare_officer")
    person, kids = _family(office_a, children=1)
    today = _today()
    page = officer.get(
        f"/claims/child-education/new/?person={person.pk}&academic_year=2557&semester=1"
    ).content.decode()
    assert "ลูกคนที่1" in page and "4,000.00" in page  # the rate of the year
    response = officer.post(
        "/claims/child-education/new/",
        {
            "person": str(person.pk),
            "child": str(kids[0].pk),
            "academic_year": "2557",
            "semester": "1",
            "school_name": "โรงเรียนบ้านควน",
            "school_type": "government",
            "level": "primary",
            "fee_notice_received": "on",
            **_lines({"number": "S-1", "issued_on": _be(today), "amount": "3000.00"}),
        },
    )
    assert response.status_code == 302, response.content.decode()[-3000:]
    detail = officer.get(response["Location"]).content.decode()
    assert "4,000.00" in detail and "3,000.00" in detail and "1,000.00" in detail
    page = officer.get(
        f"/claims/child-education/new/?person={person.pk}&academic_year=2557&semester=2"
    ).content.decode()
    assert "3,000.00" in page and "1,000.00" in page  # used and remaining of the child


# --- Form input --------------------------------------------------------------------------


def test_dates_are_typed_in_buddhist_era_and_a_christian_year_is_refused(
    office_a: Office,
) -> None:
    officer = office_client(office_a, "welfare_officer")
    person, _ = _family(office_a)
    today = _today()
    ce = f"{today.day:02d}/{today.month:02d}/{today.year}"
    body = officer.post(
        "/claims/medical/new/", _medical_post(person, issued_on=ce)
    ).content.decode()
    assert "ดูเหมือนเป็นปีคริสต์ศักราช" in body and str(to_be_year(today.year)) in body
    assert _count(office_a, Claim) == 0
    response = officer.post("/claims/medical/new/", _medical_post(person))
    assert response.status_code == 302


def test_a_receipt_claimed_before_is_refused_on_the_form(office_a: Office) -> None:
    officer = office_client(office_a, "welfare_officer")
    first = _claim(office_a, number="R-777")
    person, _ = _family(office_a)
    body = officer.post(
        "/claims/medical/new/", _medical_post(person, number="R-777")
    ).content.decode()
    assert f"เบิกไปแล้วในคำขอเลขที่ {first.pk}" in body
    with schema_context(office_a.schema_name):
        assert not Claim.objects.filter(claimant=person).exists()


def test_add_lines_keeps_what_was_typed_and_offers_more_rows(office_a: Office) -> None:
    officer = office_client(office_a, "welfare_officer")
    person, _ = _family(office_a)
    body = officer.post(
        "/claims/medical/new/", {**_medical_post(person), "more_lines": "1"}
    ).content.decode()
    assert 'name="lines-TOTAL_FORMS" value="9"' in body.replace(' id="id_lines-TOTAL_FORMS"', "")
    assert 'value="R-100"' in body and "โรงพยาบาลพัทลุง" in body
    assert "field-error" not in body
    assert _count(office_a, Claim) == 0


def test_an_unknown_national_id_is_refused_at_step_one(office_a: Office) -> None:
    officer = office_client(office_a, "welfare_officer")
    body = officer.get("/claims/medical/new/?national_id=1101700207030").content.decode()
    assert "ไม่พบผู้มีเลขประจำตัวประชาชนนี้ในทะเบียนบุคลากร" in body


# --- Roles -------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ROLES)
def test_every_role_against_every_page(office_a: Office, role: str) -> None:
    claim = _claim(office_a, status=ClaimStatus.PAID)
    with schema_context(office_a.schema_name):
        scan = services.claim_scan_add(
            claim=claim,
            upload=SimpleUploadedFile("scan.png", PNG),
            kind="receipt",
            uploaded_by=user("welfare_officer"),
        )
    client = office_client(office_a, role)
    reader = 200 if role in READERS else 403
    officer = 200 if role in OFFICERS else 403
    year = fiscal_year_of(_today()).be_year
    expected = {
        "/claims/": reader,
        f"/claims/{claim.pk}/": reader,
        f"/claims/{claim.pk}/receipt.pdf": reader,
        f"/claims/{claim.pk}/scans/{scan.pk}/": reader,
        f"/claims/registers/medical/?fy={year}": reader,
        f"/claims/registers/medical.pdf?fy={year}": reader,
        f"/claims/registers/medical.xlsx?fy={year}": reader,
        f"/claims/registers/child-education/?fy={year}": reader,
        f"/claims/registers/child-education.pdf?fy={year}": reader,
        f"/claims/registers/child-education.xlsx?fy={year}": reader,
        "/claims/medical/new/": officer,
        "/claims/child-education/new/": officer,
        "/claims/settings/": 200 if role == "office_admin" else 403,
    }
    assert {path: client.get(path).status_code for path in expected} == expected
    with schema_context(office_a.schema_name):
        scan.file.delete(save=False)


@pytest.mark.parametrize("role", ROLES)
def test_every_role_against_every_step_and_nothing_changes_when_refused(
    office_a: Office, role: str
) -> None:
    client = office_client(office_a, role)

    claim = _claim(office_a, number="C-1")
    response = client.post(f"/claims/{claim.pk}/check/")
    assert response.status_code == (302 if role in OFFICERS else 403)
    assert _status(office_a, claim) == ("checked" if role in OFFICERS else "submitted")

    claim = _claim(office_a, number="C-2", status=ClaimStatus.CHECKED)
    response = client.post(f"/claims/{claim.pk}/approve/")
    assert response.status_code == (302 if role in APPROVERS else 403)
    assert _status(office_a, claim) == ("approved" if role in APPROVERS else "checked")

    claim = _claim(office_a, number="C-3", status=ClaimStatus.CHECKED)
    response = client.post(f"/claims/{claim.pk}/return/", {"reason": "ใบเสร็จไม่ชัด"})
    assert response.status_code == (302 if role in APPROVERS else 403)
    assert _status(office_a, claim) == ("returned" if role in APPROVERS else "checked")

    claim = _claim(office_a, number="C-4", status=ClaimStatus.APPROVED)
    response = client.post(f"/claims/{claim.pk}/pay/")
    assert response.status_code == (302 if role in PAYERS else 403)
    assert _status(office_a, claim) == ("paid" if role in PAYERS else "approved")

    scans = _count(office_a, ClaimScan)
    response = client.post(
        f"/claims/{claim.pk}/scans/",
        {"kind": "receipt", "file": SimpleUploadedFile("r.png", PNG)},
    )
    assert response.status_code == (302 if role in OFFICERS else 403)
    assert _count(office_a, ClaimScan) == scans + (1 if role in OFFICERS else 0)

    person, _ = _family(office_a)
    claims = _count(office_a, Claim)
    response = client.post("/claims/medical/new/", _medical_post(person, number="C-5"))
    assert response.status_code == (302 if role in OFFICERS else 403)
    assert _count(office_a, Claim) == claims + (1 if role in OFFICERS else 0)

    response = client.post(
        "/claims/settings/", {"approval_threshold": "5000.00", "payer_name": "นางเงิน"}
    )
    assert response.status_code == (302 if role == "office_admin" else 403)
    with schema_context(office_a.schema_name):
        assert services.approval_threshold() == Decimal(
            "5000.00" if role == "office_admin" else "10000.00"
        )
    with schema_context(office_a.schema_name):
        for stored in ClaimScan.objects.all():
            stored.file.delete(save=False)


def test_above_the_threshold_the_officer_is_told_the_director_approves(
    office_a: Office,
) -> None:
    claim = _claim(office_a, amount="15000.00", status=ClaimStatus.CHECKED)
    officer = office_client(office_a, "welfare_officer")
    body = officer.get(f"/claims/{claim.pk}/").content.decode()
    assert "ต้องให้ผู้อำนวยการอนุมัติ" in body
    officer.post(f"/claims/{claim.pk}/approve/")
    assert _status(office_a, claim) == ClaimStatus.CHECKED
    office_client(office_a, "approver").post(f"/claims/{claim.pk}/approve/")
    assert _status(office_a, claim) == ClaimStatus.APPROVED


def test_pressing_pay_twice_pays_once(office_a: Office) -> None:
    claim = _claim(office_a, status=ClaimStatus.APPROVED)
    finance = office_client(office_a, "finance_officer")
    finance.post(f"/claims/{claim.pk}/pay/")
    finance.post(f"/claims/{claim.pk}/pay/")
    with schema_context(office_a.schema_name):
        assert Payment.objects.filter(claim=claim).count() == 1
        assert Payment.objects.count() == 1


def test_the_list_puts_what_the_role_must_do_first(office_a: Office) -> None:
    submitted = _claim(office_a, number="L-1")
    approved = _claim(office_a, number="L-2", status=ClaimStatus.APPROVED)
    body = office_client(office_a, "finance_officer").get("/claims/").content.decode()
    mine = body.split("รอคุณดำเนินการ")[1].split("คำขออื่นที่ยังไม่เสร็จ")[0]
    assert f"/claims/{approved.pk}/" in mine and f"/claims/{submitted.pk}/" not in mine
    body = office_client(office_a, "welfare_officer").get("/claims/").content.decode()
    assert "รับคำขอเบิกค่ารักษาพยาบาล" in body and "รับคำขอเบิกค่าการศึกษาบุตร" in body
    filtered = office_client(office_a, "welfare_officer").get("/claims/?status=approved")
    recent = filtered.content.decode().split("คำขอเบิกล่าสุด")[1]
    assert f"/claims/{approved.pk}/" in recent and f"/claims/{submitted.pk}/" not in recent


# --- Scans -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "content", "accepted"),
    [
        ("scan.pdf", PDF, True),
        ("scan.png", PNG, True),
        ("scan.jpg", JPEG, True),
        ("scan.pdf", b"this is only text pretending to be a PDF", False),
    ],
)
def test_scans_are_accepted_by_their_content(
    office_a: Office, name: str, content: bytes, accepted: bool
) -> None:
    claim = _claim(office_a)
    officer = office_client(office_a, "welfare_officer")
    body = officer.post(
        f"/claims/{claim.pk}/scans/",
        {"kind": "receipt", "file": SimpleUploadedFile(name, content)},
        follow=True,
    ).content.decode()
    with schema_context(office_a.schema_name):
        scans = list(ClaimScan.objects.filter(claim=claim))
        assert len(scans) == (1 if accepted else 0)
        if accepted:
            assert "แนบเอกสารแล้ว" in body
            response = officer.get(f"/claims/{claim.pk}/scans/{scans[0].pk}/")
            assert response["Content-Disposition"].startswith("attachment")
            served = b"".join(response.streaming_content)  # type: ignore[attr-defined]
            if content == PDF:
                assert served == content
            else:  # the pixels saved again
                assert Image.open(io.BytesIO(served)).size == (30, 20)
            scans[0].file.delete(save=False)
        else:
            assert "รับเฉพาะไฟล์ PDF, JPEG หรือ PNG" in body


def test_a_scan_over_10_mb_is_refused(office_a: Office) -> None:
    claim = _claim(office_a)
    officer = office_client(office_a, "welfare_officer")
    big = SimpleUploadedFile("big.pdf", b"%PDF-" + b"0" * (10 * 1024 * 1024 - 4))
    body = officer.post(
        f"/claims/{claim.pk}/scans/", {"kind": "receipt", "file": big}, follow=True
    ).content.decode()
    assert "ไฟล์ใหญ่เกิน 10 MB" in body
    assert _count(office_a, ClaimScan) == 0


def test_a_scan_is_served_only_to_readers(office_a: Office) -> None:
    claim = _claim(office_a)
    with schema_context(office_a.schema_name):
        scan = services.claim_scan_add(
            claim=claim,
            upload=SimpleUploadedFile("scan.png", PNG),
            kind="receipt",
            uploaded_by=user("welfare_officer"),
        )
    try:
        for role in ROLES:
            response = office_client(office_a, role).get(f"/claims/{claim.pk}/scans/{scan.pk}/")
            assert response.status_code == (200 if role in READERS else 403), role
        # Another claim's id with this scan's id is not found.
        other = _claim(office_a, number="R-OTHER")
        response = office_client(office_a, "welfare_officer").get(
            f"/claims/{other.pk}/scans/{scan.pk}/"
        )
        assert response.status_code == 404
    finally:
        with schema_context(office_a.schema_name):
            scan.file.delete(save=False)


# --- Isolation and masking ---------------------------------------------------------------


def test_another_offices_claim_is_not_found(office_a: Office, office_b: Office) -> None:
    mine = _claim(office_a, number="A-1")
    theirs = _claim(office_b, number="B-1", status=ClaimStatus.PAID)
    while theirs.pk <= mine.pk:  # an id office alpha does not have
        theirs = _claim(office_b, number=f"B-{theirs.pk + 1}", status=ClaimStatus.PAID)
    client = office_client(office_a, "everything")
    for path in [f"/claims/{theirs.pk}/", f"/claims/{theirs.pk}/receipt.pdf"]:
        assert client.get(path).status_code == 404
    for step in ["check", "approve", "pay"]:
        assert client.post(f"/claims/{theirs.pk}/{step}/").status_code == 404
    assert client.get(f"/claims/{mine.pk}/").status_code == 200


def test_registers_mask_national_ids_for_those_who_may_not_see_them(office_a: Office) -> None:
    claim = _claim(office_a, status=ClaimStatus.PAID)
    national_id = claim.claimant.national_id
    year = fiscal_year_of(_today()).be_year
    body = office_client(office_a, "finance_officer").get(f"/claims/registers/medical/?fy={year}")
    assert national_id in body.content.decode()
    book = load_workbook(
        io.BytesIO(
            office_client(office_a, "approver")
            .get(f"/claims/registers/medical.xlsx?fy={year}")
            .content
        )
    )
    assert book.active is not None
    assert "ทะเบียน" in _text(
        office_client(office_a, "welfare_officer"), f"/claims/registers/medical.pdf?fy={year}"
    )


# --- Query counts ------------------------------------------------------------------------


def test_the_hot_pages_run_as_many_queries_for_one_claim_as_for_several(
    office_a: Office, rates: dict[str, Any]
) -> None:
    client = office_client(office_a, "welfare_officer")
    year = fiscal_year_of(_today()).be_year
    first = _claim(office_a, number="Q-1", status=ClaimStatus.PAID)
    _child_education_paid(office_a, number="S-1")
    pages = [
        "/claims/",
        f"/claims/{first.pk}/",
        f"/claims/registers/medical/?fy={year}",
        f"/claims/registers/child-education/?fy={year}",
    ]
    for path in pages:
        client.get(path)  # warm up sessions and caches
    one = {path: queries_of(lambda p=path: client.get(p)) for path in pages}
    for n in range(2, 6):
        _claim(office_a, number=f"Q-{n}", status=ClaimStatus.PAID)
        _child_education_paid(office_a, number=f"S-{n}")
    _claim(office_a, number="Q-open")
    several = {path: queries_of(lambda p=path: client.get(p)) for path in pages}
    assert several == one
    assert client.get(pages[3]).content.decode().count("โรงเรียนบ้านควน") == 5
    assert max(one.values()) <= 25, one
