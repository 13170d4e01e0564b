"""A duplicate case number reaching a PC (issue #12.1) is a sync problem saying which number, never a
record dropped without a word. Real county on loopback."""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import select

from desktop.db.models import Case, OutboxOp
from desktop.sync import api
from tests.sync.harness import PC


def test_duplicate_number_is_shown_as_a_sync_problem(new_pc: Callable[..., PC]) -> None:
    a, b = new_pc("a"), new_pc("b")
    first = a.register("甲机登记的案件")
    assert a.sync().ok
    # B gives out the same number (as a PC restored from an old backup did before #12): its record
    # reaches the county with A's number.
    second = b.register("乙机登记的案件")
    with b.db.write() as s:
        s.get(Case, second.id).number = first.number  # type: ignore[union-attr]
        for op in s.scalars(select(OutboxOp).where(OutboxOp.entity_id == second.id)):
            op.payload = {**op.payload, "number": first.number}
    b.sync()
    a.sync()
    problems = api.problems(a.paths)
    dup = [p for p in problems if p.entity_id == second.id]
    assert len(dup) == 1, problems
    assert first.number in dup[0].reason and "重复" in dup[0].reason
    assert api.status(a.paths).state == "problem"
