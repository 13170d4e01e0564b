"""Sign-in with a local account (the password check runs off the GUI thread: scrypt takes a moment).

Without an OS key store the database is locked until someone signs in: the dialog is then created without
a state, and signing in first unwraps the database key with the password (`keys.unlock`), then opens the
database (`opener`), then checks the account as usual. An initial password must be changed before the
main window opens (`must_change`).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit, QVBoxLayout, QWidget

from desktop.config import Paths, Settings
from desktop.db import keys
from desktop.db.services import users
from desktop.db.uow import Actor
from desktop.domain.errors import DomainError

from .appstate import AppState
from .ops import Op
from .widgets import ERROR_STYLE, header_label


class LoginDialog(QDialog):
    def __init__(self, state: AppState | None, parent: QWidget | None = None, *, paths: Paths | None = None,
                 settings: Settings | None = None, opener: Callable[[], Any] | None = None,
                 build_state: Callable[[Any], AppState] | None = None) -> None:
        super().__init__(parent)
        self.state = state
        self.paths, self.opener, self.build_state = paths, opener, build_state
        self._opened: Any = None  # what `opener` returned, kept across a failed attempt
        self.actor: Actor | None = None
        self.must_change = False
        settings = state.settings if state is not None else (settings or Settings())
        center = settings.center_name or self.tr("乡镇社会治理服务中心")
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
        Op(self, lambda: self._sign_in(name, pw)).on_success(self._ok).on_failure(self._fail).run()

    def _sign_in(self, name: str, pw: str) -> tuple[Actor, bool]:
        """Worker thread: unlock and open the database if it is locked, then check the account."""
        if self.state is None and self._opened is None:
            assert self.paths is not None and self.opener is not None
            keys.unlock(self.paths.data_dir, name, pw)
            self._opened = self.opener()
        db = self.state.db if self.state is not None else self._opened[0]
        user = users.authenticate(db, name, pw)
        return users.actor_of(user), user.must_change_password

    def _ok(self, result: tuple[Actor, bool]) -> None:
        actor, self.must_change = result
        if self.state is None:
            assert self.build_state is not None
            self.state = self.build_state(self._opened)
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
