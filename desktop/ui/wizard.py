"""First-run set-up wizard: center details, the admin account, enrolment with the county, demo data.

Used when the database has no account yet. After it is accepted, `state.actor` is the new admin.
Every page that does work (create the account, enrol, generate demo data) runs it through the Op
runner and advances by itself when the work succeeds, so the GUI thread never waits.
"""

from __future__ import annotations

import logging
import re
import socket
from collections.abc import Callable
from dataclasses import fields
from typing import Any
from urllib.parse import urlsplit

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
    QWizard,
    QWizardPage,
)

from desktop.config import Settings
from desktop.db.services import users
from desktop.db.uow import Actor
from desktop.domain.enums import Role
from desktop.domain.errors import DomainError, ValidationError, ValidationErrors

from .appstate import AppState
from .errors import show_error
from .ops import Op
from .widgets import ErrorLabel, ErrorMap, with_error

log = logging.getLogger(__name__)

LOCAL_HOSTS = {"localhost", "127.0.0.1", "::1"}
USERNAME_RE = re.compile(r"^[A-Za-z0-9_.]{1,40}$")
PHONE_RE = re.compile(r"^[0-9][0-9 \-]{5,18}[0-9]$")
DEMO_DEFAULT_CASES = 3000


# --- checks (no Qt: messages are the ones shown beside the fields) -----------------------------

def check_center(values: dict[str, str], allow_insecure: bool) -> list[ValidationError]:
    problems: list[ValidationError] = []
    if not values["center_name"]:
        problems.append(ValidationError("请填写中心名称", "center_name"))
    if not values["township_name"]:
        problems.append(ValidationError("请填写乡镇（街道）名称", "township_name"))
    code = values["township_code"]
    if not (code.isascii() and code.isdigit() and 6 <= len(code) <= 12):
        problems.append(ValidationError("乡镇代码应为6到12位数字", "township_code"))
    if not values["committee_name"]:
        problems.append(ValidationError("请填写人民调解委员会名称（打印在协议书上）", "committee_name"))
    if not 1 <= len(values["committee_short"]) <= 4:
        problems.append(ValidationError("请填写调委会简称，1到4个字（用于卷号）", "committee_short"))
    phone = values.get("center_phone", "")
    if phone and not PHONE_RE.match(phone):
        problems.append(ValidationError("电话号码只能包含数字、空格和“-”，例如 0437-1234567", "center_phone"))
    message = check_county_url(values["county_url"], allow_insecure)
    if message:
        problems.append(ValidationError(message, "county_url"))
    return problems


def check_county_url(url: str, allow_insecure: bool) -> str | None:
    """None when the county server address is acceptable (empty means: set it later)."""
    if not url:
        return None
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return "县平台地址应以 https:// 开头，例如 https://county.example.gov.cn"
    if parts.scheme == "http" and parts.hostname not in LOCAL_HOSTS and not allow_insecure:
        return "不加密的 http 地址只允许连接本机；确需使用请勾选“允许不加密连接”"
    return None


def check_admin(username: str, display_name: str, password: str, password2: str) -> list[ValidationError]:
    problems: list[ValidationError] = []
    if not USERNAME_RE.match(username):
        problems.append(ValidationError("用户名应为字母、数字或下划线（不超过40个）", "username"))
    if not display_name:
        problems.append(ValidationError("请填写管理员姓名", "display_name"))
    if len(password) < 6:
        problems.append(ValidationError("密码至少6位", "password"))
    elif password != password2:
        problems.append(ValidationError("两次输入的密码不一致", "password2"))
    return problems


def _message(exc: BaseException) -> str:
    if isinstance(exc, DomainError):
        return exc.message
    show_error(None, exc)  # a bug: logged with its trace, the standard error dialog
    return "发生意外错误，详情已记入日志"


def _sync_api() -> Any | None:
    """desktop.sync.api when this build has it (enrolment is optional)."""
    try:
        from desktop.sync import api
    except ImportError:
        return None
    return api


# --- pages ---------------------------------------------------------------------------------------

