"""The central site's bank and form pages: who may read and write, bad input, and the audit."""

from __future__ import annotations

import io
import json
import re

import pytest
from pypdf import PdfReader

from accounts.services import user_create
from audit.models import AuditEvent
from central import bankforms
from central.banks import Bank, BankFormTemplate, LoanProgramme
from tests.conftest import central_client

pytestmark = pytest.mark.django_db

NEW_BANK = {
    "code": "baac",
    "name_th": "ธนาคารเพื่อการเกษตรและสหกรณ์การเกษตร",
    "short_th": "ธ.ก.ส.",
    "display_order": "40",
}
NEW_PROGRAMME = {
    "code": "teacher-debt",
    "name_th": "สินเชื่อแก้ไขปัญหาหนี้สินครู",
    "kind": "multipurpose",
    "needs_guarantors": "2",
    "pensioners_allowed": "",
    "max_term_months": "120",
}
BODY = [
    {"type": "heading", "text": "หนังสือรับรองเงินเดือน"},
    {"type": "paragraph", "text": "ขอรับรองว่า {person.name} ได้รับเงินเดือน {payslip.base_salary} บาท"},
]


def _template_post(**changes: object) -> dict[str, object]:
    data: dict[str, object] = {
        "effective_from": "1/10/2570",
        "title_th": "หนังสือรับรองเงินเดือน ฉบับปรับปรุง",
        "body": json.dumps(BODY, ensure_ascii=False),
        "note": "",
    }
    return data | changes


def _gsb_form() -> BankFormTemplate:
    return BankFormTemplate.objects.get(bank__code="gsb", programme__isnull=True, version=1)


def test_analyst_reads_the_banks_and_previews_a_form() -> None:
    client = central_client("analyst")
    body = client.get("/banks/").content.decode()
    assert "ธนาคารออมสิน" in body and "ธนาคารอาคารสงเคราะห์" in body
    assert "สินเชื่อสวัสดิการข้าราชการ กรุงไทยธนวัฏ (หักเงินเดือน)" in body
    assert "ยังไม่ยืนยัน" in body
    assert "เพิ่มธนาคาร" not in body  # no writing for an analyst
    template = _gsb_form()
    page = client.get(f"/banks/forms/{template.pk}/").content.decode()
    assert "{person.national_id}" in page and "เลขประจำตัวประชาชน" in page
    pdf = client.get(f"/banks/forms/{template.pk}/preview.pdf?digits=thai")
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF")


def test_the_bank_list_page_queries_do_not_grow_with_banks(
    django_assert_max_num_queries: object,
) -> None:
    client = central_client("operator")
    client.get("/banks/")  # sessions and the like warmed up
    with django_assert_max_num_queries(12):  # type: ignore[operator]
        assert client.get("/banks/").status_code == 200


@pytest.mark.parametrize(
    ("username", "allowed"), [("operator", True), ("analyst", False), (None, False)]
)
def test_only_an_operator_adds_banks_programmes_and_forms(
    username: str | None, allowed: bool
) -> None:
    client = central_client(username)
    events = AuditEvent.objects.count()  # after signing in
    client.post("/banks/new/", NEW_BANK)
    client.post("/banks/gsb/programmes/new/", NEW_PROGRAMME)
    client.post("/banks/gsb/forms/new/", _template_post())
    assert Bank.objects.filter(code="baac").exists() is allowed
    assert LoanProgramme.objects.filter(code="teacher-debt").exists() is allowed
    assert BankFormTemplate.objects.filter(bank__code="gsb", version=2).exists() is allowed
    assert (AuditEvent.objects.count() - events == 3) is allowed
    if allowed:
        added = set(AuditEvent.objects.values_list("action", flat=True))
        assert {"central.bank_added", "central.loan_programme_added"} <= added
        assert "central.bank_form_added" in added
        _gsb_form().refresh_from_db()
        assert str(_gsb_form().effective_to) == "2027-09-30"  # the day before 1 Oct 2570


