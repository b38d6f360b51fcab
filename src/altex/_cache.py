"""The load cache: the bundled knowledge base, built once per machine, not once per process.

Parsing TOML and validating a few hundred records takes longer than importing
altex's dependencies, so the first ``altex.load()`` on a machine pickles the
built knowledge base into the user's cache folder; later processes unpickle it.

The file name is a fingerprint of everything the result depends on: the
Python, pydantic and networkx versions, altex's own source files and every data
file's bytes. Any change gives a new fingerprint, so a stale cache is never
read. ``ALTEX_CACHE_DIR`` chooses the folder (``$XDG_CACHE_HOME/altex`` or
``~/.cache/altex`` by default); setting it to an empty string turns caching off.
A cache that cannot be read or written is ignored: loading never fails because
of it.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import pickle
import sys
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TypeVar

import networkx
import pydantic

from ._load import DataFile, data_files

__all__ = ["cache_dir", "cached", "fingerprint"]

T = TypeVar("T")

#: Old cache files kept beside the newest (other altex versions or environments).
_KEEP = 4


def cache_dir() -> Path | None:
    """The folder of the load cache, or None when caching is turned off.

    >>> import os
    >>> os.environ["ALTEX_CACHE_DIR"] = ""
    >>> cache_dir() is None
    True
    >>> del os.environ["ALTEX_CACHE_DIR"]
    """
    env = os.environ.get("ALTEX_CACHE_DIR")
    if env is not None:
        return Path(env) if env else None
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "altex"


def fingerprint(paths: Iterable[DataFile]) -> str:
    """A hash of the versions, altex's source and the data files under *paths*."""
    h = hashlib.sha256()
    for part in (sys.version, pydantic.VERSION, networkx.__version__):
        h.update(part.encode() + b"\0")
    package = Path(__file__).parent
    for source in sorted(package.glob("*.py")):
        h.update(source.name.encode() + b"\0" + source.read_bytes() + b"\0")
    for f, label in data_files(paths):
        h.update(label.encode() + b"\0" + f.read_bytes() + b"\0")
    return h.hexdigest()


def cached(paths: list[DataFile], build: Callable[[], T], kind: type[T]) -> T:
    """``build()``, or its result from an earlier process when nothing it depends on changed."""
    folder = cache_dir()
    if folder is None:
        return build()
    try:
        target = folder / f"kb-{fingerprint(paths)[:40]}.pickle"
    except OSError:
        return build()
    with contextlib.suppress(Exception):  # a damaged or foreign cache file is simply rebuilt
        with open(target, "rb") as fh:
            found = pickle.load(fh)
        if isinstance(found, kind):
            return found
    result = build()
    _store(folder, target, result)
    return result


def _store(folder: Path, target: Path, result: object) -> None:
    import tempfile  # only when writing: most processes just read the cache

    tmp = None
    try:
        folder.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=folder, prefix=".kb-", suffix=".tmp", delete=False) as fh:
            tmp = fh.name
            pickle.dump(result, fh, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, target)  # atomic: readers see the old file or the whole new one
        tmp = None
        others = sorted(folder.glob("kb-*.pickle"), key=lambda p: p.stat().st_mtime, reverse=True)
        for old in others[_KEEP + 1 :]:
            old.unlink(missing_ok=True)
    except (OSError, pickle.PicklingError):
        pass  # a read-only or full disk only costs the next process a rebuild
    finally:
        if tmp is not None:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
