"""Catalog integration on the tiny knowledge base, where every answer is known.

tests/data/tiny_catalog.csv holds an app's exercises; tests/data/tiny_inference.toml
the inference rules for them (jumps load impact, hamstring stretches the nerve,
arm work nothing).
"""

from __future__ import annotations

import itertools
import json
from pathlib import Path

import pytest

import altex
import altex.catalog as ac
from altex import CatalogError, InvalidInputError, Level, PlanAction, UnknownCatalogExerciseError, UnknownNameError
from altex.catalog import Catalog, CatalogRecord, Columns, MappingMethod

from .conftest import TINY

HERE = Path(__file__).parent
TINY_INFERENCE = HERE / "data" / "tiny_inference.toml"
TINY_CATALOG = HERE / "data" / "tiny_catalog.csv"
BOTH = ["knee-thing", "nerve-thing"]


@pytest.fixture(scope="module")
def kb() -> altex.KnowledgeBase:
    return altex.load(TINY, TINY_INFERENCE, bundled=False)


@pytest.fixture(scope="module")
def app(kb: altex.KnowledgeBase) -> Catalog:
    return ac.load(TINY_CATALOG, kb)


def _graph_path(kb: altex.KnowledgeBase, path: tuple[str, ...]) -> bool:
    return all(kb.graph.has_edge(a, b) or kb.graph.has_edge(b, a) for a, b in itertools.pairwise(path))


# -- mapping ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("rid", "method", "exercise", "confidence"),
    [
        ("jog", MappingMethod.MATCHED, "jogging", 1.0),  # the name itself
        ("weighted-jog", MappingMethod.MATCHED, "jogging", 0.9),  # a loading word dropped
        ("tread", MappingMethod.MATCHED, "jogging", 0.5),  # "Noun, Kind", matched on its last word
        ("jump-bike", MappingMethod.MATCHED, "biking", 0.5),
        ("box", MappingMethod.INFERRED, None, 0.8),
        ("seat-ham", MappingMethod.INFERRED, None, 0.6),
        ("curl", MappingMethod.INFERRED, None, 0.5),
        ("glide", MappingMethod.UNKNOWN, None, 0.0),  # excluded by the rule's `unless`
        ("mystery", MappingMethod.UNKNOWN, None, 0.0),
        ("swim-bb", MappingMethod.UNKNOWN, None, 0.0),  # same name, but a barbell lift is no swim
    ],
)
def test_each_record_is_mapped_and_says_how(
    app: Catalog, rid: str, method: MappingMethod, exercise: str | None, confidence: float
) -> None:
    m = app.mapping(rid)
    assert (m.method, m.exercise.id if m.exercise else None, m.confidence) == (method, exercise, confidence)
    assert m.via


def test_counts_and_repr(app: Catalog) -> None:
    assert app.counts() == {MappingMethod.MATCHED: 5, MappingMethod.INFERRED: 3, MappingMethod.UNKNOWN: 3}
    assert repr(app) == "<Catalog: 11 exercises (5 matched, 3 inferred, 3 unknown)>"


def test_names_resolve_by_id_or_name_in_any_case(app: Catalog) -> None:
    assert app.record("BOX JUMP").id == "box"
    assert app.record("seat-ham") == app.record("seated hamstring stretch")
    with pytest.raises(UnknownCatalogExerciseError, match="did you mean") as err:
        app.record("Box Jumpp")
    assert isinstance(err.value, altex.UnknownExerciseError)


# -- verdicts ------------------------------------------------------------------------------


def test_matched_record_gets_the_exercise_verdict(app: Catalog, kb: altex.KnowledgeBase) -> None:
    v = app.check("jog", "bad knee")
    assert (v.level, v.reasons) == (kb.check("jogging", "bad knee").level, kb.check("jogging", "bad knee").reasons)
    assert v.record.id == "jog"


