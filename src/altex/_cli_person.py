"""The person options of the command line: ``--stage``, ``--preference``, ``--response``, ``--bone``,
``--surgery``, ``--weeks-since-surgery`` and ``--person FILE`` (a JSON or TOML document of the
person's fields, for apps). Without any of them the conditions are a plain list, exactly as before.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from ._files import MAX_REPORT_BYTES, FileProblemError, read_document
from .errors import InvalidInputError
from .person import Person

__all__ = ["person_options", "who"]

#: Person fields that are options, with their help text.
_OPTIONS = {
    "stage": "acute, subacute or chronic (or high, moderate, low irritability); unknown = the most careful",
    "preference": "directional preference: extension, flexion, lateral shift or none known",
    "response": "symptom response to movement: centralising or peripheralising",
    "bone": "bone status: osteopenia, osteoporosis (no fracture) or vertebral fracture",
    "surgery": "a lumbar operation: microdiscectomy or fusion",
}


def person_options() -> argparse.ArgumentParser:
    """A parent parser with the condition option and every person option."""
    p = argparse.ArgumentParser(add_help=False)
    p.add_argument("-c", "--condition", action="append", default=[], metavar="COND", help="a condition (repeatable)")
    for name, text in _OPTIONS.items():
        p.add_argument(f"--{name}", metavar=name.upper(), help=text)
    p.add_argument("--weeks-since-surgery", type=float, metavar="WEEKS", help="weeks since the operation")
    p.add_argument("--person", metavar="FILE", help="the person as a .json or .toml document (conditions, stage...)")
    return p


def who(args: argparse.Namespace) -> list[str] | Person:
    """The conditions of the command line: a plain list, or a :class:`Person` when any person option is given."""
    fields: dict[str, Any] = {}
    if getattr(args, "person", None) is not None:
        try:
            doc = read_document(Path(args.person), MAX_REPORT_BYTES)
        except FileProblemError as exc:
            raise InvalidInputError("person", f"{args.person}: {exc}") from None
        if not isinstance(doc, dict):
            raise InvalidInputError("person", f"{args.person}: expected the person's fields (conditions = [...])")
        fields.update(doc)
    for name in (*_OPTIONS, "weeks_since_surgery"):
        value = getattr(args, name, None)
        if value is not None:
            fields[name] = value
    conditions: list[str] = list(getattr(args, "condition", []) or [])
    if not fields:
        return conditions
    given = fields.get("conditions", [])
    if isinstance(given, str | list):
        fields["conditions"] = [*([given] if isinstance(given, str) else given), *conditions]
    return Person.from_mapping(fields)
