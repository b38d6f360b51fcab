"""Substitute candidates: who can stand in for an exercise, and how well.

Candidates are found once per exercise, at load, by walking the graph:

1. curated substitute edges (``running -> elliptical``), in the order curated;
2. substitutes of those substitutes (two hops);
3. exercises that train a goal the original trains (through a ``goal:*``
   node: the first shared goal in the order of :class:`~altex.models.Goal`),
   weighted by how many goals and muscles they share.

A query then keeps the candidates that are allowed for the person's
conditions and ranks them: ok before caution, then by score, then by id.
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Mapping, Sequence
from typing import NamedTuple, TypeVar

from ._graph import NodeKind, attribute_node
from ._verdicts import _join, _lc
from .models import Exercise, Goal, Level, Muscle
from .results import Judged, Suggestion, Verdict, suggestion_sources

__all__ = ["Candidate", "CandidateIndex", "rank", "select"]

_V = TypeVar("_V", bound=Judged)
_S = TypeVar("_S")

DIRECT, TWO_HOPS, SHARED = 1.0, 0.7, 0.3
#: A candidate that does not train the original's main goal (its first, or a goal of the same
#: family: flexibility and mobility, strength and power) scores at most this (see _tier), so it
#: ranks below every candidate that does: a substitute keeps the point of the exercise.
OFF_GOAL = 0.3
#: Share of the final score that rewards a candidate helping one of the person's
#: conditions; the rest is the candidate's base score (so the score stays in [0, 1]).
BENEFIT_WEIGHT = 0.1


class Candidate(NamedTuple):
    """A possible substitute, before the person's conditions are considered.

    A named tuple rather than a dataclass: there are thousands of them, and
    tuples unpickle an order of magnitude faster from the load cache.
    """

    exercise: str
    score: float
    path: tuple[str, ...]
    why: str


def _mask(values: Sequence[enum.Enum], bit: Mapping[enum.Enum, int]) -> int:
    out = 0
    for v in values:
        out |= bit[v]
    return out


def _jaccard(a: int, b: int) -> float:
    union = a | b
    return (a & b).bit_count() / union.bit_count() if union else 0.0


class _Finder:
    """Candidate search with goals and muscles as bit masks, so that comparing
    every pair of exercises at load stays cheap."""

    def __init__(self, exercises: Mapping[str, Exercise]) -> None:
        self.exercises = exercises
        goal_bit: dict[enum.Enum, int] = {g: 1 << i for i, g in enumerate(Goal)}
        self.goal_bit = goal_bit
        muscle_bit: dict[enum.Enum, int] = {m: 1 << i for i, m in enumerate(Muscle)}
        self.goals = {eid: _mask(e.goals, goal_bit) for eid, e in exercises.items()}
        self.muscles = {eid: _mask(e.muscles, muscle_bit) for eid, e in exercises.items()}
        self.goal_nodes = [attribute_node(NodeKind.GOAL, g.value) for g in Goal]
        # How often each exercise is curated as a substitute: a candidate that stands in for
        # everything is worth a little less, so lists stay varied and specific.
        self.hub: dict[str, int] = {}
        for other in exercises.values():
            for sub in other.substitutes:
                self.hub[sub.exercise] = self.hub.get(sub.exercise, 0) + 1
        self._why: dict[tuple[int, str], str] = {}

    def _shared_why(self, shared: int, category: str) -> str:
        key = (shared, category)
        if key not in self._why:
            goals = [g for i, g in enumerate(Goal) if shared >> i & 1]
            self._why[key] = f"Also trains {_names(goals)}" + (f" ({category})" if category else "") + "."
        return self._why[key]

    def candidates(self, e: Exercise) -> tuple[Candidate, ...]:
        exercises = self.exercises
        found: dict[str, Candidate] = {}
        for i, sub in enumerate(e.substitutes):
            score = round(DIRECT - 0.02 * min(i, 10), 3)
            found[sub.exercise] = Candidate(sub.exercise, score, (e.id, sub.exercise), sub.why)
        for i, sub in enumerate(e.substitutes):
            middle = exercises[sub.exercise]
            for j, hop in enumerate(middle.substitutes):
                if hop.exercise == e.id or hop.exercise in found:
                    continue
                score = round(TWO_HOPS - 0.02 * min(i + j, 10) - _busy(self.hub.get(hop.exercise, 0)), 3)
                why = f"{hop.why} (an alternative to {middle.name}, which itself stands in for {e.name})"
                found[hop.exercise] = Candidate(hop.exercise, score, (e.id, middle.id, hop.exercise), why)
        goals, muscles = self.goals[e.id], self.muscles[e.id]
        for oid, other in exercises.items():
            shared = goals & self.goals[oid]
            if not shared or oid == e.id or oid in found:
                continue
            same_category = other.category is e.category
            # Same region first (muscles), then the same kind of training, then shared goals.
            score = SHARED + 0.1 * _jaccard(goals, self.goals[oid]) + 0.2 * _jaccard(muscles, self.muscles[oid])
            score += (0.07 if same_category else 0.0) + 0.01 * (3 - other.impact.rank) - _busy(self.hub.get(oid, 0))
            # The path goes through the first goal they share, in the Goal enum's order.
            node = self.goal_nodes[(shared & -shared).bit_length() - 1]
            why = self._shared_why(shared, other.category.value if same_category else "")
            found[oid] = Candidate(oid, round(min(score, 0.69), 3), (e.id, node, oid), why)
        main = e.goals[0] if e.goals else None
        keeps = _mask(tuple(main.family), self.goal_bit) if main is not None else -1
        found = {oid: c._replace(score=_tier(c.score, bool(self.goals[oid] & keeps))) for oid, c in found.items()}
        return tuple(sorted(found.values(), key=lambda c: (-c.score, c.exercise)))


def _tier(score: float, keeps_goal: bool) -> float:
    """A candidate's base score in its tier: one that keeps the main goal lands in [0.45, 1], one that
    does not in [0, OFF_GOAL], so even with a benefit's bonus every candidate keeping the goal ranks first.

    >>> _tier(1.0, True), _tier(0.0, True), _tier(1.0, False)
    (1.0, 0.45, 0.3)
    """
    s = min(max(score, 0.0), 1.0)
    return round(0.45 + 0.55 * s if keeps_goal else OFF_GOAL * s, 3)


def _busy(curated: int) -> float:
    """The score a candidate loses for being curated as a substitute *curated* times (at most 0.2)."""
    return 0.01 * min(curated, 20)


def _names(goals: Sequence[Goal]) -> str:
    values = [g.value for g in goals]
    return values[0] if len(values) == 1 else ", ".join(values[:-1]) + " and " + values[-1]


class CandidateIndex:
    """Every exercise's substitute candidates, best first, found on first use and kept.

    Finding one exercise's candidates compares it with every other exercise, so
    doing it for all of them at load would grow with the square of the
    knowledge base; the bundled one is warmed before it goes into the load cache.
    """

    def __init__(self, exercises: Mapping[str, Exercise]) -> None:
        self._finder = _Finder(exercises)
        self._found: dict[str, tuple[Candidate, ...]] = {}

    def __getitem__(self, exercise_id: str) -> tuple[Candidate, ...]:
        found = self._found.get(exercise_id)
        if found is None:
            # Two threads may both compute it: they store equal tuples, so no lock is needed.
            found = self._finder.candidates(self._finder.exercises[exercise_id])
            self._found[exercise_id] = found
        return found

    def get(self, exercise_id: str, default: tuple[Candidate, ...] = ()) -> tuple[Candidate, ...]:
        """The candidates of *exercise_id*, or *default* for an id that is no exercise."""
        return self[exercise_id] if exercise_id in self._finder.exercises else default

    def warm(self) -> None:
        """Find every exercise's candidates now (before the knowledge base is cached)."""
        for exercise_id in self._finder.exercises:
            self[exercise_id]


