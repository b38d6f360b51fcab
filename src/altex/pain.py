"""The vocabulary of pain: a person's report, the triage records, and the assessment.

A :class:`PainReport` is what a person says about their back; ``kb.assess``
turns it into an :class:`Assessment` by evaluating the ``[[triage]]`` rules of
the knowledge base (see ``docs/triage.md``). The rules are data
(:class:`TriageRule`, :class:`Symptom`); the engine lives in ``triage.py``.

Every closed set here is ordered from mildest to most concerning, so that a
rule can say "at least sharp" or "at least 6 out of 10" and a worse report can
only ever match more of the rules that raise the action.
"""

from __future__ import annotations

import math
from collections.abc import Iterator, Mapping
from typing import Annotated, Any

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, ValidationError, model_validator

from .errors import InvalidInputError
from .models import Evidence, Ids, Record, SourceIds, Text, _Frozen, _Named, _Ordered

__all__ = [
    "LOWER_BOUNDS",
    "Action",
    "Assessment",
    "AssessmentKind",
    "DuringExercise",
    "Onset",
    "PainQuality",
    "PainReport",
    "Symptom",
    "TriageReason",
    "TriageRule",
    "When",
    "band_problems",
]


class PainQuality(_Ordered):
    """What the pain feels like, ordered from the soreness words to the nerve words.

    Dull, aching and stiff are how muscle soreness is described; sharp,
    stabbing and shooting how pain from an injury or a flare is; burning is a
    red flag of its own (seed S2).

    >>> PainQuality.STIFF < PainQuality.SHARP < PainQuality.BURNING
    True
    """

    DULL = "dull"
    ACHING = "aching"
    STIFF = "stiff"
    SHARP = "sharp"
    STABBING = "stabbing"
    SHOOTING = "shooting"
    BURNING = "burning"


class Onset(_Ordered):
    """When the pain started, ordered ``AFTER < DURING`` (exercise).

    >>> Onset("during") > Onset.AFTER
    True
    """

    AFTER = "after"
    DURING = "during"


class DuringExercise(_Ordered):
    """How the pain behaved once exercise started, ordered ``EASES < UNCHANGED < WORSENS``.

    ``eases`` means it faded within the first 5-10 minutes of moving.

    >>> max(DuringExercise.WORSENS, DuringExercise.EASES)
    <DuringExercise.WORSENS: 'worsens'>
    """

    EASES = "eases"
    UNCHANGED = "unchanged"
    WORSENS = "worsens"


class Action(_Ordered):
    """What to do, ordered from carrying on to going to the emergency department.

    Examples
    --------
    >>> [a.value for a in sorted(Action)]
    ['continue', 'modify', 'substitute', 'rest', 'see_doctor', 'emergency']
    >>> Action.REST < Action.SEE_DOCTOR
    True
    """

    CONTINUE = "continue"  # carry on as planned
    MODIFY = "modify"  # keep the plan, lighter and watchful
    SUBSTITUTE = "substitute"  # stop what aggravates it; do a gentler alternative
    REST = "rest"  # take the session off
    SEE_DOCTOR = "see_doctor"  # no exercise advice until a clinician has looked at it
    EMERGENCY = "emergency"  # go to an emergency department now

    @property
    def stops_session(self) -> bool:
        """True when no exercise should be done today (rest and above).

        >>> Action.REST.stops_session, Action.SUBSTITUTE.stops_session
        (True, False)
        """
        return self >= Action.REST


class AssessmentKind(_Ordered):
    """What a report looks like, ordered ``SORENESS < PAIN < RED_FLAG``.

    >>> AssessmentKind.RED_FLAG > AssessmentKind.PAIN > AssessmentKind.SORENESS
    True
    """

    SORENESS = "soreness"
    PAIN = "pain"
    RED_FLAG = "red_flag"


# -- the person's report ---------------------------------------------------------------


def _enum_text(value: object) -> object:
    """Enum fields accept their value in any case, with stray spaces."""
    return value.strip().casefold() if isinstance(value, str) else value


def _whole_number(value: object) -> object:
    if isinstance(value, bool):
        raise ValueError("expected a whole number from 0 to 10, not true/false")
    return value


