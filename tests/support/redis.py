"""A `redis-server` of the test's own on a free port (never the machine's shared one), which the
test can stop and start again on the same port, and an empty one on request."""

from __future__ import annotations

import shutil
import socket
import subprocess
import time
import warnings
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.support.rundev import free_port

REDIS_SERVER = shutil.which("redis-server") or "/usr/bin/redis-server"


def redis_server_path() -> str:
    """The binary, or a loud skip where the machine has none."""
    if not Path(REDIS_SERVER).exists():
        message = "REDIS TESTS SKIPPED: no redis-server here (apt-get install redis-server)"
        warnings.warn(message, stacklevel=1)
        print(f"\n{'!' * 78}\n!! {message}\n{'!' * 78}")  # noqa: T201
        pytest.skip(message)
    return REDIS_SERVER


class RedisServer:
    """`redis-server` on 127.0.0.1:<free port>, in memory only (no RDB, no AOF)."""

    def __init__(self, folder: Path) -> None:
        self.binary = redis_server_path()
        self.port = free_port()
        self.folder = folder
        self.process: subprocess.Popen[bytes] | None = None

    def url(self, db: int = 0) -> str:
        return f"redis://127.0.0.1:{self.port}/{db}"

    def start(self) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        log = open(self.folder / "redis.log", "ab")  # noqa: SIM115 (the process keeps it)
        self.process = subprocess.Popen(  # noqa: S603
            [
                self.binary,
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
                "--dir",
                str(self.folder),
            ],
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        log.close()
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=0.5) as sock:
                    sock.sendall(b"PING\r\n")
                    if sock.recv(16).startswith(b"+PONG"):
                        return
            except OSError:
                time.sleep(0.05)
        raise AssertionError(f"redis-server did not start on port {self.port}")

    def stop(self) -> None:
        """Stop it at once (its data, kept in memory only, is gone)."""
        if self.process is not None and self.process.poll() is None:
            self.process.kill()
            self.process.wait(timeout=10)
        self.process = None

    def flushall(self) -> None:
        with socket.create_connection(("127.0.0.1", self.port), timeout=2) as sock:
            sock.sendall(b"FLUSHALL\r\n")
            assert sock.recv(16).startswith(b"+OK")

    def llen(self, key: str, db: int = 0) -> int:
        import redis

        client = redis.Redis.from_url(self.url(db))
        try:
            return int(client.llen(key))
        finally:
            client.close()


def running_redis(folder: Path) -> Iterator[RedisServer]:
    """For fixtures: a started server, stopped afterwards."""
    server = RedisServer(folder)
    server.start()
    try:
        yield server
    finally:
        server.stop()
