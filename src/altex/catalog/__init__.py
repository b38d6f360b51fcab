"""Catalog integration: judge and substitute within a fitness app's own exercise catalog.

An app that embeds altex has its own exercises, ids and names, and can only
show its users those. :func:`load` reads the app's catalog (free-exercise-db
JSON, wger, or a plain CSV/JSON with a column mapping), gives every record a
movement profile (matched by name, inferred from its name, description and
attributes, or unknown) and
returns a :class:`Catalog` that judges, substitutes and adapts within it.

>>> import altex.catalog
>>> app = altex.catalog.Catalog([altex.catalog.CatalogRecord(id="1", name="Barbell Deadlift")], kb)
>>> app.mapping("1").exercise.id
'deadlift'
"""

from __future__ import annotations

import os
from pathlib import Path

from .._open import load as _load_kb
from ..kb import KnowledgeBase
from .adapters import FREE_EXERCISE_DB, CatalogFile, CatalogFormat, Columns, parse_rows, read_catalog, read_file
from .catalog import Catalog
from .models import (
    CatalogMapping,
    CatalogPlan,
    CatalogPlanItem,
    CatalogRecord,
    CatalogSuggestion,
    CatalogVerdict,
    Clue,
    ClueKind,
    DemandRating,
    MappingMethod,
    RecordProfile,
)
from .pins import mapping_rows, read_pins, write_mappings

__all__ = [
    "FREE_EXERCISE_DB",
    "Catalog",
    "CatalogFile",
    "CatalogFormat",
    "CatalogMapping",
    "CatalogPlan",
    "CatalogPlanItem",
    "CatalogRecord",
    "CatalogSuggestion",
    "CatalogVerdict",
    "Clue",
    "ClueKind",
    "Columns",
    "DemandRating",
    "MappingMethod",
    "RecordProfile",
    "load",
    "mapping_rows",
    "parse_rows",
    "read_catalog",
    "read_file",
    "read_pins",
    "write_mappings",
]


def load(
    path: str | os.PathLike[str],
    kb: KnowledgeBase | None = None,
    *,
    format: CatalogFormat | str | None = None,
    columns: Columns | None = None,
    pinned: str | os.PathLike[str] | None = None,
) -> Catalog:
    """Read a catalog file and map it onto *kb* (the bundled knowledge base by default).

    *format* is detected when not given (``.csv``; ``.json`` with
    free-exercise-db's columns or plain ones); *columns* maps a plain
    catalog's columns; *pinned* is a mapping file exported by
    :func:`write_mappings` and reviewed, whose rows replace the automatic mappings.

    Raises
    ------
    CatalogError
        Listing every problem of the catalog or the pinned file.

    Examples
    --------
    >>> altex.catalog.load("no-such-catalog.csv")
    Traceback (most recent call last):
    ...
    altex.errors.CatalogError: no-such-catalog.csv: cannot read: No such file or directory
    """
    found = read_file(Path(path), format, columns)
    base = _load_kb() if kb is None else kb
    pins = read_pins(Path(pinned), base, {r.id for r in found.records}) if pinned is not None else None
    return Catalog(found.records, base, pins, notes=found.notes)
