"""SQLAlchemy models of the local database. Only desktop/db services write them."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import Boolean, Date, ForeignKey, Index, Integer, String, Text, false, text
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from desktop.domain.enums import (
    OPEN_STATUSES,
    RESOLVED_STATUSES,
    CaseStatus,
    FollowupMethod,
    in_declaration_order,
)
from desktop.domain.ids import uuid7

from .types import JSONText, UTCDateTime, utcnow

# device_id of demo (training) records: written by desktop/db/demo.py, never queued, never synced.
DEMO_DEVICE_ID = "demo"
TRAINING_KEY = "training_data"  # meta key: this data folder holds demo (training) data (set by demo-data)
# meta key set at enrolment: "1" when the county township is a training one (create-township --training)
TOWNSHIP_TRAINING_KEY = "county.township_training"


def status_in_sql(statuses: frozenset[CaseStatus], column: str = "status") -> str:
    """`status IN ('a','b',…)` for a status set, in CaseStatus's order and without spaces.

    The one SQL spelling of a status set: SQLite uses a partial index only when the query's condition
    is written as the index's WHERE clause, so queries and indexes must both come from here."""
    values = ",".join("'" + s.value + "'" for s in in_declaration_order(statuses))
    return f"{column} IN ({values})"


OPEN_STATUS_SQL = status_in_sql(OPEN_STATUSES)  # status IN ('registered','routed',…,'guided')
RESOLVED_STATUS_SQL = status_in_sql(RESOLVED_STATUSES)  # status IN ('closed','followed_up','archived')


class Base(DeclarativeBase):
    pass


class Timestamped:
    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=uuid7)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)


class User(Timestamped, Base):
    __tablename__ = "users"
    username: Mapped[str] = mapped_column(String(40), unique=True)
    display_name: Mapped[str] = mapped_column(String(40))
    role: Mapped[str] = mapped_column(String(20))
    password_hash: Mapped[str] = mapped_column(String(200))
    failed_attempts: Mapped[int] = mapped_column(Integer, default=0)
    locked_until: Mapped[datetime | None] = mapped_column(UTCDateTime)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    # Set when someone other than the user chose the password; signing in then requires a new one.
    must_change_password: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())


class Reception(Timestamped, Base):
    """One visit, call or letter at the window; counts people separately from cases."""

    __tablename__ = "receptions"
    visited_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    channel: Mapped[str] = mapped_column(String(20))
    people_count: Mapped[int] = mapped_column(Integer, default=1)
    visitor_name: Mapped[str] = mapped_column(String(40), default="")
    visitor_id_number: Mapped[str | None] = mapped_column(String(18), index=True)
    visitor_phone: Mapped[str | None] = mapped_column(String(24), index=True)
    village: Mapped[str] = mapped_column(String(40), default="")
    summary: Mapped[str] = mapped_column(Text, default="")
    answered_on_spot: Mapped[bool] = mapped_column(Boolean, default=False)
    answer: Mapped[str] = mapped_column(Text, default="")
    case_id: Mapped[str | None] = mapped_column(String(36), index=True)
    staff_name: Mapped[str] = mapped_column(String(40), default="")
    device_id: Mapped[str] = mapped_column(String(36), default="")
    server_rev: Mapped[int | None] = mapped_column(Integer)


