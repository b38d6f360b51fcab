"""Substitute candidates: who can stand in for an exercise, and how well.

Candidates come from the graph, best first:

1. curated substitute edges (``running -> elliptical``), in the order curated;
2. substitutes of those substitutes (two hops);
3. exercises that train a goal the original trains (through a ``goal:*``
   node: the first shared goal in the order of :class:`~altex.models.Goal`),
   weighted by how many goals and muscles they share. These are read from
   buckets of exercises with the same goals, category and muscles, built at
   load, and merged lazily: a query reads only as many as its answer needs.

A query then keeps the candidates that are allowed for the person's
conditions and ranks them: ok before caution, then by score, then by id.
"""

from __future__ import annotations

import enum
import functools
import heapq
import operator
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from typing import NamedTuple, TypeVar

from ._graph import NodeKind, attribute_node
from ._verdicts import _join, _lc
from .models import Category, Condition, Exercise, Goal, Intensity, Level, Muscle
from .results import Judged, Suggestion, Verdict, suggestion_sources

__all__ = ["Candidate", "CandidateIndex", "rank", "select"]

_V = TypeVar("_V", bound=Judged)
_S = TypeVar("_S")

DIRECT, TWO_HOPS, SHARED = 1.0, 0.7, 0.3
#: A candidate that does not train the original's main goal (its first, or a goal of the same
#: family: flexibility and mobility, strength and power) keeps this share of its score, so it ranks
#: below every candidate that does: a substitute keeps the point of the exercise.
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


class _Bucket(NamedTuple):
    """Exercises with one goal mask, category, muscle mask and conditions they may help: they score
    alike for any original, up to their impact and how often they are curated (``k``, lower is
    better), so they are kept sorted by ``(k, id)`` once, at load."""

    muscles: int
    helps: int  # the conditions a member may help (a benefit adds to its final score)
    items: tuple[tuple[int, str, int, int], ...]  # (k, id, impact rank, times curated)


class _Group(NamedTuple):
    """The buckets of one goal mask and category, with what bounds their scores."""

    goals: int
    category: Category
    muscles: int  # every muscle some member works
    helps: int  # every condition some member may help
    best: int  # the lowest k of a member
    buckets: tuple[_Bucket, ...]


# Heap entries: (-score or -bound, id or "", kind, sequence number, payload). A node's bound is at
# least the score of everything under it, and "" sorts before every id, so a node is always opened
# before anything it holds could be due: candidates come out exactly in (-score, id) order.
_ITEM, _NEXT_GROUP, _GROUP, _BUCKET = range(4)
_SLACK = 1e-9  # bounds are computed in another order of float operations than scores


