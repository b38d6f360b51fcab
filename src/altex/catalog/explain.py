"""How a catalog record's profile was obtained and which demands drive its verdict, as data and as text."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from .. import _render as render
from ..models import Mechanism
from .models import CatalogMapping, CatalogVerdict, RecordProfile

__all__ = ["drivers", "explain_text", "profile_json", "worst_first"]


def worst_first(verdicts: Sequence[CatalogVerdict]) -> list[CatalogVerdict]:
    """The verdicts ordered avoid, caution, ok; catalog order within a level."""
    return sorted(verdicts, key=lambda v: -v.level.rank)


def drivers(v: CatalogVerdict, mechanisms: Mapping[str, Mechanism]) -> list[str]:
    """The demands and features on the paths of the reasons at the verdict's level (harms only), each once.

    >>> from altex.catalog import Catalog, CatalogRecord
    >>> v = Catalog([CatalogRecord(id="1", name="Barbell Deadlift")], kb).check("1", "herniated disc")
    >>> v.level.value, drivers(v, kb.mechanisms)
    ('avoid', ['loaded-flexion'])
    """
    if not v.harms:
        return []
    top = [r for r in v.reasons if r.level is v.level]
    return sorted({node for r in top for node in r.path if node in mechanisms})


def profile_json(m: CatalogMapping) -> dict[str, Any]:
    """The record's profile: parts, each demand's intensity (None when not ruled out) and clues, features."""
    p: RecordProfile | None = m.profile
    if p is None:
        return {}
    return {
        "parts": list(p.parts),
        "confidence": p.confidence,
        "unknown": list(p.unknown),
        "features": list(p.features),
        "demands": {
            d.demand: {
                "intensity": d.intensity.value if d.intensity is not None else None,
                "from": [
                    {"kind": c.kind.value, "source": c.source, "part": c.part, "signals": list(c.signals)}
                    for c in d.clues
                ],
            }
            for d in p.demands
        },
    }


def explain_text(v: CatalogVerdict, mechanisms: Mapping[str, Mechanism]) -> str:
    """A record's mapping, profile and verdict in words, as ``altex catalog explain`` prints it."""
    m = v.mapping
    p = m.profile
    lines = [f"{m.record.name} [{m.record.id}]: {m.method.value} ({m.confidence:.2f})", f"  how: {m.via}"]
    if p is not None:
        if p.compound:
            lines.append("  compound name, parts joined by the highest of each demand: " + " + ".join(p.parts))
        for d in p.demands:
            rated = d.intensity.value if d.intensity is not None else "NOT RULED OUT (judged high)"
            said = "; ".join(str(c) for c in d.clues)
            lines.append(f"  {d.demand:18} {rated}" + (f"  <- {said}" if said else ""))
        if p.features:
            lines.append(f"  features: {', '.join(p.features)}")
    names = ", ".join(c.name for c in v.conditions) or "no conditions given"
    lines.append(f"verdict for {names}: {v.level.value.upper()}")
    driving = drivers(v, mechanisms)
    if driving:
        lines.append(f"  driven by: {', '.join(driving)}")
    lines += [render._wrap(f"- {r.text}", "    ") for r in v.reasons]
    return "\n".join(lines)
