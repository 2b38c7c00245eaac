"""A signal's grace before it resolves: the day its check was first seen settled again.

``signals.settled_on`` (nullable): the ``as_of`` of the first scan of the current run of
scans that saw the signal's check steady or improved. The signal stays open
(``recovering``) until a scan at least seven days later still sees it settled
(:mod:`taut.store.life.rules`); a resolved signal keeps the day, where its drift episode
ends (:func:`taut.store.life.baselines.episodes`). Rows from before this revision have
none: a signal resolved then ends its episode on its ``closed_on``, as it did.

Revision ID: 0005
Revises: 0004
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision: str | None = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("signals", sa.Column("settled_on", sa.Date(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("signals") as batch:
        batch.drop_column("settled_on")
