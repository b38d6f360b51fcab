"""The invariants altex guarantees (docs/invariants.md), over random knowledge bases and the bundled one.

Each test runs twice: on knowledge bases drawn by ``altex.strategies.knowledge_bases``
(valid data nobody curated) and on the bundled knowledge base.
"""

from __future__ import annotations

import functools
import itertools
import threading
from collections.abc import Iterator, Sequence

import pytest
from hypothesis import given
from hypothesis import strategies as st

import altex
from altex import KnowledgeBase, Level, PlanAction, PlanEntry
from altex.strategies import (
    condition_names,
    condition_sets,
    exercise_names,
    knowledge_bases,
    pain_reports,
    plans,
)

pytestmark = pytest.mark.property


@pytest.fixture(scope="module", params=["random", "bundled"])
def kbs(request: pytest.FixtureRequest) -> st.SearchStrategy[KnowledgeBase]:
    """Where each test draws its knowledge base from."""
    if request.param == "bundled":
        return st.just(request.getfixturevalue("kb"))
    return knowledge_bases()


@functools.lru_cache(maxsize=1)
def _twin(kb: KnowledgeBase) -> KnowledgeBase:
    """An equal knowledge base, loaded afresh: same records, cold caches."""
    return altex.loads(kb.to_toml())


def _joined(kb: KnowledgeBase, path: Sequence[str]) -> bool:
    """Every node of *path* is in the graph, and each consecutive pair is joined by an edge."""
    g = kb.graph
    return all(n in g for n in path) and all(g.has_edge(a, b) or g.has_edge(b, a) for a, b in itertools.pairwise(path))


# -- safety -------------------------------------------------------------------


@given(data=st.data())
def test_substitutes_are_never_at_avoid_nor_the_exercise_itself(
    kbs: st.SearchStrategy[KnowledgeBase], data: st.DataObject
) -> None:
    kb = data.draw(kbs, label="kb")
    name = data.draw(exercise_names(kb), label="exercise")
    conditions = data.draw(condition_sets(kb), label="conditions")
    limit = data.draw(st.integers(1, 12), label="limit")
    equipment = data.draw(st.none() | st.lists(st.sampled_from(kb.equipment or ("-",))), label="equipment")
    gear = None if equipment is None else [g for g in equipment if g in kb.equipment]
    original = kb.exercise(name)
    found = kb.substitutes(name, conditions, limit=limit, equipment=gear)
    assert len(found) <= limit
    assert len({s.exercise.id for s in found}) == len(found)
    for s in found:
        assert s.exercise.id != original.id
        assert kb.check(s.exercise.id, conditions).level is not Level.AVOID
        assert s.verdict == kb.check(s.exercise.id, conditions)
        assert gear is None or set(s.exercise.equipment) <= set(gear)


@given(data=st.data())
def test_no_item_of_an_adapted_plan_is_at_avoid(kbs: st.SearchStrategy[KnowledgeBase], data: st.DataObject) -> None:
    kb = data.draw(kbs, label="kb")
    plan = data.draw(plans(kb), label="plan")
    conditions = data.draw(condition_sets(kb), label="conditions")
    adapted = kb.adapt(plan, conditions)
    assert len(adapted.items) == len(plan)
    for entry in adapted.entries():
        assert kb.check(entry.exercise, conditions).level is not Level.AVOID
    expected = {Level.OK: {PlanAction.KEEP}, Level.CAUTION: {PlanAction.CAUTION}}
    for item in adapted.items:
        assert item.action in expected.get(item.verdict.level, {PlanAction.REPLACE, PlanAction.DROP})
        assert item.replacement is None or item.replacement.id != item.original.id
        if item.action is PlanAction.DROP:
            # Dropped only when nothing safe can stand in for it.
            assert kb.substitutes(item.original.id, conditions, limit=1) == []
        if item.action is PlanAction.REPLACE:
            assert item.replacement is not None and item.suggestion is not None
            assert item.suggestion.exercise == item.replacement


