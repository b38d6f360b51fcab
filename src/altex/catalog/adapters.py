"""Catalog files -> :class:`CatalogRecord`: free-exercise-db JSON, or plain CSV/JSON with a column mapping.

A catalog is a list of rows (a JSON array of objects, or a CSV file with a
header row). :class:`Columns` says which column holds each field; the
free-exercise-db layout is one such mapping (:data:`FREE_EXERCISE_DB`). Values
are read leniently where the meaning is clear (``"lower back"``, ``"Lower_Back"``
and ``"Erector spinae"`` are all the lower back; ``"body only"`` means no
equipment) and strictly where it is not: an unknown muscle, force or mechanic
is an error naming the row and field, and every problem is reported at once.
"""

from __future__ import annotations

import csv
import enum
import io
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from difflib import get_close_matches
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from .._files import FileProblemError, decode, parse_json, read_bytes
from .._names import normalize
from ..errors import CatalogError, DataProblem
from ..models import Force, Mechanic, Muscle
from .models import CatalogRecord
from .wger import html_text, is_wger, wger_rows

__all__ = [
    "FREE_EXERCISE_DB",
    "CatalogFile",
    "CatalogFormat",
    "Columns",
    "parse_rows",
    "read_catalog",
    "read_file",
    "read_rows",
]

#: Refuse catalog files larger than this (free-exercise-db is about 250 kB).
MAX_CATALOG_BYTES = 32 * 1024 * 1024

_E = TypeVar("_E", bound=enum.Enum)


