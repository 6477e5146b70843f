"""Baht amounts in figures and in Thai words. Pure functions: no database."""

from __future__ import annotations

from decimal import Decimal

import pytest

from core.thai import baht_text, format_baht, quantize_baht


@pytest.mark.parametrize(
    ("amount", "words"),
    [
        (21, "ยี่สิบเอ็ดบาทถ้วน"),
        (10050, "หนึ่งหมื่นห้าสิบบาทถ้วน"),
        (Decimal("0.50"), "ห้าสิบสตางค์"),
        (Decimal("1000000.25"), "หนึ่งล้านบาทยี่สิบห้าสตางค์"),
        (11, "สิบเอ็ดบาทถ้วน"),
        (101, "หนึ่งร้อยเอ็ดบาทถ้วน"),
        (1, "หนึ่งบาทถ้วน"),
        (0, "ศูนย์บาทถ้วน"),
        (2_000_001, "สองล้านเอ็ดบาทถ้วน"),
        (11_000_000, "สิบเอ็ดล้านบาทถ้วน"),
        (21_000_000, "ยี่สิบเอ็ดล้านบาทถ้วน"),
        (
            Decimal("1234567.89"),
            "หนึ่งล้านสองแสนสามหมื่นสี่พันห้าร้อยหกสิบเจ็ดบาทแปดสิบเก้าสตางค์",
        ),
    ],
)
def test_baht_text_reads_amounts_as_on_official_documents(amount, words):
    assert baht_text(amount) == words


@pytest.mark.parametrize(
    ("amount", "words"),
    [
        (10, "สิบบาทถ้วน"),
        (20, "ยี่สิบบาทถ้วน"),
        (100, "หนึ่งร้อยบาทถ้วน"),
        (111, "หนึ่งร้อยสิบเอ็ดบาทถ้วน"),
        (1_000, "หนึ่งพันบาทถ้วน"),
        (1_000_000, "หนึ่งล้านบาทถ้วน"),
        (1_000_001, "หนึ่งล้านเอ็ดบาทถ้วน"),
        (1_000_010, "หนึ่งล้านสิบบาทถ้วน"),
        (100_000_000, "หนึ่งร้อยล้านบาทถ้วน"),
        (10_000_000_000_000, "สิบล้านล้านบาทถ้วน"),
        (5_800, "ห้าพันแปดร้อยบาทถ้วน"),
        (500_000, "ห้าแสนบาทถ้วน"),
    ],
)
def test_baht_text_places_and_the_word_for_a_final_one(amount, words):
    assert baht_text(amount) == words


@pytest.mark.parametrize(
    ("amount", "words"),
    [
        ("0.01", "หนึ่งสตางค์"),
        ("0.10", "สิบสตางค์"),
        ("0.11", "สิบเอ็ดสตางค์"),
        ("0.21", "ยี่สิบเอ็ดสตางค์"),
        ("1.01", "หนึ่งบาทหนึ่งสตางค์"),
        ("21.05", "ยี่สิบเอ็ดบาทห้าสตางค์"),
    ],
)
def test_satang_are_read_as_a_number_of_their_own(amount, words):
    assert baht_text(amount) == words


def test_baht_text_accepts_int_decimal_and_string_alike():
    assert baht_text(10050) == baht_text(Decimal("10050.00")) == baht_text("10050")


def test_baht_text_rounds_half_up_to_the_satang():
    assert baht_text("1.005") == "หนึ่งบาทหนึ่งสตางค์"
    assert baht_text(Decimal("0.994")) == "เก้าสิบเก้าสตางค์"
    assert baht_text(Decimal("0.995")) == "หนึ่งบาทถ้วน"


def test_a_negative_amount_has_no_words():
    with pytest.raises(ValueError, match="negative"):
        baht_text(Decimal("-1.00"))


def test_float_is_refused_because_it_is_never_money():
    with pytest.raises(TypeError, match="float"):
        baht_text(0.1 + 0.2)  # type: ignore[arg-type]


@pytest.mark.parametrize("text", ["", "abc", "1,000", "NaN", "Infinity"])
def test_text_that_is_not_a_finite_number_is_refused(text):
    with pytest.raises(ValueError, match="Not a baht amount"):
        baht_text(text)


@pytest.mark.parametrize(
    ("amount", "expected"),
    [
        ("1234.565", Decimal("1234.57")),
        ("1234.564", Decimal("1234.56")),
        (Decimal("2.675"), Decimal("2.68")),  # float would make this 2.67
        (7, Decimal("7.00")),
        (" 12.5 ", Decimal("12.50")),
        ("-1.005", Decimal("-1.01")),
    ],
)
def test_quantize_baht_rounds_half_up_to_two_places(amount, expected):
    result = quantize_baht(amount)
    assert result == expected
    assert result.as_tuple().exponent == -2


def test_quantize_baht_turns_negative_zero_into_zero():
    assert str(quantize_baht("-0.001")) == "0.00"


def test_quantize_baht_refuses_bool():
    with pytest.raises(TypeError):
        quantize_baht(True)


@pytest.mark.parametrize(
    ("amount", "expected"),
    [
        (10050, "10,050.00"),
        (Decimal("0.5"), "0.50"),
        (Decimal("1234567.891"), "1,234,567.89"),
        (0, "0.00"),
        (Decimal("-1234.5"), "-1,234.50"),
    ],
)
def test_format_baht_prints_separators_and_two_places(amount, expected):
    assert format_baht(amount) == expected


def test_format_baht_prints_thai_digits_on_request():
    assert format_baht(10050, thai_digits=True) == "๑๐,๐๕๐.๐๐"
