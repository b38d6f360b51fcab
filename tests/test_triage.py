"""Pain reports and triage: the report model, the bundled rules, the engine and the adapt() gate."""

from __future__ import annotations

from pathlib import Path

import pytest

import altex
from altex import (
    Action,
    AssessmentKind,
    DataError,
    InvalidInputError,
    PainQuality,
    PainReport,
    PlanAction,
    UnknownSymptomError,
)

from .conftest import TINY

SORENESS, PAIN, RED_FLAG = AssessmentKind.SORENESS, AssessmentKind.PAIN, AssessmentKind.RED_FLAG


def judge(kb: altex.KnowledgeBase, **fields: object) -> tuple[AssessmentKind, Action]:
    a = kb.assess(PainReport(**fields))
    return a.kind, a.action


# -- the report --------------------------------------------------------------------------


def test_report_takes_plain_strings_and_a_list() -> None:
    r = PainReport(severity=5, quality=" Sharp", onset="DURING", during_exercise="worsens", symptoms=["tingling"])
    assert (r.quality, r.symptoms) == (PainQuality.SHARP, ("tingling",))
    assert PainReport(severity=1, symptoms="fever").symptoms == ("fever",)
    assert PainReport(severity=0).limits_daily_activities is False
    assert PainReport(severity=2, hours_since_onset=1.5).hours_since_onset == 1.5


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"severity": 11}, "severity"),
        ({"severity": -1}, "severity"),
        ({"severity": 4.5}, "severity"),
        ({"severity": True}, "severity"),
        ({}, "severity"),
        ({"severity": 3, "quality": "tickly"}, "quality"),
        ({"severity": 3, "onset": "before"}, "onset"),
        ({"severity": 3, "during_exercise": "better"}, "during_exercise"),
        ({"severity": 3, "hours_after_exercise": -2}, "hours_after_exercise"),
        ({"severity": 3, "hours_since_onset": float("nan")}, "hours_since_onset"),
        ({"severity": 3, "hours_since_onset": float("inf")}, "hours_since_onset"),
        ({"severity": 3, "symptoms": [""]}, "symptoms[0]"),
        ({"severity": 3, "symptoms": ["fever", 7]}, "symptoms[1]"),
        ({"severity": 3, "mood": "low"}, "mood"),
    ],
)
def test_invalid_report_names_the_field(fields: dict[str, object], field: str) -> None:
    with pytest.raises(InvalidInputError) as info:
        PainReport(**fields)
    assert info.value.field == field
    assert str(info.value).startswith(f"{field}: ")
    assert isinstance(info.value, altex.AltexError) and isinstance(info.value, ValueError)


def test_report_is_frozen_and_hashable() -> None:
    r = PainReport(severity=3, symptoms=["fever"])
    with pytest.raises(Exception, match="frozen"):
        r.severity = 4  # type: ignore[misc]
    assert hash(r) == hash(PainReport(severity=3, symptoms=("fever",)))


def test_unknown_symptom_suggests_and_is_never_dropped(kb: altex.KnowledgeBase) -> None:
    with pytest.raises(UnknownSymptomError) as info:
        kb.assess(PainReport(severity=2, symptoms=["tingling", "sadle numbness"]))
    assert info.value.name == "sadle numbness"
    assert "saddle numbness" in info.value.suggestions
    with pytest.raises(UnknownSymptomError):
        kb.assess({"severity": 2, "symptoms": ["headache"]})


def test_symptoms_resolve_by_id_name_or_alias(kb: altex.KnowledgeBase) -> None:
    for name in ("saddle-numbness", "Saddle numbness", "SADDLE_ANAESTHESIA", "numb groin"):
        assert kb.symptom(name).id == "saddle-numbness"
    a = kb.assess(PainReport(severity=1, symptoms=["pins and needles", "Tingling", "tingling"]))
    assert [s.id for s in a.symptoms] == ["tingling"]


# -- the bundled rules: soreness -----------------------------------------------------------


