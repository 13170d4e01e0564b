"""First run (no accounts): center details and the admin account; translations load."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from desktop.config import Paths, Settings
from desktop.db.open import open_database
from desktop.db.services import users
from desktop.db.uow import Context
from desktop.ui.appstate import AppState
from desktop.ui.bridge import ChangeBus
from desktop.ui.first_run import FirstRunDialog

from .helpers import settle, type_text


def test_first_run_creates_admin_and_settings(qtbot: Any, tmp_path: Path, migrated_template: Path) -> None:
    import shutil

    paths = Paths(tmp_path / "new").ensure()
    shutil.copy(migrated_template, paths.database)
    db = open_database(paths)
    try:
        state = AppState(paths=paths, db=db, ctx=Context(db, Settings(), paths.settings_file), bus=ChangeBus())
        d = FirstRunDialog(state)
        qtbot.addWidget(d)
        d.show()
        type_text(d.fields["center_name"], "新安镇社会治理服务中心")
        type_text(d.fields["township_name"], "新安镇")
        d.fields["township_code"].setText("12")
        type_text(d.fields["display_name"], "周主任")
        d.fields["password"].setText("secret9")
        d.fields["password2"].setText("secret8")
        d.submit()
        assert "6到12位" in d.errors.label("township_code").text()  # type: ignore[union-attr]
        assert "不一致" in d.errors.label("password2").text()  # type: ignore[union-attr]
        d.fields["township_code"].setText("220403")
        d.fields["password2"].setText("secret9")
        with qtbot.waitSignal(d.accepted, timeout=5000):
            d.submit()
            settle(qtbot)
        assert state.actor is not None and state.actor.display_name == "周主任"
        assert [u.username for u in users.list_users(db)] == ["admin"]
        saved = Settings.load(paths.settings_file)
        assert saved.setup_done and saved.township_code == "220403"
        assert saved.committee_name == "新安镇人民调解委员会"
    finally:
        db.dispose()


def test_translations_load(qapp: Any) -> None:
    from desktop.ui.app import install_translations

    loaded = install_translations(qapp)
    assert "township_desk_zh_CN" in loaded
    assert "qtbase_zh_CN" in loaded
