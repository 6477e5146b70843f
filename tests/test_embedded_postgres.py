"""What `make run`, `make test` and `make bench` wrap their command in: the embedded PostgreSQL
is stopped when the command ends if the wrapper started it (also when SIGTERM reaches the whole
process group), left alone if it was running already, and `make stop` stops it.

Each test has a data folder of its own (a fresh pgserver cluster), never the suite's server."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
EMBEDDED = [sys.executable, str(ROOT / "platform" / "config" / "embedded.py")]
CONNECT = (
    "import os, sys, time, psycopg; "
    "psycopg.connect(os.environ['DATABASE_URL']).execute('SELECT 1'); "
    "print('up', flush=True); time.sleep(float(sys.argv[1]))"
)


def _env(var_dir: Path) -> dict[str, str]:
    env = {key: value for key, value in os.environ.items() if key != "DATABASE_URL"}
    return {**env, "KRUCARE_VAR_DIR": str(var_dir), "KRUCARE_EMBEDDED_PG": ""}


def _running(var_dir: Path) -> bool:
    status = subprocess.run([*EMBEDDED, "status"], env=_env(var_dir), capture_output=True)
    return status.returncode == 0


def test_the_wrapper_stops_the_server_it_started_when_the_command_ends(tmp_path: Path) -> None:
    result = subprocess.run(
        [*EMBEDDED, "run", "--", sys.executable, "-c", CONNECT, "0"],
        env=_env(tmp_path),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert "up" in result.stdout
    assert (tmp_path / "pgdata" / "PG_VERSION").exists()
    assert not _running(tmp_path)


def test_sigterm_to_the_process_group_still_stops_the_server(tmp_path: Path) -> None:
    wrapper = subprocess.Popen(
        [*EMBEDDED, "run", "--", sys.executable, "-c", CONNECT, "120"],
        env=_env(tmp_path),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
    )
    try:
        assert wrapper.stdout is not None
        seen = []
        for line in wrapper.stdout:  # until the command is up (or the output ends)
            seen.append(line)
            if line.strip() == "up":
                break
        assert seen and seen[-1].strip() == "up", "".join(seen)
        assert _running(tmp_path)
        os.killpg(wrapper.pid, signal.SIGTERM)  # as a service manager stops `make run`
        wrapper.wait(timeout=60)
    finally:
        if wrapper.poll() is None:
            os.killpg(wrapper.pid, signal.SIGKILL)
    assert not _running(tmp_path)


def test_a_server_that_was_running_is_left_running_and_make_stop_stops_it(
    tmp_path: Path,
) -> None:
    start = "import config.embedded as e; e.start_embedded_postgres()"
    env = {**_env(tmp_path), "PYTHONPATH": str(ROOT / "platform")}
    subprocess.run([sys.executable, "-c", start], env=env, check=True, timeout=120)
    try:
        assert _running(tmp_path)
        subprocess.run(
            [*EMBEDDED, "run", "--", sys.executable, "-c", CONNECT, "0"],
            env=_env(tmp_path),
            check=True,
            timeout=120,
        )
        assert _running(tmp_path)  # not the wrapper's to stop
        stopped = subprocess.run(
            [*EMBEDDED, "stop"], env=_env(tmp_path), capture_output=True, text=True
        )
        assert "stopped" in stopped.stdout
        time.sleep(0.2)
        assert not _running(tmp_path)
    finally:
        subprocess.run([*EMBEDDED, "stop"], env=_env(tmp_path), capture_output=True)
