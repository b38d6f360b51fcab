"""The rule engine: which rules apply to an exercise for a set of conditions.

Every reason an exercise gets for one condition is worked out once, at load
(``RuleIndex``); a query only gathers the precomputed reasons of its
conditions, adds the combination rules whose conditions are all present, and
takes the maximum level. Nothing here can lower a level: benefits are listed
beside harms, never against them.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Protocol

from ._load import Records
from .models import Combination, Condition, Evidence, Exercise, Inference, Level, Mechanism
from .results import Reason, Verdict

__all__ = ["RuleIndex", "Via", "conclude"]

_ADVICE = {Level.CAUTION: "take care with", Level.AVOID: "avoid"}


def _lc(name: str) -> str:
    """Lowercase a name for use mid-sentence, keeping acronyms (``HIIT``) as they are."""
    return name[0].lower() + name[1:] if len(name) > 1 and not name[1].isupper() else name


def _sentence(text: str, note: str) -> str:
    return f"{text} {note}".strip() if note else text


class _Rule(Protocol):
    """What every rule record has: its sources, a note and an evidence kind."""

    @property
    def sources(self) -> tuple[str, ...]: ...
    @property
    def note(self) -> str: ...
    @property
    def evidence(self) -> Evidence: ...


def _reason(level: Level, condition: Condition | None, path: tuple[str, ...], text: str, rule: _Rule) -> Reason:
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


class RuleIndex:
    """Precomputed reasons per (exercise, condition) and combination rules by target."""

    def __init__(self, r: Records) -> None:
        self._exercises = r.exercises
        self._conditions = r.conditions
        single: dict[tuple[str, str], tuple[Reason, ...]] = {}
        for e in r.exercises.values():
            for c in r.conditions.values():
                found = self._single(e, c, r.mechanisms)
                if found:
                    single[e.id, c.id] = tuple(found)
        self._single_reasons: Mapping[tuple[str, str], tuple[Reason, ...]] = MappingProxyType(single)
        by_target: defaultdict[str, list[Combination]] = defaultdict(list)
        for rule in r.rules.values():
            by_target[rule.target].append(rule)
        combos: dict[str, tuple[tuple[Combination, str | None], ...]] = {}
        for e in r.exercises.values():
            applicable: list[tuple[Combination, str | None]] = [(rule, None) for rule in by_target.get(e.id, ())]
            applicable += [(rule, m) for m in e.loads for rule in by_target.get(m, ())]
            if applicable:
                combos[e.id] = tuple(applicable)
        self._combos: Mapping[str, tuple[tuple[Combination, str | None], ...]] = MappingProxyType(combos)
        self._by_mechanism: Mapping[str, tuple[Combination, ...]] = MappingProxyType(
            {mid: tuple(by_target[mid]) for mid in r.mechanisms if mid in by_target}
        )
        self._mechanisms = r.mechanisms

    @staticmethod
    def _single(e: Exercise, c: Condition, mechanisms: Mapping[str, Mechanism]) -> list[Reason]:
        out = _through(e.name, {mid: Via((e.id,)) for mid in e.loads}, c, mechanisms)
        for ci in e.contraindicated:
            if ci.condition == c.id:
                text = f"Sources advise to {_ADVICE[ci.level]} {_lc(e.name)} with {_lc(c.name)}."
                out.append(_reason(ci.level, c, (e.id, c.id), text, ci))
        for b in e.helps:
            if b.condition == c.id:
                text = f"{e.name} is recommended for {_lc(c.name)}."
                out.append(_reason(Level.OK, c, (e.id, c.id), text, b))
        return out

    def verdict(self, exercise_id: str, condition_ids: frozenset[str]) -> Verdict:
        """The verdict for one exercise and a set of (resolved) condition ids."""
        e = self._exercises[exercise_id]
        reasons: list[Reason] = []
        for cid in condition_ids:
            reasons.extend(self._single_reasons.get((exercise_id, cid), ()))
        for rule, mechanism in self._combos.get(exercise_id, ()):
            if condition_ids.issuperset(rule.when):
                via = None if mechanism is None else Via((e.id,))
                reasons.append(self._combination(e.name, (e.id,), rule, mechanism, via))
        level, ordered = conclude(reasons)
        conditions = tuple(self._conditions[cid] for cid in sorted(condition_ids))
        return Verdict.model_construct(exercise=e, conditions=conditions, level=level, reasons=ordered)

    # -- records outside the knowledge base (a fitness app's catalog) ---------------

    def inferred_reasons(self, name: str, loads: Mapping[str, Via], condition_id: str) -> tuple[Reason, ...]:
        """The reasons for one condition of an exercise known only by its inferred mechanisms.

        *loads* maps each mechanism to how it was reached; the reasons run
        ``(*via.path, mechanism, condition)`` and cite the inference rule too.
        """
        return tuple(_through(name, loads, self._conditions[condition_id], self._mechanisms))

    def inferred_combinations(self, name: str, loads: Mapping[str, Via], condition_ids: frozenset[str]) -> list[Reason]:
        """The combination rules that reach such an exercise through one of its mechanisms."""
        return [
            self._combination(name, via.path, rule, mid, via)
            for mid, via in loads.items()
            for rule in self._by_mechanism.get(mid, ())
            if condition_ids.issuperset(rule.when)
        ]

    def _combination(
        self, name: str, start: tuple[str, ...], rule: Combination, mechanism: str | None, via: Via | None
    ) -> Reason:
        conds = [self._conditions[cid] for cid in rule.when]
        together = _join([_lc(c.name) for c in conds])
        first = conds[0]
        if mechanism is None or via is None:
            text = f"With {together} together, {_ADVICE[rule.level]} {_lc(name)}."
            return _reason(rule.level, first, (*start, rule.id, first.id), text, rule)
        m = self._mechanisms[mechanism]
        text = f"{name} {via.verb(m)}; with {together} together, {_ADVICE[rule.level]} it."
        return _reason(rule.level, first, (*via.path, mechanism, rule.id, first.id), text, via.cite(rule))


def conclude(reasons: list[Reason]) -> tuple[Level, tuple[Reason, ...]]:
    """The level of a set of reasons (the worst; ok when there is none) and the reasons in order."""
    reasons.sort(key=_order)
    return (reasons[0].level if reasons else Level.OK), tuple(reasons)


@dataclass(frozen=True, slots=True)
class Via:
    """How an exercise reaches a mechanism: the path to it and, for an inferred one, the rule."""

    path: tuple[str, ...]
    inference: Inference | None = None

    def verb(self, m: Mechanism) -> str:
        if self.inference is None:
            return f"involves {_lc(m.name)}"
        return f"is taken to involve {_lc(m.name)} (as {_lc(self.inference.name)} do)"

    def cite(self, rule: _Rule) -> _Rule:
        """*rule*'s citation, joined with the inference rule's when there is one (weakest evidence wins)."""
        inf = self.inference
        if inf is None:
            return rule
        sources = tuple(dict.fromkeys((*inf.sources, *rule.sources)))
        return _Cites(sources, rule.note, min(inf.evidence, rule.evidence))


@dataclass(frozen=True, slots=True)
class _Cites:
    sources: tuple[str, ...]
    note: str
    evidence: Evidence


def _through(name: str, loads: Mapping[str, Via], c: Condition, mechanisms: Mapping[str, Mechanism]) -> list[Reason]:
    """The reasons that run from the mechanisms in *loads* to *c*: harms and reliefs."""
    out: list[Reason] = []
    for agg in c.aggravated_by:
        via = loads.get(agg.mechanism)
        if via is not None:
            m = mechanisms[agg.mechanism]
            text = f"{name} {via.verb(m)}, which aggravates {_lc(c.name)}: {_ADVICE[agg.level]} it."
            out.append(_reason(agg.level, c, (*via.path, m.id, c.id), text, via.cite(agg)))
    for rel in c.relieved_by:
        via = loads.get(rel.mechanism)
        if via is not None:
            m = mechanisms[rel.mechanism]
            text = f"{name} {via.verb(m)}, which tends to ease {_lc(c.name)}."
            out.append(_reason(Level.OK, c, (*via.path, m.id, c.id), text, via.cite(rel)))
    return out


def _join(names: Iterable[str]) -> str:
    items = list(names)
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]
