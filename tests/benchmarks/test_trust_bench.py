"""The cost of distrust: cache checks at start-up (target under 1 ms) and reading the largest plan file allowed.

Figures, not assertions. ``extra_info`` records the peak memory of a read (tracemalloc).
"""

from __future__ import annotations

import tracemalloc
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

import altex
from altex import _cache
from altex._cache import cached, fingerprint, read_cache
from altex._open import _bundled_data
from altex.cli import _read_plan

from ..test_files import largest_plan

pytestmark = pytest.mark.skipif(not _cache._CAN_CHECK, reason="the load cache is off where owners cannot be checked")


@pytest.fixture(scope="module")
def cache(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str, str]:
    """A cache folder holding the bundled knowledge base, as after a first run."""
    folder = tmp_path_factory.mktemp("bench") / "cache"
    key = fingerprint([_bundled_data()])
    name = f"kb-{key[:40]}.pickle"
    _cache._store(folder, name, key, altex.load())
    return folder, name, key


def test_cache_read_with_checks(benchmark: Any, cache: tuple[Path, str, str]) -> None:
    """Open the folder and the file, check owner, mode, type and header; return the payload."""
    payload = benchmark(read_cache, *cache)
    assert payload is not None


def test_cache_read_without_checks(benchmark: Any, cache: tuple[Path, str, str]) -> None:
    """The same bytes read plainly: the difference from the test above is the checks' cost."""
    folder, name, _ = cache
    assert benchmark((folder / name).read_bytes)


def test_cache_key(benchmark: Any) -> None:
    """The fingerprint every start computes (versions, altex's source, the data files)."""
    assert len(benchmark(fingerprint, [_bundled_data()])) == 64


def _peak(fn: Callable[[], object]) -> int:
    tracemalloc.start()
    try:
        fn()
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_read_the_largest_plan_file(benchmark: Any, tmp_path: Path) -> None:
    path = str(largest_plan(tmp_path))
    benchmark.extra_info["peak_bytes"] = _peak(lambda: _read_plan([path]))
    assert len(benchmark(_read_plan, [path])) == 1000


def test_adapt_the_largest_plan_file(benchmark: Any, tmp_path: Path, kb: altex.KnowledgeBase) -> None:
    plan = _read_plan([str(largest_plan(tmp_path))])
    benchmark.extra_info["peak_bytes"] = _peak(lambda: kb.adapt(plan, "sciatica"))
    result = benchmark.pedantic(kb.adapt, args=(plan, "sciatica"), rounds=5, warmup_rounds=1)
    assert len(result.items) == 1000


def test_load_from_a_checked_cache(
    benchmark: Any, cache: tuple[Path, str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Everything a start-up does with the cache: key, checks, unpickling."""
    monkeypatch.setenv("ALTEX_CACHE_DIR", str(cache[0]))

    def fail() -> altex.KnowledgeBase:
        raise AssertionError("the cache was not used")

    kb = benchmark.pedantic(cached, args=([_bundled_data()], fail, altex.KnowledgeBase), rounds=5, warmup_rounds=1)
    assert "running" in kb.exercises
