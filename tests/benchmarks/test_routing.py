"""Benchmark 3: what tenant routing costs per request.

The same view, through Django's WSGI handler called directly (no test Client), three ways:

  (a) ours   - `alpha.localhost`, the project's middleware stack (OfficeRoutingMiddleware first)
  (b) none   - tenancy off: the stack without OfficeRoutingMiddleware, the office URLconf, and
               the connection's search_path fixed on the office before the round
  (c) stock  - django-tenants' TenantMainMiddleware in place of ours (a query per request)

`/healthz` is the main figure (liveness: since issue 10 it does no database work, so it and the
view that does none both show the worst case for relative overhead; the stock middleware still
queries the domain table on each). Rounds interleave the three (in rotating order)
to cancel drift. Queries per request are counted with CaptureQueriesContext.

Goal (issue): (a) within 10% of (b).
"""

from __future__ import annotations

import io
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from typing import Any

import psycopg
import pytest
from django.conf import settings
from django.core.handlers.wsgi import WSGIHandler
from django.db import connection
from django.test.utils import CaptureQueriesContext, override_settings

from tenants import routing
from tenants.models import Office
from tests.benchmarks._report import Summary, print_table, record
from tests.benchmarks.urls_nodb import NO_DB_PATH

pytestmark = pytest.mark.benchmark

ROUNDS = 20
REQUESTS_PER_ROUND = 250
WARMUP_PER_ROUND = 20
QUERY_COUNT_REQUESTS = 20
HOST = "alpha.localhost"

OURS = "tenants.middleware.OfficeRoutingMiddleware"
STOCK = "django_tenants.middleware.main.TenantMainMiddleware"

MODES = ("a_ours", "b_no_tenancy", "c_stock")
LABELS = {
    "a_ours": "(a) ours: OfficeRoutingMiddleware",
    "b_no_tenancy": "(b) no tenancy (search_path fixed)",
    "c_stock": "(c) stock TenantMainMiddleware",
}


def _settings_for(mode: str, urlconf: str) -> dict[str, Any]:
    middleware = list(settings.MIDDLEWARE)
    assert middleware[0] == OURS
    if mode == "b_no_tenancy":
        middleware = [m for m in middleware if m != OURS]
    elif mode == "c_stock":
        middleware = [STOCK if m == OURS else m for m in middleware]
    return {"MIDDLEWARE": middleware, "ROOT_URLCONF": urlconf}


def _environ(path: str) -> dict[str, Any]:
    return {
        "REQUEST_METHOD": "GET",
        "SCRIPT_NAME": "",
        "PATH_INFO": path,
        "QUERY_STRING": "",
        "SERVER_NAME": HOST,
        "SERVER_PORT": "80",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "HTTP_HOST": HOST,
        "REMOTE_ADDR": "127.0.0.1",
        "wsgi.version": (1, 0),
        "wsgi.url_scheme": "http",
        "wsgi.errors": sys.stderr,
        "wsgi.multithread": False,
        "wsgi.multiprocess": True,
        "wsgi.run_once": False,
    }


def _requester(handler: WSGIHandler, path: str) -> Callable[[], str]:
    base = _environ(path)
    status: list[str] = []

    def start_response(value: str, headers: list[tuple[str, str]], exc_info: Any = None) -> None:
        status.append(value)

    def request() -> str:
        environ = dict(base)
        environ["wsgi.input"] = io.BytesIO(b"")
        response = handler(environ, start_response)
        try:
            for _chunk in response:
                pass
        finally:
            response.close()  # sends request_finished, as a WSGI server does
        return status.pop()

    return request


def _on_the_wire(request: Callable[[], str]) -> tuple[str, list[str]]:
    """Make one request while libpq traces the connection; return its status and the statements
    sent to the server, one per round trip. Unlike CaptureQueriesContext this also sees what
    Django sends past its cursor wrappers (the CONN_HEALTH_CHECKS `SELECT 1`)."""
    connection.ensure_connection()
    raw = connection.connection
    with tempfile.TemporaryFile() as trace:
        raw.pgconn.trace(trace.fileno())
        raw.pgconn.set_trace_flags(psycopg.pq.Trace.SUPPRESS_TIMESTAMPS)
        try:
            status = request()
        finally:
            if not raw.closed:
                raw.pgconn.untrace()
        trace.seek(0)
        lines = trace.read().decode("utf-8", "replace").splitlines()
    # Frontend messages: a simple Query, or Parse…Sync of the extended protocol; each one
    # statement and one wait for the server.
    statements = []
    for line in lines:
        direction, _length, message, *rest = line.split("\t", 3)
        if direction == "F" and message in {"Query", "Parse"} and rest:
            # Query: "sql"; Parse: "statement name" "sql" ...
            text = rest[0].strip().removeprefix('"" ')
            statements.append(text[1:-1] if text[:1] == text[-1:] == '"' else text)
    return status, statements


