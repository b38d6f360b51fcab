"""The ``altex`` command: parse arguments, ask the knowledge base, print, exit.

Exit status: 0 on success, 2 on any error (an unknown name, a bad data file,
a bad argument), with one message on stderr and never a traceback; 130 when
interrupted (Ctrl-C).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from . import __version__
from . import _render as render
from ._cli_export import add_export_parsers
from ._cli_person import person_options, who
from ._files import MAX_PLAN_BYTES, MAX_PLAN_ITEMS, MAX_REPORT_BYTES, FileProblemError, read_document
from ._load import read_records
from ._next_cli import add_next_parser
from ._open import load
from ._pages import conditions_page, stats
from ._sources import close_sources, find_source, source_text, sources_page
from .catalog._cli import add_catalog_parser
from .errors import AltexError, InvalidInputError, UnknownNameError
from .kb import KnowledgeBase
from .pain import PainReport
from .person import Person
from .server._cli import add_serve_parser

__all__ = ["main"]

Handler = Callable[[argparse.Namespace, KnowledgeBase], tuple[Any, str]]


def _emit(args: argparse.Namespace, data: Any, text: str) -> None:
    if args.json:
        json.dump(data, sys.stdout, indent=2, ensure_ascii=False)
        sys.stdout.write("\n")
    else:
        print(text)


#: Said when no condition is given: the answer is general, and altex needs the person's conditions.
ASK_FOR_CONDITIONS = (
    "No condition given, so this is a general answer, not advice for your back. "
    "Name your conditions with -c (for example -c sciatica; 'altex list conditions' shows them all)."
)


def _general(data: dict[str, Any], text: str, conditions: Sequence[str] | Person) -> tuple[Any, str]:
    """An answer given without conditions says so, and asks for them (still exit 0, for scripts)."""
    if isinstance(conditions, Person) or conditions:
        return data, text
    return {**data, "general": True, "note": ASK_FOR_CONDITIONS}, f"{text}\n{render._wrap(ASK_FOR_CONDITIONS, '')}"


def _check(args: argparse.Namespace, kb: KnowledgeBase) -> tuple[Any, str]:
    person = who(args)
    v = kb.check(args.exercise, person)
    return _general(render.verdict_json(v), render.verdict_text(v, kb), person)


def _substitutes(args: argparse.Namespace, kb: KnowledgeBase) -> tuple[Any, str]:
    person = who(args)
    found = kb.substitutes(args.exercise, person, limit=args.limit, equipment=args.equipment)
    original = kb.exercise(args.exercise)
    conds = [kb.conditions[c] for c in sorted(kb.condition_ids(person))]
    data, text = render.suggestions_json(original, conds, found), render.suggestions_text(original, conds, found, kb)
    return _general(data, text, person)


def _read_doc(path: Path, what: str, limit: int) -> Any:
    """A TOML or JSON document named on the command line."""
    try:
        return read_document(path, limit)
    except FileProblemError as exc:
        raise InvalidInputError(what, f"{path}: {exc}") from None


def _read_plan(items: Sequence[str]) -> list[Any]:
    """Plan items from the command line: exercise names (each argument one name), or one TOML/JSON plan file."""
    if len(items) == 1 and (path := Path(items[0])).suffix in {".toml", ".json"}:
        doc = _read_doc(path, "plan", MAX_PLAN_BYTES)
        plan = doc.get("item") if isinstance(doc, dict) else doc
        if not isinstance(plan, list):
            raise InvalidInputError("plan", f"{path}: expected a list of items ([[item]] tables in TOML)")
        if len(plan) > MAX_PLAN_ITEMS:
            raise InvalidInputError("plan", f"{path}: {len(plan)} items; a plan holds at most {MAX_PLAN_ITEMS}")
        return plan
    return list(items)


#: Pain-report fields that ``altex assess`` takes as options.
_REPORT_FIELDS = (
    "severity",
    "quality",
    "onset",
    "hours_after_exercise",
    "hours_since_onset",
    "during_exercise",
    "limits_daily_activities",
    "symptoms",
)


def _read_report(args: argparse.Namespace) -> PainReport | None:
    """The pain report of ``--report FILE``, with any report options given on top."""
    fields: dict[str, Any] = {}
    if args.report is not None:
        doc = _read_doc(Path(args.report), "report", MAX_REPORT_BYTES)
        if not isinstance(doc, dict):
            raise InvalidInputError("report", f"{args.report}: expected the report's fields (severity = ...)")
        fields.update(doc)
    for name in _REPORT_FIELDS:
        value = getattr(args, name, None)
        if value is not None and value is not False and value != []:
            fields[name] = value
    return PainReport.from_mapping(fields) if fields or args.report is not None else None


def _assess(args: argparse.Namespace, kb: KnowledgeBase) -> tuple[Any, str]:
    report = _read_report(args) or PainReport.from_mapping({})
    a = kb.assess(report)
    return render.assessment_json(a), render.assessment_text(a, kb)


def _adapt(args: argparse.Namespace, kb: KnowledgeBase) -> tuple[Any, str]:
    person = who(args)
    plan = kb.adapt(_read_plan(args.plan), person, report=_read_report(args))
    return _general(render.plan_json(plan), render.plan_text(plan, kb), person)


def _list(args: argparse.Namespace, kb: KnowledgeBase) -> tuple[Any, str]:
    pools: dict[str, Any] = {
        "exercises": kb.exercises,
        "conditions": kb.conditions,
        "mechanisms": kb.mechanisms,
        "sources": kb.sources,
        "symptoms": kb.symptoms,
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
    source = find_source(kb, args.name)
    if source is not None:
        found.append(("source", source))
    if not found:
        suggestions += close_sources(kb, args.name)
        raise UnknownNameError("exercise, condition, mechanism or source", args.name, suggestions)
    data = [render.record_json(r, kind) for kind, r in found]
    text = "\n\n".join(source_text(r) if kind == "source" else render.record_text(r, kind, kb) for kind, r in found)
    return (data[0] if len(data) == 1 else data), text


def _validate(args: argparse.Namespace, kb: KnowledgeBase | None) -> tuple[Any, str]:
    paths = [Path(p) for p in args.paths]
    r = read_records(paths)
    counts = {
        k: len(getattr(r, k))
        for k in ("sources", "mechanisms", "conditions", "exercises", "rules", "symptoms", "triage")
    }
    return {"valid": True, **counts}, "valid: " + ", ".join(f"{n} {k}" for k, n in counts.items())


def _stats(args: argparse.Namespace, kb: KnowledgeBase) -> tuple[Any, str]:
    data = stats(kb)
    cov = data["coverage"]
    lines = [f"{data[k]} {k}" for k in ("exercises", "conditions", "mechanisms", "sources")]
    lines.append("rules: " + ", ".join(f"{n} {k}" for k, n in data["rules"].items()))
    lines.append("rules by evidence: " + ", ".join(f"{n} {k}" for k, n in data["rules_by_evidence"].items()))
    lines.append(
        f"avoid pairs with an ok substitute: {cov['covered']}/{cov['avoid_pairs'] + cov['person_avoid_pairs']} "
        f"({cov['covered_share']:.1%}; {cov['person_avoid_pairs']} of them for people with modifiers); "
        f"best one keeps the goal: {cov['goal_kept_share']:.1%}"
    )
    return data, "\n".join(lines)


def _docs(args: argparse.Namespace, kb: KnowledgeBase) -> tuple[Any, str]:
    page = sources_page(kb) if args.page == "sources" else conditions_page(kb)
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
    person = person_options()

    p = argparse.ArgumentParser(
        prog="altex",
        description="Which exercises to avoid with a lower-back condition, what to do instead, and why.",
        epilog="altex gives general, sourced guidance; it does not diagnose. See a clinician for your own care.",
    )
    p.add_argument("--version", action="version", version=f"altex {__version__}")
    sub = p.add_subparsers(dest="command", required=True, metavar="COMMAND")

    s = sub.add_parser("check", parents=[common, person], help="how advisable an exercise is, and why")
    s.add_argument("exercise")
    s.set_defaults(handler=_check)

    s = sub.add_parser("substitutes", parents=[common, person], help="safer alternatives, best first")
    s.add_argument("exercise")
    s.add_argument("--limit", type=int, default=5)
    s.add_argument("--equipment", action="append", default=None, metavar="ITEM", help="equipment you have (repeatable)")
    s.set_defaults(handler=_substitutes)

    report_file = argparse.ArgumentParser(add_help=False)
    report_file.add_argument("--report", metavar="FILE", help="a pain report (.toml or .json with severity = ...)")

    s = sub.add_parser(
        "adapt", parents=[common, person, report_file], help="adapt a plan (names, or a .toml/.json plan file)"
    )
    s.add_argument("plan", nargs="+", metavar="PLAN_FILE_OR_NAMES")
    s.set_defaults(handler=_adapt)

    s = sub.add_parser("assess", parents=[common, report_file], help="judge a pain report: soreness, pain or red flag")
    s.add_argument("--severity", type=int, metavar="0-10", help="how bad it is, 0 (none) to 10 (worst)")
    s.add_argument("--quality", metavar="WORD", help="dull, aching, stiff, sharp, stabbing, shooting or burning")
    s.add_argument("--onset", metavar="WHEN", help="during or after exercise")
    s.add_argument("--hours-after-exercise", type=float, metavar="H", help="hours since the last session")
    s.add_argument("--hours-since-onset", type=float, metavar="H", help="hours the pain has lasted")
    s.add_argument("--during-exercise", metavar="HOW", help="once exercise started: eases, unchanged or worsens")
    s.add_argument("--limits-daily-activities", action="store_true", help="the pain gets in the way of daily life")
    s.add_argument(
        "--symptom", dest="symptoms", action="append", default=[], metavar="NAME", help="a symptom (repeatable)"
    )
    s.set_defaults(handler=_assess)

    s = sub.add_parser("list", parents=[common], help="list exercises, conditions, mechanisms, sources or symptoms")
    s.add_argument("what", choices=["exercises", "conditions", "mechanisms", "sources", "symptoms"])
    s.set_defaults(handler=_list)

    s = sub.add_parser("show", parents=[common], help="show an exercise, condition, mechanism or source")
    s.add_argument("name")
    s.set_defaults(handler=_show)

    s = sub.add_parser("stats", parents=[common], help="counts, rules by evidence, substitute coverage")
    s.set_defaults(handler=_stats)

    s = sub.add_parser("docs", parents=[common], help="generate a review page of the knowledge base")
    s.add_argument("page", choices=["conditions", "sources"])
    s.add_argument("-o", "--output", metavar="FILE", help="write the page to FILE instead of stdout")
    s.set_defaults(handler=_docs)

    add_catalog_parser(sub, common, person)
    add_next_parser(sub, common, conds)
    add_export_parsers(sub, common, conds)
    add_serve_parser(sub, common)

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
    try:
        return _main(argv)
    except KeyboardInterrupt:
        # Ctrl-C: the conventional status (128 + SIGINT), one line, no traceback.
        print("altex: interrupted", file=sys.stderr)
        return 130


def _main(argv: Sequence[str] | None) -> int:
    args = _parser().parse_args(argv)
    try:
        kb = None if getattr(args, "no_kb", False) else load(*args.data, bundled=not args.no_bundled)
        data, text = args.handler(args, kb)
    except AltexError as exc:
        print(f"altex: {exc}", file=sys.stderr)
        return 2
    try:
        _emit(args, data, text)
        sys.stdout.flush()
    except BrokenPipeError:
        # The reader went away (``altex list exercises | head``): not an error of ours.
        # Point stdout at devnull so the interpreter's final flush does not complain.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
