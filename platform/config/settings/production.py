"""Production: every value comes from the environment; deploy/README.md lists the variables.

The required variables are checked *before* the base settings are imported: without
`DATABASE_URL` the base settings would start an embedded PostgreSQL, and without
`CELERY_BROKER_URL` Celery would fall back to a broker on the local disk. Neither may happen in
production, so a missing variable stops the process with ImproperlyConfigured instead.

Nothing here opens a connection: `manage.py check --deploy`, `compile_translations` and
`collectstatic` run with placeholder URLs (the image build does exactly that).
"""

from __future__ import annotations

import base64
import binascii
import ipaddress
import json
import logging
import os
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit

from django.core.exceptions import ImproperlyConfigured

REQUIRED_VARIABLES = {
    "DJANGO_SECRET_KEY": "a random string of at least 50 characters, e.g. from "
    "`python -c 'import secrets; print(secrets.token_urlsafe(64))'`",
    "DATABASE_URL": "the PostgreSQL server, e.g. postgres://krucare:PASSWORD@db:5432/krucare",
    "REDIS_URL": "the Redis cache shared by every web process (API rate limits), "
    "e.g. redis://redis:6379/0",
    "CELERY_BROKER_URL": "the Celery broker, Redis (redis://redis:6379/1) or RabbitMQ "
    "(amqp://user:PASSWORD@rabbitmq:5672//)",
    "KRUCARE_BASE_DOMAIN": "the central site's host; offices answer on <slug>.<base domain>, "
    "e.g. krucare.example",
    # Secrets at rest (issue 11): see core.encryption and deploy/README.md.
    "KRUCARE_ENCRYPTION_KEYS": "the key(s) that encrypt stored secrets, newest first, comma "
    "separated, e.g. from `python -c 'from cryptography.fernet import Fernet; "
    "print(Fernet.generate_key().decode())'`",
}
_INSECURE_KEY_PREFIXES = ("krucare-insecure", "django-insecure")
_BROKER_SCHEMES = {"redis", "rediss", "amqp", "amqps", "pyamqp"}
_CACHE_SCHEMES = {"redis", "rediss", "unix"}
_DATABASE_SCHEMES = {"postgres", "postgresql", "pgsql"}


def _is_fernet_key(key: str) -> bool:
    try:
        return len(base64.urlsafe_b64decode(key.encode("ascii"))) == 32
    except (binascii.Error, ValueError, UnicodeEncodeError):
        return False


def _require_environment() -> None:
    """Stop with one message naming every missing or unusable variable."""
    problems = [
        f"{name} is not set: {hint}."
        for name, hint in REQUIRED_VARIABLES.items()
        if not os.environ.get(name, "").strip()
    ]
    key = os.environ.get("DJANGO_SECRET_KEY", "").strip()
    if key and (key.startswith(_INSECURE_KEY_PREFIXES) or len(key) < 50 or len(set(key)) < 5):
        problems.append(
            "DJANGO_SECRET_KEY is the development default or too weak: use a random string "
            "of at least 50 characters."
        )
    # Secrets at rest (issue 11): every key a Fernet key (32 bytes, URL-safe base64).
    keys = [k.strip() for k in os.environ.get("KRUCARE_ENCRYPTION_KEYS", "").split(",")]
    if any(keys) and not all(_is_fernet_key(key) for key in keys):
        problems.append(
            "KRUCARE_ENCRYPTION_KEYS must be Fernet keys (44 characters of URL-safe base64, "
            "32 bytes), comma separated, newest first."
        )
    for name, schemes in (
        ("DATABASE_URL", _DATABASE_SCHEMES),
        ("REDIS_URL", _CACHE_SCHEMES),
        ("CELERY_BROKER_URL", _BROKER_SCHEMES),
    ):
        value = os.environ.get(name, "").strip()
        scheme = value.split("://", 1)[0].lower() if "://" in value else ""
        if value and scheme not in schemes:
            problems.append(
                f"{name} must be a URL with one of the schemes {', '.join(sorted(schemes))} "
                f"(got {scheme or value[:20]!r})."
            )
    if problems:
        raise ImproperlyConfigured(
            "KruCare production settings (config.settings.production) cannot start:\n  "
            + "\n  ".join(problems)
        )


_require_environment()

