"""Substitutes: ranking the candidates (``_candidates``) for one person.

A query keeps the candidates that are allowed for the person's
conditions and ranks them: ok before caution, then by score, then by id.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import TypeVar

from ._candidates import BENEFIT_WEIGHT, OFF_GOAL, Candidate, CandidateIndex, final
from ._candidates import _busy as _busy  # the curation discount, pinned by the ranking tests
from ._candidates import _tier as _tier  # the goal tiers, pinned by the ranking tests
from ._verdicts import _join, _lc
from .models import Exercise, Goal, Level
from .results import Judged, Suggestion, Verdict, suggestion_sources

__all__ = ["BENEFIT_WEIGHT", "OFF_GOAL", "Candidate", "CandidateIndex", "rank", "select"]

_V = TypeVar("_V", bound=Judged)
_S = TypeVar("_S")


def rank(
    found: Iterable[Candidate],
    verdict_of: Callable[[str], Verdict],
    exercises: Mapping[str, Exercise],
    gear: frozenset[str] | None,
    limit: int,
    original: Verdict | None = None,
    bound: Callable[[Candidate], float] | None = None,
    rest: Callable[[], Iterable[Candidate]] | None = None,
) -> list[Suggestion]:
    """The best *limit* knowledge-base candidates not at avoid (see :func:`select`).

    With the *original* exercise's verdict for the person, a candidate that drops a goal the
    person's conditions make a reason to train (``keep_goals``: bone loading for osteoporosis)
    keeps only OFF_GOAL of its score, and the why says what the swap does for those conditions.
    """
    keep = _kept_goals(original)

    def judge(c: Candidate) -> Verdict | None:
        if gear is not None and not gear.issuperset(exercises[c.exercise].equipment):
            return None
        return verdict_of(c.exercise)

    def adjust(c: Candidate) -> float:
        if keep and not keep <= set(exercises[c.exercise].goals):
            return round(c.score * OFF_GOAL, 3)
        return c.score

    def make(c: Candidate, verdict: Verdict, score: float) -> Suggestion:
        return Suggestion.model_construct(
            exercise=verdict.exercise,
            score=score,
            verdict=verdict,
            path=c.path,
            why=_for_person(c.why, original, verdict),
            sources=suggestion_sources(exercises, c.path, verdict),
        )

    return select(found, judge, make, limit, adjust if keep else None, bound, rest)


def _kept_goals(original: Verdict | None) -> frozenset[Goal]:
    """The goals of the original that the person's conditions make a reason to train."""
    if original is None:
        return frozenset()
    wanted = {g for c in original.conditions for g in c.keep_goals}
    return frozenset(wanted & set(original.exercise.goals))


def _for_person(why: str, original: Verdict | None, verdict: Verdict) -> str:
    """*why*, then what the swap takes away that the person's own conditions dislike.

    >>> v = kb.substitutes("running", ["slipped disc"], limit=1)[0]
    >>> "lumbar disc herniation" in v.why
    True
    """
    if original is None or not original.conditions:
        return why
    kept = {(r.path[-2], r.condition.id) for r in verdict.harms if r.condition is not None and len(r.path) >= 3}
    eased: dict[str, list[str]] = {}
    for r in original.harms:
        if r.condition is None or len(r.path) < 3 or (r.path[-2], r.condition.id) in kept:
            continue
        if r.path[1] == r.path[-2]:  # exercise -> mechanism -> condition
            eased.setdefault(r.condition.name, []).append(r.path[1].replace("-", " "))
    if not eased:
        return why
    name = _lc(original.exercise.name)
    parts = [
        f"it keeps the {_join(list(dict.fromkeys(ms)))} of {name} below the level that aggravates your {_lc(cond)}"
        for cond, ms in sorted(eased.items())
    ]
    return f"{why} For you, {'; and '.join(parts)}."


def select(
    found: Iterable[Candidate],
    judge: Callable[[Candidate], _V | None],
    make: Callable[[Candidate, _V, float], _S],
    limit: int,
    adjust: Callable[[Candidate], float] | None = None,
    bound: Callable[[Candidate], float] | None = None,
    rest: Callable[[], Iterable[Candidate]] | None = None,
) -> list[_S]:
    """The best *limit* candidates that are not at avoid: ok first, then by score, then by id.

    *judge* gives a candidate's verdict (None leaves it out, e.g. for equipment);
    *make* turns a kept one into the caller's suggestion model; *adjust*, when
    given, lowers a candidate's base score for this query. Shared by the
    knowledge base and by app catalogs, so both rank the same way.

    *found* is sorted by base score, and a benefit adds at most BENEFIT_WEIGHT, so
    the scan stops as soon as no later candidate could enter the top *limit*;
    most queries judge only a handful of candidates. With *bound*, *found* is
    sorted by ``(-bound(c), id)`` instead, where ``bound(c)`` is at least the final
    score *c* can reach: the scan then stops at the first candidate that ranks
    below the last of the top *limit*, however many candidates tie above it.
    With *rest*, *found* holds every candidate that can be ok, and ``rest()``
    (sorted the same way) the others that are not surely at avoid, read only
    when fewer than *limit* candidates are ok.
    """
    ok: list[tuple[float, str, Candidate, _V]] = []
    caution: list[tuple[float, str, Candidate, _V]] = []
    _scan(found, judge, adjust, bound, ok, caution, ok, limit)
    if rest is not None and len(ok) < limit:
        _scan(rest(), judge, adjust, bound, ok, caution, caution, limit - len(ok))
    ok.sort(key=_key)
    caution.sort(key=_key)
    return [make(c, verdict, -score) for score, _, c, verdict in (ok + caution)[:limit]]


_Kept = list[tuple[float, str, Candidate, _V]]


def _scan(
    found: Iterable[Candidate],
    judge: Callable[[Candidate], _V | None],
    adjust: Callable[[Candidate], float] | None,
    bound: Callable[[Candidate], float] | None,
    ok: _Kept[_V],
    caution: _Kept[_V],
    pool: _Kept[_V],
    want: int,
) -> None:
    """Judge *found* into *ok* and *caution* until no later candidate could enter the best *want* of *pool*."""
    unsorted = False
    for c in found:
        if len(pool) >= want:
            if unsorted:
                pool.sort(key=_key)
                del pool[want:]
                unsorted = False
            last = pool[want - 1]
            if bound is None:
                if final(c.score, True) < -last[0]:
                    break
            elif (-bound(c), c.exercise) > (last[0], last[1]):
                break
        verdict = judge(c)
        if verdict is None or verdict.level is Level.AVOID:
            continue
        # *adjust* may only lower a base score, so the early stop above stays sound.
        score = final(adjust(c) if adjust is not None else c.score, bool(verdict.benefits))
        kept = ok if verdict.level is Level.OK else caution
        kept.append((-score, c.exercise, c, verdict))
        unsorted = unsorted or kept is pool


def _key(t: tuple[float, str, object, object]) -> tuple[float, str]:
    return t[0], t[1]