@pytest.mark.parametrize("hours", [12, 24, 48, 72])
@pytest.mark.parametrize("quality", ["dull", "aching", "stiff"])
def test_doms_inside_the_24_to_72_hour_window_is_soreness(kb: altex.KnowledgeBase, quality: str, hours: int) -> None:
    a = kb.assess(PainReport(severity=3, quality=quality, onset="after", hours_after_exercise=hours))
    assert (a.kind, a.action) == (SORENESS, Action.CONTINUE)
    assert "delayed-onset-muscle-soreness" in [r.rule for r in a.reasons]
    assert {"s0", "s1"} <= {s for r in a.reasons for s in r.sources}


def test_soreness_past_the_window_is_pain_to_rest_then_see_a_doctor(kb: altex.KnowledgeBase) -> None:
    base = {"severity": 3, "quality": "aching", "onset": "after"}
    assert judge(kb, **base, hours_after_exercise=72) == (SORENESS, Action.CONTINUE)
    assert judge(kb, **base, hours_after_exercise=73) == (PAIN, Action.REST)
    assert judge(kb, **base, hours_after_exercise=168) == (PAIN, Action.REST)
    assert judge(kb, **base, hours_after_exercise=169) == (PAIN, Action.SEE_DOCTOR)
    assert judge(kb, **base, hours_since_onset=80) == (PAIN, Action.REST)
    assert judge(kb, **base, hours_since_onset=24 * 8) == (PAIN, Action.SEE_DOCTOR)


def test_soreness_needs_a_soreness_word_and_onset_after(kb: altex.KnowledgeBase) -> None:
    rule = "delayed-onset-muscle-soreness"
    during = kb.assess(PainReport(severity=3, quality="aching", onset="during", hours_after_exercise=30))
    sharp = kb.assess(PainReport(severity=3, quality="sharp", onset="after", hours_after_exercise=30))
    unknown = kb.assess(PainReport(severity=3, onset="after", hours_after_exercise=30))
    for a in (during, sharp, unknown):
        assert rule not in [r.rule for r in a.reasons]
    assert sharp.kind is PAIN


# -- the bundled rules: the 5-10 minute rule and pain during exercise -------------------------


def test_pain_easing_in_the_first_minutes_means_carry_on(kb: altex.KnowledgeBase) -> None:
    a = kb.assess(PainReport(severity=3, during_exercise="eases"))
    assert a.action is Action.CONTINUE
    assert "eases-with-exercise" in [r.rule for r in a.reasons]
    assert "s4" in a.reasons[0].sources or any("s4" in r.sources for r in a.reasons)


def test_easing_never_lowers_what_else_the_report_says(kb: altex.KnowledgeBase) -> None:
    assert judge(kb, severity=5, during_exercise="eases")[1] is Action.MODIFY
    assert judge(kb, severity=3, quality="sharp", onset="during", during_exercise="eases")[1] is Action.SUBSTITUTE
    assert judge(kb, severity=2, during_exercise="eases", symptoms=["numbness"])[1] is Action.SEE_DOCTOR


def test_pain_that_builds_with_exercise_calls_for_a_substitute(kb: altex.KnowledgeBase) -> None:
    assert judge(kb, severity=3, during_exercise="unchanged") == (SORENESS, Action.CONTINUE)
    assert judge(kb, severity=3, during_exercise="worsens") == (PAIN, Action.SUBSTITUTE)


@pytest.mark.parametrize("quality", ["sharp", "stabbing", "shooting"])
def test_sharp_pain_during_exercise_is_a_substitute(kb: altex.KnowledgeBase, quality: str) -> None:
    assert judge(kb, severity=3, quality=quality, onset="during") == (PAIN, Action.SUBSTITUTE)
    assert judge(kb, severity=3, quality=quality, onset="after") == (PAIN, Action.MODIFY)
    assert judge(kb, severity=3, quality=quality) == (PAIN, Action.MODIFY)


def test_pain_that_limits_daily_life_means_see_a_doctor(kb: altex.KnowledgeBase) -> None:
    assert judge(kb, severity=3, limits_daily_activities=True) == (PAIN, Action.SEE_DOCTOR)
    assert judge(kb, severity=1, symptoms=["cannot exercise without pain"]) == (PAIN, Action.SEE_DOCTOR)


