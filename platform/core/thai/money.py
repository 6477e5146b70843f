"""Baht amounts: rounding to satang, figures ("10,050.00") and words ("หนึ่งหมื่นห้าสิบบาทถ้วน").

Money is `Decimal` in baht with two places, never float (STYLE.md). `quantize_baht` is the one
place that rounds. The words follow the usual Thai cheque and receipt wording:
21 -> "ยี่สิบเอ็ดบาทถ้วน", 0.50 -> "ห้าสิบสตางค์", 1,000,000.25 -> "หนึ่งล้านบาทยี่สิบห้าสตางค์".

Not the PyPI package `bahttext` (1.0.2): it formats with "%0.2f", i.e. through float, and
reads 0.50 as "ศูนย์บาทห้าสิบสตางค์" and 0.01 as "ศูนย์บาทเอ็ดสตางค์".
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from core.thai.digits import to_thai_digits

SATANG = Decimal("0.01")

_DIGIT_WORDS = ("ศูนย์", "หนึ่ง", "สอง", "สาม", "สี่", "ห้า", "หก", "เจ็ด", "แปด", "เก้า")
# Place names within one group of six digits, from the units up.
_PLACE_WORDS = ("", "สิบ", "ร้อย", "พัน", "หมื่น", "แสน")
_MILLION = 1_000_000


def quantize_baht(amount: Decimal | int | str) -> Decimal:
    """Return `amount` as a Decimal rounded half-up to the satang (two places).

    Accepts a Decimal, an int or a numeric string ("1234.565" -> Decimal("1234.57")).
    Negative amounts keep their sign (refunds, adjustments); one that rounds to zero becomes
    plain Decimal("0.00"). Raises TypeError for a float or a bool (float is never money) and
    ValueError for text that is not a finite number.
    """
    if isinstance(amount, bool) or not isinstance(amount, Decimal | int | str):
        raise TypeError(f"A baht amount must be Decimal, int or str, not {type(amount).__name__}.")
    try:
        value = Decimal(amount.strip() if isinstance(amount, str) else amount)
        if not value.is_finite():
            raise InvalidOperation
        rounded = value.quantize(SATANG, rounding=ROUND_HALF_UP)
    except InvalidOperation:
        raise ValueError(f"Not a baht amount: {amount!r}.") from None
    # -0.001 rounds to -0.00; print and compare it as plain zero.
    return rounded.copy_abs() if rounded.is_zero() else rounded


def _below_million_words(number: int, *, has_higher_digits: bool) -> str:
    """Words for 0 <= number < 1,000,000 ("" for 0), as part of a larger number or alone.

    A final 1 reads "เอ็ด" when any higher digit is spoken before it (11, 101, 2,000,001),
    "หนึ่ง" when it stands alone (1, 1,000,000's leading 1).
    """
    words = []
    digits = f"{number:06d}"
    for position, char in enumerate(digits):
        place = 5 - position
        digit = int(char)
        if digit == 0:
            continue
        if place == 1:
            words.append({1: "สิบ", 2: "ยี่สิบ"}.get(digit, _DIGIT_WORDS[digit] + "สิบ"))
        elif place == 0 and digit == 1 and (has_higher_digits or number > 9):
            words.append("เอ็ด")
        else:
            words.append(_DIGIT_WORDS[digit] + _PLACE_WORDS[place])
    return "".join(words)


def _number_words(number: int) -> str:
    """Thai words for a non-negative integer; millions nest ("สิบล้านล้าน" = 10^13)."""
    if number == 0:
        return _DIGIT_WORDS[0]
    if number < _MILLION:
        return _below_million_words(number, has_higher_digits=False)
    millions, rest = divmod(number, _MILLION)
    return _number_words(millions) + "ล้าน" + _below_million_words(rest, has_higher_digits=True)


def baht_text(amount: Decimal | int | str) -> str:
    """Thai words for a baht amount, after rounding half-up to the satang.

    Whole amounts end in "บาทถ้วน" ("ศูนย์บาทถ้วน" for 0); satang follow as "…สตางค์", and an
    amount under one baht is only satang ("ห้าสิบสตางค์"). Raises ValueError for a negative
    amount (and see `quantize_baht` for what else it refuses).
    """
    value = quantize_baht(amount)
    if value < 0:
        raise ValueError(f"A baht amount in words cannot be negative: {amount!r}.")
    baht, satang = divmod(int(value * 100), 100)
    if satang == 0:
        return _number_words(baht) + "บาทถ้วน"
    satang_words = _number_words(satang) + "สตางค์"
    if baht == 0:
        return satang_words
    return _number_words(baht) + "บาท" + satang_words


def format_baht(amount: Decimal | int | str, thai_digits: bool = False) -> str:
    """Figures with thousands separators and two places: 10050 -> "10,050.00".

    Rounds with `quantize_baht`; a negative amount keeps its sign ("-1,234.50"). With
    `thai_digits`, digits are printed as ๐–๙ ("๑๐,๐๕๐.๐๐").
    """
    text = f"{quantize_baht(amount):,.2f}"
    return to_thai_digits(text) if thai_digits else text
