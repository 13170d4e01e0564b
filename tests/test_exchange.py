"""Lossless export → import (issue #12.7): real CLI subprocesses on real data folders.

A round trip into an empty folder keeps every record exactly (statuses, history, mediations with their
records and agreements, follow-ups, receptions, county items, attachments' metadata), so the figures and
the text of every document are identical; numbers that collide are renumbered with a recorded event;
`--dry-run` says what would happen and writes nothing.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from datetime import date
from pathlib import Path

import pytest

from desktop.config import Paths
from desktop.db.engine import Database
from desktop.documents.errors import DocumentError
from desktop.documents.from_db import Issuer, load
from tests.test_cli import connect, run, unlock

TABLES = {  # table → columns that are local bookkeeping (not part of the record)
    "cases": {"server_rev"}, "parties": set(), "case_events": set(), "mediations": {"server_rev"},
    "mediation_records": {"server_rev"}, "agreements": {"server_rev"}, "followups": {"server_rev"},
    "receptions": {"server_rev"}, "county_items": {"server_rev"}, "attachments": {"server_rev", "uploaded"},
}
pytestmark = pytest.mark.slow  # every step is a CLI command in a subprocess (production scrypt costs)

SETUP = ["setup", "--township-code", "220402", "--committee-name", "示范镇人民调解委员会", "--committee-short", "示",
         "--center-name", "示范镇社会治理服务中心"]


def rows(db: Path, table: str) -> list[tuple[object, ...]]:
    conn = connect(db)
    try:
        cols = [r[1] for r in conn.execute(f"PRAGMA table_info({table})") if r[1] not in TABLES[table]]
        out = conn.execute(f"SELECT {', '.join(cols)} FROM {table} ORDER BY id").fetchall()
        # JSON columns (event data, agreement terms) compare by value: key order is not part of the record.
        json_cols = [i for i, c in enumerate(cols) if c in ("data", "terms")]
        return [tuple(json.loads(v) if i in json_cols and v else v for i, v in enumerate(r)) for r in out]
    finally:
        conn.close()


def figures(data: Path, *args: str) -> dict[str, object]:
    out = json.loads(run(data, "figures", *args, "--json").stdout)
    out.pop("as_of", None)
    return out  # type: ignore[no-any-return]


def documents(data: Path) -> dict[tuple[str, str], str]:
    """The input of every printable document of every case (and agreement), as text."""
    issuer = Issuer(committee="示范镇人民调解委员会", center="示范镇社会治理服务中心", court="某区人民法院", contact="0431-1234567")
    unlock(data)
    db = Database(data / "township.sqlite3")
    out: dict[tuple[str, str], str] = {}
    try:
        with db.read() as s:
            numbers = [r[0] for r in s.execute(__import__("sqlalchemy").text("SELECT number FROM cases"))]
            agreements = [r[0] for r in s.execute(__import__("sqlalchemy").text("SELECT number FROM agreements"))]
            keys = [(k, n) for n in numbers for k in ("application", "receipt", "register", "record", "followup",
                                                     "case-file")]
            keys += [(k, n) for n in agreements for k in ("agreement", "judicial")]
            for kind, key in keys:
                try:
                    out[(kind, key)] = repr(load(s, kind, key, issuer, date.today()))
                except (DocumentError, IndexError) as e:
                    out[(kind, key)] = f"error: {e}"
    finally:
        db.dispose()
    return out


@pytest.fixture(scope="module")
def source(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    data = tmp_path_factory.mktemp("src") / "d"
    run(data, *SETUP)
    run(data, "demo-data", "--cases", "300", "--seed", "7")
    out = data.parent / "cases.json"
    run(data, "export", "--out", str(out), "--unmasked")  # lossless: the administrator's full export
    return data, out


def test_round_trip_into_an_empty_folder_is_lossless(source: tuple[Path, Path], tmp_path: Path) -> None:
    src, file = source
    dst = tmp_path / "dst"
    run(dst, *SETUP)
    dry = json.loads(run(dst, "import", str(file), "--dry-run", "--json").stdout)
    assert dry["dry_run"] is True and dry["imported"] == 300 and dry["renumbered"] == []
    assert rows(dst / "township.sqlite3", "cases") == []  # a dry run writes nothing
    report = json.loads(run(dst, "import", str(file), "--json").stdout)
    assert report["imported"] == 300 and report["renumbered"] == [] and report["errors"] == []
    for table in TABLES:
        a, b = rows(src / "township.sqlite3", table), rows(dst / "township.sqlite3", table)
        assert a == b, table
    statuses = dict(connect(dst / "township.sqlite3").execute(
        "SELECT status, count(*) FROM cases GROUP BY status").fetchall())
    assert statuses.get("closed", 0) + statuses.get("followed_up", 0) > 0 and len(statuses) > 3
    for period in (["--period", "year"], ["--period", "month"], ["--from", "2020-01-01"]):
        assert figures(src, *period) == figures(dst, *period)
    docs_src, docs_dst = documents(src), documents(dst)
    assert len(docs_src) > 1000 and sum(not v.startswith("error") for v in docs_src.values()) > 500
    assert docs_src == docs_dst
    # The printed PDFs read the same, page for page.
    number = connect(src / "township.sqlite3").execute(
        "SELECT c.number FROM cases c JOIN mediations m ON m.case_id = c.id JOIN agreements a ON a.mediation_id = m.id "
        "LIMIT 1").fetchone()[0]
    texts = []
    for data in (src, dst):
        pdf = data / "case-file.pdf"
        run(data, "print", "case-file", number, "--out", str(pdf))
        texts.append(subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True,
                                    check=True).stdout)
    assert texts[0] == texts[1] and number in texts[0]
    # Importing again skips everything.
    again = json.loads(run(dst, "import", str(file), "--json").stdout)
    assert again["imported"] == 0 and again["skipped_existing"] == 300


def test_two_files_sharing_numbers_import_with_renumbering(source: tuple[Path, Path], tmp_path: Path) -> None:
    _src, file_a = source
    other = tmp_path / "other"
    run(other, *SETUP)
    run(other, "demo-data", "--cases", "40", "--seed", "8")  # same demo numbers and 卷号, other records
    file_b = tmp_path / "b.json"
    run(other, "export", "--out", str(file_b), "--unmasked")
    dst = tmp_path / "dst"
    run(dst, *SETUP)
    run(dst, "import", str(file_a))
    db = dst / "township.sqlite3"
    before = rows(db, "cases")
    dry = json.loads(run(dst, "import", str(file_b), "--dry-run", "--json").stdout)
    assert dry["imported"] == 40 and {r["series"] for r in dry["renumbered"]} >= {"case", "file"}
    assert rows(db, "cases") == before
    proc = run(dst, "import", str(file_b))
    assert "Traceback" not in proc.stderr and "已被占用" in proc.stdout
    report = json.loads(run(dst, "import", str(file_b), "--json").stdout)
    assert report["skipped_existing"] == 40
    conn = connect(db)
    assert conn.execute("SELECT count(*) FROM cases").fetchone()[0] == 340
    for table, column in (("cases", "number"), ("mediations", "file_number"), ("agreements", "number")):
        assert conn.execute(f"SELECT count(*) - count(DISTINCT {column}) FROM {table}").fetchone()[0] == 0
    events = conn.execute("SELECT data FROM case_events WHERE kind = 'renumbered'").fetchall()
    assert len(events) == len(dry["renumbered"])
    moved = json.loads(events[0][0])
    assert moved["from"] != moved["to"] and moved["reason"] == "import"
    # The renumbered case keeps its status and history.
    n_src = connect(other / "township.sqlite3").execute("SELECT count(*) FROM case_events").fetchone()[0]
    n_dst = conn.execute("SELECT count(*) FROM case_events WHERE case_id IN (SELECT id FROM cases WHERE id IN "
                         "(SELECT case_id FROM case_events WHERE kind = 'renumbered')) AND kind != 'renumbered'"
                         ).fetchone()[0]
    assert 0 < n_dst <= n_src


def test_version_1_files_still_import(tmp_path: Path) -> None:
    data = tmp_path / "d"
    run(data, *SETUP)
    file = tmp_path / "v1.json"
    file.write_text(json.dumps({"format": "township-desk/cases", "version": 1, "cases": [{
        "id": "0190b7a0-0000-7000-8000-000000000001", "channel": "walk_in", "category": "邻里",
        "summary": "邻居加盖房屋遮挡采光", "parties": [{"name": "张三"}, {"name": "李四", "role": "respondent"}],
    }]}, ensure_ascii=False), encoding="utf-8")
    assert json.loads(run(data, "import", str(file), "--json").stdout)["imported"] == 1
    shutil.rmtree(data / "backups", ignore_errors=True)
    assert Paths(data).database.exists()