class _Finder:
    """Candidate search with goals and muscles as bit masks.

    Exercises that share a goal are found through buckets of exercises with the same goals,
    category and muscles, built once at load. For an original, its goal groups are visited best
    first (their order is kept per goal mask, category and main goal family), and a heap merges
    the buckets lazily: a query pays for the candidates it looks at, not for the size of the
    knowledge base.
    """

    def __init__(self, exercises: Mapping[str, Exercise], conditions: Mapping[str, Condition]) -> None:
        self.exercises = exercises
        self.condition_bit = {cid: 1 << i for i, cid in enumerate(conditions)}
        relieving: dict[str, list[tuple[Intensity, int]]] = {}
        for cid, c in conditions.items():
            for relief in c.relieved_by:
                relieving.setdefault(relief.mechanism, []).append((relief.at_least, self.condition_bit[cid]))
        self.helps = {eid: _may_help(e, relieving, self.condition_bit) for eid, e in exercises.items()}
        goal_bit: dict[enum.Enum, int] = {g: 1 << i for i, g in enumerate(Goal)}
        self.goal_bit = goal_bit
        muscle_bit: dict[enum.Enum, int] = {m: 1 << i for i, m in enumerate(Muscle)}
        self.goals = {eid: _mask(e.goals, goal_bit) for eid, e in exercises.items()}
        self.muscles = {eid: _mask(e.muscles, muscle_bit) for eid, e in exercises.items()}
        self.goal_nodes = [attribute_node(NodeKind.GOAL, g.value) for g in Goal]
        # How often each exercise is curated as a substitute: a found (not curated) candidate
        # that stands in for everything is worth less, so lists stay varied and specific.
        self.hub: dict[str, int] = {}
        for other in exercises.values():
            for sub in other.substitutes:
                self.hub[sub.exercise] = self.hub.get(sub.exercise, 0) + 1
        self._why: dict[tuple[int, str], str] = {}
        sorted_in: dict[tuple[int, Category], dict[tuple[int, int], list[tuple[int, str, int, int]]]] = {}
        for oid, o in exercises.items():
            if not self.goals[oid]:
                continue  # shares no goal with anything
            rank, busy = o.impact.rank, min(self.hub.get(oid, 0), 20)
            buckets = sorted_in.setdefault((self.goals[oid], o.category), {})
            buckets.setdefault((self.muscles[oid], self.helps[oid]), []).append((rank + busy, oid, rank, busy))
        self.groups = tuple(
            _Group(
                goals,
                category,
                functools.reduce(operator.or_, (m for m, _ in buckets), 0),
                functools.reduce(operator.or_, (h for _, h in buckets), 0),
                min(k for items in buckets.values() for k, *_ in items),
                tuple(_Bucket(m, h, tuple(sorted(items))) for (m, h), items in sorted(buckets.items())),
            )
            for (goals, category), buckets in sorted(sorted_in.items(), key=lambda kv: (kv[0][0], kv[0][1].value))
        )
        self._orders: dict[tuple[int, Category, int], tuple[tuple[float, _Group], ...]] = {}

    def _shared_why(self, shared: int, category: str) -> str:
        key = (shared, category)
        if key not in self._why:
            goals = [g for i, g in enumerate(Goal) if shared >> i & 1]
            self._why[key] = f"Also trains {_names(goals)}" + (f" ({category})" if category else "") + "."
        return self._why[key]

    def _keeps(self, e: Exercise) -> int:
        """The goal family of the original's main goal, as a mask (0: every goal keeps the point)."""
        return _mask(tuple(e.goals[0].family), self.goal_bit) if e.goals else 0

    def found(self, e: Exercise) -> dict[str, Candidate]:
        """Curated substitutes and their substitutes (two hops), before any off-goal discount."""
        exercises = self.exercises
        found: dict[str, Candidate] = {}
        for i, sub in enumerate(e.substitutes):
            score = round(DIRECT - 0.02 * min(i, 10) - _busy(self.hub.get(sub.exercise, 0)) / 2, 3)
            found[sub.exercise] = Candidate(sub.exercise, score, (e.id, sub.exercise), sub.why)
        for i, sub in enumerate(e.substitutes):
            middle = exercises[sub.exercise]
            for j, hop in enumerate(middle.substitutes):
                if hop.exercise == e.id or hop.exercise in found:
                    continue
                score = round(TWO_HOPS - 0.02 * min(i + j, 10) - _busy(self.hub.get(hop.exercise, 0)), 3)
                why = f"{hop.why} (an alternative to {middle.name}, which itself stands in for {e.name})"
                found[hop.exercise] = Candidate(hop.exercise, score, (e.id, middle.id, hop.exercise), why)
        return found

    def _order(self, goals: int, category: Category, keeps: int) -> tuple[tuple[float, _Group], ...]:
        """The groups sharing a goal with *goals*, by the best score a member could reach, best first."""
        key = (goals, category, keeps)
        order = self._orders.get(key)
        if order is None:
            bounded = [
                (
                    _bound(
                        SHARED + 0.1 * _jaccard(goals, g.goals) + 0.2 + (0.07 if g.category is category else 0.0),
                        g.best,
                        bool(keeps) and not g.goals & keeps,
                    ),
                    g,
                )
                for g in self.groups
                if g.goals & goals
            ]
            bounded.sort(key=lambda t: -t[0])
            order = self._orders[key] = tuple(bounded)
        return order

    def conditions_mask(self, conditions: Iterable[str]) -> int:
        """The person's conditions as a mask of the conditions a candidate may help."""
        return functools.reduce(operator.or_, (self.condition_bit[c] for c in conditions), 0)

    def final(self, c: Candidate, conditions: int) -> float:
        """The highest final score *c* can reach for a person with *conditions* (a mask)."""
        return _final(c.score, bool(self.helps[c.exercise] & conditions))

    def stream(self, e: Exercise, conditions: int = 0) -> Iterator[Candidate]:
        """Every candidate for *e*, best first: by the highest final score each can reach for a
        person with *conditions* (a mask: a candidate that may help one of them can gain
        BENEFIT_WEIGHT), then by id. Without conditions, that is by score, then by id."""
        keeps = self._keeps(e)
        goals, muscles = self.goals[e.id], self.muscles[e.id]
        found = {
            oid: c if not keeps or self.goals[oid] & keeps else c._replace(score=round(c.score * OFF_GOAL, 3))
            for oid, c in self.found(e).items()
        }
        heap: list[tuple[float, str, int, int, object]] = [
            (-self.final(c, conditions), oid, _ITEM, 0, c) for oid, c in found.items()
        ]
        heapq.heapify(heap)
        order = self._order(goals, e.category, keeps) if goals else ()
        if order:
            heap.append((-_final(order[0][0], bool(conditions)), "", _NEXT_GROUP, 0, 0))
            heapq.heapify(heap)
        tick = 1
        push = heapq.heappush
        while heap:
            _, _, kind, _, payload = heapq.heappop(heap)
            if kind == _ITEM:
                assert isinstance(payload, Candidate)
                yield payload
            elif kind == _NEXT_GROUP:
                assert isinstance(payload, int)
                group = order[payload][1]
                off = bool(keeps) and not group.goals & keeps
                # The group's members work at most the muscles it covers: a tighter bound than a full match.
                shared_muscles = (muscles & group.muscles).bit_count() / muscles.bit_count() if muscles else 0.0
                top = SHARED + 0.1 * _jaccard(goals, group.goals) + 0.2 * min(shared_muscles, 1.0)
                top += 0.07 if group.category is e.category else 0.0
                helps = bool(group.helps & conditions)
                push(heap, (-_final(_bound(top, group.best, off), helps), "", _GROUP, tick, group))
                tick += 1
                if payload + 1 < len(order):
                    bound = _final(order[payload + 1][0], bool(conditions))
                    push(heap, (-bound, "", _NEXT_GROUP, tick, payload + 1))
                    tick += 1
            elif kind == _GROUP:
                assert isinstance(payload, _Group)
                group = payload
                off = bool(keeps) and not group.goals & keeps
                shared = goals & group.goals
                same = group.category is e.category
                jg = _jaccard(goals, group.goals)
                node = self.goal_nodes[(shared & -shared).bit_length() - 1]
                why = self._shared_why(shared, group.category.value if same else "")
                for bucket in group.buckets:
                    base = SHARED + 0.1 * jg + 0.2 * _jaccard(muscles, bucket.muscles)
                    helps = bool(bucket.helps & conditions)
                    cursor = _Cursor(bucket.items, 0, base, same, off, helps, node, why)
                    bound = _bound(base + (0.07 if same else 0.0), bucket.items[0][0], off)
                    push(heap, (-_final(bound, helps), "", _BUCKET, tick, cursor))
                    tick += 1
            else:
                assert isinstance(payload, _Cursor)
                cur = payload
                _, oid, rank, busy = cur.items[cur.at]
                if oid != e.id and oid not in found:
                    score = cur.base + ((0.07 if cur.same else 0.0) + 0.01 * (3 - rank) - 0.01 * busy)
                    value = round(min(score, 0.69), 3)
                    if cur.off:
                        value = round(value * OFF_GOAL, 3)
                    c = Candidate(oid, value, (e.id, cur.node, oid), cur.why)
                    push(heap, (-_final(value, cur.helps), oid, _ITEM, 0, c))
                if cur.at + 1 < len(cur.items):
                    nxt = cur._replace(at=cur.at + 1)
                    bound = _bound(cur.base + (0.07 if cur.same else 0.0), cur.items[cur.at + 1][0], cur.off)
                    push(heap, (-_final(bound, cur.helps), "", _BUCKET, tick, nxt))
                    tick += 1

    def candidates(self, e: Exercise) -> tuple[Candidate, ...]:
        """Every candidate for *e*, best first (the whole stream)."""
        return tuple(self.stream(e))


