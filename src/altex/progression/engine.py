"""next_session: from a plan, the person and their session logs, the next session item by item.

For each plan item the engine takes the latest logged sessions of that
exercise and asks the ``[[signal]]`` rules what their feedback calls for (the
maximum, so worse feedback never gets a bigger step); the item's family then
turns the decision into a dose, inside the weekly growth limit. Every logged
session is also judged by ``kb.assess``: a red flag, or anything that calls for
a doctor, in any log stops every item. It uses only the public API of the
knowledge base (exercise, check, substitutes, assess, condition_ids).
"""

from __future__ import annotations

import datetime as dt
import functools
import itertools
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping
from typing import Protocol, runtime_checkable

from ..errors import DataError, DataProblem, InvalidInputError
from ..kb import KnowledgeBase
from ..models import Exercise, Level
from ..pain import Action, Assessment, AssessmentKind
from ._rules import Decision, Family, ProgressionRules, Signal, bundled_rules
from ._steps import base_dose, reduce, start, step, volume
from .logs import SessionLog
from .results import Dose, NextItem, NextSession, StepReason

__all__ = ["HasConditions", "Person", "next_session"]


@runtime_checkable
class HasConditions(Protocol):
    """Anything with a ``conditions`` attribute (a future person model) counts as a person."""

    @property
    def conditions(self) -> Iterable[str] | str: ...


#: Who the plan is for: their condition names today, or an object with ``conditions``.
Person = Iterable[str] | str | HasConditions

_WEEK = dt.timedelta(days=7)


def next_session(
    kb: KnowledgeBase,
    plan: Iterable[object],
    person: Person = (),
    logs: Iterable[SessionLog | Mapping[str, object]] = (),
    *,
    on: dt.date | str | None = None,
    rules: ProgressionRules | None = None,
) -> NextSession:
    """The next session: progress, hold, reduce, swap or stop for each plan item, with reasons.

    *plan* items are exercise names or mappings (``exercise``, ``sets``,
    ``reps``, ``minutes``, ``load_kg``, ``stage``); *person* is the person's
    condition names (or an object with ``conditions``); *logs* the sessions
    done, in any order. *on* is the day of the next session (default: the day
    after the latest log, or today). altex does not diagnose.

    Raises UnknownExerciseError, UnknownConditionError or InvalidInputError
    naming the plan item or log entry.

    >>> logs = [{"date": "2025-03-03", "exercise": "walking", "minutes": 10, "pain_during": 2, "next_morning": "usual"}]
    >>> item = next_session(kb, [{"exercise": "walking", "minutes": 10}], "sciatica", logs).items[0]
    >>> item.decision.value, item.dose.minutes
    ('progress', 11.0)
    >>> red = [{**logs[0], "pain_during": 7}]
    >>> next_session(kb, ["walking"], "sciatica", red).items[0].dose.minutes
    8.0
    >>> flag = [{**logs[0], "symptoms": ["saddle numbness"]}]
    >>> s = next_session(kb, ["walking"], (), flag)
    >>> s.stopped, s.items[0].decision.value, s.assessment.action.value
    (True, 'stop', 'emergency')
    """
    rules = rules or bundled_rules()
    _check_sources(rules, kb)
    conds = sorted(kb.condition_ids(_conditions_of(person)))
    items = [Dose.from_item(x, f"plan[{i}]") for i, x in enumerate(_listed(plan, "plan"))]
    exercises: dict[str, Exercise] = {}

    def exercise(name: str) -> Exercise:
        found = exercises.get(name)
        if found is None:
            found = exercises[name] = kb.exercise(name)
        return found

    entries = [(exercise(log.exercise).id, log) for log in _logs(logs)]
    entries.sort(key=lambda e: (e[1].date, e[0]))
    if any(a[1].date == b[1].date and a[0] == b[0] for a, b in itertools.pairwise(entries)):
        # Same exercise twice on one day: order those by their content, not by entry order.
        entries.sort(key=lambda e: (e[1].date, e[0], _key(e[1])))
    day = _day(on) if on is not None else entries[-1][1].date + dt.timedelta(days=1) if entries else dt.date.today()
    worst = _triage(kb, [log for _, log in entries])
    if worst is not None:
        why = StepReason(rule="triage", text=worst.advice, sources=_sources(worst))
        stops = tuple(
            NextItem(planned=i, exercise=exercise(i.exercise).id, decision=Decision.STOP, dose=None, reasons=(why,))
            for i in items
        )
        return NextSession(date=day, items=stops, assessment=worst)

    history: dict[str, list[SessionLog]] = defaultdict(list)
    for eid, log in entries:
        if log.date < day:
            history[eid].append(log)
    overweight = bool(set(rules.weekly.overweight_conditions) & set(conds))
    growth = rules.weekly.growth_max_percent_overweight if overweight else rules.weekly.growth_max_percent
    ctx = _Context(kb, rules, conds, day, history, exercise, growth)
    return NextSession(date=day, items=tuple(ctx.decide(i) for i in items))


