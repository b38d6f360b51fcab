"""Opening a knowledge base: ``load()`` from files, ``loads()`` from text, and the bundled data.

The bundled knowledge base is built once per process (``functools.cache``) and,
through the load cache (``_cache``), once per machine; so is a knowledge base
loaded from files, as long as none of them changes.
"""

from __future__ import annotations

import functools
import gc
import os
from pathlib import Path

from ._cache import cached
from ._load import DataFile, TextFile, read_records
from .errors import InvalidInputError
from .kb import KnowledgeBase

__all__ = ["load", "loads"]


def _bundled_data() -> DataFile:
    here = Path(__file__).resolve().parent
    for folder in (here / "data", here.parents[1] / "data"):  # installed wheel; source checkout
        if folder.is_dir():
            return folder
    from importlib.resources import files  # a zipped install: only reachable as a resource

    return files("altex") / "data"


@functools.cache
def _bundled() -> KnowledgeBase:
    paths = [_bundled_data()]

    def build() -> KnowledgeBase:
        kb = KnowledgeBase(read_records(paths))
        kb._candidates.warm()  # the cached copy answers substitutes() at once
        return kb

    return cached(paths, build, KnowledgeBase)


def load(*paths: str | os.PathLike[str] | DataFile, bundled: bool = True) -> KnowledgeBase:
    """Load the knowledge base: the bundled data, merged with extra files or folders.

    With no arguments, the bundled knowledge base, loaded once and cached (the
    same object on every call). With *paths*, a new knowledge base of the
    bundled data plus those files (``.toml`` files, or folders searched
    recursively); a record whose id already exists is an error unless it says
    ``replace = true``. ``bundled=False`` loads only *paths*. Either way the
    load cache keeps the built knowledge base, so a later process that loads
    the same unchanged files unpickles it instead of parsing them again.

    Raises
    ------
    DataError
        Listing every problem found, each with its file, record and field.

    Examples
    --------
    >>> altex.load() is altex.load()
    True
    >>> altex.load("no-such-folder")
    Traceback (most recent call last):
    ...
    altex.errors.DataError: no-such-folder: no such file or folder
    """
    if not paths and bundled:
        return _bundled()
    if not paths:
        raise InvalidInputError("paths", "bundled=False needs at least one file or folder to load")
    extra: list[DataFile] = []
    for p in paths:
        if isinstance(p, str | os.PathLike):
            extra.append(Path(p))
        elif callable(getattr(p, "iterdir", None)) and callable(getattr(p, "read_bytes", None)):
            extra.append(p)  # an importlib.resources Traversable
        else:
            raise InvalidInputError("paths", f"expected a file or folder path, got {p!r:.60}")
    files = [_bundled_data(), *extra] if bundled else extra
    return _settled(cached(files, lambda: KnowledgeBase(read_records(files)), KnowledgeBase))


#: From this many exercises on, a load ends with a garbage collection (see :func:`_settled`).
_LARGE = 5_000


def _settled(kb: KnowledgeBase) -> KnowledgeBase:
    """*kb*, after collecting the garbage of loading it when it is large.

    Loading 100,000 exercises makes millions of objects; the collector would otherwise go
    through them during the first queries (a few milliseconds each). Once collected, they are
    old and rarely looked at again: the load pays for it once (about a second at 100,000).
    """
    if len(kb.exercises) >= _LARGE:
        gc.collect()
    return kb


def loads(*texts: str, bundled: bool = False) -> KnowledgeBase:
    """Load a knowledge base from TOML text, as :func:`load` loads files.

    Each text is one data file; errors name them ``<text 1>``, ``<text 2>``...
    in the order given, and later texts may replace records of earlier ones
    with ``replace = true``. With ``bundled=True`` the texts are merged over
    the bundled data. Nothing is cached and nothing touches the disk.

    Raises
    ------
    DataError
        Listing every problem found, each with its text, record and field.

    Examples
    --------
    >>> text = '''
    ... [[exercise]]
    ... id = "hop"
    ... name = "Hop"
    ... category = "cardio"
    ... profile = {}
    ... '''
    >>> altex.loads(text).exercise("HOP").name
    'Hop'
    >>> altex.loads(text, text)
    Traceback (most recent call last):
    ...
    altex.errors.DataError: <text 2>: [exercise.hop] id: duplicate id; also defined in <text 1> [exercise.hop] ...
    """
    if not all(isinstance(t, str) for t in texts):
        raise InvalidInputError("texts", "expected TOML text (str); use altex.load for files")
    sources: list[DataFile] = [TextFile(f"<text {i}>", text) for i, text in enumerate(texts, 1)]
    return _settled(KnowledgeBase(read_records([_bundled_data(), *sources] if bundled else sources)))