class Case(Timestamped, Base):
    """A citizen's demand or dispute: one number for its whole life (一案一码)."""

    __tablename__ = "cases"
    number: Mapped[str] = mapped_column(String(40), unique=True)
    query_code: Mapped[str] = mapped_column(String(12), default="")
    township_code: Mapped[str] = mapped_column(String(20), default="")
    channel: Mapped[str] = mapped_column(String(20))
    category: Mapped[str] = mapped_column(String(20))
    summary: Mapped[str] = mapped_column(Text)
    demands: Mapped[str] = mapped_column(Text, default="")
    risk_level: Mapped[str] = mapped_column(String(10), default="low")
    complexity: Mapped[str] = mapped_column(String(10), default="normal")
    status: Mapped[str] = mapped_column(String(20), default="registered")
    village: Mapped[str] = mapped_column(String(40), default="")
    first_responder: Mapped[str] = mapped_column(String(40), default="")
    assignee: Mapped[str] = mapped_column(String(60), default="")
    registered_at: Mapped[datetime] = mapped_column(UTCDateTime)
    deadline_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    result: Mapped[str] = mapped_column(Text, default="")
    satisfaction: Mapped[str | None] = mapped_column(String(20))
    county_item_id: Mapped[str | None] = mapped_column(String(36))
    party_names: Mapped[str] = mapped_column(Text, default="")  # denormalised for search
    device_id: Mapped[str] = mapped_column(String(36), default="")
    server_rev: Mapped[int | None] = mapped_column(Integer)

    parties: Mapped[list[Party]] = relationship(
        back_populates="case", order_by="Party.position", cascade="all, delete-orphan"
    )

    __table_args__ = (
        Index("ix_cases_registered", "registered_at", "id"),
        Index("ix_cases_status_registered", "status", "registered_at", "id"),
        Index("ix_cases_category_registered", "category", "registered_at", "id"),
        Index("ix_cases_channel_registered", "channel", "registered_at", "id"),
        Index("ix_cases_village_registered", "village", "registered_at", "id"),
        Index("ix_cases_assignee_registered", "assignee", "registered_at", "id"),
        Index("ix_cases_risk_registered", "risk_level", "registered_at", "id"),
        Index("ix_cases_closed", "closed_at"),
        Index("ix_cases_open_deadline", "deadline_at", sqlite_where=text(OPEN_STATUS_SQL)),
        Index("ix_cases_open_registered", "registered_at", "id", sqlite_where=text(OPEN_STATUS_SQL)),
        Index("ix_cases_deadline_sort", text("coalesce(deadline_at, '9999')"), "id"),  # list sorted by deadline
    )


class Party(Base):
    """A party to a case: a person, or an organisation acting through its representative."""

    __tablename__ = "parties"
    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=uuid7)
    case_id: Mapped[str] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"))
    position: Mapped[int] = mapped_column(Integer, default=0)
    role: Mapped[str] = mapped_column(String(20), default="applicant")
    kind: Mapped[str] = mapped_column(String(20), default="person")
    name: Mapped[str] = mapped_column(String(60))
    sex: Mapped[str | None] = mapped_column(String(10))
    ethnicity: Mapped[str] = mapped_column(String(20), default="")
    birth_date: Mapped[date | None] = mapped_column(Date)
    id_number: Mapped[str | None] = mapped_column(String(18))
    id_legacy: Mapped[bool] = mapped_column(Boolean, default=False)
    phone: Mapped[str | None] = mapped_column(String(24))
    occupation: Mapped[str] = mapped_column(String(60), default="")
    address: Mapped[str] = mapped_column(String(200), default="")
    representative: Mapped[str] = mapped_column(String(60), default="")  # for organisations
    representative_title: Mapped[str] = mapped_column(String(60), default="")

    case: Mapped[Case] = relationship(back_populates="parties")

    __table_args__ = (
        Index("ix_parties_case", "case_id", "position"),
        Index("ix_parties_name", "name"),
        Index("ix_parties_id_number", "id_number"),
        Index("ix_parties_phone", "phone"),
    )