class _Cursor(NamedTuple):
    """The next member of a bucket to offer, with what every member's score shares."""

    items: tuple[tuple[int, str, int, int], ...]
    at: int
    base: float  # SHARED + goals and muscles shared
    same: bool  # same category as the original
    off: bool  # off the original's main goal family
    helps: bool  # the bucket's members may help one of the person's conditions
    node: str
    why: str


def _bound(top: float, k: int, off: bool) -> float:
    """The highest final score of a member with impact rank plus times curated *k*, on top of *top*."""
    value = round(min(top + 0.01 * (3 - k) + _SLACK, 0.69), 3)
    return round(value * OFF_GOAL, 3) if off else value


def _may_help(
    e: Exercise, relieving: Mapping[str, list[tuple[Intensity, int]]], condition_bit: Mapping[str, int]
) -> int:
    """The conditions *e* may help (a mask): those relieved by a mechanism it does at least as
    much as the relief's threshold, or that it helps by name.

    Every condition for which its verdict holds a benefit (a relief, or a direct benefit), so
    a bound built on it is never too low (``tests/test_candidates.py`` checks it).
    """
    mask = 0
    for mechanism in (*e.profile, *e.loads):
        reliefs = relieving.get(mechanism)
        if reliefs:
            done = e.intensity(mechanism)
            if done is not Intensity.NONE:
                for at_least, bit in reliefs:
                    if done >= at_least:
                        mask |= bit
    for benefit in e.helps:
        mask |= condition_bit.get(benefit.condition, 0)
    return mask


def _busy(curated: int) -> float:
    """The score a found candidate loses for being curated as a substitute *curated* times (at most 0.2)."""
    return 0.01 * min(curated, 20)


