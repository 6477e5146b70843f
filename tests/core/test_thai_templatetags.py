"""The `thai` template library, rendered through django.template.Template. No database."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal

import pytest
from django.template import Context, Template
from django.utils import timezone


def render(source: str, **context: object) -> str:
    return Template("{% load thai %}" + source).render(Context(context))


SEP_26_2014 = date(2014, 9, 26)


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("{{ d|be_date }}", "26/09/2557"),
        ('{{ d|be_date:"short" }}', "26/09/2557"),
        ('{{ d|be_date:"long" }}', "26 กันยายน 2557"),
        ('{{ d|be_date:"abbr" }}', "26 ก.ย. 2557"),
        ('{{ d|be_date:"long"|thai_digits }}', "๒๖ กันยายน ๒๕๕๗"),
    ],
)
def test_be_date_filter_styles(source, expected):
    assert render(source, d=SEP_26_2014) == expected


def test_be_date_shows_an_aware_datetime_as_its_bangkok_date_whatever_the_active_zone():
    with timezone.override("UTC"):
        assert render("{{ t|be_date }}", t=datetime(2014, 9, 30, 17, 0, tzinfo=UTC)) == (
            "01/10/2557"
        )


@pytest.mark.parametrize(
    ("source", "value"),
    [
        ("{{ d|be_date }}", None),
        ("{{ d|be_date }}", "26/09/2557"),
        ('{{ d|be_date:"iso" }}', SEP_26_2014),
        ("{{ missing|be_date }}", SEP_26_2014),
    ],
)
def test_be_date_renders_nothing_for_what_it_cannot_format(source, value):
    assert render(source, d=value) == ""


def test_thai_digits_filter_converts_digits_and_still_escapes():
    assert render("{{ s|thai_digits }}", s="ข้อ 12") == "ข้อ ๑๒"
    assert render("{{ s|thai_digits }}", s="<b>1</b>") == "&lt;b&gt;๑&lt;/b&gt;"
    assert render("{{ n|thai_digits }}", n=2557) == "๒๕๕๗"
    assert render("{{ n|thai_digits }}", n=None) == ""


@pytest.mark.parametrize(
    ("amount", "figures", "words"),
    [
        (Decimal("10050.00"), "10,050.00", "หนึ่งหมื่นห้าสิบบาทถ้วน"),
        (21, "21.00", "ยี่สิบเอ็ดบาทถ้วน"),
        (Decimal("0.50"), "0.50", "ห้าสิบสตางค์"),
        (Decimal("1000000.25"), "1,000,000.25", "หนึ่งล้านบาทยี่สิบห้าสตางค์"),
    ],
)
def test_baht_and_baht_text_filters(amount, figures, words):
    assert render("{{ a|baht }}", a=amount) == figures
    assert render("{{ a|baht_text }}", a=amount) == words


def test_baht_with_thai_digits():
    assert render("{{ a|baht|thai_digits }}", a=Decimal("10050")) == "๑๐,๐๕๐.๐๐"


@pytest.mark.parametrize("amount", [None, 0.5, "abc", Decimal("-1")])
def test_baht_text_renders_nothing_for_floats_garbage_and_negative_amounts(amount):
    assert render("{{ a|baht_text }}", a=amount) == ""


@pytest.mark.parametrize("amount", [None, 0.5, "abc"])
def test_baht_renders_nothing_for_floats_and_garbage(amount):
    assert render("{{ a|baht }}", a=amount) == ""


def test_national_id_masked_filter():
    assert render("{{ n|national_id_masked }}", n="1234567890121") == "1-2345-xxxxx-xx-1"
    assert render("{{ n|national_id_masked }}", n="1-2345-67890-12-1") == "1-2345-xxxxx-xx-1"


@pytest.mark.parametrize("value", [None, "12345", "not an id"])
def test_national_id_masked_never_shows_a_malformed_value(value):
    assert render("{{ n|national_id_masked }}", n=value) == ""


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (date(2013, 9, 30), "2556"),
        (date(2013, 10, 1), "2557"),
        (datetime(2013, 9, 30, 17, 0, tzinfo=UTC), "2557"),
        (None, ""),
    ],
)
def test_fiscal_year_filter(day, expected):
    assert render("{{ d|fiscal_year }}", d=day) == expected


def test_fiscal_year_filter_prints_thai_digits_when_chained():
    assert render("{{ d|fiscal_year|thai_digits }}", d=date(2013, 10, 1)) == "๒๕๕๗"
