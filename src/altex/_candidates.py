"""Substitute candidates: who can stand in for an exercise, and with what base score.

Candidates come from the graph:

1. curated substitute edges (``running -> elliptical``), in the order curated;
2. substitutes of those substitutes (two hops);
3. exercises that train a goal the original trains (through a ``goal:*``
   node: the first shared goal in the order of :class:`~altex.models.Goal`),
   weighted by how many goals and muscles they share.

The third kind is what grows with the knowledge base, so it is never scanned. At load,
exercises are put in buckets of the same goals, category and muscles (which score alike for
any original, up to their impact and how often they are curated), and of the same conditions
they may help, surely harm and surely aggravate to avoid. A query merges buckets lazily, best
first, with a heap (:meth:`Finder.stream`): it pays for the candidates it reads, and it skips
buckets that cannot hold what it looks for (an ok candidate, then a caution).
"""

from __future__ import annotations

import enum
import functools
import heapq
import operator
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from typing import NamedTuple

from ._graph import NodeKind, attribute_node
from .models import Aggravation, Category, Condition, Exercise, Goal, Intensity, Level, Muscle, Relief

__all__ = ["BENEFIT_WEIGHT", "OFF_GOAL", "Candidate", "CandidateIndex", "Phase", "final"]

DIRECT, TWO_HOPS, SHARED = 1.0, 0.7, 0.3
#: A candidate that does not train the original's main goal (its first, or a goal of the same
#: family: flexibility and mobility, strength and power) scores at most this (see _tier), so it
#: ranks below every candidate that does: a substitute keeps the point of the exercise.
OFF_GOAL = 0.3
#: Share of the final score that rewards a candidate helping one of the person's
#: conditions; the rest is the candidate's base score (so the score stays in [0, 1]).
BENEFIT_WEIGHT = 0.1


class Candidate(NamedTuple):
    """A possible substitute, before the person's conditions are considered."""

    exercise: str
    score: float
    path: tuple[str, ...]
    why: str


class Phase(enum.Enum):
    """Which candidates a stream offers, judged from what surely holds for the person's conditions."""

    ALL = "all"
    MAYBE_OK = "maybe-ok"  # no condition surely harmed: every candidate that can be ok
    NOT_OK = "not-ok"  # a condition surely harmed, none surely at avoid: the rest that can be a caution


def final(base: float, helps: bool) -> float:
    """The final score of a candidate: its base score, and a tenth for helping a condition."""
    return round((1 - BENEFIT_WEIGHT) * base + (BENEFIT_WEIGHT if helps else 0.0), 3)


def _mask(values: Sequence[enum.Enum], bit: Mapping[enum.Enum, int]) -> int:
    out = 0
    for v in values:
        out |= bit[v]
    return out


def _jaccard(a: int, b: int) -> float:
    union = a | b
    return (a & b).bit_count() / union.bit_count() if union else 0.0


class Marks(NamedTuple):
    """What surely holds for one exercise, per condition (masks of condition bits).

    ``helps``: every condition its verdict can hold a benefit for (a relief it reaches, or a
    direct benefit); ``harms``: conditions it surely is not ok for (a harm threshold it reaches,
    or a direct harm); ``avoids``: those where that harm is an avoid. Adding conditions never
    lowers a verdict, so these hold for every set of conditions that includes them.
    """

    helps: int
    harms: int
    avoids: int


#: Per mechanism, per intensity (by rank): the (helps, harms, avoids) condition masks it brings.
_Table = dict[str, list[Marks]]


