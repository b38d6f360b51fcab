"""Triage invariants (hypothesis): order never matters, a worse report never gets a milder answer,
red flags win, and adapt() obeys the assessment; over the bundled rules and over random rule sets."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

import altex
from altex import Action, AssessmentKind, DuringExercise, Level, Onset, PainQuality, PainReport, PlanAction
from altex.pain import LOWER_BOUNDS, TriageRule, When
from altex.triage import Triage

pytestmark = pytest.mark.property

KB = altex.load()
SYMPTOM_IDS = sorted(KB.symptoms)
RED_FLAG_SYMPTOMS = sorted(
    {s for r in KB.triage_rules.values() if r.kind is AssessmentKind.RED_FLAG for s in r.when.symptoms_any}
)
HOURS = st.floats(min_value=0, max_value=24 * 30, allow_nan=False)


def _maybe(values: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    return st.none() | values


def symptom_name(sid: str) -> st.SearchStrategy[str]:
    """Any name a person may use for a symptom, in varied case and spacing."""
    s = KB.symptoms[sid]
    return st.sampled_from([sid, s.name, *s.aliases]).flatmap(
        lambda n: st.sampled_from([n, n.upper(), n.title(), f"  {n} ", n.replace(" ", "-"), n.replace(" ", "_")])
    )


def fields() -> st.SearchStrategy[dict[str, Any]]:
    """The fields of a valid report, symptoms as ids."""
    return st.fixed_dictionaries(
        {
            "severity": st.integers(0, 10),
            "quality": _maybe(st.sampled_from(PainQuality)),
            "onset": _maybe(st.sampled_from(Onset)),
            "hours_after_exercise": _maybe(HOURS),
            "hours_since_onset": _maybe(HOURS),
            "during_exercise": _maybe(st.sampled_from(DuringExercise)),
            "limits_daily_activities": st.booleans(),
            "improving": st.booleans(),
            "symptoms": st.lists(st.sampled_from(SYMPTOM_IDS), max_size=4, unique=True),
        }
    )


def _up(values: list[Any], current: Any) -> st.SearchStrategy[Any]:
    """A value at least as bad as *current* (an unknown value is the mildest)."""
    if current is None:
        return st.none() | st.sampled_from(values)
    return st.sampled_from([v for v in values if v >= current])


@st.composite
def worse(draw: st.DrawFn, f: dict[str, Any]) -> dict[str, Any]:
    """A report at least as bad as *f* in every field (the order the triage rules respect)."""
    hours = {
        k: (draw(_maybe(HOURS)) if f[k] is None else f[k] + draw(st.floats(0, 500)))
        for k in ("hours_after_exercise", "hours_since_onset")
    }
    extra = draw(st.lists(st.sampled_from(SYMPTOM_IDS), max_size=3))
    return {
        "severity": draw(st.integers(f["severity"], 10)),
        "quality": draw(_up(list(PainQuality), f["quality"])),
        "onset": draw(_up(list(Onset), f["onset"])),
        "during_exercise": draw(_up(list(DuringExercise), f["during_exercise"])),
        "limits_daily_activities": f["limits_daily_activities"] or draw(st.booleans()),
        "improving": f["improving"] and draw(st.booleans()),
        "symptoms": sorted({*f["symptoms"], *extra}),
        **hours,
    }


def report(f: dict[str, Any]) -> PainReport:
    return PainReport(**f)


# -- over the bundled rules --------------------------------------------------------------------


@given(f=fields(), data=st.data())
def test_symptom_order_and_spelling_never_matter(f: dict[str, Any], data: st.DataObject) -> None:
    names = [data.draw(symptom_name(s)) for s in f["symptoms"]]
    shuffled = data.draw(st.permutations(names))
    doubled = shuffled + data.draw(st.lists(st.sampled_from(names), max_size=2)) if names else shuffled
    assert KB.assess(report(f)) == KB.assess(report({**f, "symptoms": doubled}))


@given(f=fields())
def test_field_order_never_matters(f: dict[str, Any]) -> None:
    backwards = dict(reversed(list(f.items())))
    assert KB.assess(report(f)) == KB.assess(report(backwards)) == KB.assess(report(f))


@given(f=fields(), data=st.data())
def test_a_worse_report_never_gets_a_milder_answer(f: dict[str, Any], data: st.DataObject) -> None:
    g = data.draw(worse(f))
    before, after = KB.assess(report(f)), KB.assess(report(g))
    assert after.action >= before.action
    assert after.kind >= before.kind


@given(f=fields(), flag=st.sampled_from(RED_FLAG_SYMPTOMS))
def test_a_red_flag_wins_over_everything(f: dict[str, Any], flag: str) -> None:
    a = KB.assess(report({**f, "symptoms": [*f["symptoms"], flag]}))
    assert a.kind is AssessmentKind.RED_FLAG and a.has_red_flags
    assert a.action >= Action.SEE_DOCTOR
    assert a.reasons and all(r.kind is AssessmentKind.RED_FLAG for r in a.reasons)


@given(f=fields())
def test_answer_is_the_maximum_of_its_reasons_with_sources(f: dict[str, Any]) -> None:
    a = KB.assess(report(f))
    assert a.action == max((r.action for r in a.reasons), default=Action.CONTINUE)
    top = [r.advice for r in a.reasons if r.action is a.action]
    assert top and a.advice == " ".join(dict.fromkeys(top))  # the bands leave no report unjudged
    for r in a.reasons:
        assert r.sources and set(r.sources) <= set(KB.sources)


PLAN = ["running", "plank", "hamstring-stretch", "deadlift", "walking", "swimming"]


@given(
    f=fields(),
    plan=st.lists(st.sampled_from(PLAN), min_size=1, max_size=6),
    conds=st.lists(st.sampled_from(sorted(KB.conditions)), max_size=2),
)
def test_adapt_obeys_the_assessment(f: dict[str, Any], plan: list[str], conds: list[str]) -> None:
    adapted = KB.adapt(plan, conds, report=f)
    a = adapted.assessment
    assert a == KB.assess(report(f))
    for item in adapted.items:
        assert item.verdict == KB.check(item.original.id, conds)
        if a.action >= Action.REST:
            assert (item.action, item.replacement, item.suggestion) == (PlanAction.DROP, None, None)
            continue
        result = item.result
        if result is not None:
            level = KB.check(result.exercise, conds).level
            # Never anything at avoid; with pain calling for a swap, only what is fine for the conditions.
            assert level < (Level.CAUTION if a.action is Action.SUBSTITUTE else Level.AVOID)
        if a.action > Action.CONTINUE:
            assert item.action is not PlanAction.KEEP


# -- over random rule sets: the engine, not the bundled data ------------------------------------

SYMS = ("s-a", "s-b", "s-c")


@st.composite
def rising_when(draw: st.DrawFn) -> When:
    """A `when` with lower bounds only: what a rule that raises the action may use."""
    pool = {
        "severity_min": st.integers(0, 10),
        "quality_min": st.sampled_from(PainQuality),
        "onset_min": st.sampled_from(Onset),
        "during_exercise_min": st.sampled_from(DuringExercise),
        "hours_after_exercise_over": st.integers(0, 200),
        "hours_since_onset_over": st.integers(0, 200),
        "limits_daily_activities": st.just(True),
        "improving": st.just(False),
        "symptoms_any": st.lists(st.sampled_from(SYMS), min_size=1, max_size=2, unique=True).map(tuple),
        "symptoms_all": st.lists(st.sampled_from(SYMS), min_size=1, max_size=2, unique=True).map(tuple),
    }
    assert set(pool) == set(LOWER_BOUNDS)
    keys = draw(st.lists(st.sampled_from(sorted(pool)), min_size=1, max_size=3, unique=True))
    return When(**{k: draw(pool[k]) for k in keys})


@st.composite
def rule_sets(draw: st.DrawFn) -> Triage:
    rules = {}
    for i in range(draw(st.integers(1, 8))):
        kind = draw(st.sampled_from([None, *AssessmentKind]))
        low = Action.SEE_DOCTOR if kind is AssessmentKind.RED_FLAG else Action.CONTINUE
        action = draw(st.sampled_from([a for a in Action if a >= low]))
        rule = TriageRule(
            id=f"r{i}", when=draw(rising_when()), kind=kind, action=action, reason="r", advice=f"a{i}", sources=("x",)
        )
        rules[rule.id] = rule
    symptoms = {s: altex.Symptom(id=s, name=s, description=s) for s in SYMS}
    return Triage(rules, symptoms)


def random_fields() -> st.SearchStrategy[dict[str, Any]]:
    return fields().flatmap(
        lambda f: st.lists(st.sampled_from(SYMS), max_size=3, unique=True).map(lambda s: {**f, "symptoms": s})
    )


@st.composite
def worse_random(draw: st.DrawFn, f: dict[str, Any]) -> dict[str, Any]:
    g = draw(worse({**f, "symptoms": []}))
    return {**g, "symptoms": sorted({*f["symptoms"], *draw(st.lists(st.sampled_from(SYMS), max_size=2))})}


@given(triage=rule_sets(), f=random_fields(), data=st.data())
def test_engine_is_monotone_for_any_rule_set_the_loader_accepts(
    triage: Triage, f: dict[str, Any], data: st.DataObject
) -> None:
    g = data.draw(worse_random(f))
    before = triage.assess(report({**f, "symptoms": []}), frozenset(f["symptoms"]))
    after = triage.assess(report({**g, "symptoms": []}), frozenset(g["symptoms"]))
    assert after.action >= before.action
    assert after.kind >= before.kind


@given(triage=rule_sets(), f=random_fields())
def test_rule_order_never_matters(triage: Triage, f: dict[str, Any]) -> None:
    rules = {r.id: r for r in triage.rules}
    backwards = Triage(dict(reversed(list(rules.items()))), triage._symptoms)
    r, syms = report({**f, "symptoms": []}), frozenset(f["symptoms"])
    assert triage.assess(r, syms) == backwards.assess(r, syms)
