"""The bulk path for new records in a pulled page writes exactly what the per-record ORM path writes."""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import text

from desktop.config import Paths
from desktop.db.engine import Database
from desktop.db.open import open_database
from desktop.db.services import sync_problems, sync_pull
from desktop.sync.protocol import Change, PullPage
from tests.db.helpers import copy_database_folder

TABLES = ("cases", "parties", "case_events", "receptions", "county_items", "agreements", "attachments", "mediations")


def _db(folder: Path, template: Path) -> Database:
    paths = Paths(folder).ensure()
    copy_database_folder(template, paths)
    return open_database(paths)


def _changes() -> list[Change]:
    at = "2026-05-01T08:00:00Z"
    case_id, med_id = str(uuid.uuid4()), str(uuid.uuid4())
    party = {"id": str(uuid.uuid4()), "position": 0, "role": "applicant", "name": "张三", "birth_date": "1980-02-03", "id_legacy": True}
    raw: list[tuple[str, str, str, dict[str, Any], int]] = [
        ("case", case_id, "upsert", {"number": "220402-2026-000001", "channel": "walk_in", "category": "邻里纠纷",
                                     "summary": "排水沟", "registered_at": "2026-05-01T16:00:00+08:00", "status": "registered",
                                     "deadline_at": "2026-05-20", "closed_at": "不是时间", "parties": [party]}, 1),
        ("case_event", str(uuid.uuid4()), "append", {"case_id": case_id, "kind": "registered", "at": at, "data": None}, 1),
        ("case_event", str(uuid.uuid4()), "append", {"case_id": case_id, "kind": "close_on_spot", "at": "2026-05-02T08:00:00Z",
                                                     "data": {"result": "调解成功"}}, 1),
        # the same case changed again in the same page: merged, highest rev wins
        ("case", case_id, "upsert", {"summary": "排水沟堵塞（更正）", "village": "东风村"}, 2),
        ("reception", str(uuid.uuid4()), "upsert", {"visited_at": "2026-05-01 08:00:00", "channel": "phone", "people_count": 2,
                                                    "answered_on_spot": True}, 3),
        ("county_item", str(uuid.uuid4()), "upsert", {"kind": "assigned", "title": "交办件", "deadline": "2030-06-30",
                                                      "issued_at": at, "status": "received"}, 1),
        ("mediation", med_id, "upsert", {"case_id": case_id, "file_number": "（2026）示人调字第 1 号", "started_at": at}, 1),
        ("agreement", str(uuid.uuid4()), "upsert", {"mediation_id": med_id, "number": "（2026）示人调协字第 1 号",
                                                    "terms": ["甲方赔偿乙方 500 元"], "performance_deadline": "2026-06-01T00:00:00Z"}, 1),
        ("attachment", str(uuid.uuid4()), "upsert", {"case_id": case_id, "sha256": "a" * 64, "size": 10, "filename": "扫描件.pdf"}, 1),
    ]
    return [Change(i + 1, e, eid, act, payload, rev, "dev", str(uuid.uuid4())) for i, (e, eid, act, payload, rev) in enumerate(raw)]


def _dump(db: Database) -> dict[str, list[tuple[Any, ...]]]:
    out = {}
    with db.read() as s:
        for table in TABLES:
            cols = [r[1] for r in s.execute(text(f"PRAGMA table_info({table})")) if r[1] not in ("created_at", "updated_at")]
            out[table] = [tuple(r) for r in s.execute(text(f"SELECT {', '.join(cols)} FROM {table} ORDER BY id"))]
    return out


def test_bulk_path_matches_orm_path(tmp_path: Path, migrated_template: Path) -> None:
    changes = _changes()
    bulk, orm = _db(tmp_path / "bulk", migrated_template), _db(tmp_path / "orm", migrated_template)
    counts = sync_pull.apply_pull_page(bulk, PullPage(changes, "c1", False))
    with orm.write() as s:
        orm_counts = sync_pull._apply_changes(s, changes, strict=False)
    assert counts.bad == orm_counts.bad == 0
    assert (counts.applied, counts.stale) == (orm_counts.applied, orm_counts.stale) == (9, 0)
    got, want = _dump(bulk), _dump(orm)
    assert got == want
    assert got["cases"] and got["parties"] and len(got["case_events"]) == 2
    with bulk.read() as s:
        status, summary, names = s.execute(text("SELECT status, summary, party_names FROM cases")).one()
        hits = s.execute(text("SELECT count(*) FROM case_fts WHERE case_fts MATCH '排水沟堵塞'")).scalar()
    assert (status, summary, names) == ("closed", "排水沟堵塞（更正）", "张三")  # refolded from the events; merged
    assert hits == 1  # the search index saw the bulk insert
    bulk.dispose()
    orm.dispose()


