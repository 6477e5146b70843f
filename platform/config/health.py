"""Readiness checks (`/readyz`), on django-health-check.

- `database`, `migrations` and `office` are critical: a process that fails one of them cannot
  serve, and answers 503 so that the orchestrator or the proxy sends traffic elsewhere.
- `cache` and `broker` degrade service without stopping it (the API's rate limits count per
  process, "Collect now" says the queue is down): they report `degraded`, with 200, so that a
  Redis outage never takes every web process out of rotation at once.

Every check runs in a thread of its own with its own database connection, closed at its end.
"""

from __future__ import annotations

import dataclasses
import io
import threading
import time
from typing import Any

from django.db import connections
from health_check.base import HealthCheck
from health_check.checks import Cache as CacheCheck
from health_check.exceptions import HealthCheckException, ServiceUnavailable, ServiceWarning

# A process's migrations cannot go back: once everything was found applied, look again only
# after this long (the migration graph costs tens of milliseconds to build).
MIGRATIONS_RECHECK_SECONDS = 60.0
_migrations_ok_at: float | None = None
_migrations_lock = threading.Lock()


@dataclasses.dataclass
class Cache(CacheCheck):
    """The shared cache (Redis) answers a write and a read; degraded, not failing, if not."""

    def __repr__(self) -> str:
        return "cache"

    async def run(self) -> None:
        try:
            await super().run()
        except HealthCheckException as error:
            raise ServiceWarning(f"cache unreachable ({error.message})") from error


@dataclasses.dataclass
class Database(HealthCheck):
    """The database answers `SELECT 1` on a connection of its own."""

    def __repr__(self) -> str:
        return "database"

    def run(self) -> None:
        from tenants.routing import UNREACHABLE

        try:
            with connections["default"].cursor() as cursor:
                cursor.execute("SELECT 1")
        except UNREACHABLE as error:
            raise ServiceUnavailable(f"database unreachable: {_first_line(error)}") from error
        finally:
            connections.close_all()


@dataclasses.dataclass
class Broker(HealthCheck):
    """The Celery broker accepts a connection; degraded, not failing, if not."""

    def __repr__(self) -> str:
        return "broker"

    def run(self) -> None:
        from config.celery import app
        from core.broker import BROKER_UNREACHABLE

        try:
            with app.connection_for_write() as connection:
                connection.ensure_connection(max_retries=1, timeout=2)
        except BROKER_UNREACHABLE as error:
            raise ServiceWarning(f"broker unreachable: {_first_line(error)}") from error


@dataclasses.dataclass
class Migrations(HealthCheck):
    """No migration of this release is missing from the public schema, from the office
    template, or from any office (one query for all offices, as `migrate_offices`)."""

    def __repr__(self) -> str:
        return "migrations"

    def run(self) -> None:
        global _migrations_ok_at
        with _migrations_lock:
            ok_at = _migrations_ok_at
            if ok_at is not None and time.monotonic() - ok_at < MIGRATIONS_RECHECK_SECONDS:
                return
            try:
                _migrations_check()
            finally:
                connections.close_all()
            _migrations_ok_at = time.monotonic()


def _migrations_check() -> None:
    from django.core.management.base import CommandError
    from django.db.migrations.executor import MigrationExecutor

    from core.schemas import tenant_connection
    from tenants.management.commands.migrate_offices import offices_behind
    from tenants.routing import UNREACHABLE
    from tenants.services import template_schema

    connection = tenant_connection()
    try:
        for schema in ("public", template_schema()):
            connection.set_schema(schema, include_public=False)
            executor = MigrationExecutor(connection)
            plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
            if plan:
                raise ServiceUnavailable(
                    f"{len(plan)} migration(s) not applied in {schema}, e.g. "
                    f"{plan[0][0].app_label}.{plan[0][0].name}: run migrate_offices"
                )
        connection.set_schema_to_public()
        try:
            behind = offices_behind(template_schema())
        except CommandError as error:
            raise ServiceUnavailable(str(error)) from error
        if behind:
            raise ServiceUnavailable(
                f"{len(behind)} office(s) behind the template, e.g. {behind[0]}: "
                "run migrate_offices"
            )
    except UNREACHABLE as error:
        raise ServiceUnavailable(f"database unreachable: {_first_line(error)}") from error
    finally:
        connection.set_schema_to_public()


_handler: Any = None
_handler_lock = threading.Lock()


def _wsgi_handler() -> Any:
    global _handler
    with _handler_lock:
        if _handler is None:
            from django.core.handlers.wsgi import WSGIHandler

            _handler = WSGIHandler()
        return _handler


@dataclasses.dataclass
class Office(HealthCheck):
    """An office host serves its home page end to end: the host map, the office's schema, the
    office URLconf, the templates and the static files' manifest (a release without
    `collectstatic` fails here, as every page would)."""

    def __repr__(self) -> str:
        return "office"

    def run(self) -> None:
        from tenants import routing

        try:
            try:
                host = routing.active_host()
            except routing.RoutingUnavailableError as error:
                raise ServiceUnavailable(str(error)) from error
            if host is None:
                return  # no office yet: nothing to serve
            status, body = _get(host, "/")
            if status != 200:
                raise ServiceUnavailable(f"GET / on {host} answered {status}")
            office = routing.office_for_host(host)
            if office is None or office.name_th not in body:
                raise ServiceUnavailable(f"GET / on {host} did not show the office's page")
        finally:
            connections.close_all()


def _get(host: str, path: str) -> tuple[int, str]:
    """GET `path` on `host` through the whole Django stack of this process, as gunicorn
    would hand it over from the proxy (over HTTPS)."""
    environ = {
        "REQUEST_METHOD": "GET",
        "PATH_INFO": path,
        "QUERY_STRING": "",
        "SERVER_NAME": host,
        "SERVER_PORT": "443",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "HTTP_HOST": host,
        "HTTP_X_FORWARDED_PROTO": "https",
        "HTTP_ACCEPT_LANGUAGE": "th",
        "REMOTE_ADDR": "127.0.0.1",
        "wsgi.input": io.BytesIO(b""),
        "wsgi.errors": io.StringIO(),
        "wsgi.url_scheme": "https",
        "wsgi.version": (1, 0),
        "wsgi.multithread": True,
        "wsgi.multiprocess": True,
        "wsgi.run_once": False,
    }
    started: list[str] = []

    def start_response(status: str, headers: list[tuple[str, str]], *_: Any) -> None:
        started.append(status)

    response = _wsgi_handler()(environ, start_response)
    try:
        body = b"".join(response).decode("utf-8", "replace")
    finally:
        response.close()
    return int(started[0].split()[0]), body


def _first_line(error: BaseException) -> str:
    text = str(error).strip()
    return text.splitlines()[0][:200] if text else type(error).__name__


READINESS_CHECKS = (Database, Migrations, Office, Cache, Broker)
