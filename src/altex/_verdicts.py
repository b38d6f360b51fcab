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
from types import MappingProxyType
from typing import Protocol

from ._load import Records
from .models import Combination, Condition, Evidence, Exercise, Level, Mechanism
from .results import Reason, Verdict

__all__ = ["RuleIndex"]

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
        self._mechanisms = r.mechanisms

    @staticmethod
    def _single(e: Exercise, c: Condition, mechanisms: Mapping[str, Mechanism]) -> list[Reason]:
        out: list[Reason] = []
        loads = set(e.loads)
        for agg in c.aggravated_by:
            if agg.mechanism in loads:
                m = mechanisms[agg.mechanism]
                text = f"{e.name} involves {_lc(m.name)}, which aggravates {_lc(c.name)}: {_ADVICE[agg.level]} it."
                out.append(_reason(agg.level, c, (e.id, m.id, c.id), text, agg))
        for ci in e.contraindicated:
            if ci.condition == c.id:
                text = f"Sources advise to {_ADVICE[ci.level]} {_lc(e.name)} with {_lc(c.name)}."
                out.append(_reason(ci.level, c, (e.id, c.id), text, ci))
        for rel in c.relieved_by:
            if rel.mechanism in loads:
                m = mechanisms[rel.mechanism]
                text = f"{e.name} involves {_lc(m.name)}, which tends to ease {_lc(c.name)}."
                out.append(_reason(Level.OK, c, (e.id, m.id, c.id), text, rel))
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
                reasons.append(self._combination(e, rule, mechanism))
        reasons.sort(key=_order)
        level = reasons[0].level if reasons else Level.OK
        conditions = tuple(self._conditions[cid] for cid in sorted(condition_ids))
        return Verdict.model_construct(exercise=e, conditions=conditions, level=level, reasons=tuple(reasons))

    def _combination(self, e: Exercise, rule: Combination, mechanism: str | None) -> Reason:
        conds = [self._conditions[cid] for cid in rule.when]
        together = _join([_lc(c.name) for c in conds])
        first = conds[0]
        if mechanism is None:
            text = f"With {together} together, {_ADVICE[rule.level]} {_lc(e.name)}."
            path: tuple[str, ...] = (e.id, rule.id, first.id)
        else:
            m = self._mechanisms[mechanism]
            text = f"{e.name} involves {_lc(m.name)}; with {together} together, {_ADVICE[rule.level]} it."
            path = (e.id, mechanism, rule.id, first.id)
        return _reason(rule.level, first, path, text, rule)


def _join(names: Iterable[str]) -> str:
    items = list(names)
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]
