"""Review pages generated from the knowledge base (``altex docs conditions``).

``docs/conditions.md`` is this module's output for the bundled data: what
aggravates and relieves each condition, what to do instead, with sources, so
that a clinician can review the knowledge without reading TOML. A test fails
when the committed page is stale.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from typing import Any

from ._export import condition_diagram
from ._pages_person import adjustments_table, person_section
from ._profiles import demands
from ._ranking import rank
from .kb import KnowledgeBase
from .models import Condition, Intensity, Level
from .person import Person
from .results import Suggestion

__all__ = ["conditions_page", "coverage", "people", "profiles_table", "stats"]

_HEADER = """\
# Conditions: what aggravates, what relieves, what to do instead

Generated from the knowledge base by `altex docs conditions -o docs/conditions.md`; do not
edit by hand (a test fails when this page is stale). Each diagram shows the mechanisms that
aggravate or relieve the condition and the exercises that load most of them. Levels:
ok < caution < avoid; a verdict is the maximum over every rule that applies. Evidence,
weakest first: expert, biomechanical, clinical, guideline, review, trial. altex does not
diagnose.
"""


def _cell(text: str) -> str:
    return " ".join(text.replace("|", "\\|").split())


def _cite(sources: Iterable[str]) -> str:
    return ", ".join(sources)


def conditions_page(kb: KnowledgeBase) -> str:
    """The Markdown review page of every condition in *kb*.

    >>> page = conditions_page(kb)
    >>> page.startswith("# Conditions")
    True
    >>> "## Sciatica" in page
    True
    """
    parts = [_HEADER, _summary(kb)]
    parts += [_condition(kb, c) for c in kb.conditions.values()]
    parts.append(person_section(kb))
    parts.append(profiles_table(kb))
    parts.append(_sources(kb))
    return "\n".join(parts)


def _summary(kb: KnowledgeBase) -> str:
    lines = ["## Summary", "", "| condition | kind | ok | caution | avoid |", "|---|---|---|---|---|"]
    for c in kb.conditions.values():
        counts = dict.fromkeys(Level, 0)
        for eid in kb.exercises:
            counts[kb.verdict(eid, frozenset((c.id,))).level] += 1
        lines.append(
            f"| [{c.name}](#{_anchor(c.name)}) | {c.kind.value} | {counts[Level.OK]} "
            f"| {counts[Level.CAUTION]} | {counts[Level.AVOID]} |"
        )
    return "\n".join(lines) + "\n"


def _anchor(name: str) -> str:
    return "".join(ch for ch in name.lower().replace(" ", "-") if ch.isalnum() or ch == "-")


def _condition(kb: KnowledgeBase, c: Condition) -> str:
    only = frozenset((c.id,))
    also = f"; also called: {', '.join(c.aliases)}" if c.aliases else ""
    shared = (
        f"; shares with another condition (ambiguous alone): {', '.join(c.shared_aliases)}" if c.shared_aliases else ""
    )
    implied = f"; brings with it: {', '.join(kb.conditions[i].name for i in c.implies)}" if c.implies else ""
    lines = [f"## {c.name}", "", f"*{c.kind.value}*; id `{c.id}`{also}{shared}{implied}", "", _cell(c.description), ""]
    if c.aggravated_by or c.relieved_by:
        lines += ["```mermaid", condition_diagram(kb, c.id), "```", ""]

    if c.aggravated_by:
        lines += [
            "### Aggravated by",
            "",
            "| mechanism | from | level | exercises that reach it | why | sources | evidence |",
        ]
        lines.append("|---|---|---|---|---|---|---|")
        for a in sorted(c.aggravated_by, key=lambda x: (x.mechanism, x.at_least)):
            reach = sorted(e.name for e in kb.exercises.values() if e.intensity(a.mechanism) >= a.at_least)
            names = ", ".join(reach) or "-"
            lines.append(
                f"| {kb.mechanisms[a.mechanism].name} | {a.at_least.value} | {a.level.value} | {names} "
                f"| {_cell(a.note)} | {_cite(a.sources)} | {a.evidence.value} |"
            )
        lines.append("")
    direct = [(e, ci) for e in kb.exercises.values() for ci in e.contraindicated if ci.condition == c.id]
    if direct:
        lines += ["### Named exercises", "", "| exercise | level | why | sources | evidence |", "|---|---|---|---|---|"]
        for e, ci in direct:
            lines.append(
                f"| {e.name} | {ci.level.value} | {_cell(ci.note)} | {_cite(ci.sources)} | {ci.evidence.value} |"
            )
        lines.append("")
    combos = [r for r in kb.rules.values() if c.id in r.when]
    if combos:
        lines += ["### Together with other conditions", "", "| with | applies to | level | why | sources |"]
        lines.append("|---|---|---|---|---|")
        for r in combos:
            others = ", ".join(kb.conditions[o].name for o in r.when if o != c.id)
            target = kb.exercises[r.exercise].name if r.exercise else f"{kb.mechanisms[r.target].name} (mechanism)"
            lines.append(f"| {others} | {target} | {r.level.value} | {_cell(r.note)} | {_cite(r.sources)} |")
        lines.append("")
    lines += adjustments_table(kb, c)
    helps = [(e, b) for e in kb.exercises.values() for b in e.helps if b.condition == c.id]
    if c.relieved_by or helps:
        lines += ["### Relieved by", "", "| mechanism or exercise | why | sources | evidence |", "|---|---|---|---|"]
        for rel in c.relieved_by:
            m = kb.mechanisms[rel.mechanism]
            lines.append(f"| {m.name} (mechanism) | {_cell(rel.note)} | {_cite(rel.sources)} | {rel.evidence.value} |")
        for e, b in helps:
            lines.append(f"| {e.name} | {_cell(b.note)} | {_cite(b.sources)} | {b.evidence.value} |")
        lines.append("")
    avoid = [eid for eid in kb.exercises if kb.verdict(eid, only).level is Level.AVOID]
    if avoid:
        lines += ["### What to do instead", "", "| avoid | instead (ok first) |", "|---|---|"]
        for eid in avoid:
            subs = kb.substitutes(eid, c.id, limit=3)
            instead = ", ".join(f"{s.exercise.name} ({s.verdict.level.value})" for s in subs) or "none found"
            lines.append(f"| {kb.exercises[eid].name} | {instead} |")
        lines.append("")
    return "\n".join(lines)


_MARK = {Intensity.NONE: "·", Intensity.LOW: "L", Intensity.MODERATE: "M", Intensity.HIGH: "H"}


def profiles_table(kb: KnowledgeBase) -> str:
    """Every exercise's movement profile in one table (· none, L low, M moderate, H high).

    >>> table = profiles_table(kb)
    >>> row = next(line for line in table.splitlines() if line.startswith("| Running |"))
    >>> row.count("|") == len(demands(kb.mechanisms)) + 3
    True
    """
    graded = demands(kb.mechanisms)
    lines = [
        "## Movement profiles",
        "",
        "What each exercise does to the lower back: every demand rated none (·), low (L), moderate (M) or high"
        " (H), and the features it has. Columns: "
        + "; ".join(f"{i + 1} {kb.mechanisms[d].name}" for i, d in enumerate(graded))
        + ".",
        "",
        "| exercise | " + " | ".join(str(i + 1) for i in range(len(graded))) + " | features |",
        "|---|" + "---|" * len(graded) + "---|",
    ]
    for e in sorted(kb.exercises.values(), key=lambda x: x.name):
        marks = " | ".join(_MARK[e.profile.level(d)] for d in graded)
        features = ", ".join(kb.mechanisms[m].name for m in e.loads) or "-"
        lines.append(f"| {e.name} | {marks} | {features} |")
    return "\n".join(lines) + "\n"


def _sources(kb: KnowledgeBase) -> str:
    lines = ["## Sources", "", "| id | title | kind | year | citation |", "|---|---|---|---|---|"]
    for s in kb.sources.values():
        where = s.citation or s.url or ""
        lines.append(f"| {s.id} | {_cell(s.title)} | {s.kind.value} | {s.year or ''} | {_cell(where)} |")
    return "\n".join(lines) + "\n"


def people(kb: KnowledgeBase) -> list[tuple[str, frozenset[str]]]:
    """The people coverage is checked for: each condition alone, then each modifier value with every
    condition it adjusts (a bone status also alone, with what it implies); labelled for curators."""
    out = [(cid, frozenset((cid,))) for cid in kb.conditions]
    for m in kb.modifiers.values():
        if m.default:
            continue
        named = [c.id for c in kb.conditions.values() if any(m.id in a.when for a in c.adjust)]
        bases = [[cid] for cid in named] + ([[]] if m.implies else [])
        for base in bases:
            situation = kb.condition_ids(Person(conditions=tuple(base), **{m.kind.value: m.id}))
            out.append((f"{'+'.join(base) or 'no diagnosis'} with {m.id}", situation))
    return out


def coverage(kb: KnowledgeBase, limit: int = 5) -> dict[str, Any]:
    """How well *kb* answers "what instead?": for every (exercise, person) pair at avoid.

    The people are those of :func:`people`: each condition alone (``avoid_pairs``), then the
    modifier values with the conditions they adjust (``person_avoid_pairs``).
    ``covered``: pairs whose top *limit* substitutes include one at ok for that person;
    ``goal_kept``: pairs whose best ok substitute shares a training goal or category.

    >>> c = coverage(kb)
    >>> c["covered"] == c["avoid_pairs"] + c["person_avoid_pairs"]
    True
    """
    pairs = person_pairs = covered = goal_kept = 0
    uncovered: list[str] = []
    for label, who in people(kb):
        for eid, e in kb.exercises.items():
            if kb.verdict(eid, who).level is not Level.AVOID:
                continue
            if getattr(who, "modifiers", None) or label not in kb.conditions:
                person_pairs += 1
            else:
                pairs += 1
            ok = [s for s in _substitutes(kb, eid, who, limit) if s.verdict.level is Level.OK]
            if not ok:
                uncovered.append(f"{eid} / {label}")
                continue
            covered += 1
            best = ok[0].exercise
            goal_kept += bool(set(e.goals) & set(best.goals) or e.category is best.category)
    total = pairs + person_pairs
    return {
        "avoid_pairs": pairs,
        "person_avoid_pairs": person_pairs,
        "covered": covered,
        "covered_share": round(covered / total, 4) if total else 1.0,
        "goal_kept": goal_kept,
        "goal_kept_share": round(goal_kept / covered, 4) if covered else 1.0,
        "uncovered": uncovered,
    }


def _substitutes(kb: KnowledgeBase, eid: str, who: frozenset[str], limit: int) -> list[Suggestion]:
    """``kb.substitutes`` for resolved ids (the same ranking, without resolving names again)."""
    return rank(kb._candidates[eid], lambda x: kb.verdict(x, who), kb._records.exercises, None, limit)


def stats(kb: KnowledgeBase) -> dict[str, Any]:
    """Counts of *kb*'s records and rules, rules by evidence kind, and its coverage.

    >>> s = stats(kb)
    >>> s["exercises"] >= 120 and s["rules"]["total"] > 0
    True
    """
    evidence: Counter[str] = Counter()
    kinds: Counter[str] = Counter()
    for c in kb.conditions.values():
        for agg in c.aggravated_by:
            evidence[agg.evidence.value] += 1
            kinds["aggravated_by"] += 1
        for rel in c.relieved_by:
            evidence[rel.evidence.value] += 1
            kinds["relieved_by"] += 1
    for e in kb.exercises.values():
        for name, rules in (("substitutes", e.substitutes), ("contraindicated", e.contraindicated), ("helps", e.helps)):
            kinds[name] += len(rules)
            evidence.update(r.evidence.value for r in rules)
    for rule in kb.rules.values():
        evidence[rule.evidence.value] += 1
        kinds["combination"] += 1
    return {
        "exercises": len(kb.exercises),
        "conditions": len(kb.conditions),
        "mechanisms": len(kb.mechanisms),
        "sources": len(kb.sources),
        "rules": {"total": sum(kinds.values()), **dict(sorted(kinds.items()))},
        "rules_by_evidence": dict(sorted(evidence.items())),
        "coverage": coverage(kb),
    }