def _run_comparison(path: str, urlconf: str, alpha: Office) -> dict[str, Any]:
    overrides = {mode: _settings_for(mode, urlconf) for mode in MODES}
    requesters: dict[str, Callable[[], str]] = {}
    for mode in MODES:
        with override_settings(**overrides[mode]):
            requesters[mode] = _requester(WSGIHandler(), path)

    def enter(mode: str) -> override_settings:
        ctx = override_settings(**overrides[mode])
        ctx.enable()
        if mode == "b_no_tenancy":
            connection.set_tenant(alpha)  # tenancy off: the office's search_path, fixed
        return ctx

    per_request: dict[str, list[float]] = {mode: [] for mode in MODES}
    for round_ in range(ROUNDS):
        order = MODES[round_ % 3 :] + MODES[: round_ % 3]
        for mode in order:
            ctx = enter(mode)
            try:
                request = requesters[mode]
                for _ in range(WARMUP_PER_ROUND):
                    assert request().startswith("200"), mode
                start = time.perf_counter()
                for _ in range(REQUESTS_PER_ROUND):
                    request()
                elapsed = time.perf_counter() - start
                status = request()
                assert status.startswith("200"), (mode, status)
                assert connection.schema_name == alpha.schema_name, mode
            finally:
                ctx.disable()
            per_request[mode].append(elapsed / REQUESTS_PER_ROUND)

    queries: dict[str, dict[str, Any]] = {}
    for mode in MODES:
        ctx = enter(mode)
        try:
            request = requesters[mode]
            request()  # settle
            counts, sets, trips = [], [], []
            connection_before = connection.connection
            for _ in range(QUERY_COUNT_REQUESTS):
                with CaptureQueriesContext(connection) as captured:
                    status, wire = _on_the_wire(request)
                    assert status.startswith("200")
                counts.append(len(captured.captured_queries))
                sets.append(
                    sum(
                        q["sql"].lstrip().upper().startswith("SET SEARCH_PATH")
                        for q in captured.captured_queries
                    )
                )
                trips.append(len(wire))
            queries[mode] = {
                "per_request": max(counts),
                "min_per_request": min(counts),
                "set_search_path_max": max(sets),
                "round_trips": max(trips),
                "same_connection": connection.connection is connection_before,
                "sample": [q["sql"] for q in captured.captured_queries],
                "wire_sample": wire,
            }
        finally:
            ctx.disable()
    return {"per_request": per_request, "queries": queries}


def _report(title: str, case: str, result: dict[str, Any]) -> None:
    per_request = result["per_request"]
    queries = result["queries"]
    base = per_request["b_no_tenancy"]
    rows = []
    for mode in MODES:
        summary = Summary.of(per_request[mode])
        rps = [1 / s for s in per_request[mode]]
        if mode == "b_no_tenancy":
            overhead = "-"
            overhead_value = 0.0
        else:
            # Paired by round: each round's (mode / none), then the median over rounds.
            overhead_value = statistics.median(
                m / b - 1 for m, b in zip(per_request[mode], base, strict=True)
            )
            overhead = f"{overhead_value * 100:+.1f}%"
        q = queries[mode]
        rows.append(
            [
                LABELS[mode],
                f"{statistics.median(rps):,.0f}",
                f"{summary.median * 1e6:.0f} µs",
                f"{summary.p90 * 1e6:.0f} µs",
                f"{summary.min * 1e6:.0f} µs",
                f"{summary.max * 1e6:.0f} µs",
                overhead,
                q["per_request"],
                q["round_trips"],
                q["set_search_path_max"],
                "yes" if q["same_connection"] else "no",
            ]
        )
        record(
            "routing",
            f"{case}:{mode}",
            unit="s_per_request",
            rounds=ROUNDS,
            requests_per_round=REQUESTS_PER_ROUND,
            median=round(summary.median, 9),
            p90=round(summary.p90, 9),
            min=round(summary.min, 9),
            max=round(summary.max, 9),
            rps_median=round(statistics.median(rps), 1),
            overhead_vs_none=round(overhead_value, 4),
            queries_per_request=q["per_request"],
            set_search_path_per_request=q["set_search_path_max"],
            round_trips_per_request=q["round_trips"],
            queries=q["sample"],
            wire=q["wire_sample"],
        )
    print_table(
        f"{title}: {ROUNDS} rounds x {REQUESTS_PER_ROUND} requests per case "
        f"(WSGIHandler direct, CONN_MAX_AGE={connection.settings_dict['CONN_MAX_AGE']}, "
        f"health checks={connection.settings_dict['CONN_HEALTH_CHECKS']})",
        [
            "case",
            "req/s",
            "median",
            "p90",
            "min",
            "max",
            "vs (b)",
            "queries/req",
            "round trips/req",
            "SET search_path/req",
            "conn kept",
        ],
        rows,
    )
    for mode in MODES:
        wire = [sql if len(sql) < 60 else sql[:56] + " ..." for sql in queries[mode]["wire_sample"]]
        print(f"  {mode} on the wire: {wire}")  # noqa: T201


def test_routing_overhead(django_db_setup: None, django_db_blocker: Any) -> None:
    with django_db_blocker.unblock():
        connection.set_schema_to_public()
        alpha = Office.objects.get(code="alpha")
        assert routing.office_for_host(HOST) == alpha

        healthz = _run_comparison("/healthz", settings.ROOT_URLCONF, alpha)
        no_db = _run_comparison(NO_DB_PATH, "tests.benchmarks.urls_nodb", alpha)
        connection.set_schema_to_public()

    _report("GET /healthz on alpha.localhost (liveness: no database work)", "healthz", healthz)
    _report(f"GET {NO_DB_PATH} on alpha.localhost (no database work)", "no_db", no_db)

    q = healthz["queries"]
    # The routing middleware switches the search_path at most once per request.
    assert q["a_ours"]["set_search_path_max"] <= 1
    assert no_db["queries"]["a_ours"]["per_request"] == 0
