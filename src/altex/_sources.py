"""Sources a reader can follow up: finding one by name, showing it, and the ``docs/sources.md`` page.

A source is *traceable* when it has a URL, or a full citation: a citation text
together with the year and the publisher (the journal for a paper). The
data-integrity tests require every source of the bundled data to be traceable.
"""

from __future__ import annotations

from collections.abc import Iterator
from difflib import get_close_matches

from ._names import normalize
from .kb import KnowledgeBase
from .models import Source

__all__ = ["close_sources", "find_source", "is_traceable", "source_text", "sources_page", "traceable_share"]


def is_traceable(source: Source) -> bool:
    """True when a reader can find *source*: a URL, or a citation with its year and publisher.

    >>> s = altex.load().sources["nice"]
    >>> is_traceable(s)
    True
    >>> is_traceable(s.model_copy(update={"url": None, "year": None}))
    False
    """
    return source.url is not None or bool(source.citation and source.year and source.publisher)


def traceable_share(kb: KnowledgeBase) -> float:
    """The share of *kb*'s sources that are traceable, in ``[0, 1]`` (1 for no sources).

    >>> 0.0 < traceable_share(altex.load()) <= 1.0
    True
    """
    if not kb.sources:
        return 1.0
    return sum(is_traceable(s) for s in kb.sources.values()) / len(kb.sources)


def find_source(kb: KnowledgeBase, name: str) -> Source | None:
    """The source whose id or title is *name* (any case and spacing), or None.

    >>> find_source(altex.load(), "NICE").year
    2016
    """
    key = normalize(name)
    for source in kb.sources.values():
        if key in (normalize(source.id), normalize(source.title)):
            return source
    return None


def close_sources(kb: KnowledgeBase, name: str) -> list[str]:
    """Source ids close to *name*, for a "did you mean" hint."""
    return get_close_matches(name.casefold(), list(kb.sources), n=3, cutoff=0.75)


def _lines(source: Source) -> Iterator[str]:
    facts = [source.kind.value]
    if source.year is not None:
        facts.append(str(source.year))
    if source.publisher:
        facts.append(source.publisher)
    yield f"{source.title} (source {source.id})"
    yield "  " + "; ".join(facts)
    if source.citation:
        yield f"  citation: {source.citation}"
    if source.url:
        yield f"  url: {source.url}"


def source_text(source: Source) -> str:
    """A source as ``altex show`` prints it.

    >>> print(source_text(altex.load().sources["nice"]))  # doctest: +ELLIPSIS
    Low back pain and sciatica in over 16s: assessment and management (NG59) (source nice)
      guideline; 2016; National Institute for Health and Care Excellence
      citation: ...
      url: https://www.nice.org.uk/guidance/ng59
    """
    return "\n".join(_lines(source))


_HEADER = """\
# Sources

Generated from the knowledge base by `altex docs sources -o docs/sources.md`; do not edit
by hand (a test fails when this page is stale). Every rule in the knowledge base cites one
or more of these sources by id; `altex show ID` prints one. Many are clinic or patient pages
rather than primary papers: the kind says which.
"""


def _cited_by(kb: KnowledgeBase) -> dict[str, int]:
    """How many reasons of the graph cite each source (edges of the knowledge graph)."""
    counts = dict.fromkeys(kb.sources, 0)
    for _, _, data in kb.graph.edges(data=True):
        for sid in data.get("sources", ()):
            if sid in counts:
                counts[sid] += 1
    return counts


def sources_page(kb: KnowledgeBase) -> str:
    """The Markdown page of every source in *kb*, with its citation and link.

    >>> page = sources_page(altex.load())
    >>> page.startswith("# Sources")
    True
    >>> "### nice:" in page
    True
    """
    cited = _cited_by(kb)
    parts = [_HEADER]
    for kind in dict.fromkeys(s.kind for s in kb.sources.values()):
        parts.append(f"## {kind.value.replace('-', ' ').capitalize()}s\n")
        for s in kb.sources.values():
            if s.kind is not kind:
                continue
            lines = [f"### {s.id}: {s.title}", ""]
            if s.citation:
                lines.append(s.citation)
            facts = [str(s.year) if s.year else "year not given", s.publisher or "publisher not given"]
            lines.append(f"{'; '.join(facts)}; cited by {cited[s.id]} graph edges.")
            if s.url:
                lines.append(f"<{s.url}>")
            parts.append("\n\n".join(lines) + "\n")
    return "\n".join(parts)
