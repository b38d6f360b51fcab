"""Catalog verdicts, through the knowledge base's own rule engine.

A record's profile (:mod:`.profile`) is judged demand by demand by the same
rule engine as every knowledge-base exercise:

- a matched exercise gives its own verdict (``kb.verdict``), reasons, paths
  and direct rules included; a compound name gives every matched part's;
- a demand rated above what the matched exercises do (by an inference rule)
  gets the reasons of :meth:`~altex._verdicts.RuleIndex.inferred_reasons`, with
  paths ``(inference, mechanism, condition)``;
- a demand nothing ruled out is judged at its most careful level (high), with
  the path ``(unrated, mechanism, condition)`` through the knowledge base's
  rule of kind ``unrated``, harms only: an incomplete profile is never ok on a
  demand it could not rule out.

What each record adds to its matched exercises is worked out once, when the
catalog is built; the reasons for one (record, condition) pair are worded on
first use and kept, so a later query only gathers them.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

from .._verdicts import Via, conclude
from ..kb import KnowledgeBase
from ..models import Condition, Evidence, Inference, InferenceKind, Intensity, Level
from ..results import Reason
from .models import CatalogMapping, CatalogVerdict, ClueKind, MappingMethod

__all__ = ["Judge", "unrated_rule"]


def unrated_rule(kb: KnowledgeBase) -> Inference | None:
    """The knowledge base's rule that stands for a demand nothing ruled out (None when it has none)."""
    return next((r for r in kb.inferences.values() if r.kind is InferenceKind.UNRATED), None)


def vias(m: CatalogMapping, kb: KnowledgeBase, unrated: Inference | None) -> tuple[dict[str, Via], dict[str, Via]]:
    """The demands and features the record's profile adds to its matched exercises (each with the rule that
    gives it), and the demands nothing ruled out (through *unrated*, at high)."""
    known: dict[str, Via] = {}
    unknown: dict[str, Via] = {}
    p = m.profile
    if p is None:
        return known, unknown
    rules = kb.inferences
    for d in p.demands:
        if d.intensity is None:
            if unrated is not None and unrated.profile.level(d.demand) is not Intensity.NONE:
                unknown[d.demand] = Via((unrated.id,), unrated, Intensity.HIGH, unrated=True)
            continue
        top = max((e.intensity(d.demand) for e in m.exercises), default=Intensity.NONE)
        if d.intensity > top:
            rule = next(rules[c.source] for c in d.clues if c.kind is ClueKind.RULE)
            known[d.demand] = Via((rule.id,), rule, d.intensity)
    for feature in p.features:
        if not any(feature in e.loads for e in m.exercises):
            giver = next((r for r in m.inferences if feature in r.loads), None)
            if giver is not None:
                known[feature] = Via((giver.id,), giver, Intensity.LOW)
    return known, unknown


def _unknown_reason(m: CatalogMapping) -> Reason:
    text = (
        f"{m.record.name} matches no exercise of the knowledge base and no inference rule fits it, so how it "
        "loads the back is not known: take care with it until someone reviews it."
    )
    return Reason.model_construct(
        level=Level.CAUTION, condition=None, path=(), text=text, sources=(), evidence=Evidence.EXPERT
    )


class Judge:
    """Judges a catalog's records; built once per catalog, then only read."""

    __slots__ = ("_kb", "_rules", "_single", "_split", "_unknown", "_vias")

    def __init__(self, kb: KnowledgeBase, mappings: Mapping[str, CatalogMapping]) -> None:
        self._kb = kb
        self._rules = kb._rules  # the knowledge base's rule engine: one source of truth for reasons
        unrated = unrated_rule(kb)
        split: dict[str, tuple[dict[str, Via], dict[str, Via]]] = {}
        for rid, m in mappings.items():
            known, unknown = vias(m, kb, unrated)
            if known or unknown:
                split[rid] = (known, unknown)
        self._split: Mapping[str, tuple[dict[str, Via], dict[str, Via]]] = MappingProxyType(split)
        self._vias: Mapping[str, dict[str, Via]] = MappingProxyType({rid: k | u for rid, (k, u) in split.items()})
        self._single: dict[tuple[str, str], tuple[Reason, ...]] = {}  # worded on first use
        self._unknown: Mapping[str, Reason] = MappingProxyType(
            {rid: _unknown_reason(m) for rid, m in mappings.items() if m.method is MappingMethod.UNKNOWN}
        )

    def _word(self, name: str, split: tuple[dict[str, Via], dict[str, Via]], cid: str) -> tuple[Reason, ...]:
        known, unknown = split
        found = self._rules.inferred_reasons(name, known, cid) if known else ()
        return found + (self._rules.inferred_reasons(name, unknown, cid, reliefs=False) if unknown else ())

    def verdict(self, m: CatalogMapping, cids: frozenset[str], conditions: tuple[Condition, ...]) -> CatalogVerdict:
        """The verdict for one mapped record and a set of resolved condition ids (*conditions* their models)."""
        rid = m.record.id
        extra: list[Reason] = []
        if rid in self._split:
            for cid in cids:
                found_reasons = self._single.get((rid, cid))
                if found_reasons is None:
                    found_reasons = self._single[rid, cid] = self._word(m.record.name, self._split[rid], cid)
                extra += found_reasons
        found = self._vias.get(rid)
        if found:
            extra += self._rules.inferred_combinations(m.record.name, found, cids)
            # The person's modifiers adjust the inferred reasons as they do the knowledge base's own.
            extra = self._kb._person.adjust(m.record.name, extra, cids, found.get)
        unknown = self._unknown.get(rid)
        if unknown is not None:
            extra.append(unknown)
        if len(m.exercises) == 1 and not extra:
            v = self._kb.verdict(m.exercises[0].id, cids)
            level, reasons = v.level, v.reasons
        else:
            for e in m.exercises:
                extra += self._kb.verdict(e.id, cids).reasons
            level, reasons = conclude(extra)
        return CatalogVerdict.model_construct(mapping=m, conditions=conditions, level=level, reasons=reasons)
