"""check / substitutes / adapt on the tiny knowledge base, where every answer is known."""

from __future__ import annotations

import threading
from pathlib import Path

import networkx as nx
import pytest

import altex
from altex import InvalidInputError, Level, PlanAction, PlanEntry, UnknownConditionError, UnknownExerciseError

from .conftest import TINY


def test_check_takes_the_worst_rule(tiny: altex.KnowledgeBase) -> None:
    v = tiny.check("Jogging", ["bad knee"])
    assert v.level is Level.AVOID
    assert [r.path for r in v.reasons] == [("jogging", "impact", "knee-thing")]
    assert v.reasons[0].sources == ("src-a",)
    assert v.exercise.id == "jogging"
    assert [c.id for c in v.conditions] == ["knee-thing"]


def test_no_conditions_no_reasons(tiny: altex.KnowledgeBase) -> None:
    v = tiny.check("jogging")
    assert (v.level, v.reasons, v.conditions) == (Level.OK, (), ())


def test_benefit_never_lowers_a_harm(tiny: altex.KnowledgeBase) -> None:
    # Swimming relieves the knee; give it a harm through another condition via an overlay.
    v = tiny.check("swimming", "knee thing")
    assert v.level is Level.OK
    assert [r.is_benefit for r in v.reasons] == [True]
    assert v.benefits == v.reasons
    assert v.harms == ()


def test_combination_rule_needs_all_its_conditions(tiny: altex.KnowledgeBase) -> None:
    assert tiny.check("biking", "knee thing").level is Level.OK
    assert tiny.check("biking", "nerve thing").level is Level.OK
    both = tiny.check("biking", ["nerve thing", "knee thing"])
    assert both.level is Level.CAUTION
    assert both.reasons[0].path == ("biking", "both-things-biking", "knee-thing")
    assert "together" in both.reasons[0].text


def test_reason_paths_are_graph_paths(tiny: altex.KnowledgeBase) -> None:
    for eid in tiny.exercises:
        v = tiny.check(eid, list(tiny.conditions))
        for r in v.reasons:
            for a, b in zip(r.path, r.path[1:], strict=False):
                assert tiny.graph.has_edge(a, b) or tiny.graph.has_edge(b, a)


def test_bare_string_is_one_condition_and_duplicates_count_once(tiny: altex.KnowledgeBase) -> None:
    assert tiny.check("jogging", "bad knee") == tiny.check("jogging", ["knee-thing", "Bad Knee", "KNEE_THING"])


def test_unknown_names_suggest(tiny: altex.KnowledgeBase) -> None:
    with pytest.raises(UnknownExerciseError) as info:
        tiny.check("joging")
    assert info.value.suggestions[0] == "jogging"
    with pytest.raises(UnknownConditionError, match="did you mean 'bad knee'"):
        tiny.check("jogging", "bad kne")
    assert isinstance(info.value, LookupError)


@pytest.mark.parametrize("bad", ["", "   ", None, 42, "x" * 1_000_000])
def test_empty_none_and_huge_names_fail_fast(tiny: altex.KnowledgeBase, bad: object) -> None:
    with pytest.raises(UnknownExerciseError) as info:
        tiny.check(bad)  # type: ignore[arg-type]
    assert info.value.suggestions == ()
    assert len(str(info.value)) < 200


def test_conditions_must_be_names(tiny: altex.KnowledgeBase) -> None:
    with pytest.raises(InvalidInputError, match="conditions"):
        tiny.check("jogging", None)  # type: ignore[arg-type]
    with pytest.raises(UnknownConditionError):
        tiny.check("jogging", [None])  # type: ignore[list-item]


def test_substitutes_rank_ok_first_and_skip_avoid(tiny: altex.KnowledgeBase) -> None:
    found = tiny.substitutes("jogging", ["knee thing", "nerve thing"])
    assert [(s.exercise.id, s.verdict.level) for s in found] == [
        ("swimming", Level.OK),
        ("biking", Level.CAUTION),
    ]
    assert found[0].path == ("jogging", "biking", "swimming")
    assert all(0.0 <= s.score <= 1.0 for s in found)


def test_substitutes_without_conditions_follow_curated_order(tiny: altex.KnowledgeBase) -> None:
    found = tiny.substitutes("jogging")
    assert [s.exercise.id for s in found] == ["biking", "hopping", "swimming"]
    assert [s.path for s in found[:2]] == [("jogging", "biking"), ("jogging", "hopping")]
    assert found[0].why == "No landing."


def test_substitutes_by_shared_goal_go_through_the_goal_node(tiny: altex.KnowledgeBase) -> None:
    found = {s.exercise.id: s for s in tiny.substitutes("swimming", limit=10)}
    assert found["jogging"].path == ("swimming", "goal:cardio", "jogging")
    assert "toe-touch" not in found  # trains a different goal


def test_equipment_filter(tiny: altex.KnowledgeBase) -> None:
    assert [s.exercise.id for s in tiny.substitutes("jogging", equipment=[])] == ["hopping"]
    assert [s.exercise.id for s in tiny.substitutes("jogging", equipment=["Pool"])] == ["hopping", "swimming"]
    with pytest.raises(altex.UnknownNameError, match="did you mean 'bike'"):
        tiny.substitutes("jogging", equipment=["bikee"])


@pytest.mark.parametrize("limit", [0, -1, 1001, 2.5, True, "3"])
def test_bad_limit(tiny: altex.KnowledgeBase, limit: object) -> None:
    with pytest.raises(InvalidInputError, match="limit"):
        tiny.substitutes("jogging", limit=limit)  # type: ignore[arg-type]


