"""Inference rules (``[[inference]]`` in data/) applied to catalog records.

A record is described by its attributes: category, equipment, force,
mechanic, muscles, the words of its name (or of one part of a compound name)
and of its description. Each inference rule whose ``when`` the record meets,
and whose ``unless`` it does not, contributes its ratings; the rules live in the knowledge base as data,
with sources, so that what altex assumes about an unknown exercise can be
reviewed like any other rule.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from ..models import Criteria, Inference, InferenceKind, Intensity
from .models import CatalogRecord

__all__ = ["Fired", "Inferrer", "loads_of", "name_words"]

#: The equipment value that means "needs none" in a rule's criteria.
NO_EQUIPMENT = "none"

#: Other catalogs' names for the equipment ids the rules use (free-exercise-db's), so a rule reads them all.
EQUIPMENT_NAMES: dict[str, tuple[str, ...]] = {
    "kettlebells": ("kettlebell",),
    "bands": ("band", "resistance-band", "resistance-bands", "mini-band"),
    "e-z-curl-bar": ("sz-bar", "ez-bar", "ez-curl-bar", "curl-bar"),
    "exercise-ball": ("swiss-ball", "stability-ball", "fitness-ball"),
    "foam-roll": ("foam-roller",),
    "cable": ("cables", "cable-machine", "pulley"),
    "machine": ("machines", "leg-press", "smith-machine"),
    "medicine-ball": ("med-ball", "slam-ball"),
}


def name_words(name: str) -> str:
    """A name as lowercase words between spaces, the form name criteria are matched in.

    >>> name_words("Box Jump (Multiple Response)")
    ' box jump multiple response '
    """
    return " " + " ".join(re.findall(r"[a-z0-9]+", name.casefold().replace("'", ""))) + " "


def _hit(values: Iterable[object], found: Iterable[object]) -> str:
    """The first value of *found* that is in *values*, as text ('' when none)."""
    pool = set(values)
    return next((str(getattr(v, "value", v)) for v in found if v in pool), "")


@dataclass(frozen=True, slots=True)
class _Compiled:
    """One rule's criteria as sets, so that testing a record is a few lookups."""

    category: frozenset[str]
    equipment: frozenset[str]
    force: frozenset[object]
    mechanic: frozenset[object]
    primary: frozenset[object]
    muscles: frozenset[object]
    name: tuple[str, ...]
    description: tuple[str, ...]

    @classmethod
    def of(cls, c: Criteria) -> _Compiled:
        return cls(
            frozenset(c.category),
            frozenset(c.equipment) | {n for g in c.equipment for n in EQUIPMENT_NAMES.get(g, ())},
            frozenset(c.force),
            frozenset(c.mechanic),
            frozenset(c.primary_muscles),
            frozenset(c.muscles),
            tuple(name_words(w)[:-1] for w in c.name),  # " jump": matches at the start of a word
            tuple(name_words(w)[:-1] for w in c.description),
        )

    def any_met(self, r: CatalogRecord, words: str, text: str) -> bool:
        """Whether any criterion given is met (for ``unless``); stops at the first."""
        return any(s is not None for s in self.tests(r, words, text))

    def all_met(self, r: CatalogRecord, words: str, text: str) -> bool:
        """Whether every criterion given is met (for ``when``), cheaply: no signal is worded."""
        if self.category and r.category not in self.category:
            return False
        if self.equipment and not (
            any(g in self.equipment for g in r.equipment) or (not r.equipment and NO_EQUIPMENT in self.equipment)
        ):
            return False
        if self.force and r.force not in self.force:
            return False
        if self.mechanic and r.mechanic not in self.mechanic:
            return False
        if self.primary and not any(m in self.primary for m in r.primary_muscles):
            return False
        if self.muscles and not any(m in self.muscles for m in r.muscles):
            return False
        if self.name and not any(w in words for w in self.name):
            return False
        return not self.description or any(w in text for w in self.description)

    def tests(self, r: CatalogRecord, words: str, text: str) -> Iterable[str | None]:
        """One signal per criterion given: what of the record met it, or None when it did not."""
        if self.category:
            yield f"category {r.category!r}" if r.category in self.category else None
        if self.equipment:
            hit = _hit(self.equipment, r.equipment) or (
                "none" if not r.equipment and NO_EQUIPMENT in self.equipment else ""
            )
            yield f"equipment {hit!r}" if hit else None
        if self.force:
            yield f"force {r.force.value!r}" if r.force is not None and r.force in self.force else None
        if self.mechanic:
            yield f"mechanic {r.mechanic.value!r}" if r.mechanic is not None and r.mechanic in self.mechanic else None
        if self.primary:
            hit = _hit(self.primary, r.primary_muscles)
            yield f"primary muscle {hit!r}" if hit else None
        if self.muscles:
            hit = _hit(self.muscles, r.muscles)
            yield f"muscle {hit!r}" if hit else None
        if self.name:
            hit = next((w for w in self.name if w in words), "")
            yield f"name {hit.strip()!r}" if hit else None
        if self.description:
            hit = next((w for w in self.description if w in text), "")
            yield f"description {hit.strip()!r}" if hit else None


@dataclass(frozen=True, slots=True)
class Fired:
    """An inference rule that applies to a record (or a part of its name), and what of the record met it."""

    rule: Inference
    signals: tuple[str, ...]

    @property
    def by_name(self) -> bool:
        """Whether the rule fired on words of the name (so the name describes a movement)."""
        return bool(self.rule.when.name)


class Inferrer:
    """Applies a knowledge base's inference rules to catalog records.

    >>> from altex.catalog import CatalogRecord
    >>> inferrer = Inferrer(kb.inferences)
    >>> jump = CatalogRecord(id="x", name="Hurdle Hops", category="plyometrics")
    >>> [(f.rule.id, f.signals) for f in inferrer.fired(jump)]
    [('jumps-by-name', ("name 'hop'",)), ('plyometric-landings', ("category 'plyometrics'",))]
    """

    def __init__(self, rules: Mapping[str, Inference]) -> None:
        self._rules = tuple(
            (rule, _Compiled.of(rule.when), _Compiled.of(rule.unless))
            for rule in rules.values()
            if rule.kind is InferenceKind.RULE
        )

    def fired(self, record: CatalogRecord, name: str | None = None, text: str | None = None) -> tuple[Fired, ...]:
        """The rules that apply to *record*, in the knowledge base's order (by id).

        *name* is the part of the record's name to read (the whole name by
        default); *text* its description as :func:`name_words` (computed when not given).
        """
        words = name_words(record.name if name is None else name)
        text = name_words(record.description) if text is None else text
        out: list[Fired] = []
        for rule, when, unless in self._rules:
            if when.all_met(record, words, text) and not unless.any_met(record, words, text):
                out.append(Fired(rule, tuple(s for s in when.tests(record, words, text) if s)))
        return tuple(out)


def loads_of(rules: Iterable[Inference]) -> tuple[str, ...]:
    """The mechanisms the rules give (demands rated above none, then features), each once, in the order first given."""
    return tuple(dict.fromkeys(m for rule in rules for m in (*given(rule), *rule.loads)))


def given(rule: Inference) -> tuple[str, ...]:
    """The demands an inference rule rates above none."""
    return tuple(d for d, i in rule.profile.items() if i is not Intensity.NONE)
