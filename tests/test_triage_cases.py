"""The seed-drawn triage examples of tests/cases/triage.toml, run against the bundled knowledge base."""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

import pytest

import altex
from altex import Action, AssessmentKind, PlanAction

CASES = tomllib.loads((Path(__file__).parent / "cases" / "triage.toml").read_text())
ASSESSMENTS: list[dict[str, Any]] = CASES["assessment"]
PLANS: list[dict[str, Any]] = CASES["plan"]


def test_cases_are_well_formed(kb: altex.KnowledgeBase) -> None:
    ids = [c["id"] for c in ASSESSMENTS + PLANS]
    assert len(ids) == len(set(ids))
    for case in ASSESSMENTS + PLANS:
        assert case["sources"] and set(case["sources"]) <= set(kb.sources), case["id"]
        assert set(case.get("cites", ())) <= set(kb.sources), case["id"]
    # Every kind and every action of the ladder is exercised by some example.
    assert {c["kind"] for c in ASSESSMENTS} == {k.value for k in AssessmentKind}
    assert {c["action"] for c in ASSESSMENTS} == {a.value for a in Action}


@pytest.mark.parametrize("case", ASSESSMENTS, ids=lambda c: c["id"])
def test_assessment_case(kb: altex.KnowledgeBase, case: dict[str, Any]) -> None:
    a = kb.assess(case["report"])
    assert (a.kind.value, a.action.value) == (case["kind"], case["action"]), case["note"]
    cited = {s for r in a.reasons for s in r.sources}
    assert set(case.get("cites", ())) <= cited, f"{case['id']}: expected citations {case.get('cites')}, got {cited}"


@pytest.mark.parametrize("case", PLANS, ids=lambda c: c["id"])
def test_plan_case(kb: altex.KnowledgeBase, case: dict[str, Any]) -> None:
    plan = kb.adapt(case["items"], case["conditions"], report=case["report"])
    assert [i.action.value for i in plan.items] == case["actions"], case["note"]
    assert plan.assessment is not None and plan.assessment == kb.assess(case["report"])
    for item in plan.items:
        if item.action is PlanAction.REPLACE:
            assert item.replacement is not None
            assert kb.check(item.replacement.id, case["conditions"]).level is altex.Level.OK
