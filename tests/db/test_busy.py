"""A writer gives up after the bound with a Chinese message naming the holder, and wrote nothing (#12.5)."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from desktop.db import cipher
from desktop.db import engine as engine_mod
from desktop.db.busy import announce, holders
from desktop.db.engine import Database, DatabaseBusy
from desktop.db.models import Meta


@pytest.mark.slow  # waits out the real busy bound
def test_writer_gives_up_after_the_bound(db: Database, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(engine_mod, "WRITE_WAIT_S", 25.0)
    told: list[str] = []
    monkeypatch.setattr(engine_mod, "wait_notifier", told.append)
    other = cipher.connect(db.path)
    other.isolation_level = None
    other.execute("BEGIN IMMEDIATE")
    t0 = time.monotonic()
    try:
        with pytest.raises(DatabaseBusy) as caught, db.write() as s:
            s.add(Meta(key="never", value="written"))
    finally:
        other.execute("ROLLBACK")
        other.close()
    assert 19 <= time.monotonic() - t0 < 40
    assert "其他程序" in caught.value.message and "没有保存任何内容" in caught.value.message
    assert told and "已等待" in told[0]
    with db.read() as s:
        assert s.get(Meta, "never") is None
    with db.write() as s:  # and works again once the lock is free
        s.add(Meta(key="later", value="ok"))


def test_stale_marker_of_a_killed_job_is_ignored(tmp_path: Path) -> None:
    db = tmp_path / "township.sqlite3"
    (tmp_path / ".busy-999999999.json").write_text('{"label": "生成演示数据", "pid": 999999999}', encoding="utf-8")
    assert holders(db) == []
    assert not (tmp_path / ".busy-999999999.json").exists()
    with announce(db, "导入台账"):
        assert holders(db) == []  # our own process does not wait for itself
