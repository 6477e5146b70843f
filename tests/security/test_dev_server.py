"""`make run`'s server (issue 11, point 7): a traversal attempt under /static/ is a 404, a dozen
browsers at once get no 500 (idle keep-alive connections hold no database connection), and a
database that refuses connections answers 503 with a Thai page, then service resumes."""

from __future__ import annotations

import collections
import http.client
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.db import connection
from psycopg import sql

from tests.support.rundev import RunDev, http_get, scratch_database

pytestmark = pytest.mark.worker

CLIENTS = 12
SOCKETS_PER_CLIENT = 6  # what a browser opens to one host
HOSTS = ("localhost", "phatthalung2.localhost", "phatthalung1.localhost")
PAGES = ("/", "/accounts/login/", "/healthz")


@pytest.fixture(scope="module")
def rundev(
    django_db_setup: None,
    django_db_blocker: pytest.FixtureRequest,
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[tuple[RunDev, str]]:
    with django_db_blocker.unblock(), scratch_database("security") as database:  # type: ignore[attr-defined]
        run = RunDev(database, Path(tmp_path_factory.mktemp("rundev")))
        try:
            run.start()
            yield run, database
        finally:
            run.stop()
            connection.close()


def _connections_to(database: str) -> int:
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM pg_stat_activity WHERE datname = %s", [database])
        return int(cursor.fetchone()[0])


@pytest.mark.parametrize(
    "path", ["/static/..%2fsettings.py", "/static/..%2f..%2fmanage.py", "/static/%2e%2e/x"]
)
def test_a_path_out_of_the_static_folders_is_a_404(rundev: tuple[RunDev, str], path: str) -> None:
    run, _ = rundev
    assert http_get(run.url("localhost", "/static/core/krucare.css"))[0] == 200
    assert http_get(run.url("phatthalung2.localhost", path))[0] == 404
    assert http_get(run.url("localhost", path))[0] == 404


def test_a_dozen_browsers_at_once_get_no_server_error(
    rundev: tuple[RunDev, str], django_db_blocker: pytest.FixtureRequest
) -> None:
    """Each client keeps its sockets open (keep-alive) until every client is done, as browsers
    do; the server must neither run out of database connections nor hold one per idle socket."""
    run, database = rundev
    statuses: collections.Counter[int | str] = collections.Counter()
    sockets: list[http.client.HTTPConnection] = []
    lock = threading.Lock()

    def browser(number: int) -> None:
        host = HOSTS[number % len(HOSTS)]
        for _ in range(SOCKETS_PER_CLIENT):
            socket_ = http.client.HTTPConnection("127.0.0.1", run.port, timeout=60)
            with lock:
                sockets.append(socket_)
            for page in PAGES:
                try:
                    socket_.request("GET", page, headers={"Host": f"{host}:{run.port}"})
                    response = socket_.getresponse()
                    response.read()
                    outcome: int | str = response.status
                except OSError as error:
                    outcome = type(error).__name__
                with lock:
                    statuses[outcome] += 1

    threads = [threading.Thread(target=browser, args=(n,)) for n in range(CLIENTS)]
    try:
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=120)
        with django_db_blocker.unblock():  # type: ignore[attr-defined]
            held = _connections_to(database)
    finally:
        for socket_ in sockets:
            socket_.close()
    assert sum(statuses.values()) == CLIENTS * SOCKETS_PER_CLIENT * len(PAGES)
    assert set(statuses) <= {200, 302}, statuses
    # The worker, beat and rundev itself hold a few; the 72 idle browser sockets hold none.
    assert held < CLIENTS, f"{held} database connections held by idle keep-alive sockets"


def test_a_database_refusing_connections_answers_503_then_service_resumes(
    rundev: tuple[RunDev, str], django_db_blocker: pytest.FixtureRequest
) -> None:
    run, database = rundev
    name = sql.Identifier(database)
    with django_db_blocker.unblock():  # type: ignore[attr-defined]
        assert http_get(run.url("phatthalung2.localhost", "/healthz"))[0] == 200  # map loaded
        with connection.cursor() as cursor:
            cursor.execute(sql.SQL("ALTER DATABASE {} ALLOW_CONNECTIONS false").format(name))
            cursor.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s",
                [database],
            )
        try:
            # A page that reads the database (the desk's wall display, open to anyone).
            status, body = http_get(run.url("phatthalung2.localhost", "/desk/display/"))
            assert status == 503, body[:500]
            assert "ระบบไม่ว่างชั่วคราว" in body
            assert "Traceback" not in body
            for host in ("localhost", "phatthalung2.localhost"):
                status, body = http_get(
                    run.url(host, "/api/v1/me/"),
                    {"Authorization": "Bearer kcc_0000_not-a-real-secret"},  # looked up: a query
                )
                assert status == 503
                assert '"code": "service_unavailable"' in body
                # Liveness touches no dependency: the process is alive, and says so.
                assert http_get(run.url(host, "/healthz"))[0] == 200
        finally:
            with connection.cursor() as cursor:
                cursor.execute(sql.SQL("ALTER DATABASE {} ALLOW_CONNECTIONS true").format(name))
    assert http_get(run.url("phatthalung2.localhost", "/desk/display/"))[0] == 200
