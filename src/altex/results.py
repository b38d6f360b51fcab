"""What queries answer: verdicts with reasons, suggestions, adapted plans.

All are frozen pydantic models: they can be shared, hashed, compared and
serialised with ``model_dump(mode="json")``. Fields that hold a record hold
the record's model, not its id.
"""

from __future__ import annotations

import enum
import itertools
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING

from pydantic import BaseModel, ConfigDict, Field

from .models import Condition, Evidence, Exercise, Level
from .pain import Assessment
from .person import Modifier

__all__ = [
    "AdaptedPlan",
    "Judged",
    "PlanAction",
    "PlanEntry",
    "PlanItem",
    "Reason",
    "Suggestion",
    "Verdict",
    "suggestion_sources",
]


class _Result(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", defer_build=True)


class Reason(_Result):
    """One rule that applies, as a path through the knowledge graph.

    ``level`` is ``OK`` for a benefit (the exercise helps the condition) and
    ``CAUTION`` or ``AVOID`` for a harm. ``path`` is a tuple of node ids of
    ``kb.graph`` in which each consecutive pair is joined by an edge, such as
    ``("hamstring-stretch", "neural-tension", "sciatica")``.
    """

    level: Level
    condition: Condition | None
    path: tuple[str, ...]
    text: str
    sources: tuple[str, ...]
    evidence: Evidence = Evidence.CLINICAL
    relaxed_from: Level | None = None
    """For a harm relaxed for this person (see ``docs/verdicts.md``): the level before; its text says
    why and its sources include the relaxation's."""

    @property
    def is_benefit(self) -> bool:
        """True when this reason says the exercise helps rather than harms (a harm relaxed to ok is no benefit)."""
        return self.level is Level.OK and self.relaxed_from is None

    @property
    def is_relaxed(self) -> bool:
        """True when a person modifier lowered this reason's level."""
        return self.relaxed_from is not None


class Judged:
    """What every verdict offers (the knowledge base's and a catalog's): helpers over
    ``level`` and ``reasons``, which the model using this mixin declares."""

    if TYPE_CHECKING:  # declared by each model, in its own field order
        level: Level
        reasons: tuple[Reason, ...]

    @property
    def is_allowed(self) -> bool:
        """True unless the verdict is ``AVOID``."""
        return self.level is not Level.AVOID

    @property
    def harms(self) -> tuple[Reason, ...]:
        """The reasons that raise the level (caution or avoid)."""
        return tuple(r for r in self.reasons if not r.is_benefit)

    @property
    def benefits(self) -> tuple[Reason, ...]:
        """The reasons that say the exercise helps one of the conditions."""
        return tuple(r for r in self.reasons if r.is_benefit)


def _unique(ids: Iterable[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(ids))


class Verdict(_Result, Judged):
    """How advisable an exercise is for a set of conditions, and why.

    ``level`` is the maximum over ``reasons``: a benefit for one condition never
    lowers a harm from another; both are listed, harms first. ``str()`` gives
    one short line:

    >>> print(kb.check("hamstring stretch", "sciatica"))  # doctest: +ELLIPSIS
    Hamstring stretch: avoid for Sciatica (... reason...; sources: ...)
    >>> print(kb.check("plank"))
    Plank: no conditions given (a general answer)
    """

    exercise: Exercise
    conditions: tuple[Condition, ...]
    level: Level
    reasons: tuple[Reason, ...]
    modifiers: tuple[Modifier, ...] = ()
    """The person's modifier values that were taken into account (empty for a list of conditions)."""

    @property
    def relaxed(self) -> tuple[Reason, ...]:
        """The reasons a person modifier relaxed, each saying so with its sources."""
        return tuple(r for r in self.reasons if r.relaxed_from is not None)

    @property
    def sources(self) -> tuple[str, ...]:
        """Every source its reasons cite, each once, in the order of the reasons."""
        return _unique(sid for r in self.reasons for sid in r.sources)

    def __str__(self) -> str:
        name = self.exercise.name
        if not self.conditions:
            return f"{name}: no conditions given (a general answer)"
        conds = ", ".join(c.name for c in self.conditions)
        if not self.reasons:
            return f"{name}: no rule known for {conds}"
        n = len(self.reasons)
        return (
            f"{name}: {self.level.value} for {conds} ({n} reason{'s' * (n != 1)}; sources: {', '.join(self.sources)})"
        )


class Suggestion(_Result):
    """A substitute for an exercise, scored in ``[0, 1]`` (higher is a closer fit).

    ``sources`` are those of the curated substitute rules along ``path``, then
    those of the suggestion's verdict (empty for a substitute found only
    through a shared training goal, with nothing known against it).

    >>> best = kb.substitutes("hamstring stretch", "sciatica", limit=1)[0]
    >>> print(best)  # doctest: +ELLIPSIS
    Sciatic nerve glide (ok, score ...; sources: ...)
    """

    exercise: Exercise
    score: float
    verdict: Verdict
    path: tuple[str, ...]
    why: str
    sources: tuple[str, ...] = ()

    def __str__(self) -> str:
        cited = f"; sources: {', '.join(self.sources)}" if self.sources else ""
        return f"{self.exercise.name} ({self.verdict.level.value}, score {self.score:.2f}{cited})"


def suggestion_sources(exercises: Mapping[str, Exercise], path: Iterable[str], verdict: Verdict) -> tuple[str, ...]:
    """The sources of a suggestion along *path*: each curated substitute edge's, then *verdict*'s.

    >>> sub = kb.exercises["running"].substitutes[0]
    >>> suggestion_sources(kb.exercises, ("running", sub.exercise), kb.check(sub.exercise)) == sub.sources
    True
    """
    steps = list(path)
    found: list[str] = []
    for a, b in itertools.pairwise(steps):
        if a in exercises:
            found += (sid for sub in exercises[a].substitutes if sub.exercise == b for sid in sub.sources)
    return _unique([*found, *verdict.sources])


class PlanEntry(_Result):
    """One item of a training plan: an exercise name and an optional dose."""

    exercise: str = Field(min_length=1, max_length=200)
    sets: int | None = Field(default=None, ge=1, le=100)
    reps: int | None = Field(default=None, ge=1, le=1000)
    minutes: float | None = Field(default=None, gt=0, le=24 * 60)


class PlanAction(enum.Enum):
    """What to do with one plan item."""

    KEEP = "keep"  # fine as it is
    CAUTION = "caution"  # keep, with the cautions of its verdict
    REPLACE = "replace"  # do the replacement instead, same dose
    DROP = "drop"  # leave it out: no safe substitute, or the session is off


class PlanItem(_Result):
    """The decision for one plan entry."""

    original: Exercise
    entry: PlanEntry
    action: PlanAction
    replacement: Exercise | None
    verdict: Verdict
    suggestion: Suggestion | None
    note: str = ""

    @property
    def sources(self) -> tuple[str, ...]:
        """The sources behind the decision: the verdict's, then the chosen suggestion's."""
        return _unique([*self.verdict.sources, *(self.suggestion.sources if self.suggestion else ())])

    def __str__(self) -> str:
        dose = ", ".join(f"{v} {k}" for k in ("sets", "reps", "minutes") if (v := getattr(self.entry, k)) is not None)
        shown = f"{self.original.name} ({dose})" if dose else self.original.name
        if self.action is PlanAction.REPLACE and self.replacement is not None:
            shown += f" -> {self.replacement.name}"
        return f"{self.action.value}: {shown}"

    @property
    def result(self) -> PlanEntry | None:
        """The entry to do instead of ``entry`` (dose carried over), or None when dropped."""
        if self.action is PlanAction.DROP:
            return None
        if self.replacement is not None and self.action is PlanAction.REPLACE:
            return self.entry.model_copy(update={"exercise": self.replacement.id})
        return self.entry.model_copy(update={"exercise": self.original.id})


class AdaptedPlan(_Result):
    """A training plan adapted to a person's conditions and, when given, their pain report.

    ``assessment`` is the judgement of the report (None without one); ``note``
    says how it changed the plan.
    """

    items: tuple[PlanItem, ...]
    conditions: tuple[Condition, ...] = ()
    note: str = ""
    assessment: Assessment | None = None

    def __str__(self) -> str:
        """The plan, one item a line.

        >>> print(kb.adapt(["hamstring stretch", {"exercise": "plank", "sets": 3}], "sciatica"))
        Plan for Sciatica:
          replace: Hamstring stretch -> Sciatic nerve glide
          keep: Plank (3 sets)
        """
        conds = ", ".join(c.name for c in self.conditions) or "no conditions given"
        lines = [f"Plan for {conds}:"]
        if self.assessment is not None:
            lines.append(f"  pain report: {self.assessment.kind.value}, {self.assessment.action.value}")
        lines += [f"  {item}" for item in self.items]
        return "\n".join(lines)

    def entries(self) -> list[PlanEntry]:
        """The plan to do: kept and replacement entries, dropped items left out."""
        return [e for e in (item.result for item in self.items) if e is not None]
