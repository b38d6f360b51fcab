"""An app's catalog records, how each maps onto the knowledge base, and the answers about them.

All are frozen pydantic models, like the knowledge base's own results: they
can be shared, compared and serialised with ``model_dump(mode="json")``.
"""

from __future__ import annotations

import enum
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from ..models import Condition, Exercise, Force, Inference, Level, Mechanic, Muscle
from ..pain import Assessment
from ..results import Judged, PlanAction, PlanEntry, Reason

__all__ = [
    "CatalogMapping",
    "CatalogPlan",
    "CatalogPlanItem",
    "CatalogRecord",
    "CatalogSuggestion",
    "CatalogVerdict",
    "MappingMethod",
]

AppText = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class CatalogRecord(_Frozen):
    """One exercise of an app's catalog, with the app's own id and name.

    ``category`` and ``equipment`` are the app's values as lowercase kebab-case
    ids (``"olympic-weightlifting"``, ``"e-z-curl-bar"``); ``equipment = ()``
    means none is needed.

    >>> CatalogRecord(id="bb-dl", name="Barbell Deadlift", primary_muscles=["lower-back"]).primary_muscles
    (<Muscle.LOWER_BACK: 'lower-back'>,)
    """

    id: AppText
    name: AppText
    aliases: tuple[AppText, ...] = ()
    category: str | None = Field(default=None, max_length=80)
    equipment: tuple[str, ...] = ()
    force: Force | None = None
    mechanic: Mechanic | None = None
    level: str | None = Field(default=None, max_length=80)
    primary_muscles: tuple[Muscle, ...] = ()
    secondary_muscles: tuple[Muscle, ...] = ()

    @property
    def muscles(self) -> tuple[Muscle, ...]:
        """Primary then secondary muscles, each once."""
        return tuple(dict.fromkeys((*self.primary_muscles, *self.secondary_muscles)))


class MappingMethod(enum.Enum):
    """How a catalog record was tied to the knowledge base."""

    MATCHED = "matched"  # its name is (a variant of) a knowledge-base exercise's name or alias
    INFERRED = "inferred"  # no name matched; inference rules read its mechanisms off its attributes
    UNKNOWN = "unknown"  # neither: it is judged caution until someone reviews it


class CatalogMapping(_Frozen):
    """How one catalog record maps onto the knowledge base, and how sure that is.

    A ``MATCHED`` record has ``exercise``; an ``INFERRED`` one has the
    ``inferences`` that fired and the mechanism ids they give (``loads``). A
    match with confidence below 0.8 (a name matched only in part) also lists
    the inferences its attributes meet, whose harms are added to its verdict.
    ``via`` says in words how the mapping was made; ``pinned`` is true when it
    came from a reviewed mapping file rather than from matching.
    """

    record: CatalogRecord
    method: MappingMethod
    confidence: float = Field(ge=0, le=1)
    exercise: Exercise | None = None
    inferences: tuple[Inference, ...] = ()
    loads: tuple[str, ...] = ()
    via: str = ""
    pinned: bool = False


class CatalogVerdict(_Frozen, Judged):
    """How advisable a catalog exercise is for a set of conditions, and why.

    Like :class:`~altex.Verdict`: ``level`` is the worst of ``reasons``, whose
    paths run through ``kb.graph`` (from the matched exercise, or from the
    inference rule that gave a mechanism). An unknown record is at caution.
    """

    mapping: CatalogMapping
    conditions: tuple[Condition, ...]
    level: Level
    reasons: tuple[Reason, ...]

    @property
    def record(self) -> CatalogRecord:
        """The catalog record judged."""
        return self.mapping.record


class CatalogSuggestion(_Frozen):
    """A substitute drawn from the same catalog, scored in ``[0, 1]``.

    ``path`` starts at the original record's catalog id and ends at the
    suggestion's; the nodes between are node ids of ``kb.graph`` (the
    knowledge-base route between the exercises they map to, or a shared
    ``muscle:*`` node).
    """

    record: CatalogRecord
    score: float
    verdict: CatalogVerdict
    path: tuple[str, ...]
    why: str

    @property
    def sources(self) -> tuple[str, ...]:
        """Every source the suggestion's verdict cites, each once."""
        return tuple(dict.fromkeys(sid for r in self.verdict.reasons for sid in r.sources))


class CatalogPlanItem(_Frozen):
    """The decision for one entry of a plan written in catalog ids."""

    original: CatalogRecord
    entry: PlanEntry
    action: PlanAction
    replacement: CatalogRecord | None
    verdict: CatalogVerdict
    suggestion: CatalogSuggestion | None
    note: str = ""

    @property
    def result(self) -> PlanEntry | None:
        """The entry to do instead of ``entry`` (dose carried over, catalog id), or None when dropped."""
        if self.action is PlanAction.DROP:
            return None
        chosen = self.replacement if self.replacement is not None else self.original
        return self.entry.model_copy(update={"exercise": chosen.id})


class CatalogPlan(_Frozen):
    """A plan of catalog exercises adapted to a person's conditions and, when given, their pain report.

    ``assessment`` is the judgement of the report (None without one); ``note``
    says how it changed the plan.
    """

    items: tuple[CatalogPlanItem, ...]
    conditions: tuple[Condition, ...] = ()
    note: str = ""
    assessment: Assessment | None = None

    def entries(self) -> list[PlanEntry]:
        """The plan to do: kept and replacement entries, dropped items left out."""
        return [e for e in (item.result for item in self.items) if e is not None]
