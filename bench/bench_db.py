"""Database benchmark at demo scale: generation, size, registration latency, list/search/count queries.

Run by hand (it prints figures; docs/perf/db.md records them):

    python -m bench.bench_db --dir /tmp/township-bench-1m --cases 1000000

An existing database in --dir with at least --cases demo cases is reused; otherwise it is generated
with `python -m desktop --data-dir DIR demo-data` (the command a user runs) and timed. The
registrations it measures are added to that database, like a clerk's work on a busy day.

The cost of encryption, side by side: `--compare-plain` also writes a plain (unencrypted) copy of the
database (`--plain-dir`, default DIR-plain; reused when it holds as many cases) and measures it with the
same code and the same SQLite build (SQLCipher without a key is plain SQLite) in a child process, then
prints each figure encrypted vs plain:

    python -m bench.bench_db --dir /tmp/township-bench-1m --cases 1000000 --compare-plain
"""

from __future__ import annotations

import argparse
import json
import os
import sqlite3
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from desktop.config import Paths, Settings
from desktop.db import cipher, keys
from desktop.db.engine import Database, make_engine
from desktop.db.open import open_database
from desktop.db.queries import CaseFilter, count_cases, list_cases
from desktop.db.services.cases import register_case
from desktop.db.uow import Actor, Context
from desktop.domain.enums import Channel, PartyRole, Role
from desktop.domain.forms import CaseForm, PartyForm
from desktop.domain.validation import id_check_digit

ROOT = Path(__file__).resolve().parents[1]
TARGETS_MS = {"register_p95": 8.0, "first_page": 50.0, "search_3": 50.0, "search_2": 300.0, "search_id": 5.0,
              "search_number": 5.0, "count_overdue": 50.0}


def _ms(seconds: float) -> float:
    return round(seconds * 1000, 2)


def _timed(fn: Callable[[], Any], repeat: int) -> tuple[float, float, Any]:
    """(first call ms, median ms of `repeat` calls, last result)."""
    times = []
    result: Any = None
    for _ in range(repeat):
        t = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - t)
    return _ms(times[0]), _ms(statistics.median(times)), result


def _note(*parts: Any) -> None:
    """Progress on stderr, so a long run shows its figures as they come."""
    print(*parts, file=sys.stderr, flush=True)


BENCH_USER = {"TOWNSHIP_DESK_USER": "bench", "TOWNSHIP_DESK_PASSWORD": "bench-pass-1"}


def _raw(db: Path, sql: str, *args: Any) -> list[tuple[Any, ...]]:
    conn = cipher.connect(db)
    try:
        rows: list[tuple[Any, ...]] = conn.execute(sql, args).fetchall()
        return rows
    finally:
        conn.close()


def ensure_demo(paths: Paths, cases: int, seed: int) -> dict[str, Any]:
    """Reuse the database in the folder when it holds enough demo cases; generate it otherwise."""
    if paths.database.exists():
        have = _raw(paths.database, "SELECT count(*) FROM cases WHERE device_id = 'demo'")[0][0]
        if have >= cases:
            return {"reused": True, "demo_cases": have}
        raise SystemExit(f"{paths.database} holds {have} demo cases, fewer than {cases}: use another --dir")
    # an account whose password unlocks the database key (no OS key store on the bench machine)
    subprocess.run([sys.executable, "-m", "desktop", "--data-dir", str(paths.data_dir), "user", "add", "bench",
                    "--name", "压测员", "--role", "admin", "--password", BENCH_USER["TOWNSHIP_DESK_PASSWORD"]],
                   cwd=ROOT, capture_output=True, text=True, check=True)
    cmd = [sys.executable, "-m", "desktop", "--data-dir", str(paths.data_dir), "demo-data", "--cases", str(cases),
           "--seed", str(seed), "--json"]
    started = time.perf_counter()
    proc = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, check=True, env={**os.environ, **BENCH_USER})
    wall = time.perf_counter() - started
    out = json.loads(proc.stdout)
    return {"reused": False, "command": " ".join(cmd[1:]), "wall_s": round(wall, 1), "generator": out}


def _form(i: int) -> CaseForm:
    first17 = f"220402{1950 + i % 50}0{1 + i % 9}1{i % 10}{i % 1000:03d}"
    idn = first17 + id_check_digit(first17)
    return CaseForm(
        channel=Channel.WALK_IN,
        category="邻里",
        summary=f"压测登记：邻居加盖房屋遮挡采光，第{i}件",
        village="东风村",
        parties=[
            PartyForm("张𠀾三", id_number=idn, phone=f"139{i:08d}"),
            PartyForm("买买提·艾力", role=PartyRole.RESPONDENT, phone="0434-3271234"),
        ],
    )


