"""The person engine: resolve a :class:`~altex.person.Person`, and adjust a verdict's reasons to them.

Resolving gives a :class:`~altex.person.Situation`: the condition ids (those named,
those implied by a bone status, a surgery window or another condition) and the
modifier values. Adjusting works on the reasons the rule engine gave for the
conditions alone:

1. a relaxation lowers one reason of its own condition, through its own mechanism,
   for an exercise doing at most ``at_most`` of it, to its floor (the highest floor
   when several apply); no other reason (another condition's, a direct rule, a
   combination rule, an inherited harm) is ever lowered, and a value that
   ``relaxes_nothing`` (peripheralising symptoms) turns every relaxation off;
2. a direct harm inherited from an exercise this one dominates, which the rule
   engine leaves out when the exercise's own harm is stricter, comes back when a
   relaxation brings the own harm below it;
3. a raise adds a harm of its condition for an exercise doing at least ``at_least``.

The verdict is then the maximum over the reasons, as always.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import TYPE_CHECKING

from ._names import NameIndex
from ._verdicts import Via, lc
from .errors import InvalidInputError, UnknownModifierError, UnknownSurgeryError
from .models import Adjustment, Condition, Intensity, Level, Mechanism
from .person import Modifier, ModifierKind, Person, Situation, Surgery
from .results import Reason

if TYPE_CHECKING:
    from ._load import Records

__all__ = ["PersonRules"]

_ADVICE = {Level.CAUTION: "take care with", Level.AVOID: "avoid"}


class PersonRules:
    """The person data of one knowledge base, indexed: built once at load, then only read."""

    __slots__ = ("_blockers", "_conditions", "_implied", "_mechanisms", "_modifiers", "_names", "_raise", "_relax",
                 "_surgeries", "_surgery_names")  # fmt: skip

    def __init__(self, r: Records) -> None:
        self._conditions: Mapping[str, Condition] = r.conditions
        self._mechanisms: Mapping[str, Mechanism] = r.mechanisms
        self._modifiers: Mapping[str, Modifier] = r.modifiers
        self._surgeries: Mapping[str, Surgery] = r.surgeries
        self._names: Mapping[ModifierKind, NameIndex] = {
            kind: NameIndex(
                kind.value,
                {mid: (m.name, *m.aliases) for mid, m in r.modifiers.items() if m.kind is kind},
                UnknownModifierError,
            )
            for kind in ModifierKind
        }
        self._surgery_names = NameIndex(
            "surgery", {sid: (s.name, *s.aliases) for sid, s in r.surgeries.items()}, UnknownSurgeryError
        )
        self._blockers = frozenset(mid for mid, m in r.modifiers.items() if m.relaxes_nothing)
        self._relax: Mapping[tuple[str, str], tuple[Adjustment, ...]] = {
            (cid, mid): found
            for cid, c in r.conditions.items()
            for mid in {a.mechanism for a in c.adjust}
            if (found := tuple(a for a in c.adjust if a.relaxes and a.mechanism == mid))
        }
        self._raise: Mapping[str, tuple[Adjustment, ...]] = {
            cid: found for cid, c in r.conditions.items() if (found := tuple(a for a in c.adjust if not a.relaxes))
        }
        self._implied: Mapping[str, frozenset[str]] = {
            cid: _closure(cid, r.conditions) for cid, c in r.conditions.items() if c.implies
        }

    # -- resolving -------------------------------------------------------------------

    def expand(self, cids: frozenset[str]) -> frozenset[str]:
        """*cids* with every condition they imply (a vertebral fracture implies osteoporosis)."""
        if not self._implied or cids.isdisjoint(self._implied):
            return cids
        return cids.union(*(self._implied.get(c, ()) for c in cids))

    def modifier(self, kind: ModifierKind, name: str) -> Modifier:
        """The modifier value of *kind* that *name* names; raises UnknownModifierError."""
        return self._modifiers[self._names[kind].resolve(name)]

    def surgery(self, name: str) -> Surgery:
        """The lumbar operation *name* names; raises UnknownSurgeryError."""
        return self._surgeries[self._surgery_names.resolve(name)]

    def situation(self, person: Person, named: Callable[[Iterable[str]], frozenset[str]]) -> frozenset[str]:
        """The conditions and modifier values of *person*; *named* resolves condition names.

        A value marked ``default`` is left out: it is how the data reads without it.
        Without any other value the answer is a plain frozenset, exactly as for a list of names.
        """
        cids = set(named(person.conditions))
        mods: set[str] = set()
        for kind, name in person.modifier_names():
            m = self.modifier(kind, name)
            cids.update(m.implies)
            if not m.default:
                mods.add(m.id)
        if person.surgery is not None:
            window = self.surgery(person.surgery).window(person.weeks_since_surgery)
            if window is not None:
                cids.update(window.implies)
        elif person.weeks_since_surgery is not None:
            raise InvalidInputError("weeks_since_surgery", "say which operation too ('surgery')")
        expanded = self.expand(frozenset(cids))
        return Situation(expanded, mods) if mods else expanded

    def names(self, kind: ModifierKind) -> list[str]:
        """The names of every value of *kind*, for help texts."""
        return [m.name for m in self._modifiers.values() if m.kind is kind]

    # -- adjusting ---------------------------------------------------------------------

    def adjust(
        self,
        name: str,
        reasons: Iterable[Reason],
        situation: frozenset[str],
        via: Callable[[str], Via | None],
        inherited: Callable[[str], Reason | None] = lambda _: None,
    ) -> list[Reason]:
        """*reasons* adjusted to the modifier values of *situation* (see the module docstring).

        *via* gives how the exercise reaches a mechanism (None when it does not);
        *inherited* the strongest direct harm the exercise inherits for a condition.
        """
        mods: frozenset[str] = getattr(situation, "modifiers", frozenset())
        out = list(reasons)
        if not mods:
            return out
        if mods.isdisjoint(self._blockers):
            relaxed_any = False
            for i, r in enumerate(out):
                c = r.condition
                if c is None or r.level is Level.OK or len(r.path) < 2 or r.path[-1] != c.id:
                    continue
                mid = r.path[-2]
                candidates = self._relax.get((c.id, mid))
                how = via(mid) if candidates else None
                if how is None or candidates is None:
                    continue
                fits = [
                    a
                    for a in candidates
                    if not mods.isdisjoint(a.when) and how.intensity <= a.at_most and r.level > (a.relax_to or Level.OK)
                ]
                if fits:
                    out[i] = self._relaxed(r, max(fits, key=lambda a: ((a.relax_to or Level.OK).rank, a.sources)), mods)
                    relaxed_any = True
            if relaxed_any:
                out += self._uncovered(out, situation, inherited)
        for cid in sorted(situation):
            for a in self._raise.get(cid, ()):
                if mods.isdisjoint(a.when):
                    continue
                how = via(a.mechanism)
                if how is not None and how.intensity >= a.at_least:
                    out.append(self._raised(name, how, a, self._conditions[cid], mods))
        return out

    @staticmethod
    def _uncovered(
        out: list[Reason], situation: frozenset[str], inherited: Callable[[str], Reason | None]
    ) -> list[Reason]:
        """Inherited direct harms that a relaxed own harm no longer covers."""
        back: list[Reason] = []
        for cid in sorted(situation):
            inh = inherited(cid)
            if inh is None or any(r.path == inh.path for r in out):
                continue
            worst = max((r.level for r in out if r.condition is not None and r.condition.id == cid), default=Level.OK)
            if inh.level > worst:
                back.append(inh)
        return back

    def _who(self, a: Adjustment, mods: frozenset[str]) -> str:
        return " and ".join(lc(self._modifiers[m].name) for m in a.when if m in mods)

    def _relaxed(self, r: Reason, a: Adjustment, mods: frozenset[str]) -> Reason:
        floor = a.relax_to or Level.OK
        text = f"{r.text} Relaxed from {r.level.value} to {floor.value} for {self._who(a, mods)}: {a.note}".rstrip()
        return Reason.model_construct(
            level=floor,
            condition=r.condition,
            path=r.path,
            text=text if text.endswith(".") else text + ".",
            sources=tuple(dict.fromkeys((*r.sources, *a.sources))),
            evidence=min(r.evidence, a.evidence),
            relaxed_from=r.level,
        )

    def _raised(self, name: str, how: Via, a: Adjustment, c: Condition, mods: frozenset[str]) -> Reason:
        level = a.raise_to or Level.CAUTION
        m = self._mechanisms[a.mechanism]
        dose = f" from {a.at_least.value} up" if m.graded and a.at_least is not Intensity.LOW else ""
        text = (
            f"{name} {how.verb(m)}, which aggravates {lc(c.name)} for {self._who(a, mods)}{dose}: "
            f"{_ADVICE[level]} it. {a.note}"
        ).rstrip()
        cite = how.cite(a)
        return Reason.model_construct(
            level=level,
            condition=c,
            path=(*how.path, m.id, c.id),
            text=text,
            sources=cite.sources,
            evidence=cite.evidence,
            relaxed_from=None,
        )


def _closure(cid: str, conditions: Mapping[str, Condition]) -> frozenset[str]:
    seen: set[str] = set()
    todo = [cid]
    while todo:
        for nxt in conditions[todo.pop()].implies:
            if nxt not in seen and nxt in conditions:
                seen.add(nxt)
                todo.append(nxt)
    return frozenset(seen)
