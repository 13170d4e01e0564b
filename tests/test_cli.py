"""The headless CLI as a user runs it: real subprocesses on a real data folder."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path

import pytest

# every test runs the CLI in subprocesses on demo data (selectable: -m 'not slow')
pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[1]


def run(data: Path, *args: str, ok: bool = True) -> subprocess.CompletedProcess[str]:
    proc = subprocess.run([sys.executable, "-m", "desktop", "--data-dir", str(data), *args],
                          capture_output=True, text=True, cwd=ROOT, timeout=120)
    if ok:
        assert proc.returncode == 0, proc.stderr
    return proc


def utc_text(d: date) -> str:
    """Local midnight of a day as the UTC text the database stores."""
    return datetime.combine(d, time()).astimezone().astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S.%f")


def test_demo_data_then_stats_json_matches_the_database(tmp_path: Path) -> None:
    data = tmp_path / "d"
    run(data, "demo-data", "--cases", "1000", "--seed", "3")
    start, end = date.today() - timedelta(days=89), date.today()
    out = json.loads(run(data, "stats", "--from", start.isoformat(), "--to", end.isoformat(), "--json").stdout)
    lo, hi = utc_text(start), utc_text(end + timedelta(days=1))
    conn = sqlite3.connect(data / "township.sqlite3")
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
    conn2 = sqlite3.connect(data2 / "township.sqlite3")
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
    conn = sqlite3.connect(data / "township.sqlite3")
    assert conn.execute("SELECT count(*) FROM cases").fetchone()[0] == 50
    (data / "township.sqlite3").write_bytes(b"not a database at all" * 100)
    assert run(data, "check", ok=False).returncode != 0


def test_export_import_roundtrip_and_invalid_file(tmp_path: Path) -> None:
    src, dst = tmp_path / "src", tmp_path / "dst"
    run(src, "demo-data", "--cases", "30")
    out = tmp_path / "cases.json"
    assert json.loads(run(src, "export", "--out", str(out), "--json").stdout)["exported"] == 30
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
    conn = sqlite3.connect(fresh / "township.sqlite3")
    assert conn.execute("SELECT count(*) FROM cases").fetchone()[0] == 0
    skipped = json.loads(run(fresh, "import", str(bad), "--skip-invalid", "--json").stdout)
    assert skipped["imported"] == 28
