"""What the HTTP service takes and answers: pydantic models, so the OpenAPI document is exact.

Requests reuse altex's own models where there is one (a pain report, a plan
entry, a catalog's columns); answers have the same shape as the command line's
``--json`` output (a test holds the two together), and records are altex's
record models as they are.
"""

from __future__ import annotations

from typing import Annotated, Any, Generic, TypeVar

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from ..catalog import Columns
from ..catalog.adapters import CatalogFormat
from ..catalog.models import MappingMethod
from ..errors import MAX_NAME_LENGTH
from ..models import Evidence, Level
from ..pain import Action, AssessmentKind, PainReport
from ..person import Person
from ..results import PlanAction, PlanEntry

__all__ = [
    "MAX_CATALOG_ROWS",
    "MAX_NAMES",
    "MAX_PAGE",
    "MAX_PLAN",
    "AdaptRequest",
    "AssessmentOut",
    "CatalogCheckOut",
    "CatalogCheckRequest",
    "CheckRequest",
    "Info",
    "Page",
    "PainReportIn",
    "PersonIn",
    "PlanOut",
    "SubstitutesOut",
    "SubstitutesRequest",
    "VerdictOut",
]

#: Most conditions or equipment names one request may give.
MAX_NAMES = 50
#: Most items of a plan.
MAX_PLAN = 200
#: Most rows of a posted catalog.
MAX_CATALOG_ROWS = 5_000
#: Most records on one page of a listing.
MAX_PAGE = 500
#: Most substitutes one request may ask for.
MAX_SUBSTITUTES = 100

Name = Annotated[str, StringConstraints(min_length=1, max_length=MAX_NAME_LENGTH)]
Names = Annotated[list[Name], Field(max_length=MAX_NAMES, description="condition names, ids or aliases")]
T = TypeVar("T")


