"""被回访人 / 回访事由 travel: pushed to the real county on 127.0.0.1 and pulled on a second PC, printed there."""

from __future__ import annotations

import json
from collections.abc import Callable

from sqlalchemy import select

from desktop.db.models import Case, Followup
from tests.documents.followups import PURPOSE, VISITED, followed_up, form_cell, printed
from tests.sync.harness import PC, CountyServer, assert_agree


def test_followup_fields_reach_the_county_and_a_second_pc(county: CountyServer, township: str,
                                                          new_pc: Callable[..., PC]) -> None:
    a, b = new_pc("a"), new_pc("b")
    case = a.register()
    fu = followed_up(a.ctx, a.actor, case.id, visited_person=VISITED, purpose=PURPOSE)
    report = a.sync()
    assert report.ok and report.outbox_drained, report.message
    stored = json.loads(county.scalar("SELECT payload FROM records WHERE entity_id = :i", i=fu.id))
    assert (stored["visited_person"], stored["purpose"]) == (VISITED, PURPOSE)
    assert b.sync().ok
    with b.db.read() as s:
        got = s.get(Followup, fu.id)
        assert got is not None and (got.visited_person, got.purpose) == (VISITED, PURPOSE)
        number = s.scalars(select(Case.number).where(Case.id == case.id)).one()
        pages = printed(s, number, b.ctx.settings)
    assert form_cell(pages, "被回访人") == VISITED
    assert form_cell(pages, "回访事由") == PURPOSE
    assert_agree(a, county)
    assert_agree(b, county)
