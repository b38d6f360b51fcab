"""adapt(): a training plan, item by item: keep, caution, replace or drop."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING

from pydantic import ValidationError

from .errors import InvalidInputError
from .models import Level
from .results import AdaptedPlan, PlanAction, PlanEntry, PlanItem

if TYPE_CHECKING:
    from .kb import Conditions, KnowledgeBase, PlanInput

__all__ = ["adapt_plan", "plan_entry"]


def plan_entry(item: object, index: int = 0) -> PlanEntry:
    """One plan item as a :class:`PlanEntry`: a name, a mapping or an entry.

    >>> plan_entry({"exercise": "plank", "sets": 3})
    PlanEntry(exercise='plank', sets=3, reps=None, minutes=None)
    >>> plan_entry({"exercise": "plank", "sets": 0})
    Traceback (most recent call last):
    ...
    altex.errors.InvalidInputError: plan[0].sets: Input should be greater than or equal to 1 (got 0)
    """
    if isinstance(item, PlanEntry):
        return item
    if isinstance(item, str):
        item = {"exercise": item}
    if not isinstance(item, Mapping):
        raise InvalidInputError(f"plan[{index}]", f"expected an exercise name or a mapping, got {item!r:.60}")
    try:
        return PlanEntry.model_validate(dict(item))
    except ValidationError as exc:
        err = exc.errors()[0]
        where = ".".join(str(p) for p in err["loc"])
        got = err.get("input")
        shown = f" (got {got!r:.40})" if err["type"] != "missing" and not isinstance(got, dict) else ""
        raise InvalidInputError(f"plan[{index}].{where}", f"{err['msg']}{shown}") from None


def adapt_plan(kb: KnowledgeBase, plan: PlanInput, conditions: Conditions, report: object | None) -> AdaptedPlan:
    """See :meth:`KnowledgeBase.adapt`."""
    if isinstance(plan, str | bytes | Mapping) or not isinstance(plan, Iterable):
        raise InvalidInputError("plan", f"expected a list of plan items, got {plan!r:.60}")
    entries = [plan_entry(item, i) for i, item in enumerate(plan)]
    cids = kb.condition_ids(conditions)
    items = tuple(_adapt_one(kb, entry, cids) for entry in entries)
    conds = tuple(kb.conditions[c] for c in sorted(cids))
    return AdaptedPlan(items=items, conditions=conds)


def _adapt_one(kb: KnowledgeBase, entry: PlanEntry, cids: frozenset[str]) -> PlanItem:
    original = kb.exercise(entry.exercise)
    verdict = kb.verdict(original.id, cids)
    if verdict.level is Level.OK:
        return PlanItem(
            original=original,
            entry=entry,
            action=PlanAction.KEEP,
            replacement=None,
            verdict=verdict,
            suggestion=None,
            note=f"{original.name}: fine for these conditions.",
        )
    harms = " ".join(r.text for r in verdict.harms)
    best = kb.substitutes(original.id, cids, limit=1)
    if verdict.level is Level.CAUTION:
        alternative = best[0] if best and best[0].verdict.level is Level.OK else None
        offer = f" A gentler option: {alternative.exercise.name}." if alternative else ""
        return PlanItem(
            original=original,
            entry=entry,
            action=PlanAction.CAUTION,
            replacement=None,
            verdict=verdict,
            suggestion=alternative,
            note=f"{harms}{offer}",
        )
    if best:
        s = best[0]
        note = f"{harms} Instead: {s.exercise.name}, same dose. {s.why}"
        return PlanItem(
            original=original,
            entry=entry,
            action=PlanAction.REPLACE,
            replacement=s.exercise,
            verdict=verdict,
            suggestion=s,
            note=note,
        )
    note = f"{harms} No substitute in the knowledge base is safe for these conditions, so leave it out."
    return PlanItem(
        original=original,
        entry=entry,
        action=PlanAction.DROP,
        replacement=None,
        verdict=verdict,
        suggestion=None,
        note=note,
    )