class CaseEvent(Base):
    """One entry of a case's append-only history; state is derived from these."""

    __tablename__ = "case_events"
    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=uuid7)
    case_id: Mapped[str] = mapped_column(String(36))
    kind: Mapped[str] = mapped_column(String(30))
    at: Mapped[datetime] = mapped_column(UTCDateTime)
    actor: Mapped[str] = mapped_column(String(40), default="")
    data: Mapped[dict[str, Any]] = mapped_column(JSONText, default=dict)
    device_id: Mapped[str] = mapped_column(String(36), default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    __table_args__ = (Index("ix_case_events_case", "case_id", "at", "id"),)


class Mediation(Timestamped, Base):
    """A people's mediation; its parties are the parties of its case."""

    __tablename__ = "mediations"
    case_id: Mapped[str] = mapped_column(String(36), index=True)
    file_number: Mapped[str] = mapped_column(String(60), unique=True)  # 卷号
    source: Mapped[str] = mapped_column(String(20), default="application")
    mediator: Mapped[str] = mapped_column(String(40), default="")
    co_mediators: Mapped[str] = mapped_column(String(120), default="")
    recorder: Mapped[str] = mapped_column(String(40), default="")
    place: Mapped[str] = mapped_column(String(100), default="")
    started_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    deadline_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    outcome: Mapped[str | None] = mapped_column(String(20))
    outcome_at: Mapped[datetime | None] = mapped_column(UTCDateTime, index=True)
    failure_reason: Mapped[str] = mapped_column(Text, default="")
    device_id: Mapped[str] = mapped_column(String(36), default="")
    server_rev: Mapped[int | None] = mapped_column(Integer)


class MediationRecord(Timestamped, Base):
    """An investigation record (调查记录) or a mediation session record (人民调解记录)."""

    __tablename__ = "mediation_records"
    mediation_id: Mapped[str] = mapped_column(String(36), index=True)
    kind: Mapped[str] = mapped_column(String(20))
    held_at: Mapped[datetime] = mapped_column(UTCDateTime)
    place: Mapped[str] = mapped_column(String(100), default="")
    participants: Mapped[str] = mapped_column(Text, default="")
    rights_notified: Mapped[bool] = mapped_column(Boolean, default=True)
    content: Mapped[str] = mapped_column(Text, default="")  # accounts, facts established
    risk_warning: Mapped[str] = mapped_column(Text, default="")
    result: Mapped[str] = mapped_column(Text, default="")
    recorder: Mapped[str] = mapped_column(String(40), default="")
    device_id: Mapped[str] = mapped_column(String(36), default="")
    server_rev: Mapped[int | None] = mapped_column(Integer)


class Agreement(Timestamped, Base):
    """A mediation agreement (written 调解协议书 or an oral agreement's registration)."""

    __tablename__ = "agreements"
    mediation_id: Mapped[str] = mapped_column(String(36), index=True)
    number: Mapped[str] = mapped_column(String(60), unique=True)
    oral: Mapped[bool] = mapped_column(Boolean, default=False)
    facts: Mapped[str] = mapped_column(Text, default="")  # 纠纷主要事实、争议事项
    terms: Mapped[list[str]] = mapped_column(JSONText, default=list)
    performance: Mapped[str] = mapped_column(Text, default="")  # 履行方式、时限
    performance_deadline: Mapped[date | None] = mapped_column(Date)
    copies: Mapped[int] = mapped_column(Integer, default=3)
    status: Mapped[str] = mapped_column(String(20), default="draft")
    printed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    signed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    effective_at: Mapped[datetime | None] = mapped_column(UTCDateTime, index=True)
    judicial_applied_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    device_id: Mapped[str] = mapped_column(String(36), default="")
    server_rev: Mapped[int | None] = mapped_column(Integer)


class Followup(Timestamped, Base):
    """A follow-up visit (回访) after closing: performance, satisfaction, signs of escalation."""

    __tablename__ = "followups"
    case_id: Mapped[str] = mapped_column(String(36), index=True)
    mediation_id: Mapped[str | None] = mapped_column(String(36))
    visited_at: Mapped[datetime] = mapped_column(UTCDateTime)
    visitor: Mapped[str] = mapped_column(String(40), default="")
    visited_person: Mapped[str] = mapped_column(String(60), default="")  # 被回访人 (blank: the parties)
    purpose: Mapped[str] = mapped_column(Text, default="")  # 回访事由 (blank: the agreement's performance)
    method: Mapped[str] = mapped_column(String(20), default=FollowupMethod.PHONE.value)
    performance: Mapped[str] = mapped_column(Text, default="")
    satisfaction: Mapped[str | None] = mapped_column(String(20))
    escalation_signs: Mapped[str] = mapped_column(Text, default="")
    notes: Mapped[str] = mapped_column(Text, default="")
    device_id: Mapped[str] = mapped_column(String(36), default="")
    server_rev: Mapped[int | None] = mapped_column(Integer)


class CaseFileMaterial(Timestamped, Base):
    """A material of a case's 卷宗 kept on paper (or scanned), listed in the contents with its pages.

    Local to this PC: the paper folder is kept at the township, so these rows are not synced."""

    __tablename__ = "case_file_materials"
    case_id: Mapped[str] = mapped_column(String(36))
    position: Mapped[int] = mapped_column(Integer, default=0)
    name: Mapped[str] = mapped_column(String(60))
    pages: Mapped[int] = mapped_column(Integer, default=0)
    scanned: Mapped[bool] = mapped_column(Boolean, default=False)
    note: Mapped[str] = mapped_column(String(100), default="")

    __table_args__ = (Index("ix_case_file_materials_case", "case_id", "position"),)


class CountyItem(Timestamped, Base):
    """Something the county sends down: an assigned item, a grid event or an online appointment."""

    __tablename__ = "county_items"
    kind: Mapped[str] = mapped_column(String(20), index=True)
    title: Mapped[str] = mapped_column(String(200))
    content: Mapped[str] = mapped_column(Text, default="")
    village: Mapped[str] = mapped_column(String(40), default="")
    reporter: Mapped[str] = mapped_column(String(40), default="")
    contact_phone: Mapped[str | None] = mapped_column(String(24))
    appointment_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    deadline_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    received_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    status: Mapped[str] = mapped_column(String(20), default="received")
    signed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    signed_by: Mapped[str] = mapped_column(String(40), default="")
    feedback: Mapped[str] = mapped_column(Text, default="")
    fed_back_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    resolved: Mapped[bool] = mapped_column(Boolean, default=False)
    case_id: Mapped[str | None] = mapped_column(String(36))
    server_rev: Mapped[int | None] = mapped_column(Integer)


class Attachment(Timestamped, Base):
    """Metadata of a scan or photo; the content lives content-addressed under attachments/."""

    __tablename__ = "attachments"
    case_id: Mapped[str] = mapped_column(String(36), index=True)
    filename: Mapped[str] = mapped_column(String(200))
    sha256: Mapped[str] = mapped_column(String(64), index=True)
    size: Mapped[int] = mapped_column(Integer)
    mime: Mapped[str] = mapped_column(String(100), default="application/octet-stream")
    uploaded: Mapped[bool] = mapped_column(Boolean, default=False)
    device_id: Mapped[str] = mapped_column(String(36), default="")
    server_rev: Mapped[int | None] = mapped_column(Integer)


class AuditEntry(Base):
    """Who did what to which record (ids only: never personal data)."""

    __tablename__ = "audit_log"
    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=uuid7)
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    actor: Mapped[str] = mapped_column(String(40), default="")
    action: Mapped[str] = mapped_column(String(40))
    entity: Mapped[str] = mapped_column(String(30))
    entity_id: Mapped[str] = mapped_column(String(36), index=True)


