"""The records of the knowledge base: frozen pydantic models and their enums.

One TOML table becomes one of these models (see ``docs/data-format.md``).
Closed vocabularies (levels, impact, categories, goals, settings, evidence
kinds) are enums whose values are spelled as in the TOML files; open
vocabularies (mechanisms, conditions, exercises, equipment) are ids.
"""

from __future__ import annotations

import enum
import functools
from collections.abc import Iterator, Mapping
from types import MappingProxyType
from typing import Annotated, Any, Protocol, TypeVar, overload

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    GetCoreSchemaHandler,
    StringConstraints,
    model_validator,
)
from pydantic_core import core_schema

__all__ = [
    "Adjustment",
    "Aggravation",
    "Benefit",
    "Category",
    "Combination",
    "Condition",
    "ConditionKind",
    "Contraindication",
    "Criteria",
    "Evidence",
    "Exercise",
    "Force",
    "Goal",
    "Impact",
    "Inference",
    "InferenceKind",
    "Intensity",
    "Level",
    "Mechanic",
    "Mechanism",
    "Muscle",
    "Profile",
    "Record",
    "Relief",
    "Scale",
    "Setting",
    "Source",
    "SourceKind",
    "Substitute",
]

#: Record ids are lowercase kebab-case: ``lumbar-disc-herniation``.
ID_PATTERN = r"^[a-z0-9]+(-[a-z0-9]+)*$"
RecordId = Annotated[str, StringConstraints(pattern=ID_PATTERN, max_length=80)]
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=4000)]
Name = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=120)]


def _unique(values: tuple[str, ...]) -> tuple[str, ...]:
    if len(set(values)) != len(values):
        seen: set[str] = set()
        dupes = sorted({v for v in values if v in seen or seen.add(v)})  # type: ignore[func-returns-value]
        raise ValueError(f"repeated value(s): {', '.join(dupes)}")
    return values


Ids = Annotated[tuple[RecordId, ...], AfterValidator(_unique)]
SourceIds = Annotated[tuple[RecordId, ...], Field(min_length=1), AfterValidator(_unique)]
Names = Annotated[tuple[Name, ...], AfterValidator(_unique)]


class _Ordered(enum.Enum):
    """An enum ordered by declaration, not by value."""

    @functools.cached_property
    def rank(self) -> int:
        return list(type(self)).index(self)

    def __lt__(self, other: object) -> bool:
        if type(other) is not type(self):
            return NotImplemented
        return self.rank < other.rank

    def __le__(self, other: object) -> bool:
        if type(other) is not type(self):
            return NotImplemented
        return self.rank <= other.rank

    def __gt__(self, other: object) -> bool:
        if type(other) is not type(self):
            return NotImplemented
        return self.rank > other.rank

    def __ge__(self, other: object) -> bool:
        if type(other) is not type(self):
            return NotImplemented
        return self.rank >= other.rank


class Level(_Ordered):
    """How advisable an exercise is, ordered ``OK < CAUTION < AVOID``.

    >>> Level.OK < Level.CAUTION < Level.AVOID
    True
    >>> max(Level.CAUTION, Level.AVOID, Level.OK)
    <Level.AVOID: 'avoid'>
    """

    OK = "ok"
    CAUTION = "caution"
    AVOID = "avoid"


class Intensity(_Ordered):
    """How much of a demand an exercise places on the lower back, ordered ``NONE < LOW < MODERATE < HIGH``.

    >>> Intensity.LOW < Intensity.HIGH
    True
    """

    NONE = "none"
    LOW = "low"
    MODERATE = "moderate"
    HIGH = "high"


#: The ground-reaction impact of an exercise: its rating of the ``impact`` demand.
Impact = Intensity


