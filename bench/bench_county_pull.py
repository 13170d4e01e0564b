"""Pulling 100,000 changes from the county server over loopback: time and peak memory.

    python -m bench.bench_county_pull [--db URL] [--changes 100000] [--limit 1000]

The feed is filled in-process through county.service.push (the same code path as POST /push, without
HTTP), then a second device of the township pulls it page by page over HTTP, as the sync engine does.
"""

from __future__ import annotations

import argparse
import os
import time
import tracemalloc

import requests

from bench.bench_county_common import Server, case_op, machine
from county import service
from county.db import make_engine


def pull_all(server: Server, session: requests.Session, limit: int) -> tuple[int, int, int]:
    """Pull the whole feed page by page, keeping nothing: (changes, pages, gzip bytes on the wire)."""
    cursor, total, pages, wire_bytes = "", 0, 0, 0
    while True:
        resp = session.get(server.base + "/pull", params={"cursor": cursor, "limit": limit}, timeout=120)
        resp.raise_for_status()
        wire_bytes += int(resp.headers.get("content-length", 0))  # gzip size as sent
        page = resp.json()
        total += len(page["changes"])
        pages += 1
        cursor = page["cursor"]
        if not page["has_more"]:
            return total, pages, wire_bytes


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--db", help="SQLAlchemy URL (default: a fresh SQLite file)")
    parser.add_argument("--changes", type=int, default=100_000)
    parser.add_argument("--limit", type=int, default=1000)
    args = parser.parse_args()
    server = Server(args.db)
    try:
        township = server.township()
        _, writer = server.device(township, "writer")
        session, _ = server.device(township, "reader")
        engine = make_engine(server.db_url)
        ctx = service.authenticate(engine, f"Bearer {writer['token']}")
        fill_started = time.perf_counter()
        for _ in range(0, args.changes, 500):
            service.push(engine, ctx, [case_op() for _ in range(500)])
        fill = time.perf_counter() - fill_started
        engine.dispose()

        server_cpu = server.cpu_seconds()
        client_cpu = time.process_time()
        started = time.perf_counter()
        total, pages, wire_bytes = pull_all(server, session, args.limit)
        elapsed = time.perf_counter() - started
        server_cpu = server.cpu_seconds() - server_cpu
        client_cpu = time.process_time() - client_cpu
        # Memory in a second, identical pass: tracemalloc slows the client down several times.
        tracemalloc.start()
        pull_all(server, session, args.limit)
        _, client_peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        server_peak = server.peak_rss_kib()
    finally:
        server.stop()
    assert total >= args.changes, total
    print(f"machine: {machine()}")
    print(f"backend: {(args.db or 'sqlite').split(':')[0]}")
    print(f"filled {total} changes in {fill:.1f} s (in-process push)")
    print(
        f"pulled {total} changes in {pages} pages of {args.limit}: {elapsed:.1f} s, {total / elapsed:.0f} changes/s"
    )
    print(
        f"server CPU for the pull: {server_cpu:.1f} s ({total / server_cpu:.0f} changes per server CPU second)"
    )
    print(f"client CPU for the pull (requests + json): {client_cpu:.1f} s")
    print(f"load average at the end: {os.getloadavg()[0]:.1f}")
    print(f"gzip bytes on the wire: {wire_bytes / 1e6:.1f} MB")
    print(f"client peak traced Python memory (second pass): {client_peak / 1e6:.1f} MB")
    print(f"server peak RSS (VmHWM): {server_peak / 1024:.0f} MiB")


if __name__ == "__main__":
    main()
