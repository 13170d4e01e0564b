"""First start with no accounts: create the center's admin account and its basic details.

Kept small on purpose; the installer's full set-up wizard (desktop/ui/wizard.py) replaces it later.
"""

from __future__ import annotations

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
from desktop.db.uow import Actor
from desktop.domain.enums import Role
from desktop.domain.errors import DomainError, ValidationError

from .appstate import AppState
from .ops import Op
from .widgets import ErrorLabel, ErrorMap, header_label, with_error


class FirstRunDialog(QDialog):
    def __init__(self, state: AppState, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.state = state
        self.actor: Actor | None = None
        self.setWindowTitle(self.tr("首次使用：设置中心和管理员账号"))
        lay = QVBoxLayout(self)
        lay.addWidget(header_label(self.tr("欢迎使用社会治理服务中心工作台")))
        lay.addWidget(QLabel(self.tr("请填写本中心的基本信息，并创建第一个管理员账号。以后可在“设置”中修改。")))
        form = QFormLayout()
        self.errors = ErrorMap()
        s = state.settings
        self.fields: dict[str, QLineEdit] = {}
        for key, label, value, echo in (
            ("center_name", self.tr("中心名称"), s.center_name, False),
            ("township_name", self.tr("乡镇（街道）名称"), s.township_name, False),
            ("township_code", self.tr("乡镇代码"), s.township_code, False),
            ("committee_name", self.tr("人民调解委员会名称"), s.committee_name, False),
            ("committee_short", self.tr("调委会简称（卷号用）"), s.committee_short, False),
            ("username", self.tr("管理员用户名"), "admin", False),
            ("display_name", self.tr("管理员姓名"), "", False),
            ("password", self.tr("密码（至少6位）"), "", True),
            ("password2", self.tr("再次输入密码"), "", True),
        ):
            edit = QLineEdit(value)
            edit.setObjectName(key)
            if echo:
                edit.setEchoMode(QLineEdit.EchoMode.Password)
            err = ErrorLabel()
            self.errors.add(key, edit, err)
            form.addRow(label, with_error(edit, err))
            self.fields[key] = edit
        lay.addLayout(form)
        self.general = ErrorLabel()
        self.errors.fallback = self.general
        lay.addWidget(self.general)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("创建并进入"))
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)
        lay.addWidget(self.buttons)

    def value(self, key: str) -> str:
        return self.fields[key].text().strip()

    def submit(self) -> None:
        problems = []
        if not self.value("center_name"):
            problems.append(ValidationError(self.tr("请填写中心名称"), "center_name"))
        code = self.value("township_code")
        if not (code.isdigit() and 6 <= len(code) <= 12):
            problems.append(ValidationError(self.tr("乡镇代码应为6到12位数字"), "township_code"))
        if self.fields["password"].text() != self.fields["password2"].text():
            problems.append(ValidationError(self.tr("两次输入的密码不一致"), "password2"))
        if problems:
            from desktop.domain.errors import ValidationErrors

            self.errors.show(ValidationErrors(problems))
            return
        s = self.state.settings
        s.center_name = self.value("center_name")
        s.township_name = self.value("township_name")
        s.township_code = code
        s.committee_name = self.value("committee_name") or f"{s.township_name}人民调解委员会"
        s.committee_short = self.value("committee_short")
        db, state = self.state.db, self.state
        username, display, pw = self.value("username"), self.value("display_name"), self.fields["password"].text()

        def work() -> Actor:
            user = users.create_user(db, None, username, display, Role.ADMIN, pw)
            s.setup_done = True
            state.save_settings()
            return users.actor_of(user)

        self.buttons.setEnabled(False)
        Op(self, work).on_success(self._done).on_failure(self._failed).run()

    def _done(self, actor: Actor) -> None:
        self.actor = actor
        self.state.actor = actor
        self.accept()

    def _failed(self, exc: BaseException) -> None:
        self.buttons.setEnabled(True)
        if isinstance(exc, DomainError):
            self.errors.show(exc)
        else:
            from .errors import show_error

            show_error(self, exc)
