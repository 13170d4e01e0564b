"""Hardening (#17): device token rotation and last use, enrolment keys and attempts, code revocation,
per-township storage quota, security alerts.

Revision ID: 0002
Revises: 0001
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

TZ = sa.DateTime(timezone=True)


def upgrade() -> None:
    with op.batch_alter_table("devices") as batch:
        batch.add_column(sa.Column("prev_token_hash", sa.String(64), nullable=True))
        batch.add_column(sa.Column("prev_token_expires_at", TZ, nullable=True))
        batch.add_column(sa.Column("token_issued_at", TZ, nullable=True))
        batch.add_column(sa.Column("last_used_at", TZ, nullable=True))
        batch.add_column(sa.Column("last_address", sa.String(64), nullable=True))
        batch.add_column(sa.Column("synced_at", TZ, nullable=True))
    op.create_index("ix_devices_prev_token_hash", "devices", ["prev_token_hash"])
    with op.batch_alter_table("enroll_codes") as batch:
        batch.add_column(sa.Column("enroll_key_hash", sa.String(64), nullable=True))
        batch.add_column(sa.Column("revoked_at", TZ, nullable=True))
    with op.batch_alter_table("townships") as batch:
        batch.add_column(sa.Column("quota_bytes", sa.BigInteger(), nullable=True))
    op.create_table(
        "enroll_attempts",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("at", TZ, nullable=False),
        sa.Column("address", sa.String(64), nullable=False),
        sa.Column("township_id", sa.Integer(), sa.ForeignKey("townships.id"), nullable=True),
        sa.Column("ok", sa.Boolean(), nullable=False),
    )
    op.create_index("ix_enroll_attempts_address_at", "enroll_attempts", ["address", "at"])
    op.create_index("ix_enroll_attempts_township_at", "enroll_attempts", ["township_id", "at"])
    op.create_table(
        "alerts",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("at", TZ, nullable=False),
        sa.Column("township_id", sa.Integer(), sa.ForeignKey("townships.id"), nullable=False),
        sa.Column("device_id", sa.String(36), nullable=True),
        sa.Column("kind", sa.String(32), nullable=False),
        sa.Column("address", sa.String(64), nullable=True),
    )
    op.create_index("ix_alerts_township_id", "alerts", ["township_id"])


def downgrade() -> None:
    op.drop_table("alerts")
    op.drop_table("enroll_attempts")
    with op.batch_alter_table("townships") as batch:
        batch.drop_column("quota_bytes")
    with op.batch_alter_table("enroll_codes") as batch:
        batch.drop_column("revoked_at")
        batch.drop_column("enroll_key_hash")
    op.drop_index("ix_devices_prev_token_hash", "devices")
    with op.batch_alter_table("devices") as batch:
        for name in (
            "synced_at",
            "last_address",
            "last_used_at",
            "token_issued_at",
            "prev_token_expires_at",
            "prev_token_hash",
        ):
            batch.drop_column(name)
