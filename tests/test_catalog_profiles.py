"""Catalogs v2: every record gets a movement profile, read from its name (and the parts of a compound
name), its description and its attributes; what nothing ruled out is judged at its most careful level.

The wger-shaped catalogs in tests/data follow wger's public schema: the REST API's exerciseinfo
results (wger-api.json) and a Django fixture of the same exercises (wger-fixture.json).
"""

from __future__ import annotations

import csv
import itertools
import json
from pathlib import Path

import pytest

import altex
import altex.catalog as ac
from altex import Level
from altex.catalog import Catalog, CatalogRecord, MappingMethod
from altex.catalog.explain import drivers
from altex.cli import main
from altex.models import Intensity

from .conftest import HERE

WGER_API = HERE / "data" / "wger-api.json"
WGER_FIXTURE = HERE / "data" / "wger-fixture.json"
FACET, DISC = "facet-joint-syndrome", "lumbar-disc-herniation"


@pytest.fixture(scope="module")
def wger(kb: altex.KnowledgeBase) -> Catalog:
    return ac.load(WGER_API, kb)


def test_both_wger_layouts_read_the_same_records(kb: altex.KnowledgeBase) -> None:
    api, fixture = ac.read_file(WGER_API), ac.read_file(WGER_FIXTURE)
    assert api.format is fixture.format is ac.CatalogFormat.WGER
    assert api.records == fixture.records
    assert len(api.records) == 20  # the German-only exercise is left out, and said so
    assert api.notes == fixture.notes == ("1 exercises have no English translation and were left out",)
    curl = api.records[0]
    assert curl.name == "Curl to Press" and curl.category == "arms" and curl.aliases == ("Curl and Press",)
    assert [m.value for m in curl.primary_muscles] == ["biceps"]
    assert "<p>" not in curl.description and "press them overhead" in curl.description


def test_shared_names_are_reported(wger: Catalog) -> None:
    assert any("'Crunches' is shared by records 115, 116" in n for n in wger.notes)


@pytest.mark.parametrize(
    ("rid", "demand", "at_least"),
    [
        ("101", "spinal-extension", Intensity.MODERATE),  # a curl that ends in an overhead press
        ("102", "spinal-extension", Intensity.HIGH),  # a push-up that passes through a cobra
        ("103", "side-bending", Intensity.MODERATE),  # a weighted side bend called a side crunch
        ("104", "spinal-extension", Intensity.HIGH),  # a full back bend called a bridge
    ],
)
def test_the_movement_outweighs_a_misleading_name(wger: Catalog, rid: str, demand: str, at_least: object) -> None:
    profile = wger.mapping(rid).profile
    assert profile is not None
    rating = profile.rating(demand)
    assert rating is not None and rating.intensity is not None and rating.intensity >= at_least
    v = wger.check(rid, FACET)
    assert v.level > Level.OK and demand in drivers(v, wger.kb.mechanisms)


def test_a_compound_name_is_the_union_of_its_parts(wger: Catalog) -> None:
    m = wger.mapping("101")
    assert m.profile is not None and m.profile.parts == ("Curl", "Press")
    curl = wger.kb.exercises["biceps-curl"]
    for d in m.profile.demands:  # at least what the curl does, demand by demand (unknown counts as the most)
        assert d.intensity is None or d.intensity >= curl.profile.level(d.demand)


@pytest.mark.parametrize(("rid", "not_this"), [("105", "back-squat"), ("106", "back-squat"), ("107", "biceps-curl")])
def test_a_variant_is_not_the_lift_its_last_word_names(wger: Catalog, rid: str, not_this: str) -> None:
    m = wger.mapping(rid)
    assert not_this not in {e.id for e in m.exercises}
    assert m.method is not MappingMethod.UNKNOWN


@pytest.mark.parametrize(
    ("rid", "exercise"),
    [("108", "olympic-lifts"), ("109", "olympic-lifts"), ("110", "bent-over-row"), ("111", "standing-toe-touch"),
     ("112", "knee-to-chest"), ("113", "childs-pose"), ("114", "pigeon-pose")],
)  # fmt: skip
def test_suffixes_brackets_and_body_part_categories_do_not_defeat_a_match(
    wger: Catalog, rid: str, exercise: str
) -> None:
    assert wger.mapping(rid).exercise is not None and wger.mapping(rid).exercise.id == exercise  # type: ignore[union-attr]


