"""Form fields for Buddhist Era dates and fiscal years. Needs Django settings, not the database."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from django import forms
from django.core.exceptions import ValidationError

from core.thai.forms import BuddhistDateField, BuddhistDateInput, FiscalYearField


class ReceiptForm(forms.Form):
    receipt_date = BuddhistDateField()
    paid_on = BuddhistDateField(required=False)
    fiscal_year = FiscalYearField()


def clean_error(field: forms.Field, value: object) -> ValidationError:
    with pytest.raises(ValidationError) as excinfo:
        field.clean(value)
    return excinfo.value


def codes(error: ValidationError) -> list[str | None]:
    # Errors from validators (min/max) arrive as a list, without a top-level code.
    return [item.code for item in error.error_list]


# --- BuddhistDateField -----------------------------------------------------------------


@pytest.mark.parametrize(
    "typed", ["26/09/2557", "26-09-2557", "26 กันยายน 2557", "26 ก.ย. 2557", "๒๖/๐๙/๒๕๕๗"]
)
def test_date_field_cleans_buddhist_era_text_to_a_common_era_date(typed):
    assert BuddhistDateField().clean(typed) == date(2014, 9, 26)


def test_date_field_accepts_leap_day_of_a_leap_year():
    assert BuddhistDateField().clean("29/02/2563") == date(2020, 2, 29)


def test_date_field_refuses_leap_day_of_a_common_year_in_thai():
    error = clean_error(BuddhistDateField(), "29/02/2562")
    assert codes(error) == ["invalid_date"]
    assert error.messages == ["ไม่มีวันที่ 29/02/2562 ในปฏิทิน"]


def test_date_field_refuses_a_common_era_year_and_suggests_the_buddhist_era_one():
    error = clean_error(BuddhistDateField(), "26/09/2014")
    assert codes(error) == ["not_buddhist_era"]
    assert error.messages == ["ปี 2014 ดูเหมือนเป็นปีคริสต์ศักราช (ค.ศ.) กรุณากรอกปีพุทธศักราช (พ.ศ.) เช่น 2557"]


@pytest.mark.parametrize("typed", ["hello", "26/09/57", "2014-09-26"])
def test_date_field_refuses_other_formats_with_the_expected_format_in_thai(typed):
    error = clean_error(BuddhistDateField(), typed)
    assert codes(error) == ["invalid"]
    assert error.messages == ["กรุณากรอกวันที่เป็น วว/ดด/ปปปป ปีพุทธศักราช เช่น 26/09/2557"]


@pytest.mark.parametrize("typed", ["", "   "])
def test_required_date_field_says_so_in_thai(typed):
    error = clean_error(BuddhistDateField(), typed)
    assert codes(error) == ["required"]
    assert error.messages == ["กรุณากรอกวันที่"]


def test_optional_date_field_cleans_empty_input_to_none():
    assert BuddhistDateField(required=False).clean("  ") is None
    assert BuddhistDateField(required=False).clean(None) is None


def test_date_field_passes_dates_through():
    assert BuddhistDateField().clean(date(2014, 9, 26)) == date(2014, 9, 26)


def test_date_field_reads_an_aware_datetime_as_its_bangkok_date():
    assert BuddhistDateField().clean(datetime(2014, 9, 30, 17, 0, tzinfo=UTC)) == date(2014, 10, 1)


def test_date_field_messages_can_be_overridden_per_code():
    field = BuddhistDateField(error_messages={"invalid_date": "วันที่ %(value)s ผิด"})
    assert clean_error(field, "31/04/2557").messages == ["วันที่ 31/04/2557 ผิด"]


# --- BuddhistDateInput -----------------------------------------------------------------


def test_date_input_renders_a_date_in_buddhist_era_with_a_thai_placeholder():
    html = BuddhistDateInput().render("receipt_date", date(2014, 9, 26))
    assert 'type="text"' in html
    assert 'value="26/09/2557"' in html
    assert 'placeholder="วว/ดด/ปปปป"' in html


def test_date_input_keeps_extra_attributes_and_allows_another_placeholder():
    html = BuddhistDateInput(attrs={"class": "date", "placeholder": "เช่น 26/09/2557"}).render(
        "d", None
    )
    assert 'class="date"' in html
    assert 'placeholder="เช่น 26/09/2557"' in html
    assert "value=" not in html


def test_date_input_shows_what_was_typed_when_it_could_not_be_read():
    assert BuddhistDateInput().format_value("31/02/2557") == "31/02/2557"


def test_bound_form_shows_the_initial_date_in_buddhist_era():
    form = ReceiptForm(initial={"receipt_date": date(2014, 9, 26)})
    assert 'value="26/09/2557"' in str(form["receipt_date"])


def test_form_with_good_input_cleans_to_common_era_dates_and_a_buddhist_era_year():
    form = ReceiptForm(data={"receipt_date": "26 ก.ย. 2557", "paid_on": "", "fiscal_year": "๒๕๕๗"})
    assert form.is_valid(), form.errors
    assert form.cleaned_data == {
        "receipt_date": date(2014, 9, 26),
        "paid_on": None,
        "fiscal_year": 2557,
    }


def test_form_with_bad_input_reports_thai_errors_and_redisplays_the_input():
    form = ReceiptForm(data={"receipt_date": "29/02/2562", "fiscal_year": "2014"})
    assert not form.is_valid()
    assert form.errors["receipt_date"] == ["ไม่มีวันที่ 29/02/2562 ในปฏิทิน"]
    assert "พุทธศักราช" in form.errors["fiscal_year"][0]
    assert 'value="29/02/2562"' in str(form["receipt_date"])


# --- FiscalYearField -------------------------------------------------------------------


@pytest.mark.parametrize(("typed", "year"), [("2557", 2557), ("๒๕๖๗", 2567), (" 2500 ", 2500)])
def test_fiscal_year_field_cleans_to_the_buddhist_era_year(typed, year):
    assert FiscalYearField().clean(typed) == year


def test_fiscal_year_field_refuses_a_common_era_year_with_a_hint():
    error = clean_error(FiscalYearField(), "2024")
    assert codes(error) == ["not_buddhist_era"]
    assert error.messages == [
        "ปี 2024 ดูเหมือนเป็นปีคริสต์ศักราช (ค.ศ.) กรุณากรอกปีงบประมาณเป็นปีพุทธศักราช (พ.ศ.) เช่น 2567"
    ]


@pytest.mark.parametrize(
    ("typed", "code", "message"),
    [
        ("2499", "min_value", "ปีงบประมาณต้องไม่ต่ำกว่า พ.ศ. 2500"),
        ("2701", "max_value", "ปีงบประมาณต้องไม่เกิน พ.ศ. 2700"),
        ("57", "min_value", "ปีงบประมาณต้องไม่ต่ำกว่า พ.ศ. 2500"),
        ("ปี 2557", "invalid", "กรุณากรอกปีงบประมาณเป็นปีพุทธศักราช 4 หลัก เช่น 2567"),
        ("", "required", "กรุณากรอกปีงบประมาณ"),
    ],
)
def test_fiscal_year_field_refuses_years_out_of_range_in_thai(typed, code, message):
    error = clean_error(FiscalYearField(), typed)
    assert codes(error) == [code]
    assert error.messages == [message]


def test_fiscal_year_field_range_can_be_narrowed():
    field = FiscalYearField(min_value=2560, max_value=2570)
    assert field.clean("2565") == 2565
    assert codes(clean_error(field, "2559")) == ["min_value"]