class Profile(Mapping[str, Intensity]):
    """What an exercise does to the lower back: each demand (a graded mechanism id) to an intensity.

    Immutable and hashable. ``a >= b`` when *a* is at least *b* in every demand
    either names (a missing demand counts as none): the dominance order.

    >>> run = Profile({"impact": Intensity.HIGH, "upright-standing": Intensity.MODERATE})
    >>> walk = Profile({"impact": Intensity.LOW, "upright-standing": Intensity.MODERATE})
    >>> run >= walk, walk >= run
    (True, False)
    >>> run["impact"]
    <Intensity.HIGH: 'high'>
    """

    # Compact: the demand ids are one tuple shared by every profile that rates the same demands
    # (with the position of each), and the ratings a tuple, so a profile costs a few pointers.
    __slots__ = ("_at", "_keys", "_values")
    _keys: tuple[str, ...]
    _at: Mapping[str, int]
    _values: tuple[Intensity, ...]

    def __init__(self, items: Mapping[str, Intensity | str] | None = None) -> None:
        pairs = sorted((items or {}).items())
        keys = tuple(k for k, _ in pairs)
        shared = _PROFILE_KEYS.get(keys)
        if shared is None:
            shared = _PROFILE_KEYS.setdefault(keys, (keys, MappingProxyType({k: i for i, k in enumerate(keys)})))
        object.__setattr__(self, "_keys", shared[0])
        object.__setattr__(self, "_at", shared[1])
        object.__setattr__(self, "_values", tuple(Intensity(v) for _, v in pairs))

    def __getitem__(self, key: str) -> Intensity:
        return self._values[self._at[key]]

    def __iter__(self) -> Iterator[str]:
        return iter(self._keys)

    def __len__(self) -> int:
        return len(self._keys)

    def __contains__(self, key: object) -> bool:
        return key in self._at

    @overload
    def get(self, key: str, /) -> Intensity | None: ...
    @overload
    def get(self, key: str, /, default: Intensity | _T) -> Intensity | _T: ...
    def get(self, key: str, /, default: object = None) -> object:
        at = self._at.get(key)
        return default if at is None else self._values[at]

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError("a Profile is immutable")

    def __hash__(self) -> int:
        return hash((self._keys, self._values))

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Profile):
            return self._keys == other._keys and self._values == other._values
        return super().__eq__(other)

    def __repr__(self) -> str:
        return f"Profile({ {k: v.value for k, v in zip(self._keys, self._values, strict=True)} })"

    def __reduce__(self) -> tuple[Any, ...]:
        # The shared key tuple and the enum members are pickled once per pickle, not per profile.
        return (_restore_profile, (self._keys, self._values))

    def level(self, demand: str) -> Intensity:
        """The intensity of *demand*; none when the profile does not rate it."""
        at = self._at.get(demand)
        return Intensity.NONE if at is None else self._values[at]

    def __ge__(self, other: object) -> bool:
        if not isinstance(other, Profile):
            return NotImplemented
        return all(self.level(d) >= i for d, i in zip(other._keys, other._values, strict=True))

    def __le__(self, other: object) -> bool:
        if not isinstance(other, Profile):
            return NotImplemented
        return other >= self

    @classmethod
    def __get_pydantic_core_schema__(cls, source: Any, handler: GetCoreSchemaHandler) -> core_schema.CoreSchema:
        as_dict = handler.generate_schema(dict[Annotated[str, StringConstraints(pattern=ID_PATTERN)], Intensity])
        return core_schema.no_info_after_validator_function(
            cls,
            as_dict,
            serialization=core_schema.plain_serializer_function_ser_schema(
                lambda p: {k: v.value for k, v in p.items()}
            ),
        )


_T = TypeVar("_T")


def _restore_profile(keys: tuple[str, ...], values: tuple[Intensity, ...]) -> Profile:
    """A profile from its pickled parts (sorted keys and their ratings), without checking them again."""
    profile = Profile.__new__(Profile)
    shared = _PROFILE_KEYS.get(keys)
    if shared is None:
        shared = _PROFILE_KEYS.setdefault(keys, (keys, MappingProxyType({k: i for i, k in enumerate(keys)})))
    object.__setattr__(profile, "_keys", shared[0])
    object.__setattr__(profile, "_at", shared[1])
    object.__setattr__(profile, "_values", tuple(values))
    return profile


