"""The 13-digit national ID. Pure functions (ValidationError needs no settings): no database."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from core.thai import (
    format_national_id,
    is_valid_national_id,
    mask_national_id,
    national_id_check_digit,
    normalize_national_id,
    validate_national_id,
)


def with_check_digit(first_12: str) -> str:
    """The formula from DOMAIN.md, written out independently of the code under test:
    check digit = (11 − (Σ_{i=1..12} d_i·(14−i)) mod 11) mod 10."""
    total = sum(int(first_12[i - 1]) * (14 - i) for i in range(1, 13))
    return first_12 + str((11 - total % 11) % 10)


VALID_IDS = [
    "1234567890121",  # the example in the docs: 1-2345-67890-12-1
    with_check_digit("110170020385"),
    with_check_digit("310060012345"),
    with_check_digit("570990000001"),
    with_check_digit("899999999999"),
]


def wrong_check_digit(national_id: str) -> str:
    return national_id[:12] + str((int(national_id[12]) + 1) % 10)


def test_helper_agrees_with_the_documented_example():
    assert with_check_digit("123456789012") == "1234567890121"


@pytest.mark.parametrize("national_id", VALID_IDS)
def test_ids_with_the_right_check_digit_are_valid(national_id):
    assert is_valid_national_id(national_id)
    validate_national_id(national_id)  # does not raise


@pytest.mark.parametrize("national_id", VALID_IDS)
def test_every_wrong_check_digit_is_invalid(national_id):
    for digit in "0123456789":
        candidate = national_id[:12] + digit
        assert is_valid_national_id(candidate) == (digit == national_id[12])


@pytest.mark.parametrize("national_id", VALID_IDS)
def test_check_digit_function_matches_the_formula(national_id):
    assert national_id_check_digit(national_id[:12]) == int(national_id[12])


def test_swapped_neighbouring_digits_are_caught():
    national_id = "1234567890121"
    swapped = national_id[0] + national_id[2] + national_id[1] + national_id[3:]
    assert not is_valid_national_id(swapped)


@pytest.mark.parametrize(
    "written",
    [
        "1-2345-67890-12-1",
        "1 2345 67890 12 1",
        " 1234567890121 ",
        "๑-๒๓๔๕-๖๗๘๙๐-๑๒-๑",
        1234567890121,
    ],
)
def test_dashes_spaces_thai_digits_and_ints_are_accepted(written):
    assert normalize_national_id(written) == "1234567890121"
    assert is_valid_national_id(written)
    validate_national_id(written)


@pytest.mark.parametrize(
    "value",
    [
        "",
        "123456789012",
        "12345678901212",
        "1234567890ab1",
        "1.23456789012E+12",
        "1/2345/67890/12/1",
    ],
)
def test_values_that_are_not_13_digits_are_invalid(value):
    assert not is_valid_national_id(value)


def test_validate_names_the_length_problem_in_thai():
    with pytest.raises(ValidationError) as excinfo:
        validate_national_id("12345")
    assert excinfo.value.code == "invalid_national_id"
    assert excinfo.value.messages == ["เลขประจำตัวประชาชนต้องเป็นตัวเลข 13 หลัก"]


def test_validate_names_the_check_digit_problem_in_thai():
    with pytest.raises(ValidationError) as excinfo:
        validate_national_id(wrong_check_digit("1234567890121"))
    assert excinfo.value.code == "invalid_national_id"
    assert "เลขตรวจสอบ" in excinfo.value.messages[0]


def test_check_digit_function_refuses_anything_but_twelve_digits():
    with pytest.raises(ValueError, match="twelve digits"):
        national_id_check_digit("12345")


def test_format_groups_the_digits_as_on_the_card():
    assert format_national_id("1234567890121") == "1-2345-67890-12-1"
    assert format_national_id("๑ ๒๓๔๕ ๖๗๘๙๐ ๑๒ ๑") == "1-2345-67890-12-1"


def test_format_shows_an_id_with_a_wrong_check_digit_as_read():
    assert format_national_id("1234567890122") == "1-2345-67890-12-2"


def test_mask_shows_only_the_first_five_and_the_last_digit():
    assert mask_national_id("1234567890121") == "1-2345-xxxxx-xx-1"
    assert mask_national_id("1-2345-67890-12-1") == "1-2345-xxxxx-xx-1"


@pytest.mark.parametrize("function", [format_national_id, mask_national_id])
def test_format_and_mask_refuse_values_that_are_not_13_digits(function):
    with pytest.raises(ValueError, match="13 digits"):
        function("12345")
