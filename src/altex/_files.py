"""Reading input files without trusting the file system: the one place altex opens a file it is given.

Every input file (data, plan, pain report, catalog, id mapping) goes through
:func:`read_bytes`, and TOML and JSON documents through :func:`parse_toml` and
:func:`parse_json`:

- only regular files are read: a FIFO, a device (``/dev/zero``, also through a
  symlink) or a folder is refused. The file is opened without blocking, so a
  FIFO cannot hang the process, and checked with ``fstat`` on the open file,
  so it cannot be swapped between the check and the read;
- the size is checked before reading and enforced while reading (a file that
  grows after the check is cut off and refused, never read to the end);
- nesting is bounded (:data:`MAX_DEPTH` levels of arrays and tables);
- folder walks (:func:`walk`) follow each real folder and file at most once,
  so a symlink loop cannot make a walk exponential or endless.

Each failure raises :class:`FileProblemError` with a one-line message; callers turn
it into their own altex error (a ``DataError`` for data, a ``CatalogError``
for a catalog, an ``InvalidInputError`` for a plan or report).
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from pathlib import Path
from typing import Any

__all__ = [
    "MAX_DEPTH",
    "MAX_PLAN_BYTES",
    "MAX_PLAN_ITEMS",
    "MAX_REPORT_BYTES",
    "FileProblemError",
    "check_depth",
    "decode",
    "parse_json",
    "parse_toml",
    "read_bytes",
    "read_document",
    "walk",
]

#: Deepest nesting of arrays and tables accepted in a TOML or JSON input file.
#: altex's own formats need four; the margin is for apps' catalog rows.
MAX_DEPTH = 32

#: Largest plan file read (a plan of a thousand items with doses is about 80 kB).
MAX_PLAN_BYTES = 256 * 1024
#: Most items a plan file may hold.
MAX_PLAN_ITEMS = 1000
#: Largest pain report file read (a report is a dozen fields).
MAX_REPORT_BYTES = 64 * 1024

_CHUNK = 1 << 16


class FileProblemError(Exception):
    """A file that cannot be read as an input: its message is one line, without the file's name."""


def read_bytes(path: str | os.PathLike[str], limit: int) -> bytes:
    """The bytes of the regular file at *path*, at most *limit* of them.

    >>> import tempfile
    >>> with tempfile.NamedTemporaryFile(suffix=".toml") as f:
    ...     _ = f.write(b"x = 1"); f.flush()
    ...     read_bytes(f.name, 100)
    b'x = 1'
    >>> read_bytes("/dev/null", 100)
    Traceback (most recent call last):
    ...
    altex._files.FileProblemError: not a regular file (a character device)
    """
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_BINARY", 0)
    try:
        fd = os.open(path, flags | getattr(os, "O_CLOEXEC", 0))
    except OSError as exc:
        raise FileProblemError(f"cannot read: {exc.strerror or exc}") from None
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            raise FileProblemError(f"not a regular file ({_kind(st.st_mode)})")
        if st.st_size > limit:
            raise FileProblemError(f"file too large ({st.st_size} bytes; at most {limit})")
        chunks: list[bytes] = []
        size = 0
        while chunk := os.read(fd, min(_CHUNK, limit + 1 - size)):
            chunks.append(chunk)
            size += len(chunk)
            if size > limit:
                raise FileProblemError(f"file too large (more than {limit} bytes)")
        return b"".join(chunks)
    except OSError as exc:
        raise FileProblemError(f"cannot read: {exc.strerror or exc}") from None
    finally:
        os.close(fd)


def _kind(mode: int) -> str:
    for test, name in (
        (stat.S_ISDIR, "a folder"),
        (stat.S_ISFIFO, "a FIFO"),
        (stat.S_ISCHR, "a character device"),
        (stat.S_ISBLK, "a block device"),
        (stat.S_ISSOCK, "a socket"),
    ):
        if test(mode):
            return name
    return "a special file"


