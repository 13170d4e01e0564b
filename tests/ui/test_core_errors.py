"""Errors: known ones get a plain Chinese message; anything else a crash report without personal data."""

from __future__ import annotations

import errno
import sqlite3
from typing import Any

from desktop.domain.errors import ValidationError, ValidationErrors
from desktop.ui.errors import CrashDialog, ErrorPresenter, classify, crash_report


def test_known_errors_are_classified() -> None:
    v = classify(ValidationErrors([ValidationError("请填写姓名", "name"), ValidationError("请选择类别", "category")]))
    assert v is not None and "请填写姓名" in v.message and "请选择类别" in v.message
    disk = classify(OSError(errno.ENOSPC, "No space left on device"))
    assert disk is not None and disk.title == "磁盘空间不足" and "清理" in disk.hint
    locked = classify(sqlite3.OperationalError("database is locked"))
    assert locked is not None and locked.title == "数据库正忙"
    offline = classify(ConnectionRefusedError(111, "refused"))
    assert offline is not None and "联网后会自动发送" in offline.hint
    # Wrapped errors are recognised through their cause.
    try:
        try:
            raise OSError(errno.ENOSPC, "full")
        except OSError as inner:
            raise RuntimeError("save failed") from inner
    except RuntimeError as outer:
        assert classify(outer) is not None
    assert classify(KeyError("x")) is None


def test_crash_report_has_no_personal_data() -> None:
    try:
        raise ValueError("bad row for 张三 11010519491231002X 13912345678 [parameters: ('李四',)]")
    except ValueError as exc:
        report = crash_report(exc)
    assert "ValueError" in report and "test_core_errors.py" in report
    for secret in ("张三", "李四", "11010519491231002X", "13912345678"):
        assert secret not in report


def test_presenter_shows_crash_dialog_with_copy(qtbot: Any, qapp: Any) -> None:
    presenter = ErrorPresenter(interactive=True)
    with qtbot.waitSignal(presenter.shown) as sig:
        presenter.handle(None, KeyError("boom"))
    assert sig.args[2] is True and presenter.crashes == 1
    dialog = next(w for w in presenter._open if isinstance(w, CrashDialog))
    qtbot.addWidget(dialog)
    dialog._copy()
    assert "KeyError" in qapp.clipboard().text()
    with qtbot.waitSignal(presenter.shown) as sig:
        presenter.handle(None, ValidationError("请填写事项概要", "summary"))
    assert sig.args[2] is False and "请填写事项概要" in sig.args[1]
    for w in list(presenter._open):
        w.close()


def test_translations_load(qapp: Any) -> None:
    from desktop.ui.app import install_translations

    loaded = install_translations(qapp)
    assert "township_desk_zh_CN" in loaded
    assert "qtbase_zh_CN" in loaded