def test_a_stretch_the_knowledge_base_rates_avoid_is_avoid_in_any_category(
    wger: Catalog, kb: altex.KnowledgeBase
) -> None:
    for rid, eid in (("111", "standing-toe-touch"), ("112", "knee-to-chest")):
        for cid in kb.conditions:
            assert wger.check(rid, cid).level >= kb.check(eid, cid).level


def test_a_demand_nothing_ruled_out_is_never_ok(kb: altex.KnowledgeBase) -> None:
    app = Catalog([CatalogRecord(id="z", name="Zork Zig", description="An exercise of our own.")], kb)
    m = app.mapping("z")
    assert m.method is MappingMethod.UNKNOWN and m.profile is not None
    assert set(m.profile.unknown) == {d for d, mech in kb.mechanisms.items() if mech.graded}
    v = app.check("z", [FACET, DISC])
    assert v.level is Level.AVOID
    unrated = [r for r in v.reasons if r.path and r.path[0] == "not-ruled-out"]
    assert {r.path[1] for r in unrated} >= {"spinal-extension", "loaded-flexion"}
    assert all("nothing known about it rules that out" in r.text for r in unrated)
    g = kb.graph
    assert all(g.has_edge(a, b) or g.has_edge(b, a) for r in unrated for a, b in itertools.pairwise(r.path))
    assert app.check("z").level is Level.CAUTION  # no condition given: still not ok


def test_a_record_with_a_partial_profile_keeps_its_unknowns_visible(kb: altex.KnowledgeBase) -> None:
    app = Catalog([CatalogRecord(id="h", name="Hurdle Hops", category="my-own-kind")], kb)
    m = app.mapping("h")
    assert m.method is MappingMethod.INFERRED and m.profile is not None
    rating = m.profile.rating("impact")
    assert rating is not None and rating.intensity is Intensity.HIGH
    assert [c.source for c in rating.clues] == ["jumps-by-name"] and rating.clues[0].signals == ("name 'hop'",)


def test_catalog_explain_shows_parts_evidence_and_drivers(capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["catalog", "explain", str(WGER_API), "101", "-c", "facet joint syndrome"])
    out, err = capsys.readouterr()
    assert (code, err) == (0, "")
    assert "compound name" in out and "Curl + Press" in out and "driven by:" in out
    assert "rule presses-by-name in 'Press' (name 'press')" in out
    code = main(["catalog", "explain", str(WGER_API), "101", "-c", "facet joint syndrome", "--json"])
    doc = json.loads(capsys.readouterr()[0])
    assert doc["profile"]["parts"] == ["Curl", "Press"] and "spinal-extension" in doc["drivers"]
    assert doc["profile"]["demands"]["spinal-extension"]["from"][0]["kind"] == "rule"


def test_check_json_is_worst_first_and_carries_notes(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["catalog", "check", str(WGER_FIXTURE), "-c", "facet joint syndrome", "--json"]) == 0
    doc = json.loads(capsys.readouterr()[0])
    ranks = [["ok", "caution", "avoid"].index(e["level"]) for e in doc["exercises"]]
    assert ranks == sorted(ranks, reverse=True)
    assert doc["notes"] and all("profile" in e and "drivers" in e for e in doc["exercises"])


def test_a_column_mapping_on_the_command_line(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    f = tmp_path / "app.csv"
    with f.open("w", newline="", encoding="utf-8") as out:
        w = csv.writer(out)
        w.writerow(["key", "title", "main", "other", "how", "rating"])
        w.writerow(["1", "Good Morning", "hamstrings", "lower back", "Hinge with a bar on the back.", "5"])
    maps = ["--map", "id=key", "--map", "name=title", "--map", "muscles=main,other", "--map", "description=how"]
    code = main(["catalog", "check", str(f), "-c", "herniated disc", "--json", *maps])
    out, err = capsys.readouterr()
    assert (code, err) == (0, "")
    doc = json.loads(out)
    assert doc["exercises"][0]["level"] == "avoid"
    assert any("columns not used: rating" in n for n in doc["notes"])
    mapping = tmp_path / "columns.toml"
    mapping.write_text('id = "key"\nname = "title"\nmuscles = ["main", "other"]\n', encoding="utf-8")
    assert main(["catalog", "check", str(f), "--mapping", str(mapping), "--json"]) == 0
    assert any("how" in n for n in json.loads(capsys.readouterr()[0])["notes"])
    assert main(["catalog", "check", str(f), "--map", "nmae=title"]) == 2
    assert "unknown field 'nmae'; did you mean 'name'?" in capsys.readouterr()[1]
