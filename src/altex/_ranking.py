"""Substitute candidates: who can stand in for an exercise, and how well.

Candidates are found once per exercise, at load, by walking the graph:

1. curated substitute edges (``running -> elliptical``), in the order curated;
2. substitutes of those substitutes (two hops);
3. exercises that train a goal the original trains (through a ``goal:*``
   node), weighted by how many goals and muscles they share.

A query then keeps the candidates that are allowed for the person's
conditions and ranks them: ok before caution, then by score, then by id.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from types import MappingProxyType

from ._graph import NodeKind, attribute_node
from ._load import Records
from .models import Exercise, Goal

__all__ = ["Candidate", "candidates_by_exercise"]

DIRECT, TWO_HOPS, SHARED = 1.0, 0.7, 0.3


@dataclass(frozen=True, slots=True)
class Candidate:
    """A possible substitute, before the person's conditions are considered."""

    exercise: str
    score: float
    path: tuple[str, ...]
    why: str


def _jaccard(a: tuple[object, ...], b: tuple[object, ...]) -> float:
    sa, sb = set(a), set(b)
    return len(sa & sb) / len(sa | sb) if sa or sb else 0.0


def _for(e: Exercise, exercises: Mapping[str, Exercise]) -> tuple[Candidate, ...]:
    found: dict[str, Candidate] = {}
    for i, sub in enumerate(e.substitutes):
        found[sub.exercise] = Candidate(
            sub.exercise, round(DIRECT - 0.02 * min(i, 10), 3), (e.id, sub.exercise), sub.why
        )
    for i, sub in enumerate(e.substitutes):
        middle = exercises[sub.exercise]
        for j, hop in enumerate(middle.substitutes):
            if hop.exercise == e.id or hop.exercise in found:
                continue
            score = round(TWO_HOPS - 0.02 * min(i + j, 10), 3)
            why = f"{hop.why} (an alternative to {middle.name}, which itself stands in for {e.name})"
            found[hop.exercise] = Candidate(hop.exercise, score, (e.id, middle.id, hop.exercise), why)
    for other in exercises.values():
        if other.id == e.id or other.id in found:
            continue
        shared = [g for g in e.goals if g in other.goals]
        if not shared:
            continue
        same_category = other.category is e.category
        score = SHARED + 0.2 * _jaccard(e.goals, other.goals) + 0.15 * _jaccard(e.muscles, other.muscles)
        score += (0.05 if same_category else 0.0) + 0.01 * (3 - other.impact.rank)
        node = attribute_node(NodeKind.GOAL, shared[0].value)
        why = f"Also trains {_names(shared)}" + (f" ({other.category.value})" if same_category else "") + "."
        found[other.id] = Candidate(other.id, round(min(score, 0.69), 3), (e.id, node, other.id), why)
    return tuple(sorted(found.values(), key=lambda c: (-c.score, c.exercise)))


def _names(goals: Sequence[Goal]) -> str:
    values = [g.value for g in goals]
    return values[0] if len(values) == 1 else ", ".join(values[:-1]) + " and " + values[-1]


def candidates_by_exercise(r: Records) -> Mapping[str, tuple[Candidate, ...]]:
    """Every exercise's substitute candidates, best first."""
    return MappingProxyType({eid: _for(e, r.exercises) for eid, e in r.exercises.items()})
