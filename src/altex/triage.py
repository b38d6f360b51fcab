"""Triage: judge a pain report by the ``[[triage]]`` rules of the knowledge base.

The engine knows no medicine; the rules (``data/triage.toml``) do. A report
meets a rule when it meets every condition of the rule's ``when``. The answer
is the maximum over every rule met:

- ``action``: the most any rule calls for (``continue`` when none applies);
- ``kind``: the most concerning classification (``soreness`` when none).

A maximum does not depend on the order of fields, symptoms or rules, and
because every rule that raises the action or the kind uses only lower bounds
(checked when the data loads), a worse report can only meet more of them:
it never gets a milder action. A red flag hides every other reason, since it
stops all exercise advice.
"""

from __future__ import annotations

import operator
from collections.abc import Callable, Mapping
from typing import Any

from .errors import InvalidInputError
from .pain import Action, Assessment, AssessmentKind, PainReport, Symptom, TriageReason, TriageRule, When

__all__ = ["Triage", "compile_when", "meets", "passes"]

#: How a bound of ``when`` compares the report's value (left) with the rule's (right).
_COMPARE: dict[str, Callable[[Any, Any], Any]] = {"min": operator.ge, "max": operator.le, "over": operator.gt}

_NO_RULE = "No triage rule applies to this report: nothing in it calls for a change to the plan."

#: One condition of a rule, ready to evaluate: (report field, operation, bound). Plain
#: tuples rather than closures, so that a knowledge base still pickles into the load cache.
Test = tuple[str, str, Any]


def compile_when(when: When) -> tuple[Test, ...]:
    """The conditions *when* states, as tests for :func:`passes`.

    >>> from altex.pain import When
    >>> compile_when(When(severity_min=6, symptoms_any=("fever",)))
    (('severity', 'min', 6), ('symptoms', 'any', frozenset({'fever'})))
    """
    tests: list[Test] = []
    for condition, bound in when:
        if bound is None or bound == ():
            continue
        if condition in ("symptoms_any", "symptoms_all"):
            tests.append(("symptoms", condition.removeprefix("symptoms_"), frozenset(bound)))
        elif condition in ("limits_daily_activities", "improving"):
            tests.append((condition, "is", bound))
        else:
            field, _, op = condition.rpartition("_")
            tests.append((field, op, bound))
    return tuple(tests)


def passes(tests: tuple[Test, ...], report: PainReport, symptoms: frozenset[str]) -> bool:
    """True when *report* (with resolved symptom ids *symptoms*) passes every test.

    A bound on a field the report leaves out does not hold: an unknown value is
    never taken as a match.
    """
    for field, op, bound in tests:
        if op == "any":
            if symptoms.isdisjoint(bound):
                return False
            continue
        if op == "all":
            if not bound <= symptoms:
                return False
            continue
        value = getattr(report, field)
        if op == "is":
            if value is not bound:
                return False
        elif value is None or not _COMPARE[op](value, bound):
            return False
    return True


def meets(when: When, report: PainReport, symptoms: frozenset[str]) -> bool:
    """True when *report* (with resolved symptom ids *symptoms*) meets every condition of *when*.

    >>> from altex.pain import When
    >>> meets(When(quality_min="sharp"), PainReport(severity=3, quality="stabbing"), frozenset())
    True
    >>> meets(When(quality_min="sharp"), PainReport(severity=3), frozenset())
    False
    >>> meets(When(symptoms_any=("fever", "night-pain")), PainReport(severity=3), frozenset({"fever"}))
    True
    """
    return passes(compile_when(when), report, symptoms)


class Triage:
    """The triage rules of one knowledge base, ready to judge reports (immutable)."""

    __slots__ = ("_rules", "_symptoms")

    def __init__(self, rules: Mapping[str, TriageRule], symptoms: Mapping[str, Symptom]) -> None:
        """Compile *rules* once, in id order; *symptoms* are the records reports name."""
        self._rules = tuple((rules[k], compile_when(rules[k].when), _reason(rules[k])) for k in sorted(rules))
        self._symptoms = symptoms

    @property
    def rules(self) -> tuple[TriageRule, ...]:
        """The rules, sorted by id."""
        return tuple(rule for rule, _, _ in self._rules)

    def assess(self, report: PainReport, symptom_ids: frozenset[str]) -> Assessment:
        """The assessment of *report*, whose symptom names resolve to *symptom_ids*.

        Raises
        ------
        InvalidInputError
            If the knowledge base holds no triage rules to judge by.

        Examples
        --------
        >>> t = Triage(kb.triage_rules, kb.symptoms)
        >>> t.assess(PainReport(severity=2), frozenset({"saddle-numbness"})).action
        <Action.EMERGENCY: 'emergency'>
        """
        if not self._rules:
            raise InvalidInputError(
                "report", "this knowledge base holds no [[triage]] rules, so it cannot judge a pain report"
            )
        met = [(rule, reason) for rule, tests, reason in self._rules if passes(tests, report, symptom_ids)]
        action = max((r.action for r, _ in met), default=Action.CONTINUE)
        kind = max((r.kind for r, _ in met if r.kind is not None), default=AssessmentKind.SORENESS)
        if kind is AssessmentKind.RED_FLAG:
            # A red flag stops all exercise advice: reassurance or a lighter plan would mislead.
            floor = max(r.action for r, _ in met if r.kind is AssessmentKind.RED_FLAG)
            met = [(r, why) for r, why in met if r.kind is AssessmentKind.RED_FLAG or r.action > floor]
        met.sort(key=lambda m: (-m[0].action.rank, m[0].id))
        advice = " ".join(dict.fromkeys(r.advice for r, _ in met if r.action is action)) or _NO_RULE
        return Assessment(
            kind=kind,
            action=action,
            reasons=tuple(why for _, why in met),
            advice=advice,
            symptoms=tuple(self._symptoms[s] for s in sorted(symptom_ids)),
        )


def _reason(rule: TriageRule) -> TriageReason:
    return TriageReason(
        rule=rule.id,
        kind=rule.kind,
        action=rule.action,
        text=rule.reason,
        advice=rule.advice,
        sources=rule.sources,
        evidence=rule.evidence,
    )
