"""UI benchmark: cold start to a usable main window (and a bare QMainWindow for the ratio), case-list
filter/search/scroll latency and resident memory on a large demo database.

    python -m bench.bench_ui --cases 1000000 --data-dir /tmp/ui-bench-1m

Generating 1,000,000 demo cases takes about 15 minutes on a 2-core PC (the folder is reused when it
already holds that many). Runs offscreen; figures go to stdout (and --json FILE). See docs/perf/ui.md.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from contextlib import closing
from pathlib import Path
from typing import Any

from desktop.db import cipher, keys

ROOT = Path(__file__).resolve().parents[1]


def rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


# --- child processes for the cold-start measurement ----------------------------------------

def child_bare() -> None:
    from PySide6.QtWidgets import QApplication, QMainWindow

    app = QApplication(sys.argv[:1])
    win = QMainWindow()
    win.resize(1280, 800)
    win.show()
    app.processEvents()
    print("ready", flush=True)


def child_app(data_dir: str) -> None:
    """The real start-up path (fonts, translations, database, main window) up to the dashboard's figures."""
    from desktop.config import Paths, Settings
    from desktop.db.services import users
    from desktop.ui import errors, ops
    from desktop.ui.app import create_application, install_translations, open_state
    from desktop.ui.fonts import setup_fonts
    from desktop.ui.main_window import MainWindow

    paths = Paths.resolve(data_dir)
    settings = Settings.load(paths.settings_file)
    app = create_application()
    setup_fonts(app, settings.font_scale)
    install_translations(app)
    errors.install(interactive=False)
    state, _ = open_state(paths, settings)
    state.actor = users.actor_of(users.list_users(state.db)[0])
    win = MainWindow(state)
    win.resize(1280, 800)
    win.show()
    win.show_screen("dashboard")
    app.processEvents()
    print("shown", flush=True)
    dash: Any = win.screen_widget("dashboard")
    while dash.data is None:
        app.processEvents()
        time.sleep(0.001)
    app.processEvents()
    print("ready", flush=True)
    ops.wait_idle()


def time_child(args: list[str], runs: int, mark: str = "ready") -> list[float]:
    """Seconds from process start until the child prints `mark`, one figure per run."""
    env = dict(os.environ, QT_QPA_PLATFORM=os.environ.get("QT_QPA_PLATFORM", "offscreen"))
    out = []
    for _ in range(runs):
        t0 = time.perf_counter()
        proc = subprocess.Popen([sys.executable, "-m", "bench.bench_ui", *args], cwd=ROOT, env=env,
                                stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
        assert proc.stdout is not None
        for line in proc.stdout:
            if line.strip() == mark:
                out.append(time.perf_counter() - t0)
                break
        proc.wait(timeout=120)
    return out


# --- in-process list latency ------------------------------------------------------------------

def list_latency(data_dir: str) -> dict[str, Any]:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QEventLoop, QTimer

    from desktop.config import Paths, Settings
    from desktop.db.services import users
    from desktop.ui import ops
    from desktop.ui.app import create_application, open_state
    from desktop.ui.fonts import setup_fonts
    from desktop.ui.screens.cases import CasesScreen
    from desktop.ui.widgets import set_combo_value

    app = create_application()
    paths = Paths.resolve(data_dir)
    settings = Settings.load(paths.settings_file)
    setup_fonts(app, settings.font_scale)
    state, _ = open_state(paths, settings)
    state.actor = users.actor_of(users.list_users(state.db)[0])
    screen = CasesScreen(state)
    screen.resize(1280, 760)
    screen.show()
    model = screen.model
    worst_late = [0.0]
    last = [time.perf_counter()]

    def tick() -> None:
        now = time.perf_counter()
        worst_late[0] = max(worst_late[0], (now - last[0]) * 1000 - 20)
        last[0] = now

    timer = QTimer()
    timer.setInterval(20)
    timer.timeout.connect(tick)
    timer.start()

    step_late: dict[str, float] = {}

    def run(action: Any, name: str = "") -> float:
        """ms from the action to its first page shown (search includes the 300 ms debounce wait)."""
        before, worst_late[0] = worst_late[0], 0.0
        t0 = time.perf_counter()
        action()
        app.processEvents()
        while model.loading or screen.debounce.isActive():
            app.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 5)
        app.processEvents()
        elapsed = (time.perf_counter() - t0) * 1000
        count_wait()  # let the total count finish so the next step does not queue behind it
        step_late[name] = max(step_late.get(name, 0.0), worst_late[0])
        worst_late[0] = max(before, worst_late[0])
        return elapsed

    def count_wait() -> None:
        """Spin (never block) until queued DB work, such as the total count, has finished."""
        done: list[bool] = []
        ops.Op(None, lambda: None).on_success(lambda _: done.append(True)).run()
        while not done:
            app.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 5)

    results: dict[str, Any] = {}
    results["first page"] = run(screen.activate, "first page")
    count_wait()
    results["filter category"] = run(lambda: set_combo_value(screen.category, "邻里"), "filter category")
    results["filter village"] = run(lambda: set_combo_value(screen.village, settings.villages[0] if settings.villages else ""), "filter village")
    results["filter overdue"] = run(lambda: screen.overdue.setChecked(True), "filter overdue")
    results["clear filters"] = run(screen.reset_filters, "clear filters")
    count_wait()
    search = screen.search
    results["search 3+ chars (full text)"] = run(lambda: search.setText("宅基地"), "search 3+ chars (full text)") - 300
    results["search 1 char (name prefix)"] = run(lambda: search.setText("王"), "search 1 char (name prefix)") - 300
    with closing(cipher.connect(paths.database)) as conn:
        idn = conn.execute("SELECT id_number FROM parties WHERE id_number IS NOT NULL LIMIT 1 OFFSET 5000").fetchone()[0]
    results["search ID number (exact)"] = run(lambda: search.setText(idn), "search ID number (exact)") - 300
    results["clear search"] = run(lambda: search.setText(""), "clear search") - 300
    count_wait()
    results["sort by deadline"] = run(lambda: set_combo_value(screen.sort, "deadline_asc"), "sort by deadline")
    set_combo_value(screen.sort, "registered_desc")
    run(lambda: None)
    scrolls = []
    for _ in range(20):
        scrolls.append(run(screen.view.scrollToBottom, "scroll"))
    results["scroll: next page of 100 (median)"] = statistics.median(scrolls)
    results["scroll: next page of 100 (max)"] = max(scrolls)
    count_wait()
    results["rows held after 21 pages"] = model.rowCount()
    results["RSS MB"] = round(rss_mb(), 1)
    results["event loop worst lateness ms"] = round(worst_late[0], 1)
    results["lateness by step ms"] = {k: round(v) for k, v in step_late.items()}
    timer.stop()
    state.db.dispose()
    return results


