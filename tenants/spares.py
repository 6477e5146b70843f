"""Spare office schemas, cloned from the template ahead of need.

Creating an office is the DDL of its ~630 relations (400 of them indexes, each built and
fsynced): about half a second on PostgreSQL 15, whatever the number of offices (issue 21). A
spare is a schema cloned from the template before anyone asks; `office_create` renames a ready
one to the new office's schema (`ALTER SCHEMA … RENAME`, a catalog update) and clones only when
none is ready. Beat's `spares_refill_task` keeps `KRUCARE_SPARE_OFFICES` of them.

A spare is ready when its `django_migrations` holds exactly the template's rows: a deploy that
migrates the template leaves the spares stale, they are never used, and the next refill drops
them and clones new ones. A spare is never an office: it has no `Office` row, no domain, and a
name outside the offices' `esa_` prefix, so routing, the deploy's migration step, backups and
the collection never see it; it holds exactly what the template holds (no office's data).

What makes the rename safe: a clone holds tables, their indexes, constraints and identity
sequences only (`tenants.cloning`), all tied to each other by oid, none naming its schema.
"""

from __future__ import annotations

import secrets

from django.conf import settings
from django.db import connection, transaction
from psycopg import sql

from tenants.cloning import clone_schema

SPARE_PREFIX = "spare_office_"


def _spare_schemas() -> list[str]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nspname FROM pg_namespace WHERE nspname LIKE %s ORDER BY nspname",
            [SPARE_PREFIX.replace("_", "\\_") + "%"],
        )
        return [row[0] for row in cursor.fetchall()]


def _matches_template(schema: str, template: str) -> bool:
    """Whether `schema` has exactly the template's migrations (one query)."""
    with connection.cursor() as cursor:
        cursor.execute(
            sql.SQL(
                "SELECT NOT EXISTS ((SELECT app, name FROM {a} EXCEPT SELECT app, name FROM {b}) "
                "UNION ALL (SELECT app, name FROM {b} EXCEPT SELECT app, name FROM {a}))"
            ).format(
                a=sql.Identifier(schema, "django_migrations"),
                b=sql.Identifier(template, "django_migrations"),
            )
        )
        row = cursor.fetchone()
        return bool(row and row[0])


def spares(template: str) -> tuple[list[str], list[str]]:
    """The spare schemas, as (ready, stale)."""
    ready: list[str] = []
    stale: list[str] = []
    for schema in _spare_schemas():
        (ready if _matches_template(schema, template) else stale).append(schema)
    return ready, stale


def spare_claim(*, template: str, target: str) -> bool:
    """Rename a ready spare to `target` (in the caller's transaction, which holds the
    provisioning lock); False when none is ready."""
    ready, _stale = spares(template)
    if not ready:
        return False
    with connection.cursor() as cursor:
        cursor.execute(
            sql.SQL("ALTER SCHEMA {} RENAME TO {}").format(
                sql.Identifier(ready[0]), sql.Identifier(target)
            )
        )
    return True


def spares_refill(*, template: str, count: int | None = None) -> tuple[int, int]:
    """Drop the stale spares and clone new ones until `count` (default
    KRUCARE_SPARE_OFFICES) are ready; (cloned, dropped). Each in its own transaction, without
    the provisioning lock: a spare being cloned is invisible until it commits."""
    wanted = settings.KRUCARE_SPARE_OFFICES if count is None else count
    ready, stale = spares(template)
    for schema in stale:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(sql.SQL("DROP SCHEMA {} CASCADE").format(sql.Identifier(schema)))
    cloned = 0
    for _ in range(max(0, wanted - len(ready))):
        with transaction.atomic():
            clone_schema(template, f"{SPARE_PREFIX}{secrets.token_hex(6)}")
        cloned += 1
    return cloned, len(stale)