#: The demand ids of every distinct profile shape, with each id's position (see ``Profile``).
_PROFILE_KEYS: dict[tuple[str, ...], tuple[tuple[str, ...], Mapping[str, int]]] = {}


class Category(enum.Enum):
    """What kind of training an exercise is; substitutes keep it where they can."""

    CARDIO = "cardio"
    AQUATIC = "aquatic"
    STRENGTH = "strength"
    CORE = "core"
    STRETCH = "stretch"
    YOGA = "yoga"
    SPORT = "sport"
    DAILY = "daily"


class Goal(enum.Enum):
    """A training goal an exercise serves."""

    CARDIO = "cardio"
    STRENGTH = "strength"
    CORE = "core"
    FLEXIBILITY = "flexibility"
    MOBILITY = "mobility"
    BALANCE = "balance"
    POWER = "power"
    BONE_HEALTH = "bone-health"
    RELAXATION = "relaxation"
    RECREATION = "recreation"

    @property
    def family(self) -> frozenset[Goal]:
        """The goals that serve the same point of training: flexibility and mobility, strength and power.

        >>> sorted(g.value for g in Goal.FLEXIBILITY.family)
        ['flexibility', 'mobility']
        """
        for family in _GOAL_FAMILIES:
            if self in family:
                return family
        return frozenset((self,))


_GOAL_FAMILIES = (
    frozenset((Goal.FLEXIBILITY, Goal.MOBILITY)),
    frozenset((Goal.STRENGTH, Goal.POWER)),
)


class Muscle(enum.Enum):
    """A muscle group an exercise works (the vocabulary of common exercise catalogs)."""

    ABDOMINALS = "abdominals"
    OBLIQUES = "obliques"
    ABDUCTORS = "abductors"
    ADDUCTORS = "adductors"
    BICEPS = "biceps"
    CALVES = "calves"
    CHEST = "chest"
    FOREARMS = "forearms"
    GLUTES = "glutes"
    HAMSTRINGS = "hamstrings"
    HIP_FLEXORS = "hip-flexors"
    LATS = "lats"
    LOWER_BACK = "lower-back"
    MIDDLE_BACK = "middle-back"
    NECK = "neck"
    QUADRICEPS = "quadriceps"
    SHOULDERS = "shoulders"
    TRAPS = "traps"
    TRICEPS = "triceps"


class Force(enum.Enum):
    """The main force of an exercise in a fitness app's catalog."""

    PUSH = "push"
    PULL = "pull"
    STATIC = "static"


class Mechanic(enum.Enum):
    """Whether a catalog exercise moves several joints or one."""

    COMPOUND = "compound"
    ISOLATION = "isolation"


class Setting(enum.Enum):
    """Where an exercise is done."""

    GYM = "gym"
    HOME = "home"
    POOL = "pool"
    OUTDOORS = "outdoors"


class ConditionKind(enum.Enum):
    """A diagnosis, or a modifier (such as overweight) that changes what is tolerated."""

    DIAGNOSIS = "diagnosis"
    MODIFIER = "modifier"


class SourceKind(enum.Enum):
    """What a source is."""

    ARTICLE = "article"
    GUIDELINE = "guideline"
    PAPER = "paper"
    REVIEW = "review"
    TRIAL = "trial"
    CLINIC_PAGE = "clinic-page"
    BOOK = "book"
    VIDEO = "video"