def test_inferred_record_reasons_run_through_the_inference_rule(app: Catalog, kb: altex.KnowledgeBase) -> None:
    v = app.check("box", "knee thing")
    assert v.level is Level.AVOID
    (reason,) = v.reasons
    assert reason.path == ("jumps", "impact", "knee-thing")
    assert reason.text.startswith(
        "Box Jump is taken to involve impact (high, as jumps do), which aggravates knee thing"
    )
    assert reason.sources == ("src-a",)
    assert _graph_path(kb, reason.path)


def test_inferred_relief_is_a_benefit_and_never_lowers(app: Catalog) -> None:
    v = app.check("seat-ham", BOTH)
    assert v.level is Level.CAUTION
    assert [r.path for r in v.harms] == [("leg-stretches", "nerve-stretch", "nerve-thing")]


def test_partial_match_keeps_the_inferred_harms(app: Catalog, kb: altex.KnowledgeBase) -> None:
    assert kb.check("biking", "knee thing").level is Level.OK
    v = app.check("jump-bike", "knee thing")
    assert v.level is Level.AVOID
    assert [r.path for r in v.harms] == [("jumps", "impact", "knee-thing")]


def test_combination_rules_still_apply_to_matched_records(app: Catalog) -> None:
    assert app.check("jump-bike", BOTH).level is Level.AVOID
    assert any(r.path[1] == "both-things-biking" for r in app.check("jump-bike", BOTH).reasons)


def test_unknown_is_never_ok_and_says_why(app: Catalog) -> None:
    for conditions in ([], ["knee-thing"], BOTH):
        v = app.check("mystery", conditions)
        assert v.level is Level.CAUTION
        assert "not known" in v.reasons[0].text and v.reasons[0].path == ()


def test_inferred_with_nothing_to_fear_is_ok(app: Catalog) -> None:
    v = app.check("curl", BOTH)
    assert (v.level, v.reasons) == (Level.OK, ())


def test_judge_is_check_for_every_record_in_order(app: Catalog) -> None:
    verdicts = app.judge(BOTH)
    assert [v.record.id for v in verdicts] == list(app.records)
    assert verdicts == [app.check(rid, BOTH) for rid in app.records]


def test_every_reason_path_is_a_graph_path(app: Catalog, kb: altex.KnowledgeBase) -> None:
    for conditions in ([], ["knee-thing"], ["nerve-thing"], BOTH):
        for v in app.judge(conditions):
            assert v.level == max((r.level for r in v.reasons), default=Level.OK)
            for r in v.reasons:
                assert _graph_path(kb, r.path), (v.record.id, r.path)


# -- substitutes and adapt -----------------------------------------------------------------


def test_substitutes_come_from_the_catalog_and_are_never_avoid(app: Catalog) -> None:
    for rid in app.records:
        for conditions in ([], BOTH):
            found = app.substitutes(rid, conditions, limit=20)
            assert rid not in [s.record.id for s in found]
            assert all(s.verdict.level is not Level.AVOID for s in found)
            assert all(app.mapping(s.record.id).method is not MappingMethod.UNKNOWN for s in found)
            ranks = [s.verdict.level.rank for s in found]
            assert ranks == sorted(ranks)
            assert all(s.path[0] == rid and s.path[-1] == s.record.id for s in found)
            assert found == app.substitutes(rid, conditions, limit=20)
            for s in found:  # a catalog substitute cites what its verdict cites
                assert set(s.sources) == {sid for r in s.verdict.reasons for sid in r.sources}


def test_substitute_goes_through_the_knowledge_base(app: Catalog) -> None:
    (best,) = app.substitutes("jog", "bad knee")
    assert best.record.id == "pool"
    assert best.path == ("jog", "jogging", "biking", "swimming", "pool")
    assert best.why


def test_substitutes_filter_on_the_catalogs_equipment(app: Catalog) -> None:
    assert app.substitutes("box", equipment=[]) == [s for s in app.substitutes("box") if not s.record.equipment]
    with pytest.raises(UnknownNameError, match="did you mean 'machine'"):
        app.substitutes("box", equipment=["machin"])
    with pytest.raises(InvalidInputError):
        app.substitutes("box", limit=0)


