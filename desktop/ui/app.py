"""GUI start-up: application, fonts, translations, error handling, database, first run, login, main window.

`--smoke` builds the main window offscreen against a temporary (or given) data folder, opens every
screen once and exits 0, or non-zero on any exception or Qt warning.
"""

from __future__ import annotations

import logging
import os
import sys
import tempfile
from collections.abc import Callable
from typing import Any, TypeVar

from PySide6.QtCore import (
    QCoreApplication,
    QEventLoop,
    QLibraryInfo,
    QLocale,
    QMessageLogContext,
    QSettings,
    Qt,
    QTimer,
    QtMsgType,
    QTranslator,
    qInstallMessageHandler,
)
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication, QMessageBox, QProgressDialog

from desktop.config import Paths, Settings
from desktop.logsetup import setup_logging

from . import errors, ops
from .resources import resources_dir

log = logging.getLogger(__name__)
ORGANIZATION = "township-desk"
APPLICATION = "township-desk"
T = TypeVar("T")


class QtMessages:
    """Collects Qt warnings (a smoke run and the tests fail on them) and logs every Qt message."""

    # Messages from the platform layer that say nothing about our code.
    IGNORED = ("propagateSizeHints", "QXcbConnection", "XDG_RUNTIME_DIR")

    def __init__(self) -> None:
        self.warnings: list[str] = []

    def __call__(self, mode: QtMsgType, context: QMessageLogContext, message: str) -> None:
        if any(s in message for s in self.IGNORED):
            return
        if mode in (QtMsgType.QtWarningMsg, QtMsgType.QtCriticalMsg, QtMsgType.QtFatalMsg):
            self.warnings.append(message)
            log.warning("Qt: %s", message)
        else:
            log.debug("Qt: %s", message)


def _ensure_utf8_locale() -> None:
    """Qt warns and mangles Chinese file names under the C locale (a menu launch without LANG)."""
    import locale
    import os

    if (locale.getlocale()[1] or "").upper().replace("-", "") != "UTF8" and not os.environ.get("LC_ALL"):
        os.environ["LC_ALL"] = "C.UTF-8"


def create_application(argv: list[str] | None = None) -> QApplication:
    existing = QApplication.instance()
    if isinstance(existing, QApplication):
        return existing
    _ensure_utf8_locale()
    QGuiApplication.setHighDpiScaleFactorRoundingPolicy(Qt.HighDpiScaleFactorRoundingPolicy.PassThrough)
    QCoreApplication.setOrganizationName(ORGANIZATION)
    QCoreApplication.setApplicationName(APPLICATION)
    app = QApplication(argv if argv is not None else sys.argv[:1])
    app.setApplicationDisplayName("社会治理服务中心工作台")
    ops.collect_garbage_on_gui_thread()
    return app


_translators: list[QTranslator] = []


def install_translations(app: QCoreApplication) -> list[str]:
    """Qt's own Chinese (dialog buttons, context menus) plus ours; returns what was loaded."""
    QLocale.setDefault(QLocale(QLocale.Language.Chinese, QLocale.Country.China))
    loaded = []
    qt_dir = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    for name, folder in (("qtbase_zh_CN", qt_dir), ("township_desk_zh_CN", str(resources_dir() / "translations"))):
        tr = QTranslator(app)
        if tr.load(name, folder):
            app.installTranslator(tr)
            _translators.append(tr)
            loaded.append(name)
        else:
            log.info("translation not found: %s", name)
    return loaded


def run_with_progress(fn: Callable[[], T], text: str, delay_ms: int = 500) -> T:
    """Run `fn` on the DB worker while the event loop spins; a progress dialog appears only if it is slow."""
    loop = QEventLoop()
    box: dict[str, Any] = {}
    dialog = QProgressDialog(text, "", 0, 0)
    dialog.setCancelButton(None)
    dialog.setWindowModality(Qt.WindowModality.ApplicationModal)
    dialog.setMinimumDuration(0)
    dialog.reset()
    timer = QTimer()
    timer.setSingleShot(True)
    timer.timeout.connect(dialog.show)
    timer.start(delay_ms)

    def ok(value: T) -> None:
        box["value"] = value
        loop.quit()

    def fail(exc: BaseException) -> None:
        box["error"] = exc
        loop.quit()

    ops.Op(None, fn).on_success(ok).on_failure(fail).run()
    loop.exec()
    timer.stop()
    dialog.close()
    if "error" in box:
        raise box["error"]
    return box["value"]  # type: ignore[no-any-return]


