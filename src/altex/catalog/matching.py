"""Catalog names -> knowledge-base exercises, through the knowledge base's own name index.

An app's names are a knowledge-base name with decoration: equipment
("Barbell Deadlift"), grips and sides ("Close-Grip ...", "One-Arm ..."), a
qualifier after a dash or in brackets ("Bench Press - Medium Grip"), a plural,
a "Noun, Kind" order ("Jogging, Treadmill"), or words that make a variant
("Deficit Deadlift", "Pallof Press With Rotation"). Matching tries, in order,
and stops at the first name the index resolves:

==========  =====  ===============================================================
stage       conf.  what is tried
==========  =====  ===============================================================
exact       1.0    the name, the app's aliases, the app's id
variant     0.9    equipment, grip and side words dropped; plural; comma order
qualified   0.8    also the part after `` - `` or in brackets dropped (or used)
head        0.7    the words before "with", "from", "to", "on", ...
tail        0.6    the last words ("Deficit Deadlift" -> deadlift); 0.5 for one word
==========  =====  ===============================================================

Whatever the stage, the exercise found must fit: when the app's category is a
known one, it must be of a kind that category can hold ("Butterfly" on a
machine is not the swimming stroke; "Spider Crawl", a strength drill, is not
the front crawl; "Yoke Walk", a strongman carry, is not a walk). Only the lower stages change what the
exercise is, so a match below 0.85 is checked against the inference rules as
well (see :mod:`.mapping`).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

from .._names import NameIndex
from ..models import Category

__all__ = ["CATEGORY_FAMILIES", "Match", "fits_category", "match_name"]

_LIFTING = frozenset({Category.STRENGTH, Category.CORE})
_STRETCHING = frozenset({Category.STRETCH, Category.YOGA, Category.CORE})
#: What kinds of knowledge-base exercise an app's category can hold, for the
#: categories of free-exercise-db; other categories (wger's body parts: abs,
#: back, legs, ...) say where an exercise works, not what kind it is, and are not checked.
CATEGORY_FAMILIES: dict[str, frozenset[Category]] = {
    **dict.fromkeys(("strength", "powerlifting", "olympic-weightlifting", "strongman", "plyometrics"), _LIFTING),
    **dict.fromkeys(("stretching", "stretch", "mobility", "flexibility"), _STRETCHING),
    "yoga": frozenset({Category.YOGA, Category.STRETCH}),
    "cardio": frozenset({Category.CARDIO, Category.SPORT, Category.AQUATIC}),
}

#: Words that say how an exercise is loaded or held, not what it is.
_DROP = frozenset(
    (
        "barbell", "barbells", "dumbbell", "dumbbells", "db", "kettlebell", "kettlebells", "cable", "cables",
        "band", "bands", "banded", "machine", "smith", "lever", "leverage", "weighted", "alternating", "alternate",
        "wide", "medium", "narrow", "close",
    )
)  # fmt: skip
#: Two-word decorations: grips, sides and attachments.
_DROP_PAIRS = frozenset(
    tuple(p.split())
    for p in (
        "one arm", "single arm", "two arm", "one handed", "close grip", "wide grip", "medium grip",
        "narrow grip", "reverse grip", "neutral grip", "with bands", "with band", "with chains",
        "ez bar", "e z", "two dumbbell", "two kettlebells", "double kettlebell",
    )
)  # fmt: skip
#: Words after which the rest of a name is a modifier of its head.
_CONNECTORS = frozenset(["with", "from", "to", "on", "off", "over", "into", "against", "behind", "in", "and"])


@dataclass(frozen=True, slots=True)
class Match:
    """A catalog name resolved to a knowledge-base exercise id."""

    exercise: str
    confidence: float
    via: str


def _words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9]+", text.casefold().replace("'", "").replace("\u2019", ""))


def _strip(words: list[str]) -> list[str]:
    out: list[str] = []
    i = 0
    while i < len(words):
        if tuple(words[i : i + 2]) in _DROP_PAIRS:
            i += 2
            continue
        if words[i] not in _DROP:
            out.append(words[i])
        i += 1
    return out


def _plurals(words: list[str]) -> Iterator[list[str]]:
    yield words
    if not words:
        return
    last = words[-1]
    if last.endswith("es") and len(last) > 4:
        yield [*words[:-1], last[:-2]]
    if last.endswith("s") and len(last) > 3:
        yield [*words[:-1], last[:-1]]
    else:
        yield [*words[:-1], last + "s"]


def _unqualified(name: str) -> list[str]:
    """The name without a `` - qualifier`` or bracketed part, and the bracketed part itself."""
    out = []
    bare = re.sub(r"\([^)]*\)", " ", name)
    bare = re.split(r"\s[-\u2013\u2014]\s|\s-|-\s", bare)[0]
    if bare.strip() and bare.strip() != name.strip():
        out.append(bare)
    out += re.findall(r"\(([^)]*)\)", name)
    return out


def _reordered(name: str) -> list[str]:
    """``"Jogging, Treadmill"`` -> ``"Treadmill Jogging"``."""
    head, sep, tail = name.partition(",")
    return [f"{tail} {head}"] if sep and tail.strip() and head.strip() else []


def fits_category(app_category: str | None, category: Category) -> bool:
    """Whether an app's category can hold a knowledge-base exercise of *category*.

    >>> fits_category("strongman", Category.CARDIO), fits_category("my-own-kind", Category.CARDIO)
    (False, True)
    """
    family = CATEGORY_FAMILIES.get(app_category or "")
    return family is None or category in family


def match_name(
    names: NameIndex,
    name: str,
    aliases: Iterable[str] = (),
    record_id: str = "",
    fits: Callable[[str, float], bool] = lambda _eid, _conf: True,
) -> Match | None:
    """The knowledge-base exercise an app's exercise name stands for, or None.

    *fits* tells whether an exercise id found, at a confidence, suits the record
    (see :func:`fits_category`): the same name can mean another exercise in
    another kind of catalog entry, and a guessed match must not contradict what
    the record says (a bodyweight squat is not the barbell lift).

    >>> idx = kb._exercise_names
    >>> match_name(idx, "Barbell Deadlift")
    Match(exercise='deadlift', confidence=1.0, via="name 'Barbell Deadlift'")
    >>> match_name(idx, "Dumbbell Goblet Squat").exercise
    'goblet-squat'
    >>> match_name(idx, "Barbell Row (Overhand/Underhand)")
    Match(exercise='bent-over-row', confidence=0.8, via="qualified 'barbell row'")
    >>> match_name(idx, "Snatch OL")
    Match(exercise='olympic-lifts', confidence=0.5, via="first words 'snatch'")
    >>> match_name(idx, "Deficit Deadlift")
    Match(exercise='deadlift', confidence=0.5, via="last words 'deadlift'")
    >>> match_name(idx, "Zzz") is None
    True
    """
    for label, text in (("name", name), *(("alias", a) for a in aliases), ("id", record_id)):
        if text and (eid := names.get(text)) is not None and fits(eid, 1.0):
            return Match(eid, 1.0, f"{label} {text!r}")
    stages: tuple[tuple[float, str, list[str]], ...] = (
        (0.9, "variant", [name, *_reordered(name)]),
        (0.8, "qualified", _unqualified(name)),
    )
    for confidence, label, texts in stages:
        for text in texts:
            words = _words(text)
            for form in dict.fromkeys((tuple(words), tuple(_strip(words)))):
                for option in _plurals(list(form)):
                    if option and (eid := names.get(" ".join(option))) is not None and fits(eid, confidence):
                        return Match(eid, confidence, f"{label} {' '.join(option)!r}")
    base = (_unqualified(name) or [name])[0]
    core = _strip(_words((_reordered(base) or [base])[0]))
    cut = next((i for i, w in enumerate(core) if w in _CONNECTORS and i > 0), len(core))
    if cut < len(core):
        for words in _plurals(core[:cut]):
            if (eid := names.get(" ".join(words))) is not None and fits(eid, 0.7):
                return Match(eid, 0.7, f"head {' '.join(words)!r}")
    for part in (core, core[:cut]) if cut < len(core) else (core,):
        for start in range(1, len(part)):
            for words in _plurals(part[start:]):
                conf = 0.6 if len(words) > 1 else 0.5
                if (eid := names.get(" ".join(words))) is not None and fits(eid, conf):
                    return Match(eid, conf, f"last words {' '.join(words)!r}")
        for end in range(len(part) - 1, 0, -1):
            conf = 0.6 if end > 1 else 0.5
            if (eid := names.get(" ".join(part[:end]))) is not None and fits(eid, conf):
                return Match(eid, conf, f"first words {' '.join(part[:end])!r}")
    return None
