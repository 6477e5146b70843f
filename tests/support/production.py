"""KruCare as deployed, for the production tests and benchmarks: the production settings, a
database the test chose, a Redis of the test's own, gunicorn with deploy/gunicorn.conf.py, and
Celery worker and beat processes, all started and stopped by the test.

`Browser` speaks HTTP to gunicorn as the proxy would hand a browser's requests over: the Host
header names the site, `X-Forwarded-Proto: https` says the connection was HTTPS, and cookies
(`__Host-` and Secure) are kept by name.
"""

from __future__ import annotations

import http.client
import os
import re
import secrets
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode

from cryptography.fernet import Fernet
from django.conf import settings

from tests.support.redis import RedisServer
from tests.support.rundev import free_port

BASE_DOMAIN = "krucare.test"
# A production worker, but for webhook targets on this machine (see Site.start_worker).
LOOPBACK_WORKER = """
import sys
import django
django.setup()
from django.conf import settings
settings.KRUCARE_WEBHOOKS_ALLOW_LOOPBACK = True
from config.celery import app
app.worker_main(sys.argv[1:])
"""
PASSWORD = "correct-horse-battery-staple-42"  # noqa: S105 (test accounts of a scratch database)
# The authenticator key of the seeded accounts whose roles must give a second factor.
TOTP_KEY = b"krucare-production-test-totp".hex()
ROOT = Path(settings.BASE_DIR)


def production_env(
    *, database_url: str, redis: RedisServer | None, folder: Path, static_root: Path, **extra: str
) -> dict[str, str]:
    """The variables deploy/README.md lists, pointing at the test's own servers (without a
    Redis: a closed port, as the image build does). HOME is a folder nothing can be written
    to, as the image's was."""
    env = {
        "PATH": os.environ.get("PATH", "/usr/local/bin:/usr/bin:/bin"),
        "LANG": "C.UTF-8",
        "HOME": "/proc/krucare-home-not-writable",
        "PYTHONPATH": str(ROOT / "platform"),
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(64),
        "DATABASE_URL": database_url,
        "REDIS_URL": redis.url(0) if redis else "redis://127.0.0.1:9/0",
        "CELERY_BROKER_URL": redis.url(1) if redis else "redis://127.0.0.1:9/1",
        "KRUCARE_BASE_DOMAIN": BASE_DOMAIN,
        "STATIC_ROOT": str(static_root),
        "MEDIA_ROOT": str(folder / "media"),
        "KRUCARE_VAR_DIR": str(folder / "var"),
        "CELERY_BEAT_SCHEDULE_FILENAME": str(folder / "celerybeat-schedule"),
        "KRUCARE_ROUTING_RECHECK_SECONDS": "1",
        "DATABASE_CONN_MAX_AGE": "60",
        "WEB_CONCURRENCY": "2",
        "KRUCARE_LOG_LEVEL": "INFO",
        "KRUCARE_ENCRYPTION_KEYS": Fernet.generate_key().decode(),
        **extra,
    }
    return env


