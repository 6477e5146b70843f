"""Connection pooling for real (issue 21): PgBouncer in SESSION mode between the production
settings and PostgreSQL.

A pgbouncer of the test's own (tests.support.pgbouncer) serves a scratch database with at most
POOL_SIZE server connections. Everything goes through it, as deploy/README.md tells an
operator: the deploy step, the seeding, gunicorn with WEB_WORKERS workers and a Celery worker
with WORKER_CONCURRENCY processes, Django closing its connection after each request and task
(DATABASE_CONN_MAX_AGE=0: connecting to pgbouncer is cheap, and a persistent client
connection would keep a server connection to itself in session mode). While browsers hit every
office and the worker collects every office's indicators, the admin console (SHOW POOLS,
SHOW SERVERS) and PostgreSQL itself (pg_stat_activity) are polled: the server connections never
exceed the pool while more clients than that want one, every page shows its own office (each
server connection is handed on with DISCARD ALL, and django-tenants sets the search_path on
each new client connection), and every collection succeeds.

And why transaction mode is not used: there, one client's `SET search_path` stays on the server
connection that the next client's transaction gets (shown with two plain clients).
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import psycopg
import pytest
from django.db import connection

from tests.support.pgbouncer import PgBouncer
from tests.support.production import (
    BASE_DOMAIN,
    Browser,
    Site,
    production_env,
    seed_central,
    seed_office,
)
from tests.support.redis import RedisServer
from tests.support.rundev import scratch_database

pytestmark = pytest.mark.worker

POOL_SIZE = 3
WEB_WORKERS = 5
WORKER_CONCURRENCY = 3
BROWSERS = 12
REQUESTS_PER_BROWSER = 12
PROBE = "krucare-test-probe"  # the test's own direct connections to the pooled database
OFFICES = {
    "pool1": "สำนักงานเขตพื้นที่การศึกษาประถมศึกษาทดสอบพูลหนึ่ง",
    "pool2": "สำนักงานเขตพื้นที่การศึกษาประถมศึกษาทดสอบพูลสอง",
    "pool3": "สำนักงานเขตพื้นที่การศึกษาประถมศึกษาทดสอบพูลสาม",
    "pool4": "สำนักงานเขตพื้นที่การศึกษาประถมศึกษาทดสอบพูลสี่",
}


@dataclass
class Pooled:
    site: Site
    bouncer: PgBouncer
    database: str


@pytest.fixture(scope="module")
def pooled(
    django_db_setup: None,
    django_db_blocker: Any,
    tmp_path_factory: pytest.TempPathFactory,
    static_root: Path,
) -> Iterator[Pooled]:
    folder = tmp_path_factory.mktemp("pgbouncer")
    redis = RedisServer(folder / "redis")
    with django_db_blocker.unblock(), scratch_database("pooled") as database:
        bouncer = PgBouncer(
            upstream_url=os.environ["DATABASE_URL"],
            database=database,
            pool_mode="session",
            pool_size=POOL_SIZE,
        )
        site = Site(
            env=production_env(
                database_url=bouncer.url(),
                redis=redis,
                folder=folder,
                static_root=static_root,
                DATABASE_CONN_MAX_AGE="0",
                TENANT_MULTIPROCESSING_MAX_PROCESSES="2",
            ),
            folder=folder,
        )
        try:
            bouncer.start()
            redis.start()
            migrated = site.manage("migrate_offices")
            assert migrated.returncode == 0, migrated.stderr[-3000:]
            for area, (code, name) in enumerate(OFFICES.items(), start=1):
                seed_office(site, code, name, area=area)
            seed_central(site)
            site.start_web(workers=WEB_WORKERS)
            site.start_worker(concurrency=WORKER_CONCURRENCY)
            yield Pooled(site, bouncer, database)
        finally:
            site.stop_all()
            redis.stop()
            bouncer.stop()


@dataclass
class Peaks:
    """Highest figures seen while polling."""

    server_connections: int = 0  # pgbouncer's SHOW SERVERS rows for the database
    pool_servers: int = 0  # SHOW POOLS: sv_active + sv_idle + sv_used + sv_tested + sv_login
    clients: int = 0  # SHOW POOLS: cl_active + cl_waiting
    waiting: int = 0  # SHOW POOLS: cl_waiting
    backends: int = 0  # PostgreSQL's pg_stat_activity for the database
    polls: int = 0
    errors: list[str] = field(default_factory=list)


class Poller:
    """Polls the admin console and pg_stat_activity (directly, not through pgbouncer) from a
    thread of its own."""

    def __init__(self, bouncer: PgBouncer, database: str) -> None:
        self.bouncer = bouncer
        self.database = database
        self.peaks = Peaks()
        self._stop = threading.Event()
        params = connection.get_connection_params()
        params.pop("cursor_factory", None)
        params.pop("context", None)
        self._params = params
        self._thread = threading.Thread(target=self._poll, daemon=True)

    def _poll(self) -> None:
        peaks = self.peaks
        with psycopg.connect(**self._params, autocommit=True) as direct:
            while not self._stop.is_set():
                try:
                    pool = self.bouncer.pool()
                    servers = self.bouncer.servers()
                except psycopg.Error as error:
                    peaks.errors.append(str(error))
                    continue
                row = direct.execute(
                    "SELECT count(*) FROM pg_stat_activity WHERE datname = %s "
                    "AND backend_type = 'client backend' AND application_name <> %s",
                    [self.database, PROBE],
                ).fetchone()
                peaks.backends = max(peaks.backends, int(row[0]) if row else 0)
                peaks.server_connections = max(peaks.server_connections, len(servers))
                if pool:
                    peaks.pool_servers = max(
                        peaks.pool_servers,
                        sum(
                            int(pool[k])
                            for k in ("sv_active", "sv_idle", "sv_used", "sv_tested", "sv_login")
                        ),
                    )
                    peaks.clients = max(
                        peaks.clients, int(pool["cl_active"]) + int(pool["cl_waiting"])
                    )
                    peaks.waiting = max(peaks.waiting, int(pool["cl_waiting"]))
                peaks.polls += 1
                self._stop.wait(0.02)

    def __enter__(self) -> Poller:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join(timeout=30)


def _browse(site: Site, browser_number: int) -> list[str]:
    """One browser's requests across the offices; the problems found (none expected)."""
    problems = []
    codes = list(OFFICES)
    for n in range(REQUESTS_PER_BROWSER):
        code = codes[(browser_number + n) % len(codes)]
        response = Browser(site, f"{code}.{BASE_DOMAIN}", timeout=90).get("/")
        if response.status != 200:
            problems.append(f"{code}: {response.status}")
        elif OFFICES[code] not in response.body or any(
            name in response.body for other, name in OFFICES.items() if other != code
        ):
            problems.append(f"{code}: another office's page")
    return problems


