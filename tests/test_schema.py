"""The JSON Schema of the data files: current, shipped, and in agreement with the loader."""

from __future__ import annotations

import json
import tomllib
from importlib.resources import files
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from hypothesis import given

import altex
from altex._dump import toml_value
from altex._load import NOT_RECORDS
from altex._schema import SCHEMA_FILE, data_schema, schema_text, shipped_schema_text
from altex.cli import main
from altex.strategies import data_files

ROOT = Path(__file__).resolve().parents[1]
# data/progression.toml holds the progression rules, not knowledge-base records (docs/progression.md).
DATA_FILES = sorted(
    p for p in (ROOT / "data").rglob("*.toml") if p.relative_to(ROOT / "data").as_posix() not in NOT_RECORDS
) + sorted((ROOT / "tests" / "data").glob("*.toml"))
VALIDATOR = jsonschema.Draft202012Validator(data_schema())


def test_shipped_schema_is_current() -> None:
    assert shipped_schema_text() == schema_text(), (
        f"src/altex/{SCHEMA_FILE} is stale: regenerate it with `altex schema -o src/altex/{SCHEMA_FILE}`"
    )


def test_schema_is_a_valid_draft_2020_12_schema() -> None:
    jsonschema.Draft202012Validator.check_schema(json.loads(shipped_schema_text()))


def test_schema_ships_inside_the_package() -> None:
    assert (files("altex") / SCHEMA_FILE).is_file()


@pytest.mark.parametrize("path", DATA_FILES, ids=lambda p: str(p.relative_to(ROOT)))
def test_every_bundled_data_file_validates(path: Path) -> None:
    doc = tomllib.loads(path.read_text(encoding="utf-8"))
    errors = [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in VALIDATOR.iter_errors(doc)]
    assert not errors, errors[:5]


_EXERCISE = {"id": "walk", "name": "Walk", "category": "cardio", "profile": {"impact": "low"}}


@pytest.mark.parametrize(
    "doc",
    [
        {"exercise": [{**_EXERCISE, "impact": "hi"}]},  # not an enum value
        {"exercise": [{**_EXERCISE, "impact": 3}]},  # wrong type
        {"exercise": [{**_EXERCISE, "id": "Not An Id"}]},  # not kebab-case
        {"exercise": [{**_EXERCISE, "colour": "red"}]},  # unknown field
        {"exercise": [{k: v for k, v in _EXERCISE.items() if k != "category"}]},  # missing field
        {"exercise": [{**_EXERCISE, "replace": "yes"}]},  # replace is a boolean
        {"exercises": [_EXERCISE]},  # unknown table
        {"exercise": _EXERCISE},  # a table, not an array of tables
    ],
)
def test_schema_and_loader_both_reject(doc: dict[str, Any]) -> None:
    assert not VALIDATOR.is_valid(doc)
    text = "\n".join(f"[[{k}]]\n{_toml_table(t)}" for k, ts in doc.items() for t in _tables(ts))
    if isinstance(doc.get("exercise"), dict):
        text = f"[exercise]\n{_toml_table(doc['exercise'])}"
    with pytest.raises(altex.DataError) as err:
        altex.loads(text)
    assert err.value.field, f"rejected for another reason: {err.value}"  # not a TOML syntax error


def test_replace_is_allowed_on_every_record() -> None:
    assert VALIDATOR.is_valid({"exercise": [{**_EXERCISE, "replace": True}]})


def _tables(value: object) -> list[dict[str, Any]]:
    return value if isinstance(value, list) else [value]  # type: ignore[return-value]


def _toml_table(table: dict[str, Any]) -> str:
    return "\n".join(f"{k} = {toml_value(v)}" for k, v in table.items())


@given(data_files())
def test_everything_the_loader_accepts_the_schema_accepts(text: str) -> None:
    """The schema is never stricter than the loader, so an editor never flags a good file."""
    errors = [e.message for e in VALIDATOR.iter_errors(tomllib.loads(text))]
    assert not errors, errors[:3]


def test_cli_writes_the_schema(tmp_path: Path) -> None:
    out = tmp_path / "altex.schema.json"
    assert main(["schema", "-o", str(out)]) == 0
    assert out.read_text(encoding="utf-8") == schema_text()
