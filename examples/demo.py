"""A tour of altex on the bundled knowledge base: `python3 run.py demo`.

A person with a herniated disc and sciatica brings their usual week of
training; altex checks each exercise, explains why, and adapts the plan. Weeks
later, it guides their return to running from what they log after each session.
"""

from __future__ import annotations

import datetime as dt

import altex


def main() -> None:
    kb = altex.load()
    print(kb)
    conditions = ["herniated disc", "sciatica"]
    names = ", ".join(kb.condition(c).name for c in conditions)
    print(f"\nA person with {names} asks about their usual exercises.\n")

    for exercise in ["running", "hamstring stretch", "deadlift", "swimming", "bird dog"]:
        verdict = kb.check(exercise, conditions)
        print(f"{verdict.exercise.name}: {verdict.level.value.upper()}")
        for reason in verdict.reasons:
            sign = "+" if reason.is_benefit else "-"
            print(f"   {sign} {reason.text}")
            print(f"     path {' -> '.join(reason.path)}; sources {', '.join(reason.sources)}")

    print("\nWhat to do instead of running, best first:")
    for s in kb.substitutes("running", conditions, limit=3):
        print(f"   {s.exercise.name} [{s.verdict.level.value}, score {s.score:.2f}]: {s.why}")

    plan = [
        {"exercise": "running", "minutes": 30},
        {"exercise": "back squat", "sets": 4, "reps": 8},
        {"exercise": "russian twist", "sets": 3, "reps": 20},
        {"exercise": "hamstring stretch", "minutes": 5},
        {"exercise": "plank", "sets": 3},
    ]
    print("\nTheir plan, adapted:")
    for item in kb.adapt(plan, conditions).items:
        after = item.result
        doing = f" -> {after.exercise}" if after and after.exercise != item.original.id else ""
        print(f"   {item.action.value:<8} {item.original.id}{doing}")

    print("\nAfter training they report how their back feels:")
    reports = [
        altex.PainReport(severity=3, quality="aching", onset="after", hours_after_exercise=30),
        altex.PainReport(severity=5, quality="sharp", onset="during", during_exercise="worsens"),
        altex.PainReport(severity=4, quality="aching", symptoms=["saddle numbness"]),
    ]
    for report in reports:
        a = kb.assess(report)
        print(f"   {a.kind.value:<9} -> {a.action.value:<10} {a.advice}")

    gated = kb.adapt(plan, conditions, report=reports[1])
    print("\nWith the sharp pain reported, the plan becomes:")
    for item in gated.items:
        after = item.result
        doing = f" -> {after.exercise}" if after and after.exercise != item.original.id else ""
        print(f"   {item.action.value:<8} {item.original.id}{doing}")

    returning_to_running(kb)

    print("\nThe same from the shell: altex check 'hamstring stretch' -c sciatica")
    print("altex gives general, sourced guidance; it does not diagnose.")


def returning_to_running(kb: altex.KnowledgeBase) -> None:
    """Four weeks of someone returning to running, following altex.progression every other day."""
    from altex.progression import SessionLog, next_session

    print("\nFour weeks later their back has settled, and they want to run again.")
    print("Every other day they ask for the next session and log how it felt:")
    # What they report after each session: mostly pain-free; one day with some pain, one
    # morning worse than usual.
    feedback = {3: {"pain_during": 2}, 5: {"pain_during": 0, "next_morning": "worse"}}
    logs: list[SessionLog] = []
    for n in range(12):
        day = dt.date(2025, 4, 7) + dt.timedelta(days=2 * n)
        session = next_session(kb, ["running"], ["sciatica"], logs, on=day)
        item = session.items[0]
        why = next(r.rule for r in item.reasons if r.rule != "caution")
        assert item.dose is not None
        print(f"   {day:%a %d %b}  {item.decision.value:<8} {item.dose.text():<28} ({why})")
        felt = {"pain_during": 0, "next_morning": "usual", **feedback.get(n, {})}
        logs += session.done(**felt)
        if felt != {"pain_during": 0, "next_morning": "usual"}:
            print(f"              logged: {', '.join(f'{k} {v}' for k, v in felt.items())}")


if __name__ == "__main__":
    main()