def rules_table(conditions: Mapping[str, Condition], bit: Mapping[str, int]) -> _Table:
    """Each mechanism's reliefs and harms, folded into the marks each intensity of it brings."""
    levels = list(Intensity)
    out: dict[str, list[list[int]]] = {}
    rules: list[tuple[str, Aggravation | Relief]] = []
    for cid, c in conditions.items():
        rules += [(cid, rule) for rule in c.relieved_by]
        rules += [(cid, rule) for rule in c.aggravated_by]
    for cid, rule in rules:
        row = out.setdefault(rule.mechanism, [[0, 0, 0] for _ in levels])
        for i, level in enumerate(levels):
            if level is not Intensity.NONE and level >= rule.at_least:
                if isinstance(rule, Aggravation):
                    row[i][1] |= bit[cid]
                    if rule.level is Level.AVOID:
                        row[i][2] |= bit[cid]
                else:
                    row[i][0] |= bit[cid]
    return {m: [Marks(*x) for x in row] for m, row in out.items()}


def marks(e: Exercise, table: _Table, bit: Mapping[str, int]) -> Marks:
    """The :class:`Marks` of *e*, given :func:`rules_table` (``tests/test_candidates.py`` checks
    them against the verdicts)."""
    helps = harms = avoids = 0
    for mechanism, intensity in (*e.profile.items(), *((f, Intensity.LOW) for f in e.loads)):
        row = table.get(mechanism)
        if row is not None:
            m = row[intensity.rank]
            helps, harms, avoids = helps | m.helps, harms | m.harms, avoids | m.avoids
    for benefit in e.helps:
        helps |= bit.get(benefit.condition, 0)
    for direct in e.contraindicated:
        harms |= bit.get(direct.condition, 0)
        if direct.level is Level.AVOID:
            avoids |= bit.get(direct.condition, 0)
    return Marks(helps, harms, avoids)


#: A member of a bucket: (k, id, impact rank, times curated, conditions it may help, conditions
#: it is surely at avoid for).
_Item = tuple[int, str, int, int, int, int]


class _Bucket(NamedTuple):
    """Exercises that score alike for any original, up to impact and curation (``k``, lower is
    better), and surely harm the same conditions: kept sorted by ``(k, id)`` once, at load.
    Its marks: the conditions some member may help, the ones every member harms, and the ones
    every member is at avoid for."""

    marks: Marks
    items: tuple[_Item, ...]


class _Node(NamedTuple):
    """A goal group (goal mask and category) or, inside one, a muscle group: what bounds the
    scores of its members, and its parts (muscle groups, or buckets)."""

    goals: int
    category: Category
    muscles: int  # every muscle some member works
    helps: int  # every condition some member may help
    harmed: int  # conditions every member surely harms
    avoided: int  # conditions every member surely is at avoid for
    harms: int  # conditions some member surely harms
    best: int  # the lowest k of a member
    subs: tuple[_Node, ...]  # a goal group's muscle groups
    buckets: tuple[_Bucket, ...]  # every bucket under the node


def _node(goals: int, category: Category, muscles: int, buckets: Sequence[_Bucket], subs: tuple[_Node, ...]) -> _Node:
    return _Node(
        goals,
        category,
        muscles,
        functools.reduce(operator.or_, (b.marks.helps for b in buckets), 0),
        functools.reduce(operator.and_, (b.marks.harms for b in buckets)),
        functools.reduce(operator.and_, (b.marks.avoids for b in buckets)),
        functools.reduce(operator.or_, (b.marks.harms for b in buckets), 0),
        min(b.items[0][0] for b in buckets),
        subs,
        tuple(buckets),
    )


class _Cursor(NamedTuple):
    """The next member of a bucket to offer, with what every member's score shares."""

    items: tuple[_Item, ...]
    at: int
    base: float  # SHARED + goals and muscles shared
    same: bool  # same category as the original
    off: bool  # off the original's main goal family
    helps: bool  # some member may help one of the person's conditions
    phase: Phase
    node: str
    why: str


class _Opened(NamedTuple):
    """A muscle group to open: its buckets, and what their members' cursors share."""

    buckets: tuple[_Bucket, ...]
    cursor: _Cursor


