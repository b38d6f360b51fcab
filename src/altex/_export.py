"""The knowledge graph as files other tools read (``altex graph``).

GraphML and GEXF (Gephi, Cytoscape, yEd) come from networkx's own writers;
node-link JSON is for web viewers (d3, sigma.js, cytoscape.js); Mermaid text
renders in Markdown on GitHub and in the docs site; DOT is for Graphviz.

Attribute values are made plain first: an enum becomes its value, a model its
JSON form, a tuple a list. GraphML and GEXF only hold scalars, so there a
list or mapping is written as JSON text. Whatever attributes the graph gains
later, the exporters write them without change here.

>>> text = export_graph(kb, GraphFormat.MERMAID, conditions=["sciatica"], depth=1)
>>> text.splitlines()[0]
'flowchart LR'
"""

from __future__ import annotations

import enum
import io
import json
import re
from collections.abc import Iterable, Mapping
from typing import Any

import networkx as nx
from pydantic import BaseModel

from ._graph import Graph, NodeKind, Relation
from .errors import InvalidInputError
from .kb import KnowledgeBase

__all__ = [
    "GraphFormat",
    "condition_diagram",
    "dot",
    "export_graph",
    "mermaid",
    "neighbourhood",
    "plain_graph",
    "write_graph",
]

#: Deepest neighbourhood ``--depth`` may ask for; past a few hops it is the whole graph anyway.
MAX_DEPTH = 10


class GraphFormat(enum.Enum):
    """A file format the knowledge graph can be exported to."""

    GRAPHML = "graphml"
    GEXF = "gexf"
    JSON = "json"
    MERMAID = "mermaid"
    DOT = "dot"


def _jsonable(value: object) -> Any:
    """*value* as JSON-ready data: enums by value, models dumped, tuples and sets as lists."""
    if isinstance(value, enum.Enum):
        return _jsonable(value.value)
    if isinstance(value, BaseModel):
        return value.model_dump(mode="json")
    if isinstance(value, Mapping):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, set | frozenset):
        return sorted((_jsonable(v) for v in value), key=str)
    if isinstance(value, list | tuple):
        return [_jsonable(v) for v in value]
    if value is None or isinstance(value, str | int | float | bool):
        return value
    return str(value)


def _scalar(value: object) -> str | int | float | bool | None:
    """*value* as one GraphML/GEXF attribute: a scalar as it is, anything else as JSON text."""
    plain = _jsonable(value)
    if plain is None or isinstance(plain, str | int | float | bool):
        return plain
    return json.dumps(plain, ensure_ascii=False, sort_keys=True)


def _key(key: object) -> str:
    return str(_jsonable(key))


def plain_graph(g: Graph, *, scalars: bool) -> nx.MultiDiGraph[str]:
    """A copy of *g* with plain attribute values (``scalars``: only str/int/float/bool, for GraphML/GEXF).

    Edge keys become strings (the relation's value); ``None`` attributes are left out.

    >>> p = plain_graph(kb.graph, scalars=True)
    >>> p.nodes["sciatica"]["kind"], p.has_edge("hamstring-stretch", "neural-tension", key="loads")
    ('condition', True)
    """
    convert = _scalar if scalars else _jsonable
    out: nx.MultiDiGraph[str] = nx.MultiDiGraph()
    for node, data in g.nodes(data=True):
        out.add_node(node, **{k: v for k, v in ((k, convert(v)) for k, v in data.items()) if v is not None})
    for u, v, key, data in g.edges(keys=True, data=True):
        attrs = {k: x for k, x in ((k, convert(x)) for k, x in data.items()) if x is not None}
        out.add_edge(u, v, key=_key(key), **attrs)
    return out


def neighbourhood(
    kb: KnowledgeBase,
    conditions: Iterable[str] = (),
    exercises: Iterable[str] = (),
    depth: int | None = None,
) -> Graph:
    """The part of ``kb.graph`` within *depth* hops (either direction) of the named conditions and exercises.

    No names: the whole graph (*depth* must then be None). Names may be ids,
    names or aliases; *depth* defaults to 2 (a condition, its mechanisms and the
    exercises that load them).

    >>> sub = neighbourhood(kb, conditions=["sciatica"], depth=1)
    >>> "neural-tension" in sub, len(sub) < len(kb.graph)
    (True, True)
    >>> neighbourhood(kb, depth=1)
    Traceback (most recent call last):
    ...
    altex.errors.InvalidInputError: depth: needs a condition or an exercise to start from
    """
    seeds = {kb.condition(c).id for c in conditions} | {kb.exercise(e).id for e in exercises}
    if not seeds:
        if depth is not None:
            raise InvalidInputError("depth", "needs a condition or an exercise to start from")
        return kb.graph
    depth = 2 if depth is None else depth
    if isinstance(depth, bool) or not isinstance(depth, int) or not 0 <= depth <= MAX_DEPTH:
        raise InvalidInputError("depth", f"must be a whole number from 0 to {MAX_DEPTH} (got {depth!r:.40})")
    g = kb.graph
    seen, frontier = set(seeds), set(seeds)
    for _ in range(depth):
        frontier = {n for f in frontier for n in (*g.succ[f], *g.pred[f])} - seen
        seen |= frontier
    return _induced(g, seen)


