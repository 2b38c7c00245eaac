"""How sure taut is of a signal and of the condition it names, in words.

The last sentence of every insight (:mod:`taut.insight.headline`): "very", "quite" or
"fairly" sure from the signal's confidence (its statistic over its threshold: 3 or more,
1.5 or more, less), never sure on a thin baseline (:func:`taut.signal.inputs.window.thin_reason`
says why), and whether the first condition's link holds after Holm's correction for the
conditions tried (:mod:`taut.insight.attribution`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from taut.signal.inputs.window import thin_reason
from taut.words import counted

if TYPE_CHECKING:
    from taut.signal.decide.cap import Signal


def confidence_words(*, signal: Signal, named: bool, tried: int) -> str:
    """How sure taut is, from the signal's confidence and the conditions' tests.

    Args:
        signal: the signal explained.
        named: whether a condition is named (its link is then said to hold).
        tried: how many conditions (and pairs) were tried.

    A signal on a thin baseline (``signal.thin_baseline``: too few decided cases or misses
    in the baseline to know its level) is never called sure, however strong its statistic.
    """
    strength = signal.confidence
    if signal.thin_baseline:
        misses = round(signal.baseline * signal.baseline_cases)
        reason = thin_reason(metric=signal.metric, cases=signal.baseline_cases, misses=misses)
        why = reason or "the whole check's baseline is thin"
        head = (
            f"taut cannot be sure, because {why}; a later baseline.until in taut.yaml, or "
            "more weeks of data, would give it more to go on"
        )
    elif strength >= 3:
        head = "taut is very sure this step has changed"
    elif strength >= 1.5:
        head = "taut is quite sure this step has changed"
    else:
        head = "taut is fairly sure this step has changed, and a week or two more will tell"
    if named:
        return f"{head}; the link to the first condition holds after allowing for {_tried(tried)}"
    return f"{head}; {_none_stands_out(tried)}"


def _tried(tried: int) -> str:
    return (
        "the one condition tried"
        if tried == 1
        else f"the {counted(tried, 'condition', digits=tried > 10)} tried"
    )


def _none_stands_out(tried: int) -> str:
    if tried == 0:
        return "no condition could be tested"
    if tried == 1:
        return "the one condition tried does not stand out"
    return f"none of the {counted(tried, 'condition')} tried stands out"
