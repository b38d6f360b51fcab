"""The vignettes of tests/cases/progression.toml: people following altex.progression for weeks."""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

import pytest

import altex
from altex.progression import Decision, SessionLog, next_session

VIGNETTES: list[dict[str, Any]] = tomllib.loads((Path(__file__).parent / "cases" / "progression.toml").read_text())[
    "vignette"
]


def test_vignettes_are_well_formed(kb: altex.KnowledgeBase) -> None:
    assert len({v["id"] for v in VIGNETTES}) == len(VIGNETTES) >= 5
    for v in VIGNETTES:
        assert v["sources"] and set(v["sources"]) <= set(kb.sources), v["id"]
        days = [d["on"] for d in v["day"]]
        assert days == sorted(days) and any("expect" in d for d in v["day"]), v["id"]
    decisions = {e["decision"] for v in VIGNETTES for d in v["day"] for e in d.get("expect", ())}
    assert decisions == {d.value for d in Decision}


@pytest.mark.parametrize("vignette", VIGNETTES, ids=lambda v: v["id"])
def test_vignette(kb: altex.KnowledgeBase, vignette: dict[str, Any]) -> None:
    logs: list[SessionLog] = []
    for day in vignette["day"]:
        session = next_session(kb, vignette["plan"], vignette["conditions"], logs, on=day["on"])
        where = f"{vignette['id']} on {day['on']}"
        assert session.stopped is day.get("stopped", False), where
        items = {i.exercise: i for i in session.items}
        for want in day.get("expect", ()):
            item = items[want["exercise"]]
            assert item.decision.value == want["decision"], (where, item)
            for field in ("sets", "reps", "minutes", "stage", "load_kg"):
                if field in want:
                    assert item.dose is not None and getattr(item.dose, field) == want[field], (where, field, item)
            if "not_before" in want:
                assert item.not_before == want["not_before"], (where, item)
            if "swap_to" in want:
                assert item.swap_to == want["swap_to"], (where, item)
            if "rule" in want:
                assert want["rule"] in {r.rule for r in item.reasons}, (where, item)
            assert all(r.sources for r in item.reasons if r.rule not in {"substitute", "no-substitute"}), where
        if "report" in day:
            assert kb.assess(day["report"]).action.value == day["action"], where
        if "feel" in day:
            done = session.done(**day["feel"])
            extra = day.get("feel_for", {})
            logs += [SessionLog.from_mapping({**log.model_dump(), **extra.get(log.exercise, {})}) for log in done]