@dataclass
class Site:
    """The processes of one deployment; every one is stopped by `stop_all`."""

    env: dict[str, str]
    folder: Path
    port: int = field(default_factory=free_port)
    processes: dict[str, subprocess.Popen[bytes]] = field(default_factory=dict)

    def _run(self, args: list[str], timeout: float) -> subprocess.CompletedProcess[str]:
        return subprocess.run(  # noqa: S603
            [sys.executable, *args],
            cwd=ROOT,
            env=self.env,
            capture_output=True,
            text=True,
            encoding="utf-8",
            timeout=timeout,
            check=False,
        )

    def manage(self, *args: str, timeout: float = 300) -> subprocess.CompletedProcess[str]:
        return self._run(["manage.py", *args], timeout)

    def python(self, code: str, timeout: float = 300) -> subprocess.CompletedProcess[str]:
        """Run `code` after django.setup() under these settings."""
        return self._run(["-c", "import django; django.setup()\n" + code], timeout)

    def log(self, name: str) -> Path:
        return self.folder / f"{name}.log"

    def _start(self, name: str, command: list[str], **extra_env: str) -> subprocess.Popen[bytes]:
        with open(self.log(name), "ab") as log:
            process = subprocess.Popen(  # noqa: S603
                command,
                cwd=ROOT,
                env={**self.env, **extra_env},
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        self.processes[name] = process
        return process

    def start_web(self, workers: int | None = 2) -> None:
        """gunicorn with `workers` sync workers (None: its configuration's default)."""
        if workers is None:
            self.env.pop("WEB_CONCURRENCY", None)  # gunicorn.conf.py: 2 x CPUs + 1
        else:
            self.env["WEB_CONCURRENCY"] = str(workers)
        self._start(
            "web",
            [
                sys.executable,
                "-m",
                "gunicorn",
                "--config",
                "deploy/gunicorn.conf.py",
                "config.wsgi",
            ],
            GUNICORN_BIND=f"127.0.0.1:{self.port}",
            PROMETHEUS_MULTIPROC_DIR=str(self.folder / "web-metrics"),
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                if Browser(self, BASE_DOMAIN).get("/healthz").status == 200:
                    return
            except OSError:
                pass
            if self.processes["web"].poll() is not None:
                break
            time.sleep(0.2)
        raise AssertionError(f"gunicorn did not come up:\n{self.log('web').read_text()[-3000:]}")

    def start_worker(
        self, name: str = "worker", concurrency: int = 2, *, loopback_webhooks: bool = False
    ) -> None:
        """A Celery worker. `loopback_webhooks`: the one departure from production, for a test
        whose webhook receiver can only be on this machine (production refuses loopback
        targets, KRUCARE_WEBHOOKS_ALLOW_LOOPBACK)."""
        boot = (
            ["-c", LOOPBACK_WORKER]
            if loopback_webhooks
            else ["-m", "celery", "-A", "config.celery"]
        )
        self._start(
            name,
            [
                sys.executable,
                *boot,
                "worker",
                "--loglevel",
                "INFO",
                "--concurrency",
                str(concurrency),
                "--without-gossip",
                "--without-mingle",
                "-n",
                f"{name}-{self.port}@%h",
            ],
        )

    def start_beat(self) -> None:
        self._start(
            "beat",
            [sys.executable, "-m", "celery", "-A", "config.celery", "beat", "--loglevel", "INFO"],
        )

    def kill(self, name: str) -> None:
        """SIGKILL the process and its children (a worker's pool), as a crash would."""
        process = self.processes.pop(name)
        with suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=30)

    def stop(self, name: str) -> None:
        process = self.processes.pop(name, None)
        if process is None or process.poll() is not None:
            return
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=30)

    def stop_all(self) -> None:
        for name in list(self.processes):
            self.stop(name)


@dataclass
class Response:
    status: int
    headers: http.client.HTTPMessage
    body: str


