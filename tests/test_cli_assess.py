"""altex assess, and altex adapt --report: text with the disclaimer, --json, exit 2 on bad input."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from altex.cli import main


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_assess_json(capsys: pytest.CaptureFixture[str]) -> None:
    args = ("assess", "--severity", "6", "--quality", "sharp", "--onset", "during", "--symptom", "tingling", "--json")
    code, out, err = run(capsys, *args)
    assert (code, err) == (0, "")
    doc = json.loads(out)
    assert (doc["kind"], doc["action"], doc["symptoms"]) == ("red_flag", "see_doctor", ["tingling"])
    assert [r["rule"] for r in doc["reasons"]] == ["red-flag-nerve-signs"]
    assert doc["reasons"][0]["sources"] == ["s2", "mdp", "mdt"]
    assert doc["advice"]


def test_assess_text_has_reasons_sources_and_disclaimer(capsys: pytest.CaptureFixture[str]) -> None:
    args = ("assess", "--severity", "2", "--quality", "aching", "--onset", "after", "--hours-after-exercise", "30")
    code, out, _ = run(capsys, *args)
    assert code == 0
    assert out.startswith("Pain report: soreness; action: CONTINUE")
    assert "rule: delayed-onset-muscle-soreness; sources: s0 (" in out
    assert "altex does not diagnose" in out


def test_assess_every_option(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(
        capsys,
        *("assess", "--severity", "3", "--during-exercise", "eases", "--hours-since-onset", "100"),
        *("--limits-daily-activities", "--symptom", "pins and needles", "--symptom", "fever", "--json"),
    )
    doc = json.loads(out)
    assert code == 0 and doc["action"] == "see_doctor" and doc["symptoms"] == ["fever", "tingling"]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--severity", "2", "--symptom", "tingeling"), "unknown symptom 'tingeling'; did you mean 'tingling'"),
        (("--quality", "sharp"), "severity: Field required"),
        (("--severity", "12"), "severity: Input should be less than or equal to 10"),
        (("--severity", "3", "--quality", "ouch"), "quality: Input should be 'dull'"),
        (("--severity", "3", "--hours-since-onset", "-1"), "hours_since_onset: Input should be greater than"),
    ],
)
def test_assess_bad_input_exits_2_with_one_line(
    capsys: pytest.CaptureFixture[str], args: tuple[str, ...], message: str
) -> None:
    code, out, err = run(capsys, "assess", *args)
    assert (code, out) == (2, "")
    assert err.count("\n") == 1 and message in err and "Traceback" not in err


def test_assess_from_a_report_file_with_options_on_top(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    report = tmp_path / "report.toml"
    report.write_text('severity = 2\nquality = "dull"\nonset = "after"\nhours_after_exercise = 30\n')
    code, out, _ = run(capsys, "assess", "--report", str(report), "--json")
    assert code == 0 and json.loads(out)["kind"] == "soreness"
    code, out, _ = run(capsys, "assess", "--report", str(report), "--symptom", "saddle numbness", "--json")
    assert code == 0 and json.loads(out)["action"] == "emergency"


def test_adapt_with_a_report(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    report = tmp_path / "report.json"
    report.write_text(json.dumps({"severity": 3, "symptoms": ["bladder changes"]}))
    code, out, _ = run(capsys, "adapt", "running", "plank", "-c", "sciatica", "--report", str(report), "--json")
    assert code == 0
    doc = json.loads(out)
    assert doc["assessment"]["action"] == "emergency"
    assert [(i["action"], i["replacement"], i["result"]) for i in doc["items"]] == [("drop", None, None)] * 2
    assert "left out" in doc["note"]
    code, out, _ = run(capsys, "adapt", "running", "plank", "-c", "sciatica", "--report", str(report))
    assert code == 0 and "Pain report: red flag; action: emergency." in out and "drop" in out
    code, out, _ = run(capsys, "adapt", "plank", "--json")
    assert code == 0 and json.loads(out)["assessment"] is None


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("severity = ", "TOML syntax error"),
        ("severity = 20", "severity: Input should be less than or equal to 10"),
        ('severity = 2\nsymptoms = ["numbnes"]', "did you mean 'numbness'"),
        ('severity = 2\nmood = "low"', "mood: not a field of a pain report"),
    ],
)
def test_adapt_bad_report_file(capsys: pytest.CaptureFixture[str], tmp_path: Path, text: str, message: str) -> None:
    report = tmp_path / "report.toml"
    report.write_text(text)
    code, out, err = run(capsys, "adapt", "plank", "--report", str(report))
    assert (code, out) == (2, "") and message in err and err.count("\n") == 1
    code, _, err = run(capsys, "adapt", "plank", "--report", str(tmp_path / "missing.toml"))
    assert code == 2 and "cannot read" in err


def test_list_symptoms(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "list", "symptoms", "--json")
    assert code == 0
    assert {"id": "saddle-numbness", "name": "Saddle numbness"} in json.loads(out)
