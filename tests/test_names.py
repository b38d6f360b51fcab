"""Names people type in a gym resolve to what they mean there; truly ambiguous ones are said to be."""

from __future__ import annotations

import pickle

import pytest

import altex
from altex import KnowledgeBase


@pytest.mark.parametrize(
    ("typed", "meant"),
    [
        ("press-up", "push-up"),  # British English: a push-up
        ("press ups", "push-up"),
        ("McKenzie press-up", "prone-press-up"),  # the McKenzie move keeps its own names
        ("hip hinge", "hip-hinge-drill"),
        ("bridge", "glute-bridge"),
        ("RDL", "romanian-deadlift"),
    ],
)
def test_gym_names_mean_what_they_mean_in_a_gym(kb: KnowledgeBase, typed: str, meant: str) -> None:
    assert kb.exercise(typed).id == meant


@pytest.mark.parametrize("typed", ["row", "curl", "treadmill", "twist"])
def test_a_short_name_shared_by_several_exercises_is_ambiguous(kb: KnowledgeBase, typed: str) -> None:
    with pytest.raises(altex.AmbiguousExerciseError) as info:
        kb.exercise(typed)
    err = info.value
    assert isinstance(err, altex.UnknownExerciseError) and len(err.suggestions) >= 2
    assert str(err).startswith(f"{typed!r} could mean more than one exercise: ")
    for shown in err.suggestions:  # every candidate named resolves, so the person can pick one
        kb.exercise(shown)
    again = pickle.loads(pickle.dumps(err))
    assert str(again) == str(err)


def test_a_typo_still_gets_close_matches(kb: KnowledgeBase) -> None:
    with pytest.raises(altex.UnknownExerciseError) as info:
        kb.exercise("joging")
    assert not isinstance(info.value, altex.AmbiguousExerciseError) and "jogging" in info.value.suggestions
