from __future__ import annotations

from datetime import date

import pytest

from apps.payroll.months import (
    MonthError,
    format_be_month,
    month_key,
    next_month,
    parse_be_month,
    previous_month,
)


@pytest.mark.parametrize(
    "text",
    ["09/2557", "9/2557", "9-2557", "2557-09", "ก.ย. 2557", "ก.ย.2557", "กันยายน 2557", "๐๙/๒๕๕๗"],
)
def test_a_be_month_is_read_in_the_ways_officers_write_it(text: str) -> None:
    assert parse_be_month(text) == date(2014, 9, 1)


def test_a_ce_year_is_refused_with_a_hint_never_converted() -> None:
    with pytest.raises(MonthError) as error:
        parse_be_month("09/2014")
    assert "ค.ศ." in error.value.message_th and "2557" in error.value.message_th


@pytest.mark.parametrize("text", ["", "13/2557", "0/2557", "09/25570", "x", "9" * 5000, "ab\x00"])
def test_what_is_not_a_month_is_refused_in_thai(text: str) -> None:
    with pytest.raises(MonthError) as error:
        parse_be_month(text)
    assert "พ.ศ." in error.value.message_th


def test_months_are_shown_and_stepped_in_be() -> None:
    sept = date(2014, 9, 1)
    assert format_be_month(sept) == "กันยายน 2557"
    assert format_be_month(sept, "abbr") == "ก.ย. 2557"
    assert month_key(sept) == "2557-09"
    assert next_month(date(2013, 12, 1)) == date(2014, 1, 1)
    assert previous_month(date(2014, 1, 1)) == date(2013, 12, 1)
