"""PLACEHOLDER for the changes helper's revision 0003 (the ``changes`` table).

This empty revision exists only on the ``notify`` branch so that the deliveries migration
(0004, which revises 0003) has a chain to run on. The integrator keeps the changes
helper's ``0003_changes.py`` instead of this file.

Revision ID: 0003
Revises: 0002
"""

from __future__ import annotations

revision = "0003"
down_revision: str | None = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Nothing: the real 0003 (the changes table) comes from the changes branch."""


def downgrade() -> None:
    """Nothing to undo."""
