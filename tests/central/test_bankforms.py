"""Banks, loan programmes and their form templates: the version in force, the body's checks,
the seeded forms and the printed PDF."""

from __future__ import annotations

import io
import json
import re
from datetime import date

import pytest
from django.db import IntegrityError, transaction
from django_tenants.utils import schema_context
from pypdf import PdfReader

from accounts.models import User
from audit.models import AuditEvent
from central import bankforms
from central.bank_services import (
    BankFormError,
    bank_create,
    form_template_add,
    form_template_confirm,
    form_template_retire,
    programme_create,
)
from central.banks import Bank, BankFormTemplate, LoanProgramme
from core.documents import Identifier
from tenants.models import Office

pytestmark = pytest.mark.django_db

CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f]")
BODY = [
    {"type": "heading", "text": "หนังสือรับรองเงินเดือน"},
    {"type": "paragraph", "text": "ขอรับรองว่า {person.name} เลขประจำตัวประชาชน {person.national_id}"},
    {"type": "table", "rows": [["เงินเดือน", "{payslip.base_salary} บาท"]]},
    {"type": "signature", "caption": "ผู้รับรอง", "name": "{signer.name}"},
]


def _text(pdf: bytes) -> str:
    """The PDF's text on one line, without zero-width break points and SARA AM artefacts."""
    reader = PdfReader(io.BytesIO(pdf))
    text = " ".join(page.extract_text() for page in reader.pages)
    text = CONTROL.sub("", text.replace("\u200b", "")).replace("\u0e4d\u0e32", "\u0e33")
    return " ".join(text.split())


@pytest.fixture
def operator() -> User:
    return User.objects.get(username="operator")


@pytest.fixture
def bank(operator: User) -> Bank:
    return bank_create(code="tbank", name_th="ธนาคารทดสอบ", short_th="ทดสอบ", actor=operator)


@pytest.fixture
def programme(bank: Bank, operator: User) -> LoanProgramme:
    return programme_create(
        bank=bank,
        code="welfare",
        name_th="สินเชื่อสวัสดิการทดสอบ",
        kind="welfare_deduction",
        needs_guarantors=1,
        max_term_months=120,
        actor=operator,
    )


def _add(bank: Bank, programme: LoanProgramme | None, on: date, title: str) -> BankFormTemplate:
    operator = User.objects.get(username="operator")
    return form_template_add(
        bank=bank, programme=programme, effective_from=on, title_th=title, body=BODY, actor=operator
    )


# --- seeded banks -----------------------------------------------------------------------------


def test_the_report_banks_are_seeded_with_unconfirmed_forms() -> None:
    codes = list(bankforms.banks().values_list("code", flat=True))
    assert codes[:3] == ["gsb", "ktb", "ghb"]
    assert Bank.objects.get(code="ghb").name_th == "ธนาคารอาคารสงเคราะห์"
    on = date(2014, 3, 1)  # FY 2557
    for code in ("gsb", "ktb", "ghb"):
        for programme in bankforms.programmes(Bank.objects.get(code=code)):
            template = bankforms.form_for(programme, on)
            assert template is not None, programme
            assert not template.confirmed
            assert bankforms.template_problems(template.body) == []
    assert LoanProgramme.objects.filter(pensioners_allowed=True).exists()
    assert LoanProgramme.objects.get(bank__code="ghb", code="welfare-housing").kind == "housing"


def test_offices_read_the_banks_through_their_own_schema(office_a: Office) -> None:
    with schema_context(office_a.schema_name):
        programme = LoanProgramme.objects.get(bank__code="ktb", code="thanawat")
        template = bankforms.form_for(programme, date(2014, 3, 1))
        assert template is not None and template.programme == programme


# --- the version in force ---------------------------------------------------------------------


def test_a_programme_form_beats_the_bank_form(bank: Bank, programme: LoanProgramme) -> None:
    bank_wide = _add(bank, None, date(2013, 1, 1), "ทั้งธนาคาร")
    assert bankforms.form_for(programme, date(2014, 1, 1)) == bank_wide
    own = _add(bank, programme, date(2014, 1, 1), "ของโครงการ")
    assert bankforms.form_for(programme, date(2014, 1, 1)) == own
    assert bankforms.form_for(programme, date(2013, 12, 31)) == bank_wide


def test_effective_dates_pick_the_version_in_force(bank: Bank, programme: LoanProgramme) -> None:
    first = _add(bank, programme, date(2013, 1, 1), "ฉบับ 1")
    second = _add(bank, programme, date(2014, 6, 1), "ฉบับ 2")
    first.refresh_from_db()
    assert (first.version, second.version) == (1, 2)
    assert first.effective_to == date(2014, 5, 31)
    assert bankforms.form_for(programme, date(2012, 12, 31)) is None
    assert bankforms.form_for(programme, date(2014, 5, 31)) == first
    assert bankforms.form_for(programme, date(2014, 6, 1)) == second