class Evidence(_Ordered):
    """How strong the support for a rule is, ordered weakest first.

    ``expert`` marks a proposal drawn from biomechanics or clinical reasoning
    without a direct source for this exact claim; ``trial`` the strongest.
    """

    EXPERT = "expert"
    BIOMECHANICAL = "biomechanical"
    CLINICAL = "clinical"
    GUIDELINE = "guideline"
    REVIEW = "review"
    TRIAL = "trial"


class _Frozen(BaseModel):
    # defer_build: the validation schema is built on first validation, not at import, so a
    # knowledge base restored from the load cache never pays for it.
    model_config = ConfigDict(frozen=True, extra="forbid", str_strip_whitespace=True, defer_build=True)

    @model_validator(mode="after")
    def _share_fields_set(self) -> Any:
        # Every record keeps the set of fields its table gave; records are frozen, so that set
        # never changes (a copy gets its own), and records with the same fields share one: a
        # large knowledge base holds hundreds of thousands of them.
        fields = self.__pydantic_fields_set__
        object.__setattr__(self, "__pydantic_fields_set__", _FIELD_SETS.setdefault(frozenset(fields), fields))
        return self


#: One set object per distinct set of fields given (see ``_Frozen._share_fields_set``).
_FIELD_SETS: dict[frozenset[str], set[str]] = {}


class CitedRule(Protocol):
    """What every rule record has (a harm, a relief, a substitute, a combination, an
    inference): the sources it cites, a note and an evidence kind."""

    @property
    def sources(self) -> tuple[str, ...]: ...
    @property
    def note(self) -> str: ...
    @property
    def evidence(self) -> Evidence: ...


class _Cited(_Frozen):
    """A rule: it cites at least one source and says how strong its evidence is."""

    sources: SourceIds
    note: str = Field(default="", max_length=4000)
    evidence: Evidence = Evidence.CLINICAL


def _harm(level: Level) -> Level:
    if level is Level.OK:
        raise ValueError("a harm rule needs level 'caution' or 'avoid'; say what helps with a relief or benefit")
    return level


HarmLevel = Annotated[Level, AfterValidator(_harm)]


def _some(at_least: Intensity) -> Intensity:
    if at_least is Intensity.NONE:
        raise ValueError("a threshold starts at 'low', 'moderate' or 'high'; every exercise has 'none' of a demand")
    return at_least


Threshold = Annotated[Intensity, AfterValidator(_some)]


class Aggravation(_Cited):
    """A condition is made worse by a mechanism from an intensity up (``aggravated_by``)."""

    mechanism: RecordId
    level: HarmLevel
    at_least: Threshold = Intensity.LOW


class Relief(_Cited):
    """A condition is eased by a mechanism from an intensity up (``relieved_by``)."""

    mechanism: RecordId
    at_least: Threshold = Intensity.LOW


class Contraindication(_Cited):
    """A direct rule: an exercise is not advisable for a condition (``contraindicated``)."""

    condition: RecordId
    level: HarmLevel


class Benefit(_Cited):
    """A direct rule: an exercise is recommended for a condition (``helps``)."""

    condition: RecordId


class Substitute(_Cited):
    """A curated alternative to an exercise (``substitutes``), with why it fits."""

    exercise: RecordId
    why: Text


class Record(_Frozen):
    """Fields every record has."""

    id: RecordId


class _Named(Record):
    name: Name
    aliases: Names = ()


class Source(Record):
    """Where a rule comes from: an article, guideline, paper or clinic page."""

    title: Text
    kind: SourceKind
    year: int | None = Field(default=None, ge=1900, le=2100)
    url: str | None = Field(default=None, pattern=r"^https?://\S+$", max_length=2000)
    citation: str | None = Field(default=None, min_length=1, max_length=2000)
    publisher: str | None = Field(default=None, max_length=400)

    @model_validator(mode="after")
    def _url_or_citation(self) -> Source:
        if self.url is None and self.citation is None:
            raise ValueError("a source needs a url or a citation")
        return self


class Scale(_Frozen):
    """What each intensity of a demand looks like, so that curators rate alike."""

    low: Text
    moderate: Text
    high: Text


