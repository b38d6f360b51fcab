"""The public examples suite: seed-drawn vignettes in tests/cases/*.toml.

Each ``[[case]]`` names an exercise, the conditions a person would type, and
what altex must answer (a level, substitutes that must or must not appear),
with the sources the expectation comes from.
"""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

import pytest

import altex

CASES = Path(__file__).parent / "cases"
#: Top-level tables a case file may hold, each run by its own test module.
KNOWN_TABLES = {
    "case": "tests/test_cases.py",
    "assessment": "tests/test_triage_cases.py",
    "plan": "tests/test_triage_cases.py",
    "catalog_record": "tests/test_catalog_fedb.py",
    "vignette": "tests/test_progression_cases.py",
}


def _tables(kind: str) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    for f in sorted(CASES.glob("*.toml")):
        out += tomllib.loads(f.read_text(encoding="utf-8")).get(kind, [])
    return out


def test_case_files_hold_only_known_tables() -> None:
    for f in sorted(CASES.glob("*.toml")):
        unknown = set(tomllib.loads(f.read_text(encoding="utf-8"))) - set(KNOWN_TABLES)
        assert not unknown, f"{f.name}: tables {sorted(unknown)} are run by no test"


def test_cases_have_unique_ids_and_sources(kb: altex.KnowledgeBase) -> None:
    cases = _tables("case")
    assert len(cases) >= 20
    ids = [c["id"] for c in cases]
    assert len(ids) == len(set(ids))
    for c in cases:
        assert c.get("sources"), c["id"]
        assert set(c["sources"]) <= set(kb.sources), c["id"]


def _who(case: dict[str, Any]) -> list[str] | altex.Person:
    """A case's conditions, or the person when it gives modifiers (``person = { stage = ... }``)."""
    conditions: list[str] = case.get("conditions", [])
    if "person" not in case:
        return conditions
    return altex.Person(conditions=tuple(conditions), **case["person"])


@pytest.mark.parametrize("case", _tables("case"), ids=lambda c: c["id"])
def test_case(kb: altex.KnowledgeBase, case: dict[str, Any]) -> None:
    who = _who(case)
    verdict = kb.check(case["exercise"], who)
    if "level" in case:
        assert verdict.level is altex.Level(case["level"]), [r.text for r in verdict.reasons]
    if "relaxed" in case:
        assert bool(verdict.relaxed) is case["relaxed"], [r.text for r in verdict.reasons]
    found = [s.exercise.id for s in kb.substitutes(case["exercise"], who)]
    for expected in case.get("substitutes_include", []):
        assert kb.exercise(expected).id in found, found
    for unexpected in case.get("substitutes_exclude", []):
        assert kb.exercise(unexpected).id not in found, found
