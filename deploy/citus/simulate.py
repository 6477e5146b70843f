#!/usr/bin/env python3
"""How many Citus nodes serve how many offices: a simulation from measured per-office figures.

    python3 deploy/citus/simulate.py                      # the figures measured for issue 21
    python3 deploy/citus/simulate.py --figures .var/bench/scale-<run>.json   # a run's own

Standard library only (runs anywhere, no Django). Each office is a distributed schema placed
whole on one worker node (Citus schema-based sharding), so a node with k offices carries k
offices' catalog, disk, nightly collection and connections' catalog caches; the coordinator
keeps the central (public) tables and routes. A node count is enough when every limit below
holds; the binding one is named.

Limits per worker node (change them with the options):
- catalog: at most `--offices-per-node-catalog` offices (default 1,000, ≈ 350,000 relations),
  a choice: `make bench-scale` measured one server growing linearly up to 2,450 offices, and
  what grows per office there is catalog work (pg_dump's catalog read, the deploy's check,
  autovacuum of pg_class/pg_attribute);
- disk: `--disk-gb` per node (default 500) at `--office-mb` per full-size office plus growth;
- nightly collection: every office collected within `--collection-window-s` (default 1,800 s)
  with `--collectors` collections per node like the measured one (2 processes);
- memory of connections: `--connections-per-node` server processes, each holding up to
  KRUCARE_CONN_MAX_SCHEMAS (100) offices' catalog caches at the measured MB (PSS) per office
  touched, within `--ram-gb` minus shared_buffers.
"""

from __future__ import annotations

import argparse
import json
import math
from pathlib import Path

# Measured on the project's 2-core machine (make bench-scale, issue 21; see README.md "Headroom").
# Load average of the shared machine noted there; these are the medians used.
MEASURED = {
    "relations_per_office": 633,  # pg_class rows per office schema (tables, indexes, TOAST…)
    "office_mb": 20.0,  # a full-size office (3 years) on disk, MB: measured 19.3-20.2
    "collect_s_per_office": 0.0365,  # wall s per office, one 2-process collection (89 s, 2,450)
    "backend_mb_per_schema": 0.11,  # server process private memory (PSS) per office touched
    "create_s": 0.52,  # creating one office (clone, 633 relations) at 2,450 offices
}


def nodes_needed(offices: int, args: argparse.Namespace, figures: dict[str, float]) -> dict:
    by = {
        "catalog": math.ceil(offices / args.offices_per_node_catalog),
        "disk": math.ceil(offices * figures["office_mb"] * args.growth / 1024 / args.disk_gb),
        "collection": math.ceil(
            offices * figures["collect_s_per_office"] / args.collectors / args.collection_window_s
        ),
    }
    cache_gb = (
        args.connections_per_node * args.schemas_per_connection * figures["backend_mb_per_schema"]
    ) / 1024
    usable = args.ram_gb - args.shared_buffers_gb
    by["memory"] = 1 if cache_gb <= usable else math.inf  # per node, independent of offices
    nodes = max(1, *(v for v in by.values() if v != math.inf))
    binding = max(by, key=lambda k: by[k])
    per_node = math.ceil(offices / nodes)
    return {
        "offices": offices,
        "nodes": nodes,
        "binding": binding,
        "offices_per_node": per_node,
        "relations_per_node": per_node * figures["relations_per_office"],
        "disk_gb_per_node": round(per_node * figures["office_mb"] * args.growth / 1024, 1),
        "collection_s": round(
            per_node * figures["collect_s_per_office"] / args.collectors, 0
        ),  # nodes collect in parallel
        "cache_gb_per_node": round(cache_gb, 1),
        **{f"by_{k}": v for k, v in by.items()},
    }


def _from_run(path: Path) -> dict[str, float]:
    """Per-office figures from a `make bench-scale` JSON file (largest office count)."""
    rows = json.loads(path.read_text(encoding="utf-8"))
    top = max(row["offices"] for row in rows)
    figures = dict(MEASURED)
    for row in rows:
        if row["offices"] != top:
            continue
        if row["what"] == "catalog":
            figures["relations_per_office"] = row["relations_per_office"]
        elif row["what"] == "collection, 2 workers":
            figures["collect_s_per_office"] = row["seconds"] / top
        elif row["what"] == "create one more office":
            figures["create_s"] = row["seconds"]
        elif row["what"].startswith("memory after 1000") and row["what"].endswith("limit 0"):
            figures["backend_mb_per_schema"] = row["backend_pss_mb"] / 1000
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--figures", type=Path, help="a scale-<run>.json of make bench-scale")
    parser.add_argument(
        "--offices", default="2450,5000,10000,25000", help="office counts to size for"
    )
    parser.add_argument("--offices-per-node-catalog", type=int, default=1000)
    parser.add_argument("--disk-gb", type=float, default=500)
    parser.add_argument("--growth", type=float, default=3.0, help="data growth factor (x)")
    parser.add_argument("--collectors", type=int, default=1, help="collections like the measured")
    parser.add_argument("--collection-window-s", type=float, default=1800)
    parser.add_argument("--connections-per-node", type=int, default=100)
    parser.add_argument("--schemas-per-connection", type=int, default=100)
    parser.add_argument("--ram-gb", type=float, default=32)
    parser.add_argument("--shared-buffers-gb", type=float, default=8)
    args = parser.parse_args()
    figures = _from_run(args.figures) if args.figures else dict(MEASURED)
    print("per-office figures:", json.dumps(figures))  # noqa: T201
    header = (
        f"{'offices':>8} {'nodes':>5} {'binding':>10} {'per node':>8} {'relations':>10} "
        f"{'disk GB':>8} {'collect s':>9} {'by catalog/disk/collection':>27}"
    )
    print(header)  # noqa: T201
    for offices in [int(n) for n in args.offices.split(",")]:
        r = nodes_needed(offices, args, figures)
        print(  # noqa: T201
            f"{r['offices']:>8} {r['nodes']:>5} {r['binding']:>10} {r['offices_per_node']:>8} "
            f"{r['relations_per_node']:>10,} {r['disk_gb_per_node']:>8} {r['collection_s']:>9} "
            f"{r['by_catalog']:>9}/{r['by_disk']}/{r['by_collection']}"
        )
    print(  # noqa: T201
        f"connection caches per node: {args.connections_per_node} connections x "
        f"{args.schemas_per_connection} offices x {figures['backend_mb_per_schema']} MB = "
        f"{nodes_needed(1, args, figures)['cache_gb_per_node']} GB of {args.ram_gb} GB "
        f"(minus {args.shared_buffers_gb} GB shared_buffers)"
    )


if __name__ == "__main__":
    main()