class Mechanism(_Named):
    """A biomechanical load or relief that links exercises to conditions.

    A mechanism with a ``scale`` is a *demand*: every exercise rates it in its
    profile. One without is a *feature* (a technique or position) that an
    exercise lists in ``loads``.
    """

    description: Text
    scale: Scale | None = None

    @property
    def graded(self) -> bool:
        """True for a demand (rated in every profile), false for a feature."""
        return self.scale is not None


class Adjustment(_Cited):
    """How a person modifier changes a condition's rules for one demand (``[[condition.adjust]]``).

    ``when`` lists modifier values (any of them applies the adjustment). A raise
    (``raise_to``) adds a harm from ``at_least`` up; a relaxation (``relax_to``, its
    floor) lowers this condition's own harm through ``mechanism`` to the floor for an
    exercise doing at most ``at_most`` of it, and never anything else.
    """

    when: Annotated[tuple[RecordId, ...], Field(min_length=1), AfterValidator(_unique)]
    mechanism: RecordId
    at_least: Threshold = Intensity.LOW
    at_most: Threshold = Intensity.HIGH
    raise_to: HarmLevel | None = None
    relax_to: Level | None = None

    @model_validator(mode="after")
    def _one_effect(self) -> Adjustment:
        if (self.raise_to is None) == (self.relax_to is None):
            raise ValueError("an adjustment either raises ('raise_to') or relaxes ('relax_to'), exactly one")
        if self.relax_to is not None and self.at_least is not Intensity.LOW:
            raise ValueError("a relaxation holds from the lowest intensity up to 'at_most'; leave out 'at_least'")
        if self.raise_to is not None and self.at_most is not Intensity.HIGH:
            raise ValueError("a raise holds from 'at_least' up; leave out 'at_most'")
        if self.relax_to is Level.AVOID:
            raise ValueError("a relaxation lowers a level: 'relax_to' is 'ok' or 'caution'")
        return self

    @property
    def relaxes(self) -> bool:
        """True for a relaxation, false for a raise."""
        return self.relax_to is not None


class Condition(_Named):
    """A lower-back condition, or a modifier such as overweight.

    ``implies`` names conditions that always come with this one (a vertebral
    fracture implies osteoporosis); ``shared_aliases`` are lay words this record
    shares on purpose with another, which are reported as ambiguous, never picked.
    """

    kind: ConditionKind = ConditionKind.DIAGNOSIS
    description: Text
    #: Goals this condition makes a reason to train (bone loading for osteoporosis): a substitute
    #: for an exercise that trains one of them keeps it where it can.
    keep_goals: tuple[Goal, ...] = ()
    shared_aliases: Names = ()
    implies: Ids = ()
    aggravated_by: tuple[Aggravation, ...] = ()
    relieved_by: tuple[Relief, ...] = ()
    adjust: tuple[Adjustment, ...] = ()


class Exercise(_Named):
    """An exercise or activity."""

    category: Category
    description: str = Field(default="", max_length=4000)
    goals: tuple[Goal, ...] = ()
    muscles: tuple[Muscle, ...] = ()
    equipment: Ids = ()
    setting: tuple[Setting, ...] = ()
    met: float | None = Field(default=None, gt=0, le=25)
    profile: Profile = Profile()
    loads: Ids = ()
    substitutes: tuple[Substitute, ...] = ()
    contraindicated: tuple[Contraindication, ...] = ()
    helps: tuple[Benefit, ...] = ()

    @property
    def impact(self) -> Intensity:
        """The exercise's rating of the ``impact`` demand (none when the knowledge base has none)."""
        return self.profile.level("impact")

    def intensity(self, mechanism: str) -> Intensity:
        """How much of *mechanism* the exercise does: its profile rating, or low for a listed feature."""
        found = self.profile.get(mechanism)
        if found is not None:
            return found
        return Intensity.LOW if mechanism in self.loads else Intensity.NONE

    @model_validator(mode="after")
    def _no_self_substitute(self) -> Exercise:
        if any(s.exercise == self.id for s in self.substitutes):
            raise ValueError(f"{self.id!r} lists itself as its own substitute")
        return self


