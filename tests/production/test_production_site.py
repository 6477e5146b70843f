"""The production settings through gunicorn, on a scratch database of the suite's PostgreSQL and
a redis-server this module starts: an office host and the central site serve, readiness is
ok, a new office answers on every web process within the recheck interval, a suspension holds
through the loss of Redis' contents, Redis stopped mid-traffic gives no 5xx, and the logs are
JSON lines carrying request ids.

Everything runs as deploy/README.md tells an operator to run it (manage.py commands, gunicorn
with deploy/gunicorn.conf.py) with the environment it documents."""

from __future__ import annotations

import json
import os
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

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

OFFICE = "prodalpha"
OFFICE_NAME = "สำนักงานเขตพื้นที่การศึกษาประถมศึกษาทดสอบระบบจริง เขต 1"
OFFICE_HOST = f"{OFFICE}.{BASE_DOMAIN}"


@pytest.fixture(scope="module")
def site(
    django_db_setup: None,
    django_db_blocker: Any,
    tmp_path_factory: pytest.TempPathFactory,
    static_root: Path,
) -> Iterator[Site]:
    folder = tmp_path_factory.mktemp("production")
    redis = RedisServer(folder / "redis")
    redis.start()
    with django_db_blocker.unblock(), scratch_database("production") as database:
        site = Site(
            env=production_env(
                database_url=os.environ["DATABASE_URL"],
                redis=redis,
                folder=folder,
                static_root=static_root,
                DATABASE_NAME=database,
            ),
            folder=folder,
        )
        site.redis = redis  # type: ignore[attr-defined]
        try:
            migrated = site.manage("migrate_offices")
            assert migrated.returncode == 0, migrated.stderr[-3000:]
            seed_office(site, OFFICE, OFFICE_NAME, area=1)
            seed_central(site)
            site.start_web()
            yield site
        finally:
            site.stop_all()
            redis.stop()


def _redis(site: Site) -> RedisServer:
    return site.redis  # type: ignore[attr-defined,no-any-return]


def test_an_office_host_and_the_central_site_serve_under_production_settings(site: Site) -> None:
    office = Browser(site, OFFICE_HOST)
    home = office.get("/")
    assert home.status == 200
    assert OFFICE_NAME in home.body
    assert office.get("/healthz").status == 200
    office.login("welfare_officer")
    assert office.get("/people/").status == 200

    central = Browser(site, BASE_DOMAIN)
    central.login("analyst")
    assert central.get("/benchmarks/").status == 200
    assert Browser(site, f"nosuch.{BASE_DOMAIN}").get("/").status == 404
    # The plain-HTTP request of a browser is sent to HTTPS; the probes are not.
    plain = Browser(site, OFFICE_HOST).request("GET", "/", headers={"X-Forwarded-Proto": "http"})
    assert plain.status == 301


def test_readiness_checks_everything_through_gunicorn(site: Site) -> None:
    answer = Browser(site, BASE_DOMAIN).request(
        "GET", "/readyz", headers={"X-Forwarded-Proto": "http"}
    )
    assert answer.status == 200, answer.body
    body = json.loads(answer.body)
    assert body["status"] == "ok", body
    assert set(body["checks"]) == {"database", "migrations", "office", "cache", "broker"}
    assert Browser(site, OFFICE_HOST).get("/readyz").status == 404


def test_demo_commands_refuse_production_and_write_nothing(site: Site) -> None:
    count = "from tenants.models import Office; print(Office.objects.count())"
    before = site.python(count).stdout.strip()
    for command in (["load_demo"], ["synthesize_offices", "--count", "1"]):
        result = site.manage(*command)
        assert result.returncode != 0, result.stdout
        assert "refuses to run under the production settings" in result.stderr
        assert "Traceback" not in result.stderr
    assert site.python(count).stdout.strip() == before
    users = site.python(
        "from accounts.models import User; print(User.objects.filter(username='admin').count())"
    )
    assert users.stdout.strip() == "0"


def _steady(browser: Browser, path: str, status: int, times: int = 12, within: float = 10) -> None:
    """`times` answers in a row with `status` (so from both web processes), within `within`
    seconds of the change (the recheck interval is 1 s)."""
    deadline = time.monotonic() + within
    in_a_row = 0
    while in_a_row < times:
        assert time.monotonic() < deadline, f"{browser.host}{path} never settled on {status}"
        in_a_row = in_a_row + 1 if browser.get(path).status == status else 0


def test_a_new_office_answers_on_every_web_process_within_the_recheck_interval(
    site: Site,
) -> None:
    host = f"prodbeta.{BASE_DOMAIN}"
    assert Browser(site, host).get("/").status == 404
    created = site.manage(
        "create_office", "prodbeta", "--name-th", "สำนักงานเขตพื้นที่การศึกษาทดสอบใหม่",
        "--kind", "secondary", "--province", "ทดสอบ", "--region", "north", "--area-number", "1",
    )  # fmt: skip
    assert created.returncode == 0, created.stderr
    _steady(Browser(site, host), "/", 200)


