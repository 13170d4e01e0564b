from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from desktop.domain.case_flow import TRANSITIONS, allowed_transitions, check_transition, fold_status
from desktop.domain.enums import CaseStatus
from desktop.domain.errors import TransitionError

names = st.sampled_from(sorted(TRANSITIONS))


def test_happy_path() -> None:
    s = CaseStatus.REGISTERED
    for name in ("route", "start_mediation", "close", "follow_up", "archive"):
        s = check_transition(s, name).target
    assert s is CaseStatus.ARCHIVED


def test_refusal_explains_state_and_options() -> None:
    with pytest.raises(TransitionError) as info:
        check_transition(CaseStatus.CLOSED, "assign")
    assert "已办结" in info.value.message and "回访" in info.value.message


@given(st.lists(names, max_size=30))
def test_check_agrees_with_allowed(seq: list[str]) -> None:
    s = CaseStatus.REGISTERED
    for name in seq:
        allowed = {t.name for t in allowed_transitions(s)}
        if name in allowed:
            s = check_transition(s, name).target
        else:
            with pytest.raises(TransitionError):
                check_transition(s, name)


@given(st.lists(names, max_size=40))
def test_fold_never_reopens_a_closed_case(seq: list[str]) -> None:
    closed = {CaseStatus.CLOSED, CaseStatus.FOLLOWED_UP, CaseStatus.ARCHIVED}
    seen_closed = False
    for i in range(len(seq) + 1):
        s = fold_status(seq[:i])
        if seen_closed:
            assert s in closed
        seen_closed = seen_closed or s in closed


@given(st.lists(names, max_size=20), st.lists(names, max_size=20))
def test_fold_ignores_unknown_and_is_deterministic(a: list[str], b: list[str]) -> None:
    merged = [*a, "note", "county_feedback", *b]
    assert fold_status(merged) == fold_status(a + b)


@given(st.integers(0, 98), st.integers(0, 98), st.integers(0, 50_000), st.integers(0, 50_000))
def test_fallback_numbers_never_collide_across_devices_or_with_leases(a: int, b: int, n: int, m: int) -> None:
    from desktop.domain.numbering import FALLBACK_BASE, fallback_value

    assert fallback_value(a, n) >= FALLBACK_BASE  # leased values stay below
    if (a, n) != (b, m):
        assert fallback_value(a, n) != fallback_value(b, m)