def _collected(database: str) -> int:
    params = connection.get_connection_params()
    params.pop("cursor_factory", None)
    params.pop("context", None)
    params["dbname"] = database
    params["application_name"] = PROBE  # not counted by the Poller
    with psycopg.connect(**params, autocommit=True) as direct:
        row = direct.execute(
            "SELECT count(*) FROM central_collection WHERE last_success_at IS NOT NULL "
            "AND last_error = ''"
        ).fetchone()
    return int(row[0]) if row else 0


def test_session_pooling_bounds_server_connections_under_web_and_worker_load(
    pooled: Pooled,
) -> None:
    site, bouncer = pooled.site, pooled.bouncer
    assert bouncer.show("CONFIG")  # the admin console answers
    mode = {row["key"]: row["value"] for row in bouncer.show("CONFIG")}["pool_mode"]
    assert mode == "session"
    with Poller(bouncer, pooled.database) as poller:
        # The nightly collection, sent now: one task per office for the worker's processes.
        sent = site.python("from central.tasks import collect_all_task\ncollect_all_task.delay()")
        assert sent.returncode == 0, sent.stderr[-3000:]
        with ThreadPoolExecutor(max_workers=BROWSERS) as pool:
            found = list(pool.map(lambda number: _browse(site, number), range(BROWSERS)))
        problems = [problem for problems_of_one in found for problem in problems_of_one]
        deadline = time.monotonic() + 120
        while _collected(pooled.database) < len(OFFICES) and time.monotonic() < deadline:
            time.sleep(0.5)
        collected = _collected(pooled.database)
    peaks = poller.peaks
    print(  # noqa: T201
        f"\n[pgbouncer session mode, pool {POOL_SIZE}] {WEB_WORKERS} web workers, "
        f"{WORKER_CONCURRENCY} worker processes, {BROWSERS} browsers: peaks {peaks}"
    )
    assert not problems, problems[:5]
    assert collected == len(OFFICES)
    assert peaks.polls > 10, peaks
    # More clients wanted a server connection than the pool has, at some moment...
    assert peaks.clients > POOL_SIZE, peaks
    # ...and the server connections stayed within the pool, seen from both sides.
    assert 0 < peaks.server_connections <= POOL_SIZE, peaks
    assert peaks.pool_servers <= POOL_SIZE, peaks
    assert 0 < peaks.backends <= POOL_SIZE, peaks
    log = bouncer.log()
    assert "query_wait_timeout" not in log and "no more connections allowed" not in log


def test_transaction_mode_hands_one_clients_search_path_to_another(
    django_db_setup: None, django_db_blocker: Any
) -> None:
    """Why deploy/README.md says SESSION mode: in transaction mode a server connection goes to
    whichever client's transaction comes next, with the `SET search_path` another client left
    on it. django-tenants sets the search path once per client connection (and skips it while
    the schema does not change), so an office's queries would run in another office's schema."""
    with django_db_blocker.unblock(), scratch_database("txpool") as database:
        bouncer = PgBouncer(
            upstream_url=os.environ["DATABASE_URL"],
            database=database,
            pool_mode="transaction",
            pool_size=1,
        )
        try:
            bouncer.start()
            with (
                psycopg.connect(bouncer.url(), autocommit=True) as office_a,
                psycopg.connect(bouncer.url(), autocommit=True) as office_b,
            ):
                office_b.execute("SET search_path = esa_office_b, public")
                row = office_a.execute("SHOW search_path").fetchone()
                assert row is not None
                assert row[0] == "esa_office_b, public"  # a's session now reads b's schema
        finally:
            bouncer.stop()
