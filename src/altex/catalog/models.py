"""An app's catalog records, how each maps onto the knowledge base, and the answers about them.

All are frozen pydantic models, like the knowledge base's own results: they
can be shared, compared and serialised with ``model_dump(mode="json")``.
"""

from __future__ import annotations

import enum
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from ..models import Condition, Exercise, Force, Inference, Intensity, Level, Mechanic, Muscle
from ..pain import Assessment
from ..results import Judged, PlanAction, PlanEntry, Reason

__all__ = [
    "CatalogMapping",
    "CatalogPlan",
    "CatalogPlanItem",
    "CatalogRecord",
    "CatalogSuggestion",
    "CatalogVerdict",
    "Clue",
    "ClueKind",
    "DemandRating",
    "MappingMethod",
    "RecordProfile",
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
    description: str = Field(default="", max_length=8000)

    @property
    def muscles(self) -> tuple[Muscle, ...]:
        """Primary then secondary muscles, each once."""
        return tuple(dict.fromkeys((*self.primary_muscles, *self.secondary_muscles)))


class MappingMethod(enum.Enum):
    """How a catalog record was tied to the knowledge base."""

    MATCHED = "matched"  # its name (or a part of it) is (a variant of) a knowledge-base exercise's name or alias
    INFERRED = "inferred"  # no name matched; inference rules read its profile off its name, description, attributes
    UNKNOWN = "unknown"  # neither: every demand is judged at its most careful level until someone reviews it


class ClueKind(enum.Enum):
    """Where a rating of a record's profile came from."""

    EXERCISE = "exercise"  # a knowledge-base exercise the name (or a part of it) matched
    RULE = "rule"  # an inference rule whose criteria the record meets
    UNRATED = "unrated"  # nothing rated the demand: it is not ruled out


class Clue(_Frozen):
    """One piece of evidence for a demand's rating: which node of ``kb.graph`` gave it, and what fired.

    ``source`` is a knowledge-base exercise id or an inference rule id; ``part``
    the part of the name it was read from (the whole name when not compound);
    ``signals`` what the record showed (``"name 'jump'"``, ``"category 'plyometrics'"``).
    """

    kind: ClueKind
    source: str
    part: str = ""
    signals: tuple[str, ...] = ()

    def __str__(self) -> str:
        how = f" ({', '.join(self.signals)})" if self.signals else ""
        where = f" in {self.part!r}" if self.part else ""
        return f"{self.kind.value} {self.source}{where}{how}"


class DemandRating(_Frozen):
    """A record's rating of one demand: the intensity (None when nothing ruled it out) and its evidence."""

    demand: str
    intensity: Intensity | None
    clues: tuple[Clue, ...] = ()

    @property
    def known(self) -> bool:
        """Whether something rated the demand (none included)."""
        return self.intensity is not None


class RecordProfile(_Frozen):
    """A catalog record's movement profile: every demand rated or left unknown, with evidence.

    ``parts`` are the parts of a compound name ("Curl to Press" -> ``("Curl", "Press")``),
    each profiled on its own and joined by taking the maximum of every demand;
    a demand unknown in any part is unknown. ``features`` are the features
    (mechanisms without a scale) some rule or matched exercise gives.
    """

    demands: tuple[DemandRating, ...]
    features: tuple[str, ...] = ()
    parts: tuple[str, ...] = ()
    confidence: float = Field(ge=0, le=1)

    def rating(self, demand: str) -> DemandRating | None:
        """The rating of *demand*, or None when the knowledge base has no such demand."""
        return next((d for d in self.demands if d.demand == demand), None)

    @property
    def unknown(self) -> tuple[str, ...]:
        """The demands nothing ruled out, in id order."""
        return tuple(d.demand for d in self.demands if d.intensity is None)

    @property
    def compound(self) -> bool:
        """Whether the name was split into parts."""
        return len(self.parts) > 1


class CatalogMapping(_Frozen):
    """How one catalog record maps onto the knowledge base, and how sure that is.

    A ``MATCHED`` record has ``exercise`` (the first matched; ``exercises`` holds
    one per matched part of a compound name); ``inferences`` are the rules that
    add to what matched exercises give, and ``loads`` the mechanisms rated above
    none. ``profile`` is the record's movement profile with the evidence of
    each demand (a match below 0.85 confidence, a name matched only in part,
    also takes the ratings of the rules its attributes meet). ``via`` says in
    words how the mapping was made; ``pinned`` is true when it came from a
    reviewed mapping file rather than from matching.
    """

    record: CatalogRecord
    method: MappingMethod
    confidence: float = Field(ge=0, le=1)
    exercise: Exercise | None = None
    exercises: tuple[Exercise, ...] = ()
    inferences: tuple[Inference, ...] = ()
    loads: tuple[str, ...] = ()
    via: str = ""
    pinned: bool = False
    profile: RecordProfile | None = None


class CatalogVerdict(_Frozen, Judged):
    """How advisable a catalog exercise is for a set of conditions, and why.

    Like :class:`~altex.Verdict`: ``level`` is the worst of ``reasons``, whose
    paths run through ``kb.graph`` (from the matched exercise, or from the
    inference rule that gave a mechanism, or the unrated rule for a demand
    nothing ruled out, judged at its most careful level).
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