def open_database_work(paths: Paths, settings: Settings) -> tuple[Any, Any, int]:
    """Worker thread: open/migrate the database (a backup is taken before any migration)."""
    from desktop.db.fast_open import open_database_fast
    from desktop.db.services.users import count_users
    from desktop.db.uow import Context

    db = open_database_fast(paths)  # Alembic only when a migration is due (with a backup first)
    ctx = Context(db, settings, paths.settings_file)
    return db, ctx, count_users(db)


def build_state(paths: Paths, opened: tuple[Any, Any, int]) -> Any:
    """GUI thread: the AppState (its change bus is a QObject) around an opened database."""
    from .appstate import AppState
    from .bridge import ChangeBus

    return AppState(paths=paths, db=opened[0], ctx=opened[1], bus=ChangeBus())


def open_state(paths: Paths, settings: Settings) -> tuple[Any, int]:
    """Open/migrate the database and build the AppState."""
    opened = run_with_progress(lambda: open_database_work(paths, settings), "正在打开数据库（如需升级，会先自动备份）…")
    return build_state(paths, opened), opened[2]


def show_recovery_code(paths: Paths, parent: Any = None, wait: bool = True) -> Any:
    """The recovery code made by this process (first run, upgrade to encryption), shown once."""
    from desktop.db.open import pending_recovery_codes

    from .security_dialogs import RecoveryCodeDialog

    code = pending_recovery_codes.pop(str(paths.data_dir), None)
    if not code:
        return None
    dialog = RecoveryCodeDialog(code, parent)
    if wait:
        dialog.exec()
    else:
        dialog.open()  # window-modal over the wizard, which carries on
    return dialog


def sign_in(paths: Paths, settings: Settings, state: Any) -> Any:
    """The login dialog (unlocking the database first when it is locked); None when the user quits.

    An initial password is changed before anything else; quitting that dialog quits the program.
    """
    from .login import LoginDialog
    from .security_dialogs import ChangePasswordDialog

    if state is None:
        dialog = LoginDialog(None, paths=paths, settings=settings,
                             opener=lambda: open_database_work(paths, settings),
                             build_state=lambda opened: build_state(paths, opened))
    else:
        dialog = LoginDialog(state)
    accepted = dialog.exec() == LoginDialog.DialogCode.Accepted
    state = dialog.state
    if not accepted:
        return _closing(state)
    if dialog.must_change and ChangePasswordDialog(state, forced=True).exec() != ChangePasswordDialog.DialogCode.Accepted:
        return _closing(state)
    return state


def _closing(state: Any) -> None:
    if state is not None:
        state.db.dispose()
    return None


def offer_recovery(paths: Paths, exc: BaseException) -> bool:
    """After a failed open: a damaged/empty/foreign file gets the backup dialog (True once restored);
    anything else a short message, or the crash dialog (scrollable, never taller than the screen)."""
    from desktop.db.health import backups_with_state, is_damage_error

    if is_damage_error(exc):
        from .recovery_dialog import DamagedDatabaseDialog, damage_message

        backups = run_with_progress(lambda: backups_with_state(paths.backups), "正在检查备份文件…")
        dialog = DamagedDatabaseDialog(paths, damage_message(exc), backups)
        return dialog.exec() == DamagedDatabaseDialog.DialogCode.Accepted
    known = errors.classify(exc)
    if known is not None:
        QMessageBox.critical(None, "无法打开数据库", known.message + (f"\n\n{known.hint}" if known.hint else ""))
    else:
        errors.CrashDialog(errors.crash_report(exc)).exec()
    return False


