"""The 13-digit Thai national ID (เลขประจำตัวประชาชน): checking, formatting, masking.

The 13th digit is a check digit: (11 − (Σ_{i=1..12} d_i·(14−i)) mod 11) mod 10. People and
import files write the number with dashes or spaces ("1-2345-67890-12-1") and sometimes in
Thai digits; every function here accepts all of those and works on the 13 bare digits, which
is also the form to store and to match records from CMSS, DPIS and CSV files on.
"""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError

from core.thai.digits import to_arabic_digits

NATIONAL_ID_LENGTH = 13

_SEPARATORS = re.compile(r"[\s\-]")
_THIRTEEN_DIGITS = re.compile(r"[0-9]{13}")


def normalize_national_id(value: str | int) -> str:
    """Return `value` with Thai digits made Arabic and dashes and whitespace removed.

    The result is not checked: use `is_valid_national_id` or `validate_national_id` for that.
    An int is accepted because spreadsheets turn the number into one (no ID starts with 0
    in practice, so nothing is lost; one that did would fail the length check).
    """
    return _SEPARATORS.sub("", to_arabic_digits(str(value)))


def national_id_check_digit(first_12_digits: str) -> int:
    """The check digit for the first twelve digits of a national ID (test factories use it).

    Raises ValueError unless `first_12_digits` is exactly twelve Arabic digits.
    """
    if not re.fullmatch(r"[0-9]{12}", first_12_digits):
        raise ValueError(f"Expected twelve digits, got {first_12_digits!r}.")
    total = sum(int(digit) * (13 - index) for index, digit in enumerate(first_12_digits))
    return (11 - total % 11) % 10


def is_valid_national_id(value: str | int) -> bool:
    """Whether `value` (with or without dashes/spaces) is 13 digits with a correct check digit."""
    digits = normalize_national_id(value)
    if not _THIRTEEN_DIGITS.fullmatch(digits):
        return False
    return national_id_check_digit(digits[:12]) == int(digits[12])


def validate_national_id(value: str | int) -> None:
    """Django validator: raise ValidationError (code "invalid_national_id") unless valid.

    The Thai message says whether the length or the check digit is wrong. Dashes, spaces and
    Thai digits are allowed, as in `is_valid_national_id`; the caller stores the normalized
    form (`normalize_national_id`).
    """
    digits = normalize_national_id(value)
    if not _THIRTEEN_DIGITS.fullmatch(digits):
        raise ValidationError(
            "เลขประจำตัวประชาชนต้องเป็นตัวเลข 13 หลัก",
            code="invalid_national_id",
            params={"value": value},
        )
    if not is_valid_national_id(digits):
        raise ValidationError(
            "เลขประจำตัวประชาชนไม่ถูกต้อง (เลขหลักสุดท้ายไม่ตรงกับเลขตรวจสอบ) กรุณาตรวจสอบอีกครั้ง",
            code="invalid_national_id",
            params={"value": value},
        )


def _thirteen_digits(value: str | int) -> str:
    digits = normalize_national_id(value)
    if not _THIRTEEN_DIGITS.fullmatch(digits):
        raise ValueError(f"A national ID has 13 digits; got {value!r}.")
    return digits


def format_national_id(value: str | int) -> str:
    """Group the 13 digits as printed on the card: "1234567890121" -> "1-2345-67890-12-1".

    Raises ValueError unless `value` normalizes to 13 digits; the check digit is not checked,
    so an invalid ID from an import can still be shown back as it was read.
    """
    d = _thirteen_digits(value)
    return f"{d[0]}-{d[1:5]}-{d[5:10]}-{d[10:12]}-{d[12]}"


def mask_national_id(value: str | int) -> str:
    """The number with only the first five and the last digit shown: "1-2345-xxxxx-xx-1".

    For lists and printouts seen by people who do not need the full number (PDPA). Raises
    ValueError unless `value` normalizes to 13 digits.
    """
    d = _thirteen_digits(value)
    return f"{d[0]}-{d[1:5]}-xxxxx-xx-{d[12]}"
