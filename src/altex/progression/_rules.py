"""The progression rules as data: ``data/progression.toml``, its models and its loader.

The file is read the first time progression is used (never by :func:`altex.load`),
validated with the models below, and cached. Every problem is a
:class:`~altex.errors.DataError` naming the file, the record and the field.
"""

from __future__ import annotations

import functools
import tomllib
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Annotated, Any

from pydantic import Field, ValidationError, model_validator

from .._load import MAX_FILE_BYTES, _loc, _message
from ..errors import DataError, DataProblem
from ..models import Category, Evidence, Ids, Record, SourceIds, Text, _Frozen, _Ordered

__all__ = [
    "Decision",
    "DoseKind",
    "Family",
    "Leg",
    "NextMorning",
    "ProgressionRules",
    "Signal",
    "SignalWhen",
    "Stage",
    "Weekly",
    "bundled_rules",
    "read_rules",
]


class Decision(_Ordered):
    """What the next session does with one plan item, from the smallest change to the biggest.

    >>> [d.value for d in sorted(Decision)]
    ['progress', 'hold', 'reduce', 'swap', 'stop']
    """

    PROGRESS = "progress"  # one step up
    HOLD = "hold"  # the same dose again
    REDUCE = "reduce"  # one step down
    SWAP = "swap"  # do a substitute instead
    STOP = "stop"  # no exercise: see the assessment


class NextMorning(_Ordered):
    """How the back felt the morning after a session, compared with usual.

    ``unknown`` (not logged yet) sits between usual and worse: it is not a reason to
    cut the dose, but it is no reason to raise it either.

    >>> NextMorning.USUAL < NextMorning.UNKNOWN < NextMorning.WORSE
    True
    """

    BETTER = "better"
    USUAL = "usual"
    UNKNOWN = "unknown"
    WORSE = "worse"


class Leg(_Ordered):
    """Where leg symptoms went during or after a session: ``none < centralising < spreading``."""

    NONE = "none"
    CENTRALISING = "centralising"
    SPREADING = "spreading"


class DoseKind(_Ordered):
    """How a family of exercises is dosed and stepped."""

    MINUTES = "minutes"  # by time
    REPS = "reps"  # by repetitions (holds)
    REPS_THEN_LOAD = "reps-then-load"  # repetitions up to a ceiling, then load
    STAGES = "stages"  # a ladder of stages (walk-run)


class SignalWhen(_Frozen):
    """The feedback a signal needs; every bound given must hold, and all are lower bounds."""

    pain_during_min: int | None = Field(default=None, ge=0, le=10)
    next_morning_min: NextMorning | None = None
    leg_min: Leg | None = None
    effort_min: int | None = Field(default=None, ge=0, le=10)
    stopped: Annotated[bool | None, Field(description="true: the session was stopped early")] = None

    @model_validator(mode="after")
    def _some(self) -> SignalWhen:
        if all(v is None for _, v in self):
            raise ValueError("a signal needs at least one condition in 'when'")
        if self.stopped is False:
            raise ValueError("stopped: only 'stopped = true' may be stated (a lower bound)")
        return self


class Signal(Record):
    """One rule on one session's feedback (``[[signal]]``)."""

    when: SignalWhen
    decision: Decision
    reason: Text
    sources: SourceIds
    evidence: Evidence = Evidence.CLINICAL
    note: str = Field(default="", max_length=4000)


class Stage(_Frozen):
    """One stage of a ladder: ``repeats`` rounds of walking and running minutes."""

    label: Text
    walk: float = Field(ge=0, le=240)
    run: float = Field(ge=0, le=240)
    repeats: int = Field(ge=1, le=50)

    @property
    def minutes(self) -> float:
        """The whole stage, in minutes."""
        return (self.walk + self.run) * self.repeats


class Family(Record):
    """How one kind of exercise starts and steps (``[[family]]``).

    Matched by exercise id (``exercises``) first, then by ``categories``.
    """

    exercises: Ids = ()
    categories: tuple[Category, ...] = ()
    dose: DoseKind
    start: float | None = Field(default=None, gt=0, le=1000)
    step: float = Field(default=1, gt=0, le=100)
    step_percent: float = Field(default=0, ge=0, le=100)
    step_max: float | None = Field(default=None, gt=0, le=100)
    ceiling: float | None = Field(default=None, gt=0, le=1000)
    reduce_by: float = Field(default=1, gt=0, le=100)
    reduce_percent: float = Field(default=0, ge=0, lt=100)
    sets_max: int | None = Field(default=None, ge=1, le=20)
    load_step_percent: float = Field(default=5, gt=0, le=50)
    advance_pain_max: int = Field(default=3, ge=0, le=10)
    rest_days: int = Field(default=0, ge=0, le=6)
    weekly_limit: bool = True
    stages: tuple[Stage, ...] = ()
    reason: Text
    sources: SourceIds
    evidence: Evidence = Evidence.CLINICAL
    note: str = Field(default="", max_length=4000)

    @model_validator(mode="after")
    def _shape(self) -> Family:
        if not self.exercises and not self.categories:
            raise ValueError("a family names the exercises or categories it is for")
        if (self.dose is DoseKind.STAGES) != bool(self.stages):
            raise ValueError("stages: a family with dose 'stages' lists its stages, and only such a family")
        if self.start is not None and self.ceiling is not None and self.start > self.ceiling:
            raise ValueError("start: more than the ceiling")
        return self


