"""Two township PCs and a real county server on 127.0.0.1: records flow both ways exactly once."""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import select

from desktop.db.models import Case, CaseEvent, CountyItem, NumberBlock
from desktop.db.services.cases import TransitionRequest, transition
from desktop.sync import api
from tests.sync.harness import PC, CountyServer, assert_agree


def test_two_pcs_exchange_cases_exactly_once(county: CountyServer, township: str, new_pc: Callable[..., PC]) -> None:
    a, b = new_pc("a"), new_pc("b")
    for i in range(3):
        a.register(f"甲机案件{i}号")
    for i in range(2):
        b.register(f"乙机案件{i}号")
    ra = a.sync()
    assert ra.ok and ra.outbox_drained and ra.pull_complete, ra.message
    rb = b.sync()
    assert rb.ok, rb.message
    assert a.sync().ok
    assert a.count(Case) == b.count(Case) == 5
    assert a.count(CaseEvent) == b.count(CaseEvent) == 5
    assert county.records(township, "case") == 5
    with a.db.read() as s:
        numbers = sorted(s.scalars(select(Case.number)))
    assert len(set(numbers)) == 5
    # Nothing new: a second round changes nothing and applies nothing twice.
    again = b.sync()
    assert again.ok and again.pushed == 0 and again.pulled == 0
    assert_agree(a, county)
    assert_agree(b, county)
    assert api.status(a.paths).state == "synced"


def test_county_items_and_feedback_come_down(county: CountyServer, township: str, new_pc: Callable[..., PC]) -> None:
    from county import service
    from desktop.db.services.county_items import sign_off

    a = new_pc("a")
    case = a.register()
    transition(a.ctx, a.actor, case.id, TransitionRequest("escalate", note="涉及多个部门，需县中心协调"))
    assert a.sync().ok
    item = service.create_county_item(county.engine, township, "assigned", "关于某村道路积水问题的交办件", "请于期限内办结", "2030-06-30")
    service.add_feedback(county.engine, township, case.id, "已协调住建部门处理")
    report = a.sync()
    assert report.ok and report.pulled == 2
    with a.db.read() as s:
        got = s.get(CountyItem, item["id"])
        assert got is not None and got.title.startswith("关于") and got.deadline_at is not None
        kinds = list(s.scalars(select(CaseEvent.kind).where(CaseEvent.case_id == case.id)))
        assert "county_feedback" in kinds
        assert s.get(Case, case.id).status == "escalated"  # type: ignore[union-attr]
    sign_off(a.ctx, a.actor, item["id"])
    assert a.sync().ok
    assert '"signed"' in county.scalar("SELECT payload FROM records WHERE entity_id = :i", i=item["id"])
    assert_agree(a, county)


def test_pull_never_overwrites_unsent_change_and_conflicts_resolve(
    county: CountyServer, township: str, new_pc: Callable[..., PC]
) -> None:
    from desktop.db.services.cases import update_case
    from desktop.domain.enums import Channel
    from desktop.domain.forms import CaseForm, PartyForm

    a, b = new_pc("a"), new_pc("b")
    case = a.register("原始摘要内容")
    assert a.sync().ok and b.sync().ok

    def edit(pc: PC, summary: str) -> None:
        form = CaseForm(Channel.WALK_IN, pc.ctx.settings.categories[0], summary, [PartyForm(name="张三")])
        update_case(pc.ctx, pc.actor, case.id, form)

    edit(b, "乙机修改的摘要")
    edit(a, "甲机修改的摘要")
    assert a.sync().ok
    report = b.sync()
    assert report.conflicts == 1 and report.skipped >= 1 and report.state == "problem"
    with b.db.read() as s:
        assert s.get(Case, case.id).summary == "乙机修改的摘要"  # type: ignore[union-attr]
    problems = api.problems(b.paths)
    assert len(problems) == 1 and problems[0].state == "conflict" and problems[0].has_server_version
    assert problems[0].label.startswith("案件 ")
    # Keep this PC's version: it goes over the county's and reaches PC A.
    api.resolve_conflict(b.paths, problems[0].op_id, "local")
    assert b.sync().ok and api.problems(b.paths) == []
    assert a.sync().ok
    with a.db.read() as s:
        assert s.get(Case, case.id).summary == "乙机修改的摘要"  # type: ignore[union-attr]
    # Again the other way round, now taking the county's version.
    edit(a, "甲机第二次修改")
    edit(b, "乙机第二次修改")
    assert a.sync().ok
    assert b.sync().conflicts == 1
    (problem,) = api.problems(b.paths)
    api.resolve_conflict(b.paths, problem.op_id, "server")
    with b.db.read() as s:
        assert s.get(Case, case.id).summary == "甲机第二次修改"  # type: ignore[union-attr]
    assert b.sync().ok and a.sync().ok
    assert_agree(a, county)
    assert_agree(b, county)


