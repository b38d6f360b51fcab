"""Triage bands (the pain traffic light) never overlap, and a red-flag symptom is judged without a score."""

from __future__ import annotations

import itertools
import tempfile
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

import altex
from altex import Action, AssessmentKind, DataError, InvalidInputError, PainReport
from altex.cli import main
from altex.pain import band_problems

SOURCE = '[[source]]\nid = "src-b"\ntitle = "Band source"\nkind = "article"\ncitation = "Test band source, 2024."\n'


def band(rid: str, low: int | None, high: int | None, action: str, kind: str | None = None) -> str:
    bounds = ", ".join(f"{k} = {v}" for k, v in (("severity_min", low), ("severity_max", high)) if v is not None)
    kind_line = f'kind = "{kind}"\n' if kind else ""
    return (
        f'\n[[triage]]\nid = "{rid}"\nband = true\nwhen = {{ {bounds} }}\n{kind_line}action = "{action}"\n'
        f'reason = "Band {rid}."\nadvice = "Advice {rid}."\nsources = ["src-b"]\n'
    )


def load(tmp_path: Path, text: str) -> altex.KnowledgeBase:
    path = tmp_path / "bands.toml"
    path.write_text(SOURCE + text)
    return altex.load(path, bundled=False)


# -- the law over the bundled data ----------------------------------------------------------


def test_no_two_bundled_bands_overlap(kb: altex.KnowledgeBase) -> None:
    bands = [r for r in kb.triage_rules.values() if r.band]
    assert {r.id for r in bands} == {"severity-green", "severity-amber", "severity-red"}
    for severity in range(11):
        assert sum(severity in r.severities for r in bands) == 1, severity
    assert list(band_problems(kb.triage_rules)) == []


@pytest.mark.parametrize("severity", range(11))
def test_a_severity_is_judged_by_one_band_only(kb: altex.KnowledgeBase, severity: int) -> None:
    rules = {r.rule for r in kb.assess(PainReport(severity=severity)).reasons}
    assert len(rules & {"severity-green", "severity-amber", "severity-red"}) == 1


def test_severity_six_no_longer_prints_the_amber_advice(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["assess", "--severity", "6"]) == 0
    out = capsys.readouterr().out
    assert "6 to 10 out of 10" in out and "4 to 5 out of 10" not in out


# -- the loader enforces it for any data ------------------------------------------------------


def test_overlapping_bands_are_a_data_error_naming_the_record(tmp_path: Path) -> None:
    text = band("low", 0, 4, "continue") + band("high", 4, 10, "rest", "pain")
    with pytest.raises(DataError, match=r"bands\.toml: \[triage\.high\] when\.severity_min: severity 4 .*'low'"):
        load(tmp_path, text)


def test_a_gap_above_a_raising_band_is_a_data_error(tmp_path: Path) -> None:
    # Amber 4-5 with nothing above would let a 6 out of 10 pass as "continue".
    with pytest.raises(DataError, match=r"\[triage\.amber\] when\.severity_max: severity 6 is in no band"):
        load(tmp_path, band("amber", 4, 5, "modify"))


def test_a_higher_band_may_not_call_for_less(tmp_path: Path) -> None:
    text = band("mid", 3, 6, "rest", "pain") + band("top", 7, 10, "modify")
    with pytest.raises(DataError, match=r"\[triage\.top\] action: a band calls for less than band 'mid'"):
        load(tmp_path, text)


def test_a_band_states_only_severity(tmp_path: Path) -> None:
    text = band("odd", 4, 10, "rest").replace("severity_min = 4", 'severity_min = 4, quality_min = "sharp"')
    with pytest.raises(DataError, match=r"\[triage\.odd\] when\.quality_min: a band rule states only severity"):
        load(tmp_path, text)


def test_a_rule_that_is_no_band_still_may_not_use_upper_bounds(tmp_path: Path) -> None:
    text = band("x", 4, 5, "modify").replace("band = true\n", "")
    with pytest.raises(DataError, match="may only use lower bounds"):
        load(tmp_path, text)


@given(cuts=st.lists(st.integers(0, 9), max_size=4, unique=True), actions=st.lists(st.sampled_from(list(Action))))
def test_random_bands_load_exactly_when_never_milder(cuts: list[int], actions: list[Action]) -> None:
    """Bands cut at random points with random actions load exactly when no band calls for less."""
    edges = sorted(cuts)
    spans = list(zip([0, *[c + 1 for c in edges]], [*edges, 10], strict=True))
    chosen = [actions[i] if i < len(actions) else Action.EMERGENCY for i in range(len(spans))]
    text = "".join(
        band(f"b{i}", low, high, a.value, "red_flag" if a >= Action.SEE_DOCTOR else None)
        for i, ((low, high), a) in enumerate(zip(spans, chosen, strict=True))
    )
    with tempfile.TemporaryDirectory() as folder:
        if chosen != sorted(chosen):
            with pytest.raises(DataError, match="a band calls for less"):
                load(Path(folder), text)
            return
        kb = load(Path(folder), text)
    judged = [kb.assess(PainReport(severity=s)) for s in range(11)]
    assert all(len(a.reasons) == 1 for a in judged)
    assert all(a.action <= b.action for a, b in itertools.pairwise(judged))


# -- a red flag does not wait for a pain score ---------------------------------------------------


def test_a_red_flag_symptom_is_triaged_without_a_severity(kb: altex.KnowledgeBase) -> None:
    a = kb.assess({"symptoms": ["bladder changes"]})
    assert (a.kind, a.action) == (AssessmentKind.RED_FLAG, Action.EMERGENCY)
    assert kb.assess(PainReport(symptoms=["numbness"])).action is Action.SEE_DOCTOR


def test_symptoms_without_a_severity_meet_no_severity_rule(kb: altex.KnowledgeBase) -> None:
    a = kb.assess({"symptoms": ["centralising"]})
    assert a.action is Action.CONTINUE
    assert not any(r.band for r in kb.triage_rules.values() if r.id in {x.rule for x in a.reasons})


@pytest.mark.parametrize("fields", [{}, {"quality": "sharp"}, {"symptoms": []}, {"severity": None}])
def test_without_symptoms_a_severity_is_still_required(fields: dict[str, object]) -> None:
    with pytest.raises(InvalidInputError, match="severity: Field required"):
        PainReport(**fields)


def test_cli_assess_takes_a_symptom_alone(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["assess", "--symptom", "saddle numbness"]) == 0
    assert "emergency" in capsys.readouterr().out.lower()


def test_a_plan_with_a_red_flag_report_and_no_severity_is_dropped(kb: altex.KnowledgeBase) -> None:
    plan = kb.adapt(["walking", "plank"], report={"symptoms": ["fever"]})
    assert [i.action.value for i in plan.items] == ["drop", "drop"]
