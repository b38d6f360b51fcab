"""The rule engine: which rules apply to an exercise for a set of conditions.

Which rules link each exercise to each condition is worked out once, at load
(``RuleIndex``); a query only gathers the links of its conditions, adds the
combination rules whose conditions are all present, words the reasons and
takes the maximum level. Nothing here can lower a level: benefits are listed
beside harms, never against them.

An exercise outside the knowledge base (a record of an app's catalog, see
``altex.catalog``) is judged by the same rules through the mechanisms inferred
for it: :meth:`RuleIndex.inferred_reasons` and :meth:`RuleIndex.inferred_combinations`.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import NamedTuple, TypeVar

from ._load import Records
from .models import (
    Aggravation,
    Benefit,
    CitedRule,
    Combination,
    Condition,
    Contraindication,
    Evidence,
    Exercise,
    Inference,
    Intensity,
    Level,
    Mechanism,
    Relief,
)
from .results import Reason, Verdict

__all__ = ["RuleIndex", "Via", "conclude", "lc", "strongest"]

_ADVICE = {Level.CAUTION: "take care with", Level.AVOID: "avoid"}


def lc(name: str) -> str:
    """Lowercase a name for use mid-sentence, keeping acronyms (``HIIT``) as they are.

    >>> lc("Sciatica"), lc("HIIT")
    ('sciatica', 'HIIT')
    """
    return name[0].lower() + name[1:] if len(name) > 1 and not name[1].isupper() else name


_lc = lc


def _sentence(text: str, note: str) -> str:
    return f"{text} {note}".strip() if note else text


def _reason(level: Level, condition: Condition | None, path: tuple[str, ...], text: str, rule: CitedRule) -> Reason:
    return Reason.model_construct(
        level=level,
        condition=condition,
        path=path,
        text=_sentence(text, rule.note),
        sources=rule.sources,
        evidence=rule.evidence,
    )


def _order(reason: Reason) -> tuple[int, str, tuple[str, ...]]:
    # Harms first, worst first; then by condition and path so that the same
    # question always lists its reasons in the same order.
    return (-reason.level.rank, reason.condition.id if reason.condition else "", reason.path)


class _Link(NamedTuple):
    """That one rule links an exercise to a condition; turned into a Reason when asked.

    The index keeps links rather than Reason models: they reference the records
    the knowledge base holds anyway, so the index is small and quick to restore
    from the load cache, and the wording is built only for the reasons asked for.
    """

    kind: int  # one of _MECHANISM_HARM, _DIRECT_HARM, _RELIEF, _HELP, _INHERITED (mechanism: the dominated exercise)
    rule: Aggravation | Contraindication | Relief | Benefit
    mechanism: str
    intensity: Intensity = Intensity.NONE


_MECHANISM_HARM, _DIRECT_HARM, _RELIEF, _HELP, _INHERITED = range(5)


def _level(link: _Link) -> int:
    rule = link.rule
    return rule.level.rank if isinstance(rule, Aggravation | Contraindication) else 0


class RuleIndex:
    """Which rules link each (exercise, condition) pair, and combination rules by target."""

    def __init__(self, r: Records) -> None:
        self._worded: dict[tuple[str, str], tuple[Reason, ...]] = {}
        self._exercises = r.exercises
        self._conditions = r.conditions
        self._mechanisms = r.mechanisms
        self._dominates = r.dominates
        # Worked out per exercise on first use, then kept: loading stays linear in the records
        # and a query pays only for the exercises and conditions it asks about.
        self._single: dict[tuple[str, str], tuple[_Link, ...]] = {}
        self._combos: dict[str, tuple[tuple[Combination, str | None], ...]] = {}
        by_target: defaultdict[str, list[Combination]] = defaultdict(list)
        for rule in r.rules.values():
            by_target[rule.target].append(rule)
        self._by_target: Mapping[str, list[Combination]] = dict(by_target)
        self._by_mechanism: Mapping[str, tuple[Combination, ...]] = {
            mid: tuple(rules) for mid, rules in by_target.items() if mid in r.mechanisms
        }

    def _dominated(self, exercise_id: str) -> list[Exercise]:
        return [self._exercises[b] for b in self._dominates.get(exercise_id, ())]

    def links(self, exercise_id: str, condition_id: str) -> tuple[_Link, ...]:
        """The rules that link an exercise to a condition (computed on first use)."""
        key = (exercise_id, condition_id)
        found = self._single.get(key)
        if found is None:
            e = self._exercises[exercise_id]
            found = self._single[key] = self._links(e, self._conditions[condition_id], self._dominated(exercise_id))
        return found

    def combinations(self, exercise_id: str) -> tuple[tuple[Combination, str | None], ...]:
        """The combination rules that may reach an exercise, each with the mechanism or exercise it goes through."""
        found = self._combos.get(exercise_id)
        if found is not None:
            return found
        e = self._exercises[exercise_id]
        by_target = self._by_target
        applicable: list[tuple[Combination, str | None]] = [(rule, None) for rule in by_target.get(e.id, ())]
        # A rule that names an exercise holds for every exercise that does at least as much.
        applicable += [(rule, b) for b in self._dominates.get(e.id, ()) for rule in by_target.get(b, ())]
        # Per mechanism and set of conditions, only the strictest rule the intensity reaches.
        reached: dict[tuple[str, frozenset[str]], Combination] = {}
        for m in (*e.profile, *e.loads):
            for rule in by_target.get(m, ()):
                key = (m, frozenset(rule.when))
                if e.intensity(m) >= rule.at_least and (key not in reached or rule.level > reached[key].level):
                    reached[key] = rule
        applicable += [(rule, m) for (m, _), rule in reached.items()]
        found = self._combos[exercise_id] = tuple(applicable)
        return found

    @staticmethod
    def _links(e: Exercise, c: Condition, dominated: list[Exercise]) -> tuple[_Link, ...]:
        own = (
            *(
                _Link(_MECHANISM_HARM, a, a.mechanism, i)
                for a in strongest(c.aggravated_by, e.intensity)
                if (i := e.intensity(a.mechanism)) is not Intensity.NONE
            ),
            *(_Link(_DIRECT_HARM, ci, "") for ci in e.contraindicated if ci.condition == c.id),
            *(
                _Link(_RELIEF, rel, rel.mechanism, i)
                for rel in strongest(c.relieved_by, e.intensity)
                if (i := e.intensity(rel.mechanism)) is not Intensity.NONE
            ),
            *(_Link(_HELP, b, "") for b in e.helps if b.condition == c.id),
        )
        # A harm named for an exercise this one dominates, when it is stricter than every harm of its own:
        # the strictest one, so the verdict never falls as the movement grows and no reason is repeated.
        worst = max((x.rule.level for x in own if isinstance(x.rule, Aggravation | Contraindication)), default=Level.OK)
        strictest = _inherited(c, dominated)
        if strictest is not None and _level(strictest) > worst.rank:
            return (strictest, *own)
        return own

    def inherited(self, exercise_id: str, condition_id: str) -> Reason | None:
        """The strictest direct harm for a condition that the exercise inherits from one it dominates,
        whether or not its own harms already cover it (a relaxed own harm may no longer)."""
        link = _inherited(self._conditions[condition_id], self._dominated(exercise_id))
        if link is None:
            return None
        return self._reason(self._exercises[exercise_id], self._conditions[condition_id], link)

    def _reason(self, e: Exercise, c: Condition, link: _Link) -> Reason:
        rule = link.rule
        if link.kind == _MECHANISM_HARM or link.kind == _RELIEF:
            assert isinstance(rule, Aggravation | Relief)
            return _through(e.name, Via((e.id,), intensity=link.intensity), self._mechanisms[link.mechanism], c, rule)
        if link.kind == _INHERITED:
            assert isinstance(rule, Contraindication)
            b = self._exercises[link.mechanism]
            text = (
                f"{e.name} does at least everything {_lc(b.name)} does to the lower back, and sources advise to "
                f"{_ADVICE[rule.level]} {_lc(b.name)} with {_lc(c.name)}."
            )
            return _reason(rule.level, c, (e.id, b.id, c.id), text, rule)
        if link.kind == _DIRECT_HARM:
            assert isinstance(rule, Contraindication)
            text = f"Sources advise to {_ADVICE[rule.level]} {_lc(e.name)} with {_lc(c.name)}."
            return _reason(rule.level, c, (e.id, c.id), text, rule)
        text = f"{e.name} is recommended for {_lc(c.name)}."
        return _reason(Level.OK, c, (e.id, c.id), text, rule)

    def __getstate__(self) -> dict[str, object]:
        # Worded reasons are a cache: a pickled index (the load cache, a batch worker) starts without them.
        return {k: v for k, v in self.__dict__.items() if k != "_worded"}

    def __setstate__(self, state: dict[str, object]) -> None:
        self.__dict__.update(state)
        self._worded = {}

    def _pair(self, e: Exercise, cid: str) -> tuple[Reason, ...]:
        """The reasons linking *e* to one condition, worded on first use and kept (they never change)."""
        key = (e.id, cid)
        found = self._worded.get(key)
        if found is None:
            links = self.links(e.id, cid)
            c = self._conditions[cid]
            found = tuple(self._reason(e, c, link) for link in links)
            # Two threads may both word it: they store equal tuples, so no lock is needed.
            self._worded[key] = found
        return found

    def verdict(self, exercise_id: str, condition_ids: frozenset[str]) -> Verdict:
        """The verdict for one exercise and a set of (resolved) condition ids."""
        level, ordered = conclude(self.reasons(exercise_id, condition_ids))
        conditions = tuple(self._conditions[cid] for cid in sorted(condition_ids))
        return Verdict.model_construct(
            exercise=self._exercises[exercise_id], conditions=conditions, level=level, reasons=ordered
        )

    def reasons(self, exercise_id: str, condition_ids: frozenset[str]) -> list[Reason]:
        """Every reason that links one exercise to a set of (resolved) condition ids, unordered."""
        e = self._exercises[exercise_id]
        reasons: list[Reason] = []
        for cid in condition_ids:
            reasons += self._pair(e, cid)
        for rule, via in self.combinations(exercise_id):
            if condition_ids.issuperset(rule.when):
                if via is not None and via in self._exercises:  # a rule naming an exercise this one dominates
                    reasons.append(self._combination(self._exercises[via].name, (e.id, via), rule, None))
                else:
                    reasons.append(self._combination(e.name, (e.id,), rule, via))
        return reasons

    # -- exercises outside the knowledge base (a fitness app's catalog) ----------------

    def inferred_reasons(
        self, name: str, loads: Mapping[str, Via], condition_id: str, *, reliefs: bool = True
    ) -> tuple[Reason, ...]:
        """The reasons for one condition of an exercise known only by its inferred mechanisms.

        *loads* maps each mechanism to how it was reached (and how much of it);
        each reason runs ``(*via.path, mechanism, condition)`` and cites the inference rule too.
        Without *reliefs*, only harms (for demands that were not ruled out: no benefit from a guess).
        """
        c = self._conditions[condition_id]

        def level_of(mechanism: str) -> Intensity:
            via = loads.get(mechanism)
            return via.intensity if via is not None else Intensity.NONE

        effects: list[Aggravation | Relief] = [
            *strongest(c.aggravated_by, level_of),
            *(strongest(c.relieved_by, level_of) if reliefs else ()),
        ]
        return tuple(_through(name, loads[x.mechanism], self._mechanisms[x.mechanism], c, x) for x in effects)

    def inferred_combinations(self, name: str, loads: Mapping[str, Via], condition_ids: frozenset[str]) -> list[Reason]:
        """The combination rules that reach such an exercise through one of its mechanisms."""
        return [
            self._combination(name, via.path, rule, mid, via)
            for mid, via in loads.items()
            for rule in self._by_mechanism.get(mid, ())
            if condition_ids.issuperset(rule.when) and via.intensity >= rule.at_least
        ]

    def _combination(
        self, name: str, start: tuple[str, ...], rule: Combination, mechanism: str | None, via: Via | None = None
    ) -> Reason:
        conds = [self._conditions[cid] for cid in rule.when]
        together = _join([_lc(c.name) for c in conds])
        first = conds[0]
        if mechanism is None:
            text = f"With {together} together, {_ADVICE[rule.level]} {_lc(name)}."
            return _reason(rule.level, first, (*start, rule.id, first.id), text, rule)
        via = via or Via(start, intensity=self._exercises[start[-1]].intensity(mechanism))
        m = self._mechanisms[mechanism]
        text = f"{name} {via.verb(m)}; with {together} together, {_ADVICE[rule.level]} it."
        return _reason(rule.level, first, (*via.path, mechanism, rule.id, first.id), text, via.cite(rule))


def _inherited(c: Condition, dominated: list[Exercise]) -> _Link | None:
    """The strictest direct harm for *c* named for an exercise in *dominated* (ties: by its id)."""
    found = [_Link(_INHERITED, ci, b.id) for b in dominated for ci in b.contraindicated if ci.condition == c.id]
    return max(found, key=lambda x: (_level(x), x.mechanism)) if found else None


_E = TypeVar("_E", Aggravation, Relief)


def strongest(rules: Iterable[_E], intensity: Callable[[str], Intensity]) -> list[_E]:
    """Per mechanism, the rule with the highest threshold the intensity reaches (none if it reaches none).

    Thresholds rise with the level (the loader checks it), so the highest one met
    is the strictest: one reason per mechanism, never a caution beside its own avoid.
    """
    best: dict[str, _E] = {}
    for rule in rules:
        reached = intensity(rule.mechanism)
        if reached is Intensity.NONE or reached < rule.at_least:
            continue
        held = best.get(rule.mechanism)
        if held is None or rule.at_least > held.at_least:
            best[rule.mechanism] = rule
    return list(best.values())


def conclude(reasons: list[Reason]) -> tuple[Level, tuple[Reason, ...]]:
    """The level of some reasons (the worst; ok when there is none) and the reasons in order."""
    reasons.sort(key=_order)
    return (reasons[0].level if reasons else Level.OK), tuple(reasons)


@dataclass(frozen=True, slots=True)
class Via:
    """How an exercise reaches a mechanism: the path to it, how much of it, and for an inferred one the rule."""

    path: tuple[str, ...]
    inference: Inference | None = None
    intensity: Intensity = Intensity.LOW
    unrated: bool = False  # nothing ruled the demand out: judged at *intensity*, its most careful level

    def verb(self, m: Mechanism) -> str:
        """``involves <mechanism>`` (with its intensity for a demand), or for an inferred one how it was inferred."""
        if self.unrated:
            return f"may involve {_lc(m.name)} up to {self.intensity.value} (nothing known about it rules that out)"
        how = [self.intensity.value] if m.graded else []
        if self.inference is not None:
            how.append(f"as {_lc(self.inference.name)} do")
        verb = "involves" if self.inference is None else "is taken to involve"
        return f"{verb} {_lc(m.name)}" + (f" ({', '.join(how)})" if how else "")

    def cite(self, rule: CitedRule) -> CitedRule:
        """*rule*'s citation, joined with the inference rule's when there is one (weakest evidence wins)."""
        inf = self.inference
        if inf is None:
            return rule
        return _Cites(tuple(dict.fromkeys((*inf.sources, *rule.sources))), rule.note, min(inf.evidence, rule.evidence))


class _Cites(NamedTuple):
    sources: tuple[str, ...]
    note: str
    evidence: Evidence


def _through(name: str, via: Via, m: Mechanism, c: Condition, rule: Aggravation | Relief) -> Reason:
    """The reason that runs from *via* through mechanism *m* to condition *c*: a harm or a relief."""
    path = (*via.path, m.id, c.id)
    dose = f" from {rule.at_least.value} up" if m.graded and rule.at_least is not Intensity.LOW else ""
    if isinstance(rule, Aggravation):
        text = f"{name} {via.verb(m)}, which aggravates {_lc(c.name)}{dose}: {_ADVICE[rule.level]} it."
        return _reason(rule.level, c, path, text, via.cite(rule))
    return _reason(Level.OK, c, path, f"{name} {via.verb(m)}, which tends to ease {_lc(c.name)}{dose}.", via.cite(rule))


def _join(names: Iterable[str]) -> str:
    items = list(names)
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]
