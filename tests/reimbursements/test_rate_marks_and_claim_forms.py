"""A claim under an unconfirmed rate warns and is marked; a year without a rate is said so in
Thai; the eligibility table of child education shows reasons for the ineligible, asks the
semester once and dates every age."""

from __future__ import annotations

import io
import re
from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from django_tenants.utils import schema_context
from openpyxl import load_workbook

from apps.reimbursements import services
from apps.reimbursements.models import Claim
from apps.reimbursements.services import ClaimError, ReceiptInput
from central.rates import ChildEducationRate
from core.thai import academic_year_of, fiscal_year_of, semester_of
from tenants.models import Office
from tests.conftest import office_client
from tests.reimbursements.conftest import user
from tests.reimbursements.test_views import (
    _be,
    _child_education_paid,
    _claim,
    _family,
    _lines,
    _text,
    _today,
)

pytestmark = pytest.mark.django_db

MARK = "อัตรายังไม่ยืนยัน"


def _unconfirm(rates: dict[str, ChildEducationRate]) -> None:
    ChildEducationRate.objects.filter(pk__in=[r.pk for r in rates.values()]).update(
        is_confirmed=False
    )
    for rate in rates.values():
        rate.refresh_from_db()


def _school_post(person: Any, child: Any, year: int, semester: int = 1) -> dict[str, str]:
    return {
        "person": str(person.pk),
        "child": str(child.pk),
        "academic_year": str(year),
        "semester": str(semester),
        "school_name": "โรงเรียนบ้านควน",
        "school_type": "government",
        "level": "primary",
        "fee_notice_received": "on",
        **_lines({"number": "S-9", "issued_on": _be(_today()), "amount": "1000.00"}),
    }


def test_a_claim_stores_whether_its_rate_was_confirmed(
    office_a: Office, rates: dict[str, ChildEducationRate]
) -> None:
    _unconfirm(rates)
    unconfirmed = _child_education_paid(office_a, "S-1")
    assert unconfirmed.rate_confirmed is False
    rates["actual"].is_confirmed = True
    rates["actual"].save()
    confirmed = _child_education_paid(office_a, "S-2")
    assert confirmed.rate_confirmed is True
    with schema_context(office_a.schema_name):
        assert Claim.objects.get(pk=unconfirmed.pk).rate_confirmed is False


def test_the_claim_page_and_the_registers_mark_a_claim_under_an_unconfirmed_rate(
    office_a: Office, rates: dict[str, ChildEducationRate]
) -> None:
    _unconfirm(rates)
    claim = _child_education_paid(office_a, "S-1")
    officer = office_client(office_a, "welfare_officer")
    page = officer.get(f"/claims/{claim.pk}/").content.decode()
    assert "คำขอนี้ใช้อัตราที่ยังไม่ได้ยืนยันกับหนังสือสั่งการ (ทดสอบ 1)" in page
    assert MARK in page
    year = fiscal_year_of(_today()).be_year
    register = officer.get(f"/claims/registers/child-education/?fy={year}").content.decode()
    assert MARK in register
    assert MARK in _text(officer, f"/claims/registers/child-education.pdf?fy={year}")
    book = load_workbook(
        io.BytesIO(officer.get(f"/claims/registers/child-education.xlsx?fy={year}").content)
    )
    cells = [str(c) for row in book.active.iter_rows(values_only=True) for c in row if c]  # type: ignore[union-attr]
    assert any(MARK in cell for cell in cells)

    rates["actual"].is_confirmed = True
    rates["actual"].save()
    confirmed = _child_education_paid(office_a, "S-2")
    page = officer.get(f"/claims/{confirmed.pk}/").content.decode()
    assert MARK not in page and "ยังไม่ได้ยืนยัน" not in page