def test_a_new_version_page_copies_the_form_in_force() -> None:
    page = central_client("operator").get("/banks/ktb/forms/new/?programme=thanawat")
    body = page.content.decode()
    assert page.status_code == 200
    assert "กรุงไทยธนวัฏ" in body and "guarantor.1.name" in body


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("{not json", "เนื้อหาไม่ใช่ JSON ที่ถูกต้อง (บรรทัดที่ 1"),
        ('[{"type": "paragraph", "text": "{person.salary}"}]', "ไม่รู้จักช่องข้อมูล {person.salary}"),
        ('{"type": "heading"}', "ต้องเป็นรายการ"),
        ("[" * 5000 + "]" * 5000, "ซ้อนกันลึกเกินไป"),
        ("9" * 5000, "ตัวเลขที่ยาวเกินไป"),
        ("", "กรุณากรอกช่องนี้"),
    ],
)
def test_a_bad_body_gets_a_thai_message_and_writes_nothing(body: str, message: str) -> None:
    client = central_client("operator")
    count, events = BankFormTemplate.objects.count(), AuditEvent.objects.count()
    response = client.post("/banks/gsb/forms/new/", _template_post(body=body))
    assert response.status_code == 200
    page = response.content.decode()
    assert message in page, re.findall(r"field-error[^<]*", page)
    assert BankFormTemplate.objects.count() == count
    assert AuditEvent.objects.count() == events
    assert _gsb_form().effective_to is None


def test_a_ce_year_is_refused_in_thai() -> None:
    response = central_client("operator").post(
        "/banks/gsb/forms/new/", _template_post(effective_from="1/10/2027")
    )
    assert "ดูเหมือนเป็นปีคริสต์ศักราช" in response.content.decode()
    assert not BankFormTemplate.objects.filter(bank__code="gsb", version=2).exists()


def test_a_duplicate_bank_code_is_refused_in_thai() -> None:
    response = central_client("operator").post("/banks/new/", {**NEW_BANK, "code": "gsb"})
    assert "มีธนาคารรหัส “gsb” อยู่แล้ว" in response.content.decode()
    assert Bank.objects.filter(code="gsb").count() == 1


def test_the_author_cannot_confirm_and_another_operator_can() -> None:
    author = central_client("operator")
    author.post("/banks/gsb/forms/new/", _template_post())
    template = BankFormTemplate.objects.get(bank__code="gsb", programme__isnull=True, version=2)
    page = author.get(f"/banks/forms/{template.pk}/").content.decode()
    assert "ท่านเป็นผู้จัดทำฉบับนี้" in page
    response = author.post(f"/banks/forms/{template.pk}/confirm/", follow=True)
    assert "ผู้จัดทำฉบับนี้ยืนยันเองไม่ได้" in response.content.decode()
    template.refresh_from_db()
    assert not template.confirmed

    central_client("analyst").post(f"/banks/forms/{template.pk}/confirm/")
    template.refresh_from_db()
    assert not template.confirmed

    user_create(username="checker", password="x-Pass-1234!", roles=["platform_operator"])
    central_client("checker").post(f"/banks/forms/{template.pk}/confirm/")
    template.refresh_from_db()
    assert template.confirmed and template.confirmed_by == "checker"
    assert AuditEvent.objects.filter(
        action="central.bank_form_confirmed", actor_label="checker"
    ).exists()


def test_retiring_a_version_ends_it_and_bad_dates_are_refused() -> None:
    client = central_client("operator")
    template = _gsb_form()
    response = client.post(f"/banks/forms/{template.pk}/retire/", {"last_day": "31/12/2540"})
    assert "วันสิ้นสุดต้องไม่ก่อนวันที่ฉบับนี้มีผล" in response.content.decode()
    response = client.post(f"/banks/forms/{template.pk}/retire/", {"last_day": "ไม่ใช่วันที่"})
    assert "กรุณากรอกวันที่เป็น" in response.content.decode()
    template.refresh_from_db()
    assert template.effective_to is None
    client.post(f"/banks/forms/{template.pk}/retire/", {"last_day": "30/9/2557"})
    template.refresh_from_db()
    assert str(template.effective_to) == "2014-09-30"
    programme = LoanProgramme.objects.get(bank__code="gsb", code="academic-standing")
    assert bankforms.form_for(programme, template.effective_to) == template
    assert AuditEvent.objects.filter(action="central.bank_form_retired").count() == 1


def test_unknown_banks_and_forms_are_not_found() -> None:
    client = central_client("operator")
    assert client.get("/banks/nosuch/forms/new/").status_code == 404
    assert client.get("/banks/gsb/forms/new/?programme=nosuch").status_code == 404
    assert client.get("/banks/forms/999999/").status_code == 404
    assert client.get("/banks/forms/999999/preview.pdf").status_code == 404
    assert client.get("/banks/gsb/forms/new/?from=๑๒").status_code == 200


