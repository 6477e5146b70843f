"""The fields every office form types years, amounts and national IDs with, and the calendar's
refusal of years it cannot name (issue 13: a mistyped year was a 500, amounts had no bound)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.forms import Field

from core.forms import id_from_query
from core.thai import BuddhistYearError, academic_year, fiscal_year
from core.thai.forms import (
    AcademicYearField,
    BahtField,
    BuddhistYearField,
    FiscalYearField,
    NationalIdField,
    year_from_query,
)
from core.thai.national_id import national_id_check_digit


def _messages(field: Field, value: object) -> list[str]:
    with pytest.raises(ValidationError) as caught:
        field.clean(value)
    return caught.value.messages


def _is_thai(messages: list[str]) -> bool:
    return bool(messages) and all(any("\u0e00" <= c <= "\u0e7f" for c in m) for m in messages)


# --- the calendar -------------------------------------------------------------------------


@pytest.mark.parametrize("year", [25690, 99999, 10000])
def test_the_calendar_refuses_a_year_of_more_than_four_digits(year: int) -> None:
    with pytest.raises(BuddhistYearError, match="four-digit"):
        academic_year(year)
    with pytest.raises(BuddhistYearError):
        fiscal_year(year)


def test_every_date_of_the_last_year_the_calendar_names_exists() -> None:
    year = academic_year(9999)
    assert year.semester_2_start.year == 9456 and year.end.year == 9457
    assert fiscal_year(9999).end.year == 9456


def test_a_year_error_is_a_value_error_for_callers_that_catch_those() -> None:
    with pytest.raises(ValueError):
        academic_year(2026)


# --- years --------------------------------------------------------------------------------


@pytest.mark.parametrize("typed", ["25690", "99999"])
def test_a_mistyped_academic_year_is_refused_with_the_limit(typed: str) -> None:
    messages = _messages(AcademicYearField(), typed)
    assert messages == ["ปีการศึกษาต้องไม่เกิน พ.ศ. 2700"]


def test_a_christian_year_gets_the_buddhist_era_hint_in_every_year_field() -> None:
    for field, noun in (
        (AcademicYearField(), "ปีการศึกษา"),
        (FiscalYearField(), "ปีงบประมาณ"),
        (BuddhistYearField(), "ปีพุทธศักราช"),
    ):
        (message,) = _messages(field, "2026")
        assert "ปีคริสต์ศักราช" in message and "2569" in message and noun in message


@pytest.mark.parametrize("typed", ["abc", "25.69", "2" * 5000, "๒๕๖๙x"])
def test_a_year_that_is_not_a_number_is_refused_in_thai(typed: str) -> None:
    assert _is_thai(_messages(AcademicYearField(), typed))


def test_a_year_field_reads_thai_digits_and_is_a_plain_text_box() -> None:
    field = AcademicYearField()
    assert field.clean("๒๕๖๙") == 2569
    html = field.widget.render("academic_year", None)
    assert 'type="text"' in html and 'inputmode="numeric"' in html


@pytest.mark.parametrize(
    ("typed", "expected"),
    [("2567", 2567), ("๒๕๖๗", 2567), ("25690", None), ("2024", None), ("", None), (None, None)],
)
def test_a_year_in_a_query_is_read_as_a_typed_one(typed: str | None, expected: int | None) -> None:
    assert year_from_query(typed, FiscalYearField(required=False)) == expected


# --- amounts ------------------------------------------------------------------------------


def test_an_amount_reads_thai_digits_and_thousands_separators() -> None:
    assert BahtField().clean("๑,๒๕๐.๕๐") == Decimal("1250.50")
    assert BahtField().clean(" 10,000,000.00 ") == Decimal("10000000.00")


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("999999999999.99", "จำนวนเงินต้องไม่เกิน 10,000,000.00 บาท"),
        ("99999999999999999999.99", "จำนวนเงินต้องไม่เกิน 10,000,000.00 บาท"),
        ("1e400", "จำนวนเงินต้องไม่เกิน 10,000,000.00 บาท"),
        ("12.345", "จำนวนเงินมีทศนิยมได้ไม่เกิน 2 ตำแหน่ง (สตางค์)"),
        ("-1", "จำนวนเงินต้องไม่น้อยกว่า 0.01 บาท"),
        ("0", "จำนวนเงินต้องไม่น้อยกว่า 0.01 บาท"),
        ("abc", "กรุณากรอกจำนวนเงินเป็นตัวเลข เช่น 1250.50"),
        ("NaN", "กรุณากรอกจำนวนเงินเป็นตัวเลข เช่น 1250.50"),
        ("Infinity", "กรุณากรอกจำนวนเงินเป็นตัวเลข เช่น 1250.50"),
        ("9" * 5000, "กรุณากรอกจำนวนเงินเป็นตัวเลข เช่น 1250.50"),
        ("", "กรุณากรอกจำนวนเงิน"),
    ],
)
def test_every_refused_amount_is_told_once_in_thai(typed: str, expected: str) -> None:
    assert _messages(BahtField(), typed) == [expected]


def test_an_amount_field_takes_its_own_bounds() -> None:
    field = BahtField(min_value=0, max_value=1_000_000, required=False)
    assert field.clean("0") == Decimal("0")
    assert field.clean("") is None
    assert _messages(field, "1000000.01") == ["จำนวนเงินต้องไม่เกิน 1,000,000.00 บาท"]


# --- national IDs -------------------------------------------------------------------------


def _valid_id() -> str:
    return "110170020703" + str(national_id_check_digit("110170020703"))


def test_a_national_id_cleans_to_its_thirteen_digits() -> None:
    assert NationalIdField().clean("1-1017-00207-03-0") == _valid_id()
    assert NationalIdField(required=False).clean("  ") == ""


@pytest.mark.parametrize("typed", ["1101700207031", "123", "x" * 30, "ab\x00cd"])
def test_a_wrong_national_id_is_refused_in_thai(typed: str) -> None:
    assert _is_thai(_messages(NationalIdField(), typed))


def test_a_wrong_check_digit_is_named_as_such() -> None:
    (message,) = _messages(NationalIdField(), "1101700207031")
    assert "เลขตรวจสอบ" in message


# --- ids in queries -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("12", 12),
        ("0", None),
        ("", None),
        (None, None),
        ("๑๒", None),
        ("²", None),
        ("9" * 5000, None),
        (str(2**63), None),
        (str(2**63 - 1), 2**63 - 1),
        ("-3", None),
    ],
)
def test_an_id_from_a_query_is_plain_digits_within_a_database_id(
    value: str | None, expected: int | None
) -> None:
    assert id_from_query(value) == expected