def test_a_retired_form_is_no_longer_in_force(bank: Bank, programme: LoanProgramme) -> None:
    operator = User.objects.get(username="operator")
    template = _add(bank, programme, date(2013, 1, 1), "ฉบับ 1")
    form_template_retire(template=template, last_day=date(2013, 12, 31), actor=operator)
    assert bankforms.form_for(programme, date(2013, 12, 31)) == template
    assert bankforms.form_for(programme, date(2014, 1, 1)) is None
    assert AuditEvent.objects.filter(action="central.bank_form_retired").count() == 1
    with pytest.raises(BankFormError):
        form_template_retire(template=template, last_day=date(2012, 1, 1), actor=operator)


def test_a_new_version_must_take_effect_after_the_last(
    bank: Bank, programme: LoanProgramme
) -> None:
    _add(bank, programme, date(2014, 1, 1), "ฉบับ 1")
    with pytest.raises(BankFormError) as refused:
        _add(bank, programme, date(2014, 1, 1), "ฉบับ 2")
    assert refused.value.code == "bankform.effective_too_early"
    assert BankFormTemplate.objects.filter(bank=bank).count() == 1


def test_bank_wide_versions_are_unique_in_the_database(bank: Bank) -> None:
    template = _add(bank, None, date(2014, 1, 1), "ฉบับ 1")
    with pytest.raises(IntegrityError), transaction.atomic():
        BankFormTemplate.objects.create(
            bank=bank, version=template.version, effective_from=date(2015, 1, 1), title_th="x"
        )


def test_a_programme_of_another_bank_is_refused(programme: LoanProgramme) -> None:
    other = Bank.objects.get(code="gsb")
    with pytest.raises(BankFormError) as refused:
        _add(other, programme, date(2014, 1, 1), "ผิดธนาคาร")
    assert refused.value.code == "bankform.programme_of_other_bank"


# --- separation of duties ---------------------------------------------------------------------


def test_who_made_a_version_does_not_confirm_it(bank: Bank) -> None:
    from accounts.services import user_create

    template = _add(bank, None, date(2014, 1, 1), "ฉบับ 1")
    with pytest.raises(BankFormError) as refused:
        form_template_confirm(template=template, actor=User.objects.get(username="operator"))
    assert refused.value.code == "bankform.confirm_own_version"
    template.refresh_from_db()
    assert not template.confirmed
    checker = user_create(username="checker", password="x-Pass-1234!", roles=["platform_operator"])
    form_template_confirm(template=template, actor=checker)
    template.refresh_from_db()
    assert template.confirmed and template.confirmed_by == "checker"
    event = AuditEvent.objects.get(action="central.bank_form_confirmed")
    assert event.actor_label == "checker"


# --- checking a body --------------------------------------------------------------------------


def test_a_good_body_has_no_problems() -> None:
    assert bankforms.template_problems(BODY) == []


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ({"type": "heading"}, "ต้องเป็นรายการ"),
        ([], "อย่างน้อยหนึ่งส่วน"),
        (["text"], "ส่วนที่ 1: ต้องเป็นออบเจกต์"),
        ([{"type": "image"}], "ไม่รู้จักชนิดส่วน 'image'"),
        ([{"type": "paragraph", "text": "ชื่อ {person.nmae}"}], "ไม่รู้จักช่องข้อมูล {person.nmae}"),
        ([{"type": "paragraph", "text": "วงเล็บ {person.name"}], "ไม่ครบคู่"),
        ([{"type": "paragraph"}], "ต้องมีคีย์ text"),
        ([{"type": "paragraph", "text": "x", "font": "Comic"}], "ไม่รู้จักคีย์ 'font'"),
        ([{"type": "paragraph", "text": 5}], "ค่าของ text ผิดชนิด"),
        ([{"type": "heading", "text": "x", "align": "middle"}], "align ต้องเป็น"),
        ([{"type": "space", "lines": True}], "ค่าของ lines ผิดชนิด"),
        ([{"type": "space", "lines": 99}], "lines ต้องอยู่ระหว่าง"),
        ([{"type": "table", "rows": [["เงินเดือน"]]}], "แถวที่ 1: ต้องเป็น"),
        ([{"type": "table", "rows": []}], "อย่างน้อยหนึ่งแถว"),
        ([{"type": "paragraph", "text": "ab\x00cd"}], "อักขระควบคุม"),
        ([{"type": "paragraph", "text": "x" * 2001}], "ยาวเกิน"),
        ([{"type": "space"}] * 121, "ไม่เกิน 120 ส่วน"),
    ],
)
def test_template_problems_name_what_is_wrong(body: object, expected: str) -> None:
    problems = bankforms.template_problems(body)
    assert any(expected in problem for problem in problems), problems


