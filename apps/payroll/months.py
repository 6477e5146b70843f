"""Pay months: a month is stored as the date of its first day (C.E., like every date in the
database) and shown and typed as a Buddhist Era month ("กันยายน 2557", "09/2557", "2557-09")."""

from __future__ import annotations

import re
from datetime import date

from core.thai import MAX_BE_YEAR, MIN_BE_YEAR, THAI_MONTHS, THAI_MONTHS_ABBR, to_arabic_digits

_NUMERIC = re.compile(r"^(\d{1,2})\s*[/\-.]\s*(\d{1,5})$")
_KEY = re.compile(r"^(\d{4,5})-(\d{1,2})$")
_NAMED = re.compile(r"^(\S+?)\s*(\d{1,5})$")


class MonthError(ValueError):
    """A text that is not a B.E. month; `message_th` and `message_en` say why."""

    def __init__(self, message_th: str, message_en: str) -> None:
        super().__init__(message_en)
        self.message_th = message_th
        self.message_en = message_en


def month_start(day: date) -> date:
    """The first day of `day`'s month."""
    return day.replace(day=1)


def next_month(month: date) -> date:
    return date(month.year + (month.month == 12), month.month % 12 + 1, 1)


def previous_month(month: date) -> date:
    return date(month.year - (month.month == 1), (month.month - 2) % 12 + 1, 1)


def format_be_month(month: date, style: str = "long") -> str:
    """ "กันยายน 2557" (long) or "ก.ย. 2557" (abbr)."""
    names = THAI_MONTHS if style == "long" else THAI_MONTHS_ABBR
    return f"{names[month.month - 1]} {month.year + 543}"


def month_key(month: date) -> str:
    """The month as it stands in a URL: B.E. year and month, "2557-09"."""
    return f"{month.year + 543}-{month.month:02d}"


def _month(number: int, be_year: int, text: str) -> date:
    if be_year < MIN_BE_YEAR:
        raise MonthError(
            f"ปี {be_year} ในเดือน “{text}” ดูเหมือนเป็นปี ค.ศ. กรุณากรอกปี พ.ศ. เช่น {be_year + 543}"
            if be_year >= 1900
            else f"“{text}” ไม่ใช่เดือนและปี พ.ศ. เช่น 09/2557",
            f"{text!r} is not a B.E. month (e.g. 09/2557).",
        )
    if be_year > MAX_BE_YEAR or not 1 <= number <= 12:
        raise MonthError(
            f"“{text}” ไม่ใช่เดือนและปี พ.ศ. เช่น 09/2557",
            f"{text!r} is not a B.E. month (e.g. 09/2557).",
        )
    return date(be_year - 543, number, 1)


def parse_be_month(text: str) -> date:
    """The first day of the month `text` names: "09/2557", "9-2557", "2557-09" (the URL key),
    "ก.ย. 2557" or "กันยายน 2557" (Thai digits too). A C.E. year (2014) is refused with a hint,
    never converted. Raises MonthError."""
    value = to_arabic_digits(str(text)).strip()[:40]
    if match := _KEY.match(value):
        return _month(int(match[2]), int(match[1]), value)
    if match := _NUMERIC.match(value):
        return _month(int(match[1]), int(match[2]), value)
    if match := _NAMED.match(value):
        name = match[1].replace(" ", "")
        for number, (full, abbr) in enumerate(zip(THAI_MONTHS, THAI_MONTHS_ABBR, strict=True), 1):
            if name in (full, abbr, abbr.replace(".", "")):
                return _month(number, int(match[2]), value)
    raise MonthError(
        f"“{value}” ไม่ใช่เดือนและปี พ.ศ. เช่น 09/2557 หรือ ก.ย. 2557",
        f"{value!r} is not a B.E. month (e.g. 09/2557).",
    )
