"""Invariants of catalog mapping and judging, over generated catalogs on the bundled knowledge base."""

from __future__ import annotations

import itertools

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import altex
from altex import Force, Level, Mechanic, Muscle
from altex.catalog import Catalog, CatalogRecord, MappingMethod
from altex.catalog.matching import CATEGORY_FAMILIES

pytestmark = pytest.mark.property

KB = altex.load()
CONDITIONS = sorted(KB.conditions)
NAMES = sorted({n for e in KB.exercises.values() for n in (e.name, *e.aliases)})
WORDS = ["Barbell", "Dumbbell", "Seated", "Standing", "Jump", "Twist", "Stretch", "Hamstring", "Press", "With Bands",
         "Overhead", "Crunch", "Zork", "Row", "-", "(Variation)", "Deficit", "Hops", "SMR", "Kettlebell"]  # fmt: skip
CATEGORIES = [None, "my-own-kind", *sorted(CATEGORY_FAMILIES)]
EQUIPMENT = ["barbell", "dumbbell", "machine", "cable", "bands", "foam-roll", "medicine-ball", "other"]


@st.composite
def names(draw: st.DrawFn) -> str:
    parts = draw(st.lists(st.sampled_from(WORDS), max_size=3))
    base = draw(st.sampled_from(NAMES) | st.sampled_from(WORDS))
    at = draw(st.integers(0, len(parts)))
    return " ".join([*parts[:at], base, *parts[at:]])


@st.composite
def records(draw: st.DrawFn) -> list[CatalogRecord]:
    out = []
    for i in range(draw(st.integers(1, 8))):
        out.append(
            CatalogRecord(
                id=f"r{i}",
                name=draw(names()),
                category=draw(st.sampled_from(CATEGORIES)),
                equipment=tuple(draw(st.lists(st.sampled_from(EQUIPMENT), max_size=2, unique=True))),
                force=draw(st.none() | st.sampled_from(Force)),
                mechanic=draw(st.none() | st.sampled_from(Mechanic)),
                primary_muscles=tuple(draw(st.lists(st.sampled_from(Muscle), max_size=2, unique=True))),
                secondary_muscles=tuple(draw(st.lists(st.sampled_from(Muscle), max_size=3, unique=True))),
            )
        )
    return out


conditions = st.lists(st.sampled_from(CONDITIONS), max_size=3, unique=True)


@settings(max_examples=40)
@given(recs=records(), conds=conditions)
def test_every_verdict_is_sound(recs: list[CatalogRecord], conds: list[str]) -> None:
    app = Catalog(recs, KB)
    for v in app.judge(conds):
        assert v.level == max((r.level for r in v.reasons), default=Level.OK)
        if v.mapping.method is MappingMethod.UNKNOWN:
            assert v.level >= Level.CAUTION
        for r in v.reasons:
            for a, b in itertools.pairwise(r.path):
                assert KB.graph.has_edge(a, b) or KB.graph.has_edge(b, a)


@settings(max_examples=40)
@given(recs=records(), conds=conditions)
def test_a_demand_not_ruled_out_is_judged_at_its_most_careful_level(
    recs: list[CatalogRecord], conds: list[str]
) -> None:
    app = Catalog(recs, KB)
    for v in app.judge(conds):
        profile = v.mapping.profile
        assert profile is not None and len(profile.demands) == len([m for m in KB.mechanisms.values() if m.graded])
        for demand in profile.unknown:
            for cid in conds:
                worst = max((a.level for a in KB.conditions[cid].aggravated_by if a.mechanism == demand), default=None)
                if worst is not None:
                    assert v.level >= worst, (v.record.name, demand, cid)
                    assert any(demand in r.path and cid in r.path for r in v.reasons), (v.record.name, demand, cid)


@settings(max_examples=40)
@given(recs=records(), conds=conditions, extra=st.sampled_from(CONDITIONS))
def test_another_condition_never_lowers_a_level(recs: list[CatalogRecord], conds: list[str], extra: str) -> None:
    app = Catalog(recs, KB)
    for before, after in zip(app.judge(conds), app.judge([*conds, extra]), strict=True):
        assert before.level <= after.level


@settings(max_examples=30)
@given(recs=records(), conds=conditions)
def test_substitutes_are_never_avoid_and_never_the_record(recs: list[CatalogRecord], conds: list[str]) -> None:
    app = Catalog(recs, KB)
    for rid in app.records:
        found = app.substitutes(rid, conds, limit=10)
        assert found == app.substitutes(rid, conds, limit=10)
        for s in found:
            assert s.record.id != rid and s.verdict.level is not Level.AVOID
            assert app.mapping(s.record.id).method is not MappingMethod.UNKNOWN


@given(name=st.sampled_from(NAMES))
def test_a_knowledge_base_name_matches_its_exercise(name: str) -> None:
    m = Catalog([CatalogRecord(id="x", name=name)], KB).mapping("x")
    assert m.method is MappingMethod.MATCHED and m.confidence == 1.0
    assert m.exercise is not None and m.exercise.id == KB.exercise(name).id