def decode(raw: bytes, encoding: str = "utf-8") -> str:
    """*raw* as text; a file that is not UTF-8 is a :class:`FileProblemError` naming the first bad byte."""
    try:
        return raw.decode(encoding)
    except UnicodeDecodeError as exc:
        raise FileProblemError(f"not UTF-8 text (byte {exc.start})") from None


def check_depth(doc: object, limit: int = MAX_DEPTH, what: str = "") -> None:
    """Refuse a parsed document nested deeper than *limit* (checked without recursion).

    >>> check_depth({"a": [1, {"b": 2}]}, limit=3)
    >>> check_depth([[[[]]]], limit=3)
    Traceback (most recent call last):
    ...
    altex._files.FileProblemError: nested too deeply (more than 3 levels)
    """
    stack: list[tuple[object, int]] = [(doc, 1)]
    while stack:
        value, depth = stack.pop()
        children: Any = value.values() if isinstance(value, dict) else value if isinstance(value, list) else ()
        for child in children:
            if isinstance(child, dict | list):
                if depth + 1 > limit:
                    raise FileProblemError(f"{what}nested too deeply (more than {limit} levels)")
                stack.append((child, depth + 1))


def parse_toml(text: str) -> dict[str, Any]:
    """A TOML document, nesting bounded; a syntax error is a :class:`FileProblemError`."""
    import tomllib  # here, not at import: a load served from the cache never parses TOML

    try:
        doc = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise FileProblemError(f"TOML syntax error: {exc}") from None
    except RecursionError:
        raise FileProblemError(f"TOML nested too deeply (more than {MAX_DEPTH} levels)") from None
    check_depth(doc, what="TOML ")
    return doc


def parse_json(text: str) -> Any:
    """A JSON document, nesting bounded; a syntax error is a :class:`FileProblemError`."""
    import json

    try:
        doc = json.loads(text)
    except RecursionError:
        raise FileProblemError(f"JSON nested too deeply (more than {MAX_DEPTH} levels)") from None
    except ValueError as exc:
        raise FileProblemError(f"not valid JSON: {exc}") from None
    check_depth(doc, what="JSON ")
    return doc


def read_document(path: str | os.PathLike[str], limit: int) -> Any:
    """A ``.toml`` or ``.json`` file's document (chosen by the file's suffix), at most *limit* bytes.

    >>> read_document("plan.yaml", 100)
    Traceback (most recent call last):
    ...
    altex._files.FileProblemError: expected a .toml or .json file
    """
    suffix = Path(path).suffix.lower()
    if suffix not in {".toml", ".json"}:
        raise FileProblemError("expected a .toml or .json file")
    text = decode(read_bytes(path, limit))
    return parse_toml(text) if suffix == ".toml" else parse_json(text)


def walk(folder: Path, suffix: str) -> Iterator[tuple[Path, str]]:
    """Every file under *folder* whose name ends in *suffix*, with its path relative to *folder*.

    Entries come in sorted order. Symlinks are followed, but each real folder
    and each real file is visited at most once, so a link loop ends and a file
    linked twice is read once. Entries that vanish or cannot be listed are
    skipped here; reading them reports the problem.
    """
    seen: set[tuple[int, int]] = set()

    def visit(here: Path, prefix: str) -> Iterator[tuple[Path, str]]:
        try:
            st = here.stat()
            children = sorted(os.scandir(here), key=lambda e: e.name)
        except OSError:
            return
        if (st.st_dev, st.st_ino) in seen:
            return
        seen.add((st.st_dev, st.st_ino))
        for entry in children:
            rel = f"{prefix}{entry.name}"
            try:
                is_dir = entry.is_dir()  # follows a symlink; stat only, never opens it
                if not is_dir and not entry.name.endswith(suffix):
                    continue
                target = entry.stat()
            except OSError:
                if entry.name.endswith(suffix):
                    yield Path(entry.path), rel  # a dangling link: reading it says why
                continue
            if is_dir:
                yield from visit(Path(entry.path), rel + "/")
            elif (target.st_dev, target.st_ino) not in seen:
                seen.add((target.st_dev, target.st_ino))
                yield Path(entry.path), rel

    yield from visit(folder, "")
