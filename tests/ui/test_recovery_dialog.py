"""A damaged or emptied database at GUI start-up: the backup dialog (date, case count), not a traceback,
not the first-run wizard; restoring the chosen backup makes the folder usable again (issue #12.6)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from desktop.config import Paths, Settings
from desktop.db import cipher
from desktop.db.backup import backup_database
from desktop.db.demo import generate
from desktop.db.health import DamagedDatabase, backups_with_state
from desktop.ui import app as ui_app
from desktop.ui.recovery_dialog import DamagedDatabaseDialog


def _count(path: Path) -> int:
    return int(cipher.connect(path).execute("SELECT count(*) FROM cases").fetchone()[0])


@pytest.fixture
def folder(paths: Paths, settings: Settings) -> Paths:
    generate(paths.database, 40, workers=1)
    backup_database(paths.database, paths.backups)
    generate(paths.database, 5, seed=4, workers=1)
    newest = backup_database(paths.database, paths.backups)
    raw = newest.read_bytes()
    bad = newest.with_name(newest.name.replace("manual", "zz-manual"))  # sorts newest, and damaged
    bad.write_bytes(raw[: len(raw) // 2])
    return paths


@pytest.mark.parametrize("damage", ["truncated", "empty"])
def test_start_up_offers_backups_and_restores(folder: Paths, settings: Settings, qtbot: Any,
                                              monkeypatch: pytest.MonkeyPatch, damage: str) -> None:
    db = folder.database
    if damage == "empty":
        db.write_bytes(b"")
    else:
        db.write_bytes(db.read_bytes()[:8192])
    before = db.read_bytes()
    with pytest.raises(DamagedDatabase) as caught:
        ui_app.open_state(folder, settings)
    assert db.read_bytes() == before  # nothing created or written in its place

    shown: list[DamagedDatabaseDialog] = []

    def fake_exec(self: DamagedDatabaseDialog) -> int:
        shown.append(self)
        qtbot.addWidget(self)
        self.show()
        assert self.width() <= 1024 and self.height() <= 768
        assert self.table.rowCount() == 3
        texts = [[self.table.item(r, c).text() for c in range(3)] for r in range(3)]
        assert texts[0][2] == "已损坏" and texts[1][1] == "45" and texts[2][1] == "40"
        assert self.selected() is not None and self.selected().cases == 45  # the newest good one is chosen
        self.restore_button.click()
        qtbot.waitUntil(lambda: self.result() == DamagedDatabaseDialog.DialogCode.Accepted, timeout=10_000)
        return int(self.result())

    monkeypatch.setattr(DamagedDatabaseDialog, "exec", fake_exec)
    monkeypatch.setattr(ui_app.QMessageBox, "critical", lambda *a, **k: pytest.fail("plain message box shown"))
    assert ui_app.offer_recovery(folder, caught.value) is True
    assert len(shown) == 1
    assert _count(db) == 45
    state, _n_users = ui_app.open_state(folder, settings)  # opens normally now
    state.db.dispose()
    assert list(folder.data_dir.glob("township.damaged-*.sqlite3"))  # the damaged file was kept


def test_dialog_without_good_backups_cannot_restore(paths: Paths, settings: Settings, qtbot: Any) -> None:
    backup = backup_database(paths.database, paths.backups)
    backup.write_bytes(b"garbage" * 100)
    infos = backups_with_state(paths.backups)
    dialog = DamagedDatabaseDialog(paths, "数据库文件已损坏。", infos)
    qtbot.addWidget(dialog)
    assert not dialog.restore_button.isEnabled()
    dialog.table.selectRow(0)
    assert dialog.selected() is None and not dialog.restore_button.isEnabled()
