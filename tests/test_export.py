"""Graph export: every format reads back (networkx readers, pydot for DOT, a grammar for Mermaid)."""

from __future__ import annotations

import enum
import io
import json
import os
import re
import subprocess
import sys
import warnings
from pathlib import Path

import networkx as nx
import pydot
import pytest

import altex
from altex._export import GraphFormat, condition_diagram, export_graph, neighbourhood, write_graph
from altex._graph import Relation
from altex.cli import main


def _graph_counts(g: nx.MultiDiGraph[str]) -> tuple[int, int]:
    return g.number_of_nodes(), g.number_of_edges()


def test_graphml_reads_back(kb: altex.KnowledgeBase) -> None:
    back = nx.read_graphml(io.BytesIO(export_graph(kb, "graphml").encode()), force_multigraph=True)
    assert _graph_counts(back) == _graph_counts(kb.graph)
    assert back.nodes["sciatica"]["kind"] == "condition"
    data = back.get_edge_data("hamstring-stretch", "sciatica")["contraindicated"]
    assert data["level"] == "avoid" and "s4" in json.loads(data["sources"])


def test_gexf_reads_back(kb: altex.KnowledgeBase) -> None:
    back = nx.read_gexf(io.BytesIO(export_graph(kb, "gexf").encode()))
    assert _graph_counts(back) == _graph_counts(kb.graph)
    assert back.nodes["sciatica"]["label"] == "Sciatica" and back.nodes["sciatica"]["kind"] == "condition"
    relations = {d["relation"] for _, _, d in back.edges(data=True)}
    assert relations == {r.value for _, _, r in kb.graph.edges(keys=True)}


def test_json_reads_back(kb: altex.KnowledgeBase) -> None:
    data = json.loads(export_graph(kb, "json"))
    back = nx.node_link_graph(data, edges="edges")
    assert back.is_multigraph() and back.is_directed()
    assert _graph_counts(back) == _graph_counts(kb.graph)
    edge = back.get_edge_data("hamstring-stretch", "sciatica")["contraindicated"]
    assert edge["level"] == "avoid" and isinstance(edge["sources"], list)


def _read_dot(text: str) -> pydot.Dot:
    with warnings.catch_warnings():  # pydot still calls pyparsing's old camelCase names
        warnings.simplefilter("ignore", DeprecationWarning)
        (parsed,) = pydot.graph_from_dot_data(text)
    return parsed


def test_dot_reads_back(kb: altex.KnowledgeBase) -> None:
    part = neighbourhood(kb, conditions=["sciatica"], depth=1)
    parsed = _read_dot(write_graph(part, "dot"))
    nodes = {n.get_name().strip('"') for n in parsed.get_nodes()} - {"node", "edge", "graph"}
    assert nodes == set(part.nodes)
    assert len(parsed.get_edges()) == part.number_of_edges()
    assert parsed.get_node('"sciatica"')[0].get_attributes()['"kind"'] == '"condition"'


# A DOT statement line as altex writes it: a quoted node, or a quoted edge, then a list of
# "name"="value" attributes, both quoted strings with backslash escapes.
_QUOTED = r'"(?:[^"\\\n]|\\.)*"'
_DOT_LINE = re.compile(rf"^  {_QUOTED}(?: -> {_QUOTED})? \[(?:{_QUOTED}={_QUOTED}(?:, {_QUOTED}={_QUOTED})*)?\];$")


def test_whole_graph_dot_is_well_formed(kb: altex.KnowledgeBase) -> None:
    """pydot takes too long on the whole graph; every line is checked against the grammar instead."""
    lines = export_graph(kb, "dot").rstrip("\n").split("\n")
    assert lines[:2] == ["digraph altex {", '  rankdir="LR";'] and lines[-1] == "}"
    body = lines[2:-1]
    assert all(_DOT_LINE.match(line) for line in body), next(x for x in body if not _DOT_LINE.match(x))
    assert sum(" -> " in line for line in body) == kb.graph.number_of_edges()


# Mermaid flowchart lines altex writes: a node with a quoted label in one of a few shapes,
# an edge with a quoted label, a class assignment or a class definition.
_MERMAID_LINE = re.compile(
    r"""^\ \ (?:
        (?P<node>n\d+)(?:\["[^"]*"\]|\(\["[^"]*"\]\)|\{\{"[^"]*"\}\}|\[/"[^"]*"/\])
      | (?P<src>n\d+)\ -->\|"[^"|]*"\|\ (?P<dst>n\d+)
      | class\ (?P<cls>n\d+)\ [a-z]+
      | classDef\ [a-z]+\ [a-z:#0-9,-]+
    )$""",
    re.VERBOSE,
)


def _check_mermaid(text: str) -> tuple[int, int]:
    """Check every line against the grammar; every node an edge or class names is defined."""
    lines = text.rstrip("\n").split("\n")
    assert lines[0] == "flowchart LR"
    defined: set[str] = set()
    edges = 0
    for line in lines[1:]:
        m = _MERMAID_LINE.match(line)
        assert m, f"not Mermaid that altex writes: {line!r}"
        if m["node"]:
            assert m["node"] not in defined
            defined.add(m["node"])
        for name in (m["src"], m["dst"], m["cls"]):
            assert name is None or name in defined
        edges += m["src"] is not None
    return len(defined), edges


