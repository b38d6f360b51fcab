"""User-facing text carries no internal shorthand: no section signs of the clinical reference,
no seed or source keys written as prose, no "A proposal." markers.

Every text of the loaded knowledge base is scanned: notes, reasons, descriptions, advice,
citations. Records from the files in PENDING_REWRITE are expected to fail (their notes are
being rewritten); once they are clean, empty the set and the test holds for every file.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest

import altex

#: Data files (relative to data/) whose texts are still being rewritten. Empty it when they are clean.
PENDING_REWRITE: frozenset[str] = frozenset(
    {"exercises/", "conditions.toml", "rules.toml", "inference.toml", "mechanisms.toml"}
)

#: Internal shorthand, each with what it is.
SHORTHAND = {
    "a section sign of the clinical reference": re.compile(r"§"),
    "a seed key": re.compile(r"\bseeds? S\d|(?<![\w-])S[0-4]\b"),
    "a proposal marker": re.compile(r"\bA proposal\.|\bProposal:"),
    "the clinical reference": re.compile(r"\breference\b[^.]{0,20}§|\(reference\b"),
}
#: Source keys in brackets, as the curators' notes cite them: "[S4, SCI1, HD3]".
KEYS = re.compile(r"\[([A-Z][A-Z0-9]*(?:,\s*[A-Z][A-Z0-9]*)*)\]")


def _texts(value: object, where: str) -> Iterator[tuple[str, str]]:
    if isinstance(value, str):
        yield where, value
    elif isinstance(value, dict):
        for key, inner in value.items():
            if key not in {"id", "sources", "url", "exercise", "condition", "mechanism", "loads", "when"}:
                yield from _texts(inner, f"{where}.{key}")
    elif isinstance(value, list | tuple):
        for i, inner in enumerate(value):
            yield from _texts(inner, f"{where}[{i}]")


def shorthand(kb: altex.KnowledgeBase, text: str) -> list[str]:
    """What internal shorthand *text* holds (empty when it reads plainly)."""
    found = [f"{what}: {m.group(0)!r}" for what, rx in SHORTHAND.items() for m in rx.finditer(text)]
    for m in KEYS.finditer(text):
        if all(k.strip().lower() in kb.sources for k in m.group(1).split(",")):
            found.append(f"source keys as prose: {m.group(0)!r}")
    return found


def _relative(label: str) -> str:
    parts = Path(label).parts
    return "/".join(parts[parts.index("data") + 1 :]) if "data" in parts else label


def _pending(file: str) -> bool:
    return any(file == p or (p.endswith("/") and file.startswith(p)) for p in PENDING_REWRITE)


def findings(kb: altex.KnowledgeBase) -> dict[str, list[str]]:
    """Every record's shorthand, by data file (relative to data/)."""
    pools = (
        kb.exercises, kb.conditions, kb.mechanisms, kb.sources, kb.rules, kb.inferences, kb.symptoms, kb.triage_rules,
    )  # fmt: skip
    out: dict[str, list[str]] = {}
    for pool in pools:
        for rid, record in pool.items():
            for where, text in _texts(record.model_dump(mode="json"), rid):
                for hit in shorthand(kb, text):
                    out.setdefault(_relative(kb.origin(rid)), []).append(f"{where}: {hit}")
    return out


def test_the_scan_finds_each_kind_of_shorthand(kb: altex.KnowledgeBase) -> None:
    for text in (
        "Contested (§5.5).",
        "As seed S4 says",
        "S2 suggests it.",
        "A proposal.",
        "Proposal: keep",
        "[SCI1, NG]",
    ):
        assert shorthand(kb, text), text
    for text in ("Sciatica eases with nerve glides.", "NICE recommends exercise.", "[Note]", "L4-S1 level"):
        assert not shorthand(kb, text), text


def test_user_facing_text_of_finished_files_has_no_shorthand(kb: altex.KnowledgeBase) -> None:
    found = {f: hits for f, hits in findings(kb).items() if not _pending(f)}
    assert not found, "\n".join(f"{f}: {h}" for f, hits in found.items() for h in hits)


@pytest.mark.xfail(
    bool(PENDING_REWRITE),
    reason="notes in exercises/conditions/rules/inference are rewritten with movement profiles",
    strict=True,
)
def test_user_facing_text_has_no_shorthand_anywhere(kb: altex.KnowledgeBase) -> None:
    found = findings(kb)
    assert not found, "\n".join(f"{f}: {h}" for f, hits in found.items() for h in hits)


def test_answers_carry_no_shorthand_once_the_data_is_clean(kb: altex.KnowledgeBase) -> None:
    """Reason texts are built from the notes: the scan of the notes covers them (spot check here)."""
    v = kb.check("hamstring stretch", "sciatica")
    assert all(r.text for r in v.reasons)
    if not PENDING_REWRITE:
        assert not [h for r in v.reasons for h in shorthand(kb, r.text)]
