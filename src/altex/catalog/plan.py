"""adapt() for a plan written in catalog ids: keep, caution, replace or drop each item.

The same decisions as :meth:`altex.KnowledgeBase.adapt` (one shared
``decide``), with replacements drawn from the catalog: ok -> keep; caution ->
keep with the reasons and the best ok alternative offered; avoid -> the best
substitute, same dose, or drop when the catalog holds none that is safe. A pain
report gates the plan first, as for the knowledge base: rest, a doctor or an
emergency drop every item.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING

from .._plan import Option, decide, plan_entry, plan_note
from ..errors import InvalidInputError
from ..pain import Assessment
from ..results import PlanAction, PlanEntry
from .models import CatalogPlan, CatalogPlanItem, CatalogSuggestion

if TYPE_CHECKING:
    from ..kb import Conditions, ReportInput
    from .catalog import Catalog

__all__ = ["CatalogPlanInput", "adapt_catalog_plan"]

CatalogPlanInput = Iterable[str | Mapping[str, object] | PlanEntry]


def adapt_catalog_plan(
    catalog: Catalog, plan: CatalogPlanInput, conditions: Conditions, report: ReportInput | None
) -> CatalogPlan:
    """See :meth:`Catalog.adapt`."""
    if isinstance(plan, str | bytes | Mapping) or not isinstance(plan, Iterable):
        raise InvalidInputError("plan", f"expected a list of plan items, got {plan!r:.60}")
    entries = [plan_entry(item, i) for i, item in enumerate(plan)]
    kb = catalog.kb
    cids = kb.condition_ids(conditions)
    assessment = kb.assess(report) if report is not None else None
    items = tuple(_adapt_one(catalog, entry, cids, assessment) for entry in entries)
    conds = tuple(kb.conditions[c] for c in sorted(cids))
    return CatalogPlan(items=items, conditions=conds, assessment=assessment, note=plan_note(assessment))


def _adapt_one(
    catalog: Catalog, entry: PlanEntry, cids: frozenset[str], assessment: Assessment | None
) -> CatalogPlanItem:
    original = catalog.record(entry.exercise)
    verdict = catalog.verdict(original.id, cids)

    def best() -> Option[CatalogSuggestion] | None:
        found = catalog.substitutes(original.id, cids, limit=1)
        return Option(found[0].record.name, found[0].verdict.level, found[0].why, found[0]) if found else None

    harms = " ".join(r.text for r in verdict.harms)
    act, pick, note = decide(original.name, verdict.level, harms, best, assessment, "this catalog")
    return CatalogPlanItem(
        original=original,
        entry=entry,
        action=act,
        replacement=pick.value.record if act is PlanAction.REPLACE and pick is not None else None,
        verdict=verdict,
        suggestion=pick.value if pick is not None else None,
        note=note,
    )
