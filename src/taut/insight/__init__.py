"""Insight: each signal explained in plain English, by conditions and never by people.

A signal alone invites the question "who made the mistake?". The Insight stage asks
instead what made the slip reasonable: it measures where the slip concentrates among
the conditions the cases ran under (workload, time of day, weekday, team, handoff,
declared attributes), how widespread it is (people and teams counted, never named), what
it leads to (lagging outcomes), and writes it down from fixed templates.

>>> from taut.insight import explain_signals, Insight
>>> explain_signals.__name__
'explain_signals'
"""

from __future__ import annotations

from taut.insight.explain import explain_signals
from taut.insight.records import ConditionEffect, Consequence, Insight, Spread

__all__ = ["ConditionEffect", "Consequence", "Insight", "Spread", "explain_signals"]
