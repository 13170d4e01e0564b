"""Settings → 账号管理 → 重新生成恢复码: the administrator gets a new code, shown once; the old one stops working."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from desktop.db import keys
from desktop.db.models import AuditEntry
from desktop.db.services import users
from desktop.domain.accounts import PermissionDenied
from desktop.domain.enums import Role
from desktop.domain.errors import AuthError
from desktop.ui import security_dialogs
from desktop.ui.screens.settings import SettingsScreen

from .helpers import settle


def test_new_recovery_code_from_settings(qtbot: Any, ui_state: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = ui_state.paths.data_dir
    old = keys.new_recovery_code(folder)
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    monkeypatch.setattr(security_dialogs.RecoveryCodeDialog, "exec",
                        lambda self: shown.append(self.code.text()) or 1)
    screen = SettingsScreen(ui_state)
    qtbot.addWidget(screen)
    screen.show()
    screen.activate()
    settle(qtbot)
    assert screen.recovery_code_button.isEnabled() and screen.users_page.isEnabled()
    qtbot.mouseClick(screen.recovery_code_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(shown), timeout=10000)
    assert shown[0] != old and "作废" in screen.status.text()
    keys.forget(folder)
    with pytest.raises(AuthError):
        keys.recover(folder, old)
    keys.recover(folder, shown[0])
    with ui_state.db.read() as s:
        assert s.query(AuditEntry).filter_by(action=users.NEW_RECOVERY_CODE).count() == 1


def test_clerk_cannot_issue_a_recovery_code(qtbot: Any, ui_state: Any) -> None:
    clerk = users.create_user(ui_state.db, ui_state.actor, "clerk", "刘晓梅", Role.CLERK, "clerk-pass1")
    ui_state.actor = users.actor_of(clerk)
    screen = SettingsScreen(ui_state)
    qtbot.addWidget(screen)
    screen.show()
    screen.activate()
    settle(qtbot)
    assert not screen.recovery_code_button.isEnabled()  # the accounts page is the administrators'
    with pytest.raises(PermissionDenied):
        users.issue_recovery_code(ui_state.db, ui_state.actor)
