"""Figures for `make bench`: summary statistics, a printed table, and a JSON-lines record.

Every benchmark prints its table and appends one JSON object per row to
`.var/bench/results.jsonl` (one run of `make bench` shares one `run` id), so runs can be
compared over time. Nothing here asserts on time: the benchmarks assert correctness only.
"""

from __future__ import annotations

import json
import math
import os
import platform
import statistics
import subprocess
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from config import embedded

RESULTS_FILE = embedded.VAR_DIR / "bench" / "results.jsonl"
RUN_ID = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")


def _git_revision() -> str:
    try:
        out = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"],
            capture_output=True,
            text=True,
            check=True,
            cwd=Path(__file__).resolve().parents[2],
        )
    except (OSError, subprocess.CalledProcessError):
        return ""
    return out.stdout.strip()


GIT_REVISION = _git_revision()


def percentile(values: Sequence[float], fraction: float) -> float:
    """Linear-interpolated percentile (fraction 0..1) of a non-empty sample."""
    ordered = sorted(values)
    if len(ordered) == 1:
        return ordered[0]
    position = (len(ordered) - 1) * fraction
    low, high = math.floor(position), math.ceil(position)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


@dataclass(frozen=True)
class Summary:
    n: int
    median: float
    p90: float
    min: float
    max: float
    total: float

    @classmethod
    def of(cls, values: Sequence[float]) -> Summary:
        assert values, "no samples"
        return cls(
            n=len(values),
            median=statistics.median(values),
            p90=percentile(values, 0.9),
            min=min(values),
            max=max(values),
            total=sum(values),
        )


class Timer:
    """`with Timer() as t: ...` then `t.seconds`."""

    seconds: float = 0.0

    def __enter__(self) -> Timer:
        self._start = time.perf_counter()
        return self

    def __exit__(self, *exc: object) -> None:
        self.seconds = time.perf_counter() - self._start


def fmt_seconds(value: float) -> str:
    if value >= 100:
        return f"{value:.0f} s"
    if value >= 1:
        return f"{value:.2f} s"
    if value >= 0.001:
        return f"{value * 1000:.1f} ms"
    return f"{value * 1_000_000:.0f} µs"


def print_table(title: str, headers: Sequence[str], rows: Iterable[Sequence[object]]) -> None:
    cells = [[str(cell) for cell in row] for row in rows]
    widths = [len(h) for h in headers]
    for row in cells:
        widths = [max(w, len(c)) for w, c in zip(widths, row, strict=True)]
    rule = "-+-".join("-" * w for w in widths)
    lines = [
        "",
        f"=== {title} ===",
        " | ".join(h.ljust(w) for h, w in zip(headers, widths, strict=True)),
        rule,
    ]
    for row in cells:
        # Left-align the first column (a label), right-align the figures.
        first, *rest = row
        parts = [first.ljust(widths[0])] + [
            c.rjust(w) for c, w in zip(rest, widths[1:], strict=True)
        ]
        lines.append(" | ".join(parts))
    print("\n".join(lines), flush=True)  # noqa: T201


def summary_row(label: str, summary: Summary, *extra: object) -> list[object]:
    return [
        label,
        summary.n,
        fmt_seconds(summary.median),
        fmt_seconds(summary.p90),
        fmt_seconds(summary.min),
        fmt_seconds(summary.max),
        *extra,
    ]


SUMMARY_HEADERS = ["case", "n", "median", "p90", "min", "max"]


def record(benchmark: str, case: str, **figures: Any) -> None:
    """Append one result row to `.var/bench/results.jsonl`."""
    RESULTS_FILE.parent.mkdir(parents=True, exist_ok=True)
    row = {
        "run": RUN_ID,
        "at": datetime.now(UTC).isoformat(timespec="seconds"),
        "git": GIT_REVISION,
        "host": platform.node(),
        "cpus": os.cpu_count(),
        "benchmark": benchmark,
        "case": case,
        **figures,
    }
    with RESULTS_FILE.open("a", encoding="utf-8") as handle:
        handle.write(json.dumps(row, ensure_ascii=False, default=str) + "\n")


def record_summary(benchmark: str, case: str, summary: Summary, **extra: Any) -> None:
    record(
        benchmark,
        case,
        unit="s",
        n=summary.n,
        median=round(summary.median, 6),
        p90=round(summary.p90, 6),
        min=round(summary.min, 6),
        max=round(summary.max, 6),
        total=round(summary.total, 6),
        **extra,
    )
