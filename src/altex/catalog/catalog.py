"""Catalog: an app's own exercise catalog, mapped onto the knowledge base and ready for questions."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from types import MappingProxyType
from typing import NoReturn

from .._names import NameIndex, normalize
from .._open import load
from ..errors import CatalogError, DataProblem, InvalidInputError, UnknownCatalogExerciseError, UnknownNameError
from ..kb import Conditions, KnowledgeBase, ReportInput
from .mapping import Pin, map_records
from .models import CatalogMapping, CatalogPlan, CatalogRecord, CatalogSuggestion, CatalogVerdict, MappingMethod
from .plan import CatalogPlanInput, adapt_catalog_plan
from .ranking import CatalogFinder, rank
from .verdicts import Judge

__all__ = ["Catalog"]

_MAX_LIMIT = 1_000


def _shared_names(records: Iterable[CatalogRecord]) -> list[str]:
    by_name: dict[str, list[CatalogRecord]] = {}
    for r in records:
        by_name.setdefault(normalize(r.name), []).append(r)
    return [
        f"name {group[0].name!r} is shared by records {', '.join(r.id for r in group)}: the name means the first; "
        "use the ids"
        for group in by_name.values()
        if len(group) > 1
    ]


class Catalog:
    """An app's exercise catalog mapped onto a knowledge base: judge, substitute and adapt within it.

    Every record is mapped once, when the catalog is built (matched by name,
    inferred from its attributes, or unknown), and the reasons of every
    inferred mechanism are worked out then too; queries only gather them.
    Names given to any method may be catalog ids or names, in any case or
    spacing. Build one from records, or read a file with :func:`altex.catalog.load`.

    Examples
    --------
    >>> from altex.catalog import Catalog, CatalogRecord
    >>> app = Catalog([
    ...     CatalogRecord(id="bb-dl", name="Barbell Deadlift", category="strength"),
    ...     CatalogRecord(id="hip-thrust-bb", name="Barbell Hip Thrust", category="strength"),
    ...     CatalogRecord(id="hurdle-hops", name="Hurdle Hops", category="plyometrics"),
    ... ], kb)
    >>> app.check("bb-dl", "herniated disc").level
    <Level.AVOID: 'avoid'>
    >>> [s.record.id for s in app.substitutes("barbell deadlift", "herniated disc")]
    ['hip-thrust-bb']
    >>> app.mapping("hurdle-hops").method
    <MappingMethod.INFERRED: 'inferred'>
    """

    __slots__ = ("_finder", "_judge", "_kb", "_mappings", "_names", "_notes", "_records")

    _kb: KnowledgeBase
    _records: Mapping[str, CatalogRecord]
    _mappings: Mapping[str, CatalogMapping]
    _names: NameIndex
    _judge: Judge
    _finder: CatalogFinder
    _notes: tuple[str, ...]

    def __init__(
        self,
        records: Iterable[CatalogRecord],
        kb: KnowledgeBase | None = None,
        pins: Mapping[str, Pin] | None = None,
        *,
        notes: Iterable[str] = (),
    ) -> None:
        """Map *records* onto *kb* (the bundled knowledge base by default); *pins* replace automatic mappings.

        *notes* are what reading the file had to say (columns not used, records left out);
        names shared by several records are added to them.
        """
        s = object.__setattr__
        kb = load() if kb is None else kb
        by_id: dict[str, CatalogRecord] = {}
        problems: list[DataProblem] = []
        for i, r in enumerate(records):
            if not isinstance(r, CatalogRecord):
                raise InvalidInputError(f"records[{i}]", f"expected a CatalogRecord, got {type(r).__name__}")
            if r.id in by_id:
                problems.append(DataProblem("catalog", r.id, "id", "repeated id"))
            by_id[r.id] = r
        unknown_pins = sorted(set(pins or ()) - set(by_id))
        problems += [
            DataProblem("pinned mappings", rid, "catalog_id", "no such record in the catalog") for rid in unknown_pins
        ]
        if problems:
            raise CatalogError(problems)
        mappings = map_records(kb, by_id.values(), pins)
        s(self, "_kb", kb)
        s(self, "_records", MappingProxyType(by_id))
        s(self, "_mappings", MappingProxyType(mappings))
        names = {rid: (r.name, *r.aliases) for rid, r in by_id.items()}
        s(self, "_names", NameIndex("catalog exercise", names, UnknownCatalogExerciseError))
        s(self, "_notes", (*notes, *_shared_names(by_id.values())))
        s(self, "_judge", Judge(kb, mappings))
        s(self, "_finder", CatalogFinder(kb, mappings))

    def __setattr__(self, name: str, value: object) -> NoReturn:
        raise AttributeError(f"Catalog is immutable; cannot set {name!r}")

    def __repr__(self) -> str:
        counts = self.counts()
        parts = ", ".join(f"{counts[m]} {m.value}" for m in MappingMethod)
        return f"<Catalog: {len(self._records)} exercises ({parts})>"

    # -- records ---------------------------------------------------------------------

    @property
    def kb(self) -> KnowledgeBase:
        """The knowledge base the catalog is mapped onto."""
        return self._kb

    @property
    def records(self) -> Mapping[str, CatalogRecord]:
        """Every record, by catalog id, in catalog order (read-only)."""
        return self._records

    @property
    def mappings(self) -> Mapping[str, CatalogMapping]:
        """Every record's mapping, by catalog id, in catalog order (read-only)."""
        return self._mappings

    @property
    def notes(self) -> tuple[str, ...]:
        """What the user should know about the catalog as read: columns not used, shared names, ...

        >>> from altex.catalog import Catalog, CatalogRecord
        >>> Catalog([CatalogRecord(id="1", name="Plank"), CatalogRecord(id="2", name="plank")], kb).notes
        ("name 'Plank' is shared by records 1, 2: the name means the first; use the ids",)
        """
        return self._notes

    def record(self, name: str) -> CatalogRecord:
        """The record with this catalog id or name; raises UnknownCatalogExerciseError with close names."""
        return self._records[self._names.resolve(name)]

    def mapping(self, name: str) -> CatalogMapping:
        """How the record with this id or name maps onto the knowledge base."""
        return self._mappings[self._names.resolve(name)]

    def counts(self) -> Counter[MappingMethod]:
        """How many records were matched, inferred and left unknown.

        >>> app = altex.catalog.Catalog([altex.catalog.CatalogRecord(id="1", name="Plank")], kb)
        >>> app.counts()[altex.catalog.MappingMethod.MATCHED]
        1
        """
        return Counter(m.method for m in self._mappings.values())

    # -- queries -----------------------------------------------------------------------

    def check(self, name: str, conditions: Conditions = ()) -> CatalogVerdict:
        """How advisable one catalog exercise is for a person with *conditions*, and why.

        Raises
        ------
        UnknownCatalogExerciseError, UnknownConditionError
            If a name is not in the catalog or the knowledge base.
        """
        return self.verdict(self._names.resolve(name), self._kb.condition_ids(conditions))

    def verdict(self, record_id: str, condition_ids: frozenset[str]) -> CatalogVerdict:
        """The verdict for a catalog id and resolved condition ids (what :meth:`check` calls)."""
        conditions = tuple(self._kb.conditions[c] for c in sorted(condition_ids))
        return self._judge.verdict(self._mappings[record_id], condition_ids, conditions)

    def judge(self, conditions: Conditions = ()) -> list[CatalogVerdict]:
        """Every record's verdict for *conditions*, in catalog order."""
        cids = self._kb.condition_ids(conditions)
        conds = tuple(self._kb.conditions[c] for c in sorted(cids))
        judge = self._judge.verdict
        return [judge(m, cids, conds) for m in self._mappings.values()]

    def substitutes(
        self,
        name: str,
        conditions: Conditions = (),
        *,
        limit: int = 5,
        equipment: Iterable[str] | None = None,
    ) -> list[CatalogSuggestion]:
        """Safer alternatives to a catalog exercise, drawn from the same catalog, best first.

        Never the record itself or another record of the same exercise, never
        an unknown record, never anything at ``AVOID``; ``OK`` before
        ``CAUTION``, then by score, ties by id. *equipment*, when given, is
        everything the person has, in the catalog's own equipment names.
        """
        if not isinstance(limit, int) or isinstance(limit, bool) or not 1 <= limit <= _MAX_LIMIT:
            raise InvalidInputError("limit", f"must be a whole number from 1 to {_MAX_LIMIT} (got {limit!r:.40})")
        rid = self._names.resolve(name)
        cids = self._kb.condition_ids(conditions)
        gear = self._gear(equipment)
        return rank(self._finder.candidates(rid), lambda other: self.verdict(other, cids), gear, limit)

    def _gear(self, equipment: Iterable[str] | None) -> frozenset[str] | None:
        if equipment is None:
            return None
        if isinstance(equipment, str):
            equipment = (equipment,)
        if not isinstance(equipment, Iterable) or isinstance(equipment, Mapping):
            raise InvalidInputError("equipment", f"expected a list of equipment names, got {equipment!r:.60}")
        known = {g for r in self._records.values() for g in r.equipment}
        index = NameIndex("equipment", dict.fromkeys(sorted(known), ()), UnknownNameError)
        return frozenset(index.resolve(g) for g in equipment)

    def adapt(
        self, plan: CatalogPlanInput, conditions: Conditions = (), report: ReportInput | None = None
    ) -> CatalogPlan:
        """Adapt a plan written in catalog ids or names: keep, caution, replace or drop each item.

        Decided as :meth:`altex.KnowledgeBase.adapt` decides, replacements drawn
        from this catalog; with a pain *report* whose action is rest,
        see_doctor or emergency every item is dropped.

        >>> app = altex.catalog.Catalog([
        ...     altex.catalog.CatalogRecord(id="a", name="Crunches", primary_muscles=["abdominals"]),
        ...     altex.catalog.CatalogRecord(id="b", name="Plank", primary_muscles=["abdominals"]),
        ... ], kb)
        >>> item = app.adapt([{"exercise": "a", "sets": 3}], "herniated disc").items[0]
        >>> item.action.value, item.replacement.id, item.result.sets
        ('replace', 'b', 3)
        """
        return adapt_catalog_plan(self, plan, conditions, report)
