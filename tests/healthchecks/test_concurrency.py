"""People asking for the last places of a check point at the same instant, on real threads and
connections against PostgreSQL (outside the test transaction; everything made is removed
afterwards): never more booked than the capacity, the others refused or waiting."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, time
from typing import Any

import pytest
from django_tenants.utils import schema_context

from apps.healthchecks import services
from apps.healthchecks.models import Campaign, CheckPoint, CircularCounter, SignUp
from apps.people.models import Person
from tests.healthchecks.factories import staff
from tests.onestop.conftest import bangkok
from tests.onestop.test_concurrency import run_at_once
from tests.people.factories import make_person

SCHEMA = "esa_alpha"
YEAR = 2580  # a fiscal year no other test uses: the rows are committed
DAY = date(2037, 9, 20)
MARK = "ทดสอบพร้อมกัน"


def _clean() -> None:
    with schema_context(SCHEMA):
        campaigns = Campaign.objects.filter(fiscal_year=YEAR)
        SignUp.objects.filter(campaign__in=campaigns).delete()
        CheckPoint.objects.filter(campaign__in=campaigns).delete()
        campaigns.delete()
        CircularCounter.objects.filter(be_year=YEAR).delete()
        Person.objects.filter(last_name_th=MARK).delete()


@pytest.fixture
def committed(django_db_setup: None, django_db_blocker: Any) -> Iterator[None]:
    with django_db_blocker.unblock():
        _clean()
        try:
            yield
        finally:
            _clean()


def test_never_more_booked_than_the_capacity_under_concurrent_sign_up(committed: None) -> None:
    capacity, people = 3, 10
    with schema_context(SCHEMA):
        officer = staff()
        campaign = services.campaign_create(
            fiscal_year_be=YEAR, title="t", partner="p", provider="u", officer=officer
        )
        point = services.checkpoint_add(
            campaign=campaign,
            day=DAY,
            starts_at=time(8, 30),
            ends_at=time(15, 30),
            venue="v",
            district="d",
            capacity=capacity,
            services="s",
            coordinator="c",
            officer=officer,
        )
        services.campaign_announce(campaign=campaign, officer=officer)
        persons = [make_person(last_name_th=MARK) for _ in range(people)]
        codes = [
            services.access_code_request(national_id=p.national_id, at=bangkok(date(2037, 9, 1)))
            for p in persons
        ]

    def sign_up(index: int) -> str:
        try:
            signup = services.signup_public(
                national_id=persons[index].national_id,
                code=codes[index].code,
                checkpoint=point,
                waitlist=index % 2 == 0,
                at=bangkok(date(2037, 9, 1), 9, 10),
            )
        except services.HealthCheckError as error:
            return error.code
        return signup.status

    results = run_at_once(people, sign_up)
    assert not [r for r in results if isinstance(r, Exception)], results
    assert results.count("booked") == capacity
    waiting = sum(1 for i, r in enumerate(results) if r == "waitlisted" and i % 2 == 0)
    refused = sum(1 for i, r in enumerate(results) if r == "healthchecks.checkpoint_full")
    assert results.count("booked") + waiting + refused == people
    with schema_context(SCHEMA):
        assert services.booked_count(point) == capacity
