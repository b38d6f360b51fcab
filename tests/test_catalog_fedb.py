"""The real test catalog: all 873 free-exercise-db exercises judged against the bundled knowledge base.

The catalog is read from ../shared/catalogs/free-exercise-db.json beside the project (never
copied into it); the tests are skipped, saying so, when it is absent. The labelled sample
tests/cases/catalog-labels.toml was built from the clinical reference, not from altex's output.
"""

from __future__ import annotations

import itertools
import tomllib
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

import altex
import altex.catalog as ac
from altex import Level
from altex.catalog import Catalog, MappingMethod

from .conftest import HERE, SHARED

FEDB = SHARED / "catalogs" / "free-exercise-db.json"
LABELS = HERE / "cases" / "catalog-labels.toml"
DESIGN = ["lumbar-disc-herniation", "facet-joint-syndrome", "lumbar-spinal-stenosis", "sciatica", "myofascial-pain"]

pytestmark = pytest.mark.skipif(not FEDB.is_file(), reason=f"test catalog not found at {FEDB} (see shared/catalogs)")


@pytest.fixture(scope="module")
def fedb(kb: altex.KnowledgeBase) -> Catalog:
    return ac.load(FEDB, kb)


@pytest.fixture(scope="module")
def labels() -> list[dict[str, Any]]:
    records: list[dict[str, Any]] = tomllib.loads(LABELS.read_text(encoding="utf-8"))["catalog_record"]
    return records


def _share(n: int, total: int) -> str:
    return f"{n} ({100 * n / total:.0f}%)"


def _report(capsys: pytest.CaptureFixture[str], text: str) -> None:
    """Show the figures in the test run's output, not only on failure."""
    with capsys.disabled():
        print(text)


def test_all_873_records_are_mapped_and_judged(fedb: Catalog, capsys: pytest.CaptureFixture[str]) -> None:
    assert len(fedb.records) == 873
    counts = fedb.counts()
    total = sum(counts.values())
    lines = [
        "",
        "free-exercise-db mapping: " + ", ".join(f"{m.value} {_share(counts[m], total)}" for m in MappingMethod),
    ]
    for condition in DESIGN:
        verdicts = fedb.judge(condition)
        assert len(verdicts) == 873
        levels = Counter(v.level for v in verdicts)
        lines.append(f"  {condition:24} " + ", ".join(f"{lv.value} {_share(levels[lv], total)}" for lv in Level))
    _report(capsys, "\n".join(lines))
    partial = sum(
        1 for m in fedb.mappings.values() if m.method is not MappingMethod.UNKNOWN and m.profile and m.profile.unknown
    )
    lines.append(
        f"  records with some demand not ruled out (judged at its most careful level): {_share(partial, total)}"
    )
    _report(capsys, lines[-1])
    # Nearly all of the catalog gets a profile one way or the other.
    assert counts[MappingMethod.UNKNOWN] <= 0.05 * total
    assert counts[MappingMethod.MATCHED] > 0.3 * total


def test_unknown_is_never_ok_and_levels_are_the_worst_reason(fedb: Catalog) -> None:
    for conditions in ([], DESIGN, *([c] for c in DESIGN)):
        for v in fedb.judge(conditions):
            if v.mapping.method is MappingMethod.UNKNOWN:
                assert v.level >= Level.CAUTION and v.reasons
            assert v.level == max((r.level for r in v.reasons), default=Level.OK)


def test_every_reason_path_runs_through_the_graph(fedb: Catalog, kb: altex.KnowledgeBase) -> None:
    g = kb.graph
    for v in fedb.judge(DESIGN):
        for r in v.reasons:
            if r.path:
                starts = (*(e.id for e in v.mapping.exercises), *(rule.id for rule in v.mapping.inferences))
                assert r.path[0] in (*starts, "not-ruled-out"), (v.record.id, r.path)
            for a, b in itertools.pairwise(r.path):
                assert g.has_edge(a, b) or g.has_edge(b, a), (v.record.id, r.path)
            assert set(r.sources) <= set(kb.sources)