class _Context:
    """One call's inputs, shared by the items."""

    def __init__(
        self,
        kb: KnowledgeBase,
        rules: ProgressionRules,
        conds: list[str],
        day: dt.date,
        history: Mapping[str, list[SessionLog]],
        exercise: Callable[[str], Exercise],
        growth: float,
    ) -> None:
        self.kb, self.rules, self.conds, self.day, self.history = kb, rules, conds, day, history
        self.exercise = exercise
        self.growth = growth

    def decide(self, planned: Dose) -> NextItem:
        ex = self.exercise(planned.exercise)
        verdict = self.kb.check(ex.id, self.conds)
        cautions = tuple(
            StepReason(rule="caution", text=r.text, sources=r.sources)
            for r in verdict.reasons
            if r.level is Level.CAUTION
        )
        if verdict.level is Level.AVOID:
            harm = next(r for r in verdict.reasons if r.level is Level.AVOID)
            why = StepReason(rule="avoid", text=harm.text, sources=harm.sources)
            return self._swap(planned, ex, (why,))
        fam = self.rules.family_for(ex.id, ex.category)
        logs = self.history.get(ex.id, [])
        if not logs:
            dose = start(fam, planned.model_copy(update={"exercise": ex.id}), self.rules)
            first = (_family_reason(fam, "start"),) if fam else ()
            return NextItem(
                planned=planned, exercise=ex.id, decision=Decision.HOLD, dose=dose, reasons=first + cautions
            )
        latest_day = logs[-1].date
        latest = [log for log in logs if log.date == latest_day]
        met = _undominated({s.id: s for log in latest for s in self.rules.signal if _meets(s, log)})
        decision = max((s.decision for s in met.values()), default=Decision.PROGRESS)
        reasons: list[StepReason] = [
            StepReason(rule=s.id, text=s.reason, sources=s.sources) for s in sorted(met.values(), key=_order)
        ]
        if decision is Decision.SWAP:
            return self._swap(planned, ex, (*reasons, *cautions))
        worst = max(latest, key=lambda log: (_decision(self.rules, log), _key(log)))
        base = base_dose(planned.model_copy(update={"exercise": ex.id}), worst, fam, self.rules)
        if decision is Decision.PROGRESS and fam is not None and worst.pain_during > fam.advance_pain_max:
            decision = Decision.HOLD
            reasons.append(_family_reason(fam, "pain-free"))
        before, recent = self._weeks(fam, logs)
        dose = base
        if decision is Decision.PROGRESS:
            stepped = step(fam, base) if fam is not None else None
            if stepped is None or stepped == base:
                decision = Decision.HOLD
                if fam is not None:
                    reasons.append(_family_reason(fam, "ceiling"))
            elif (
                fam is not None
                and fam.weekly_limit
                and before > 0
                and recent + volume(fam, stepped, self.rules) > before * (1 + self.growth / 100)
            ):
                decision = Decision.HOLD
                w = self.rules.weekly
                reasons.append(StepReason(rule="weekly-limit", text=w.reason, sources=w.sources))
            else:
                dose = stepped
                reasons.append(_family_reason(fam, "step"))
        elif decision is Decision.REDUCE:
            dose = reduce(fam, base)
            if fam is not None:
                reasons.append(_family_reason(fam, "reduce"))
        return NextItem(
            planned=planned,
            exercise=ex.id,
            decision=decision,
            dose=dose,
            reasons=(*reasons, *cautions),
            not_before=self._rest_day(ex, fam),
            week_before=before,
            week_with_next=recent + volume(fam, dose, self.rules),
        )

    def _weeks(self, fam: Family | None, logs: list[SessionLog]) -> tuple[float, float]:
        """The volume of the week before and of the six days before the next session.

        The week before is the 7 days from two weeks back; with less history
        than that, the first 7 days logged (once a week has gone by), so that a
        new activity's second week is already held to the limit.
        """
        start = max(self.day - 2 * _WEEK, logs[0].date)
        if start + _WEEK > self.day:
            return 0.0, sum(volume(fam, log, self.rules) for log in logs if self.day - _WEEK < log.date)
        before = sum(volume(fam, log, self.rules) for log in logs if start <= log.date < start + _WEEK)
        recent = sum(volume(fam, log, self.rules) for log in logs if self.day - _WEEK < log.date)
        return before, recent

    def _swap(self, planned: Dose, ex: Exercise, reasons: tuple[StepReason, ...]) -> NextItem:
        found = self.kb.substitutes(ex.id, self.conds, limit=1)
        if not found:
            none = StepReason(rule="no-substitute", text="No safe alternative is known: leave it out.", sources=())
            return NextItem(
                planned=planned, exercise=ex.id, decision=Decision.STOP, dose=None, reasons=(*reasons, none)
            )
        sub = found[0].exercise
        fam = self.rules.family_for(sub.id, sub.category)
        carried = planned.model_copy(update={"exercise": sub.id, "stage": None, "stage_label": None})
        dose = start(fam, carried, self.rules) if not self.history.get(sub.id) else carried
        swap = StepReason(rule="substitute", text=found[0].why, sources=())
        return NextItem(
            planned=planned,
            exercise=ex.id,
            decision=Decision.SWAP,
            dose=dose,
            swap_to=sub.id,
            reasons=(*reasons, swap),
        )

    @functools.cached_property
    def _lasts(self) -> list[tuple[str, Family | None, frozenset[str], dt.date]]:
        """Per exercise logged: its family, the muscles it works and its last day."""
        out = []
        for eid, logs in self.history.items():
            other = self.exercise(eid)
            worked = frozenset(m.value for m in other.muscles)
            out.append((eid, self.rules.family_for(eid, other.category), worked, logs[-1].date))
        return out

    def _rest_day(self, ex: Exercise, fam: Family | None) -> dt.date | None:
        """The first day after the rest day(s) the family asks for since a session for the same muscles."""
        if fam is None or not fam.rest_days:
            return None
        muscles = {m.value for m in ex.muscles}
        last = max(
            (d for eid, f, worked, d in self._lasts if eid == ex.id or (f is fam and muscles & worked)), default=None
        )
        first = last + dt.timedelta(days=fam.rest_days + 1) if last is not None else None
        return first if first is not None and first > self.day else None


