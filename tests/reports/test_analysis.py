"""分析研判 against hand-built fixtures."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from desktop.domain.enums import Channel, MediationOutcome, RiskLevel
from desktop.domain.forms import ReceptionForm
from desktop.reports import analysis, drill
from desktop.reports.periods import Period

from .conftest import case_form, local, mediate

ID = "11010519491231002X"


def test_rising_categories_and_hotspots(shanghai: None, ctx: Any, admin: Any, db: Any) -> None:
    from desktop.db.services.cases import register_case

    plan = [(9, "邻里", "东风村")] * 2 + [(9, "合同", "东风村")] * 3 + [(10, "邻里", "东风村")] * 5 + \
        [(10, "合同", "红旗村")] * 3 + [(10, "消费", "红旗村")] * 2
    for month, cat, village in plan:
        register_case(ctx, admin, case_form(local(2026, month, 15), category=cat, village=village))
    with db.read() as s:
        rising = analysis.rising_categories(s, Period.month(2026, 10))
        assert [(r.category, r.now, r.before, r.change) for r in rising] == [("邻里", 5, 2, 3), ("消费", 2, 0, 2)]
        assert rising[0].percent == pytest.approx(1.5) and rising[1].percent is None
        assert drill.count(s, rising[0].drill) == 5
        hot = analysis.hotspot_villages(s, Period.month(2026, 10))
        assert [(h.village, h.accepted, h.unresolved, h.before) for h in hot] == [("东风村", 5, 5, 5), ("红旗村", 5, 5, 0)]
        assert hot[0].share == pytest.approx(0.5)


def test_repeat_visitors_masked(shanghai: None, ctx: Any, admin: Any, db: Any) -> None:
    from desktop.db.services.cases import log_reception, register_case

    now = datetime.now(UTC)
    # By ID number: 2 consultations + 1 case in the window = 3; one old visit outside the window.
    for days in (1, 2, 40):
        log_reception(ctx, admin, ReceptionForm(channel=Channel.WALK_IN, visitor_name="张三", visitor_id_number=ID,
                                                summary="咨询", answered_on_spot=True, answer="已答复",
                                                visited_at=now - timedelta(days=days)))
    case = register_case(ctx, admin, case_form(now - timedelta(days=3), id_number=ID, phone="13812345678"))
    # By phone: only twice (the case and one call).
    log_reception(ctx, admin, ReceptionForm(channel=Channel.PHONE, visitor_phone="13812345678", summary="咨询",
                                            answered_on_spot=True, answer="已答复", visited_at=now - timedelta(days=1)))
    with db.read() as s:
        found = analysis.repeat_visitors(s, days=30, min_times=3, now=now)
        assert [(r.kind, r.masked, r.times, r.case_ids) for r in found] == [("id_number", "1101**********002X", 3, (case.id,))]
        assert [r.kind for r in analysis.repeat_visitors(s, days=30, min_times=2, now=now)] == ["id_number", "phone"]
        assert analysis.repeat_visitors(s, days=60, min_times=4, now=now)[0].times == 4


def test_high_risk_and_workload(shanghai: None, ctx: Any, admin: Any, db: Any) -> None:
    from desktop.db.services.cases import register_case
    from desktop.db.services.mediation import start_mediation

    now = datetime.now(UTC)
    forms = [case_form(now - timedelta(hours=2)) for _ in range(3)]
    forms[0].risk_level = forms[1].risk_level = RiskLevel.HIGH
    ids = [register_case(ctx, admin, f).id for f in forms]
    mediate(ctx, admin, ids[0], MediationOutcome.WRITTEN)  # high risk, now closed
    start_mediation(ctx, admin, ids[2], mediator="孙桂芝")
    with db.read() as s:
        assert analysis.high_risk_open(s) == 1
        a = analysis.analyse(s, Period.containing("month", now.astimezone().date()), now=now)
        assert a.high_risk_open == 1 and drill.count(s, a.high_risk_drill) == 1
        assert [(w.mediator, w.open, w.overdue, w.started, w.succeeded) for w in a.workload] == [
            ("孙桂芝", 1, 0, 1, 0), ("赵德明", 0, 0, 1, 1)]
