"""The API rate limit with Redis as the cache, and with that Redis stopped: calls go on and
are limited per process, never a 500; counting returns to Redis when it is back."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from unittest import mock

import pytest
from django.test import override_settings

from tenants.models import Office
from tests.api.test_clients import _api, _register
from tests.support.redis import RedisServer, running_redis

pytestmark = pytest.mark.django_db

MINUTE = 1_800_000_000.0  # the start of a rate window


@pytest.fixture
def redis_cache(tmp_path: Path) -> Iterator[RedisServer]:
    for server in running_redis(tmp_path / "redis"):
        caches = {
            "default": {
                "BACKEND": "django.core.cache.backends.redis.RedisCache",
                "LOCATION": server.url(0),
                "KEY_FUNCTION": "django_tenants.cache.make_key",
                "REVERSE_KEY_FUNCTION": "django_tenants.cache.reverse_key",
                "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
            }
        }
        with override_settings(CACHES=caches):
            yield server


def _keys(server: RedisServer) -> list[bytes]:
    import redis

    client = redis.Redis.from_url(server.url(0))
    try:
        return list(client.keys("*api-client-rate*"))
    finally:
        client.close()


def test_rate_limit_goes_on_per_process_while_redis_is_down(
    office_a: Office, redis_cache: RedisServer
) -> None:
    _, secret = _register(office_a, ["people:read"], rate=3)
    api = _api(office_a, secret)
    with mock.patch("api.throttling.time") as clock:
        clock.time.return_value = MINUTE + 5
        assert api.get("/api/v1/people/").status_code == 200
        assert len(_keys(redis_cache)) == 1  # counted in Redis

        redis_cache.stop()
        for _ in range(3):  # counted in this process from zero: the limit still holds
            assert api.get("/api/v1/people/").status_code == 200
        refused = api.get("/api/v1/people/")
        assert refused.status_code == 429
        assert refused.json()["code"] == "api.rate_limited"

        redis_cache.start()  # back, and empty
        clock.time.return_value = MINUTE + 65  # the next minute
        assert api.get("/api/v1/people/").status_code == 200
        assert len(_keys(redis_cache)) == 1  # counted in Redis again
