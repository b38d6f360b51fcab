"""Every command the README shows for the command line runs (those needing no files of yours)."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest

from altex.cli import main

README = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
BLOCK = README.split("## The command line", 1)[1].split("```sh", 1)[1].split("```", 1)[0]
NEEDS_FILES = re.compile(r"\.toml|\.json|\.csv|my-extra-data|-o ")
COMMANDS = [
    shlex.split(line.split("#", 1)[0])[1:]
    for line in BLOCK.splitlines()
    if line.startswith("altex ") and not NEEDS_FILES.search(line)
]


def test_the_readme_shows_commands() -> None:
    assert len(COMMANDS) >= 6


@pytest.mark.parametrize("argv", COMMANDS, ids=" ".join)
def test_readme_command_runs(argv: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    assert main(argv) == 0, capsys.readouterr().err
    assert capsys.readouterr().out.strip()
