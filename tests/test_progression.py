"""altex.progression: the rules file, session logs, next_session, the week check and `altex next`."""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

import altex
from altex import DataError, InvalidInputError, UnknownExerciseError
from altex.cli import main
from altex.progression import (
    Decision,
    SessionLog,
    bundled_rules,
    check_week,
    next_session,
    parse_logs,
    read_logs,
    read_rules,
)

from .test_plain_text import shorthand

D = dt.date(2025, 3, 3)
GREEN = {"pain_during": 1, "next_morning": "usual"}


def log(exercise: str = "walking", day: int = 0, **fields: object) -> SessionLog:
    return SessionLog.from_mapping({"date": D + dt.timedelta(days=day), "exercise": exercise, **GREEN, **fields})


# -- the rules file ------------------------------------------------------------------------


def test_every_bundled_rule_cites_known_sources(kb: altex.KnowledgeBase) -> None:
    rules = bundled_rules()
    cited = [sid for _, _, sid in rules.cited()]
    assert cited and set(cited) <= set(kb.sources)
    assert {f.id for f in rules.family} == {"return-to-running", "core-holds", "strength", "time"}
    assert all(s.sources for s in rules.signal)


def test_the_contested_weekly_limit_states_both_sides() -> None:
    weekly = bundled_rules().weekly
    assert weekly.growth_max_percent == 30 and weekly.growth_max_percent_overweight == 10
    assert "Contested" in weekly.note and "did not prevent injuries" in weekly.note and "more than 30 %" in weekly.note
    assert {"bui", "nie", "nieo"} <= set(weekly.sources)


def test_progression_texts_carry_no_internal_shorthand(kb: altex.KnowledgeBase) -> None:
    rules = bundled_rules()
    texts = [(s.id, t) for s in rules.signal for t in (s.reason, s.note)]
    texts += [(f.id, t) for f in rules.family for t in (f.reason, f.note, *(st.label for st in f.stages))]
    texts += [("weekly", rules.weekly.reason), ("weekly", rules.weekly.note)]
    assert {rid: hits for rid, text in texts if (hits := shorthand(kb, text))} == {}


@pytest.mark.parametrize("code", ["import altex; altex.load()", "import altex.cli; altex.cli._parser()"])
def test_load_and_the_command_line_do_not_import_progression(code: str) -> None:
    check = f"{code}; import sys; print('altex.progression' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", check], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "False"


@pytest.mark.parametrize(
    ("text", "where"),
    [
        (
            '[weekly]\ngrowth_max_percent = 30\ngrowth_max_percent_overweight = 10\nreason = "r"\nsources = ["tl"]\n'
            '[[signal]]\nid = "x"\nwhen = { pain_during_max = 3 }\ndecision = "hold"\nreason = "r"\nsources = ["tl"]\n',
            "p.toml: [signal.x] when.pain_during_max: Extra inputs are not permitted",
        ),
        (
            '[weekly]\ngrowth_max_percent = 30\ngrowth_max_percent_overweight = 10\nreason = "r"\nsources = ["tl"]\n'
            '[[signal]]\nid = "x"\nwhen = { stopped = false }\ndecision = "hold"\nreason = "r"\nsources = ["tl"]\n',
            "p.toml: [signal.x] when: stopped: only 'stopped = true' may be stated",
        ),
        (
            '[weekly]\ngrowth_max_percent = 300\ngrowth_max_percent_overweight = 10\nreason = "r"\nsources = ["tl"]\n'
            '[[signal]]\nid = "x"\nwhen = { pain_during_min = 3 }\ndecision = "hold"\nreason = "r"\nsources = ["tl"]\n',
            "p.toml: [weekly] growth_max_percent: Input should be less than or equal to 100",
        ),
        (
            '[weekly]\ngrowth_max_percent = 30\ngrowth_max_percent_overweight = 10\nreason = "r"\nsources = ["tl"]\n'
            '[[signal]]\nid = "x"\nwhen = { pain_during_min = 3 }\ndecision = "hold"\nreason = "r"\nsources = ["tl"]\n'
            '[[family]]\nid = "f"\ndose = "stages"\ncategories = ["cardio"]\nreason = "r"\nsources = ["tl"]\n',
            "p.toml: [family.f] stages: a family with dose 'stages' lists its stages",
        ),
    ],
)
def test_a_bad_rules_file_names_file_record_and_field(text: str, where: str) -> None:
    with pytest.raises(DataError) as err:
        read_rules("p.toml", text)
    assert where in str(err.value)


def test_rules_citing_an_unknown_source_are_refused(kb: altex.KnowledgeBase) -> None:
    text = Path(str(altex.__file__)).parent.parent.parent.joinpath("data", "progression.toml").read_text()
    rules = read_rules("p.toml", text.replace('sources = ["tl", "pmm3"]', 'sources = ["tl", "nowhere"]'))
    with pytest.raises(DataError, match=r"\[signal.amber-during\] sources\[1\]: unknown source 'nowhere'"):
        next_session(kb, ["walking"], rules=rules)


