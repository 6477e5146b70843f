""" "Collect now" with the broker down: a clear Thai message and nothing sent, never a 500; once
the broker is back, the same button sends the collection."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import central_client
from tests.support.broker import celery_broker
from tests.support.redis import RedisServer, running_redis

pytestmark = pytest.mark.django_db


@pytest.fixture
def redis_broker(tmp_path: Path) -> Iterator[RedisServer]:
    yield from running_redis(tmp_path / "redis")


def _messages(client: object) -> str:
    return client.get("/benchmarks/collection/").content.decode()  # type: ignore[attr-defined]


def test_collect_now_with_the_broker_down_says_so_and_sends_once_it_is_back(
    redis_broker: RedisServer,
) -> None:
    client = central_client("operator")
    with celery_broker(redis_broker.url(1)):
        redis_broker.stop()
        response = client.post("/benchmarks/collection/")
        assert response.status_code == 302
        page = _messages(client)
        assert "ระบบคิวงานเบื้องหลังไม่พร้อมใช้งานชั่วคราว" in page
        assert "เริ่มเก็บข้อมูล" not in page

        redis_broker.start()  # empty: nothing was queued while it was down
        assert redis_broker.llen("celery", db=1) == 0
        response = client.post("/benchmarks/collection/")
        assert response.status_code == 302
        assert "เริ่มเก็บข้อมูล" in _messages(client)
        assert redis_broker.llen("celery", db=1) == 1
