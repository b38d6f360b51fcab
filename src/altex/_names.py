"""Name resolution: ids, names and aliases in any case or spacing -> record ids."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

from .errors import MAX_NAME_LENGTH, AmbiguousNameError, UnknownNameError

__all__ = ["NameIndex", "normalize"]

_IGNORED = re.compile(r"[\s\-_'\u2019.,/()]+")


def normalize(name: str) -> str:
    """The lookup key of a name: case, spaces, hyphens, underscores and punctuation ignored.

    >>> normalize("Child's Pose") == normalize("childs-pose") == normalize("CHILDS_POSE")
    True
    """
    return _IGNORED.sub("", name.casefold())


class NameIndex:
    """Resolves names of one kind of record (exercise, condition, ...) to ids.

    A name that two records answer to (a lay word the data marks as shared, such as
    "arthritis") resolves to neither: :meth:`resolve` raises :class:`AmbiguousNameError`
    naming each record, and :meth:`get` gives None.

    >>> idx = NameIndex("condition", {"oa": ["OA", "arthritis"], "as": ["AS", "arthritis"]}, UnknownNameError)
    >>> idx.resolve("oa")
    'oa'
    >>> idx.resolve("arthritis")
    Traceback (most recent call last):
    ...
    altex.errors.AmbiguousNameError: 'arthritis' could mean more than one condition: 'OA' or 'AS'; name one
    """

    __slots__ = ("_ambiguous", "_error", "_keys", "_known", "_shared", "kind")

    def __init__(
        self,
        kind: str,
        names: Mapping[str, Iterable[str]],
        error: type[UnknownNameError],
        ambiguous: type[AmbiguousNameError] = AmbiguousNameError,
    ) -> None:
        """*names* maps each record id to the names it answers to (its id is always one, its first name is
        how an ambiguity names it)."""
        self.kind = kind
        self._error = error
        self._ambiguous = ambiguous
        keys: dict[str, str] = {}
        shared: dict[str, list[str]] = {}
        shown: dict[str, str] = {}
        known: list[str] = []
        for rid, aliases in names.items():
            listed = list(aliases)
            shown[rid] = listed[0] if listed else rid
            for name in (rid, *listed):
                key = normalize(name)
                owner = keys.setdefault(key, rid)
                if owner != rid:
                    owners = shared.setdefault(key, [owner])
                    if rid not in owners:
                        owners.append(rid)
                known.append(name.casefold())
        for key in shared:
            del keys[key]
        self._keys: Mapping[str, str] = keys
        self._shared: Mapping[str, tuple[str, ...]] = {k: tuple(shown[r] for r in v) for k, v in shared.items()}
        self._known = tuple(sorted(set(known)))

    def get(self, name: object) -> str | None:
        """The id *name* resolves to, or None (also for an ambiguous name)."""
        if not isinstance(name, str) or len(name) > MAX_NAME_LENGTH:
            return None
        return self._keys.get(normalize(name))

    def resolve(self, name: object) -> str:
        """The id *name* resolves to; raises the index's UnknownNameError subclass (AmbiguousNameError
        for a name several records answer to)."""
        if not isinstance(name, str):
            raise self._error(self.kind, name, reason=f"expected a string, got {type(name).__name__}")
        if len(name) > MAX_NAME_LENGTH:
            raise self._error(self.kind, name, reason=f"too long ({len(name)} characters; at most {MAX_NAME_LENGTH})")
        if not name.strip():
            raise self._error(self.kind, name, reason="the name is empty")
        key = normalize(name)
        rid = self._keys.get(key)
        if rid is None:
            candidates = self._shared.get(key)
            if candidates:
                raise self._ambiguous(self.kind, name, candidates)
            raise self._error(self.kind, name, self._known)
        return rid
