"""Hypothesis strategies for testing code that uses altex (``pip install 'altex[test]'``).

An app that embeds altex can state, in its own property-based tests, that
whatever altex recommends is safe for the conditions given::

    from hypothesis import given, strategies as st
    import altex
    from altex.strategies import condition_sets, knowledge_bases, plans

    @given(st.data())
    def test_adapted_plans_are_never_at_avoid(data):
        kb = data.draw(knowledge_bases())
        conditions = data.draw(condition_sets(kb))
        for entry in kb.adapt(data.draw(plans(kb)), conditions).entries():
            assert kb.check(entry.exercise, conditions).level is not altex.Level.AVOID

:func:`knowledge_bases` writes random but valid data files and loads them
through the real loader, so every invariant altex promises can be checked on
knowledge bases nobody curated (see ``docs/invariants.md``). They shrink to
small, readable examples (one source, one condition, one exercise), printed
as the ``altex.loads(...)`` call that rebuilds them. Names come in any case
and spacing (:func:`exercise_names`, :func:`condition_names`), with
:func:`condition_sets`, :func:`plans` and :func:`pain_reports` on top, and
:func:`session_logs` for the progression API (``altex.progression``).
"""

from __future__ import annotations

try:
    from hypothesis import strategies as st
except ImportError as exc:
    raise ImportError(
        "altex.strategies needs hypothesis, which is an optional dependency: pip install 'altex[test]'"
    ) from exc

from collections.abc import Callable
from typing import Any

from .._dump import toml_document
from .._load import TextFile, read_records
from .._names import _IGNORED, normalize
from .._open import load
from ..kb import KnowledgeBase
from ..pain import DuringExercise, Onset, PainQuality, PainReport
from ..person import ModifierKind, Person
from ..results import PlanEntry
from ._records import records, valid_bounds
from ._sessions import session_logs

__all__ = [
    "condition_names",
    "condition_sets",
    "data_files",
    "exercise_names",
    "knowledge_bases",
    "pain_reports",
    "persons",
    "plans",
    "session_logs",
]


def data_files(**bounds: int) -> st.SearchStrategy[str]:
    """TOML text of one data file that loads: every kind of record, linked at random.

    *bounds* (defaults in brackets) are ``min_exercises`` (1), ``max_exercises``
    (6), ``min_conditions`` (1), ``max_conditions`` (4), ``max_mechanisms`` (5),
    ``max_rules`` (3, combination rules), ``max_symptoms`` (3), ``min_triage``
    (1), ``max_triage`` (3) and ``max_modifiers`` (6, person modifier values,
    with raises and relaxations on the conditions); at least one source is always written.
    Substitutes may form cycles; harm rules are often at avoid; free text may
    hold quotes, backslashes, newlines and any letter. Triage rules use only
    lower bounds, as the loader requires of a rule that raises the action.
    References (loads, substitutes, rules...) point among the first eight
    records of each kind.

    >>> from hypothesis import given, settings
    >>> @settings(max_examples=5)
    ... @given(data_files(max_exercises=2))
    ... def test(text):
    ...     assert len(altex.loads(text).exercises) <= 2
    >>> test()
    """
    return records(valid_bounds(bounds)).map(toml_document)


class _Generated(KnowledgeBase):
    """A generated knowledge base, shown as the code that loads it again.

    Hypothesis prints a failing example with ``repr``; this one can be pasted
    into a test as it is.
    """

    __slots__ = ("_text",)
    _text: str

    def __repr__(self) -> str:
        text = self._text
        return f"altex.loads(r'''\n{text}''')" if "'''" not in text and "\\" not in text else f"altex.loads({text!r})"


def _load(text: str) -> KnowledgeBase:
    kb = _Generated(read_records([TextFile("<text 1>", text)]))
    object.__setattr__(kb, "_text", text)
    return kb


def knowledge_bases(**bounds: int) -> st.SearchStrategy[KnowledgeBase]:
    """Random, valid knowledge bases, loaded through the real loader from :func:`data_files`.

    By default at least one exercise, one condition and one triage rule (so
    that :func:`pain_reports` can be judged), often with avoid rules; *bounds*
    as for :func:`data_files`. A drawn knowledge base prints as the
    ``altex.loads(...)`` call that rebuilds it.

    >>> from hypothesis import given, settings
    >>> @settings(max_examples=5)
    ... @given(knowledge_bases(min_exercises=2))
    ... def test(kb):
    ...     assert len(kb.exercises) >= 2 and kb.conditions
    >>> test()
    """
    return data_files(**bounds).map(_load)


def _spellings(name: str) -> st.SearchStrategy[str]:
    """*name* in varied case and spacing, always resolving to the same record."""
    cases: list[Callable[[str], str]] = [str, str.lower, str.upper, str.title, str.swapcase]

    def respell(case: Callable[[str], str], sep: str | None, pad: str) -> str:
        spelled = case(name) if sep is None else _IGNORED.sub(sep, case(name))
        # Case mapping is not always reversible (Turkish dotless i): then keep the letters as given.
        if normalize(spelled) != normalize(name):
            spelled = name
        return f"{pad}{spelled}{pad}"

    return st.builds(
        respell, st.sampled_from(cases), st.sampled_from([None, " ", "-", "_", ""]), st.sampled_from(["", " "])
    )


def _record_names(names: dict[str, tuple[str, ...]]) -> st.SearchStrategy[str]:
    return st.sampled_from(sorted(names)).flatmap(lambda rid: st.sampled_from(names[rid]).flatmap(_spellings))


