"""The JSON Schema of a TOML data file, generated from the record models (``altex schema``).

The schema ships inside the package as ``altex/data.schema.json``; TOML
language servers (Taplo, Even Better TOML) read it from a ``#:schema`` line at
the top of a data file and then complete and check its fields as you type. A
test fails when the shipped file no longer matches the models.

It checks what a schema can: tables, fields, types, enum values, id patterns
and lengths. Cross-record checks (an unknown mechanism, a repeated id) are the
loader's: ``altex validate`` reports those.

>>> schema = data_schema()
>>> sorted(schema["properties"]) == sorted(TABLES)
True
>>> schema["additionalProperties"]
False
"""

from __future__ import annotations

import json
from importlib.resources import files
from typing import Any

from pydantic import BaseModel, Field, create_model

from ._load import TABLES
from .models import Record

__all__ = ["SCHEMA_FILE", "data_schema", "schema_text", "shipped_schema_text"]

#: Where the schema lives inside the package (and so inside the wheel).
SCHEMA_FILE = "data.schema.json"

_REPLACE = {
    "type": "boolean",
    "default": False,
    "description": "Replace a record of the same id loaded from an earlier file instead of failing as a duplicate.",
}


def _data_file_model() -> type[BaseModel]:
    """One model for a whole data file: an optional array of tables per record kind."""
    fields: dict[str, Any] = {
        kind: (list[model], Field(default_factory=list, description=_about(kind, model)))  # type: ignore[valid-type]
        for kind, model in TABLES.items()
    }
    return create_model("DataFile", __config__={"extra": "forbid"}, **fields)


def _about(kind: str, model: type[Record]) -> str:
    return f"[[{kind}]] tables: {(model.__doc__ or model.__name__).strip().splitlines()[0]}"


def data_schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of one TOML data file, as a dict."""
    schema = _data_file_model().model_json_schema(ref_template="#/$defs/{model}")
    for kind, model in TABLES.items():
        record = schema["$defs"][model.__name__]
        record["properties"]["replace"] = _REPLACE
        schema["properties"][kind]["title"] = kind
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "altex data file",
        "description": (
            "One TOML file of the altex knowledge base: arrays of tables, one table per record. "
            "Generated from altex's models by `altex schema`; see docs/data-format.md."
        ),
        **{k: v for k, v in schema.items() if k not in {"title", "description"}},
    }


def schema_text() -> str:
    """The schema as the text of ``data.schema.json`` (stable key order, trailing newline)."""
    return json.dumps(data_schema(), indent=2, ensure_ascii=False) + "\n"


def shipped_schema_text() -> str:
    """The schema file shipped in the package (``altex/data.schema.json``).

    >>> json.loads(shipped_schema_text())["title"]
    'altex data file'
    """
    return (files("altex") / SCHEMA_FILE).read_text(encoding="utf-8")