class RawFloor:
    """The floor under any write: one raw transaction (BEGIN IMMEDIATE, one ~1 KB row, COMMIT) on a connection
    opened like the app's (SQLCipher with the data folder's raw key, WAL, synchronous=FULL), in a small
    database next to the measured one (same disk, same fsync, same page encryption)."""

    WHAT = "BEGIN IMMEDIATE; one 1 KB INSERT; COMMIT (SQLCipher, same key, WAL, synchronous=FULL)"

    def __init__(self, folder: Path) -> None:
        self.path = folder / "raw-floor.sqlite3"
        self.conn = cipher.connect(self.path, keys.database_key(folder), isolation_level=None)
        self.conn.execute("PRAGMA journal_mode=WAL")
        self.conn.execute("PRAGMA synchronous=FULL")
        self.conn.execute("CREATE TABLE IF NOT EXISTS t (id INTEGER PRIMARY KEY, v TEXT NOT NULL)")

    def write(self) -> None:
        self.conn.execute("BEGIN IMMEDIATE")
        self.conn.execute("INSERT INTO t(v) VALUES (?)", ("压测" * 340,))
        self.conn.execute("COMMIT")

    def close(self) -> None:
        self.conn.close()
        for suffix in ("", "-wal", "-shm"):
            Path(str(self.path) + suffix).unlink(missing_ok=True)


def statements_per_registration(ctx: Context, actor: Actor, form: CaseForm) -> dict[str, int]:
    """SQL statements one registration runs, from SQLite's own trace (trigger and FTS sub-statements,
    which the trace shows as `-- …` or as their parent statement again, counted apart)."""
    with ctx.db.engine.connect() as conn:  # the pool hands the same connection to the write below
        raw = conn.connection.driver_connection
    seen: list[str] = []
    raw.set_trace_callback(seen.append)
    try:
        register_case(ctx, actor, form)
    finally:
        raw.set_trace_callback(None)
    top = [s for s in seen if not s.startswith("--")]
    distinct_top = [s for i, s in enumerate(top) if i == 0 or s != top[i - 1]]
    return {"traced": len(seen), "statements": len(distinct_top), "trigger_or_fts_steps": len(seen) - len(distinct_top)}


