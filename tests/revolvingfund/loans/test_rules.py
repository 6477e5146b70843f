"""The office keeps its loan rule: versions listed, a new version from a date by the office
administrator only, never an edit in place; bad input changes nothing."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse
from django_tenants.utils import schema_context

from apps.revolvingfund.loans import services
from apps.revolvingfund.models import LoanRule
from audit.models import AuditEvent
from core.errors import ApplicationError
from tests.conftest import office_client
from tests.revolvingfund.loans.factories import staff

pytestmark = pytest.mark.django_db

URL = "/fund/loans/rules/"

GOOD = {
    "valid_from": "1/10/2568",
    "guarantor_after_months": "2",
    "days_in_year": "366",
    "max_restructure_months": "120",
    "creditor_name": "กองทุนหมุนเวียนฯ",
    "contract_form_name": "สัญญากู้ยืมเงิน (แบบ ทป.2)",
    "guarantee_form_name": "สัญญาค้ำประกัน (แบบ ทป.3)",
    "on_leaving_service": "หักจากบำเหน็จบำนาญ",
    "source": "หนังสือ สป.ศธ. ที่ ศธ 0206/1234",
    "confirmed": "on",
}


def _state(office):
    with schema_context(office.schema_name):
        return (
            list(LoanRule.objects.order_by("valid_from").values()),
            AuditEvent.objects.filter(action="revolvingfund.loan_rule_created").count(),
        )


def test_the_url_is_the_namespaced_one():
    assert reverse("revolvingfund:loans:rules") == URL


@pytest.mark.parametrize(
    ("username", "status"),
    [
        ("office_admin", 200),
        ("welfare_officer", 200),
        ("finance_officer", 200),
        ("viewer", 403),
        ("fund_committee", 403),
    ],
)
def test_who_reads_the_rule(office_a, username, status):
    assert office_client(office_a, username).get(URL).status_code == status


def test_the_administrator_adds_a_version_from_a_date_the_old_one_stays(office_a):
    before, _ = _state(office_a)
    assert before, "migration 0003 seeds the first version"
    client = office_client(office_a, "office_admin")
    page = client.get(URL).content.decode()
    assert "ใช้อยู่" in page and 'name="guarantor_after_months"' in page
    response = client.post(URL, GOOD)
    assert response.status_code == 302
    rules, audits = _state(office_a)
    assert rules[:-1] == before  # the older versions are untouched
    new = rules[-1]
    assert new["valid_from"] == date(2025, 10, 1)
    assert (new["guarantor_after_months"], new["days_in_year"], new["max_restructure_months"]) == (
        2,
        366,
        120,
    )
    assert new["confirmed"] and new["source"] == GOOD["source"]
    assert audits == 1
    with schema_context(office_a.schema_name):
        assert services.loan_rule_in_force(on=date(2025, 10, 1)).guarantor_after_months == 2
        assert services.loan_rule_in_force(on=date(2025, 9, 30)).pk == before[-1]["id"]
    # the same start day again: refused in Thai, nothing changes (a version is never edited)
    again = client.post(URL, {**GOOD, "guarantor_after_months": "5"})
    assert again.status_code == 200
    assert "มีเกณฑ์เงินกู้ที่เริ่มใช้วันนี้อยู่แล้ว" in again.content.decode()
    assert _state(office_a) == (rules, audits)


def test_only_the_administrator_adds_a_version(office_a):
    before = _state(office_a)
    for username in ("welfare_officer", "finance_officer"):
        client = office_client(office_a, username)
        assert 'name="guarantor_after_months"' not in client.get(URL).content.decode()
        assert client.post(URL, GOOD).status_code == 403
    assert office_client(office_a, "viewer").post(URL, GOOD).status_code == 403
    assert _state(office_a) == before
    with schema_context(office_a.schema_name), pytest.raises(ApplicationError):
        services.loan_rule_create(
            **{**GOOD, "valid_from": date(2026, 1, 1), "confirmed": False}
            | {"guarantor_after_months": 3, "days_in_year": 365, "max_restructure_months": 144},
            actor=staff("welfare_officer"),
        )
    assert _state(office_a) == before


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("valid_from", "31/02/2568", None),
        ("valid_from", "", None),
        ("guarantor_after_months", "0", "ต้องอยู่ระหว่าง 1 ถึง 24 เดือน"),
        ("guarantor_after_months", "-3", "ต้องอยู่ระหว่าง 1 ถึง 24 เดือน"),
        ("guarantor_after_months", "1e9", "กรุณากรอกจำนวนเดือนเป็นตัวเลข"),
        ("guarantor_after_months", "๓; DROP TABLE x", "กรุณากรอกจำนวนเดือนเป็นตัวเลข"),
        ("days_in_year", "364", "จำนวนวันต่อปีต้องเป็น 360 365 หรือ 366"),
        ("max_restructure_months", "9999999999999999999999", "ต้องอยู่ระหว่าง 12 ถึง 480 เดือน"),
        ("creditor_name", "", None),
        ("creditor_name", "ก" * 101, None),
        ("source", "   ", None),
        ("contract_form_name", "<script>alert(1)</script>" * 10, None),
        ("on_leaving_service", "a\x00b", None),
    ],
)
def test_bad_input_changes_nothing_and_says_why_in_thai(office_a, field, value, message):
    before = _state(office_a)
    client = office_client(office_a, "office_admin")
    response = client.post(URL, {**GOOD, field: value})
    assert response.status_code == 200
    page = response.content.decode()
    assert "<script>alert(1)</script>" not in page
    assert 'class="errorlist' in page or "error" in page
    if message:
        assert message in page
    assert _state(office_a) == before


def test_the_service_refuses_what_the_form_would_not_send(office_a):
    before = _state(office_a)
    base = {
        **GOOD,
        "valid_from": date(2026, 1, 1),
        "guarantor_after_months": 3,
        "days_in_year": 365,
        "max_restructure_months": 144,
        "confirmed": False,
    }
    bad = [
        {"guarantor_after_months": True},
        {"guarantor_after_months": 25},
        {"days_in_year": 364},
        {"max_restructure_months": 11},
        {"source": " "},
        {"creditor_name": "ก" * 101},
        {"valid_from": "2026-01-01"},
    ]
    with schema_context(office_a.schema_name):
        for change in bad:
            with pytest.raises(ApplicationError):
                services.loan_rule_create(**{**base, **change}, actor=staff("office_admin"))
    assert _state(office_a) == before


def test_the_loans_and_fund_pages_link_to_the_rule(office_a):
    assert (
        URL
        in office_client(office_a, "welfare_officer")
        .get(reverse("revolvingfund:loans:register"))
        .content.decode()
    )
    assert (
        URL
        in office_client(office_a, "office_admin")
        .get(reverse("revolvingfund:home"))
        .content.decode()
    )
