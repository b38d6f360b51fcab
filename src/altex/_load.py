"""TOML files -> validated records, gathering every problem into one DataError.

Reading happens in three passes, each reporting all it finds before giving up:

1. parse every file (a TOML syntax error names the file and line);
2. validate every record against its model (file, ``kind.id`` and field);
3. merge the files (duplicate ids, ``replace = true``), then check that every
   reference resolves and that no two records answer to the same name.
"""

from __future__ import annotations

import functools
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from difflib import get_close_matches
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeAlias, TypeVar

from pydantic import ValidationError

from ._files import FileProblemError, decode, parse_toml, read_bytes, walk
from ._names import normalize
from ._person_check import check_person_data
from ._profiles import check_profiles, dominance
from .errors import DataError, DataProblem
from .models import (
    Aggravation,
    Benefit,
    Combination,
    Condition,
    Contraindication,
    Exercise,
    Inference,
    Mechanism,
    Record,
    Relief,
    Source,
)
from .pain import Symptom, TriageRule, band_problems
from .person import Modifier, Surgery

__all__ = ["Records", "TextFile", "data_files", "read_data_file", "read_records"]

#: Top-level TOML keys and the record model each holds, in the order the
#: documentation lists them.
TABLES: dict[str, type[Record]] = {
    "source": Source,
    "mechanism": Mechanism,
    "condition": Condition,
    "exercise": Exercise,
    "rule": Combination,
    "inference": Inference,
    "symptom": Symptom,
    "triage": TriageRule,
    "modifier": Modifier,
    "surgery": Surgery,
}

#: Refuse files larger than this: a knowledge base file is a few hundred kB.
MAX_FILE_BYTES = 8 * 1024 * 1024

if TYPE_CHECKING:
    from importlib.resources.abc import Traversable

#: A data file or folder: a path, or a package resource (``importlib.resources``).
DataFile: TypeAlias = "Path | Traversable | TextFile"
_R = TypeVar("_R", bound=Record)


@dataclass(frozen=True)
class Records:
    """Every record of a load, by kind and id, with the file each came from.

    Two loads are equal when they hold equal records, wherever those came from.
    """

    sources: Mapping[str, Source]
    mechanisms: Mapping[str, Mechanism]
    conditions: Mapping[str, Condition]
    exercises: Mapping[str, Exercise]
    rules: Mapping[str, Combination]
    symptoms: Mapping[str, Symptom]
    triage: Mapping[str, TriageRule]
    origin: Mapping[str, str] = field(repr=False, compare=False)
    inferences: Mapping[str, Inference] = field(default_factory=dict)
    modifiers: Mapping[str, Modifier] = field(default_factory=dict)
    surgeries: Mapping[str, Surgery] = field(default_factory=dict)

    @functools.cached_property
    def dominates(self) -> Mapping[str, tuple[str, ...]]:
        """For each exercise, the exercises with a direct harm rule that it dominates (:func:`dominance`)."""
        return dominance(self.exercises, (r.exercise for r in self.rules.values() if r.exercise is not None))


class TextFile:
    """TOML text held in memory, read as if it were a data file called *name*.

    It has the few methods of a file the loader uses (``is_file``,
    ``read_bytes``...), so :func:`altex.loads` goes through the same loader.

    >>> TextFile("<text 1>", "# empty").read_bytes()
    b'# empty'
    """

    def __init__(self, name: str, text: str) -> None:
        self.name = name
        # Lone surrogates cannot be UTF-8; keep them so the loader reports "not UTF-8 text".
        self._data = text.encode("utf-8", "surrogatepass")

    def __str__(self) -> str:
        return self.name

    def is_file(self) -> bool:
        return True

    def is_dir(self) -> bool:
        return False

    def iterdir(self) -> Iterator[TextFile]:
        return iter(())

    def read_bytes(self) -> bytes:
        return self._data


