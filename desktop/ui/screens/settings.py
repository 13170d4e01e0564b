"""设置: center details, categories/villages/offices, deadlines, font size, users (admins), backup/restore."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import TypeVar

from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from desktop.config import Settings
from desktop.db import backup
from desktop.db.services import users
from desktop.domain.accounts import ROLE_PERMISSIONS, Permission
from desktop.domain.enums import Role
from desktop.domain.errors import DomainError, PermissionDenied, ValidationError, ValidationErrors

from .. import widgets
from ..appstate import AppState
from ..enroll_dialog import EnrollDialog
from ..ops import Op
from ..widgets import ErrorLabel, ErrorMap, combo_value, enum_combo, fmt_dt, header_label, with_error

W = TypeVar("W", bound=QWidget)
FONT_SCALES = ((1.0, "标准"), (1.15, "较大"), (1.3, "大"), (1.5, "特大"))


def _lines(edit: QPlainTextEdit) -> list[str]:
    seen: list[str] = []
    for line in edit.toPlainText().splitlines():
        t = line.strip()
        if t and t not in seen:
            seen.append(t)
    return seen


class UserDialog(QDialog):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("新建账号"))
        self.errors = ErrorMap()
        lay = QVBoxLayout(self)
        form = QFormLayout()
        self.username = QLineEdit()
        self.display_name = QLineEdit()
        self.role = enum_combo(Role)
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        for key, label, w in (("username", self.tr("用户名"), self.username), ("display_name", self.tr("姓名"), self.display_name),
                              ("role", self.tr("角色"), self.role), ("password", self.tr("初始密码"), self.password)):
            w.setObjectName(key)
            err = ErrorLabel()
            self.errors.add(key, w, err)
            form.addRow(label, with_error(w, err))
        lay.addLayout(form)
        self.general = ErrorLabel()
        self.errors.fallback = self.general
        lay.addWidget(self.general)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.rejected.connect(self.reject)
        lay.addWidget(self.buttons)


class SettingsScreen(QWidget):
    def __init__(self, state: AppState, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.state = state
        self.errors = ErrorMap()
        self._dirty = False
        self.user_dialog: UserDialog | None = None
        lay = QVBoxLayout(self)
        lay.addWidget(header_label(self.tr("设置")))
        self.tabs = QTabWidget()
        lay.addWidget(self.tabs, 1)
        self._build_center()
        self._build_lists()
        self._build_display()
        self._build_users()
        self._build_backup()
        row = QHBoxLayout()
        self.status = QLabel()
        self.status.setObjectName("settingsStatus")
        self.save_button = QPushButton(self.tr("保存设置"))
        self.save_button.setObjectName("saveSettings")
        self.save_button.clicked.connect(self.save)
        row.addWidget(self.status, 1)
        row.addWidget(self.save_button)
        lay.addLayout(row)
        self.load()

    # building
    def _field(self, form: QFormLayout, key: str, label: str, widget: W) -> W:
        widget.setObjectName(key)
        err = ErrorLabel()
        err.setObjectName(f"{key}Error")
        self.errors.add(key, widget, err)
        form.addRow(label, with_error(widget, err))
        if isinstance(widget, QLineEdit):
            widget.textEdited.connect(self._mark)
        elif isinstance(widget, QPlainTextEdit):
            widget.textChanged.connect(self._mark)
        elif isinstance(widget, QCheckBox):
            widget.toggled.connect(self._mark)
        elif isinstance(widget, (QSpinBox,)):
            widget.valueChanged.connect(self._mark)
        elif isinstance(widget, QComboBox):
            widget.activated.connect(self._mark)
        return widget

    def _mark(self, *_: object) -> None:
        self._dirty = True

    def has_unsaved_changes(self) -> bool:
        return self._dirty

    def _build_center(self) -> None:
        page = QWidget()
        outer = QVBoxLayout(page)
        box = QWidget()
        box.setMaximumWidth(900)
        form = QFormLayout(box)
        outer.addWidget(box)
        outer.addStretch(1)
        self.center_name = self._field(form, "center_name", self.tr("中心名称"), QLineEdit())
        self.township_name = self._field(form, "township_name", self.tr("乡镇（街道）名称"), QLineEdit())
        self.township_code = self._field(form, "township_code", self.tr("乡镇代码"), QLineEdit())
        self.committee_name = self._field(form, "committee_name", self.tr("人民调解委员会名称"), QLineEdit())
        self.committee_short = self._field(form, "committee_short", self.tr("调委会简称（卷号用）"), QLineEdit())
        self.court_name = self._field(form, "court_name", self.tr("司法确认管辖法院"), QLineEdit())
        self.center_phone = self._field(form, "center_phone", self.tr("中心联系电话（印在回执上）"), QLineEdit())
        self.county_url = self._field(form, "county_url", self.tr("县平台地址"), QLineEdit())
        self.allow_http = self._field(form, "allow_insecure_http", "", QCheckBox(self.tr("允许不加密的 http 连接（仅限内网，不推荐）")))
        self.enroll_button = QPushButton(self.tr("登记本机/测试连接…"))
        self.enroll_button.setObjectName("enrollButton")
        self.enroll_button.clicked.connect(self._enroll)
        enroll_row = QHBoxLayout()
        enroll_row.addWidget(self.enroll_button)
        enroll_row.addStretch(1)
        form.addRow("", enroll_row)
        self.center_page = page
        self.tabs.addTab(page, self.tr("中心信息"))

    def _build_lists(self) -> None:
        page = QWidget()
        form = QFormLayout(page)
        form.addRow(QLabel(self.tr("每行一项。")))
        self.categories = self._field(form, "categories", self.tr("纠纷/诉求类别"), QPlainTextEdit())
        self.villages = self._field(form, "villages", self.tr("村（社区）"), QPlainTextEdit())
        self.offices = self._field(form, "offices", self.tr("承办单位（站所办）"), QPlainTextEdit())
        for e in (self.categories, self.villages, self.offices):
            e.setTabChangesFocus(True)
        self.lists_page = page
        self.tabs.addTab(page, self.tr("类别与名录"))

    def _spin(self, lo: int, hi: int) -> QSpinBox:
        s = QSpinBox()
        s.setRange(lo, hi)
        s.setSuffix(self.tr(" 天"))
        return s

    def _build_display(self) -> None:
        page = QWidget()
        form = QFormLayout(page)
        self.days_simple = self._field(form, "deadline_simple", self.tr("简单事项办理期限"), self._spin(1, 365))
        self.days_normal = self._field(form, "deadline_normal", self.tr("一般事项办理期限"), self._spin(1, 365))
        self.days_complex = self._field(form, "deadline_complex", self.tr("复杂事项办理期限"), self._spin(1, 365))
        self.mediation_days = self._field(form, "mediation_days", self.tr("调解期限"), self._spin(1, 365))
        self.repeat_days = self._field(form, "repeat_visit_days", self.tr("重复来访统计天数"), self._spin(1, 365))
        font = QComboBox()
        for value, label in FONT_SCALES:
            font.addItem(self.tr(label), value)
        self.font_scale = self._field(form, "font_scale", self.tr("字体大小"), font)
        doc_font = QComboBox()
        doc_font.addItem(self.tr("自动（已安装的仿宋或宋体，否则内置字体）"), "")
        self.document_font = self._field(form, "document_font", self.tr("文书正文字体"), doc_font)
        self.tabs.addTab(page, self.tr("期限与显示"))
        # fc-list may take a while: the installed faces are listed off the GUI thread
        Op(self, _installed_body_fonts).on_success(self._show_document_fonts).run()

    def _show_document_fonts(self, found: list[tuple[str, str]]) -> None:
        combo = self.document_font
        current = combo_value(combo) or self.state.settings.document_font
        for family, path in found:
            if combo.findData(path) < 0:
                combo.addItem(f"{family}（{Path(path).name}）", path)
        self._select_document_font(current)

    def _select_document_font(self, value: str) -> None:
        combo = self.document_font
        if value and combo.findData(value) < 0:
            combo.addItem(value, value)  # a face set earlier, not (or no longer) found here
        combo.setCurrentIndex(max(0, combo.findData(value)))

    def _build_users(self) -> None:
        page = QWidget()
        lay = QVBoxLayout(page)
        self.users_table = QTableWidget(0, 4)
        self.users_table.setObjectName("usersTable")
        self.users_table.setHorizontalHeaderLabels([self.tr("用户名"), self.tr("姓名"), self.tr("角色"), self.tr("状态")])
        self.users_table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.users_table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.users_table.horizontalHeader().setStretchLastSection(True)
        lay.addWidget(self.users_table, 1)
        row = QHBoxLayout()
        self.add_user_button = QPushButton(self.tr("新建账号…"))
        self.toggle_user_button = QPushButton(self.tr("停用/启用"))
        self.reset_pw_button = QPushButton(self.tr("重置密码…"))
        self.recovery_code_button = QPushButton(self.tr("重新生成恢复码…"))
        self.recovery_code_button.setObjectName("newRecoveryCode")
        self.recovery_code_button.setToolTip(self.tr("生成新的数据库恢复码；旧恢复码立即作废"))
        for b in (self.add_user_button, self.toggle_user_button, self.reset_pw_button, self.recovery_code_button):
            row.addWidget(b)
        row.addStretch(1)
        lay.addLayout(row)
        self.add_user_button.clicked.connect(self.new_user)
        self.toggle_user_button.clicked.connect(self._toggle_user)
        self.reset_pw_button.clicked.connect(self._reset_password)
        self.recovery_code_button.clicked.connect(self.new_recovery_code)
        self.users_page = page
        self.tabs.addTab(page, self.tr("账号管理"))

    def _build_backup(self) -> None:
        page = QWidget()
        lay = QVBoxLayout(page)
        lay.addWidget(QLabel(self.tr("数据每次升级前会自动备份。也可以随时手动备份，或从备份恢复。")))
        self.backups = QListWidget()
        self.backups.setObjectName("backupList")
        lay.addWidget(self.backups, 1)
        row = QHBoxLayout()
        self.backup_button = QPushButton(self.tr("立即备份"))
        self.backup_button.setObjectName("backupNow")
        self.restore_button = QPushButton(self.tr("从选中的备份恢复…"))
        self.restore_button.setObjectName("restoreBackup")
        row.addWidget(self.backup_button)
        row.addWidget(self.restore_button)
        row.addStretch(1)
        lay.addLayout(row)
        self.backup_button.clicked.connect(self.backup_now)
        self.restore_button.clicked.connect(self.restore_selected)
        self.tabs.addTab(page, self.tr("备份与恢复"))

    # loading / saving
    def is_admin(self) -> bool:
        actor = self.state.actor
        return actor is not None and Permission.ADMIN in ROLE_PERMISSIONS[actor.role]

    def activate(self) -> None:
        if not self._dirty:
            self.load()
        self.refresh_users()
        self.refresh_backups()

    def load(self) -> None:
        s = self.state.settings
        for key in ("center_name", "township_name", "township_code", "committee_name", "committee_short", "court_name",
                    "center_phone", "county_url"):
            edit = getattr(self, key)
            edit.setText(getattr(s, key))
        self.allow_http.setChecked(s.allow_insecure_http)
        self.categories.setPlainText("\n".join(s.categories))
        self.villages.setPlainText("\n".join(s.villages))
        self.offices.setPlainText("\n".join(s.offices))
        self.days_simple.setValue(int(s.deadline_days.get("simple", 1)))
        self.days_normal.setValue(int(s.deadline_days.get("normal", 7)))
        self.days_complex.setValue(int(s.deadline_days.get("complex", 20)))
        self.mediation_days.setValue(s.mediation_days)
        self.repeat_days.setValue(s.repeat_visit_days)
        idx = min(range(len(FONT_SCALES)), key=lambda i: abs(FONT_SCALES[i][0] - s.font_scale))
        self.font_scale.setCurrentIndex(idx)
        self._select_document_font(s.document_font)
        admin = self.is_admin()
        for page in (self.center_page, self.lists_page, self.users_page):
            page.setEnabled(admin)
        self.restore_button.setEnabled(admin)
        self.errors.clear()
        self._dirty = False

    def collect(self) -> Settings:
        """The settings as edited; raises ValidationErrors naming the fields."""
        cur = self.state.settings
        problems: list[ValidationError] = []
        url = self.county_url.text().strip()
        if url and not (url.startswith("https://") or url.startswith("http://")):
            problems.append(ValidationError(self.tr("地址应以 https:// 开头"), "county_url"))
        code = self.township_code.text().strip()
        if code and not (code.isdigit() and 6 <= len(code) <= 12):
            problems.append(ValidationError(self.tr("乡镇代码应为6到12位数字"), "township_code"))
        cats = _lines(self.categories)
        if not cats:
            problems.append(ValidationError(self.tr("至少需要一个类别"), "categories"))
        if not self.center_name.text().strip():
            problems.append(ValidationError(self.tr("请填写中心名称"), "center_name"))
        if problems:
            raise ValidationErrors(problems)
        return replace(
            cur,
            center_name=self.center_name.text().strip(),
            township_name=self.township_name.text().strip(),
            township_code=code,
            committee_name=self.committee_name.text().strip(),
            committee_short=self.committee_short.text().strip(),
            court_name=self.court_name.text().strip(),
            center_phone=self.center_phone.text().strip(),
            county_url=url,
            allow_insecure_http=self.allow_http.isChecked(),
            categories=cats,
            villages=_lines(self.villages),
            offices=_lines(self.offices),
            deadline_days={"simple": self.days_simple.value(), "normal": self.days_normal.value(),
                           "complex": self.days_complex.value()},
            mediation_days=self.mediation_days.value(),
            repeat_visit_days=self.repeat_days.value(),
            font_scale=float(combo_value(self.font_scale) or 1.0),
            document_font=str(combo_value(self.document_font) or ""),
        )

    def save(self) -> None:
        self.errors.clear()
        try:
            new = self.collect()
        except DomainError as exc:
            self.errors.show(exc)
            return
        target = self.state.settings
        path = self.state.paths.settings_file
        old_scale = target.font_scale

        def work() -> None:
            new.save(path)

        def done(_: None) -> None:
            for f in new.__dataclass_fields__:
                setattr(target, f, getattr(new, f))
            self._dirty = False
            self.status.setText(self.tr("设置已保存"))
            if abs(old_scale - new.font_scale) > 0.01:
                from ..fonts import apply_scale

                app = QApplication.instance()
                if isinstance(app, QApplication):
                    apply_scale(app, new.font_scale)
            self.state.bus.publish(entities={"settings"})  # the settings file, not the database

        Op(self, work).on_success(done).run()

    # users
    def refresh_users(self) -> None:
        db = self.state.db
        Op(self, lambda: [(u.username, u.display_name, u.role, u.active) for u in users.list_users(db)]).on_success(
            self._show_users).run()

    def _show_users(self, rows: list[tuple[str, str, str, bool]]) -> None:
        self.users_table.setRowCount(len(rows))
        for i, (username, name, role, active) in enumerate(rows):
            for j, v in enumerate((username, name, Role(role).label, self.tr("可用") if active else self.tr("已停用"))):
                self.users_table.setItem(i, j, QTableWidgetItem(v))

    def _selected_user(self) -> tuple[str, bool] | None:
        row = self.users_table.currentRow()
        if row < 0:
            return None
        item = self.users_table.item(row, 0)
        status = self.users_table.item(row, 3)
        return (item.text(), status.text() == self.tr("可用")) if item and status else None

    def new_user(self) -> UserDialog:
        d = UserDialog(self)
        self.user_dialog = d

        def submit() -> None:
            actor = self.state.require_actor()
            db = self.state.db
            username, name, role, pw = d.username.text(), d.display_name.text(), Role(combo_value(d.role)), d.password.text()
            d.errors.clear()

            def failed(exc: BaseException) -> None:
                if isinstance(exc, DomainError) and not isinstance(exc, PermissionDenied):
                    d.errors.show(exc)
                else:
                    from ..errors import show_error

                    show_error(d, exc)

            def created(_username: str) -> None:
                d.accept()
                self.refresh_users()

            Op(d, lambda: users.create_user(db, actor, username, name, role, pw).username).on_success(
                created).on_failure(failed).run()

        d.buttons.accepted.connect(submit)
        d.show()
        return d

    def _toggle_user(self) -> None:
        sel = self._selected_user()
        if sel is None:
            return
        username, active = sel
        if active and not widgets.ask(self, self.tr("停用账号"), self.tr("确定停用账号 {0} 吗？").format(username)):
            return
        actor, db = self.state.require_actor(), self.state.db
        Op(self, lambda: users.set_active(db, actor, username, not active)).on_success(lambda _: self.refresh_users()).run()

    def _reset_password(self) -> None:
        from PySide6.QtWidgets import QInputDialog

        sel = self._selected_user()
        if sel is None:
            return
        pw, ok = QInputDialog.getText(self, self.tr("重置密码"), self.tr("新密码（至少6位）："), QLineEdit.EchoMode.Password)
        if not ok:
            return
        actor, db = self.state.require_actor(), self.state.db
        Op(self, lambda: users.change_password(db, actor, sel[0], pw)).on_success(
            lambda _: self.status.setText(self.tr("密码已重置"))).run()

    def new_recovery_code(self) -> None:
        """A new recovery code (administrators): the old one stops working; the new one is shown once."""
        from PySide6.QtWidgets import QMessageBox

        from ..security_dialogs import RecoveryCodeDialog

        answer = QMessageBox.question(self, self.tr("重新生成恢复码"), self.tr(
            "生成新的恢复码后，旧恢复码立即作废。\n新恢复码只显示一次，请准备好纸笔抄写。是否继续？"))
        if answer != QMessageBox.StandardButton.Yes:
            return
        actor, db = self.state.require_actor(), self.state.db

        def shown(code: str) -> None:
            self.status.setText(self.tr("已生成新的恢复码，旧恢复码已作废"))
            RecoveryCodeDialog(code, self).exec()

        Op(self, lambda: users.issue_recovery_code(db, actor)).on_success(shown).run()

    # backup
    def refresh_backups(self) -> None:
        folder = self.state.paths.backups
        Op(self, lambda: backup.list_backups(folder)).on_success(self._show_backups).run()

    def _show_backups(self, files: list[Path]) -> None:
        from datetime import datetime

        self.backups.clear()
        for f in files:
            try:
                when = fmt_dt(datetime.fromtimestamp(f.stat().st_mtime).astimezone())
            except OSError:
                when = ""
            item = QListWidgetItem(f"{when}  {f.name}  ({max(1, f.stat().st_size // 1024)} KB)" if f.exists() else f.name)
            item.setData(256, str(f))
            self.backups.addItem(item)

    def backup_now(self) -> None:
        paths = self.state.paths
        self.backup_button.setEnabled(False)

        def done(r: backup.BackupReport) -> None:
            self.backup_button.setEnabled(True)
            text = self.tr("已备份：{0}").format(r.path.name)
            if r.skipped:
                text += self.tr("（{0}个附件在本机无法读取，未放入备份；已记入操作日志）").format(r.skipped)
            self.status.setText(text)
            self.refresh_backups()

        def failed(exc: BaseException) -> None:
            self.backup_button.setEnabled(True)
            from ..errors import show_error

            show_error(self, exc)

        Op(self, lambda: backup.backup_with_report(paths.database, paths.backups, reason="manual")).on_success(
            done).on_failure(failed).run()

    def restore_selected(self) -> None:
        item = self.backups.currentItem()
        if item is None:
            widgets.inform(self, self.tr("恢复"), self.tr("请先在列表中选择一个备份。"))
            return
        source = Path(str(item.data(256)))
        if not widgets.ask(self, self.tr("从备份恢复"), self.tr(
                "恢复会用所选备份替换当前数据（当前数据会先自动备份）。\n恢复后程序将关闭，请重新打开。\n\n确定恢复吗？")):
            return
        db, paths = self.state.db, self.state.paths

        def work() -> Path | None:
            db.dispose()
            return backup.restore_database(source, paths.database, paths.backups)

        def done(_saved: Path | None) -> None:
            widgets.inform(self, self.tr("恢复完成"), self.tr("数据已恢复，程序将关闭，请重新打开。"))
            win = self.window()
            force = getattr(win, "force_close", None)
            if force is not None:
                force()

        Op(self, work).on_success(done).run()

    def _enroll(self) -> None:
        dialog = EnrollDialog(self.state, self)
        dialog.show()


def _installed_body_fonts() -> list[tuple[str, str]]:
    """(family, file) of the Fangsong/Song faces installed on this PC, for the documents' body text."""
    from desktop.documents.fonts import discover_body_fonts

    return [(f.family, f.path) for f in discover_body_fonts()]
