"""The deploy's migration step: public, then the office template, then only the offices behind.

`migrate_schemas` checks every office schema one by one (each check loads the migration graph and
scans the catalog), so a no-op deploy over 245 offices takes tens of seconds and grows faster
than linearly. Here one query compares every office's `django_migrations` with the template's,
and only the offices that miss something are migrated, in parallel processes.
"""

from __future__ import annotations

from typing import Any

from django.apps import apps
from django.conf import settings
from django.core.management.base import CommandError
from django.db import connection
from django_tenants.management.commands import SyncCommon
from django_tenants.management.commands.migrate_schemas import MigrateSchemasCommand
from django_tenants.migration_executors import get_executor
from django_tenants.utils import schema_exists
from psycopg import sql

from core.schemas import tenant_connection
from tenants.cloning import install_clone_function
from tenants.models import Office
from tenants.services import template_schema

# Offices compared with the template per query (see offices_behind).
OFFICES_PER_QUERY = 250


def offices_behind(template: str) -> list[str]:
    """Schemas of offices missing any migration the template has: one query per
    OFFICES_PER_QUERY offices.

    Raises CommandError if an office row has no schema (that needs a person, not a migration).
    """
    schemas = list(Office.objects.order_by("schema_name").values_list("schema_name", flat=True))
    if not schemas:
        return []
    with connection.cursor() as cursor:
        cursor.execute("SELECT nspname FROM pg_namespace WHERE nspname = ANY(%s)", [schemas])
        existing = {row[0] for row in cursor.fetchall()}
        missing = sorted(set(schemas) - existing)
        if missing:
            raise CommandError(f"Offices without a schema: {', '.join(missing)}")
        part = sql.SQL(
            "SELECT {name} AS schema_name, (SELECT count(*) FROM expected e WHERE NOT EXISTS "
            "(SELECT 1 FROM {table} m WHERE m.app = e.app AND m.name = e.name)) AS missing"
        )
        behind: list[str] = []
        # In batches: one statement locks (AccessShareLock) every table and index it reads
        # until it ends, and PostgreSQL's lock table holds max_locks_per_transaction ×
        # max_connections entries (6,400 by default) for the whole server; 2,450 offices in one
        # statement would need about 4,900 of them.
        for start in range(0, len(schemas), OFFICES_PER_QUERY):
            query = sql.SQL(
                "WITH expected AS (SELECT app, name FROM {template}) "
                "SELECT schema_name FROM ({parts}) behind WHERE missing > 0"
            ).format(
                template=sql.Identifier(template, "django_migrations"),
                parts=sql.SQL(" UNION ALL ").join(
                    part.format(
                        name=sql.Literal(schema), table=sql.Identifier(schema, "django_migrations")
                    )
                    for schema in schemas[start : start + OFFICES_PER_QUERY]
                ),
            )
            cursor.execute(query)
            behind += [row[0] for row in cursor.fetchall()]
        return behind


def public_only_apps() -> list[str]:
    """Labels of the apps in SHARED_APPS only: their migrations run in the public schema, and
    in an office schema django-tenants' router skips every operation and only records them."""
    names = set(settings.SHARED_APPS) - set(settings.TENANT_APPS)
    return sorted(config.label for config in apps.get_app_configs() if config.name in names)


def record_public_only_migrations(template: str, schemas: list[str]) -> int:
    """Record in each of `schemas` the public-only apps' migrations the template has and it
    misses, as `migrate` would (it runs none of their operations there); the number of
    offices that missed one.

    A new migration of a central app (a table of the public schema) leaves every office behind
    the template. Migrating 2,450 offices for it took minutes (each office's `migrate`
    inspects the catalog, 860,000 relations at that size) to write one row per office: one
    statement per office instead (issue 21)."""
    labels = public_only_apps()
    recorded = 0
    with connection.cursor() as cursor:
        for schema in schemas:
            cursor.execute(
                sql.SQL(
                    "INSERT INTO {office} (app, name, applied) "
                    "SELECT t.app, t.name, now() FROM {template} t WHERE t.app = ANY(%s) "
                    "AND NOT EXISTS (SELECT 1 FROM {office} m "
                    "WHERE m.app = t.app AND m.name = t.name)"
                ).format(
                    office=sql.Identifier(schema, "django_migrations"),
                    template=sql.Identifier(template, "django_migrations"),
                ),
                [labels],
            )
            recorded += cursor.rowcount > 0
    return recorded


class Command(MigrateSchemasCommand):
    help = (
        "Deploy step: migrate the public schema, the office template, and then, in parallel, "
        "only the offices whose migrations are behind the template's."
    )

    def add_arguments(self, parser: Any) -> None:
        super().add_arguments(parser)
        parser.add_argument(
            "--all-offices",
            action="store_true",
            help="Run migrate in every office, even those that look up to date.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        options["executor"] = options.get("executor") or "multiprocessing"
        options["interactive"] = False
        SyncCommon.handle(self, *args, **options)
        verbosity = int(options.get("verbosity", 1))

        get_executor(codename="standard")(self.args, self.options).run_migrations(
            tenants=["public"]
        )
        install_clone_function()  # CREATE OR REPLACE: every deploy ships the current version
        template = template_schema()
        if not schema_exists(template):
            with connection.cursor() as cursor:
                cursor.execute(sql.SQL("CREATE SCHEMA {}").format(sql.Identifier(template)))
        get_executor(codename="standard")(self.args, self.options).run_migrations(
            tenants=[template]
        )
        tenant_connection().set_schema_to_public()
        recorded = 0
        if options["all_offices"]:
            behind = list(Office.objects.values_list("schema_name", flat=True))
        else:
            behind = offices_behind(template)
            if behind:
                recorded = record_public_only_migrations(template, behind)
                behind = offices_behind(template) if recorded else behind
        total = Office.objects.count()
        if verbosity:
            self.stdout.write(
                f"Offices behind the template: {len(behind)} of {total}"
                + (f" (public-only migrations recorded in {recorded})" if recorded else "")
            )
        if behind:
            get_executor(codename=options["executor"])(self.args, self.options).run_migrations(
                tenants=behind
            )
