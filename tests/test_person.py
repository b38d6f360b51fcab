"""The person, not only the diagnosis: the laws of modifiers, over the bundled data and random knowledge bases.

- an unknown stage is judged as the most careful stage (a stage only ever relaxes);
- a relaxation for one condition never lowers a harm from another condition (nor any
  reason that is not its own condition's harm through its own mechanism);
- peripheralising symptoms never relax anything;
- adding a diagnosis never makes a verdict milder;
- the same person gets the same answer whatever the order of the inputs;
- every relaxed verdict says so, with its source.
"""

from __future__ import annotations

import random

import pytest
from hypothesis import given
from hypothesis import strategies as st

import altex
from altex import KnowledgeBase, Level, Person, Verdict
from altex.strategies import condition_names, exercise_names, knowledge_bases, persons


def _bare(kb: KnowledgeBase, exercise: str, person: Person) -> Verdict:
    """The verdict for the person's conditions (with those their modifiers imply), without modifiers."""
    return kb.verdict(kb.exercise(exercise).id, frozenset(kb.condition_ids(person)))


def _with(person: Person, **changes: object) -> Person:
    return person.model_copy(update=changes)


def _laws(kb: KnowledgeBase, exercise: str, person: Person, extra: str | None, seed: int) -> None:
    v = kb.check(exercise, person)
    bare = _bare(kb, exercise, person)
    mods: frozenset[str] = getattr(kb.condition_ids(person), "modifiers", frozenset())

    # An unknown stage is the most careful stage: leaving the stage out never makes the verdict milder.
    if person.stage is not None:
        assert kb.check(exercise, _with(person, stage=None)).level >= v.level
    # Without modifiers (keeping the conditions they bring) the person is judged by the conditions alone.
    assert kb.check(exercise, Person(conditions=tuple(sorted(kb.condition_ids(person))))) == bare

    # Relax per reason, each only by its own condition's relaxation; everything else stands.
    for r in bare.reasons:
        if r in v.reasons:
            continue
        twin = [x for x in v.reasons if x.path == r.path and x.condition == r.condition and x.relaxed_from]
        assert twin, (r.text, [x.text for x in v.reasons])
        assert twin[0].relaxed_from is r.level and twin[0].level < r.level
        assert r.condition is not None and len(r.path) >= 3
        own = [a for a in r.condition.adjust if a.relaxes and a.mechanism == r.path[-2] and mods & set(a.when)]
        assert own, "a reason was relaxed by a rule of another condition or mechanism"
        assert twin[0].level >= min((a.relax_to or Level.OK) for a in own), "relaxed below every floor"

    # Every relaxed verdict says so, with its source.
    if v.level < bare.level:
        assert v.relaxed
    for r in v.relaxed:
        assert "Relaxed from" in r.text and r.sources and set(r.sources) <= set(kb.sources)

    # Peripheralising symptoms never relax anything.
    if any(kb.modifiers[m].relaxes_nothing for m in mods):
        assert not v.relaxed and v.level >= bare.level

    # Adding a diagnosis never makes a verdict milder.
    if extra is not None:
        more = _with(person, conditions=(*person.conditions, extra))
        assert kb.check(exercise, more).level >= v.level

    # Order independence: the same person in another order gets the same verdict.
    shuffled = list(person.conditions)
    random.Random(seed).shuffle(shuffled)
    again = kb.check(exercise, _with(person, conditions=tuple(shuffled)))
    assert again.level is v.level and set(again.reasons) == set(v.reasons)


@given(st.data())
def test_the_laws_hold_for_the_bundled_data(kb: KnowledgeBase, data: st.DataObject) -> None:
    person = data.draw(persons(kb))
    exercise = data.draw(exercise_names(kb))
    extra = data.draw(st.none() | condition_names(kb))
    _laws(kb, exercise, person, extra, data.draw(st.integers(0, 99)))


@given(st.data())
def test_the_laws_hold_for_random_knowledge_bases(data: st.DataObject) -> None:
    kb = data.draw(knowledge_bases())
    person = data.draw(persons(kb))
    exercise = data.draw(exercise_names(kb))
    extra = data.draw(st.none() | condition_names(kb))
    _laws(kb, exercise, person, extra, data.draw(st.integers(0, 99)))