def _induced(g: Graph, nodes: set[str], relations: Iterable[Relation] | None = None) -> Graph:
    """The frozen subgraph of *g* on *nodes* (with only *relations* when given), in *g*'s own order.

    (A networkx subgraph view would list the nodes in set order, which changes from run to run.)
    """
    keys = None if relations is None else set(relations)
    keep = [n for n in g if n in nodes]
    out: Graph = nx.MultiDiGraph()
    out.add_nodes_from((n, g.nodes[n]) for n in keep)
    for u, v, k, d in g.edges(keep, keys=True, data=True):
        if v in nodes and (keys is None or k in keys):
            out.add_edge(u, v, key=k, **d)
    frozen: Graph = nx.freeze(out)
    return frozen


def condition_diagram(kb: KnowledgeBase, condition: str, exercises: int = 6) -> str:
    """A small Mermaid diagram of one condition: the mechanisms that aggravate or relieve it,
    and the exercises that load most of those mechanisms (at most *exercises* of them).

    >>> print(condition_diagram(kb, "sciatica", exercises=1).splitlines()[0])
    flowchart LR
    """
    g = kb.graph
    cid = kb.condition(condition).id
    mechanisms = [
        u
        for u, _, key in g.in_edges(cid, keys=True)
        if key in (Relation.AGGRAVATES, Relation.RELIEVES) and g.nodes[u].get("kind") is NodeKind.MECHANISM
    ]
    mset = set(mechanisms)
    counts: dict[str, int] = {}
    for mid in dict.fromkeys(mechanisms):
        for u, _, key in g.in_edges(mid, keys=True):
            if key is Relation.LOADS and g.nodes[u].get("kind") is NodeKind.EXERCISE:
                counts[u] = counts.get(u, 0) + 1
    order = {n: i for i, n in enumerate(g)}
    chosen = sorted(counts, key=lambda e: (-counts[e], order[e]))[:exercises]
    relations = (Relation.LOADS, Relation.AGGRAVATES, Relation.RELIEVES)
    return mermaid(_induced(g, {cid, *mset, *chosen}, relations))


# -- text formats ----------------------------------------------------------------------

#: Mermaid node shapes by kind: conditions round, mechanisms hexagons, exercises boxes.
_SHAPES = {
    NodeKind.CONDITION: ('(["', '"])'),
    NodeKind.MECHANISM: ('{{"', '"}}'),
    NodeKind.RULE: ('[/"', '"/]'),
    NodeKind.INFERENCE: ('[/"', '"/]'),
}
_STYLES = {
    NodeKind.CONDITION: "fill:#fde2e1,stroke:#b42318",
    NodeKind.MECHANISM: "fill:#fef0c7,stroke:#b54708",
    NodeKind.EXERCISE: "fill:#e0f2fe,stroke:#026aa2",
}


def _label(text: object) -> str:
    """Text safe inside a quoted Mermaid label."""
    return re.sub(r"\s+", " ", str(text)).replace('"', "#quot;").replace("<", "#lt;").replace(">", "#gt;")


def _edge_label(key: object, data: Mapping[str, Any]) -> str:
    label = _key(key)
    level = data.get("level")
    if level is not None and _key(key) != Relation.RELIEVES.value:
        label += f": {_jsonable(level)}"
    return label


def mermaid(g: Graph) -> str:
    """*g* as a Mermaid flowchart, one line per node and edge, left to right.

    Node ids are ``n0``, ``n1``... in node order (Mermaid ids cannot hold every
    character an id can); labels are the nodes' names.

    >>> print(mermaid(neighbourhood(kb, exercises=["hamstring stretch"], depth=0)))
    flowchart LR
      n0["Hamstring stretch"]
      class n0 exercise
      classDef condition fill:#fde2e1,stroke:#b42318
      classDef mechanism fill:#fef0c7,stroke:#b54708
      classDef exercise fill:#e0f2fe,stroke:#026aa2
    """
    ids = {node: f"n{i}" for i, node in enumerate(g.nodes)}
    lines = ["flowchart LR"]
    for node, data in g.nodes(data=True):
        kind = data.get("kind")
        left, right = _SHAPES.get(kind, ('["', '"]')) if isinstance(kind, NodeKind) else ('["', '"]')
        lines.append(f"  {ids[node]}{left}{_label(data.get('name', node))}{right}")
    for u, v, key, data in g.edges(keys=True, data=True):
        lines.append(f'  {ids[u]} -->|"{_label(_edge_label(key, data))}"| {ids[v]}')
    for node, data in g.nodes(data=True):
        kind = data.get("kind")
        if isinstance(kind, NodeKind) and kind in _STYLES:
            lines.append(f"  class {ids[node]} {kind.value}")
    lines += [f"  classDef {kind.value} {style}" for kind, style in _STYLES.items()]
    return "\n".join(lines)


