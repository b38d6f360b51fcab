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
from collections.abc import Iterable, Sequence
from typing import NamedTuple, TypeAlias

import networkx as nx

from ._load import Records
from .models import Adjustment, Aggravation, CitedRule, Evidence, Intensity, Level, Relief

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
    MODIFIER = "modifier"
    SURGERY = "surgery"
    GOAL = "goal"
    CATEGORY = "category"
    MUSCLE = "muscle"


class Relation(enum.Enum):
    """The kind of an edge, used as its key in the ``MultiDiGraph``."""

    LOADS = "loads"  # exercise -> mechanism, intensity (a demand's rating; features are low)
    AGGRAVATES = "aggravates"  # mechanism -> condition, level (the highest), thresholds ((at_least, level), ...)
    RELIEVES = "relieves"  # mechanism -> condition, thresholds
    CONTRAINDICATED = "contraindicated"  # exercise -> condition, level
    HELPS = "helps"  # exercise -> condition
    SUBSTITUTE = "substitute"  # exercise -> exercise, why
    REQUIRES = "requires"  # rule -> condition (one of its ``when``)
    TARGETS = "targets"  # rule -> exercise or mechanism, level
    TRAINS = "trains"  # exercise -> goal:*
    IN_CATEGORY = "in-category"  # exercise -> category:*
    WORKS = "works"  # exercise -> muscle:*
    DOMINATES = "dominates"  # exercise -> exercise it does at least as much as (only those with a direct harm)
    INFERS = "infers"  # inference -> mechanism, intensity (for catalog exercises outside the knowledge base)
    ADJUSTS = "adjusts"  # mechanism -> condition, adjustments ((when, raise_to or relax_to, at_least, at_most), ...)
    IMPLIES = "implies"  # condition, modifier or surgery -> condition it brings with it
    MODIFIES = "modifies"  # modifier -> condition it adjusts (a raise or relaxation names it)


def attribute_node(kind: NodeKind, value: str) -> str:
    """The node id of a goal, category or muscle: ``goal:cardio``."""
    return f"{kind.value}:{value}"


def _edge(g: Graph, u: str, v: str, relation: Relation, rule: CitedRule | None = None, **data: object) -> None:
    """Add one edge keyed by its relation; a rule's sources, note and evidence go with it."""
    if rule is not None:
        data.update(sources=rule.sources, note=rule.note, evidence=rule.evidence)
    g.add_edge(u, v, key=relation, relation=relation, **data)


def _by_mechanism(rules: Iterable[Aggravation | Relief]) -> dict[str, list[Aggravation | Relief]]:
    """The rules grouped by mechanism, each group ordered by threshold."""
    out: dict[str, list[Aggravation | Relief]] = {}
    for rule in sorted(rules, key=lambda x: x.at_least):
        out.setdefault(rule.mechanism, []).append(rule)
    return out


class _Joined(NamedTuple):
    """The citation of several rules on one edge: every source once, the weakest evidence, the notes joined."""

    sources: tuple[str, ...]
    note: str
    evidence: Evidence

    @classmethod
    def of(cls, rules: Sequence[CitedRule]) -> _Joined:
        return cls(
            tuple(dict.fromkeys(s for x in rules for s in x.sources)),
            " ".join(x.note for x in rules if x.note),
            min(x.evidence for x in rules),
        )


def _person_edges(g: Graph, r: Records) -> None:
    """Modifier and surgery nodes, what they imply, and each condition's adjustments by mechanism."""
    for mid, m in r.modifiers.items():
        g.add_node(mid, kind=NodeKind.MODIFIER, name=m.name, modifier=m.kind.value)
        for cid in m.implies:
            _edge(g, mid, cid, Relation.IMPLIES, m)
    for sid, s in r.surgeries.items():
        g.add_node(sid, kind=NodeKind.SURGERY, name=s.name)
        for w in s.windows:
            for cid in w.implies:
                _edge(g, sid, cid, Relation.IMPLIES, w, until_week=w.until_week)
    for cid, c in r.conditions.items():
        for other in c.implies:
            _edge(g, cid, other, Relation.IMPLIES)
        by_mechanism: dict[str, list[Adjustment]] = {}
        for a in c.adjust:
            by_mechanism.setdefault(a.mechanism, []).append(a)
            for mid in a.when:
                _edge(g, mid, cid, Relation.MODIFIES)
        for mech, adjustments in by_mechanism.items():
            _edge(
                g,
                mech,
                cid,
                Relation.ADJUSTS,
                _Joined.of(adjustments),
                adjustments=tuple(
                    (a.when, (a.raise_to or a.relax_to or Level.OK), a.relaxes, a.at_least, a.at_most)
                    for a in adjustments
                ),
            )


def build_graph(r: Records) -> Graph:
    """Build and freeze the knowledge graph of *r*."""
    g: Graph = nx.MultiDiGraph()
    for mid, m in r.mechanisms.items():
        g.add_node(mid, kind=NodeKind.MECHANISM, name=m.name)
    for cid, c in r.conditions.items():
        g.add_node(cid, kind=NodeKind.CONDITION, name=c.name)
        effects: tuple[tuple[Relation, Sequence[Aggravation | Relief]], ...] = (
            (Relation.AGGRAVATES, c.aggravated_by),
            (Relation.RELIEVES, c.relieved_by),
        )
        for relation, rules in effects:
            for mid, graded in _by_mechanism(rules).items():
                # One edge per mechanism and condition; its thresholds say from which intensity each level holds.
                _edge(
                    g,
                    mid,
                    cid,
                    relation,
                    _Joined.of(graded),
                    level=max(getattr(x, "level", Level.OK) for x in graded),
                    thresholds=tuple((x.at_least, getattr(x, "level", Level.OK)) for x in graded),
                )
    for eid, e in r.exercises.items():
        g.add_node(eid, kind=NodeKind.EXERCISE, name=e.name)
    for eid, e in r.exercises.items():
        for mid, intensity in e.profile.items():
            if intensity is not Intensity.NONE:
                _edge(g, eid, mid, Relation.LOADS, intensity=intensity)
        for mid in e.loads:
            _edge(g, eid, mid, Relation.LOADS, intensity=Intensity.LOW)
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
    for eid, named in r.dominates.items():
        for other in named:
            _edge(g, eid, other, Relation.DOMINATES)
    for rid, rule in r.rules.items():
        g.add_node(rid, kind=NodeKind.RULE, name=rid)
        for cid in rule.when:
            _edge(g, rid, cid, Relation.REQUIRES)
        _edge(g, rid, rule.target, Relation.TARGETS, rule, level=rule.level)
    for iid, inf in r.inferences.items():
        g.add_node(iid, kind=NodeKind.INFERENCE, name=inf.name)
        for mid, intensity in inf.profile.items():
            if intensity is not Intensity.NONE:
                _edge(g, iid, mid, Relation.INFERS, inf, intensity=intensity)
        for mid in inf.loads:
            _edge(g, iid, mid, Relation.INFERS, inf, intensity=Intensity.LOW)
    _person_edges(g, r)
    frozen: Graph = nx.freeze(g)
    return frozen
