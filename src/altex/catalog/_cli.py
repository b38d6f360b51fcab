"""``altex catalog check|explain|map CATALOG ...``: the catalog commands of the command line."""

from __future__ import annotations

import argparse
from collections import Counter
from collections.abc import Sequence
from typing import Any

from .. import _render as render
from .._cli_person import who
from .._files import FileProblemError, read_document
from ..errors import InvalidInputError
from ..kb import KnowledgeBase
from ..models import Level
from .adapters import CatalogFormat, Columns
from .catalog import Catalog
from .explain import drivers, explain_text, profile_json, worst_first
from .mapping import PARTIAL
from .models import CatalogMapping, CatalogVerdict, MappingMethod
from .pins import write_mappings

__all__ = ["add_catalog_parser", "columns_of", "judged_json", "verdict_json"]

_MARK = {Level.OK: "OK", Level.CAUTION: "CAUTION", Level.AVOID: "AVOID"}


#: ``--map`` shorthands: one field name that stands for two columns.
_PAIRS = {"muscles": ("primary_muscles", "secondary_muscles")}


def columns_of(pairs: Sequence[str], given: dict[str, Any] | None = None) -> Columns | None:
    """The column mapping from ``--map FIELD=COLUMN`` options (and a mapping file's table), or None.

    ``muscles=primary,secondary`` maps the primary and the secondary muscles at once.

    >>> cols = columns_of(["name=title", "muscles=main,other"])
    >>> cols.name, cols.primary_muscles, cols.secondary_muscles
    ('title', 'main', 'other')
    >>> columns_of(["nmae=title"])
    Traceback (most recent call last):
    ...
    altex.errors.InvalidInputError: --map nmae=title: unknown field 'nmae'; did you mean 'name'?
    """
    fields = dict(given or {})
    for pair in pairs:
        field, sep, column = pair.partition("=")
        if not sep or not field.strip() or not column.strip():
            raise InvalidInputError(f"--map {pair}", "expected FIELD=COLUMN, for example name=title")
        fields[field.strip()] = column.strip()
    if not fields:
        return None
    out: dict[str, Any] = {}
    known = [*Columns.model_fields, *_PAIRS]
    for field, column in fields.items():
        if field not in known:
            from difflib import get_close_matches

            close = get_close_matches(field, known, n=1)
            tip = f"; did you mean {close[0]!r}?" if close else f"; fields: {', '.join(known)}"
            raise InvalidInputError(f"--map {field}={column}", f"unknown field {field!r}{tip}")
        columns = [c.strip() for c in column.split(",")] if isinstance(column, str) else list(column)
        targets = _PAIRS.get(field, (field,))
        for target, col in zip(targets, columns, strict=False):
            out[target] = col or None
    return Columns.model_validate(out)


def _mapping_file(path: str | None) -> dict[str, Any] | None:
    if path is None:
        return None
    try:
        doc = read_document(path, 64 * 1024)
    except FileProblemError as exc:
        raise InvalidInputError(f"--mapping {path}", str(exc)) from None
    if not isinstance(doc, dict):
        raise InvalidInputError(f"--mapping {path}", "expected a table of FIELD = COLUMN")
    return doc


def _catalog(args: argparse.Namespace, kb: KnowledgeBase) -> Catalog:
    from . import load

    columns = columns_of(args.map or (), _mapping_file(args.mapping))
    return load(args.catalog, kb, format=args.format, columns=columns, pinned=args.pinned)


def _mapping_json(m: CatalogMapping) -> dict[str, Any]:
    return {
        "method": m.method.value,
        "altex_id": m.exercise.id if m.exercise is not None else None,
        "confidence": m.confidence,
        "loads": list(m.loads),
        "inferences": [rule.id for rule in m.inferences],
        "via": m.via,
        "pinned": m.pinned,
    }


def _mapping_text(m: CatalogMapping) -> str:
    if m.method is MappingMethod.MATCHED and m.exercise is not None:
        added = [mid for mid in m.loads if mid not in m.exercise.loads]
        extra = f"; also inferred: {', '.join(added)}" if added and m.confidence < PARTIAL else ""
        return f"matched {m.exercise.id} ({m.confidence:.2f}, {m.via}){extra}"
    if m.method is MappingMethod.INFERRED:
        return f"inferred ({m.confidence:.2f}): {', '.join(m.loads) or 'no back-loading mechanism'}"
    return "unknown"


def _counts(verdicts: Sequence[CatalogVerdict]) -> tuple[Counter[Level], Counter[MappingMethod]]:
    return Counter(v.level for v in verdicts), Counter(v.mapping.method for v in verdicts)


def verdict_json(v: CatalogVerdict, kb: KnowledgeBase) -> dict[str, Any]:
    """One judged record: level, mapping, profile with its evidence, the demands that drive it, reasons."""
    return {
        "id": v.record.id,
        "name": v.record.name,
        "level": v.level.value,
        **_mapping_json(v.mapping),
        "profile": profile_json(v.mapping),
        "drivers": drivers(v, kb.mechanisms),
        "reasons": [render.reason_json(r) for r in v.reasons],
    }


