"""The id-mapping file: export every mapping for an app to review, and read reviewed ones back.

One row per catalog record, as CSV or JSON (by the file's suffix):

==============  ==========================================================
column          meaning
==============  ==========================================================
``catalog_id``  the app's id
``name``        the app's name (for the reviewer; not read back)
``method``      ``matched``, ``inferred`` or ``unknown``
``altex_id``    the knowledge-base exercise, when matched
``confidence``  0-1
``loads``       inferred mechanism ids, space-separated (not read back)
``inferences``  the inference rules that gave them (not read back)
``via``         how the mapping was made (not read back)
``pinned``      whether the row was pinned when exported (not read back)
==============  ==========================================================

Reading a file back pins its rows: ``method``, ``altex_id`` and
``confidence`` replace what matching would find. A row may be edited to fix
a wrong match (another ``altex_id``), to refuse one (``inferred``) or to hold
a record at caution (``unknown``). Rows for records not in the file keep
their automatic mapping.
"""

from __future__ import annotations

import csv
import io
import json
import os
from collections.abc import Collection
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import CatalogError, DataProblem, InvalidInputError, UnknownExerciseError
from ..kb import KnowledgeBase
from .adapters import read_rows
from .mapping import Pin
from .models import MappingMethod

if TYPE_CHECKING:
    from .catalog import Catalog

__all__ = ["COLUMNS", "mapping_rows", "read_pins", "write_mappings"]

COLUMNS = ("catalog_id", "name", "method", "altex_id", "confidence", "loads", "inferences", "via", "pinned")


def mapping_rows(catalog: Catalog) -> list[dict[str, Any]]:
    """One row per record, in catalog order, with the columns of :data:`COLUMNS`.

    >>> app = altex.catalog.Catalog([altex.catalog.CatalogRecord(id="7", name="Barbell Deadlift")], kb)
    >>> row = mapping_rows(app)[0]
    >>> row["catalog_id"], row["method"], row["altex_id"], row["confidence"]
    ('7', 'matched', 'deadlift', 1.0)
    """
    return [
        {
            "catalog_id": rid,
            "name": m.record.name,
            "method": m.method.value,
            "altex_id": m.exercise.id if m.exercise is not None else "",
            "confidence": m.confidence,
            "loads": " ".join(m.loads),
            "inferences": " ".join(rule.id for rule in m.inferences),
            "via": m.via,
            "pinned": m.pinned,
        }
        for rid, m in catalog.mappings.items()
    ]


def write_mappings(catalog: Catalog, path: str | os.PathLike[str]) -> int:
    """Write the id-mapping file (``.csv``, else JSON); returns the number of rows.

    Raises InvalidInputError when the file cannot be written.

    >>> import tempfile, pathlib
    >>> from altex.catalog import Catalog, CatalogRecord
    >>> app = Catalog([CatalogRecord(id="bb-dl", name="Barbell Deadlift", category="strength")], kb)
    >>> out = pathlib.Path(tempfile.mkdtemp()) / "mapping.csv"
    >>> write_mappings(app, out)
    1
    >>> out.read_text().splitlines()[1].split(",")[:5]
    ['bb-dl', 'Barbell Deadlift', 'matched', 'deadlift', '1.0']
    """
    rows = mapping_rows(catalog)
    target = Path(path)
    if target.suffix.lower() == ".csv":
        buffer = io.StringIO()
        writer = csv.DictWriter(buffer, fieldnames=COLUMNS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
        text = buffer.getvalue()
    else:
        text = json.dumps(rows, indent=2, ensure_ascii=False) + "\n"
    try:
        target.write_text(text, encoding="utf-8")
    except OSError as exc:
        raise InvalidInputError("output", f"cannot write {target}: {exc.strerror or exc}") from None
    return len(rows)


def read_pins(path: str | os.PathLike[str], kb: KnowledgeBase, record_ids: Collection[str]) -> dict[str, Pin]:
    """The pinned mappings of a reviewed id-mapping file, by catalog id.

    Raises
    ------
    CatalogError
        Listing every problem: a record not in the catalog, an unknown method
        or knowledge-base exercise (with close names), a confidence outside 0-1.

    >>> import tempfile, pathlib
    >>> from altex.catalog import Catalog, CatalogRecord
    >>> app = Catalog([CatalogRecord(id="bb-dl", name="Barbell Deadlift", category="strength")], kb)
    >>> out = pathlib.Path(tempfile.mkdtemp()) / "mapping.json"
    >>> write_mappings(app, out)
    1
    >>> pins = read_pins(out, kb, {"bb-dl"})
    >>> sorted(pins)
    ['bb-dl']
    """
    label = str(path)
    rows, _ = read_rows(Path(path))
    problems: list[DataProblem] = []
    pins: dict[str, Pin] = {}
    for index, row in enumerate(rows):
        pin = _pin(row, index, label, kb, record_ids, problems)
        if pin is not None:
            rid, value = pin
            if rid in pins:
                problems.append(DataProblem(label, rid, "catalog_id", "pinned twice"))
            pins[rid] = value
    if problems:
        raise CatalogError(problems)
    return pins


def _pin(
    row: object,
    index: int,
    label: str,
    kb: KnowledgeBase,
    record_ids: Collection[str],
    problems: list[DataProblem],
) -> tuple[str, Pin] | None:
    if not isinstance(row, dict):
        problems.append(DataProblem(label, f"row {index + 1}", "", "expected an object of fields"))
        return None
    rid = str(row.get("catalog_id") or "").strip()
    where = rid or f"row {index + 1}"
    before = len(problems)
    if not rid:
        problems.append(DataProblem(label, where, "catalog_id", "missing"))
    elif rid not in record_ids:
        problems.append(DataProblem(label, where, "catalog_id", "no such record in the catalog"))
    try:
        method = MappingMethod(str(row.get("method") or "").strip().lower())
    except ValueError:
        known = ", ".join(m.value for m in MappingMethod)
        problems.append(DataProblem(label, where, "method", f"expected one of {known} (got {row.get('method')!r})"))
        method = MappingMethod.UNKNOWN
    exercise = str(row.get("altex_id") or "").strip() or None
    if method is MappingMethod.MATCHED:
        if exercise is None:
            problems.append(DataProblem(label, where, "altex_id", "a matched row needs the exercise's id"))
        elif (found := kb._exercise_names.get(exercise)) is None:
            hint = UnknownExerciseError("exercise", exercise, kb.exercises).suggestions
            tip = f"; did you mean {' or '.join(map(repr, hint))}?" if hint else ""
            problems.append(DataProblem(label, where, "altex_id", f"unknown exercise {exercise!r}{tip}"))
        else:
            exercise = found
    raw = row.get("confidence")
    confidence = _confidence(raw)
    if raw not in (None, "") and confidence is None:
        problems.append(DataProblem(label, where, "confidence", f"expected a number from 0 to 1 (got {raw!r})"))
    if len(problems) > before:
        return None
    return rid, Pin(method, exercise if method is MappingMethod.MATCHED else None, confidence)


def _confidence(value: object) -> float | None:
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        return None
    try:
        number = float(value)
    except ValueError:
        return None
    return number if 0.0 <= number <= 1.0 else None
