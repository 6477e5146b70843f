"""Settings shared by every environment. Environment variables override; see README."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import dj_database_url
import django_stubs_ext
from celery.schedules import crontab
from csp.constants import NONE, SELF
from django.utils.translation import gettext_lazy as _

from config import embedded

# Django's classes take type arguments at run time too (`admin.ModelAdmin[Person]`), as mypy's
# strict mode wants them written.
django_stubs_ext.monkeypatch()

BASE_DIR = Path(__file__).resolve().parents[3]
PLATFORM_DIR = BASE_DIR / "platform"


def env_bool(name: str, default: bool = False) -> bool:
    return os.environ.get(name, str(default)).strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


# True only under config.settings.production: demo commands refuse to run there.
KRUCARE_PRODUCTION = False
SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "krucare-insecure-development-key-change-me")
DEBUG = env_bool("DJANGO_DEBUG", False)

# The central site answers on these hosts; each office answers on <slug>.<base domain>.
KRUCARE_BASE_DOMAIN = os.environ.get("KRUCARE_BASE_DOMAIN", "localhost")
KRUCARE_CENTRAL_HOSTS = env_list("KRUCARE_CENTRAL_HOSTS", KRUCARE_BASE_DOMAIN)
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", f"{KRUCARE_BASE_DOMAIN},.{KRUCARE_BASE_DOMAIN}")

# --- Applications -------------------------------------------------------------------------
# Users, groups (roles), sessions, admin log and login-attempt records exist in *both* the
# public schema and every office schema, so an account lives in exactly one of them.
_PER_SCHEMA_APPS = [
    "django.contrib.contenttypes",
    "django.contrib.auth",
    "django.contrib.sessions",
    "django.contrib.admin",
    "axes",
    # Two-factor sign-in (issue 11): devices and recovery codes belong to a schema's users.
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "accounts",
    "audit",
    # Machine clients (issue 12: below the API and webhooks, which both use them).
    "clients",
    "api",
    "webhooks",
    "outbox",
]

SHARED_APPS = [
    "django_tenants",
    "tenants",
    *_PER_SCHEMA_APPS,
    "django.contrib.messages",
    # Issue 11 (7): runserver serves static files through WhiteNoise, as production does,
    # instead of Django's static view (which answered `/static/..%2f…` with a 500).
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "core",
    "central",
    "backups",
    # Demo and synthetic data and the development commands (load_demo, rundev): the top layer.
    "devdata",
    "django_prometheus",
]

# The welfare services: in every office schema, never in public.
TENANT_APPS = [
    *_PER_SCHEMA_APPS,
    "apps.people",
    "apps.payroll",
    "apps.onestop",
    "apps.delegations",
    "apps.committees",
    "apps.idcards",
    "apps.reimbursements",
    "apps.certificates",
    "apps.welfareshop",
    "apps.revolvingfund",
    "apps.healthchecks",
    # The annual report (issue 15): reads the services' sections through the module registry.
    "apps.reports",
]

INSTALLED_APPS = SHARED_APPS + [app for app in TENANT_APPS if app not in SHARED_APPS]

TENANT_MODEL = "tenants.Office"
TENANT_DOMAIN_MODEL = "tenants.Domain"
PUBLIC_SCHEMA_NAME = "public"
# The template every office schema is cloned from; migrated with every deploy.
KRUCARE_TEMPLATE_SCHEMA = "esa_template"
# Office schemas cloned ahead of need, renamed when an office is created (tenants.spares).
KRUCARE_SPARE_OFFICES = int(os.environ.get("KRUCARE_SPARE_OFFICES", "2"))
TENANT_LIMIT_SET_CALLS = True
# How often a process asks the database whether offices or domains changed (tenants.routing).
KRUCARE_ROUTING_RECHECK_SECONDS = float(os.environ.get("KRUCARE_ROUTING_RECHECK_SECONDS", "2"))

AUTH_USER_MODEL = "accounts.User"

MIDDLEWARE = [
    # Request id, log context and the requests counted by office (core.observability): first,
    # so that what it counts and tags is the answer the client gets.
    "core.observability.RequestObservabilityMiddleware",
    # Issue 11 (7): above everything else, so a database that refuses connections anywhere
    # below (routing included) answers 503, not 500.
    "core.middleware.DatabaseUnavailableMiddleware",
    "django_prometheus.middleware.PrometheusBeforeMiddleware",
    "tenants.middleware.OfficeRoutingMiddleware",
    "api.middleware.ApiCallLogMiddleware",
    # Issue 14: every /api/ answer is the API's JSON (errors included) with its rate limit.
    "api.middleware.ApiResponseMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # Issue 11 (5): the Content-Security-Policy below on every response.
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Issue 11 (5): below WhiteNoise, so static files keep their own caching.
    "core.middleware.PrivateCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "core.middleware.ThaiFirstLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    # Issue 11 (6): a request larger than its view takes is refused before its body is read
    # (the CSRF check below would read it all).
    "core.uploads.UploadLimitMiddleware",
    # Issue 11 (4): the CSRF secret bound to the host that issued it (just above Django's).
    "core.middleware.CsrfHostBindingMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # Two-factor sign-in and session policy (issue 11): after auth and messages.
    "django_otp.middleware.OTPMiddleware",
    "accounts.middleware.SessionActivityMiddleware",
    "accounts.middleware.SecondFactorMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "axes.middleware.AxesMiddleware",
    "django_prometheus.middleware.PrometheusAfterMiddleware",
]
# `/metrics` on the central host answers only to `Authorization: Bearer <this>` when set.
KRUCARE_METRICS_TOKEN = os.environ.get("KRUCARE_METRICS_TOKEN", "")

ROOT_URLCONF = "config.urls_office"
PUBLIC_SCHEMA_URLCONF = "config.urls_central"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        # Issue 11 (5): Django's admin index and app list over django-tenants' inline-styled ones.
        "DIRS": [PLATFORM_DIR / "core" / "template_overrides"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "tenants.context_processors.site",
            ],
        },
    },
]

WSGI_APPLICATION = "config.wsgi.application"

# --- Database -----------------------------------------------------------------------------
DATABASES = {
    "default": dj_database_url.parse(
        embedded.database_url(),
        conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
# django-tenants' backend, plus: a connection is recycled once it has set its search_path to
# KRUCARE_CONN_MAX_SCHEMAS different schemas (each office's tables fill the server process's
# catalog caches, freed only when it ends; issue 21). 0 turns the limit off.
DATABASES["default"]["ENGINE"] = "tenants.postgresql_backend"
KRUCARE_CONN_MAX_SCHEMAS = int(os.environ.get("KRUCARE_CONN_MAX_SCHEMAS", "100"))
if os.environ.get("DATABASE_NAME"):  # e.g. a test worker pointed at the test database
    DATABASES["default"]["NAME"] = os.environ["DATABASE_NAME"]
DATABASE_ROUTERS = ["django_tenants.routers.TenantSyncRouter"]
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache: keys carry the schema so no office reads another's entries ---------------------
_CACHE_BACKEND = (
    "django.core.cache.backends.redis.RedisCache"
    if os.environ.get("REDIS_URL")
    else "django.core.cache.backends.locmem.LocMemCache"
)
CACHES: dict[str, dict[str, Any]] = {
    "default": {
        "BACKEND": _CACHE_BACKEND,
        "LOCATION": os.environ.get("REDIS_URL", "krucare"),
        "KEY_FUNCTION": "django_tenants.cache.make_key",
        "REVERSE_KEY_FUNCTION": "django_tenants.cache.reverse_key",
    },
}

# --- Authentication -----------------------------------------------------------------------
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "/"  # the home of whichever site (central or office) signed in
LOGOUT_REDIRECT_URL = "accounts:login"

# Repeated failed logins lock the username from that address out for a while (django-axes).
AXES_FAILURE_LIMIT = int(os.environ.get("KRUCARE_LOGIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = float(os.environ.get("KRUCARE_LOGIN_COOLOFF_HOURS", "0.25"))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False

# Cookies are host-only (no Domain attribute): an office's session never reaches another host.
SESSION_COOKIE_DOMAIN = None
CSRF_COOKIE_DOMAIN = None
CSRF_FAILURE_VIEW = "api.errors.csrf_failure"  # the API's JSON error under /api/, else the page
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_AGE = 60 * 60 * 10  # a working day

# --- Two-factor sign-in, sessions, audit alerts (issue 11) --------------------------------
# Roles that approve or pay, administer an office or run the platform must use a second factor
# (TOTP, with recovery codes); so must anyone who can open an admin site (staff, superusers).
KRUCARE_TWO_FACTOR_ROLES = ("office_admin", "finance_officer", "approver", "platform_operator")
KRUCARE_TOTP_ISSUER = "KruCare"
OTP_TOTP_THROTTLE_FACTOR = 1  # a wrong code doubles the wait before the next try: 1, 2, 4 s…
OTP_STATIC_THROTTLE_FACTOR = 1
# A session ends after this long without a request; SESSION_COOKIE_AGE stays the absolute limit.
KRUCARE_SESSION_IDLE_MINUTES = float(os.environ.get("KRUCARE_SESSION_IDLE_MINUTES", "30"))
# How often a session's "last seen" is written (a request in between writes nothing).
KRUCARE_SESSION_SEEN_EVERY_SECONDS = 60
# Alerts to the office administrators: rows of personal data one user exports in a day, and
# failed sign-ins (password, second factor, lockouts) in one schema within an hour.
KRUCARE_EXPORT_ALERT_ROWS = int(os.environ.get("KRUCARE_EXPORT_ALERT_ROWS", "10000"))
KRUCARE_FAILED_SIGNIN_ALERT = int(os.environ.get("KRUCARE_FAILED_SIGNIN_ALERT", "20"))

EMAIL_BACKEND = os.environ.get(
    "DJANGO_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend"
)
DEFAULT_FROM_EMAIL = os.environ.get("DJANGO_DEFAULT_FROM_EMAIL", "KruCare <no-reply@krucare.local>")

# --- Issue 11 (5): Content-Security-Policy (django-csp) ---------------------------------------
# Scripts, styles, fonts and images from the site's own static files only: no inline <script>,
# no on*= handlers, no style= attributes or <style> elements, no eval (htmx's is switched off in
# core/static/core/krucare.js). `data:` images are Pico's form icons. Enforced in every
# environment; tests/security/ crawls every page for the header and drives Chromium through
# the main pages listening for violations. Uploaded files get `sandbox` on top (core.uploads).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [NONE],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}

# --- Issue 11 (6): uploads ------------------------------------------------------------------
# The largest request body a view takes unless it says otherwise (core.uploads.upload_limit).
KRUCARE_REQUEST_MAX_BYTES = int(os.environ.get("KRUCARE_REQUEST_MAX_BYTES", 11 * 1024 * 1024))

# --- Language, time -----------------------------------------------------------------------
LANGUAGE_CODE = "th"
LANGUAGES = [("th", _("Thai")), ("en", _("English"))]
LOCALE_PATHS = [PLATFORM_DIR / "locale"]
USE_I18N = True
TIME_ZONE = "Asia/Bangkok"
USE_TZ = True

# --- Static files: the project's own, never a CDN ------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / ".var" / "staticfiles"
STATICFILES_DIRS: list[Path] = []
MEDIA_ROOT = BASE_DIR / ".var" / "media"
MEDIA_URL = "/media/"
STORAGES = {
    "default": {"BACKEND": "django_tenants.files.storage.TenantFileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
MULTITENANT_RELATIVE_MEDIA_ROOT = "%s"

# --- REST framework -----------------------------------------------------------------------
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "api.authentication.BearerTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_THROTTLE_CLASSES": ["api.throttling.ClientRateThrottle"],
    "DEFAULT_SCHEMA_CLASS": "api.schema.ContractAutoSchema",
    "DEFAULT_PAGINATION_CLASS": "api.pagination.CursorPagination",
    "EXCEPTION_HANDLER": "api.errors.exception_handler",
    "DEFAULT_METADATA_CLASS": "api.metadata.ApiMetadata",
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    # JSON only: the contract declares JSON bodies, and a form or multipart body is a 415.
    "DEFAULT_PARSER_CLASSES": ["api.parsers.JSONParser"],
    "DATETIME_FORMAT": "iso-8601",
    "DATE_FORMAT": "iso-8601",
    "COERCE_DECIMAL_TO_STRING": True,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "KruCare API",
    "DESCRIPTION": (
        "The API of one area office (on its host) or of the central site. Dates are ISO 8601 "
        "(C.E.); money is a string with two decimals. Errors: {code, message, fields}."
    ),
    # PEP 440 / SemVer (generated clients take it as their package version); the path's "v1"
    # is in x-api-version.
    "VERSION": "1.0.0",
    "EXTENSIONS_INFO": {"x-api-version": "v1"},
    # OpenAPI 3.1: nullable references are `oneOf: [{$ref}, {type: null}]` (JSON Schema), and a
    # machine client's scopes can be named on its bearer scheme (api.schema).
    "OAS_VERSION": "3.1.0",
    "SERVE_INCLUDE_SCHEMA": False,
    # Swagger UI from the project's own static files (drf-spectacular-sidecar), never a CDN.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "api.schema.postprocess_security",
        "api.schema_links.add_links",
        "api.schema_responses.add_rate_limit_and_auth_responses",
        "api.schema_responses.declare_query_parameter_bounds",
        "api.schema_responses.declare_format_patterns",
    ],
}

# --- Celery -------------------------------------------------------------------------------
CELERY_BROKER_URL = embedded.broker_url()
CELERY_RESULT_BACKEND = os.environ.get("CELERY_RESULT_BACKEND") or None
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TIMEZONE = TIME_ZONE
# Every task is stopped after CELERY_TASK_TIME_LIMIT seconds (tasks that need less say so in
# their decorator); no task waits in a worker for longer than KRUCARE_TASK_MAX_COUNTDOWN before
# it runs (longer waits are left to the sweeps, which re-send what is due).
CELERY_TASK_TIME_LIMIT = 300
CELERY_TASK_SOFT_TIME_LIMIT = 280
KRUCARE_TASK_MAX_COUNTDOWN = 300
# Redis gives a message that a worker took but never acknowledged (the worker was killed) to
# another worker after the visibility timeout. It must outlast the longest a message can be
# held unacknowledged by a live worker, waiting for its countdown and then running (else a
# running task is handed out twice), and be short so a killed worker's message does not wait
# kombu's default hour: the longest task and the longest countdown, plus a minute.
KRUCARE_BROKER_VISIBILITY_TIMEOUT = CELERY_TASK_TIME_LIMIT + KRUCARE_TASK_MAX_COUNTDOWN + 60
if CELERY_BROKER_URL.startswith("filesystem"):
    CELERY_BROKER_TRANSPORT_OPTIONS = embedded.filesystem_broker_options()
elif CELERY_BROKER_URL.startswith(("redis", "rediss", "sentinel")):
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "visibility_timeout": KRUCARE_BROKER_VISIBILITY_TIMEOUT,
        # Web requests that send a task must not hang on an unreachable Redis.
        "socket_connect_timeout": 2,
        "socket_timeout": 5,
    }
else:  # RabbitMQ: unacknowledged messages return when the worker's connection closes
    CELERY_BROKER_TRANSPORT_OPTIONS = {}
# Sending a task gives up after about a second when the broker is down (the caller reports it).
CELERY_BROKER_CONNECTION_TIMEOUT = 2
CELERY_TASK_PUBLISH_RETRY_POLICY = {
    "max_retries": 2,
    "interval_start": 0,
    "interval_step": 0.5,
    "interval_max": 0.5,
}
CELERY_BEAT_SCHEDULE: dict[str, dict[str, object]] = {
    # Every office's indicators into the central tables, at night (Bangkok time).
    "central-collect-indicators": {
        "task": "central.tasks.collect_all_task",
        "schedule": crontab(hour=2, minute=15),
    },
    # Offices whose collection went missing (a lost message, a night without beat): hourly.
    "central-collection-sweep": {
        "task": "central.tasks.collection_sweep_task",
        "schedule": crontab(minute=45),
    },
    # New webhook deliveries from the outboxes of the offices that have subscriptions, and
    # lost ones re-sent: one task for every office.
    # Spare office schemas, so that creating an office renames one instead of cloning.
    "tenants-spares-refill": {
        "task": "tenants.tasks.spares_refill_task",
        "schedule": crontab(minute="*/10"),
    },
    # The benchmark exports of the current data version, rendered before anyone asks: hourly.
    "central-prepare-exports": {
        "task": "central.tasks.prepare_exports_task",
        "schedule": crontab(minute=55),
    },
    "webhooks-dispatch": {"task": "webhooks.tasks.webhooks_dispatch_all_task", "schedule": 10.0},
}
CELERY_BEAT_SCHEDULE_FILENAME = str(embedded.VAR_DIR / "celerybeat-schedule")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("KRUCARE_LOG_LEVEL", "INFO")},
    "loggers": {
        "django_tenants": {"level": "WARNING"},
        "pgserver": {"level": "WARNING"},
        # fpdf2 subsets the Sarabun font with fontTools, which logs every step at INFO.
        "fontTools": {"level": "WARNING"},
    },
}

# --- Webhooks -------------------------------------------------------------------------------
# Deliveries go over HTTPS to public addresses only (webhooks.targets). Plain HTTP to a
# receiver on this machine (loopback) is for development and tests: local and test settings
# turn it on; production forces it off.
KRUCARE_WEBHOOKS_ALLOW_LOOPBACK = env_bool("KRUCARE_WEBHOOKS_ALLOW_LOOPBACK", False)

# --- Secrets at rest ------------------------------------------------------------------------
# Fernet keys, newest first, comma separated (core.encryption): secrets the platform must read
# back (webhook signing secrets) are encrypted with the first and read with any. Production
# requires KRUCARE_ENCRYPTION_KEYS; elsewhere a key made once per checkout is kept in
# <var dir>/encryption.key (it goes with the embedded database in the same folder).


def _development_encryption_keys() -> list[str]:
    path = embedded.VAR_DIR / "encryption.key"
    if not path.exists():
        import base64
        import secrets

        path.parent.mkdir(parents=True, exist_ok=True)
        draft = path.with_name(f"encryption.key.{os.getpid()}")
        draft.write_text(base64.urlsafe_b64encode(secrets.token_bytes(32)).decode() + "\n")
        draft.chmod(0o600)
        try:
            os.link(draft, path)  # atomic: of two processes starting together, one key wins
        except FileExistsError:
            pass
        finally:
            draft.unlink()
    return [path.read_text().strip()]


KRUCARE_ENCRYPTION_KEYS = env_list("KRUCARE_ENCRYPTION_KEYS") or _development_encryption_keys()
