"""Gunicorn for the KruCare web process: `gunicorn --config deploy/gunicorn.conf.py config.wsgi`.

Every value can be overridden from the environment (deploy/README.md lists the variables).
Sync workers: the reverse proxy buffers slow clients, and each worker keeps one persistent
PostgreSQL connection, so web processes x workers must fit the database's connection limit.
"""

from __future__ import annotations

import json
import logging
import os
import tempfile
from datetime import UTC, datetime
from pathlib import Path
from typing import Any


def _cpu_count() -> int:
    """CPUs this container may use: the CPU set, capped by a cgroup v2 quota if there is one."""
    count = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    count = count or 1
    try:
        quota, period = Path("/sys/fs/cgroup/cpu.max").read_text().split()
        if quota != "max":
            count = min(count, max(1, -(-int(quota) // int(period))))  # ceil(quota / period)
    except (OSError, ValueError):
        pass
    return count


bind = os.environ.get("GUNICORN_BIND", "0.0.0.0:8000")  # noqa: S104 - inside the container
workers = int(os.environ.get("WEB_CONCURRENCY") or 2 * _cpu_count() + 1)
worker_class = "sync"
# Requests slower than this are aborted and the worker restarted; the proxy waits a bit longer.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "60"))
graceful_timeout = int(os.environ.get("GUNICORN_GRACEFUL_TIMEOUT", "30"))
# Recycle workers now and then (bounded memory growth), staggered so they never all restart.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "2000"))
max_requests_jitter = int(os.environ.get("GUNICORN_MAX_REQUESTS_JITTER", "200"))
# Heartbeat files in memory, not on the container's overlay filesystem.
worker_tmp_dir = "/dev/shm" if Path("/dev/shm").is_dir() else None  # noqa: S108
# Addresses allowed to set X-Forwarded-Proto for gunicorn's own wsgi.url_scheme (Django reads
# the header itself, see SECURE_PROXY_SSL_HEADER). "*" only when nothing but the proxy can
# reach this port, as in deploy/compose.yaml.
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1,::1")
# Long admin filter URLs: as long as the proxy's request-line buffer (8k).
limit_request_line = 8190


# --- Control socket (gunicornc) --------------------------------------------------------------
# Gunicorn 25+ opens a control socket in $XDG_RUNTIME_DIR or $HOME/.gunicorn/. The image's
# HOME is made writable (deploy/Dockerfile), but where neither is (a read-only HOME, a
# service account), gunicorn would log a "Failed to start control socket" error at every
# start: use GUNICORN_CONTROL_SOCKET, else the first writable of those places, else none.
def _writable_folder(folder: Path) -> bool:
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        return False
    return os.access(folder, os.W_OK | os.X_OK)


def _control_socket() -> str | None:
    chosen = os.environ.get("GUNICORN_CONTROL_SOCKET", "").strip()
    if chosen:
        return None if chosen.lower() in {"off", "none", "no", "false", "0"} else chosen
    runtime = os.environ.get("XDG_RUNTIME_DIR", "").strip()
    candidates = [Path(runtime)] if runtime else []
    candidates.append(Path(os.path.expanduser("~")) / ".gunicorn")
    for folder in candidates:
        if _writable_folder(folder):
            return str(folder / "gunicorn.ctl")
    return None


_socket = _control_socket()
if _socket is None:
    control_socket_disable = True
else:
    control_socket = _socket


# --- Prometheus: the workers' metrics, gathered from every worker by /metrics ---------------
# prometheus_client's multiprocess mode: each worker writes its samples into this folder
# (emptied at start), and a dead worker's live gauges are dropped when it exits.
if not os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
    os.environ["PROMETHEUS_MULTIPROC_DIR"] = tempfile.mkdtemp(prefix="krucare-web-metrics-")


def on_starting(server: Any) -> None:
    folder = Path(os.environ["PROMETHEUS_MULTIPROC_DIR"])
    folder.mkdir(parents=True, exist_ok=True)
    for stale in folder.glob("*.db"):  # a previous run's samples
        stale.unlink(missing_ok=True)


def child_exit(server: Any, worker: Any) -> None:
    from prometheus_client import multiprocess

    multiprocess.mark_process_dead(worker.pid)


# --- Logging: one JSON object per line on stdout, like the Django processes -----------------
accesslog = "-"
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
# Gunicorn escapes double quotes in these values; {host}i is the office's host name.
access_log_format = json.dumps(
    {
        "type": "access",
        "client": "%({x-real-ip}i)s",
        "peer": "%(h)s",
        "host": "%({host}i)s",
        "method": "%(m)s",
        "path": "%(U)s",
        "query": "%(q)s",
        "status": "%(s)s",
        "bytes": "%(B)s",
        "ms": "%(M)s",
        "referer": "%(f)s",
        "agent": "%(a)s",
        "request_id": "%({x-request-id}o)s",
    }
)


class JsonLineFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "ts": datetime.fromtimestamp(record.created, tz=UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "msg": record.getMessage(),
            "pid": record.process,
        }
        if record.exc_info:
            entry["exc"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False, default=str)


class AccessLineFormatter(logging.Formatter):
    """The access line is already JSON: add the timestamp and the worker's pid."""

    def format(self, record: logging.LogRecord) -> str:
        line = record.getMessage()
        try:
            entry = json.loads(line, strict=False)
        except ValueError:  # a value gunicorn did not escape (a backslash): keep the raw line
            entry = {"type": "access", "raw": line}
        stamp = datetime.fromtimestamp(record.created, tz=UTC).isoformat(timespec="milliseconds")
        return json.dumps(
            {"ts": stamp, "level": "INFO", "logger": record.name, "pid": record.process, **entry},
            ensure_ascii=False,
        )


logconfig_dict = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "json": {"()": JsonLineFormatter},
        "access": {"()": AccessLineFormatter},
    },
    "handlers": {
        "stdout": {
            "class": "logging.StreamHandler",
            "stream": "ext://sys.stdout",
            "formatter": "json",
        },
        "access": {
            "class": "logging.StreamHandler",
            "stream": "ext://sys.stdout",
            "formatter": "access",
        },
    },
    "root": {"level": "INFO", "handlers": ["stdout"]},
    "loggers": {
        "gunicorn.error": {"level": loglevel.upper(), "handlers": ["stdout"], "propagate": False},
        "gunicorn.access": {"level": "INFO", "handlers": ["access"], "propagate": False},
    },
}
