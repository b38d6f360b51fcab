"""``altex graph`` and ``altex schema``: the knowledge graph and the data-file schema as files."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from ._export import GraphFormat, export_graph, neighbourhood
from ._schema import schema_text
from .errors import InvalidInputError
from .kb import KnowledgeBase

__all__ = ["add_export_parsers", "write_text"]


def write_text(path: str | Path, text: str) -> None:
    """Write *text* to *path*; a failure is an :class:`InvalidInputError` naming the file."""
    try:
        Path(path).write_text(text, encoding="utf-8")
    except OSError as exc:
        raise InvalidInputError("output", f"cannot write {path}: {exc.strerror or exc}") from None


def _graph(args: argparse.Namespace, kb: KnowledgeBase) -> tuple[Any, str]:
    text = export_graph(kb, args.format, conditions=args.condition, exercises=args.exercise, depth=args.depth)
    g = neighbourhood(kb, args.condition, args.exercise, args.depth)
    data: dict[str, Any] = {"format": args.format, "nodes": g.number_of_nodes(), "edges": g.number_of_edges()}
    if args.output:
        write_text(args.output, text)
        data["written"] = args.output
        return data, f"wrote {args.output}: {data['nodes']} nodes, {data['edges']} edges ({args.format})"
    return {**data, "text": text}, text.rstrip("\n")


def _schema(args: argparse.Namespace, kb: KnowledgeBase | None) -> tuple[Any, str]:
    text = schema_text()
    if args.output:
        write_text(args.output, text)
        return {"written": args.output, "bytes": len(text.encode())}, f"wrote {args.output}"
    return {"schema": text}, text.rstrip("\n")


def add_export_parsers(
    sub: argparse._SubParsersAction[argparse.ArgumentParser],
    common: argparse.ArgumentParser,
    conds: argparse.ArgumentParser,
) -> None:
    """Add ``altex graph`` and ``altex schema`` to the command line."""
    s = sub.add_parser(
        "graph", parents=[common, conds], help="export the knowledge graph (GraphML, GEXF, JSON, Mermaid, DOT)"
    )
    s.add_argument("--format", choices=[f.value for f in GraphFormat], default=GraphFormat.GRAPHML.value)
    s.add_argument(
        "-e", "--exercise", action="append", default=[], metavar="EX", help="start from an exercise (repeatable)"
    )
    s.add_argument("--depth", type=int, metavar="N", help="hops from the named records (default 2 when any is named)")
    s.add_argument("-o", "--output", metavar="FILE", help="write to FILE instead of stdout")
    s.set_defaults(handler=_graph)

    s = sub.add_parser("schema", parents=[common], help="the JSON Schema of a TOML data file (for editors)")
    s.add_argument("-o", "--output", metavar="FILE", help="write to FILE instead of stdout")
    s.set_defaults(handler=_schema, no_kb=True)
