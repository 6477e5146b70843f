"""The desk screen with 5,000 people and a busy day's queue (goal: under 100 ms of server
time), and the statistics page over a fiscal year of about 10,000 requests.

Rows are committed in office `alpha` (bulk-inserted: the services' own speed is not measured
here) and removed afterwards. Nothing here asserts on time.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from datetime import date, timedelta
from typing import Any

import pytest
from django.db.models import Max
from django.utils import timezone
from django_tenants.utils import schema_context

from accounts.models import User
from apps.onestop.models import RequestStatus, ServiceRequest, ServiceType, TicketCounter
from apps.people.models import Person
from core.thai import FiscalYear, local_date, national_id_check_digit
from tests.benchmarks._report import SUMMARY_HEADERS, Summary, Timer, print_table, record_summary
from tests.benchmarks._report import summary_row as row
from tests.conftest import office_client
from tests.onestop.conftest import bangkok

pytestmark = pytest.mark.benchmark

SCHEMA = "esa_alpha"
PEOPLE = 5000
QUEUE = 150  # a busy day: open tickets on the desk screen
YEAR_REQUESTS = 10_000
FISCAL_YEAR = FiscalYear(2557)
REPEATS = 30
ID_PREFIX = "4"  # national IDs 4…: no other test makes these


def _national_id(n: int) -> str:
    first_12 = f"{ID_PREFIX}{n:011d}"
    return first_12 + str(national_id_check_digit(first_12))


def _clean() -> None:
    with schema_context(SCHEMA):
        ServiceRequest.objects.filter(person__national_id__startswith=ID_PREFIX).delete()
        ServiceRequest.objects.filter(
            ticket_date__gte=FISCAL_YEAR.start, ticket_date__lte=FISCAL_YEAR.end
        ).delete()
        TicketCounter.objects.all().delete()
        Person.objects.filter(national_id__startswith=ID_PREFIX).delete()


@pytest.fixture(scope="module")
def busy_office(django_db_setup: None, django_db_blocker: Any) -> Iterator[None]:
    rng = random.Random(2557)  # noqa: S311
    with django_db_blocker.unblock():
        _clean()
        with schema_context(SCHEMA):
            people = Person.objects.bulk_create(
                Person(
                    national_id=_national_id(n),
                    title="นาย",
                    first_name_th=f"ทดสอบ{n}",
                    last_name_th="สมรรถนะ",
                    birth_date=date(1970, 1, 1) + timedelta(days=n),
                    category="teacher",
                )
                for n in range(PEOPLE)
            )
            types = list(ServiceType.objects.all())
            officer = User.objects.get(username="welfare_officer")
            now = timezone.now()
            today = local_date(now)
            start_number = (
                ServiceRequest.objects.filter(ticket_date=today).aggregate(n=Max("ticket_number"))[
                    "n"
                ]
                or 0
            )
            queue = [
                ServiceRequest(
                    ticket_date=today,
                    ticket_prefix="Y",
                    ticket_number=start_number + n + 1,
                    service_type=types[n % len(types)],
                    person=people[n * 7],
                    received_at=now - timedelta(seconds=30 * (QUEUE - n)),
                    status=RequestStatus.WAITING,
                    standard_minutes=15,
                )
                for n in range(QUEUE)
            ]
            year: list[ServiceRequest] = []
            days = (FISCAL_YEAR.end - FISCAL_YEAR.start).days + 1
            for n in range(YEAR_REQUESTS):
                day = FISCAL_YEAR.start + timedelta(days=n % days)
                received = bangkok(day, 8 + n % 8, n % 60)
                seconds = int(rng.lognormvariate(6.2, 0.5))
                year.append(
                    ServiceRequest(
                        ticket_date=day,
                        ticket_prefix="Y",
                        ticket_number=n // days + 1,
                        service_type=types[n % len(types)],
                        person=people[n % PEOPLE],
                        received_at=received,
                        started_at=received,
                        completed_at=received + timedelta(seconds=seconds),
                        service_seconds=seconds,
                        officer=officer,
                        status=RequestStatus.COMPLETED,
                        standard_minutes=15,
                    )
                )
            ServiceRequest.objects.bulk_create(queue + year, batch_size=2000)
        try:
            yield
        finally:
            _clean()


def _time(client: Any, path: str) -> Summary:
    assert client.get(path).status_code == 200  # warm
    samples = []
    for _ in range(REPEATS):
        with Timer() as timer:
            response = client.get(path)
        assert response.status_code == 200
        samples.append(timer.seconds)
    return Summary.of(samples)


def test_desk_screen_and_statistics_with_a_busy_office(
    busy_office: None, django_db_blocker: Any
) -> None:
    from tenants.models import Office

    with django_db_blocker.unblock():
        office = Office.objects.get(schema_name=SCHEMA)
        officer = office_client(office, "welfare_officer")
        viewer = office_client(office, "viewer")
        desk = _time(officer, "/desk/")
        queue = _time(officer, "/desk/queue/")
        board = _time(office_client(office), "/desk/display/board/")
        stats = _time(viewer, f"/desk/statistics/?year={FISCAL_YEAR.be_year}")
    rows = [
        ("desk screen (5,000 people, 150 in the queue)", desk),
        ("queue refresh (htmx)", queue),
        ("wall display board", board),
        (f"statistics, FY {FISCAL_YEAR.be_year} (10,000 requests)", stats),
    ]
    print_table(
        "One Stop desk: server time per request",
        SUMMARY_HEADERS,
        [row(label, s) for label, s in rows],
    )
    for label, summary in rows:
        record_summary("desk", label, summary, people=PEOPLE, queue=QUEUE, requests=YEAR_REQUESTS)