def test_adapt_keeps_replaces_and_carries_the_dose(tiny: altex.KnowledgeBase) -> None:
    plan = tiny.adapt(
        ["toe touch", {"exercise": "jogging", "minutes": 20}, PlanEntry(exercise="biking", sets=2)], "bad knee"
    )
    actions = [(i.original.id, i.action, i.replacement and i.replacement.id) for i in plan.items]
    assert actions == [
        ("toe-touch", PlanAction.KEEP, None),
        ("jogging", PlanAction.REPLACE, "biking"),
        ("biking", PlanAction.KEEP, None),
    ]
    assert plan.entries() == [
        PlanEntry(exercise="toe-touch"),
        PlanEntry(exercise="biking", minutes=20),
        PlanEntry(exercise="biking", sets=2),
    ]
    for item in plan.items:
        assert item.verdict == tiny.check(item.original.id, "bad knee")


def test_adapt_caution_offers_an_ok_alternative(tiny: altex.KnowledgeBase) -> None:
    item = tiny.adapt(["toe touch"], "nerve thing").items[0]
    assert item.action is PlanAction.CAUTION
    assert item.replacement is None
    assert "nerve stretch" in item.note


def test_adapt_replaces_through_shared_goals_when_nothing_is_curated(tiny: altex.KnowledgeBase) -> None:
    item = tiny.adapt(["hopping"], "bad knee").items[0]
    assert item.action is PlanAction.REPLACE
    assert item.replacement is not None
    assert tiny.check(item.replacement.id, "bad knee").level is not Level.AVOID


def test_adapt_drops_only_without_a_safe_substitute(tmp_path: Path) -> None:
    extra = tmp_path / "leap.toml"
    extra.write_text(
        '[[exercise]]\nid = "leap"\nname = "Leap"\ncategory = "sport"\nprofile.impact = "high"\ngoals = ["power"]\n'
    )
    kb = altex.load(TINY, extra, bundled=False)
    item = kb.adapt([{"exercise": "leap", "sets": 3}], "bad knee").items[0]
    assert (item.action, item.replacement, item.suggestion, item.result) == (PlanAction.DROP, None, None, None)
    assert "No substitute" in item.note
    assert kb.adapt(["leap"]).items[0].action is PlanAction.KEEP


def test_adapting_an_adapted_plan_changes_nothing(tiny: altex.KnowledgeBase) -> None:
    first = tiny.adapt(["jogging", "hopping", "toe touch", "swimming"], ["bad knee", "nerve thing"])
    again = tiny.adapt(first.entries(), ["bad knee", "nerve thing"])
    assert again.entries() == first.entries()
    assert all(i.action in {PlanAction.KEEP, PlanAction.CAUTION} for i in again.items)


@pytest.mark.parametrize(
    ("plan", "field"),
    [
        ("jogging", "plan"),
        ([{"exercise": "jogging", "sets": 0}], "plan[0].sets"),
        ([{"sets": 3}], "plan[0].exercise"),
        ([42], "plan[0]"),
    ],
)
def test_adapt_bad_plans(tiny: altex.KnowledgeBase, plan: object, field: str) -> None:
    with pytest.raises(InvalidInputError) as info:
        tiny.adapt(plan)  # type: ignore[arg-type]
    assert info.value.field == field


def test_adapt_unknown_item(tiny: altex.KnowledgeBase) -> None:
    with pytest.raises(UnknownExerciseError):
        tiny.adapt(["jogging", "jogggging"])


def test_kb_is_immutable(tiny: altex.KnowledgeBase) -> None:
    with pytest.raises(AttributeError):
        tiny.graph = nx.MultiDiGraph()  # type: ignore[misc]
    with pytest.raises(TypeError):
        tiny.exercises["x"] = tiny.exercises["jogging"]  # type: ignore[index]
    with pytest.raises(nx.NetworkXError):
        tiny.graph.add_edge("a", "b")
    with pytest.raises(Exception, match="frozen"):
        tiny.exercises["jogging"].name = "Running"  # type: ignore[misc]


def test_graph_shape(tiny: altex.KnowledgeBase) -> None:
    g = tiny.graph
    assert g.nodes["jogging"]["kind"] is altex.NodeKind.EXERCISE
    assert g.nodes["both-things-biking"]["kind"] is altex.NodeKind.RULE
    assert g.edges["impact", "knee-thing", altex.Relation.AGGRAVATES]["level"] is Level.AVOID
    assert g.has_edge("jogging", "biking", altex.Relation.SUBSTITUTE)


def test_threads_get_the_same_answers(tiny: altex.KnowledgeBase) -> None:
    kb = altex.load(tiny.origin("jogging"), bundled=False)  # a fresh kb: cold caches
    questions = [(e, c) for e in sorted(kb.exercises) for c in ([], ["bad knee"], ["knee thing", "nerve thing"])]
    expected = [(kb.check(e, c), kb.substitutes(e, c)) for e, c in questions]
    kb2 = altex.load(tiny.origin("jogging"), bundled=False)
    results: list[list[object]] = [[] for _ in range(8)]

    def work(slot: int) -> None:
        results[slot] = [(kb2.check(e, c), kb2.substitutes(e, c)) for e, c in questions]

    threads = [threading.Thread(target=work, args=(i,)) for i in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert all(r == expected for r in results)
