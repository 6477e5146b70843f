"""Buddhist Era dates, fiscal and academic years, Thai digits. Pure functions: no database."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone

import pytest

from core.thai import (
    THAI_MONTHS,
    THAI_MONTHS_ABBR,
    AcademicYear,
    BuddhistDateError,
    FiscalYear,
    academic_year,
    academic_year_of,
    fiscal_year,
    fiscal_year_of,
    format_be_date,
    parse_be_date,
    semester_of,
    to_arabic_digits,
    to_be_year,
    to_ce_year,
    to_thai_digits,
)

SEP_26_2014 = date(2014, 9, 26)


# --- Years and month names -------------------------------------------------------------


def test_buddhist_era_is_common_era_plus_543():
    assert to_be_year(2014) == 2557
    assert to_ce_year(2557) == 2014
    assert to_ce_year(to_be_year(1999)) == 1999


def test_month_names_run_from_january_to_december():
    assert len(THAI_MONTHS) == len(THAI_MONTHS_ABBR) == 12
    assert (THAI_MONTHS[0], THAI_MONTHS[8], THAI_MONTHS[11]) == ("มกราคม", "กันยายน", "ธันวาคม")
    assert (THAI_MONTHS_ABBR[0], THAI_MONTHS_ABBR[8], THAI_MONTHS_ABBR[11]) == (
        "ม.ค.",
        "ก.ย.",
        "ธ.ค.",
    )


# --- Formatting ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("style", "expected"),
    [("short", "26/09/2557"), ("long", "26 กันยายน 2557"), ("abbr", "26 ก.ย. 2557")],
)
def test_format_be_date_styles(style, expected):
    assert format_be_date(SEP_26_2014, style) == expected


def test_short_style_is_the_default_and_pads_day_and_month():
    assert format_be_date(date(2014, 1, 5)) == "05/01/2557"


def test_long_style_does_not_pad_the_day():
    assert format_be_date(date(2014, 1, 5), "long") == "5 มกราคม 2557"


def test_format_be_date_prints_thai_digits_on_request():
    assert format_be_date(SEP_26_2014, thai_digits=True) == "๒๖/๐๙/๒๕๕๗"
    assert format_be_date(SEP_26_2014, "long", thai_digits=True) == "๒๖ กันยายน ๒๕๕๗"


def test_aware_datetime_is_formatted_as_its_bangkok_date():
    # 17:00 UTC on 30 Sep is midnight on 1 Oct in Bangkok (UTC+7).
    moment = datetime(2014, 9, 30, 17, 0, tzinfo=UTC)
    assert format_be_date(moment) == "01/10/2557"
    assert format_be_date(moment - timedelta(seconds=1)) == "30/09/2557"


def test_aware_datetime_in_another_timezone_is_still_read_in_bangkok():
    new_york = timezone(timedelta(hours=-4))
    assert format_be_date(datetime(2014, 9, 30, 13, 0, tzinfo=new_york)) == "01/10/2557"


def test_naive_datetime_is_refused():
    with pytest.raises(ValueError, match="naive"):
        format_be_date(datetime(2014, 9, 26, 12, 0))  # noqa: DTZ001 - the naive value is the point


def test_unknown_style_is_refused():
    with pytest.raises(ValueError, match="style"):
        format_be_date(SEP_26_2014, "iso")  # type: ignore[arg-type]


# --- Parsing ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "26/09/2557",
        "26-09-2557",
        "26 กันยายน 2557",
        "26 ก.ย. 2557",
        "26 กย 2557",
        "26 กันยายน พ.ศ. 2557",
        "๒๖/๐๙/๒๕๕๗",
        "๒๖ กันยายน ๒๕๕๗",
        "  26 / 09 / 2557 ",
    ],
)
def test_parse_be_date_accepts_the_usual_ways_of_writing_a_date(text):
    assert parse_be_date(text) == SEP_26_2014


def test_parse_be_date_accepts_single_digit_day_and_month():
    assert parse_be_date("1/9/2557") == date(2014, 9, 1)


@pytest.mark.parametrize("month", range(1, 13))
def test_every_month_name_and_abbreviation_parses(month):
    expected = date(2014, month, 1)
    assert parse_be_date(f"1 {THAI_MONTHS[month - 1]} 2557") == expected
    assert parse_be_date(f"1 {THAI_MONTHS_ABBR[month - 1]} 2557") == expected


@pytest.mark.parametrize("day", [date(2014, 9, 26), date(2020, 2, 29), date(2013, 10, 1)])
@pytest.mark.parametrize("style", ["short", "long", "abbr"])
@pytest.mark.parametrize("thai_digits", [False, True])
def test_formatted_dates_parse_back_to_the_same_date(day, style, thai_digits):
    assert parse_be_date(format_be_date(day, style, thai_digits=thai_digits)) == day


def test_leap_day_of_a_leap_year_is_valid():
    assert parse_be_date("29/02/2563") == date(2020, 2, 29)


def test_leap_day_of_a_common_year_is_invalid():
    with pytest.raises(BuddhistDateError) as excinfo:
        parse_be_date("29/02/2562")
    assert excinfo.value.code == "invalid_date"
    assert "29/02/2562" in str(excinfo.value)
    assert excinfo.value.message_th == "ไม่มีวันที่ 29/02/2562 ในปฏิทิน"


@pytest.mark.parametrize("text", ["32/01/2557", "26/13/2557", "00/09/2557", "31/04/2557"])
def test_days_that_do_not_exist_are_invalid_dates(text):
    with pytest.raises(ValueError, match="not a real date"):
        parse_be_date(text)


@pytest.mark.parametrize(
    "text", ["26/09/2014", "26-09-1990", "26 กันยายน 2014", "26 กันยายน ค.ศ. 2014"]
)
def test_a_year_that_looks_common_era_is_refused_not_converted(text):
    with pytest.raises(BuddhistDateError, match="must be Buddhist Era") as excinfo:
        parse_be_date(text)
    assert excinfo.value.code == "not_buddhist_era"
    assert "พุทธศักราช" in excinfo.value.message_th


def test_common_era_refusal_suggests_the_buddhist_era_year():
    with pytest.raises(BuddhistDateError) as excinfo:
        parse_be_date("26/09/2014")
    assert excinfo.value.params["be_year"] == 2557
    assert "2557" in excinfo.value.message_th


def test_year_2400_is_the_first_accepted_buddhist_era_year():
    assert parse_be_date("01/01/2400") == date(1857, 1, 1)
    with pytest.raises(BuddhistDateError):
        parse_be_date("31/12/2399")


@pytest.mark.parametrize(
    "text",
    ["", "hello", "26/09/57", "26.09.2557", "26/09-2557", "2557-09-26", "26 กันยา 2557", "26/09"],
)
def test_text_in_other_formats_is_refused_with_the_expected_format(text):
    with pytest.raises(BuddhistDateError, match="DD/MM/YYYY") as excinfo:
        parse_be_date(text)
    assert excinfo.value.code == "invalid"
    assert "วว/ดด/ปปปป" in excinfo.value.message_th


def test_buddhist_date_error_is_a_value_error():
    assert issubclass(BuddhistDateError, ValueError)


# --- Thai digits -----------------------------------------------------------------------


def test_arabic_digits_become_thai_digits():
    assert to_thai_digits("0123456789") == "๐๑๒๓๔๕๖๗๘๙"


def test_thai_digits_become_arabic_digits():
    assert to_arabic_digits("๐๑๒๓๔๕๖๗๘๙") == "0123456789"


def test_only_digits_change():
    assert to_thai_digits("พ.ศ. 2557, ข้อ 3/1 abc") == "พ.ศ. ๒๕๕๗, ข้อ ๓/๑ abc"
    assert to_arabic_digits("ปีงบประมาณ ๒๕๕๗ (FY)") == "ปีงบประมาณ 2557 (FY)"


@pytest.mark.parametrize("text", ["10,050.00", "26/09/2557", "1-2345-67890-12-1", ""])
def test_thai_digits_round_trip(text):
    assert to_arabic_digits(to_thai_digits(text)) == text


# --- Fiscal year -----------------------------------------------------------------------


def test_fiscal_year_2557_runs_from_october_2013_to_september_2014():
    year = fiscal_year(2557)
    assert year == FiscalYear(2557)
    assert year.start == date(2013, 10, 1)
    assert year.end == date(2014, 9, 30)


def test_first_of_october_starts_next_fiscal_year():
    assert fiscal_year_of(date(2013, 10, 1)) == FiscalYear(2557)


def test_thirtieth_of_september_ends_the_fiscal_year():
    assert fiscal_year_of(date(2013, 9, 30)) == FiscalYear(2556)
    assert fiscal_year_of(date(2014, 9, 30)) == FiscalYear(2557)


@pytest.mark.parametrize(
    ("day", "be_year"),
    [
        (date(2014, 1, 1), 2557),
        (date(2014, 2, 28), 2557),
        (date(2013, 12, 31), 2557),
        (date(2014, 10, 1), 2558),
        (date(2024, 10, 1), 2568),
    ],
)
def test_fiscal_year_of_dates_inside_the_year(day, be_year):
    assert fiscal_year_of(day).be_year == be_year


def test_fiscal_year_of_an_aware_datetime_uses_the_bangkok_date():
    # Still 30 Sep in UTC, already 1 Oct in Bangkok.
    assert fiscal_year_of(datetime(2013, 9, 30, 18, 0, tzinfo=UTC)) == FiscalYear(2557)


def test_fiscal_year_contains_its_first_and_last_day_only():
    year = fiscal_year(2557)
    assert year.contains(date(2013, 10, 1))
    assert year.contains(date(2014, 9, 30))
    assert not year.contains(date(2013, 9, 30))
    assert not year.contains(date(2014, 10, 1))


def test_fiscal_year_contains_reads_aware_datetimes_in_bangkok():
    assert fiscal_year(2558).contains(datetime(2014, 9, 30, 17, 0, tzinfo=UTC))


def test_fiscal_year_reads_as_its_thai_name():
    assert str(fiscal_year(2557)) == "ปีงบประมาณ 2557"


def test_fiscal_year_is_immutable_hashable_and_ordered():
    year = fiscal_year(2557)
    with pytest.raises(AttributeError):
        year.be_year = 2558  # type: ignore[misc]
    assert {year, FiscalYear(2557)} == {year}
    assert sorted([FiscalYear(2558), year]) == [year, FiscalYear(2558)]


def test_a_common_era_fiscal_year_is_refused():
    with pytest.raises(ValueError, match="must be Buddhist Era"):
        fiscal_year(2014)


# --- Academic year ---------------------------------------------------------------------


def test_academic_year_2557_boundaries():
    year = academic_year(2557)
    assert year == AcademicYear(2557)
    assert year.semester_1_start == date(2014, 5, 16)
    assert year.semester_2_start == date(2014, 11, 1)
    assert year.end == date(2015, 3, 31)
    assert str(year) == "ปีการศึกษา 2557"


def test_sixteenth_of_may_starts_the_academic_year():
    assert academic_year_of(date(2014, 5, 16)) == AcademicYear(2557)
    assert academic_year_of(date(2014, 5, 15)) == AcademicYear(2556)


def test_the_april_break_belongs_to_the_year_that_just_ended():
    assert academic_year_of(date(2014, 4, 1)) == AcademicYear(2556)


def test_january_belongs_to_the_academic_year_that_began_the_previous_may():
    assert academic_year_of(date(2015, 1, 15)) == AcademicYear(2557)


def test_academic_year_contains_the_break_before_the_next_year():
    year = academic_year(2556)
    assert year.contains(date(2013, 5, 16))
    assert year.contains(date(2014, 5, 15))
    assert not year.contains(date(2014, 5, 16))


@pytest.mark.parametrize(
    ("day", "semester"),
    [
        (date(2014, 5, 16), 1),
        (date(2014, 10, 31), 1),
        (date(2014, 11, 1), 2),
        (date(2015, 3, 31), 2),
        (date(2015, 4, 1), None),
        (date(2015, 5, 15), None),
        (date(2015, 5, 16), 1),
    ],
)
def test_semester_of(day, semester):
    assert semester_of(day) == semester


def test_a_common_era_academic_year_is_refused():
    with pytest.raises(ValueError, match="must be Buddhist Era"):
        AcademicYear(2014)
