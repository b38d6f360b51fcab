"""Speed of next_session: a 20-item plan with four weeks of logs (target <= 5 ms; figures, not assertions)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import altex
from altex.progression import SessionLog, bundled_rules, next_session

from .test_bench import CONDITIONS, PLAN

START = dt.date(2025, 3, 3)


def _logs(kb: altex.KnowledgeBase) -> list[SessionLog]:
    """Four weeks: every plan item three days a week, with mixed feedback."""
    logs = []
    for day in range(28):
        if day % 7 not in (0, 2, 4):
            continue
        for i, item in enumerate(PLAN):
            name = item if isinstance(item, str) else str(item["exercise"])
            logs.append(
                SessionLog(
                    date=START + dt.timedelta(days=day),
                    exercise=name,
                    minutes=10 + day // 7,
                    sets=2,
                    reps=8 + day // 7,
                    pain_during=(i + day) % 6,
                    next_morning=("usual", "better", "usual", "worse")[(i + day) % 4],
                )
            )
    return logs


def test_next_session_20_items_four_weeks(benchmark: Any, kb: altex.KnowledgeBase) -> None:
    logs = _logs(kb)
    assert len(PLAN) == 20 and len(logs) == 240
    next_session(kb, PLAN, CONDITIONS, logs)
    result = benchmark(next_session, kb, PLAN, CONDITIONS, logs)
    assert len(result.items) == 20 and not result.stopped


def test_reading_the_progression_rules(benchmark: Any) -> None:
    """The one-off cost of the first progression call (altex.load() never pays it)."""
    result = benchmark(bundled_rules.__wrapped__)
    assert result.signal
