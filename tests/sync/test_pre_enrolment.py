"""Numbers issued before enrolment (issue #12.2): two PCs that picked the same random slot issue the same
numbers offline; enrolment moves each PC's numbers to the slot the county assigned, records why, and the
county never receives a duplicate. Real county on loopback."""

from __future__ import annotations

import json
from pathlib import Path

from sqlalchemy import select, text

from desktop.config import Paths, Settings
from desktop.db.models import Case, CaseEvent
from desktop.db.open import open_database
from desktop.db.services.cases import register_case
from desktop.db.uow import Actor, Context, set_meta
from desktop.domain.enums import Channel, Role
from desktop.domain.forms import CaseForm, PartyForm
from desktop.sync import api
from tests.county.server import issue_code
from tests.db.helpers import copy_database_folder
from tests.sync.harness import FAST, CountyServer

CLERK = Actor("clerk", "王芳", Role.ADMIN)


def offline_pc(folder: Path, template: Path, county: CountyServer) -> tuple[Paths, Context]:
    paths = Paths(folder).ensure()
    copy_database_folder(template, paths)
    settings = Settings(center_name="示范镇社会治理服务中心", township_code="220402", committee_short="示",
                        county_url=county.base_url, setup_done=True)
    settings.save(paths.settings_file)
    db = open_database(paths)
    with db.write() as s:
        set_meta(s, "device_slot", "7")  # both PCs happened to pick slot 7
    return paths, Context(db, settings, paths.settings_file)


def register(ctx: Context) -> str:
    form = CaseForm(channel=Channel.WALK_IN, category=ctx.settings.categories[0], summary="邻里之间因排水沟堵塞发生争执",
                    parties=[PartyForm(name="张三"), PartyForm(name="李四")])
    return register_case(ctx, CLERK, form).number


def test_enrolment_moves_pre_enrolment_numbers_to_the_assigned_slot(
    tmp_path: Path, county: CountyServer, township: str, migrated_template: Path
) -> None:
    pcs = [offline_pc(tmp_path / name, migrated_template, county) for name in ("a", "b")]
    before = [[register(ctx) for _ in range(3)] for _paths, ctx in pcs]
    assert before[0] == before[1]  # the collision the issue describes
    results = []
    for paths, ctx in pcs:
        ctx.db.dispose()
        results.append(api.enroll(paths, county.base_url, issue_code(county.db_url, township), paths.data_dir.name))
    slots = {r["device_slot"] for r in results}
    assert len(slots) == 2
    moved = [r for r in results if r["renumbered"]]
    assert moved, results  # at least one PC (both unless one was given slot 7) renumbered
    for r in moved:
        assert len(r["renumbered"]) == 3 and all(m["old"] != m["new"] for m in r["renumbered"])
    for paths, _ctx in pcs:
        rep = api.sync_once(paths, options=FAST)
        assert rep.ok and rep.rejected == 0, rep
    with county.engine.connect() as conn:
        numbers = [json.loads(p)["number"] for (p,) in conn.execute(text(
            "SELECT payload FROM records WHERE entity = 'case'"))]
    assert len(numbers) == len(set(numbers)) == 6
    paths, _ctx = pcs[results.index(moved[0])]
    db = open_database(paths)
    try:
        with db.read() as s:
            events = [e.data for e in s.scalars(select(CaseEvent).where(CaseEvent.kind == "renumbered"))]
            assert {e["from"] for e in events} == set(before[0]) and {e["reason"] for e in events} == {"enrolment"}
            assert set(s.scalars(select(Case.number))) == {m["new"] for m in moved[0]["renumbered"]}
    finally:
        db.dispose()
