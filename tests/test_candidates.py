"""Substitute candidates from buckets: exactly the candidates a scan of every exercise finds, in the same order.

The reference below is the plain search (compare the original with every exercise); the
knowledge base reads the same candidates lazily from buckets built at load, so that a query
does not pay for the size of the knowledge base. Both must give the same candidates and the
same answers everywhere.
"""

from __future__ import annotations

import heapq
import itertools
from pathlib import Path

import pytest
from hypothesis import given, settings

import altex
from altex import KnowledgeBase, Level
from altex._candidates import SHARED, Candidate, Finder, Phase, _busy, _jaccard, _mask, _tier, final
from altex._ranking import rank
from altex.strategies import knowledge_bases

from .benchmarks import synthetic


def reference(kb: KnowledgeBase, eid: str) -> tuple[Candidate, ...]:
    """Every candidate of *eid*, best first, by comparing it with every other exercise."""
    f = Finder(kb.exercises, kb.conditions)
    e = kb.exercises[eid]
    found = f.found(e)
    goals, muscles = f.goals[eid], f.muscles[eid]
    for oid, other in kb.exercises.items():
        shared = goals & f.goals[oid]
        if not shared or oid == eid or oid in found:
            continue
        same_category = other.category is e.category
        score = SHARED + 0.1 * _jaccard(goals, f.goals[oid]) + 0.2 * _jaccard(muscles, f.muscles[oid])
        score += (0.07 if same_category else 0.0) + 0.01 * (3 - other.impact.rank) - _busy(f.hub.get(oid, 0))
        node = f.goal_nodes[(shared & -shared).bit_length() - 1]
        why = f._shared_why(shared, other.category.value if same_category else "")
        found[oid] = Candidate(oid, round(min(score, 0.69), 3), (eid, node, oid), why)
    keeps = _mask(tuple(e.goals[0].family), f.goal_bit) if e.goals else 0
    found = {oid: c._replace(score=_tier(c.score, not keeps or bool(f.goals[oid] & keeps))) for oid, c in found.items()}
    return tuple(sorted(found.values(), key=lambda c: (-c.score, c.exercise)))


def _same_candidates(kb: KnowledgeBase) -> None:
    # The stream is ordered by the final score a candidate can reach (a tenth less without a
    # benefit), then by id: the reference's candidates, in that order.
    f = kb._candidates.finder
    conditions = sorted(kb.conditions)[:2]
    mask = f.conditions_mask(conditions)
    for eid in kb.exercises:
        expected = reference(kb, eid)
        assert kb._candidates[eid] == tuple(sorted(expected, key=lambda c: (-final(c.score, False), c.exercise)))
        ordered = sorted(expected, key=lambda c: (-f.final(c, mask), c.exercise))
        assert tuple(kb._candidates.stream(eid, conditions)) == tuple(ordered), eid


def test_the_same_candidates_in_the_same_order_for_every_bundled_exercise(kb: KnowledgeBase) -> None:
    _same_candidates(kb)


def test_the_same_answers_for_every_exercise_and_every_one_or_two_conditions(kb: KnowledgeBase) -> None:
    conditions = sorted(kb.conditions)
    sets = [frozenset(), *(frozenset((c,)) for c in conditions)]
    sets += [frozenset(pair) for pair in itertools.combinations(conditions, 2)]
    for eid in kb.exercises:
        expected = reference(kb, eid)
        for cids in sets:
            new = kb.substitutes(eid, sorted(cids), limit=5)
            cids = kb.condition_ids(sorted(cids))  # as the query resolves them (a condition may imply another)
            original = kb.verdict(eid, cids)
            old = rank(expected, lambda x, c=cids: kb.verdict(x, c), kb.exercises, None, 5, original)  # type: ignore[misc]
            assert new == old, (eid, sorted(cids))


def test_the_same_answers_with_equipment_and_longer_lists(kb: KnowledgeBase) -> None:
    # Leaving candidates out (equipment) and asking for more reads further down the stream.
    for eid in kb.exercises:
        expected = reference(kb, eid)
        for cid in [None, *kb.conditions]:
            cids = frozenset(() if cid is None else (cid,))
            for gear, limit in (([], 3), (["exercise-bike", "pool", "mat"], 12)):
                new = kb.substitutes(eid, sorted(cids), limit=limit, equipment=gear)
                cids = kb.condition_ids(sorted(cids))
                original = kb.verdict(eid, cids)
                old = rank(expected, lambda x, c=cids: kb.verdict(x, c), kb.exercises, frozenset(gear), limit, original)  # type: ignore[misc]
                assert new == old, (eid, cid, gear)


def test_the_same_candidates_on_a_synthetic_knowledge_base(tmp_path: Path) -> None:
    _same_candidates(altex.load(synthetic.write(tmp_path, 400, seed=3), bundled=False))


@pytest.mark.property
@settings(deadline=None, max_examples=40)
@given(knowledge_bases())
def test_the_same_candidates_on_random_knowledge_bases(kb: KnowledgeBase) -> None:
    _same_candidates(kb)


def test_reading_the_best_candidates_does_not_build_the_rest(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    kb = altex.load(synthetic.write(tmp_path, 2_000, seed=4), bundled=False)
    eid = next(iter(kb.exercises))
    pushed = 0
    push = heapq.heappush

    def counted(heap: list[object], entry: object) -> None:
        nonlocal pushed
        pushed += 1
        push(heap, entry)

    monkeypatch.setattr(heapq, "heappush", counted)
    list(itertools.islice(kb._candidates.stream(eid), 10))
    first_ten, pushed = pushed, 0
    everything = len(kb._candidates[eid])
    assert everything > 500 and pushed > everything
    assert first_ten < everything / 10


def _marks_hold(kb: KnowledgeBase) -> None:
    # A query skips candidates on these marks: one wrong would hide an ok or caution candidate.
    f = kb._candidates.finder
    for eid in kb.exercises:
        m = f.marks[eid]
        for cid in kb.conditions:
            bit = f.condition_bit[cid]
            verdict = kb.verdict(eid, frozenset((cid,)))
            if verdict.benefits:
                assert m.helps & bit, (eid, cid)
            if m.harms & bit:
                assert verdict.level is not Level.OK, (eid, cid)
            if m.avoids & bit:
                assert verdict.level is Level.AVOID, (eid, cid)


def test_the_marks_a_query_skips_on_agree_with_the_verdicts(kb: KnowledgeBase, tmp_path: Path) -> None:
    _marks_hold(kb)
    _marks_hold(altex.load(synthetic.write(tmp_path, 300, seed=5), bundled=False))


@pytest.mark.property
@settings(deadline=None, max_examples=40)
@given(knowledge_bases())
def test_the_marks_agree_with_the_verdicts_on_random_knowledge_bases(kb: KnowledgeBase) -> None:
    _marks_hold(kb)


def test_the_phases_split_the_candidates_that_are_not_surely_at_avoid(kb: KnowledgeBase) -> None:
    conditions = ["sciatica", "lumbar-disc-herniation"]
    mask = kb._candidates.finder.conditions_mask(conditions)
    for eid in list(kb.exercises)[::7]:
        every = set(kb._candidates[eid])
        maybe_ok = set(kb._candidates.stream(eid, conditions, Phase.MAYBE_OK))
        not_ok = set(kb._candidates.stream(eid, conditions, Phase.NOT_OK))
        assert not maybe_ok & not_ok and maybe_ok | not_ok <= every
        for c in every - maybe_ok - not_ok:
            assert kb._candidates.finder.marks[c.exercise].avoids & mask
            assert kb.check(c.exercise, conditions).level is Level.AVOID
