"""`make bench-scale` (issue 21): KruCare at 245, 1,000 and 2,450 offices on one PostgreSQL.

Not a pytest module (pytest collects `test_*.py` only, and `make test` ignores tests/benchmarks):
the 2,450-office build takes about half an hour, so it runs only when asked:

    make bench-scale                      # 245, 1,000, 2,450 offices, then drops the database
    .venv/bin/python tests/benchmarks/scale.py --points 245 --keep   # a quicker look

The database: a server's, by default the machine's PostgreSQL at 127.0.0.1:5432 (trust
authentication) in a database of its own, `krucare_scale`, created here and dropped at the
end (`--keep` keeps it; `--database-url` or KRUCARE_SCALE_DATABASE_URL points elsewhere).
Not the embedded one: its server runs with the settings of a laptop (a few MB of
shared_buffers, its own `max_connections`) and lives under the worktree's `.var`, while these
figures are about a server configured as production's would be; and the 2,450 schemas (about
370,000 relations) would sit in the worktree.

Offices come from `synthesize_offices` (`syn0001`…, the real 245 first), with a small people
scale (`--people-scale`, 0.05: 40-200 people per office and their work of two fiscal years) so
that 2,450 of them fit in the time; what is measured depends on the number of offices, not on
their size (the 245-office figures at full size are the README's). At each point, in order:

- creating one more office (`office_create`, 5 times with a spare schema ready as beat keeps
  them, 5 times with none, i.e. cloning the template; the offices are dropped again);
- the deploy's no-op migration step (`migrate_offices`, every office up to date, 3 times);
- collecting every office's indicators into empty central tables with 1, 2 and 4 worker
  processes (`collect_offices`; production's prefork Celery workers are processes too);
- the central pages (server time through Django's test client, the analyst signed in): the
  first request after a collection (comparisons rebuilt) and the median of 10 after it;
- memory: a web worker (a process of its own running the WSGI handler under these settings,
  persistent connection as in production) after serving each office's public page across 100
  and 1,000 offices, its RSS and PSS and those of the PostgreSQL server process behind its
  connection, with the per-connection schema limit (KRUCARE_CONN_MAX_SCHEMAS, 100) and
  without it (0);
- backing up one office (`office_backup`: pg_dump of its schema, its public rows, its files).

`--subsets 245,1000` then collects and reads the pages of only the first 245 and 1,000 offices
with every schema still in the catalog (figures marked `offices_in_catalog`): the smaller
counts measured without building them again.

Every figure carries the load average of the machine when it was taken (other work on the
machine slows everything: read the figures with it). Results: printed tables, one JSON line
per figure in `.var/bench/results.jsonl` (benchmark `scale_*`), and the whole run in
`.var/bench/scale-<run>.json`. Nothing asserts on time; the script stops if something is wrong
(an office missing, a page not 200, a collection that failed).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parents[2]
sys.path[:0] = [str(ROOT / "platform"), str(ROOT)]

DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/krucare_scale"
POINTS = (245, 1000, 2450)
PREFIX = "syn"
MEMORY_OFFICES = (100, 1000)
CENTRAL_HOST = "localhost"
PAGE_REPEATS = 10
CREATE_REPEATS = 5
DEPLOY_REPEATS = 3
BACKUP_REPEATS = 3
WORKERS = (1, 2, 4)

# The web-worker process of the memory figure: Django's WSGI handler under the same settings,
# each office's public page once (as requests from many offices reach one gunicorn worker),
# then its own memory and that of the server process behind its connection.
MEMORY_CHILD = r"""
import io, json, sys
import django
django.setup()
from django.core.handlers.wsgi import WSGIHandler
from django.db import connection
from tenants.models import Domain

def memory(pid):
    figures = {}
    with open(f"/proc/{pid}/smaps_rollup") as f:
        for line in f:
            key, _, rest = line.partition(":")
            if key in ("Rss", "Pss"):
                figures[key.lower() + "_mb"] = round(int(rest.split()[0]) / 1024, 1)
    return figures

count = int(sys.argv[1])
from django.db.models import Q
prefixes = Q()
for prefix in sys.argv[2].split(","):
    prefixes |= Q(tenant__code__startswith=prefix)
hosts = list(
    Domain.objects.filter(prefixes).order_by("tenant__code")
    .values_list("domain", flat=True)[:count]
)
assert len(hosts) == count, (len(hosts), count)
handler = WSGIHandler()
statuses = []
backends = set()

