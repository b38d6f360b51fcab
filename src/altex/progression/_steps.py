"""Doses by family: where a new activity starts, one step up, one step down, and a session's volume."""

from __future__ import annotations

import math

from ._rules import DoseKind, Family, ProgressionRules
from .logs import SessionLog
from .results import Dose

__all__ = ["base_dose", "reduce", "start", "step", "volume"]


def _stage(fam: Family, index: int, dose: Dose) -> Dose:
    index = max(0, min(index, len(fam.stages) - 1))
    stage = fam.stages[index]
    return dose.model_copy(update={"stage": index, "stage_label": stage.label, "minutes": stage.minutes})


def start(fam: Family | None, planned: Dose, rules: ProgressionRules) -> Dose:
    """The first dose of an activity the logs do not show yet: the plan's, but no more than the family's start.

    >>> from altex.progression._rules import bundled_rules
    >>> rules = bundled_rules()
    >>> start(rules.family_for("walking", "cardio"), Dose(exercise="walking", minutes=30), rules).minutes
    5.0
    >>> start(rules.family_for("running", "cardio"), Dose(exercise="running", minutes=30), rules).stage_label
    'walk 30 minutes easily'
    """
    if fam is None:
        return planned
    if fam.dose is DoseKind.STAGES:
        return _stage(fam, planned.stage or 0, planned)
    if fam.start is None:
        return planned
    if fam.dose is DoseKind.MINUTES:
        return planned.model_copy(update={"minutes": min(planned.minutes or fam.start, fam.start)})
    reps = planned.reps if planned.reps is not None else int(fam.start)
    return planned.model_copy(update={"reps": reps})


def base_dose(planned: Dose, done: SessionLog, fam: Family | None, rules: ProgressionRules) -> Dose:
    """The dose the next step starts from: what was logged, filling in from the plan."""
    update = {
        k: getattr(done, k) for k in ("sets", "reps", "minutes", "load_kg", "stage") if getattr(done, k) is not None
    }
    dose = planned.model_copy(update=update)
    if fam is not None and fam.dose is DoseKind.STAGES:
        return _stage(fam, dose.stage or 0, dose)
    return dose


def step(fam: Family, dose: Dose) -> Dose | None:
    """One step up, or None when this dose cannot be stepped (no dose to step, or at the ceiling).

    >>> from altex.progression._rules import bundled_rules
    >>> strength = bundled_rules().family_for("squat", "strength")
    >>> step(strength, Dose(exercise="squat", sets=3, reps=12, load_kg=20))
    Dose(exercise='squat', sets=3, reps=8, minutes=None, load_kg=21.0, stage=None, stage_label=None)
    """
    if fam.dose is DoseKind.STAGES:
        return _stage(fam, (dose.stage or 0) + 1, dose)
    if fam.dose is DoseKind.MINUTES:
        if dose.minutes is None:
            return None
        inc = max(fam.step, dose.minutes * fam.step_percent / 100)
        inc = min(inc, fam.step_max) if fam.step_max is not None else inc
        new = float(math.floor(dose.minutes + inc))
        return dose.model_copy(update={"minutes": min(new, fam.ceiling) if fam.ceiling else new})
    if dose.reps is None:
        return None
    ceiling = int(fam.ceiling) if fam.ceiling is not None else None
    if ceiling is None or dose.reps < ceiling:
        reps = dose.reps + int(fam.step)
        return dose.model_copy(update={"reps": min(reps, ceiling) if ceiling is not None else reps})
    if fam.dose is not DoseKind.REPS_THEN_LOAD:
        return None
    back = int(fam.start) if fam.start is not None else dose.reps
    if dose.load_kg is not None:
        load = math.floor(dose.load_kg * (1 + fam.load_step_percent / 100) * 2) / 2
        return dose.model_copy(update={"load_kg": max(load, dose.load_kg + 0.5), "reps": back})
    if fam.sets_max is not None and (dose.sets or 1) < fam.sets_max:
        return dose.model_copy(update={"sets": (dose.sets or 1) + 1, "reps": back})
    return None


def reduce(fam: Family | None, dose: Dose) -> Dose:
    """One step down (never below one repetition, one minute or the first stage).

    >>> from altex.progression._rules import bundled_rules
    >>> reduce(bundled_rules().family_for("walking", "cardio"), Dose(exercise="walking", minutes=20)).minutes
    16.0
    """
    if fam is None:
        return dose
    if fam.dose is DoseKind.STAGES:
        return _stage(fam, (dose.stage or 0) - 1, dose)
    if fam.dose is DoseKind.MINUTES:
        if dose.minutes is None:
            return dose
        cut = dose.minutes * fam.reduce_percent / 100 if fam.reduce_percent else fam.reduce_by
        return dose.model_copy(update={"minutes": float(max(1, math.floor(dose.minutes - max(cut, 1))))})
    if dose.reps is None:
        return dose
    return dose.model_copy(update={"reps": max(1, dose.reps - int(fam.reduce_by))})


def volume(fam: Family | None, dose: Dose | SessionLog, rules: ProgressionRules) -> float:
    """A session's volume for the weekly limit: minutes by time, reps x sets x load by repetition.

    >>> from altex.progression._rules import bundled_rules
    >>> volume(None, Dose(exercise="squat", sets=3, reps=10, load_kg=20), bundled_rules())
    600.0
    """
    if fam is not None and fam.dose is DoseKind.STAGES and dose.stage is not None:
        return fam.stages[min(dose.stage, len(fam.stages) - 1)].minutes
    if (fam is not None and fam.dose is DoseKind.MINUTES) or (dose.reps is None and dose.minutes is not None):
        return float(dose.minutes or 0)
    return float((dose.reps or 0) * (dose.sets or 1) * (dose.load_kg or 1))
