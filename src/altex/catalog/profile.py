"""A catalog record's movement profile: every demand rated from its name, description and attributes.

A profile has many possible sources, joined by taking the maximum of every demand:

1. a knowledge-base exercise the name matches (:mod:`.matching`), which rates
   every demand; a guessed match (confidence below :data:`PARTIAL`) also takes
   the inference rules the record meets, so a name matched in part cannot
   hide what the rest of the record shows, and any match takes the rules that
   read the description (a back bend named "Bridge" is not a glute bridge);
2. inference rules (``[[inference]]``, :mod:`.inference`) met by the words of
   the name, of the description, by the category, equipment and muscles; a
   rule rates some demands (``none`` rules one out), a ``complete`` rule all;
3. a compound name ("Curl to Press", "Clean and Jerk", "Squat + Row") is split
   into parts, each part profiled on its own, and the parts joined: a curl
   that ends in an overhead press does what the press does.

A demand that no source rates is *unknown*: nothing ruled it out, and the
verdict treats it at its most careful level (see :mod:`.verdicts`). Every
rating keeps its clues: which exercise or rule gave it, from which part of the
name and which words or fields.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from .._profiles import demands
from ..kb import KnowledgeBase
from ..models import Category, Exercise, Intensity
from .inference import Fired, Inferrer, name_words
from .matching import Match, fits_category, match_name
from .models import CatalogRecord, Clue, ClueKind, DemandRating, RecordProfile

__all__ = ["PARTIAL", "Profiled", "Profiler", "name_parts"]

#: A match below this confidence guessed part of the name: the rules the record meets are added.
PARTIAL = 0.85

#: Words that join two movements in one exercise's name.
_JOINS = re.compile(r"\s+(?:to|and|into|then|plus|with|w/)\s+|\s*(?:\+|&|/|,\s*then)\s*", re.IGNORECASE)
#: Implements a guessed match may only land on when the record shows them (a bodyweight squat is not the barbell lift).
_LOADED = frozenset({"barbell", "trap-bar"})
#: Name words that say what kind of exercise a record is, whatever the app's category.
_KIND_WORDS = {
    " stretch": frozenset({Category.STRETCH, Category.YOGA}),
    " pose ": frozenset({Category.YOGA, Category.STRETCH}),
    " yoga ": frozenset({Category.YOGA, Category.STRETCH}),
}


def name_parts(name: str) -> list[str]:
    """The parts of a compound name, split where a word joins two movements (brackets set aside).

    >>> name_parts("Dumbbell Curl to Press"), name_parts("Squat + Row (Band)"), name_parts("Plank")
    (['Dumbbell Curl', 'Press'], ['Squat', 'Row'], ['Plank'])
    """
    bare = re.sub(r"\([^)]*\)|\[[^\]]*\]", " ", name)
    return [p.strip(" -,") for p in _JOINS.split(bare) if p.strip(" -,")]


@dataclass(frozen=True, slots=True)
class _Part:
    """One part of a name: what matched it, which rules it met, and its ratings."""

    text: str
    match: Match | None
    fired: tuple[Fired, ...]

    @property
    def movement(self) -> bool:
        """Whether the part names a movement (matched an exercise, or met a rule by its words)."""
        return self.match is not None or any(f.by_name for f in self.fired)


@dataclass(frozen=True, slots=True)
class Profiled:
    """What profiling a record found: its profile, the matched exercises (one per part) and the rules used."""

    profile: RecordProfile
    matches: tuple[tuple[str, Match], ...]  # (part, match)
    fired: tuple[Fired, ...]


class Profiler:
    """Profiles catalog records against one knowledge base; built once per catalog.

    >>> from altex.catalog import CatalogRecord
    >>> p = Profiler(kb).profile(CatalogRecord(id="1", name="Dumbbell Curl to Press", category="arms"))
    >>> p.profile.parts, [e for _, m in p.matches for e in [m.exercise]]
    (('Dumbbell Curl', 'Press'), ['biceps-curl'])
    >>> p.profile.rating("spinal-extension").intensity, p.profile.rating("spinal-extension").clues[0].source
    (<Intensity.MODERATE: 'moderate'>, 'presses-by-name')
    """

    __slots__ = ("_demands", "_exercises", "_inferrer", "_names")

    def __init__(self, kb: KnowledgeBase) -> None:
        self._inferrer = Inferrer(kb.inferences)
        self._names = kb._exercise_names  # the knowledge base's own index: one source of truth for names
        self._exercises = kb.exercises
        self._demands = demands(kb.mechanisms)

    def fits(self, r: CatalogRecord, words: str, eid: str, confidence: float) -> bool:
        """Whether exercise *eid*, found at *confidence*, suits record *r* (whose name reads *words*).

        The app's category is a soft signal: a name word that says the kind
        ("stretch", "pose") outweighs it, and body-part categories say nothing
        of the kind. A guess (below :data:`PARTIAL`) must not contradict the
        record: it must work one of its primary muscles, when both list some,
        and may be a barbell lift only when the record shows a barbell.
        """
        e = self._exercises[eid]
        kinds = [k for w, k in _KIND_WORDS.items() if w in words]
        if not (fits_category(r.category, e.category) or any(e.category in k for k in kinds)):
            return False
        if confidence >= PARTIAL:
            return True
        if r.primary_muscles and e.muscles and not set(r.primary_muscles) & set(e.muscles):
            return False
        loaded = _LOADED & set(e.equipment)
        return not loaded or any(g in r.equipment or f" {g.replace('-', ' ')}" in words for g in loaded)

    def _match(self, r: CatalogRecord, text: str, whole: bool) -> Match | None:
        words = name_words(r.name)
        aliases, rid = (r.aliases, r.id) if whole else ((), "")
        return match_name(self._names, text, aliases, rid, lambda eid, conf: self.fits(r, words, eid, conf))

    def profile(self, r: CatalogRecord) -> Profiled:
        """Profile one record: match the whole name, else profile each part of it, and join the parts."""
        text = name_words(r.description)
        whole = self._match(r, r.name, True)
        parts: list[_Part] = []
        if whole is not None and whole.confidence >= PARTIAL:
            parts = [_Part(r.name, whole, self._inferrer.fired(r, None, text))]
        else:
            pieces = name_parts(r.name)
            if len(pieces) > 1:
                split = [_Part(p, self._match(r, p, False), self._inferrer.fired(r, p, text)) for p in pieces]
                parts = [p for p in split if p.movement]
            if len(parts) < 2:
                parts = [_Part(r.name, whole, self._inferrer.fired(r, None, text))]
        return self.join(r, [(p.text, p.match, p.fired) for p in parts])

    def join(self, r: CatalogRecord, given: Sequence[tuple[str, Match | None, tuple[Fired, ...]]]) -> Profiled:
        """The profile of record *r* from its parts, each given as (text, match or None, rules met)."""
        parts = [_Part(text, match, fired) for text, match, fired in given]
        ratings = [self._rate(p) for p in parts]
        joined = _join(self._demands, ratings)
        features = tuple(dict.fromkeys(f for _, feats in ratings for f in feats))
        confidence = min(self._confidence(p) for p in parts)
        profile = RecordProfile.model_construct(
            demands=joined,
            features=features,
            parts=tuple(p.text for p in parts) if len(parts) > 1 else (),
            confidence=confidence,
        )
        matches = tuple((p.text, p.match) for p in parts if p.match is not None)
        fired = tuple({f.rule.id: f for p in parts for f in self._used(p)}.values())
        return Profiled(profile, matches, fired)

    @staticmethod
    def _used(p: _Part) -> tuple[Fired, ...]:
        """The rules a part takes: all it meets, or for a sure match only those that read the description
        (a description that shows more than the name says is not ignored)."""
        if p.match is None or p.match.confidence < PARTIAL:
            return p.fired
        return tuple(f for f in p.fired if f.rule.when.description)

    @staticmethod
    def _confidence(p: _Part) -> float:
        if p.match is not None:
            return p.match.confidence
        return max((f.rule.confidence for f in p.fired), default=0.0)

    def _rate(self, p: _Part) -> tuple[dict[str, tuple[Intensity, list[Clue]]], list[str]]:
        """One part's ratings (demand -> intensity and the clues that gave it) and its features."""
        rated: dict[str, tuple[Intensity, list[Clue]]] = {}
        features: list[str] = []
        part = p.text

        def give(demand: str, intensity: Intensity, clue: Clue) -> None:
            held = rated.get(demand)
            if held is None or intensity > held[0]:
                rated[demand] = (intensity, [clue])
            elif intensity is held[0] and len(held[1]) < 3:
                held[1].append(clue)

        if p.match is not None:
            e: Exercise = self._exercises[p.match.exercise]
            clue = Clue.model_construct(kind=ClueKind.EXERCISE, source=e.id, part=part, signals=(p.match.via,))
            for d in self._demands:
                give(d, e.profile.level(d), clue)
            features += e.loads
        for f in self._used(p):
            clue = Clue.model_construct(kind=ClueKind.RULE, source=f.rule.id, part=part, signals=f.signals)
            for d, intensity in f.rule.profile.items():
                give(d, intensity, clue)
            if f.rule.complete:
                for d in self._demands:
                    if d not in f.rule.profile:
                        give(d, Intensity.NONE, clue)
            features += f.rule.loads
        return rated, features


def _join(
    all_demands: Sequence[str], parts: Iterable[tuple[dict[str, tuple[Intensity, list[Clue]]], list[str]]]
) -> tuple[DemandRating, ...]:
    """Every demand at its highest over the parts; unknown when any part leaves it unknown."""
    rated = [r for r, _ in parts]
    make = DemandRating.model_construct
    out: list[DemandRating] = []
    for d in all_demands:
        found = [r.get(d) for r in rated]
        if any(x is None for x in found):
            out.append(make(demand=d, intensity=None, clues=()))
            continue
        top = max(x[0] for x in found if x is not None)
        clues = {id(c): c for x in found if x is not None and x[0] is top for c in x[1]}
        out.append(make(demand=d, intensity=top, clues=tuple(clues.values())[:3]))
    return tuple(out)
