"""Loader robustness (docs/invariants.md): malformed or hostile data only ever raises DataError,
naming the file, the record and the field; never another exception, never a hang."""

from __future__ import annotations

import tempfile
import tomllib
from pathlib import Path
from typing import Any, NamedTuple

import pytest
from hypothesis import given
from hypothesis import strategies as st

import altex
from altex import DataError, DataProblem, KnowledgeBase
from altex._dump import toml_document
from altex._load import TABLES
from altex.strategies import data_files

pytestmark = pytest.mark.property

SMALL = {"max_exercises": 3, "max_conditions": 2, "max_mechanisms": 2, "max_rules": 1, "max_triage": 2}
# Huge and deep values go in as markers, expanded only in the test, so that a failing
# example prints as a small file rather than megabytes.
MARKER = "@@expand@@"

# Fields whose values name other records, and what they name.
REFERENCES = {"mechanism", "exercise", "condition", "loads", "when", "sources", "symptoms_any"}


def _references(value: Any, path: str) -> list[str]:
    """The field paths (as DataError names them: ``substitutes[0].exercise``) of every reference in *value*."""
    found: list[str] = []
    if isinstance(value, dict):
        for key, inner in value.items():
            sub = f"{path}.{key}" if path else key
            if key in REFERENCES and isinstance(inner, str):
                found.append(sub)
            elif key in REFERENCES and isinstance(inner, list):
                found += [f"{sub}[{i}]" for i in range(len(inner))]
            else:
                found += _references(inner, sub)
    elif isinstance(value, list):
        for i, inner in enumerate(value):
            found += _references(inner, f"{path}[{i}]")
    return found


def _set(record: dict[str, Any], path: str, value: Any) -> None:
    """Set the value at a field path such as ``substitutes[0].exercise``."""
    parts = path.replace("[", ".[").split(".")
    target: Any = record
    for part in parts[:-1]:
        target = target[int(part[1:-1])] if part.startswith("[") else target[part]
    last = parts[-1]
    if last.startswith("["):
        target[int(last[1:-1])] = value
    else:
        target[last] = value


def _wrong_type(value: Any) -> Any:
    """A value no field of that kind accepts: a table where a value goes, a number where a list goes..."""
    if isinstance(value, list):
        return 7
    if isinstance(value, str):
        return [1, 2]
    if isinstance(value, bool):
        return "maybe"
    if isinstance(value, int | float):
        return "many"
    return {"bogus": 1}


class Broken(NamedTuple):
    """A data file with one thing wrong, and the record and field its DataError must name."""

    text: str
    record: str
    field: str
    expand: str = ""  # the marker stands for "x" * times, or for "[|1|]": "[" * times + "1" + "]" * times

    times: int = 0

    def full_text(self) -> str:
        if not self.expand:
            return self.text
        if "|" in self.expand:
            opening, middle, closing = self.expand.split("|")
            value = opening * self.times + middle + closing * self.times
        else:
            value = '"' + self.expand * self.times + '"'
        return self.text.replace(f'"{MARKER}"', value)


@st.composite
def broken_files(draw: st.DrawFn) -> Broken:
    """A data file with one thing wrong, and the record and field its DataError must name."""
    doc: dict[str, list[dict[str, Any]]] = tomllib.loads(draw(data_files(**SMALL)))
    kind = draw(st.sampled_from(sorted(doc)), label="kind")
    index = draw(st.integers(0, len(doc[kind]) - 1), label="index")
    record = doc[kind][index]
    name = f"{kind}.{record['id']}"
    required = [f for f, info in TABLES[kind].model_fields.items() if info.is_required() and f != "id"]
    refs = _references(record, "")
    how = draw(st.sampled_from(["wrong type", "table", "missing", "unknown field", "huge", "deep", "reference"]))
    field = draw(st.sampled_from(sorted(record)), label="field")
    if how == "reference" and refs:
        field = draw(st.sampled_from(refs), label="reference")
        _set(record, field, "no-such-record")
    elif how == "missing" and required:
        field = draw(st.sampled_from(required), label="required field")
        del record[field]
    elif how == "unknown field":
        field = "bogus_field"
        record[field] = draw(st.integers() | st.text(max_size=5) | st.lists(st.booleans(), max_size=2))
    elif how == "huge":
        field = draw(st.sampled_from(sorted(k for k, v in record.items() if isinstance(v, str) and k != "id")))
        record[field] = MARKER
    elif how == "deep":
        record[field] = MARKER
    elif how == "table":
        record[field] = {"bogus": {"deeper": [1, "two"]}}
    else:
        record[field] = _wrong_type(record[field])
    if field == "id":
        name = f"{kind} #{index + 1}"
    text = toml_document(doc)
    if how == "huge":
        return Broken(text, name, field, "x", draw(st.sampled_from([5_000, 300_000, 3_000_000])))
    if how == "deep":
        nesting = draw(st.sampled_from(["[|1|]", "{ a = |1| }"]))
        return Broken(text, name, field, nesting, draw(st.sampled_from([3, 40, 400, 4_000, 40_000])))
    return Broken(text, name, field)