def _hours(value: object) -> object:
    if isinstance(value, bool):
        raise ValueError("expected a number of hours, not true/false")
    if isinstance(value, float) and not math.isfinite(value):
        raise ValueError("expected a finite number of hours")
    return value


def _symptom_list(value: object) -> object:
    """A bare string is one symptom, as for conditions."""
    return (value,) if isinstance(value, str) else value


SymptomName = Annotated[str, Field(min_length=1, max_length=200)]
Hours = Annotated[float, BeforeValidator(_hours), Field(ge=0, le=24 * 365 * 100)]


class PainReport(BaseModel):
    """What a person reports about their back pain; ``severity`` is required unless ``symptoms`` are given.

    A report of symptoms alone (``PainReport(symptoms=["saddle numbness"])``)
    is judged on them: a red flag must never wait for a pain score. Without a
    severity, no rule that bounds the severity applies.

    Enum fields take plain strings and ``symptoms`` a list of names (ids,
    names or aliases of the knowledge base's symptoms, resolved by
    ``kb.assess``). ``hours_after_exercise`` is how long ago the last exercise
    session was; ``hours_since_onset`` how long the pain has lasted so far;
    ``improving`` that it is clearly easing day by day (left out: not known to be).
    An invalid value raises :class:`~altex.errors.InvalidInputError` naming
    the field.

    >>> r = PainReport(severity=5, quality="Sharp", symptoms=["tingling"])
    >>> r.quality, r.symptoms
    (<PainQuality.SHARP: 'sharp'>, ('tingling',))
    >>> PainReport(severity=11)
    Traceback (most recent call last):
    ...
    altex.errors.InvalidInputError: severity: Input should be less than or equal to 10 (got 11)
    >>> PainReport(symptoms="bladder changes").severity is None
    True
    >>> PainReport(quality="sharp")
    Traceback (most recent call last):
    ...
    altex.errors.InvalidInputError: severity: Field required (a report without symptoms needs a severity from 0 to 10)
    >>> PainReport(severity=3, quality="tickly")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    altex.errors.InvalidInputError: quality: Input should be 'dull', 'aching', ... or 'burning' (got 'tickly')
    """

    model_config = ConfigDict(frozen=True, extra="forbid", str_strip_whitespace=True, defer_build=True)

    severity: Annotated[Annotated[int, Field(ge=0, le=10)] | None, BeforeValidator(_whole_number)] = None
    quality: Annotated[PainQuality | None, BeforeValidator(_enum_text)] = None
    onset: Annotated[Onset | None, BeforeValidator(_enum_text)] = None
    hours_after_exercise: Hours | None = None
    hours_since_onset: Hours | None = None
    during_exercise: Annotated[DuringExercise | None, BeforeValidator(_enum_text)] = None
    limits_daily_activities: bool = False
    improving: bool = False
    symptoms: Annotated[tuple[SymptomName, ...], BeforeValidator(_symptom_list), Field(max_length=100)] = ()

    def __init__(self, **data: Any) -> None:
        try:
            super().__init__(**data)
        except ValidationError as exc:
            raise _input_error(exc) from None
        if self.severity is None and not self.symptoms:
            raise InvalidInputError(
                "severity", "Field required (a report without symptoms needs a severity from 0 to 10)"
            )

    @classmethod
    def from_mapping(cls, data: object) -> PainReport:
        """A report from a mapping (a parsed TOML or JSON document), or the report itself.

        >>> PainReport.from_mapping({"severity": 2, "onset": "after"}).onset
        <Onset.AFTER: 'after'>
        >>> PainReport.from_mapping([2])
        Traceback (most recent call last):
        ...
        altex.errors.InvalidInputError: report: expected a pain report or a mapping of its fields, got [2]
        """
        if isinstance(data, PainReport):
            return data
        if not isinstance(data, Mapping) or not all(isinstance(k, str) for k in data):
            raise InvalidInputError("report", f"expected a pain report or a mapping of its fields, got {data!r:.60}")
        return cls(**dict(data))