def test_closed_case_is_not_reopened_by_a_late_event(county: CountyServer, new_pc: Callable[..., PC]) -> None:
    a, b = new_pc("a"), new_pc("b")
    case = a.register()
    assert a.sync().ok and b.sync().ok
    # B starts a mediation offline; later A closes the case on the spot and syncs first.
    transition(b.ctx, b.actor, case.id, TransitionRequest("start_mediation"))
    transition(a.ctx, a.actor, case.id, TransitionRequest("close_on_spot", result="当场答复并办结"))
    assert a.sync().ok
    b.sync()
    assert a.sync().ok
    with a.db.read() as s:
        kinds = list(s.scalars(select(CaseEvent.kind).where(CaseEvent.case_id == case.id)))
        assert "start_mediation" in kinds  # the late event is in the history…
        assert s.get(Case, case.id).status == "closed"  # type: ignore[union-attr]  # …but does not reopen it


def test_leases_keep_numbers_apart(county: CountyServer, new_pc: Callable[..., PC]) -> None:
    a, b = new_pc("a"), new_pc("b")
    assert a.sync().leased == 3 and b.sync().leased == 3
    blocks = {}
    for pc in (a, b):
        with pc.db.read() as s:
            blocks[pc.device_id] = [(x.series, x.start, x.end) for x in s.scalars(select(NumberBlock))]
    ranges_a = {(s, n) for s, lo, hi in blocks[a.device_id] for n in range(lo, hi + 1)}
    ranges_b = {(s, n) for s, lo, hi in blocks[b.device_id] for n in range(lo, hi + 1)}
    assert ranges_a and ranges_b and not ranges_a & ranges_b
    case = a.register()
    assert int(case.number.rsplit("-", 1)[1]) < 900_000  # a leased value, not the offline fallback
    assert a.sync().leased == 0  # still enough left


def test_rejected_record_is_a_task_then_fixed_and_resent(county: CountyServer, new_pc: Callable[..., PC]) -> None:
    from desktop.db.services.cases import update_case
    from desktop.domain.enums import Channel
    from desktop.domain.forms import CaseForm, PartyForm

    a = new_pc("a")
    case = a.register()
    # An older version saved a case without a summary; the county refuses it.
    with a.ctx.unit(a.actor) as uow:
        row = uow.session.get(Case, case.id)
        assert row is not None
        row.summary = ""
        uow.save(row, "edit")
    report = a.sync()
    assert report.rejected == 1 and report.state == "problem"
    (problem,) = api.problems(a.paths)
    assert problem.state == "rejected" and problem.field == "payload.summary" and "诉求摘要" in problem.reason
    assert api.status(a.paths).state == "problem"
    form = CaseForm(Channel.WALK_IN, a.ctx.settings.categories[0], "补正后的诉求摘要", [PartyForm(name="张三")])
    update_case(a.ctx, a.actor, case.id, form)
    assert a.sync().ok
    assert api.problems(a.paths) == []
    assert api.status(a.paths).state == "synced"
    assert_agree(a, county)


def test_demo_training_data_never_travels_and_is_no_drift(county: CountyServer, new_pc: Callable[..., PC]) -> None:
    from desktop.db.demo import generate
    from tests.county.server import make_township

    practice = make_township(county.db_url, training=True)  # demo data is refused on a real township's PC
    a = new_pc("a", code=practice)
    generate(a.paths.database, 200, seed=5)
    a.register("真实登记的案件")
    report = a.sync()
    assert report.ok and not report.drift, report.drift
    assert county.records(practice, "case") == 1  # only the real one
    assert api.status(a.paths).state == "synced"