def rank(
    found: Sequence[Candidate],
    verdict_of: Callable[[str], Verdict],
    exercises: Mapping[str, Exercise],
    gear: frozenset[str] | None,
    limit: int,
    original: Verdict | None = None,
) -> list[Suggestion]:
    """The best *limit* knowledge-base candidates not at avoid (see :func:`select`).

    With the *original* exercise's verdict for the person, a candidate that drops a goal the
    person's conditions make a reason to train (``keep_goals``: bone loading for osteoporosis)
    keeps only OFF_GOAL of its score, and the why says what the swap does for those conditions.
    """
    keep = _kept_goals(original)

    def judge(c: Candidate) -> Verdict | None:
        if gear is not None and not gear.issuperset(exercises[c.exercise].equipment):
            return None
        return verdict_of(c.exercise)

    def adjust(c: Candidate) -> float:
        if keep and not keep <= set(exercises[c.exercise].goals):
            return round(c.score * OFF_GOAL, 3)
        return c.score

    def make(c: Candidate, verdict: Verdict, score: float) -> Suggestion:
        return Suggestion.model_construct(
            exercise=verdict.exercise,
            score=score,
            verdict=verdict,
            path=c.path,
            why=_for_person(c.why, original, verdict),
            sources=suggestion_sources(exercises, c.path, verdict),
        )

    return select(found, judge, make, limit, adjust if keep else None)