def _only_data_errors(text: str) -> DataError | KnowledgeBase:
    try:
        return altex.loads(text)
    except DataError as exc:
        err = exc
    assert err.errors and all(p.file == "<text 1>" for p in err.errors)
    assert len(str(err)) < 20_000  # a huge value is never echoed back
    return err


@given(case=broken_files())
def test_broken_data_raises_data_error_naming_file_record_and_field(case: Broken) -> None:
    record, field = case.record, case.field
    err = _only_data_errors(case.full_text())
    assert isinstance(err, DataError)
    if "TOML nested too deeply" in str(err) or "TOML syntax error" in str(err):
        return  # too deep to parse: the file itself is the problem
    assert any(
        p.record == record and (p.field == field or p.field.startswith((f"{field}.", f"{field}["))) for p in err.errors
    ), str(err)


@given(text=data_files(**SMALL), cut=st.integers(0, 10_000))
def test_a_truncated_file_loads_or_raises_data_error(text: str, cut: int) -> None:
    _only_data_errors(text[:cut])


@given(text=st.text(max_size=300))
def test_any_text_loads_or_raises_data_error(text: str) -> None:
    _only_data_errors(text)


@given(raw=st.binary(max_size=300))
def test_any_bytes_load_or_raise_data_error(raw: bytes) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "x.toml"
        path.write_bytes(raw)
        problems: tuple[DataProblem, ...] = ()
        try:
            altex.load(path, bundled=False)
        except DataError as err:
            problems = err.errors
        assert all(p.file == str(path) for p in problems)


@given(text=data_files(**SMALL, min_exercises=2), data=st.data())
def test_substitute_cycles_load_and_every_query_ends(text: str, data: st.DataObject) -> None:
    doc = tomllib.loads(text)
    exercises = doc["exercise"]
    ring = data.draw(st.permutations(range(len(exercises))), label="ring")
    for i, j in zip(ring, ring[1:] + ring[:1], strict=True):
        exercises[i]["substitutes"] = [
            {"exercise": exercises[j]["id"], "why": "Next in the ring.", "sources": ["src-a"]}
        ]
    kb = altex.loads(toml_document(doc))
    for e in kb.exercises:
        assert e not in {s.exercise.id for s in kb.substitutes(e, list(kb.conditions), limit=1000)}
        kb.adapt([e], list(kb.conditions))


def test_a_file_repeating_one_entry_60_000_times_fails_fast() -> None:
    # 60,000 copies of one aggravation: each is checked once, not once per copy.
    entry = '{ mechanism = "m", level = "avoid", sources = ["s"] },\n'
    text = (
        '[[source]]\nid = "s"\ntitle = "S"\nkind = "article"\ncitation = "S."\n'
        '[[mechanism]]\nid = "m"\nname = "M"\ndescription = "M."\n'
        '[[condition]]\nid = "c"\nname = "C"\ndescription = "C."\naggravated_by = [\n' + entry * 60_000 + "]\n"
    )
    with pytest.raises(DataError, match="listed more than once") as info:
        altex.loads(text)
    assert (info.value.record, info.value.field) == ("condition.c", "aggravated_by")


HUGE_KEY = "k" * 1_000_000
EXERCISE = '[[exercise]]\nid = "a"\nname = "A"\ncategory = "core"\n'


@pytest.mark.parametrize(
    ("text", "record"),
    [
        (f"{EXERCISE}{HUGE_KEY} = 1\n", "exercise.a"),  # an unknown field
        (f"[[{HUGE_KEY}]]\nid = 'a'\n", ""),  # an unknown table
        (f"{HUGE_KEY} = 1\n", ""),  # a stray top-level key
    ],
)
def test_a_megabyte_key_is_named_but_not_echoed_back(text: str, record: str) -> None:
    with pytest.raises(DataError) as info:
        altex.loads(text)
    err = info.value
    assert (err.file, err.record) == ("<text 1>", record)
    assert err.field == HUGE_KEY[:57] + "..."
    assert len(str(err)) < 1_000
