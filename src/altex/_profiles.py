"""Movement profiles: the data checks that keep every profile complete and every threshold sound.

Every exercise rates every demand (a mechanism with a ``scale``); a missing
rating is an error, never a silent "none". A condition grades a demand by
thresholds (``at_least``) whose levels rise with the intensity, so that a
verdict is monotone in the profile by construction. Features (mechanisms
without a scale) are listed in ``loads`` and have no intensity to grade.
"""

from __future__ import annotations

import itertools
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping, Sequence

from .errors import DataProblem
from .models import Aggravation, Exercise, Intensity, Mechanism, Profile, Relief

__all__ = ["check_profiles", "demands", "dominance"]


def demands(mechanisms: Mapping[str, Mechanism]) -> tuple[str, ...]:
    """The ids of the graded mechanisms (the demands every profile rates), in id order.

    >>> demands(kb.mechanisms)[:3]
    ('asymmetric-load', 'axial-compression', 'ballistic-trunk')
    """
    return tuple(sorted(mid for mid, m in mechanisms.items() if m.graded))


def dominates(a: Exercise, b: Exercise) -> bool:
    """True when *a* does at least everything *b* does: every demand at least as high, every feature too."""
    return a.profile >= b.profile and set(a.loads) >= set(b.loads)


def dominance(exercises: Mapping[str, Exercise], named: Iterable[str] = ()) -> dict[str, tuple[str, ...]]:
    """For each exercise, the exercises with a rule by name (a direct harm, or *named*) that it dominates.

    A source that advises against an exercise by name speaks, through its
    movement, against every exercise that does at least as much: the verdict
    engine lets the dominating exercise inherit that rule (and a combination
    rule that names the exercise), so a verdict never
    falls as the movement grows (the dominance law).

    Only the few exercises that sources name are candidates, and they are
    compared all at once: for each demand and intensity, the set of named
    exercises at most that intense is one bit mask, so an exercise's dominated
    set is the AND of one mask per demand (and per feature it lacks). The cost
    is a few big-integer operations per exercise, not one comparison per pair.

    >>> "bow-pose" in dominance(kb.exercises)
    True
    """
    extra = set(named)
    ruled = [b for b in exercises.values() if b.contraindicated or b.id in extra]
    if not ruled:
        return {}
    rank = {i: n for n, i in enumerate(Intensity)}
    everyone = (1 << len(ruled)) - 1
    # at_most[demand][n]: the named exercises whose rating of the demand is at most the n-th intensity.
    at_most: dict[str, list[int]] = {}
    having: dict[str, int] = {}  # feature -> the named exercises that list it
    for bit, b in enumerate(ruled):
        for demand, intensity in b.profile.items():
            masks = at_most.setdefault(demand, [0] * len(rank))
            masks[rank[intensity]] |= 1 << bit
        for feature in b.loads:
            having[feature] = having.get(feature, 0) | 1 << bit
    for masks in at_most.values():
        # A named exercise that does not rate the demand does none of it: at most every intensity.
        rated = 0
        for n in range(len(masks)):
            rated |= masks[n]
            masks[n] = rated
        unrated = everyone & ~rated
        for n in range(len(masks)):
            masks[n] |= unrated
    position = {b.id: bit for bit, b in enumerate(ruled)}
    out: dict[str, tuple[str, ...]] = {}
    for a in exercises.values():
        found = everyone & ~(1 << position[a.id]) if a.id in position else everyone
        profile = a.profile
        for demand, masks in at_most.items():
            found &= masks[rank[profile.level(demand)]]
            if not found:
                break
        else:
            loads = a.loads
            for feature, mask in having.items():
                if feature not in loads:
                    found &= ~mask
        if found:
            out[a.id] = tuple(ruled[bit].id for bit in _bits(found))
    return out


def _bits(mask: int) -> Iterator[int]:
    """The positions of the set bits of *mask*, lowest first."""
    while mask:
        low = mask & -mask
        yield low.bit_length() - 1
        mask ^= low


def check_profiles(
    mechanisms: Mapping[str, Mechanism],
    exercises: Mapping[str, Exercise],
    conditions: Mapping[str, Sequence[tuple[str, Sequence[Aggravation | Relief]]]],
    profiles: Mapping[str, tuple[Profile, Sequence[str]]],
    origin: Mapping[str, str],
) -> Iterator[DataProblem]:
    """Every problem with profiles, feature lists and thresholds.

    *conditions* maps a condition id to its ``(field, rules)`` pairs; *profiles*
    maps an inference rule id to the profile and features it gives (a profile that may rate only some demands).
    """
    graded = demands(mechanisms)
    for e in exercises.values():
        rec, where = f"exercise.{e.id}", origin[e.id]
        missing = [d for d in graded if d not in e.profile]
        if missing:
            yield DataProblem(
                where,
                rec,
                "profile",
                f"does not rate {', '.join(map(repr, missing))}; rate every demand (none|low|moderate|high)",
            )
        yield from _rated(e.profile, e.loads, mechanisms, where, rec)
    for iid, (profile, loads) in profiles.items():
        yield from _rated(profile, loads, mechanisms, origin[iid], f"inference.{iid}")
    for cid, fields in conditions.items():
        rec, where = f"condition.{cid}", origin[cid]
        for fld, rules in fields:
            yield from _thresholds(rules, mechanisms, where, rec, fld)


def _rated(
    profile: Profile, loads: Sequence[str], mechanisms: Mapping[str, Mechanism], where: str, rec: str
) -> Iterator[DataProblem]:
    """Demands go in the profile, features in ``loads``."""
    for i, mid in enumerate(loads):
        m = mechanisms.get(mid)
        if m is not None and m.graded:
            yield DataProblem(where, rec, f"loads[{i}]", f"{mid!r} is a demand: rate it in the profile instead")
    for demand in profile:
        m = mechanisms.get(demand)  # an unknown id is reported with the other references
        if m is not None and not m.graded:
            yield DataProblem(
                where, rec, f"profile.{demand}", f"{demand!r} is a feature with no scale: list it in 'loads'"
            )


def _thresholds(
    rules: Sequence[Aggravation | Relief], mechanisms: Mapping[str, Mechanism], where: str, rec: str, fld: str
) -> Iterator[DataProblem]:
    for i, rule in enumerate(rules):
        m = mechanisms.get(rule.mechanism)
        if m is not None and not m.graded and rule.at_least is not Intensity.LOW:
            yield DataProblem(where, rec, f"{fld}[{i}].at_least", f"{rule.mechanism!r} is a feature: no intensity")
    # Counter, not a scan per rule: a hostile file may repeat one rule 100,000 times.
    for (mechanism, at_least), n in sorted(Counter((r.mechanism, r.at_least) for r in rules).items()):
        if n > 1:
            yield DataProblem(where, rec, fld, f"{mechanism!r} from {at_least.value!r} is listed more than once")
    harms = sorted((r for r in rules if isinstance(r, Aggravation)), key=lambda r: (r.mechanism, r.at_least))
    for low, high in itertools.pairwise(harms):
        if low.mechanism == high.mechanism and high.level <= low.level:
            yield DataProblem(
                where,
                rec,
                fld,
                f"{high.mechanism!r}: the rule from {high.at_least.value!r} must be stricter than the one from "
                f"{low.at_least.value!r} ({low.level.value}), or it says nothing",
            )
