"""adapt() for a plan written in catalog ids: keep, caution, replace or drop each item.

The same decisions as :meth:`altex.KnowledgeBase.adapt`, with replacements
drawn from the catalog: ok -> keep; caution -> keep with the reasons and the
best ok alternative offered; avoid -> the best substitute, same dose, or drop
when the catalog holds none that is safe.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING

from .._plan import plan_entry
from ..errors import InvalidInputError
from ..models import Level
from ..results import PlanAction, PlanEntry
from .models import CatalogPlan, CatalogPlanItem

if TYPE_CHECKING:
    from ..kb import Conditions
    from .catalog import Catalog

__all__ = ["adapt_catalog_plan"]

CatalogPlanInput = Iterable[str | Mapping[str, object] | PlanEntry]


def adapt_catalog_plan(catalog: Catalog, plan: CatalogPlanInput, conditions: Conditions) -> CatalogPlan:
    """See :meth:`Catalog.adapt`."""
    if isinstance(plan, str | bytes | Mapping) or not isinstance(plan, Iterable):
        raise InvalidInputError("plan", f"expected a list of plan items, got {plan!r:.60}")
    entries = [plan_entry(item, i) for i, item in enumerate(plan)]
    cids = catalog.kb.condition_ids(conditions)
    items = tuple(_adapt_one(catalog, entry, cids) for entry in entries)
    return CatalogPlan(items=items, conditions=tuple(catalog.kb.conditions[c] for c in sorted(cids)))


def _adapt_one(catalog: Catalog, entry: PlanEntry, cids: frozenset[str]) -> CatalogPlanItem:
    original = catalog.record(entry.exercise)
    verdict = catalog.verdict(original.id, cids)
    if verdict.level is Level.OK:
        action, suggestion, note = PlanAction.KEEP, None, f"{original.name}: fine for these conditions."
    else:
        harms = " ".join(r.text for r in verdict.harms)
        best = catalog.substitutes(original.id, cids, limit=1)
        if verdict.level is Level.CAUTION:
            suggestion = best[0] if best and best[0].verdict.level is Level.OK else None
            offer = f" A gentler option: {suggestion.record.name}." if suggestion else ""
            action, note = PlanAction.CAUTION, f"{harms}{offer}"
        elif best:
            suggestion = best[0]
            action = PlanAction.REPLACE
            note = f"{harms} Instead: {suggestion.record.name}, same dose. {suggestion.why}"
        else:
            action, suggestion = PlanAction.DROP, None
            note = f"{harms} No exercise of this catalog is a safe substitute for these conditions, so leave it out."
    return CatalogPlanItem(
        original=original,
        entry=entry,
        action=action,
        replacement=suggestion.record if action is PlanAction.REPLACE and suggestion else None,
        verdict=verdict,
        suggestion=suggestion,
        note=note,
    )
