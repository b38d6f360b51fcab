"""Name resolution: ids, names and aliases in any case or spacing -> record ids."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

from .errors import MAX_NAME_LENGTH, AmbiguousNameError, UnknownNameError

__all__ = ["NameIndex", "PhraseIndex", "normalize", "phrase_key"]

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
    """Resolves names of one kind of record (exercise, condition, ...) to ids.

    A name that two records answer to (a lay word the data marks as shared, such as
    "arthritis") resolves to neither: :meth:`resolve` raises :class:`AmbiguousNameError`
    naming each record, and :meth:`get` gives None. So does a short name that is no
    record's own but a word of several records' names ("row", "curl"): see :meth:`meanings`.

    >>> idx = NameIndex("condition", {"oa": ["OA", "arthritis"], "as": ["AS", "arthritis"]}, UnknownNameError)
    >>> idx.resolve("oa")
    'oa'
    >>> idx.resolve("arthritis")
    Traceback (most recent call last):
    ...
    altex.errors.AmbiguousNameError: 'arthritis' could mean more than one condition: 'OA' or 'AS'; name one
    """

    __slots__ = ("_ambiguous", "_by_words", "_error", "_keys", "_known", "_shared", "_shown", "_words", "kind")

    def __init__(
        self,
        kind: str,
        names: Mapping[str, Iterable[str]],
        error: type[UnknownNameError],
        ambiguous: type[AmbiguousNameError] = AmbiguousNameError,
        *,
        by_words: bool = False,
    ) -> None:
        """*names* maps each record id to the names it answers to (its id is always one, its first name is
        how an ambiguity names it). With *by_words*, a short name that is a word of several
        records' names is ambiguous too (see :meth:`meanings`)."""
        self.kind = kind
        self._by_words = by_words
        self._error = error
        self._ambiguous = ambiguous
        keys: dict[str, str] = {}
        shared: dict[str, list[str]] = {}
        shown: dict[str, str] = {}
        known: list[str] = []
        words: dict[str, set[str]] = {}
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
                for word in _words(name):
                    words.setdefault(word, set()).add(rid)
        for key in shared:
            del keys[key]
        self._keys: Mapping[str, str] = keys
        self._shared: Mapping[str, tuple[str, ...]] = {k: tuple(shown[r] for r in v) for k, v in shared.items()}
        self._known = tuple(sorted(set(known)))
        self._words: Mapping[str, frozenset[str]] = {w: frozenset(ids) for w, ids in words.items()}
        self._shown: Mapping[str, str] = shown

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
            candidates = self._shared.get(key) or tuple(self._shown[x] for x in self.meanings(name))
            # (meanings is empty unless the index was built with by_words)
            if len(candidates) >= 2:
                raise self._ambiguous(self.kind, name, candidates)
            raise self._error(self.kind, name, self._known)
        return rid

    def meanings(self, name: str) -> tuple[str, ...]:
        """The records whose names hold every word of a short *name* (up to six; none when it says more).

        A short gym name such as "row" or "curl" that is no record's own name, but a word of
        several, is ambiguous: the error names those records rather than guess one.
        """
        words = _words(name)
        if not self._by_words or not words or len(words) > 2:
            return ()
        found = frozenset.intersection(*(self._words.get(w, frozenset()) for w in words))
        return tuple(sorted(found, key=lambda rid: self._shown[rid].casefold()))[:6] if len(found) <= 6 else ()


#: Words that carry no meaning in a symptom someone types ("my foot keeps slapping").
_FILLER = frozenset(
    re.findall(
        r"[a-z]+",
        "a am an and are at do does feel feeling feels get gets getting got has have having i im in is it its "
        "keep keeping keeps like my of on the there this to",
    )
)
_IRREGULAR = {"feet": "foot"}


def phrase_key(text: str) -> str:
    """The key of a phrase: its words without filler, singular, in any order.

    >>> phrase_key("My foot keeps slapping") == phrase_key("slapping foot")
    True
    >>> phrase_key("numbness in both legs") == phrase_key("both legs numbness")
    True
    >>> phrase_key("numb leg") == phrase_key("numb legs both")
    False
    """
    words = _words(text.replace("'", "").replace("\u2019", ""))
    return " ".join(sorted({_IRREGULAR.get(w, w) for w in words if w not in _FILLER}))


class PhraseIndex(NameIndex):
    """A name index that also matches phrases: word order, plurals and filler words ignored.

    A phrase that would match two records matches neither (and raises with suggestions),
    so a loose phrasing never picks a milder symptom than the one meant.
    """

    __slots__ = ("_phrases",)

    def __init__(self, kind: str, names: Mapping[str, Iterable[str]], error: type[UnknownNameError]) -> None:
        super().__init__(kind, names, error)
        phrases: dict[str, str | None] = {}
        for rid, aliases in names.items():
            for name in (rid, *aliases):
                key = phrase_key(name)
                if key:
                    phrases[key] = rid if phrases.get(key, rid) == rid else None
        self._phrases: Mapping[str, str | None] = phrases

    def get(self, name: object) -> str | None:
        """The id *name* resolves to (exactly, or as a phrase), or None."""
        found = super().get(name)
        if found is None and isinstance(name, str) and len(name) <= MAX_NAME_LENGTH:
            found = self._phrases.get(phrase_key(name))
        return found

    def resolve(self, name: object) -> str:
        """The id *name* resolves to, exactly or as a phrase; raises with suggestions.

        >>> idx = PhraseIndex("symptom", {"foot-drop": ["foot slapping"]}, UnknownNameError)
        >>> idx.resolve("my foot keeps slapping")
        'foot-drop'
        """
        if isinstance(name, str) and len(name) <= MAX_NAME_LENGTH and name.strip():
            found = self.get(name)
            if found is not None:
                return found
        return super().resolve(name)
