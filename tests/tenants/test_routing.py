"""The in-process host → office map: no query per request, the database is the source of truth,
and a change reaches every process within the recheck interval."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tenants import routing
from tenants.models import Domain, Office, RoutingGeneration
from tenants.services import office_set_active
from tests.conftest import office_client
from tests.support.database import other_session

pytestmark = pytest.mark.django_db

GENERATION_TABLE = RoutingGeneration._meta.db_table


def test_warm_map_routes_without_querying_offices_or_domains(office_a: Office) -> None:
    client = office_client(office_a)
    client.get("/healthz")  # warms the map
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/healthz").status_code == 200
    assert not [q for q in queries if "tenants_" in q["sql"]]
    assert len(queries) <= 2  # at most the search_path


@pytest.fixture
def alpha_suspended_elsewhere(office_a: Office) -> Iterator[None]:
    """Suspend alpha from another session (committed, as another process would), and put it
    back afterwards; the test's own session sees it at its next statement."""
    yield
    with other_session() as session:
        session.execute("UPDATE tenants_office SET is_active = true WHERE code = 'alpha'")


def _suspend_alpha_elsewhere() -> None:
    with other_session() as session:
        session.execute("UPDATE tenants_office SET is_active = false WHERE code = 'alpha'")


def test_a_change_committed_by_another_process_arrives_at_the_next_check(
    office_a: Office, settings: object, alpha_suspended_elsewhere: None
) -> None:
    settings.KRUCARE_ROUTING_RECHECK_SECONDS = 3600  # type: ignore[attr-defined]
    client = office_client(office_a)
    assert client.get("/").status_code == 200
    _suspend_alpha_elsewhere()
    assert client.get("/").status_code == 200  # the map is trusted until the next check
    settings.KRUCARE_ROUTING_RECHECK_SECONDS = 0  # type: ignore[attr-defined]
    assert client.get("/").status_code == 503


def test_recheck_interval_limits_how_often_the_generation_is_read(
    office_a: Office, settings: object
) -> None:
    settings.KRUCARE_ROUTING_RECHECK_SECONDS = 3600  # type: ignore[attr-defined]
    client = office_client(office_a)
    client.get("/")
    with CaptureQueriesContext(connection) as queries:
        for _ in range(5):
            client.get("/")
    assert not [q for q in queries if GENERATION_TABLE in q["sql"]]
    settings.KRUCARE_ROUTING_RECHECK_SECONDS = 0  # type: ignore[attr-defined]
    with CaptureQueriesContext(connection) as queries:
        client.get("/")
    generation_reads = [q for q in queries if GENERATION_TABLE in q["sql"]]
    assert len(generation_reads) == 1
    assert not [q for q in queries if "tenants_domain" in q["sql"]]  # unchanged: no reload


def test_invalidate_reloads_the_map_in_this_process(office_a: Office, settings: object) -> None:
    settings.KRUCARE_ROUTING_RECHECK_SECONDS = 3600  # type: ignore[attr-defined]
    client = office_client(office_a)
    assert client.get("/").status_code == 200
    Office.objects.filter(pk=office_a.pk).update(is_active=False)
    routing.invalidate()
    assert client.get("/").status_code == 503


@pytest.mark.parametrize(
    "write",
    [
        lambda office: office_set_active(office=office, active=False),
        lambda office: Office.objects.filter(pk=office.pk).update(name_en="Renamed"),
        lambda office: Domain.objects.filter(tenant=office).update(is_primary=True),
        lambda office: Domain.objects.create(domain="alpha-too.localhost", tenant=office),
        lambda office: Domain.objects.filter(tenant=office).delete(),
    ],
    ids=["service", "office-update", "domain-update", "domain-insert", "domain-delete"],
)
def test_every_write_to_offices_or_domains_moves_the_generation_in_its_transaction(
    office_a: Office, write: object
) -> None:
    before = routing.current_generation()
    assert before is not None
    write(office_a)  # type: ignore[operator]
    after = routing.current_generation()
    assert after is not None and after > before
    # Not visible to any other process before the change commits (the test's transaction
    # never does): they cannot reload a map that lacks the change under the new generation.
    with other_session() as session:
        row = session.execute(f"SELECT value FROM {GENERATION_TABLE} WHERE id = 1").fetchone()  # noqa: S608
    assert row is not None and row[0] == before


def test_a_process_reloads_when_the_generation_differs_whatever_its_value(
    office_a: Office, settings: object
) -> None:
    """Compared for difference, not order: a generation that goes back (a restored database)
    still reloads the map."""
    settings.KRUCARE_ROUTING_RECHECK_SECONDS = 0  # type: ignore[attr-defined]
    client = office_client(office_a)
    assert client.get("/").status_code == 200
    RoutingGeneration.objects.filter(pk=1).update(value=0)
    Office.objects.filter(pk=office_a.pk).update(is_active=False)  # the trigger makes it 1
    RoutingGeneration.objects.filter(pk=1).update(value=-5)
    assert client.get("/").status_code == 503