# -- session logs --------------------------------------------------------------------------


def test_logs_read_from_csv_json_and_toml_alike(tmp_path: Path) -> None:
    (tmp_path / "a.csv").write_text(
        "date,exercise,minutes,pain_during,next_morning,leg,symptoms\n"
        "2025-03-03,walking,10,2,usual,,\n2025-03-04,plank,,1,,centralising,stiffness ; ache\n"
    )
    rows = [
        {"date": "2025-03-03", "exercise": "walking", "minutes": 10, "pain_during": 2, "next_morning": "usual"},
        {
            "date": "2025-03-04",
            "exercise": "plank",
            "pain_during": 1,
            "leg": "centralising",
            "symptoms": ["stiffness", "ache"],
        },
    ]
    (tmp_path / "a.json").write_text(json.dumps({"session": rows}))
    (tmp_path / "a.toml").write_text(
        '[[session]]\ndate = 2025-03-03\nexercise = "walking"\nminutes = 10\npain_during = 2\nnext_morning = "usual"\n'
        '[[session]]\ndate = 2025-03-04\nexercise = "plank"\npain_during = 1\nleg = "centralising"\n'
        'symptoms = ["stiffness", "ache"]\n'
    )
    read = [read_logs(tmp_path / f"a.{ext}") for ext in ("csv", "json", "toml")]
    assert read[0] == read[1] == read[2] and read[0][1].symptoms == ("stiffness", "ache")


@pytest.mark.parametrize(
    ("text", "fmt", "message"),
    [
        (
            "date,exercise,pain_during\n2025-03-03,walking,11\n",
            "csv",
            "log.csv row 2.pain_during: Input should be less",
        ),
        (
            "date,exercise,pain_during,mood\n2025-03-03,walking,1,low\n",
            "csv",
            "row 2.mood: not a field of a session log",
        ),
        ('[{"date": "2025-02-30", "exercise": "walking", "pain_during": 1}]', "json", "log.csv[1].date"),
        ('{"date": 1}', "json", "expected a list of sessions"),
        ("[[session]]\nx = ", "toml", "log.csv: TOML syntax error"),
        ("[" * 100 + "]" * 100, "json", "log.csv: JSON nested too deeply"),
        (
            '[{"date": "2025-03-03", "exercise": "walking", "pain_during": 1, "next_morning": "meh"}]',
            "json",
            "next_morning",
        ),
    ],
)
def test_bad_logs_name_the_row_and_field(text: str, fmt: str, message: str) -> None:
    with pytest.raises(InvalidInputError, match=None) as err:
        parse_logs(text, fmt, "log.csv")
    assert message in str(err.value)


def test_a_log_file_must_be_a_known_kind_and_a_regular_file(tmp_path: Path) -> None:
    with pytest.raises(InvalidInputError, match=r"expected a \.csv, \.json or \.toml file"):
        read_logs(tmp_path / "log.txt")
    with pytest.raises(InvalidInputError, match="No such file"):
        read_logs(tmp_path / "log.csv")
    (tmp_path / "dir.csv").mkdir()
    with pytest.raises(InvalidInputError, match="not a regular file"):
        read_logs(tmp_path / "dir.csv")
    os.mkfifo(tmp_path / "fifo.csv")  # never blocks: refused before reading
    with pytest.raises(InvalidInputError, match=r"not a regular file \(a FIFO\)"):
        read_logs(tmp_path / "fifo.csv")


# -- next_session --------------------------------------------------------------------------


def test_an_unknown_exercise_in_a_log_is_an_error_with_suggestions(kb: altex.KnowledgeBase) -> None:
    with pytest.raises(UnknownExerciseError, match="did you mean 'walking'"):
        next_session(kb, ["walking"], (), [log("walkin")])


def test_a_plan_must_be_a_list(kb: altex.KnowledgeBase) -> None:
    with pytest.raises(InvalidInputError, match="plan: expected a list"):
        next_session(kb, "walking")
    with pytest.raises(InvalidInputError, match=r"plan\[0\].minutes"):
        next_session(kb, [{"exercise": "walking", "minutes": -1}])


def test_the_day_may_be_an_iso_string_and_a_plan_entry_a_plan_item(kb: altex.KnowledgeBase) -> None:
    entry = altex.PlanEntry(exercise="walking", minutes=12)
    by_string = next_session(kb, [entry], (), [log(minutes=12)], on="2025-03-10")
    assert by_string == next_session(
        kb, [{"exercise": "walking", "minutes": 12}], (), [log(minutes=12)], on=D.replace(day=10)
    )
    assert by_string.items[0].planned.minutes == 12
    with pytest.raises(InvalidInputError, match="on: expected a date"):
        next_session(kb, ["walking"], on="next tuesday")


