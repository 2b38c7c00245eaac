"""Each scan's sighting of each signal, and at most one open signal per identity.

Revision ID: 0002
Revises: 0001
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision: str | None = "0001"
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
_OPEN = ("new", "ongoing", "recovering", "acknowledged", "dismissed")


def upgrade() -> None:
    op.create_table(
        "sightings",
        sa.Column("scan_id", sa.Integer(), nullable=False),
        sa.Column("signal_id", sa.Integer(), nullable=False),
        sa.Column("segment", sa.JSON(), nullable=True),
        sa.Column("state", sa.String(length=40), nullable=False),
        sa.Column("lifecycle", sa.String(length=20), nullable=False),
        sa.Column("baseline", sa.Float(), nullable=True),
        sa.Column("current", sa.Float(), nullable=True),
        sa.Column("cases", sa.Integer(), nullable=True),
        sa.CheckConstraint(
            sa.column("lifecycle").in_(_LIFECYCLES), name=op.f("ck_sightings_lifecycle")
        ),
        sa.ForeignKeyConstraint(
            ["scan_id"], ["scans.id"], name=op.f("fk_sightings_scan_id_scans"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["signal_id"],
            ["signals.id"],
            name=op.f("fk_sightings_signal_id_signals"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("scan_id", "signal_id", name=op.f("pk_sightings")),
    )
    op.create_index("ix_sightings_signal_id", "sightings", ["signal_id"])
    is_open = sa.column("lifecycle").in_(_OPEN)
    op.create_index(
        "uq_signals_open_key",
        "signals",
        ["check", "metric", "direction"],
        unique=True,
        sqlite_where=is_open,
        postgresql_where=is_open,
    )


def downgrade() -> None:
    op.drop_index("uq_signals_open_key", table_name="signals")
    op.drop_index("ix_sightings_signal_id", table_name="sightings")
    op.drop_table("sightings")