class Columns(BaseModel):
    """Which column of a catalog holds each field; ``None`` when the catalog has no such column.

    List fields (aliases, equipment, muscles) may hold a JSON list or, in a CSV
    cell, values joined by ``separator``.

    >>> Columns(id="uuid", primary_muscles="muscles").primary_muscles
    'muscles'
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    id: str = "id"
    name: str = "name"
    aliases: str | None = "aliases"
    category: str | None = "category"
    equipment: str | None = "equipment"
    force: str | None = "force"
    mechanic: str | None = "mechanic"
    level: str | None = "level"
    primary_muscles: str | None = "primary_muscles"
    secondary_muscles: str | None = "secondary_muscles"
    description: str | None = "description"
    separator: str = Field(default=";", min_length=1, max_length=3)


#: The layout of the free-exercise-db ``exercises.json`` (camelCase muscle columns, no aliases).
FREE_EXERCISE_DB = Columns(primary_muscles="primaryMuscles", secondary_muscles="secondaryMuscles", aliases=None)


class CatalogFormat(enum.Enum):
    """The layout of a catalog file."""

    FREE_EXERCISE_DB = "free-exercise-db"
    WGER = "wger"
    JSON = "json"
    CSV = "csv"


@dataclass(frozen=True, slots=True)
class CatalogFile:
    """A catalog file as read: its records, its layout, and notes on what was not used."""

    records: tuple[CatalogRecord, ...]
    format: CatalogFormat
    notes: tuple[str, ...] = ()


#: Equipment values that mean "no equipment".
_NO_EQUIPMENT = {normalize(v) for v in ("body only", "bodyweight", "body weight", "none", "no equipment")}
_NO_EQUIPMENT.add(normalize("none (bodyweight exercise)"))

#: Other names of the muscle groups, including wger's Latin names.
_MUSCLE_NAMES: dict[str, Muscle] = {normalize(m.value): m for m in Muscle} | {
    normalize(name): muscle
    for muscle, names in {
        Muscle.ABDOMINALS: ("abs", "core", "rectus abdominis", "abdominal"),
        Muscle.OBLIQUES: ("oblique", "obliquus externus abdominis", "external obliques"),
        Muscle.ABDUCTORS: ("abductor", "hip abductors", "gluteus medius"),
        Muscle.ADDUCTORS: ("adductor", "hip adductors", "groin"),
        Muscle.BICEPS: ("bicep", "biceps brachii", "brachialis"),
        Muscle.CALVES: ("calf", "gastrocnemius", "soleus"),
        Muscle.CHEST: ("pecs", "pectorals", "pectoralis major", "serratus anterior"),
        Muscle.FOREARMS: ("forearm", "grip"),
        Muscle.GLUTES: ("glute", "gluteus maximus", "buttocks"),
        Muscle.HAMSTRINGS: ("hamstring", "hams", "biceps femoris"),
        Muscle.HIP_FLEXORS: ("hip flexor", "iliopsoas", "psoas"),
        Muscle.LATS: ("lat", "latissimus dorsi"),
        Muscle.LOWER_BACK: ("erector spinae", "lumbar", "low back"),
        Muscle.MIDDLE_BACK: ("upper back", "rhomboids", "mid back"),
        Muscle.QUADRICEPS: ("quads", "quad", "quadriceps femoris"),
        Muscle.SHOULDERS: ("shoulder", "delts", "deltoids", "anterior deltoid", "deltoid"),
        Muscle.TRAPS: ("trapezius", "trap"),
        Muscle.TRICEPS: ("tricep", "triceps brachii"),
    }.items()
    for name in names
}


def kebab(value: str) -> str:
    """An app's category or equipment value as a lowercase kebab-case id.

    >>> kebab("Olympic Weightlifting"), kebab("e-z curl bar")
    ('olympic-weightlifting', 'e-z-curl-bar')
    """
    return "-".join(re.findall(r"[a-z0-9]+", value.casefold()))


def read_catalog(
    path: str | Path, format: CatalogFormat | str | None = None, columns: Columns | None = None
) -> tuple[CatalogRecord, ...]:
    """Read a catalog file: ``.csv``, or ``.json`` (free-exercise-db layout detected by its columns).

    Raises
    ------
    CatalogError
        Listing every problem, each with the file, row and field.

    Examples
    --------
    >>> read_catalog("no-such-catalog.json")
    Traceback (most recent call last):
    ...
    altex.errors.CatalogError: no-such-catalog.json: cannot read: No such file or directory
    """
    return read_file(path, format, columns).records


def read_file(
    path: str | Path, format: CatalogFormat | str | None = None, columns: Columns | None = None
) -> CatalogFile:
    """Read a catalog file with the notes a user should see: columns not used, exercises left out.

    >>> found = read_file("tests/data/wger-api.json")
    >>> found.format.value, len(found.records) > 5, found.records[0].name
    ('wger', True, 'Curl to Press')
    """
    label = str(path)
    rows, fmt = read_rows(path, format)
    notes: list[str] = []
    if fmt is CatalogFormat.WGER:
        rows, notes = wger_rows(rows)
    if columns is None:
        columns = FREE_EXERCISE_DB if fmt is CatalogFormat.FREE_EXERCISE_DB else Columns()
    return CatalogFile(parse_rows(rows, columns, label, notes), fmt, tuple(notes))


def read_rows(path: str | Path, format: CatalogFormat | str | None = None) -> tuple[list[Any], CatalogFormat]:
    """The raw rows of a CSV or JSON file, and its format (detected when not given)."""
    label = str(path)
    fmt = _format(format, label)
    try:
        text = decode(read_bytes(path, MAX_CATALOG_BYTES), "utf-8-sig")
        if fmt is CatalogFormat.CSV or (fmt is None and label.lower().endswith(".csv")):
            return list(csv.DictReader(io.StringIO(text))), CatalogFormat.CSV
        doc = parse_json(text)
    except FileProblemError as exc:
        raise CatalogError([DataProblem(label, "", "", str(exc))]) from None
    except csv.Error as exc:
        raise CatalogError([DataProblem(label, "", "", f"not valid CSV: {exc}")]) from None
    if isinstance(doc, dict) and isinstance(doc.get("exercises", doc.get("results")), list):
        doc = doc.get("exercises", doc.get("results"))  # a wrapped list, as APIs return
    if not isinstance(doc, list):
        raise CatalogError([DataProblem(label, "", "", "expected a JSON array of exercise objects")])
    if fmt is None:
        fedb = any(isinstance(row, dict) and "primaryMuscles" in row for row in doc)
        fmt = CatalogFormat.FREE_EXERCISE_DB if fedb else CatalogFormat.WGER if is_wger(doc) else CatalogFormat.JSON
    return doc, fmt


def _format(format: CatalogFormat | str | None, label: str) -> CatalogFormat | None:
    if format is None or isinstance(format, CatalogFormat):
        return format
    try:
        return CatalogFormat(format)
    except ValueError:
        known = ", ".join(f.value for f in CatalogFormat)
        raise CatalogError([DataProblem(label, "", "format", f"unknown format {format!r}; use {known}")]) from None


def parse_rows(
    rows: Iterable[object], columns: Columns | None = None, label: str = "catalog", notes: list[str] | None = None
) -> tuple[CatalogRecord, ...]:
    """Catalog records from rows (mappings of column -> value), in order.

    Columns of the rows that *columns* does not use are added to *notes*
    (when given), so that nothing is dropped without a word.

    Raises
    ------
    CatalogError
        Listing every problem: missing id or name, a repeated id, an unknown
        muscle, force or mechanic (with close values), a column of *columns*
        that no row has.

    Examples
    --------
    >>> rows = [{"id": 7, "name": "Box Jump", "category": "Plyometrics", "primary_muscles": "quads;glutes"}]
    >>> r = parse_rows(rows)[0]
    >>> r.id, r.category, [m.value for m in r.primary_muscles]
    ('7', 'plyometrics', ['quadriceps', 'glutes'])
    >>> parse_rows([{"id": 1, "name": "Row", "force": "pul"}])
    Traceback (most recent call last):
    ...
    altex.errors.CatalogError: catalog: [1] force: unknown force 'pul'; expected one of push, pull, static
    """
    columns = Columns() if columns is None else columns
    problems: list[DataProblem] = []
    out: list[CatalogRecord] = []
    seen: dict[str, int] = {}
    all_rows = list(rows)
    _check_columns(all_rows, columns, label, problems)
    if notes is not None:
        used = {getattr(columns, f) for f in type(columns).model_fields if f != "separator"}
        unused = sorted({str(k) for row in all_rows if isinstance(row, Mapping) for k in row} - used)
        if unused:
            notes.append(f"columns not used: {', '.join(unused)} (map one with --map FIELD=COLUMN)")
    for index, row in enumerate(all_rows):
        record = _record(row, index, columns, label, problems)
        if record is None:
            continue
        if record.id in seen:
            problems.append(DataProblem(label, record.id, "id", f"repeated id (also row {seen[record.id] + 1})"))
            continue
        seen[record.id] = index
        out.append(record)
    if problems:
        raise CatalogError(problems)
    return tuple(out)


def _check_columns(rows: Sequence[object], columns: Columns, label: str, problems: list[DataProblem]) -> None:
    """A column named in a custom mapping must exist: a misspelt one would silently read as empty."""
    keys = {k for row in rows if isinstance(row, Mapping) for k in row}
    defaults = Columns()
    for fld in type(columns).model_fields:
        col = getattr(columns, fld)
        if fld != "separator" and col is not None and col != getattr(defaults, fld) and rows and col not in keys:
            hint = get_close_matches(col, sorted(map(str, keys)), n=1)
            tip = f"; did you mean {hint[0]!r}?" if hint else ""
            problems.append(DataProblem(label, "", f"columns.{fld}", f"no row has a column {col!r}{tip}"))


def _record(row: object, index: int, columns: Columns, label: str, problems: list[DataProblem]) -> CatalogRecord | None:
    where = f"row {index + 1}"
    if not isinstance(row, Mapping):
        problems.append(DataProblem(label, where, "", f"expected an object of fields, got {type(row).__name__}"))
        return None
    raw_id = row.get(columns.id)
    if isinstance(raw_id, int | str) and not isinstance(raw_id, bool) and str(raw_id).strip():
        where = str(raw_id).strip()[:80]
    before = len(problems)

    def text(col: str | None) -> str | None:
        value = row.get(col) if col else None
        if value is None or (isinstance(value, str) and not value.strip()):
            return None
        if isinstance(value, int | float | str) and not isinstance(value, bool):
            return str(value).strip()
        problems.append(DataProblem(label, where, col or "", f"expected text, got {type(value).__name__}"))
        return None

    def items(col: str | None) -> list[str]:
        value = row.get(col) if col else None
        if value is None:
            return []
        if isinstance(value, str):
            return [v.strip() for v in value.split(columns.separator) if v.strip()]
        if isinstance(value, list) and all(isinstance(v, str) for v in value):
            return [v.strip() for v in value if v.strip()]
        problems.append(DataProblem(label, where, col or "", "expected a list of text"))
        return []

    data: dict[str, Any] = {
        "id": text(columns.id),
        "name": text(columns.name),
        "aliases": tuple(items(columns.aliases)),
        "category": kebab(c) or None if (c := text(columns.category)) else None,
        "equipment": _equipment(items(columns.equipment)),
        "force": _enum(Force, text(columns.force), "force", label, where, problems),
        "mechanic": _enum(Mechanic, text(columns.mechanic), "mechanic", label, where, problems),
        "level": text(columns.level),
        "primary_muscles": _muscles(items(columns.primary_muscles), columns.primary_muscles, label, where, problems),
        "secondary_muscles": _muscles(
            items(columns.secondary_muscles), columns.secondary_muscles, label, where, problems
        ),
        "description": html_text(d)[:8000] if (d := text(columns.description)) else "",
    }
    for fld in ("id", "name"):
        if data[fld] is None:
            problems.append(DataProblem(label, where, getattr(columns, fld), "missing"))
    if len(problems) > before:
        return None
    try:
        return CatalogRecord.model_validate(data)
    except ValidationError as exc:
        for err in exc.errors():
            problems.append(DataProblem(label, where, ".".join(map(str, err["loc"])), str(err["msg"])))
        return None


def _equipment(values: list[str]) -> tuple[str, ...]:
    ids = [kebab(v) for v in values if normalize(v) not in _NO_EQUIPMENT]
    return tuple(dict.fromkeys(i for i in ids if i))


def _enum(
    kind: type[_E], value: str | None, fld: str, label: str, where: str, problems: list[DataProblem]
) -> _E | None:
    if value is None:
        return None
    for member in kind:
        if normalize(member.value) == normalize(value):
            return member
    known = ", ".join(str(m.value) for m in kind)
    problems.append(DataProblem(label, where, fld, f"unknown {fld} {value!r}; expected one of {known}"))
    return None


def _muscles(
    values: list[str], col: str | None, label: str, where: str, problems: list[DataProblem]
) -> tuple[Muscle, ...]:
    out: list[Muscle] = []
    for value in values:
        muscle = _MUSCLE_NAMES.get(normalize(value))
        if muscle is None:
            close = get_close_matches(value.casefold(), sorted(m.value for m in Muscle), n=2)
            tip = f"; did you mean {' or '.join(map(repr, close))}?" if close else ""
            problems.append(DataProblem(label, where, col or "", f"unknown muscle {value!r}{tip}"))
        elif muscle not in out:
            out.append(muscle)
    return tuple(out)
