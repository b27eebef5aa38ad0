"""What a search asks for and what it finds: plain values, no I/O."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

SORTS = ("relevance", "newest", "oldest")


@dataclass(frozen=True, kw_only=True)
class SearchRequest:
    """One search: query text, filters, order and the page wanted."""

    text: str
    since: dt.date | None = None
    until: dt.date | None = None
    outlet: str | None = None
    speaker: str | None = None
    limit: int = 10
    page: int = 1
    sort: str = "relevance"
    match_any: bool = False
    fragments: int = 3
    # Near-duplicates (syndicated or updated copies) as hits of their own instead of
    # folded into the best-ranked copy's `copies`.
    all_copies: bool = False


@dataclass(frozen=True)
class Snippet:
    """A fragment of an article with the character spans that matched."""

    text: str
    matches: tuple[tuple[int, int], ...]


@dataclass(frozen=True, kw_only=True)
class Copy:
    """A near-duplicate of a hit that also matched: where else the story ran."""

    doc_id: str
    outlet: str | None
    date: dt.date | None


@dataclass(frozen=True, kw_only=True)
class Hit:
    """One article found, with everything needed to show it after the index is closed."""

    doc_id: str
    rank: int
    score: float
    title: str | None
    date: dt.date | None
    outlet: str | None
    url: str | None
    source: str
    lead: str
    snippets: tuple[Snippet, ...] = ()
    copies: tuple[Copy, ...] = ()


@dataclass(frozen=True, kw_only=True)
class Results:
    """A page of hits and what is known about the whole result set."""

    hits: tuple[Hit, ...]
    total: int
    page: int
    undated_excluded: int = 0
    copies_folded: int = 0  # matching articles shown as another hit's copies, not counted in total
    facets: dict[str, list[tuple[str, int]]] = field(default_factory=dict)