class _Page(QWizardPage):
    """A page whose work runs off the GUI thread; the page is incomplete while it runs."""

    def __init__(self, owner: FirstRunWizard) -> None:
        super().__init__()
        self.owner = owner
        self.errors = ErrorMap()
        self.busy = False
        self.done = False

    def isComplete(self) -> bool:
        return not self.busy and super().isComplete()

    def set_busy(self, busy: bool) -> None:
        self.busy = busy
        self.owner.set_busy(busy)
        self.completeChanged.emit()

    def run(self, fn: Callable[[], Any], on_done: Callable[[Any], None], field: str, network: bool = False,
            on_failed: Callable[[], None] | None = None) -> None:
        """Run `fn`; on success call on_done, mark the page done and move on; on failure show the message."""
        self.set_busy(True)

        def ok(result: Any) -> None:
            self.set_busy(False)
            on_done(result)
            self.done = True
            self.owner.next()

        def failed(exc: BaseException) -> None:
            self.set_busy(False)
            if on_failed is not None:
                on_failed()
            if isinstance(exc, ValidationError | ValidationErrors) and exc.field:
                self.errors.show(exc)
            else:
                self.errors.show(ValidationError(_message(exc), field))

        Op(self, fn, network=network).on_success(ok).on_failure(failed).run()

    def form_row(self, form: QFormLayout, key: str, label: str, edit: QLineEdit) -> QLineEdit:
        edit.setObjectName(key)
        err = ErrorLabel()
        err.setObjectName(f"{key}_error")
        self.errors.add(key, edit, err)
        form.addRow(label, with_error(edit, err))
        return edit


class WelcomePage(_Page):
    def __init__(self, owner: FirstRunWizard) -> None:
        super().__init__(owner)
        self.setTitle(self.tr("欢迎使用乡镇社会治理工作台"))
        lay = QVBoxLayout(self)
        text = QLabel(self.tr(
            "本向导将帮助您完成首次设置：\n\n"
            "1. 填写本中心的基本信息（打印文书时使用）；\n"
            "2. 创建中心管理员账号；\n"
            "3. 用县平台发放的注册码注册本机（可跳过，以后在“设置”中注册）；\n"
            "4. 如需培训，可生成演示数据。\n\n"
            "所有数据保存在本机，没有网络也能正常使用。"
        ))
        text.setWordWrap(True)
        lay.addWidget(text)
        lay.addStretch(1)


class CenterPage(_Page):
    KEYS = ("center_name", "township_name", "township_code", "committee_name", "committee_short", "center_phone",
            "court_name", "county_url")

    def __init__(self, owner: FirstRunWizard) -> None:
        super().__init__(owner)
        self.setTitle(self.tr("中心信息"))
        self.setSubTitle(self.tr("这些信息会打印在受理回执和调解文书上，以后可在“设置”中修改。"))
        s = owner.state.settings
        form = QFormLayout(self)
        self.edits: dict[str, QLineEdit] = {}
        for key, label, placeholder in (
            ("center_name", self.tr("中心名称"), self.tr("例如：示范镇社会治理服务中心")),
            ("township_name", self.tr("乡镇（街道）名称"), self.tr("例如：示范镇")),
            ("township_code", self.tr("乡镇代码"), self.tr("6到12位数字")),
            ("committee_name", self.tr("人民调解委员会名称"), self.tr("例如：示范镇人民调解委员会")),
            ("committee_short", self.tr("调委会简称（卷号用）"), self.tr("例如：示")),
            ("center_phone", self.tr("中心咨询电话"), self.tr("印在受理回执上（可不填）")),
            ("court_name", self.tr("司法确认受理法院"), self.tr("例如：示范县人民法院（可不填）")),
            ("county_url", self.tr("县平台地址"), self.tr("https://…（可暂不填写）")),
        ):
            edit = QLineEdit(str(getattr(s, key) or ""))
            edit.setPlaceholderText(placeholder)
            self.edits[key] = self.form_row(form, key, label, edit)
        self.edits["committee_short"].setMaxLength(4)
        self.allow_insecure = QCheckBox(self.tr("允许不加密连接（http，仅在县信息中心明确要求时勾选）"))
        self.allow_insecure.setObjectName("allow_insecure_http")
        self.allow_insecure.setChecked(s.allow_insecure_http)
        form.addRow("", self.allow_insecure)
        # suggest the committee's name from the township's while the user has not typed one
        self.edits["township_name"].textEdited.connect(self._suggest)

    def _suggest(self, township: str) -> None:
        committee = self.edits["committee_name"]
        if not committee.isModified():
            committee.setText(f"{township.strip()}人民调解委员会" if township.strip() else "")

    def values(self) -> dict[str, str]:
        return {k: self.edits[k].text().strip() for k in self.KEYS}

    def validatePage(self) -> bool:
        problems = check_center(self.values(), self.allow_insecure.isChecked())
        if problems:
            self.errors.show(ValidationErrors(problems))
            return False
        self.errors.clear()
        s = self.owner.state.settings
        for key, value in self.values().items():
            setattr(s, key, value)
        s.allow_insecure_http = self.allow_insecure.isChecked()
        return True


