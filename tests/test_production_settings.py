"""The production settings, each run in a fresh process as the image runs them.

No server is needed: the URLs point at a local socket that listens but never answers, and each
test asserts that nothing connected to it, i.e. loading the settings and `check --deploy` open
no connection to the database, the cache or the broker (the image build relies on that).
"""

from __future__ import annotations

import json
import secrets
import socket
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
# Two Fernet keys (newest first), test values only.
FERNET_KEYS = ",".join(
    ["zXyNhC3aVnqg-kNhV2Q1y0W3gDpR9yB4w5dQ8b7mF6E=", "4Kq1m8mYl3rV0h2Jt9uWzCq6n5sX7aB1c2D3e4F5g6Q="]
)
REQUIRED = [
    "DJANGO_SECRET_KEY",
    "DATABASE_URL",
    "REDIS_URL",
    "CELERY_BROKER_URL",
    "KRUCARE_BASE_DOMAIN",
    "KRUCARE_ENCRYPTION_KEYS",
]


@pytest.fixture
def trap() -> Iterator[int]:
    """A port that accepts TCP connections and records them; the test must leave it untouched."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen(16)
        listener.setblocking(False)
        yield listener.getsockname()[1]
        try:
            connection, address = listener.accept()
        except BlockingIOError:
            return
        connection.close()
        pytest.fail(f"something connected to the placeholder server from {address}")


def _env(port: int, tmp_path: Path, **overrides: str | None) -> dict[str, str]:
    """A clean production environment (nothing inherited from the test process but PATH)."""
    env: dict[str, str | None] = {
        "PATH": "/usr/local/bin:/usr/bin:/bin",
        "PYTHONPATH": str(ROOT / "platform"),
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(64),
        "DATABASE_URL": f"postgres://krucare:secret@127.0.0.1:{port}/krucare",
        "REDIS_URL": f"redis://127.0.0.1:{port}/0",
        "CELERY_BROKER_URL": f"redis://127.0.0.1:{port}/1",
        "KRUCARE_BASE_DOMAIN": "krucare.example",
        "KRUCARE_ENCRYPTION_KEYS": FERNET_KEYS,
        "STATIC_ROOT": str(tmp_path / "static"),
        "MEDIA_ROOT": str(tmp_path / "media"),
        # Where an embedded PostgreSQL would put its data, were one ever started.
        "KRUCARE_VAR_DIR": str(tmp_path / "var"),
        **overrides,
    }
    return {key: value for key, value in env.items() if value is not None}


def _run(args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=120,
        check=False,
    )


def _check_deploy(env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return _run(["manage.py", "check", "--deploy", "--fail-level", "WARNING"], env)


def test_check_deploy_reports_no_issues(trap: int, tmp_path: Path) -> None:
    result = _check_deploy(_env(trap, tmp_path))
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert "System check identified no issues" in result.stdout, output
    assert "WARNING" not in output
    assert not (tmp_path / "var").exists()  # no embedded PostgreSQL


@pytest.mark.parametrize("name", REQUIRED)
def test_missing_variable_stops_with_a_clear_message(name: str, trap: int, tmp_path: Path) -> None:
    result = _check_deploy(_env(trap, tmp_path, **{name: None}))
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert f"{name} is not set" in result.stderr, result.stderr
    assert not (tmp_path / "var").exists()  # in particular, no embedded PostgreSQL


@pytest.mark.parametrize(
    ("name", "value", "message"),
    [
        (
            "DJANGO_SECRET_KEY",
            "krucare-insecure-development-key-change-me",
            "development default or too weak",
        ),
        ("DJANGO_SECRET_KEY", "short", "development default or too weak"),
        ("CELERY_BROKER_URL", "filesystem://", "CELERY_BROKER_URL must be a URL"),
        ("REDIS_URL", "locmem://", "REDIS_URL must be a URL"),
        ("DATABASE_URL", "sqlite:///db.sqlite3", "DATABASE_URL must be a URL"),
        ("KRUCARE_ENCRYPTION_KEYS", "not-a-key", "KRUCARE_ENCRYPTION_KEYS must be Fernet keys"),
        ("KRUCARE_ENCRYPTION_KEYS", f"{FERNET_KEYS},short", "must be Fernet keys"),
    ],
)
def test_unusable_value_stops_with_a_clear_message(
    name: str, value: str, message: str, trap: int, tmp_path: Path
) -> None:
    result = _check_deploy(_env(trap, tmp_path, **{name: value}))
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert message in result.stderr, result.stderr


PROBE = """
import json, logging
import django
django.setup()
from django.conf import settings as s
print(json.dumps({
    "DEBUG": s.DEBUG,
    "ALLOWED_HOSTS": s.ALLOWED_HOSTS,
    "CSRF_TRUSTED_ORIGINS": s.CSRF_TRUSTED_ORIGINS,
    "USE_X_FORWARDED_HOST": s.USE_X_FORWARDED_HOST,
    "SECURE_PROXY_SSL_HEADER": s.SECURE_PROXY_SSL_HEADER,
    "SECURE_HSTS_SECONDS": s.SECURE_HSTS_SECONDS,
    "SECURE_HSTS_INCLUDE_SUBDOMAINS": s.SECURE_HSTS_INCLUDE_SUBDOMAINS,
    "SESSION_COOKIE_NAME": s.SESSION_COOKIE_NAME,
    "SESSION_COOKIE_DOMAIN": s.SESSION_COOKIE_DOMAIN,
    "CACHE": s.CACHES["default"]["BACKEND"],
    "STATICFILES": s.STORAGES["staticfiles"]["BACKEND"],
    "MEDIA": s.STORAGES["default"]["BACKEND"],
    "EMAIL": [s.EMAIL_HOST, s.EMAIL_PORT, s.EMAIL_HOST_USER, s.EMAIL_HOST_PASSWORD,
              s.EMAIL_USE_TLS, s.EMAIL_USE_SSL],
    "CONN_MAX_AGE": s.DATABASES["default"]["CONN_MAX_AGE"],
}))
logging.getLogger("krucare.probe").warning("line one\\nline two")
"""


def test_settings_come_from_the_environment(trap: int, tmp_path: Path) -> None:
    env = _env(
        trap,
        tmp_path,
        DJANGO_DEBUG="true",  # ignored: production never runs with DEBUG
        DJANGO_EMAIL_URL="smtp+tls://mailer%40krucare.example:p%40ss@smtp.example:2525",
        DATABASE_CONN_MAX_AGE="0",
    )
    result = _run(["-c", PROBE], env)
    assert result.returncode == 0, result.stderr
    settings_line, log_line = result.stdout.strip().splitlines()
    values = json.loads(settings_line)
    assert values == {
        "DEBUG": False,
        "ALLOWED_HOSTS": ["krucare.example", ".krucare.example"],
        "CSRF_TRUSTED_ORIGINS": [],
        "USE_X_FORWARDED_HOST": False,
        "SECURE_PROXY_SSL_HEADER": ["HTTP_X_FORWARDED_PROTO", "https"],
        "SECURE_HSTS_SECONDS": 31536000,
        "SECURE_HSTS_INCLUDE_SUBDOMAINS": True,
        "SESSION_COOKIE_NAME": "__Host-sessionid",
        "SESSION_COOKIE_DOMAIN": None,
        "CACHE": "django.core.cache.backends.redis.RedisCache",
        "STATICFILES": "whitenoise.storage.CompressedManifestStaticFilesStorage",
        "MEDIA": "django_tenants.files.storage.TenantFileSystemStorage",
        "EMAIL": ["smtp.example", 2525, "mailer@krucare.example", "p@ss", True, False],
        "CONN_MAX_AGE": 0,
    }
    record = json.loads(log_line)  # one record, one line, even with a line break in it
    assert record["level"] == "WARNING"
    assert record["logger"] == "krucare.probe"
    assert record["msg"] == "line one\nline two"


SECURITY_PROBE = """
import json
import django
django.setup()
from django.conf import settings as s
from core.encryption import decrypt, encrypt
print(json.dumps({
    "KRUCARE_WEBHOOKS_ALLOW_LOOPBACK": s.KRUCARE_WEBHOOKS_ALLOW_LOOPBACK,
    "KRUCARE_ENCRYPTION_KEYS": s.KRUCARE_ENCRYPTION_KEYS,
    "round_trip": decrypt(encrypt("whsec_x")),
}))
"""


def test_webhook_loopback_is_off_and_the_encryption_keys_come_from_the_environment(
    trap: int, tmp_path: Path
) -> None:
    env = _env(trap, tmp_path, KRUCARE_WEBHOOKS_ALLOW_LOOPBACK="true")  # ignored in production
    result = _run(["-c", SECURITY_PROBE], env)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == {
        "KRUCARE_WEBHOOKS_ALLOW_LOOPBACK": False,
        "KRUCARE_ENCRYPTION_KEYS": FERNET_KEYS.split(","),
        "round_trip": "whsec_x",
    }
    assert not (tmp_path / "var").exists()  # no development key was made
