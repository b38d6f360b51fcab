"""Catalog verdicts, through the knowledge base's own rule engine.

A matched record gets its exercise's verdict (``kb.verdict``), so its reasons
are exactly the knowledge base's, paths and all. An inferred record gets the
reasons of its inferred mechanisms from the same rule engine
(:meth:`~altex._verdicts.RuleIndex.inferred_reasons`), with paths that start at
the inference rule: ``(inference, mechanism, condition)``. A partial match gets
both. An unknown record is at caution, saying why. The per-condition reasons of
every inferred mechanism are worked out once, when the catalog is built.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

from .._verdicts import Via, conclude
from ..kb import KnowledgeBase
from ..models import Condition, Evidence, Intensity, Level
from ..results import Reason
from .models import CatalogMapping, CatalogVerdict, MappingMethod

__all__ = ["Judge"]


def _vias(m: CatalogMapping) -> dict[str, Via]:
    """The inferred mechanisms that add to what the record is known to do, each at its highest inferred
    intensity with the first rule that gives it."""
    vias: dict[str, Via] = {}
    for rule in m.inferences:
        given = [*rule.profile.items(), *((f, Intensity.LOW) for f in rule.loads)]
        for mid, intensity in given:
            if intensity is Intensity.NONE or (m.exercise is not None and m.exercise.intensity(mid) >= intensity):
                continue
            held = vias.get(mid)
            if held is None or intensity > held.intensity:
                vias[mid] = Via((rule.id,), rule, intensity)
    return vias


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

    __slots__ = ("_kb", "_rules", "_single", "_unknown", "_vias")

    def __init__(self, kb: KnowledgeBase, mappings: Mapping[str, CatalogMapping]) -> None:
        self._kb = kb
        self._rules = kb._rules  # the knowledge base's rule engine: one source of truth for reasons
        vias = {rid: v for rid, m in mappings.items() if (v := _vias(m))}
        single: dict[tuple[str, str], tuple[Reason, ...]] = {}
        for rid, v in vias.items():
            name = mappings[rid].record.name
            for cid in kb.conditions:
                found = self._rules.inferred_reasons(name, v, cid)
                if found:
                    single[rid, cid] = found
        self._vias: Mapping[str, dict[str, Via]] = MappingProxyType(vias)
        self._single: Mapping[tuple[str, str], tuple[Reason, ...]] = MappingProxyType(single)
        self._unknown: Mapping[str, Reason] = MappingProxyType(
            {rid: _unknown_reason(m) for rid, m in mappings.items() if m.method is MappingMethod.UNKNOWN}
        )

    def verdict(self, m: CatalogMapping, cids: frozenset[str], conditions: tuple[Condition, ...]) -> CatalogVerdict:
        """The verdict for one mapped record and a set of resolved condition ids (*conditions* their models)."""
        rid = m.record.id
        if m.method is MappingMethod.UNKNOWN:
            return CatalogVerdict.model_construct(
                mapping=m, conditions=conditions, level=Level.CAUTION, reasons=(self._unknown[rid],)
            )
        extra: list[Reason] = []
        for cid in cids:
            extra += self._single.get((rid, cid), ())
        vias = self._vias.get(rid)
        if vias:
            extra += self._rules.inferred_combinations(m.record.name, vias, cids)
            # The person's modifiers adjust the inferred reasons as they do the knowledge base's own.
            extra = self._kb._person.adjust(m.record.name, extra, cids, vias.get)
        if m.exercise is None:
            level, reasons = conclude(extra)
        else:
            v = self._kb.verdict(m.exercise.id, cids)
            level, reasons = conclude([*v.reasons, *extra]) if extra else (v.level, v.reasons)
        return CatalogVerdict.model_construct(mapping=m, conditions=conditions, level=level, reasons=reasons)
