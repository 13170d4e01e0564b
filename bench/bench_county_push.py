"""Push throughput of the county server over loopback: ops/s for batches of 1, 100 and 500.

python -m bench.bench_county_push [--db URL] [--ops 5000] [--single-ops 300]
"""

from __future__ import annotations

import argparse
import os
import time

from bench.bench_county_common import Server, case_op, machine
from desktop.sync.protocol import encode_body


def run(server: Server, session: object, batch: int, total: int) -> tuple[float, float]:
    """(ops/s by wall clock, ops per server CPU second)."""
    base = server.base
    ops = [case_op() for _ in range(total)]
    cpu = server.cpu_seconds()
    started = time.perf_counter()
    for i in range(0, total, batch):
        body = encode_body({"ops": ops[i : i + batch]})  # gzip, as the desktop client sends it
        resp = session.post(  # type: ignore[attr-defined]
            base + "/push",
            data=body,
            headers={"Content-Encoding": "gzip", "Content-Type": "application/json"},
            timeout=120,
        )
        resp.raise_for_status()
        statuses = {r["status"] for r in resp.json()["results"]}
        assert statuses == {"applied"}, statuses
    wall = time.perf_counter() - started
    return total / wall, total / max(server.cpu_seconds() - cpu, 1e-9)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--db", help="SQLAlchemy URL (default: a fresh SQLite file)")
    parser.add_argument("--ops", type=int, default=5000, help="ops per batched run")
    parser.add_argument("--single-ops", type=int, default=300, help="ops for the one-op-per-request run")
    args = parser.parse_args()
    server = Server(args.db)
    try:
        session, _ = server.device(server.township())
        run(server, session, 100, 200)  # warm-up
        figures = {1: run(server, session, 1, args.single_ops)}
        for batch in (100, 500):
            figures[batch] = run(server, session, batch, args.ops)
    finally:
        server.stop()
    backend = (args.db or "sqlite").split(":")[0]
    print(f"machine: {machine()}")
    print(f"backend: {backend}")
    print(f"load average at the end: {os.getloadavg()[0]:.1f}")
    for batch, (rate, per_cpu) in figures.items():
        print(f"batch {batch:>4}: {rate:9.0f} ops/s wall   {per_cpu:9.0f} ops per server CPU second")
    print(f"batch 500 vs 1: {figures[500][0] / figures[1][0]:.0f}x (wall)")


if __name__ == "__main__":
    main()
