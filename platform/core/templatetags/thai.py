"""Template filters for Thai conventions: `{% load thai %}`.

    {{ claim.receipt_date|be_date }}          26/09/2557
    {{ claim.receipt_date|be_date:"long" }}   26 กันยายน 2557
    {{ claim.receipt_date|be_date:"abbr" }}   26 ก.ย. 2557
    {{ claim.amount|baht }}                   10,050.00
    {{ claim.amount|baht_text }}              หนึ่งหมื่นห้าสิบบาทถ้วน
    {{ person.national_id|national_id_masked }}  1-2345-xxxxx-xx-1
    {{ claim.receipt_date|fiscal_year }}      2557
    {{ anything|thai_digits }}                digits as ๐–๙ (chain it last)

Like Django's own filters they fail quietly: a value they cannot handle (None, a float
amount, a malformed ID, a naive datetime, an unknown style) renders as "". Datetimes are shown
as their Asia/Bangkok date.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django import template

from core.thai.calendar import DateStyle, fiscal_year_of, format_be_date
from core.thai.digits import to_thai_digits
from core.thai.money import baht_text as _baht_text
from core.thai.money import format_baht
from core.thai.national_id import mask_national_id

register = template.Library()

_DATE_STYLES: dict[str, DateStyle] = {"short": "short", "long": "long", "abbr": "abbr"}


@register.filter
def be_date(value: object, style: str = "short") -> str:
    """A date or aware datetime with its B.E. year, in style "short", "long" or "abbr"."""
    chosen = _DATE_STYLES.get(style)
    if chosen is None or not isinstance(value, date):
        return ""
    try:
        return format_be_date(value, chosen)
    except ValueError:  # a naive datetime
        return ""


@register.filter(is_safe=True)
def thai_digits(value: object) -> str:
    """The value as text with 0–9 printed as ๐–๙; keeps the input's HTML-safe status."""
    if value is None:
        return ""
    return to_thai_digits(str(value))


def _amount(value: object) -> Decimal | int | str | None:
    # Floats are refused: they are never money (STYLE.md).
    if isinstance(value, bool) or not isinstance(value, Decimal | int | str):
        return None
    return value


@register.filter
def baht(value: object) -> str:
    """A baht amount in figures: 10050 -> "10,050.00"."""
    amount = _amount(value)
    if amount is None:
        return ""
    try:
        return format_baht(amount)
    except ValueError:
        return ""


@register.filter
def baht_text(value: object) -> str:
    """A baht amount in Thai words: 10050 -> "หนึ่งหมื่นห้าสิบบาทถ้วน"."""
    amount = _amount(value)
    if amount is None:
        return ""
    try:
        return _baht_text(amount)
    except ValueError:
        return ""


@register.filter
def national_id_masked(value: object) -> str:
    """A national ID with only the first five and last digit shown: "1-2345-xxxxx-xx-1"."""
    if not isinstance(value, str | int) or isinstance(value, bool):
        return ""
    try:
        return mask_national_id(value)
    except ValueError:
        return ""


@register.filter
def fiscal_year(value: object) -> str:
    """The B.E. fiscal year a date falls in, as text: 1 Oct 2013 -> "2557"."""
    if not isinstance(value, date):
        return ""
    try:
        return str(fiscal_year_of(value).be_year)
    except ValueError:
        return ""
