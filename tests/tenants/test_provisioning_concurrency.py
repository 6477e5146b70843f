"""Two operators creating the same office at the same instant: one office, one clear refusal."""

from __future__ import annotations

import threading
from collections.abc import Iterator

import pytest
from django.db import connection, connections
from psycopg import sql

from tenants.models import Office
from tenants.services import OfficeError, office_create

SPEC = {
    "code": "racer",
    "name_th": "สำนักงานแข่งกันสร้าง",
    "kind": "primary",
    "province": "แข่ง",
    "region": "central",
    "area_number": 1,
}


@pytest.fixture
def cleanup(django_db_setup: None, django_db_blocker: pytest.FixtureRequest) -> Iterator[None]:
    yield
    with django_db_blocker.unblock():  # type: ignore[attr-defined]
        connection.set_schema_to_public()
        with connection.cursor() as cursor:
            cursor.execute(sql.SQL("DROP SCHEMA IF EXISTS esa_racer CASCADE"))
        Office.objects.filter(code="racer").delete()


def test_simultaneous_creation_of_the_same_office_makes_one(
    cleanup: None, django_db_blocker: pytest.FixtureRequest
) -> None:
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def create() -> None:
        try:
            barrier.wait()
            office_create(**SPEC)  # type: ignore[arg-type]
            outcomes.append("created")
        except OfficeError as exc:
            outcomes.append(exc.code)
        except Exception as exc:  # noqa: BLE001 (reported by the assertion below)
            outcomes.append(f"crash: {exc!r}")
        finally:
            connections.close_all()

    with django_db_blocker.unblock():  # type: ignore[attr-defined]
        threads = [threading.Thread(target=create) for _ in range(2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=60)
        assert sorted(outcomes) == ["created", "office.duplicate_code"]
        assert Office.objects.filter(code="racer").count() == 1
