"""Settings: saving writes settings.json, errors sit beside fields, users and backups."""

from __future__ import annotations

from typing import Any

from desktop.config import Settings
from desktop.db.services import users
from desktop.ui.screens.settings import SettingsScreen
from desktop.ui.widgets import set_combo_value

from .helpers import settle, type_text


def _screen(qtbot: Any, state: Any) -> SettingsScreen:
    s = SettingsScreen(state)
    qtbot.addWidget(s)
    s.show()
    s.activate()
    settle(qtbot)
    return s


def test_save_settings(qtbot: Any, ui_state: Any) -> None:
    screen = _screen(qtbot, ui_state)
    type_text(screen.center_name, "幸福镇社会治理服务中心")
    type_text(screen.villages, "东风村\n红旗村\n新建村\n东风村")
    screen.days_normal.setValue(10)
    set_combo_value(screen.font_scale, 1.3)  # type: ignore[arg-type]
    assert screen.has_unsaved_changes()
    screen.save()
    settle(qtbot)
    assert screen.status.text() == "设置已保存"
    saved = Settings.load(ui_state.paths.settings_file)
    assert saved.center_name == "幸福镇社会治理服务中心"
    assert saved.villages == ["东风村", "红旗村", "新建村"]
    assert saved.deadline_days["normal"] == 10
    assert abs(saved.font_scale - 1.3) < 1e-6
    assert ui_state.settings.center_name == "幸福镇社会治理服务中心"  # live for the services too


def test_bad_url_shown_beside_field(qtbot: Any, ui_state: Any) -> None:
    screen = _screen(qtbot, ui_state)
    type_text(screen.county_url, "county.example")
    screen.save()
    settle(qtbot)
    assert "https://" in screen.errors.label("county_url").text()  # type: ignore[union-attr]
    assert Settings.load(ui_state.paths.settings_file).county_url == ""


def test_admin_creates_user(qtbot: Any, ui_state: Any) -> None:
    screen = _screen(qtbot, ui_state)
    d = screen.new_user()
    type_text(d.username, "clerk1")
    type_text(d.display_name, "窗口甲")
    d.password.setText("abc")  # too short
    d.buttons.accepted.emit()
    settle(qtbot)
    assert "至少6位" in d.errors.label("password").text()  # type: ignore[union-attr]
    d.password.setText("abcdef")
    d.buttons.accepted.emit()
    settle(qtbot)
    assert [u.username for u in users.list_users(ui_state.db)] == ["admin", "clerk1"]
    qtbot.waitUntil(lambda: screen.users_table.rowCount() == 2, timeout=3000)


def test_backup_now_lists_backup(qtbot: Any, ui_state: Any) -> None:
    screen = _screen(qtbot, ui_state)
    before = screen.backups.count()
    screen.backup_now()
    settle(qtbot)
    qtbot.waitUntil(lambda: screen.backups.count() == before + 1, timeout=5000)
    assert "manual" in screen.backups.item(0).text()
