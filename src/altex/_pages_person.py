"""The person part of the review page (``docs/conditions.md``): modifier values, surgery windows,
and how each condition is adjusted to the person, with sources."""

from __future__ import annotations

from .kb import KnowledgeBase
from .models import Condition, Level
from .person import ModifierKind

__all__ = ["adjustments_table", "person_section"]


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _cite(sources: tuple[str, ...]) -> str:
    return ", ".join(sources)


def adjustments_table(kb: KnowledgeBase, c: Condition) -> list[str]:
    """The ``Adjusted to the person`` table of one condition (empty when it has no adjustment)."""
    if not c.adjust:
        return []
    lines = [
        "### Adjusted to the person",
        "",
        "| when | mechanism | range | effect | why | sources | evidence |",
        "|---|---|---|---|---|---|---|",
    ]
    for a in c.adjust:
        when = ", ".join(kb.modifiers[m].name for m in a.when)
        if a.relaxes:
            span, effect = f"up to {a.at_most.value}", f"relaxed to {(a.relax_to or Level.OK).value} (floor)"
        else:
            span, effect = f"from {a.at_least.value}", f"raised to {(a.raise_to or Level.CAUTION).value}"
        lines.append(
            f"| {when} | {kb.mechanisms[a.mechanism].name} | {span} | {effect} | {_cell(a.note)} "
            f"| {_cite(a.sources)} | {a.evidence.value} |"
        )
    lines.append("")
    return lines


def person_section(kb: KnowledgeBase) -> str:
    """The ``Person modifiers`` section: every modifier value and operation window, with sources."""
    lines = [
        "## Person modifiers",
        "",
        "What altex may know about a person beyond the diagnoses (see `docs/verdicts.md` for how a",
        "relaxation is applied and reported). The value marked *default* is assumed when the person's",
        "value is not known: it is the most careful one and adjusts nothing.",
        "",
        "| kind | value | also called | implies | note | sources | evidence |",
        "|---|---|---|---|---|---|---|",
    ]
    for kind in ModifierKind:
        for m in (m for m in kb.modifiers.values() if m.kind is kind):
            flags = " (default)" if m.default else " (relaxes nothing)" if m.relaxes_nothing else ""
            implied = ", ".join(kb.conditions[c].name for c in m.implies) or "-"
            lines.append(
                f"| {kind.value} | {m.name}{flags} | {', '.join(m.aliases) or '-'} | {implied} "
                f"| {_cell(m.note or m.description)} | {_cite(m.sources)} | {m.evidence.value} |"
            )
    if kb.surgeries:
        lines += ["", "### After lumbar surgery", "", "| operation | weeks | judged with | note | sources |"]
        lines.append("|---|---|---|---|---|")
        for s in kb.surgeries.values():
            start = 0
            for w in s.windows:
                conds = ", ".join(kb.conditions[c].name for c in w.implies)
                lines.append(
                    f"| {s.name} | {start} to {w.until_week} | {conds} | {_cell(w.note)} | {_cite(w.sources)} |"
                )
                start = w.until_week
            lines.append(f"| {s.name} | from {start} | the diagnoses alone | - | - |")
    return "\n".join(lines) + "\n"
