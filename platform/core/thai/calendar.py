"""Buddhist Era dates, the Thai government fiscal year and the school academic year.

Rules (see DOMAIN.md, Conventions):

- B.E. = C.E. + 543. The database stores plain `date`s and UTC datetimes; Buddhist Era years
  exist only at the edges (forms, pages, documents, imports), through this module.
- Aware datetimes are shown as their Asia/Bangkok local date, whatever timezone is active.
- The fiscal year runs 1 Oct – 30 Sep and is named by the B.E. year it ends in:
  FY 2557 = 1 Oct 2013 – 30 Sep 2014.
- The academic year (ปีการศึกษา) is separate: semester 1 from about mid-May, semester 2 from
  about November, teaching ends about 31 March of the next C.E. year.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Literal
from zoneinfo import ZoneInfo

from django.utils import timezone

from core.thai.digits import to_arabic_digits, to_thai_digits

BE_OFFSET = 543
BANGKOK = ZoneInfo("Asia/Bangkok")

# A four-digit year below this is taken for a C.E. year typed by mistake (B.E. 2400 = 1857 C.E.,
# older than anyone or anything KruCare records). CSV imports rely on this refusal.
MIN_BE_YEAR = 2400
# The last year the calendar works with: B.E. years have four digits, and every date of a
# fiscal or academic year up to this one (C.E. 9456–9457) is a Python `date`. A larger number is
# a typing mistake (25690 for 2569), refused rather than left to fail deep in `date()`.
MAX_BE_YEAR = 9999

THAI_MONTHS: tuple[str, ...] = (
    "มกราคม",
    "กุมภาพันธ์",
    "มีนาคม",
    "เมษายน",
    "พฤษภาคม",
    "มิถุนายน",
    "กรกฎาคม",
    "สิงหาคม",
    "กันยายน",
    "ตุลาคม",
    "พฤศจิกายน",
    "ธันวาคม",
)
THAI_MONTHS_ABBR: tuple[str, ...] = (
    "ม.ค.",
    "ก.พ.",
    "มี.ค.",
    "เม.ย.",
    "พ.ค.",
    "มิ.ย.",
    "ก.ค.",
    "ส.ค.",
    "ก.ย.",
    "ต.ค.",
    "พ.ย.",
    "ธ.ค.",
)

DateStyle = Literal["short", "long", "abbr"]

# The fiscal year starts on this day of the previous C.E. year (Budget Procedures Act).
FISCAL_YEAR_START_MONTH = 10
FISCAL_YEAR_START_DAY = 1

# Academic-year boundaries as (month, day). These are typical dates only: the Ministry of
# Education announces the calendar each year, schools vary (and have moved it, e.g. in 2020),
# so anything that decides money or eligibility must use the dates an office records, not these.
ACADEMIC_YEAR_START = (5, 16)  # semester 1 opens; the academic year is named by this C.E. year
SEMESTER_2_START = (11, 1)
ACADEMIC_YEAR_END = (3, 31)  # teaching ends, in the next C.E. year


class BuddhistDateError(ValueError):
    """A date or year that cannot be read as a Buddhist Era date.

    `code` is one of "invalid" (not in an accepted format), "invalid_date" (no such day, e.g.
    29/02/2562) or "not_buddhist_era" (the year looks C.E.). `str()` is the English message;
    `message_th` is the Thai one for people; `params` carries the values the messages use
    (`value`, and for "not_buddhist_era" also `year` and the suggested `be_year`).
    """

    def __init__(
        self, code: str, message_th: str, message_en: str, params: dict[str, object]
    ) -> None:
        super().__init__(message_en)
        self.code = code
        self.message_th = message_th
        self.message_en = message_en
        self.params = params


def to_be_year(ce_year: int) -> int:
    """Return the Buddhist Era year of C.E. year `ce_year` (2014 -> 2557)."""
    return ce_year + BE_OFFSET


def to_ce_year(be_year: int) -> int:
    """Return the C.E. year of Buddhist Era year `be_year` (2557 -> 2014)."""
    return be_year - BE_OFFSET


def local_date(value: date | datetime) -> date:
    """Return the calendar date `value` stands for in Thailand.

    A `date` is returned as is; an aware `datetime` is converted to Asia/Bangkok first (so
    2014-09-30 20:00 UTC is 1 Oct 2014). A naive datetime raises ValueError: its meaning is
    unknown, and guessing would move dates across fiscal-year boundaries.
    """
    if isinstance(value, datetime):
        if timezone.is_naive(value):
            raise ValueError(f"Cannot take the Thai date of a naive datetime: {value!r}.")
        return timezone.localtime(value, BANGKOK).date()
    return value


def format_be_date(
    value: date | datetime, style: DateStyle = "short", thai_digits: bool = False
) -> str:
    """Format a date with its Buddhist Era year.

    Styles for 26 Sep 2014: "short" -> "26/09/2557", "long" -> "26 กันยายน 2557",
    "abbr" -> "26 ก.ย. 2557". With `thai_digits`, every digit is printed as ๐–๙. Aware datetimes
    are shown as their Asia/Bangkok date (see `local_date`). An unknown style raises ValueError.
    """
    day = local_date(value)
    be_year = to_be_year(day.year)
    if style == "short":
        text = f"{day.day:02d}/{day.month:02d}/{be_year}"
    elif style == "long":
        text = f"{day.day} {THAI_MONTHS[day.month - 1]} {be_year}"
    elif style == "abbr":
        text = f"{day.day} {THAI_MONTHS_ABBR[day.month - 1]} {be_year}"
    else:
        raise ValueError(f"Unknown date style {style!r}; use 'short', 'long' or 'abbr'.")
    return to_thai_digits(text) if thai_digits else text


def _month_key(name: str) -> str:
    return re.sub(r"[.\s]", "", name)


# Full names, abbreviations, and abbreviations typed without dots ("กย") all name a month.
_MONTH_NUMBERS: dict[str, int] = {
    _month_key(name): number
    for names in (THAI_MONTHS, THAI_MONTHS_ABBR)
    for number, name in enumerate(names, start=1)
}

_NUMERIC_DATE = re.compile(r"(\d{1,2})([/-])(\d{1,2})\2(\d{4})")
_WORDS_DATE = re.compile(r"(\d{1,2})\s*(\D+?)\s*(\d{4})")
# An era written before the year: "26 กันยายน พ.ศ. 2557" or, wrongly, "... ค.ศ. 2014".
_ERA_SUFFIX = re.compile(r"\s*(พ|ค)\.?\s*ศ\.?$")


def _invalid_format(text: str) -> BuddhistDateError:
    return BuddhistDateError(
        "invalid",
        "กรุณากรอกวันที่เป็น วว/ดด/ปปปป ปีพุทธศักราช เช่น 26/09/2557",
        f"Enter a date as DD/MM/YYYY with a Buddhist Era year, e.g. 26/09/2557 (got {text!r}).",
        {"value": text},
    )


def _not_buddhist_era(text: str, year: int) -> BuddhistDateError:
    return BuddhistDateError(
        "not_buddhist_era",
        f"ปี {year} ดูเหมือนเป็นปีคริสต์ศักราช (ค.ศ.) กรุณากรอกปีพุทธศักราช (พ.ศ.) เช่น {to_be_year(year)}",
        f"The year must be Buddhist Era (B.E.): {year} in {text!r} looks like a Common Era "
        f"(C.E.) year; B.E. {to_be_year(year)} is C.E. {year}.",
        {"value": text, "year": year, "be_year": to_be_year(year)},
    )


def parse_be_date(text: str) -> date:
    """Read a Buddhist Era date typed by a person or found in an import file.

    Accepts "26/09/2557", "26-09-2557", "26 กันยายน 2557", "26 ก.ย. 2557" (also "26 กย 2557"
    and "26 กันยายน พ.ศ. 2557"), with Arabic or Thai digits and loose spacing. Day and month
    may have one digit; the year must have four. Returns the C.E. `date`.

    Raises BuddhistDateError (a ValueError; see its `code`) if the text is not in one of those
    formats, names a day that does not exist (29/02/2562), or has a year below MIN_BE_YEAR,
    which is taken for a C.E. year typed by mistake and never silently converted.
    """
    original = text
    normalized = " ".join(to_arabic_digits(text).split())
    normalized = re.sub(r"\s*([/-])\s*", r"\1", normalized)

    numeric = _NUMERIC_DATE.fullmatch(normalized)
    if numeric:
        day, month, year = int(numeric[1]), int(numeric[3]), int(numeric[4])
    else:
        words = _WORDS_DATE.fullmatch(normalized)
        if not words:
            raise _invalid_format(original)
        day, month_name, year = int(words[1]), words[2], int(words[3])
        era = _ERA_SUFFIX.search(month_name)
        if era:
            if era[1] == "ค":
                raise _not_buddhist_era(original, year)
            month_name = month_name[: era.start()]
        month_number = _MONTH_NUMBERS.get(_month_key(month_name))
        if month_number is None:
            raise _invalid_format(original)
        month = month_number

    if year < MIN_BE_YEAR:
        raise _not_buddhist_era(original, year)
    try:
        return date(to_ce_year(year), month, day)
    except ValueError:
        raise BuddhistDateError(
            "invalid_date",
            f"ไม่มีวันที่ {original.strip()} ในปฏิทิน",
            f"{original.strip()!r} is not a real date (day {day}, month {month}, B.E. {year}).",
            {"value": original.strip()},
        ) from None


class BuddhistYearError(ValueError):
    """A year the calendar cannot name a fiscal or academic year by (see `_check_be_year`)."""


def _check_be_year(be_year: int) -> None:
    if be_year < MIN_BE_YEAR:
        raise BuddhistYearError(
            f"The year must be Buddhist Era (B.E.): {be_year} looks like a Common Era year; "
            f"B.E. {to_be_year(be_year)} is C.E. {be_year}."
        )
    if be_year > MAX_BE_YEAR:
        raise BuddhistYearError(
            f"The year must be a four-digit Buddhist Era (B.E.) year, at most {MAX_BE_YEAR}; "
            f"got {be_year}."
        )


@dataclass(frozen=True, order=True)
class FiscalYear:
    """A Thai government fiscal year, named by the B.E. year it ends in.

    FiscalYear(2557) runs from 1 Oct 2013 to 30 Sep 2014 inclusive. Constructing one with a
    year below MIN_BE_YEAR (a C.E. year passed by mistake) or above MAX_BE_YEAR (a mistyped
    one) raises BuddhistYearError, a ValueError.
    """

    be_year: int

    def __post_init__(self) -> None:
        _check_be_year(self.be_year)

    @property
    def start(self) -> date:
        """1 October of the previous C.E. year: the first day of the fiscal year."""
        return date(to_ce_year(self.be_year) - 1, FISCAL_YEAR_START_MONTH, FISCAL_YEAR_START_DAY)

    @property
    def end(self) -> date:
        """30 September: the last day of the fiscal year (inclusive)."""
        next_start = date(to_ce_year(self.be_year), FISCAL_YEAR_START_MONTH, FISCAL_YEAR_START_DAY)
        return next_start - timedelta(days=1)

    def contains(self, value: date | datetime) -> bool:
        """Whether `value` (a date, or an aware datetime read in Bangkok) falls in this year."""
        return self.start <= local_date(value) <= self.end

    def __str__(self) -> str:
        return f"ปีงบประมาณ {self.be_year}"


def fiscal_year(be_year: int) -> FiscalYear:
    """The fiscal year named `be_year` (B.E.); BuddhistYearError (a ValueError) for a year that
    looks C.E. or has more than four digits."""
    return FiscalYear(be_year)


def fiscal_year_of(value: date | datetime) -> FiscalYear:
    """The fiscal year `value` falls in: 30 Sep 2013 -> FY 2556, 1 Oct 2013 -> FY 2557.

    Aware datetimes are read as their Asia/Bangkok date (see `local_date`).
    """
    day = local_date(value)
    ce_year = day.year
    if (day.month, day.day) >= (FISCAL_YEAR_START_MONTH, FISCAL_YEAR_START_DAY):
        ce_year += 1
    return FiscalYear(to_be_year(ce_year))


@dataclass(frozen=True, order=True)
class AcademicYear:
    """A school academic year (ปีการศึกษา), named by the B.E. year semester 1 opens in.

    AcademicYear(2557): semester 1 from 16 May 2014, semester 2 from 1 Nov 2014, teaching ends
    31 Mar 2015. The break until the next semester 1 still belongs to this year, so the year as
    a whole runs up to the day before the next one's `semester_1_start`. Boundary dates are the
    typical ones in ACADEMIC_YEAR_START, SEMESTER_2_START and ACADEMIC_YEAR_END. A year outside
    MIN_BE_YEAR–MAX_BE_YEAR raises BuddhistYearError (a ValueError), as for FiscalYear.
    """

    be_year: int

    def __post_init__(self) -> None:
        _check_be_year(self.be_year)

    @property
    def semester_1_start(self) -> date:
        month, day = ACADEMIC_YEAR_START
        return date(to_ce_year(self.be_year), month, day)

    @property
    def semester_2_start(self) -> date:
        month, day = SEMESTER_2_START
        return date(to_ce_year(self.be_year), month, day)

    @property
    def end(self) -> date:
        """The last teaching day of semester 2, in the next C.E. year."""
        month, day = ACADEMIC_YEAR_END
        return date(to_ce_year(self.be_year) + 1, month, day)

    def contains(self, value: date | datetime) -> bool:
        """Whether `value` falls between this year's semester 1 start and the next one's."""
        day = local_date(value)
        return self.semester_1_start <= day < AcademicYear(self.be_year + 1).semester_1_start

    def __str__(self) -> str:
        return f"ปีการศึกษา {self.be_year}"


def academic_year(be_year: int) -> AcademicYear:
    """The academic year named `be_year` (B.E.); BuddhistYearError (a ValueError) for a year
    that looks C.E. or has more than four digits."""
    return AcademicYear(be_year)


def academic_year_of(value: date | datetime) -> AcademicYear:
    """The academic year `value` falls in: 16 May 2014 -> 2557; 1 Apr 2014 -> 2556.

    The break between `end` and the next semester 1 counts toward the year that just ended.
    """
    day = local_date(value)
    ce_year = day.year if (day.month, day.day) >= ACADEMIC_YEAR_START else day.year - 1
    return AcademicYear(to_be_year(ce_year))


def semester_of(value: date | datetime) -> Literal[1, 2] | None:
    """Semester 1 or 2 of `value`'s academic year, or None during the break after `end`.

    With the typical dates: 16 May – 31 Oct is semester 1 (the October break included),
    1 Nov – 31 Mar is semester 2, and 1 Apr – 15 May is no semester.
    """
    day = local_date(value)
    year = academic_year_of(day)
    if day < year.semester_2_start:
        return 1
    if day <= year.end:
        return 2
    return None
