"""User-facing text carries no internal shorthand: no section signs of the clinical reference,
no seed or source keys written as prose, no proposal markers, no data file names.

Every text of the loaded knowledge base is scanned, for every data file: notes, reasons,
descriptions, advice, citations. The sources are listed with every reason, so a note names
the kind of source in words ("a disc page", "NICE guidance", "a trial") when it needs to
say who holds a view, and says "Expert judgement, not a direct source" where the support
is weaker.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import altex

#: Internal shorthand, each with what it is.
SHORTHAND = {
    "a section sign of the clinical reference": re.compile(r"§"),
    "a seed key": re.compile(r"\bseeds? S\d|(?<![\w-])S[0-4]\b"),
    "a seed article": re.compile(r"\bseeds?\b", re.IGNORECASE),
    "a proposal marker": re.compile(r"\bproposals?\b", re.IGNORECASE),
    "the clinical reference": re.compile(r"\breference\b[^.]{0,20}§|\(reference\b|\bthe reference\b"),
    "a data file name": re.compile(r"\b[\w-]+\.toml\b"),
}
#: Source keys in brackets or parentheses, as the curators' notes cite them: "[S4, SCI1, HD3]", "(MGM)".
KEYS = re.compile(r"[\[(]([A-Z][A-Z0-9]*(?:,\s*[A-Z][A-Z0-9]*)*)[\])]")
#: A numbered source key standing alone in a sentence: "SCI2 recommends it" (not "L5-S1").
NUMBERED_KEY = re.compile(r"(?<![\w-])[A-Z]{1,4}\d+\b")


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
    found += [
        f"a source key as prose: {m.group(0)!r}"
        for m in NUMBERED_KEY.finditer(KEYS.sub("", text))  # keys in brackets are counted above
        if m.group(0).lower() in kb.sources
    ]
    return found


def _relative(label: str) -> str:
    parts = Path(label).parts
    return "/".join(parts[parts.index("data") + 1 :]) if "data" in parts else label


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
        "the seeds' bike swap",
        "A proposal.",
        "Proposal: keep",
        "Proposal.",
        "Proposal from the reference's exercise table.",
        "see the walking rule in rules.toml",
        "[SCI1, NG]",
        "compresses the spine heavily (MGM)",
        "a spine-health video (SCI2) recommends it",
        "SCI2 recommends it.",
    ):
        assert shorthand(kb, text), text
    for text in (
        "Sciatica eases with nerve glides.",
        "NICE recommends exercise.",
        "[Note]",
        "L4-S1 level",
        "the L5-S1 disc",
        "Exercises named SMR (self-myofascial release)",
        "a disc with an extension preference",
        "Expert judgement, not a direct source: keep the back flat.",
    ):
        assert not shorthand(kb, text), text


def test_user_facing_text_has_no_shorthand_in_any_data_file(kb: altex.KnowledgeBase) -> None:
    found = findings(kb)
    assert not found, "\n".join(f"{f}: {h}" for f, hits in found.items() for h in hits)


def test_answers_carry_no_shorthand(kb: altex.KnowledgeBase) -> None:
    """Reason texts are built from the notes: the scan of the notes covers them (spot check here)."""
    v = kb.check("hamstring stretch", "sciatica")
    assert v.reasons
    assert all(r.text for r in v.reasons)
    assert not [h for r in v.reasons for h in shorthand(kb, r.text)]
