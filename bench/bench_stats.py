"""Benchmark: statistics for a whole year at N cases, and a 10,000-row ledger import.

    python -m bench.bench_stats --cases 1000000 --data-dir /tmp/bench-1m   # reuses the folder if filled
    python -m bench.bench_stats --cases 100000 --ledger-rows 10000

Generating demo data takes minutes at 1,000,000 cases (done once per folder). Prints one line per
figure and a JSON summary at the end; docs/perf/stats.md records the results.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import statistics
import sys
import tempfile
import time
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any


def _timed(fn: Any, repeat: int) -> tuple[float, float]:
    """(first run, median of the following runs) in milliseconds."""
    t = time.perf_counter()
    fn()
    first = (time.perf_counter() - t) * 1000
    runs = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        runs.append((time.perf_counter() - t) * 1000)
    return first, statistics.median(runs) if runs else first


def ensure_data(folder: Path, cases: int) -> tuple[Any, float]:
    from desktop.config import Paths, Settings
    from desktop.db.demo import generate
    from desktop.db.open import open_database

    paths = Paths(folder).ensure()
    db = open_database(paths)
    with db.read() as s:
        from sqlalchemy import func, select

        from desktop.db.models import Case

        have = int(s.scalar(select(func.count()).select_from(Case)) or 0)
    gen_seconds = 0.0
    if have < cases:
        settings = Settings(center_name="示范镇社会治理服务中心", township_code="220402", township_name="示范镇",
                            committee_short="示", setup_done=True)
        settings.save(paths.settings_file)
        print(f"generating {cases - have} demo cases in {folder} …", file=sys.stderr)
        t = time.perf_counter()
        generate(paths.database, cases - have, seed=7, township="220402", days=365,
                 progress=lambda n: print(f"  {n} …", file=sys.stderr))
        gen_seconds = time.perf_counter() - t
    return db, gen_seconds


def bench_figures(db: Any, repeat: int) -> dict[str, Any]:
    from desktop.reports.analysis import analyse
    from desktop.reports.buckets import raw_sums
    from desktop.reports.figures import compute
    from desktop.reports.periods import Period

    today = date.today()
    out: dict[str, Any] = {}
    periods = {
        "last 365 days": Period.custom(today - timedelta(days=364), today),
        "calendar year": Period.year(today.year),
        "month": Period.month(today.year, today.month),
    }
    with db.read() as s:
        from sqlalchemy import func, select

        from desktop.db.models import Case

        out["cases"] = int(s.scalar(select(func.count()).select_from(Case)) or 0)
        for name, p in periods.items():
            first, median = _timed(lambda p=p: compute(s, p), repeat)
            st = compute(s, p)
            out[f"figures {name}"] = {"first_ms": round(first, 1), "median_ms": round(median, 1),
                                      "cases_accepted": int(st.value("cases_accepted"))}
            print(f"figures ({name}, {int(st.value('cases_accepted'))} cases accepted): first {first:.0f} ms, "
                  f"median {median:.0f} ms")
        p = periods["last 365 days"]
        first, median = _timed(lambda: analyse(s, p), max(1, repeat // 2))
        out["analysis last 365 days"] = {"first_ms": round(first, 1), "median_ms": round(median, 1)}
        print(f"analysis (last 365 days): first {first:.0f} ms, median {median:.0f} ms")
        t = time.perf_counter()
        raw_sums(s, *p.bounds())
        raw_ms = (time.perf_counter() - t) * 1000
        out["base-table scan (for comparison)"] = {"ms": round(raw_ms, 1)}
        print(f"same sums scanning the base tables instead of buckets: {raw_ms:.0f} ms")
    return out


def write_ledger(path: Path, rows: int, seed: int = 3) -> None:
    from openpyxl import Workbook

    from desktop.db.demo import SUMMARIES, VILLAGES
    from desktop.domain.validation import id_check_digit

    rng = random.Random(seed)
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("台账")
    ws.append(["序号", "登记日期", "当事人", "身份证号", "联系电话", "村（社区）", "纠纷类型", "来源", "简要情况", "诉求", "办理结果"])
    cats = list(SUMMARIES)
    start = date.today() - timedelta(days=360)
    for i in range(rows):
        cat = rng.choice(cats)
        first17 = f"220402{1950 + rng.randrange(50)}{rng.randrange(1, 13):02d}{rng.randrange(1, 28):02d}{rng.randrange(1000):03d}"
        ws.append([i + 1, (start + timedelta(days=rng.randrange(350))).isoformat(),
                   rng.choice("王李张刘陈杨赵黄") + rng.choice("伟芳娜秀英敏静丽强磊"),
                   first17 + id_check_digit(first17), f"13{rng.randrange(100000000, 999999999)}",
                   rng.choice(VILLAGES), cat + "纠纷", rng.choice(["来访", "来电", "网格员转来"]),
                   rng.choice(SUMMARIES[cat]) + f"（台账第{i + 1}条）", "请求调处",
                   rng.choice(["已调解，双方和解", "", "正在办理"])])
    wb.save(path)


def bench_ledger(rows: int) -> dict[str, Any]:
    from desktop.config import Paths, Settings
    from desktop.db.open import open_database
    from desktop.db.uow import SYSTEM, Context
    from desktop.reports.ledger import default_mapping, import_ledger

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        ledger = folder / "ledger.xlsx"
        write_ledger(ledger, rows)
        paths = Paths(folder / "data").ensure()
        settings = Settings(center_name="示范镇社会治理服务中心", township_code="220402", committee_short="示")
        db = open_database(paths)
        ctx = Context(db, settings)
        # Online PCs lease blocks of case numbers from the county; give this one a block as the sync would.
        from desktop.db.services.numbers import add_block
        from desktop.domain.numbering import Series

        with db.write() as s:
            for year in range(date.today().year - 1, date.today().year + 1):
                add_block(s, Series.CASE, year, 1, 100_000)
        t, cpu = time.perf_counter(), time.process_time()
        report = import_ledger(ctx, SYSTEM, ledger, default_mapping())
        first, first_cpu = time.perf_counter() - t, time.process_time() - cpu
        t = time.perf_counter()
        again = import_ledger(ctx, SYSTEM, ledger, default_mapping())
        second = time.perf_counter() - t
        db.dispose()
    print(f"ledger import {rows} rows: {first:.1f} s wall, {first_cpu:.1f} s CPU "
          f"({report.imported} imported, {len(report.errors)} rejected); "
          f"re-import {second:.1f} s ({again.imported} imported, {len(again.already_imported)} already there)")
    return {"rows": rows, "import_s": round(first, 2), "import_cpu_s": round(first_cpu, 2), "imported": report.imported, "rejected": len(report.errors),
            "reimport_s": round(second, 2), "reimported": again.imported}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--cases", type=int, default=100_000)
    ap.add_argument("--data-dir", help="reuse (or fill once) this data folder")
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--ledger-rows", type=int, default=10_000, help="0 to skip the ledger import")
    ap.add_argument("--skip-figures", action="store_true")
    args = ap.parse_args(argv)
    result: dict[str, Any] = {
        "machine": f"{platform.node()} {platform.machine()} {os.cpu_count()} cpu, {platform.python_version()}",
        "tz": time.tzname, "when": datetime.now().isoformat(timespec="seconds"),
    }
    if not args.skip_figures:
        folder = Path(args.data_dir) if args.data_dir else Path(tempfile.mkdtemp(prefix="bench-stats-"))
        db, gen = ensure_data(folder, args.cases)
        if gen:
            result["generated_s"] = round(gen, 1)
        result.update(bench_figures(db, args.repeat))
        db.dispose()
    if args.ledger_rows:
        result["ledger"] = bench_ledger(args.ledger_rows)
    print(json.dumps(result, ensure_ascii=False, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