def read_records(paths: Iterable[DataFile]) -> Records:
    """Read, validate, merge and cross-check the TOML files under *paths*.

    Each path is a ``.toml`` file or a folder searched recursively (files in
    sorted order). Later paths may replace earlier records with ``replace = true``.
    Raises DataError listing every problem found.
    """
    unreadable: list[DataProblem] = []
    files = list(_expand(paths, unreadable))
    # One file at a time: its parsed tables are dropped once its records are validated, so a
    # large knowledge base never holds every file's tables and every record at once. Problems
    # with records are only reported when every file parsed (as if parsing came first).
    problems: list[DataProblem] = []
    merged: dict[str, dict[str, Record]] = {kind: {} for kind in TABLES}
    origin: dict[str, str] = {}
    kind_of: dict[str, str] = {}
    for f, label in files:
        doc = _parse(f, label, unreadable)
        if doc is None or unreadable:
            continue
        for kind, record, replace in _records(label, doc, problems):
            _merge(kind, record, replace, label, merged, origin, kind_of, problems)
        del doc
    if unreadable or problems:
        raise DataError(unreadable or problems)

    records = Records(
        sources=_typed(merged["source"], Source),
        mechanisms=_typed(merged["mechanism"], Mechanism),
        conditions=_typed(merged["condition"], Condition),
        exercises=_typed(merged["exercise"], Exercise),
        rules=_typed(merged["rule"], Combination),
        symptoms=_typed(merged["symptom"], Symptom),
        triage=_typed(merged["triage"], TriageRule),
        origin=origin,
        inferences=_typed(merged["inference"], Inference),
        modifiers=_typed(merged["modifier"], Modifier),
        surgeries=_typed(merged["surgery"], Surgery),
    )
    problems.extend(_check_references(records))
    problems.extend(check_person_data(records))
    problems.extend(_check_names(records))
    problems.extend(
        check_profiles(
            records.mechanisms,
            records.exercises,
            {
                cid: (("aggravated_by", c.aggravated_by), ("relieved_by", c.relieved_by))
                for cid, c in records.conditions.items()
            },
            {iid: (inf.profile, inf.loads) for iid, inf in records.inferences.items()},
            origin,
        )
    )
    problems.extend(DataProblem(origin[r], f"triage.{r}", f, m) for r, f, m in band_problems(records.triage))
    if problems:
        raise DataError(problems)
    return records


def data_files(paths: Iterable[DataFile]) -> list[tuple[DataFile, str]]:
    """Every ``.toml`` file under *paths*, with the label errors name it by; raises DataError."""
    problems: list[DataProblem] = []
    files = list(_expand(paths, problems))
    if problems:
        raise DataError(problems)
    return files


def _typed(records: dict[str, Record], model: type[_R]) -> dict[str, _R]:
    """The records of one kind, sorted by id and typed as their model."""
    out: dict[str, _R] = {}
    for key, record in sorted(records.items()):
        assert isinstance(record, model)
        out[key] = record
    return out


#: Files at the top of a data folder that hold no knowledge-base records: progression.toml
#: is read by altex.progression when first used (docs/progression.md), never by load().
NOT_RECORDS = frozenset({"progression.toml"})


def _expand(paths: Iterable[DataFile], problems: list[DataProblem]) -> Iterator[tuple[DataFile, str]]:
    for path in paths:
        if isinstance(path, str):
            path = Path(path)
        label = str(path)
        if path.is_dir():
            every = walk(path, ".toml") if isinstance(path, Path) else _walk(path)
            found = sorted((item for item in every if item[1] not in NOT_RECORDS), key=lambda item: item[1])
            if not found:
                problems.append(DataProblem(label, "", "", "folder holds no .toml files"))
            yield from ((f, f"{label}/{rel}") for f, rel in found)
        elif (isinstance(path, Path) and path.exists()) or path.is_file():
            yield path, label  # a FIFO or device too: reading it says why it is refused
        else:
            problems.append(DataProblem(label, "", "", "no such file or folder"))


def _walk(folder: DataFile, prefix: str = "") -> Iterator[tuple[DataFile, str]]:
    """A package resource folder (no symlinks there; see :func:`altex._files.walk` for paths)."""
    for child in folder.iterdir():
        rel = f"{prefix}{child.name}"
        if child.is_dir():
            yield from _walk(child, rel + "/")
        elif child.name.endswith(".toml"):
            yield child, rel


def read_data_file(path: DataFile) -> bytes:
    """The bytes of one data file, at most MAX_FILE_BYTES; raises FileProblemError."""
    if isinstance(path, Path):
        return read_bytes(path, MAX_FILE_BYTES)
    try:
        raw = path.read_bytes()  # in-memory text or a package resource: no file system to distrust
    except OSError as exc:
        raise FileProblemError(f"cannot read: {exc.strerror or exc}") from None
    if len(raw) > MAX_FILE_BYTES:
        raise FileProblemError(f"file too large ({len(raw)} bytes; at most {MAX_FILE_BYTES})")
    return raw


def _parse(path: DataFile, label: str, problems: list[DataProblem]) -> dict[str, Any] | None:
    try:
        return parse_toml(decode(read_data_file(path)))
    except FileProblemError as exc:
        problems.append(DataProblem(label, "", "", str(exc)))
    return None


