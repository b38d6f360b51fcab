"""Random records for :mod:`altex.strategies`: valid data files, drawn in few choices.

Every kind of record is drawn as a list of *bodies* (a handful of choices
each); :func:`tables` then gives the records ids from readable pools, links
them and leaves out what would clash, so whatever is drawn is a valid file.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from hypothesis import strategies as st

from .._load import TABLES
from .._names import normalize
from ..errors import InvalidInputError
from ..models import Category, ConditionKind, Evidence, Goal, Intensity, Level, Muscle, Setting, SourceKind
from ..pain import LOWER_BOUNDS, Action, AssessmentKind, DuringExercise, Onset, PainQuality

__all__ = ["DEFAULTS", "records", "tables", "valid_bounds"]

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
# Person modifier values: (id, kind, default, relaxes_nothing). The first of a kind is its default.
_MODIFIERS = (
    ("acute", "stage", True, False),
    ("chronic", "stage", False, False),
    ("extension-preference", "preference", False, False),
    ("peripheralising", "response", False, True),
    ("flexion-preference", "preference", False, False),
    ("bone-osteopenia", "bone", False, False),
)
_SOURCES = ("src-a", "src-b", "src-c")
_EQUIPMENT = ("mat", "bike", "pool", "dumbbell", "band")
DEFAULTS: dict[str, int] = {
    "min_exercises": 1,
    "max_exercises": 6,
    "min_conditions": 1,
    "max_conditions": 4,
    "max_mechanisms": 5,
    "max_rules": 3,
    "min_triage": 1,
    "max_triage": 3,
    "max_symptoms": 3,
    "max_modifiers": 6,
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


def valid_bounds(given: dict[str, int]) -> dict[str, int]:
    unknown = sorted(set(given) - set(DEFAULTS))
    if unknown:
        raise InvalidInputError(unknown[0], f"unknown bound; expected one of {', '.join(DEFAULTS)}")
    b = {**DEFAULTS, **given}
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
# A mechanism is mostly a demand (graded, rated in every profile), sometimes a feature.
_MECHANISM = st.fixed_dictionaries({"names": _NAMES, "description": _TAIL, "feature": st.booleans()})
_INTENSITIES = [i.value for i in Intensity]
# Two bits a mechanism (the first eight): which threshold a condition's rule starts at,
# or 3 for a stepped pair (caution from low, avoid from high); a profile's rating.
_PER_MECHANISM = st.integers(0, 4**_WIDTH - 1)
_CONDITION = st.fixed_dictionaries(
    {
        "names": _NAMES,
        "description": _TAIL,
        "kind": st.none() | _enum_values(ConditionKind),
        "aggravated_by": _MASK,
        "caution": _MASK,  # which harms are at caution; the others are at avoid
        "thresholds": _PER_MECHANISM,
        "relieved_by": _MASK,
        "sources": _CITES,
        # How person modifiers adjust it: a mechanism, which modifiers, raise or relax, a level, an intensity.
        "adjust": st.lists(
            st.tuples(st.integers(0, _WIDTH - 1), _MASK, st.booleans(), st.booleans(), st.integers(1, 3)), max_size=3
        ),
    }
)
_MODIFIER = st.fixed_dictionaries({"implies": _MASK, "sources": _CITES})
_EXERCISE = st.fixed_dictionaries(
    {
        "names": _NAMES,
        "category": _enum_values(Category),
        "profile": _PER_MECHANISM,
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
        "at_least": st.sampled_from(_INTENSITIES[1:]),
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
    "improving": st.just(False),
    "symptoms_any": _MASK,
    "symptoms_all": _MASK,
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


def _digit(number: int, i: int) -> int:
    """The *i*-th base-4 digit of *number* (two bits a mechanism)."""
    return number >> (2 * i) & 3


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


def records(b: dict[str, int]) -> st.SearchStrategy[dict[str, list[dict[str, Any]]]]:
    return st.builds(
        tables,
        st.lists(_SOURCE, min_size=1, max_size=len(_SOURCES)),
        st.lists(_MECHANISM, max_size=b["max_mechanisms"]),
        st.lists(_CONDITION, min_size=b["min_conditions"], max_size=b["max_conditions"]),
        st.lists(_EXERCISE, min_size=b["min_exercises"], max_size=b["max_exercises"]),
        st.lists(_RULE, max_size=b["max_rules"]),
        st.lists(_SYMPTOM, max_size=b["max_symptoms"]),
        st.lists(_TRIAGE, min_size=b["min_triage"], max_size=b["max_triage"]),
        st.lists(_MODIFIER, max_size=min(b["max_modifiers"], len(_MODIFIERS))),
    )


def tables(
    source_bodies: list[dict[str, Any]],
    mechanism_bodies: list[dict[str, Any]],
    condition_bodies: list[dict[str, Any]],
    exercise_bodies: list[dict[str, Any]],
    rule_bodies: list[dict[str, Any]],
    symptom_bodies: list[dict[str, Any]],
    triage_bodies: list[dict[str, Any]],
    modifier_bodies: list[dict[str, Any]] | None = None,
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
    graded = {m for m, body in zip(mechanisms, mechanism_bodies, strict=True) if not body["feature"]}
    for kind, ids, bodies in (("mechanism", mechanisms, mechanism_bodies), ("symptom", symptoms, symptom_bodies)):
        for named, body in zip(_named(ids, bodies), bodies, strict=True):
            scale = {"scale": {i: f"{i} {named['id']}" for i in _INTENSITIES[1:]}} if named["id"] in graded else {}
            out[kind].append({**named, "description": f"About {named['id']}.{body['description']}", **scale})

    def harms(body: dict[str, Any]) -> list[dict[str, Any]]:
        found = []
        for i, m in enumerate(mechanisms[:_WIDTH]):
            if not body["aggravated_by"] >> i & 1:
                continue
            step = _digit(body["thresholds"], i) if m in graded else 0
            if step == 3:  # caution from low, avoid from high
                found.append({"mechanism": m, "level": "caution", **cited(body)})
                found.append({"mechanism": m, "at_least": "high", "level": "avoid", **cited(body)})
            else:
                at_least = {"at_least": _INTENSITIES[step + 1]} if step else {}
                found.append({"mechanism": m, **at_least, "level": level(body, i), **cited(body)})
        return found

    modifiers = _MODIFIERS[: len(modifier_bodies or ())]
    for (mid, kind, default, blocks), body in zip(modifiers, modifier_bodies or (), strict=True):
        implied = _chosen(body["implies"], conditions) if kind == "bone" else []
        flags = {"default": True} if default else {"relaxes_nothing": True} if blocks else {}
        out["modifier"].append(
            {"id": mid, "kind": kind, "name": mid.replace("-", " ").capitalize(), "description": f"About {mid}."}
            | flags
            | present({"implies": implied})
            | cited(body)
        )

    def adjustments(body: dict[str, Any], own: list[dict[str, Any]]) -> list[dict[str, Any]]:
        found = []
        for which, mask, relax, low, step in body["adjust"] if mechanisms else ():
            m = mechanisms[which % len(mechanisms)]
            # Never the default; a value that relaxes nothing never relaxes; a stage only relaxes.
            usable = [
                x
                for i, x in enumerate(modifiers)
                if mask >> i & 1 and not x[2] and not (relax and x[3]) and (relax or x[1] != "stage")
            ]
            if not usable:
                continue
            adj: dict[str, Any] = {"when": [x[0] for x in usable], "mechanism": m}
            if relax:
                floor = "ok" if low else "caution"
                at_most = _INTENSITIES[step] if m in graded else "high"
                above = [h for h in own if h["mechanism"] == m and Level(h["level"]) > Level(floor)]
                if not any(Intensity(h.get("at_least", "low")) <= Intensity(at_most) for h in above):
                    continue
                adj |= {"at_most": at_most, "relax_to": floor}
            else:
                adj |= {
                    "at_least": _INTENSITIES[step] if m in graded else "low",
                    "raise_to": "caution" if low else "avoid",
                }
            found.append(adj | cited(body))
        return found

    for named, body in zip(_named(conditions, condition_bodies), condition_bodies, strict=True):
        own = harms(body)
        fields = {
            "description": f"About {named['id']}.{body['description']}",
            "kind": body["kind"],
            "aggravated_by": own,
            "relieved_by": [{"mechanism": m, **cited(body)} for m in _chosen(body["relieved_by"], mechanisms)],
            "adjust": adjustments(body, own),
        }
        out["condition"].append({**named, **present(fields)})
    for named, body in zip(_named(exercises, exercise_bodies), exercise_bodies, strict=True):
        eid = named["id"]
        evidence = {"evidence": body["evidence"]} if body["evidence"] else {}
        fields = {
            **{k: body[k] for k in ("category", "goals", "muscles", "equipment", "setting")},
            "loads": [m for m in _chosen(body["loads"], mechanisms) if m not in graded],
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
        profile = {m: _INTENSITIES[_digit(body["profile"], i) if i < _WIDTH else 0] for i, m in enumerate(mechanisms)}
        out["exercise"].append(
            {**named, **present(fields), "profile": {m: v for m, v in profile.items() if m in graded}}
        )
    for body in rule_bodies if len(conditions) >= 2 else ():
        when = _chosen(body["when"], conditions)
        when += [c for c in conditions if c not in when][: max(0, 2 - len(when))]
        on_exercise = body["on_exercise"] or not mechanisms
        targets = exercises if on_exercise else mechanisms
        rule: dict[str, Any] = {"id": f"rule-{len(out['rule']) + 1}", "when": when}
        target = rule["exercise" if on_exercise else "mechanism"] = targets[body["target"] % len(targets)]
        if target in graded and body["at_least"] != Intensity.LOW.value:
            rule["at_least"] = body["at_least"]
        rule |= {"level": "caution" if body["caution"] else "avoid", **cited(body)}
        out["rule"].append({**rule, "note": f"Together they hurt.{body['note']}"})
    for i, body in enumerate(triage_bodies):
        states: dict[str, Any] = {}
        for key, value in body["when"]:
            value = _chosen(value, symptoms) if key in ("symptoms_any", "symptoms_all") else value
            if value != []:
                states.setdefault(key, value)
        action = body["action"]
        if body["kind"] == AssessmentKind.RED_FLAG.value and Action(action) < Action.SEE_DOCTOR:
            action = Action.SEE_DOCTOR.value  # a red flag stops exercise advice
        triage = {"id": f"triage-{i + 1}", "when": states or {"severity_min": 0}, "kind": body["kind"]}
        triage |= {"action": action, "reason": f"Reason {i + 1}.", "advice": f"Advice {i + 1}.{body['advice']}"}
        out["triage"].append(present({**triage, **cited(body)}))
    return {kind: records for kind, records in out.items() if records}
