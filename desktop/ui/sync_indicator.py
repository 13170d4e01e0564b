"""Sync in the status bar: the always-visible indicator, and the one controller that runs syncs.

The controller runs `sync_once` either in a child process (`python -m desktop sync --once --json`,
the default: a sync is CPU-heavy Python and on a thread it would hold the GIL and make the window lag)
or on the network pool (tests, or when no interpreter can be started). The data folder's sync lock
makes GUI, child process and CLI safe together; the controller never starts two at once.
"""

from __future__ import annotations

import json
import logging
import sys
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from types import ModuleType
from typing import Any

from PySide6.QtCore import QCoreApplication, QObject, QProcess, QProcessEnvironment, Qt, QTimer, Signal
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import QHBoxLayout, QLabel, QWidget

from desktop.db import keys
from desktop.db.uow import OUTBOX
from desktop.domain.errors import DomainError
from desktop.sync import api as _sync_api_module
from desktop.sync.engine import PHASE_LABELS

from .appstate import AppState
from .errors import classify, show_error
from .ops import Op
from .widgets import AMBER, GREEN, GREY, RED

log = logging.getLogger(__name__)

STATE_LABELS = {
    "not_enrolled": "未登记",
    "offline": "离线",
    "syncing": "同步中",
    "synced": "已同步",
    "waiting": "待同步",
    "problem": "有问题",
}
STATE_COLORS = {
    "not_enrolled": GREY,
    "offline": GREY,
    "syncing": "#1565c0",  # blue: work in progress, the one colour only this dot uses
    "synced": GREEN,
    "waiting": AMBER,
    "problem": RED,
}
# Entities whose writes add to the outbox: refresh the count after them.
SYNCED_ENTITIES = {"case", "case_event", "reception", "mediation", "mediation_record", "agreement", "followup",
                   "county_item", "attachment"}


def sync_api() -> ModuleType | None:
    """The sync engine's facade (desktop.sync.api; imported directly, every build has it)."""
    return _sync_api_module


@dataclass
class StatusView:
    """What the indicator and the panel show; built from the engine's SyncStatus (or the outbox alone)."""

    state: str
    counts: dict[str, int] = field(default_factory=dict)
    pending: int = 0
    problems: int = 0
    last_success: str | None = None
    last_error: str | None = None
    clock_warning: str | None = None
    enrolled: bool = False
    engine: bool = True
    drift: dict[str, Any] = field(default_factory=dict)

    def shown_state(self, running: bool = False) -> str:
        """The state people see: 已同步 only when nothing waits to be sent (the engine's last run may
        have succeeded while records were saved since: that is 待同步)."""
        if running:
            return "syncing"
        if self.state == "synced" and self.pending > 0:
            return "waiting"
        return self.state


def read_status(state: AppState) -> StatusView:
    """Runs off the GUI thread: a few Meta rows and one GROUP BY."""
    api = sync_api()
    if api is None:
        from desktop.db.room_queries import outbox_summary

        with state.db.read() as s:
            counts = outbox_summary(s)
        pending = counts.get("queued", 0) + counts.get("sending", 0)
        return StatusView(state="not_enrolled", counts=counts, pending=pending,
                          problems=counts.get("rejected", 0) + counts.get("conflict", 0), engine=False)
    st = api.status(state.paths)
    return StatusView(
        state=st.state, counts=dict(st.counts), pending=st.pending, problems=st.problems,
        last_success=st.last_success, last_error=st.last_error, clock_warning=st.clock_warning,
        enrolled=st.enrolled, drift=dict(getattr(st, "drift", {}) or {}),
    )


def fmt_time(value: str | None) -> str:
    """An ISO timestamp from the engine, in local time for people."""
    if not value:
        return ""
    try:
        when = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return value
    if when.tzinfo is None:
        return when.strftime("%m-%d %H:%M")
    local = when.astimezone()
    today = datetime.now().astimezone().date()
    return local.strftime("%H:%M") if local.date() == today else local.strftime("%m-%d %H:%M")


