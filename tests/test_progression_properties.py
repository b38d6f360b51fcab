"""The laws of progression, for any session logs (hypothesis, on the bundled knowledge base).

1. Worse feedback never yields a bigger step.
2. A red flag in any log stops everything.
3. Progression is bounded per week (and one step at a time).
4. The same logs in any order give the same answer.
5. Never a step to an exercise at avoid for the person.
"""

from __future__ import annotations

import datetime as dt
import random

from hypothesis import given
from hypothesis import strategies as st

import altex
from altex import Level
from altex.progression import Decision, Leg, NextMorning, SessionLog, bundled_rules, next_session
from altex.progression._steps import volume
from altex.strategies import condition_sets, session_logs

KB = altex.load()
RULES = bundled_rules()
# One or two exercises of every family, and some with none (a stretch, a sport).
PLAN = ["walking", "running", "back-squat", "deadlift", "bird-dog", "plank", "swimming", "hamstring-stretch", "golf"]
PLAN = [p for p in PLAN if p in KB.exercises]
DAY = dt.date(2025, 3, 31)
RED_FLAGS = sorted(
    s for rule in KB.triage_rules.values() if rule.kind is altex.AssessmentKind.RED_FLAG for s in rule.when.symptoms_any
)

logs_for_plan = session_logs(KB, PLAN, max_size=40)


def _worse(log: SessionLog, data: st.DataObject) -> SessionLog:
    """The same session with feedback at least as bad in every field."""
    morning = [m for m in NextMorning if m >= log.next_morning]
    leg = [g for g in Leg if g >= log.leg]
    return log.model_copy(
        update={
            "pain_during": data.draw(st.integers(log.pain_during, 10)),
            "next_morning": data.draw(st.sampled_from(morning)),
            "leg": data.draw(st.sampled_from(leg)),
            "stopped": log.stopped or data.draw(st.booleans()),
            "effort": None if log.effort is None else data.draw(st.integers(log.effort, 10)),
        }
    )


@given(history=logs_for_plan, data=st.data())
def test_worse_feedback_never_yields_a_bigger_step(history: list[SessionLog], data: st.DataObject) -> None:
    exercise = data.draw(st.sampled_from(PLAN))
    last = data.draw(session_logs(KB, [exercise], first_day=DAY - dt.timedelta(days=1), days=1, min_size=1, max_size=1))
    better, worse = last[0], _worse(last[0], data)
    conditions = data.draw(condition_sets(KB, max_size=2))
    a = next_session(KB, [exercise], conditions, [*history, better], on=DAY).items[0]
    b = next_session(KB, [exercise], conditions, [*history, worse], on=DAY).items[0]
    assert b.decision >= a.decision
    if a.decision is b.decision and a.dose is not None and b.dose is not None and a.swap_to == b.swap_to:
        fam = RULES.family_for(a.exercise, KB.exercises[a.exercise].category)
        assert volume(fam, b.dose, RULES) <= volume(fam, a.dose, RULES)


@given(history=logs_for_plan, data=st.data())
def test_a_red_flag_in_any_log_stops_everything(history: list[SessionLog], data: st.DataObject) -> None:
    flagged = data.draw(session_logs(KB, PLAN, min_size=1, max_size=1))[0]
    flagged = flagged.model_copy(update={"symptoms": (data.draw(st.sampled_from(RED_FLAGS)),)})
    at = data.draw(st.integers(0, len(history)))
    session = next_session(KB, PLAN, data.draw(condition_sets(KB)), [*history[:at], flagged, *history[at:]])
    assert session.stopped and session.assessment is not None and session.assessment.has_red_flags
    assert all(i.decision is Decision.STOP and i.dose is None for i in session.items)


@given(history=logs_for_plan, conditions=condition_sets(KB, max_size=2))
def test_progression_is_bounded_per_week(history: list[SessionLog], conditions: list[str]) -> None:
    session = next_session(KB, PLAN, conditions, history, on=DAY)
    growth = RULES.weekly.growth_max_percent
    for item in session.items:
        if item.decision is not Decision.PROGRESS:
            continue
        fam = RULES.family_for(item.exercise, KB.exercises[item.exercise].category)
        if item.week_before > 0 and fam is not None and fam.weekly_limit:
            assert item.week_with_next <= item.week_before * (1 + growth / 100) + 1e-9
        done = [log for log in history if KB.exercise(log.exercise).id == item.exercise and log.date < DAY]
        latest = max(log.date for log in done)
        stages = [log.stage for log in done if log.date == latest and log.stage is not None]
        if item.dose is not None and item.dose.stage is not None and stages:
            assert item.dose.stage <= max(stages) + 1


@given(history=logs_for_plan, order=st.randoms(use_true_random=False), conditions=condition_sets(KB, max_size=2))
def test_the_order_of_log_entries_never_matters(
    history: list[SessionLog], order: random.Random, conditions: list[str]
) -> None:
    shuffled = list(history)
    order.shuffle(shuffled)
    assert next_session(KB, PLAN, conditions, shuffled) == next_session(KB, PLAN, conditions, history)


@given(history=logs_for_plan, conditions=condition_sets(KB, max_size=3))
def test_never_a_step_to_an_exercise_at_avoid(history: list[SessionLog], conditions: list[str]) -> None:
    for item in next_session(KB, PLAN, conditions, history, on=DAY).items:
        if item.dose is None:
            assert item.decision is Decision.STOP
            continue
        done = item.swap_to or item.exercise
        assert KB.check(done, conditions).level is not Level.AVOID
        assert item.dose.exercise == done
