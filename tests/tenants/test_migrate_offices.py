"""The deploy's migration step migrates exactly the offices that are behind the template."""

from __future__ import annotations

import io
from collections.abc import Iterator

import pytest
from django.core.management import call_command
from django.db import connection
from psycopg import sql

from tenants.management.commands.migrate_offices import offices_behind
from tenants.models import Office
from tenants.services import office_create, template_schema

SPEC = {"name_th": "สำนักงานทดสอบการย้ายข้อมูล", "kind": "primary", "province": "ย้าย", "region": "west"}


@pytest.fixture
def two_more_offices(
    django_db_setup: None, django_db_blocker: pytest.FixtureRequest
) -> Iterator[list[Office]]:
    """Committed offices (the migration processes need to see them), removed afterwards."""
    with django_db_blocker.unblock():  # type: ignore[attr-defined]
        offices = [
            office_create(code=f"migrate{n}", area_number=n, **SPEC)  # type: ignore[arg-type]
            for n in (1, 2)
        ]
        try:
            yield offices
        finally:
            connection.set_schema_to_public()
            for office in offices:
                with connection.cursor() as cursor:
                    cursor.execute(
                        sql.SQL("DROP SCHEMA {} CASCADE").format(sql.Identifier(office.schema_name))
                    )
                Office.objects.filter(pk=office.pk).delete()


def _forget_migration(schema: str) -> None:
    """Make `schema` miss the newest accounts migration, with the table it creates."""
    with connection.cursor() as cursor:
        cursor.execute(
            sql.SQL("DROP TABLE {}").format(sql.Identifier(schema, "accounts_usersession"))
        )
        cursor.execute(
            sql.SQL("DELETE FROM {} WHERE app = 'accounts' AND name = '0003_usersession'").format(
                sql.Identifier(schema, "django_migrations")
            )
        )


def test_up_to_date_offices_are_left_alone(
    two_more_offices: list[Office], django_db_blocker: pytest.FixtureRequest
) -> None:
    with django_db_blocker.unblock():  # type: ignore[attr-defined]
        assert offices_behind(template_schema()) == []


def test_only_the_office_behind_is_migrated(
    two_more_offices: list[Office], django_db_blocker: pytest.FixtureRequest
) -> None:
    behind, current = two_more_offices
    with django_db_blocker.unblock():  # type: ignore[attr-defined]
        _forget_migration(behind.schema_name)
        assert offices_behind(template_schema()) == [behind.schema_name]
        call_command("migrate_offices", verbosity=0)
        connection.set_schema_to_public()
        assert offices_behind(template_schema()) == []


def test_an_office_behind_only_on_a_central_migration_is_recorded_not_migrated(
    two_more_offices: list[Office], django_db_blocker: pytest.FixtureRequest
) -> None:
    """A central app's migration runs nothing in an office schema (django-tenants' router):
    the deploy records it there with one statement instead of running `migrate` per office."""
    behind, current = two_more_offices
    with django_db_blocker.unblock():  # type: ignore[attr-defined]
        table = sql.Identifier(behind.schema_name, "django_migrations")
        with connection.cursor() as cursor:
            cursor.execute(
                sql.SQL("DELETE FROM {} WHERE app = 'central' AND name = %s").format(table),
                ["0011_benchmark_version"],
            )
        assert offices_behind(template_schema()) == [behind.schema_name]
        out = io.StringIO()
        call_command("migrate_offices", verbosity=1, stdout=out)
        connection.set_schema_to_public()
        assert "Offices behind the template: 0 of" in out.getvalue()
        assert "public-only migrations recorded in 1" in out.getvalue()
        assert offices_behind(template_schema()) == []
        with connection.cursor() as cursor:
            cursor.execute(sql.SQL("SELECT count(*) FROM {} WHERE app = 'central'").format(table))
            mine = cursor.fetchone()[0]
            cursor.execute(
                sql.SQL("SELECT count(*) FROM {} WHERE app = 'central'").format(
                    sql.Identifier(current.schema_name, "django_migrations")
                )
            )
            assert mine == cursor.fetchone()[0]
