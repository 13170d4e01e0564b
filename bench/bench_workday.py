"""Workday benchmark: the worst GUI-thread block per step of a clerk's day at 100,000 cases, and the
first and later receipt preview times.

    nice -n 10 python -m bench.bench_workday --data-dir /tmp/ui-day11-100k [--cases 100000] [--width 1024]

It drives tests/ui/test_workday_clerk.py (the real main window, offscreen, under the watchdog of
tests/ui/watchdog.py) on a demo database made once in --data-dir and reused afterwards. The watchdog
only measures here (a wall-clock limit of 100 s), so every step's figure is printed even on a busy
machine; the load average before and after is printed beside them. See docs/performance.md.
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
STEP = re.compile(r"(?P<name>[^,]+?) (?P<ms>-?\d+) ms \(cpu (?P<cpu>-?\d+)\)")


def ensure_database(folder: Path, cases: int) -> None:
    from desktop.config import Paths
    from desktop.db.demo import generate
    from desktop.db.open import open_database

    paths = Paths(folder).ensure()
    if paths.database.exists():
        return
    open_database(paths).dispose()
    started = time.perf_counter()
    generate(paths.database, cases, seed=11)
    print(f"generated {cases} demo cases in {time.perf_counter() - started:.0f} s")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data-dir", default="/tmp/ui-day11-100k")
    ap.add_argument("--cases", type=int, default=100_000)
    ap.add_argument("--width", type=int, choices=(1024, 1366), default=1024)
    args = ap.parse_args()
    folder = Path(args.data_dir)
    ensure_database(folder, args.cases)
    env = dict(os.environ, UI_DAY_100K_DIR=str(folder), WATCHDOG_WALL_MS="100000",
               QT_QPA_PLATFORM=os.environ.get("QT_QPA_PLATFORM", "offscreen"))
    load_before = os.getloadavg()
    started = time.perf_counter()
    run = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-s", "-p", "no:cacheprovider", "-m", "slow",
         f"tests/ui/test_workday_clerk.py::test_clerk_day_100000_cases[{args.width}]"],
        cwd=ROOT, env=env, capture_output=True, text=True)
    seconds = time.perf_counter() - started
    load_after = os.getloadavg()
    out = run.stdout + run.stderr
    blocks = next((line.split(": ", 1)[1] for line in out.splitlines() if line.startswith("worst GUI block")), "")
    preview = next((line for line in out.splitlines() if line.startswith("receipt preview")), "")
    if not blocks:
        print(out[-4000:])
        return 1
    print(f"clerk's day at {args.cases:,} cases, {args.width}×768, {seconds:.0f} s; "
          f"load average {load_before[0]:.1f} before, {load_after[0]:.1f} after ({os.cpu_count()} CPUs)")
    print(f"{'step':44} {'worst block ms':>15} {'GUI CPU ms':>11}")
    worst = 0
    for m in STEP.finditer(blocks):
        ms = max(0, int(m["ms"]))
        worst = max(worst, ms)
        print(f"{m['name'].strip():44} {ms:>15} {max(0, int(m['cpu'])):>11}")
    print(preview)
    print(f"worst block of the day: {worst} ms ({'under' if worst < 100 else 'OVER'} 100 ms); test "
          f"{'passed' if run.returncode == 0 else 'failed'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
