"""Substitutes keep the point of the exercise, and say why in the person's own terms."""

from __future__ import annotations

import pytest

from altex import Goal, KnowledgeBase, Level
from altex._ranking import OFF_GOAL, _busy


def _families(goals: tuple[Goal, ...]) -> set[Goal]:
    return set().union(*(g.family for g in goals)) if goals else set()


def test_the_best_ok_substitute_keeps_the_main_goal_wherever_one_can(kb: KnowledgeBase) -> None:
    # Wherever some safe candidate trains the original's main goal family, the best one does.
    for cid in kb.conditions:
        for eid, e in kb.exercises.items():
            if not e.goals:
                continue
            found = kb.substitutes(eid, cid, limit=10)
            ok = [s for s in found if s.verdict.level is Level.OK]
            main = e.goals[0].family
            if ok and any(main & set(s.exercise.goals) for s in ok):
                assert main & set(ok[0].exercise.goals), (eid, cid, ok[0].exercise.id)


def test_goal_families() -> None:
    assert Goal.MOBILITY in Goal.FLEXIBILITY.family and Goal.POWER in Goal.STRENGTH.family
    assert Goal.CARDIO.family == frozenset({Goal.CARDIO})


def test_off_goal_candidates_keep_a_fraction_of_their_score(kb: KnowledgeBase) -> None:
    assert OFF_GOAL == 0.3
    # Tennis (cardio first): a curated swap to gentle stretching no longer comes first.
    found = [s.exercise.id for s in kb.substitutes("tennis", "back pain", limit=3)]
    assert "gentle-stretching" not in found
    assert all(Goal.CARDIO in kb.exercise(x).goals for x in found)


def test_a_condition_that_makes_bone_loading_the_point_keeps_it(kb: KnowledgeBase) -> None:
    assert Goal.BONE_HEALTH in kb.condition("osteoporosis").keep_goals
    best = kb.substitutes("running", "osteoporosis", limit=1)[0]
    assert Goal.BONE_HEALTH in best.exercise.goals and best.verdict.level is Level.OK
    # Without osteoporosis the bike may come first: bone loading is not the point then.
    assert kb.substitutes("running", limit=1)[0].exercise.id == "stationary-bike"


@pytest.mark.parametrize(("curated", "loss"), [(0, 0.0), (5, 0.05), (20, 0.2), (40, 0.2)])
def test_busy_candidates_lose_a_little_and_at_most_a_fifth(curated: int, loss: float) -> None:
    assert _busy(curated) == pytest.approx(loss)


def test_the_why_speaks_to_the_persons_own_conditions(kb: KnowledgeBase) -> None:
    best = kb.substitutes("running", ["slipped disc"], limit=1)[0]
    assert "lumbar disc herniation" in best.why
    assert "stenosis" not in best.why.split("For you")[-1]
    plain = kb.substitutes("running", limit=1)[0]
    assert "For you" not in plain.why


def test_no_exercise_fills_far_more_than_its_share_of_top_three_lists(kb: KnowledgeBase) -> None:
    counts: dict[str, int] = {}
    lists = 0
    for cid in kb.conditions:
        for eid in kb.exercises:
            lists += 1
            for s in kb.substitutes(eid, cid, limit=3):
                counts[s.exercise.id] = counts.get(s.exercise.id, 0) + 1
    assert max(counts.values()) / lists <= 0.13
