"""The person, not only the diagnosis: modifiers, surgery windows and :class:`Person`.

A :class:`Person` is what a query may be given instead of a bare list of
condition names: the diagnoses plus optional modifiers (stage, directional
preference, symptom response, bone status) and a lumbar operation with the
weeks since it. The modifier values are data (``[[modifier]]`` records, see
``docs/data-format.md``); what each changes for a condition is said by that
condition's ``[[condition.adjust]]`` rules; how a relaxation is applied and
reported: ``docs/verdicts.md``.

>>> import altex
>>> kb = altex.load()
>>> p = Person(conditions=["slipped disc"], preference="flexion")
>>> kb.check("child's pose", p).level, kb.check("child's pose", ["slipped disc"]).level
(<Level.OK: 'ok'>, <Level.AVOID: 'avoid'>)
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Mapping
from typing import Annotated, Any, Self

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, PrivateAttr, ValidationError, model_validator

from .errors import InvalidInputError
from .models import Evidence, Ids, Name, Names, Record, SourceIds, Text, _Frozen

__all__ = ["Modifier", "ModifierKind", "Person", "Situation", "Surgery", "SurgeryWindow"]


class ModifierKind(enum.Enum):
    """What a modifier value describes; each is one field of :class:`Person`."""

    STAGE = "stage"
    PREFERENCE = "preference"
    RESPONSE = "response"
    BONE = "bone"


class Modifier(Record):
    """One value of a person modifier (``[[modifier]]``): acute, extension preference, osteopenia...

    ``default`` marks the value assumed when the person's value is not known; it must
    be the most careful one, so the loader refuses an adjustment that names it.
    ``relaxes_nothing`` (peripheralising symptoms) turns every relaxation off.
    ``implies`` names conditions the value brings with it (bone status: osteoporosis).
    """

    kind: ModifierKind
    name: Name
    aliases: Names = ()
    description: Text
    default: bool = False
    relaxes_nothing: bool = False
    implies: Ids = ()
    sources: SourceIds
    note: str = Field(default="", max_length=4000)
    evidence: Evidence = Evidence.CLINICAL


class SurgeryWindow(_Frozen):
    """A stretch of weeks after an operation, and the condition that holds during it."""

    until_week: int = Field(gt=0, le=520)
    implies: Annotated[Ids, Field(min_length=1)]
    sources: SourceIds
    note: str = Field(default="", max_length=4000)
    evidence: Evidence = Evidence.CLINICAL


class Surgery(Record):
    """A lumbar operation (``[[surgery]]``) and its windows, earliest first.

    During a window the person is judged with its conditions as well; past the last
    window, by their diagnoses alone. Weeks not given: the first (most careful) window.
    """

    name: Name
    aliases: Names = ()
    description: Text
    windows: Annotated[tuple[SurgeryWindow, ...], Field(min_length=1)]

    @model_validator(mode="after")
    def _rising(self) -> Surgery:
        weeks = [w.until_week for w in self.windows]
        if weeks != sorted(set(weeks)):
            raise ValueError("windows must be listed earliest first, each ending later than the one before")
        return self

    def window(self, weeks: float | None) -> SurgeryWindow | None:
        """The window *weeks* after the operation falls in (the first when not known; None past the last)."""
        if weeks is None:
            return self.windows[0]
        return next((w for w in self.windows if weeks < w.until_week), None)


def _names(value: object) -> object:
    return (value,) if isinstance(value, str) else value


def _blank(value: object) -> object:
    return None if isinstance(value, str) and not value.strip() else value


_Value = Annotated[str | None, BeforeValidator(_blank)]


class Person(BaseModel):
    """A person's diagnoses and what is known about them beyond the diagnoses.

    Every field but ``conditions`` is optional; a name in any field may be an id,
    name or alias in any case or spacing. Unknown stage is judged as the most
    careful stage; no preference, as none known.

    >>> Person(conditions="sciatica", response="centralising").conditions
    ('sciatica',)
    >>> Person.from_mapping({"conditions": ["stenosis"], "weeks_since_surgery": -1})
    Traceback (most recent call last):
    ...
    altex.errors.InvalidInputError: weeks_since_surgery: Input should be greater than or equal to 0 (got -1)
    """

    model_config = ConfigDict(frozen=True, extra="forbid", str_strip_whitespace=True)

    conditions: Annotated[tuple[str, ...], BeforeValidator(_names)] = ()
    stage: _Value = None
    preference: _Value = None
    response: _Value = None
    bone: _Value = None
    surgery: _Value = None
    weeks_since_surgery: float | None = Field(default=None, ge=0, le=520, allow_inf_nan=False)
    _hash: int | None = PrivateAttr(default=None)

    def __hash__(self) -> int:
        # Worked out once: a person is the cache key of every query, asked again and again.
        private = self.__pydantic_private__
        found: int | None = private.get("_hash") if private else None
        if found is None:
            found = hash((Person, *self.__dict__.values()))
            if private is not None:
                private["_hash"] = found
        return found

    def __getstate__(self) -> dict[Any, Any]:
        # String hashes differ between processes: a pickled person works its hash out again.
        state = super().__getstate__()
        private = state.get("__pydantic_private__")
        return {**state, "__pydantic_private__": {**private, "_hash": None}} if private else state

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Person):
            return NotImplemented
        return self is other or self.__dict__ == other.__dict__

    def model_copy(self, *, update: Mapping[str, Any] | None = None, deep: bool = False) -> Self:
        """A copy with *update* applied (validated, unlike pydantic's own), its hash worked out afresh."""
        return type(self).model_validate({**self.__dict__, **(update or {})})

    @classmethod
    def from_mapping(cls, value: Person | Mapping[str, Any]) -> Person:
        """A person from JSON-like fields; raises InvalidInputError naming the first bad field."""
        if isinstance(value, Person):
            return value
        if not isinstance(value, Mapping):
            raise InvalidInputError("person", f"expected the person's fields, got {value!r:.60}")
        try:
            return cls.model_validate(dict(value))
        except ValidationError as exc:
            err = exc.errors()[0]
            where = ".".join(str(p) for p in err["loc"]) or "person"
            got = err.get("input")
            shown = f" (got {got!r})" if isinstance(got, int | float | str) and len(str(got)) <= 60 else ""
            raise InvalidInputError(where, f"{err['msg']}{shown}") from None

    def modifier_names(self) -> Iterable[tuple[ModifierKind, str]]:
        """The modifier fields given, as (kind, name) pairs."""
        for kind in ModifierKind:
            name = getattr(self, kind.value)
            if name is not None:
                yield kind, name


class Situation(frozenset[str]):
    """Resolved condition ids that also know the person's modifier values (ids).

    It is a frozenset of condition ids, so everything that takes condition ids takes
    it; two are equal only when their modifiers are equal too. Without modifiers it
    is equal to (and hashes like) the plain frozenset of its conditions.

    >>> s = Situation({"sciatica"}, {"chronic"})
    >>> "sciatica" in s, s.modifiers, s == frozenset({"sciatica"})
    (True, frozenset({'chronic'}), False)
    >>> Situation({"sciatica"}) == frozenset({"sciatica"})
    True
    """

    modifiers: frozenset[str]

    def __new__(cls, conditions: Iterable[str] = (), modifiers: Iterable[str] = ()) -> Situation:
        self = super().__new__(cls, conditions)
        self.modifiers = frozenset(modifiers)
        return self

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, frozenset):
            return NotImplemented
        return frozenset.__eq__(self, other) and self.modifiers == getattr(other, "modifiers", frozenset())

    def __ne__(self, other: object) -> bool:
        eq = self.__eq__(other)
        return eq if eq is NotImplemented else not eq

    def __hash__(self) -> int:
        base = frozenset.__hash__(self)
        return base if not self.modifiers else hash((base, self.modifiers))

    def __reduce__(self) -> tuple[Any, ...]:
        return (Situation, (frozenset(self), self.modifiers))

    def __repr__(self) -> str:
        return f"Situation({sorted(self)}, {sorted(self.modifiers)})"
