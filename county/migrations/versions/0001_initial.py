"""Initial county schema.

Revision ID: 0001
Revises:
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

TZ = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "townships",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("code", sa.String(20), nullable=False, unique=True),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("committee_name", sa.String(200), nullable=False),
        sa.Column("last_seq", sa.BigInteger(), nullable=False),
        sa.Column("created_at", TZ, nullable=False),
    )
    op.create_table(
        "devices",
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column("township_id", sa.Integer(), sa.ForeignKey("townships.id"), nullable=False),
        sa.Column("name", sa.String(100), nullable=False),
        sa.Column("token_hash", sa.String(64), nullable=False, unique=True),
        sa.Column("slot", sa.Integer(), nullable=False),
        sa.Column("created_at", TZ, nullable=False),
        sa.Column("revoked_at", TZ, nullable=True),
        sa.UniqueConstraint("township_id", "slot", name="uq_devices_township_slot"),
    )
    op.create_index("ix_devices_township_id", "devices", ["township_id"])
    op.create_table(
        "enroll_codes",
        sa.Column("code_hash", sa.String(64), primary_key=True),
        sa.Column("township_id", sa.Integer(), sa.ForeignKey("townships.id"), nullable=False),
        sa.Column("created_at", TZ, nullable=False),
        sa.Column("expires_at", TZ, nullable=False),
        sa.Column("used_at", TZ, nullable=True),
        sa.Column("device_id", sa.String(36), nullable=True),
    )
    op.create_index("ix_enroll_codes_township_id", "enroll_codes", ["township_id"])
    op.create_table(
        "records",
        sa.Column("entity", sa.String(32), primary_key=True),
        sa.Column("entity_id", sa.String(36), primary_key=True),
        sa.Column("township_id", sa.Integer(), sa.ForeignKey("townships.id"), nullable=False),
        sa.Column("rev", sa.Integer(), nullable=False),
        sa.Column("payload", sa.Text(), nullable=False),
        sa.Column("digest", sa.String(64), nullable=False),
        sa.Column("updated_at", TZ, nullable=False),
        sa.Column("updated_by", sa.String(36), nullable=True),
    )
    op.create_index("ix_records_township_entity", "records", ["township_id", "entity", "entity_id"])
    op.create_table(
        "applied_ops",
        sa.Column("op_id", sa.String(36), primary_key=True),
        sa.Column("township_id", sa.Integer(), sa.ForeignKey("townships.id"), nullable=False),
        sa.Column("device_id", sa.String(36), nullable=False),
        sa.Column("digest", sa.String(64), nullable=False),
        sa.Column("entity", sa.String(32), nullable=False),
        sa.Column("entity_id", sa.String(36), nullable=False),
        sa.Column("rev", sa.Integer(), nullable=False),
        sa.Column("applied_at", TZ, nullable=False),
    )
    op.create_table(
        "changes",
        sa.Column("township_id", sa.Integer(), sa.ForeignKey("townships.id"), primary_key=True),
        sa.Column("seq", sa.BigInteger(), primary_key=True, autoincrement=False),
        sa.Column("entity", sa.String(32), nullable=False),
        sa.Column("entity_id", sa.String(36), nullable=False),
        sa.Column("action", sa.String(16), nullable=False),
        sa.Column("payload", sa.Text(), nullable=False),
        sa.Column("rev", sa.Integer(), nullable=False),
        sa.Column("origin_device", sa.String(36), nullable=True),
        sa.Column("op_id", sa.String(36), nullable=True),
        sa.Column("created_at", TZ, nullable=False),
    )
    op.create_table(
        "lease_counters",
        sa.Column("township_id", sa.Integer(), sa.ForeignKey("townships.id"), primary_key=True),
        sa.Column("series", sa.String(16), primary_key=True),
        sa.Column("year", sa.Integer(), primary_key=True, autoincrement=False),
        sa.Column("next_value", sa.Integer(), nullable=False),
    )
    op.create_table(
        "lease_grants",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("township_id", sa.Integer(), sa.ForeignKey("townships.id"), nullable=False),
        sa.Column("device_id", sa.String(36), nullable=False),
        sa.Column("series", sa.String(16), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("start", sa.Integer(), nullable=False),
        sa.Column("end", sa.Integer(), nullable=False),
        sa.Column("created_at", TZ, nullable=False),
    )
    op.create_index("ix_lease_grants_township_id", "lease_grants", ["township_id"])
    op.create_table(
        "blobs",
        sa.Column("township_id", sa.Integer(), sa.ForeignKey("townships.id"), primary_key=True),
        sa.Column("sha256", sa.String(64), primary_key=True),
        sa.Column("received", sa.BigInteger(), nullable=False),
        sa.Column("complete", sa.Boolean(), nullable=False),
        sa.Column("updated_at", TZ, nullable=False),
    )


def downgrade() -> None:
    for table in (
        "blobs",
        "lease_grants",
        "lease_counters",
        "changes",
        "applied_ops",
        "records",
        "enroll_codes",
        "devices",
        "townships",
    ):
        op.drop_table(table)
