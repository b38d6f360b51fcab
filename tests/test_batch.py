"""Batch runs: the Dask recipe of docs/batch.md gives exactly what a plain loop gives, and a
knowledge base pickles small, without its graph, and answers the same after the trip."""

from __future__ import annotations

import importlib.util
import inspect
import pickle
from pathlib import Path
from types import ModuleType

import pytest

import altex
from altex.batch import adapt_user

from .conftest import TINY

ROOT = Path(__file__).resolve().parents[1]


def _recipe() -> ModuleType:
    pytest.importorskip("dask.bag", reason="the dask extra is not installed")
    spec = importlib.util.spec_from_file_location("batch_dask", ROOT / "examples" / "batch_dask.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_docs_show_the_recipe_that_is_tested() -> None:
    assert inspect.getsource(_recipe().adapt_all) in (ROOT / "docs" / "batch.md").read_text(encoding="utf-8")


def test_dask_on_local_processes_gives_what_a_loop_gives(kb: altex.KnowledgeBase) -> None:
    import dask

    recipe = _recipe()
    users = recipe.synthetic_users(kb, 300, seed=7)
    users.insert(5, {"id": "bad", "plan": ["no such exercise"]})
    with dask.config.set(scheduler="processes", num_workers=2):
        results = recipe.adapt_all(users, kb, partitions=4)
    assert results == [adapt_user(u, kb) for u in users]
    assert [r["id"] for r in results] == [u["id"] for u in users]
    assert "unknown exercise" in results[5]["error"]
    assert any(i["action"] == "replace" for r in results for i in r.get("items", ()))


def test_a_knowledge_base_of_ones_own_files_travels_too() -> None:
    import dask

    recipe = _recipe()
    tiny = altex.load(TINY, bundled=False)
    users = [{"id": i, "plan": ["jogging", "hopping"], "conditions": ["knee-thing"][: i % 2]} for i in range(20)]
    with dask.config.set(scheduler="processes", num_workers=2):
        results = recipe.adapt_all(users, tiny, partitions=3)
    assert results == [adapt_user(u, tiny) for u in users]
    assert results[1]["items"][0]["action"] == "replace"


def test_a_pickled_knowledge_base_answers_the_same_and_leaves_its_graph_behind(kb: altex.KnowledgeBase) -> None:
    assert kb.graph.number_of_nodes()  # built on first use: it must not travel with the pickle
    data = pickle.dumps(kb, protocol=pickle.HIGHEST_PROTOCOL)
    copy = pickle.loads(data)
    assert copy._graph is None and len(data) < 1_000_000
    for eid in list(kb.exercises)[::5]:
        for conditions in ([], ["sciatica"], ["spinal stenosis", "osteoporosis"]):
            assert copy.check(eid, conditions) == kb.check(eid, conditions)
            assert copy.substitutes(eid, conditions) == kb.substitutes(eid, conditions)
    assert copy.graph.number_of_edges() == kb.graph.number_of_edges()


def test_a_record_without_a_plan_is_answered_not_dropped(kb: altex.KnowledgeBase) -> None:
    assert adapt_user({"id": 3}, kb) == {"id": 3, "error": "a user record needs a 'plan'"}
