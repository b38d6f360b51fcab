"""Catalog records -> mappings onto the knowledge base: matched, inferred or unknown.

Each record is first matched by name (:mod:`.matching`); a record no name
matches gets the mechanisms of the inference rules its attributes meet
(:mod:`.inference`); a record neither way is unknown. A partial match
(confidence below :data:`PARTIAL`) keeps the inferred mechanisms too, so a
name that matched only in part cannot hide a load its attributes show.
Pinned mappings, reviewed by the app (:mod:`.pins`), replace the automatic ones.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from ..kb import KnowledgeBase
from ..models import Inference
from .inference import Inferrer, loads_of
from .matching import fits_category, match_name
from .models import CatalogMapping, CatalogRecord, MappingMethod

__all__ = ["PARTIAL", "Pin", "map_records"]

#: A match below this confidence guessed part of the name; its inferred loads are added.
PARTIAL = 0.85


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
    inferrer = Inferrer(kb.inferences)
    names = kb._exercise_names  # the knowledge base's own index: one source of truth for names
    exercises = kb.exercises
    out: dict[str, CatalogMapping] = {}
    for r in records:
        fired = inferrer.fired(r)
        pin = pins.get(r.id) if pins else None
        if pin is not None:
            out[r.id] = _pinned(kb, r, pin, fired)
            continue

        def fits(eid: str, category: str | None = r.category) -> bool:
            return fits_category(category, exercises[eid].category)

        found = match_name(names, r.name, r.aliases, r.id, fits)
        if found is not None:
            out[r.id] = _matched(kb, r, found.exercise, found.confidence, found.via, fired)
        elif fired:
            out[r.id] = _inferred(r, fired, max(rule.confidence for rule in fired))
        else:
            out[r.id] = _unknown(r, "no exercise of the knowledge base has this name and no inference rule fits it")
    return out


def _mapping(r: CatalogRecord, method: MappingMethod, confidence: float, **fields: object) -> CatalogMapping:
    return CatalogMapping.model_validate({"record": r, "method": method, "confidence": confidence, **fields})


def _matched(
    kb: KnowledgeBase,
    r: CatalogRecord,
    eid: str,
    confidence: float,
    via: str,
    fired: tuple[Inference, ...],
    *,
    pinned: bool = False,
) -> CatalogMapping:
    extra = fired if confidence < PARTIAL else ()
    return _mapping(
        r,
        MappingMethod.MATCHED,
        confidence,
        exercise=kb.exercises[eid],
        inferences=extra,
        loads=loads_of(extra),
        via=via,
        pinned=pinned,
    )


def _inferred(
    r: CatalogRecord, fired: tuple[Inference, ...], confidence: float, *, pinned: bool = False
) -> CatalogMapping:
    via = "inferred from " + ", ".join(rule.id for rule in fired)
    return _mapping(
        r, MappingMethod.INFERRED, confidence, inferences=fired, loads=loads_of(fired), via=via, pinned=pinned
    )


def _unknown(r: CatalogRecord, why: str, *, pinned: bool = False) -> CatalogMapping:
    return _mapping(r, MappingMethod.UNKNOWN, 0.0, via=why, pinned=pinned)


def _pinned(kb: KnowledgeBase, r: CatalogRecord, pin: Pin, fired: tuple[Inference, ...]) -> CatalogMapping:
    if pin.method is MappingMethod.MATCHED and pin.exercise is not None:
        confidence = 1.0 if pin.confidence is None else pin.confidence
        return _matched(kb, r, pin.exercise, confidence, "pinned", fired, pinned=True)
    if pin.method is MappingMethod.INFERRED and fired:
        automatic = max(rule.confidence for rule in fired)
        return _inferred(r, fired, automatic if pin.confidence is None else pin.confidence, pinned=True)
    if pin.method is MappingMethod.INFERRED:
        # Pinned as inferred but no rule fits (any more): judging it ok would be a guess.
        return _unknown(r, "pinned as inferred, but no inference rule fits it", pinned=True)
    return _unknown(r, "pinned as unknown", pinned=True)