def _kept_goals(original: Verdict | None) -> frozenset[Goal]:
    """The goals of the original that the person's conditions make a reason to train."""
    if original is None:
        return frozenset()
    wanted = {g for c in original.conditions for g in c.keep_goals}
    return frozenset(wanted & set(original.exercise.goals))


def _for_person(why: str, original: Verdict | None, verdict: Verdict) -> str:
    """*why*, then what the swap takes away that the person's own conditions dislike.

    >>> v = kb.substitutes("running", ["slipped disc"], limit=1)[0]
    >>> "lumbar disc herniation" in v.why
    True
    """
    if original is None or not original.conditions:
        return why
    kept = {(r.path[-2], r.condition.id) for r in verdict.harms if r.condition is not None and len(r.path) >= 3}
    eased: dict[str, list[str]] = {}
    for r in original.harms:
        if r.condition is None or len(r.path) < 3 or (r.path[-2], r.condition.id) in kept:
            continue
        if r.path[1] == r.path[-2]:  # exercise -> mechanism -> condition
            eased.setdefault(r.condition.name, []).append(r.path[1].replace("-", " "))
    if not eased:
        return why
    name = _lc(original.exercise.name)
    parts = [
        f"it keeps the {_join(list(dict.fromkeys(ms)))} of {name} below the level that aggravates your {_lc(cond)}"
        for cond, ms in sorted(eased.items())
    ]
    return f"{why} For you, {'; and '.join(parts)}."


def select(
    found: Sequence[Candidate],
    judge: Callable[[Candidate], _V | None],
    make: Callable[[Candidate, _V, float], _S],
    limit: int,
    adjust: Callable[[Candidate], float] | None = None,
) -> list[_S]:
    """The best *limit* candidates that are not at avoid: ok first, then by score, then by id.

    *judge* gives a candidate's verdict (None leaves it out, e.g. for equipment);
    *make* turns a kept one into the caller's suggestion model; *adjust*, when
    given, lowers a candidate's base score for this query. Shared by the
    knowledge base and by app catalogs, so both rank the same way.

    *found* is sorted by base score, and a benefit adds at most BENEFIT_WEIGHT, so
    the scan stops as soon as no later candidate could enter the top *limit*;
    most queries judge only a handful of candidates.
    """
    ok: list[tuple[float, str, Candidate, _V]] = []
    caution: list[tuple[float, str, Candidate, _V]] = []
    for c in found:
        if len(ok) >= limit:
            ok.sort(key=_key)
            if _final(c.score, True) < -ok[limit - 1][0]:
                break
        verdict = judge(c)
        if verdict is None or verdict.level is Level.AVOID:
            continue
        # *adjust* may only lower a base score, so the early stop above stays sound.
        score = _final(adjust(c) if adjust is not None else c.score, bool(verdict.benefits))
        (ok if verdict.level is Level.OK else caution).append((-score, c.exercise, c, verdict))
    ok.sort(key=_key)
    caution.sort(key=_key)
    # Only the kept ones become suggestions (wording a why is the costly part).
    return [make(c, verdict, -neg) for neg, _, c, verdict in (ok + caution)[:limit]]


def _key(t: tuple[float, str, object, object]) -> tuple[float, str]:
    return t[0], t[1]


def _final(base: float, helps: bool) -> float:
    return round((1 - BENEFIT_WEIGHT) * base + (BENEFIT_WEIGHT if helps else 0.0), 3)
