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
from .models import Level

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


def build_graph(r: Records) -> Graph:
    """Build and freeze the knowledge graph of *r*."""
    g: Graph = nx.MultiDiGraph()
    for mid, m in r.mechanisms.items():
        g.add_node(mid, kind=NodeKind.MECHANISM, name=m.name)
    for cid, c in r.conditions.items():
        g.add_node(cid, kind=NodeKind.CONDITION, name=c.name)
        for agg in c.aggravated_by:
            g.add_edge(
                agg.mechanism,
                cid,
                key=Relation.AGGRAVATES,
                relation=Relation.AGGRAVATES,
                level=agg.level,
                sources=agg.sources,
                note=agg.note,
                evidence=agg.evidence,
            )
        for rel in c.relieved_by:
            g.add_edge(
                rel.mechanism,
                cid,
                key=Relation.RELIEVES,
                relation=Relation.RELIEVES,
                level=Level.OK,
                sources=rel.sources,
                note=rel.note,
                evidence=rel.evidence,
            )
    for eid, e in r.exercises.items():
        g.add_node(eid, kind=NodeKind.EXERCISE, name=e.name)
    for eid, e in r.exercises.items():
        for mid in e.loads:
            g.add_edge(eid, mid, key=Relation.LOADS, relation=Relation.LOADS)
        for ci in e.contraindicated:
            g.add_edge(
                eid,
                ci.condition,
                key=Relation.CONTRAINDICATED,
                relation=Relation.CONTRAINDICATED,
                level=ci.level,
                sources=ci.sources,
                note=ci.note,
                evidence=ci.evidence,
            )
        for b in e.helps:
            g.add_edge(
                eid,
                b.condition,
                key=Relation.HELPS,
                relation=Relation.HELPS,
                level=Level.OK,
                sources=b.sources,
                note=b.note,
                evidence=b.evidence,
            )
        for s in e.substitutes:
            g.add_edge(
                eid,
                s.exercise,
                key=Relation.SUBSTITUTE,
                relation=Relation.SUBSTITUTE,
                why=s.why,
                sources=s.sources,
                evidence=s.evidence,
            )
        attributes = (
            (NodeKind.CATEGORY, Relation.IN_CATEGORY, (e.category.value,)),
            (NodeKind.GOAL, Relation.TRAINS, tuple(x.value for x in e.goals)),
            (NodeKind.MUSCLE, Relation.WORKS, tuple(x.value for x in e.muscles)),
        )
        for kind, relation, values in attributes:
            for value in values:
                node = attribute_node(kind, value)
                g.add_node(node, kind=kind, name=value)
                g.add_edge(eid, node, key=relation, relation=relation)
    for rid, rule in r.rules.items():
        g.add_node(rid, kind=NodeKind.RULE, name=rid)
        for cid in rule.when:
            g.add_edge(rid, cid, key=Relation.REQUIRES, relation=Relation.REQUIRES)
        g.add_edge(
            rid,
            rule.target,
            key=Relation.TARGETS,
            relation=Relation.TARGETS,
            level=rule.level,
            sources=rule.sources,
            note=rule.note,
            evidence=rule.evidence,
        )
    for iid, inf in r.inferences.items():
        g.add_node(iid, kind=NodeKind.INFERENCE, name=inf.name)
        for mid in inf.loads:
            g.add_edge(
                iid,
                mid,
                key=Relation.INFERS,
                relation=Relation.INFERS,
                sources=inf.sources,
                note=inf.note,
                evidence=inf.evidence,
            )
    frozen: Graph = nx.freeze(g)
    return frozen