class AdminPage(_Page):
    def __init__(self, owner: FirstRunWizard) -> None:
        super().__init__(owner)
        self.setTitle(self.tr("创建管理员账号"))
        self.setSubTitle(self.tr("管理员可以创建其他工作人员的账号。请牢记密码。"))
        self.setCommitPage(True)
        self.setButtonText(QWizard.WizardButton.CommitButton, self.tr("创建账号"))
        form = QFormLayout(self)
        self.username = self.form_row(form, "username", self.tr("用户名"), QLineEdit("admin"))
        self.display_name = self.form_row(form, "display_name", self.tr("姓名"), QLineEdit())
        self.password = self.form_row(form, "password", self.tr("密码（至少6位）"), QLineEdit())
        self.password2 = self.form_row(form, "password2", self.tr("再次输入密码"), QLineEdit())
        for edit in (self.password, self.password2):
            edit.setEchoMode(QLineEdit.EchoMode.Password)

    def validatePage(self) -> bool:
        if self.done:
            return True
        if self.busy:
            return False
        username, display = self.username.text().strip(), self.display_name.text().strip()
        password = self.password.text()
        problems = check_admin(username, display, password, self.password2.text())
        if problems:
            self.errors.show(ValidationErrors(problems))
            return False
        self.errors.clear()
        state = self.owner.state

        def work() -> Actor:
            # the account first: if it is refused, nothing about the center is saved either
            user = users.create_user(state.db, None, username, display, Role.ADMIN, password, must_change=False)
            state.settings.setup_done = True
            state.save_settings()
            return users.actor_of(user)

        self.run(work, self.owner.set_actor, "username")
        return False


