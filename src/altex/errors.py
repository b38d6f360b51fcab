"""Every error altex raises.

::

    AltexError                          base class; catch this at an app's edge
    ├── DataError (ValueError)          a data file is malformed; lists every problem
    │   └── CatalogError                an app's exercise catalog (or its pinned mappings) is malformed
    ├── InvalidInputError (ValueError)  a query argument that cannot be right (limit=0, a bad plan entry)
    └── UnknownNameError (LookupError)  a name that resolves to no record
        ├── UnknownExerciseError
        │   └── UnknownCatalogExerciseError
        ├── UnknownConditionError
        ├── UnknownMechanismError
        └── UnknownSymptomError

A data error names the file, the record and the field of each problem, so a
curator can go straight to it; an unknown name carries the closest known names.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from difflib import get_close_matches

__all__ = [
    "AltexError",
    "AmbiguousConditionError",
    "AmbiguousExerciseError",
    "AmbiguousNameError",
    "CatalogError",
    "DataError",
    "DataProblem",
    "InvalidInputError",
    "UnknownCatalogExerciseError",
    "UnknownConditionError",
    "UnknownExerciseError",
    "UnknownMechanismError",
    "UnknownModifierError",
    "UnknownNameError",
    "UnknownSurgeryError",
    "UnknownSymptomError",
]

#: Names longer than this are rejected before any fuzzy matching is tried, so a
#: hostile input (a megabyte of text) fails fast instead of stalling difflib.
MAX_NAME_LENGTH = 200


class AltexError(Exception):
    """Base class for every error altex raises."""


@dataclass(frozen=True, slots=True)
class DataProblem:
    """One problem found in the data: where it is and what is wrong."""

    file: str
    record: str
    field: str
    message: str

    def __str__(self) -> str:
        where = f"[{self.record}] " if self.record else ""
        field = f"{self.field}: " if self.field else ""
        return f"{self.file}: {where}{field}{self.message}"


class DataError(AltexError, ValueError):
    """The knowledge base data is invalid.

    All problems found in one load are gathered into one error; ``errors``
    keeps each of them, and ``file``, ``record`` and ``field`` describe the
    first.

    >>> err = DataError([DataProblem("x.toml", "exercise.run", "impact", "bad value")])
    >>> print(err)
    x.toml: [exercise.run] impact: bad value
    >>> err.file, err.record, err.field
    ('x.toml', 'exercise.run', 'impact')
    """

    #: What the problems are in, for the header of a message listing several.
    subject = "the knowledge base data"

    def __init__(self, problems: Sequence[DataProblem]) -> None:
        if not problems:
            raise ValueError(f"{type(self).__name__} needs at least one problem")
        self.errors: tuple[DataProblem, ...] = tuple(problems)
        first = self.errors[0]
        self.file, self.record, self.field = first.file, first.record, first.field
        lines = [str(p) for p in self.errors]
        if len(lines) > 1:
            lines.insert(0, f"{len(lines)} problems in {self.subject}:")
        super().__init__("\n".join(lines))


class CatalogError(DataError):
    """An app's exercise catalog, or a file of pinned mappings, is malformed.

    Like :class:`DataError` it lists every problem, each with its file, record and field.

    >>> print(CatalogError([DataProblem("app.csv", "row 3", "name", "missing")]))
    app.csv: [row 3] name: missing
    """

    subject = "the catalog"


class InvalidInputError(AltexError, ValueError):
    """A query argument that is the wrong type or out of range; ``field`` names it.

    >>> print(InvalidInputError("limit", "must be at least 1 (got 0)"))
    limit: must be at least 1 (got 0)
    """

    def __init__(self, field: str, message: str) -> None:
        self.field = field
        super().__init__(f"{field}: {message}")


class UnknownNameError(AltexError, LookupError):
    """A name that resolves to no record of the knowledge base.

    ``suggestions`` lists the closest known names (possibly empty).

    >>> print(UnknownNameError("condition", "disk herniation", ["disc herniation", "sciatica"]))
    unknown condition 'disk herniation'; did you mean 'disc herniation'?
    """

    kind = "name"

    def __init__(self, kind: str, name: object, known: Iterable[str] = (), reason: str = "") -> None:
        self.kind = kind
        self.name = name
        self.reason = reason
        self.suggestions: tuple[str, ...]
        if isinstance(name, str) and name.strip() and len(name) <= MAX_NAME_LENGTH and not reason:
            self.suggestions = tuple(get_close_matches(name.casefold(), sorted(set(known)), n=3, cutoff=0.6))
        else:
            self.suggestions = ()
        super().__init__(str(self))

    def __str__(self) -> str:
        if self.reason:
            return f"invalid {self.kind} name: {self.reason}"
        text = f"unknown {self.kind} {self.name!r}"
        if self.suggestions:
            text += "; did you mean " + " or ".join(map(repr, self.suggestions)) + "?"
        return text

    def __reduce__(self) -> tuple[object, ...]:
        return (type(self), (self.kind, self.name, self.suggestions, self.reason))


class UnknownExerciseError(UnknownNameError):
    """No exercise of the knowledge base has this id, name or alias."""


class UnknownConditionError(UnknownNameError):
    """No condition of the knowledge base has this id, name or alias."""


class UnknownCatalogExerciseError(UnknownExerciseError):
    """No exercise of an app's catalog has this id or name."""


class UnknownMechanismError(UnknownNameError):
    """No mechanism of the knowledge base has this id, name or alias."""


class UnknownSymptomError(UnknownNameError):
    """No symptom of the knowledge base has this id, name or alias."""


class UnknownModifierError(UnknownNameError):
    """No person modifier value (stage, preference, symptom response, bone status) has this name."""


class UnknownSurgeryError(UnknownNameError):
    """No lumbar operation of the knowledge base has this id, name or alias."""


class AmbiguousNameError(UnknownNameError):
    """A lay word that names more than one record; ``suggestions`` lists the names of each.

    altex never picks one: the person says which they mean.

    >>> print(AmbiguousNameError("condition", "arthritis", ("spinal osteoarthritis", "axial spondyloarthritis")))
    'arthritis' could mean more than one condition: 'spinal osteoarthritis' or 'axial spondyloarthritis'; name one
    """

    def __init__(self, kind: str, name: object, candidates: Iterable[str] = (), reason: str = "") -> None:
        super().__init__(kind, name, (), reason)
        self.suggestions = tuple(candidates)

    def __str__(self) -> str:
        if not getattr(self, "suggestions", ()):
            return super().__str__()
        options = " or ".join(map(repr, self.suggestions))
        return f"{self.name!r} could mean more than one {self.kind}: {options}; name one"


class AmbiguousExerciseError(AmbiguousNameError, UnknownExerciseError):
    """A short gym name that is a word of several exercises' names ("row", "curl"); ``suggestions`` names each."""


class AmbiguousConditionError(AmbiguousNameError, UnknownConditionError):
    """A lay word that names more than one condition ("arthritis"); ``suggestions`` names each."""
