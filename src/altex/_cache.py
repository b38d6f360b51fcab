"""The load cache: a knowledge base built once per machine, not once per process.

Parsing TOML and validating a few hundred records takes longer than importing
altex's dependencies (and 100,000 records take half a minute), so the first
``altex.load()`` on a machine pickles the built knowledge base into the user's
cache folder; later processes that load the same files unpickle it. That holds
for the bundled data and for ``altex.load(paths)``.

The key of a cache file is a fingerprint of everything the result depends on:
the Python, pydantic and networkx versions, altex's own source files and every
data file's bytes. Any change gives a new key, so a stale cache is never read.
``ALTEX_CACHE_DIR`` chooses the folder (``$XDG_CACHE_HOME/altex`` or
``~/.cache/altex`` by default); setting it to an empty string turns caching off.

Trust. Unpickling runs code named in the file, so a cache file is only
unpickled when nobody but the user (or root) can have written it:

- the folder is opened once and checked on the open folder (``fstat``, so it
  cannot be swapped after the check): a folder, owned by the user, writable by
  no one else. A new folder is made with mode 0700;
- the file is opened inside that open folder without following a symlink and
  without blocking (a FIFO cannot hang the process), and must be a regular
  file owned by the user and writable by no one else;
- its header holds the full key and the payload's length, both checked before
  ``pickle.loads`` sees a byte (a file copied in under another name, or cut
  short, is never unpickled).

Why no keyed digest (HMAC) over the payload: its secret would live in the same
folder, so anyone able to plant a file there could replace the secret too, and
anyone able to write there as this user can already run code as this user. The
owner and mode checks above are the boundary; a digest would only add about
2 ms to every start for no protection they do not give. On a system without
POSIX owners (Windows) the checks cannot be made, and the cache is not used.

When a cache file or folder fails a check, altex rebuilds the knowledge base
and says why once on stderr. A cache that cannot be written is ignored:
loading never fails because of the cache.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import pickle
import stat
import sys
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TypeVar

import networkx
import pydantic

from ._load import DataFile, data_files, read_data_file

__all__ = ["cache_dir", "cached", "fingerprint"]

T = TypeVar("T")

#: Old cache files kept beside the newest (other altex versions or environments).
_KEEP = 4
#: The first line of every cache file; the format's version is its last digit.
_MAGIC = b"altex-kb-cache 2\n"
#: Largest cache file read (the bundled knowledge base pickles to about 0.5 MB, 100,000
#: exercises to about 80 MB).
_MAX_BYTES = 256 * 1024 * 1024
_warned = False
#: Ownership and open-folder checks need POSIX owners and ``dir_fd`` support.
_CAN_CHECK = hasattr(os, "getuid") and {os.open, os.stat, os.unlink, os.rename} <= os.supports_dir_fd


class UntrustedCacheError(Exception):
    """A cache folder or file that must not be used; the message says why."""


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
    if not _CAN_CHECK:
        return None
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
        h.update(label.encode() + b"\0" + read_data_file(f) + b"\0")
    return h.hexdigest()


def cached(paths: list[DataFile], build: Callable[[], T], kind: type[T]) -> T:
    """``build()``, or its result from an earlier process when nothing it depends on changed."""
    folder = cache_dir()
    if folder is None:
        return build()
    try:
        key = fingerprint(paths)
    except Exception:  # a data file that cannot be read: build() reports it properly
        return build()
    name = f"kb-{key[:40]}.pickle"
    try:
        found = read_cache(folder, name, key)
        if found is not None:
            result = pickle.loads(found)
            if isinstance(result, kind):
                return result
            raise UntrustedCacheError(f"{folder / name} does not hold a knowledge base")
    except UntrustedCacheError as exc:
        _warn(str(exc))
    except Exception as exc:  # checked, yet damaged (or from an incompatible library)
        _warn(f"{folder / name} could not be read back ({type(exc).__name__})")
    result = build()
    with contextlib.suppress(UntrustedCacheError):
        _store(folder, name, key, result)
    return result


def _warn(why: str) -> None:
    """Say once per process why the cache is not used."""
    global _warned
    if not _warned:
        _warned = True
        print(
            f"altex: not using the load cache: {why}; rebuilding (ALTEX_CACHE_DIR='' turns the cache off)",
            file=sys.stderr,
        )


def _open_folder(folder: Path, create: bool) -> int | None:
    """The open cache folder, checked; None when it does not exist (and *create* is false)."""
    if not _CAN_CHECK:
        raise UntrustedCacheError("this system cannot check who owns the cache folder")
    if create:
        try:
            folder.parent.mkdir(parents=True, exist_ok=True)
            folder.mkdir(mode=0o700)
        except FileExistsError:
            pass
        except OSError:
            return None  # a read-only disk: no cache, nothing to warn about
    flags = os.O_RDONLY | os.O_DIRECTORY | os.O_NONBLOCK | os.O_CLOEXEC
    try:
        fd = os.open(folder, flags)
    except FileNotFoundError:
        return None
    except NotADirectoryError:
        raise UntrustedCacheError(f"{folder} is not a folder") from None
    except OSError as exc:
        raise UntrustedCacheError(f"{folder} cannot be opened ({exc.strerror or exc})") from None
    try:
        _check(os.fstat(fd), str(folder), stat.S_ISDIR, "a folder")
    except UntrustedCacheError:
        os.close(fd)
        raise
    return fd


def _check(st: os.stat_result, label: str, is_kind: Callable[[int], bool], kind: str) -> None:
    if not is_kind(st.st_mode):
        raise UntrustedCacheError(f"{label} is not {kind}")
    if st.st_uid != os.getuid():
        raise UntrustedCacheError(f"{label} belongs to another user")
    if st.st_mode & (stat.S_IWGRP | stat.S_IWOTH):
        raise UntrustedCacheError(f"{label} is writable by other users")


def read_cache(folder: Path, name: str, key: str) -> memoryview | None:
    """The checked payload of cache file *name* for *key*, or None when there is none yet.

    Raises UntrustedCacheError for a folder or file that fails a check; nothing is unpickled here.
    """
    dfd = _open_folder(folder, create=False)
    if dfd is None:
        return None
    label = str(folder / name)
    try:
        flags = os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC
        try:
            fd = os.open(name, flags, dir_fd=dfd)
        except FileNotFoundError:
            return None
        except OSError as exc:  # ELOOP: a symlink
            raise UntrustedCacheError(f"{label} cannot be opened ({exc.strerror or exc})") from None
        with os.fdopen(fd, "rb") as fh:
            st = os.fstat(fd)
            _check(st, label, stat.S_ISREG, "a regular file")
            if st.st_size > _MAX_BYTES:
                raise UntrustedCacheError(f"{label} is too large")
            data = fh.read(st.st_size + 1)
    finally:
        os.close(dfd)
    end = data.find(b"\n\n", 0, 200) + 2
    if end < 2 or data[:end] != _header(key, len(data) - end):
        raise UntrustedCacheError(f"{label} is not a cache file of this knowledge base")
    return memoryview(data)[end:]


def _header(key: str, length: int) -> bytes:
    """The header of a cache file: magic line, full key, payload length, blank line."""
    return _MAGIC + f"key {key}\nlength {length}\n\n".encode()


def _store(folder: Path, name: str, key: str, result: object) -> None:
    dfd = _open_folder(folder, create=True)
    if dfd is None:
        return
    tmp = f".kb-{os.getpid()}-{os.urandom(4).hex()}.tmp"
    try:
        payload = pickle.dumps(result, protocol=pickle.HIGHEST_PROTOCOL)
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | os.O_CLOEXEC, 0o600, dir_fd=dfd)
        with os.fdopen(fd, "wb") as fh:
            fh.write(_header(key, len(payload)))
            fh.write(payload)
        # Atomic: readers see the old file or the whole new one (a FIFO planted there is replaced).
        os.replace(tmp, name, src_dir_fd=dfd, dst_dir_fd=dfd)
        tmp = ""
        _prune(dfd)
    except (OSError, pickle.PicklingError):
        pass  # a read-only or full disk only costs the next process a rebuild
    finally:
        if tmp:
            with contextlib.suppress(OSError):
                os.unlink(tmp, dir_fd=dfd)
        os.close(dfd)


def _prune(dfd: int) -> None:
    """Keep the newest few cache files; remove older ones."""
    found = []
    for entry in os.listdir(dfd):
        if entry.startswith("kb-") and entry.endswith(".pickle"):
            with contextlib.suppress(OSError):
                found.append((os.stat(entry, dir_fd=dfd, follow_symlinks=False).st_mtime, entry))
    for _, old in sorted(found, reverse=True)[_KEEP + 1 :]:
        with contextlib.suppress(OSError):
            os.unlink(old, dir_fd=dfd)
