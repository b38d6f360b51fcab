"""wger's exercise database -> plain catalog rows, in its two layouts.

wger (an open-source workout manager) keeps an exercise as a *base* (category,
muscles, equipment) with one *translation* per language (name, HTML
description, aliases). Two layouts are read:

- the REST API's ``/api/v2/exerciseinfo/`` results: a list of bases, each
  with ``category``, ``muscles``, ``muscles_secondary`` and ``equipment`` as
  objects and ``translations`` (``name``, ``description``, ``language``,
  ``aliases``) nested;
- a Django fixture (``manage.py dumpdata``): a list of ``{"model", "pk",
  "fields"}`` objects, the bases (``exercises.exercise``) pointing at
  categories, muscles and equipment by key and the translations
  (``exercises.translation``) and aliases (``exercises.alias``) at their base.
  Older fixtures call the base ``exercises.exercisebase`` and the translation
  ``exercises.exercise``; both are read.

The English translation is chosen by language (``core.language`` with
``short_name`` "en", else key 2, wger's English); a base with none is left out
and reported. Descriptions are HTML, reduced to text.
"""

from __future__ import annotations

import html
from collections import defaultdict
from collections.abc import Mapping, Sequence
from html.parser import HTMLParser
from typing import Any

__all__ = ["html_text", "is_wger", "wger_rows"]

#: wger's key for English, used when the file does not say.
ENGLISH = 2


class _Text(HTMLParser):
    _BLOCKS = frozenset({"p", "br", "li", "ul", "ol", "div", "h1", "h2", "h3", "h4", "tr"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self._BLOCKS:
            self.parts.append(" ")

    def handle_data(self, data: str) -> None:
        self.parts.append(data)


def html_text(value: str) -> str:
    """An HTML description as plain text: tags dropped, entities decoded, spaces collapsed.

    >>> html_text("<p>Lie on the bench.</p><ul><li>Press&nbsp;up</li><li>Lower</li></ul>")
    'Lie on the bench. Press up Lower'
    """
    if "<" not in value and "&" not in value:
        return " ".join(value.split())
    parser = _Text()
    parser.feed(value)
    parser.close()
    return " ".join(html.unescape("".join(parser.parts)).split())


def is_wger(doc: Sequence[object]) -> bool:
    """Whether a JSON list is in one of wger's layouts (exerciseinfo results or a fixture)."""
    first = next((row for row in doc if isinstance(row, Mapping)), None)
    return first is not None and ("translations" in first or ("model" in first and "fields" in first))


def _name(obj: object) -> str | None:
    if isinstance(obj, Mapping):
        for key in ("name_en", "name"):
            value = obj.get(key)
            if isinstance(value, str) and value.strip():
                return value.strip()
    return None


def _language(value: object, english: set[object]) -> bool:
    if isinstance(value, Mapping):
        return value.get("short_name") == "en" or value.get("id") in english
    return value in english


def _row(base_id: object, tr: Mapping[str, Any], base: Mapping[str, Any], names: Mapping[str, Any]) -> dict[str, Any]:
    """One plain row from a base and its English translation; *names* resolve keys to objects."""

    def look(key: str, item: object) -> str | None:
        """An object's name, or the name of the object a key points to (a fixture's keys)."""
        if isinstance(item, int | str) and not isinstance(item, bool):
            return _name(names.get(key, {}).get(item))
        return _name(item)

    def named(key: str) -> list[str]:
        items = base.get(key) or ()
        return [found for item in items if (found := look(key, item))] if isinstance(items, list) else []

    aliases = [a.get("alias") if isinstance(a, Mapping) else a for a in tr.get("aliases") or ()]
    return {
        "id": str(base_id),
        "name": tr.get("name"),
        "aliases": [a.strip() for a in aliases if isinstance(a, str) and a.strip()],
        "category": look("category", base.get("category")),
        "equipment": named("equipment"),
        "primary_muscles": named("muscles"),
        "secondary_muscles": named("muscles_secondary"),
        "description": html_text(tr.get("description") or "") if isinstance(tr.get("description"), str) else "",
    }


def wger_rows(doc: Sequence[object]) -> tuple[list[dict[str, Any]], list[str]]:
    """Plain rows (one per exercise base with an English translation) and notes on what was left out.

    >>> rows, notes = wger_rows([{"id": 9, "category": {"id": 10, "name": "Abs"},
    ...     "muscles": [{"id": 6, "name": "Rectus abdominis", "name_en": "Abs"}], "muscles_secondary": [],
    ...     "equipment": [{"id": 7, "name": "none (bodyweight exercise)"}],
    ...     "translations": [{"name": "Crunches", "language": 2, "description": "<p>Curl up.</p>",
    ...                       "aliases": [{"alias": "Sit-ups"}]}]}])
    >>> rows[0]["name"], rows[0]["category"], rows[0]["primary_muscles"], rows[0]["description"], notes
    ('Crunches', 'Abs', ['Abs'], 'Curl up.', [])
    """
    rows = [row for row in doc if isinstance(row, Mapping)]
    if rows and "model" in rows[0]:
        return _fixture(rows)
    out: list[dict[str, Any]] = []
    missing = 0
    for base in rows:
        tr = next((t for t in base.get("translations") or () if _language(t.get("language"), {ENGLISH})), None)
        if tr is None:
            missing += 1
            continue
        out.append(_row(base.get("id", base.get("uuid")), tr, base, {}))
    return out, _notes(missing)


def _notes(missing: int) -> list[str]:
    return [f"{missing} exercises have no English translation and were left out"] if missing else []


def _fixture(objects: list[Mapping[str, Any]]) -> tuple[list[dict[str, Any]], list[str]]:
    by_model: defaultdict[str, dict[object, Mapping[str, Any]]] = defaultdict(dict)
    for obj in objects:
        fields = obj.get("fields")
        if isinstance(fields, Mapping):
            by_model[str(obj.get("model", "")).lower()][obj.get("pk")] = fields
    new = "exercises.translation" in by_model
    bases = by_model["exercises.exercise" if new else "exercises.exercisebase"]
    translations = by_model["exercises.translation" if new else "exercises.exercise"]
    link = "exercise" if new else "exercise_base"
    english = {pk for pk, f in by_model["core.language"].items() if f.get("short_name") == "en"} or {ENGLISH}
    aliases: defaultdict[object, list[str]] = defaultdict(list)
    for f in by_model["exercises.alias"].values():
        owner = f.get("translation", f.get("exercise"))
        if isinstance(f.get("alias"), str):
            aliases[owner].append(f["alias"])
    chosen: dict[object, dict[str, Any]] = {}
    for pk, f in translations.items():
        if _language(f.get("language"), english) and f.get(link) not in chosen:
            chosen[f.get(link)] = {**f, "aliases": aliases.get(pk, [])}
    names = {
        "category": by_model["exercises.exercisecategory"],
        "muscles": by_model["exercises.muscle"],
        "muscles_secondary": by_model["exercises.muscle"],
        "equipment": by_model["exercises.equipment"],
    }
    out = [_row(pk, chosen[pk], base, names) for pk, base in bases.items() if pk in chosen]
    return out, _notes(len(bases) - len(out))