# -- the bundled rules: traffic light ---------------------------------------------------------


@pytest.mark.parametrize(
    ("severity", "action"),
    [(0, Action.CONTINUE), (3, Action.CONTINUE), (4, Action.MODIFY), (5, Action.MODIFY), (6, Action.REST)]
    + [(s, Action.REST) for s in range(7, 11)],
)
def test_traffic_light_bands(kb: altex.KnowledgeBase, severity: int, action: Action) -> None:
    a = kb.assess(PainReport(severity=severity))
    assert a.action is action
    assert any("tl" in r.sources for r in a.reasons)
    assert a.kind is (PAIN if severity >= 6 else SORENESS)


def test_the_bands_combine_with_the_rest(kb: altex.KnowledgeBase) -> None:
    # DOMS words cannot talk a 7 out of 10 down, and a mild sharp pain is still pain.
    assert judge(kb, severity=7, quality="dull", onset="after", hours_after_exercise=30) == (PAIN, Action.REST)
    assert judge(kb, severity=5, quality="dull", onset="after", hours_after_exercise=30) == (SORENESS, Action.MODIFY)
    assert judge(kb, severity=1, quality="sharp") == (PAIN, Action.MODIFY)


# -- the bundled rules: red flags ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("symptom", "action", "rule"),
    [
        ("saddle numbness", Action.EMERGENCY, "red-flag-cauda-equina"),
        ("bladder changes", Action.EMERGENCY, "red-flag-cauda-equina"),
        ("bowel changes", Action.EMERGENCY, "red-flag-cauda-equina"),
        ("new sexual dysfunction", Action.EMERGENCY, "red-flag-cauda-equina"),
        ("pain in both legs", Action.EMERGENCY, "red-flag-cauda-equina"),
        ("weakness in both legs", Action.EMERGENCY, "red-flag-cauda-equina"),
        ("worsening weakness", Action.EMERGENCY, "red-flag-worsening-weakness"),
        ("numbness", Action.SEE_DOCTOR, "red-flag-nerve-signs"),
        ("tingling", Action.SEE_DOCTOR, "red-flag-nerve-signs"),
        ("weakness", Action.SEE_DOCTOR, "red-flag-nerve-signs"),
        ("fever", Action.SEE_DOCTOR, "red-flag-infection"),
        ("recent infection", Action.SEE_DOCTOR, "red-flag-infection"),
        ("iv drug use", Action.SEE_DOCTOR, "red-flag-infection"),
        ("history of cancer", Action.SEE_DOCTOR, "red-flag-serious-disease"),
        ("unexplained weight loss", Action.SEE_DOCTOR, "red-flag-serious-disease"),
        ("night pain", Action.SEE_DOCTOR, "red-flag-serious-disease"),
        ("foot drop", Action.EMERGENCY, "red-flag-worsening-weakness"),
        ("recent trauma", Action.SEE_DOCTOR, "red-flag-fracture"),
        ("long-term steroid use", Action.SEE_DOCTOR, "red-flag-fracture"),
    ],
)
def test_each_red_flag(kb: altex.KnowledgeBase, symptom: str, action: Action, rule: str) -> None:
    # The mildest report otherwise: no pain to speak of, soreness words, easing with movement.
    a = kb.assess(
        PainReport(
            severity=0,
            quality="dull",
            onset="after",
            hours_after_exercise=24,
            during_exercise="eases",
            symptoms=[symptom],
        )
    )
    assert (a.kind, a.action) == (RED_FLAG, action)
    assert a.has_red_flags
    assert [r.rule for r in a.reasons] == [rule]
    assert a.advice == kb.triage_rules[rule].advice
    assert a.reasons[0].sources


def test_burning_pain_is_a_red_flag(kb: altex.KnowledgeBase) -> None:
    a = kb.assess(PainReport(severity=2, quality="burning", onset="after", hours_after_exercise=24))
    assert (a.kind, a.action) == (RED_FLAG, Action.SEE_DOCTOR)
    assert a.reasons[0].sources == ("s2",)


