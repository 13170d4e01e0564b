"""Human-facing numbers: case numbers, 卷号 and agreement numbers, unique across a township's PCs.

A number is built from a series, the year and a sequence value. Sequence values come from blocks
leased from the county (the normal case) or, when a PC has no lease left and is offline, from a
per-device fallback range that cannot collide with leased values (see docs/numbering.md).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import Enum


class Series(str, Enum):
    CASE = "case"
    FILE = "file"  # 卷号 of a mediation
    AGREEMENT = "agreement"


LEASE_BLOCK_SIZE = 50
# Leased values stay below this; fallback values are device_slot * FALLBACK_SPAN + n above it.
FALLBACK_BASE = 900_000
FALLBACK_SPAN = 1_000
OVERFLOW_BASE = 10_000_000
OVERFLOW_SPAN = 1_000_000


@dataclass(frozen=True)
class NumberFormat:
    township_code: str
    committee_short: str = ""  # e.g. "X" in "（2026）X人调字第N号"

    def case_number(self, year: int, value: int) -> str:
        return f"{self.township_code}-{year}-{value:06d}"

    def file_number(self, year: int, value: int) -> str:
        return f"（{year}）{self.committee_short}人调字第{value}号"

    def agreement_number(self, year: int, value: int) -> str:
        return f"（{year}）{self.committee_short}人调协字第{value}号"

    def format(self, series: Series, year: int, value: int) -> str:
        if series is Series.CASE:
            return self.case_number(year, value)
        if series is Series.FILE:
            return self.file_number(year, value)
        return self.agreement_number(year, value)


# A whole case number as `NumberFormat.case_number` writes it: six digits (leased and fallback values)
# or eight to nine (the overflow range); demo numbers are "D" and seven digits (desktop/db/demo.py).
CASE_NUMBER_RE = re.compile(r"^\d{6}-\d{4}-(?:\d{6}|\d{8,9}|D\d{7})$")


def fallback_value(device_slot: int, n: int) -> int:
    """The n-th (0-based) offline fallback value for a device; disjoint from leases and other devices.

    The first FALLBACK_SPAN values keep six digits; a PC offline for longer continues in a
    seven-digit range of its own (10,000,000 + slot × 1,000,000), so it never runs out in a year.
    """
    if n < 0:
        raise ValueError("negative fallback index")
    slot = device_slot % 99
    if n < FALLBACK_SPAN:
        return FALLBACK_BASE + slot * FALLBACK_SPAN + n
    return OVERFLOW_BASE + slot * OVERFLOW_SPAN + (n - FALLBACK_SPAN)


_CASE_VALUE = re.compile(r"^[^-]+-(\d{4})-(\d+)$")
# 卷号 and agreement numbers: "第12号"; numbers stored before 2026-12 have ASCII spaces ("第 12 号").
_BOOK_VALUE = re.compile(r"^（(\d{4})）.*第\s*(\d+)\s*号$")


def parse_value(series: Series, number: str) -> tuple[int, int] | None:
    """(year, sequence value) of a number this program formatted; None for anything else (demo "D", imports)."""
    m = (_CASE_VALUE if series is Series.CASE else _BOOK_VALUE).match(number.strip())
    return (int(m.group(1)), int(m.group(2))) if m else None


def fallback_index(device_slot: int, value: int) -> int | None:
    """The n with fallback_value(device_slot, n) == value, or None when the value is not this slot's."""
    slot = device_slot % 99
    low = FALLBACK_BASE + slot * FALLBACK_SPAN
    if low <= value < low + FALLBACK_SPAN:
        return value - low
    low = OVERFLOW_BASE + slot * OVERFLOW_SPAN
    if low <= value < low + OVERFLOW_SPAN:
        return FALLBACK_SPAN + value - low
    return None
