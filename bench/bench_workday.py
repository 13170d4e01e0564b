"""Workday benchmark: the worst GUI-thread block per step of a clerk's (or a mediator's) day at 100,000
cases, and the first and later receipt preview times.

    nice -n 10 python -m bench.bench_workday --data-dir /tmp/ui-day11-100k [--cases 100000] [--width 1024]
        [--day clerk|mediator] [--room-pages]

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


# The bench's own account in a folder it makes: the child processes (the test, the preview) unlock the
# encrypted database with it (TOWNSHIP_DESK_USER/TOWNSHIP_DESK_PASSWORD). For a folder made elsewhere,
# set those two variables to an account of that folder.
BENCH_USER, BENCH_PASSWORD = "bench", "bench-only-2026"


def ensure_database(folder: Path, cases: int) -> None:
    from desktop.config import Paths
    from desktop.db.demo import generate
    from desktop.db.open import open_database
    from desktop.db.services.users import create_user
    from desktop.db.uow import SYSTEM
    from desktop.domain.enums import Role

    paths = Paths(folder).ensure()
    if paths.database.exists():
        return
    db = open_database(paths)
    create_user(db, SYSTEM, BENCH_USER, "基准测试", Role.ADMIN, BENCH_PASSWORD)
    db.dispose()
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


def room_pages(folder: Path) -> None:
    """The mediation room's list (room_queries.list_mediations) on the DB worker: the first page of each
    filter (best of 5, after one warm-up read) and every later page of it (median and worst)."""
    import statistics

    from sqlalchemy import func, select

    from desktop.config import Paths
    from desktop.db.models import Mediation
    from desktop.db.open import open_database
    from desktop.db.room_queries import list_mediations

    db = open_database(Paths(folder))
    with db.read() as s:
        total = s.scalar(select(func.count()).select_from(Mediation))
        open_ = s.scalar(select(func.count()).select_from(Mediation).where(Mediation.outcome.is_(None)))
        number = s.scalar(select(Mediation.file_number).where(Mediation.outcome.is_(None)).limit(1)) or ""
        print(f"mediation list: {total:,} mediations, {open_:,} open")
        print(f"{'filter':24} {'first page ms':>14} {'later pages':>12} {'median ms':>10} {'worst ms':>9}")
        for status, search, label in (("open", "", "进行中"), ("open", "王", "进行中 + 王"),
                                      ("open", number[-6:], "进行中 + 卷号片段"), ("concluded", "", "已结束"),
                                      ("all", "", "全部"), ("all", "王", "全部 + 王")):
            list_mediations(s, status, search)
            firsts = []
            for _ in range(5):
                started = time.perf_counter()
                _rows, key = list_mediations(s, status, search)
                firsts.append(time.perf_counter() - started)
            later = []
            while key is not None and len(later) < 80:
                started = time.perf_counter()
                _rows, key = list_mediations(s, status, search, after=key)
                later.append(time.perf_counter() - started)
            med = statistics.median(later) * 1000 if later else 0.0
            worst = max(later) * 1000 if later else 0.0
            print(f"{label:24} {min(firsts) * 1000:>14.1f} {len(later):>12} {med:>10.1f} {worst:>9.1f}")
    db.dispose()


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data-dir", default="/tmp/ui-day11-100k")
    ap.add_argument("--cases", type=int, default=100_000)
    ap.add_argument("--width", type=int, choices=(1024, 1366), default=1024)
    ap.add_argument("--child-preview", choices=("cold", "warm"), help=argparse.SUPPRESS)
    ap.add_argument("--day", choices=("clerk", "mediator"), default="clerk")
    ap.add_argument("--room-pages", action="store_true", help="only time the mediation list's pages")
    args = ap.parse_args()
    folder = Path(args.data_dir)
    os.environ.setdefault("TOWNSHIP_DESK_USER", BENCH_USER)  # unlocks the bench's folder here and in children
    os.environ.setdefault("TOWNSHIP_DESK_PASSWORD", BENCH_PASSWORD)
    if args.child_preview:
        child_preview(folder, args.child_preview == "warm")
        return 0
    ensure_database(folder, args.cases)
    if args.room_pages:
        print(f"load average {os.getloadavg()[0]:.1f} ({os.cpu_count()} CPUs)")
        room_pages(folder)
        return 0
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
    if preview:  # the clerk's day previews the receipt; the mediator's times its own preview step above
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
