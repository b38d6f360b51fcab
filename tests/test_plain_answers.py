"""Plain answers: no reassuring OK without conditions or without a rule, names whole, short str()."""

from __future__ import annotations

import json
import re
from importlib.metadata import version

import pytest

import altex
from altex._render import NO_RULE
from altex.cli import ASK_FOR_CONDITIONS, main


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.mark.parametrize(
    "command", [["check", "deadlift"], ["substitutes", "deadlift"], ["adapt", "deadlift", "plank"]]
)
def test_no_condition_gives_a_general_answer_and_asks_for_conditions(
    capsys: pytest.CaptureFixture[str], command: list[str]
) -> None:
    code, out, err = run(capsys, *command)
    assert (code, err) == (0, "")  # still a success, for scripts
    assert "OK for" not in out and "no conditions given" in out
    assert " ".join(ASK_FOR_CONDITIONS.split()) in " ".join(out.split())
    code, out, _ = run(capsys, *command, "--json")
    doc = json.loads(out)
    assert doc["general"] is True and doc["note"] == ASK_FOR_CONDITIONS


def test_with_conditions_the_answer_is_not_general(capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = run(capsys, "check", "deadlift", "-c", "sciatica", "--json")
    assert "general" not in json.loads(out)
    _, out, _ = run(capsys, "check", "deadlift", "-c", "sciatica")
    assert "general answer" not in out


def _unjudged(kb: altex.KnowledgeBase) -> tuple[str, str]:
    """An exercise and condition that no rule links (skipped when every pair is judged)."""
    for cid in kb.conditions:
        for eid in kb.exercises:
            if not kb.verdict(eid, frozenset((cid,))).reasons:
                return eid, cid
    pytest.skip("every exercise is judged for every condition: no 'no rule known' answer to show")


def test_no_rule_known_is_shown_as_such_never_as_ok(
    capsys: pytest.CaptureFixture[str], kb: altex.KnowledgeBase
) -> None:
    eid, cid = _unjudged(kb)
    code, out, _ = run(capsys, "check", eid, "-c", cid)
    assert code == 0
    first = out.splitlines()[0]
    assert "no rule known" in first and "OK" not in first
    assert "not the same as OK" in out
    _, out, _ = run(capsys, "check", eid, "-c", cid, "--json")
    doc = json.loads(out)
    assert doc["rule_known"] is False and doc["note"] == NO_RULE
    plan = kb.adapt([eid], cid)
    assert "no rule known" in plan.items[0].note and "fine" not in plan.items[0].note
    assert str(kb.check(eid, cid)).endswith(f"no rule known for {kb.conditions[cid].name}")


def test_a_judged_verdict_says_rule_known(capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = run(capsys, "check", "hamstring stretch", "-c", "sciatica", "--json")
    assert json.loads(out)["rule_known"] is True


def test_names_are_not_split_at_commas(capsys: pytest.CaptureFixture[str], kb: altex.KnowledgeBase) -> None:
    """ "Running, Treadmill" is one name (as catalogs write it), not two plan items."""
    code, out, err = run(capsys, "adapt", "Running, Treadmill", "-c", "sciatica", "--json")
    assert (code, err) == (0, "")
    assert len(json.loads(out)["items"]) == 1
    code, _, err = run(capsys, "adapt", "plank,nonsense-name", "-c", "sciatica")
    assert code == 2 and "unknown exercise 'plank,nonsense-name'" in err


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exc:
        main(["--version"])
    assert exc.value.code == 0
    assert capsys.readouterr().out == f"altex {altex.__version__}\n"
    assert altex.__version__ == version("altex")


def test_str_of_a_verdict_is_one_short_line(kb: altex.KnowledgeBase) -> None:
    v = kb.check("hamstring stretch", "sciatica")
    text = str(v)
    assert "\n" not in text and len(text) < 200 and "Exercise(" not in text
    assert text.startswith("Hamstring stretch: avoid for Sciatica (")
    assert all(sid in text for sid in v.sources)
    assert str(kb.check("plank")) == "Plank: no conditions given (a general answer)"


def test_str_of_a_suggestion_and_a_plan(kb: altex.KnowledgeBase) -> None:
    s = kb.substitutes("running", "sciatica", limit=1)[0]
    assert re.fullmatch(
        rf"{re.escape(s.exercise.name)} \((ok|caution), score \d\.\d\d(; sources: [a-z0-9, -]+)?\)", str(s)
    )
    plan = kb.adapt(["hamstring stretch", {"exercise": "plank", "sets": 3}], "sciatica", report={"severity": 2})
    lines = str(plan).splitlines()
    assert lines[0] == "Plan for Sciatica:"
    assert lines[1].startswith("  pain report: ")
    assert lines[2:] == [
        f"  replace: Hamstring stretch -> {plan.items[0].replacement.name}" if plan.items[0].replacement else "",
        f"  {plan.items[1].action.value}: Plank (3 sets)",
    ]
    assert "Exercise(" not in str(plan) and len(str(plan)) < 300


def test_substitutes_and_plan_items_cite_their_sources(
    kb: altex.KnowledgeBase, capsys: pytest.CaptureFixture[str]
) -> None:
    best = kb.substitutes("hamstring stretch", "sciatica", limit=3)
    curated = {sub.exercise: sub.sources for sub in kb.exercises["hamstring-stretch"].substitutes}
    for s in best:
        assert set(s.sources) <= set(kb.sources)
        assert s.sources[: len(curated.get(s.exercise.id, ()))] == curated.get(s.exercise.id, ())
        assert set(s.verdict.sources) <= set(s.sources)
    assert any(s.sources for s in best)
    plan = kb.adapt(["hamstring stretch"], "sciatica")
    item = plan.items[0]
    assert item.suggestion is not None and set(item.suggestion.sources) <= set(item.sources)
    assert set(item.verdict.sources) <= set(item.sources)
    _, out, _ = run(capsys, "substitutes", "hamstring stretch", "-c", "sciatica", "--json")
    assert all("sources" in s for s in json.loads(out)["substitutes"])
    _, out, _ = run(capsys, "adapt", "hamstring stretch", "-c", "sciatica", "--json")
    assert json.loads(out)["items"][0]["sources"] == list(item.sources)
    _, out, _ = run(capsys, "adapt", "hamstring stretch", "-c", "sciatica")
    assert "sources: " in out