def test_an_operator_takes_a_programme_and_a_bank_out_of_use_and_back() -> None:
    client = central_client("operator")
    client.post("/banks/ktb/programmes/multipurpose/active/", {"active": "0"})
    ktb = Bank.objects.get(code="ktb")
    assert [p.code for p in bankforms.programmes(ktb)] == ["thanawat"]
    client.post("/banks/ktb/active/", {"active": "0"})
    assert "ktb" not in set(bankforms.banks().values_list("code", flat=True))
    client.post("/banks/ktb/active/", {"active": "1"})
    client.post("/banks/ktb/programmes/multipurpose/active/", {"active": "1"})
    assert len(bankforms.programmes(ktb)) == 2 and "ktb" in {b.code for b in bankforms.banks()}
    actions = list(
        AuditEvent.objects.filter(action__contains="activated").values_list("action", flat=True)
    )
    assert sorted(actions) == [
        "central.bank_activated",
        "central.bank_deactivated",
        "central.loan_programme_activated",
        "central.loan_programme_deactivated",
    ]


def test_an_analyst_cannot_take_a_bank_out_of_use() -> None:
    response = central_client("analyst").post("/banks/gsb/active/", {"active": "0"})
    assert response.status_code == 403
    assert Bank.objects.get(code="gsb").is_active
    response = central_client("operator").post("/banks/gsb/programmes/nosuch/active/")
    assert response.status_code == 404


def test_a_draft_is_previewed_as_pdf_and_saved_nowhere() -> None:
    client = central_client("operator")
    count, events = BankFormTemplate.objects.count(), AuditEvent.objects.count()
    response = client.post("/banks/gsb/forms/new/?programme=welfare", _template_post(preview="1"))
    assert response["Content-Type"] == "application/pdf"
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(response.content)).pages)
    assert "ขอรับรองว่า" in text.replace("\u200b", "") and "unconfirmed sample" in text
    assert (BankFormTemplate.objects.count(), AuditEvent.objects.count()) == (count, events)
    bad = client.post("/banks/gsb/forms/new/", _template_post(preview="1", body="[1]"))
    assert bad["Content-Type"].startswith("text/html")
    assert "ส่วนที่ 1: ต้องเป็นออบเจกต์" in bad.content.decode()


def test_an_operator_corrects_a_programme_and_the_change_is_audited() -> None:
    data = {**NEW_PROGRAMME, "code": "ignored", "name_th": "สินเชื่อสวัสดิการ (แก้ไข)"}
    data |= {"kind": "welfare_deduction", "needs_guarantors": "1", "max_term_months": "180"}
    assert central_client("analyst").post("/banks/gsb/programmes/welfare/", data).status_code == 403
    page = central_client("operator").get("/banks/gsb/programmes/welfare/").content.decode()
    assert "หนังสือรับรองที่ออกไปแล้วคงชื่อและตัวเลข" in page
    response = central_client("operator").post("/banks/gsb/programmes/welfare/", data)
    assert response.status_code == 302
    programme = LoanProgramme.objects.get(bank__code="gsb", code="welfare")  # code unchanged
    assert (programme.name_th, programme.needs_guarantors) == ("สินเชื่อสวัสดิการ (แก้ไข)", 1)
    event = AuditEvent.objects.get(action="central.loan_programme_changed")
    assert event.changes["needs_guarantors"] == [2, 1]
    assert set(event.changes) == {"name_th", "needs_guarantors"}


def test_an_operator_corrects_a_bank_name_and_the_change_is_audited() -> None:
    data = {
        "code": "other",
        "name_th": "ธนาคารออมสิน (แก้ไข)",
        "short_th": "ออมสิน",
        "display_order": "10",
    }
    assert central_client("analyst").post("/banks/gsb/", data).status_code == 403
    assert central_client("operator").post("/banks/gsb/", data).status_code == 302
    bank = Bank.objects.get(code="gsb")  # the code never changes
    assert bank.name_th == "ธนาคารออมสิน (แก้ไข)"
    event = AuditEvent.objects.get(action="central.bank_changed")
    assert event.changes == {"name_th": ["ธนาคารออมสิน", "ธนาคารออมสิน (แก้ไข)"]}
    assert central_client("operator").get("/banks/nosuch/").status_code == 404