def _input_error(exc: ValidationError) -> InvalidInputError:
    """The first problem of a report, as an altex error that names the field."""
    err = exc.errors()[0]
    where = "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in err["loc"]).lstrip(".") or "report"
    msg = str(err["msg"]).removeprefix("Value error, ")
    got = err.get("input")
    if err["type"] not in {"missing", "extra_forbidden"} and isinstance(got, str | int | float):
        msg += f" (got {got!r:.40})"
    if err["type"] == "extra_forbidden":
        msg = "not a field of a pain report"
    return InvalidInputError(where, msg)


# -- the triage records (data/triage.toml) ---------------------------------------------


class Symptom(_Named):
    """A symptom a person can report, such as tingling or saddle numbness (``[[symptom]]``)."""

    description: Text


#: The conditions of a rule that only ever hold for more of a worse report.
LOWER_BOUNDS = (
    "severity_min",
    "quality_min",
    "onset_min",
    "during_exercise_min",
    "hours_after_exercise_over",
    "hours_since_onset_over",
    "limits_daily_activities",
    "improving",
    "symptoms_any",
    "symptoms_all",
)


class When(_Frozen):
    """The conditions of a triage rule; every one given must hold (a field the report leaves out holds none).

    ``*_min`` and ``*_max`` are inclusive bounds in the order of the field's
    enum; ``hours_*_over`` is strictly more than, ``hours_*_max`` at most;
    ``symptoms_any`` needs one of the symptoms, ``symptoms_all`` every one.
    ``improving = false`` (not known to be easing) is the worse state, so it
    is the lower bound; ``limits_daily_activities = true`` likewise.
    """

    severity_min: int | None = Field(default=None, ge=0, le=10)
    severity_max: int | None = Field(default=None, ge=0, le=10)
    quality_min: PainQuality | None = None
    quality_max: PainQuality | None = None
    onset_min: Onset | None = None
    onset_max: Onset | None = None
    during_exercise_min: DuringExercise | None = None
    during_exercise_max: DuringExercise | None = None
    hours_after_exercise_over: float | None = Field(default=None, ge=0)
    hours_after_exercise_max: float | None = Field(default=None, ge=0)
    hours_since_onset_over: float | None = Field(default=None, ge=0)
    hours_since_onset_max: float | None = Field(default=None, ge=0)
    limits_daily_activities: bool | None = None
    improving: bool | None = None
    symptoms_any: Ids = ()
    symptoms_all: Ids = ()

    @property
    def given(self) -> tuple[str, ...]:
        """The names of the conditions this rule states."""
        return tuple(k for k, v in self if v is not None and v != ())

    @property
    def upper_bounds(self) -> tuple[str, ...]:
        """The stated conditions that a worse report could stop meeting."""
        return tuple(
            k
            for k in self.given
            if k not in LOWER_BOUNDS
            or (k == "limits_daily_activities" and not getattr(self, k))
            or (k == "improving" and getattr(self, k))
        )


class TriageRule(Record):
    """One triage rule (``[[triage]]``): when a report meets ``when``, this applies.

    ``kind`` (optional) classifies the report; ``action`` is the least it
    calls for. A rule that raises the action above ``continue`` or classifies
    the report as pain or a red flag may only use lower bounds in ``when``, so
    that a worse report is never judged milder.

    A ``band`` rule is one band of the 0-10 pain scale (the traffic light):
    its ``when`` states only ``severity_min`` and ``severity_max``, and it may
    use both. The bands of a knowledge base may not overlap, and a higher band
    never calls for less (checked when the data loads, :func:`band_problems`),
    so a report falls in at most one band and a worse one never in a milder.
    """

    when: When
    kind: AssessmentKind | None = None
    action: Action
    reason: Text
    advice: Text
    sources: SourceIds
    evidence: Evidence = Evidence.CLINICAL
    band: bool = False

    @property
    def severities(self) -> range:
        """The severities this rule's ``when`` allows (all of 0-10 when it bounds none).

        >>> list(kb.triage_rules["severity-amber"].severities)
        [4, 5]
        """
        low, high = self.when.severity_min, self.when.severity_max
        return range(0 if low is None else low, 11 if high is None else high + 1)

    @model_validator(mode="after")
    def _monotone(self) -> TriageRule:
        if not self.when.given:
            raise ValueError("a triage rule needs at least one condition in 'when'")
        if self.band:
            other = [k for k in self.when.given if k not in {"severity_min", "severity_max"}]
            if other or not self.severities:
                raise ValueError(
                    f"when.{other[0] if other else 'severity_max'}: a band rule states only "
                    "severity_min and severity_max, with severity_min <= severity_max"
                )
            return self
        raises = self.action > Action.CONTINUE or (self.kind is not None and self.kind > AssessmentKind.SORENESS)
        if raises and self.when.upper_bounds:
            raise ValueError(
                f"when.{self.when.upper_bounds[0]}: a rule whose action is above 'continue' or whose kind is "
                "'pain' or 'red_flag' may only use lower bounds (*_min, *_over, symptoms_any, "
                "limits_daily_activities = true), so that a worse report is never judged milder"
            )
        if self.kind is AssessmentKind.RED_FLAG and self.action < Action.SEE_DOCTOR:
            raise ValueError("a red flag stops exercise advice: its action must be 'see_doctor' or 'emergency'")
        return self


