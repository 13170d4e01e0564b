"""The county server's tables: townships, devices, records, the per-township change feed, leases, blobs."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
    BigInteger,
    Boolean,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class Base(DeclarativeBase):
    pass


class Township(Base):
    __tablename__ = "townships"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    code: Mapped[str] = mapped_column(String(20), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    committee_name: Mapped[str] = mapped_column(String(200))
    # Last seq handed out in this township's change feed. Writers bump it first thing in their
    # transaction, which row-locks the township: feed seqs commit in order, so a cursor never skips one.
    last_seq: Mapped[int] = mapped_column(BigInteger, default=0)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    quota_bytes: Mapped[int | None] = mapped_column(BigInteger, nullable=True)  # None: DEFAULT_QUOTA_BYTES
    training: Mapped[bool] = mapped_column(Boolean, default=False)  # takes training (demo data) PCs only


class Device(Base):
    __tablename__ = "devices"
    __table_args__ = (UniqueConstraint("township_id", "slot", name="uq_devices_township_slot"),)

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    township_id: Mapped[int] = mapped_column(ForeignKey("townships.id"), index=True)
    name: Mapped[str] = mapped_column(String(100))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)  # sha256 hex of the bearer token
    slot: Mapped[int] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    revoked_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    # Token rotation: the token before the current one stays valid until prev_token_expires_at.
    prev_token_hash: Mapped[str | None] = mapped_column(String(64), nullable=True, index=True)
    prev_token_expires_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    token_issued_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    last_used_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    last_address: Mapped[str | None] = mapped_column(String(64), nullable=True)
    synced_at: Mapped[datetime | None] = mapped_column(
        DateTime(timezone=True), nullable=True
    )  # first full pull


class EnrollCode(Base):
    __tablename__ = "enroll_codes"

    code_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    township_id: Mapped[int] = mapped_column(ForeignKey("townships.id"), index=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    expires_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    used_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    device_id: Mapped[str | None] = mapped_column(String(36), nullable=True)
    # sha256 of the key the enrolling PC generated: a retry with the same code and key gets the same device.
    enroll_key_hash: Mapped[str | None] = mapped_column(String(64), nullable=True)
    revoked_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)


class EnrollAttempt(Base):
    """One POST /enroll, for the attempt limits per source address and per township."""

    __tablename__ = "enroll_attempts"
    __table_args__ = (
        Index("ix_enroll_attempts_address_at", "address", "at"),
        Index("ix_enroll_attempts_township_at", "township_id", "at"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    address: Mapped[str] = mapped_column(String(64))
    township_id: Mapped[int | None] = mapped_column(ForeignKey("townships.id"), nullable=True)
    ok: Mapped[bool] = mapped_column(Boolean)


class Alert(Base):
    """A security event for the county administrator (admin alerts), e.g. a full re-pull."""

    __tablename__ = "alerts"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    township_id: Mapped[int] = mapped_column(ForeignKey("townships.id"), index=True)
    device_id: Mapped[str | None] = mapped_column(String(36), nullable=True)
    kind: Mapped[str] = mapped_column(String(32))
    address: Mapped[str | None] = mapped_column(String(64), nullable=True)
    # Acknowledged by a county administrator (admin alerts --ack ID --by NAME --note TEXT); None: open.
    acknowledged_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    acknowledged_by: Mapped[str | None] = mapped_column(String(100), nullable=True)
    ack_note: Mapped[str | None] = mapped_column(String(200), nullable=True)


class Record(Base):
    """Current state of one synced record. Ids are client-made UUIDs, unique per entity across townships."""

    __tablename__ = "records"
    __table_args__ = (Index("ix_records_township_entity", "township_id", "entity", "entity_id"),)

    entity: Mapped[str] = mapped_column(String(32), primary_key=True)
    entity_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    township_id: Mapped[int] = mapped_column(ForeignKey("townships.id"))
    rev: Mapped[int] = mapped_column(Integer)
    payload: Mapped[str] = mapped_column(Text)  # JSON
    digest: Mapped[str] = mapped_column(String(64))  # protocol.payload_digest(payload)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    updated_by: Mapped[str | None] = mapped_column(String(36), nullable=True)  # device id; None = county


class AppliedOp(Base):
    """Idempotency record of an applied op; written in the same transaction as the op's effects."""

    __tablename__ = "applied_ops"

    op_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    township_id: Mapped[int] = mapped_column(ForeignKey("townships.id"))
    device_id: Mapped[str] = mapped_column(String(36))
    digest: Mapped[str] = mapped_column(String(64))  # protocol.op_digest
    entity: Mapped[str] = mapped_column(String(32))
    entity_id: Mapped[str] = mapped_column(String(36))
    rev: Mapped[int] = mapped_column(Integer)
    applied_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class Change(Base):
    """One entry of a township's change feed, as returned by pull."""

    __tablename__ = "changes"

    township_id: Mapped[int] = mapped_column(ForeignKey("townships.id"), primary_key=True)
    seq: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    entity: Mapped[str] = mapped_column(String(32))
    entity_id: Mapped[str] = mapped_column(String(36))
    action: Mapped[str] = mapped_column(String(16))
    payload: Mapped[str] = mapped_column(Text)  # JSON
    rev: Mapped[int] = mapped_column(Integer)
    origin_device: Mapped[str | None] = mapped_column(String(36), nullable=True)
    op_id: Mapped[str | None] = mapped_column(String(36), nullable=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class LeaseCounter(Base):
    __tablename__ = "lease_counters"

    township_id: Mapped[int] = mapped_column(ForeignKey("townships.id"), primary_key=True)
    series: Mapped[str] = mapped_column(String(16), primary_key=True)
    year: Mapped[int] = mapped_column(Integer, primary_key=True)
    next_value: Mapped[int] = mapped_column(Integer)


class LeaseGrant(Base):
    """Audit trail of every block handed out."""

    __tablename__ = "lease_grants"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    township_id: Mapped[int] = mapped_column(ForeignKey("townships.id"), index=True)
    device_id: Mapped[str] = mapped_column(String(36))
    series: Mapped[str] = mapped_column(String(16))
    year: Mapped[int] = mapped_column(Integer)
    start: Mapped[int] = mapped_column(Integer)
    end: Mapped[int] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class Blob(Base):
    """Upload state of one content-addressed blob for one township; the bytes live on disk."""

    __tablename__ = "blobs"

    township_id: Mapped[int] = mapped_column(ForeignKey("townships.id"), primary_key=True)
    sha256: Mapped[str] = mapped_column(String(64), primary_key=True)
    received: Mapped[int] = mapped_column(BigInteger, default=0)
    complete: Mapped[bool] = mapped_column(Boolean, default=False)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