class EnrolPage(_Page):
    def __init__(self, owner: FirstRunWizard) -> None:
        super().__init__(owner)
        self.setTitle(self.tr("注册本机（可跳过）"))
        self.setSubTitle(self.tr("用县平台管理员发放的一次性注册码注册本机，之后本机数据可与县平台同步。"
                                 "没有注册码可直接点“下一步”跳过，以后在“设置”中注册。"))
        self.api = _sync_api()
        lay = QVBoxLayout(self)
        form = QFormLayout()
        self.url = self.form_row(form, "enrol_url", self.tr("县平台地址"), QLineEdit())
        self.code = self.form_row(form, "enrol_code", self.tr("注册码"), QLineEdit())
        self.device = self.form_row(form, "device_name", self.tr("本机名称"), QLineEdit())
        self.device.setPlaceholderText(self.tr("例如：受理窗口1号机"))
        lay.addLayout(form)
        row = QHBoxLayout()
        self.test_button = QPushButton(self.tr("测试连接"))
        self.test_button.setObjectName("test_connection")
        self.test_button.clicked.connect(self.test_connection)
        row.addWidget(self.test_button)
        self.status = QLabel()
        self.status.setObjectName("enrol_status")
        self.status.setWordWrap(True)
        row.addWidget(self.status, 1)
        lay.addLayout(row)
        lay.addStretch(1)
        self.result: dict[str, Any] | None = None
        if self.api is None:
            for w in (self.url, self.code, self.device, self.test_button):
                w.setEnabled(False)
            self.status.setText(self.tr("此版本不含同步功能，请直接点“下一步”。"))

    def initializePage(self) -> None:
        s = self.owner.state.settings
        if not self.url.text():
            self.url.setText(s.county_url)
        if not self.device.text():
            self.device.setText(f"{s.township_name}工作台-{socket.gethostname()[:20]}")

    def test_connection(self) -> None:
        if self.api is None or self.busy:
            return
        url = self.url.text().strip()
        message = check_county_url(url, self.owner.state.settings.allow_insecure_http) if url else "请填写县平台地址"
        if message:
            self.errors.show(ValidationError(message, "enrol_url"))
            return
        self.errors.clear()
        self.status.setText(self.tr("正在连接…"))
        api, insecure = self.api, self.owner.state.settings.allow_insecure_http
        self.set_busy(True)

        def ok(result: dict[str, Any]) -> None:
            self.set_busy(False)
            self.status.setText(str(result.get("message", "已连接县平台")))

        def failed(exc: BaseException) -> None:
            self.set_busy(False)
            self.status.setText("")
            self.errors.show(ValidationError(_message(exc), "enrol_url"))

        Op(self, lambda: api.test_connection(url, insecure), network=True).on_success(ok).on_failure(failed).run()

    def validatePage(self) -> bool:
        code = self.code.text().strip()
        if self.done or self.api is None or not code:
            return not self.busy  # nothing to enrol: skipped
        if self.busy:
            return False
        url = self.url.text().strip()
        state = self.owner.state
        message = check_county_url(url, state.settings.allow_insecure_http) if url else "请填写县平台地址"
        if message:
            self.errors.show(ValidationError(message, "enrol_url"))
            return False
        self.errors.clear()
        api, paths, device = self.api, state.paths, self.device.text().strip()
        self.status.setText(self.tr("正在注册…"))

        def work() -> dict[str, Any]:
            result: dict[str, Any] = api.enroll(paths, url, code, device)
            return result

        def enrolled(result: dict[str, Any]) -> None:
            self.result = result
            # enroll() wrote the county's township details into settings.json: take them over
            fresh = Settings.load(paths.settings_file)
            for f in fields(Settings):
                setattr(state.settings, f.name, getattr(fresh, f.name))
            self.status.setText(self.tr("注册成功"))
            for w in (self.url, self.code, self.device, self.test_button):
                w.setEnabled(False)

        self.run(work, enrolled, "enrol_code", network=True, on_failed=lambda: self.status.setText(""))
        return False


class DemoPage(_Page):
    def __init__(self, owner: FirstRunWizard) -> None:
        super().__init__(owner)
        self.setTitle(self.tr("演示数据（培训用）"))
        self.setSubTitle(self.tr("为培训生成虚构的案件、接待和调解记录。演示案件的编号带“D”，正式使用的电脑请不要勾选。"))
        lay = QVBoxLayout(self)
        self.enable = QCheckBox(self.tr("生成演示数据"))
        self.enable.setObjectName("demo_enable")
        lay.addWidget(self.enable)
        row = QHBoxLayout()
        row.addWidget(QLabel(self.tr("案件数量")))
        self.count = QSpinBox()
        self.count.setObjectName("demo_cases")
        self.count.setRange(100, 20000)
        self.count.setSingleStep(500)
        self.count.setValue(DEMO_DEFAULT_CASES)
        self.count.setEnabled(False)
        row.addWidget(self.count)
        row.addStretch(1)
        lay.addLayout(row)
        self.status = QLabel()
        self.status.setObjectName("demo_status")
        err = ErrorLabel()
        self.errors.add("demo", self.enable, err)
        lay.addWidget(self.status)
        lay.addWidget(err)
        lay.addStretch(1)
        self.enable.toggled.connect(self.count.setEnabled)
        self.generated = 0

    def validatePage(self) -> bool:
        if self.done or not self.enable.isChecked():
            return not self.busy
        if self.busy:
            return False
        state, n = self.owner.state, self.count.value()
        township = state.settings.township_code
        self.status.setText(self.tr("正在生成演示数据，请稍候…"))
        self.enable.setEnabled(False)
        self.count.setEnabled(False)

        def work() -> int:
            from desktop.db.demo import generate

            return generate(state.paths.database, n, township=township).cases

        def generated(cases: int) -> None:
            self.generated = cases
            self.status.setText(self.tr("已生成 %n 件演示案件", "", cases))

        def failed() -> None:
            self.status.setText("")
            self.enable.setEnabled(True)
            self.count.setEnabled(self.enable.isChecked())

        self.run(work, generated, "demo", on_failed=failed)
        return False