class OutboxOp(Base):
    """A local change waiting for (or done with) the county. op_id is the idempotency key."""

    __tablename__ = "outbox"
    op_id: Mapped[str] = mapped_column(String(36), primary_key=True, default=uuid7)
    entity: Mapped[str] = mapped_column(String(30))
    entity_id: Mapped[str] = mapped_column(String(36))
    action: Mapped[str] = mapped_column(String(10))
    payload: Mapped[dict[str, Any]] = mapped_column(JSONText)
    base_rev: Mapped[int | None] = mapped_column(Integer)
    state: Mapped[str] = mapped_column(String(12), default="queued")
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    error_code: Mapped[str | None] = mapped_column(String(40))
    error_field: Mapped[str | None] = mapped_column(String(80))
    error_message: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    done_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    __table_args__ = (
        Index("ix_outbox_state", "state", "op_id"),
        Index("ix_outbox_entity", "entity_id", "op_id"),
    )


class NumberBlock(Base):
    """A block of sequence values leased from the county for one series and year."""

    __tablename__ = "number_blocks"
    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=uuid7)
    series: Mapped[str] = mapped_column(String(20))
    year: Mapped[int] = mapped_column(Integer)
    start: Mapped[int] = mapped_column(Integer)
    end: Mapped[int] = mapped_column(Integer)  # inclusive
    next_value: Mapped[int] = mapped_column(Integer)
    leased_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    __table_args__ = (Index("ix_number_blocks_series", "series", "year", "start"),)


class NumberFallback(Base):
    """Per-device offline counter, used only when no leased value is left."""

    __tablename__ = "number_fallback"
    series: Mapped[str] = mapped_column(String(20), primary_key=True)
    year: Mapped[int] = mapped_column(Integer, primary_key=True)
    next_n: Mapped[int] = mapped_column(Integer, default=0)


class Meta(Base):
    """Small key/value facts about this installation and its sync (device id, cursor, last sync…)."""

    __tablename__ = "meta"
    key: Mapped[str] = mapped_column(String(60), primary_key=True)
    value: Mapped[str] = mapped_column(Text)


__all__ = [
    "Agreement",
    "AuditEntry",
    "Base",
    "Case",
    "CaseEvent",
    "CountyItem",
    "Followup",
    "Mediation",
    "MediationRecord",
    "Meta",
    "NumberBlock",
    "NumberFallback",
    "OutboxOp",
    "Party",
    "Reception",
    "User",
]
