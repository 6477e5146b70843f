"""Form fields that show and read Buddhist Era dates and years.

People see and type B.E. ("26/09/2557"); `cleaned_data` holds a plain C.E. `date` or a B.E.
year `int`, exactly as the services expect. Error messages are in Thai.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone

from core.thai.calendar import (
    MIN_BE_YEAR,
    BuddhistDateError,
    format_be_date,
    local_date,
    parse_be_date,
    to_be_year,
)
from core.thai.digits import to_arabic_digits

DATE_PLACEHOLDER = "วว/ดด/ปปปป"

# The range FiscalYearField accepts by default (B.E. 2500 = 1957 C.E., 2700 = 2157 C.E.).
FISCAL_YEAR_MIN = 2500
FISCAL_YEAR_MAX = 2700


class BuddhistDateInput(forms.DateInput):
    """A text input showing a date as "26/09/2557", with the placeholder วว/ดด/ปปปป.

    A value that is not a date (what the person typed, re-shown after an error) is rendered
    unchanged. A naive datetime is shown as its own date; an aware one as its Bangkok date.
    """

    input_type = "text"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs={"placeholder": DATE_PLACEHOLDER, **(attrs or {})})

    def format_value(self, value: Any) -> str | None:
        if isinstance(value, datetime) and timezone.is_naive(value):
            value = value.date()
        if isinstance(value, date):
            return format_be_date(value, "short")
        if value in (None, ""):
            return None
        return str(value)


class BuddhistDateField(forms.DateField):
    """A DateField read with `parse_be_date`: B.E. years, Thai month names, Thai digits.

    Cleans to a C.E. `date`. Error codes: "required", "invalid" (format), "invalid_date" (no
    such day) and "not_buddhist_era" (a year below 2400, taken for a C.E. year and refused);
    override their messages through `error_messages` as usual. `input_formats` is ignored.
    """

    widget = BuddhistDateInput
    default_error_messages = {
        "required": "กรุณากรอกวันที่",
        "invalid": "กรุณากรอกวันที่เป็น วว/ดด/ปปปป ปีพุทธศักราช เช่น 26/09/2557",
        "invalid_date": "ไม่มีวันที่ %(value)s ในปฏิทิน",
        "not_buddhist_era": (
            "ปี %(year)s ดูเหมือนเป็นปีคริสต์ศักราช (ค.ศ.) กรุณากรอกปีพุทธศักราช (พ.ศ.) เช่น %(be_year)s"
        ),
    }

    def to_python(self, value: str | datetime | date | None) -> date | None:
        if isinstance(value, str):
            value = value.strip()  # whitespace only counts as empty, hence "required"
        if value in self.empty_values:
            return None
        if isinstance(value, datetime):
            return local_date(value) if timezone.is_aware(value) else value.date()
        if isinstance(value, date):
            return value
        try:
            return parse_be_date(str(value))
        except BuddhistDateError as error:
            raise ValidationError(
                self.error_messages[error.code], code=error.code, params=error.params
            ) from None


class FiscalYearField(forms.IntegerField):
    """A fiscal year typed as its B.E. year (e.g. 2567); cleans to that `int`.

    Accepts Thai digits. By default only 2500–2700 are accepted ("min_value", "max_value"); a
    C.E. year whose B.E. year would be in range (2024) is refused with code "not_buddhist_era"
    and a hint (2567), never converted silently.
    """

    default_error_messages = {
        "required": "กรุณากรอกปีงบประมาณ",
        "invalid": "กรุณากรอกปีงบประมาณเป็นปีพุทธศักราช 4 หลัก เช่น 2567",
        "min_value": "ปีงบประมาณต้องไม่ต่ำกว่า พ.ศ. %(limit_value)s",
        "max_value": "ปีงบประมาณต้องไม่เกิน พ.ศ. %(limit_value)s",
        "not_buddhist_era": (
            "ปี %(value)s ดูเหมือนเป็นปีคริสต์ศักราช (ค.ศ.) "
            "กรุณากรอกปีงบประมาณเป็นปีพุทธศักราช (พ.ศ.) เช่น %(be_year)s"
        ),
    }

    def __init__(
        self, *, min_value: int = FISCAL_YEAR_MIN, max_value: int = FISCAL_YEAR_MAX, **kwargs: Any
    ) -> None:
        super().__init__(min_value=min_value, max_value=max_value, **kwargs)
        self._be_year_range = range(min_value, max_value + 1)

    def to_python(self, value: Any) -> int | None:
        if isinstance(value, str):
            value = to_arabic_digits(value)
        result: int | None = super().to_python(value)
        return result

    def validate(self, value: Any) -> None:
        super().validate(value)
        if (
            isinstance(value, int)
            and value < MIN_BE_YEAR
            and to_be_year(value) in self._be_year_range
        ):
            raise ValidationError(
                self.error_messages["not_buddhist_era"],
                code="not_buddhist_era",
                params={"value": value, "be_year": to_be_year(value)},
            )