class FinishPage(_Page):
    def __init__(self, owner: FirstRunWizard) -> None:
        super().__init__(owner)
        self.setTitle(self.tr("设置完成"))
        lay = QVBoxLayout(self)
        self.summary = QLabel()
        self.summary.setObjectName("summary")
        self.summary.setWordWrap(True)
        self.summary.setTextFormat(Qt.TextFormat.PlainText)
        lay.addWidget(self.summary)
        lay.addStretch(1)

    def initializePage(self) -> None:
        w = self.owner
        s = w.state.settings
        lines = [
            self.tr("中心：%1").replace("%1", s.center_name),
            self.tr("调委会：%1（简称“%2”）").replace("%1", s.committee_name).replace("%2", s.committee_short),
            self.tr("管理员账号：%1").replace("%1", w.actor.username if w.actor else ""),
            self.tr("本机注册：%1").replace("%1", self.tr("已注册") if w.enrol_page.result else self.tr("未注册（可在“设置”中注册）")),
        ]
        if w.demo_page.generated:
            lines.append(self.tr("演示数据：%1 件案件").replace("%1", str(w.demo_page.generated)))
        lines.append("")
        lines.append(self.tr("点“完成”进入工作台。"))
        self.summary.setText("\n".join(lines))


# --- the wizard ----------------------------------------------------------------------------------

class FirstRunWizard(QWizard):
    """Drop-in for the first-run dialog: exec() == Accepted means an admin exists and is signed in."""

    def __init__(self, state: AppState, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.state = state
        self.actor: Actor | None = None
        self.recovery_dialog: Any = None
        self.setObjectName("first_run_wizard")
        self.setWindowTitle(self.tr("首次使用设置"))
        self.setWizardStyle(QWizard.WizardStyle.ModernStyle)
        self.setOption(QWizard.WizardOption.NoBackButtonOnStartPage, True)
        for button, text in (
            (QWizard.WizardButton.BackButton, self.tr("上一步")),
            (QWizard.WizardButton.NextButton, self.tr("下一步")),
            (QWizard.WizardButton.FinishButton, self.tr("完成")),
            (QWizard.WizardButton.CancelButton, self.tr("取消")),
        ):
            self.setButtonText(button, text)
        self.welcome_page = WelcomePage(self)
        self.center_page = CenterPage(self)
        self.admin_page = AdminPage(self)
        self.enrol_page = EnrolPage(self)
        self.demo_page = DemoPage(self)
        self.finish_page = FinishPage(self)
        for page in (self.welcome_page, self.center_page, self.admin_page, self.enrol_page, self.demo_page,
                     self.finish_page):
            self.addPage(page)
        self.resize(760, 560)

    def set_actor(self, actor: Actor) -> None:
        self.actor = actor
        self.state.actor = actor
        from .app import show_recovery_code  # the key's recovery code, shown once, now that an admin exists

        self.recovery_dialog = show_recovery_code(self.state.paths, self, wait=False)

    def set_busy(self, busy: bool) -> None:
        for b in (QWizard.WizardButton.BackButton, QWizard.WizardButton.CancelButton):
            button = self.button(b)
            if button is not None:
                button.setEnabled(not busy)

    def reject(self) -> None:
        if any(p.busy for p in (self.admin_page, self.enrol_page, self.demo_page)):
            return  # wait for the running step; closing now would hide its result
        if self.actor is not None:
            # the account exists: cancelling only skips the optional steps
            self.accept()
            return
        super().reject()