def _meets(signal: Signal, log: SessionLog) -> bool:
    w = signal.when
    return (
        (w.pain_during_min is None or log.pain_during >= w.pain_during_min)
        and (w.next_morning_min is None or log.next_morning >= w.next_morning_min)
        and (w.leg_min is None or log.leg >= w.leg_min)
        and (w.effort_min is None or (log.effort is not None and log.effort >= w.effort_min))
        and (w.stopped is None or log.stopped)
    )


def _undominated(met: dict[str, Signal]) -> dict[str, Signal]:
    """The signals met, less those a stricter one on the same feedback says more than.

    (Red pain during makes the amber signal redundant; a worse next morning, "not known yet".)
    """

    def beats(t: Signal, s: Signal) -> bool:
        fields = s.when.model_dump(exclude_none=True)
        other = t.when.model_dump(exclude_none=True)
        return (
            t.id != s.id
            and t.decision >= s.decision
            and other.keys() == fields.keys()
            and all(other[k] >= v for k, v in fields.items())
        )

    return {k: s for k, s in met.items() if not any(beats(t, s) for t in met.values())}


def _decision(rules: ProgressionRules, log: SessionLog) -> Decision:
    return max((s.decision for s in rules.signal if _meets(s, log)), default=Decision.PROGRESS)