def test_red_flags_win_and_hide_exercise_advice(kb: altex.KnowledgeBase) -> None:
    a = kb.assess(PainReport(severity=7, quality="sharp", onset="during", symptoms=["tingling", "saddle numbness"]))
    assert (a.kind, a.action) == (RED_FLAG, Action.EMERGENCY)
    assert all(r.kind is RED_FLAG for r in a.reasons)
    assert [r.action for r in a.reasons] == sorted((r.action for r in a.reasons), reverse=True)
    assert "emergency" in a.advice
    assert "alternative" not in a.advice


def test_mild_pain_with_no_rule_against_it(kb: altex.KnowledgeBase) -> None:
    a = kb.assess(PainReport(severity=2))
    assert (a.kind, a.action) == (SORENESS, Action.CONTINUE)
    assert [r.rule for r in a.reasons] == ["severity-green"]


def test_every_symptom_is_used_by_a_rule(kb: altex.KnowledgeBase) -> None:
    used = {s for rule in kb.triage_rules.values() for s in rule.when.symptoms_any}
    assert used == set(kb.symptoms)


def test_every_rule_cites_known_sources(kb: altex.KnowledgeBase) -> None:
    for rule in kb.triage_rules.values():
        assert rule.sources and set(rule.sources) <= set(kb.sources), rule.id


# -- the engine and the loader --------------------------------------------------------------

RULES = """
[[source]]
id = "src-t"
title = "Triage source"
kind = "article"
citation = "Test"

[[symptom]]
id = "buzz"
name = "Buzzing"
description = "A test symptom."

[[triage]]
id = "t-buzz"
when = { symptoms_any = ["buzz"] }
kind = "red_flag"
action = "see_doctor"
reason = "Buzzing."
advice = "See someone."
sources = ["src-t"]

[[triage]]
id = "t-hard"
when = { severity_min = 5 }
kind = "pain"
action = "rest"
reason = "Hard."
advice = "Rest."
sources = ["src-t"]

[[triage]]
id = "t-worst"
when = { severity_min = 10 }
kind = "pain"
action = "emergency"
reason = "Worst."
advice = "Go now."
sources = ["src-t"]

[[triage]]
id = "t-mild"
when = { severity_max = 2 }
kind = "soreness"
action = "continue"
reason = "Mild."
advice = "Go on."
sources = ["src-t"]
"""


def write(tmp_path: Path, text: str, name: str = "t.toml") -> Path:
    path = tmp_path / name
    path.write_text(text)
    return path


def test_engine_takes_the_maximum_over_rules(tmp_path: Path) -> None:
    kb = altex.load(write(tmp_path, RULES), bundled=False)
    assert judge(kb, severity=1) == (SORENESS, Action.CONTINUE)
    assert judge(kb, severity=3) == (SORENESS, Action.CONTINUE)  # no rule: the bottom of both orders
    assert kb.assess(PainReport(severity=3)).reasons == ()
    assert "No triage rule applies" in kb.assess(PainReport(severity=3)).advice
    assert judge(kb, severity=6) == (PAIN, Action.REST)
    a = kb.assess(PainReport(severity=6, symptoms=["buzzing"]))
    assert (a.kind, a.action, a.advice) == (RED_FLAG, Action.SEE_DOCTOR, "See someone.")
    assert [r.rule for r in a.reasons] == ["t-buzz"]  # a red flag hides milder reasons
    a = kb.assess(PainReport(severity=10, symptoms=["buzzing"]))
    # ... but never one that calls for more than the red flag does.
    assert (a.kind, a.action, a.advice) == (RED_FLAG, Action.EMERGENCY, "Go now.")
    assert [r.rule for r in a.reasons] == ["t-worst", "t-buzz"]