from .base import *  # noqa: E402, F403
from .base import BASE_DIR, DATABASES, env_bool, env_list  # noqa: E402

DEBUG = False
KRUCARE_PRODUCTION = True  # demo commands (load_demo, synthesize_offices) refuse to run
SECRET_KEY = os.environ["DJANGO_SECRET_KEY"].strip()
# Old keys, comma separated, while rotating: sessions and signed links made with them stay valid.
SECRET_KEY_FALLBACKS = env_list("DJANGO_SECRET_KEY_FALLBACKS")

# --- Hosts ----------------------------------------------------------------------------------
KRUCARE_BASE_DOMAIN = os.environ["KRUCARE_BASE_DOMAIN"].strip().lower()
KRUCARE_CENTRAL_HOSTS = [
    host.lower() for host in env_list("KRUCARE_CENTRAL_HOSTS", KRUCARE_BASE_DOMAIN)
]
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", f"{KRUCARE_BASE_DOMAIN},.{KRUCARE_BASE_DOMAIN}")
# Tenant routing reads the Host header only; the reverse proxy passes it through unchanged.
# X-Forwarded-Host must never choose the office.
USE_X_FORWARDED_HOST = False
USE_X_FORWARDED_PORT = False
# How often each process asks the database whether offices or domains changed.
KRUCARE_ROUTING_RECHECK_SECONDS = float(os.environ.get("KRUCARE_ROUTING_RECHECK_SECONDS", "2"))

# --- HTTPS ----------------------------------------------------------------------------------
# The reverse proxy terminates TLS and sets X-Forwarded-Proto. It must OVERWRITE the header
# (nginx: `proxy_set_header X-Forwarded-Proto $scheme;`), never append to or pass on a value
# the client sent, and the app server must not be reachable except through the proxy:
# Django believes this header from whoever sends it.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
# Probes and Prometheus talk plain HTTP to the app server directly.
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$", r"^metrics$"]
# Every office is a subdomain of the base domain, all served over HTTPS, so HSTS can and
# should cover the subdomains.
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "31536000"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
# Preloading is a commitment of the whole domain to browsers' lists that is slow to undo; the
# domain's owner opts in with SECURE_HSTS_PRELOAD=true. Until then the reminder is silenced.
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", False)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# Cookies are host-only (base settings) and secure. The `__Host-` prefix makes browsers refuse
# any such cookie set with a Domain attribute, so one office's pages cannot plant a session or
# CSRF cookie for another office (cookie tossing between sibling subdomains).
SESSION_COOKIE_SECURE = True
SESSION_COOKIE_NAME = "__Host-sessionid"
CSRF_COOKIE_SECURE = True
CSRF_COOKIE_HTTPONLY = True  # templates carry the token; no script reads the cookie
CSRF_COOKIE_NAME = "__Host-csrftoken"
LANGUAGE_COOKIE_SECURE = True
# Same-origin posts need no entry here (Django compares Origin with the request's own host).
# Listing the offices' wildcard would let any office's pages post to every other office, so
# the default is empty; add origins only for a deliberate cross-host form.
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

_SILENCED = [] if SECURE_HSTS_PRELOAD else ["security.W021"]
SILENCED_SYSTEM_CHECKS = _SILENCED + env_list("DJANGO_SILENCED_SYSTEM_CHECKS")

# --- Webhooks (issue 11) --------------------------------------------------------------------
# Never to this machine's or the cluster's own services, whatever the environment says.
KRUCARE_WEBHOOKS_ALLOW_LOOPBACK = False

# --- Database -------------------------------------------------------------------------------
# The base settings parsed DATABASE_URL (query options such as ?sslmode=require pass through).
# With PgBouncer, use SESSION pooling only: django-tenants sets search_path per connection.
DATABASES["default"]["CONN_MAX_AGE"] = int(os.environ.get("DATABASE_CONN_MAX_AGE", "60"))
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
# Parallel processes of `migrate_offices` (django-tenants' multiprocessing executor).
TENANT_MULTIPROCESSING_MAX_PROCESSES = int(
    os.environ.get("TENANT_MULTIPROCESSING_MAX_PROCESSES", "4")
)

