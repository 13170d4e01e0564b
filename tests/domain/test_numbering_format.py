"""卷号 and agreement numbers are written without ASCII spaces ("第12号"); numbers stored the old way
("第 12 号") still parse to the same value (numbering after restore and enrolment reads them back)."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from desktop.domain.numbering import NumberFormat, Series, parse_value

FMT = NumberFormat("220402", "示")


def test_new_book_numbers_have_no_ascii_spaces() -> None:
    assert FMT.file_number(2026, 12) == "（2026）示人调字第12号"
    assert FMT.agreement_number(2026, 12) == "（2026）示人调协字第12号"
    assert FMT.format(Series.CASE, 2026, 12) == "220402-2026-000012"  # case numbers unchanged


@given(st.integers(1900, 2999), st.integers(0, 99_999_999), st.sampled_from([Series.FILE, Series.AGREEMENT]))
def test_new_and_old_numbers_parse_to_the_same_value(year: int, value: int, series: Series) -> None:
    new = FMT.format(series, year, value)
    old = new.replace("第", "第 ").replace("号", " 号")
    assert " " not in new
    assert parse_value(series, new) == parse_value(series, old) == (year, value)


def test_the_highest_value_is_found_among_mixed_stored_numbers() -> None:
    """What recovery and enrolment do with stored numbers: the highest (year, value), whatever the spacing."""
    stored = ["（2026）示人调字第 12 号", "（2026）示人调字第3号", "（2025）示人调字第 900001 号", "（2026）示人调字第100号"]
    values = [parse_value(Series.FILE, n) for n in stored]
    assert max(v for v in values if v) == (2026, 100)
    assert parse_value(Series.FILE, "外来编号") is None
