"""The ``altex`` command: parse arguments, ask the knowledge base, print, exit.

Exit status: 0 on success, 2 on any error (an unknown name, a bad data file,
a bad argument), with one message on stderr and never a traceback.
"""

from __future__ import annotations

import argparse
import json
import sys
import tomllib
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from . import _render as render
from ._load import read_records
from ._pages import conditions_page
from .catalog._cli import add_catalog_parser
from .errors import AltexError, InvalidInputError, UnknownNameError
from .kb import KnowledgeBase, load

__all__ = ["main"]

Handler = Callable[[argparse.Namespace, KnowledgeBase], tuple[Any, str]]


def _emit(args: argparse.Namespace, data: Any, text: str) -> None:
    if args.json:
        json.dump(data, sys.stdout, indent=2, ensure_ascii=False)
        sys.stdout.write("\n")
    else:
        print(text)


def _check(args: argparse.Namespace, kb: KnowledgeBase) -> tuple[Any, str]:
    v = kb.check(args.exercise, args.condition)
    return render.verdict_json(v), render.verdict_text(v, kb)


def _substitutes(args: argparse.Namespace, kb: KnowledgeBase) -> tuple[Any, str]:
    found = kb.substitutes(args.exercise, args.condition, limit=args.limit, equipment=args.equipment)
    original = kb.exercise(args.exercise)
    conds = [kb.conditions[c] for c in sorted(kb.condition_ids(args.condition))]
    return render.suggestions_json(original, conds, found), render.suggestions_text(original, conds, found, kb)


def _read_plan(items: Sequence[str]) -> list[Any]:
    """Plan items from the command line: exercise names, or one TOML/JSON plan file."""
    if len(items) == 1 and (path := Path(items[0])).suffix in {".toml", ".json"}:
        try:
            raw = path.read_bytes()
        except OSError as exc:
            raise InvalidInputError("plan", f"cannot read {path}: {exc.strerror or exc}") from None
        try:
            doc: Any = tomllib.loads(raw.decode()) if path.suffix == ".toml" else json.loads(raw)
        except (ValueError, UnicodeDecodeError) as exc:
            raise InvalidInputError("plan", f"{path} is not valid {path.suffix[1:].upper()}: {exc}") from None
        plan = doc.get("item") if isinstance(doc, dict) else doc
        if not isinstance(plan, list):
            raise InvalidInputError("plan", f"{path}: expected a list of items ([[item]] tables in TOML)")
        return plan
    return [name for item in items for name in item.split(",") if name.strip()]


def _adapt(args: argparse.Namespace, kb: KnowledgeBase) -> tuple[Any, str]:
    plan = kb.adapt(_read_plan(args.plan), args.condition)
    return render.plan_json(plan), render.plan_text(plan)


def _list(args: argparse.Namespace, kb: KnowledgeBase) -> tuple[Any, str]:
    pools: dict[str, Any] = {
        "exercises": kb.exercises,
        "conditions": kb.conditions,
        "mechanisms": kb.mechanisms,
        "sources": kb.sources,
    }
    pool = pools[args.what]
    rows = [{"id": rid, "name": getattr(r, "name", None) or getattr(r, "title", "")} for rid, r in pool.items()]
    width = max((len(r["id"]) for r in rows), default=0)
    return rows, "\n".join(f"{r['id']:<{width}}  {r['name']}" for r in rows)


def _show(args: argparse.Namespace, kb: KnowledgeBase) -> tuple[Any, str]:
    lookups = (("exercise", kb.exercise), ("condition", kb.condition), ("mechanism", kb.mechanism))
    found: list[tuple[str, Any]] = []
    suggestions: list[str] = []
    for kind, lookup in lookups:
        try:
            found.append((kind, lookup(args.name)))
        except UnknownNameError as exc:
            if exc.reason:
                raise
            suggestions += exc.suggestions
    if not found:
        raise UnknownNameError("exercise, condition or mechanism", args.name, suggestions)
    data = [render.record_json(r, kind) for kind, r in found]
    text = "\n\n".join(render.record_text(r, kind, kb) for kind, r in found)
    return (data[0] if len(data) == 1 else data), text


