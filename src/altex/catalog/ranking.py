"""Substitutes drawn from the catalog itself: who can stand in for a catalog exercise.

Candidates for a record are found once, on first use, from two places:

1. the knowledge base's own candidates for the exercise the record matched
   (curated substitutes, two hops, shared goals; see :mod:`altex._ranking`),
   carried over to the catalog records matched to those exercises, the score
   scaled by how sure each match is;
2. catalog records that work the same primary muscles (0.3-0.69, more for
   the same category, then for more shared muscles, the same mechanic and force).

Records that are unknown, or matched to the same exercise as the original,
never stand in. A query keeps the candidates that are not at avoid and ranks
them as ``kb.substitutes`` does: ok before caution, then by score, then by id.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Mapping, Sequence

from .._graph import NodeKind, attribute_node
from .._ranking import Candidate, select
from ..kb import KnowledgeBase
from ..models import Muscle
from .models import CatalogMapping, CatalogSuggestion, CatalogVerdict, MappingMethod

__all__ = ["CatalogFinder", "rank"]

SHARED, SHARED_MAX = 0.3, 0.69


def _jaccard(a: Sequence[object], b: Sequence[object]) -> float:
    sa, sb = set(a), set(b)
    return len(sa & sb) / len(sa | sb) if sa or sb else 0.0


class CatalogFinder:
    """Substitute candidates within one catalog, computed per record on first use and kept."""

    def __init__(self, kb: KnowledgeBase, mappings: Mapping[str, CatalogMapping]) -> None:
        self._kb = kb
        self._mappings = mappings
        by_exercise: defaultdict[str, list[str]] = defaultdict(list)
        by_muscle: defaultdict[Muscle, list[str]] = defaultdict(list)
        for rid, m in mappings.items():
            if m.method is MappingMethod.UNKNOWN:
                continue
            if m.exercise is not None:
                by_exercise[m.exercise.id].append(rid)
            for muscle in m.record.primary_muscles:
                by_muscle[muscle].append(rid)
        self._by_exercise = {
            eid: sorted(rids, key=lambda r: (-mappings[r].confidence, r)) for eid, rids in by_exercise.items()
        }
        self._by_muscle = dict(by_muscle)
        self._found: dict[str, tuple[Candidate, ...]] = {}

    def candidates(self, rid: str) -> tuple[Candidate, ...]:
        """The candidates for catalog record *rid*, best first."""
        found = self._found.get(rid)
        if found is None:
            found = self._found[rid] = self._search(rid)
        return found

    def _search(self, rid: str) -> tuple[Candidate, ...]:
        m = self._mappings[rid]
        own = m.exercise.id if m.exercise is not None else None
        found: dict[str, Candidate] = {}

        def offer(c: Candidate) -> None:
            if c.exercise == rid or (own is not None and self._exercise_of(c.exercise) == own):
                return
            if c.exercise not in found or found[c.exercise].score < c.score:
                found[c.exercise] = c

        if own is not None:
            for c in self._kb._candidates.get(own, ()):
                for other in self._by_exercise.get(c.exercise, ()):
                    score = round(c.score * self._mappings[other].confidence, 3)
                    offer(Candidate(other, score, (rid, *c.path, other), c.why))
        r = m.record
        for muscle in r.primary_muscles:
            node = attribute_node(NodeKind.MUSCLE, muscle.value)
            for other in self._by_muscle.get(muscle, ()):
                o = self._mappings[other].record
                # The same kind of work counts most: a stretch rarely stands in for a lift.
                score = SHARED + 0.15 * _jaccard(r.primary_muscles, o.primary_muscles)
                score += 0.05 * _jaccard(r.secondary_muscles, o.secondary_muscles)
                score += 0.12 * (o.category is not None and o.category == r.category)
                score += 0.04 * (o.mechanic is not None and o.mechanic == r.mechanic)
                score += 0.03 * (o.force is not None and o.force == r.force)
                shared = [x.value.replace("-", " ") for x in r.primary_muscles if x in o.primary_muscles]
                kind = f" ({o.category})" if o.category and o.category == r.category else ""
                why = f"Also works the {' and '.join(shared)}{kind}."
                offer(Candidate(other, round(min(score, SHARED_MAX), 3), (rid, node, other), why))
        return tuple(sorted(found.values(), key=lambda c: (-c.score, c.exercise)))

    def _exercise_of(self, rid: str) -> str | None:
        e = self._mappings[rid].exercise
        return e.id if e is not None else None


def rank(
    found: Sequence[Candidate],
    verdict_of: Callable[[str], CatalogVerdict],
    gear: frozenset[str] | None,
    limit: int,
) -> list[CatalogSuggestion]:
    """The best *limit* catalog candidates not at avoid, ranked as the knowledge base ranks (``select``)."""

    def judge(c: Candidate) -> CatalogVerdict | None:
        verdict = verdict_of(c.exercise)
        return None if gear is not None and not gear.issuperset(verdict.record.equipment) else verdict

    def make(c: Candidate, verdict: CatalogVerdict, score: float) -> CatalogSuggestion:
        return CatalogSuggestion.model_construct(
            record=verdict.record, score=score, verdict=verdict, path=c.path, why=c.why
        )

    return select(found, judge, make, limit)