def test_the_form_warns_of_unconfirmed_rates_and_says_when_a_year_has_none(
    office_a: Office, rates: dict[str, ChildEducationRate]
) -> None:
    officer = office_client(office_a, "welfare_officer")
    person, kids = _family(office_a, children=1)
    url = f"/claims/child-education/new/?person={person.pk}"
    assert (
        "ยังไม่ได้ยืนยันกับหนังสือสั่งการ"
        not in officer.get(f"{url}&academic_year=2557&semester=1").content.decode()
    )
    _unconfirm(rates)
    page = officer.get(f"{url}&academic_year=2557&semester=1").content.decode()
    assert "อัตราบางรายการของปีการศึกษา 2557 ยังไม่ได้ยืนยันกับหนังสือสั่งการ" in page
    assert MARK in page
    # The fixture's rates end with 2557, like the demo's: no rate covers 2569.
    ChildEducationRate.objects.filter(pk__in=[r.pk for r in rates.values()]).update(
        last_academic_year=2557
    )
    # 2558: no row at all (the shipped ones start in 2559).
    response = officer.get(f"{url}&academic_year=2558&semester=1")
    assert response.status_code == 200
    assert "ยังไม่มีอัตราเงินบำรุงการศึกษาบุตรที่ใช้บังคับในปีการศึกษา 2558" in (response.content.decode())
    # 2569: the shipped rows of other levels, none for government primary.
    page = officer.get(f"{url}&academic_year=2569&semester=1").content.decode()
    assert "ที่ไม่มีในตารางนี้ยังไม่มีอัตราที่ใช้บังคับในปีการศึกษา 2569" in page
    assert "ทดสอบ 1" not in page
    response = officer.post("/claims/child-education/new/", _school_post(person, kids[0], 2569))
    assert response.status_code == 200
    assert "ยังไม่มีอัตราเงินบำรุงการศึกษาของโรงเรียนรัฐบาล" in response.content.decode()
    with schema_context(office_a.schema_name):
        assert not Claim.objects.filter(claimant=person).exists()


def test_a_service_refuses_a_current_year_the_demo_rates_do_not_cover(
    office_a: Office,
) -> None:
    from apps.reimbursements.demo import demo_rates_ensure

    demo_rates_ensure(academic_year_be=2556)
    person, kids = _family(office_a, children=1)
    with schema_context(office_a.schema_name), pytest.raises(ClaimError) as refused:
        services.child_education_claim_create(
            claimant=person,
            child=kids[0],
            academic_year_be=2569,
            semester=1,
            school_name="โรงเรียนบ้านควน",
            school_type="government",
            level="primary",
            receipts=[ReceiptInput(number="S-1", issued_on=_today(), amount=Decimal("100"))],
            fee_notice_received=True,
            received_by=user("welfare_officer"),
        )
    assert refused.value.code == "reimbursements.no_rate"


def test_a_medical_claim_under_unconfirmed_limits_is_marked(office_a: Office) -> None:
    claim = _claim(office_a)  # the shipped medical limits are still to be checked
    assert claim.rate_confirmed is False
    page = office_client(office_a, "welfare_officer").get(f"/claims/{claim.pk}/")
    assert MARK in page.content.decode()


def _row_of(page: str, name: str) -> str:
    rows = re.findall(r"<tr class=\"(?:not-)?eligible\">.*?</tr>", page, flags=re.S)
    return next(row for row in rows if name in row)


def test_the_eligibility_table_shows_reasons_asks_the_semester_once_and_dates_ages(
    office_a: Office, rates: dict[str, ChildEducationRate]
) -> None:
    officer = office_client(office_a, "welfare_officer")
    person, kids = _family(office_a, children=1)
    with schema_context(office_a.schema_name):
        too_young = kids[0].__class__.objects.create(
            person=person,
            relation="child",
            child_status="legitimate",
            title="เด็กชาย",
            first_name_th="เล็กสุด",
            last_name_th="ทดสอบ",
            birth_date=date(2013, 1, 1),
            birth_order=2,
        )
    page = officer.get(
        f"/claims/child-education/new/?person={person.pk}&academic_year=2557&semester=1"
    ).content.decode()
    young = _row_of(page, "เล็กสุด")
    assert "อายุยังไม่ครบ 3 ปี" in young
    assert "ตามอัตรา" not in young and "ไม่มีสิทธิเบิก (ดูเหตุผล)" in young
    eligible = _row_of(page, str(kids[0].first_name_th))
    assert "ตามอัตรา" in eligible
    assert "ณ วันเปิดภาคเรียน 16 พฤษภาคม 2557" in eligible
    assert "อายุนับ ณ วันเปิดภาคเรียน 16 พฤษภาคม 2557" in page
    # Year and semester: one visible question each (the claim form carries them hidden).
    visible_years = re.findall(r'<input type="number" name="academic_year"', page)
    assert len(visible_years) == 1
    assert len(re.findall(r'<input type="hidden" name="academic_year" value="2557"', page)) == 1
    assert len(re.findall(r'<select name="semester"', page)) == 1
    assert too_young.pk


def test_a_claim_from_the_form_uses_the_semester_chosen_above(
    office_a: Office, rates: dict[str, ChildEducationRate]
) -> None:
    officer = office_client(office_a, "welfare_officer")
    person, kids = _family(office_a, children=1)
    year = academic_year_of(_today()).be_year
    semester = semester_of(_today()) or 1
    response = officer.post(
        "/claims/child-education/new/", _school_post(person, kids[0], year, semester)
    )
    assert response.status_code == 302, response.content.decode()[-2000:]
    with schema_context(office_a.schema_name):
        detail = Claim.objects.get(claimant=person).child_education
        assert (detail.academic_year, detail.semester) == (year, semester)