def test_a_bad_change_in_a_bulk_page_is_skipped_and_the_rest_applies(tmp_path: Path, migrated_template: Path) -> None:
    changes = _changes()
    bad = Change(99, "case", str(uuid.uuid4()), "upsert", {"number": "220402-2026-000001", "channel": "x", "category": "y",
                                                            "summary": "编号重复", "registered_at": "2026-05-01T08:00:00Z"}, 1, "dev", None)
    db = _db(tmp_path / "db", migrated_template)
    counts = sync_pull.apply_pull_page(db, PullPage([*changes, bad], "c1", False))
    assert counts.bad == 1
    with db.read() as s:
        assert s.execute(text("SELECT count(*) FROM cases")).scalar() == 1
        assert s.execute(text("SELECT value FROM meta WHERE key = 'sync.cursor'")).scalar() == "c1"
    db.dispose()


def test_an_out_of_range_change_is_quarantined_with_its_reason_and_the_page_applies(
    tmp_path: Path, migrated_template: Path
) -> None:
    """The audit's attack: an attachment with size 2**80 in the middle of a page (OverflowError in SQLite)."""
    changes = _changes()
    case_id = changes[0].entity_id
    huge = Change(50, "attachment", str(uuid.uuid4()), "upsert",
                  {"case_id": case_id, "sha256": "b" * 64, "size": 2**80, "filename": "炸弹.jpg"}, 1, "dev", None)
    inf = Change(51, "reception", str(uuid.uuid4()), "upsert",
                 {"visited_at": "2026-05-01 08:00:00", "channel": "phone", "people_count": 1, "x": float("inf")}, 1, "dev", None)
    db = _db(tmp_path / "db", migrated_template)
    counts = sync_pull.apply_pull_page(db, PullPage([*changes[:4], huge, inf, *changes[4:]], "c1", False))
    assert (counts.applied, counts.bad) == (9, 2)
    with db.read() as s:
        assert s.execute(text("SELECT count(*) FROM attachments")).scalar() == 1
        assert s.execute(text("SELECT count(*) FROM receptions")).scalar() == 1
        assert s.execute(text("SELECT value FROM meta WHERE key = 'sync.cursor'")).scalar() == "c1"
        problems = [p for p in sync_problems.problem_records(s) if p.state == "quarantined"]
    assert [(p.entity, p.entity_id) for p in problems] == [("reception", inf.entity_id), ("attachment", huge.entity_id)]
    assert "payload.size" in problems[1].reason and "超出允许范围" in problems[1].reason
    assert "payload.x" in problems[0].reason
    db.dispose()


def test_a_change_the_database_cannot_take_is_quarantined_whatever_the_exception(
    tmp_path: Path, migrated_template: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    changes = _changes()
    target = changes[4].entity_id  # the reception
    real = sync_pull.fill_from_payload

    def explode(s: Any, obj: Any, payload: dict[str, Any], new: bool) -> None:
        if getattr(obj, "id", None) == target:
            raise OverflowError("Python int too large to convert to SQLite INTEGER")
        real(s, obj, payload, new)

    monkeypatch.setattr(sync_pull, "fill_from_payload", explode)
    monkeypatch.setattr(sync_pull, "_apply_new", lambda *a: (_ for _ in ()).throw(OverflowError("x")))
    db = _db(tmp_path / "db", migrated_template)
    counts = sync_pull.apply_pull_page(db, PullPage(changes, "c1", False))
    assert counts.bad == 1 and counts.applied == 8
    with db.read() as s:
        problems = [p for p in sync_problems.problem_records(s) if p.state == "quarantined"]
    assert [p.entity_id for p in problems] == [target] and "OverflowError" in problems[0].reason
    db.dispose()
