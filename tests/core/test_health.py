"""Liveness (`/healthz`: no dependency) and readiness (`/readyz`: the database, migrations, an
office served end to end, and, as degraded only, the cache and the broker)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext

from config import health
from tenants.models import Office
from tests.conftest import central_client, office_client
from tests.support.database import other_session
from tests.support.redis import RedisServer, running_redis

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_migrations_verdict() -> Iterator[None]:
    health._migrations_ok_at = None
    yield
    health._migrations_ok_at = None


def _ready() -> tuple[int, dict[str, Any]]:
    client = central_client()
    # The office check's own request failing is what is tested: its exception is not ours.
    client.raise_request_exception = False
    response = client.get("/readyz")
    return response.status_code, response.json()


def test_liveness_touches_no_dependency(office_a: Office) -> None:
    client = office_client(office_a)
    client.get("/healthz")
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/healthz").json() == {"status": "ok"}
    assert [q for q in queries if not q["sql"].startswith("SET search_path")] == []


def test_readiness_checks_every_dependency_and_serves_an_office(office_a: Office) -> None:
    status, body = _ready()
    assert status == 200, body
    assert body["status"] == "ok"
    assert set(body["checks"]) == {"database", "migrations", "office", "cache", "broker"}
    assert all(check["status"] == "ok" for check in body["checks"].values())


def test_readiness_is_not_served_on_office_hosts(office_a: Office) -> None:
    assert office_client(office_a).get("/readyz").status_code == 404


@pytest.fixture
def template_migration_missing() -> Iterator[None]:
    """A migration the code has and the office template lacks (committed, as a deploy that
    skipped migrate_offices would leave it)."""
    with other_session() as session:
        row = session.execute(
            "DELETE FROM esa_template.django_migrations WHERE id = "
            "(SELECT max(id) FROM esa_template.django_migrations) RETURNING app, name, applied"
        ).fetchone()
        assert row is not None
        try:
            yield
        finally:
            session.execute(
                "INSERT INTO esa_template.django_migrations (app, name, applied) "
                "VALUES (%s, %s, %s)",
                row,
            )


def test_a_missing_migration_makes_the_process_unready(
    office_a: Office, template_migration_missing: None
) -> None:
    status, body = _ready()
    assert status == 503
    assert body["status"] == "unavailable"
    assert body["checks"]["migrations"]["status"] == "unavailable"
    assert "esa_template" in body["checks"]["migrations"]["error"]


def test_static_files_never_collected_make_the_office_check_fail(
    office_a: Office, tmp_path: Path
) -> None:
    """Production serves the manifest collectstatic writes; without it every page is a 500
    while liveness answers 200. Readiness sees it."""
    storages = {
        "default": {"BACKEND": "django_tenants.files.storage.TenantFileSystemStorage"},
        "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    }
    with override_settings(STORAGES=storages, STATIC_ROOT=tmp_path, WHITENOISE_USE_FINDERS=False):
        status, body = _ready()
    assert status == 503
    assert body["checks"]["office"]["status"] == "unavailable"
    assert "answered 500" in body["checks"]["office"]["error"]
    assert office_client(office_a).get("/healthz").status_code == 200


@pytest.fixture
def stopped_redis(tmp_path: Path) -> Iterator[RedisServer]:
    for server in running_redis(tmp_path / "redis"):
        server.stop()
        yield server


def test_a_cache_outage_is_reported_as_degraded_and_keeps_the_process_ready(
    office_a: Office, stopped_redis: RedisServer
) -> None:
    caches = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": stopped_redis.url(0),
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
    }
    with override_settings(CACHES=caches):
        status, body = _ready()
    assert status == 200
    assert body["status"] == "degraded"
    assert body["checks"]["cache"]["status"] == "degraded"
    assert body["checks"]["database"]["status"] == "ok"
