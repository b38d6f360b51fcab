"""Name resolution: ids, names and aliases in any case or spacing -> record ids."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

from .errors import MAX_NAME_LENGTH, UnknownNameError

__all__ = ["NameIndex", "normalize"]

_IGNORED = re.compile(r"[\s\-_'\u2019.,/()]+")


def normalize(name: str) -> str:
    """The lookup key of a name: case, spaces, hyphens, underscores and punctuation ignored.

    >>> normalize("Child's Pose") == normalize("childs-pose") == normalize("CHILDS_POSE")
    True
    """
    return _IGNORED.sub("", name.casefold())


class NameIndex:
    """Resolves names of one kind of record (exercise, condition, ...) to ids."""

    __slots__ = ("_error", "_keys", "_known", "kind")

    def __init__(self, kind: str, names: Mapping[str, Iterable[str]], error: type[UnknownNameError]) -> None:
        """*names* maps each record id to the names it answers to (its id is always one)."""
        self.kind = kind
        self._error = error
        keys: dict[str, str] = {}
        known: list[str] = []
        for rid, aliases in names.items():
            for name in (rid, *aliases):
                keys.setdefault(normalize(name), rid)
                known.append(name.casefold())
        self._keys: Mapping[str, str] = keys
        self._known = tuple(sorted(set(known)))

    def get(self, name: object) -> str | None:
        """The id *name* resolves to, or None."""
        if not isinstance(name, str) or len(name) > MAX_NAME_LENGTH:
            return None
        return self._keys.get(normalize(name))

    def resolve(self, name: object) -> str:
        """The id *name* resolves to; raises the index's UnknownNameError subclass."""
        if not isinstance(name, str):
            raise self._error(self.kind, name, reason=f"expected a string, got {type(name).__name__}")
        if len(name) > MAX_NAME_LENGTH:
            raise self._error(self.kind, name, reason=f"too long ({len(name)} characters; at most {MAX_NAME_LENGTH})")
        if not name.strip():
            raise self._error(self.kind, name, reason="the name is empty")
        rid = self._keys.get(normalize(name))
        if rid is None:
            raise self._error(self.kind, name, self._known)
        return rid
