"""Records -> the frozen knowledge graph that explains every answer.

Nodes are record ids (exercises, conditions, mechanisms, combination rules,
inference rules) plus attribute nodes for goals, categories and muscles
(``goal:cardio``, ``category:core``, ``muscle:glutes``), which are how a
substitute that shares a training goal is reached. The edge key is its :class:`Relation`; the edge data
holds enums, tuples and strings only, so the frozen graph cannot be changed
through it either.
"""

from __future__ import annotations

import enum
from typing import TypeAlias

import networkx as nx

from ._load import Records
from .models import CitedRule, Level

__all__ = ["Graph", "NodeKind", "Relation", "attribute_node", "build_graph"]

#: The knowledge graph: node ids are strings; node and edge data are attribute dicts.
Graph: TypeAlias = "nx.MultiDiGraph[str]"


class NodeKind(enum.Enum):
    """What a node of the knowledge graph stands for (its ``kind`` attribute)."""

    EXERCISE = "exercise"
    CONDITION = "condition"
    MECHANISM = "mechanism"
    RULE = "rule"
    INFERENCE = "inference"
    GOAL = "goal"
    CATEGORY = "category"
    MUSCLE = "muscle"


class Relation(enum.Enum):
    """The kind of an edge, used as its key in the ``MultiDiGraph``."""

    LOADS = "loads"  # exercise -> mechanism
    AGGRAVATES = "aggravates"  # mechanism -> condition, level
    RELIEVES = "relieves"  # mechanism -> condition
    CONTRAINDICATED = "contraindicated"  # exercise -> condition, level
    HELPS = "helps"  # exercise -> condition
    SUBSTITUTE = "substitute"  # exercise -> exercise, why
    REQUIRES = "requires"  # rule -> condition (one of its ``when``)
    TARGETS = "targets"  # rule -> exercise or mechanism, level
    TRAINS = "trains"  # exercise -> goal:*
    IN_CATEGORY = "in-category"  # exercise -> category:*
    WORKS = "works"  # exercise -> muscle:*
    INFERS = "infers"  # inference -> mechanism (for catalog exercises outside the knowledge base)


def attribute_node(kind: NodeKind, value: str) -> str:
    """The node id of a goal, category or muscle: ``goal:cardio``."""
    return f"{kind.value}:{value}"


def _edge(g: Graph, u: str, v: str, relation: Relation, rule: CitedRule | None = None, **data: object) -> None:
    """Add one edge keyed by its relation; a rule's sources, note and evidence go with it."""
    if rule is not None:
        data.update(sources=rule.sources, note=rule.note, evidence=rule.evidence)
    g.add_edge(u, v, key=relation, relation=relation, **data)


def build_graph(r: Records) -> Graph:
    """Build and freeze the knowledge graph of *r*."""
    g: Graph = nx.MultiDiGraph()
    for mid, m in r.mechanisms.items():
        g.add_node(mid, kind=NodeKind.MECHANISM, name=m.name)
    for cid, c in r.conditions.items():
        g.add_node(cid, kind=NodeKind.CONDITION, name=c.name)
        for agg in c.aggravated_by:
            _edge(g, agg.mechanism, cid, Relation.AGGRAVATES, agg, level=agg.level)
        for rel in c.relieved_by:
            _edge(g, rel.mechanism, cid, Relation.RELIEVES, rel, level=Level.OK)
    for eid, e in r.exercises.items():
        g.add_node(eid, kind=NodeKind.EXERCISE, name=e.name)
    for eid, e in r.exercises.items():
        for mid in e.loads:
            _edge(g, eid, mid, Relation.LOADS)
        for ci in e.contraindicated:
            _edge(g, eid, ci.condition, Relation.CONTRAINDICATED, ci, level=ci.level)
        for b in e.helps:
            _edge(g, eid, b.condition, Relation.HELPS, b, level=Level.OK)
        for s in e.substitutes:
            _edge(g, eid, s.exercise, Relation.SUBSTITUTE, s, why=s.why)
        attributes = (
            (NodeKind.CATEGORY, Relation.IN_CATEGORY, (e.category.value,)),
            (NodeKind.GOAL, Relation.TRAINS, tuple(x.value for x in e.goals)),
            (NodeKind.MUSCLE, Relation.WORKS, tuple(x.value for x in e.muscles)),
        )
        for kind, relation, values in attributes:
            for value in values:
                node = attribute_node(kind, value)
                g.add_node(node, kind=kind, name=value)
                _edge(g, eid, node, relation)
    for rid, rule in r.rules.items():
        g.add_node(rid, kind=NodeKind.RULE, name=rid)
        for cid in rule.when:
            _edge(g, rid, cid, Relation.REQUIRES)
        _edge(g, rid, rule.target, Relation.TARGETS, rule, level=rule.level)
    for iid, inf in r.inferences.items():
        g.add_node(iid, kind=NodeKind.INFERENCE, name=inf.name)
        for mid in inf.loads:
            _edge(g, iid, mid, Relation.INFERS, inf)
    frozen: Graph = nx.freeze(g)
    return frozen