def exercise_names(kb: KnowledgeBase, exercise: str | None = None) -> st.SearchStrategy[str]:
    """Names of exercises of *kb* (or of *exercise* only): ids, names and aliases, any case or spacing.

    >>> from hypothesis import given, settings
    >>> @settings(max_examples=20)
    ... @given(exercise_names(kb, "running"))
    ... def test(name):
    ...     assert kb.exercise(name).id == "running"
    >>> test()
    """
    pool = kb.exercises if exercise is None else {(e := kb.exercise(exercise)).id: e}
    return _record_names({rid: (rid, e.name, *e.aliases) for rid, e in pool.items()})


def condition_names(kb: KnowledgeBase, condition: str | None = None) -> st.SearchStrategy[str]:
    """Names of conditions of *kb* (or of *condition* only), as :func:`exercise_names` spells them.

    >>> from hypothesis import given, settings
    >>> @settings(max_examples=20)
    ... @given(condition_names(kb, "sciatica"))
    ... def test(name):
    ...     assert kb.condition(name).id == "sciatica"
    >>> test()
    """
    pool = kb.conditions if condition is None else {(c := kb.condition(condition)).id: c}
    return _record_names({rid: (rid, c.name, *c.aliases) for rid, c in pool.items()})


def condition_sets(kb: KnowledgeBase, max_size: int = 3) -> st.SearchStrategy[list[str]]:
    """Lists of condition names for *kb* (possibly empty, possibly naming one condition twice).

    >>> from hypothesis import given, settings
    >>> @settings(max_examples=20)
    ... @given(condition_sets(kb))
    ... def test(conditions):
    ...     named = {kb.condition(c).id for c in conditions}  # with the conditions they imply
    ...     assert len(named) <= len(conditions) <= 3 and named <= kb.condition_ids(conditions)
    >>> test()
    """
    if not kb.conditions:
        return st.just([])
    return st.lists(condition_names(kb), max_size=max_size)


def persons(kb: KnowledgeBase, max_conditions: int = 3) -> st.SearchStrategy[Person]:
    """People for *kb*: condition names (:func:`condition_sets`) and, often, modifier values and an
    operation with the weeks since it, each named in any case or spacing.

    >>> from hypothesis import given, settings
    >>> @settings(max_examples=20)
    ... @given(persons(kb))
    ... def test(person):
    ...     assert kb.condition_ids(person) >= kb.condition_ids(person.conditions)
    >>> test()
    """
    fields: dict[str, st.SearchStrategy[Any]] = {}
    for kind in ModifierKind:
        names = {m.id: (m.id, m.name, *m.aliases) for m in kb.modifiers.values() if m.kind is kind}
        if names:
            fields[kind.value] = st.none() | _record_names(names)
    if kb.surgeries:
        fields["surgery"] = st.none() | _record_names({s.id: (s.id, s.name, *s.aliases) for s in kb.surgeries.values()})
    weeks = st.none() | st.floats(min_value=0, max_value=60, allow_nan=False)

    def build(conditions: list[str], given: dict[str, Any], w: float | None) -> Person:
        return Person(conditions=tuple(conditions), weeks_since_surgery=w if given.get("surgery") else None, **given)

    return st.builds(build, condition_sets(kb, max_conditions), st.fixed_dictionaries(fields), weeks)


def plans(kb: KnowledgeBase, max_size: int = 12) -> st.SearchStrategy[list[str | PlanEntry]]:
    """Training plans for *kb*: exercise names, and :class:`PlanEntry` items with a dose.

    >>> from hypothesis import given, settings
    >>> @settings(max_examples=20)
    ... @given(plans(kb, max_size=4))
    ... def test(plan):
    ...     assert len(kb.adapt(plan).items) == len(plan) <= 4
    >>> test()
    """
    names = exercise_names(kb)
    maybe = st.none() | st.integers(1, 12)
    minutes = st.none() | st.floats(min_value=0.5, max_value=180, allow_nan=False)
    entries = st.builds(PlanEntry, exercise=names, sets=maybe, reps=maybe, minutes=minutes)
    return st.lists(names | entries, max_size=max_size)


def _ordered(enum: Any) -> st.SearchStrategy[object]:
    """A member, or its value as a person might type it (``"Sharp"``), or nothing said."""
    return st.none() | st.sampled_from(list(enum)) | st.sampled_from([m.value for m in enum]).map(str.title)


def pain_reports(kb: KnowledgeBase | None = None) -> st.SearchStrategy[PainReport]:
    """Valid pain reports; symptoms are names of *kb*'s symptoms (the bundled ones by default).

    Fractions of hours are allowed; a random knowledge base with no symptoms
    gets reports without any.

    >>> from hypothesis import given, settings
    >>> @settings(max_examples=20)
    ... @given(pain_reports())
    ... def test(report):
    ...     assert kb.assess(report).action >= altex.Action.CONTINUE
    >>> test()
    """
    kb = load() if kb is None else kb
    symptoms = _record_names({rid: (rid, s.name, *s.aliases) for rid, s in kb.symptoms.items()})
    hours = st.none() | st.floats(min_value=0, max_value=24 * 30, allow_nan=False)
    return st.builds(
        PainReport,
        severity=st.integers(0, 10),
        quality=_ordered(PainQuality),
        onset=_ordered(Onset),
        hours_after_exercise=hours,
        hours_since_onset=hours,
        during_exercise=_ordered(DuringExercise),
        limits_daily_activities=st.booleans(),
        symptoms=st.lists(symptoms, max_size=3) if kb.symptoms else st.just([]),
    )
