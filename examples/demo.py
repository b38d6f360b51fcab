"""A tour of altex on the bundled knowledge base: `python3 run.py demo`.

A person with a herniated disc and sciatica brings their usual week of
training; altex checks each exercise, explains why, and adapts the plan.
"""

from __future__ import annotations

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

    print("\nThe same from the shell: altex check 'hamstring stretch' -c sciatica")
    print("altex gives general, sourced guidance; it does not diagnose.")


if __name__ == "__main__":
    main()
