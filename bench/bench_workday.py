"""Workday benchmark: the worst GUI-thread block per step of a clerk's (or a mediator's) day at 100,000
cases, and the first and later receipt preview times.

    nice -n 10 python -m bench.bench_workday --data-dir /tmp/ui-day11-100k [--cases 100000] [--width 1024]
        [--day clerk|mediator]

It drives tests/ui/test_workday_clerk.py (or tests/ui/test_workday_mediator.py with --day mediator) (the real main window, offscreen, under the watchdog of
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
TESTS = {
    "clerk": "tests/ui/test_workday_clerk.py::test_clerk_day_100000_cases[{width}]",
    "mediator": "tests/ui/test_workday_mediator.py::test_mediators_day_100k_cases[{width}]",
}
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


def child_preview(folder: Path, warm: bool) -> None:
    """In a fresh process: seconds from asking for a receipt to its preview showing page 1, twice."""
    from PySide6.QtWidgets import QApplication
    from sqlalchemy import select

    from desktop.config import Paths, Settings
    from desktop.db.models import Case
    from desktop.db.open import open_database
    from desktop.db.uow import Context
    from desktop.ui import ops, printing
    from desktop.ui.appstate import AppState
    from desktop.ui.bridge import ChangeBus
    from desktop.ui.pdf_preview import PdfPreviewDialog

    app = QApplication(sys.argv[:1])
    paths = Paths(folder)
    db = open_database(paths)
    state = AppState(paths=paths, db=db, ctx=Context(db, Settings(center_name="示范镇社会治理服务中心", committee_name="示范镇人民调解委员会")),
                     bus=ChangeBus())
    with db.read() as s:
        case_id = s.scalars(select(Case.id).order_by(Case.registered_at.desc()).limit(1)).one()
    if warm:
        printing.warm_up(None).result_blocking(60)
    times = []
    for _ in range(2):
        started = time.perf_counter()
        built = ops.Op(None, lambda: printing.build_document(state, "receipt", case_id)).run().result_blocking(60)
        dialog = PdfPreviewDialog(built.pdf, built.title, built.copies, None, number=built.number)
        dialog.show()
        deadline = time.perf_counter() + 30
        while dialog.document.pageCount() < 1 and time.perf_counter() < deadline:
            app.processEvents()
        dialog.view.grab()  # page 1 painted
        times.append(time.perf_counter() - started)
        dialog.close()
        app.processEvents()
    ops.wait_idle()
    db.dispose()
    print(f"PREVIEW {'warm' if warm else 'cold'} first {times[0]:.2f} later {times[1]:.2f}")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data-dir", default="/tmp/ui-day11-100k")
    ap.add_argument("--cases", type=int, default=100_000)
    ap.add_argument("--width", type=int, choices=(1024, 1366), default=1024)
    ap.add_argument("--child-preview", choices=("cold", "warm"), help=argparse.SUPPRESS)
    ap.add_argument("--day", choices=("clerk", "mediator"), default="clerk")
    args = ap.parse_args()
    folder = Path(args.data_dir)
    if args.child_preview:
        child_preview(folder, args.child_preview == "warm")
        return 0
    ensure_database(folder, args.cases)
    env = dict(os.environ, UI_DAY_100K_DIR=str(folder), WATCHDOG_WALL_MS="100000",
               QT_QPA_PLATFORM=os.environ.get("QT_QPA_PLATFORM", "offscreen"))
    load_before = os.getloadavg()
    started = time.perf_counter()
    run = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-s", "-p", "no:cacheprovider", "-m", "slow",
         TESTS[args.day].format(width=args.width)],
        cwd=ROOT, env=env, capture_output=True, text=True)
    seconds = time.perf_counter() - started
    load_after = os.getloadavg()
    out = run.stdout + run.stderr
    blocks = next((line.split(": ", 1)[1] for line in out.splitlines() if line.startswith("worst GUI block")), "")
    preview = next((line for line in out.splitlines() if line.startswith("receipt preview")), "")
    if not blocks:
        print(out[-4000:])
        return 1
    print(f"{args.day}'s day at {args.cases:,} cases, {args.width}×768, {seconds:.0f} s; "
          f"load average {load_before[0]:.1f} before, {load_after[0]:.1f} after ({os.cpu_count()} CPUs)")
    print(f"{'step':44} {'worst block ms':>15} {'GUI CPU ms':>11}")
    worst = 0
    for m in STEP.finditer(blocks):
        ms = max(0, int(m["ms"]))
        worst = max(worst, ms)
        print(f"{m['name'].strip():44} {ms:>15} {max(0, int(m['cpu'])):>11}")
    print(preview + " (in the day: fonts warmed up after login)")
    for mode in ("cold", "warm"):
        child = subprocess.run([sys.executable, "-m", "bench.bench_workday", "--data-dir", str(folder),
                                "--child-preview", mode], cwd=ROOT, env=env, capture_output=True, text=True)
        line = next((x for x in child.stdout.splitlines() if x.startswith("PREVIEW")), child.stderr[-500:])
        print(f"fresh process, {'no warm-up' if mode == 'cold' else 'after the warm-up'}: {line}")
    print(f"worst block of the day: {worst} ms ({'under' if worst < 100 else 'OVER'} 100 ms); test "
          f"{'passed' if run.returncode == 0 else 'failed'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
