"""Benchmark: the production deployment under load, and the outage windows of its dependencies.

Deployed as deploy/README.md tells an operator, on servers this benchmark starts: a PostgreSQL
cluster of its own (pgserver's binaries) holding the demo (`load_demo`, full scale: three
offices, 2,500 people in Phatthalung Area 2 with a fiscal year of cards and claims), a
redis-server (cache and broker), gunicorn with deploy/gunicorn.conf.py (its default worker
count for this machine's CPUs), a Celery worker and beat, all on the production settings.

Load: 50 virtual users, each a thread of this process with its own session (signed in before
the clock starts), each waiting 1-3 s (uniform) between requests, for 60 s: 30 office staff (10
per office) on office pages, 10 machine clients on the API, 10 central users on central pages.
The generator is plain threads and http.client (no load-testing package); its own CPU time is
printed, since it shares the machine's two cores with the server.

Then the same load for 30 s each while Redis is stopped for 5 s, and while PostgreSQL is
stopped and started again: the seconds that saw an error, and the errors by status, are
printed. Nothing here asserts on time.
"""

from __future__ import annotations

import os
import random
import resource
import threading
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass

import pytest

from tests.benchmarks._report import percentile, print_table, record
from tests.support.cluster import Cluster
from tests.support.production import BASE_DOMAIN, Browser, Site, production_env
from tests.support.redis import RedisServer

pytestmark = pytest.mark.benchmark

USERS_OFFICE, USERS_API, USERS_CENTRAL = 30, 10, 10
STEADY_SECONDS = 60
OUTAGE_RUN_SECONDS = 30
DEMO_PASSWORD = "krucare-demo"  # noqa: S105 (the demo's published password, scratch cluster)
OFFICES = ("phatthalung2", "phatthalung1", "songkhlasec")
# Demo logins that need no second factor (admin, finance, director and operator do).
OFFICE_LOGIN, CENTRAL_LOGIN = "officer", "analyst"

OFFICE_PAGES = [
    ("office /", "/"),
    ("office /people/", "/people/"),
    ("office /people/?q=", "/people/?q=%E0%B8%AA%E0%B8%A1"),  # สม
    ("office /desk/", "/desk/"),
    ("office /idcards/", "/idcards/"),
    ("office /claims/", "/claims/"),
    ("office /benchmarks/", "/benchmarks/"),
]
API_CALLS = [
    ("api people", "/api/v1/people/?limit=50"),
    ("api feed", "/api/v1/feed/?resource=people.person&limit=100"),
    ("api cards", "/api/v1/idcards/applications/?limit=50"),
]
CENTRAL_PAGES = [
    ("central /", "/"),
    ("central /benchmarks/", "/benchmarks/"),
    ("central indicator", "/benchmarks/indicators/people.personnel/"),
    ("central office", "/benchmarks/offices/phatthalung2/"),
    ("central /benchmarks/collection/", "/benchmarks/collection/"),
]


@dataclass(frozen=True)
class Sample:
    at: float
    page: str
    status: int  # 0: no answer (connection refused, timeout)
    seconds: float


@pytest.fixture(scope="module")
def deployment(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Site, Cluster]]:
    folder = tmp_path_factory.mktemp("load")
    redis = RedisServer(folder / "redis")
    redis.start()
    database = Cluster()
    site = Site(
        env=production_env(
            database_url=database.url,
            redis=redis,
            folder=folder,
            static_root=folder / "static",
            KRUCARE_ROUTING_RECHECK_SECONDS="2",
        ),
        folder=folder,
    )
    site.redis = redis  # type: ignore[attr-defined]
    # The demo is loaded with the development settings (production refuses demo data), into
    # the cluster the production processes then serve.
    local = {
        **site.env,
        "DJANGO_SETTINGS_MODULE": "config.settings.local",
        "KRUCARE_DEMO_SCALE": "1",
    }
    try:
        for env, command in (
            (site.env, ["collectstatic", "--noinput"]),
            (site.env, ["migrate_offices"]),
            (local, ["load_demo"]),
        ):
            done = Site(env=env, folder=folder).manage(*command, timeout=1800)
            assert done.returncode == 0, done.stderr[-3000:]
        site.start_web(workers=None)  # gunicorn.conf.py's default: 2 x CPUs + 1
        site.start_worker(concurrency=1)
        site.start_beat()
        yield site, database
    finally:
        site.stop_all()
        database.close()
        redis.stop()


def _api_secrets(site: Site) -> dict[str, str]:
    secrets = {}
    for office in OFFICES:
        made = site.manage(
            "create_api_client", office, f"load {time.time_ns()}",
            "--scope", "people:read", "--scope", "idcards:read", "--scope", "feeds:read",
            "--rate", "100000",
        )  # fmt: skip
        assert made.returncode == 0, made.stderr
        secrets[office] = made.stdout.strip()
    return secrets


class VirtualUser:
    def __init__(self, browser: Browser, pages: list[tuple[str, str]], headers: dict[str, str]):
        self.browser, self.pages, self.headers = browser, pages, headers
        self.random = random.Random(id(self))  # noqa: S311 (think times)

    def run(self, until: float, samples: list[Sample], lock: threading.Lock) -> None:
        while time.monotonic() < until:
            label, path = self.random.choice(self.pages)
            started = time.monotonic()
            try:
                status = self.browser.get(path, **self.headers).status
            except OSError:
                status = 0
            sample = Sample(started, label, status, time.monotonic() - started)
            with lock:
                samples.append(sample)
            time.sleep(self.random.uniform(1.0, 3.0))