def _order(signal: Signal) -> tuple[int, str]:
    return -signal.decision.rank, signal.id


def _family_reason(fam: Family | None, what: str) -> StepReason:
    assert fam is not None
    return StepReason(rule=f"{fam.id}:{what}", text=fam.reason, sources=fam.sources)


def _key(log: SessionLog) -> tuple[object, ...]:
    """A total order on logs, so that the order they were entered in never matters."""
    return (
        log.pain_during,
        log.next_morning.rank,
        log.leg.rank,
        log.stopped,
        -1 if log.effort is None else log.effort,
        log.symptoms,
        *(-1.0 if v is None else float(v) for v in (log.stage, log.sets, log.reps, log.minutes, log.load_kg)),
    )


def _triage(kb: KnowledgeBase, logs: list[SessionLog]) -> Assessment | None:
    """The most serious assessment among the logs, when it calls for a doctor or is a red flag."""
    seen: dict[tuple[int, tuple[str, ...]], Assessment] = {}
    worst: Assessment | None = None
    for log in logs:
        key = (log.pain_during, log.symptoms)
        a = seen.get(key)
        if a is None:
            a = seen[key] = kb.assess(log.report())
        stops = a.kind is AssessmentKind.RED_FLAG or a.action >= Action.SEE_DOCTOR
        if stops and (worst is None or (a.action, a.kind) > (worst.action, worst.kind)):
            worst = a
    return worst


def _sources(a: Assessment) -> tuple[str, ...]:
    return tuple(dict.fromkeys(s for r in a.reasons for s in r.sources))


def _day(on: object) -> dt.date:
    """The day of the next session: a date, or an ISO date string."""
    if isinstance(on, dt.datetime):
        return on.date()
    if isinstance(on, dt.date):
        return on
    if isinstance(on, str):
        try:
            return dt.date.fromisoformat(on.strip())
        except ValueError:
            pass
    raise InvalidInputError("on", f"expected a date such as 2025-03-03, got {on!r:.40}")


def _conditions_of(person: Person) -> Iterable[str] | str:
    if isinstance(person, str):
        return person
    if isinstance(person, HasConditions):
        return person.conditions
    return person


def _listed(items: Iterable[object], what: str) -> list[object]:
    if isinstance(items, str | bytes | Mapping) or not isinstance(items, Iterable):
        raise InvalidInputError(what, f"expected a list, got {items!r:.60}")
    return list(items)


def _logs(logs: Iterable[SessionLog | Mapping[str, object]]) -> list[SessionLog]:
    return [SessionLog.from_mapping(x, f"logs[{i}]") for i, x in enumerate(_listed(logs, "logs"))]


def _check_sources(rules: ProgressionRules, kb: KnowledgeBase) -> None:
    """Every source the progression rules cite is a source of *kb* (a few dozen look-ups)."""
    missing = [
        DataProblem("progression.toml", rec, fld, f"unknown source {sid!r}")
        for rec, fld, sid in rules.cited()
        if sid not in kb.sources
    ]
    if missing:
        raise DataError(missing)
