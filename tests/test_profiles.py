"""Movement profiles: complete by construction, and verdicts monotone in the movement."""

from __future__ import annotations

import itertools

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import altex
from altex import KnowledgeBase, Level
from altex._profiles import demands, dominates
from altex.strategies import knowledge_bases


def test_every_bundled_exercise_rates_every_demand(kb: KnowledgeBase) -> None:
    graded = set(demands(kb.mechanisms))
    assert len(graded) >= 15
    for e in kb.exercises.values():
        assert set(e.profile) == graded, e.id
        assert not any(kb.mechanisms[m].graded for m in e.loads), e.id


def test_a_missing_rating_is_a_data_error_naming_the_demands(kb: KnowledgeBase) -> None:
    with pytest.raises(altex.DataError) as info:
        altex.loads('[[exercise]]\nid = "moon-walk"\nname = "Moon walk"\ncategory = "daily"\n', bundled=True)
    err = info.value
    assert (err.record, err.field) == ("exercise.moon-walk", "profile")
    assert "'impact'" in err.errors[0].message and "rate every demand" in err.errors[0].message


def test_a_threshold_that_is_not_stricter_than_a_lower_one_is_an_error() -> None:
    text = (
        '[[source]]\nid = "s"\ntitle = "S"\nkind = "article"\ncitation = "S."\n'
        '[[mechanism]]\nid = "m"\nname = "M"\ndescription = "M."\n'
        'scale = { low = "l", moderate = "m", high = "h" }\n'
        '[[condition]]\nid = "c"\nname = "C"\ndescription = "C."\naggravated_by = [\n'
        '{ mechanism = "m", level = "avoid", sources = ["s"] },\n'
        '{ mechanism = "m", at_least = "high", level = "caution", sources = ["s"] },\n]\n'
    )
    with pytest.raises(altex.DataError, match="must be stricter"):
        altex.loads(text)


def _law_holds(kb: KnowledgeBase, condition_sets: list[tuple[str, ...]]) -> list[tuple[str, str, tuple[str, ...]]]:
    broken = []
    exercises = list(kb.exercises.values())
    for a, b in itertools.permutations(exercises, 2):
        if not dominates(a, b):
            continue
        for conditions in condition_sets:
            if kb.check(a.id, conditions).level < kb.check(b.id, conditions).level:
                broken.append((a.id, b.id, conditions))
    return broken


def test_dominance_law_on_the_bundled_data(kb: KnowledgeBase) -> None:
    # If A does at least everything B does, A's verdict is at least B's, for every one or two conditions.
    conditions = list(kb.conditions)
    sets = [(c,) for c in conditions] + list(itertools.combinations(conditions, 2))
    assert _law_holds(kb, sets) == []


@pytest.mark.property
@settings(deadline=None)
@given(knowledge_bases(), st.data())
def test_dominance_law_on_random_knowledge_bases(kb: KnowledgeBase, data: st.DataObject) -> None:
    conditions = data.draw(st.lists(st.sampled_from(sorted(kb.conditions)), max_size=3, unique=True))
    assert _law_holds(kb, [tuple(conditions)]) == []


def test_every_alias_of_a_condition_gives_the_same_answers(kb: KnowledgeBase) -> None:
    for c in kb.conditions.values():
        expected = {eid: kb.check(eid, [c.id]).level for eid in kb.exercises}
        for alias in c.aliases:
            assert {eid: kb.check(eid, [alias]).level for eid in kb.exercises} == expected, alias


@pytest.mark.parametrize(
    ("heavier", "lighter", "condition"),
    [
        ("running", "walking", "facet joint syndrome"),
        ("bench-press", "wall-push-up", "trigger points"),
        ("tennis", "pickleball", "spinal stenosis"),
    ],
)
def test_dose_orders_near_twins(kb: KnowledgeBase, heavier: str, lighter: str, condition: str) -> None:
    assert kb.check(heavier, condition).level >= kb.check(lighter, condition).level


def test_every_condition_inherits_every_load(kb: KnowledgeBase) -> None:
    # A secondary load counts for every condition that grades it: the arch of a serve for stenosis.
    v = kb.check("tennis", "spinal stenosis")
    assert v.level is not Level.OK
    assert any(r.path[1] == "loaded-extension" for r in v.reasons)
