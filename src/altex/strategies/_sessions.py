"""Strategies for session logs (altex.progression)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from hypothesis import strategies as st

from ..kb import KnowledgeBase
from ..progression import Leg, NextMorning, SessionLog

__all__ = ["session_logs"]


def session_logs(
    kb: KnowledgeBase,
    exercises: Sequence[str] | None = None,
    *,
    first_day: dt.date = dt.date(2025, 3, 3),
    days: int = 28,
    min_size: int = 0,
    max_size: int = 30,
    symptoms: bool = False,
) -> st.SearchStrategy[list[SessionLog]]:
    """Logged sessions over *days* days from *first_day*, for *exercises* (ids of *kb*; all by default).

    Doses and feedback are random but valid; with ``symptoms=True`` some
    sessions list symptoms of *kb* (red flags among them).

    >>> from hypothesis import given, settings
    >>> from altex.progression import next_session
    >>> @settings(max_examples=10, deadline=None)
    ... @given(session_logs(kb, ["walking", "plank"], max_size=8))
    ... def test(logs):
    ...     assert len(next_session(kb, ["walking", "plank"], "sciatica", logs).items) == 2
    >>> test()
    """
    names = list(exercises) if exercises is not None else sorted(kb.exercises)
    symptom_ids = sorted(kb.symptoms)
    small = st.none() | st.integers(1, 20)
    log = st.builds(
        SessionLog,
        date=st.integers(0, days - 1).map(lambda d: first_day + dt.timedelta(days=d)),
        exercise=st.sampled_from(names),
        sets=st.none() | st.integers(1, 5),
        reps=small,
        minutes=st.none() | st.integers(1, 90).map(float),
        load_kg=st.none() | st.integers(1, 200).map(lambda x: x / 2),
        stage=st.none() | st.integers(0, 12),
        pain_during=st.integers(0, 10),
        next_morning=st.sampled_from(list(NextMorning)),
        leg=st.sampled_from(list(Leg)),
        stopped=st.booleans(),
        effort=st.none() | st.integers(0, 10),
        symptoms=st.lists(st.sampled_from(symptom_ids), max_size=2) if symptoms and symptom_ids else st.just([]),
    )
    return st.lists(log, min_size=min_size, max_size=max_size)