def ensure_smoke_admin(state: Any, n_users: int) -> None:
    from desktop.db.services import users
    from desktop.domain.enums import Role

    def work() -> Any:
        if n_users == 0:
            return users.actor_of(users.create_user(state.db, None, "smoke", "自检管理员", Role.ADMIN, "smoke-check", must_change=False))
        admins = [u for u in users.list_users(state.db) if u.role == Role.ADMIN.value and u.active]
        chosen = admins[0] if admins else users.list_users(state.db)[0]
        return users.actor_of(chosen)

    state.actor = run_with_progress(work, "")


def drain(app: QApplication, rounds: int = 5) -> None:
    """Let queued DB work finish and deliver its callbacks (which may queue more)."""
    for _ in range(rounds):
        app.processEvents()
        ops.wait_idle()
        app.processEvents()


def smoke_run(app: QApplication, state: Any, messages: QtMessages, presenter: errors.ErrorPresenter) -> int:
    from .main_window import MainWindow

    win = MainWindow(state)
    win.show()
    drain(app)
    for key in win.screen_keys():
        win.show_screen(key)
        drain(app)
    model = getattr(win.screen_widget("cases"), "model", None)
    if model is not None and model.rowCount() > 0:
        win.open_case(model.case_id(0))
        drain(app)
    win.open_new_case()
    drain(app)
    for dialog in list(win.open_dialogs()):
        dialog.discard_and_close()
    win.force_close()
    drain(app)
    problems = len(messages.warnings) + presenter.crashes
    for w in messages.warnings:
        print(f"Qt warning: {w}", file=sys.stderr)
    print(f"smoke: {len(win.screen_keys())} screens opened, {problems} problem(s)")
    return 1 if problems else 0


def _main_window(app: QApplication, state: Any) -> int:
    from .main_window import MainWindow

    win = MainWindow(state)
    win.show()
    ops.freeze_startup_objects()
    return int(app.exec())


def run_gui(data_dir: str | None = None, smoke: bool = False) -> int:
    tmp: tempfile.TemporaryDirectory[str] | None = None
    if smoke:
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
        if not data_dir:
            tmp = tempfile.TemporaryDirectory(prefix="township-smoke-")
            data_dir = tmp.name
    paths = Paths.resolve(data_dir).ensure()
    setup_logging(paths.logs, stderr=smoke)
    messages = QtMessages()
    qInstallMessageHandler(messages)
    app = create_application()
    if smoke:
        # A smoke run never touches the user's own window state.
        QSettings.setDefaultFormat(QSettings.Format.IniFormat)
        QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(paths.data_dir / "qsettings"))
    settings = Settings.load(paths.settings_file)
    from .fonts import setup_fonts

    setup_fonts(app, settings.font_scale)
    install_translations(app)
    presenter = errors.install(interactive=not smoke)
    state: Any = None
    try:
        try:
            from desktop.db.keys import needs_password

            if not smoke and needs_password(paths.data_dir):
                # encrypted, no OS key store: signing in unlocks the database
                state = sign_in(paths, settings, None)
                if state is None:
                    return 0
                show_recovery_code(paths)
                return _main_window(app, state)
            state, n_users = open_state(paths, settings)
        except Exception as exc:
            if smoke:
                log.exception("smoke: cannot open database")
                return 2
            if not offer_recovery(paths, exc):
                return 2
            state, n_users = open_state(paths, settings)
        if smoke:
            ensure_smoke_admin(state, n_users)
            return smoke_run(app, state, messages, presenter)
        if n_users == 0:
            from .wizard import FirstRunWizard

            if FirstRunWizard(state).exec() != FirstRunWizard.DialogCode.Accepted:
                return 0
        else:
            if sign_in(paths, settings, state) is None:
                state = None  # disposed
                return 0
            show_recovery_code(paths)
        return _main_window(app, state)
    finally:
        ops.wait_idle()
        if state is not None:
            state.db.dispose()
        if tmp is not None:
            tmp.cleanup()