def ensure_data(data_dir: Path, cases: int) -> None:
    from bench.bench_db import BENCH_USER
    from desktop.config import Paths

    paths = Paths(data_dir)
    have = 0
    os.environ.update(BENCH_USER)  # the bench account's password unlocks the key (here and in child runs)
    env = dict(os.environ)
    if not paths.database.exists():
        subprocess.run([sys.executable, "-m", "desktop", "--data-dir", str(data_dir), "user", "add", "bench", "--name",
                        "测试员", "--role", "admin", "--password", BENCH_USER["TOWNSHIP_DESK_PASSWORD"]], cwd=ROOT, check=True)
    keys.unlock(paths.data_dir, BENCH_USER["TOWNSHIP_DESK_USER"], BENCH_USER["TOWNSHIP_DESK_PASSWORD"])
    with closing(cipher.connect(paths.database)) as conn:
        have = conn.execute("SELECT count(*) FROM cases").fetchone()[0]
    if have < cases:
        print(f"generating {cases - have} demo cases into {data_dir} (this takes a while) …", file=sys.stderr)
        subprocess.run([sys.executable, "-m", "desktop", "--data-dir", str(data_dir), "demo-data", "--cases",
                        str(cases - have)], cwd=ROOT, check=True, env=env)
    from desktop.config import Settings
    from desktop.db import demo
    from desktop.db.open import open_database
    from desktop.db.services import users
    from desktop.domain.enums import Role

    settings = Settings.load(paths.settings_file)
    if not settings.villages:  # the village filter needs the demo villages in the settings
        settings.villages = list(demo.VILLAGES)
        settings.save(paths.settings_file)
    db = open_database(paths.ensure())
    if not users.list_users(db):
        users.create_user(db, None, "bench", "测试员", Role.ADMIN, BENCH_USER["TOWNSHIP_DESK_PASSWORD"], must_change=False)
    db.dispose()


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--cases", type=int, default=1_000_000)
    ap.add_argument("--data-dir", default=None, help="reuse (or create) this demo data folder")
    ap.add_argument("--runs", type=int, default=5, help="cold-start runs")
    ap.add_argument("--json", default=None)
    ap.add_argument("--child", choices=["bare", "app"], help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child == "bare":
        child_bare()
        return 0
    if args.child == "app":
        child_app(args.data_dir)
        return 0
    data_dir = Path(args.data_dir or f"/tmp/township-ui-bench-{args.cases}")
    ensure_data(data_dir, args.cases)
    bare = time_child(["--child", "bare"], args.runs)
    full = time_child(["--child", "app", "--data-dir", str(data_dir)], args.runs)
    shown = time_child(["--child", "app", "--data-dir", str(data_dir)], args.runs, mark="shown")
    report: dict[str, Any] = {
        "cases": args.cases,
        "load average (1 min)": round(os.getloadavg()[0], 1),
        "cold start bare QMainWindow s (median)": round(statistics.median(bare), 3),
        "cold start to main window shown s (median)": round(statistics.median(shown), 3),
        "cold start to dashboard figures s (median)": round(statistics.median(full), 3),
        "cold start ratio (shown / bare)": round(statistics.median(shown) / statistics.median(bare), 2),
    }
    report.update({k: (round(v, 1) if isinstance(v, float) else v) for k, v in list_latency(str(data_dir)).items()})
    width = max(len(k) for k in report)
    for k, v in report.items():
        print(f"{k:<{width}}  {v}")
    if args.json:
        Path(args.json).write_text(json.dumps(report, ensure_ascii=False, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
