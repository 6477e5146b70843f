"""Form fields for what people type the Thai way: Buddhist Era dates and years, baht amounts
and national IDs.

People see and type B.E. ("26/09/2557"); `cleaned_data` holds a plain C.E. `date` or a B.E.
year `int`, exactly as the services expect. Amounts clean to `Decimal`, national IDs to their
13 digits. Every error message is in Thai.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
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
from core.thai.money import SATANG, format_baht
from core.thai.national_id import normalize_national_id, validate_national_id

DATE_PLACEHOLDER = "วว/ดด/ปปปป"

# The range BuddhistYearField accepts by default (B.E. 2500 = 1957 C.E., 2700 = 2157 C.E.).
FISCAL_YEAR_MIN = 2500
FISCAL_YEAR_MAX = 2700
YEAR_MAX_LENGTH = 20

# The largest amount a money field accepts by default: ten million baht, far above any one
# welfare payment, well inside the 14 digits the database keeps.
MAX_BAHT = Decimal("10000000.00")
BAHT_MAX_DIGITS = 14
AMOUNT_MAX_LENGTH = 40


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


class BuddhistYearField(forms.IntegerField):
    """A year typed as its B.E. year (e.g. 2567); cleans to that `int`.

    Accepts Thai digits. By default only 2500–2700 are accepted ("min_value", "max_value"); a
    C.E. year whose B.E. year would be in range (2024) is refused with code "not_buddhist_era"
    and a hint (2567), never converted silently: the same hint the date fields give. Every
    year a person types (a form field or a query parameter, see `year_from_query`) goes
    through this field or a subclass, which only renames the year in its messages.
    """

    default_error_messages = {
        "required": "กรุณากรอกปี พ.ศ.",
        "invalid": "กรุณากรอกปีเป็นปีพุทธศักราช 4 หลัก เช่น 2567",
        "min_value": "ปีต้องไม่ต่ำกว่า พ.ศ. %(limit_value)s",
        "max_value": "ปีต้องไม่เกิน พ.ศ. %(limit_value)s",
        "not_buddhist_era": (
            "ปี %(value)s ดูเหมือนเป็นปีคริสต์ศักราช (ค.ศ.) กรุณากรอกปีพุทธศักราช (พ.ศ.) เช่น %(be_year)s"
        ),
    }

    def __init__(
        self, *, min_value: int = FISCAL_YEAR_MIN, max_value: int = FISCAL_YEAR_MAX, **kwargs: Any
    ) -> None:
        kwargs.setdefault("widget", forms.TextInput(attrs={"inputmode": "numeric"}))
        super().__init__(min_value=min_value, max_value=max_value, **kwargs)
        self._be_year_range = range(min_value, max_value + 1)

    def to_python(self, value: Any) -> int | None:
        if isinstance(value, str):
            value = to_arabic_digits(value).strip()
            if len(value) > YEAR_MAX_LENGTH:  # never parse a megabyte of digits
                raise ValidationError(self.error_messages["invalid"], code="invalid")
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


class FiscalYearField(BuddhistYearField):
    """A fiscal year typed as its B.E. year (e.g. 2567): a `BuddhistYearField`."""

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


class AcademicYearField(BuddhistYearField):
    """An academic year (ปีการศึกษา) typed as its B.E. year: a `BuddhistYearField`."""

    default_error_messages = {
        "required": "กรุณากรอกปีการศึกษา",
        "invalid": "กรุณากรอกปีการศึกษาเป็นปีพุทธศักราช 4 หลัก เช่น 2567",
        "min_value": "ปีการศึกษาต้องไม่ต่ำกว่า พ.ศ. %(limit_value)s",
        "max_value": "ปีการศึกษาต้องไม่เกิน พ.ศ. %(limit_value)s",
        "not_buddhist_era": (
            "ปี %(value)s ดูเหมือนเป็นปีคริสต์ศักราช (ค.ศ.) "
            "กรุณากรอกปีการศึกษาเป็นปีพุทธศักราช (พ.ศ.) เช่น %(be_year)s"
        ),
    }


def year_from_query(value: str | None, field: BuddhistYearField | None = None) -> int | None:
    """The B.E. year a query parameter (`?fy=2567`) names, read by `field` (a
    `BuddhistYearField` by default), or None when it is missing or the field refuses it: a
    page then shows its default year rather than fail."""
    field = field or BuddhistYearField(required=False)
    try:
        year: int | None = field.clean(value)
    except ValidationError:
        return None
    return year


class NationalIdField(forms.CharField):
    """A 13-digit national ID typed with or without dashes, spaces or Thai digits; cleans to
    the 13 bare digits ("" when empty and not required).

    The check digit is checked here (`validate_national_id`, Thai messages), so a form that
    looks a person up with it says "wrong check digit" before "not in the register".
    """

    default_error_messages = {"required": "กรุณากรอกเลขประจำตัวประชาชน"}

    def __init__(self, *, max_length: int = 20, **kwargs: Any) -> None:
        kwargs.setdefault(
            "widget", forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"})
        )
        super().__init__(max_length=max_length, **kwargs)
        self.error_messages["max_length"] = "เลขประจำตัวประชาชนต้องเป็นตัวเลข 13 หลัก"

    def clean(self, value: Any) -> str:
        text: str = super().clean(value)
        if not text:
            return ""
        validate_national_id(text)
        return normalize_national_id(text)


class BahtField(forms.DecimalField):
    """An amount in baht: at most two decimal places, between `min_value` (0.01 by default)
    and `max_value` (MAX_BAHT by default); cleans to a `Decimal`.

    Accepts Thai digits and thousands separators ("1,250.50"). Every refusal has a Thai
    message: not a number, too many digits, too many decimals, negative or zero, too large.
    """

    default_error_messages = {
        "required": "กรุณากรอกจำนวนเงิน",
        "invalid": "กรุณากรอกจำนวนเงินเป็นตัวเลข เช่น 1250.50",
        "max_digits": "จำนวนเงินต้องไม่เกิน %(limit)s",
        "max_whole_digits": "จำนวนเงินต้องไม่เกิน %(limit)s",
        "max_decimal_places": "จำนวนเงินมีทศนิยมได้ไม่เกิน 2 ตำแหน่ง (สตางค์)",
        "min_value": "จำนวนเงินต้องไม่น้อยกว่า %(limit_value)s บาท",
        "max_value": "จำนวนเงินต้องไม่เกิน %(limit_value)s บาท",
    }

    widget = forms.TextInput(attrs={"inputmode": "decimal"})

    def __init__(
        self,
        *,
        min_value: Decimal | int | None = SATANG,
        max_value: Decimal | int = MAX_BAHT,
        **kwargs: Any,
    ) -> None:
        super().__init__(
            max_digits=BAHT_MAX_DIGITS,
            decimal_places=2,
            min_value=None if min_value is None else Decimal(min_value),
            max_value=Decimal(max_value),
            **kwargs,
        )
        limit = f"{format_baht(Decimal(max_value))} บาท"
        for code in ("max_digits", "max_whole_digits"):
            self.error_messages[code] = self.error_messages[code] % {"limit": limit}
        # Show the limits as Thai readers write amounts ("10,000,000.00").
        for validator in self.validators:
            if isinstance(validator, MinValueValidator | MaxValueValidator):
                validator.message = self.error_messages[validator.code] % {
                    "limit_value": format_baht(Decimal(validator.limit_value))
                }
                self.error_messages[validator.code] = validator.message

    # django-stubs types DecimalField as an IntegerField; it cleans to a Decimal.
    def to_python(self, value: Any) -> Decimal | None:  # type: ignore[override]
        if isinstance(value, str):
            value = to_arabic_digits(value).replace(",", "").strip()
            if len(value) > AMOUNT_MAX_LENGTH:
                raise ValidationError(self.error_messages["invalid"], code="invalid")
        result: Decimal | None = super().to_python(value)
        return result

    def run_validators(self, value: Any) -> None:
        # Too many digits is also too large: say it once.
        try:
            super().run_validators(value)
        except ValidationError as error:
            unique = {str(e.message): e for e in error.error_list}
            raise ValidationError(list(unique.values())) from None

    def widget_attrs(self, widget: forms.Widget) -> dict[str, Any]:
        # A text box (`widget`), not <input type=number>: amounts may be typed with commas or
        # Thai digits, and the limits are told in Thai by the server.
        attrs = super().widget_attrs(widget)
        for name in ("min", "max", "step"):
            attrs.pop(name, None)
        return attrs
