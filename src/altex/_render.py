"""Answers as text for people and as JSON-ready dicts for machines (used by the CLI)."""

from __future__ import annotations

import textwrap
from collections.abc import Mapping, Sequence
from typing import Any

from .kb import KnowledgeBase
from .models import Condition, Exercise, Level, Mechanism, Source
from .pain import Assessment
from .results import AdaptedPlan, PlanAction, Reason, Suggestion, Verdict

__all__ = [
    "assessment_json",
    "assessment_text",
    "plan_json",
    "plan_text",
    "record_json",
    "record_text",
    "suggestions_json",
    "suggestions_text",
    "verdict_json",
    "verdict_text",
]

_MARK = {Level.OK: "OK", Level.CAUTION: "CAUTION", Level.AVOID: "AVOID"}
_ACTION = {
    PlanAction.KEEP: "keep",
    PlanAction.CAUTION: "caution",
    PlanAction.REPLACE: "replace",
    PlanAction.DROP: "drop",
}


def _wrap(text: str, indent: str) -> str:
    return textwrap.fill(text, width=88, initial_indent=indent, subsequent_indent=indent + "  ")


def reason_json(r: Reason) -> dict[str, Any]:
    return {
        "level": r.level.value,
        "condition": r.condition.id if r.condition else None,
        "path": list(r.path),
        "text": r.text,
        "sources": list(r.sources),
        "evidence": r.evidence.value,
        "relaxed_from": r.relaxed_from.value if r.relaxed_from else None,
    }


#: Said for a verdict with conditions but no rule about them: not judged, which is not the same as OK.
NO_RULE = (
    "No rule in the knowledge base links this exercise to these conditions: "
    "it is not judged, which is not the same as OK."
)


def verdict_json(v: Verdict) -> dict[str, Any]:
    return {
        "exercise": v.exercise.id,
        "name": v.exercise.name,
        "conditions": [c.id for c in v.conditions],
        "modifiers": [m.id for m in v.modifiers],
        "level": v.level.value,
        "rule_known": bool(v.reasons),
        "reasons": [reason_json(r) for r in v.reasons],
        "note": NO_RULE if v.conditions and not v.reasons else None,
    }


def _conditions(conds: Sequence[Condition]) -> str:
    return ", ".join(c.name for c in conds) or "no conditions given"


def _reasons_text(reasons: Sequence[Reason], kb: KnowledgeBase, indent: str = "  ") -> list[str]:
    lines = []
    for r in reasons:
        mark = "+" if r.is_benefit else "~" if r.relaxed_from else "-"
        level = f"{r.level.value}, relaxed from {r.relaxed_from.value}" if r.relaxed_from else r.level.value
        lines.append(_wrap(f"{mark} [{level}] {r.text}", indent))
        lines.append(f"{indent}    path: {' -> '.join(r.path)}")
        lines.append(f"{indent}    sources: {_cite(r.sources, kb)}")
    return lines


def _cite(ids: Sequence[str], kb: KnowledgeBase) -> str:
    return "; ".join(f"{sid} ({kb.sources[sid].title})" if sid in kb.sources else sid for sid in ids)


def verdict_text(v: Verdict, kb: KnowledgeBase) -> str:
    if not v.conditions:
        return f"{v.exercise.name}: general answer (no conditions given)"
    if not v.reasons:
        return f"{v.exercise.name}: no rule known for {_conditions(v.conditions)}\n{_wrap(NO_RULE, '  ')}"
    who = _conditions(v.conditions) + "".join(f"; {m.name.lower()}" for m in v.modifiers)
    return "\n".join([f"{v.exercise.name}: {_MARK[v.level]} for {who}", *_reasons_text(v.reasons, kb)])


def suggestion_json(s: Suggestion) -> dict[str, Any]:
    return {
        "exercise": s.exercise.id,
        "name": s.exercise.name,
        "score": s.score,
        "level": s.verdict.level.value,
        "path": list(s.path),
        "why": s.why,
        "sources": list(s.sources),
        "reasons": [reason_json(r) for r in s.verdict.reasons],
    }


def suggestions_json(original: Exercise, conds: Sequence[Condition], found: Sequence[Suggestion]) -> dict[str, Any]:
    return {
        "exercise": original.id,
        "conditions": [c.id for c in conds],
        "substitutes": [suggestion_json(s) for s in found],
    }


def suggestions_text(
    original: Exercise, conds: Sequence[Condition], found: Sequence[Suggestion], kb: KnowledgeBase
) -> str:
    lines = [f"Instead of {original.name} ({_conditions(conds)}):"]
    if not found:
        lines.append("  No safe substitute in the knowledge base for these conditions.")
    for i, s in enumerate(found, 1):
        lines.append(f"{i:>2}. {s.exercise.name} [{s.verdict.level.value}, score {s.score:.2f}]")
        lines.append(_wrap(s.why, "      "))
        lines.append(f"      path: {' -> '.join(s.path)}")
        lines.append(
            _wrap(f"sources: {_cite(s.sources, kb) or 'none (a shared training goal, not a curated rule)'}", "      ")
        )
        lines += _reasons_text(s.verdict.harms, kb, indent="      ")
    return "\n".join(lines)