def _records(label: str, doc: dict[str, Any], problems: list[DataProblem]) -> Iterator[tuple[str, Record, bool]]:
    for raw_key, tables in doc.items():
        key = _shown(raw_key)
        if key not in TABLES:
            hint = get_close_matches(key, list(TABLES), n=1)
            tip = f"; did you mean [[{hint[0]}]]?" if hint else f"; expected one of {', '.join(TABLES)}"
            problems.append(DataProblem(label, "", key, f"unknown table [[{key}]]{tip}"))
            continue
        if not isinstance(tables, list) or not all(isinstance(t, dict) for t in tables):
            problems.append(DataProblem(label, "", key, f"expected an array of tables: [[{key}]]"))
            continue
        for index, table in enumerate(tables):
            yield from _record(label, key, index, table, problems)


def _record(
    label: str, kind: str, index: int, table: dict[str, Any], problems: list[DataProblem]
) -> Iterator[tuple[str, Record, bool]]:
    raw_id = table.get("id")
    name = f"{kind}.{raw_id}" if isinstance(raw_id, str) and len(raw_id) <= 80 else f"{kind} #{index + 1}"
    data = dict(table)
    replace = data.pop("replace", False)
    if not isinstance(replace, bool):
        problems.append(DataProblem(label, name, "replace", "must be true or false"))
        return
    try:
        record = TABLES[kind].model_validate(data)
    except ValidationError as exc:
        problems.extend(DataProblem(label, name, _loc(err["loc"]), _message(err)) for err in exc.errors())
        return
    except RecursionError:
        problems.append(DataProblem(label, name, "", "nested too deeply"))
        return
    yield kind, record, replace


def _shown(key: str, limit: int = 60) -> str:
    """A TOML key as errors name it: a hostile file's megabyte-long key is cut short, not echoed back."""
    return key if len(key) <= limit else f"{key[: limit - 3]}..."


def _loc(loc: tuple[int | str, ...]) -> str:
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{_shown(part)}" if out else _shown(part))
    return out


def _message(err: Any) -> str:
    msg = str(err["msg"])
    if msg.startswith("Value error, "):
        msg = msg[len("Value error, ") :]
    if err["type"] == "string_pattern_mismatch" and "[a-z0-9]" in msg:
        msg = "must be lowercase kebab-case, such as 'lumbar-disc-herniation'"
    value = err.get("input")
    if err["type"] not in {"missing"} and isinstance(value, str | int | float | bool) and len(str(value)) <= 60:
        msg += f" (got {value!r})"
    return msg


def _merge(
    kind: str,
    record: Record,
    replace: bool,
    label: str,
    merged: dict[str, dict[str, Record]],
    origin: dict[str, str],
    kind_of: dict[str, str],
    problems: list[DataProblem],
) -> None:
    rid = record.id
    name = f"{kind}.{rid}"
    if rid in kind_of:
        where = f"{origin[rid]} [{kind_of[rid]}.{rid}]"
        if not replace:
            problems.append(
                DataProblem(
                    label, name, "id", f"duplicate id; also defined in {where} (say replace = true to replace it)"
                )
            )
            return
        if kind_of[rid] != kind:
            problems.append(
                DataProblem(label, name, "replace", f"can only replace a record of the same kind, not {where}")
            )
            return
    elif replace:
        problems.append(DataProblem(label, name, "replace", "replace = true but no earlier record has this id"))
        return
    merged[kind][rid] = record
    origin[rid] = label
    kind_of[rid] = kind


