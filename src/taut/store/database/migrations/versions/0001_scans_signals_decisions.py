"""The first store: scans, tracked signals and people's decisions on them.

Revision ID: 0001
Revises:
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision: str | None = None
branch_labels = None
depends_on = None

_LIFECYCLES = (
    "new",
    "ongoing",
    "recovering",
    "resolved",
    "acknowledged",
    "dismissed",
    "rebaselined",
)


def upgrade() -> None:
    op.create_table(
        "scans",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("process", sa.String(length=200), nullable=False),
        sa.Column("as_of", sa.Date(), nullable=False),
        sa.Column("data_end", sa.String(length=40), nullable=False),
        sa.Column("ran_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("worst", sa.String(length=40), nullable=False),
        sa.Column("raised", sa.Integer(), nullable=False),
        sa.Column("new", sa.Integer(), nullable=False),
        sa.Column("replay", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_scans")),
        sa.UniqueConstraint("as_of", name=op.f("uq_scans_as_of")),
    )
    op.create_table(
        "signals",
        sa.Column("id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("area", sa.String(length=200), nullable=False),
        sa.Column("check", sa.String(length=200), nullable=False),
        sa.Column("metric", sa.String(length=80), nullable=False),
        sa.Column("direction", sa.String(length=4), nullable=False),
        sa.Column("segment", sa.JSON(), nullable=True),
        sa.Column("lifecycle", sa.String(length=20), nullable=False),
        sa.Column("state", sa.String(length=40), nullable=False),
        sa.Column("first_raised", sa.Date(), nullable=False),
        sa.Column("first_scan", sa.Date(), nullable=False),
        sa.Column("last_seen", sa.Date(), nullable=False),
        sa.Column("closed_on", sa.Date(), nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("until", sa.Date(), nullable=True),
        sa.Column("baseline_from", sa.Date(), nullable=True),
        sa.CheckConstraint(
            sa.column("direction").in_(("up", "down")), name=op.f("ck_signals_direction")
        ),
        sa.CheckConstraint(
            sa.column("lifecycle").in_(_LIFECYCLES), name=op.f("ck_signals_lifecycle")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_signals")),
    )
    op.create_index("ix_signals_check", "signals", ["check"])
    op.create_table(
        "decisions",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("signal_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=12), nullable=False),
        sa.Column("made_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("until", sa.Date(), nullable=True),
        sa.Column("baseline_from", sa.Date(), nullable=True),
        sa.CheckConstraint(
            sa.column("kind").in_(("ack", "dismiss", "rebaseline")), name=op.f("ck_decisions_kind")
        ),
        sa.ForeignKeyConstraint(
            ["signal_id"],
            ["signals.id"],
            name=op.f("fk_decisions_signal_id_signals"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_decisions")),
    )
    op.create_index("ix_decisions_signal_id", "decisions", ["signal_id"])


def downgrade() -> None:
    op.drop_index("ix_decisions_signal_id", table_name="decisions")
    op.drop_table("decisions")
    op.drop_index("ix_signals_check", table_name="signals")
    op.drop_table("signals")
    op.drop_table("scans")