def _percentiles(times: list[float]) -> dict[str, float]:
    times = sorted(times)
    n = len(times)
    return {"p50_ms": _ms(times[n // 2]), "p95_ms": _ms(times[int(n * 0.95) - 1]), "max_ms": _ms(times[-1])}


def bench_register(ctx: Context, n: int, folder: Path) -> dict[str, Any]:
    """n registrations, each followed by one raw-floor transaction: both see the same machine and disk.

    CPU is process time (every thread of this process: the load-independent figure)."""
    actor = Actor("bench", "压测员", Role.ADMIN)
    register_case(ctx, actor, _form(0))  # warm-up: imports, statement cache
    stmts = statements_per_registration(ctx, actor, _form(n + 1))
    floor = RawFloor(folder)
    floor.write()
    times, cpu, raw = [], [], []
    try:
        for i in range(1, n + 1):
            t, c = time.perf_counter(), time.process_time()
            register_case(ctx, actor, _form(i))
            cpu.append(time.process_time() - c)
            times.append(time.perf_counter() - t)
            t = time.perf_counter()
            floor.write()
            raw.append(time.perf_counter() - t)
    finally:
        floor.close()
    return {"n": n, **_percentiles(times), "cpu_p50_ms": _ms(statistics.median(cpu)),
            "cpu_p95_ms": _percentiles(cpu)["p95_ms"], "sql": stmts,
            "target_p95_ms": TARGETS_MS["register_p95"],
            "raw_floor": {**_percentiles(raw), "what": RawFloor.WHAT}}


def filters(db_path: Path, now: datetime) -> dict[str, CaseFilter]:
    """One filter per list control, with values that exist in the data."""
    assignee = _raw(db_path, "SELECT assignee FROM cases WHERE assignee != '' LIMIT 1")[0][0]
    return {
        "none": CaseFilter(),
        "status": CaseFilter(statuses=("mediating",)),
        "category": CaseFilter(category="邻里"),
        "category_rare": CaseFilter(category="医疗"),
        "channel": CaseFilter(channel="letter"),
        "village": CaseFilter(village="东风村"),
        "assignee": CaseFilter(assignee=assignee),
        "risk": CaseFilter(risk_level="high"),
        "date_range": CaseFilter(date_from=now - timedelta(days=120), date_to=now - timedelta(days=90)),
        "overdue": CaseFilter(overdue=True),
        "due_soon": CaseFilter(due_soon=True),
        "open_only": CaseFilter(open_only=True),
        "open_by_deadline": CaseFilter(open_only=True, sort="deadline_asc"),
        "closed_statuses": CaseFilter(statuses=("closed", "followed_up")),
    }


def searches(db_path: Path) -> dict[str, tuple[str, str]]:
    """(kind, query) pairs: target kinds are search_3, search_2, search_id; others are reported only."""
    idn, phone = _raw(db_path, "SELECT id_number, phone FROM parties WHERE rowid = (SELECT max(rowid) / 2 FROM parties)")[0]
    name3 = _raw(db_path, "SELECT name FROM parties WHERE length(name) = 3 AND rowid > (SELECT max(rowid) / 3 FROM parties) LIMIT 1")[0][0]
    return {
        "3 chars, common (宅基地)": ("search_3", "宅基地"),
        "3 chars, rare (越界占)": ("search_3", "越界占"),
        "3-char full name": ("search_3", name3),
        "5 chars (遮挡采光，)": ("search_3", "遮挡采光，"),
        "2-char name (王伟)": ("search_2", "王伟"),
        "2-char name (欧阳), none": ("search_2", "欧阳"),
        "2-char name (张秀)": ("search_2", "张秀"),
        "1-char surname (王)": ("search_1", "王"),
        "exact ID number": ("search_id", idn),
        "exact phone": ("search_phone", phone),
        "case number": ("search_number", _raw(db_path, "SELECT number FROM cases WHERE rowid = (SELECT max(rowid) / 2 FROM cases)")[0][0]),
    }


def bench_queries(db: Database, db_path: Path, repeat: int, plans: bool) -> dict[str, Any]:
    now = datetime.now(UTC)
    out: dict[str, Any] = {"first_page": {}, "page_200": {}, "search": {}, "count": {}}
    with db.read() as s:
        for name, f in filters(db_path, now).items():
            first, median, (rows, _) = _timed(lambda f=f: list_cases(s, f, now=now), repeat)
            out["first_page"][name] = {"first_ms": first, "median_ms": median, "rows": len(rows),
                                       "target_ms": TARGETS_MS["first_page"]}
            _note("first_page", name, out["first_page"][name])
        for name in ("none", "category", "village", "open_only"):
            f = filters(db_path, now)[name]
            after = None
            for _ in range(199):
                _rows, after = list_cases(s, f, after, now=now)
            first, median, (rows, _) = _timed(lambda f=f, after=after: list_cases(s, f, after, now=now), repeat)
            out["page_200"][name] = {"first_ms": first, "median_ms": median, "rows": len(rows)}
            _note("page_200", name, out["page_200"][name])
        for label, (kind, q) in searches(db_path).items():
            f = CaseFilter(search=q)
            first, median, (rows, _) = _timed(lambda f=f: list_cases(s, f, now=now), repeat)
            out["search"][label] = {"kind": kind, "first_ms": first, "median_ms": median, "rows": len(rows),
                                    "target_ms": TARGETS_MS.get(kind)}
            _note("search", label, out["search"][label])
        for name, f in (("all", CaseFilter()), ("category", CaseFilter(category="邻里")),
                        ("overdue", CaseFilter(overdue=True)), ("search 王伟", CaseFilter(search="王伟"))):
            first, median, n = _timed(lambda f=f: count_cases(s, f, now=now), repeat)
            out["count"][name] = {"first_ms": first, "median_ms": median, "count": n,
                                  "target_ms": TARGETS_MS.get(f"count_{name}")}
            _note("count", name, out["count"][name])
    if plans:
        out["plans"] = explain_plans(db, db_path, now)
    return out


def explain_plans(db: Database, db_path: Path, now: datetime) -> dict[str, list[str]]:
    """EXPLAIN QUERY PLAN of the first-page statement for each filter and search."""
    from sqlalchemy.dialects import sqlite as sqlite_dialect

    from desktop.db import queries

    captured: dict[str, Any] = {}
    plans: dict[str, list[str]] = {}
    cases = {**{f"filter {k}": f for k, f in filters(db_path, now).items()},
             **{f"search {k}": CaseFilter(search=q) for k, (_kind, q) in searches(db_path).items()}}
    with db.read() as s:
        real_execute = s.execute

        def capture(stmt: Any, *a: Any, **kw: Any) -> Any:
            captured["stmt"] = stmt
            return real_execute(stmt, *a, **kw)

        s.execute = capture  # type: ignore[method-assign]
        for name, f in cases.items():
            queries.list_cases(s, f, now=now)
            compiled = captured["stmt"].compile(dialect=sqlite_dialect.dialect(),
                                                compile_kwargs={"render_postcompile": True})
            params = compiled.construct_params()
            positional = [params.get(k) for k in compiled.positiontup or ()]
            positional = [v.strftime("%Y-%m-%d %H:%M:%S.%f") if isinstance(v, datetime) else v for v in positional]
            try:
                rows = s.connection().exec_driver_sql("EXPLAIN QUERY PLAN " + str(compiled), tuple(positional)).all()
                plans[name] = [f"{r[0]}:{r[1]} {r[3]}" for r in rows]
            except Exception as exc:  # a plan we cannot show must not lose the figures
                plans[name] = [f"(no plan: {exc.__class__.__name__})"]
        s.execute = real_execute  # type: ignore[method-assign]
    return plans


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--dir", default="/tmp/township-bench-1m", help="data folder (reused when it holds enough cases)")
    ap.add_argument("--cases", type=int, default=1_000_000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--registrations", type=int, default=300)
    ap.add_argument("--repeat", type=int, default=5, help="runs of each query (first and median reported)")
    ap.add_argument("--plans", action="store_true", help="print EXPLAIN QUERY PLAN for each list query")
    ap.add_argument("--skip-register", action="store_true")
    ap.add_argument("--skip-queries", action="store_true")
    ap.add_argument("--compare-plain", action="store_true",
                    help="also measure a plain (unencrypted) copy and print the figures side by side")
    ap.add_argument("--plain-dir", help="where the plain copy goes (default: DIR-plain)")
    ap.add_argument("--as-plain", action="store_true", help=argparse.SUPPRESS)  # the child of --compare-plain
    args = ap.parse_args(argv)
    if args.as_plain:
        return _run_plain(args)

    paths = Paths.resolve(args.dir).ensure()
    if paths.database.exists():
        keys.unlock(paths.data_dir, BENCH_USER["TOWNSHIP_DESK_USER"], BENCH_USER["TOWNSHIP_DESK_PASSWORD"])
    report: dict[str, Any] = {
        "machine": {"nproc": os.cpu_count(), "load_avg": os.getloadavg(), "sqlite": cipher.DBAPI.sqlite_version},
        "generation": ensure_demo(paths, args.cases, args.seed),
    }
    if not keys.has_key(paths.data_dir):
        keys.unlock(paths.data_dir, BENCH_USER["TOWNSHIP_DESK_USER"], BENCH_USER["TOWNSHIP_DESK_PASSWORD"])
    _note("generation", report["generation"])
    db = open_database(paths)
    _raw(paths.database, "PRAGMA wal_checkpoint(TRUNCATE)")
    total = _raw(paths.database, "SELECT count(*) FROM cases")[0][0]
    size = paths.database.stat().st_size
    report["size"] = {"cases": total, "bytes": size, "bytes_per_case": round(size / max(total, 1))}
    _note("size", report["size"])
    if not args.skip_register:
        ctx = Context(db, Settings.load(paths.settings_file), paths.settings_file)
        report["register"] = bench_register(ctx, args.registrations, paths.data_dir)
        _note("register", report["register"])
    if not args.skip_queries:
        report["queries"] = bench_queries(db, paths.database, args.repeat, args.plans)
    report["machine"]["load_avg_end"] = os.getloadavg()
    db.dispose()
    if args.compare_plain:
        plain_dir = Path(args.plain_dir or f"{paths.data_dir}-plain")
        report["plain"] = measure_plain(paths, plain_dir, args)
        report["compare"] = side_by_side(report, report["plain"])
        for row in report["compare"]:
            _note(f"{row['figure']:<34} encrypted {row['encrypted']:>9.2f} {row['unit']:<5} plain "
                  f"{row['plain']:>9.2f} {row['unit']:<5} x{row['ratio']}")
    print(json.dumps(report, ensure_ascii=False, indent=1))
    return 0


def plain_copy(paths: Paths, plain_dir: Path) -> Path:
    """A plain copy of the encrypted database (SQLCipher's export to an unkeyed file), reused when current."""
    target = Paths(plain_dir).ensure().database
    want = _raw(paths.database, "SELECT count(*) FROM cases")[0][0]
    if target.exists() and cipher.is_plain_sqlite(target):
        conn = sqlite3.connect(target)
        try:
            if conn.execute("SELECT count(*) FROM cases").fetchone()[0] == want:
                return target
        finally:
            conn.close()
    for suffix in ("", "-wal", "-shm"):
        Path(str(target) + suffix).unlink(missing_ok=True)
    _note("writing a plain copy for the comparison:", target)
    conn = cipher.connect(paths.database)
    try:
        conn.execute("ATTACH DATABASE ? AS plain KEY ''", (str(target),))
        conn.execute("SELECT sqlcipher_export('plain')")
        version = conn.execute("PRAGMA main.user_version").fetchone()[0]
        conn.execute(f"PRAGMA plain.user_version = {int(version)}")
        conn.execute("DETACH DATABASE plain")
    finally:
        conn.close()
    conn = sqlite3.connect(target)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.close()
    return target


def measure_plain(paths: Paths, plain_dir: Path, args: argparse.Namespace) -> dict[str, Any]:
    """The same measurements on the plain copy, in a child process that never keys a connection."""
    plain_copy(paths, plain_dir)
    cmd = [sys.executable, "-m", "bench.bench_db", "--as-plain", "--dir", str(plain_dir),
           "--registrations", str(args.registrations), "--repeat", str(args.repeat)]
    cmd += ["--skip-register"] * args.skip_register + ["--skip-queries"] * args.skip_queries
    proc = subprocess.run(cmd, cwd=ROOT, stdout=subprocess.PIPE, text=True, check=True)
    result: dict[str, Any] = json.loads(proc.stdout)
    return result


def _run_plain(args: argparse.Namespace) -> int:
    """The child of --compare-plain: the app's own code over an unkeyed SQLCipher connection (plain SQLite)."""
    cipher.apply_key = lambda conn, key: None
    keys.database_key = lambda data_dir: b""
    paths = Paths.resolve(args.dir)
    if not cipher.is_plain_sqlite(paths.database):
        raise SystemExit(f"{paths.database} is not a plain SQLite file")
    db = Database(paths.database, make_engine(paths.database))
    report: dict[str, Any] = {"machine": {"load_avg": os.getloadavg()}}
    total = _raw(paths.database, "SELECT count(*) FROM cases")[0][0]
    size = paths.database.stat().st_size
    report["size"] = {"cases": total, "bytes": size, "bytes_per_case": round(size / max(total, 1))}
    if not args.skip_register:
        ctx = Context(db, Settings.load(paths.settings_file), paths.settings_file)
        report["register"] = bench_register(ctx, args.registrations, paths.data_dir)
        _note("plain register", report["register"])
    if not args.skip_queries:
        report["queries"] = bench_queries(db, paths.database, args.repeat, False)
    report["machine"]["load_avg_end"] = os.getloadavg()
    db.dispose()
    print(json.dumps(report, ensure_ascii=False, indent=1))
    return 0


def side_by_side(enc: dict[str, Any], plain: dict[str, Any]) -> list[dict[str, Any]]:
    """Each figure of both runs: registration p50/p95, and every query's median."""
    rows: list[tuple[str, float, float, str]] = []
    if "register" in enc and "register" in plain:
        for k in ("p50_ms", "p95_ms", "cpu_p50_ms"):
            rows.append((f"register {k[:-3]}", enc["register"][k], plain["register"][k], "ms"))
        rows.append(("raw floor p95 (same moment)", enc["register"]["raw_floor"]["p95_ms"],
                     plain["register"]["raw_floor"]["p95_ms"], "ms"))
    for group in ("first_page", "page_200", "search", "count"):
        for name, fig in enc.get("queries", {}).get(group, {}).items():
            other = plain.get("queries", {}).get(group, {}).get(name)
            if other is not None:
                rows.append((f"{group} {name} (median)", fig["median_ms"], other["median_ms"], "ms"))
    rows.append(("size per case", float(enc["size"]["bytes_per_case"]), float(plain["size"]["bytes_per_case"]), "bytes"))
    return [{"figure": f, "encrypted": e, "plain": p, "unit": u, "ratio": round(e / p, 2) if p else None}
            for f, e, p, u in rows]


if __name__ == "__main__":
    sys.exit(main())
