"""Catalog records -> mappings onto the knowledge base: matched, inferred or unknown.

Each record is profiled (:mod:`.profile`): matched by name, or by the parts of
a compound name, and read by the inference rules. A record with a matched
exercise is ``matched``, one with only rules ``inferred``, one with neither
``unknown``. Pinned mappings, reviewed by the app (:mod:`.pins`), replace the
automatic ones.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from ..kb import KnowledgeBase
from ..models import Intensity
from .matching import Match
from .models import CatalogMapping, CatalogRecord, ClueKind, MappingMethod, RecordProfile
from .profile import PARTIAL, Profiled, Profiler

__all__ = ["PARTIAL", "Pin", "map_records"]


@dataclass(frozen=True, slots=True)
class Pin:
    """A reviewed mapping for one catalog record.

    ``exercise`` is given when matched; ``confidence`` None keeps the
    automatic one (1.0 for a pinned match).
    """

    method: MappingMethod
    exercise: str | None
    confidence: float | None = None


def map_records(
    kb: KnowledgeBase, records: Iterable[CatalogRecord], pins: Mapping[str, Pin] | None = None
) -> dict[str, CatalogMapping]:
    """Every record's mapping, by catalog id, in catalog order."""
    profiler = Profiler(kb)
    out: dict[str, CatalogMapping] = {}
    for r in records:
        found = profiler.profile(r)
        pin = pins.get(r.id) if pins else None
        out[r.id] = _mapping(kb, r, found) if pin is None else _pinned(kb, profiler, r, pin, found)
    return out


def _loads(profile: RecordProfile) -> tuple[str, ...]:
    rated = (d.demand for d in profile.demands if d.intensity is not None and d.intensity is not Intensity.NONE)
    return tuple(dict.fromkeys((*rated, *profile.features)))


def _via(found: Profiled) -> str:
    p = found.profile
    said: list[str] = []
    if p.compound:
        said.append("compound name: " + " + ".join(repr(part) for part in p.parts))
    said += [f"{m.exercise} ({m.via})" for _, m in found.matches]
    if found.fired:
        said.append("inferred from " + ", ".join(f.rule.id for f in found.fired))
    return "; ".join(said) or "no exercise of the knowledge base has this name and no inference rule fits it"


def _mapping(kb: KnowledgeBase, r: CatalogRecord, found: Profiled, *, pinned: bool = False) -> CatalogMapping:
    exercises = tuple(dict.fromkeys(kb.exercises[m.exercise] for _, m in found.matches))
    has_rules = any(c.kind is ClueKind.RULE for d in found.profile.demands for c in d.clues)
    method = (
        MappingMethod.MATCHED
        if exercises
        else MappingMethod.INFERRED
        if has_rules or found.fired
        else MappingMethod.UNKNOWN
    )
    return CatalogMapping.model_construct(
        record=r,
        method=method,
        confidence=found.profile.confidence if method is not MappingMethod.UNKNOWN else 0.0,
        exercise=exercises[0] if exercises else None,
        exercises=exercises,
        inferences=tuple(f.rule for f in found.fired),
        loads=_loads(found.profile),
        via=_via(found),
        pinned=pinned,
        profile=found.profile,
    )


def _pinned(kb: KnowledgeBase, profiler: Profiler, r: CatalogRecord, pin: Pin, found: Profiled) -> CatalogMapping:
    """A reviewed mapping: a pinned exercise replaces the matches (its rules kept below 0.85), 'inferred'
    refuses the matches, 'unknown' drops everything. A pin that says what matching found keeps it whole
    (every part of a compound name)."""
    auto = _mapping(kb, r, found)
    same_exercise = auto.exercise.id if auto.exercise is not None else None
    if pin.method is auto.method and pin.exercise == same_exercise and pin.confidence in (None, auto.confidence):
        return auto.model_copy(update={"pinned": True})
    if pin.method is MappingMethod.MATCHED and pin.exercise is not None:
        confidence = 1.0 if pin.confidence is None else pin.confidence
        match = Match(pin.exercise, confidence, "pinned")
        fired = found.fired if confidence < PARTIAL else ()
        redone = profiler.join(r, [(r.name, match, fired)])
        return _mapping(kb, r, redone, pinned=True)
    if pin.method is MappingMethod.INFERRED:
        redone = profiler.join(r, [(r.name, None, found.fired)])
        m = _mapping(kb, r, redone, pinned=True)
        if pin.confidence is not None and m.method is MappingMethod.INFERRED:
            return m.model_copy(update={"confidence": pin.confidence})
        return m
    return _mapping(kb, r, profiler.join(r, [(r.name, None, ())]), pinned=True)
