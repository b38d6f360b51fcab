"""The altex command: text for people, --json for machines, exit 2 and one line on errors."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from altex.cli import main

from .conftest import TINY


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def tiny(*args: str) -> list[str]:
    return [*args, "--data", str(TINY), "--no-bundled"]


def test_check_json(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "check", "hamstring stretch", "-c", "sciatica", "--json")
    assert (code, err) == (0, "")
    doc = json.loads(out)
    assert doc["exercise"] == "hamstring-stretch"
    assert doc["conditions"] == ["sciatica"]
    assert doc["level"] == "avoid"
    assert doc["reasons"][0]["path"] == ["hamstring-stretch", "neural-tension", "sciatica"]
    assert doc["reasons"][0]["sources"]


def test_check_text_shows_reasons_and_sources(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "check", "hamstring stretch", "-c", "sciatica")
    assert code == 0
    assert out.startswith("Hamstring stretch: AVOID for Sciatica")
    assert "path: hamstring-stretch -> neural-tension -> sciatica" in out
    assert "sources:" in out


def test_unknown_name_exits_2_with_one_line(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "check", "joging", "-c", "sciatica")
    assert (code, out) == (2, "")
    assert err.count("\n") == 1
    assert "unknown exercise 'joging'; did you mean 'jogging'" in err
    code, _, err = run(capsys, "check", "running", "-c", "sciatika")
    assert code == 2 and "did you mean 'sciatica'" in err


def test_substitutes(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, *tiny("substitutes", "jogging", "-c", "bad knee", "--json", "--limit", "1"))
    assert code == 0
    doc = json.loads(out)
    assert [s["exercise"] for s in doc["substitutes"]] == ["biking"]
    code, out, _ = run(capsys, "substitutes", "running", "-c", "sciatica")
    assert code == 0 and out.startswith("Instead of Running (Sciatica):")


def test_adapt_names_and_file(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    plan = tmp_path / "plan.toml"
    plan.write_text('[[item]]\nexercise = "jogging"\nminutes = 20\n[[item]]\nexercise = "toe touch"\n')
    code, out, _ = run(capsys, *tiny("adapt", str(plan), "-c", "bad knee", "--json"))
    assert code == 0
    doc = json.loads(out)
    assert [(i["exercise"], i["action"]) for i in doc["items"]][:1] == [("jogging", "replace")]
    assert doc["items"][0]["result"]["minutes"] == 20
    code, out, _ = run(capsys, "adapt", "running", "plank", "hamstring stretch", "-c", "sciatica")
    assert code == 0 and "replace" in out


def test_adapt_bad_plan_file(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    plan = tmp_path / "plan.json"
    plan.write_text("{not json")
    code, _, err = run(capsys, "adapt", str(plan))
    assert code == 2 and "not valid JSON" in err
    code, _, err = run(capsys, "adapt", str(tmp_path / "missing.toml"))
    assert code == 2 and "cannot read" in err


def test_list_and_show(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "list", "conditions", "--json")
    assert code == 0 and {"id": "sciatica", "name": "Sciatica"} in json.loads(out)
    code, out, _ = run(capsys, "show", "slipped disc")
    assert code == 0 and "lumbar-disc-herniation" in out
    code, out, _ = run(capsys, "show", "neural tension", "--json")
    assert code == 0 and json.loads(out)["kind"] == "mechanism"
    code, _, err = run(capsys, "show", "sciatik")
    assert code == 2 and "did you mean" in err


def test_validate(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, out, _ = run(capsys, "validate", str(TINY))
    assert code == 0 and out.startswith("valid:")
    bad = tmp_path / "bad.toml"
    bad.write_text('[[exercise]]\nid = "x"\nname = "X"\ncategory = "cardio"\nprofile.impact = "hi"\n')
    code, _, err = run(capsys, "validate", str(bad))
    assert code == 2 and "[exercise.x] profile.impact:" in err


def test_bad_data_file_is_reported_not_raised(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text("[[exercise]\n")
    code, _, err = run(capsys, "check", "running", "--data", str(bad))
    assert code == 2 and "TOML syntax error" in err and "Traceback" not in err


def test_console_script_matches_python_m() -> None:
    args = ["check", "running", "-c", "sciatica", "--json"]
    via_m = subprocess.run([sys.executable, "-m", "altex", *args], capture_output=True, text=True, check=True)
    exe = Path(sys.executable).with_name("altex")
    if exe.exists():
        via_script = subprocess.run([str(exe), *args], capture_output=True, text=True, check=True)
        assert via_script.stdout == via_m.stdout
    assert json.loads(via_m.stdout)["exercise"] == "running"


def test_no_traceback_on_huge_name() -> None:
    out = subprocess.run(
        [sys.executable, "-m", "altex", "check", "x" * 100_000], capture_output=True, text=True, check=False
    )
    assert out.returncode == 2
    assert "Traceback" not in out.stderr and "too long" in out.stderr


def test_closed_pipe_is_not_an_error() -> None:
    proc = subprocess.Popen(
        [sys.executable, "-m", "altex", "list", "exercises"], stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )
    assert proc.stdout is not None and proc.stderr is not None
    proc.stdout.readline()
    proc.stdout.close()  # like `| head -1`
    err = proc.stderr.read().decode()
    proc.stderr.close()
    assert proc.wait() == 0
    assert "Traceback" not in err
