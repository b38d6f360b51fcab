"""The bundled knowledge base: complete, sourced, linked, and big enough to be useful."""

from __future__ import annotations

import altex
from altex import Level, NodeKind


def test_counts(kb: altex.KnowledgeBase) -> None:
    assert len(kb.exercises) >= 120
    assert len(kb.conditions) >= 10
    assert len(kb.mechanisms) >= 15
    assert len(kb.rules) >= 4


def test_design_conditions_and_seed_activities_are_present(kb: altex.KnowledgeBase) -> None:
    for name in ["lumbar disc herniation", "facet joint syndrome", "spinal stenosis", "sciatica", "trigger points"]:
        kb.condition(name)
    seeds = [
        "running", "jogging", "walking", "stationary bike", "recumbent bike", "elliptical", "swimming",
        "water aerobics", "yoga", "weight lifting", "tennis", "hamstring stretch", "plank", "russian twist",
        "bicycle crunch", "superman", "press-up",
    ]  # fmt: skip
    for name in seeds:
        kb.exercise(name)


def test_every_rule_cites_existing_sources(kb: altex.KnowledgeBase) -> None:
    cited: list[tuple[str, tuple[str, ...]]] = []
    for c in kb.conditions.values():
        cited += [(c.id, a.sources) for a in c.aggravated_by] + [(c.id, r.sources) for r in c.relieved_by]
    for e in kb.exercises.values():
        cited += [(e.id, x.sources) for x in (*e.substitutes, *e.contraindicated, *e.helps)]
    cited += [(r.id, r.sources) for r in kb.rules.values()]
    assert cited
    for owner, sources in cited:
        assert sources, owner
        assert set(sources) <= set(kb.sources), owner


def test_every_source_is_cited_or_explained(kb: altex.KnowledgeBase) -> None:
    for s in kb.sources.values():
        assert s.url or s.citation


def test_no_orphans(kb: altex.KnowledgeBase) -> None:
    g = kb.graph
    for node, data in g.nodes(data=True):
        if data["kind"] in {NodeKind.MECHANISM, NodeKind.CONDITION}:
            assert g.degree(node) > 0, f"{data['kind'].value} {node} is linked to nothing"
    for eid in kb.exercises:
        assert g.out_degree(eid) > 0, f"exercise {eid} has no edges"


def test_every_exercise_is_described(kb: altex.KnowledgeBase) -> None:
    for e in kb.exercises.values():
        assert e.goals, e.id
        assert e.description, e.id


def test_graph_edges_carry_relation_and_level(kb: altex.KnowledgeBase) -> None:
    for _, _, key, data in kb.graph.edges(keys=True, data=True):
        assert data["relation"] is key
        if "level" in data:
            assert isinstance(data["level"], Level)