def _users(site: Site, secrets: dict[str, str]) -> list[VirtualUser]:
    users = []
    for n in range(USERS_OFFICE):
        office = OFFICES[n % len(OFFICES)]
        browser = Browser(site, f"{office}.{BASE_DOMAIN}")
        browser.login(OFFICE_LOGIN, DEMO_PASSWORD)
        users.append(VirtualUser(browser, OFFICE_PAGES, {}))
    for n in range(USERS_API):
        office = OFFICES[n % len(OFFICES)]
        bearer = {"Authorization": f"Bearer {secrets[office]}"}
        users.append(VirtualUser(Browser(site, f"{office}.{BASE_DOMAIN}"), API_CALLS, bearer))
    for _ in range(USERS_CENTRAL):
        browser = Browser(site, BASE_DOMAIN)
        browser.login(CENTRAL_LOGIN, DEMO_PASSWORD)
        users.append(VirtualUser(browser, CENTRAL_PAGES, {}))
    return users


def _load(
    users: list[VirtualUser], seconds: float, during: Callable[[], object] | None = None
) -> tuple[list[Sample], float, object]:
    """Run every user for `seconds`; `during` runs meanwhile (after 5 s). Returns the samples,
    the generator's CPU seconds and what `during` returned."""
    samples: list[Sample] = []
    lock = threading.Lock()
    until = time.monotonic() + seconds
    cpu = resource.getrusage(resource.RUSAGE_SELF)
    threads = [
        threading.Thread(target=user.run, args=(until, samples, lock), daemon=True)
        for user in users
    ]
    for thread in threads:
        thread.start()
        time.sleep(0.02)  # users arrive over a second, not in one burst
    outcome = None
    if during is not None:
        time.sleep(5)
        outcome = during()
    for thread in threads:
        thread.join(timeout=seconds + 60)
    used = resource.getrusage(resource.RUSAGE_SELF)
    return samples, (used.ru_utime - cpu.ru_utime) + (used.ru_stime - cpu.ru_stime), outcome


def _failed(sample: Sample) -> bool:
    return sample.status == 0 or sample.status >= 500


def _window(samples: list[Sample], since: float) -> tuple[int, float, Counter[int]]:
    """Errors, the span in seconds from the first to the last error, statuses of the errors."""
    errors = [s for s in samples if _failed(s)]
    if not errors:
        return 0, 0.0, Counter()
    first = min(s.at for s in errors)
    last = max(s.at + s.seconds for s in errors)
    return len(errors), last - first, Counter(s.status for s in errors)


def test_fifty_users_for_a_minute_and_the_outage_windows(
    deployment: tuple[Site, Cluster],
) -> None:
    site, database = deployment
    users = _users(site, _api_secrets(site))
    samples, cpu_seconds, _ = _load(users, STEADY_SECONDS)

    by_page: dict[str, list[Sample]] = defaultdict(list)
    for sample in samples:
        by_page[sample.page].append(sample)
    rows = []
    for page in sorted(by_page):
        group = by_page[page]
        times = [s.seconds for s in group if not _failed(s)] or [0.0]
        errors = sum(_failed(s) for s in group)
        p50, p95 = percentile(times, 0.5), percentile(times, 0.95)
        rows.append([page, len(group), errors, f"{p50 * 1000:.0f} ms", f"{p95 * 1000:.0f} ms"])
        record("production_load", page, n=len(group), errors=errors, p50=p50, p95=p95)
    all_times = [s.seconds for s in samples if not _failed(s)]
    total_errors = sum(_failed(s) for s in samples)
    rows.append(
        [
            "all",
            len(samples),
            total_errors,
            f"{percentile(all_times, 0.5) * 1000:.0f} ms",
            f"{percentile(all_times, 0.95) * 1000:.0f} ms",
        ]
    )
    workers = 2 * (len(os.sched_getaffinity(0))) + 1
    print_table(
        f"50 users, 1-3 s think time, {STEADY_SECONDS} s, gunicorn ({workers} sync workers) on "
        f"production settings, {os.cpu_count()} CPUs; {len(samples) / STEADY_SECONDS:.1f} "
        f"requests/s; load generator (threads + http.client) used "
        f"{cpu_seconds:.1f} CPU-s = {cpu_seconds / STEADY_SECONDS * 100:.0f} % of one core",
        ["page", "requests", "errors (5xx or none)", "p50", "p95"],
        rows,
    )
    record(
        "production_load",
        "all",
        n=len(samples),
        errors=total_errors,
        p95=percentile(all_times, 0.95),
        generator_cpu_seconds=cpu_seconds,
    )
    assert samples and all(s.status in (200, 302) or _failed(s) for s in samples), Counter(
        s.status for s in samples
    )

    redis: RedisServer = site.redis  # type: ignore[attr-defined]

    def redis_outage() -> float:
        started = time.monotonic()
        redis.stop()
        time.sleep(5)
        redis.start()
        return started

    def postgres_restart() -> float:
        started = time.monotonic()
        database.stop()
        database.start()
        return started

    outages = []
    for name, action in (
        ("Redis stopped 5 s", redis_outage),
        ("PostgreSQL restart", postgres_restart),
    ):
        samples, _, started = _load(users, OUTAGE_RUN_SECONDS, action)
        errors, span, statuses = _window(samples, float(started))  # type: ignore[arg-type]
        outages.append(
            [
                name,
                len(samples),
                errors,
                f"{span:.1f} s",
                ", ".join(f"{k}: {v}" for k, v in sorted(statuses.items())) or "-",
            ]
        )
        record("production_outage", name, n=len(samples), errors=errors, window_seconds=span)
    print_table(
        "Outage windows under the same load (errors = 5xx or no answer)",
        ["outage", "requests", "errors", "window with errors", "errors by status"],
        outages,
    )