def _check_references(r: Records) -> Iterator[DataProblem]:
    def ref(rec: str, fld: str, target: str, pool: Mapping[str, object], what: str) -> Iterator[DataProblem]:
        if target not in pool:
            close = get_close_matches(target, list(pool), n=3)
            tip = f"; did you mean {' or '.join(map(repr, close))}?" if close else ""
            yield DataProblem(r.origin[rec.split(".", 1)[1]], rec, fld, f"unknown {what} {target!r}{tip}")

    def cited(rec: str, fld: str, sources: Iterable[str]) -> Iterator[DataProblem]:
        for i, sid in enumerate(sources):
            yield from ref(rec, f"{fld}.sources[{i}]" if fld else f"sources[{i}]", sid, r.sources, "source")

    def once(rec: str, fld: str, targets: list[str]) -> Iterator[DataProblem]:
        # Counter, not list.count: a hostile file may list the same target 100,000 times.
        for target in sorted(t for t, n in Counter(targets).items() if n > 1):
            yield DataProblem(r.origin[rec.split(".", 1)[1]], rec, fld, f"{target!r} is listed more than once")

    for c in r.conditions.values():
        rec = f"condition.{c.id}"
        effects: tuple[tuple[str, Sequence[Aggravation | Relief]], ...] = (
            ("aggravated_by", c.aggravated_by),
            ("relieved_by", c.relieved_by),
        )
        for fld, effs in effects:
            for i, eff in enumerate(effs):
                yield from ref(rec, f"{fld}[{i}].mechanism", eff.mechanism, r.mechanisms, "mechanism")
                yield from cited(rec, f"{fld}[{i}]", eff.sources)
    for e in r.exercises.values():
        rec = f"exercise.{e.id}"
        for i, mid in enumerate(e.loads):
            yield from ref(rec, f"loads[{i}]", mid, r.mechanisms, "mechanism")
        for mid in e.profile:
            yield from ref(rec, f"profile.{mid}", mid, r.mechanisms, "mechanism")
        for i, sub in enumerate(e.substitutes):
            yield from ref(rec, f"substitutes[{i}].exercise", sub.exercise, r.exercises, "exercise")
            yield from cited(rec, f"substitutes[{i}]", sub.sources)
        directs: tuple[tuple[str, Sequence[Contraindication | Benefit]], ...] = (
            ("contraindicated", e.contraindicated),
            ("helps", e.helps),
        )
        for fld, rules in directs:
            for i, direct in enumerate(rules):
                yield from ref(rec, f"{fld}[{i}].condition", direct.condition, r.conditions, "condition")
                yield from cited(rec, f"{fld}[{i}]", direct.sources)
            yield from once(rec, fld, [x.condition for x in rules])
        yield from once(rec, "substitutes", [s.exercise for s in e.substitutes])
    for rule in r.rules.values():
        rec = f"rule.{rule.id}"
        for i, cid in enumerate(rule.when):
            yield from ref(rec, f"when[{i}]", cid, r.conditions, "condition")
        if rule.exercise is not None:
            yield from ref(rec, "exercise", rule.exercise, r.exercises, "exercise")
        if rule.mechanism is not None:
            yield from ref(rec, "mechanism", rule.mechanism, r.mechanisms, "mechanism")
        yield from cited(rec, "", rule.sources)
    for inf in r.inferences.values():
        rec = f"inference.{inf.id}"
        for i, mid in enumerate(inf.loads):
            yield from ref(rec, f"loads[{i}]", mid, r.mechanisms, "mechanism")
        for mid in inf.profile:
            yield from ref(rec, f"profile.{mid}", mid, r.mechanisms, "mechanism")
        yield from cited(rec, "", inf.sources)
    for t in r.triage.values():
        rec = f"triage.{t.id}"
        for fld in ("symptoms_any", "symptoms_all"):
            for i, sid in enumerate(getattr(t.when, fld)):
                yield from ref(rec, f"when.{fld}[{i}]", sid, r.symptoms, "symptom")
        yield from cited(rec, "", t.sources)


def _check_names(r: Records) -> Iterator[DataProblem]:
    """Within one kind, no two records may answer to the same name, except a lay word that every
    record answering to it lists under ``shared_aliases`` (resolving it is then an ambiguity error)."""
    kinds: list[tuple[str, Mapping[str, Exercise | Condition | Mechanism | Symptom | Modifier | Surgery]]] = [
        ("exercise", r.exercises),
        ("condition", r.conditions),
        ("mechanism", r.mechanisms),
        ("symptom", r.symptoms),
        ("surgery", r.surgeries),
    ]
    for mkind in sorted({m.kind for m in r.modifiers.values()}, key=lambda k: k.value):
        kinds.append(("modifier", {mid: m for mid, m in r.modifiers.items() if m.kind is mkind}))
    shared = {normalize(a) for c in r.conditions.values() for a in c.shared_aliases}
    for kind, pool in kinds:
        owner: dict[str, str] = {}
        for rid, rec in pool.items():
            mine = {normalize(a) for a in getattr(rec, "shared_aliases", ())}
            listed = (("id", (rid,)), ("name", (rec.name,)), ("aliases", rec.aliases))
            for fld, names in (*listed, ("shared_aliases", getattr(rec, "shared_aliases", ()))):
                for name in names:
                    key = normalize(name)
                    if fld == "shared_aliases" or (key in mine and fld != "id"):
                        continue  # checked below: a shared word must be marked by every record it names
                    if not key:
                        yield DataProblem(r.origin[rid], f"{kind}.{rid}", fld, f"{name!r} has no letters or digits")
                    elif key in shared and kind == "condition":
                        yield DataProblem(
                            r.origin[rid],
                            f"{kind}.{rid}",
                            fld,
                            f"{name!r} is a shared alias of another condition; list it under shared_aliases here too",
                        )
                    elif owner.setdefault(key, rid) != rid:
                        other = owner[key]
                        yield DataProblem(
                            r.origin[rid],
                            f"{kind}.{rid}",
                            fld,
                            f"{name!r} also names {kind} {other!r} ({r.origin[other]}); names must be unique",
                        )
