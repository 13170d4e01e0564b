"""The headless CLI as a user runs it: real subprocesses on a real data folder."""

from __future__ import annotations

import contextlib
import json
import os
import subprocess
import sys
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from typing import Any

import pytest

from desktop.db import cipher, keys

# every test runs the CLI in subprocesses on demo data (selectable: -m 'not slow')
pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[1]
ADMIN = {"TOWNSHIP_DESK_USER": "admin", "TOWNSHIP_DESK_PASSWORD": "secret-12"}


def _cli(data: Path, *args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "desktop", "--data-dir", str(data), *args],
                          capture_output=True, text=True, cwd=ROOT, timeout=120, env={**os.environ, **(env or {})})


def first_admin(data: Path) -> None:
    """What an installer does: an administrator with an initial password, changed at the first use."""
    assert _cli(data, "user", "add", "admin", "--name", "管理员", "--role", "admin", "--password", "initial-1").returncode == 0
    changed = _cli(data, "user", "passwd", "admin", "--password", ADMIN["TOWNSHIP_DESK_PASSWORD"],
                   env={"TOWNSHIP_DESK_USER": "admin", "TOWNSHIP_DESK_PASSWORD": "initial-1"})
    assert changed.returncode == 0, changed.stderr


def run(data: Path, *args: str, ok: bool = True, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """A command as the signed-in administrator (the data folder gets one first)."""
    if not (data / keys.KEY_FILE).exists():
        first_admin(data)
    proc = _cli(data, *args, env={**ADMIN, **(env or {})})
    if ok:
        assert proc.returncode == 0, proc.stderr
    return proc


def unlock(folder: Path) -> None:
    """This test process holds the key of a folder made by `run` (the administrator's password unwraps it)."""
    if not keys.has_key(folder):
        keys.unlock(folder, ADMIN["TOWNSHIP_DESK_USER"], ADMIN["TOWNSHIP_DESK_PASSWORD"])


def connect(db: Path, **kw: Any) -> Any:
    """A keyed connection to a database file of a folder made by `run`."""
    unlock(keys.data_dir_of(db))
    return cipher.connect(db, **kw)


def open_db(data: Path) -> Any:
    """The test reads the database as the app does: unlocked with the administrator's password."""
    keys.forget(data)
    keys.unlock(data, ADMIN["TOWNSHIP_DESK_USER"], ADMIN["TOWNSHIP_DESK_PASSWORD"])
    return cipher.connect(data / "township.sqlite3")


def utc_text(d: date) -> str:
    """Local midnight of a day as the UTC text the database stores."""
    return datetime.combine(d, time()).astimezone().astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S.%f")


def test_demo_data_then_stats_json_matches_the_database(tmp_path: Path) -> None:
    data = tmp_path / "d"
    run(data, "demo-data", "--cases", "1000", "--seed", "3")
    start, end = date.today() - timedelta(days=89), date.today()
    out = json.loads(run(data, "stats", "--from", start.isoformat(), "--to", end.isoformat(), "--json").stdout)
    lo, hi = utc_text(start), utc_text(end + timedelta(days=1))
    conn = open_db(data)
    q = lambda sql, *a: conn.execute(sql, a).fetchone()[0]  # noqa: E731
    assert out["cases_accepted"] == q("SELECT count(*) FROM cases WHERE registered_at >= ? AND registered_at < ?", lo, hi) > 0
    assert out["cases_resolved"] == q("SELECT count(*) FROM cases WHERE registered_at >= ? AND registered_at < ? "
                                      "AND status IN ('closed','followed_up','archived')", lo, hi)
    assert out["visits"] == q("SELECT count(*) FROM receptions WHERE visited_at >= ? AND visited_at < ?", lo, hi)
    assert out["people_received"] == q("SELECT sum(people_count) FROM receptions WHERE visited_at >= ? AND visited_at < ?", lo, hi)
    assert out["people_received"] > out["visits"]  # group visits count several people
    assert out["consultations"] == q("SELECT count(*) FROM receptions WHERE answered_on_spot = 1 AND visited_at >= ? "
                                     "AND visited_at < ?", lo, hi)
    assert sum(out["by_category"].values()) == out["cases_accepted"]
    assert abs(out["resolution_rate"] - out["cases_resolved"] / out["cases_accepted"]) < 1e-4
    # Deterministic: the same seed gives the same data.
    data2 = tmp_path / "d2"
    run(data2, "demo-data", "--cases", "1000", "--seed", "3")
    conn2 = open_db(data2)
    pick = "SELECT number, category, channel, status, party_names FROM cases ORDER BY number"
    assert conn.execute(pick).fetchall() == conn2.execute(pick).fetchall()
    assert "X" in "".join(r[0] for r in conn.execute("SELECT id_number FROM parties"))
    names = "".join(r[0] for r in conn.execute("SELECT name FROM parties"))
    assert "·" in names and any(ord(ch) > 0xFFFF for ch in names)


def test_check_backup_restore(tmp_path: Path) -> None:
    data = tmp_path / "d"
    run(data, "demo-data", "--cases", "50")
    assert json.loads(run(data, "check", "--json").stdout)["healthy"] is True
    backup = json.loads(run(data, "backup", "--json").stdout)["backup"]
    run(data, "demo-data", "--cases", "10", "--seed", "9")
    run(data, "restore", backup)
    conn = open_db(data)
    assert conn.execute("SELECT count(*) FROM cases").fetchone()[0] == 50
    (data / "township.sqlite3").write_bytes(b"not a database at all" * 100)
    assert run(data, "check", ok=False).returncode != 0


def test_export_import_roundtrip_and_invalid_file(tmp_path: Path) -> None:
    src, dst = tmp_path / "src", tmp_path / "dst"
    run(src, "demo-data", "--cases", "30")
    out = tmp_path / "cases.json"
    assert json.loads(run(src, "export", "--out", str(out), "--unmasked", "--json").stdout)["exported"] == 30
    doc = json.loads(out.read_text(encoding="utf-8"))
    assert doc["format"] == "township-desk/cases" and len(doc["cases"]) == 30
    imported = json.loads(run(dst, "import", str(out), "--json").stdout)
    assert imported["imported"] == 30 and imported["errors"] == []
    again = json.loads(run(dst, "import", str(out), "--json").stdout)
    assert again["imported"] == 0 and again["skipped_existing"] == 30
    # A file with bad records imports nothing and names each record and field.
    doc["cases"][3]["parties"][0]["id_number"] = "110105194912310021"
    doc["cases"][7]["category"] = "火星纠纷"
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    fresh = tmp_path / "fresh"
    proc = run(fresh, "import", str(bad), "--json", ok=False)
    assert proc.returncode == 1
    errors = json.loads(proc.stdout)["errors"]
    assert {(e["record"], e["field"]) for e in errors} == {(4, "parties[0].id_number"), (8, "category")}
    conn = open_db(fresh)
    assert conn.execute("SELECT count(*) FROM cases").fetchone()[0] == 0
    skipped = json.loads(run(fresh, "import", str(bad), "--skip-invalid", "--json").stdout)
    assert skipped["imported"] == 28


def test_admin_commands_need_an_administrator_who_changed_the_initial_password(tmp_path: Path) -> None:
    data = tmp_path / "d"
    assert _cli(data, "user", "add", "admin", "--name", "管理员", "--role", "admin", "--password", "admin123").returncode == 0
    initial = {"TOWNSHIP_DESK_USER": "admin", "TOWNSHIP_DESK_PASSWORD": "admin123"}
    refused = _cli(data, "user", "add", "clerk", "--name", "刘晓梅", "--password", "clerk-pass1", env=initial)
    assert refused.returncode == 2 and "请先修改初始密码" in refused.stderr
    # no credentials at all: passwd refuses (it used to reset any password)
    assert _cli(data, "user", "passwd", "admin", "--password", "hijack-123").returncode == 2
    assert _cli(data, "user", "passwd", "admin", "--password", "secret-12", env=initial).returncode == 0
    run(data, "user", "add", "clerk", "--name", "刘晓梅", "--password", "clerk-pass1")
    clerk = {"TOWNSHIP_DESK_USER": "clerk", "TOWNSHIP_DESK_PASSWORD": "clerk-pass1"}
    assert _cli(data, "user", "passwd", "clerk", "--password", "clerk-own-2", env=clerk).returncode == 0
    clerk["TOWNSHIP_DESK_PASSWORD"] = "clerk-own-2"
    # a clerk can neither reset someone else's password nor lift a lockout
    assert "没有" in _cli(data, "user", "passwd", "admin", "--password", "x-123456", env=clerk).stderr
    _lock_out(data, "clerk")
    assert "锁定" in _cli(data, "user", "passwd", "clerk", "--password", "clerk-own-3", env=clerk).stderr
    assert _cli(data, "user", "unlock", "clerk", env=clerk).returncode == 2
    run(data, "user", "unlock", "clerk")
    assert _cli(data, "user", "passwd", "clerk", "--password", "clerk-own-3", env=clerk).returncode == 0


def _lock_out(data: Path, username: str) -> None:
    """Five wrong passwords at the login dialog (the database unlocked, as on a PC in use)."""
    from desktop.config import Paths
    from desktop.db.open import open_database
    from desktop.db.services.users import authenticate
    from desktop.domain.errors import AuthError

    open_db(data).close()
    db = open_database(Paths(data))
    try:
        for _ in range(5):
            with contextlib.suppress(AuthError):
                authenticate(db, username, "wrong-password")
    finally:
        db.dispose()


def test_unmasked_export_is_for_administrators_and_audited(tmp_path: Path) -> None:
    data = tmp_path / "d"
    run(data, "demo-data", "--cases", "20")
    run(data, "user", "add", "clerk", "--name", "刘晓梅", "--password", "clerk-pass1")
    out = tmp_path / "x.json"
    clerk = {"TOWNSHIP_DESK_USER": "clerk", "TOWNSHIP_DESK_PASSWORD": "clerk-pass1"}
    assert _cli(data, "export", "--out", str(out), "--unmasked", env=clerk).returncode == 2
    assert not out.exists()
    run(data, "export", "--out", str(out), "--unmasked")
    conn = open_db(data)
    audited = conn.execute("SELECT actor, entity FROM audit_log WHERE action='export_unmasked'").fetchall()
    assert audited == [("admin", "case")] * 20
    assert out.stat().st_mode & 0o777 == 0o600


def test_portable_backup_moves_to_a_new_pc(tmp_path: Path) -> None:
    old, new = tmp_path / "old", tmp_path / "new"
    run(old, "demo-data", "--cases", "25")
    phrase = tmp_path / "phrase.txt"
    phrase.write_text("move to the new pc\n", encoding="utf-8")
    file = tmp_path / "move.tdbackup"
    run(old, "backup", "--portable", "--out", str(file), "--passphrase-file", str(phrase))
    run(new, "check")  # the new PC's own database and key
    assert run(new, "restore", str(file), ok=False).returncode == 2  # no passphrase given
    run(new, "restore", str(file), "--passphrase-file", str(phrase))
    assert open_db(new).execute("SELECT count(*) FROM cases").fetchone()[0] == 25