def test_a_bare_list_keeps_working_exactly_as_before(kb: KnowledgeBase) -> None:
    for exercise in ("running", "hamstring stretch", "prone press-up", "deadlift"):
        for conditions in (["sciatica"], ["slipped disc", "osteoporosis"], []):
            assert kb.check(exercise, conditions) == kb.check(exercise, Person(conditions=tuple(conditions)))
    assert kb.condition_ids(Person(conditions=("sciatica",))) == frozenset({"sciatica"})


def test_an_extension_preference_relaxes_extension_for_sciatica_only(kb: KnowledgeBase) -> None:
    prefers = Person(conditions=("sciatica",), preference="extension")
    v = kb.check("prone press-up", prefers)
    assert kb.check("prone press-up", "sciatica").level is Level.CAUTION
    assert v.level is Level.OK and v.relaxed and v.relaxed[0].relaxed_from is Level.CAUTION
    assert "lng" in v.relaxed[0].sources and [m.id for m in v.modifiers] == ["extension-preference"]
    # Stenosis and facet syndrome keep their harm: a relaxation for sciatica never lowers theirs.
    for other in ("lumbar-spinal-stenosis", "facet-joint-syndrome", "spondylolisthesis"):
        both = kb.check("prone press-up", _with(prefers, conditions=("sciatica", other)))
        assert both.level is Level.AVOID, other
    # While symptoms spread down the leg nothing is relaxed.
    spreading = kb.check("prone press-up", _with(prefers, response="peripheralising"))
    assert spreading.level is Level.CAUTION and not spreading.relaxed


def test_stage_preference_and_bone_status_change_verdicts(kb: KnowledgeBase) -> None:
    disc = ("slipped disc",)
    assert kb.check("knee to chest", disc).level is Level.AVOID
    assert kb.check("knee to chest", Person(conditions=disc, stage="chronic")).level is Level.CAUTION
    assert kb.check("knee to chest", Person(conditions=disc, stage="acute")).level is Level.AVOID
    assert kb.check("child's pose", Person(conditions=disc, preference="flexion")).level is Level.OK
    assert (
        kb.check("zumba", Person(bone="osteopenia")).level < kb.check("zumba", Person(bone="vertebral fracture")).level
    )
    assert kb.check("low impact aerobics", Person(bone="osteoporosis")).level is Level.OK
    assert kb.check("low impact aerobics", ["osteoporosis"]).level is Level.CAUTION
    relaxed = kb.check("step aerobics", Person(bone="osteopenia")).relaxed
    assert [r.path for r in relaxed] == [("step-aerobics", "impact", "osteoporosis")]


def test_a_vertebral_fracture_is_not_ordinary_osteoporosis(kb: KnowledgeBase) -> None:
    assert kb.condition("vertebral compression fracture").id == "vertebral-fracture"
    assert kb.condition_ids(["vertebral compression fracture"]) == {"vertebral-fracture", "osteoporosis"}
    assert kb.check("zumba", "compression fracture").level is Level.AVOID
    assert kb.check("zumba", "osteoporosis").level is Level.CAUTION
    a = kb.assess(altex.PainReport(severity=4, symptoms=["suspected fracture"]))
    assert a.action is altex.Action.SEE_DOCTOR and a.kind is altex.AssessmentKind.RED_FLAG


def test_surgery_windows_and_past_them_the_diagnoses(kb: KnowledgeBase) -> None:
    early = Person(conditions=("stenosis",), surgery="fusion", weeks_since_surgery=3)
    assert {"recent-fusion", "lumbar-spinal-stenosis"} == kb.condition_ids(early)
    assert "healing-fusion" in kb.condition_ids(_with(early, weeks_since_surgery=10))
    assert kb.condition_ids(_with(early, weeks_since_surgery=30)) == {"lumbar-spinal-stenosis"}
    assert "recent-fusion" in kb.condition_ids(_with(early, weeks_since_surgery=None))  # unknown: the first window
    assert kb.check("deadlift", early).level is Level.AVOID
    assert kb.check("deadlift", _with(early, weeks_since_surgery=30)) == kb.check("deadlift", "stenosis")
    assert kb.condition_ids(Person(surgery="microdiscectomy", weeks_since_surgery=8)) == {"healing-discectomy"}
    assert kb.check("walking", Person(surgery="fusion", weeks_since_surgery=1)).level is Level.OK