def test_a_knowledge_base_without_triage_rules_refuses_to_judge(tiny: altex.KnowledgeBase) -> None:
    with pytest.raises(InvalidInputError, match="no \\[\\[triage\\]\\] rules"):
        tiny.assess(PainReport(severity=2))
    with pytest.raises(InvalidInputError):
        tiny.adapt(["jogging"], report={"severity": 2})


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (
            ('when = { severity_min = 5 }\nkind = "pain"', 'when = { severity_max = 5 }\nkind = "pain"'),
            "when.severity_max: a rule whose action is above 'continue'",
        ),
        (
            (
                'when = { severity_min = 5 }\nkind = "pain"',
                'when = { severity_min = 5, limits_daily_activities = false }\nkind = "pain"',
            ),
            "when.limits_daily_activities: a rule whose action is above 'continue'",
        ),
        (
            ('when = { severity_max = 2 }\nkind = "soreness"', 'when = { severity_max = 2 }\nkind = "pain"'),
            "when.severity_max: a rule whose action is above 'continue' or whose kind is 'pain'",
        ),
        (('symptoms_any = ["buzz"]', 'symptoms_any = ["buz"]'), "unknown symptom 'buz'; did you mean 'buzz'?"),
        (('action = "see_doctor"', 'action = "modify"'), "its action must be 'see_doctor' or 'emergency'"),
        (("when = { severity_min = 5 }", "when = {}"), "needs at least one condition"),
        (('action = "rest"', 'action = "nap"'), "action: Input should be 'continue'"),
        (("when = { severity_min = 5 }", "when = { severity_min = 5, mood = 'low' }"), "when.mood"),
    ],
)
def test_loader_rejects_bad_triage_rules(tmp_path: Path, change: tuple[str, str], message: str) -> None:
    old, new = change
    assert old in RULES
    with pytest.raises(DataError) as info:
        altex.load(write(tmp_path, RULES.replace(old, new, 1)), bundled=False)
    assert message in str(info.value)
    assert info.value.file.endswith("t.toml")
    assert info.value.record.startswith("triage.")


def test_symptom_names_are_unique_and_ids_shared_with_other_records(tmp_path: Path) -> None:
    clash = RULES + '\n[[symptom]]\nid = "hum"\nname = "Hum"\naliases = ["buzzing"]\ndescription = "x"\n'
    with pytest.raises(DataError, match="'buzzing' also names symptom 'buzz'"):
        altex.load(write(tmp_path, clash), bundled=False)
    same_id = RULES.replace('id = "t-mild"', 'id = "buzz"')
    with pytest.raises(DataError, match="duplicate id"):
        altex.load(write(tmp_path, same_id), bundled=False)


def test_overlay_can_replace_a_bundled_rule(tmp_path: Path) -> None:
    stricter = """
[[triage]]
id = "severity-amber"
replace = true
when = { severity_min = 4 }
kind = "pain"
action = "rest"
reason = "A stricter clinic."
advice = "Rest at 4."
sources = ["tl"]
"""
    kb = altex.load(write(tmp_path, stricter))
    assert judge(kb, severity=4) == (PAIN, Action.REST)
    assert kb.origin("severity-amber").endswith("t.toml")


# -- adapt with a report ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("report", "action"),
    [
        ({"severity": 8}, Action.REST),
        ({"severity": 2, "limits_daily_activities": True}, Action.SEE_DOCTOR),
        ({"severity": 2, "symptoms": ["bladder changes"]}, Action.EMERGENCY),
    ],
)
def test_adapt_drops_everything_when_the_session_is_off(
    kb: altex.KnowledgeBase, report: dict[str, object], action: Action
) -> None:
    plan = kb.adapt(
        ["walking", "plank", "deadlift", {"exercise": "swimming", "minutes": 20}], ["sciatica"], report=report
    )
    assert plan.assessment is not None and plan.assessment.action is action
    assert {i.action for i in plan.items} == {PlanAction.DROP}
    assert all(i.replacement is None and i.suggestion is None for i in plan.items)
    assert plan.entries() == []
    assert plan.assessment.advice in plan.note and "left out" in plan.note
    assert all(plan.assessment.advice in i.note for i in plan.items)


