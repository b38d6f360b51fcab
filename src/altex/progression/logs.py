"""Session logs: what a person did, and how it felt (CSV, JSON or TOML).

A :class:`SessionLog` is one exercise on one day: the dose done and the
feedback (pain during 0-10, the next morning compared with usual, where leg
symptoms went, stopped early or not, optional effort, symptoms). Read a file of
them with :func:`read_logs`.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Annotated, Any

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, ValidationError

from .._files import FileProblemError, decode, parse_json, parse_toml, read_bytes
from ..errors import InvalidInputError
from ..pain import PainReport
from ._rules import Leg, NextMorning

__all__ = ["MAX_LOG_BYTES", "SessionLog", "read_logs"]

#: The largest log file read (10 MB: years of daily sessions).
MAX_LOG_BYTES = 10 * 1024 * 1024


def _enum_text(value: object) -> object:
    return value.strip().casefold().replace(" ", "-") if isinstance(value, str) else value


def _not_bool(value: object) -> object:
    if isinstance(value, bool):
        raise ValueError("expected a number, not true/false")
    return value


def _symptoms(value: object) -> object:
    """A bare string is one symptom; CSV cells separate several with ``;``."""
    if isinstance(value, str):
        return tuple(s.strip() for s in value.split(";") if s.strip())
    return value


SymptomName = Annotated[str, Field(min_length=1, max_length=200)]
Score = Annotated[int, BeforeValidator(_not_bool), Field(ge=0, le=10)]


class SessionLog(BaseModel):
    """One exercise done on one day, and how it felt.

    Only ``date``, ``exercise`` and ``pain_during`` are required.
    ``next_morning`` left out means not known yet. ``stage`` is the index of
    the ladder stage done (return to running), when there is one.

    >>> log = SessionLog(date="2025-03-03", exercise="walking", minutes=10, pain_during=2, next_morning="usual")
    >>> log.next_morning, log.leg
    (<NextMorning.USUAL: 'usual'>, <Leg.NONE: 'none'>)
    >>> SessionLog(date="2025-03-03", exercise="walking", pain_during=12)
    Traceback (most recent call last):
    ...
    altex.errors.InvalidInputError: pain_during: Input should be less than or equal to 10 (got 12)
    """

    model_config = ConfigDict(frozen=True, extra="forbid", str_strip_whitespace=True, defer_build=True)

    date: dt.date
    exercise: str = Field(min_length=1, max_length=200)
    sets: Annotated[int, BeforeValidator(_not_bool), Field(ge=1, le=100)] | None = None
    reps: Annotated[int, BeforeValidator(_not_bool), Field(ge=1, le=1000)] | None = None
    minutes: Annotated[float, BeforeValidator(_not_bool), Field(gt=0, le=24 * 60)] | None = None
    load_kg: Annotated[float, BeforeValidator(_not_bool), Field(gt=0, le=1000)] | None = None
    stage: Annotated[int, BeforeValidator(_not_bool), Field(ge=0, le=100)] | None = None
    pain_during: Score
    next_morning: Annotated[NextMorning, BeforeValidator(_enum_text)] = NextMorning.UNKNOWN
    leg: Annotated[Leg, BeforeValidator(_enum_text)] = Leg.NONE
    stopped: bool = False
    effort: Score | None = None
    symptoms: Annotated[
        tuple[Annotated[str, Field(min_length=1, max_length=200)], ...], BeforeValidator(_symptoms)
    ] = ()

    def __init__(self, **data: Any) -> None:
        try:
            super().__init__(**data)
        except ValidationError as exc:
            raise _input_error(exc) from None

    @classmethod
    def from_mapping(cls, data: object, where: str = "log") -> SessionLog:
        """A log entry from a mapping, or the entry itself; errors name *where*."""
        if isinstance(data, SessionLog):
            return data
        if not isinstance(data, Mapping) or not all(isinstance(k, str) for k in data):
            raise InvalidInputError(where, f"expected a session log (a mapping of its fields), got {data!r:.60}")
        # CSV cells are text: an empty cell is a field left out.
        fields = {k: v for k, v in data.items() if v != ""}
        try:
            return cls(**fields)
        except InvalidInputError as exc:
            if where == "log":
                raise
            raise InvalidInputError(f"{where}.{exc.field}", str(exc).removeprefix(f"{exc.field}: ")) from None

    def report(self) -> PainReport:
        """The pain report this session amounts to, for triage: the pain during it and its symptoms.

        >>> SessionLog(date="2025-03-03", exercise="walking", pain_during=3, symptoms="numbness").report().symptoms
        ('numbness',)
        """
        return PainReport(severity=self.pain_during, symptoms=self.symptoms)


def _input_error(exc: ValidationError) -> InvalidInputError:
    err = exc.errors()[0]
    loc = "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in err["loc"]).lstrip(".")
    msg = str(err["msg"]).removeprefix("Value error, ")
    got = err.get("input")
    if err["type"] not in {"missing", "extra_forbidden"} and isinstance(got, str | int | float):
        msg += f" (got {got!r:.40})"
    if err["type"] == "extra_forbidden":
        msg = "not a field of a session log"
    return InvalidInputError(loc or "log", msg)


def read_logs(path: str | Path) -> list[SessionLog]:
    """The session logs of a ``.csv``, ``.json`` or ``.toml`` file.

    CSV: a header row of field names, one session a row (several symptoms
    separated by ``;``). JSON: a list of sessions, or ``{"session": [...]}``.
    TOML: ``[[session]]`` tables. Errors name the file and the row or entry.

    >>> import tempfile, os
    >>> folder = tempfile.mkdtemp()
    >>> path = os.path.join(folder, "log.csv")
    >>> with open(path, "w") as f:
    ...     _ = f.write("date,exercise,minutes,pain_during,next_morning\\n2025-03-03,walking,10,2,usual\\n")
    >>> [(log.exercise, log.minutes) for log in read_logs(path)]
    [('walking', 10.0)]
    """
    path = Path(path)
    if path.suffix not in {".csv", ".json", ".toml"}:
        raise InvalidInputError("log", f"{path}: expected a .csv, .json or .toml file")
    text = read_text(path, "log")
    return parse_logs(text, path.suffix[1:], str(path))


def read_text(path: Path, what: str) -> str:
    """The UTF-8 text of a regular file of at most :data:`MAX_LOG_BYTES`; errors name *what* and the file."""
    try:
        return decode(read_bytes(path, MAX_LOG_BYTES)).removeprefix("\ufeff")
    except FileProblemError as exc:
        raise InvalidInputError(what, f"{path}: {exc}") from None


def parse_logs(text: str, fmt: str, label: str = "log") -> list[SessionLog]:
    """Session logs from *text* in format ``csv``, ``json`` or ``toml``.

    >>> parse_logs('[[session]]\\ndate = 2025-03-03\\nexercise = "plank"\\npain_during = 1\\n', "toml")[0].date
    datetime.date(2025, 3, 3)
    >>> parse_logs('[{"date": "2025-03-03", "exercise": "plank"}]', "json", "my.json")
    Traceback (most recent call last):
    ...
    altex.errors.InvalidInputError: my.json[1].pain_during: Field required
    """
    rows: Iterable[tuple[str, object]]
    try:
        if fmt == "csv":
            reader = csv.DictReader(io.StringIO(text))
            if reader.fieldnames is None:
                return []
            rows = ((f"{label} row {i + 2}", dict(r)) for i, r in enumerate(reader))
        else:
            doc = parse_json(text) if fmt == "json" else parse_toml(text)
            items = doc.get("session") if isinstance(doc, dict) else doc
            if not isinstance(items, list):
                want = "a list of sessions" if fmt == "json" else "[[session]] tables"
                raise InvalidInputError("log", f"{label}: expected {want}")
            rows = ((f"{label}[{i + 1}]", item) for i, item in enumerate(items))
        return [SessionLog.from_mapping(item, where) for where, item in rows]
    except FileProblemError as exc:
        raise InvalidInputError("log", f"{label}: {exc}") from None
    except csv.Error as exc:
        raise InvalidInputError("log", f"{label} is not valid CSV: {exc}") from None
