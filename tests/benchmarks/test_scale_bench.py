"""Scale: load, check and substitutes on synthetic knowledge bases (figures, not assertions).

``pytest tests/benchmarks/test_scale_bench.py --scale-sizes=100,10000,100000`` measures larger
ones (the default, 100 and 1,000 exercises, keeps CI quick); ``python -m tests.benchmarks.scale``
prints the same figures as a table, each size in a fresh process for its peak memory.
"""

from __future__ import annotations

import itertools
from pathlib import Path
from typing import Any

import pytest

import altex

from . import synthetic

CONDITIONS = ["condition-00", "condition-01"]


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    if "size" in metafunc.fixturenames:
        sizes = [int(s) for s in str(metafunc.config.getoption("--scale-sizes")).split(",")]
        metafunc.parametrize("size", sizes, scope="module")


@pytest.fixture(scope="module")
def folder(size: int, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return synthetic.write(tmp_path_factory.mktemp(f"scale-{size}"), size)


@pytest.fixture(scope="module")
def big(folder: Path) -> altex.KnowledgeBase:
    return altex.load(folder, bundled=False)


def test_load(benchmark: Any, folder: Path, size: int) -> None:
    kb = benchmark.pedantic(altex.load, args=(folder,), kwargs={"bundled": False}, rounds=1, iterations=1)
    assert len(kb.exercises) == size


def test_check_warm(benchmark: Any, big: altex.KnowledgeBase) -> None:
    eid = next(iter(big.exercises))
    big.check(eid, CONDITIONS)
    assert benchmark(big.check, eid, CONDITIONS).exercise.id == eid


def test_substitutes_first_call(benchmark: Any, big: altex.KnowledgeBase) -> None:
    # Each round asks for another exercise, with nothing cached for it: a first call.
    ids = itertools.cycle(sorted(big.exercises)[::7])

    def setup() -> tuple[tuple[str, list[str]], dict[str, object]]:
        big._subs_cache.clear()
        big._verdict_cache.clear()
        return (next(ids), CONDITIONS), {}

    benchmark.pedantic(big.substitutes, setup=setup, rounds=100)


def test_substitutes_warm(benchmark: Any, big: altex.KnowledgeBase) -> None:
    eid = next(iter(big.exercises))
    big.substitutes(eid, CONDITIONS)
    assert benchmark(big.substitutes, eid, CONDITIONS) == big.substitutes(eid, CONDITIONS)
