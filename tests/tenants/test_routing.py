"""The in-process host → office map: no query per request, and changes reach every process."""

from __future__ import annotations

import pytest
from django.core.cache import caches
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tenants import routing
from tenants.models import Office
from tests.conftest import office_client

pytestmark = pytest.mark.django_db


def test_warm_map_routes_without_querying_offices_or_domains(office_a: Office) -> None:
    client = office_client(office_a)
    client.get("/healthz")  # warms the map
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/healthz").status_code == 200
    assert not [q for q in queries if "tenants_" in q["sql"]]
    assert len(queries) <= 2  # search_path and the health check's SELECT 1


def test_a_change_made_by_another_process_arrives_through_the_shared_generation(
    office_a: Office, settings: object
) -> None:
    settings.KRUCARE_ROUTING_RECHECK_SECONDS = 0  # type: ignore[attr-defined]
    client = office_client(office_a)
    assert client.get("/").status_code == 200
    # Another process suspends the office: the row changes and it bumps the generation, but
    # this process's map is untouched until it sees the new generation.
    Office.objects.filter(pk=office_a.pk).update(is_active=False)
    assert client.get("/").status_code == 200  # still the cached map
    platform_cache = caches["platform"]
    platform_cache.set(
        routing.GENERATION_KEY, (platform_cache.get(routing.GENERATION_KEY) or 0) + 1
    )
    assert client.get("/").status_code == 503


def test_recheck_interval_limits_how_often_the_generation_is_read(
    office_a: Office, settings: object, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings.KRUCARE_ROUTING_RECHECK_SECONDS = 3600  # type: ignore[attr-defined]
    client = office_client(office_a)
    client.get("/")
    reads = []
    original = caches["platform"].get

    def counting_get(key: str, *args: object, **kwargs: object) -> object:
        reads.append(key)
        return original(key, *args, **kwargs)

    monkeypatch.setattr(caches["platform"], "get", counting_get)
    for _ in range(5):
        client.get("/")
    assert routing.GENERATION_KEY not in reads


def test_invalidate_reloads_the_map_in_this_process(office_a: Office) -> None:
    client = office_client(office_a)
    assert client.get("/").status_code == 200
    Office.objects.filter(pk=office_a.pk).update(is_active=False)
    routing.invalidate()
    assert client.get("/").status_code == 503