def test_a_person_object_with_conditions_counts_as_its_conditions(kb: altex.KnowledgeBase) -> None:
    @dataclass
    class Person:
        conditions: tuple[str, ...]

    as_object = next_session(kb, ["hamstring stretch"], Person(("sciatica",)), on=D)
    as_names = next_session(kb, ["hamstring stretch"], ["sciatica"], on=D)
    assert as_object == as_names and as_names.items[0].decision is Decision.SWAP


def test_an_exercise_at_avoid_is_swapped_before_any_step(kb: altex.KnowledgeBase) -> None:
    item = next_session(kb, ["hamstring stretch"], "sciatica", [log("hamstring stretch", minutes=5)]).items[0]
    assert item.decision is Decision.SWAP and item.swap_to == "sciatic-nerve-glide"
    assert item.reasons[0].rule == "avoid" and item.reasons[0].sources


def test_a_caution_is_never_hidden_behind_a_step(kb: altex.KnowledgeBase) -> None:
    item = next_session(kb, ["running"], "sciatica", [log("running", stage=2, pain_during=0)]).items[0]
    assert item.decision is Decision.PROGRESS and "caution" in {r.rule for r in item.reasons}


def test_a_symptom_only_log_with_a_doctor_signal_stops(kb: altex.KnowledgeBase) -> None:
    s = next_session(kb, ["walking", "plank"], (), [log(symptoms=["pain with any exercise"])])
    assert s.stopped and s.assessment is not None and s.assessment.action is altex.Action.SEE_DOCTOR
    assert [i.decision for i in s.items] == [Decision.STOP, Decision.STOP]


def test_strength_steps_reps_then_load_then_back(kb: altex.KnowledgeBase) -> None:
    at_top = log("squat", sets=3, reps=12, load_kg=40)
    dose = next_session(kb, ["squat"], (), [at_top]).items[0].dose
    assert dose is not None and (dose.sets, dose.reps, dose.load_kg) == (3, 8, 42.0)


def test_overweight_makes_the_weekly_limit_smaller(kb: altex.KnowledgeBase) -> None:
    # 70 minutes the week before; 6 x 12 minutes since, and 13 next: 21 % more.
    logs = [log(day=d, minutes=10 if d < 7 else 12) for d in range(13)]
    lean = next_session(kb, ["walking"], (), logs).items[0]
    heavy = next_session(kb, ["walking"], ["overweight"], logs).items[0]
    assert lean.decision is Decision.PROGRESS and heavy.decision is Decision.HOLD
    assert "weekly-limit" in {r.rule for r in heavy.reasons}


# -- the week check ------------------------------------------------------------------------


def test_week_check_flags_back_to_back_strength_and_growth(kb: altex.KnowledgeBase) -> None:
    week = {"mon": ["squat", "walking"], "tue": ["lunge"], "thu": [{"exercise": "walking", "minutes": 60}]}
    before = [log(day=d, minutes=10) for d in range(3)]
    check = check_week(kb, week, (), before)
    assert {a.rule for a in check.advice} == {"strength:rest-day", "weekly-limit"}
    assert all(a.sources for a in check.advice) and not check.ok
    with pytest.raises(InvalidInputError, match="week: expected a date"):
        check_week(kb, {"someday": ["squat"]})


# -- the command line ----------------------------------------------------------------------


def test_altex_next_text_and_json(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    logs = tmp_path / "log.csv"
    logs.write_text("date,exercise,stage,pain_during,next_morning\n2025-03-03,running,1,0,usual\n")
    assert main(["next", "running", "walking", "--log", str(logs), "-c", "sciatica"]) == 0
    out = capsys.readouterr().out
    assert "PROGRESS" in out and "5 x (walk 5 min, jog 1 min)" in out and "does not diagnose" in out
    assert main(["next", "running", "--log", str(logs), "--json", "--on", "2025-03-05"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert doc["date"] == "2025-03-05" and doc["items"][0]["decision"] == "progress"


def test_altex_next_takes_a_plan_file(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    plan = tmp_path / "plan.toml"
    plan.write_text('[[item]]\nexercise = "squat"\nsets = 3\nreps = 10\nload_kg = 20\n')
    assert main(["next", str(plan), "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["items"][0]["dose"]["load_kg"] == 20


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("walking", "--log", "nope.csv"), "No such file"),
        (("joging",), "unknown exercise 'joging'"),
    ],
)
def test_altex_next_errors_are_one_line(
    capsys: pytest.CaptureFixture[str], args: tuple[str, ...], message: str
) -> None:
    assert main(["next", *args]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and message in err and "Traceback" not in err
