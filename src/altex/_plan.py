"""adapt(): a training plan, item by item: keep, caution, replace or drop.

With a pain report the assessment gates the plan first (``docs/triage.md``):
rest, see_doctor and emergency drop every item with no alternative;
substitute swaps every item that aggravates the conditions for one that is
fine for them (or leaves it out); modify keeps items with the caution of the
assessment; continue changes nothing.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Generic, TypeVar

from pydantic import ValidationError

from .errors import InvalidInputError
from .models import Level
from .pain import Action, Assessment
from .results import AdaptedPlan, PlanAction, PlanEntry, PlanItem, Suggestion

if TYPE_CHECKING:
    from .kb import Conditions, KnowledgeBase, PlanInput, ReportInput

__all__ = ["Option", "adapt_plan", "decide", "plan_entry", "plan_note"]

S = TypeVar("S")


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


def adapt_plan(kb: KnowledgeBase, plan: PlanInput, conditions: Conditions, report: ReportInput | None) -> AdaptedPlan:
    """See :meth:`KnowledgeBase.adapt`."""
    if isinstance(plan, str | bytes | Mapping) or not isinstance(plan, Iterable):
        raise InvalidInputError("plan", f"expected a list of plan items, got {plan!r:.60}")
    entries = [plan_entry(item, i) for i, item in enumerate(plan)]
    cids = kb.condition_ids(conditions)
    assessment = kb.assess(report) if report is not None else None
    items = tuple(_adapt_one(kb, entry, cids, assessment) for entry in entries)
    conds = tuple(kb.conditions[c] for c in sorted(cids))
    return AdaptedPlan(items=items, conditions=conds, assessment=assessment, note=plan_note(assessment))


def plan_note(a: Assessment | None) -> str:
    """How a pain report's assessment changed the plan, in one line (empty without a report)."""
    if a is None:
        return ""
    kind, action = a.kind.value.replace("_", " "), a.action.value.replace("_", " ")
    off = " Every item is left out today." if a.action.stops_session else ""
    return f"Pain report: {kind}; action: {action}.{off} {a.advice}"


def _adapt_one(kb: KnowledgeBase, entry: PlanEntry, cids: frozenset[str], assessment: Assessment | None) -> PlanItem:
    """Decide one item: first what the report allows, then what the conditions do."""
    original = kb.exercise(entry.exercise)
    verdict = kb.verdict(original.id, cids)

    def best() -> Option[Suggestion] | None:
        found = kb.substitutes(original.id, cids, limit=1)
        return Option(found[0].exercise.name, found[0].verdict.level, found[0].why, found[0]) if found else None

    harms = " ".join(r.text for r in verdict.harms)
    # With no rule either way, say so rather than "fine".
    unknown = "" if verdict.reasons else "no rule known for these conditions" if cids else "no conditions given"
    act, pick, note = decide(original.name, verdict.level, harms, best, assessment, "the knowledge base", unknown)
    return PlanItem(
        original=original,
        entry=entry,
        action=act,
        replacement=pick.value.exercise if act is PlanAction.REPLACE and pick is not None else None,
        verdict=verdict,
        suggestion=pick.value if pick is not None else None,
        note=note,
    )


@dataclass(frozen=True, slots=True)
class Option(Generic[S]):
    """The best substitute for a plan item, as the decision needs it (*value* is the suggestion itself)."""

    name: str
    level: Level
    why: str
    value: S


def decide(
    name: str,
    level: Level,
    harms: str,
    best: Callable[[], Option[S] | None],
    assessment: Assessment | None,
    pool: str,
    unknown: str = "",
) -> tuple[PlanAction, Option[S] | None, str]:
    """What to do with one plan item at *level*: the action, the suggestion it carries and why.

    *best* finds the best substitute (asked only when needed); *pool* names
    where substitutes come from ("the knowledge base", "this catalog"); *unknown*,
    when given, says why an item at ok is not judged ("no rule known..."). Shared
    by ``kb.adapt`` and a catalog's ``adapt``, so both decide alike.
    """
    action = assessment.action if assessment is not None else Action.CONTINUE
    advice = f" With this pain: {assessment.advice}" if assessment is not None and action > Action.CONTINUE else ""
    if action.stops_session:
        # Rest, a doctor or an emergency: no exercise and no alternative, whatever the item.
        return PlanAction.DROP, None, f"Not today. {assessment.advice if assessment else ''}".strip()
    if level is Level.OK:
        fine = f"{name}: {unknown or 'fine for these conditions'}."
        return (PlanAction.CAUTION, None, fine + advice) if advice else (PlanAction.KEEP, None, fine)
    found = best()
    gentler = found if found is not None and found.level is Level.OK else None
    if level is Level.CAUTION and action < Action.SUBSTITUTE:
        offer = f" A gentler option: {gentler.name}." if gentler else ""
        return PlanAction.CAUTION, gentler, f"{harms}{offer}{advice}"
    # At avoid, or aggravating the conditions while the pain calls for a swap: replace it.
    # With pain, only an alternative that is fine for the conditions will do.
    pick = gentler if action is Action.SUBSTITUTE else found
    if pick is not None:
        return PlanAction.REPLACE, pick, f"{harms} Instead: {pick.name}, same dose. {pick.why}{advice}"
    if action is Action.SUBSTITUTE and found:
        why = f"no alternative in {pool} is fine for these conditions, so leave it out today."
        return PlanAction.DROP, None, f"{harms} With this pain, {why}{advice}"
    why = f"No substitute in {pool} is safe for these conditions, so leave it out."
    return PlanAction.DROP, None, f"{harms} {why}{advice}"