def plan_json(plan: AdaptedPlan) -> dict[str, Any]:
    items = []
    for item in plan.items:
        result = item.result
        items.append(
            {
                "exercise": item.original.id,
                "action": _ACTION[item.action],
                "level": item.verdict.level.value,
                "replacement": item.replacement.id if item.replacement else None,
                "entry": item.entry.model_dump(mode="json"),
                "result": result.model_dump(mode="json") if result else None,
                "note": item.note,
                "sources": list(item.sources),
                "reasons": [reason_json(r) for r in item.verdict.reasons],
            }
        )
    return {
        "conditions": [c.id for c in plan.conditions],
        "note": plan.note,
        "assessment": assessment_json(plan.assessment) if plan.assessment else None,
        "items": items,
    }


def plan_text(plan: AdaptedPlan, kb: KnowledgeBase | None = None) -> str:
    lines = [f"Plan adapted for {_conditions(plan.conditions)}:"]
    if plan.note:
        lines.append(_wrap(plan.note, "  "))
    for item in plan.items:
        dose = _dose(item.entry.model_dump())
        head = f"  {_ACTION[item.action]:<8} {item.original.name}{dose}"
        if item.replacement is not None:
            head += f" -> {item.replacement.name}{dose}"
        lines.append(head)
        if item.action is not PlanAction.KEEP or not item.verdict.reasons:
            lines.append(_wrap(item.note, "           "))
        if kb is not None and item.sources:
            lines.append(_wrap(f"sources: {_cite(item.sources, kb)}", "           "))
    return "\n".join(lines)


#: Said under every assessment printed for people.
DISCLAIMER = "altex does not diagnose; this is general guidance. See a clinician about your own back."


def assessment_json(a: Assessment) -> dict[str, Any]:
    return {
        "kind": a.kind.value,
        "action": a.action.value,
        "advice": a.advice,
        "symptoms": [s.id for s in a.symptoms],
        "reasons": [
            {
                "rule": r.rule,
                "kind": r.kind.value if r.kind else None,
                "action": r.action.value,
                "text": r.text,
                "advice": r.advice,
                "sources": list(r.sources),
                "evidence": r.evidence.value,
            }
            for r in a.reasons
        ],
    }


def assessment_text(a: Assessment, kb: KnowledgeBase) -> str:
    label = a.kind.value.replace("_", " ")
    lines = [f"Pain report: {label}; action: {a.action.value.replace('_', ' ').upper()}", _wrap(a.advice, "  ")]
    if a.symptoms:
        lines.append(_wrap("symptoms: " + ", ".join(s.name for s in a.symptoms), "  "))
    for r in a.reasons:
        lines.append(_wrap(f"- [{r.action.value}] {r.text}", "  "))
        lines.append(f"      rule: {r.rule}; sources: {_cite(r.sources, kb)}")
    lines.append(DISCLAIMER)
    return "\n".join(lines)


def _dose(entry: Mapping[str, Any]) -> str:
    parts = [f"{entry[k]} {k}" for k in ("sets", "reps", "minutes") if entry.get(k) is not None]
    return f" ({', '.join(parts)})" if parts else ""


def record_json(record: Exercise | Condition | Mechanism | Source, kind: str) -> dict[str, Any]:
    dump = record.model_dump(mode="json")
    if isinstance(record, Source):
        dump["source_kind"] = dump.pop("kind")  # "kind" says what the record is
    return {"kind": kind, **dump}


def record_text(record: Exercise | Condition | Mechanism, kind: str, kb: KnowledgeBase) -> str:
    lines = [f"{record.name} ({kind} {record.id})"]
    if record.aliases:
        lines.append(_wrap("also called: " + ", ".join(record.aliases), "  "))
    if record.description:
        lines.append(_wrap(record.description, "  "))
    if isinstance(record, Exercise):
        lines.append(f"  category: {record.category.value}; impact: {record.impact.value}")
        if record.loads:
            lines.append("  loads: " + ", ".join(kb.mechanisms[m].name for m in record.loads))
        if record.substitutes:
            lines.append("  substitutes: " + ", ".join(kb.exercises[s.exercise].name for s in record.substitutes))
    elif isinstance(record, Condition):
        for agg in record.aggravated_by:
            lines.append(_wrap(f"- aggravated by {kb.mechanisms[agg.mechanism].name} [{agg.level.value}]", "  "))
        for rel in record.relieved_by:
            lines.append(_wrap(f"+ relieved by {kb.mechanisms[rel.mechanism].name}", "  "))
    lines.append(f"  defined in {kb.origin(record.id)}")
    return "\n".join(lines)
