"""What the notifications have sent: one row per item (a new signal, a change's verdict)
and channel (webhook, email), so nothing is ever sent twice on a channel.

Revision ID: 0004
Revises: 0003
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision: str | None = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "deliveries",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("kind", sa.String(length=10), nullable=False),
        sa.Column("subject", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("channel", sa.String(length=10), nullable=False),
        sa.Column("as_of", sa.Date(), nullable=False),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            sa.column("kind").in_(("signal", "change")), name=op.f("ck_deliveries_kind")
        ),
        sa.CheckConstraint(
            sa.column("channel").in_(("webhook", "email")), name=op.f("ck_deliveries_channel")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_deliveries")),
        sa.UniqueConstraint(
            "kind",
            "subject",
            "status",
            "channel",
            name=op.f("uq_deliveries_kind_subject_status_channel"),
        ),
    )


def downgrade() -> None:
    op.drop_table("deliveries")