def get(host, path="/"):
    environ = {
        "REQUEST_METHOD": "GET", "SCRIPT_NAME": "", "PATH_INFO": path, "QUERY_STRING": "",
        "SERVER_NAME": host, "SERVER_PORT": "80", "SERVER_PROTOCOL": "HTTP/1.1",
        "HTTP_HOST": host, "REMOTE_ADDR": "127.0.0.1", "wsgi.version": (1, 0),
        "wsgi.url_scheme": "http", "wsgi.errors": sys.stderr, "wsgi.multithread": False,
        "wsgi.multiprocess": True, "wsgi.run_once": False, "wsgi.input": io.BytesIO(b""),
    }
    out = []
    response = handler(environ, lambda status, headers, exc_info=None: out.append(status))
    try:
        for _ in response:
            pass
    finally:
        response.close()
    return out[0]

before = memory("self")
for host in hosts:
    statuses.append(get(host))
    if connection.connection is not None:
        backends.add(connection.connection.info.backend_pid)
failed = [s for s in statuses if not s.startswith("200")]
assert not failed, failed[:3]
pid = connection.connection.info.backend_pid if connection.connection is not None else None
print(json.dumps({
    "worker": memory("self"), "worker_before": before,
    "backend": memory(pid) if pid else {}, "backend_pid": pid,
    "server_connections_used": len(backends),
    "schemas_on_last_connection": len(getattr(connection, "schemas_touched", ())),
}))
"""


def _loadavg() -> str:
    one, five, fifteen = os.getloadavg()
    return f"{one:.2f} {five:.2f} {fifteen:.2f}"


def _admin_url(url: str) -> str:
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path="/postgres"))


def _database_name(url: str) -> str:
    return urlsplit(url).path.lstrip("/")


def _create_database(url: str, *, reuse: bool) -> None:
    import psycopg

    name = _database_name(url)
    with psycopg.connect(_admin_url(url), autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if exists and not reuse:
            conn.execute(f'DROP DATABASE "{name}" WITH (FORCE)')
            exists = None
        if not exists:
            conn.execute(f'CREATE DATABASE "{name}"')


def _drop_database(url: str) -> None:
    import psycopg

    with psycopg.connect(_admin_url(url), autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{_database_name(url)}" WITH (FORCE)')


class Run:
    """The figures of one run, printed as they come and kept for the summary."""

    def __init__(self, args: argparse.Namespace) -> None:
        from tests.benchmarks import _report

        self.report = _report
        self.args = args
        self.figures: list[dict[str, Any]] = []
        # Offices made under other prefixes by earlier runs count too (synthesis adds PREFIX).
        self.prefixes = [PREFIX, *[p for p in args.also_prefixes.split(",") if p]]
        # Set while measuring a subset of the offices the database holds (--subsets).
        self.in_catalog = 0

    def add(self, offices: int, what: str, seconds: float | None = None, **extra: Any) -> None:
        row = {"offices": offices, "what": what, "loadavg": _loadavg(), **extra}
        if self.in_catalog and self.in_catalog != offices:
            row["offices_in_catalog"] = self.in_catalog
        if seconds is not None:
            row["seconds"] = round(seconds, 4)
        self.figures.append(row)
        self.report.record("scale", what, **row)
        shown = self.report.fmt_seconds(seconds) if seconds is not None else ""
        rest = ", ".join(f"{k}={v}" for k, v in extra.items())
        print(f"[{offices:>5} offices] {what}: {shown} {rest} (load {row['loadavg']})", flush=True)  # noqa: T201


def _timed(call: Any, repeats: int) -> list[float]:
    samples = []
    for _ in range(repeats):
        started = time.perf_counter()
        call()
        samples.append(time.perf_counter() - started)
    return samples


def _catalog(run: Run, offices: int) -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT (SELECT count(*) FROM pg_class), (SELECT count(*) FROM pg_attribute), "
            "pg_database_size(current_database()), "
            "(SELECT count(*) FROM pg_class c WHERE c.relnamespace = "
            "(SELECT oid FROM pg_namespace WHERE nspname = 'esa_template'))"
        )
        relations, attributes, size, per_office = cursor.fetchone()
    run.add(
        offices,
        "catalog",
        relations=relations,
        attributes=attributes,
        relations_per_office=per_office,
        database_gb=round(size / 1e9, 2),
    )


def _synthesize(run: Run, count: int) -> None:
    from django.db import connection

    from devdata.synthetic import synthesize_offices

    others = len(_office_ids(run.prefixes[1:])) if run.prefixes[1:] else 0
    report = synthesize_offices(
        count=count - others,
        years=run.args.years,
        prefix=PREFIX,
        people_scale=run.args.people_scale,
        progress=lambda line: print(f"  synthesize: {line} (load {_loadavg()})", flush=True),  # noqa: T201
    )
    if not run.args.skip_analyze:
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")  # fresh statistics for the planner, as autovacuum keeps them
    created = len(report.created)
    run.add(
        count,
        "synthesize (added offices)",
        report.seconds,
        created=created,
        per_office_s=round(report.seconds / created, 3) if created else None,
    )


def _drop_spares() -> None:
    from django.db import connection

    from tenants.services import template_schema
    from tenants.spares import spares

    ready, stale = spares(template_schema())
    with connection.cursor() as cursor:
        for schema in ready + stale:
            cursor.execute(f'DROP SCHEMA "{schema}" CASCADE')


def _create_one_more(run: Run, offices: int) -> None:
    """Creating an office as production does (a spare schema ready: beat's refill keeps two),
    then with no spare ready (the template cloned)."""
    from tenants.services import office_create, template_schema
    from tenants.spares import spares_refill
    from tests.benchmarks.conftest import bench_spec, drop_bench_leftovers

    drop_bench_leftovers(("scx",))
    counter = iter(range(1, 1000))

    def create() -> None:
        n = next(counter)
        office_create(**{**bench_spec(n), "code": f"scx{n}", "province": f"จังหวัดขยาย{n}"})

    try:
        with_spare = []
        for _ in range(CREATE_REPEATS):
            spares_refill(template=template_schema(), count=1)  # as beat's refill between two
            with_spare += _timed(create, 1)
        _drop_spares()
        cloned = _timed(create, CREATE_REPEATS)
    finally:
        drop_bench_leftovers(("scx",))
        _drop_spares()
    run.add(
        offices,
        "create one more office (a spare ready)",
        statistics.median(with_spare),
        max_s=round(max(with_spare), 4),
    )
    run.add(
        offices,
        "create one more office (no spare: clone)",
        statistics.median(cloned),
        max_s=round(max(cloned), 4),
    )


def _deploy(run: Run, offices: int) -> None:
    from django.core.management import call_command
    from django.db import connection

    from tenants.management.commands.migrate_offices import offices_behind
    from tenants.services import template_schema

    def deploy() -> None:
        call_command("migrate_offices", verbosity=0)
        connection.set_schema_to_public()

    samples = _timed(deploy, DEPLOY_REPEATS)
    assert offices_behind(template_schema()) == []
    run.add(
        offices,
        "no-op deploy (migrate_offices)",
        statistics.median(samples),
        max_s=round(max(samples), 4),
    )


def _office_ids(prefixes: list[str]) -> list[int]:
    from django.db.models import Q

    from tenants.models import Office

    wanted = Q()
    for prefix in prefixes:
        wanted |= Q(code__startswith=prefix)
    return list(Office.objects.filter(wanted).order_by("code").values_list("pk", flat=True))


def _forget_collected(ids: list[int]) -> None:
    from central.benchmarks import Collection, IndicatorValue

    IndicatorValue.objects.filter(office_id__in=ids).delete()
    Collection.objects.filter(office_id__in=ids).delete()


def _collect(run: Run, offices: int, ids: list[int]) -> None:
    from django.db import connection

    from central.collection import collect_offices

    for workers in [int(w) for w in run.args.workers.split(",")]:
        _forget_collected(ids)
        connection.close()
        started = time.perf_counter()
        outcomes = collect_offices(ids, workers=workers)
        seconds = time.perf_counter() - started
        failed = [o for o in outcomes if not o.ok]
        assert not failed and len(outcomes) == len(ids), failed[:3]
        run.add(
            offices,
            f"collection, {workers} worker{'s' * (workers > 1)}",
            seconds,
            per_office_ms=round(seconds / len(ids) * 1000, 2),
        )


def _central_pages(run: Run, offices: int, ids: list[int]) -> None:
    from django.db import connection
    from django.test import Client

    from accounts.models import User
    from core.indicators import all_indicators
    from tenants.models import Office

    connection.set_schema_to_public()
    office = Office.objects.get(pk=ids[0])
    client = Client(HTTP_HOST=CENTRAL_HOST)
    client.force_login(User.objects.get(username="scale-analyst"))
    paths = [
        "/benchmarks/",
        "/benchmarks/?sort=idcards.issued.teacher&dir=desc&page=3",
        f"/benchmarks/indicators/{all_indicators()[0].code}/",
        f"/benchmarks/indicators/{all_indicators()[0].code}/?office={office.code}",
        f"/benchmarks/offices/{office.code}/",
        "/benchmarks/export.csv",
        "/benchmarks/export.xlsx",
    ]
    # What beat runs hourly after the nightly collection: the exports of the new data version
    # rendered to files (CSV and XLSX, Thai and English), so that downloads stream them.
    from central.tasks import prepare_exports_task

    started = time.perf_counter()
    rendered = prepare_exports_task()
    seconds = time.perf_counter() - started
    run.add(offices, "prepare_exports_task (4 files)", seconds, files=rendered)
    # The collections above made a new data version: the first request of a page built on the
    # comparisons rebuilds them (kept per process afterwards).
    for path in paths:

        def get(path: str = path) -> None:
            response = client.get(path)
            assert response.status_code == 200, (path, response.status_code)
            if response.streaming:  # the exports stream their kept file: read it all
                b"".join(response.streaming_content)

        first = _timed(get, 1)[0]
        samples = _timed(get, PAGE_REPEATS)
        run.add(
            offices,
            f"central page GET {path}",
            statistics.median(samples),
            first_s=round(first, 4),
            p90_s=round(sorted(samples)[int(0.9 * (len(samples) - 1))], 4),
        )


def _memory(run: Run, offices: int) -> None:
    from django.db import connection

    env = {**os.environ, "DJANGO_SETTINGS_MODULE": os.environ["DJANGO_SETTINGS_MODULE"]}
    for count in MEMORY_OFFICES:
        if count > offices:
            continue
        for limit in ("100", "0"):
            result = subprocess.run(  # noqa: S603
                [sys.executable, "-c", MEMORY_CHILD, str(count), ",".join(run.prefixes)],
                cwd=ROOT,
                env={**env, "KRUCARE_CONN_MAX_SCHEMAS": limit},
                capture_output=True,
                text=True,
                check=False,
                timeout=1800,
            )
            assert result.returncode == 0, result.stderr[-3000:]
            figures = json.loads(result.stdout.strip().splitlines()[-1])
            run.add(
                offices,
                f"memory after {count} offices' pages, schema limit {limit}",
                worker_rss_mb=figures["worker"].get("rss_mb"),
                worker_pss_mb=figures["worker"].get("pss_mb"),
                worker_rss_before_mb=figures["worker_before"].get("rss_mb"),
                backend_rss_mb=figures["backend"].get("rss_mb"),
                backend_pss_mb=figures["backend"].get("pss_mb"),
                server_connections_used=figures["server_connections_used"],
                schemas_on_last_connection=figures["schemas_on_last_connection"],
            )
    connection.close()


def _backup(run: Run, offices: int, ids: list[int]) -> None:
    from django.db import connection

    from backups.backup import office_backup
    from tenants.models import Office

    # pg_dump must match the server's major version: Debian's for the machine's server.
    debian_bin = Path(f"/usr/lib/postgresql/{connection.pg_version // 10000}/bin")
    if "KRUCARE_PG_BIN_DIR" not in os.environ and (debian_bin / "pg_dump").exists():
        os.environ["KRUCARE_PG_BIN_DIR"] = str(debian_bin)

    office = Office.objects.get(pk=ids[0])
    with tempfile.TemporaryDirectory() as folder:
        counter = iter(range(100))
        sizes = []

        def backup() -> None:
            result = office_backup(office=office, output=Path(folder) / f"{next(counter)}.tar")
            sizes.append(result.size)

        samples = _timed(backup, BACKUP_REPEATS)
    run.add(
        offices,
        f"backup of one office ({office.code})",
        statistics.median(samples),
        file_kb=round(sizes[-1] / 1024),
    )


def _growth(run: Run) -> None:
    """Per added office between successive points, for every timed figure."""
    by_what: dict[str, dict[int, float]] = {}
    for row in run.figures:
        if "seconds" in row and not row["what"].startswith("synthesize"):
            by_what.setdefault(row["what"], {})[row["offices"]] = row["seconds"]
    rows = []
    for what, values in by_what.items():
        points = sorted(values)
        steps = []
        for before, after in zip(points, points[1:], strict=False):
            per = (values[after] - values[before]) / (after - before)
            steps.append(f"{before}->{after}: {per * 1000:+.3f} ms/office")
        rows.append([what, *[run.report.fmt_seconds(values[p]) for p in points], "; ".join(steps)])
    points = sorted({row["offices"] for row in run.figures})
    width = len(points)
    run.report.print_table(
        "Scale: figures by office count and growth per added office",
        ["figure", *[str(p) for p in points], "growth"],
        [row if len(row) == width + 2 else row + [""] * (width + 2 - len(row)) for row in rows],
    )


def _seed(run: Run) -> None:
    from django.core.management import call_command
    from django_tenants.utils import schema_context

    from accounts.models import User
    from accounts.services import user_create

    started = time.perf_counter()
    call_command("migrate_offices", verbosity=0)
    with schema_context("public"):
        if not User.objects.filter(username="scale-analyst").exists():
            user_create(username="scale-analyst", password=None, roles=["central_analyst"])
    run.add(0, "migrate an empty database", time.perf_counter() - started)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--points", default=",".join(map(str, POINTS)))
    parser.add_argument("--people-scale", type=float, default=0.05)
    parser.add_argument("--years", type=int, default=2)
    parser.add_argument(
        "--database-url", default=os.environ.get("KRUCARE_SCALE_DATABASE_URL", DEFAULT_URL)
    )
    parser.add_argument("--keep", action="store_true", help="keep the database at the end")
    parser.add_argument("--skip-analyze", action="store_true", help="leave it to autovacuum")
    parser.add_argument("--workers", default=",".join(map(str, WORKERS)), help="collection")
    parser.add_argument(
        "--also-prefixes", default="", help="offices of other code prefixes that count too"
    )
    parser.add_argument("--reuse", action="store_true", help="carry on in an existing database")
    parser.add_argument(
        "--subsets",
        default="",
        help="after the points: collect and read the pages of only the first N offices "
        "(comma-separated), every office's schema still in the catalog",
    )
    parser.add_argument(
        "--only",
        default="",
        help="comma-separated steps: create,deploy,collect,pages,memory,backup",
    )
    args = parser.parse_args()
    points = [int(p) for p in args.points.split(",")]
    steps = set(args.only.split(",")) if args.only else {
        "create", "deploy", "collect", "pages", "memory", "backup"
    }  # fmt: skip

    _create_database(args.database_url, reuse=args.reuse)
    os.environ["DATABASE_URL"] = args.database_url
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings.test"
    os.environ["PYTHONPATH"] = os.pathsep.join([str(ROOT / "platform"), str(ROOT)])
    import django

    django.setup()
    from django.db import connection

    run = Run(args)
    print(f"bench-scale: {args.database_url}, points {points}, load {_loadavg()}", flush=True)  # noqa: T201
    try:
        _seed(run)
        for offices in points:
            _synthesize(run, offices)
            connection.set_schema_to_public()
            ids = _office_ids(run.prefixes)
            assert len(ids) == offices, (len(ids), offices)
            _catalog(run, offices)
            if "create" in steps:
                _create_one_more(run, offices)
            if "deploy" in steps:
                _deploy(run, offices)
            if "collect" in steps:
                _collect(run, offices, ids)
            if "pages" in steps:
                _central_pages(run, offices, ids)
            if "memory" in steps:
                _memory(run, offices)
            if "backup" in steps:
                _backup(run, offices, ids)
        for subset in [int(n) for n in args.subsets.split(",") if n]:
            every = _office_ids(run.prefixes)
            run.in_catalog = len(every)
            _forget_collected(every)
            if "collect" in steps:
                _collect(run, subset, every[:subset])
            if "pages" in steps:
                _central_pages(run, subset, every[:subset])
        _growth(run)
    finally:
        out = run.report.RESULTS_FILE.parent / f"scale-{run.report.RUN_ID}.json"
        out.write_text(json.dumps(run.figures, ensure_ascii=False, indent=1), encoding="utf-8")
        print(f"figures: {out}", flush=True)  # noqa: T201
        connection.close()
        if not args.keep:
            _drop_database(args.database_url)
            print(f"dropped {_database_name(args.database_url)}", flush=True)  # noqa: T201


if __name__ == "__main__":
    main()