def _validate(args: argparse.Namespace, kb: KnowledgeBase | None) -> tuple[Any, str]:
    paths = [Path(p) for p in args.paths]
    r = read_records(paths)
    counts = {k: len(getattr(r, k)) for k in ("sources", "mechanisms", "conditions", "exercises", "rules")}
    return {"valid": True, **counts}, "valid: " + ", ".join(f"{n} {k}" for k, n in counts.items())


def _docs(args: argparse.Namespace, kb: KnowledgeBase) -> tuple[Any, str]:
    page = conditions_page(kb)
    if args.output:
        try:
            Path(args.output).write_text(page, encoding="utf-8")
        except OSError as exc:
            raise InvalidInputError("output", f"cannot write {args.output}: {exc.strerror or exc}") from None
        return {"written": args.output}, f"wrote {args.output}"
    return {"page": page}, page


def _parser() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--json", action="store_true", help="print one JSON document for machines")
    common.add_argument(
        "--data", action="append", default=[], metavar="PATH", help="extra TOML file or folder to load (repeatable)"
    )
    common.add_argument("--no-bundled", action="store_true", help="load only the --data files, not the bundled data")
    conds = argparse.ArgumentParser(add_help=False)
    conds.add_argument(
        "-c", "--condition", action="append", default=[], metavar="COND", help="a condition (repeatable)"
    )

    p = argparse.ArgumentParser(
        prog="altex",
        description="Which exercises to avoid with a lower-back condition, what to do instead, and why.",
        epilog="altex gives general, sourced guidance; it does not diagnose. See a clinician for your own care.",
    )
    sub = p.add_subparsers(dest="command", required=True, metavar="COMMAND")

    s = sub.add_parser("check", parents=[common, conds], help="how advisable an exercise is, and why")
    s.add_argument("exercise")
    s.set_defaults(handler=_check)

    s = sub.add_parser("substitutes", parents=[common, conds], help="safer alternatives, best first")
    s.add_argument("exercise")
    s.add_argument("--limit", type=int, default=5)
    s.add_argument("--equipment", action="append", default=None, metavar="ITEM", help="equipment you have (repeatable)")
    s.set_defaults(handler=_substitutes)

    s = sub.add_parser("adapt", parents=[common, conds], help="adapt a plan (names, or a .toml/.json plan file)")
    s.add_argument("plan", nargs="+", metavar="PLAN_FILE_OR_NAMES")
    s.set_defaults(handler=_adapt)

    s = sub.add_parser("list", parents=[common], help="list exercises, conditions, mechanisms or sources")
    s.add_argument("what", choices=["exercises", "conditions", "mechanisms", "sources"])
    s.set_defaults(handler=_list)

    s = sub.add_parser("show", parents=[common], help="show an exercise, condition or mechanism")
    s.add_argument("name")
    s.set_defaults(handler=_show)

    s = sub.add_parser("docs", parents=[common], help="generate the clinician review page of the knowledge base")
    s.add_argument("page", choices=["conditions"])
    s.add_argument("-o", "--output", metavar="FILE", help="write the page to FILE instead of stdout")
    s.set_defaults(handler=_docs)

    add_catalog_parser(sub, common, conds)

    s = sub.add_parser("validate", parents=[common], help="check data files and report every problem")
    s.add_argument("paths", nargs="+", metavar="PATH")
    s.set_defaults(handler=_validate, no_kb=True)
    return p


def main(argv: Sequence[str] | None = None) -> int:
    """Run the ``altex`` command line; returns the exit status.

    >>> main(["check", "hamstring stretch", "-c", "sciatica", "--json"])  # doctest: +ELLIPSIS
    {
      "exercise": "hamstring-stretch",
    ...
    0
    """
    args = _parser().parse_args(argv)
    try:
        kb = None if getattr(args, "no_kb", False) else load(*args.data, bundled=not args.no_bundled)
        data, text = args.handler(args, kb)
    except AltexError as exc:
        print(f"altex: {exc}", file=sys.stderr)
        return 2
    _emit(args, data, text)
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