# --- Cache: one Redis for every process (the API's rate limits count in it) ----------------
# Nothing depends on it for correctness: routing reads the database, and the rate limits
# count per process while Redis cannot be reached. Short timeouts keep an unreachable Redis
# from holding requests up.
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": os.environ["REDIS_URL"].strip(),
        "KEY_FUNCTION": "django_tenants.cache.make_key",
        "REVERSE_KEY_FUNCTION": "django_tenants.cache.reverse_key",
        "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
    }
}

# --- Client address for login lockouts ------------------------------------------------------
# Behind the proxy REMOTE_ADDR is the proxy's own address, so every user would share one IP
# in django-axes. KRUCARE_CLIENT_IP_HEADER names a header the proxy overwrites with the
# client's address (deploy/nginx/krucare.conf sets X-Real-IP); unset, REMOTE_ADDR is used.
_CLIENT_IP_META = os.environ.get("KRUCARE_CLIENT_IP_HEADER", "").strip()
_CLIENT_IP_META = "HTTP_" + _CLIENT_IP_META.upper().replace("-", "_") if _CLIENT_IP_META else ""


def client_ip(request: Any) -> str | None:
    """The client's address from the proxy's header, or REMOTE_ADDR if absent or malformed."""
    value = request.META.get(_CLIENT_IP_META, "").split(",")[-1].strip()
    try:
        return str(ipaddress.ip_address(value))
    except ValueError:
        remote: str | None = request.META.get("REMOTE_ADDR")
        return remote


if _CLIENT_IP_META:
    AXES_CLIENT_IP_CALLABLE = client_ip

