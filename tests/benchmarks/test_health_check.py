"""The health check of a large area (60 check points over five days, 400 sign-ups at one
point, 1,500 in all): the schedule register as PDF and XLSX, a check point's reminder list,
the summary for สกสค., and the hot pages (the public page, the tablet's check-in list),
measured inside the test office's schema."""

from __future__ import annotations

import io
from collections.abc import Callable
from typing import Any

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.utils import timezone
from django_tenants.utils import schema_context
from pypdf import PdfReader

from apps.healthchecks import documents, selectors
from apps.healthchecks.models import Channel, SignUp, SignUpStatus
from core.thai import fiscal_year_of
from tenants.models import Office
from tests.benchmarks._report import SUMMARY_HEADERS, Summary, Timer, print_table, record_summary
from tests.benchmarks._report import summary_row as row
from tests.conftest import office_client
from tests.healthchecks.factories import upcoming
from tests.people.factories import make_person

pytestmark = [pytest.mark.benchmark, pytest.mark.django_db]

POINTS = 60
AT_ONE_POINT = 400
IN_ALL = 1500
REPEATS = 3
OFFICE = "สำนักงานเขตพื้นที่การศึกษาประถมศึกษาพัทลุง เขต 2"


def _repeat(call: Callable[[], Any]) -> Summary:
    call()
    samples = []
    for _ in range(REPEATS):
        with Timer() as timer:
            call()
        samples.append(timer.seconds)
    return Summary.of(samples)


def _sign_ups(campaign: Any, points: list[Any]) -> None:
    """Sign-ups written in bulk (the services' own path is measured by the tests' counts):
    AT_ONE_POINT at the first check point, the rest spread."""
    people = [make_person(first_name_th=f"ครู{n}") for n in range(IN_ALL)]
    now = timezone.now()
    rows = []
    for number, person in enumerate(people):
        point = points[0] if number < AT_ONE_POINT else points[number % len(points)]
        rows.append(
            SignUp(
                campaign=campaign,
                checkpoint=point,
                person=person,
                category="teacher",
                school_name="โรงเรียนบ้านควนขนุน",
                status=SignUpStatus.BOOKED,
                channel=Channel.PUBLIC,
                signed_up_at=now,
                attended_at=now if number % 8 else None,
            )
        )
    SignUp.objects.bulk_create(rows)


def test_the_health_check_of_a_large_area(office_a: Office) -> None:
    cache.clear()
    with schema_context(office_a.schema_name):
        campaign = upcoming(points=POINTS, capacity=AT_ONE_POINT)
        points = list(campaign.checkpoints.order_by("pk"))
        _sign_ups(campaign, points)
        year = fiscal_year_of(points[0].day)

        def schedule_pdf() -> bytes:
            return documents.schedule_pdf(
                selectors.schedule(fiscal_year=year),
                office_name=OFFICE,
                fiscal_year=year,
                thai_digits=True,
            )

        def schedule_xlsx() -> bytes:
            return documents.schedule_xlsx(
                selectors.schedule(fiscal_year=year), office_name=OFFICE, fiscal_year=year
            )

        def roster_pdf() -> bytes:
            return documents.roster_pdf(
                points[0], selectors.roster(points[0]), office_name=OFFICE, thai_digits=False
            )

        def summary_pdf() -> bytes:
            return documents.summary_pdf(
                campaign,
                selectors.summary(campaign=campaign),
                office_name=OFFICE,
                thai_digits=False,
            )

        schedule_pages = len(PdfReader(io.BytesIO(schedule_pdf())).pages)
        roster_pages = len(PdfReader(io.BytesIO(roster_pdf())).pages)
        assert schedule_pages <= 8 and roster_pages <= 20
        measured = [
            (f"schedule PDF, {POINTS} check points, {schedule_pages} pages", _repeat(schedule_pdf)),
            (f"schedule XLSX, {POINTS} check points", _repeat(schedule_xlsx)),
            (
                f"reminder list PDF, {AT_ONE_POINT} people, {roster_pages} pages",
                _repeat(roster_pdf),
            ),
            (f"summary PDF, {POINTS} check points, {IN_ALL} sign-ups", _repeat(summary_pdf)),
        ]
    public = Client(HTTP_HOST=f"{office_a.code}.localhost")
    officer = office_client(office_a, "welfare_officer")

    def public_page() -> None:
        cache.clear()  # the rate limit
        assert public.get("/h/").status_code == 200

    def checkin_list() -> None:
        assert officer.get(f"/healthchecks/points/{points[0].pk}/").status_code == 200

    measured += [
        (f"public page, {POINTS} check points", _repeat(public_page)),
        (f"check-in list, {AT_ONE_POINT} people", _repeat(checkin_list)),
    ]
    assert connection.schema_name  # (the client's requests ran in the office's schema)
    print_table("Health check", SUMMARY_HEADERS, [row(label, s) for label, s in measured])
    for label, summary in measured:
        record_summary("healthchecks", label, summary)