class Combination(Record):
    """A rule that holds only when several conditions occur together (``[[rule]]``).

    It targets either one exercise or every exercise that loads one mechanism.
    """

    when: Annotated[tuple[RecordId, ...], Field(min_length=2), AfterValidator(_unique)]
    exercise: RecordId | None = None
    mechanism: RecordId | None = None
    at_least: Threshold = Intensity.LOW
    level: HarmLevel
    sources: SourceIds
    note: Text
    evidence: Evidence = Evidence.CLINICAL

    @model_validator(mode="after")
    def _one_target(self) -> Combination:
        if (self.exercise is None) == (self.mechanism is None):
            raise ValueError("a rule targets exactly one of 'exercise' or 'mechanism'")
        if self.exercise is not None and self.at_least is not Intensity.LOW:
            raise ValueError("'at_least' applies to a rule that targets a mechanism, not an exercise")
        return self

    @property
    def target(self) -> str:
        """The id of the exercise or mechanism the rule applies to."""
        return self.exercise or self.mechanism or ""


class Criteria(_Frozen):
    """What a catalog exercise must look like for an inference rule to apply.

    Within a field any listed value matches; every field given must match.
    ``equipment = ["none"]`` matches an exercise that needs no equipment; a
    ``name`` word matches at the start of a word of the exercise's name, so
    ``"jump"`` matches "Box Jumps" and "Rope Jumping"; a ``description`` word
    matches the same way in the catalog's description of the exercise.
    """

    category: Ids = ()
    equipment: Ids = ()
    force: tuple[Force, ...] = ()
    mechanic: tuple[Mechanic, ...] = ()
    primary_muscles: tuple[Muscle, ...] = ()
    muscles: tuple[Muscle, ...] = ()
    name: Names = ()
    description: Names = ()

    @property
    def is_empty(self) -> bool:
        """True when no field is given."""
        return not any(getattr(self, f) for f in type(self).model_fields)


class InferenceKind(enum.Enum):
    """What an inference rule stands for."""

    RULE = "rule"  # applies to the catalog exercises its criteria describe
    UNRATED = "unrated"  # stands for a demand nothing ruled out: judged at its most careful level


class Inference(Record):
    """A rule that infers what an exercise outside the knowledge base loads (``[[inference]]``).

    A catalog exercise gets the ratings of every inference rule whose ``when``
    it meets and whose ``unless`` it does not (``unless`` excludes when *any*
    of its fields matches): the demands its ``profile`` rates (``none`` rules a
    demand out) and the features it ``loads``. A ``complete`` rule rates every
    demand: those its profile leaves out are none. A demand no rule (and no
    matched exercise) rates is not ruled out; the one rule of kind
    ``unrated`` stands for it, needs no criteria and never fires by itself.
    """

    name: Name
    when: Criteria = Criteria.model_construct()  # no validator built at import
    unless: Criteria = Criteria.model_construct()
    profile: Profile = Profile()
    loads: Ids = ()
    complete: bool = False
    kind: InferenceKind = InferenceKind.RULE
    confidence: float = Field(default=0.6, gt=0, le=1)
    sources: SourceIds
    note: Text
    evidence: Evidence = Evidence.EXPERT

    @model_validator(mode="after")
    def _has_criteria(self) -> Inference:
        if self.kind is InferenceKind.UNRATED:
            if not (self.when.is_empty and self.unless.is_empty) or self.complete:
                raise ValueError("an unrated rule has no criteria and is not complete")
        elif self.when.is_empty:
            raise ValueError("an inference rule needs at least one criterion under 'when'")
        return self
