"""Case detail → 另存附件: the sealed attachment is decrypted to the file the user chose; audited."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog

from desktop.db.models import AuditEntry
from desktop.db.services.attachments import SAVE_COPY

from .helpers import settle
from .test_core_detail import _case, _window


def test_save_a_copy_of_an_attachment(qtbot: Any, ui_state: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    w = _window(qtbot, ui_state, _case(ui_state))
    scan = tmp_path / "扫描件.jpg"
    content = b"\xff\xd8\xff" + b"SEALED-SCAN-MARKER" + bytes(range(256)) * 8
    scan.write_bytes(content)
    w.add_attachments([scan])
    qtbot.waitUntil(lambda: w.attachments.count() == 1, timeout=5000)
    stored = [p for p in ui_state.paths.attachments.rglob("*") if p.is_file() and len(p.name) == 64]
    assert len(stored) == 1 and b"SEALED-SCAN-MARKER" not in stored[0].read_bytes()

    qtbot.mouseClick(w.save_attachment_button, Qt.MouseButton.LeftButton)
    assert "选中" in w.attachment_note.text()  # nothing selected yet
    target = tmp_path / "out" / "copy.jpg"
    target.parent.mkdir()
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    w.attachments.setCurrentRow(0)
    qtbot.mouseClick(w.save_attachment_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: target.exists() and "另存到" in w.attachment_note.text(), timeout=5000)
    settle(qtbot)
    assert target.read_bytes() == content
    with ui_state.db.read() as s:
        assert s.query(AuditEntry).filter_by(action=SAVE_COPY, actor=ui_state.actor.username).count() == 1
