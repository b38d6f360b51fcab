"""Catalog speed, measured with pytest-benchmark (figures, not assertions).

Target (issue 7): judging the whole free-exercise-db catalog (873 exercises) for a set of
conditions within 100 ms after load.
"""

from __future__ import annotations

from typing import Any

import pytest

import altex
import altex.catalog as ac

from ..conftest import SHARED

FEDB = SHARED / "catalogs" / "free-exercise-db.json"
DESIGN = ["lumbar-disc-herniation", "facet-joint-syndrome", "lumbar-spinal-stenosis", "sciatica", "myofascial-pain"]

pytestmark = pytest.mark.skipif(not FEDB.is_file(), reason=f"test catalog not found at {FEDB} (see shared/catalogs)")


@pytest.fixture(scope="module")
def fedb(kb: altex.KnowledgeBase) -> ac.Catalog:
    return ac.load(FEDB, kb)


def test_judge_873_five_conditions_cold(benchmark: Any, fedb: ac.Catalog) -> None:
    # The knowledge base's verdict cache is cleared before each round, so every
    # matched record's verdict is gathered again from the precomputed rule index.
    verdicts = benchmark.pedantic(
        fedb.judge, args=(DESIGN,), setup=fedb.kb._verdict_cache.clear, rounds=30, warmup_rounds=2
    )
    assert len(verdicts) == 873


def test_judge_873_one_condition_warm(benchmark: Any, fedb: ac.Catalog) -> None:
    assert len(benchmark(fedb.judge, "sciatica")) == 873


def test_build_catalog_873(benchmark: Any, kb: altex.KnowledgeBase) -> None:
    catalog = benchmark.pedantic(ac.load, args=(FEDB, kb), rounds=5, warmup_rounds=1)
    assert len(catalog.records) == 873


def test_substitutes_in_catalog(benchmark: Any, fedb: ac.Catalog) -> None:
    fedb.substitutes("Barbell_Deadlift", DESIGN)
    assert benchmark(fedb.substitutes, "Barbell_Deadlift", DESIGN)


@pytest.fixture(scope="module")
def records_900() -> tuple[ac.CatalogRecord, ...]:
    """free-exercise-db and 27 more records (copies under new ids): a 900-record catalog."""
    base = ac.read_catalog(FEDB)
    extra = tuple(r.model_copy(update={"id": f"copy-{r.id}"}) for r in base[:27])
    return base + extra


def test_build_catalog_900(benchmark: Any, kb: altex.KnowledgeBase, records_900: tuple[ac.CatalogRecord, ...]) -> None:
    # Target: under 500 ms (every record profiled: matched, split, inferred).
    catalog = benchmark.pedantic(ac.Catalog, args=(records_900, kb), rounds=5, warmup_rounds=1)
    assert len(catalog.records) == 900


def test_judge_900_five_conditions(
    benchmark: Any, kb: altex.KnowledgeBase, records_900: tuple[ac.CatalogRecord, ...]
) -> None:
    # Target: under 100 ms after load. The first query words each (record, condition) reason once.
    catalog = ac.Catalog(records_900, kb)
    verdicts = benchmark.pedantic(catalog.judge, args=(DESIGN,), rounds=20, warmup_rounds=1)
    assert len(verdicts) == 900
