"""Reporting periods (day, week, month, quarter, year, custom) with local-time boundaries."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

KINDS = ("day", "week", "month", "quarter", "year", "custom")
KIND_LABELS = {"day": "日", "week": "周", "month": "月", "quarter": "季度", "year": "年", "custom": "自定义"}


def local_midnight(day: date) -> datetime:
    """The aware local datetime at 00:00 of `day` (offset of that date, so DST zones are right too)."""
    return datetime.combine(day, time()).astimezone()


@dataclass(frozen=True)
class Period:
    """[start 00:00, end + 1 day 00:00) in local time; `end` is inclusive."""

    kind: str
    start: date
    end: date

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"unknown period kind {self.kind}")
        if self.end < self.start:
            raise ValueError("结束日期不能早于开始日期")

    @classmethod
    def day(cls, d: date) -> Period:
        return cls("day", d, d)

    @classmethod
    def week(cls, d: date) -> Period:
        monday = d - timedelta(days=d.weekday())
        return cls("week", monday, monday + timedelta(days=6))

    @classmethod
    def month(cls, year: int, month: int) -> Period:
        first = date(year, month, 1)
        nxt = date(year + month // 12, month % 12 + 1, 1)
        return cls("month", first, nxt - timedelta(days=1))

    @classmethod
    def quarter(cls, year: int, q: int) -> Period:
        first = date(year, 3 * (q - 1) + 1, 1)
        last = cls.month(year, 3 * q).end
        return cls("quarter", first, last)

    @classmethod
    def year(cls, y: int) -> Period:
        return cls("year", date(y, 1, 1), date(y, 12, 31))

    @classmethod
    def custom(cls, start: date, end: date) -> Period:
        return cls("custom", start, end)

    @classmethod
    def containing(cls, kind: str, d: date) -> Period:
        """The period of `kind` that contains day `d` (custom: just that day)."""
        if kind == "day":
            return cls.day(d)
        if kind == "week":
            return cls.week(d)
        if kind == "month":
            return cls.month(d.year, d.month)
        if kind == "quarter":
            return cls.quarter(d.year, (d.month - 1) // 3 + 1)
        if kind == "year":
            return cls.year(d.year)
        return cls.custom(d, d)

    @classmethod
    def parse_month(cls, text: str) -> Period:
        """'2026-10' → October 2026; a clear Chinese message otherwise."""
        try:
            y, m = (int(x) for x in text.strip().split("-"))
            return cls.month(y, m)
        except (ValueError, TypeError):
            raise ValueError(f"月份格式应为 YYYY-MM（例如 2026-10）：{text}") from None

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    def bounds(self) -> tuple[datetime, datetime]:
        return local_midnight(self.start), local_midnight(self.end + timedelta(days=1))

    def previous(self) -> Period:
        """The period just before, of the same kind (custom: the same number of days)."""
        if self.kind == "month":
            prev = self.start - timedelta(days=1)
            return Period.month(prev.year, prev.month)
        if self.kind == "quarter":
            prev = self.start - timedelta(days=1)
            return Period.containing("quarter", prev)
        if self.kind == "year":
            return Period.year(self.start.year - 1)
        span = timedelta(days=self.days)
        return Period(self.kind, self.start - span, self.end - span)

    def label(self) -> str:
        if self.kind == "day":
            return f"{self.start.year}年{self.start.month}月{self.start.day}日"
        if self.kind == "month":
            return f"{self.start.year}年{self.start.month}月"
        if self.kind == "quarter":
            return f"{self.start.year}年第{(self.start.month - 1) // 3 + 1}季度"
        if self.kind == "year":
            return f"{self.start.year}年"
        return f"{self.start.isoformat()} 至 {self.end.isoformat()}"

    def trend_grain(self) -> str:
        """Days for periods up to about a quarter, months beyond."""
        return "day" if self.days <= 92 else "month"