def test_the_labelled_sample_is_well_formed(labels: list[dict[str, Any]], fedb: Catalog) -> None:
    kb = fedb.kb
    assert len(labels) >= 60
    for record in labels:
        assert fedb.records[record["id"]].name == record["name"]
        assert len({label["condition"] for label in record["labels"]}) >= 2, record["id"]
        for label in record["labels"]:
            assert label["condition"] in kb.conditions and label["source"] in kb.sources, record["id"]
            assert Level(label["level"]) and label["note"]


def test_agreement_with_the_labelled_sample(
    labels: list[dict[str, Any]], fedb: Catalog, capsys: pytest.CaptureFixture[str]
) -> None:
    outcome: Counter[str] = Counter()
    unsafe: list[str] = []
    lenient: list[str] = []
    for record in labels:
        for label in record["labels"]:
            expected = Level(label["level"])
            got = fedb.check(record["id"], label["condition"]).level
            where = f"{record['id']} / {label['condition']}: expected {expected.value}, got {got.value}"
            if got is expected:
                outcome["agree"] += 1
            elif got > expected:
                outcome["safer"] += 1  # caution where ok, or avoid where caution: acceptable
            else:
                outcome["less safe"] += 1
                (unsafe if expected is Level.AVOID and got is Level.OK else lenient).append(where)
    total = sum(outcome.values())
    rate = outcome["agree"] / total
    report = (
        f"\ncatalog labels: {total} labels on {len(labels)} records; agreement {rate:.1%} "
        f"({outcome['agree']} agree, {outcome['safer']} safer, {outcome['less safe']} less safe)"
    )
    _report(capsys, report + "".join(f"\n  less safe: {w}" for w in lenient))
    assert not unsafe, f"an exercise labelled avoid was judged ok: {unsafe}"
    assert rate >= 0.7, report


def test_substitutes_stay_in_the_catalog_and_are_never_avoid(fedb: Catalog) -> None:
    for rid in list(fedb.records)[::25]:
        for conditions in (["lumbar-disc-herniation", "sciatica"], ["facet-joint-syndrome"]):
            found = fedb.substitutes(rid, conditions)
            assert found == fedb.substitutes(rid, conditions)
            for s in found:
                assert s.record.id in fedb.records and s.record.id != rid
                assert s.verdict.level is not Level.AVOID
                assert fedb.check(s.record.id, conditions).level is s.verdict.level


def test_deadlift_gives_way_to_a_hip_hinge_from_the_same_catalog(fedb: Catalog) -> None:
    assert fedb.check("Barbell_Deadlift", "herniated disc").level is Level.AVOID
    best = fedb.substitutes("Barbell Deadlift", "herniated disc", limit=1)[0]
    # A strength move for the same region from the app's own catalog, fine for the disc.
    deadlift = fedb.records["Barbell_Deadlift"]
    assert best.record.category == "strength" and best.verdict.level is Level.OK
    assert set(best.record.primary_muscles) & {*deadlift.primary_muscles, *deadlift.secondary_muscles}
    assert best.path[0] == "Barbell_Deadlift" and best.path[-1] == best.record.id


def test_a_plan_in_catalog_ids_is_adapted_within_the_catalog(fedb: Catalog) -> None:
    plan = fedb.adapt(
        [{"exercise": "Barbell_Deadlift", "sets": 3, "reps": 5}, "Hamstring_Stretch", "Plank"],
        ["herniated disc", "sciatica"],
    )
    first, stretch, plank = plan.items
    assert first.action is altex.PlanAction.REPLACE and first.replacement is not None
    assert first.replacement.id in fedb.records and (first.result and first.result.sets) == 3
    assert stretch.action in {altex.PlanAction.REPLACE, altex.PlanAction.DROP}
    assert plank.verdict.level is not Level.AVOID


def test_the_id_mapping_round_trips(fedb: Catalog, kb: altex.KnowledgeBase, tmp_path: Path) -> None:
    out = tmp_path / "fedb-map.csv"
    assert ac.write_mappings(fedb, out) == 873
    pinned = ac.load(FEDB, kb, pinned=out)
    assert [(m.method, m.exercise, m.loads) for m in pinned.mappings.values()] == [
        (m.method, m.exercise, m.loads) for m in fedb.mappings.values()
    ]
