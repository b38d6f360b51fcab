"""Loader checks of the person data: modifiers, surgery windows and condition adjustments.

What they guarantee (the laws of ``docs/verdicts.md`` rest on them):

- every name an adjustment, a modifier or a window refers to exists;
- each modifier kind has at most one ``default`` value, and no adjustment names it,
  so an unknown value is judged exactly as the data reads without modifiers;
- a stage only ever relaxes, so an unknown stage is judged as the most careful stage;
- a relaxation never names a value that ``relaxes_nothing``, and it relaxes a harm the
  condition really has through that mechanism at a level above its floor;
- ``implies`` never names the condition itself.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator, Mapping
from difflib import get_close_matches
from typing import TYPE_CHECKING

from .errors import DataProblem
from .person import ModifierKind

if TYPE_CHECKING:
    from ._load import Records

__all__ = ["check_person_data"]


def _unknown(file: str, rec: str, fld: str, target: str, pool: Mapping[str, object], what: str) -> DataProblem:
    close = get_close_matches(target, list(pool), n=3)
    tip = f"; did you mean {' or '.join(map(repr, close))}?" if close else ""
    return DataProblem(file, rec, fld, f"unknown {what} {target!r}{tip}")


def _refs(
    file: str, rec: str, fld: str, targets: Iterable[str], pool: Mapping[str, object], what: str
) -> Iterator[DataProblem]:
    """A problem for each of *targets* (listed in field *fld*) that *pool* does not hold."""
    for i, target in enumerate(targets):
        if target not in pool:
            yield _unknown(file, rec, f"{fld}[{i}]", target, pool, what)


def check_person_data(r: Records) -> Iterator[DataProblem]:
    """Every problem of the person data of *r* (references, defaults, relaxations)."""
    defaults = Counter(m.kind for m in r.modifiers.values() if m.default)
    for m in r.modifiers.values():
        rec, file = f"modifier.{m.id}", r.origin[m.id]
        if defaults[m.kind] > 1 and m.default:
            yield DataProblem(file, rec, "default", f"more than one {m.kind.value} value is marked default")
        yield from _refs(file, rec, "implies", m.implies, r.conditions, "condition")
        yield from _refs(file, rec, "sources", m.sources, r.sources, "source")
    for s in r.surgeries.values():
        rec, file = f"surgery.{s.id}", r.origin[s.id]
        for w, window in enumerate(s.windows):
            yield from _refs(file, rec, f"windows[{w}].implies", window.implies, r.conditions, "condition")
            yield from _refs(file, rec, f"windows[{w}].sources", window.sources, r.sources, "source")
    for c in r.conditions.values():
        rec, file = f"condition.{c.id}", r.origin[c.id]
        for i, cid in enumerate(c.implies):
            if cid == c.id:
                yield DataProblem(file, rec, f"implies[{i}]", "a condition cannot imply itself")
            elif cid not in r.conditions:
                yield _unknown(file, rec, f"implies[{i}]", cid, r.conditions, "condition")
        for i, adj in enumerate(c.adjust):
            fld = f"adjust[{i}]"
            if adj.mechanism not in r.mechanisms:
                yield _unknown(file, rec, f"{fld}.mechanism", adj.mechanism, r.mechanisms, "mechanism")
            yield from _refs(file, rec, f"{fld}.sources", adj.sources, r.sources, "source")
            for j, mid in enumerate(adj.when):
                value = r.modifiers.get(mid)
                if value is None:
                    yield _unknown(file, rec, f"{fld}.when[{j}]", mid, r.modifiers, "modifier")
                elif value.default:
                    yield DataProblem(
                        file, rec, f"{fld}.when[{j}]", f"{mid!r} is the value assumed when unknown; it adjusts nothing"
                    )
                elif value.relaxes_nothing and adj.relaxes:
                    yield DataProblem(file, rec, f"{fld}.when[{j}]", f"{mid!r} relaxes nothing; it cannot relax")
                elif value.kind is ModifierKind.STAGE and not adj.relaxes:
                    yield DataProblem(
                        file,
                        rec,
                        f"{fld}.when[{j}]",
                        f"{mid!r} is a stage, which may only relax: the data is written for the most careful stage",
                    )
            if adj.relax_to is not None:
                floor = adj.relax_to
                harms = [a for a in c.aggravated_by if a.mechanism == adj.mechanism and a.level > floor]
                if not any(a.at_least <= adj.at_most for a in harms):
                    yield DataProblem(
                        file,
                        rec,
                        fld,
                        f"relaxes nothing: {c.id!r} has no harm through {adj.mechanism!r} above "
                        f"{floor.value!r} up to {adj.at_most.value!r}",
                    )
