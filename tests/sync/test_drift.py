"""Drift repair: records the county lost (restored from an older backup) are sent again and arrive."""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import select, text

from desktop.db.models import Case, CaseEvent, OutboxOp
from tests.sync.harness import PC, CountyServer


def _forget(county: CountyServer, entity_ids: list[str]) -> None:
    """What a restore from an older backup does: the records, their feed entries and op ids are gone."""
    with county.engine.begin() as conn:
        for table in ("records", "changes", "applied_ops"):
            for eid in entity_ids:
                conn.execute(text(f"DELETE FROM {table} WHERE entity_id = :e"), {"e": eid})


def test_records_the_county_lost_are_sent_again(county: CountyServer, township: str, new_pc: Callable[..., PC]) -> None:
    a, b = new_pc("a"), new_pc("b")
    lost = a.register("甲机案件：县平台丢失")
    kept = a.register("甲机案件：县平台仍有")
    assert a.sync().ok
    with a.db.read() as s:
        lost_events = list(s.scalars(select(CaseEvent.id).where(CaseEvent.case_id == lost.id)))
        kept_rev = s.get(Case, kept.id).server_rev  # type: ignore[union-attr]
    assert lost_events
    _forget(county, [lost.id, *lost_events])
    assert county.records(township, "case") == 1

    report = a.sync()
    assert report.ok, report.message
    assert report.repaired == {"case": 2, "case_event": 2}  # everything a sent of the drifting kinds
    assert report.requeued == 4 and report.drift == {} and report.state == "synced"
    assert county.records(township, "case") == 2 and county.records(township, "case_event") == 2
    with a.db.read() as s:
        assert s.get(Case, lost.id).server_rev == 1  # type: ignore[union-attr]  # created again on the county
        assert s.get(Case, kept.id).server_rev == kept_rev  # type: ignore[union-attr]  # same content: unchanged
        states = dict(s.execute(select(OutboxOp.state, OutboxOp.op_id)).all())
    assert set(states) == {"synced"}  # no conflicts, nothing left to send
    assert county.duplicate_feed_ops() == 0
    # The case the county kept was not fed to other PCs again; the lost one reaches them once.
    assert county.scalar("SELECT count(*) FROM changes WHERE entity_id = :e", e=kept.id) == 1
    rb = b.sync()
    assert rb.ok and rb.drift == {}, rb.message
    assert b.count(Case) == 2 and b.count(CaseEvent) == 2
    # No drift any more: the next sync sends nothing.
    again = a.sync()
    assert again.ok and again.pushed == 0 and again.requeued == 0


def test_no_repair_when_this_pc_is_the_one_missing_records(county: CountyServer, township: str, new_pc: Callable[..., PC]) -> None:
    a = new_pc("a")
    a.register()
    assert a.sync().ok
    with a.db.write() as s:  # this PC lost a record (its own data folder restored from a backup)
        s.execute(text("DELETE FROM parties"))
        s.execute(text("DELETE FROM cases"))
    report = a.sync()
    assert report.requeued == 0 and report.pushed == 0
    assert report.state == "problem" and report.drift["case"] == {"local": 0, "server": 1}


def test_repair_is_not_repeated_when_the_missing_record_is_another_pcs(
    county: CountyServer, township: str, new_pc: Callable[..., PC]
) -> None:
    a, b = new_pc("a"), new_pc("b")
    a.register("甲机案件")
    theirs = b.register("乙机案件")
    assert b.sync().ok and a.sync().ok and b.sync().ok
    with b.db.read() as s:
        their_events = list(s.scalars(select(CaseEvent.id).where(CaseEvent.case_id == theirs.id)))
    _forget(county, [theirs.id, *their_events])  # the county lost b's case; a has a copy

    first = a.sync()  # a re-sends its own records, which does not bring b's back
    assert first.repaired == {"case": 1, "case_event": 1} and first.drift and first.state == "problem"
    second = a.sync()  # same county state: a does not send everything again
    assert second.requeued == 0 and second.pushed == 0 and second.drift == first.drift
    fixed = b.sync()  # b re-sends its own case: the county has everything again
    assert fixed.ok and fixed.drift == {} and fixed.repaired == {"case": 1, "case_event": 1}, fixed.message
    final = a.sync()
    assert final.ok and final.drift == {} and final.state == "synced"
    assert county.records(township, "case") == 2