def _names(goals: Sequence[Goal]) -> str:
    values = [g.value for g in goals]
    return values[0] if len(values) == 1 else ", ".join(values[:-1]) + " and " + values[-1]


class CandidateIndex:
    """Every exercise's substitute candidates, best first, found lazily per query.

    A query reads candidates from :meth:`stream` only until its answer is sure, and the
    buckets behind it are built at load, so the cost of a first ``substitutes`` call does not
    grow with the knowledge base.
    """

    def __init__(self, exercises: Mapping[str, Exercise], conditions: Mapping[str, Condition]) -> None:
        self._finder = _Finder(exercises, conditions)

    def stream(self, exercise_id: str, conditions: Iterable[str] = ()) -> Iterator[Candidate]:
        """The candidates of *exercise_id*, best first for a person with *conditions* (see
        :meth:`_Finder.stream`), found as they are read."""
        f = self._finder
        return f.stream(f.exercises[exercise_id], f.conditions_mask(conditions))

    def bound(self, conditions: Iterable[str]) -> Callable[[Candidate], float]:
        """The highest final score a candidate can reach for *conditions* (the order of :meth:`stream`)."""
        f, mask = self._finder, self._finder.conditions_mask(conditions)
        return lambda c: f.final(c, mask)

    def __getitem__(self, exercise_id: str) -> tuple[Candidate, ...]:
        return tuple(self.stream(exercise_id))

    def get(self, exercise_id: str, default: tuple[Candidate, ...] = ()) -> tuple[Candidate, ...]:
        """All candidates of *exercise_id*, or *default* for an id that is no exercise."""
        return self[exercise_id] if exercise_id in self._finder.exercises else default

    def warm(self) -> None:
        """Order the goal groups for every exercise now (before the knowledge base is cached)."""
        f = self._finder
        for e in f.exercises.values():
            if f.goals[e.id]:
                f._order(f.goals[e.id], e.category, f._keeps(e))


def rank(
    found: Iterable[Candidate],
    verdict_of: Callable[[str], Verdict],
    exercises: Mapping[str, Exercise],
    gear: frozenset[str] | None,
    limit: int,
    original: Verdict | None = None,
    bound: Callable[[Candidate], float] | None = None,
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

    return select(found, judge, make, limit, adjust if keep else None, bound)


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
    found: Iterable[Candidate],
    judge: Callable[[Candidate], _V | None],
    make: Callable[[Candidate, _V, float], _S],
    limit: int,
    adjust: Callable[[Candidate], float] | None = None,
    bound: Callable[[Candidate], float] | None = None,
) -> list[_S]:
    """The best *limit* candidates that are not at avoid: ok first, then by score, then by id.

    *judge* gives a candidate's verdict (None leaves it out, e.g. for equipment);
    *make* turns a kept one into the caller's suggestion model; *adjust*, when
    given, lowers a candidate's base score for this query. Shared by the
    knowledge base and by app catalogs, so both rank the same way.

    *found* is sorted by base score, and a benefit adds at most BENEFIT_WEIGHT, so
    the scan stops as soon as no later candidate could enter the top *limit*;
    most queries judge only a handful of candidates. With *bound*, *found* is
    sorted by ``(-bound(c), id)`` instead, where ``bound(c)`` is at least the final
    score *c* can reach: the scan then stops at the first candidate that ranks
    below the last of the top *limit*, however many candidates tie above it.
    """
    ok: list[tuple[float, str, Candidate, _V]] = []
    caution: list[tuple[float, str, Candidate, _V]] = []
    unsorted = False
    for c in found:
        if len(ok) >= limit:
            if unsorted:
                ok.sort(key=_key)
                del ok[limit:]
                unsorted = False
            last = ok[limit - 1]
            if bound is None:
                if _final(c.score, True) < -last[0]:
                    break
            elif (-bound(c), c.exercise) > (last[0], last[1]):
                break
        verdict = judge(c)
        if verdict is None or verdict.level is Level.AVOID:
            continue
        # *adjust* may only lower a base score, so the early stop above stays sound.
        score = _final(adjust(c) if adjust is not None else c.score, bool(verdict.benefits))
        if verdict.level is Level.OK:
            ok.append((-score, c.exercise, c, verdict))
            unsorted = True
        else:
            caution.append((-score, c.exercise, c, verdict))
    ok.sort(key=_key)
    caution.sort(key=_key)
    return [make(c, verdict, -score) for score, _, c, verdict in (ok + caution)[:limit]]


def _key(t: tuple[float, str, object, object]) -> tuple[float, str]:
    return t[0], t[1]


def _final(base: float, helps: bool) -> float:
    return round((1 - BENEFIT_WEIGHT) * base + (BENEFIT_WEIGHT if helps else 0.0), 3)
