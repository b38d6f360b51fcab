"""Data integrity of "what instead?": every avoid has a safe substitute that keeps the goal."""

from __future__ import annotations

import altex
from altex._pages import coverage


def test_every_avoid_has_an_ok_substitute(kb: altex.KnowledgeBase) -> None:
    c = coverage(kb)
    assert c["avoid_pairs"] > 100
    # The same for people: each modifier value with every condition it adjusts, bone statuses alone.
    assert c["person_avoid_pairs"] > 100
    # Target 100 %; the floor is 95 %. Uncovered pairs are listed for curators.
    assert c["covered_share"] >= 0.95, c["uncovered"]
    assert c["uncovered"] == []


def test_best_substitute_usually_keeps_the_training_goal(kb: altex.KnowledgeBase) -> None:
    # Some curated swaps deliberately change the goal (the seeds' "gentle stretches
    # instead of tennis"; a hip-hinge drill instead of good mornings).
    assert coverage(kb)["goal_kept_share"] >= 0.85


def test_curated_substitutes_share_a_goal_or_category(kb: altex.KnowledgeBase) -> None:
    edges = [(e, kb.exercises[s.exercise]) for e in kb.exercises.values() for s in e.substitutes]
    kept = [e for e, o in edges if set(e.goals) & set(o.goals) or e.category is o.category]
    assert len(kept) / len(edges) >= 0.9
