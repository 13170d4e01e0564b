"""Deadline policies (configurable): days allowed per complexity and per kind of handling."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from .enums import Complexity

DUE_SOON = timedelta(days=3)
JUDICIAL_CONFIRMATION_DAYS = 30
MEDIATION_DAYS = 30
PETITION_DAYS = 60


@dataclass(frozen=True)
class DeadlinePolicy:
    """Days to close a case by complexity; mediation gets its own statutory month."""

    days_by_complexity: dict[str, int] = field(
        default_factory=lambda: {Complexity.SIMPLE.value: 1, Complexity.NORMAL.value: 7, Complexity.COMPLEX.value: 20}
    )
    mediation_days: int = MEDIATION_DAYS

    def case_deadline(self, registered_at: datetime, complexity: Complexity) -> datetime:
        return registered_at + timedelta(days=self.days_by_complexity.get(complexity.value, 7))

    def mediation_deadline(self, started_at: datetime) -> datetime:
        return started_at + timedelta(days=self.mediation_days)

    @classmethod
    def from_dict(cls, data: dict[str, object]) -> DeadlinePolicy:
        days = data.get("days_by_complexity")
        med = data.get("mediation_days", MEDIATION_DAYS)
        return cls(
            days_by_complexity={str(k): int(str(v)) for k, v in days.items()} if isinstance(days, dict) else DeadlinePolicy().days_by_complexity,
            mediation_days=int(str(med)),
        )


def deadline_state(deadline: datetime | None, now: datetime, open_: bool) -> str:
    """'overdue', 'due_soon' or 'ok' for an open item; closed items are always 'ok'."""
    if deadline is None or not open_:
        return "ok"
    if deadline < now:
        return "overdue"
    if deadline - now <= DUE_SOON:
        return "due_soon"
    return "ok"


def judicial_confirmation_days_left(effective_at: datetime, now: datetime) -> int:
    """Days left in the 30-day window to apply for judicial confirmation (negative once past)."""
    end = effective_at + timedelta(days=JUDICIAL_CONFIRMATION_DAYS)
    return (end.date() - now.date()).days