def test_every_field_of_the_seeded_forms_is_known() -> None:
    for template in BankFormTemplate.objects.all():
        assert set(bankforms.fields_used(template.body)) <= set(bankforms.FIELDS)
    gsb = BankFormTemplate.objects.get(bank__code="gsb", programme__code="welfare")
    assert "guarantor.2.name" in bankforms.fields_used(gsb.body)


def test_a_bad_body_is_never_saved(bank: Bank) -> None:
    with pytest.raises(BankFormError) as refused:
        form_template_add(
            bank=bank,
            programme=None,
            effective_from=date(2014, 1, 1),
            title_th="x",
            body=[{"type": "paragraph", "text": "{nosuch.field}"}],
            actor=User.objects.get(username="operator"),
        )
    assert "ไม่รู้จักช่องข้อมูล {nosuch.field}" in refused.value.message_th
    assert not BankFormTemplate.objects.filter(bank=bank).exists()


# --- printing ---------------------------------------------------------------------------------

VALUES = {
    "person.name": "นางสาวสมใจ ใจดี",
    "person.national_id": "3-9301-00123-45-1",
    "payslip.base_salary": "32,450.00",
}


def test_a_filled_form_shows_the_values_and_blanks_for_the_rest(bank: Bank) -> None:
    text = _text(bankforms.render_form(_add(bank, None, date(2014, 1, 1), "แบบทดสอบ"), VALUES))
    assert "หนังสือรับรองเงินเดือน" in text and "แบบทดสอบ" in text and "ธนาคารทดสอบ" in text
    assert "นางสาวสมใจ ใจดี" in text
    assert "3-9301-00123-45-1" in text
    assert "32,450.00 บาท" in text
    assert "(" + bankforms.BLANK + ")" in text.replace(" ", "")  # the signer, to be written in
    assert "ตัวอย่าง ยังไม่ได้ยืนยันกับธนาคาร" in text and "unconfirmed sample" in text


def test_a_confirmed_form_has_no_sample_mark(bank: Bank) -> None:
    template = _add(bank, None, date(2014, 1, 1), "แบบทดสอบ")
    BankFormTemplate.objects.filter(pk=template.pk).update(confirmed=True, confirmed_by="checker")
    template.refresh_from_db()
    text = _text(bankforms.render_form(template, VALUES))
    assert "ตัวอย่าง" not in text and "unconfirmed" not in text
    assert "นางสาวสมใจ ใจดี" in text


def test_thai_digits_never_reach_identifiers(bank: Bank) -> None:
    template = _add(bank, None, date(2014, 1, 1), "แบบทดสอบ")
    values = {**VALUES, "signer.name": Identifier("REF-2557-01")}
    text = _text(bankforms.render_form(template, values, thai_digits=True))
    assert "3-9301-00123-45-1" in text  # the national ID as written
    assert "REF-2557-01" in text  # any value the caller marks as an identifier
    assert "๓๒,๔๕๐.๐๐ บาท" in text  # amounts follow the document
    rest = text.replace("3-9301-00123-45-1", "").replace("REF-2557-01", "")
    assert not any(char in "0123456789" for char in rest.replace("unconfirmed", ""))


def test_every_seeded_form_prints_with_sample_values() -> None:
    for template in BankFormTemplate.objects.select_related("bank", "programme"):
        text = _text(bankforms.render_form(template, bankforms.preview_values(template)))
        assert "นางสาวสมใจ ใจดี" in text
        assert "300,000.00" in text and "สามแสน" in text
        assert template.bank.name_th in text


def test_render_refuses_a_body_with_problems(bank: Bank) -> None:
    template = BankFormTemplate(bank=bank, version=1, title_th="x", body=[{"type": "image"}])
    with pytest.raises(ValueError, match="ไม่รู้จักชนิดส่วน"):
        bankforms.render_form(template, {})


def test_a_body_reads_with_each_block_type_first_after_the_database() -> None:
    template = BankFormTemplate.objects.get(bank__code="ghb", programme__isnull=True)
    assert list(template.body[0])[0] != "type"  # jsonb orders keys its own way
    text = bankforms.body_as_text(template.body)
    assert text.startswith('[\n  {\n    "type": "paragraph",\n    "text": "ที่ {certificate.number}"')
    assert json.loads(text) == template.body


def test_an_office_confirmation_overrides_the_sample_mark(bank: Bank) -> None:
    template = _add(bank, None, date(2014, 1, 1), "แบบทดสอบ")
    assert not template.confirmed
    text = _text(bankforms.render_form(template, VALUES, confirmed=True))
    assert "ตัวอย่าง" not in text and "นางสาวสมใจ ใจดี" in text
    template.confirmed, template.confirmed_by = True, "checker"
    assert "unconfirmed sample" in _text(bankforms.render_form(template, VALUES, confirmed=False))
