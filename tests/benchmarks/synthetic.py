"""Synthetic knowledge bases in the documented TOML format, from 100 to 100,000 exercises.

What an app that merges catalogs looks like: 20 mechanisms (16 demands rated in every
profile, 4 features), 12 conditions grading the demands by threshold, 10 combination rules
(some naming an exercise), and exercises split over files of 2,000 records. Each exercise is
a variant of one of 60 movement patterns (a category, goals, muscles and a profile), as
catalog entries are variants of a few movements: it rates every demand (complete profiles),
lists 0-3 features, has 3 curated substitutes, and a few have a direct harm or benefit.

>>> text = "".join(t for _, t in files(100, seed=1))
>>> text.count("[[exercise]]"), text.count("[[condition]]"), text.count("[[mechanism]]")
(100, 12, 20)
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from pathlib import Path

from altex.models import Category, Goal, Muscle

DEMANDS = (*(f"demand-{i:02d}" for i in range(15)), "impact")
FEATURES = tuple(f"feature-{i}" for i in range(4))
CONDITIONS = tuple(f"condition-{i:02d}" for i in range(12))
SOURCES = tuple(f"source-{i}" for i in range(5))
LEVELS = ("none", "low", "moderate", "high")
EQUIPMENT = ("dumbbell", "barbell", "mat", "band", "bike", "pool")
PATTERNS = 60
PER_FILE = 2_000


def _source(i: int) -> str:
    return f'[[source]]\nid = "{SOURCES[i]}"\ntitle = "Synthetic source {i}"\nkind = "article"\ncitation = "S{i}."\n'


def _mechanism(mid: str, graded: bool) -> str:
    scale = 'scale = { low = "A little.", moderate = "Some.", high = "A lot." }\n' if graded else ""
    return f'[[mechanism]]\nid = "{mid}"\nname = "{mid.replace("-", " ").title()}"\ndescription = "Synthetic."\n{scale}'


#: How conditions grade a demand, and how often (as in the bundled data: mostly a caution from
#: moderate and an avoid from high).
GRADES = (
    ((("moderate", "caution"), ("high", "avoid")), 50),
    ((("high", "caution"),), 30),
    ((("low", "caution"),), 10),
    ((("moderate", "avoid"),), 7),
    ((("low", "avoid"),), 3),
)


def _condition(rng: random.Random, i: int) -> str:
    rules = []
    for n, mid in enumerate(rng.sample(DEMANDS, 3)):
        (grades,) = rng.choices([g for g, _ in GRADES], [w for _, w in GRADES])
        for at_least, level in grades:
            rules.append(
                f'{{ mechanism = "{mid}", at_least = "{at_least}", level = "{level}", sources = ["source-{n}"] }}'
            )
    if i % 3 == 0:
        rules.append(f'{{ mechanism = "{rng.choice(FEATURES)}", level = "caution", sources = ["source-3"] }}')
    relief = f'{{ mechanism = "{rng.choice(DEMANDS)}", at_least = "moderate", sources = ["source-4"] }}'
    keep = '\nkeep_goals = ["bone-health"]' if i == 0 else ""
    harms = ",\n  ".join(rules)
    return (
        f'[[condition]]\nid = "{CONDITIONS[i]}"\nname = "Condition {i}"\ndescription = "Synthetic."{keep}\n'
        f"aggravated_by = [\n  {harms},\n]\nrelieved_by = [{relief}]\n"
    )


def _patterns(rng: random.Random) -> list[tuple[Category, list[Goal], list[Muscle], list[int]]]:
    out = []
    for _ in range(PATTERNS):
        goals = rng.sample(list(Goal), rng.randint(1, 3))
        muscles = rng.sample(list(Muscle), rng.randint(1, 4))
        profile = rng.choices(range(4), (60, 19, 15, 6), k=len(DEMANDS))  # as in the bundled data
        out.append((rng.choice(list(Category)), goals, muscles, profile))
    return out


def _exercise(rng: random.Random, i: int, n: int, pattern: tuple[Category, list[Goal], list[Muscle], list[int]]) -> str:
    category, goals, muscles, base = pattern
    goals, muscles = list(goals), list(muscles)
    if rng.random() < 0.2:  # a variant that also trains or works something else
        goals.append(rng.choice([g for g in Goal if g not in goals]))
    if rng.random() < 0.3:
        muscles.append(rng.choice([m for m in Muscle if m not in muscles]))
    levels = [min(3, max(0, v + rng.choice((-1, 0, 0, 0, 0, 0, 1)))) for v in base]
    profile = ", ".join(f'{d} = "{LEVELS[v]}"' for d, v in zip(DEMANDS, levels, strict=True))
    loads = ", ".join(f'"{f}"' for f in rng.sample(FEATURES, rng.choice((0, 0, 0, 1, 1, 2, 3))))
    gear = ", ".join(f'"{g}"' for g in rng.sample(EQUIPMENT, rng.choice((0, 0, 1))))
    subs = "\n".join(
        f'  {{ exercise = "ex-{j:06d}", why = "Similar work.", sources = ["source-{j % 5}"] }},'
        for j in rng.sample([j for j in range(max(0, i - 50), min(n, i + 50)) if j != i], min(3, n - 1))
    )
    goal_list = ", ".join(f'"{g.value}"' for g in goals)
    muscle_list = ", ".join(f'"{m.value}"' for m in muscles)
    out = (
        f'[[exercise]]\nid = "ex-{i:06d}"\nname = "Exercise {i}"\ncategory = "{category.value}"\n'
        f"goals = [{goal_list}]\nmuscles = [{muscle_list}]\n"
        f"equipment = [{gear}]\nprofile = {{ {profile} }}\nloads = [{loads}]\nsubstitutes = [\n{subs}\n]\n"
    )
    if rng.random() < 0.03:
        harm = f'condition = "{rng.choice(CONDITIONS)}", level = "{rng.choice(("caution", "avoid"))}"'
        out += f'contraindicated = [{{ {harm}, sources = ["source-0"] }}]\n'
    if rng.random() < 0.03:
        out += f'helps = [{{ condition = "{rng.choice(CONDITIONS)}", sources = ["source-1"] }}]\n'
    return out


def _rules(rng: random.Random, n: int) -> str:
    out = []
    for i in range(10):
        when = ", ".join(f'"{c}"' for c in rng.sample(CONDITIONS, 2))
        if i < 6:
            at_least = rng.choice(LEVELS[1:])
            target = f'mechanism = "{rng.choice(DEMANDS)}"\nat_least = "{at_least}"'
        else:
            target = f'exercise = "ex-{rng.randrange(n):06d}"'
        out.append(
            f'[[rule]]\nid = "rule-{i}"\nwhen = [{when}]\n{target}\nlevel = "caution"\n'
            f'sources = ["source-{i % 5}"]\nnote = "Synthetic."\n'
        )
    return "\n".join(out)


def files(n: int, seed: int = 0) -> Iterator[tuple[str, str]]:
    """The (file name, TOML text) pairs of a synthetic knowledge base of *n* exercises."""
    rng = random.Random(seed)
    head = [_source(i) for i in range(len(SOURCES))]
    head += [_mechanism(m, True) for m in DEMANDS] + [_mechanism(f, False) for f in FEATURES]
    head += [_condition(rng, i) for i in range(len(CONDITIONS))]
    yield "base.toml", "\n".join(head)
    yield "rules.toml", _rules(rng, n)
    patterns = _patterns(rng)
    for start in range(0, n, PER_FILE):
        chunk = [_exercise(rng, i, n, rng.choice(patterns)) for i in range(start, min(n, start + PER_FILE))]
        yield f"exercises-{start // PER_FILE:03d}.toml", "\n".join(chunk)


def write(folder: Path, n: int, seed: int = 0) -> Path:
    """Write a synthetic knowledge base of *n* exercises into *folder* (made if needed); return it."""
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in files(n, seed):
        (folder / name).write_text(text, encoding="utf-8")
    return folder
