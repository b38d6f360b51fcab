"""docs/conditions.md is generated from the data and must not go stale."""

from __future__ import annotations

from pathlib import Path

import altex
from altex._pages import conditions_page
from altex.cli import main

PAGE = Path(__file__).resolve().parents[1] / "docs" / "conditions.md"


def test_conditions_page_is_current(kb: altex.KnowledgeBase) -> None:
    assert PAGE.read_text(encoding="utf-8") == conditions_page(kb), (
        "docs/conditions.md is stale: regenerate it with `altex docs conditions -o docs/conditions.md`"
    )


def test_every_condition_has_a_section(kb: altex.KnowledgeBase) -> None:
    page = conditions_page(kb)
    for c in kb.conditions.values():
        assert f"## {c.name}\n" in page
    for sid in kb.sources:
        assert f"| {sid} |" in page


def test_cli_writes_the_page(tmp_path: Path) -> None:
    out = tmp_path / "c.md"
    assert main(["docs", "conditions", "-o", str(out)]) == 0
    assert out.read_text(encoding="utf-8") == conditions_page(altex.load())