def test_a_lay_word_for_two_conditions_is_an_ambiguity_naming_both(kb: KnowledgeBase) -> None:
    for word, both in (
        ("arthritis", {"Spinal osteoarthritis", "Axial spondyloarthritis"}),
        ("Arthritis of the spine", {"Spinal osteoarthritis", "Axial spondyloarthritis"}),
        ("back surgery", {"First six weeks after a discectomy", "First six weeks after a lumbar fusion"}),
    ):
        with pytest.raises(altex.AmbiguousConditionError) as info:
            kb.check("running", word)
        assert isinstance(info.value, altex.UnknownConditionError)
        assert set(info.value.suggestions) == both
        assert all(name in str(info.value) for name in both)
    assert kb.condition("osteoarthritis").id == "spinal-osteoarthritis"
    assert kb.condition("ankylosing spondylitis").id == "axial-spondyloarthritis"


def test_a_shared_alias_must_be_marked_by_every_record_it_names() -> None:
    base = (
        '[[source]]\nid = "s"\ntitle = "S"\nkind = "article"\nurl = "https://example.org/s"\n'
        '[[condition]]\nid = "a"\nname = "A"\ndescription = "A."\nshared_aliases = ["arthritis"]\n'
    )
    marked = base + '[[condition]]\nid = "b"\nname = "B"\ndescription = "B."\nshared_aliases = ["arthritis"]\n'
    with pytest.raises(altex.AmbiguousNameError) as info:
        altex.loads(marked).condition("ARTHRITIS")
    assert set(info.value.suggestions) == {"A", "B"}
    unmarked = base + '[[condition]]\nid = "b"\nname = "B"\ndescription = "B."\naliases = ["arthritis"]\n'
    with pytest.raises(altex.DataError) as bad:
        altex.loads(unmarked)
    assert bad.value.record == "condition.b" and "shared_aliases" in str(bad.value)


def test_person_data_errors_name_the_record_and_field() -> None:
    bad = (
        '[[condition]]\nid = "x"\nname = "X"\ndescription = "X."\n'
        '[[condition.adjust]]\nwhen = ["acute"]\nmechanism = "impact"\nraise_to = "caution"\nsources = ["acp"]\n'
        '[[condition.adjust]]\nwhen = ["chronic"]\nmechanism = "impact"\nrelax_to = "ok"\nsources = ["acp"]\n'
    )
    with pytest.raises(altex.DataError) as info:
        altex.loads(bad, bundled=True)
    messages = [(p.record, p.field, p.message) for p in info.value.errors]
    assumed = "'acute' is the value assumed when unknown; it adjusts nothing"
    assert ("condition.x", "adjust[0].when[0]", assumed) in messages
    assert any(f == "adjust[1]" and m.startswith("relaxes nothing") for _, f, m in messages)


def test_unknown_modifier_names_suggest_close_ones(kb: KnowledgeBase) -> None:
    with pytest.raises(altex.UnknownModifierError) as info:
        kb.check("running", Person(conditions=("sciatica",), stage="chronik"))
    assert "chronic" in info.value.suggestions
    with pytest.raises(altex.InvalidInputError) as bad:
        kb.check("running", Person(weeks_since_surgery=3))
    assert bad.value.field == "weeks_since_surgery"


def test_catalog_judging_takes_a_person(kb: KnowledgeBase) -> None:
    from altex.catalog import Catalog, CatalogRecord

    catalog = Catalog([CatalogRecord(id="press", name="Prone Press-Up"), CatalogRecord(id="kb", name="Box Jumps")], kb)
    prefers = Person(conditions=("sciatica",), preference="extension")
    assert catalog.check("press", prefers).level is Level.OK
    assert catalog.check("press", ["sciatica"]).level is Level.CAUTION
    assert catalog.check("kb", Person(bone="vertebral fracture")).level is Level.AVOID


