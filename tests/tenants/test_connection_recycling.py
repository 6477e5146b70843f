"""Connections recycled after touching KRUCARE_CONN_MAX_SCHEMAS schemas (issue 21).

Each PostgreSQL server process caches the catalog entries of every table it has used and frees
them only when it ends, and each office's tables are relations of their own: a persistent
connection serving many offices would hold the catalog of them all (`make bench-scale` measures
it). tenants.postgresql_backend counts the schemas a connection set its search_path to and
closes it at the next point where Django may close a connection, outside a transaction.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from typing import Any

import pytest
from django.core.handlers.wsgi import WSGIHandler
from django.db import connection, transaction
from django.test import override_settings

from central.benchmarks import Collection, IndicatorValue
from central.collection import collect_offices
from tenants.models import Office
from tenants.postgresql_backend.base import recycle_if_worn


@pytest.fixture(autouse=True)
def _outside_a_test_transaction(
    django_db_setup: None, django_db_blocker: Any, monkeypatch: pytest.MonkeyPatch
) -> Iterator[None]:
    """Outside a test transaction (the recycling happens only outside one), with persistent
    connections as in production (the test settings close them after each request: CONN_MAX_AGE
    0), from the next connection on. Writes nothing but collections, removed again."""
    monkeypatch.setitem(connection.settings_dict, "CONN_MAX_AGE", 600)
    with django_db_blocker.unblock():
        connection.close()
        try:
            yield
        finally:
            connection.set_schema_to_public()
            offices = Office.objects.filter(code__in=["alpha", "beta"])
            IndicatorValue.objects.filter(office__in=offices).delete()
            Collection.objects.filter(office__in=offices).delete()
            connection.close()


@pytest.fixture
def office_a() -> Office:
    return Office.objects.get(code="alpha")


@pytest.fixture
def office_b() -> Office:
    return Office.objects.get(code="beta")


def _backend_pid() -> int:
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        return int(cursor.fetchone()[0])


def _touch(office: Office) -> None:
    connection.set_tenant(office)
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM django_migrations")
    connection.set_schema_to_public()


@override_settings(KRUCARE_CONN_MAX_SCHEMAS=3)
def test_a_connection_that_touched_the_limit_is_closed_and_the_next_query_opens_one(
    office_a: Office, office_b: Office
) -> None:
    connection.close()
    first = _backend_pid()  # public
    _touch(office_a)
    connection.close_if_unusable_or_obsolete()
    assert connection.connection is not None  # public and one office: below the limit
    assert connection.schemas_touched == {"public", office_a.schema_name}  # type: ignore[attr-defined]
    _touch(office_b)
    connection.close_if_unusable_or_obsolete()
    assert connection.connection is None
    assert _backend_pid() != first
    assert connection.schemas_touched == {"public"}  # type: ignore[attr-defined]


@override_settings(KRUCARE_CONN_MAX_SCHEMAS=3)
def test_never_inside_a_transaction(office_a: Office, office_b: Office) -> None:
    connection.close()
    with transaction.atomic():
        first = _backend_pid()
        _touch(office_a)
        _touch(office_b)
        assert not recycle_if_worn(connection)
        assert _backend_pid() == first
    assert recycle_if_worn(connection)  # after it
    assert connection.connection is None


@override_settings(KRUCARE_CONN_MAX_SCHEMAS=0)
def test_zero_turns_the_limit_off(office_a: Office, office_b: Office) -> None:
    connection.close()
    first = _backend_pid()
    _touch(office_a)
    _touch(office_b)
    connection.close_if_unusable_or_obsolete()
    assert _backend_pid() == first


def _get(handler: WSGIHandler, host: str) -> str:
    """One request as a WSGI server makes it (Django's test Client would disconnect the
    connection handling of request_started/request_finished)."""
    environ = {
        "REQUEST_METHOD": "GET",
        "PATH_INFO": "/",
        "SERVER_NAME": host,
        "SERVER_PORT": "80",
        "HTTP_HOST": host,
        "wsgi.input": io.BytesIO(b""),
        "wsgi.url_scheme": "http",
    }
    statuses: list[str] = []
    response = handler(environ, lambda status, headers, exc_info=None: statuses.append(status))
    try:
        b"".join(response)
    finally:
        response.close()  # request_finished
    return statuses[0]


@override_settings(KRUCARE_CONN_MAX_SCHEMAS=3, ALLOWED_HOSTS=["*"])
def test_requests_to_many_offices_move_to_a_fresh_connection(
    office_a: Office, office_b: Office
) -> None:
    """A persistent connection (CONN_MAX_AGE > 0) serving office after office is replaced at
    the end of the request that reached the limit (Django's request_finished)."""
    handler = WSGIHandler()
    pids = []
    for office in (office_a, office_b, office_a):
        assert _get(handler, f"{office.code}.localhost").startswith("200")
        pids.append(connection.connection.info.backend_pid if connection.connection else None)
    # public and one office: kept; a second office makes three: closed at the end of its
    # request; the next request opens a new one.
    assert pids[0] is not None and pids[1] is None and pids[2] not in (None, pids[0])


@override_settings(KRUCARE_CONN_MAX_SCHEMAS=3)
def test_collecting_many_offices_recycles_between_offices(
    office_a: Office, office_b: Office
) -> None:
    connection.close()
    first = _backend_pid()
    outcomes = collect_offices([office_a.pk], workers=1)
    assert all(outcome.ok for outcome in outcomes)
    assert _backend_pid() == first  # public and one office
    outcomes = collect_offices([office_b.pk], workers=1)
    assert all(outcome.ok for outcome in outcomes)
    assert _backend_pid() != first