def test_adapt_a_plan_in_catalog_ids(app: Catalog) -> None:
    plan = app.adapt([{"exercise": "jog", "minutes": 20}, "curl", "seat-ham", "mystery"], "knee thing")
    actions = [(i.original.id, i.action, i.replacement.id if i.replacement else None) for i in plan.items]
    assert actions == [
        ("jog", PlanAction.REPLACE, "pool"),
        ("curl", PlanAction.KEEP, None),
        ("seat-ham", PlanAction.KEEP, None),
        ("mystery", PlanAction.CAUTION, None),
    ]
    assert plan.entries()[0].exercise == "pool" and plan.entries()[0].minutes == 20


def test_adapt_drops_what_has_no_safe_substitute() -> None:
    kb = altex.load(TINY, TINY_INFERENCE, bundled=False)
    app = Catalog([CatalogRecord(id="j", name="Jogging")], kb)
    (item,) = app.adapt(["j"], "knee thing").items
    assert (item.action, item.result) == (PlanAction.DROP, None)


# -- pinned mappings -------------------------------------------------------------------------


@pytest.mark.parametrize("suffix", [".csv", ".json"])
def test_exported_mappings_pin_back_to_the_same(
    app: Catalog, kb: altex.KnowledgeBase, tmp_path: Path, suffix: str
) -> None:
    out = tmp_path / f"map{suffix}"
    assert ac.write_mappings(app, out) == 11
    pinned = ac.load(TINY_CATALOG, kb, pinned=out)
    for rid, m in app.mappings.items():
        again = pinned.mapping(rid)
        assert again.pinned
        assert (again.method, again.exercise, again.confidence, again.loads) == (
            m.method,
            m.exercise,
            m.confidence,
            m.loads,
        )


def test_a_reviewed_row_replaces_the_automatic_mapping(kb: altex.KnowledgeBase, tmp_path: Path) -> None:
    pins = tmp_path / "pins.json"
    rows = [
        {"catalog_id": "mystery", "method": "matched", "altex_id": "Swimming"},  # a name works too
        {"catalog_id": "jump-bike", "method": "inferred"},
        {"catalog_id": "curl", "method": "unknown"},
    ]
    pins.write_text(json.dumps(rows))
    app = ac.load(TINY_CATALOG, kb, pinned=pins)
    assert (app.mapping("mystery").exercise.id, app.mapping("mystery").confidence) == ("swimming", 1.0)
    assert app.mapping("jump-bike").method is MappingMethod.INFERRED
    assert app.check("curl").level is Level.CAUTION
    assert app.mapping("jog").pinned is False


def test_bad_pins_are_reported_together(kb: altex.KnowledgeBase, tmp_path: Path) -> None:
    pins = tmp_path / "pins.csv"
    pins.write_text(
        "catalog_id,method,altex_id,confidence\n"
        "nope,matched,jogging,1\n"
        "jog,matched,joging,1\n"
        "box,guessed,,\n"
        "curl,inferred,,2\n"
    )
    with pytest.raises(CatalogError) as err:
        ac.load(TINY_CATALOG, kb, pinned=pins)
    assert [(p.record, p.field) for p in err.value.errors] == [
        ("nope", "catalog_id"),
        ("jog", "altex_id"),
        ("box", "method"),
        ("curl", "confidence"),
    ]
    assert "did you mean 'jogging'" in str(err.value)
    assert str(err.value).startswith("4 problems in the catalog:")


# -- adapters ----------------------------------------------------------------------------------


