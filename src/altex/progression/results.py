"""What progression answers: a dose, the next session item by item, and the week check."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from ..errors import InvalidInputError
from ..pain import Assessment
from ._rules import Decision
from .logs import SessionLog

__all__ = ["Dose", "NextItem", "NextSession", "StepReason", "WeekAdvice", "WeekCheck"]


class _Result(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", defer_build=True)


class Dose(BaseModel):
    """How much of one exercise: any of sets, reps, minutes, load and a ladder stage.

    A plan item is a Dose with an ``exercise``; mappings and plain names are accepted.

    >>> Dose.from_item({"exercise": "walking", "minutes": 20}).minutes
    20.0
    >>> Dose.from_item("plank").exercise
    'plank'
    """

    model_config = ConfigDict(frozen=True, extra="forbid", str_strip_whitespace=True, defer_build=True)

    exercise: str = Field(min_length=1, max_length=200)
    sets: int | None = Field(default=None, ge=1, le=100)
    reps: int | None = Field(default=None, ge=1, le=1000)
    minutes: float | None = Field(default=None, gt=0, le=24 * 60)
    load_kg: float | None = Field(default=None, gt=0, le=1000)
    stage: int | None = Field(default=None, ge=0, le=100)
    stage_label: str | None = None

    @classmethod
    def from_item(cls, item: object, where: str = "plan") -> Dose:
        """A plan item: a name, a mapping of dose fields, or anything with those attributes (a PlanEntry)."""
        if isinstance(item, Dose):
            return item
        if isinstance(item, str):
            item = {"exercise": item}
        elif not isinstance(item, Mapping) and hasattr(item, "exercise"):
            item = {k: getattr(item, k) for k in ("exercise", "sets", "reps", "minutes") if hasattr(item, k)}
        if not isinstance(item, Mapping):
            raise InvalidInputError(where, f"expected an exercise name or a mapping with 'exercise', got {item!r:.60}")
        try:
            return cls.model_validate(dict(item))
        except ValidationError as exc:
            err = exc.errors()[0]
            field = ".".join(str(p) for p in err["loc"])
            msg = "not a field of a plan item" if err["type"] == "extra_forbidden" else str(err["msg"])
            raise InvalidInputError(f"{where}.{field}" if field else where, msg) from None

    def text(self) -> str:
        """The dose in words.

        >>> Dose(exercise="squat", sets=3, reps=10, load_kg=20).text()
        '3 x 10 at 20 kg'
        """
        if self.stage_label:
            return self.stage_label
        parts: list[str] = []
        if self.sets and self.reps:
            parts.append(f"{self.sets} x {self.reps}")
        elif self.reps:
            parts.append(f"{self.reps} reps")
        if self.load_kg:
            parts.append(f"at {self.load_kg:g} kg")
        if self.minutes:
            parts.append(f"{self.minutes:g} min")
        return " ".join(parts) or "as planned"


class StepReason(_Result):
    """One rule behind a decision, with its sources."""

    rule: str
    text: str
    sources: tuple[str, ...]


class NextItem(_Result):
    """The next session's decision for one plan item.

    ``dose`` is what to do next time (for ``swap``, the dose carried to
    ``swap_to``; ``None`` for ``stop``). ``not_before`` is the first day it
    may be done, when a rest day is still due. ``week_before`` and
    ``week_with_next`` are the volumes (minutes, or reps x sets x load) of the
    week before and of the last seven days with the next session.
    """

    planned: Dose
    exercise: str
    decision: Decision
    dose: Dose | None
    swap_to: str | None = None
    reasons: tuple[StepReason, ...]
    not_before: dt.date | None = None
    week_before: float = 0
    week_with_next: float = 0


class NextSession(_Result):
    """The next session, item by item, with the triage of the logs when it stops them."""

    date: dt.date
    items: tuple[NextItem, ...]
    assessment: Assessment | None = None

    @property
    def stopped(self) -> bool:
        """True when a logged session calls for a doctor or a red flag: no exercise advice."""
        return self.assessment is not None

    def done(self, **feedback: Any) -> list[SessionLog]:
        """The logs of doing this session as advised, each with *feedback* (``pain_during``, ...).

        Stopped items, and items whose rest day is still due, are not done.

        >>> from altex.progression import next_session
        >>> first = next_session(kb, [{"exercise": "walking", "minutes": 30}], on=dt.date(2025, 3, 3))
        >>> [(log.exercise, log.minutes) for log in first.done(pain_during=1, next_morning="usual")]
        [('walking', 5.0)]
        """
        logs = []
        for item in self.items:
            if item.dose is None or (item.not_before is not None and item.not_before > self.date):
                continue
            dose = item.dose.model_dump(include={"exercise", "sets", "reps", "minutes", "load_kg", "stage"})
            logs.append(SessionLog.from_mapping({**dose, "date": self.date, **feedback}))
        return logs


class WeekAdvice(_Result):
    """One finding of the week check."""

    rule: str
    day: dt.date | None
    exercises: tuple[str, ...]
    text: str
    sources: tuple[str, ...]


class WeekCheck(_Result):
    """The check of a week's plan: spacing and growth, with advice (empty when it is fine)."""

    advice: tuple[WeekAdvice, ...]

    @property
    def ok(self) -> bool:
        """True when nothing needs changing."""
        return not self.advice


def as_json(result: BaseModel) -> Any:
    """A result as plain JSON data."""
    return result.model_dump(mode="json")