# Heap entries: (-bound, id or "", kind, sequence number, payload). A node's bound is at least
# the final score of everything under it, and "" sorts before every id, so a node is always
# opened before anything it holds could be due: candidates come out in (-bound, id) order.
_ITEM, _NEXT_GROUP, _GROUP, _MUSCLES, _BUCKET = range(5)
#: Order every kind's goal groups at load up to this many (kind, group) pairs (about a second).
_EAGER_ORDERS = 1_000_000
_SLACK = 1e-9  # bounds are computed in another order of float operations than scores


def _bound(top: float, k: int, off: bool) -> float:
    """The highest base score of a member with impact rank plus times curated *k*, on top of *top*."""
    value = round(min(top + 0.01 * (3 - k) + _SLACK, 0.69), 3)
    return _tier(value, not off) + _SLACK


def _tier(score: float, keeps_goal: bool) -> float:
    """A candidate's base score in its tier: one that keeps the main goal lands in [0.45, 1], one that
    does not in [0, OFF_GOAL], so even with a benefit's bonus every candidate keeping the goal ranks first.

    >>> _tier(1.0, True), _tier(0.0, True), _tier(1.0, False)
    (1.0, 0.45, 0.3)
    """
    s = min(max(score, 0.0), 1.0)
    return round(0.45 + 0.55 * s if keeps_goal else OFF_GOAL * s, 3)


def _busy(curated: int) -> float:
    """The score a found candidate loses for being curated as a substitute *curated* times (at most 0.2)."""
    return 0.01 * min(curated, 20)


def _names(goals: Sequence[Goal]) -> str:
    values = [g.value for g in goals]
    return values[0] if len(values) == 1 else ", ".join(values[:-1]) + " and " + values[-1]


def _bucket_marks(harms: int, items: Sequence[_Item]) -> Marks:
    return Marks(
        functools.reduce(operator.or_, (i[4] for i in items), 0),
        harms,
        functools.reduce(operator.and_, (i[5] for i in items)),
    )


def _admits(phase: Phase, m: Marks, conditions: int) -> bool:
    if phase is Phase.MAYBE_OK:
        return not m.harms & conditions
    if phase is Phase.NOT_OK:
        return bool(m.harms & conditions) and not m.avoids & conditions
    return True


def _opens(phase: Phase, g: _Node, conditions: int) -> bool:
    """Whether some bucket of *g* may hold a candidate *phase* admits."""
    if phase is Phase.MAYBE_OK:
        return not g.harmed & conditions
    if phase is Phase.NOT_OK:
        return bool(g.harms & conditions) and not g.avoided & conditions
    return True