@dataclass
class SyncResult:
    ok: bool
    message: str
    report: dict[str, Any] = field(default_factory=dict)


class SyncController(QObject):
    """Starts syncs (manual and automatic), never two at once, and says how each ended."""

    started = Signal()
    progress = Signal(str)  # a Chinese phase text
    finished = Signal(object)  # SyncResult

    AUTO_MINUTES = 5

    def __init__(self, state: AppState, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.state = state
        self.running = False
        self.use_process = True
        self.last_result: SyncResult | None = None
        self._process: QProcess | None = None
        self._stdout = b""
        self._stderr = b""
        self._cancelled = False
        self.auto_timer = QTimer(self)
        self.auto_timer.setInterval(self.AUTO_MINUTES * 60_000)
        self.auto_timer.timeout.connect(self.auto_tick)
        self._probing = False
        app = QCoreApplication.instance()
        if app is not None:
            app.aboutToQuit.connect(self.shutdown)

    # ---- manual ----------------------------------------------------------------------------------
    def sync_now(self) -> bool:
        """Start a sync; False (with a finished() explaining why) if it cannot start now."""
        if self.running:
            return False
        api = sync_api()
        if api is None:
            self._finish(SyncResult(False, self.tr("同步模块尚未安装")))
            return False
        self.running = True
        if self.use_process:
            self._start_process()
        else:
            self._start_thread(api)
        self.started.emit()
        self.progress.emit(self.tr("正在同步…"))
        self.state.bus.publish(entities={"sync"})  # not a DB write (docs/architecture.md, change bus)
        return True

    def _start_thread(self, api: ModuleType) -> None:
        paths = self.state.paths
        relay = _ProgressRelay(self)
        relay.text.connect(self.progress)

        def work() -> Any:
            return api.sync_once(paths, progress=relay.report)

        def done(report: Any) -> None:
            self._finish(SyncResult(bool(report.ok), str(report.message), report.to_dict()))

        def failed(exc: BaseException) -> None:
            known = classify(exc)
            if known is None:
                show_error(None, exc)  # a bug: logged with its trace and reported, never "失败：ExceptionName"
            text = known.message if known is not None else self.tr("同步时发生意外错误，详情已记入日志")
            self._finish(SyncResult(False, text))

        Op(None, work, network=True).on_success(done).on_failure(failed).run()

    def _start_process(self) -> None:
        proc = QProcess(self)
        self._process = proc
        self._stdout = b""
        self._stderr = b""
        env = QProcessEnvironment.systemEnvironment()
        env.insert("PYTHONIOENCODING", "utf-8")
        env.insert(keys.ENV_KEY_FROM_STDIN, "1")  # the database key comes through the pipe, never the command line
        proc.setProcessEnvironment(env)
        proc.readyReadStandardOutput.connect(self._read_stdout)
        proc.readyReadStandardError.connect(self._read_stderr)
        proc.finished.connect(self._process_finished)
        proc.errorOccurred.connect(self._process_error)
        if sys.platform == "win32":
            _no_console_window(proc)
        program, args = child_command(["--data-dir", str(self.state.paths.data_dir), "sync", "--once", "--json"])
        proc.start(program, args)
        proc.write(keys.database_key(self.state.paths.data_dir).hex().encode() + b"\n")
        proc.closeWriteChannel()

    def _read_stdout(self) -> None:
        if self._process is not None:
            self._stdout += bytes(self._process.readAllStandardOutput().data())

    def _read_stderr(self) -> None:
        if self._process is not None:
            # Progress lines ("上传记录 100…"): the last one is shown; the buffer is kept short.
            self._stderr = (self._stderr + bytes(self._process.readAllStandardError().data()))[-4000:]
            lines = [ln for ln in self._stderr.decode("utf-8", "replace").splitlines() if ln.strip()]
            if lines:
                self.progress.emit(lines[-1].strip())

    def _process_error(self, error: QProcess.ProcessError) -> None:
        if error == QProcess.ProcessError.FailedToStart:
            self._process = None
            self._finish(SyncResult(False, self.tr("无法启动同步程序")))

    def _process_finished(self, code: int, _status: QProcess.ExitStatus) -> None:
        if self._process is None:
            return
        self._read_stdout()
        self._process.deleteLater()
        self._process = None
        if self._cancelled:
            self._cancelled = False
            self._finish(SyncResult(False, self.tr("已停止同步；已发送的不会重复，下次同步从中断处继续")))
            return
        try:
            data = json.loads(self._stdout.decode("utf-8"))
        except (ValueError, UnicodeDecodeError):
            lines = [ln for ln in self._stderr.decode("utf-8", "replace").splitlines() if ln.strip()]
            log.error("sync child exited %d without a report", code)
            detail = lines[-1].strip() if lines else ""
            self._finish(SyncResult(False, self.tr("同步程序异常退出（代码 %d）") % code + (f"：{detail}" if detail else "")))
            return
        ok = bool(data.get("ok"))
        message = str(data.get("message") or (self.tr("同步完成") if ok else self.tr("同步失败")))
        self._finish(SyncResult(ok, message, data))

    @property
    def can_cancel(self) -> bool:
        return self._process is not None

    def cancel(self) -> None:
        """Stop the running child sync. The engine is crash-safe: what was sent stays sent, once."""
        if self._process is not None:
            self._cancelled = True
            self._process.terminate()

    def _finish(self, result: SyncResult) -> None:
        self.running = False
        self.last_result = result
        self.finished.emit(result)
        # Pulled records change every list; the bus coalesces the burst into one refresh. Named by hand: the
        # child process wrote them, so no op of this process recorded them (docs/architecture.md, change bus).
        self.state.bus.publish(entities=SYNCED_ENTITIES | {"sync"})

    # ---- automatic -------------------------------------------------------------------------------
    FIRST_TICK_MS = 20_000  # soon after start-up: records made offline go out without waiting minutes

    def start_auto(self, minutes: float | None = None, first_tick: bool = False) -> None:
        if minutes is not None:
            self.auto_timer.setInterval(int(minutes * 60_000))
        if not self.auto_timer.isActive():
            self.auto_timer.start()
            if first_tick:
                QTimer.singleShot(self.FIRST_TICK_MS, self, self.auto_tick)

    def stop_auto(self) -> None:
        self.auto_timer.stop()

    def auto_tick(self) -> None:
        """Start a sync when the county answers; silent when it does not (the indicator shows 离线)."""
        if self.running or self._probing:
            return
        api = sync_api()
        settings = self.state.settings
        if api is None or not settings.county_url or api.read_token(self.state.paths) is None:
            return
        self._probing = True
        url, insecure = settings.county_url, settings.allow_insecure_http

        def probe() -> bool:
            try:
                api.test_connection(url, insecure)
            except DomainError:
                return False
            return True

        def done(reachable: bool) -> None:
            self._probing = False
            if reachable:
                self.sync_now()

        def failed(_exc: BaseException) -> None:
            self._probing = False

        Op(None, probe, network=True).on_success(done).on_failure(failed).run()

    def shutdown(self) -> None:
        self.auto_timer.stop()
        if self._process is not None:
            # The child holds the lock; the engine is crash-safe, so stopping it loses nothing.
            self._process.terminate()
            self._process.waitForFinished(3000)


def child_command(args: list[str]) -> tuple[str, list[str]]:
    """How to run the CLI in a child process: from source, this interpreter with `-m desktop`; a frozen
    build runs itself, or on Windows its console twin `township-desk-cli.exe` (the GUI exe has no
    stdout to print the JSON report to)."""
    if not getattr(sys, "frozen", False):
        return sys.executable, ["-m", "desktop", *args]
    exe = Path(sys.executable)
    cli = exe.with_name(f"{exe.stem}-cli{exe.suffix}")
    return str(cli if cli.exists() else exe), args


def _no_console_window(proc: QProcess) -> None:
    """Windows: a console child would flash a console window; CREATE_NO_WINDOW keeps it hidden."""
    create_no_window = 0x08000000

    def modify(arguments: Any) -> None:
        arguments.flags |= create_no_window

    setter = getattr(proc, "setCreateProcessArgumentsModifier", None)  # Windows-only API
    if setter is not None:
        setter(modify)


class _ProgressRelay(QObject):
    """The engine's progress callback (worker thread) → a signal on the GUI thread."""

    text = Signal(str)

    def report(self, phase: str, done: int, _total: int | None) -> None:
        labels = dict(PHASE_LABELS)
        self.text.emit(f"{labels.get(phase, phase)} {done}…")


def controller_for(state: AppState) -> SyncController:
    """The one controller of this app state (created on first use)."""
    ctl: SyncController | None = getattr(state, "_sync_controller", None)
    if ctl is None:
        ctl = SyncController(state, state.bus)
        state._sync_controller = ctl  # type: ignore[attr-defined]  # one per AppState, kept on it
    return ctl


class SyncIndicator(QWidget):
    """Status-bar widget: 已同步 / 同步中 / 离线 / 有问题 / 未登记, 待发送 N, last sync; click for the sync screen."""

    clicked = Signal()
    refreshed = Signal()
    REFRESH_MS = 5000

    def __init__(self, state: AppState, parent: QWidget | None = None, auto_sync: bool = True) -> None:
        super().__init__(parent)
        self.state = state
        self.view: StatusView | None = None
        self.controller = controller_for(state)
        self.dot = QLabel("●")
        self.label = QLabel(self.tr("同步状态读取中…"))
        self.label.setObjectName("syncIndicatorText")
        lay = QHBoxLayout(self)
        lay.setContentsMargins(4, 0, 4, 0)
        lay.addWidget(self.dot)
        lay.addWidget(self.label)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self._busy = False
        self._again = False
        self.timer = QTimer(self)
        self.timer.setInterval(self.REFRESH_MS)
        self.timer.timeout.connect(self.refresh)
        self.timer.start()
        state.bus.changed.connect(self._on_changed)
        self.controller.started.connect(self._show)
        self.controller.finished.connect(lambda _r: self.refresh())
        if auto_sync:  # tests drive syncs themselves
            self.controller.start_auto(first_tick=True)
        self.refresh()

    def _on_changed(self, entities: set[str], _ids: set[str]) -> None:
        if entities & (SYNCED_ENTITIES | {"sync", OUTBOX}):
            self.refresh()

    def refresh(self) -> None:
        if self._busy:  # one read at a time; remember to read again when it ends
            self._again = True
            return
        self._busy = True

        def done(view: StatusView) -> None:
            self._busy = False
            self.view = view
            self._show()
            self.refreshed.emit()
            if self._again:
                self._again = False
                self.refresh()

        def failed(exc: BaseException) -> None:
            self._busy = False
            log.warning("sync status unavailable: %s", type(exc).__name__)
            self.label.setText(self.tr("同步状态不可用"))

        state = self.state
        Op(self, lambda: read_status(state)).on_success(done).on_failure(failed).run()

    def current_state(self) -> str:
        if self.view is None:
            return "syncing" if self.controller.running else "offline"
        return self.view.shown_state(self.controller.running)

    def _show(self) -> None:
        key = self.current_state()
        parts = [self.tr(STATE_LABELS.get(key, key))]
        if self.view is not None:
            parts.append(self.tr("待发送 %d") % self.view.pending)
            if self.view.problems:
                parts.append(self.tr("待处理 %d") % self.view.problems)
            if self.view.last_success:
                parts.append(self.tr("上次同步 %s") % fmt_time(self.view.last_success))
        self.label.setText("  ".join(parts))
        tips = [self.tr("点击查看同步详情")]
        if self.view is not None:
            tips += [t for t in (self.view.last_error, self.view.clock_warning) if t and key != "synced"]
        self.setToolTip("\n".join(tips))
        self.dot.setStyleSheet(f"color: {STATE_COLORS.get(key, GREY)};")
        self.setProperty("syncState", key)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            self.clicked.emit()
            opener = getattr(self.state, "open_screen", None)
            if callable(opener):
                opener("sync")
        super().mouseReleaseEvent(event)
