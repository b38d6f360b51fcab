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
small, readable examples: one source, one condition, an exercise or two.
"""

from __future__ import annotations

try:
    from hypothesis import strategies as st
except ImportError as exc:
    raise ImportError(
        "altex.strategies needs hypothesis, which is an optional dependency: pip install 'altex[test]'"
    ) from exc

from collections.abc import Callable, Sequence
from typing import Any

from ._dump import toml_document
from ._load import TABLES, TextFile, read_records
from ._names import _IGNORED, normalize
from .errors import InvalidInputError
from .kb import KnowledgeBase, load
from .models import Category, ConditionKind, Evidence, Goal, Impact, Muscle, Setting, SourceKind
from .pain import LOWER_BOUNDS, Action, AssessmentKind, DuringExercise, Onset, PainQuality, PainReport
from .results import PlanEntry

__all__ = [
    "condition_names",
    "condition_sets",
    "data_files",
    "exercise_names",
    "knowledge_bases",
    "pain_reports",
    "plans",
]

# Record ids come from these pools (then ``exercise-17``...), so a shrunk example
# reads like a real one. No two of a pool normalise to the same name.
_EXERCISES = (
    "plank", "bird-dog", "running", "sit-up", "swimming", "deadlift", "bridge", "toe-touch",
    "squat", "walking", "rowing", "side-plank", "lunge", "cycling", "crunch", "yoga-flow",
)  # fmt: skip
_CONDITIONS = (
    "disc-herniation", "sciatica", "stenosis", "facet-pain", "spondylolisthesis", "osteoporosis",
    "muscle-strain", "overweight",
)  # fmt: skip
_MECHANISMS = (
    "impact", "loaded-flexion", "extension", "rotation", "neural-tension", "compression", "shear",
    "buoyancy",
)  # fmt: skip
_SYMPTOMS = ("tingling", "numbness", "fever", "leg-weakness", "night-pain")
_SOURCES = ("src-a", "src-b", "src-c")
_EQUIPMENT = ("mat", "bike", "pool", "dumbbell", "band")
_DEFAULTS: dict[str, int] = {
    "min_exercises": 1,
    "max_exercises": 6,
    "min_conditions": 1,
    "max_conditions": 4,
    "max_mechanisms": 5,
    "max_rules": 3,
    "min_triage": 1,
    "max_triage": 3,
    "max_symptoms": 3,
}
# Free text may hold anything TOML can carry (quotes, backslashes, newlines, any
# letter): the loader and the writer must both cope.
# Most are drawn from a few awkward ones (one choice each, quick to shrink), some at random.
_AWKWARD = (
    "",
    ' "quoted"',
    " back\\slash",
    " two\nlines",
    " tab\there",
    " naïve café",
    " \u2019curly\u2019 # not a comment",
    " \x00\x7f",
)
_TAIL = st.sampled_from(_AWKWARD) | st.text(st.characters(codec="utf-8"), max_size=12)


def _enum_values(enum: Any) -> st.SearchStrategy[str]:
    return st.sampled_from([member.value for member in enum])


def _bounds(given: dict[str, int]) -> dict[str, int]:
    unknown = sorted(set(given) - set(_DEFAULTS))
    if unknown:
        raise InvalidInputError(unknown[0], f"unknown bound; expected one of {', '.join(_DEFAULTS)}")
    b = {**_DEFAULTS, **given}
    for key, value in b.items():
        if not isinstance(value, int) or isinstance(value, bool) or not 0 <= value <= 200:
            raise InvalidInputError(key, f"must be a whole number from 0 to 200 (got {value!r:.40})")
    for kind in ("exercises", "conditions", "triage"):
        if b[f"min_{kind}"] > b[f"max_{kind}"]:
            raise InvalidInputError(f"min_{kind}", f"is more than max_{kind}")
    return b


# Records are drawn as lists of bodies, each a handful of choices; references
# between records are bit masks over the first few records of the kind they
# point to (bit i: record i). Hypothesis can drop any record, or any
# reference, without the rest of the example changing meaning, so examples
# shrink quickly to one source, one condition, one exercise.
_WIDTH = 8  # references point among the first eight records of each kind
_MASK = st.integers(0, 2**_WIDTH - 1)
_CITES = st.integers(0, 2 ** len(_SOURCES) - 1)
_NAMES = st.integers(0, 2**6 - 1)  # which of six alias forms a record has


def _flags(values: Sequence[str]) -> st.SearchStrategy[list[str]]:
    """Some of *values*, in order: one choice (a bit mask) rather than one per value."""
    return st.integers(0, 2 ** len(values) - 1).map(lambda mask: _chosen(mask, values))


def _first(enum: Any, n: int) -> list[str]:
    return [member.value for member in enum][:n]


_SOURCE = st.fixed_dictionaries(
    {"kind": _enum_values(SourceKind), "url": st.booleans(), "title": _TAIL, "citation": _TAIL}
)
_MECHANISM = st.fixed_dictionaries({"names": _NAMES, "description": _TAIL})
_CONDITION = st.fixed_dictionaries(
    {
        "names": _NAMES,
        "description": _TAIL,
        "kind": st.none() | _enum_values(ConditionKind),
        "aggravated_by": _MASK,
        "caution": _MASK,  # which harms are at caution; the others are at avoid
        "relieved_by": _MASK,
        "sources": _CITES,
    }
)
_EXERCISE = st.fixed_dictionaries(
    {
        "names": _NAMES,
        "category": _enum_values(Category),
        "impact": _enum_values(Impact),
        # A few common values, so that exercises often share goals and muscles.
        "goals": _flags(_first(Goal, 5)),
        "muscles": _flags(_first(Muscle, 5)),
        "equipment": _flags(_EQUIPMENT[:3]),
        "setting": _flags(_first(Setting, 4)),
        "loads": _MASK,
        "substitutes": _MASK,
        "why": _TAIL,
        "evidence": st.none() | _enum_values(Evidence),
        "contraindicated": _MASK,
        "caution": _MASK,
        "helps": _MASK,
        "sources": _CITES,
    }
)
_RULE = st.fixed_dictionaries(
    {
        "when": _MASK,
        "on_exercise": st.booleans(),
        "target": st.integers(0, _WIDTH - 1),
        "caution": st.booleans(),
        "sources": _CITES,
        "note": _TAIL,
    }
)
_SYMPTOM = st.fixed_dictionaries({"names": _NAMES, "description": _TAIL})
# What a triage rule may state: only lower bounds, so that a worse report is never judged milder.
_BOUND_VALUES: dict[str, st.SearchStrategy[Any]] = {
    "severity_min": st.integers(0, 10),
    "quality_min": _enum_values(PainQuality),
    "onset_min": _enum_values(Onset),
    "during_exercise_min": _enum_values(DuringExercise),
    "hours_after_exercise_over": st.integers(0, 200),
    "hours_since_onset_over": st.integers(0, 200),
    "limits_daily_activities": st.just(True),
    "symptoms_any": _MASK,
}
assert set(_BOUND_VALUES) == set(LOWER_BOUNDS), "a lower bound of [[triage]] is missing here"
_TRIAGE = st.fixed_dictionaries(
    {
        "when": st.lists(
            st.one_of([st.tuples(st.just(k), v) for k, v in _BOUND_VALUES.items()]), min_size=1, max_size=2
        ),
        "kind": st.none() | _enum_values(AssessmentKind),
        "action": _enum_values(Action),
        "sources": _CITES,
        "advice": _TAIL,
    }
)


def _chosen(mask: int, ids: Sequence[str], skip: str = "") -> list[str]:
    """The records whose bits are set in *mask*, in order, leaving out *skip*."""
    return [rid for i, rid in enumerate(ids[:_WIDTH]) if mask >> i & 1 and rid != skip]


def _ids(pool: Sequence[str], kind: str, count: int) -> list[str]:
    return [pool[i] if i < len(pool) else f"{kind}-{i + 1}" for i in range(count)]


def _named(rids: Sequence[str], bodies: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
    """``id``, ``name`` and ``aliases`` of each record; an alias that would clash is left out."""
    taken = {normalize(rid) for rid in rids}
    out = []
    for rid, body in zip(rids, bodies, strict=True):
        words = rid.replace("-", " ")
        forms = (
            f"easy {words}",
            f"{words} (slow)",
            f"CLASSIC-{rid}",
            f"basic {words}",
            f"{words}, hard",
            f"my {words}",
        )
        aliases = []
        for alias in _chosen(body["names"], forms):
            if normalize(alias) not in taken:
                taken.add(normalize(alias))
                aliases.append(alias)
        out.append({"id": rid, "name": words[:1].upper() + words[1:]} | ({"aliases": aliases} if aliases else {}))
    return out


def _records(b: dict[str, int]) -> st.SearchStrategy[dict[str, list[dict[str, Any]]]]:
    return st.builds(
        _tables,
        st.lists(_SOURCE, min_size=1, max_size=len(_SOURCES)),
        st.lists(_MECHANISM, max_size=b["max_mechanisms"]),
        st.lists(_CONDITION, min_size=b["min_conditions"], max_size=b["max_conditions"]),
        st.lists(_EXERCISE, min_size=b["min_exercises"], max_size=b["max_exercises"]),
        st.lists(_RULE, max_size=b["max_rules"]),
        st.lists(_SYMPTOM, max_size=b["max_symptoms"]),
        st.lists(_TRIAGE, min_size=b["min_triage"], max_size=b["max_triage"]),
    )


def _tables(
    source_bodies: list[dict[str, Any]],
    mechanism_bodies: list[dict[str, Any]],
    condition_bodies: list[dict[str, Any]],
    exercise_bodies: list[dict[str, Any]],
    rule_bodies: list[dict[str, Any]],
    symptom_bodies: list[dict[str, Any]],
    triage_bodies: list[dict[str, Any]],
) -> dict[str, list[dict[str, Any]]]:
    """Every record of one valid data file, as TOML tables by kind."""
    sources = _ids(_SOURCES, "source", len(source_bodies))
    mechanisms = _ids(_MECHANISMS, "mechanism", len(mechanism_bodies))
    conditions = _ids(_CONDITIONS, "condition", len(condition_bodies))
    exercises = _ids(_EXERCISES, "exercise", len(exercise_bodies))
    symptoms = _ids(_SYMPTOMS, "symptom", len(symptom_bodies))

    def cited(body: dict[str, Any]) -> dict[str, Any]:
        return {"sources": _chosen(body["sources"], sources) or sources[:1]}

    def level(body: dict[str, Any], i: int) -> str:
        return "caution" if body["caution"] >> i & 1 else "avoid"

    def present(fields: dict[str, Any]) -> dict[str, Any]:
        return {k: v for k, v in fields.items() if v not in (None, [])}

    out: dict[str, list[dict[str, Any]]] = {kind: [] for kind in TABLES}
    for i, (sid, body) in enumerate(zip(sources, source_bodies, strict=True)):
        where = (
            {"url": f"https://example.org/{sid}"} if body["url"] else {"citation": f"Source {i + 1}.{body['citation']}"}
        )
        out["source"].append({"id": sid, "title": f"Source {i + 1}{body['title']}", "kind": body["kind"], **where})
    for kind, ids, bodies in (("mechanism", mechanisms, mechanism_bodies), ("symptom", symptoms, symptom_bodies)):
        for named, body in zip(_named(ids, bodies), bodies, strict=True):
            out[kind].append({**named, "description": f"About {named['id']}.{body['description']}"})
    for named, body in zip(_named(conditions, condition_bodies), condition_bodies, strict=True):
        fields = {
            "description": f"About {named['id']}.{body['description']}",
            "kind": body["kind"],
            "aggravated_by": [
                {"mechanism": m, "level": level(body, i), **cited(body)}
                for i, m in enumerate(mechanisms[:_WIDTH])
                if body["aggravated_by"] >> i & 1
            ],
            "relieved_by": [{"mechanism": m, **cited(body)} for m in _chosen(body["relieved_by"], mechanisms)],
        }
        out["condition"].append({**named, **present(fields)})
    for named, body in zip(_named(exercises, exercise_bodies), exercise_bodies, strict=True):
        eid = named["id"]
        evidence = {"evidence": body["evidence"]} if body["evidence"] else {}
        fields = {
            **{k: body[k] for k in ("category", "impact", "goals", "muscles", "equipment", "setting")},
            "loads": _chosen(body["loads"], mechanisms),
            "substitutes": [
                {"exercise": x, "why": f"Like {eid}.{body['why']}", **cited(body), **evidence}
                for x in _chosen(body["substitutes"], exercises, skip=eid)
            ],
            "contraindicated": [
                {"condition": c, "level": level(body, i), **cited(body)}
                for i, c in enumerate(conditions[:_WIDTH])
                if body["contraindicated"] >> i & 1
            ],
            "helps": [{"condition": c, **cited(body)} for c in _chosen(body["helps"], conditions)],
        }
        out["exercise"].append({**named, **present(fields)})
    for body in rule_bodies if len(conditions) >= 2 else ():
        when = _chosen(body["when"], conditions)
        when += [c for c in conditions if c not in when][: max(0, 2 - len(when))]
        on_exercise = body["on_exercise"] or not mechanisms
        targets = exercises if on_exercise else mechanisms
        rule: dict[str, Any] = {"id": f"rule-{len(out['rule']) + 1}", "when": when}
        rule["exercise" if on_exercise else "mechanism"] = targets[body["target"] % len(targets)]
        rule |= {"level": "caution" if body["caution"] else "avoid", **cited(body)}
        out["rule"].append({**rule, "note": f"Together they hurt.{body['note']}"})
    for i, body in enumerate(triage_bodies):
        states: dict[str, Any] = {}
        for key, value in body["when"]:
            value = _chosen(value, symptoms) if key == "symptoms_any" else value
            if value != []:
                states.setdefault(key, value)
        action = body["action"]
        if body["kind"] == AssessmentKind.RED_FLAG.value and Action(action) < Action.SEE_DOCTOR:
            action = Action.SEE_DOCTOR.value  # a red flag stops exercise advice
        triage = {"id": f"triage-{i + 1}", "when": states or {"severity_min": 0}, "kind": body["kind"]}
        triage |= {"action": action, "reason": f"Reason {i + 1}.", "advice": f"Advice {i + 1}.{body['advice']}"}
        out["triage"].append(present({**triage, **cited(body)}))
    return {kind: records for kind, records in out.items() if records}


def data_files(**bounds: int) -> st.SearchStrategy[str]:
    """TOML text of one data file that loads: every kind of record, linked at random.

    *bounds* (defaults in brackets) are ``min_exercises`` (1), ``max_exercises``
    (6), ``min_conditions`` (1), ``max_conditions`` (4), ``max_mechanisms`` (5),
    ``max_rules`` (3, combination rules), ``max_symptoms`` (3), ``min_triage``
    (1) and ``max_triage`` (3); at least one source is always written.
    Substitutes may form cycles; harm rules are often at avoid; free text may
    hold quotes, backslashes, newlines and any letter. Triage rules use only
    lower bounds, as the loader requires of a rule that raises the action.

    >>> from hypothesis import given, settings
    >>> @settings(max_examples=5)
    ... @given(data_files(max_exercises=2))
    ... def test(text):
    ...     assert len(altex.loads(text).exercises) <= 2
    >>> test()
    """
    b = _bounds(bounds)
    return _records(b).map(toml_document)


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

    By default at least one exercise and one condition, often with avoid
    rules; *bounds* as for :func:`data_files`.

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
    ...     assert len(kb.condition_ids(conditions)) <= len(conditions) <= 3
    >>> test()
    """
    if not kb.conditions:
        return st.just([])
    return st.lists(condition_names(kb), max_size=max_size)


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