class Weekly(_Frozen):
    """The weekly growth limit (``[weekly]``)."""

    growth_max_percent: float = Field(gt=0, le=100)
    growth_max_percent_overweight: float = Field(gt=0, le=100)
    overweight_conditions: Ids = ()
    reason: Text
    sources: SourceIds
    evidence: Evidence = Evidence.CLINICAL
    note: str = Field(default="", max_length=4000)


class ProgressionRules(_Frozen):
    """Every rule of one progression file."""

    signal: tuple[Signal, ...] = Field(min_length=1)
    family: tuple[Family, ...] = ()
    weekly: Weekly

    @model_validator(mode="after")
    def _unique(self) -> ProgressionRules:
        seen: set[str] = set()
        for rid in [s.id for s in self.signal] + [f.id for f in self.family]:
            if rid in seen:
                raise ValueError(f"duplicate id {rid!r}")
            seen.add(rid)
        return self

    def family_for(self, exercise_id: str, category: Category | str) -> Family | None:
        """The family of an exercise: the first naming its id, else the first naming its category.

        >>> rules = bundled_rules()
        >>> rules.family_for("running", Category.CARDIO).id, rules.family_for("walking", Category.CARDIO).id
        ('return-to-running', 'time')
        >>> rules.family_for("cat-cow", Category.STRETCH) is None
        True
        """
        return self._by_id.get(exercise_id) or self._by_category.get(Category(category))

    @functools.cached_property
    def _by_id(self) -> Mapping[str, Family]:
        out: dict[str, Family] = {}
        for fam in self.family:
            for eid in fam.exercises:
                out.setdefault(eid, fam)
        return out

    @functools.cached_property
    def _by_category(self) -> Mapping[Category, Family]:
        out: dict[Category, Family] = {}
        for fam in self.family:
            for cat in fam.categories:
                out.setdefault(cat, fam)
        return out

    def cited(self) -> Iterator[tuple[str, str, str]]:
        """Every (record, field, source id) the rules cite, for checking against a knowledge base."""
        for s in self.signal:
            yield from ((f"signal.{s.id}", f"sources[{i}]", sid) for i, sid in enumerate(s.sources))
        for f in self.family:
            yield from ((f"family.{f.id}", f"sources[{i}]", sid) for i, sid in enumerate(f.sources))
        yield from (("weekly", f"sources[{i}]", sid) for i, sid in enumerate(self.weekly.sources))


def read_rules(path: str | Path, text: str | None = None) -> ProgressionRules:
    """Read and validate a progression file (or *text* labelled *path*); raises DataError.

    >>> read_rules("p.toml", 'weekly = 3')
    Traceback (most recent call last):
    ...
    altex.errors.DataError: 2 problems in the knowledge base data:
    p.toml: signal: Field required
    p.toml: [weekly] Input should be a valid dictionary or instance of Weekly (got 3)
    """
    label = str(path)
    if text is None:
        try:
            raw = Path(path).read_bytes()
        except OSError as exc:
            raise DataError([DataProblem(label, "", "", f"cannot read: {exc.strerror or exc}")]) from None
        if len(raw) > MAX_FILE_BYTES:
            raise DataError([DataProblem(label, "", "", f"file too large ({len(raw)} bytes)")])
        text = raw.decode("utf-8", errors="replace")
    try:
        doc = tomllib.loads(text)
    except (tomllib.TOMLDecodeError, RecursionError) as exc:
        raise DataError([DataProblem(label, "", "", f"TOML syntax error: {exc}")]) from None
    try:
        return ProgressionRules.model_validate(doc)
    except ValidationError as exc:
        raise DataError([_problem(label, doc, err) for err in exc.errors()]) from None


def _problem(label: str, doc: Mapping[str, Any], err: Any) -> DataProblem:
    """A validation error as file, record (``signal.amber-during``) and field."""
    loc = tuple(err["loc"])
    if len(loc) >= 2 and loc[0] in {"signal", "family"} and isinstance(loc[1], int):
        table = doc.get(loc[0])
        entry = table[loc[1]] if isinstance(table, list) and loc[1] < len(table) else None
        rid = entry.get("id") if isinstance(entry, dict) else None
        name = f"{loc[0]}.{rid}" if isinstance(rid, str) and len(rid) <= 80 else f"{loc[0]} #{loc[1] + 1}"
        return DataProblem(label, name, _loc(loc[2:]), _message(err))
    if loc and loc[0] == "weekly":
        return DataProblem(label, "weekly", _loc(loc[1:]), _message(err))
    return DataProblem(label, "", _loc(loc), _message(err))


@functools.cache
def bundled_rules() -> ProgressionRules:
    """The bundled ``data/progression.toml``, read once on first use.

    >>> bundled_rules().weekly.growth_max_percent
    30.0
    """
    from .._load import TextFile
    from .._open import _bundled_data

    folder = _bundled_data()
    assert not isinstance(folder, TextFile)
    file = folder / "progression.toml"
    return read_rules(str(file), file.read_text(encoding="utf-8"))
