"""Speed, measured with pytest-benchmark (figures, not assertions).

Targets (see README): warm check within 10x of a plain dict lookup of a
precomputed answer; first check <= 50 us; substitutes <= 300 us; adapt of a
20-item plan <= 5 ms; import + load (load cache warm) <= 1.5x a bare
``import networkx; from pydantic import BaseModel``.
"""

from __future__ import annotations

import subprocess
import sys
from typing import Any

import altex

CONDITIONS = ["lumbar disc herniation", "sciatica"]
PLAN = [
    "running", "back squat", "deadlift", "plank", "russian twist", "hamstring stretch", "walking",
    "swimming", "tennis", "superman", "bird dog", "cobra pose", "leg press", "burpee", "yoga",
    "stationary bike", "sit-up", "glute bridge", "jump rope", "good morning",
]  # fmt: skip


def _clear(kb: altex.KnowledgeBase) -> None:
    # Query caches only; the precomputed rule index stays, as after load().
    kb._check_cache.clear()
    kb._verdict_cache.clear()
    kb._subs_cache.clear()


def test_dict_lookup_baseline(benchmark: Any, kb: altex.KnowledgeBase) -> None:
    answers = {("running", ("lumbar disc herniation", "sciatica")): kb.check("running", CONDITIONS)}
    key = ("running", ("lumbar disc herniation", "sciatica"))
    benchmark(answers.__getitem__, key)


def test_check_warm(benchmark: Any, kb: altex.KnowledgeBase) -> None:
    kb.check("running", CONDITIONS)
    result = benchmark(kb.check, "running", CONDITIONS)
    assert result.exercise.id == "running"


def test_check_cold(benchmark: Any, kb: altex.KnowledgeBase) -> None:
    result = benchmark.pedantic(
        kb.check, args=("running", CONDITIONS), setup=lambda: _clear(kb), rounds=300, warmup_rounds=5
    )
    assert result.exercise.id == "running"


def test_substitutes_cold(benchmark: Any, kb: altex.KnowledgeBase) -> None:
    result = benchmark.pedantic(
        kb.substitutes, args=("running", CONDITIONS), setup=lambda: _clear(kb), rounds=200, warmup_rounds=5
    )
    assert result


def test_substitutes_warm(benchmark: Any, kb: altex.KnowledgeBase) -> None:
    kb.substitutes("running", CONDITIONS)
    assert benchmark(kb.substitutes, "running", CONDITIONS)


def test_adapt_20_cold(benchmark: Any, kb: altex.KnowledgeBase) -> None:
    plan = benchmark.pedantic(kb.adapt, args=(PLAN, CONDITIONS), setup=lambda: _clear(kb), rounds=50)
    assert len(plan.items) == 20


def test_adapt_20_warm(benchmark: Any, kb: altex.KnowledgeBase) -> None:
    kb.adapt(PLAN, CONDITIONS)
    assert len(benchmark(kb.adapt, PLAN, CONDITIONS).items) == 20


def _python(code: str) -> None:
    subprocess.run([sys.executable, "-c", code], check=True)


def test_bare_import_networkx_pydantic(benchmark: Any) -> None:
    benchmark.pedantic(_python, args=("import networkx, pydantic",), rounds=5, warmup_rounds=1)


def test_bare_import_networkx_and_basemodel(benchmark: Any) -> None:
    # The start-up target's baseline: import + load (cache warm) within 1.5x of this.
    benchmark.pedantic(_python, args=("import networkx; from pydantic import BaseModel",), rounds=5, warmup_rounds=1)


def test_bare_import_with_one_pydantic_model(benchmark: Any) -> None:
    # pydantic imports its model machinery lazily, on the first BaseModel subclass;
    # any library with pydantic models pays this, so it is the fairer baseline.
    code = "import networkx, pydantic\nclass M(pydantic.BaseModel):\n    x: int"
    benchmark.pedantic(_python, args=(code,), rounds=5, warmup_rounds=1)


def test_import_and_load_without_cache(benchmark: Any) -> None:
    code = "import os; os.environ['ALTEX_CACHE_DIR'] = ''; import altex; altex.load()"
    benchmark.pedantic(_python, args=(code,), rounds=3, warmup_rounds=1)


def test_import_and_load(benchmark: Any) -> None:
    benchmark.pedantic(_python, args=("import altex; altex.load()",), rounds=5, warmup_rounds=1)
