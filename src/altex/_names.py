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


def _words(name: str) -> tuple[str, ...]:
    """The words of a name, lowercase, a plural ``s`` dropped: ``"Bent-over Rows"`` -> ``('bent', 'over', 'row')``."""
    found = re.findall(r"[a-z0-9]+", name.casefold())
    return tuple(w[:-1] if len(w) > 3 and w.endswith("s") and not w.endswith("ss") else w for w in found)


class NameIndex:
    """Resolves names of one kind of record (exercise, condition, ...) to ids."""

    __slots__ = ("_error", "_keys", "_known", "_names", "_shown", "_words", "kind")

    def __init__(self, kind: str, names: Mapping[str, Iterable[str]], error: type[UnknownNameError]) -> None:
        """*names* maps each record id to the names it answers to (its id is always one)."""
        self.kind = kind
        self._error = error
        self._names = {rid: tuple(aliases) for rid, aliases in names.items()}
        keys: dict[str, str] = {}
        for rid, aliases in self._names.items():
            keys.setdefault(normalize(rid), rid)
            for name in aliases:
                keys.setdefault(normalize(name), rid)
        self._keys: Mapping[str, str] = keys

    def _suggesting(self) -> None:
        """Build what only an unknown name needs (close matches, words, how records are shown), once."""
        if hasattr(self, "_shown"):
            return
        known: list[str] = []
        words: dict[str, set[str]] = {}
        shown: dict[str, str] = {}
        for rid, aliases in self._names.items():
            shown[rid] = next(iter(aliases), rid)  # a record's first name is how errors show it
            for name in (rid, *aliases):
                known.append(name.casefold())
                for word in _words(name):
                    words.setdefault(word, set()).add(rid)
        self._known = tuple(sorted(set(known)))
        self._words: Mapping[str, frozenset[str]] = {w: frozenset(ids) for w, ids in words.items()}
        self._shown: Mapping[str, str] = shown  # set last: the others are ready when it is

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
            self._suggesting()
            meant = self.meanings(name)
            if len(meant) >= 2:
                raise self._error(self.kind, name, ambiguous=tuple(self._shown[x] for x in meant))
            raise self._error(self.kind, name, self._known)
        return rid

    def meanings(self, name: str) -> tuple[str, ...]:
        """The records whose names hold every word of a short *name* (up to six; none when it says more).

        A short gym name such as "row" or "curl" that is no record's own name, but a word of
        several, is ambiguous: the error names those records rather than guess one.
        """
        words = _words(name)
        if not words or len(words) > 2:
            return ()
        self._suggesting()
        found = frozenset.intersection(*(self._words.get(w, frozenset()) for w in words))
        return tuple(sorted(found, key=lambda rid: self._shown[rid].casefold()))[:6] if len(found) <= 6 else ()
