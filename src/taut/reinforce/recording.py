"""The rules a change must keep to be recorded (``taut reinforce apply``), as errors.

A recorded change is judged by every later scan against its check's own cases, so each
part of it must name something the scans can find: a check of the contract, a playbook
entry, a segment the check's cases are labelled by, and a day the log can hold. Each rule
is one function raising a :class:`~taut.errors.UsageError` that names the value, the rule,
the fix and the closest valid name; the API (:func:`taut.api.apply_change`) runs them
before anything is kept, so a refused change leaves the store as it was.

The day's rule, and why:

- **after today**: refused. A change is recorded once it has taken effect; a planned one
  would be judged on days it did not yet hold.
- **before the log's first day**: refused. Its "before" would hold no case, so no verdict
  could ever be given.
- **after the log's last day, up to today**: kept, with a note. The change has happened
  and the log export simply has not reached it yet; the scans say ``not-yet-clear`` until
  enough cases since it are in the log.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date

from taut.contract.models import Contract
from taut.errors import UsageError, cap_examples, did_you_mean
from taut.ingest.people import SMALL_TEAM
from taut.ingest.span import LogSpan
from taut.signal.inputs.casebook import CheckCases, Labels
from taut.signal.inputs.dimensions import DIMENSIONS

LONGEST = 500
"""The longest change text kept, in characters: a sentence or two, not a document."""


def segment_keys(contract: Contract) -> tuple[str, ...]:
    """The keys a change's segment may have: the fixed dimensions, then the contract's
    declared conditions."""
    return (*(item.name for item in DIMENSIONS), *contract.conditions)


def refuse_change(
    contract: Contract,
    *,
    check: str,
    on: date,
    change: str,
    playbook: str | None,
    playbook_ids: Sequence[str],
    segment: Mapping[str, str] | None,
    today: date,
) -> tuple[str, str]:
    """Refuse a change the contract alone shows to be wrong; return its area and its text.

    Raises:
        UsageError: an unknown check, playbook entry or segment key, a segment of more
            than one key, an empty or overlong text, or a day after today.
    """
    areas = {item.id: area.name for area, item in contract.checks}
    if check not in areas:
        raise UsageError(
            f"--check '{check}' is not a check of the contract. Its checks: "
            f"{cap_examples(list(areas), limit=8)}.{did_you_mean(check, areas)}"
        )
    text = " ".join(change.split())
    if not text:
        raise UsageError(
            "--change is empty: say in a sentence what was changed in the work, e.g. "
            "--change 'Intake form: deal size and start date now mandatory'."
        )
    if len(text) > LONGEST:
        raise UsageError(
            f"--change is {len(text)} characters long; keep it to {LONGEST} (a sentence or "
            "two on what was changed). Put the details where your team keeps its notes."
        )
    if playbook is not None and playbook not in playbook_ids:
        raise UsageError(
            f"--playbook '{playbook}' is not an entry of the playbook. Its entries: "
            f"{cap_examples(list(playbook_ids), limit=12)}.{did_you_mean(playbook, playbook_ids)}"
            " Leave --playbook out for a change of your own."
        )
    if segment:
        refuse_segment_key(segment, contract=contract)
    if on > today:
        raise UsageError(
            f"--on {on.isoformat()} is after today ({today.isoformat()}): record a change "
            "once it has taken effect, on the day it did."
        )
    return areas[check], text


def refuse_segment_key(segment: Mapping[str, str], *, contract: Contract) -> None:
    """Refuse a segment that is not one key of a dimension or declared condition.

    Raises:
        UsageError: naming the key and the keys there are, with the closest.
    """
    keys = segment_keys(contract)
    if len(segment) != 1:
        raise UsageError(
            f"--segment names {len(segment)} segments; a change is recorded on one segment "
            "(e.g. --segment team=North) or, without --segment, on the whole check."
        )
    ((key, _),) = segment.items()
    if key not in keys:
        raise UsageError(
            f"--segment key '{key}' is not a segment taut slices a check by. Keys: "
            f"{cap_examples(list(keys), limit=12)}.{did_you_mean(key, keys)}"
        )


def refuse_day(on: date, *, span: LogSpan, check: str) -> str | None:
    """Refuse a day before the log; a note for a day after its last day (module docstring).

    Raises:
        UsageError: ``on`` is before the log's first day.
    """
    if on < span.first:
        raise UsageError(
            f"--on {on.isoformat()} is before the log's first day ({span.first.isoformat()}): "
            f"taut would have no case of {check} before the change to compare with. Choose "
            f"a day from {span.first.isoformat()} on."
        )
    if on > span.last:
        return (
            f"The log ends on {span.last.isoformat()}, before the change's day: scans will "
            "judge it once the log holds cases since then (until then: not-yet-clear)."
        )
    return None


def refuse_segment_value(segment: Mapping[str, str], *, cases: CheckCases, check: str) -> None:
    """Refuse a segment value that none of the check's cases carries.

    A small team's cases carry the held-back label, never the team's name, so a small
    team is refused like an unknown one (the message says both, and names no small team).

    Raises:
        UsageError: naming the value and the values there are, with the closest.
    """
    ((key, value),) = segment.items()
    labels = cases.labels.get(key)
    if labels is None:
        words: tuple[str | None, ...] = ()
    elif isinstance(labels, Labels):
        words = labels.words
    else:
        words = tuple(dict.fromkeys(labels.tolist()))
    known = sorted(str(word) for word in words if word is not None and word != SMALL_TEAM)
    if value in known:
        return
    small = " (teams of fewer than five people are never a segment of their own)"
    raise UsageError(
        f"--segment {key}={value}: no case of {check} has {key} '{value}'"
        f"{small if key == 'team' else ''}. Values: {cap_examples(known, limit=12)}."
        f"{did_you_mean(value, known)}"
    )
