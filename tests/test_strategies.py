"""altex.strategies (for apps' own property tests), altex.loads and the TOML writer."""

from __future__ import annotations

import importlib
import sys
import tomllib

import pytest
from hypothesis import find, given, settings
from hypothesis import strategies as st

import altex
from altex import InvalidInputError, KnowledgeBase, Level, PainReport, PlanEntry
from altex._dump import toml_document, toml_value
from altex._profiles import demands
from altex.strategies import (
    condition_names,
    condition_sets,
    data_files,
    exercise_names,
    knowledge_bases,
    pain_reports,
    plans,
)

from .conftest import TINY


def test_without_hypothesis_the_import_error_names_the_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "hypothesis", None)
    monkeypatch.setitem(sys.modules, "hypothesis.strategies", None)
    monkeypatch.delitem(sys.modules, "altex.strategies")
    with pytest.raises(ImportError, match=r"pip install 'altex\[test\]'"):
        importlib.import_module("altex.strategies")


def test_altex_never_imports_hypothesis_itself() -> None:
    import subprocess

    code = "import altex, sys; altex.load(); print('hypothesis' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


@pytest.mark.property
@given(kb=knowledge_bases(min_exercises=2, max_exercises=3, max_conditions=1, max_triage=1))
def test_bounds_are_kept(kb: KnowledgeBase) -> None:
    assert 2 <= len(kb.exercises) <= 3
    assert len(kb.conditions) == 1
    assert len(kb.rules) == 0  # a combination rule needs two conditions
    assert len(kb.triage_rules) == 1


@pytest.mark.parametrize(
    ("bounds", "field"),
    [
        ({"max_exercise": 3}, "max_exercise"),
        ({"max_rules": -1}, "max_rules"),
        ({"min_conditions": 5}, "min_conditions"),
    ],
)
def test_bad_bounds_are_refused(bounds: dict[str, int], field: str) -> None:
    with pytest.raises(InvalidInputError) as info:
        data_files(**bounds)
    assert info.value.field == field


@pytest.mark.property
def test_examples_shrink_to_a_small_readable_knowledge_base() -> None:
    def has_an_avoid(kb: KnowledgeBase) -> bool:
        return any(kb.check(e, list(kb.conditions)).level is Level.AVOID for e in kb.exercises)

    kb = find(knowledge_bases(), has_an_avoid, settings=settings(database=None, derandomize=True))
    assert (len(kb.sources), len(kb.conditions), len(kb.exercises)) == (1, 1, 1)
    assert (len(kb.mechanisms), len(kb.rules), len(kb.symptoms), len(kb.triage_rules)) == (0, 0, 0, 1)
    shown = repr(kb)
    assert shown.startswith("altex.loads(r'''\n[[source]]") and 'level = "avoid"' in shown
    assert len(shown.splitlines()) < 30
    assert eval(shown) == kb


@pytest.mark.property
@given(data=st.data())
def test_names_sets_and_plans_resolve_in_the_knowledge_base(data: st.DataObject) -> None:
    kb = data.draw(knowledge_bases())
    eid = data.draw(st.sampled_from(sorted(kb.exercises)))
    assert kb.exercise(data.draw(exercise_names(kb, eid))).id == eid
    cid = data.draw(st.sampled_from(sorted(kb.conditions)))
    assert kb.condition(data.draw(condition_names(kb, cid))).id == cid
    conditions = data.draw(condition_sets(kb, max_size=2))
    assert len(conditions) <= 2 and kb.condition_ids(conditions) <= set(kb.conditions)
    plan = data.draw(plans(kb, max_size=4))
    assert len(plan) <= 4 and all(isinstance(item, str | PlanEntry) for item in plan)
    assert len(kb.adapt(plan).items) == len(plan)
    report = data.draw(pain_reports(kb))
    assert isinstance(report, PainReport) and kb.assess(report)


@pytest.mark.property
@given(text=data_files(max_exercises=2))
def test_data_files_load_without_the_bundled_data(text: str) -> None:
    kb = altex.loads(text)
    assert 1 <= len(kb.exercises) <= 2
    assert {r.id for r in kb.exercises.values()} <= {"plank", "bird-dog"}


# -- loads and the writer ----------------------------------------------------------------------


def test_loads_names_each_text_in_its_errors() -> None:
    good = TINY.read_text(encoding="utf-8")
    with pytest.raises(altex.DataError) as info:
        altex.loads(good, '[[exercise]]\nid = "hopping"\nname = "Hop"\ncategory = "cardio"\n')
    assert (info.value.file, info.value.record, info.value.field) == ("<text 2>", "exercise.hopping", "id")
    assert "<text 1> [exercise.hopping]" in str(info.value)


def test_loads_equals_load_and_can_merge_over_the_bundled_data(tiny: KnowledgeBase, kb: KnowledgeBase) -> None:
    assert altex.loads(TINY.read_text(encoding="utf-8")) == tiny
    rated = ", ".join(f'{d} = "none"' for d in demands(kb.mechanisms))
    extra = f'[[exercise]]\nid = "moon-walk"\nname = "Moon walk"\ncategory = "daily"\nprofile = {{ {rated} }}\n'
    merged = altex.loads(extra, bundled=True)
    assert set(merged.exercises) == {*kb.exercises, "moon-walk"}
    assert merged.origin("moon-walk") == "<text 1>"


@pytest.mark.parametrize("bad", [b"[[exercise]]", None, 3])
def test_loads_wants_text(bad: object) -> None:
    with pytest.raises(InvalidInputError, match="texts"):
        altex.loads(bad)  # type: ignore[arg-type]


def test_knowledge_bases_compare_by_records(tiny: KnowledgeBase, kb: KnowledgeBase) -> None:
    assert tiny != kb and tiny == altex.load(TINY, bundled=False) and tiny != "tiny"
    assert len({tiny, altex.load(TINY, bundled=False)}) == 1


@pytest.mark.property
@given(value=st.recursive(
    st.text() | st.booleans() | st.integers() | st.floats(allow_nan=False),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(), inner, max_size=3),
    max_leaves=10,
))  # fmt: skip
def test_any_value_written_as_toml_reads_back_the_same(value: object) -> None:
    assert tomllib.loads(toml_document({"t": [{"v": value}]})) == {"t": [{"v": value}]}
    assert isinstance(toml_value(value), str)