def test_adapt_substitute_swaps_aggravating_items_for_ones_at_ok(kb: altex.KnowledgeBase) -> None:
    report = PainReport(severity=3, quality="sharp", onset="during")
    plain = kb.adapt(["running", "plank", "hamstring stretch"], ["herniated disc"])
    plan = kb.adapt(["running", "plank", "hamstring stretch"], ["herniated disc"], report=report)
    assert plan.assessment is not None and plan.assessment.action is Action.SUBSTITUTE
    for before, after in zip(plain.items, plan.items, strict=True):
        assert before.verdict == after.verdict
        if after.verdict.level is altex.Level.OK:
            assert after.action is PlanAction.CAUTION and plan.assessment.advice in after.note
        else:
            assert after.action in {PlanAction.REPLACE, PlanAction.DROP}
        if after.action is PlanAction.REPLACE:
            assert after.replacement is not None
            assert kb.check(after.replacement.id, ["herniated disc"]).level is altex.Level.OK


def test_adapt_modify_keeps_items_with_caution_notes(kb: altex.KnowledgeBase) -> None:
    plain = kb.adapt(["running", "plank", "deadlift"], ["herniated disc"])
    plan = kb.adapt(["running", "plank", "deadlift"], ["herniated disc"], report={"severity": 5})
    assert plan.assessment is not None and plan.assessment.action is Action.MODIFY
    for before, after in zip(plain.items, plan.items, strict=True):
        expected = PlanAction.CAUTION if before.action is PlanAction.KEEP else before.action
        assert after.action is expected
        assert after.replacement == before.replacement
        assert plan.assessment.advice in after.note


def test_adapt_continue_changes_no_item(kb: altex.KnowledgeBase) -> None:
    plain = kb.adapt(["running", "plank"], ["herniated disc"])
    plan = kb.adapt(["running", "plank"], ["herniated disc"], report={"severity": 2, "during_exercise": "eases"})
    assert plan.items == plain.items
    assert plan.assessment is not None and plan.assessment.action is Action.CONTINUE
    assert plain.assessment is None and plain.note == ""


def test_adapt_checks_the_report(kb: altex.KnowledgeBase) -> None:
    with pytest.raises(UnknownSymptomError):
        kb.adapt(["plank"], report={"severity": 2, "symptoms": ["tingeling"]})
    with pytest.raises(InvalidInputError, match=r"^severity: "):
        kb.adapt(["plank"], report={"severity": 12})
    with pytest.raises(InvalidInputError, match=r"^report: "):
        kb.adapt(["plank"], report="sore")  # type: ignore[arg-type]


def test_tiny_knowledge_base_is_unaffected_without_a_report() -> None:
    tiny = altex.load(TINY, bundled=False)
    assert tiny.symptoms == {} and tiny.triage_rules == {}
    assert tiny.adapt(["jogging"]).assessment is None


def test_docs_rules_table_matches_the_data(kb: altex.KnowledgeBase) -> None:
    page = (Path(__file__).parent.parent / "docs" / "triage.md").read_text(encoding="utf-8")
    rows = {}
    for line in page.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) == 5 and cells[0].startswith("`") and cells[0].strip("`") in kb.triage_rules:
            rows[cells[0].strip("`")] = (cells[2], cells[3], cells[4])
    assert set(rows) == set(kb.triage_rules), "docs/triage.md: the rules table is out of date"
    for rid, (kind, action, sources) in rows.items():
        rule = kb.triage_rules[rid]
        assert kind == (rule.kind.value if rule.kind else "-"), rid
        assert action == rule.action.value, rid
        assert sources.split(", ") == list(rule.sources), rid


def test_triage_survives_the_load_cache(kb: altex.KnowledgeBase) -> None:
    import pickle

    again = pickle.loads(pickle.dumps(kb, protocol=pickle.HIGHEST_PROTOCOL))
    report = PainReport(severity=5, quality="sharp", onset="during", symptoms=["numb groin"])
    assert again.assess(report) == kb.assess(report)
    assert again.symptom("pins and needles") == kb.symptom("tingling")
