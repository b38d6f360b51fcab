"""Progression: what the next session should be, from the plan, the person and their session logs.

>>> import altex
>>> from altex.progression import next_session
>>> logs = [{"date": "2025-03-03", "exercise": "walking", "minutes": 10, "pain_during": 1, "next_morning": "usual"}]
>>> next_session(altex.load(), [{"exercise": "walking", "minutes": 10}], ["sciatica"], logs).items[0].dose.minutes
11.0

The rules are data (``data/progression.toml``), read on first use; see
``docs/progression.md``. altex gives general, sourced guidance and does not diagnose.
"""

from ._rules import (
    Decision,
    DoseKind,
    Family,
    Leg,
    NextMorning,
    ProgressionRules,
    Signal,
    Stage,
    Weekly,
    bundled_rules,
    read_rules,
)
from .engine import HasConditions, Person, next_session
from .logs import SessionLog, parse_logs, read_logs
from .results import Dose, NextItem, NextSession, StepReason, WeekAdvice, WeekCheck
from .week import check_week

__all__ = [
    "Decision",
    "Dose",
    "DoseKind",
    "Family",
    "HasConditions",
    "Leg",
    "NextItem",
    "NextMorning",
    "NextSession",
    "Person",
    "ProgressionRules",
    "SessionLog",
    "Signal",
    "Stage",
    "StepReason",
    "WeekAdvice",
    "WeekCheck",
    "Weekly",
    "bundled_rules",
    "check_week",
    "next_session",
    "parse_logs",
    "read_logs",
    "read_rules",
]