@given(data=st.data())
def test_under_a_pain_report_nothing_is_at_avoid_and_a_stopped_session_drops_everything(
    kbs: st.SearchStrategy[KnowledgeBase], data: st.DataObject
) -> None:
    kb = data.draw(kbs, label="kb")
    plan = data.draw(plans(kb, max_size=6), label="plan")
    conditions = data.draw(condition_sets(kb), label="conditions")
    report = data.draw(pain_reports(kb), label="report")
    adapted = kb.adapt(plan, conditions, report=report)
    assert adapted.assessment == kb.assess(report)
    for entry in adapted.entries():
        assert kb.check(entry.exercise, conditions).level is not Level.AVOID
    if adapted.assessment.action.stops_session:
        assert all((i.action, i.replacement, i.suggestion) == (PlanAction.DROP, None, None) for i in adapted.items)


# -- soundness ----------------------------------------------------------------


@given(data=st.data())
def test_reasons_and_suggestions_are_paths_of_the_graph_citing_known_sources(
    kbs: st.SearchStrategy[KnowledgeBase], data: st.DataObject
) -> None:
    kb = data.draw(kbs, label="kb")
    name = data.draw(exercise_names(kb), label="exercise")
    conditions = data.draw(condition_sets(kb), label="conditions")
    original = kb.exercise(name)
    verdict = kb.check(name, conditions)
    suggestions = kb.substitutes(name, conditions, limit=10)
    for v in (verdict, *(s.verdict for s in suggestions)):
        assert v.level == max((r.level for r in v.reasons), default=Level.OK)
        for r in v.reasons:
            assert _joined(kb, r.path), r.path
            assert r.path[0] == v.exercise.id
            assert r.sources and set(r.sources) <= set(kb.sources)
            assert r.condition is None or r.condition in v.conditions
    for s in suggestions:
        assert s.path[0] == original.id and s.path[-1] == s.exercise.id
        assert _joined(kb, s.path), s.path
        assert 0.0 <= s.score <= 1.0


# -- monotonicity -------------------------------------------------------------


@given(data=st.data())
def test_adding_a_condition_never_lowers_a_level(kbs: st.SearchStrategy[KnowledgeBase], data: st.DataObject) -> None:
    kb = data.draw(kbs, label="kb")
    name = data.draw(exercise_names(kb), label="exercise")
    conditions = data.draw(condition_sets(kb), label="conditions")
    extra = data.draw(condition_names(kb), label="extra condition")
    before = kb.check(name, conditions)
    after = kb.check(name, [*conditions, extra])
    assert after.level >= before.level
    assert set(before.harms) <= set(after.harms)


# -- order independence and determinism ---------------------------------------


class _Profile:
    """An app's own iterable of conditions, which it may change between calls."""

    def __init__(self, conditions: Sequence[str]) -> None:
        self.conditions = list(conditions)

    def __iter__(self) -> Iterator[str]:
        return iter(self.conditions)


@given(data=st.data())
def test_order_form_and_repetition_do_not_change_answers(
    kbs: st.SearchStrategy[KnowledgeBase], data: st.DataObject
) -> None:
    kb = data.draw(kbs, label="kb")
    name = data.draw(exercise_names(kb), label="exercise")
    conditions = data.draw(condition_sets(kb), label="conditions")
    shuffled = data.draw(st.permutations(conditions), label="shuffled")
    other = data.draw(condition_sets(kb), label="other conditions")
    verdict, found = kb.check(name, conditions), kb.substitutes(name, conditions)
    for form in (shuffled, tuple(shuffled), set(shuffled), frozenset(conditions), iter(shuffled), _Profile(shuffled)):
        assert kb.check(name, form) == verdict
    assert kb.substitutes(name, shuffled) == found
    assert (kb.check(name, conditions), kb.substitutes(name, conditions)) == (verdict, found)
    twin = _twin(kb)
    assert (twin.check(name, shuffled), twin.substitutes(name, shuffled)) == (verdict, found)
    # The same iterable, changed in between, is asked afresh.
    profile = _Profile(conditions)
    kb.check(name, profile)
    profile.conditions = other
    assert kb.check(name, profile) == kb.check(name, other)


