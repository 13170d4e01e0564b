"""Sign-in with a local account (the password check runs off the GUI thread: scrypt takes a moment)."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit, QVBoxLayout, QWidget

from desktop.db.services import users
from desktop.db.uow import Actor
from desktop.domain.errors import DomainError

from .appstate import AppState
from .ops import Op
from .widgets import ERROR_STYLE, header_label


class LoginDialog(QDialog):
    def __init__(self, state: AppState, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.state = state
        self.actor: Actor | None = None
        center = state.settings.center_name or self.tr("乡镇社会治理服务中心")
        self.setWindowTitle(self.tr("登录 - 社会治理服务中心工作台"))
        lay = QVBoxLayout(self)
        lay.addWidget(header_label(center))
        form = QFormLayout()
        self.username = QLineEdit()
        self.username.setObjectName("username")
        self.password = QLineEdit()
        self.password.setObjectName("password")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        form.addRow(self.tr("用户名"), self.username)
        form.addRow(self.tr("密码"), self.password)
        lay.addLayout(form)
        self.error = QLabel()
        self.error.setObjectName("loginError")
        self.error.setStyleSheet(ERROR_STYLE)
        self.error.setWordWrap(True)
        lay.addWidget(self.error)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("登录"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("退出"))
        self.buttons.accepted.connect(self.try_login)
        self.buttons.rejected.connect(self.reject)
        lay.addWidget(self.buttons)
        self.password.returnPressed.connect(self.try_login)
        self.resize(420, 220)

    def try_login(self) -> None:
        name, pw = self.username.text().strip(), self.password.text()
        if not name:
            self.error.setText(self.tr("请输入用户名"))
            self.username.setFocus()
            return
        self.buttons.setEnabled(False)
        self.error.setText(self.tr("正在验证…"))
        db = self.state.db
        Op(self, lambda: users.actor_of(users.authenticate(db, name, pw))).on_success(self._ok).on_failure(self._fail).run()

    def _ok(self, actor: Actor) -> None:
        self.actor = actor
        self.state.actor = actor
        self.buttons.setEnabled(True)
        self.accept()

    def _fail(self, exc: BaseException) -> None:
        self.buttons.setEnabled(True)
        if isinstance(exc, DomainError):
            self.error.setText(exc.message)
            self.password.clear()
            self.password.setFocus()
        else:
            self.error.setText("")
            from .errors import show_error

            show_error(self, exc)
