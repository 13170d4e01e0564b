"""The recovery code shown once, and the password change that cannot be skipped (initial passwords)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from desktop.db.services import users
from desktop.domain.errors import DomainError, ValidationError, ValidationErrors

from .appstate import AppState
from .ops import Op
from .widgets import ERROR_STYLE, header_label


class RecoveryCodeDialog(QDialog):
    """The data folder's recovery code, shown once to the administrator at first run or after the upgrade."""

    def __init__(self, code: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("recoveryCodeDialog")
        self.setWindowTitle(self.tr("数据库恢复码"))
        lay = QVBoxLayout(self)
        lay.addWidget(header_label(self.tr("请抄写并妥善保管恢复码")))
        note = QLabel(self.tr(
            "本机数据已加密。忘记所有密码、重装系统或更换电脑账户后，只有凭这个恢复码才能找回数据。\n"
            "恢复码只显示这一次：请抄在纸上交中心负责人保管，不要保存在这台电脑上。"))
        note.setWordWrap(True)
        lay.addWidget(note)
        self.code = QLabel(code)
        self.code.setObjectName("recoveryCode")
        self.code.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.code.setStyleSheet("font-size: 20px; font-family: monospace; padding: 8px;")
        lay.addWidget(self.code)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("我已抄写"))
        buttons.accepted.connect(self.accept)
        lay.addWidget(buttons)
        self.resize(560, 260)


class ChangePasswordDialog(QDialog):
    """A new password for the signed-in user. When `forced` (an initial password), closing it quits."""

    def __init__(self, state: AppState, forced: bool, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.state = state
        self.forced = forced
        self.setObjectName("changePasswordDialog")
        self.setWindowTitle(self.tr("修改密码"))
        lay = QVBoxLayout(self)
        if forced:
            note = QLabel(self.tr("这是别人为您设置的初始密码。为保护群众个人信息，请先设置您自己的新密码。"))
            note.setWordWrap(True)
            lay.addWidget(note)
        form = QFormLayout()
        self.password = QLineEdit()
        self.password.setObjectName("newPassword")
        self.password2 = QLineEdit()
        self.password2.setObjectName("newPassword2")
        for edit in (self.password, self.password2):
            edit.setEchoMode(QLineEdit.EchoMode.Password)
        form.addRow(self.tr("新密码（至少6位）"), self.password)
        form.addRow(self.tr("再次输入"), self.password2)
        lay.addLayout(form)
        self.error = QLabel()
        self.error.setObjectName("passwordError")
        self.error.setStyleSheet(ERROR_STYLE)
        self.error.setWordWrap(True)
        lay.addWidget(self.error)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("保存新密码"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(
            self.tr("退出程序") if forced else self.tr("取消"))
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        lay.addWidget(self.buttons)
        self.resize(460, 240)

    def save(self) -> None:
        pw, pw2 = self.password.text(), self.password2.text()
        if pw != pw2:
            self.error.setText(self.tr("两次输入的密码不一致"))
            return
        actor = self.state.require_actor()
        db = self.state.db
        self.buttons.setEnabled(False)
        self.error.setText(self.tr("正在保存…"))
        Op(self, lambda: users.change_password(db, actor, actor.username, pw)).on_success(
            lambda _r: self.accept()).on_failure(self._fail).run()

    def _fail(self, exc: BaseException) -> None:
        self.buttons.setEnabled(True)
        if isinstance(exc, ValidationErrors):
            self.error.setText("\n".join(e.message for e in exc.errors))
        elif isinstance(exc, (ValidationError, DomainError)):
            self.error.setText(exc.message)
        else:
            from .errors import show_error

            show_error(self, exc)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if self.forced and event.key() == Qt.Key.Key_Escape:
            return  # Esc would close without a new password
        super().keyPressEvent(event)
