"""Figures against hand-counted fixtures: local-midnight and month-end boundaries, Asia/Shanghai."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest

from desktop.domain.enums import AgreementStatus, MediationOutcome
from desktop.reports import buckets, drill
from desktop.reports.figures import compute
from desktop.reports.periods import Period

from .conftest import Scenario, case_form, local, mediate


def test_period_boundaries_are_local_midnight(shanghai: None) -> None:
    start, end = Period.month(2026, 10).bounds()
    assert start.astimezone(UTC) == datetime(2026, 9, 30, 16, tzinfo=UTC)
    assert end.astimezone(UTC) == datetime(2026, 10, 31, 16, tzinfo=UTC)
    assert Period.month(2026, 12).end == date(2026, 12, 31)
    assert Period.month(2028, 2).end == date(2028, 2, 29)
    assert Period.week(date(2026, 10, 15)) == Period("week", date(2026, 10, 12), date(2026, 10, 18))
    assert Period.quarter(2026, 4) == Period("quarter", date(2026, 10, 1), date(2026, 12, 31))
    assert Period.month(2026, 1).previous() == Period.month(2025, 12)
    assert Period.quarter(2026, 1).previous() == Period.quarter(2025, 4)
    assert Period.custom(date(2026, 10, 1), date(2026, 10, 10)).previous().start == date(2026, 9, 21)
    assert Period.parse_month("2026-10") == Period.month(2026, 10)
    with pytest.raises(ValueError, match="YYYY-MM"):
        Period.parse_month("2026/10")


def test_bucket_pieces_cover_range_exactly(shanghai: None) -> None:
    start, end = Period.month(2026, 10).bounds()
    assert buckets.pieces(start, end) == [
        ("stats_hourly", "2026-09-30 16", "2026-10-01 00"),
        ("stats_daily", "2026-10-01", "2026-10-31"),
        ("stats_hourly", "2026-10-31 00", "2026-10-31 16"),
    ]
    s, e = Period.day(date(2026, 10, 5)).bounds()
    assert buckets.pieces(s, e) == [("stats_hourly", "2026-10-04 16", "2026-10-05 16")]


def test_october_figures_by_hand(october: Scenario, db: Any) -> None:
    with db.read() as s:
        st = compute(s, Period.month(2026, 10), now=local(2026, 11, 5))
    f = {k: v.value for k, v in st.figures.items()}
    # c_first, c_mid, c_mid2, c_last; not c_sep (one second before) nor c_nov (local midnight after).
    assert f["cases_accepted"] == 4
    assert f["cases_resolved"] == 1
    assert f["resolution_rate"] == pytest.approx(0.25)
    # r1 (3 people) and r2 (consultation at 23:30 on the 31st); r_sep is in September.
    assert (f["visits"], f["people_received"], f["consultations"]) == (2, 4, 1)
    assert {r.key: r.accepted for r in st.by_category if r.accepted} == {"邻里": 1, "合同": 1, "婚姻家庭": 1, "房屋宅基地": 1}
    assert {r.key: (r.accepted, r.resolved) for r in st.by_village} == {"东风村": (2, 0), "红旗村": (2, 1)}
    assert {r.key: r.accepted for r in st.by_channel if r.accepted} == {"walk_in": 3, "phone": 1}
    assert [r.key for r in st.by_channel] == ["walk_in", "phone", "letter", "online", "grid", "assigned"]
    assert {r.key: r.accepted for r in st.by_first_responder} == {"管理员": 4}
    # Every figure lists exactly the records it counts.
    with db.read() as s:
        for key, fig in st.figures.items():
            if fig.drill is not None and not fig.rate:
                assert drill.count(s, fig.drill, now=local(2026, 11, 5)) == (
                    fig.value if key not in ("people_received",) else f["visits"]
                ), key
        for row in st.by_category + st.by_village + st.by_channel:
            assert drill.count(s, row.drill) == row.accepted
            assert drill.count(s, row.resolved_drill) == row.resolved


def test_september_and_november_get_the_edge_cases(october: Scenario, db: Any) -> None:
    with db.read() as s:
        sep = compute(s, Period.month(2026, 9))
        nov = compute(s, Period.month(2026, 11))
        day31 = compute(s, Period.day(date(2026, 10, 31)))
    assert sep.value("cases_accepted") == 1 and sep.value("people_received") == 2
    assert nov.value("cases_accepted") == 1
    assert day31.value("cases_accepted") == 1 and day31.value("consultations") == 1


def test_buckets_equal_base_tables_for_any_range(october: Scenario, db: Any) -> None:
    with db.read() as s:
        for p in (Period.month(2026, 10), Period.year(2026), Period.week(date(2026, 10, 1)),
                  Period.custom(date(2026, 9, 30), date(2026, 10, 1))):
            start, end = p.bounds()
            assert buckets.bucket_sums(s, start, end) == buckets.raw_sums(s, start, end), p
        # Not whole hours: computed from the base tables.
        odd_start = local(2026, 10, 1, 0, 30)
        assert buckets.bucket_sums(s, odd_start, local(2026, 11, 1))["case.all"][""][0] == 3


def test_other_time_zone_moves_the_boundary(october: Scenario, db: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    import time

    monkeypatch.setenv("TZ", "UTC")
    time.tzset()
    with db.read() as s:
        st = compute(s, Period.month(2026, 10))
    # In UTC, c_first (2026-09-30 16:00 UTC) is September and c_nov (2026-10-31 16:00 UTC) is October.
    assert st.value("cases_accepted") == 4
    with db.read() as s:
        assert drill.count(s, st.figures["cases_accepted"].drill) == 4


def test_edits_move_buckets(october: Scenario, ctx: Any, admin: Any, db: Any) -> None:
    from desktop.db.services.cases import update_case

    form = case_form(local(2026, 10, 1), category="合同")
    update_case(ctx, admin, october.ids["c_first"], form)
    with db.read() as s:
        st = compute(s, Period.month(2026, 10))
    cats = {r.key: r.accepted for r in st.by_category if r.accepted}
    assert cats == {"合同": 2, "婚姻家庭": 1, "房屋宅基地": 1}


def test_mediation_figures(shanghai: None, ctx: Any, admin: Any, db: Any) -> None:
    from desktop.db.services.cases import register_case
    from desktop.db.services.mediation import record_judicial_application, set_agreement_status

    now = datetime.now(UTC)
    ids = [register_case(ctx, admin, case_form(now - timedelta(hours=1))).id for _ in range(4)]
    m_written = mediate(ctx, admin, ids[0], MediationOutcome.WRITTEN)
    mediate(ctx, admin, ids[1], MediationOutcome.ORAL, mediator="孙桂芝")
    mediate(ctx, admin, ids[2], MediationOutcome.FAILED)
    from desktop.db.services.mediation import start_mediation

    start_mediation(ctx, admin, ids[3], mediator="孙桂芝")
    with db.read() as s:
        from sqlalchemy import select

        from desktop.db.models import Agreement

        agreements = {a.oral: a.id for a in s.scalars(select(Agreement))}
    for aid in agreements.values():
        set_agreement_status(ctx, admin, aid, AgreementStatus.EFFECTIVE)
    record_judicial_application(ctx, admin, agreements[False])
    today = datetime.now().astimezone().date()
    with db.read() as s:
        st = compute(s, Period.containing("year", today))
        f = {k: v.value for k, v in st.figures.items()}
        assert (f["mediations"], f["mediations_concluded"], f["mediations_success"]) == (4, 3, 2)
        assert f["mediation_success_rate"] == pytest.approx(2 / 3)
        assert (f["agreements_written"], f["agreements_oral"], f["judicial_confirmations"]) == (1, 1, 1)
        assert {r.key: (r.accepted, r.resolved) for r in st.mediators} == {"赵德明": (2, 1), "孙桂芝": (2, 1)}
        for key in ("mediations", "mediations_success", "agreements_written", "judicial_confirmations"):
            assert drill.count(s, st.figures[key].drill) == f[key], key
        cf = drill.case_filter(s, st.figures["judicial_confirmations"].drill)
    assert m_written and cf.ids and len(cf.ids) == 1


def test_overdue_and_due_soon_as_of_now(shanghai: None, ctx: Any, admin: Any, db: Any) -> None:
    from desktop.db.queries import count_cases
    from desktop.db.services.cases import register_case

    now = datetime.now(UTC)
    register_case(ctx, admin, case_form(now - timedelta(days=10)))  # normal: 7 days → overdue
    register_case(ctx, admin, case_form(now - timedelta(days=5)))  # due in 2 days
    register_case(ctx, admin, case_form(now))  # due in 7 days
    with db.read() as s:
        st = compute(s, Period.containing("month", now.astimezone().date()), now=now)
        assert (st.value("overdue"), st.value("due_soon")) == (1, 1)
        for key in ("overdue", "due_soon"):
            fig = st.figures[key]
            assert fig.drill is not None
            assert count_cases(s, drill.case_filter(s, fig.drill), now=now) == fig.value


def test_county_items(shanghai: None, ctx: Any, db: Any) -> None:
    # County items arrive by sync; here they are written as the sync engine would store them.
    from desktop.db.models import CountyItem

    with db.write() as s:
        for kind, resolved, at in (("grid_event", True, local(2026, 10, 1)), ("grid_event", False, local(2026, 10, 31, 23)),
                                   ("grid_event", True, local(2026, 9, 30, 23)), ("appointment", False, local(2026, 10, 3))):
            s.add(CountyItem(kind=kind, title="事项", received_at=at, resolved=resolved))
    with db.read() as s:
        st = compute(s, Period.month(2026, 10))
        assert (st.value("grid_events"), st.value("grid_events_resolved"), st.value("appointments")) == (2, 1, 1)
        assert drill.count(s, st.figures["grid_events_resolved"].drill) == 1


@pytest.mark.parametrize("zone", ["Asia/Shanghai", "Europe/Berlin"])
def test_trend_matches_period_figures(october: Scenario, db: Any, monkeypatch: pytest.MonkeyPatch, zone: str) -> None:
    import time

    # Berlin changes its UTC offset inside the year: the per-bucket path; Shanghai: the SQL path.
    monkeypatch.setenv("TZ", zone)
    time.tzset()
    with db.read() as s:
        year = compute(s, Period.year(2026))
        by_month = {step: n for step, n, _r in year.trend}
        assert len(by_month) == 12 and sum(by_month.values()) == 6
        for m in (9, 10, 11):
            assert by_month[f"2026-{m:02d}"] == compute(s, Period.month(2026, m)).value("cases_accepted")
        october_days = compute(s, Period.month(2026, 10)).trend
        assert len(october_days) == 31 and sum(n for _s, n, _r in october_days) == compute(
            s, Period.month(2026, 10)).value("cases_accepted")


def test_rebuild_gives_what_the_triggers_kept(october: Scenario, ctx: Any, admin: Any, db: Any) -> None:
    from sqlalchemy import text

    from desktop.db.services.cases import TransitionRequest, transition

    mediate(ctx, admin, october.ids["c_first"], MediationOutcome.ORAL)
    transition(ctx, admin, october.ids["c_last"], TransitionRequest("close_on_spot", result="办结"))

    def snapshot() -> dict[str, list[Any]]:
        with db.read() as s:
            return {t: [tuple(r) for r in s.execute(text(f"SELECT * FROM {t} WHERE n != 0 ORDER BY 1, 2, 3"))]
                    for t in ("stats_hourly", "stats_daily")}

    kept = snapshot()
    assert kept["stats_hourly"] and kept["stats_daily"]
    with db.write() as s:
        buckets.rebuild(s)
    assert snapshot() == kept
