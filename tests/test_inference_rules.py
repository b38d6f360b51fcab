"""[[inference]] records: loaded, checked and linked like every other rule."""

from __future__ import annotations

from pathlib import Path

import pytest

import altex
from altex import DataError, NodeKind, Relation
from altex.catalog.inference import loads_of

from .conftest import TINY

RULE = '[[inference]]\nid = "x-inf"\nname = "X"\nsources = ["src-a"]\nnote = "Why."\n'


def _problems(tmp_path: Path, text: str) -> list[tuple[str, str, str]]:
    f = tmp_path / "bad.toml"
    f.write_text(text, encoding="utf-8")
    with pytest.raises(DataError) as info:
        altex.load(TINY, f, bundled=False)
    return [(p.record, p.field, p.message) for p in info.value.errors]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (RULE + 'loads = ["impakt"]\n[inference.when]\nname = ["jump"]\n',
         ("inference.x-inf", "loads[0]", "unknown mechanism 'impakt'; did you mean 'impact'?")),
        (RULE.replace('"src-a"', '"src-b"') + '[inference.when]\nname = ["jump"]\n',
         ("inference.x-inf", "sources[0]", "unknown source 'src-b'; did you mean 'src-a'?")),
        (RULE + "[inference.when]\n",
         ("inference.x-inf", "", "an inference rule needs at least one criterion under 'when'")),
        (RULE + '[inference.when]\nforce = ["shove"]\n',
         ("inference.x-inf", "when.force[0]", "Input should be 'push', 'pull' or 'static' (got 'shove')")),
        (RULE + '[inference.when]\nprimary_muscles = ["abs"]\n',
         ("inference.x-inf", "when.primary_muscles[0]", "Input should be 'abdominals', 'obliques', 'abductors', "
          "'adductors', 'biceps', 'calves', 'chest', 'forearms', 'glutes', 'hamstrings', 'hip-flexors', 'lats', "
          "'lower-back', 'middle-back', 'neck', 'quadriceps', 'shoulders', 'traps' or 'triceps' (got 'abs')")),
        (RULE + 'confidence = 1.5\n[inference.when]\nname = ["jump"]\n',
         ("inference.x-inf", "confidence", "Input should be less than or equal to 1 (got 1.5)")),
    ],
)  # fmt: skip
def test_bad_inference_rules_name_record_and_field(tmp_path: Path, text: str, expected: tuple[str, str, str]) -> None:
    assert _problems(tmp_path, text) == [expected]


def test_bundled_inference_rules_are_linked_in_the_graph(kb: altex.KnowledgeBase) -> None:
    assert len(kb.inferences) >= 20
    for iid, rule in kb.inferences.items():
        assert kb.graph.nodes[iid]["kind"] is NodeKind.INFERENCE
        assert {v for _, v, k in kb.graph.out_edges(iid, keys=True) if k is Relation.INFERS} == set(loads_of([rule]))
        assert set(rule.sources) <= set(kb.sources)
        assert rule.note and rule.name
        assert kb.origin(iid).endswith("inference.toml")