def judged_json(verdicts: Sequence[CatalogVerdict], kb: KnowledgeBase) -> dict[str, Any]:
    """A judged catalog as JSON-ready data: counts by level and by mapping method, then every exercise, worst first."""
    levels, methods = _counts(verdicts)
    return {
        "conditions": [c.id for c in verdicts[0].conditions] if verdicts else [],
        "counts": {lv.value: levels[lv] for lv in Level},
        "mapping": {m.value: methods[m] for m in MappingMethod},
        "exercises": [verdict_json(v, kb) for v in worst_first(verdicts)],
    }


def _check(args: argparse.Namespace, kb: KnowledgeBase) -> tuple[Any, str]:
    catalog = _catalog(args, kb)
    verdicts = catalog.judge(who(args))
    levels, methods = _counts(verdicts)
    data = {"catalog": str(args.catalog), "notes": list(catalog.notes), **judged_json(verdicts, kb)}
    conds = data["conditions"]
    names = ", ".join(kb.conditions[c].name for c in conds) or "no conditions given"
    head = ", ".join(f"{levels[lv]} {lv.value}" for lv in sorted(Level, reverse=True))
    how = ", ".join(f"{methods[m]} {m.value}" for m in MappingMethod)
    lines = [f"{args.catalog}: {len(verdicts)} exercises for {names}: {head} ({how})"]
    lines += [f"note: {n}" for n in catalog.notes]
    for level in sorted(Level, reverse=True):
        group = [v for v in worst_first(verdicts) if v.level is level]
        if group:
            lines.append(f"\n{_MARK[level]} ({len(group)})")
        for v in group:
            lines.append(f"  {v.record.name} [{v.record.id}]: {_mapping_text(v.mapping)}")
            # The first sentence of each harm says what and why; the notes are in --json.
            lines += [render._wrap(f"- {r.text.split('. ')[0].rstrip('.')}.", "      ") for r in v.harms[:2]]
    return data, "\n".join(lines)


def _explain(args: argparse.Namespace, kb: KnowledgeBase) -> tuple[Any, str]:
    catalog = _catalog(args, kb)
    v = catalog.check(args.record, args.condition)
    return {"catalog": str(args.catalog), **verdict_json(v, kb)}, explain_text(v, kb.mechanisms)


def _map(args: argparse.Namespace, kb: KnowledgeBase) -> tuple[Any, str]:
    catalog = _catalog(args, kb)
    written = write_mappings(catalog, args.output)
    methods = catalog.counts()
    counts = {m.value: methods[m] for m in MappingMethod}
    how = ", ".join(f"{n} {k}" for k, n in counts.items())
    return {
        "written": str(args.output),
        "rows": written,
        "mapping": counts,
    }, f"wrote {written} mappings to {args.output}: {how}"


def add_catalog_parser(
    sub: argparse._SubParsersAction[argparse.ArgumentParser],
    common: argparse.ArgumentParser,
    conds: argparse.ArgumentParser,
) -> None:
    """Add ``altex catalog check`` and ``altex catalog map`` to the command line."""
    source = argparse.ArgumentParser(add_help=False)
    source.add_argument(
        "catalog", metavar="CATALOG", help="the app's catalog: .json (free-exercise-db or plain) or .csv"
    )
    source.add_argument(
        "--format",
        choices=[f.value for f in CatalogFormat],
        default=None,
        help="the catalog's layout (detected by default)",
    )
    source.add_argument("--pinned", metavar="FILE", help="a reviewed mapping file (from 'catalog map') to pin")
    source.add_argument(
        "--map",
        action="append",
        metavar="FIELD=COLUMN",
        help="which column holds a field (name=title, muscles=primary,secondary, description=instructions, ...)",
    )
    source.add_argument("--mapping", metavar="FILE", help="a TOML or JSON table of FIELD = COLUMN (as --map)")
    p = sub.add_parser("catalog", help="judge an app's own exercise catalog, or export its id mapping")
    commands = p.add_subparsers(dest="catalog_command", required=True, metavar="COMMAND")
    s = commands.add_parser("check", parents=[common, conds, source], help="judge every exercise of a catalog")
    s.set_defaults(handler=_check)
    s = commands.add_parser(
        "explain", parents=[common, conds, source], help="how one record's profile was obtained, and its verdict"
    )
    s.add_argument("record", metavar="ID", help="the record's catalog id or name")
    s.set_defaults(handler=_explain)
    s = commands.add_parser("map", parents=[common, source], help="write the catalog id -> altex id mapping (CSV/JSON)")
    s.add_argument("-o", "--output", required=True, metavar="FILE", help="where to write it (.csv, else JSON)")
    s.set_defaults(handler=_map)
