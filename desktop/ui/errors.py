"""Error presentation: known environment errors get a plain Chinese message and a way forward;
anything else is logged (redacted) and shown in a crash dialog the user can copy from."""

from __future__ import annotations

import errno
import logging
import re
import sqlite3
import sys
import traceback
from dataclasses import dataclass
from types import TracebackType

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.domain.errors import DomainError, PermissionDenied, ValidationErrors

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class KnownError:
    title: str
    message: str
    hint: str = ""


def _chain(exc: BaseException) -> list[BaseException]:
    out: list[BaseException] = []
    cur: BaseException | None = exc
    while cur is not None and cur not in out:
        out.append(cur)
        cur = cur.__cause__ or cur.__context__
    return out


def classify(exc: BaseException) -> KnownError | None:
    """A user-facing explanation for errors the user (or the environment) is responsible for."""
    from desktop.db.health import KINDS, DamagedDatabase, is_damage_error

    if is_damage_error(exc):
        damaged = next((e for e in _chain(exc) if isinstance(e, DamagedDatabase)), None)
        return KnownError("数据库文件无法使用", damaged.message if damaged else KINDS["damaged"],
                          "请关闭程序后重新打开，按提示从最近一份完好的备份恢复。")
    for e in _chain(exc):
        name = type(e).__name__
        if name in ("Offline", "ServerBusy"):  # desktop.sync.errors: data is safe locally, sync later
            return KnownError("无法连接县平台", str(e) or "当前无法连接县平台。",
                              "所有数据已保存在本机，联网后会自动发送；也可以稍后在“同步”页点“立即同步”。")
        if name in ("AuthExpired", "DeviceRevoked", "NotEnrolled"):
            return KnownError("本机未登记或登记已失效", str(e), "请在“设置 → 登记本机/测试连接”中用县平台提供的登记码重新登记。")
        if isinstance(e, ValidationErrors):
            return KnownError("请检查填写的内容", "\n".join(f"• {x.message}" for x in e.errors))
        if isinstance(e, PermissionDenied):
            return KnownError("没有权限", e.message, "请联系中心管理员调整账号角色。")
        if isinstance(e, DomainError):
            return KnownError("无法完成操作", e.message)
        if isinstance(e, OSError) and e.errno == errno.ENOSPC:
            return KnownError("磁盘空间不足", "磁盘已满，数据未能保存。",
                              "请清理磁盘空间（如删除不需要的文件或旧备份）后重试，已填写的内容仍在窗口中。")
        text = str(e).lower()
        if isinstance(e, sqlite3.OperationalError) or type(e).__name__ == "OperationalError":
            if "locked" in text or "busy" in text:
                return KnownError("数据库正忙", "数据库正被其他程序占用，暂时无法保存。",
                                  "请稍候几秒再试；如果一直如此，请关闭其他打开本数据的程序（例如另一个窗口或备份工具）。")
            if "disk is full" in text or "database or disk is full" in text:
                return KnownError("磁盘空间不足", "磁盘已满，数据未能保存。", "请清理磁盘空间后重试。")
            if "readonly" in text or "read-only" in text:
                return KnownError("数据文件只读", "数据文件不可写入。", "请检查数据文件夹的权限，或联系技术人员。")
        if name in ("ConnectionError", "ConnectTimeout", "ReadTimeout", "Timeout", "OfflineError") or isinstance(
            e, (ConnectionRefusedError, TimeoutError)
        ):
            return KnownError("无法连接县平台", "当前无法连接县平台（网络不通或服务器未响应）。",
                              "所有数据已保存在本机，联网后会自动发送；也可以稍后在“同步”页点“立即同步”。")
    return None


_DIGITS = re.compile(r"\d{6,}")
_CJK = re.compile(r"[\u3400-\u9fff\U00020000-\U0003ffff]+")
_PARAMS = re.compile(r"\[parameters:.*?\]", re.S)
_SQL = re.compile(r"\[SQL:.*?\]", re.S)