class _In(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class PersonIn(_In):
    """What is known about the person beyond the diagnoses; every field is optional (see altex.Person)."""

    stage: Name | None = Field(default=None, description="acute, subacute or chronic; unknown = the most careful")
    preference: Name | None = Field(default=None, description="extension, flexion, lateral shift or none known")
    response: Name | None = Field(default=None, description="centralising or peripheralising")
    bone: Name | None = Field(default=None, description="osteopenia, osteoporosis or vertebral fracture")
    surgery: Name | None = Field(default=None, description="microdiscectomy or fusion")
    weeks_since_surgery: float | None = Field(default=None, ge=0, le=520)


_PERSON = Field(default=None, description="the person's modifiers; leave out for the conditions alone")


def who(conditions: list[str], person: PersonIn | None) -> list[str] | Person:
    """The conditions of a request: a plain list, or a Person when the request gives modifiers."""
    if person is None:
        return conditions
    return Person(conditions=tuple(conditions), **person.model_dump())


class CheckRequest(_In):
    """Ask how advisable one exercise is for a person's conditions."""

    exercise: Name = Field(description="an exercise id, name or alias, in any case or spacing")
    conditions: Names = []
    person: PersonIn | None = _PERSON


class SubstitutesRequest(_In):
    """Ask for safer alternatives to one exercise, best first."""

    exercise: Name
    conditions: Names = []
    person: PersonIn | None = _PERSON
    limit: int = Field(default=5, ge=1, le=MAX_SUBSTITUTES)
    equipment: Annotated[list[Name], Field(max_length=MAX_NAMES)] | None = Field(
        default=None, description="everything the person has; leave out for no restriction, [] for none"
    )


class PainReportIn(PainReport):
    """What a person reports about their back pain; ``severity`` is required unless ``symptoms`` are given.

    Enum fields take their values in any case; ``symptoms`` are symptom ids, names or aliases.
    """

    # altex's PainReport builds its schema on first use; the service needs it built now.
    model_config = ConfigDict(defer_build=False)


class AdaptRequest(_In):
    """Adapt a training plan to a person's conditions and, optionally, a pain report."""

    plan: Annotated[list[Name | PlanEntry], Field(min_length=1, max_length=MAX_PLAN)] = Field(
        description="exercise names, or entries with an exercise and optional sets, reps, minutes"
    )
    conditions: Names = []
    person: PersonIn | None = _PERSON
    report: PainReportIn | None = None


class CatalogCheckRequest(_In):
    """Judge every exercise of an app's own catalog (rows as the app stores them)."""

    rows: Annotated[list[dict[str, Any]], Field(min_length=1, max_length=MAX_CATALOG_ROWS)]
    format: CatalogFormat | None = Field(
        default=None, description="the rows' layout: detected from free-exercise-db's columns when left out"
    )
    columns: Columns | None = Field(default=None, description="which column holds each field (plain layout)")
    conditions: Names = []
    person: PersonIn | None = _PERSON


# -- answers -----------------------------------------------------------------------


class ReasonOut(BaseModel):
    """One rule that applies: a path through the knowledge graph, with its sources."""

    level: Level
    condition: str | None
    path: list[str]
    text: str
    sources: list[str]
    evidence: Evidence
    relaxed_from: Level | None = Field(default=None, description="for a harm relaxed for this person: the level before")


class VerdictOut(BaseModel):
    """How advisable an exercise is for the conditions, and why (harms first)."""

    exercise: str
    name: str
    conditions: list[str]
    modifiers: list[str] = Field(default=[], description="the person's modifier values that were applied")
    level: Level
    rule_known: bool
    reasons: list[ReasonOut]
    note: str | None = Field(default=None, description="Said when no rule links the exercise to the conditions.")


class SuggestionOut(BaseModel):
    """One substitute, scored in [0, 1], with its own verdict's reasons."""

    exercise: str
    name: str
    score: float
    level: Level
    path: list[str]
    why: str
    sources: list[str]
    reasons: list[ReasonOut]


class SubstitutesOut(BaseModel):
    """Substitutes for one exercise, best first; never anything at avoid for the conditions."""

    exercise: str
    conditions: list[str]
    substitutes: list[SuggestionOut]


class TriageReasonOut(BaseModel):
    """One triage rule a pain report met."""

    rule: str
    kind: AssessmentKind | None
    action: Action
    text: str
    advice: str
    sources: list[str]
    evidence: Evidence


class AssessmentOut(BaseModel):
    """Soreness, pain or a red flag, and what to do (altex does not diagnose)."""

    kind: AssessmentKind
    action: Action
    advice: str
    symptoms: list[str]
    reasons: list[TriageReasonOut]


class PlanItemOut(BaseModel):
    """The decision for one plan entry."""

    exercise: str
    action: PlanAction
    level: Level
    replacement: str | None
    entry: PlanEntry
    result: PlanEntry | None
    note: str
    sources: list[str]
    reasons: list[ReasonOut]


class PlanOut(BaseModel):
    """A plan adapted to the conditions and, when given, to a pain report."""

    conditions: list[str]
    note: str
    assessment: AssessmentOut | None
    items: list[PlanItemOut]


class CatalogExerciseOut(BaseModel):
    """One catalog exercise: its verdict and how it was mapped onto the knowledge base."""

    id: str
    name: str
    level: Level
    method: MappingMethod
    altex_id: str | None
    confidence: float
    loads: list[str]
    inferences: list[str]
    via: str
    pinned: bool
    reasons: list[ReasonOut]


class CatalogCheckOut(BaseModel):
    """Every exercise of a catalog judged, with counts by level and by mapping method."""

    conditions: list[str]
    counts: dict[Level, int]
    mapping: dict[MappingMethod, int]
    exercises: list[CatalogExerciseOut]


class Page(BaseModel, Generic[T]):
    """One page of a listing, in the knowledge base's order."""

    total: int
    offset: int
    limit: int
    items: list[T]


class Info(BaseModel):
    """What the service runs: the altex version and the size of its knowledge base."""

    altex: str
    exercises: int
    conditions: int
    mechanisms: int
    sources: int
    symptoms: int
