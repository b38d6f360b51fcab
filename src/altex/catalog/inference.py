"""Inference rules (``[[inference]]`` in data/) applied to catalog records.

A record that matches no exercise by name is described by its attributes:
category, equipment, force, mechanic, muscles and the words of its name. Each
inference rule whose ``when`` the record meets, and whose ``unless`` it does
not, contributes its mechanisms; the rules live in the knowledge base as data,
with sources, so that what altex assumes about an unknown exercise can be
reviewed like any other rule.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from ..models import Criteria, Inference, Intensity
from .models import CatalogRecord

__all__ = ["Inferrer", "loads_of", "name_words"]

#: The equipment value that means "needs none" in a rule's criteria.
NO_EQUIPMENT = "none"


def name_words(name: str) -> str:
    """A name as lowercase words between spaces, the form name criteria are matched in.

    >>> name_words("Box Jump (Multiple Response)")
    ' box jump multiple response '
    """
    return " " + " ".join(re.findall(r"[a-z0-9]+", name.casefold().replace("'", ""))) + " "


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

    @classmethod
    def of(cls, c: Criteria) -> _Compiled:
        return cls(
            frozenset(c.category),
            frozenset(c.equipment),
            frozenset(c.force),
            frozenset(c.mechanic),
            frozenset(c.primary_muscles),
            frozenset(c.muscles),
            tuple(name_words(w)[:-1] for w in c.name),  # " jump": matches at the start of a word
        )

    def tests(self, r: CatalogRecord, words: str) -> Iterable[bool]:
        """One truth value per criterion given."""
        if self.category:
            yield r.category in self.category
        if self.equipment:
            yield any(g in self.equipment for g in r.equipment) or (not r.equipment and NO_EQUIPMENT in self.equipment)
        if self.force:
            yield r.force in self.force
        if self.mechanic:
            yield r.mechanic in self.mechanic
        if self.primary:
            yield any(m in self.primary for m in r.primary_muscles)
        if self.muscles:
            yield any(m in self.muscles for m in r.muscles)
        if self.name:
            yield any(w in words for w in self.name)


class Inferrer:
    """Applies a knowledge base's inference rules to catalog records.

    >>> from altex.catalog import CatalogRecord
    >>> inferrer = Inferrer(kb.inferences)
    >>> jump = CatalogRecord(id="x", name="Hurdle Hops", category="plyometrics")
    >>> [rule.id for rule in inferrer.fired(jump)]
    ['jumps-by-name', 'plyometric-landings']
    """

    def __init__(self, rules: Mapping[str, Inference]) -> None:
        self._rules = tuple((rule, _Compiled.of(rule.when), _Compiled.of(rule.unless)) for rule in rules.values())

    def fired(self, record: CatalogRecord) -> tuple[Inference, ...]:
        """The rules that apply to *record*, in the knowledge base's order (by id)."""
        words = name_words(record.name)
        return tuple(
            rule
            for rule, when, unless in self._rules
            if all(when.tests(record, words)) and not any(unless.tests(record, words))
        )


def loads_of(rules: Iterable[Inference]) -> tuple[str, ...]:
    """The mechanisms the rules give (demands rated above none, then features), each once, in the order first given."""
    return tuple(dict.fromkeys(m for rule in rules for m in (*given(rule), *rule.loads)))


def given(rule: Inference) -> tuple[str, ...]:
    """The demands an inference rule rates above none."""
    return tuple(d for d, i in rule.profile.items() if i is not Intensity.NONE)
