"""Sync status kept in the database's Meta table, so the GUI and the CLI see the same thing."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from desktop.db.models import Meta, OutboxOp

# Meta keys
STATE = "sync.state"
LAST_SUCCESS = "sync.last_success"
LAST_ATTEMPT = "sync.last_attempt"
LAST_ERROR = "sync.last_error"
LAST_ERROR_CODE = "sync.last_error_code"
CLOCK_SKEW = "sync.clock_skew"
DRIFT = "sync.drift"
LAST_REPORT = "sync.last_report"
COUNTY_DEVICE_ID = "county_device_id"

STATES = ("not_enrolled", "offline", "syncing", "synced", "problem")
STATE_LABELS = {
    "not_enrolled": "本机未登记",
    "offline": "离线",
    "syncing": "正在同步",
    "synced": "已同步",
    "problem": "同步有问题",
}
OUTBOX_STATES = ("queued", "sending", "synced", "rejected", "conflict", "superseded")
SKEW_WARN_SECONDS = 120.0


@dataclass
class SyncStatus:
    """What the status bar and `sync-status` show. Cheap to read: a few Meta rows and one GROUP BY."""

    state: str
    label: str
    counts: dict[str, int]  # outbox ops per state
    pending: int  # queued + sending: still to go
    problems: int  # rejected + conflict: tasks for a person
    last_success: str | None
    last_attempt: str | None
    last_error: str | None
    last_error_code: str | None
    clock_skew_seconds: float | None
    clock_warning: str | None
    drift: dict[str, Any] = field(default_factory=dict)
    enrolled: bool = False

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def _meta(session: Session) -> dict[str, str]:
    rows = session.execute(select(Meta.key, Meta.value).where(Meta.key.like("sync.%"))).all()
    return {k: v for k, v in rows}


def read_status(session: Session, enrolled: bool, lock_held: bool | None = None) -> SyncStatus:
    meta = _meta(session)
    counts = {s: 0 for s in OUTBOX_STATES}
    for state, n in session.execute(select(OutboxOp.state, func.count()).group_by(OutboxOp.state)):
        counts[state] = int(n)
    pending = counts["queued"] + counts["sending"]
    problems = counts["rejected"] + counts["conflict"]
    state = meta.get(STATE) or ("offline" if enrolled else "not_enrolled")
    last_error = meta.get(LAST_ERROR)
    if not enrolled:
        state = "not_enrolled"
    elif state == "syncing" and lock_held is False:
        state = "problem"
        last_error = "上次同步被中断，下次同步会自动继续，不会丢失数据"
    elif state == "synced" and problems:
        state = "problem"
    skew = float(meta[CLOCK_SKEW]) if meta.get(CLOCK_SKEW) else None
    warning = None
    if skew is not None and abs(skew) > SKEW_WARN_SECONDS:
        warning = f"本机时钟与县平台相差约 {abs(skew) / 60:.0f} 分钟，请校准系统时间"
    drift = json.loads(meta[DRIFT]) if meta.get(DRIFT) else {}
    return SyncStatus(
        state=state,
        label=STATE_LABELS[state],
        counts=counts,
        pending=pending,
        problems=problems,
        last_success=meta.get(LAST_SUCCESS),
        last_attempt=meta.get(LAST_ATTEMPT),
        last_error=last_error,
        last_error_code=meta.get(LAST_ERROR_CODE),
        clock_skew_seconds=skew,
        clock_warning=warning,
        drift=drift,
        enrolled=enrolled,
    )
