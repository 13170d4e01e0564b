"""The main window: navigation on the left, screens in a stack, menus, shortcuts and the status bar."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QSettings, Qt, QTimer
from PySide6.QtGui import QAction, QCloseEvent, QGuiApplication, QKeySequence
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QScrollArea,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from desktop.db import queries

from . import printing, widgets
from .appstate import AppState
from .ops import Op
from .screens.cases import CasesScreen
from .screens.county_items import CountyItemsScreen
from .screens.dashboard import DashboardScreen
from .screens.mediation import MediationScreen
from .screens.reception import ReceptionScreen
from .screens.settings import SettingsScreen
from .screens.statistics import StatisticsScreen
from .screens.sync_panel import SyncScreen
from .sync_indicator import SyncIndicator

log = logging.getLogger(__name__)

# key, label, screen class, extra constructor arguments (every screen imported directly: a broken
# one fails at start, loudly, instead of showing a placeholder)
SCREENS: list[tuple[str, str, Callable[..., QWidget], tuple[Any, ...]]] = [
    ("dashboard", "工作台", DashboardScreen, ()),
    ("reception", "接待受理", ReceptionScreen, ()),
    ("cases", "案件", CasesScreen, ()),
    ("mediation", "人民调解", MediationScreen, ()),
    ("assigned", "上级交办", CountyItemsScreen, ("assigned",)),
    ("grid_event", "网格事件", CountyItemsScreen, ("grid_event",)),
    ("appointment", "网上预约", CountyItemsScreen, ("appointment",)),
    ("statistics", "统计", StatisticsScreen, ()),
    ("sync", "同步", SyncScreen, ()),
    ("settings", "设置", SettingsScreen, ()),
]


class MainWindow(QMainWindow):
    def __init__(self, state: AppState, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.state = state
        self._force = False
        self._screens: dict[str, QWidget] = {}
        self._dialogs: list[Any] = []
        self._case_windows: dict[str, Any] = {}
        state.open_case = self.open_case
        state.open_screen = self.show_screen
        state.open_case_list = self.open_case_list
        center = state.settings.center_name or self.tr("社会治理服务中心")
        self.setWindowTitle(self.tr("社会治理服务中心工作台") + " - " + center)

        central = QWidget()
        row = QHBoxLayout(central)
        row.setContentsMargins(0, 0, 0, 0)
        self.nav = QListWidget()
        self.nav.setObjectName("navigation")
        self.nav.setFixedWidth(150)
        self.nav.setStyleSheet("QListWidget { font-size: 115%; } QListWidget::item { padding: 8px 6px; }")
        self.stack = QStackedWidget()
        for key, label, *_ in SCREENS:
            item = QListWidgetItem(self.tr(label))
            item.setData(Qt.ItemDataRole.UserRole, key)
            self.nav.addItem(item)
            # Each screen sits in a scroll area: a screen wider than the window (统计's charts at 1024
            # pixels) scrolls inside it instead of widening the main window past the screen.
            holder = QScrollArea()
            holder.setWidgetResizable(True)
            holder.setFrameShape(QFrame.Shape.NoFrame)
            inner = QWidget()
            QVBoxLayout(inner).setContentsMargins(0, 0, 0, 0)
            holder.setWidget(inner)
            self.stack.addWidget(holder)
        row.addWidget(self.nav)
        row.addWidget(self.stack, 1)
        self.setCentralWidget(central)
        self.nav.currentRowChanged.connect(self._on_nav)

        self._build_menus()
        self._build_status_bar()
        self._restore()
        # Signed in: load the document fonts in the background so the first preview is quick.
        QTimer.singleShot(0, lambda: printing.warm_up(self))

    # --- screens -------------------------------------------------------------------------
    def screen_keys(self) -> list[str]:
        return [s[0] for s in SCREENS]

    def screen_widget(self, key: str) -> QWidget:
        """The screen for `key`, created on first use (a placeholder if its module is not installed)."""
        if key in self._screens:
            return self._screens[key]
        index = self.screen_keys().index(key)
        _, _label, cls, extra = SCREENS[index]
        widget = cls(self.state, *extra)
        holder = self.stack.widget(index)
        assert isinstance(holder, QScrollArea)
        layout = holder.widget().layout()
        assert layout is not None
        layout.addWidget(widget)
        self._screens[key] = widget
        return widget

    def show_screen(self, key: str) -> None:
        index = self.screen_keys().index(key)
        if self.nav.currentRow() != index:
            self.nav.setCurrentRow(index)  # triggers _on_nav
        else:
            self._on_nav(index)

    def current_key(self) -> str:
        return self.screen_keys()[max(0, self.nav.currentRow())]

    def _on_nav(self, index: int) -> None:
        if index < 0:
            return
        key = self.screen_keys()[index]
        widget = self.screen_widget(key)
        self.stack.setCurrentIndex(index)
        activate = getattr(widget, "activate", None)
        if activate is not None:
            activate()

    # --- navigation targets --------------------------------------------------------------
    def open_case(self, case_id: str) -> None:
        from .case_detail import CaseDetailWindow

        win = self._case_windows.get(case_id)
        if win is None:
            win = CaseDetailWindow(self.state, case_id, self)
            win.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, True)
            self._case_windows[case_id] = win
            win.destroyed.connect(lambda *_: self._case_windows.pop(case_id, None))
        win.show()
        if QGuiApplication.platformName() != "offscreen":  # offscreen warns that it cannot raise windows
            win.raise_()
            win.activateWindow()

    def open_case_list(self, case_filter: queries.CaseFilter) -> None:
        self.show_screen("cases")
        screen = self.screen_widget("cases")
        apply = getattr(screen, "apply_filter", None)
        if apply is not None:
            apply(case_filter)

    def open_new_case(self) -> None:
        from .case_form import CaseFormDialog

        dialog = CaseFormDialog(self.state, parent=self)
        self.track_dialog(dialog)
        dialog.show()

    def track_dialog(self, dialog: Any) -> None:
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, True)
        self._dialogs.append(dialog)
        dialog.destroyed.connect(lambda *_: self._dialogs.remove(dialog) if dialog in self._dialogs else None)

    def open_dialogs(self) -> list[Any]:
        return list(self._dialogs)

    def new_reception(self) -> None:
        self.show_screen("reception")
        start = getattr(self.screen_widget("reception"), "new_reception", None)
        if start is not None:
            start()

    def search_cases(self) -> None:
        self.show_screen("cases")
        focus = getattr(self.screen_widget("cases"), "focus_search", None)
        if focus is not None:
            focus()

    def refresh(self) -> None:
        widget = self._screens.get(self.current_key())
        if widget is not None and hasattr(widget, "activate"):
            widget.activate()

    # --- menus and shortcuts -------------------------------------------------------------
    def _action(self, text: str, slot: Any, shortcut: str | QKeySequence | QKeySequence.StandardKey | None = None) -> QAction:
        act = QAction(text, self)
        if shortcut is not None:
            act.setShortcut(QKeySequence(shortcut))
        act.triggered.connect(slot)
        self.addAction(act)
        return act

    def _build_menus(self) -> None:
        bar = self.menuBar()
        file_menu = bar.addMenu(self.tr("文件(&F)"))
        file_menu.addAction(self._action(self.tr("立即备份"), self._backup_now))
        file_menu.addSeparator()
        file_menu.addAction(self._action(self.tr("退出"), self.close, QKeySequence.StandardKey.Quit))
        case_menu = bar.addMenu(self.tr("案件(&C)"))
        case_menu.addAction(self._action(self.tr("新接待"), self.new_reception, "F2"))
        case_menu.addAction(self._action(self.tr("新案件"), self.open_new_case, "Ctrl+N"))
        case_menu.addAction(self._action(self.tr("搜索案件"), self.search_cases, "Ctrl+F"))
        case_menu.addSeparator()
        case_menu.addAction(self._action(self.tr("刷新"), self.refresh, "F5"))
        tools = bar.addMenu(self.tr("工具(&T)"))
        tools.addAction(self._action(self.tr("同步"), lambda: self.show_screen("sync")))
        tools.addAction(self._action(self.tr("统计"), lambda: self.show_screen("statistics")))
        tools.addAction(self._action(self.tr("设置"), lambda: self.show_screen("settings")))
        go = bar.addMenu(self.tr("转到(&G)"))
        for i, (key, label, *_) in enumerate(SCREENS):
            shortcut = f"Ctrl+{i + 1}" if i < 9 else "Ctrl+0"
            go.addAction(self._action(self.tr(label), lambda _=False, k=key: self.show_screen(k), shortcut))
        help_menu = bar.addMenu(self.tr("帮助(&H)"))
        help_menu.addAction(self._action(self.tr("快捷键"), self._show_shortcuts))
        help_menu.addAction(self._action(self.tr("关于"), self._about))

    def _show_shortcuts(self) -> None:
        widgets.inform(self, self.tr("快捷键"), self.tr(
            "F2  新接待\nCtrl+N  新案件\nCtrl+F  搜索案件\nF5  刷新\nCtrl+1 … Ctrl+9、Ctrl+0  切换页面\n"
            "Ctrl+S  保存当前表单\nEnter  在接待受理的单行输入框中保存；在小对话框中按“确定”\nEsc  关闭对话框"))

    def _about(self) -> None:
        widgets.inform(self, self.tr("关于"), self.tr("乡镇社会治理服务中心工作台\n离线优先：所有数据先保存在本机，联网后自动同步到县平台。"))

    def _backup_now(self) -> None:
        from desktop.db.backup import BackupReport, backup_with_report

        paths = self.state.paths

        def done(r: BackupReport) -> None:
            text = self.tr("已备份：") + r.path.name
            if r.skipped:
                text += self.tr("（{0}个附件在本机无法读取，未放入备份；已记入操作日志）").format(r.skipped)
            self.statusBar().showMessage(text, 8000)

        Op(self, lambda: backup_with_report(paths.database, paths.backups, reason="manual")).on_success(done).run()

    # --- status bar ----------------------------------------------------------------------
    def _build_status_bar(self) -> None:
        bar = self.statusBar()
        actor = self.state.actor
        text = f"{actor.display_name}（{actor.role.label}）" if actor else self.tr("未登录")
        self.user_label = QLabel(self.tr("当前用户：") + text)
        bar.addPermanentWidget(self.user_label)
        bar.addPermanentWidget(SyncIndicator(self.state, self))

    # --- window state and closing --------------------------------------------------------
    def _restore(self) -> None:
        qs = QSettings()
        geometry = qs.value("main/geometry")
        # Qt's restoreGeometry keeps a restored window on a present screen; a first start opens
        # maximised, which fits any screen (1024×768 included) and is what office staff expect.
        if geometry is None or not self.restoreGeometry(geometry):
            # Sized to the available screen first, for a window manager that ignores "maximised".
            widgets.fit_to_screen(self, 1280, 800)
            screen = self.screen()
            if screen is not None:
                self.move(screen.availableGeometry().topLeft())
            self.setWindowState(Qt.WindowState.WindowMaximized)
        key = str(qs.value("main/screen", "dashboard"))
        QTimer.singleShot(0, lambda: self.show_screen(key if key in self.screen_keys() else "dashboard"))

    def save_state(self) -> None:
        qs = QSettings()
        qs.setValue("main/geometry", self.saveGeometry())
        qs.setValue("main/screen", self.current_key())
        for widget in self._screens.values():
            save = getattr(widget, "save_state", None)
            if save is not None:
                save(qs)
        qs.sync()

    def unsaved_edits(self) -> list[str]:
        found = []
        for key, widget in self._screens.items():
            check = getattr(widget, "has_unsaved_changes", None)
            if check is not None and check():
                found.append(dict((s[0], s[1]) for s in SCREENS)[key])
        for dialog in self._dialogs:
            if dialog.has_unsaved_changes():
                found.append(dialog.windowTitle())
        for win in self._case_windows.values():
            check = getattr(win, "has_unsaved_changes", None)
            if check is not None and check():
                found.append(win.windowTitle())
        return found

    def force_close(self) -> None:
        self._force = True
        self.close()

    def closeEvent(self, event: QCloseEvent) -> None:
        pending = [] if self._force else self.unsaved_edits()
        if pending and not widgets.ask(self, self.tr("尚未保存"), self.tr("以下内容尚未保存：\n{0}\n\n确定要退出吗？未保存的内容将丢失。").format("\n".join(pending))):
            event.ignore()
            return
        self.save_state()
        for dialog in list(self._dialogs):
            dialog.discard_and_close()
        for win in list(self._case_windows.values()):
            win.close()
        event.accept()
