"""The person on the command line (flags and a JSON/TOML file) and in the HTTP service."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

import altex
from altex.cli import main


def _json(argv: list[str], capsys: pytest.CaptureFixture[str]) -> Any:
    assert main([*argv, "--json"]) == 0
    return json.loads(capsys.readouterr().out)


def test_person_flags_relax_and_say_so(capsys: pytest.CaptureFixture[str]) -> None:
    doc = _json(["check", "prone press-up", "-c", "sciatica", "--preference", "extension"], capsys)
    assert doc["level"] == "ok" and doc["modifiers"] == ["extension-preference"]
    relaxed = [r for r in doc["reasons"] if r["relaxed_from"]]
    assert relaxed and relaxed[0]["relaxed_from"] == "caution" and "lng" in relaxed[0]["sources"]
    assert main(["check", "prone press-up", "-c", "sciatica", "--preference", "extension"]) == 0
    text = capsys.readouterr().out
    assert "~ [ok, relaxed from caution]" in text and "a directional preference for extension" in text


def test_bare_conditions_answer_exactly_as_before(capsys: pytest.CaptureFixture[str], kb: altex.KnowledgeBase) -> None:
    doc = _json(["check", "prone press-up", "-c", "sciatica"], capsys)
    assert doc["modifiers"] == [] and all(r["relaxed_from"] is None for r in doc["reasons"])
    assert doc["level"] == kb.check("prone press-up", ["sciatica"]).level.value


def test_surgery_and_bone_flags(capsys: pytest.CaptureFixture[str]) -> None:
    doc = _json(["check", "deadlift", "--surgery", "fusion", "--weeks-since-surgery", "3"], capsys)
    assert doc["level"] == "avoid" and doc["conditions"] == ["recent-fusion"]
    doc = _json(["substitutes", "zumba", "--bone", "vertebral fracture"], capsys)
    assert doc["conditions"] == ["osteoporosis", "vertebral-fracture"]
    assert all(s["level"] != "avoid" for s in doc["substitutes"])


def test_a_person_file_for_apps(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    person = tmp_path / "me.json"
    person.write_text(json.dumps({"conditions": ["slipped disc"], "preference": "flexion"}), encoding="utf-8")
    doc = _json(["check", "child's pose", "--person", str(person)], capsys)
    assert doc["level"] == "ok" and doc["modifiers"] == ["flexion-preference"]
    plan = _json(["adapt", "child's pose", "running", "--person", str(person), "-c", "sciatica"], capsys)
    assert plan["conditions"] == ["lumbar-disc-herniation", "sciatica"]


def test_person_errors_are_one_line_with_exit_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", "running", "-c", "arthritis"]) == 2
    err = capsys.readouterr().err
    assert "could mean more than one condition" in err and "Axial spondyloarthritis" in err and err[-1] == "\n"
    assert main(["check", "running", "--stage", "chronik"]) == 2
    assert "unknown stage 'chronik'; did you mean 'chronic'" in capsys.readouterr().err
    bad = tmp_path / "bad.json"
    bad.write_text('{"weeks_since_surgery": -2}', encoding="utf-8")
    assert main(["check", "running", "--person", str(bad)]) == 2
    assert capsys.readouterr().err.startswith("altex: weeks_since_surgery:")


@pytest.fixture(scope="module")
def api(kb: altex.KnowledgeBase) -> Iterator[Any]:
    pytest.importorskip("fastapi")
    pytest.importorskip("uvicorn")
    from .server_helpers import running_server

    with running_server(kb, max_body=256 * 1024) as client:
        yield client


def test_the_service_takes_a_person(api: Any, capsys: pytest.CaptureFixture[str]) -> None:
    body = {"exercise": "prone press-up", "conditions": ["sciatica"], "person": {"preference": "extension"}}
    reply = api.post("/v1/check", body)
    assert reply.status == 200
    assert reply.json == _json(["check", "prone press-up", "-c", "sciatica", "--preference", "extension"], capsys)
    subs = api.post("/v1/substitutes", {**body, "exercise": "running", "person": {"bone": "vertebral fracture"}})
    assert subs.status == 200 and subs.json["conditions"] == ["osteoporosis", "sciatica", "vertebral-fracture"]
    bad = api.post("/v1/check", {**body, "person": {"stage": "chronik"}})
    assert bad.status >= 400
