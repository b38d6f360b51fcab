"""The week view: check a week's plan for spacing (rest days) and growth over the week before."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Mapping

from ..errors import InvalidInputError
from ..kb import KnowledgeBase
from ..models import Exercise
from ._rules import ProgressionRules, bundled_rules
from ._steps import volume
from .engine import Person, _conditions_of, _logs
from .logs import SessionLog
from .results import Dose, WeekAdvice, WeekCheck

__all__ = ["check_week"]

_DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


def _day(key: object) -> dt.date:
    """A day of the week plan: an ISO date, or a weekday name (the week of 2024-01-01, a Monday)."""
    if isinstance(key, dt.date):
        return key
    if isinstance(key, str):
        name = key.strip().casefold()[:3]
        if name in _DAYS:
            return dt.date(2024, 1, 1) + dt.timedelta(days=_DAYS.index(name))
        try:
            return dt.date.fromisoformat(key.strip())
        except ValueError:
            pass
    raise InvalidInputError(
        "week", f"expected a date (2025-03-03) or a weekday (mon ... sun) as a day, got {key!r:.40}"
    )


def check_week(
    kb: KnowledgeBase,
    week: Mapping[object, Iterable[object]],
    person: Person = (),
    previous: Iterable[SessionLog | Mapping[str, object]] = (),
    *,
    rules: ProgressionRules | None = None,
) -> WeekCheck:
    """Check a week's plan: a rest day between sessions that need one, and growth over *previous*.

    *week* maps days (ISO dates or weekday names) to plan items; *previous*
    is the week before, as session logs. Each finding is advice with sources.

    >>> check = check_week(kb, {"mon": [{"exercise": "squat", "sets": 3, "reps": 10}], "tue": ["deadlift"]})
    >>> [(a.rule, a.exercises) for a in check.advice]
    [('strength:rest-day', ('back-squat', 'deadlift'))]
    >>> check_week(kb, {"mon": ["squat"], "wed": ["deadlift"]}).ok
    True
    """
    rules = rules or bundled_rules()
    if not isinstance(week, Mapping):
        raise InvalidInputError("week", f"expected a mapping of days to plan items, got {week!r:.60}")
    conds = kb.condition_ids(_conditions_of(person))
    overweight = bool(set(rules.weekly.overweight_conditions) & conds)
    growth = rules.weekly.growth_max_percent_overweight if overweight else rules.weekly.growth_max_percent
    days: list[tuple[dt.date, Exercise, Dose]] = []
    for key, items in week.items():
        day = _day(key)
        if isinstance(items, str | Mapping) or not isinstance(items, Iterable):
            items = [items]
        for i, item in enumerate(items):
            dose = Dose.from_item(item, f"week[{key}][{i}]")
            days.append((day, kb.exercise(dose.exercise), dose))
    days.sort(key=lambda d: (d[0], d[1].id))
    advice: list[WeekAdvice] = []
    for (d1, e1, _), (d2, e2, _) in ((a, b) for a in days for b in days if (b[0] - a[0]).days > 0):
        fam = rules.family_for(e1.id, e1.category)
        if fam is None or not fam.rest_days or rules.family_for(e2.id, e2.category) is not fam:
            continue
        if (d2 - d1).days <= fam.rest_days and (e1.id == e2.id or set(e1.muscles) & set(e2.muscles)):
            advice.append(
                WeekAdvice(
                    rule=f"{fam.id}:rest-day",
                    day=d2,
                    exercises=tuple(sorted({e1.id, e2.id})),
                    text=f"Leave {fam.rest_days} rest day(s) between these sessions. {fam.reason}",
                    sources=fam.sources,
                )
            )
    advice.extend(_growth(kb, rules, days, previous, growth))
    return WeekCheck(advice=tuple(dict.fromkeys(advice)))


def _growth(
    kb: KnowledgeBase,
    rules: ProgressionRules,
    days: list[tuple[dt.date, Exercise, Dose]],
    previous: Iterable[SessionLog | Mapping[str, object]],
    growth: float,
) -> list[WeekAdvice]:
    before: dict[str, float] = defaultdict(float)
    for log in _logs(previous):
        ex = kb.exercise(log.exercise)
        before[ex.id] += volume(rules.family_for(ex.id, ex.category), log, rules)
    now: dict[str, float] = defaultdict(float)
    for _, ex, dose in days:
        fam = rules.family_for(ex.id, ex.category)
        if fam is None or fam.weekly_limit:  # a ladder is bounded by its own stages
            now[ex.id] += volume(fam, dose, rules)
    w = rules.weekly
    return [
        WeekAdvice(
            rule="weekly-limit",
            day=None,
            exercises=(eid,),
            text=f"This week's {eid} ({now[eid]:g}) is more than {growth:g} % above last week's "
            f"({before[eid]:g}). {w.reason}",
            sources=w.sources,
        )
        for eid in sorted(now)
        if before.get(eid, 0) > 0 and now[eid] > before[eid] * (1 + growth / 100)
    ]