def test_mermaid_is_well_formed(kb: altex.KnowledgeBase) -> None:
    assert _check_mermaid(export_graph(kb, "mermaid")) == _graph_counts(kb.graph)


def test_every_format_round_trips_odd_attribute_values() -> None:
    """Whatever the graph's attributes become (enums, tuples, models, mappings, reserved names), every
    format writes them and reads them back."""

    class Intensity(enum.Enum):
        HIGH = "high"

    g: nx.MultiDiGraph[str] = nx.MultiDiGraph()
    g.add_node("a", kind=altex.NodeKind.EXERCISE, name='Say "hi" <now>\nplease', type="x", weight="heavy")
    g.add_node("b:c", kind=altex.NodeKind.MECHANISM, name="B", id="clash", label="clash", empty=None)
    thresholds = ({"from": Intensity.HIGH, "level": altex.Level.AVOID}, {"from": "low", "level": "caution"})
    record = altex.PlanEntry(exercise="plank", sets=3)
    g.add_edge("a", "b:c", key=Relation.LOADS, relation=Relation.LOADS, intensity=Intensity.HIGH, entry=record)
    g.add_edge("b:c", "a", key=Relation.AGGRAVATES, relation=Relation.AGGRAVATES, thresholds=thresholds, n=2.5)

    graphml = nx.read_graphml(io.BytesIO(write_graph(g, "graphml").encode()), force_multigraph=True)
    loads = graphml.get_edge_data("a", "b:c")["loads"]
    assert loads["intensity"] == "high" and json.loads(loads["entry"])["sets"] == 3
    agg = graphml.get_edge_data("b:c", "a")["aggravates"]
    assert json.loads(agg["thresholds"])[0] == {"from": "high", "level": "avoid"} and agg["n"] == 2.5

    gexf = nx.read_gexf(io.BytesIO(write_graph(g, "gexf").encode()))
    assert gexf.nodes["a"]["altex_type"] == "x" and gexf.nodes["a"]["altex_weight"] == "heavy"
    assert _graph_counts(gexf) == (2, 2)

    data = nx.node_link_graph(json.loads(write_graph(g, "json")), edges="edges")
    assert data.get_edge_data("b:c", "a")["aggravates"]["thresholds"][1] == {"from": "low", "level": "caution"}
    assert "empty" not in data.nodes["b:c"]

    parsed = _read_dot(write_graph(g, "dot"))
    assert len(parsed.get_edges()) == 2
    assert _check_mermaid(write_graph(g, "mermaid")) == (2, 2)


def test_neighbourhood_grows_with_depth(kb: altex.KnowledgeBase) -> None:
    sizes = [len(neighbourhood(kb, conditions=["sciatica"], depth=d)) for d in range(4)]
    assert sizes[0] == 1 and sizes == sorted(sizes) and sizes[1] > 1
    near = neighbourhood(kb, conditions=["sciatica"], exercises=["plank"], depth=1)
    assert {"sciatica", "plank"} <= set(near)
    for u, v in near.edges():
        assert kb.graph.has_edge(u, v)
    assert list(near) == [n for n in kb.graph if n in near]


def test_bad_export_input_is_an_altex_error(kb: altex.KnowledgeBase) -> None:
    with pytest.raises(altex.UnknownConditionError, match="did you mean 'sciatica'"):
        export_graph(kb, "json", conditions=["sciatika"])
    with pytest.raises(altex.InvalidInputError, match="depth"):
        export_graph(kb, "json", exercises=["plank"], depth=99)
    with pytest.raises(altex.InvalidInputError, match="format"):
        export_graph(kb, "svg")


def test_condition_diagram_shows_what_aggravates_and_what_loads_it(kb: altex.KnowledgeBase) -> None:
    text = condition_diagram(kb, "sciatica")
    _check_mermaid(text)
    for agg in kb.condition("sciatica").aggravated_by:
        assert f'"{kb.mechanisms[agg.mechanism].name}"' in text
    assert f"aggravates: {kb.condition('sciatica').aggravated_by[0].level.value}" in text
    exercises = [line for line in text.splitlines() if line.endswith(" exercise") and "class " in line]
    assert 1 <= len(exercises) <= 6


def test_export_is_the_same_in_every_process() -> None:
    """Set order changes with the hash seed; the export must not."""
    code = "import altex, altex._export as x; print(x.export_graph(altex.load(), 'mermaid', conditions=['sciatica']))"
    runs = [
        subprocess.run([sys.executable, "-c", code], env={**os.environ, "PYTHONHASHSEED": seed}, capture_output=True)
        for seed in ("1", "2")
    ]
    assert all(run.returncode == 0 and run.stdout.startswith(b"flowchart LR") for run in runs)
    outs = {run.stdout for run in runs}
    assert len(outs) == 1


@pytest.mark.parametrize("fmt", [f.value for f in GraphFormat])
def test_cli_writes_each_format(fmt: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / f"graph.{fmt}"
    assert main(["graph", "--format", fmt, "-c", "sciatica", "--depth", "1", "-o", str(out), "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["written"] == str(out) and report["nodes"] > 1
    assert out.read_text(encoding="utf-8") == export_graph(altex.load(), fmt, conditions=["sciatica"], depth=1)


def test_cli_graph_errors_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["graph", "--depth", "2"]) == 2
    assert "needs a condition or an exercise" in capsys.readouterr().err
    assert main(["graph", "-e", "joging"]) == 2
    assert "did you mean 'jogging'" in capsys.readouterr().err