@given(data=st.data())
def test_plan_order_does_not_change_any_item(kbs: st.SearchStrategy[KnowledgeBase], data: st.DataObject) -> None:
    kb = data.draw(kbs, label="kb")
    plan = data.draw(plans(kb, max_size=8), label="plan")
    conditions = data.draw(condition_sets(kb), label="conditions")
    order = data.draw(st.permutations(range(len(plan))), label="order")
    items = kb.adapt(plan, conditions).items
    assert kb.adapt([plan[i] for i in order], conditions).items == tuple(items[i] for i in order)


# -- consistency ---------------------------------------------------------------


@given(data=st.data())
def test_adapted_verdicts_equal_check_and_adapting_again_changes_nothing(
    kbs: st.SearchStrategy[KnowledgeBase], data: st.DataObject
) -> None:
    kb = data.draw(kbs, label="kb")
    plan = data.draw(plans(kb), label="plan")
    conditions = data.draw(condition_sets(kb), label="conditions")
    adapted = kb.adapt(plan, conditions)
    for item, given_item in zip(adapted.items, plan, strict=True):
        name = given_item.exercise if isinstance(given_item, PlanEntry) else given_item
        assert item.verdict == kb.check(name, conditions)
        assert item.original == kb.exercise(name)
    again = kb.adapt(adapted.entries(), conditions)
    assert again.entries() == adapted.entries()
    assert {i.action for i in again.items} <= {PlanAction.KEEP, PlanAction.CAUTION}


# -- name resolution -----------------------------------------------------------


@given(data=st.data())
def test_every_name_in_any_case_or_spacing_resolves_to_its_record(
    kbs: st.SearchStrategy[KnowledgeBase], data: st.DataObject
) -> None:
    kb = data.draw(kbs, label="kb")
    eid = data.draw(st.sampled_from(sorted(kb.exercises)), label="exercise id")
    assert kb.exercise(data.draw(exercise_names(kb, eid), label="spelled")).id == eid
    cid = data.draw(st.sampled_from(sorted(kb.conditions)), label="condition id")
    spelled = data.draw(condition_names(kb, cid), label="spelled condition")
    assert kb.condition(spelled).id == cid
    # A condition named twice, or by an alias next to its id, counts once.
    assert kb.check(eid, [cid, spelled]) == kb.check(eid, cid) == kb.check(eid, [spelled])


# -- concurrency ----------------------------------------------------------------


def _answers(kb: KnowledgeBase, questions: Sequence[tuple[str, list[str]]]) -> list[object]:
    return [(kb.check(e, c), kb.substitutes(e, c, limit=3), kb.adapt([e], c)) for e, c in questions]


def _in_threads(kb: KnowledgeBase, questions: Sequence[tuple[str, list[str]]], n: int = 8) -> list[list[object]]:
    results: list[list[object]] = [[] for _ in range(n)]
    start = threading.Barrier(n)

    def work(slot: int) -> None:
        start.wait()
        # Each thread asks in its own order, so caches fill in every order.
        order = list(range(len(questions)))[slot:] + list(range(len(questions)))[:slot]
        got = {i: _answers(kb, [questions[i]])[0] for i in order}
        results[slot] = [got[i] for i in range(len(questions))]

    threads = [threading.Thread(target=work, args=(i,)) for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return results


@given(kb=knowledge_bases(), data=st.data())
def test_eight_threads_get_the_answers_of_one(kb: KnowledgeBase, data: st.DataObject) -> None:
    questions = data.draw(
        st.lists(st.tuples(exercise_names(kb), condition_sets(kb)), min_size=1, max_size=6), label="questions"
    )
    expected = _answers(kb, questions)
    fresh = altex.loads(kb.to_toml())  # cold caches: the threads fill them together
    assert all(r == expected for r in _in_threads(fresh, questions))


def test_eight_threads_get_the_answers_of_one_on_the_bundled_knowledge_base(kb: KnowledgeBase) -> None:
    conditions: list[list[str]] = [[], *([c] for c in sorted(kb.conditions)), sorted(kb.conditions)[:3]]
    questions = [(e, conditions[i % len(conditions)]) for i, e in enumerate(sorted(kb.exercises))]
    expected = _answers(kb, questions)
    fresh = altex.loads(kb.to_toml())  # not _twin: its caches may be warm already
    assert all(r == expected for r in _in_threads(fresh, questions))