def redact(text: str) -> str:
    """Strip what might be personal data (names, ID numbers, phones, SQL parameters) from a report."""
    text = _PARAMS.sub("[parameters: …]", text)
    text = _SQL.sub("[SQL: …]", text)
    text = _DIGITS.sub(lambda m: "#" * len(m.group()), text)
    return _CJK.sub("＊", text)


def crash_report(exc: BaseException, trace: str = "") -> str:
    body = trace or "".join(traceback.format_exception(type(exc), exc, exc.__traceback__))
    try:
        from importlib.metadata import version

        ver = version("township-desk")
    except Exception:
        ver = "?"
    return f"township-desk {ver}, Python {sys.version.split()[0]}, {sys.platform}\n\n" + redact(body)


class CrashDialog(QDialog):
    def __init__(self, report: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("程序出错"))
        self.resize(640, 420)
        lay = QVBoxLayout(self)
        lay.addWidget(QLabel(self.tr(
            "很抱歉，程序遇到了一个意外错误。已保存的数据不受影响。\n"
            "请点“复制详情”并发给技术支持人员（详情中不含姓名、身份证号等个人信息）。")))
        self.details = QPlainTextEdit(report)
        self.details.setReadOnly(True)
        lay.addWidget(self.details)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        copy = QPushButton(self.tr("复制详情"))
        buttons.addButton(copy, QDialogButtonBox.ButtonRole.ActionRole)
        copy.clicked.connect(self._copy)
        buttons.rejected.connect(self.reject)
        buttons.accepted.connect(self.accept)
        lay.addWidget(buttons)

    def _copy(self) -> None:
        QApplication.clipboard().setText(self.details.toPlainText())


class ErrorPresenter(QObject):
    """Shows errors without blocking the event loop; `shown` lets tests and smoke runs see them."""

    shown = Signal(str, str, bool)  # title, message, is_crash

    def __init__(self, parent: QObject | None = None, interactive: bool = True) -> None:
        super().__init__(parent)
        self.interactive = interactive
        self.crashes = 0
        self._open: list[QWidget] = []

    def handle(self, parent: QWidget | None, exc: BaseException, trace: str = "") -> None:
        known = classify(exc)
        if known is not None:
            log.info("known error shown to user: %s", type(exc).__name__)
            text = known.message + (f"\n\n{known.hint}" if known.hint else "")
            self.shown.emit(known.title, text, False)
            if self.interactive:
                box = QMessageBox(QMessageBox.Icon.Warning, known.title, text, QMessageBox.StandardButton.Ok, parent)
                self._keep(box)
            return
        report = crash_report(exc, trace)
        self.crashes += 1
        log.error("unexpected error:\n%s", report)
        self.shown.emit(self.tr("程序出错"), report, True)
        if self.interactive:
            self._keep(CrashDialog(report, parent))

    def _keep(self, w: QWidget) -> None:
        self._open.append(w)
        w.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        w.destroyed.connect(lambda *_: self._open.remove(w) if w in self._open else None)
        w.show()

    def excepthook(self, etype: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
        if issubclass(etype, KeyboardInterrupt):
            sys.__excepthook__(etype, exc, tb)
            return
        trace = "".join(traceback.format_exception(etype, exc, tb))
        self.handle(QApplication.activeWindow(), exc, trace)


_presenter: ErrorPresenter | None = None


def install(interactive: bool = True) -> ErrorPresenter:
    """Route Op failures and uncaught exceptions to one presenter."""
    from . import ops

    global _presenter
    _presenter = ErrorPresenter(QApplication.instance(), interactive)
    ops.error_handler = _presenter.handle
    sys.excepthook = _presenter.excepthook
    return _presenter


def presenter() -> ErrorPresenter | None:
    return _presenter


def show_error(parent: QWidget | None, exc: BaseException) -> None:
    """For failure callbacks that want the standard presentation after handling part themselves."""
    if _presenter is not None:
        _presenter.handle(parent, exc)
    else:
        log.error("error: %s", type(exc).__name__)
