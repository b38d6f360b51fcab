"""altex catalog check|map: text for people, --json for machines, exit 2 and one line on errors."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from altex.cli import main

from .conftest import TINY
from .test_catalog import TINY_CATALOG, TINY_INFERENCE


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main([*args, "--data", str(TINY), "--data", str(TINY_INFERENCE), "--no-bundled"])
    out, err = capsys.readouterr()
    return code, out, err


def test_check_json_lists_every_record(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "catalog", "check", str(TINY_CATALOG), "-c", "bad knee", "--json")
    assert (code, err) == (0, "")
    doc = json.loads(out)
    assert doc["conditions"] == ["knee-thing"]
    assert doc["mapping"] == {"matched": 5, "inferred": 3, "unknown": 3}
    assert sum(doc["counts"].values()) == len(doc["exercises"]) == 11
    box = next(e for e in doc["exercises"] if e["id"] == "box")
    assert (box["level"], box["method"], box["loads"]) == ("avoid", "inferred", ["impact"])
    assert box["reasons"][0]["path"] == ["jumps", "impact", "knee-thing"]


def test_check_text_groups_worst_first(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "catalog", "check", str(TINY_CATALOG), "-c", "knee thing")
    assert code == 0
    assert out.splitlines()[0].endswith("for Knee thing: 5 avoid, 3 caution, 3 ok (5 matched, 3 inferred, 3 unknown)")
    assert out.index("AVOID (5)") < out.index("CAUTION (3)") < out.index("OK (3)")
    assert "Box Jump [box]: inferred (0.80): impact" in out


@pytest.mark.parametrize("suffix", [".csv", ".json"])
def test_map_writes_the_id_mapping(capsys: pytest.CaptureFixture[str], tmp_path: Path, suffix: str) -> None:
    target = tmp_path / f"map{suffix}"
    code, out, _ = run(capsys, "catalog", "map", str(TINY_CATALOG), "-o", str(target))
    assert code == 0 and out.startswith(f"wrote 11 mappings to {target}")
    text = target.read_text()
    rows = list(csv.DictReader(text.splitlines())) if suffix == ".csv" else json.loads(text)
    assert rows[0]["catalog_id"] == "jog" and rows[0]["altex_id"] == "jogging" and rows[0]["method"] == "matched"
    code, out, _ = run(capsys, "catalog", "check", str(TINY_CATALOG), "--pinned", str(target), "--json")
    assert code == 0 and all(e["pinned"] for e in json.loads(out)["exercises"])


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["catalog", "check", "no-such.json"], "altex: no-such.json: cannot read"),
        (["catalog", "check", str(TINY_CATALOG), "-c", "bad kne"], "did you mean 'bad knee'"),
        (["catalog", "map", str(TINY_CATALOG), "-o", "/no/such/dir/map.csv"], "cannot write"),
    ],
)
def test_errors_exit_2_with_one_line(capsys: pytest.CaptureFixture[str], args: list[str], message: str) -> None:
    code, out, err = run(capsys, *args)
    assert (code, out) == (2, "")
    assert message in err and len(err.strip().splitlines()) == 1