class Finder:
    """Candidate search with goals, muscles and conditions as bit masks."""

    def __init__(self, exercises: Mapping[str, Exercise], conditions: Mapping[str, Condition]) -> None:
        self.exercises = exercises
        self.condition_bit = {cid: 1 << i for i, cid in enumerate(conditions)}
        table = rules_table(conditions, self.condition_bit)
        self.marks = {eid: marks(e, table, self.condition_bit) for eid, e in exercises.items()}
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
        sorted_in: dict[tuple[int, Category], dict[int, dict[int, list[_Item]]]] = {}
        for oid, o in exercises.items():
            if not self.goals[oid]:
                continue  # shares no goal with anything
            rank, busy = o.impact.rank, min(self.hub.get(oid, 0), 20)
            by_muscles = sorted_in.setdefault((self.goals[oid], o.category), {})
            m = self.marks[oid]
            by_harms = by_muscles.setdefault(self.muscles[oid], {})
            by_harms.setdefault(m.harms, []).append((rank + busy, oid, rank, busy, m.helps, m.avoids))
        groups = []
        for (goals, category), by_muscles in sorted(sorted_in.items(), key=lambda kv: (kv[0][0], kv[0][1].value)):
            subs = []
            for muscles, by_harms in sorted(by_muscles.items()):
                buckets = [
                    _Bucket(_bucket_marks(h, items), tuple(sorted(items))) for h, items in sorted(by_harms.items())
                ]
                subs.append(_node(goals, category, muscles, buckets, ()))
            every = [b for sub in subs for b in sub.buckets]
            groups.append(_node(goals, category, functools.reduce(operator.or_, by_muscles, 0), every, tuple(subs)))
        self.groups = tuple(groups)
        self._orders: dict[tuple[int, Category, int], tuple[tuple[float, _Node], ...]] = {}

    def _shared_why(self, shared: int, category: str) -> str:
        key = (shared, category)
        if key not in self._why:
            goals = [g for i, g in enumerate(Goal) if shared >> i & 1]
            self._why[key] = f"Also trains {_names(goals)}" + (f" ({category})" if category else "") + "."
        return self._why[key]

    def keeps(self, e: Exercise) -> int:
        """The goal family of the original's main goal, as a mask (0: every goal keeps the point)."""
        return _mask(tuple(e.goals[0].family), self.goal_bit) if e.goals else 0

    def found(self, e: Exercise) -> dict[str, Candidate]:
        """Curated substitutes and their substitutes (two hops), before any off-goal discount."""
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
        return found

    def order(self, goals: int, category: Category, keeps: int) -> tuple[tuple[float, _Node], ...]:
        """The groups sharing a goal with *goals*, by the best base score a member could reach, best first."""
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
        """The person's conditions as a mask."""
        return functools.reduce(operator.or_, (self.condition_bit[c] for c in conditions), 0)

    def final(self, c: Candidate, conditions: int) -> float:
        """The highest final score *c* can reach for a person with *conditions* (a mask)."""
        return final(c.score, bool(self.marks[c.exercise].helps & conditions))

    def stream(self, e: Exercise, conditions: int = 0, phase: Phase = Phase.ALL) -> Iterator[Candidate]:
        """The candidates for *e* that *phase* admits, best first: by the highest final score each
        can reach for a person with *conditions* (a mask), then by id."""
        keeps = self.keeps(e)
        goals, muscles = self.goals[e.id], self.muscles[e.id]
        found = {
            oid: c._replace(score=_tier(c.score, not keeps or bool(self.goals[oid] & keeps)))
            for oid, c in self.found(e).items()
        }
        heap: list[tuple[float, str, int, int, object]] = [
            (-self.final(c, conditions), oid, _ITEM, 0, c)
            for oid, c in found.items()
            if _admits(phase, self.marks[oid], conditions)
        ]
        order = self.order(goals, e.category, keeps) if goals else ()
        if order:
            heap.append((-final(order[0][0], bool(conditions)), "", _NEXT_GROUP, 0, 0))
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
                if payload + 1 < len(order):
                    bound = final(order[payload + 1][0], bool(conditions))
                    push(heap, (-bound, "", _NEXT_GROUP, tick, payload + 1))
                    tick += 1
                group = order[payload][1]
                if not _opens(phase, group, conditions):
                    continue
                off = bool(keeps) and not group.goals & keeps
                # Members work at most the muscles the group covers: a tighter bound than a full match.
                shared_muscles = (muscles & group.muscles).bit_count() / muscles.bit_count() if muscles else 0.0
                top = SHARED + 0.1 * _jaccard(goals, group.goals) + 0.2 * min(shared_muscles, 1.0)
                top += 0.07 if group.category is e.category else 0.0
                helps = bool(group.helps & conditions)
                push(heap, (-final(_bound(top, group.best, off), helps), "", _GROUP, tick, group))
                tick += 1
            elif kind == _GROUP:
                assert isinstance(payload, _Node)
                group = payload
                off = bool(keeps) and not group.goals & keeps
                shared = goals & group.goals
                same = group.category is e.category
                jg = _jaccard(goals, group.goals)
                node = self.goal_nodes[(shared & -shared).bit_length() - 1]
                why = self._shared_why(shared, group.category.value if same else "")
                for sub in group.subs:
                    if not _opens(phase, sub, conditions):
                        continue
                    base = SHARED + 0.1 * jg + 0.2 * _jaccard(muscles, sub.muscles)
                    opened = _Opened(sub.buckets, _Cursor((), 0, base, same, off, False, phase, node, why))
                    bound = _bound(base + (0.07 if same else 0.0), sub.best, off)
                    push(heap, (-final(bound, bool(sub.helps & conditions)), "", _MUSCLES, tick, opened))
                    tick += 1
            elif kind == _MUSCLES:
                assert isinstance(payload, _Opened)
                shared_part = payload.cursor
                top = shared_part.base + (0.07 if shared_part.same else 0.0)
                for bucket in payload.buckets:
                    if not _admits(phase, bucket.marks, conditions):
                        continue
                    helps = bool(bucket.marks.helps & conditions)
                    cursor = shared_part._replace(items=bucket.items, helps=helps)
                    bound = _bound(top, bucket.items[0][0], shared_part.off)
                    push(heap, (-final(bound, helps), "", _BUCKET, tick, cursor))
                    tick += 1
            else:
                assert isinstance(payload, _Cursor)
                cur = payload
                _, oid, rank, busy, helps_mask, avoids_mask = cur.items[cur.at]
                if oid != e.id and oid not in found and not (cur.phase is Phase.NOT_OK and avoids_mask & conditions):
                    score = cur.base + ((0.07 if cur.same else 0.0) + 0.01 * (3 - rank) - 0.01 * busy)
                    value = _tier(round(min(score, 0.69), 3), not cur.off)
                    c = Candidate(oid, value, (e.id, cur.node, oid), cur.why)
                    push(heap, (-final(value, bool(helps_mask & conditions)), oid, _ITEM, 0, c))
                if cur.at + 1 < len(cur.items):
                    nxt = cur._replace(at=cur.at + 1)
                    bound = _bound(cur.base + (0.07 if cur.same else 0.0), cur.items[cur.at + 1][0], cur.off)
                    push(heap, (-final(bound, cur.helps), "", _BUCKET, tick, nxt))
                    tick += 1


