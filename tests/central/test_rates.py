"""National rate tables: dated versions in the public schema, read by every office."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django_tenants.utils import schema_context

from central.rates import (
    ChildEducationRate,
    child_education_rate_in_force,
    medical_limits_in_force,
)
from tenants.models import Office

pytestmark = pytest.mark.django_db


def test_the_domain_notes_values_are_shipped_and_marked() -> None:
    kindergarten = child_education_rate_in_force(
        academic_year=2567, school_type="government", level="kindergarten"
    )
    assert kindergarten is not None
    assert kindergarten.cap_per_academic_year == Decimal("5800.00")
    assert kindergarten.source_letter == "กค 0422.3/ว 257" and kindergarten.is_confirmed
    bachelor = child_education_rate_in_force(
        academic_year=2567, school_type="government", level="bachelor"
    )
    assert bachelor is not None and not bachelor.is_confirmed
    limits = medical_limits_in_force(on=date(2014, 9, 26))
    assert limits is not None
    assert limits.special_room_rate_per_day == Decimal("1000.00")
    assert limits.claim_deadline_days == 365
    assert {item["code"] for item in limits.non_reimbursable_items} >= {"deposit", "card_fee"}


def test_the_newest_version_in_force_applies_and_older_years_keep_theirs() -> None:
    ChildEducationRate.objects.create(
        effective_academic_year=2568,
        school_type="government",
        level="kindergarten",
        method="actual",
        cap_per_academic_year=Decimal("6500.00"),
        source_letter="ทดสอบ",
    )
    newer = child_education_rate_in_force(
        academic_year=2568, school_type="government", level="kindergarten"
    )
    older = child_education_rate_in_force(
        academic_year=2567, school_type="government", level="kindergarten"
    )
    assert newer is not None and newer.cap_per_academic_year == Decimal("6500.00")
    assert older is not None and older.cap_per_academic_year == Decimal("5800.00")


def test_no_rate_before_the_first_version_or_for_an_unknown_level() -> None:
    assert (
        child_education_rate_in_force(
            academic_year=2550, school_type="government", level="kindergarten"
        )
        is None
    )
    assert (
        child_education_rate_in_force(academic_year=2567, school_type="private", level="primary")
        is None
    )
    assert medical_limits_in_force(on=date(2000, 1, 1)) is None


def test_offices_read_the_national_tables(office_a: Office) -> None:
    with schema_context(office_a.schema_name):
        rate = child_education_rate_in_force(
            academic_year=2567, school_type="government", level="kindergarten"
        )
    assert rate is not None and rate.cap_per_academic_year == Decimal("5800.00")


def test_the_central_agency_edits_rates_in_its_admin(office_a: Office) -> None:
    from tests.conftest import central_client, office_client

    assert central_client("operator").get("/admin/central/childeducationrate/").status_code == 200
    assert (
        office_client(office_a, "everything").get("/admin/central/childeducationrate/").status_code
        == 404
    )


def test_a_rate_with_a_last_year_does_not_reach_later_years() -> None:
    """An invented demo rate (2550–2557) never covers a current year; a real row with no end
    does, and one with an end before it starts is refused by the table."""
    from django.db import IntegrityError, transaction

    ended = ChildEducationRate.objects.create(
        effective_academic_year=2550,
        last_academic_year=2557,
        school_type="government",
        level="primary",
        method="actual",
        cap_per_academic_year=Decimal("3200.00"),
        source_letter="ข้อมูลสาธิต (ไม่ใช่อัตราจริง)",
    )
    rate = {"school_type": "government", "level": "primary"}
    assert child_education_rate_in_force(academic_year=2557, **rate) == ended
    assert child_education_rate_in_force(academic_year=2558, **rate) is None
    assert child_education_rate_in_force(academic_year=2569, **rate) is None
    real = ChildEducationRate.objects.create(
        effective_academic_year=2562,
        school_type="government",
        level="primary",
        method="actual",
        cap_per_academic_year=Decimal("3500.00"),
        source_letter="กค 0000/ว 1",
        is_confirmed=True,
    )
    assert child_education_rate_in_force(academic_year=2569, **rate) == real
    assert child_education_rate_in_force(academic_year=2560, **rate) is None
    with pytest.raises(IntegrityError), transaction.atomic():
        ChildEducationRate.objects.create(
            effective_academic_year=2560,
            last_academic_year=2559,
            school_type="private",
            level="primary",
            method="actual",
            cap_per_academic_year=Decimal("1.00"),
            source_letter="x",
        )


def test_the_demo_rates_end_with_the_demos_years() -> None:
    from apps.reimbursements.demo import DEMO_RATE_LAST_YEAR, DEMO_RATE_SOURCE, demo_rates_ensure
    from apps.reimbursements.entitlements import child_education_rates_in_force

    assert demo_rates_ensure(academic_year_be=2556) > 0
    demo = ChildEducationRate.objects.filter(source_letter=DEMO_RATE_SOURCE)
    assert set(demo.values_list("last_academic_year", flat=True)) == {DEMO_RATE_LAST_YEAR}
    in_2557 = child_education_rates_in_force(academic_year_be=2557)
    assert {r.source_letter for r in in_2557} == {DEMO_RATE_SOURCE}
    in_2569 = child_education_rates_in_force(academic_year_be=2569)
    assert in_2569 and DEMO_RATE_SOURCE not in {r.source_letter for r in in_2569}
    assert (
        child_education_rate_in_force(academic_year=2569, school_type="government", level="primary")
        is None
    )
    assert demo_rates_ensure(academic_year_be=2557) == 0  # idempotent
