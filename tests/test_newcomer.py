"""What a newcomer needs: the README says where the command is and documents the plan and report
files and the cache; run.py checks the Python version first; a LICENSE; skip reasons shown."""

from __future__ import annotations

import glob
import os
import shutil
import subprocess
import tomllib
from pathlib import Path

import pytest

import altex

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_readme_says_where_the_command_is_and_documents_files_and_cache() -> None:
    assert ".venv/bin/altex" in README and "altex --version" in README
    assert "### Plan and report files" in README and "[[item]]" in README and "severity = 6" in README
    assert "### The load cache" in README and "ALTEX_CACHE_DIR=" in README


def test_the_readme_plan_and_report_examples_are_what_altex_reads(tmp_path: Path, kb: altex.KnowledgeBase) -> None:
    from altex.cli import _read_plan

    blocks = README.split("### Plan and report files", 1)[1].split("```toml")[1:3]
    plan_text, report_text = (b.split("```", 1)[0] for b in blocks)
    (tmp_path / "plan.toml").write_text(plan_text)
    plan = kb.adapt(_read_plan([str(tmp_path / "plan.toml")]), "sciatica")
    assert [i.original.id for i in plan.items] == ["running", "plank"]
    assert kb.assess(tomllib.loads(report_text)).kind is not None


def _older_python() -> str | None:
    for name in ("python3.10", "python3.9", "python3.8"):
        found = shutil.which(name)
        if found and subprocess.run([found, "-V"], capture_output=True, check=False).returncode == 0:
            return found
    pyenv = sorted(glob.glob(os.path.expanduser("~/.pyenv/versions/3.[0-9]*/bin/python3")))
    older = [p for p in pyenv if Path(p).parents[1].name.split(".")[1] not in {"11", "12", "13", "14"}]
    return older[-1] if older else None


def test_run_py_refuses_an_older_python_at_once() -> None:
    python = _older_python()
    if python is None:
        pytest.skip("no Python older than 3.11 on this machine to try run.py with")
    done = subprocess.run(
        [python, str(ROOT / "run.py"), "test"], capture_output=True, text=True, timeout=30, check=False
    )
    assert done.returncode == 1
    assert done.stderr.startswith("altex needs Python 3.11 or newer; this is Python 3.")
    assert not (ROOT / ".venv-should-not-exist").exists()


def test_run_py_shows_skip_reasons() -> None:
    assert '"-rs"' in (ROOT / "run.py").read_text(encoding="utf-8")


def test_the_license_is_mit_and_packaged() -> None:
    assert (ROOT / "LICENSE").read_text(encoding="utf-8").startswith("MIT License")
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert project["license"] == "MIT" and project["license-files"] == ["LICENSE"]