# --- Static and uploaded files --------------------------------------------------------------
# collectstatic runs when the image is built; WhiteNoise serves the hashed, compressed files.
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", "/app/staticfiles"))
# Office files live under MEDIA_ROOT/<schema>/ (django-tenants' TenantFileSystemStorage).
# Every web and worker process must see the same directory (a shared volume).
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", "/app/media"))
STORAGES = {
    "default": {"BACKEND": "django_tenants.files.storage.TenantFileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# --- E-mail ---------------------------------------------------------------------------------
# DJANGO_EMAIL_URL, e.g. smtp+tls://user:password@smtp.example:587 (smtp://, smtp+tls://,
# smtps:// or smtp+ssl://, console://), or the separate EMAIL_* variables.
_EMAIL_SCHEMES = {
    "smtp": (False, False, 25),
    "smtp+tls": (True, False, 587),
    "submission": (True, False, 587),
    "smtps": (False, True, 465),
    "smtp+ssl": (False, True, 465),
}


def _email_settings(url: str) -> dict[str, Any]:
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    if scheme == "console":
        return {"EMAIL_BACKEND": "django.core.mail.backends.console.EmailBackend"}
    if scheme not in _EMAIL_SCHEMES:
        raise ImproperlyConfigured(
            f"DJANGO_EMAIL_URL: unknown scheme {scheme!r}; use one of "
            f"{', '.join(sorted(_EMAIL_SCHEMES))} or console."
        )
    use_tls, use_ssl, port = _EMAIL_SCHEMES[scheme]
    query = {key: values[-1] for key, values in parse_qs(parts.query).items()}
    return {
        "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "EMAIL_HOST": parts.hostname or "localhost",
        "EMAIL_PORT": parts.port or port,
        "EMAIL_HOST_USER": unquote(parts.username or ""),
        "EMAIL_HOST_PASSWORD": unquote(parts.password or ""),
        "EMAIL_USE_TLS": query.get("tls", str(use_tls)).lower() in {"1", "true", "yes", "on"},
        "EMAIL_USE_SSL": query.get("ssl", str(use_ssl)).lower() in {"1", "true", "yes", "on"},
    }


_EMAIL_URL = os.environ.get("DJANGO_EMAIL_URL", "").strip()
_email: dict[str, Any]
if _EMAIL_URL:
    _email = _email_settings(_EMAIL_URL)
else:
    _email = {
        "EMAIL_BACKEND": os.environ.get(
            "DJANGO_EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend"
        ),
        "EMAIL_HOST": os.environ.get("EMAIL_HOST", "localhost"),
        "EMAIL_PORT": int(os.environ.get("EMAIL_PORT", "25")),
        "EMAIL_HOST_USER": os.environ.get("EMAIL_HOST_USER", ""),
        "EMAIL_HOST_PASSWORD": os.environ.get("EMAIL_HOST_PASSWORD", ""),
        "EMAIL_USE_TLS": env_bool("EMAIL_USE_TLS", False),
        "EMAIL_USE_SSL": env_bool("EMAIL_USE_SSL", False),
    }
if _email.get("EMAIL_USE_TLS") and _email.get("EMAIL_USE_SSL"):
    raise ImproperlyConfigured("E-mail: use TLS (STARTTLS) or SSL, not both.")
EMAIL_BACKEND = str(_email["EMAIL_BACKEND"])
EMAIL_HOST = str(_email.get("EMAIL_HOST", "localhost"))
EMAIL_PORT = int(_email.get("EMAIL_PORT", 25))
EMAIL_HOST_USER = str(_email.get("EMAIL_HOST_USER", ""))
EMAIL_HOST_PASSWORD = str(_email.get("EMAIL_HOST_PASSWORD", ""))
EMAIL_USE_TLS = bool(_email.get("EMAIL_USE_TLS", False))
EMAIL_USE_SSL = bool(_email.get("EMAIL_USE_SSL", False))
# A request that sends mail must not hang on an unreachable server (Django's default: forever).
EMAIL_TIMEOUT = int(os.environ.get("EMAIL_TIMEOUT", "10"))
DEFAULT_FROM_EMAIL = os.environ.get(
    "DJANGO_DEFAULT_FROM_EMAIL", f"KruCare <no-reply@{KRUCARE_BASE_DOMAIN}>"
)
SERVER_EMAIL = os.environ.get("DJANGO_SERVER_EMAIL", DEFAULT_FROM_EMAIL)

# --- Celery ---------------------------------------------------------------------------------
# The broker URL was read by the base settings (embedded.broker_url returns CELERY_BROKER_URL).
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# Keep Django's LOGGING (one JSON line per record) in the worker instead of Celery's format.
CELERY_WORKER_HIJACK_ROOT_LOGGER = False
# Beat's schedule state; the image makes /app/.var writable. Run exactly one beat.
CELERY_BEAT_SCHEDULE_FILENAME = os.environ.get(
    "CELERY_BEAT_SCHEDULE_FILENAME", str(BASE_DIR / ".var" / "celerybeat-schedule")
)


# --- Logging: one JSON object per line on stdout --------------------------------------------
class JsonLineFormatter(logging.Formatter):
    """`{"ts", "level", "logger", "msg", "pid"[, "schema"][, "request_id", "office", "user",
    "task_id", "task"][, "exc"]}` on a single line.

    `schema` is the office schema active on this thread's connection when it is not public;
    `request_id` (also in the response's X-Request-ID), `office`, `user`, `task_id` and `task`
    come from the request or the task being served (core.observability.log_context), so an
    error can be traced to its office, person and request. Tracebacks are escaped into the
    same line.
    """

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "ts": datetime.fromtimestamp(record.created, tz=UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "msg": record.getMessage(),
            "pid": record.process,
        }
        schema = _active_schema()
        if schema:
            entry["schema"] = schema
        entry.update(_log_context())
        if record.exc_info:
            entry["exc"] = self.formatException(record.exc_info)
        if record.stack_info:
            entry["stack"] = self.formatStack(record.stack_info)
        return json.dumps(entry, ensure_ascii=False, default=str)


def _active_schema() -> str | None:
    try:
        from django.db import connection

        schema = getattr(connection, "schema_name", None)
    except Exception:  # logging must never fail
        return None
    return schema if schema and schema != "public" else None


def _log_context() -> dict[str, str]:
    try:
        from core.observability import log_context

        return log_context()
    except Exception:  # logging must never fail (e.g. before the apps are loaded)
        return {}


LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"json": {"()": JsonLineFormatter}},
    "handlers": {
        "stdout": {
            "class": "logging.StreamHandler",
            "stream": "ext://sys.stdout",
            "formatter": "json",
        }
    },
    "root": {"handlers": ["stdout"], "level": os.environ.get("KRUCARE_LOG_LEVEL", "INFO")},
    "loggers": {
        # Django's own handlers (mail_admins, the runserver console) are replaced by stdout.
        "django": {"handlers": ["stdout"], "level": "INFO", "propagate": False},
        "django_tenants": {"level": "WARNING"},
        "pgserver": {"level": "WARNING"},
        # fpdf2 subsets the Sarabun font with fontTools, which logs every step at INFO.
        "fontTools": {"level": "WARNING"},
    },
}
