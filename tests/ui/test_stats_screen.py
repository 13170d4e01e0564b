"""The statistics screen on a real database: figures, drill-down to the right records, ledger import, exports."""

from __future__ import annotations

import time
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from desktop.domain.enums import Channel
from desktop.reports.periods import Period
from tests.reports.conftest import case_form, local


@pytest.fixture
def shanghai_tz(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setenv("TZ", "Asia/Shanghai")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


@pytest.fixture
def state(shanghai_tz: None, state: Any) -> Any:
    """The shared `state` in Shanghai time, recording which cases a drill-down opens."""
    state.opened = []
    state.open_case = state.opened.append
    return state


@pytest.fixture
def cases(state: Any) -> dict[str, str]:
    from desktop.db.services.cases import TransitionRequest, register_case, transition

    ids = {
        "sep": register_case(state.ctx, state.actor, case_form(local(2026, 9, 30, 23, 59, 59))).id,
        "first": register_case(state.ctx, state.actor, case_form(local(2026, 10, 1))).id,
        "marriage": register_case(state.ctx, state.actor, case_form(local(2026, 10, 15), category="婚姻家庭",
                                                                    channel=Channel.PHONE)).id,
        "last": register_case(state.ctx, state.actor, case_form(local(2026, 10, 31, 23, 59, 59))).id,
    }
    transition(state.ctx, state.actor, ids["marriage"], TransitionRequest("close_on_spot", result="已办结"))
    return ids


def _screen(qtbot: Any, state: Any) -> Any:
    from desktop.ui.screens.statistics import StatisticsScreen

    screen = StatisticsScreen(state)
    qtbot.addWidget(screen)
    with qtbot.waitSignal(screen.loaded, timeout=20000):
        screen.set_period(Period.month(2026, 10))
    return screen


def test_figures_and_drill_down_open_the_right_cases(qtbot: Any, state: Any, cases: dict[str, str]) -> None:
    screen = _screen(qtbot, state)
    assert screen.figures["cases_accepted"].text().startswith("3\n")
    assert screen.figures["cases_resolved"].text().startswith("1\n")
    assert screen.figures["resolution_rate"].text().startswith("33.3%")
    dlg = screen.open_figure("cases_accepted")
    qtbot.waitUntil(lambda: dlg.model.rowCount() == 3, timeout=20000)
    assert set(dlg.case_ids) == {cases["first"], cases["marriage"], cases["last"]}
    assert "共 3 条记录" in dlg.summary.text()
    # Double-clicking a row opens that case.
    row = dlg.case_ids.index(cases["marriage"])
    dlg.view.doubleClicked.emit(dlg.model.index(row, 0))
    assert state.opened == [cases["marriage"]]
    dlg.close()
    # The 婚姻家庭 row of the category table, resolved column: the one closed case.
    view = screen.breakdown_views["by_category"]
    labels = [view.model().index(r, 0).data() for r in range(view.model().rowCount())]
    marriage_row = labels.index("婚姻家庭")
    dlg2 = screen._open_breakdown("by_category", marriage_row, 2)
    qtbot.waitUntil(lambda: dlg2.model.rowCount() == 1, timeout=20000)
    assert dlg2.case_ids == [cases["marriage"]]


def test_period_chooser_moves_boundaries(qtbot: Any, state: Any, cases: dict[str, str]) -> None:
    screen = _screen(qtbot, state)
    with qtbot.waitSignal(screen.loaded, timeout=20000):
        screen._step(-1)
    assert screen.period() == Period.month(2026, 9)
    assert screen.figures["cases_accepted"].text().startswith("1\n")
    with qtbot.waitSignal(screen.loaded, timeout=20000):
        screen.set_period(Period.custom(date(2026, 9, 30), date(2026, 10, 1)))
    assert screen.figures["cases_accepted"].text().startswith("2\n")
    assert screen.date_to.isVisibleTo(screen)


def test_ledger_dialog_reports_bad_rows_and_imports_good(qtbot: Any, state: Any, tmp_path: Path) -> None:
    from tests.reports.test_ledger import BAD, GOOD, write_ledger

    screen = _screen(qtbot, state)
    dlg = screen.open_ledger_dialog()
    dlg.load_file(write_ledger(tmp_path / "台账.xlsx", GOOD + BAD))
    qtbot.waitUntil(lambda: len(dlg.field_boxes) == 11, timeout=20000)
    assert dlg.field_boxes["登记日期"].currentData() == "registered_at"
    dlg.check_btn.click()
    qtbot.waitUntil(lambda: dlg.report is not None, timeout=20000)
    rows = [[dlg.errors_model.index(r, c).data() for c in range(3)] for r in range(dlg.errors_model.rowCount())]
    assert rows[0] == ["5", "登记日期", "日期不存在：“2026-13-01”"]
    assert {r[0] for r in rows} == {"5", "6", "7"}
    assert dlg.import_btn.isEnabled()
    with qtbot.waitSignal(dlg.imported, timeout=20000) as blocker:
        dlg.import_btn.click()
    assert blocker.args == [3]
    assert "已导入 3 行" in dlg.result_label.text()
    # A saved mapping shows up for next time.
    dlg.mapping_name.setText("村台账")
    dlg._save_mapping()
    assert "村台账" in [dlg.mapping_combo.itemText(i) for i in range(dlg.mapping_combo.count())]


def test_export_monthly_report(qtbot: Any, state: Any, cases: dict[str, str], tmp_path: Path) -> None:
    from openpyxl import load_workbook

    screen = _screen(qtbot, state)
    out = tmp_path / "月报.xlsx"
    op = screen.export_monthly(out, "xlsx", Period.month(2026, 10))
    qtbot.waitUntil(lambda: "已导出月报" in screen.status.text(), timeout=30000)
    assert op.result_blocking() == out
    assert load_workbook(out)["主要指标"]["C7"].value == 3
    assert screen.figures["overdue"].isEnabled()
    assert screen.tabs.count() == 3 and screen.tabs.tabText(2) == "分析研判"


def test_analysis_tab_and_high_risk_drill(qtbot: Any, state: Any, cases: dict[str, str]) -> None:
    from desktop.db.services.cases import register_case
    from desktop.domain.enums import RiskLevel

    form = case_form(local(2026, 10, 20), category="婚姻家庭")
    form.risk_level = RiskLevel.HIGH
    risky = register_case(state.ctx, state.actor, form).id
    from desktop.ui.screens.statistics import StatisticsScreen

    screen = StatisticsScreen(state)
    qtbot.addWidget(screen)
    with qtbot.waitSignal(screen.analysed, timeout=20000):
        screen.set_period(Period.month(2026, 10))
    assert screen.high_risk_btn.text() == "高风险在办：1 件"
    rising = screen.rising_view.model()
    assert [rising.index(r, 0).data() for r in range(rising.rowCount())] == ["婚姻家庭", "邻里"]
    screen._open_high_risk()
    dlg = screen.last_drill
    qtbot.waitUntil(lambda: dlg.model.rowCount() == 1, timeout=20000)
    assert dlg.case_ids == [risky]


def test_loads_on_activate_and_refreshes_on_changes(qtbot: Any, state: Any, cases: dict[str, str]) -> None:
    from desktop.db.services.cases import register_case
    from desktop.ui.screens.statistics import StatisticsScreen

    screen = StatisticsScreen(state)
    qtbot.addWidget(screen)
    assert screen.stats is None
    screen.kind.blockSignals(True)  # choose October without loading
    screen.anchor.blockSignals(True)
    screen.anchor.setDate(screen.anchor.date().fromString("2026-10-15", "yyyy-MM-dd"))
    screen.anchor.blockSignals(False)
    screen.kind.blockSignals(False)
    with qtbot.waitSignal(screen.loaded, timeout=20000):
        screen.activate()
    assert screen.figures["cases_accepted"].text().startswith("3\n")
    screen.show()
    register_case(state.ctx, state.actor, case_form(local(2026, 10, 16)))
    with qtbot.waitSignal(screen.loaded, timeout=20000):
        state.bus.publish(entities={"case"})
    assert screen.figures["cases_accepted"].text().startswith("4\n")
