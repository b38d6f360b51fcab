"""Records -> TOML text that the loader reads back to the same records.

The writer is small and handles only what the data format uses: one array of
tables per record kind (``[[exercise]]``), whose values are strings, numbers,
booleans, arrays and inline tables. Written by hand (the standard library
reads TOML but does not write it), so altex needs no TOML-writing dependency.

>>> print(toml_document({"mechanism": [{"id": "impact", "name": "Impact", "aliases": ["shock"]}]}))
[[mechanism]]
id = "impact"
name = "Impact"
aliases = ["shock"]
<BLANKLINE>
"""

from __future__ import annotations

import math
import os
import re
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from ._load import TABLES, Records
from .models import Record

if TYPE_CHECKING:
    from .kb import KnowledgeBase

__all__ = ["dump", "records_toml", "toml_document", "toml_value"]

_CITATION = frozenset({"sources", "note", "evidence"})
_BARE_KEY = re.compile(r"^[A-Za-z0-9_-]+$")
# TOML basic strings may hold any character but these, which must be escaped.
_ESCAPES = {'"': '\\"', "\\": "\\\\", "\b": "\\b", "\t": "\\t", "\n": "\\n", "\f": "\\f", "\r": "\\r"}
_NEEDS_ESCAPE = re.compile(r'["\\\x00-\x1f\x7f]')


def _escape(match: re.Match[str]) -> str:
    char = match.group()
    return _ESCAPES.get(char) or f"\\u{ord(char):04x}"


def _key(key: str) -> str:
    return key if _BARE_KEY.fullmatch(key) else _string(key)  # fullmatch: "$" would let a final newline in


def _string(text: str) -> str:
    return '"' + _NEEDS_ESCAPE.sub(_escape, text) + '"'


def toml_value(value: object) -> str:
    """One value as TOML: a string, bool, number, array or inline table.

    >>> toml_value(["a \\"b\\"", 2, 2.5, True, {"x": "y"}])
    '["a \\\\"b\\\\"", 2, 2.5, true, { x = "y" }]'
    """
    if isinstance(value, str):
        return _string(value)
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if math.isnan(value):
            return "nan"
        if math.isinf(value):
            return "inf" if value > 0 else "-inf"
        return repr(value)
    if isinstance(value, Mapping):
        if not value:
            return "{}"
        return "{ " + ", ".join(f"{_key(str(k))} = {toml_value(v)}" for k, v in value.items()) + " }"
    if isinstance(value, Sequence):
        return "[" + ", ".join(toml_value(v) for v in value) + "]"
    raise TypeError(f"cannot write {type(value).__name__} as TOML")


def _field(key: str, value: object) -> str:
    # An array of inline tables (substitutes, aggravated_by...) reads best one per line.
    if isinstance(value, Sequence) and not isinstance(value, str) and value and isinstance(value[0], Mapping):
        inner = "".join(f"  {toml_value(v)},\n" for v in value)
        return f"{_key(key)} = [\n{inner}]"
    return f"{_key(key)} = {toml_value(value)}"


def toml_document(tables: Mapping[str, Sequence[Mapping[str, object]]], header: str = "") -> str:
    """A TOML document holding one array of tables per key, in the order given."""
    parts = [f"# {line}".rstrip() for line in header.splitlines()]
    if parts:
        parts.append("")
    for kind, records in tables.items():
        for record in records:
            parts.append(f"[[{_key(kind)}]]")
            parts.extend(_field(k, v) for k, v in record.items())
            parts.append("")
    return "\n".join(parts)


def _cited_last(value: object) -> object:
    """A rule's target and level read first, its citation after: ``{ mechanism = ..., sources = [...] }``."""
    if isinstance(value, list):
        return [_cited_last(v) for v in value]
    if isinstance(value, dict):
        return dict(sorted(value.items(), key=lambda item: item[0] in _CITATION))
    return value


def records_toml(records: Records) -> str:
    """Every record as one TOML data file; fields at their default value are left out."""
    pools: dict[str, Mapping[str, Record]] = {
        "source": records.sources,
        "mechanism": records.mechanisms,
        "condition": records.conditions,
        "exercise": records.exercises,
        "rule": records.rules,
        "inference": records.inferences,
        "symptom": records.symptoms,
        "triage": records.triage,
        "modifier": records.modifiers,
        "surgery": records.surgeries,
    }
    assert set(pools) == set(TABLES), "a record kind is missing from the writer"
    tables = {
        kind: [
            {k: _cited_last(v) for k, v in r.model_dump(mode="json", exclude_defaults=True).items()}
            for r in pool.values()
        ]
        for kind, pool in pools.items()
    }
    return toml_document(
        tables, header="altex knowledge base, written by altex.dump; the format is docs/data-format.md"
    )


def dump(kb: KnowledgeBase, path: str | os.PathLike[str]) -> None:
    """Write *kb* to one TOML data file that :func:`altex.load` reads back to an equal knowledge base.

    Combined with ``load``, this flattens overlays into one file.

    >>> import tempfile, pathlib
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     path = pathlib.Path(tmp) / "kb.toml"
    ...     altex.dump(kb, path)
    ...     altex.load(path, bundled=False) == kb
    True
    """
    Path(os.fspath(path)).write_text(kb.to_toml(), encoding="utf-8")
