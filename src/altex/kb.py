"""The knowledge base: ask it questions (``altex.load()`` in ``_open`` builds one).

>>> import altex
>>> kb = altex.load()
>>> kb.check("running", ["spinal osteoarthritis"]).level
<Level.AVOID: 'avoid'>
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Iterable, Mapping
from types import MappingProxyType
from typing import NoReturn

from ._candidates import CandidateIndex, Phase
from ._graph import Graph, build_graph
from ._load import Records
from ._names import NameIndex, PhraseIndex
from ._person import PersonRules
from ._ranking import rank
from ._verdicts import RuleIndex, Via, conclude
from .errors import (
    AmbiguousConditionError,
    AmbiguousExerciseError,
    InvalidInputError,
    UnknownConditionError,
    UnknownExerciseError,
    UnknownMechanismError,
    UnknownNameError,
    UnknownSymptomError,
)
from .models import Combination, Condition, Exercise, Inference, Intensity, Mechanism, Source
from .pain import Assessment, PainReport, Symptom, TriageRule
from .person import Modifier, Person, Surgery
from .results import AdaptedPlan, PlanEntry, Suggestion, Verdict
from .triage import Triage

__all__ = ["KnowledgeBase"]

#: Query caches stop growing past this many entries; answers stay correct,
#: later new questions are just computed each time.
_CACHE_LIMIT = 65_536
_MAX_LIMIT = 1_000
#: Builds each knowledge base's graph once, on first use (see ``KnowledgeBase.graph``).
_GRAPH_LOCK = threading.Lock()

Conditions = Iterable[str] | str | Person
PlanInput = Iterable[str | Mapping[str, object] | PlanEntry]
ReportInput = PainReport | Mapping[str, object]


class KnowledgeBase:
    """An immutable, loaded knowledge base; safe to share between threads.

    Build one with :func:`load`. The mappings and the graph are read-only; query
    results are cached, which never changes what a query answers.
    """

    __slots__ = (
        "_candidates",
        "_check_cache",
        "_condition_names",
        "_equipment",
        "_exercise_names",
        "_graph",
        "_mechanism_names",
        "_person",
        "_person_cache",
        "_records",
        "_rules",
        "_subs_cache",
        "_symptom_names",
        "_triage",
        "_verdict_cache",
    )

    _graph: Graph | None
    _records: Records
    _rules: RuleIndex
    _candidates: CandidateIndex
    _exercise_names: NameIndex
    _condition_names: NameIndex
    _mechanism_names: NameIndex
    _equipment: NameIndex
    _symptom_names: NameIndex
    _person: PersonRules
    _triage: Triage
    _check_cache: dict[tuple[object, object], Verdict]
    _person_cache: dict[Person, frozenset[str]]
    _verdict_cache: dict[tuple[str, frozenset[str]], Verdict]
    _subs_cache: dict[tuple[str, frozenset[str], frozenset[str] | None, int], list[Suggestion]]

    def __init__(self, records: Records) -> None:
        """Index *records* (use :func:`load` rather than calling this)."""
        s = object.__setattr__
        s(self, "_records", records)
        s(self, "_graph", None)
        s(self, "_rules", RuleIndex(records))
        s(self, "_candidates", CandidateIndex(records.exercises, records.conditions))
        s(
            self,
            "_exercise_names",
            NameIndex(
                "exercise",
                {rid: (r.name, *r.aliases) for rid, r in records.exercises.items()},
                UnknownExerciseError,
                AmbiguousExerciseError,
                by_words=True,
            ),
        )
        s(self, "_condition_names", _condition_index(records.conditions))
        s(self, "_person", PersonRules(records))
        s(self, "_mechanism_names", _index("mechanism", records.mechanisms, UnknownMechanismError))
        gear = {g for e in records.exercises.values() for g in e.equipment}
        s(self, "_equipment", NameIndex("equipment", dict.fromkeys(sorted(gear), ()), UnknownNameError))
        symptom_names = {rid: (r.name, *r.aliases) for rid, r in records.symptoms.items()}
        s(self, "_symptom_names", PhraseIndex("symptom", symptom_names, UnknownSymptomError))
        s(self, "_triage", Triage(records.triage, records.symptoms))
        s(self, "_check_cache", {})
        s(self, "_person_cache", {})
        s(self, "_verdict_cache", {})
        s(self, "_subs_cache", {})

    #: What a pickled knowledge base keeps; query caches start empty again, and the graph is
    #: built again on first use (it is derived from the records, and the bulk of a pickle).
    _PARTS = (
        "_records",
        "_rules",
        "_candidates",
        "_exercise_names",
        "_condition_names",
        "_mechanism_names",
        "_equipment",
        "_symptom_names",
        "_triage",
        "_person",
    )

    def __reduce__(self) -> tuple[object, ...]:
        return (_restore, (tuple(getattr(self, p) for p in self._PARTS),))

    def __setattr__(self, name: str, value: object) -> NoReturn:
        raise AttributeError(f"KnowledgeBase is immutable; cannot set {name!r}")

    def __delattr__(self, name: str) -> NoReturn:
        raise AttributeError(f"KnowledgeBase is immutable; cannot delete {name!r}")

    def __eq__(self, other: object) -> bool:
        """Equal when both hold equal records, whichever files they were loaded from.

        >>> altex.loads(kb.to_toml()) == kb
        True
        """
        if not isinstance(other, KnowledgeBase):
            return NotImplemented
        return self is other or self._records == other._records

    def __hash__(self) -> int:
        r = self._records
        return hash((tuple(r.sources), tuple(r.mechanisms), tuple(r.conditions), tuple(r.exercises), tuple(r.rules)))

    def __repr__(self) -> str:
        r = self._records
        return (
            f"<KnowledgeBase: {len(r.exercises)} exercises, {len(r.conditions)} conditions, "
            f"{len(r.mechanisms)} mechanisms, {len(r.rules)} rules, {len(r.sources)} sources>"
        )

    @property
    def graph(self) -> Graph:
        """The frozen knowledge graph; every reason and suggestion path runs through it.

        Built from the records on first use (queries do not need it, so loading does not pay
        for it), then the same object on every call.

        >>> kb.graph is kb.graph, kb.graph.nodes["sciatica"]["kind"]
        (True, <NodeKind.CONDITION: 'condition'>)
        """
        graph = self._graph
        if graph is None:
            with _GRAPH_LOCK:
                graph = self._graph
                if graph is None:
                    graph = build_graph(self._records)
                    object.__setattr__(self, "_graph", graph)
        return graph

    # -- records ---------------------------------------------------------------

    @property
    def exercises(self) -> Mapping[str, Exercise]:
        """Every exercise, by id (read-only)."""
        return MappingProxyType(self._records.exercises)

    @property
    def conditions(self) -> Mapping[str, Condition]:
        """Every condition, by id (read-only)."""
        return MappingProxyType(self._records.conditions)

    @property
    def mechanisms(self) -> Mapping[str, Mechanism]:
        """Every mechanism, by id (read-only)."""
        return MappingProxyType(self._records.mechanisms)

    @property
    def sources(self) -> Mapping[str, Source]:
        """Every source, by id (read-only)."""
        return MappingProxyType(self._records.sources)

    @property
    def rules(self) -> Mapping[str, Combination]:
        """Every combination rule, by id (read-only)."""
        return MappingProxyType(self._records.rules)

    @property
    def inferences(self) -> Mapping[str, Inference]:
        """Every inference rule (what a catalog exercise outside the knowledge base loads), by id."""
        return MappingProxyType(self._records.inferences)

    @property
    def modifiers(self) -> Mapping[str, Modifier]:
        """Every person modifier value (stage, preference, symptom response, bone status), by id."""
        return MappingProxyType(self._records.modifiers)

    @property
    def surgeries(self) -> Mapping[str, Surgery]:
        """Every lumbar operation with its windows, by id (read-only)."""
        return MappingProxyType(self._records.surgeries)

    @property
    def symptoms(self) -> Mapping[str, Symptom]:
        """Every symptom a pain report may name, by id (read-only)."""
        return MappingProxyType(self._records.symptoms)

    @property
    def triage_rules(self) -> Mapping[str, TriageRule]:
        """Every triage rule, by id (read-only); see ``docs/triage.md``."""
        return MappingProxyType(self._records.triage)

    @property
    def equipment(self) -> tuple[str, ...]:
        """Every equipment id that some exercise needs, sorted."""
        return tuple(sorted({g for e in self._records.exercises.values() for g in e.equipment}))

    def to_toml(self) -> str:
        """Every record as the text of one TOML data file, which loads to an equal knowledge base.

        >>> print(kb.to_toml()[:60])
        # altex knowledge base, written by altex.dump; the format is
        """
        from ._dump import records_toml  # only when asked: start-up does not pay for the writer

        return records_toml(self._records)

    def origin(self, record_id: str) -> str:
        """The data file a record was loaded from.

        >>> kb.origin("sciatica").endswith("conditions.toml")
        True
        """
        return self._records.origin[record_id]

    def exercise(self, name: str) -> Exercise:
        """The exercise with this id, name or alias (case, spaces, hyphens ignored).

        >>> kb.exercise("Jogging").id
        'running'
        >>> kb.exercise("joging")
        Traceback (most recent call last):
        ...
        altex.errors.UnknownExerciseError: unknown exercise 'joging'; did you mean 'jogging'...?
        """
        return self._records.exercises[self._exercise_names.resolve(name)]

    def condition(self, name: str) -> Condition:
        """The condition with this id, name or alias (case, spaces, hyphens ignored).

        >>> kb.condition("slipped disc").id
        'lumbar-disc-herniation'
        """
        return self._records.conditions[self._condition_names.resolve(name)]

    def mechanism(self, name: str) -> Mechanism:
        """The mechanism with this id, name or alias.

        >>> kb.mechanism("neural tension").id
        'neural-tension'
        """
        return self._records.mechanisms[self._mechanism_names.resolve(name)]

    def symptom(self, name: str) -> Symptom:
        """The symptom with this id, name or alias.

        >>> kb.symptom("pins and needles").id
        'tingling'
        """
        return self._records.symptoms[self._symptom_names.resolve(name)]

    def condition_ids(self, conditions: Conditions) -> frozenset[str]:
        """Resolve condition names, or a :class:`Person`, to a set of ids; a bare string is one condition.

        Conditions another implies come too. For a person with modifiers the set is a
        :class:`~altex.person.Situation`, which also carries the modifier values.

        >>> sorted(kb.condition_ids(["Sciatica", "pinched nerve", "slipped disc"]))
        ['lumbar-disc-herniation', 'sciatica']
        >>> sorted(kb.condition_ids(altex.Person(bone="vertebral fracture")))
        ['osteoporosis', 'vertebral-fracture']
        """
        if isinstance(conditions, Person):
            found = self._person_cache.get(conditions)
            if found is None:
                found = self._person.situation(conditions, self._named)
                if len(self._person_cache) < _CACHE_LIMIT:
                    self._person_cache[conditions] = found
            return found
        return self._named(conditions)

    def _named(self, conditions: Iterable[str] | str) -> frozenset[str]:
        if isinstance(conditions, str):
            return self._person.expand(frozenset((self._condition_names.resolve(conditions),)))
        if conditions is None or not isinstance(conditions, Iterable) or isinstance(conditions, Mapping | bytes):
            raise InvalidInputError(
                "conditions", f"expected a condition name or a list of them, got {conditions!r:.60}"
            )
        return self._person.expand(frozenset(self._condition_names.resolve(c) for c in conditions))

    # -- queries ----------------------------------------------------------------

    def check(self, exercise: str, conditions: Conditions = ()) -> Verdict:
        """How advisable *exercise* is for a person with *conditions*, and why.

        The level is the maximum over every rule that applies; benefits are
        listed but never lower it.

        Raises
        ------
        UnknownExerciseError, UnknownConditionError
            If a name is not in the knowledge base (with close suggestions).

        Examples
        --------
        >>> v = kb.check("hamstring stretch", "sciatica")
        >>> v.level
        <Level.AVOID: 'avoid'>
        >>> v.reasons[0].path
        ('hamstring-stretch', 'neural-tension', 'sciatica')
        >>> kb.check("running").level
        <Level.OK: 'ok'>
        """
        # Only plain values are cache keys: an app's own iterable hashes by
        # identity, so the same object may hold other conditions next time and
        # must not be answered from a stale entry (a generator would only fill the cache).
        kind = conditions.__class__
        key = (
            exercise,
            conditions if kind is str or kind is Person else tuple(conditions) if kind in (list, tuple) else None,
        )
        if key[1] is not None:
            try:
                return self._check_cache[key]
            except (KeyError, TypeError):
                pass
        verdict = self.verdict(self._exercise_names.resolve(exercise), self.condition_ids(conditions))
        if key[1] is not None and len(self._check_cache) < _CACHE_LIMIT:
            # Unhashable input (a list of lists) is answered, just not cached.
            with contextlib.suppress(TypeError):
                self._check_cache[key] = verdict
        return verdict

    def verdict(self, exercise_id: str, condition_ids: frozenset[str]) -> Verdict:
        """The verdict for resolved ids (what :meth:`check` calls after resolving names).

        >>> kb.verdict("walking", frozenset()).level
        <Level.OK: 'ok'>
        """
        key = (exercise_id, condition_ids)
        cached = self._verdict_cache.get(key)
        if cached is None:
            mods = getattr(condition_ids, "modifiers", None)
            if mods:
                cached = self._for_person(exercise_id, condition_ids)
            else:
                cached = self._rules.verdict(exercise_id, condition_ids)
            if len(self._verdict_cache) < _CACHE_LIMIT:
                self._verdict_cache[key] = cached
        return cached

    def _for_person(self, exercise_id: str, situation: frozenset[str]) -> Verdict:
        """The verdict for a person: the reasons for the conditions, adjusted to the modifier values."""
        e = self._records.exercises[exercise_id]
        plain = frozenset(situation)
        reasons = self._person.adjust(
            e.name,
            self._rules.reasons(exercise_id, plain),
            situation,
            lambda m: Via((e.id,), intensity=i) if (i := e.intensity(m)) is not Intensity.NONE else None,
            lambda cid: self._rules.inherited(e.id, cid),
        )
        level, ordered = conclude(reasons)
        return Verdict.model_construct(
            exercise=e,
            conditions=tuple(self._records.conditions[c] for c in sorted(plain)),
            level=level,
            reasons=ordered,
            modifiers=tuple(self._records.modifiers[m] for m in sorted(getattr(situation, "modifiers", ()))),
        )

    def substitutes(
        self,
        exercise: str,
        conditions: Conditions = (),
        *,
        limit: int = 5,
        equipment: Iterable[str] | None = None,
    ) -> list[Suggestion]:
        """Safer alternatives to *exercise* for *conditions*, best first.

        Never the exercise itself, never anything at ``AVOID`` for the
        conditions; ``OK`` before ``CAUTION``, then by score, ties by id.
        *equipment*, when given, is everything the person has: a candidate
        needing anything else is left out (``[]`` keeps only exercises that
        need no equipment).

        Raises
        ------
        UnknownExerciseError, UnknownConditionError
            If a name is not in the knowledge base.
        UnknownNameError
            If an equipment name is not known.
        InvalidInputError
            If *limit* is not a whole number from 1 to 1000.

        Examples
        --------
        >>> [s.exercise.id for s in kb.substitutes("running", limit=2)]
        ['stationary-bike', 'elliptical']
        >>> kb.substitutes("running", ["spinal stenosis"], limit=1)[0].exercise.name
        'Stationary bike'
        >>> all(not s.exercise.equipment for s in kb.substitutes("running", equipment=[]))
        True
        >>> kb.substitutes("running", limit=1)[0].path
        ('running', 'stationary-bike')
        """
        if not isinstance(limit, int) or isinstance(limit, bool) or not 1 <= limit <= _MAX_LIMIT:
            raise InvalidInputError("limit", f"must be a whole number from 1 to {_MAX_LIMIT} (got {limit!r:.40})")
        eid = self._exercise_names.resolve(exercise)
        cids = self.condition_ids(conditions)
        gear = self._equipment_ids(equipment)
        key = (eid, cids, gear, limit)
        cached = self._subs_cache.get(key)
        if cached is None:
            index = self._candidates
            # A person's modifiers may relax a harm the buckets take as sure: then read every candidate.
            relaxable = bool(getattr(cids, "modifiers", ()))
            cached = rank(
                index.stream(eid, cids, Phase.ALL if relaxable else Phase.MAYBE_OK),
                lambda x: self.verdict(x, cids),
                self._records.exercises,
                gear,
                limit,
                self.verdict(eid, cids),
                index.bound(cids),
                None if relaxable else (lambda: index.stream(eid, cids, Phase.NOT_OK)),
            )
            if len(self._subs_cache) < _CACHE_LIMIT:
                self._subs_cache[key] = cached
        return list(cached)

    def _equipment_ids(self, equipment: Iterable[str] | None) -> frozenset[str] | None:
        if equipment is None:
            return None
        if isinstance(equipment, str):
            equipment = (equipment,)
        if not isinstance(equipment, Iterable) or isinstance(equipment, Mapping):
            raise InvalidInputError("equipment", f"expected a list of equipment names, got {equipment!r:.60}")
        return frozenset(self._equipment.resolve(g) for g in equipment)

    def assess(self, report: ReportInput) -> Assessment:
        """Soreness, pain or a red flag, and what to do: the maximum over every triage rule met.

        Raises UnknownSymptomError (with suggestions) or InvalidInputError (naming
        the field). How the rules work: ``docs/triage.md``; altex does not diagnose.

        >>> a = kb.assess(altex.PainReport(severity=6, quality="sharp", onset="during"))
        >>> a.kind.value, a.action.value
        ('pain', 'rest')
        >>> kb.assess({"severity": 2, "symptoms": ["tingeling"]})
        Traceback (most recent call last):
        ...
        altex.errors.UnknownSymptomError: unknown symptom 'tingeling'; did you mean 'tingling'...?
        """
        report = PainReport.from_mapping(report)
        return self._triage.assess(report, frozenset(self._symptom_names.resolve(s) for s in report.symptoms))

    def adapt(self, plan: PlanInput, conditions: Conditions = (), report: ReportInput | None = None) -> AdaptedPlan:
        """Adapt a training plan to *conditions*: keep, caution, replace or drop each item.

        *plan* is a list of exercise names, or of mappings / :class:`PlanEntry`
        with ``exercise`` and optional ``sets``, ``reps``, ``minutes``; a
        replacement carries the dose over. Without a *report*, an item is
        dropped only when it is at ``AVOID`` and no safe substitute exists. A
        pain *report* is assessed first (``plan.assessment``): rest, see_doctor
        and emergency drop every item with no alternative; substitute swaps
        items that aggravate the conditions for ones fine for them; modify
        keeps items with the assessment's caution.

        Examples
        --------
        >>> plan = kb.adapt(["running", {"exercise": "plank", "sets": 3}], ["disc herniation"])
        >>> [(i.original.id, i.action.value, i.replacement and i.replacement.id) for i in plan.items]
        [('running', 'caution', None), ('plank', 'keep', None)]
        >>> off = kb.adapt(["running", "plank"], report={"severity": 2, "symptoms": ["numbness"]})
        >>> off.assessment.action.value, [i.action.value for i in off.items]
        ('see_doctor', ['drop', 'drop'])
        """
        from ._plan import adapt_plan

        return adapt_plan(self, plan, conditions, report)


def _index(
    kind: str, records: Mapping[str, Exercise | Condition | Mechanism | Symptom], error: type[UnknownNameError]
) -> NameIndex:
    return NameIndex(kind, {rid: (r.name, *r.aliases) for rid, r in records.items()}, error)


def _condition_index(conditions: Mapping[str, Condition]) -> NameIndex:
    """Conditions answer to their names, aliases and shared aliases (those resolve to an ambiguity error)."""
    names = {cid: (c.name, *c.aliases, *c.shared_aliases) for cid, c in conditions.items()}
    return NameIndex("condition", names, UnknownConditionError, AmbiguousConditionError)


def _restore(parts: tuple[object, ...]) -> KnowledgeBase:
    kb = object.__new__(KnowledgeBase)
    for name, value in zip(KnowledgeBase._PARTS, parts, strict=True):
        object.__setattr__(kb, name, value)
    for name in ("_check_cache", "_person_cache", "_verdict_cache", "_subs_cache"):
        object.__setattr__(kb, name, {})
    object.__setattr__(kb, "_graph", None)
    return kb