def _set_active(site: Site, active: bool) -> None:
    result = site.python(
        "from tenants.models import Office\n"
        "from tenants.services import office_set_active\n"
        f"office_set_active(office=Office.objects.get(code={OFFICE!r}), active={active})"
    )
    assert result.returncode == 0, result.stderr[-2000:]


def test_a_suspension_holds_through_the_loss_of_redis(site: Site) -> None:
    office = Browser(site, OFFICE_HOST)
    _steady(office, "/", 200)
    _set_active(site, False)
    _steady(office, "/", 503)
    redis = _redis(site)
    redis.flushall()  # everything a cache could hold is gone ...
    redis.stop()
    redis.start()  # ... and Redis comes back empty
    for _ in range(20):
        assert office.get("/").status == 503
    _set_active(site, True)
    _steady(office, "/", 200)


def test_redis_stopped_mid_traffic_gives_no_5xx(site: Site) -> None:
    secret = site.manage(
        "create_api_client", OFFICE, "HR during outage", "--scope", "people:read", "--rate", "5000"
    )
    assert secret.returncode == 0, secret.stderr
    bearer = {"Authorization": f"Bearer {secret.stdout.strip()}"}
    officer = Browser(site, OFFICE_HOST)
    officer.login("welfare_officer")
    operator = Browser(site, BASE_DOMAIN)
    operator.login("operator")
    api = Browser(site, OFFICE_HOST)
    answers: list[tuple[str, int]] = []
    stop = threading.Event()

    def traffic() -> None:
        while not stop.is_set():
            for name, call in (
                ("office", lambda: officer.get("/people/")),
                ("home", lambda: officer.get("/")),
                ("api", lambda: api.get("/api/v1/people/", **bearer)),
                ("central", lambda: operator.get("/benchmarks/collection/")),
            ):
                answers.append((name, call().status))

    thread = threading.Thread(target=traffic, daemon=True)
    thread.start()
    try:
        time.sleep(1.5)
        redis = _redis(site)
        redis.stop()
        time.sleep(3)
        during = len(answers)
        # "Collect now" while the broker is down: a Thai message, no 500.
        collect = operator.post("/benchmarks/collection/", {})
        assert collect.status == 302
        assert "ระบบคิวงานเบื้องหลังไม่พร้อมใช้งานชั่วคราว" in operator.get("/benchmarks/collection/").body
        ready = json.loads(
            Browser(site, BASE_DOMAIN)
            .request("GET", "/readyz", headers={"X-Forwarded-Proto": "http"})
            .body
        )
        assert ready["status"] == "degraded"
        assert ready["checks"]["cache"]["status"] == "degraded"
        redis.start()
        time.sleep(1.5)
    finally:
        stop.set()
        thread.join(timeout=30)
        if _redis(site).process is None:  # a failed assertion above left it stopped
            _redis(site).start()
    assert during > 8 and len(answers) > during
    failures = [(name, status) for name, status in answers if status >= 500]
    assert failures == []
    assert {name for name, status in answers if status == 200} == {
        "office",
        "home",
        "api",
        "central",
    }


def test_logs_are_json_lines_with_request_ids_and_no_control_socket_error(site: Site) -> None:
    answer = Browser(site, OFFICE_HOST).get("/nosuch-page/")
    assert answer.status == 404
    request_id = answer.headers["X-Request-ID"]
    time.sleep(0.5)
    lines = [json.loads(line) for line in site.log("web").read_text().splitlines() if line]
    access = [e for e in lines if e.get("type") == "access" and e.get("request_id") == request_id]
    assert access and access[0]["status"] == "404" and access[0]["host"] == OFFICE_HOST
    app = [e for e in lines if e.get("request_id") == request_id and e.get("type") != "access"]
    assert app and app[0]["office"] == OFFICE and app[0]["logger"] == "django.request"
    assert not [e for e in lines if "control socket" in e.get("msg", "").lower()]


def test_metrics_gather_every_web_process_on_the_central_host_only(site: Site) -> None:
    office = Browser(site, OFFICE_HOST)
    for _ in range(6):
        office.get("/")
    assert office.get("/metrics").status == 404
    metrics = Browser(site, BASE_DOMAIN).request(
        "GET", "/metrics", headers={"X-Forwarded-Proto": "http"}
    )
    assert metrics.status == 200
    counted = [
        float(line.rsplit(" ", 1)[1])
        for line in metrics.body.splitlines()
        if line.startswith("krucare_http_requests_total{")
        and f'office="{OFFICE}"' in line
        and 'status="200"' in line
    ]
    assert counted and sum(counted) >= 6
    assert "krucare_celery_queue_length" in metrics.body
