"""登记本机: enrol this PC with the county platform (server URL, one-time code, device name)."""

from __future__ import annotations

import socket

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.config import Settings
from desktop.domain.errors import DomainError

from .appstate import AppState
from .errors import show_error
from .ops import Op
from .sync_indicator import sync_api
from .widgets import ERROR_STYLE, OK_STYLE


class EnrollDialog(QDialog):
    """Test the connection, then enrol with the code the county admin issued."""

    answered = Signal(bool, str)  # ok, the Chinese message shown (tests wait on it)

    def __init__(self, state: AppState, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.state = state
        self.result_data: dict[str, object] | None = None
        self.setWindowTitle(self.tr("登记本机"))
        self.url = QLineEdit(state.settings.county_url)
        self.url.setObjectName("url")
        self.url.setPlaceholderText("https://county.example.cn")
        self.code = QLineEdit()
        self.code.setObjectName("code")
        self.code.setPlaceholderText(self.tr("县平台管理员发放的一次性登记码"))
        self.device_name = QLineEdit(socket.gethostname()[:40] or self.tr("乡镇工作台"))
        self.device_name.setObjectName("deviceName")
        self.test_btn = QPushButton(self.tr("测试连接"))
        self.test_btn.setObjectName("testConnection")
        self.enroll_btn = QPushButton(self.tr("登记"))
        self.enroll_btn.setObjectName("enroll")
        self.enroll_btn.setDefault(True)
        self.close_btn = QPushButton(self.tr("关闭"))
        self.test_btn.clicked.connect(self.test_connection)
        self.enroll_btn.clicked.connect(self.enroll)
        self.close_btn.clicked.connect(self.reject)
        self.message = QLabel()
        self.message.setObjectName("message")
        self.message.setWordWrap(True)
        insecure = self.tr("（设置中已允许 HTTP）") if state.settings.allow_insecure_http else self.tr(
            "（只能用 HTTPS；本机地址 127.0.0.1 除外）")
        form = QFormLayout()
        form.addRow(self.tr("县平台地址"), self.url)
        form.addRow("", QLabel(insecure))
        form.addRow(self.tr("登记码"), self.code)
        form.addRow(self.tr("本机名称"), self.device_name)
        buttons = QHBoxLayout()
        buttons.addWidget(self.test_btn)
        buttons.addStretch(1)
        buttons.addWidget(self.enroll_btn)
        buttons.addWidget(self.close_btn)
        lay = QVBoxLayout(self)
        lay.addLayout(form)
        lay.addWidget(self.message)
        lay.addLayout(buttons)
        self.resize(560, 260)

    def _busy(self, busy: bool, text: str = "") -> None:
        for b in (self.test_btn, self.enroll_btn):
            b.setEnabled(not busy)
        if busy:
            self.message.setStyleSheet("")
            self.message.setText(text)

    def _answer(self, ok: bool, text: str) -> None:
        self._busy(False)
        self.message.setStyleSheet(OK_STYLE if ok else ERROR_STYLE)
        self.message.setText(text)
        self.answered.emit(ok, text)

    def _failed(self, exc: BaseException) -> None:
        if isinstance(exc, DomainError):
            self._answer(False, exc.message)
        else:
            show_error(self, exc)  # a bug: logged, the standard error dialog
            self._answer(False, self.tr("发生意外错误，详情已记入日志"))

    def test_connection(self) -> None:
        api = sync_api()
        if api is None:
            self._answer(False, self.tr("同步模块尚未安装"))
            return
        url, insecure = self.url.text().strip(), self.state.settings.allow_insecure_http
        self._busy(True, self.tr("正在连接县平台…"))
        Op(self, lambda: api.test_connection(url, insecure), network=True).on_success(
            lambda data: self._answer(True, str(data.get("message") or self.tr("已连接县平台")))
        ).on_failure(self._failed).run()

    def enroll(self) -> None:
        api = sync_api()
        if api is None:
            self._answer(False, self.tr("同步模块尚未安装"))
            return
        url, code, name = self.url.text().strip(), self.code.text().strip(), self.device_name.text().strip()
        if not code:
            self._answer(False, self.tr("请填写登记码"))
            return
        paths = self.state.paths
        # The engine reads "allow insecure HTTP" from the settings file: make sure it is the current one.
        self.state.save_settings()
        self._busy(True, self.tr("正在登记…"))

        def done(data: dict[str, object]) -> None:
            self.result_data = data
            fresh = Settings.load(paths.settings_file)
            s = self.state.settings
            s.county_url, s.township_code = fresh.county_url, fresh.township_code
            s.township_name, s.committee_name = fresh.township_name, fresh.committee_name
            self.state.bus.publish(entities={"sync"})  # enrolment state, no unit of work (docs/architecture.md)
            self._answer(True, self.tr("登记成功：%s，本机序号 %s") % (data.get("township_name"), data.get("device_slot")))

        Op(self, lambda: api.enroll(paths, url, code, name), network=True).on_success(done).on_failure(
            self._failed).run()