def test_plain_json_with_a_column_mapping(kb: altex.KnowledgeBase, tmp_path: Path) -> None:
    path = tmp_path / "app.json"
    rows = [
        {
            "uuid": 1,
            "title": "Box Jumps",
            "muscles": ["Quads", "Gluteus maximus"],
            "kit": ["none (bodyweight exercise)"],
        }
    ]
    path.write_text(json.dumps({"results": rows}))
    columns = Columns(id="uuid", name="title", primary_muscles="muscles", equipment="kit")
    (record,) = ac.read_catalog(path, columns=columns)
    assert (record.id, record.name, record.equipment) == ("1", "Box Jumps", ())
    assert [m.value for m in record.primary_muscles] == ["quadriceps", "glutes"]
    assert ac.load(path, kb, columns=columns).check("1", "knee thing").level is Level.AVOID


def test_free_exercise_db_layout_is_detected(tmp_path: Path) -> None:
    path = tmp_path / "fedb.json"
    row = {"id": "Box_Jump", "name": "Box Jump", "force": "push", "level": "beginner", "mechanic": None,
           "equipment": "body only", "primaryMuscles": ["lower back"], "secondaryMuscles": [],
           "category": "plyometrics"}  # fmt: skip
    path.write_text(json.dumps([row]))
    (record,) = ac.read_catalog(path)
    assert (record.equipment, record.category, record.force) == ((), "plyometrics", altex.Force.PUSH)
    assert record.primary_muscles == (altex.Muscle.LOWER_BACK,)


def test_catalog_problems_are_reported_together(tmp_path: Path) -> None:
    path = tmp_path / "bad.csv"
    path.write_text(
        "id,name,force,primary_muscles\n1,Row,pul,lats\n2,,push,chest\n3,Curl,pull,bicepz\n"
        "4,Plank,static,abdominals\n4,Again,pull,lats\n"
    )
    with pytest.raises(CatalogError) as err:
        ac.read_catalog(path)
    assert [str(p) for p in err.value.errors] == [
        f"{path}: [1] force: unknown force 'pul'; expected one of push, pull, static",
        f"{path}: [2] name: missing",
        f"{path}: [3] primary_muscles: unknown muscle 'bicepz'; did you mean 'biceps' or 'triceps'?",
        f"{path}: [4] id: repeated id (also row 4)",
    ]


def test_a_misspelt_column_in_a_mapping_is_an_error() -> None:
    with pytest.raises(CatalogError, match=r"columns.name: no row has a column 'titel'; did you mean 'title'\?"):
        ac.parse_rows([{"id": 1, "title": "Plank"}], Columns(name="titel"))


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("{", "not valid JSON"),
        ('{"a": 1}', "expected a JSON array of exercise objects"),
        ("[1]", "expected an object of fields"),
    ],
)
def test_unreadable_catalogs(tmp_path: Path, text: str, message: str) -> None:
    path = tmp_path / "c.json"
    path.write_text(text)
    with pytest.raises(CatalogError, match=message):
        ac.read_catalog(path)


def test_catalog_records_are_checked(kb: altex.KnowledgeBase) -> None:
    with pytest.raises(InvalidInputError):
        Catalog(["Plank"], kb)  # type: ignore[list-item]
    with pytest.raises(CatalogError, match="repeated id"):
        Catalog([CatalogRecord(id="a", name="X"), CatalogRecord(id="a", name="Y")], kb)


def test_a_red_flag_report_drops_every_catalog_item() -> None:
    bundled = altex.load()
    app = Catalog([CatalogRecord(id="p", name="Plank"), CatalogRecord(id="d", name="Barbell Deadlift")], bundled)
    report = altex.PainReport(severity=6, symptoms=["saddle numbness"])
    plan = app.adapt(["p", "d"], "herniated disc", report=report)
    assert [(i.action, i.replacement, i.suggestion) for i in plan.items] == [(PlanAction.DROP, None, None)] * 2
    assert plan.assessment is not None and plan.assessment.action is altex.Action.EMERGENCY
    assert plan.entries() == [] and plan.note
    calm = app.adapt(["p", "d"], "herniated disc")
    assert [(i.action, i.result and i.result.exercise) for i in calm.items] == [
        (PlanAction.KEEP, "p"),
        (PlanAction.REPLACE, "p"),
    ]