class Browser:
    """One person's HTTP session with a site behind the proxy (cookies kept by name)."""

    def __init__(self, site: Site, host: str, timeout: float = 30) -> None:
        self.site, self.host, self.timeout = site, host, timeout
        self.cookies: dict[str, str] = {}

    def request(
        self,
        method: str,
        path: str,
        body: bytes | None = None,
        headers: dict[str, str] | None = None,
    ) -> Response:
        connection = http.client.HTTPConnection("127.0.0.1", self.site.port, timeout=self.timeout)
        try:
            all_headers = {
                "Host": self.host,
                "X-Forwarded-Proto": "https",
                "Accept-Language": "th",
                **(headers or {}),
            }
            if self.cookies:
                all_headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
            connection.request(method, path, body=body, headers=all_headers)
            response = connection.getresponse()
            text = response.read().decode("utf-8", "replace")
            for header in response.headers.get_all("Set-Cookie") or []:
                name, _, rest = header.partition("=")
                self.cookies[name.strip()] = rest.split(";", 1)[0]
            return Response(response.status, response.headers, text)
        finally:
            connection.close()

    def get(self, path: str, **headers: str) -> Response:
        return self.request("GET", path, headers=headers)

    def post(
        self,
        path: str,
        data: dict[str, str],
        referer_path: str | None = None,
        page: Response | None = None,
    ) -> Response:
        """Submit a form of the page at `referer_path` (default: `path`; `page`: that page,
        already fetched) with the page's CSRF token (the cookie holds a host-bound form of the
        secret, not the token itself)."""
        return self._submit(path, data, referer_path=referer_path, page=page)

    def _submit(
        self,
        path: str,
        fields: dict[str, str],
        referer_path: str | None = None,
        page: Response | None = None,
    ) -> Response:
        where = referer_path or path
        if page is None:
            page = self.get(where)
            assert page.status == 200, f"GET {where}: {page.status}"
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.body)
        assert token, f"no CSRF token on {where}"
        return self.request(
            "POST",
            path,
            body=urlencode({"csrfmiddlewaretoken": token.group(1), **fields}).encode(),
            headers={
                "Content-Type": "application/x-www-form-urlencoded",
                "Origin": f"https://{self.host}",
                "Referer": f"https://{self.host}{where}",
            },
        )

    def login(self, username: str, password: str = PASSWORD) -> None:
        """Sign in; a role that must give a second factor gives the current code of the
        authenticator key the seed enrolled (TOTP_KEY)."""
        answer = self._submit("/accounts/login/", {"username": username, "password": password})
        assert answer.status == 302, f"login of {username} failed: {answer.status}"
        # A role that must give a second factor is sent to it by the next request.
        where = self.get("/").headers.get("Location", "")
        if "/two-factor/" in where:
            from django_otp.oath import TOTP

            assert "/two-factor/verify/" in where, f"{username} has no authenticator: {where}"
            code = f"{TOTP(bytes.fromhex(TOTP_KEY)).token():06d}"
            answer = self._submit("/accounts/two-factor/verify/", {"token": code})
            assert answer.status == 302, f"second factor of {username} refused: {answer.status}"
            assert "/two-factor/" not in self.get("/").headers.get("Location", "")


@contextmanager
def running(site: Site) -> Iterator[Site]:
    try:
        yield site
    finally:
        site.stop_all()


SEED_OFFICE = """
from django.conf import settings
from django_tenants.utils import schema_context
from accounts.services import totp_device_create_with_key, user_create
from tenants.services import office_create
office = office_create(code={code!r}, name_th={name!r}, kind="primary", province={province!r},
                       region="south", area_number={area})
with schema_context(office.schema_name):
    for role in ["welfare_officer", "finance_officer", "approver", "office_admin"]:
        user = user_create(username=role, password={password!r}, roles=[role])
        if role in settings.KRUCARE_TWO_FACTOR_ROLES:
            totp_device_create_with_key(user=user, key_hex={totp_key!r})
print(office.pk)
"""

SEED_CENTRAL = """
from accounts.services import totp_device_create_with_key, user_create
operator = user_create(username="operator", password={password!r}, roles=["platform_operator"])
totp_device_create_with_key(user=operator, key_hex={totp_key!r})
user_create(username="analyst", password={password!r}, roles=["central_analyst"])
"""


def seed_office(site: Site, code: str, name: str, area: int, province: str = "ทดสอบ") -> None:
    result = site.python(
        SEED_OFFICE.format(
            code=code,
            name=name,
            province=province,
            area=area,
            password=PASSWORD,
            totp_key=TOTP_KEY,
        )
    )
    assert result.returncode == 0, result.stderr[-3000:]


def seed_central(site: Site) -> None:
    result = site.python(SEED_CENTRAL.format(password=PASSWORD, totp_key=TOTP_KEY))
    assert result.returncode == 0, result.stderr[-3000:]
