"""Login: wrong password message, lockout after five failures, success."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox

from desktop.ui.login import LoginDialog

from .helpers import settle


def _login(qtbot: Any, dialog: LoginDialog, user: str, pw: str) -> None:
    dialog.username.setText(user)
    dialog.password.setText(pw)
    qtbot.mouseClick(dialog.buttons.button(QDialogButtonBox.StandardButton.Ok), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.buttons.isEnabled(), timeout=5000)
    settle(qtbot)


def test_wrong_password_then_lockout(qtbot: Any, ui_state: Any) -> None:
    ui_state.actor = None
    dialog = LoginDialog(ui_state)
    qtbot.addWidget(dialog)
    dialog.show()
    _login(qtbot, dialog, "admin", "wrong-1")
    assert "用户名或密码错误" in dialog.error.text()
    assert dialog.password.text() == ""
    for _ in range(4):
        _login(qtbot, dialog, "admin", "wrong-x")
    assert "锁定" in dialog.error.text()
    # Even the right password is refused while locked.
    _login(qtbot, dialog, "admin", "secret1")
    assert "锁定" in dialog.error.text()
    assert ui_state.actor is None
    assert dialog.result() != LoginDialog.DialogCode.Accepted


def test_successful_login_sets_actor(qtbot: Any, ui_state: Any) -> None:
    ui_state.actor = None
    dialog = LoginDialog(ui_state)
    qtbot.addWidget(dialog)
    dialog.show()
    with qtbot.waitSignal(dialog.accepted, timeout=5000):
        _login(qtbot, dialog, "admin", "secret1")
    assert ui_state.actor is not None and ui_state.actor.username == "admin"


def test_unknown_user_message(qtbot: Any, ui_state: Any) -> None:
    dialog = LoginDialog(ui_state)
    qtbot.addWidget(dialog)
    _login(qtbot, dialog, "nobody", "whatever")
    # the same answer as a wrong password for an existing user
    assert dialog.error.text() == "用户名或密码错误（连续输错5次将锁定账号15分钟）"


def test_unknown_user_locks_like_a_wrong_password(qtbot: Any, ui_state: Any) -> None:
    """Attempt by attempt the same message for an unknown name and a wrong password, the lockout included:
    the answer never tells whether the account exists."""
    ui_state.actor = None
    dialog = LoginDialog(ui_state)
    qtbot.addWidget(dialog)
    dialog.show()
    for attempt in range(1, 7):
        answers = []
        for name in ("admin", "nobody"):
            _login(qtbot, dialog, name, "wrong-x")
            answers.append(dialog.error.text())
        assert answers[0] == answers[1], (attempt, answers)
        assert ("已锁定" in answers[0]) == (attempt >= 5)
    assert ui_state.actor is None
