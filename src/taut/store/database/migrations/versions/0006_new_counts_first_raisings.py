"""A scan's ``new`` counts the signals it first raised, each once in the store's history.

Before this revision ``scans.new`` counted what was news to the scan's reader: after Mondays
caught up unseen, a signal opened on one of them was counted new there and again on the scan
after them, so ``taut history`` counted one first raising twice. Every scan now stores how
many signals it opened (:func:`taut.store.recording.record_scan`), and this revision
recounts the rows already kept from the signals' ``first_scan``: the count of signals whose
first scan is that scan's ``as_of``. A downgrade keeps the recounted values (the reader's
count cannot be told from the store, and an older taut reads either the same way).

Revision ID: 0006
Revises: 0005
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision: str | None = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    scans = sa.table("scans", sa.column("as_of", sa.Date()), sa.column("new", sa.Integer()))
    signals = sa.table("signals", sa.column("first_scan", sa.Date()))
    opened = (
        sa.select(sa.func.count())
        .select_from(signals)
        .where(signals.c.first_scan == scans.c.as_of)
        .scalar_subquery()
    )
    op.execute(sa.update(scans).values(new=opened))


def downgrade() -> None:
    """Nothing to undo: the schema is unchanged and the recounted values read as before."""
