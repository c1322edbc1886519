"""API keys, feedback, audit log and ingest leases.

Revision ID: 0001
Revises:
Create Date: 2025-01-01
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0001"
down_revision: str | Sequence[str] | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# A migration is frozen history: it spells its types out instead of importing api.db (whose UTCDateTime
# stores exactly this type).
_TIME = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "api_keys",
        sa.Column("id", sa.String(16), primary_key=True),
        sa.Column("name", sa.String(100), nullable=False),
        sa.Column("role", sa.String(16), nullable=False),
        sa.Column("brands", sa.JSON(), nullable=False),
        sa.Column("secret_hash", sa.String(64), nullable=False),
        sa.Column("created_at", _TIME, nullable=False),
        sa.Column("revoked_at", _TIME, nullable=True),
        sa.Column("last_used_at", _TIME, nullable=True),
        sa.CheckConstraint("role IN ('agent', 'admin')", name="ck_api_keys_role"),
    )
    op.create_table(
        "feedback",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("created_at", _TIME, nullable=False),
        sa.Column("key_id", sa.String(16), nullable=True),
        sa.Column("brand", sa.String(64), nullable=False),
        sa.Column("draft_id", sa.String(64), nullable=False),
        sa.Column("verdict", sa.String(16), nullable=False),
        sa.Column("final_text", sa.Text(), nullable=True),
        sa.Column("post", sa.Text(), nullable=True),
        sa.Column("draft_text", sa.Text(), nullable=True),
        sa.Column("language", sa.String(16), nullable=True),
        sa.CheckConstraint("verdict IN ('accepted', 'edited', 'rejected')", name="ck_feedback_verdict"),
    )
    op.create_index("ix_feedback_brand_created_at", "feedback", ["brand", "created_at"])
    op.create_table(
        "audit_log",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("at", _TIME, nullable=False),
        sa.Column("key_id", sa.String(16), nullable=True),
        sa.Column("action", sa.String(64), nullable=False),
        sa.Column("outcome", sa.String(32), nullable=False),
        sa.Column("brand", sa.String(64), nullable=True),
        sa.Column("detail", sa.String(200), nullable=False),
        sa.Column("client", sa.String(128), nullable=True),
    )
    op.create_index("ix_audit_log_at", "audit_log", ["at"])
    op.create_table(
        "ingest_leases",
        sa.Column("brand", sa.String(64), primary_key=True),
        sa.Column("holder", sa.String(128), nullable=False),
        sa.Column("expires_at", _TIME, nullable=False),
    )


def downgrade() -> None:
    op.drop_table("ingest_leases")
    op.drop_index("ix_audit_log_at", table_name="audit_log")
    op.drop_table("audit_log")
    op.drop_index("ix_feedback_brand_created_at", table_name="feedback")
    op.drop_table("feedback")
    op.drop_table("api_keys")
