"""Triage refinements of reference 6.6 and the soreness window: qualifiers, combinations, context."""

from __future__ import annotations

import pytest

import altex
from altex import Action, AssessmentKind, PainReport

SORENESS, PAIN, RED_FLAG = AssessmentKind.SORENESS, AssessmentKind.PAIN, AssessmentKind.RED_FLAG


def judge(kb: altex.KnowledgeBase, **fields: object) -> tuple[AssessmentKind, Action, set[str]]:
    a = kb.assess(PainReport(**fields))
    return a.kind, a.action, {r.rule for r in a.reasons}


# -- the soreness window: up to 5-7 days when easing (DOMS1), 72 h otherwise (S0, S1) ----------

ACHE = {"severity": 3, "quality": "aching", "onset": "after"}


@pytest.mark.parametrize("hours", [80, 120, 168])
def test_an_easing_mild_ache_within_a_week_is_soreness(kb: altex.KnowledgeBase, hours: int) -> None:
    kind, action, rules = judge(kb, **ACHE, hours_since_onset=hours, improving=True)
    assert (kind, action) == (SORENESS, Action.CONTINUE) and "soreness-easing-within-a-week" in rules


def test_without_saying_it_eases_the_72_hour_window_still_holds(kb: altex.KnowledgeBase) -> None:
    assert judge(kb, **ACHE, hours_since_onset=80)[:2] == (PAIN, Action.REST)
    assert judge(kb, **ACHE, hours_after_exercise=80)[:2] == (PAIN, Action.REST)


def test_easing_never_talks_down_a_week_sharp_pain_or_a_red_score(kb: altex.KnowledgeBase) -> None:
    assert judge(kb, **ACHE, hours_since_onset=170, improving=True)[:2] == (PAIN, Action.SEE_DOCTOR)
    sharp = {**ACHE, "quality": "sharp"}
    kind, action, rules = judge(kb, **sharp, hours_since_onset=80, improving=True)
    assert (kind, action) == (PAIN, Action.SEE_DOCTOR) and "sharp-pain-beyond-72-hours" in rules
    assert judge(kb, **{**ACHE, "severity": 7}, hours_since_onset=80, improving=True)[:2] == (PAIN, Action.REST)


# -- qualifiers and combinations (reference 6.6) ---------------------------------------------


def test_stable_one_leg_tingling_is_no_red_flag_but_new_numbness_is(kb: altex.KnowledgeBase) -> None:
    kind, action, rules = judge(kb, severity=2, symptoms=["usual tingling"])
    assert (kind, action) == (SORENESS, Action.CONTINUE) and "stable-one-leg-tingling" in rules
    assert judge(kb, severity=2, symptoms=["new numbness"])[:2] == (RED_FLAG, Action.SEE_DOCTOR)
    assert judge(kb, severity=2, symptoms=["usual tingling", "spreading numbness"])[:2] == (RED_FLAG, Action.SEE_DOCTOR)


def test_both_legs_stenosis_pattern_versus_emergency(kb: altex.KnowledgeBase) -> None:
    kind, action, rules = judge(kb, severity=3, symptoms=["both legs ache when walking"])
    assert (kind, action) == (PAIN, Action.MODIFY) and "stenosis-pattern-both-legs" in rules
    for other in ("bladder changes", "numb bum", "pain in both legs"):
        both = judge(kb, severity=3, symptoms=["both legs ache when walking", other])
        assert both[:2] == (RED_FLAG, Action.EMERGENCY)


def test_only_unexplained_weight_loss_counts(kb: altex.KnowledgeBase) -> None:
    assert judge(kb, severity=2, symptoms=["dieting"])[:2] == (SORENESS, Action.CONTINUE)
    assert judge(kb, severity=2, symptoms=["losing weight without trying"])[:2] == (RED_FLAG, Action.SEE_DOCTOR)
    # A bare "weight loss" is not assumed to be intended.
    assert judge(kb, severity=2, symptoms=["weight loss"])[0] is RED_FLAG


@pytest.mark.parametrize("other", ["night pain", "unexplained weight loss"])
def test_cancer_history_with_night_pain_or_weight_loss_asks_for_review_within_days(
    kb: altex.KnowledgeBase, other: str
) -> None:
    a = kb.assess({"severity": 2, "symptoms": ["history of cancer", other]})
    assert a.has_red_flags and "within days" in a.advice
    alone = kb.assess({"severity": 2, "symptoms": ["history of cancer"]})
    assert alone.has_red_flags and "within days" not in alone.advice
