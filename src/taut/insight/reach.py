"""How far a slip reaches, in words: the fields left blank, the people and teams showing
it, and the lagging outcomes it leads to.

These sentences follow the conditions in an insight (:mod:`taut.insight.headline`); each
reads one record (:class:`~taut.insight.records.BlankFields`,
:class:`~taut.insight.records.Spread`, :class:`~taut.insight.records.Consequence`), and
counts with :mod:`taut.words` ("both teams", "an upgrade").
"""

from __future__ import annotations

from taut.insight.fields import risen_fields
from taut.insight.records import BlankFields, Consequence, Spread
from taut.insight.wording import days_or_weeks, one_in_pair, times_as_often
from taut.words import article, counted, showing, showing_verb

MIN_SHOWN = 5
"""The fewest cases a count in the text may rest on."""


def field_lines(found: BlankFields | None) -> list[str]:
    """Which fields a form leaves blank more often, and whether forms arrive with several."""
    if found is None:
        return []
    risen = risen_fields(found)
    if not risen:
        return []
    names = [f"'{f.field}'" for f in risen]
    if len(risen) == len(found.fields) and len(risen) > 2:
        lines = [f"Every field is left blank more often, most of all {names[0]}."]
    elif len(names) == 1:
        top = risen[0]
        then, now = one_in_pair(top.before, top.during)
        lines = [
            f"The field left blank is mostly {names[0]}: on {now} forms, against {then} before."
        ]
    else:
        listed = ", ".join(names[:-1]) + f" and {names[-1]}"
        lines = [f"The fields left blank more often are {listed}."]
    if found.several_during > 2 * found.several_before and found.several_during >= 0.01:
        lines.append(
            "Forms with two or more blank fields went from "
            + " to ".join(one_in_pair(found.several_before, found.several_during))
            + "."
        )
    return lines


def _judged_teams(spread: Spread, *, unjudged: int) -> str:
    """The teams judged and whether they show it, said as the teams with enough cases to
    judge when others on the cases had too few; one team is "the one team on these cases"
    (or "with enough cases to judge"), never "the only team", which a reader takes for
    the only team of the log."""
    count, total = spread.teams_showing, spread.teams
    verb = "shows it" if count else "does not show it"
    if unjudged == 0:
        if total == 1:
            return f"the one team on these cases {verb}"
        return f"{showing(count, total, 'team')} {showing_verb(count, total)} it"
    if total == 1:
        judged = f"the one team with enough cases to judge {verb}"
    else:
        judged = (
            f"{showing(count, total, 'team')} with enough cases to judge "
            f"{showing_verb(count, total)} it"
        )
    others = (
        "the other team has" if unjudged == 1 else f"the other {counted(unjudged, 'team')} have"
    )
    return f"{judged}; {others} too few cases to tell"


def spread_line(spread: Spread | None) -> str | None:
    """How many people and teams show the slip, counted (``None`` without teams judged).

    Teams on the drift's cases with too few of them to judge are said to be so, and a
    team judged alone is never "the only team" (:func:`_judged_teams`).
    """
    if spread is None or spread.teams == 0:
        return None
    seen = spread.teams if spread.teams_seen is None else max(spread.teams_seen, spread.teams)
    teams = _judged_teams(spread, unjudged=seen - spread.teams)
    if spread.people is None or spread.people_showing is None:
        line = f"{teams}."
    elif seen == spread.teams and spread.teams > 1:
        people = showing(spread.people_showing, spread.people, "person")
        line = f"{people} and {showing(spread.teams_showing, spread.teams, 'team')} show it."
    else:
        people = showing(spread.people_showing, spread.people, "person")
        verb = showing_verb(spread.people_showing, spread.people)
        line = f"{people} {verb} it, and {teams}."
    return line[0].upper() + line[1:]


RAISED_RISK = 1.05
"""The relative risk from which missing a check is said to lead to an outcome more often
(below it the counts are quoted as no sign of a consequence; :func:`times_as_often` calls
0.95 to 1.05 "about as often")."""


def consequence_lines(consequences: tuple[Consequence, ...]) -> list[str]:
    """What missing the check leads to, one or two sentences per lagging outcome."""
    lines: list[str] = []
    for item in consequences:
        name = item.outcome.replace("-", " ").replace("_", " ")
        if item.relative_risk is None or min(item.missed_with, item.kept_with) < MIN_SHOWN:
            lines.append(
                f"Too few cases have been followed long enough to tell whether missing it "
                f"leads to {article(name)}."
            )
            continue
        counts = (
            f"({item.missed_with:,} of {item.missed_cases:,} against "
            f"{item.kept_with:,} of {item.kept_cases:,})"
        )
        if item.relative_risk < RAISED_RISK:
            # Not a consequence: said plainly, never as "less often (0.6 times as often)",
            # and with no lead time, which would imply harm to come.
            lines.append(
                f"Cases that missed it have not ended in {article(name)} more often than "
                f"cases that kept it {counts}: no sign yet that missing it leads to one."
            )
            continue
        lines.append(
            f"Cases that missed it ended in {article(name)} "
            f"{times_as_often(item.relative_risk)} as cases that kept it {counts}."
        )
        if item.lead_days is None:
            lines.append(f"The {name} rate has not risen yet, so there is time to act.")
        elif item.lead_days > 0:
            lines.append(
                f"The check moved {days_or_weeks(item.lead_days)} before the {name} rate rose."
            )
        elif item.lead_days > -7:
            lines.append(f"The {name} rate rose at about the same time.")
        else:
            lines.append(f"The {name} rate had risen {days_or_weeks(-item.lead_days)} earlier.")
    return lines
