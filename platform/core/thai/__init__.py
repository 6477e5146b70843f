"""Thai conventions in one place: Buddhist Era dates, fiscal and academic years, Thai digits,
baht amounts in figures and words, and the 13-digit national ID.

Import from here (`from core.thai import format_be_date`); the form fields are in
`core.thai.forms` (they import Django's forms machinery) and the template filters in the
`thai` template library (`{% load thai %}`).
"""

from core.thai.calendar import (
    ACADEMIC_YEAR_END,
    ACADEMIC_YEAR_START,
    BANGKOK,
    BE_OFFSET,
    MAX_BE_YEAR,
    MIN_BE_YEAR,
    SEMESTER_2_START,
    THAI_MONTHS,
    THAI_MONTHS_ABBR,
    AcademicYear,
    BuddhistDateError,
    BuddhistYearError,
    DateStyle,
    FiscalYear,
    academic_year,
    academic_year_of,
    fiscal_year,
    fiscal_year_of,
    format_be_date,
    local_date,
    parse_be_date,
    semester_of,
    to_be_year,
    to_ce_year,
)
from core.thai.digits import to_arabic_digits, to_thai_digits
from core.thai.money import baht_text, format_baht, quantize_baht
from core.thai.national_id import (
    format_national_id,
    is_valid_national_id,
    mask_national_id,
    national_id_check_digit,
    normalize_national_id,
    validate_national_id,
)

__all__ = [
    "ACADEMIC_YEAR_END",
    "ACADEMIC_YEAR_START",
    "BANGKOK",
    "BE_OFFSET",
    "MAX_BE_YEAR",
    "MIN_BE_YEAR",
    "SEMESTER_2_START",
    "THAI_MONTHS",
    "THAI_MONTHS_ABBR",
    "AcademicYear",
    "BuddhistDateError",
    "BuddhistYearError",
    "DateStyle",
    "FiscalYear",
    "academic_year",
    "academic_year_of",
    "baht_text",
    "fiscal_year",
    "fiscal_year_of",
    "format_baht",
    "format_be_date",
    "format_national_id",
    "is_valid_national_id",
    "local_date",
    "mask_national_id",
    "national_id_check_digit",
    "normalize_national_id",
    "parse_be_date",
    "quantize_baht",
    "semester_of",
    "to_arabic_digits",
    "to_be_year",
    "to_ce_year",
    "to_thai_digits",
    "validate_national_id",
]