def _dot_id(text: object) -> str:
    """A quoted DOT identifier."""
    return '"' + str(text).replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


def _dot_attrs(data: Mapping[str, Any]) -> str:
    items = [(k, _scalar(v)) for k, v in data.items()]
    return ", ".join(f"{_dot_id(k)}={_dot_id(v)}" for k, v in items if v is not None)


def dot(g: Graph) -> str:
    """*g* as a Graphviz DOT digraph; every attribute is kept, as a quoted string.

    >>> print(dot(neighbourhood(kb, exercises=["hamstring stretch"], depth=0)))
    digraph altex {
      rankdir="LR";
      "hamstring-stretch" ["kind"="exercise", "name"="Hamstring stretch", "label"="Hamstring stretch"];
    }
    """
    lines = ["digraph altex {", '  rankdir="LR";']
    for node, data in g.nodes(data=True):
        attrs = {**data, "label": data.get("name", node)}
        lines.append(f"  {_dot_id(node)} [{_dot_attrs(attrs)}];")
    for u, v, key, data in g.edges(keys=True, data=True):
        attrs = {**data, "key": _key(key), "label": _edge_label(key, data)}
        lines.append(f"  {_dot_id(u)} -> {_dot_id(v)} [{_dot_attrs(attrs)}];")
    lines.append("}")
    return "\n".join(lines)


#: Attribute names the GEXF format gives a meaning of its own; others of ours are renamed.
_GEXF_RESERVED = {"id", "label", "weight", "type", "start", "end", "viz", "pid"}


def _gexf_ready(g: nx.MultiDiGraph[str]) -> nx.MultiDiGraph[str]:
    out: nx.MultiDiGraph[str] = nx.MultiDiGraph()
    for node, data in g.nodes(data=True):
        attrs = {(f"altex_{k}" if k in _GEXF_RESERVED else k): v for k, v in data.items()}
        out.add_node(node, label=str(data.get("name", node)), **attrs)
    for u, v, key, data in g.edges(keys=True, data=True):
        attrs = {(f"altex_{k}" if k in _GEXF_RESERVED else k): x for k, x in data.items()}
        out.add_edge(u, v, key=key, label=key, **attrs)
    return out


def export_graph(
    kb: KnowledgeBase,
    format: GraphFormat | str,
    *,
    conditions: Iterable[str] = (),
    exercises: Iterable[str] = (),
    depth: int | None = None,
) -> str:
    """The knowledge graph (or the neighbourhood of the named records) as the text of *format*.

    >>> data = json.loads(export_graph(kb, "json", exercises=["plank"], depth=1))
    >>> sorted(data)[:3], data["directed"], data["multigraph"]
    (['directed', 'edges', 'graph'], True, True)
    >>> export_graph(kb, "png")
    Traceback (most recent call last):
    ...
    altex.errors.InvalidInputError: format: unknown format 'png'; use graphml, gexf, json, mermaid or dot
    """
    return write_graph(neighbourhood(kb, conditions, exercises, depth), format)


def write_graph(g: Graph, format: GraphFormat | str) -> str:
    """Any knowledge graph (or part of one) as the text of *format*; attributes of any type are kept."""
    fmt = _format(format)
    if fmt is GraphFormat.MERMAID:
        return mermaid(g) + "\n"
    if fmt is GraphFormat.DOT:
        return dot(g) + "\n"
    if fmt is GraphFormat.JSON:
        data = nx.node_link_data(plain_graph(g, scalars=False), edges="edges")
        return json.dumps(data, indent=1, ensure_ascii=False) + "\n"
    plain = plain_graph(g, scalars=True)
    buffer = io.BytesIO()
    if fmt is GraphFormat.GRAPHML:
        nx.write_graphml(plain, buffer, encoding="utf-8")
    else:
        nx.write_gexf(_gexf_ready(plain), buffer, encoding="utf-8")
    return buffer.getvalue().decode("utf-8")


def _format(format: GraphFormat | str) -> GraphFormat:
    if isinstance(format, GraphFormat):
        return format
    try:
        return GraphFormat(str(format).strip().casefold())
    except ValueError:
        names = [f.value for f in GraphFormat]
        known = ", ".join(names[:-1]) + f" or {names[-1]}"
        raise InvalidInputError("format", f"unknown format {format!r:.40}; use {known}") from None
