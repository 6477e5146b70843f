"""A cloned office schema is the same as one built by running every migration."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from django.core.management import call_command
from django.db import connection
from psycopg import sql

from tenants.cloning import clone_schema

MIGRATED, CLONED = "esa_cmpmigrated", "esa_cmpcloned"


def _same_expression(definition: object) -> object:
    """An index definition with casts, brackets and parentheses removed: PostgreSQL prints a
    re-created partial index's predicate with its casts placed differently (`ARRAY[('a'::varchar)
    ::text]` for `(ARRAY['a'::varchar])::text[]`), which means the same."""
    if not isinstance(definition, str):
        return definition
    without_casts = re.sub(r"::[a-z ]+(\[\])?", "", definition)
    return re.sub(r"[()\[\]]", "", without_casts)


def _describe(schema: str) -> dict[str, object]:
    """Everything that matters about a schema, with its own name written as `S`."""

    def rows(query: str) -> list[tuple[object, ...]]:
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL search_path = pg_catalog")
            cursor.execute(query, {"schema": schema})
            result = [
                tuple(str(v).replace(f"{schema}.", "S.") if v is not None else None for v in row)
                for row in cursor.fetchall()
            ]
        return sorted(result, key=repr)

    return {
        "columns": rows(
            "SELECT table_name, column_name, data_type, is_nullable, column_default, "
            "is_identity, identity_generation, character_maximum_length "
            "FROM information_schema.columns WHERE table_schema = %(schema)s"
        ),
        "constraints": rows(
            "SELECT c.relname, k.conname, k.contype, pg_get_constraintdef(k.oid) "
            "FROM pg_constraint k JOIN pg_class c ON c.oid = k.conrelid "
            "WHERE k.connamespace = %(schema)s::regnamespace"
        ),
        "indexes": [
            tuple(_same_expression(value) for value in row)
            for row in rows(
                "SELECT tablename, indexname, indexdef FROM pg_indexes "
                "WHERE schemaname = %(schema)s"
            )
        ],
    }


def _rows(schema: str, table: str, columns: str) -> list[tuple[object, ...]]:
    with connection.cursor() as cursor:
        cursor.execute(
            sql.SQL("SELECT {} FROM {} ORDER BY 1").format(
                sql.SQL(columns), sql.Identifier(schema, table)
            )
        )
        return cursor.fetchall()


@pytest.fixture
def schemas(django_db_setup: None, django_db_blocker: pytest.FixtureRequest) -> Iterator[None]:
    with django_db_blocker.unblock():  # type: ignore[attr-defined]
        try:
            with connection.cursor() as cursor:
                cursor.execute(sql.SQL("CREATE SCHEMA {}").format(sql.Identifier(MIGRATED)))
            call_command(
                "migrate_schemas", schema_name=MIGRATED, tenant=True, interactive=False, verbosity=0
            )
            connection.set_schema_to_public()
            clone_schema(MIGRATED, CLONED)
            yield
        finally:
            connection.set_schema_to_public()
            with connection.cursor() as cursor:
                for name in (MIGRATED, CLONED):
                    cursor.execute(
                        sql.SQL("DROP SCHEMA IF EXISTS {} CASCADE").format(sql.Identifier(name))
                    )


def test_clone_matches_a_migrated_schema(schemas: None) -> None:
    migrated, cloned = _describe(MIGRATED), _describe(CLONED)
    assert cloned["columns"] == migrated["columns"]
    assert cloned["constraints"] == migrated["constraints"]
    assert cloned["indexes"] == migrated["indexes"]
    assert len(migrated["indexes"]) > 10  # type: ignore[arg-type]
    for table, columns in [
        ("django_migrations", "app, name"),
        ("auth_group", "id, name"),
        ("django_content_type", "id, app_label, model"),
        ("auth_permission", "id, codename, content_type_id"),
    ]:
        assert _rows(CLONED, table, columns) == _rows(MIGRATED, table, columns)


def test_cloned_identities_continue_after_the_copied_rows(schemas: None) -> None:
    copied = [row[0] for row in _rows(CLONED, "auth_group", "id")]
    assert copied  # the role groups
    with connection.cursor() as cursor:
        cursor.execute(
            sql.SQL("INSERT INTO {} (name) VALUES ('a-new-group') RETURNING id").format(
                sql.Identifier(CLONED, "auth_group")
            )
        )
        new_id = cursor.fetchone()[0]  # type: ignore[index]
    assert new_id == max(copied) + 1  # type: ignore[operator]


def test_cloned_foreign_keys_point_into_the_clone(schemas: None) -> None:
    constraints = _describe(CLONED)["constraints"]
    foreign = [row for row in constraints if row[2] == "f"]  # type: ignore[union-attr]
    assert foreign
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_constraint WHERE connamespace = %s::regnamespace "
            "AND contype = 'f' AND confrelid::regclass::text LIKE %s",
            [CLONED, f"{MIGRATED}.%"],
        )
        assert cursor.fetchone()[0] == 0  # type: ignore[index]
