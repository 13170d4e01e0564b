"""Issue #17 leftover, real county on loopback: a clerk dismisses a pulled change this PC set aside
(quarantined) from the sync problems: it needs a reason, is audited, leaves the list and is never applied."""

from __future__ import annotations

import json
from collections.abc import Callable

import pytest
from sqlalchemy import select

from desktop.db.models import AuditEntry, Case
from desktop.db.services.sync_problems import DISMISSED_KEY
from desktop.db.uow import Actor, get_meta
from desktop.domain.enums import Role
from desktop.domain.errors import DomainError
from desktop.sync import api
from tests.sync.harness import PC, CountyServer

CLERK = Actor("chuangkou", "刘晓梅", Role.CLERK)


def test_a_clerk_dismisses_a_quarantined_change_with_a_reason(
    county: CountyServer, township: str, new_pc: Callable[..., PC]
) -> None:
    a, b = new_pc("a"), new_pc("b")
    bad = a.register("第一件")
    assert a.sync().ok
    with county.engine.begin() as conn:  # a record stored before the county checked bounds
        row = conn.exec_driver_sql("SELECT payload FROM changes WHERE entity = 'case' AND entity_id = ?",
                                   (bad.id,)).scalar_one()
        conn.exec_driver_sql("UPDATE changes SET payload = ? WHERE entity = 'case' AND entity_id = ?",
                             (json.dumps({**json.loads(row), "size": 2**80}), bad.id))
    assert b.sync().quarantined == 1
    [problem] = [p for p in api.problems(b.paths) if p.state == "quarantined"]
    assert problem.op_id.startswith("pulled:")

    with pytest.raises(DomainError, match="原因"):
        api.dismiss(b.paths, CLERK, problem.op_id, "   ")
    with pytest.raises(DomainError, match="无法接收"):
        api.dismiss(b.paths, CLERK, "not-a-pulled-id", "已请县级管理员撤回")
    assert [p.op_id for p in api.problems(b.paths)] == [problem.op_id]  # nothing changed by the refusals

    api.dismiss(b.paths, CLERK, problem.op_id, "已电话请县级管理员撤回，数据有误")
    assert api.problems(b.paths) == []
    with pytest.raises(DomainError, match="不需要处理"):
        api.dismiss(b.paths, CLERK, problem.op_id, "再次")
    with b.db.read() as s:
        audit = s.scalars(select(AuditEntry).where(AuditEntry.action == "dismiss_pulled")).all()
        assert [(e.actor, e.entity, e.entity_id) for e in audit] == [("chuangkou", "case", bad.id)]
        [kept] = json.loads(get_meta(s, DISMISSED_KEY) or "[]")
        assert kept["dismiss_reason"] == "已电话请县级管理员撤回，数据有误" and kept["dismissed_by"] == "chuangkou"
    report = b.sync()  # the next sync is clean and still does not apply the change
    assert report.ok and report.state == "synced", report.message
    with b.db.read() as s:
        assert s.get(Case, bad.id) is None
