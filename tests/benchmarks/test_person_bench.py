"""Speed of a check for a person with modifiers, beside the same check with bare conditions.

The target: a person check within 2x of a bare check, warm (answered from the cache) and
cold (query caches cleared before each round). Figures, not assertions: compare the rows
``test_person_check_*`` with ``test_bare_check_*`` in the benchmark table.
"""

from __future__ import annotations

from typing import Any

import altex

BARE = ["lumbar disc herniation", "sciatica", "osteoporosis"]
#: The same diagnoses, with a modifier of every kind that adjusts them (and an operation window).
PERSON = altex.Person(
    conditions=("lumbar disc herniation", "sciatica", "osteoporosis"),
    stage="chronic",
    preference="extension",
    response="centralising",
    bone="osteopenia",
    surgery="microdiscectomy",
    weeks_since_surgery=20,
)
EXERCISES = ("prone press-up", "running", "knee to chest", "step aerobics")


def _clear(kb: altex.KnowledgeBase) -> None:
    kb._check_cache.clear()
    kb._person_cache.clear()
    kb._verdict_cache.clear()
    kb._subs_cache.clear()


def _all(kb: altex.KnowledgeBase, who: list[str] | altex.Person) -> list[altex.Verdict]:
    return [kb.check(e, who) for e in EXERCISES]


def test_bare_check_warm(benchmark: Any, kb: altex.KnowledgeBase) -> None:
    _all(kb, BARE)
    assert len(benchmark(_all, kb, BARE)) == len(EXERCISES)


def test_person_check_warm(benchmark: Any, kb: altex.KnowledgeBase) -> None:
    _all(kb, PERSON)
    result = benchmark(_all, kb, PERSON)
    assert result[0].relaxed  # the person's answers really are adjusted


def test_bare_check_cold(benchmark: Any, kb: altex.KnowledgeBase) -> None:
    result = benchmark.pedantic(_all, args=(kb, BARE), setup=lambda: _clear(kb), rounds=200, warmup_rounds=5)
    assert len(result) == len(EXERCISES)


def test_person_check_cold(benchmark: Any, kb: altex.KnowledgeBase) -> None:
    result = benchmark.pedantic(_all, args=(kb, PERSON), setup=lambda: _clear(kb), rounds=200, warmup_rounds=5)
    assert result[0].relaxed
