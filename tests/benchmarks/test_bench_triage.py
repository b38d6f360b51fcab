"""Speed of pain assessment and of adapt() gated by a report (figures, not assertions)."""

from __future__ import annotations

from typing import Any

import altex

from .test_bench import CONDITIONS, PLAN

REPORT = {
    "severity": 5,
    "quality": "sharp",
    "onset": "during",
    "hours_after_exercise": 2,
    "during_exercise": "worsens",
    "symptoms": ["pins and needles", "night pain"],
}


def test_pain_report_validation(benchmark: Any) -> None:
    result = benchmark(altex.PainReport, **REPORT)
    assert result.severity == 5


def test_assess(benchmark: Any, kb: altex.KnowledgeBase) -> None:
    report = altex.PainReport(**REPORT)
    result = benchmark(kb.assess, report)
    assert result.action is altex.Action.SEE_DOCTOR


def test_adapt_20_with_a_substitute_report(benchmark: Any, kb: altex.KnowledgeBase) -> None:
    report = altex.PainReport(severity=4, quality="sharp", onset="during")
    kb.adapt(PLAN, CONDITIONS, report=report)
    result = benchmark(kb.adapt, PLAN, CONDITIONS, report=report)
    assert result.assessment is not None and result.assessment.action is altex.Action.SUBSTITUTE
