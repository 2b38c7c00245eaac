"""The changes made to the work: ``taut reinforce apply``'s records (no person column).

Revision ID: 0003
Revises: 0002
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision: str | None = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "changes",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("area", sa.String(length=200), nullable=False),
        sa.Column("check", sa.String(length=200), nullable=False),
        sa.Column("applied_on", sa.Date(), nullable=False),
        sa.Column("change", sa.Text(), nullable=False),
        sa.Column("playbook", sa.String(length=200), nullable=True),
        sa.Column("segment", sa.JSON(), nullable=True),
        sa.Column("signal_id", sa.Integer(), nullable=True),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["signal_id"],
            ["signals.id"],
            name=op.f("fk_changes_signal_id_signals"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_changes")),
    )
    op.create_index("ix_changes_check", "changes", ["check"])


def downgrade() -> None:
    op.drop_index("ix_changes_check", table_name="changes")
    op.drop_table("changes")
