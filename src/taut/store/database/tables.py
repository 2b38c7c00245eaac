"""The state store's tables, as SQLAlchemy Core: what a store keeps, and nothing about people.

Five tables, one row each of:

- ``scans``: a scan (its ``as_of`` is unique: a rescan of the same day replaces it);
- ``signals``: a tracked signal, its life across scans (id assigned by taut, see
  :meth:`taut.store.database.Writing.next_id`);
- ``sightings``: what one scan saw of one signal (segment, state, lifecycle, the metric's
  baseline and current values, how many cases), deleted with its scan;
- ``decisions``: a person's decision on a signal (ack, dismiss, rebaseline) and its note,
  never who made it;
- ``changes``: a change made to the work (``taut reinforce apply``): the check it is meant
  to steady, the day it took effect, what was changed, the playbook entry and the segment
  it names, the signal it answers; never who made it.
- ``deliveries``: what a notification sent, per channel (a new signal or a change's
  verdict: its kind, id and status), so it is never sent twice (:mod:`~.deliveries`).

No column holds a case id, a person, a team member or any value of the event log beyond a
segment's ``{"team": "North"}`` label (a group, shown only when the contract's privacy rules
let the brief show it). These definitions are the schema at the newest migration
(``migrations/versions``); a test checks that the two agree.
"""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    Column,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    TypeDecorator,
    UniqueConstraint,
    column,
)
from sqlalchemy.engine import Dialect

from taut.store.records import OPEN_LIFECYCLES

NAMING = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}
"""Constraint names fixed by convention, so migrations can name what they change."""

metadata = MetaData(naming_convention=NAMING)

HEAD = "0006"
"""The schema revision these tables are: the newest migration's (a test keeps them equal).
A store at it is used as it is, without loading Alembic."""

version = Table("alembic_version", MetaData(), Column("version_num", String(32)))
"""Alembic's own one-row table holding a store's schema revision (read, never written here)."""


class UtcDateTime(TypeDecorator[datetime]):
    """A moment, stored in UTC and read back aware (SQLite keeps no time zone of its own).

    A naive datetime is refused: taut never guesses which zone a moment was in.
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError(f"the moment {value.isoformat()} has no time zone; give it one")
        moment = value.astimezone(UTC)
        return moment.replace(tzinfo=None) if dialect.name == "sqlite" else moment

    def process_result_value(self, value: datetime | None, _dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


Segment = JSON(none_as_null=True)
"""A slice's ``{"team": "North"}`` mapping; SQL NULL for the whole check."""

LIFECYCLES = (
    "new",
    "ongoing",
    "recovering",
    "resolved",
    "acknowledged",
    "dismissed",
    "rebaselined",
)
scans = Table(
    "scans",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("process", String(200), nullable=False),
    Column("as_of", Date, nullable=False, unique=True),
    Column("data_end", String(40), nullable=False),
    Column("ran_at", UtcDateTime(), nullable=False),
    Column("worst", String(40), nullable=False),
    Column("raised", Integer, nullable=False),
    Column("new", Integer, nullable=False),
    Column("replay", Boolean, nullable=False),
)

signals = Table(
    "signals",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=False),
    Column("area", String(200), nullable=False),
    Column("check", String(200), nullable=False),
    Column("metric", String(80), nullable=False),
    Column("direction", String(4), nullable=False),
    Column("segment", Segment, nullable=True),
    Column("lifecycle", String(20), nullable=False),
    Column("state", String(40), nullable=False),
    Column("first_raised", Date, nullable=False),
    Column("first_scan", Date, nullable=False),
    Column("last_seen", Date, nullable=False),
    Column("closed_on", Date, nullable=True),
    Column("note", Text, nullable=True),
    Column("until", Date, nullable=True),
    Column("baseline_from", Date, nullable=True),
    Column("settled_on", Date, nullable=True),
    CheckConstraint(column("direction").in_(("up", "down")), name="direction"),
    CheckConstraint(column("lifecycle").in_(LIFECYCLES), name="lifecycle"),
    Index("ix_signals_check", "check"),
)

_open = signals.c.lifecycle.in_(OPEN_LIFECYCLES)
# At most one open signal per identity (check, metric, direction): the store's own guard
# against two scans at once opening the same signal twice.
Index(
    "uq_signals_open_key",
    signals.c.check,
    signals.c.metric,
    signals.c.direction,
    unique=True,
    sqlite_where=_open,
    postgresql_where=_open,
)

sightings = Table(
    "sightings",
    metadata,
    Column("scan_id", Integer, ForeignKey("scans.id", ondelete="CASCADE"), primary_key=True),
    Column("signal_id", Integer, ForeignKey("signals.id", ondelete="CASCADE"), primary_key=True),
    Column("segment", Segment, nullable=True),
    Column("state", String(40), nullable=False),
    Column("lifecycle", String(20), nullable=False),
    Column("baseline", Float, nullable=True),
    Column("current", Float, nullable=True),
    Column("cases", Integer, nullable=True),
    CheckConstraint(column("lifecycle").in_(LIFECYCLES), name="lifecycle"),
    Index("ix_sightings_signal_id", "signal_id"),
)

decisions = Table(
    "decisions",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("signal_id", Integer, ForeignKey("signals.id", ondelete="CASCADE"), nullable=False),
    Column("kind", String(12), nullable=False),
    Column("made_at", UtcDateTime(), nullable=False),
    Column("note", Text, nullable=True),
    Column("until", Date, nullable=True),
    Column("baseline_from", Date, nullable=True),
    CheckConstraint(column("kind").in_(("ack", "dismiss", "rebaseline")), name="kind"),
    Index("ix_decisions_signal_id", "signal_id"),
)

changes = Table(
    "changes",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("area", String(200), nullable=False),
    Column("check", String(200), nullable=False),
    Column("applied_on", Date, nullable=False),
    Column("change", Text, nullable=False),
    Column("playbook", String(200), nullable=True),
    Column("segment", Segment, nullable=True),
    Column("signal_id", Integer, ForeignKey("signals.id", ondelete="SET NULL"), nullable=True),
    Column("recorded_at", UtcDateTime(), nullable=False),
    Index("ix_changes_check", "check"),
)
"""A change's signal is kept when a rescan replaces the scan that opened it
(:meth:`~taut.store.database.Writing.save_scan`); should it go all the same, the change stays
and names no signal."""
DELIVERY_KINDS = ("signal", "change")
CHANNELS = ("webhook", "email")

deliveries = Table(
    "deliveries",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("kind", String(10), nullable=False),
    Column("subject", Integer, nullable=False),
    Column("status", String(20), nullable=False),
    Column("channel", String(10), nullable=False),
    Column("as_of", Date, nullable=False),
    Column("sent_at", UtcDateTime(), nullable=False),
    CheckConstraint(column("kind").in_(DELIVERY_KINDS), name="kind"),
    CheckConstraint(column("channel").in_(CHANNELS), name="channel"),
    UniqueConstraint("kind", "subject", "status", "channel"),
)
