"""同步: sync state and counts, "立即同步", automatic sync, and the records the county refused or that conflict."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QElapsedTimer, QTimer, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QProgressBar,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from desktop.db.uow import OUTBOX
from desktop.domain.accounts import Permission
from desktop.domain.errors import DomainError
from desktop.domain.records import entity_label

from ..appstate import AppState
from ..enroll_dialog import EnrollDialog
from ..errors import show_error
from ..list_model import RowListModel, list_view
from ..ops import Op
from ..printing import notify
from ..sync_indicator import (
    STATE_COLORS,
    STATE_LABELS,
    SYNCED_ENTITIES,
    StatusView,
    SyncResult,
    controller_for,
    fmt_time,
    read_status,
    sync_api,
)
from ..widgets import ERROR_STYLE, OK_STYLE, permit


def ask_reason(parent: QWidget, title: str, label: str) -> str | None:
    """The reason for dismissing a pulled change (a hook, so tests answer without a blocking dialog)."""
    text, ok = QInputDialog.getText(parent, title, label)
    return text if ok else None

COUNT_LABELS = (
    ("queued", "待发送"),
    ("sending", "发送中"),
    ("synced", "已同步"),
    ("rejected", "被退回"),
    ("conflict", "冲突"),
)
PROBLEM_STATES = {"rejected": "被退回", "conflict": "冲突", "quarantined": "无法接收"}


class SyncScreen(QWidget):
    """The sync panel; the indicator in the status bar opens it."""

    refreshed = Signal()

    def __init__(self, state: AppState, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.state = state
        self.controller = controller_for(state)
        self.view: StatusView | None = None
        self._all_problems: list[Any] = []  # the last refresh's list; the model pages through it

        status = QGroupBox(self.tr("同步状态"))
        self.state_label = QLabel()
        self.state_label.setObjectName("syncState")
        self.state_label.setStyleSheet("font-size: 15pt; font-weight: bold;")
        self.count_labels: dict[str, QLabel] = {}
        counts = QHBoxLayout()
        for key, label in COUNT_LABELS:
            value = QLabel("0")
            value.setObjectName(f"count_{key}")
            self.count_labels[key] = value
            counts.addWidget(QLabel(self.tr(label) + "："))
            counts.addWidget(value)
            counts.addSpacing(16)
        counts.addStretch(1)
        self.last_success = QLabel("—")
        self.last_success.setObjectName("lastSuccess")
        self.last_error = QLabel("—")
        self.last_error.setObjectName("lastError")
        self.last_error.setWordWrap(True)
        self.server = QLabel()
        form = QFormLayout(status)
        form.addRow(self.state_label)
        form.addRow(counts)
        form.addRow(self.tr("县平台地址"), self.server)
        form.addRow(self.tr("上次成功同步"), self.last_success)
        form.addRow(self.tr("最近的问题"), self.last_error)

        self.sync_btn = QPushButton(self.tr("立即同步"))
        self.sync_btn.setObjectName("syncNow")
        self.sync_btn.clicked.connect(self.sync_now)
        self.stop_btn = QPushButton(self.tr("停止同步"))
        self.stop_btn.setObjectName("stopSync")
        self.stop_btn.clicked.connect(self.controller.cancel)
        self.stop_btn.hide()
        self.elapsed = QElapsedTimer()
        self.tick = QTimer(self)
        self.tick.setInterval(1000)
        self.tick.timeout.connect(self._show_elapsed)
        self._phase = ""
        self.enroll_btn = QPushButton(self.tr("登记本机…"))
        self.enroll_btn.clicked.connect(self.open_enroll)
        self.auto = QCheckBox(self.tr("自动同步，每"))
        self.auto.setChecked(True)
        self.auto_minutes = QSpinBox()
        self.auto_minutes.setRange(1, 120)
        self.auto_minutes.setValue(self.controller.AUTO_MINUTES)
        self.auto_minutes.setSuffix(self.tr(" 分钟"))
        self.auto.toggled.connect(self._auto_changed)
        self.auto_minutes.valueChanged.connect(lambda _v: self._auto_changed(self.auto.isChecked()))
        self.progress = QProgressBar()
        self.progress.setRange(0, 0)
        self.progress.hide()
        self.result = QLabel()
        self.result.setObjectName("syncResult")
        self.result.setWordWrap(True)
        actions = QHBoxLayout()
        actions.addWidget(self.sync_btn)
        actions.addWidget(self.stop_btn)
        actions.addWidget(self.enroll_btn)
        actions.addSpacing(24)
        actions.addWidget(self.auto)
        actions.addWidget(self.auto_minutes)
        actions.addStretch(1)

        problems = QGroupBox(self.tr("需要处理的记录（被县平台退回或与县平台冲突）"))
        self.table = list_view("problems", stretch=3)
        self.problem_model: RowListModel[Any] = RowListModel(
            [self.tr("类型"), self.tr("记录"), self.tr("状态"), self.tr("原因"), self.tr("字段"), self.tr("时间")],
            fetch=lambda offset, limit: self._all_problems[offset:offset + limit], cells=self._problem_cells,
            key=lambda p: str(p.op_id), widget=self)
        self.table.setModel(self.problem_model)
        self.problem_model.attach(self.table, widths=(80, 200, 70, 0, 100, 110))
        self.problem_model.loaded.connect(self._update_buttons)
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._update_buttons())
        self.open_btn = QPushButton(self.tr("打开记录"))
        self.resend_btn = QPushButton(self.tr("已修改，重新发送"))
        self.keep_local_btn = QPushButton(self.tr("保留本机版本"))
        self.keep_server_btn = QPushButton(self.tr("采用县平台版本"))
        self.dismiss_btn = QPushButton(self.tr("不接收此记录…"))
        self.dismiss_btn.setObjectName("dismiss")
        self.dismiss_btn.clicked.connect(self.dismiss)
        self.open_btn.clicked.connect(self.open_record)
        self.resend_btn.clicked.connect(self.resend)
        self.keep_local_btn.clicked.connect(lambda: self.resolve("local"))
        self.keep_server_btn.clicked.connect(lambda: self.resolve("server"))
        self.problem_hint = QLabel(self.tr("被退回的记录：打开记录，按原因修改后保存，再点“重新发送”。"
                                           "冲突的记录：选择保留本机版本或采用县平台版本。"
                                           "县平台下发而无法接收的记录：请县级管理员撤回或更正；确认不要时点“不接收此记录”并写明原因。"))
        self.problem_hint.setWordWrap(True)
        pb = QHBoxLayout()
        for b in (self.open_btn, self.resend_btn, self.keep_local_btn, self.keep_server_btn, self.dismiss_btn):
            pb.addWidget(b)
        pb.addStretch(1)
        pl = QVBoxLayout(problems)
        pl.addWidget(self.problem_hint)
        pl.addWidget(self.table, 1)
        pl.addLayout(pb)

        lay = QVBoxLayout(self)
        lay.addWidget(status)
        lay.addLayout(actions)
        lay.addWidget(self.progress)
        lay.addWidget(self.result)
        lay.addWidget(problems, 1)
        self._update_buttons()

        self.controller.started.connect(self._on_started)
        self.controller.progress.connect(self._on_progress)
        self.controller.finished.connect(self._on_finished)
        state.bus.changed.connect(self._on_changed)
        if self.controller.running:
            self._on_started()

    # ---- screen contract -------------------------------------------------------------------------
    def activate(self) -> None:
        self.refresh()

    def _on_changed(self, entities: set[str], _ids: set[str]) -> None:
        if entities & (SYNCED_ENTITIES | {"sync", OUTBOX}) and self.isVisible():
            self.refresh()

    def refresh(self) -> None:
        state = self.state

        def work() -> tuple[StatusView, list[Any]]:
            view = read_status(state)
            api = sync_api()
            # Quarantined pulled changes are not counted in view.problems (outbox states only); a sync that set
            # one aside, and every later one while the county's record is missing here (drift), ends in "problem".
            wanted = view.problems or view.state == "problem"
            problems = list(api.problems(state.paths)) if api is not None and wanted else []
            return view, problems

        Op(self, work).on_success(self._show).run()

    def _show(self, data: tuple[StatusView, list[Any]]) -> None:
        view, problems = data
        self.view = view
        key = view.shown_state(self.controller.running)
        self.state_label.setText(self.tr(STATE_LABELS.get(key, key)))
        self.state_label.setStyleSheet(f"font-size: 15pt; font-weight: bold; color: {STATE_COLORS.get(key, '#000')};")
        for k, label in self.count_labels.items():
            label.setText(str(view.counts.get(k, 0)))
        self.server.setText(self.state.settings.county_url or self.tr("（未登记）"))
        self.last_success.setText(fmt_time(view.last_success) or "—")
        errors = [e for e in (view.last_error, view.clock_warning) if e]
        if view.drift:
            labels = entity_label
            errors.append(self.tr("本机与县平台的数据核对不一致：") + "，".join(
                f"{labels(k)} 本机 {v.get('local', '?')} / 县平台 {v.get('server', '?')}"
                for k, v in view.drift.items() if isinstance(v, dict)))
        if not view.enrolled and view.engine:
            errors.insert(0, self.tr("本机尚未在县平台登记：点击“登记本机…”，填写县平台地址和管理员发放的一次性登记码"))
        self.last_error.setText("；".join(errors) or "—")
        self.enroll_btn.setText(self.tr("重新登记本机…") if view.enrolled else self.tr("登记本机…"))
        self._all_problems = list(problems)
        self.problem_model.reload()
        self._update_buttons()
        self.refreshed.emit()

    @property
    def problems(self) -> list[Any]:
        return self.problem_model.rows

    def _problem_cells(self, p: Any) -> list[str]:
        return [entity_label(p.entity), p.label, self.tr(PROBLEM_STATES.get(p.state, p.state)), p.reason,
                p.field or "", fmt_time(p.created_at.isoformat())]


    # ---- sync now --------------------------------------------------------------------------------
    def sync_now(self) -> None:
        if self.controller.running:
            self.result.setStyleSheet("")
            self.result.setText(self.tr("正在同步，请稍候…"))
            return
        api = sync_api()
        if api is not None and (self.view is None or not self.view.enrolled) and api.read_token(self.state.paths) is None:
            self._show_result(SyncResult(False, self.tr("本机尚未在县平台登记，请先点击“登记本机…”")))
            return
        self.controller.sync_now()

    def _on_started(self) -> None:
        self.sync_btn.setEnabled(False)
        self.stop_btn.setVisible(self.controller.can_cancel)
        self.progress.show()
        self.result.setStyleSheet("")
        self._phase = self.tr("正在同步…")
        self.result.setText(self._phase)
        self.elapsed.start()
        self.tick.start()

    def _on_progress(self, text: str) -> None:
        self._phase = text
        self._show_elapsed()

    def _show_elapsed(self) -> None:
        seconds = self.elapsed.elapsed() // 1000 if self.elapsed.isValid() else 0
        self.result.setText(self._phase + (self.tr("（已用 %d 秒）") % seconds if seconds else ""))

    def _on_finished(self, result: SyncResult) -> None:
        self._show_result(result)
        self.refresh()

    def _show_result(self, result: SyncResult) -> None:
        self.tick.stop()
        self.sync_btn.setEnabled(True)
        self.stop_btn.hide()
        self.progress.hide()
        r = result.report
        if result.ok and r:
            detail = self.tr("发送 %d 条，接收 %d 条") % (int(r.get("pushed", 0)), int(r.get("pulled", 0)))
            if r.get("rejected") or r.get("conflicts"):
                detail += self.tr("，被退回 %d 条，冲突 %d 条") % (int(r.get("rejected", 0)), int(r.get("conflicts", 0)))
            text = f"{result.message}（{detail}）" if result.message else detail
        else:
            text = result.message or self.tr("同步失败")
        self.result.setStyleSheet(OK_STYLE if result.ok else ERROR_STYLE)
        self.result.setText(text)

    def _auto_changed(self, on: bool) -> None:
        if on:
            self.controller.stop_auto()
            self.controller.start_auto(self.auto_minutes.value())
        else:
            self.controller.stop_auto()

    def open_enroll(self) -> None:
        dialog = EnrollDialog(self.state, self)
        dialog.setObjectName("enrollDialog")
        dialog.finished.connect(lambda _r: self.refresh())
        dialog.open()

    # ---- problems --------------------------------------------------------------------------------
    def selected(self) -> Any | None:
        key = self.problem_model.selected_key()
        row = self.problem_model.row_of(key) if key is not None else -1
        return self.problems[row] if row >= 0 else None

    def _update_buttons(self) -> None:
        p = self.selected()
        self.open_btn.setEnabled(p is not None)
        self.resend_btn.setEnabled(p is not None and p.state == "rejected")
        self.keep_local_btn.setEnabled(p is not None and p.state == "conflict")
        self.keep_server_btn.setEnabled(p is not None and p.state == "conflict" and bool(p.has_server_version))
        actor = self.state.actor
        permit(self.dismiss_btn, actor.role if actor is not None else None, Permission.ROUTE,
               p is not None and p.state == "quarantined")

    def open_record(self) -> None:
        p = self.selected()
        if p is None:
            return
        db = self.state.db
        from desktop.db.room_queries import case_of_record

        def work() -> str | None:
            with db.read() as s:
                return case_of_record(s, p.entity, p.entity_id)

        def done(case_id: str | None) -> None:
            opener = getattr(self.state, "open_case", None)
            if case_id and callable(opener):
                opener(case_id)
            else:
                notify(self, self.tr("同步"), self.tr("该记录没有可打开的案件；请按原因处理后重新发送。"))

        Op(self, work).on_success(done).run()

    def _problem_op(self, fn: Any, ok_text: str) -> None:
        paths = self.state.paths

        def failed(exc: BaseException) -> None:
            if not isinstance(exc, DomainError):
                show_error(self, exc)  # a bug: logged, the standard error dialog
                return
            self.result.setStyleSheet(ERROR_STYLE)
            self.result.setText(exc.message)

        def done(_r: object) -> None:
            self.result.setStyleSheet(OK_STYLE)
            self.result.setText(ok_text)
            self.refresh()  # the op runner published the service's Changes (the outbox, a record taken over)

        Op(self, lambda: fn(paths)).on_success(done).on_failure(failed).run()

    def resend(self) -> None:
        p, api = self.selected(), sync_api()
        if p is None or api is None:
            return
        op_id = p.op_id
        self._problem_op(lambda paths: api.requeue(paths, op_id), self.tr("已重新排队，下次同步时发送"))

    def dismiss(self) -> None:
        """Do not take a pulled change this PC set aside: asks for the reason; audited (sync_problems)."""
        p, api, actor = self.selected(), sync_api(), self.state.actor
        if p is None or api is None or actor is None or p.state != "quarantined":
            return
        reason = ask_reason(self, self.tr("不接收此记录"),
                            self.tr("请写明不接收的原因（将记入审计日志），例如：已请县级管理员撤回："))
        if reason is None:
            return
        op_id = p.op_id
        self._problem_op(lambda paths: api.dismiss(paths, actor, op_id, reason),
                         self.tr("已不接收这条记录，并记入审计日志"))

    def resolve(self, keep: str) -> None:
        p, api = self.selected(), sync_api()
        if p is None or api is None:
            return
        op_id = p.op_id
        text = self.tr("已保留本机版本，下次同步时发送") if keep == "local" else self.tr("已采用县平台版本")
        self._problem_op(lambda paths: api.resolve_conflict(paths, op_id, keep), text)
