"""The sync problems list: a clerk dismisses a pulled change this PC set aside, giving a reason
(issue #17 leftover; the service is tested against the real county in tests/sync/test_dismiss_pulled.py)."""

from __future__ import annotations

import json
from typing import Any

import pytest
from sqlalchemy import select

from desktop.db.models import AuditEntry
from desktop.db.services.recovery import COUNTY_DEVICE_KEY
from desktop.db.services.sync_state import BAD_CHANGES_KEY
from desktop.db.uow import Actor, set_meta
from desktop.domain.enums import Role
from desktop.sync import api
from desktop.sync import status as st
from desktop.ui import ops
from desktop.ui.appstate import AppState
from desktop.ui.screens import sync_panel
from desktop.ui.sync_indicator import controller_for

SET_ASIDE = {"entity": "case", "entity_id": "01a23ddb-1bd9-7000-8539-a16eaaa7e6ee", "seq": 17, "op_id": None,
             "reason": "字段 payload.size 取值超出允许范围", "at": "2026-12-03T08:00:00+00:00"}


def test_clerk_dismisses_a_quarantined_change_with_a_reason(state: AppState, qtbot: Any,
                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    state.actor = Actor("chuangkou", "刘晓梅", Role.CLERK)
    api._write_token(state.paths, "t" * 43)  # enrolled as far as the panel can tell (no network used here)
    with state.db.write() as s:
        set_meta(s, COUNTY_DEVICE_KEY, "0193a5c2-0000-7000-8000-000000000001")
        set_meta(s, st.STATE, "problem")  # what the sync that set the change aside left
        set_meta(s, BAD_CHANGES_KEY, json.dumps([SET_ASIDE], ensure_ascii=False))
    screen = sync_panel.SyncScreen(state)
    qtbot.addWidget(screen)
    try:
        screen.refresh()
        qtbot.waitUntil(lambda: len(screen.problems) == 1, timeout=5000)
        assert not screen.dismiss_btn.isEnabled()  # nothing selected yet
        screen.table.selectRow(0)
        assert screen.dismiss_btn.isEnabled()
        answers = iter([None, "已请县级管理员撤回"])  # first the clerk cancels, then gives a reason
        monkeypatch.setattr(sync_panel, "ask_reason", lambda *_a: next(answers))
        screen.dismiss_btn.click()
        ops.wait_idle()
        assert len(screen.problems) == 1
        screen.dismiss_btn.click()
        qtbot.waitUntil(lambda: "审计" in screen.result.text(), timeout=5000)
        qtbot.waitUntil(lambda: screen.problems == [], timeout=5000)
        with state.db.read() as s:
            assert s.scalars(select(AuditEntry.actor).where(AuditEntry.action == "dismiss_pulled")).all() == ["chuangkou"]
    finally:
        ops.wait_idle()
        controller_for(state).shutdown()