class CandidateIndex:
    """Every exercise's substitute candidates, read lazily, best first (see the module's notes)."""

    def __init__(self, exercises: Mapping[str, Exercise], conditions: Mapping[str, Condition]) -> None:
        self.finder = Finder(exercises, conditions)
        f = self.finder
        # Order the goal groups for every kind of original at load, when that is cheap (the
        # number of kinds times the number of groups is bounded by the vocabularies, not by the
        # number of exercises); otherwise each kind is ordered on first use.
        kinds = {(f.goals[eid], e.category, f.keeps(e)) for eid, e in exercises.items() if f.goals[eid]}
        if len(kinds) * len(f.groups) <= _EAGER_ORDERS:
            for kind in kinds:
                f.order(*kind)

    def stream(self, exercise_id: str, conditions: Iterable[str] = (), phase: Phase = Phase.ALL) -> Iterator[Candidate]:
        """The candidates of *exercise_id* that *phase* admits, best first for a person with
        *conditions* (see :meth:`Finder.stream`), found as they are read."""
        f = self.finder
        return f.stream(f.exercises[exercise_id], f.conditions_mask(conditions), phase)

    def bound(self, conditions: Iterable[str]) -> Callable[[Candidate], float]:
        """The highest final score a candidate can reach for *conditions* (the order of :meth:`stream`)."""
        f, mask = self.finder, self.finder.conditions_mask(conditions)
        return lambda c: f.final(c, mask)

    def __getitem__(self, exercise_id: str) -> tuple[Candidate, ...]:
        return tuple(self.stream(exercise_id))

    def get(self, exercise_id: str, default: tuple[Candidate, ...] = ()) -> tuple[Candidate, ...]:
        """All candidates of *exercise_id*, or *default* for an id that is no exercise."""
        return self[exercise_id] if exercise_id in self.finder.exercises else default

    def warm(self) -> None:
        """Order the goal groups for every exercise now (before the knowledge base is cached)."""
        f = self.finder
        for e in f.exercises.values():
            if f.goals[e.id]:
                f.order(f.goals[e.id], e.category, f.keeps(e))
