"""`make run`: migrate, load the demo, then run the web server, a Celery worker and beat.

The settings have already started the embedded PostgreSQL if `DATABASE_URL` is unset, and
exported its URL, so the child processes share it. Ctrl-C stops every child, and the embedded
PostgreSQL if this command started it (one that was already running, say for a test run, and a
real server named by `DATABASE_URL` are left alone).
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand

from config import embedded


class Command(BaseCommand):
    help = "Run the whole system on this machine (web, Celery worker and beat)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--port", type=int, default=int(os.environ.get("PORT", "8000")))
        parser.add_argument("--bind", default=os.environ.get("BIND", "127.0.0.1"))

    def handle(self, *args: Any, **options: Any) -> None:
        call_command("migrate_offices", verbosity=0)
        call_command("load_demo")
        port, bind = options["port"], options["bind"]
        env = {**os.environ, "PYTHONPATH": str(settings.PLATFORM_DIR)}
        celery = [sys.executable, "-m", "celery", "-A", "config.celery"]
        commands = {
            "web": [sys.executable, "manage.py", "runserver", f"{bind}:{port}"],
            "worker": [*celery, "worker", "--loglevel", "INFO", "--concurrency", "2"],
            "beat": [
                *celery,
                "beat",
                "--loglevel",
                "INFO",
                "--schedule",
                settings.CELERY_BEAT_SCHEDULE_FILENAME,
            ],
        }
        children = {
            name: subprocess.Popen(cmd, env=env, cwd=settings.BASE_DIR)  # noqa: S603
            for name, cmd in commands.items()
        }
        self._banner(port)
        stopping = False

        def stop(*_: object) -> None:
            nonlocal stopping
            stopping = True

        signal.signal(signal.SIGINT, stop)
        signal.signal(signal.SIGTERM, stop)
        try:
            while not stopping:
                for name, child in children.items():
                    if child.poll() is not None:
                        self.stderr.write(f"{name} exited with {child.returncode}; stopping.")
                        stopping = True
                time.sleep(0.5)
        finally:
            for child in children.values():
                if child.poll() is None:
                    child.terminate()
            deadline = time.monotonic() + 10
            for child in children.values():
                try:
                    child.wait(timeout=max(0.1, deadline - time.monotonic()))
                except subprocess.TimeoutExpired:
                    child.kill()
            if os.environ.get("KRUCARE_EMBEDDED_PG") == "started":
                embedded.stop_embedded_postgres()
            self.stdout.write("KruCare stopped.")

    def _banner(self, port: int) -> None:
        from devdata.demo import (
            CENTRAL_ACCOUNTS,
            DEMO_PASSWORD,
            DEMO_TOTP_KEY_BASE32,
            OFFICE_ACCOUNTS,
        )
        from tenants.models import Office

        base = settings.KRUCARE_BASE_DOMAIN
        lines = [
            "",
            "KruCare is running. Ctrl-C stops everything.",
            "",
            f"  Central site:  http://{base}:{port}/   "
            f"({', '.join(a.username for a in CENTRAL_ACCOUNTS)})",
        ]
        for office in Office.objects.prefetch_related("domains"):
            for domain in office.domains.all():
                lines.append(f"  {office.code:<14} http://{domain.domain}:{port}/")
        lines += [
            f"  Office logins: {', '.join(a.username for a in OFFICE_ACCOUNTS)}",
            f"  Password for every demo login: {DEMO_PASSWORD}",
            f"  Second factor (admin, finance, director, operator): authenticator key "
            f"{DEMO_TOTP_KEY_BASE32}, or `python manage.py totp_code <office|central> <user>`",
            "",
        ]
        self.stdout.write("\n".join(lines))
