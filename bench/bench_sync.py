"""Sync benchmarks: drain 10,000 queued ops to a local county server (direct and through 100 ms of added
latency), the ratio to one op per request, and pulling 100,000 changes; peak memory of each.

    python -m bench.bench_sync [--ops 10000] [--pull 100000] [--latency 0.1]

The county server runs in a child process (`python -m county serve`). Each figure gives wall time, the
client's CPU time (this process) and the server's (from /proc), and the load average: the machine is
often shared, and CPU seconds do not depend on the load. Results go to docs/perf/sync.md by hand.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import tracemalloc
import uuid
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

import requests
from sqlalchemy import func, insert, select

from desktop.config import Paths, Settings
from desktop.db.models import OutboxOp, Reception
from desktop.db.open import open_database
from desktop.domain.ids import uuid7
from desktop.sync import api
from desktop.sync.client import CountyClient
from desktop.sync.engine import SyncEngine, SyncOptions
from desktop.sync.protocol import Op
from tests.county.server import issue_code, make_township
from tests.sync.proxy import Proxy

OPTS = SyncOptions(sanity=False)
SERVER_PID = 0


def server_cpu() -> float:
    """User + system CPU seconds of the county server process (Linux /proc)."""
    try:
        with open(f"/proc/{SERVER_PID}/stat") as f:
            fields = f.read().rsplit(")", 1)[1].split()
    except OSError:
        return float("nan")
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def free_port() -> int:
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = int(s.getsockname()[1])
    s.close()
    return port


def start_county(folder: Path) -> tuple[str, str, subprocess.Popen[bytes]]:
    db_url = f"sqlite:///{folder / 'county.sqlite3'}"
    port = free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "county", "serve", "--db", db_url, "--port", str(port), "--log-level", "warning"],
        stdout=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    for _ in range(200):
        try:
            requests.get(url + "/api/v1/health", timeout=1)
            return url, db_url, proc
        except requests.ConnectionError:
            time.sleep(0.05)
    raise RuntimeError("county server did not start")


def new_pc(folder: Path, url: str, db_url: str, township: str | None = None) -> Paths:
    """A fresh PC; by default in a township of its own so each figure measures one thing."""
    township = township or make_township(db_url)
    paths = Paths(folder).ensure()
    Settings(county_url=url, setup_done=True).save(paths.settings_file)
    api.enroll(paths, url, issue_code(db_url, township), folder.name)
    return paths


def queue_ops(paths: Paths, n: int) -> None:
    """n reception upserts queued directly (the outbox as services would leave it), with their records."""
    db = open_database(paths)
    now = "2026-05-01T08:00:00Z"
    recs, ops = [], []
    from desktop.db.types import utcnow

    t = utcnow()
    for i in range(n):
        rid = str(uuid.uuid4())
        payload = {"id": rid, "visited_at": now, "channel": "walk_in", "people_count": 1, "summary": f"咨询 {i}", "village": "东风村"}
        recs.append({"id": rid, "visited_at": t, "channel": "walk_in", "people_count": 1, "summary": f"咨询 {i}",
                     "village": "东风村", "created_at": t, "updated_at": t, "visitor_name": "", "answered_on_spot": True,
                     "answer": "", "staff_name": "", "device_id": ""})
        ops.append({"op_id": str(uuid.uuid4()), "entity": "reception", "entity_id": rid, "action": "upsert",
                    "payload": payload, "state": "queued", "attempts": 0, "created_at": t})
    with db.write() as s:
        for i in range(0, n, 2000):
            s.execute(insert(Reception), recs[i : i + 2000])
            s.execute(insert(OutboxOp), ops[i : i + 2000])
    db.dispose()


def drain(paths: Paths, url: str, options: SyncOptions, trace: bool = False) -> dict[str, Any]:
    db = open_database(paths)
    client = CountyClient(url, token=api.read_token(paths))
    engine = SyncEngine(db, client, paths.attachments, options)
    if trace:
        tracemalloc.start()
    c0, s0, t0 = time.process_time(), server_cpu(), time.perf_counter()
    report = engine.run()
    seconds = time.perf_counter() - t0
    client_cpu, srv_cpu = time.process_time() - c0, server_cpu() - s0
    peak = tracemalloc.get_traced_memory()[1] if trace else None
    if trace:
        tracemalloc.stop()
    with db.read() as s:
        left = s.scalar(select(func.count()).select_from(OutboxOp).where(OutboxOp.state != "synced"))
    db.dispose()
    assert report.ok and left == 0, report.message
    return {"seconds": round(seconds, 2), "client_cpu": round(client_cpu, 2), "server_cpu": round(srv_cpu, 2),
            "load": round(os.getloadavg()[0], 1), "pushed": report.pushed, "pulled": report.pulled,
            "peak_python_heap_mb": round(peak / 2**20, 1) if peak else None,
            "process_max_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)}


def timed(label: str, fn: Callable[[], dict[str, Any]]) -> dict[str, Any]:
    result = fn()
    print(f"{label}: {json.dumps(result, ensure_ascii=False)}", flush=True)
    return result


def seed_feed(url: str, db_url: str, township: str, folder: Path, n: int, mix: str = "reception") -> None:
    """n changes in the township's feed, pushed by another device in batches of 500. Ids are UUIDv7 like
    the ones services make (time-ordered: new rows go to the end of each primary-key index)."""
    paths = new_pc(folder, url, db_url, township)
    client = CountyClient(url, token=api.read_token(paths))
    at = "2026-05-01T08:00:00Z"
    ops: list[Op] = []
    for i in range(n):
        if mix == "reception":
            ops.append(Op(uuid7(), "reception", uuid7(), "upsert",
                          {"visited_at": at, "channel": "walk_in", "people_count": 1, "summary": f"来访 {i}"}, at))
        elif i % 2 == 0:
            case_id = uuid7()
            parties = [{"id": uuid7(), "position": k, "role": role, "kind": "person", "name": name,
                        "address": "东风村三组"} for k, (role, name) in enumerate((("applicant", "张三"), ("respondent", "李四")))]
            ops.append(Op(uuid7(), "case", case_id, "upsert",
                          {"id": case_id, "number": f"220402-2026-B{i // 2:06d}", "channel": "walk_in", "category": "邻里纠纷",
                           "summary": f"邻里之间因排水沟堵塞发生争执，双方多次协商未果 {i}", "registered_at": at,
                           "status": "registered", "village": "东风村", "parties": parties}, at))
        else:
            ops.append(Op(uuid7(), "case_event", uuid7(), "append",
                          {"case_id": case_id, "kind": "registered", "at": at, "actor": "王芳", "data": {}}, at))
        if len(ops) == 500:
            client.push(ops)
            ops = []
    if ops:
        client.push(ops)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--ops", type=int, default=10_000)
    ap.add_argument("--single", type=int, default=500, help="ops sent one per request for the ratio")
    ap.add_argument("--pull", type=int, default=100_000)
    ap.add_argument("--latency", type=float, default=0.1)
    ap.add_argument("--mix", choices=("reception", "cases"), default="reception",
                    help="pulled changes: reception upserts, or cases (two parties each) with their registered events")
    ap.add_argument("--only", choices=("push", "pull"), help="run only the push or only the pull figures")
    args = ap.parse_args()
    print(f"machine: {platform.platform()}, {platform.processor() or platform.machine()}, python {platform.python_version()}")
    root = Path(tempfile.mkdtemp(prefix="bench-sync-"))
    url, db_url, proc = start_county(root)
    global SERVER_PID
    SERVER_PID = proc.pid
    print(f"load average at start: {os.getloadavg()}", flush=True)
    try:
        results: dict[str, Any] = {}
        if args.only != "pull":
            for name, trace in (("drain", False), ("drain_memory", True)):
                pc = new_pc(root / name, url, db_url)
                queue_ops(pc, args.ops)
                results[name] = timed(f"drain {args.ops} ops, batches of 500{' (tracemalloc)' if trace else ''}",
                                      lambda pc=pc, trace=trace: drain(pc, url, OPTS, trace))
            pc = new_pc(root / "single", url, db_url)
            queue_ops(pc, args.single)
            results["single"] = timed(f"{args.single} ops, one per request", lambda: drain(pc, url, replace(OPTS, batch_size=1)))
            batched = args.ops / results["drain"]["seconds"]
            single = args.single / results["single"]["seconds"]
            print(f"ratio batched/single (ops/s): {batched:.0f} / {single:.0f} = {batched / single:.1f}x")

            proxy = Proxy(int(url.rsplit(":", 1)[1]), latency=args.latency / 2)
            pc = new_pc(root / "latency", url, db_url)
            queue_ops(pc, args.ops)
            results["latency"] = timed(f"drain {args.ops} ops through +{args.latency * 1000:.0f} ms latency",
                                       lambda: drain(pc, proxy.url, OPTS))
            pc = new_pc(root / "latency_single", url, db_url)
            queue_ops(pc, 50)
            results["latency_single"] = timed("50 ops one per request through the latency proxy",
                                              lambda: drain(pc, proxy.url, replace(OPTS, batch_size=1)))
            print(f"ratio with latency: {args.ops / results['latency']['seconds']:.0f} / "
                  f"{50 / results['latency_single']['seconds']:.1f} ops/s")
        if args.only != "push":
            # tracemalloc slows Python several times over: peak memory is taken on a smaller pull.
            for name, n, trace in (("pull", args.pull, False), ("pull_memory", min(args.pull, 20_000), True)):
                township = make_township(db_url)
                t0 = time.perf_counter()
                seed_feed(url, db_url, township, root / f"seed-{name}", n, args.mix)
                print(f"seeded {n} changes in {time.perf_counter() - t0:.1f} s", flush=True)
                pc = new_pc(root / name, url, db_url, township)
                results[name] = timed(f"pull {n} changes{' (tracemalloc)' if trace else ''}",
                                      lambda pc=pc, trace=trace: drain(pc, url, replace(OPTS, pull_limit=1000), trace))
    finally:
        proc.terminate()
        proc.wait(10)
        shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    main()
