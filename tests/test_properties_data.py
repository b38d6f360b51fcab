"""Data invariants (docs/invariants.md): overlays, the TOML round trip, and a loader that only ever
raises DataError naming file, record and field, whatever it is given."""

from __future__ import annotations

import copy
import tempfile
import tomllib
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

import altex
from altex import DataError, KnowledgeBase
from altex._dump import toml_document
from altex._load import TABLES
from altex.strategies import data_files, knowledge_bases

pytestmark = pytest.mark.property

Tables = dict[str, list[dict[str, Any]]]

# Smaller files keep the many examples below quick; the shapes are the same.
SMALL = {"max_exercises": 3, "max_conditions": 2, "max_mechanisms": 2, "max_rules": 1, "max_triage": 2}


def _split(doc: Tables, sides: list[bool]) -> tuple[Tables, Tables]:
    """Deal the records of *doc* into two files; ``sides`` says which record goes where."""
    a: Tables = {}
    b: Tables = {}
    flat = [(kind, record) for kind, records in doc.items() for record in records]
    for (kind, record), first in zip(flat, sides + [True] * len(flat), strict=False):
        (a if first else b).setdefault(kind, []).append(record)
    return a, b


def _write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


# -- round trip ----------------------------------------------------------------------------------


@given(kb=knowledge_bases())
def test_a_random_knowledge_base_writes_back_to_an_equal_one(kb: KnowledgeBase) -> None:
    text = kb.to_toml()
    again = altex.loads(text)
    assert again == kb and hash(again) == hash(kb)
    assert again.to_toml() == text


def test_the_bundled_knowledge_base_writes_back_to_an_equal_one(kb: KnowledgeBase, tmp_path: Path) -> None:
    path = tmp_path / "kb.toml"
    altex.dump(kb, path)
    again = altex.load(path, bundled=False)
    assert again == kb
    assert again.to_toml() == path.read_text(encoding="utf-8")
    assert again.check("hamstring stretch", "sciatica") == kb.check("hamstring stretch", "sciatica")


# -- overlays ------------------------------------------------------------------------------------


@given(text=data_files(), sides=st.lists(st.booleans()))
def test_an_overlay_keeps_every_record_of_both_files_in_either_order(text: str, sides: list[bool]) -> None:
    whole = altex.loads(text)
    a, b = _split(tomllib.loads(text), sides)
    ab = altex.loads(toml_document(a), toml_document(b))
    assert ab == whole == altex.loads(toml_document(b), toml_document(a))
    for kind, records in b.items():
        for record in records:
            assert ab.origin(record["id"]) == "<text 2>", kind
    with tempfile.TemporaryDirectory() as tmp:
        files = [_write(Path(tmp), "a.toml", toml_document(a)), _write(Path(tmp), "b.toml", toml_document(b))]
        assert altex.load(*files, bundled=False) == whole == altex.load(*reversed(files), bundled=False)
        assert altex.load(tmp, bundled=False) == whole


@st.composite
def _clash(draw: st.DrawFn) -> tuple[Tables, str, dict[str, Any]]:
    """A valid document, and a changed copy of one of its records (same id, still valid)."""
    doc: Tables = tomllib.loads(draw(data_files(**SMALL)))
    kind = draw(st.sampled_from(sorted(doc)))
    record = copy.deepcopy(draw(st.sampled_from(doc[kind])))
    changes = {
        "source": {"title": "A second edition"},
        "mechanism": {"description": "Described again."},
        "condition": {"description": "Described again.", "aggravated_by": [], "relieved_by": [], "adjust": []},
        "exercise": {"description": "Described again.", "substitutes": [], "loads": []},
        "rule": {"level": "caution" if record.get("level") == "avoid" else "avoid"},
        "symptom": {"description": "Described again."},
        "triage": {"advice": "Other advice."},
        "modifier": {"description": "Described again."},
    }
    return doc, kind, {**record, **changes[kind]}


@given(case=_clash())
def test_a_clash_without_replace_names_both_places(case: tuple[Tables, str, dict[str, Any]]) -> None:
    doc, kind, changed = case
    with pytest.raises(DataError) as info:
        altex.loads(toml_document(doc), toml_document({kind: [changed]}))
    name = f"{kind}.{changed['id']}"
    clash = [p for p in info.value.errors if (p.file, p.record, p.field) == ("<text 2>", name, "id")]
    assert clash and f"<text 1> [{name}]" in clash[0].message and "replace = true" in clash[0].message


@given(case=_clash())
def test_a_replace_replaces_exactly_that_record(case: tuple[Tables, str, dict[str, Any]]) -> None:
    doc, kind, changed = case
    base = altex.loads(toml_document(doc))
    kb = altex.loads(toml_document(doc), toml_document({kind: [{**changed, "replace": True}]}))
    rid = changed["id"]
    assert kb.to_toml() != base.to_toml()
    pools = ("sources", "mechanisms", "conditions", "exercises", "rules", "symptoms", "triage_rules", "modifiers")
    for pool in pools:
        before, after = getattr(base, pool), getattr(kb, pool)
        assert set(before) == set(after)
        assert {k: v for k, v in before.items() if k != rid} == {k: v for k, v in after.items() if k != rid}
    model = TABLES[kind].model_validate(changed)
    assert any(getattr(kb, pool).get(rid) == model for pool in pools)
    assert kb.origin(rid) == "<text 2>"