#: Records added with the person modifiers: their texts must read plainly already.
NEW_CONDITIONS = (
    "vertebral-fracture", "sacroiliac-joint-pain", "pregnancy-back-pain", "axial-spondyloarthritis",
    "piriformis-syndrome", "scoliosis", "recent-discectomy", "healing-discectomy", "recent-fusion", "healing-fusion",
)  # fmt: skip


def test_person_data_reads_plainly_and_cites_known_sources(kb: KnowledgeBase) -> None:
    from tests.test_plain_text import _texts, shorthand

    records = [
        *(kb.modifiers.values()),
        *(kb.surgeries.values()),
        *(kb.conditions[c] for c in NEW_CONDITIONS),
        *(
            t
            for t in kb.triage_rules.values()
            if kb.origin(t.id).endswith("triage.toml") and t.id.startswith("red-flag-")
        ),
    ]
    found = [
        f"{where}: {hit}"
        for record in records
        for where, text in _texts(record.model_dump(mode="json"), record.id)
        for hit in shorthand(kb, text)
    ]
    found += [
        f"{cid}.adjust: {hit}" for cid, c in kb.conditions.items() for a in c.adjust for hit in shorthand(kb, a.note)
    ]
    assert not found, "\n".join(found)
    assert len(kb.conditions) >= 16
    for cid in NEW_CONDITIONS:
        c = kb.conditions[cid]
        assert c.aggravated_by or c.relieved_by, cid
        for rule in (*c.aggravated_by, *c.relieved_by, *c.adjust):
            assert rule.sources and set(rule.sources) <= set(kb.sources), cid


def test_new_conditions_have_red_flags_wired_into_triage(kb: KnowledgeBase) -> None:
    for symptom in ("suspected fracture", "vaginal bleeding", "morning stiffness", "returning sciatica"):
        a = kb.assess(altex.PainReport(severity=3, symptoms=[symptom]))
        assert a.kind is altex.AssessmentKind.RED_FLAG and a.action >= altex.Action.SEE_DOCTOR, symptom


def _dominance_broken(kb: KnowledgeBase, people: list[Person]) -> list[tuple[str, str, Person]]:
    from altex._profiles import dominates

    broken = []
    for a in kb.exercises.values():
        for b in kb.exercises.values():
            if a is b or not dominates(a, b):
                continue
            broken += [(a.id, b.id, p) for p in people if kb.check(a.id, p).level < kb.check(b.id, p).level]
    return broken


def test_dominance_law_holds_for_people_on_the_bundled_data(kb: KnowledgeBase) -> None:
    # An exercise that does at least everything another does is judged at least as strictly, for people too:
    # relaxations hold up to an intensity, raises from one, so neither can turn the order round.
    people = [
        Person(conditions=(c.id,), **{m.kind.value: m.id})
        for m in kb.modifiers.values()
        for c in kb.conditions.values()
        if any(m.id in a.when for a in c.adjust)
    ]
    assert len(people) >= 12
    assert _dominance_broken(kb, people) == []


@given(st.data())
def test_dominance_law_holds_for_people_on_random_knowledge_bases(data: st.DataObject) -> None:
    kb = data.draw(knowledge_bases())
    assert _dominance_broken(kb, [data.draw(persons(kb))]) == []


def test_a_person_is_a_value(kb: KnowledgeBase) -> None:
    import pickle

    p = Person(conditions=["sciatica"], stage="chronic")
    assert p == Person(conditions=("sciatica",), stage="chronic") and hash(p) == hash(Person(**p.model_dump()))
    assert p.model_copy(update={"stage": None}) == Person(conditions=("sciatica",))
    restored = pickle.loads(pickle.dumps(p))
    assert restored == p and restored.__pydantic_private__ == {"_hash": None}
    assert kb.check("running", restored) == kb.check("running", p)