def band_problems(rules: Mapping[str, TriageRule]) -> Iterator[tuple[str, str, str]]:
    """What is wrong with the bands of *rules*, as (rule id, field, message).

    No severity may fall in two bands, and a higher severity's band may not
    call for a lower action or a milder kind than a lower severity's (no band
    counts as ``continue`` and soreness).

    >>> list(band_problems(kb.triage_rules))
    []
    """
    bands = sorted((r for r in rules.values() if r.band), key=lambda r: (r.severities.start, r.id))
    owner: dict[int, TriageRule] = {}
    for rule in bands:
        for s in rule.severities:
            if s in owner:
                message = f"severity {s} is also in band {owner[s].id!r}; bands may not overlap"
                yield rule.id, "when.severity_min", message
                break
            owner[s] = rule
    floor: tuple[Action, AssessmentKind, str] = (Action.CONTINUE, AssessmentKind.SORENESS, "")
    for s in range(11):
        rule_at = owner.get(s)
        here = (Action.CONTINUE, AssessmentKind.SORENESS, "") if rule_at is None else _band_level(rule_at)
        if here[0] < floor[0] or here[1] < floor[1]:
            if rule_at is None:
                yield floor[2], "when.severity_max", f"severity {s} is in no band, so milder than this band below it"
            else:
                yield rule_at.id, "action", f"a band calls for less than band {floor[2]!r} below it"
            return
        floor = here


def _band_level(rule: TriageRule) -> tuple[Action, AssessmentKind, str]:
    return rule.action, rule.kind or AssessmentKind.SORENESS, rule.id


# -- the answer ------------------------------------------------------------------------


class TriageReason(BaseModel):
    """One triage rule that the report meets, and what it calls for."""

    model_config = ConfigDict(frozen=True, extra="forbid", defer_build=True)

    rule: str
    kind: AssessmentKind | None
    action: Action
    text: str
    advice: str
    sources: tuple[str, ...]
    evidence: Evidence = Evidence.CLINICAL


class Assessment(BaseModel):
    """What a pain report looks like and what to do, with the rules that say so.

    ``action`` is the maximum over every rule the report meets and ``kind`` the
    most concerning classification among them (soreness when none classifies
    it), so neither depends on the order of fields or symptoms. With a red
    flag, only the red-flag reasons are listed: they stop all exercise advice.
    ``advice`` is in plain words; altex does not diagnose.

    >>> a = kb.assess(PainReport(severity=2, quality="aching", onset="after", hours_after_exercise=30))
    >>> a.kind, a.action
    (<AssessmentKind.SORENESS: 'soreness'>, <Action.CONTINUE: 'continue'>)
    """

    model_config = ConfigDict(frozen=True, extra="forbid", defer_build=True)

    kind: AssessmentKind
    action: Action
    reasons: tuple[TriageReason, ...]
    advice: str
    symptoms: tuple[Symptom, ...] = ()

    @property
    def has_red_flags(self) -> bool:
        """True when a red-flag rule applies: stop exercising and get care.

        >>> kb.assess(PainReport(severity=1, symptoms=["saddle numbness"])).has_red_flags
        True
        """
        return self.kind is AssessmentKind.RED_FLAG
