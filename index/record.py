"""Plain records that flow through the indexing pipeline.

Nothing here imports from the project: every stage may import this module.
None always means "the source does not say"; no field is ever guessed.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Mapping


@dataclass(frozen=True, kw_only=True)
class Quote:
    """A direct quotation: its text, who said it (or None) and its offsets in the body."""

    text: str
    speaker: str | None
    start: int
    end: int


@dataclass(frozen=True, kw_only=True)
class Removal:
    """A line or block that cleaning dropped, and the rule that dropped it."""

    text: str
    rule: str


@dataclass(frozen=True, kw_only=True)
class RawDoc:
    """What was read from one file or one JSON record, before any cleaning.

    kind is "text" or "html". hints holds metadata the container itself gave
    (JSON fields, front matter, a `date YYYY-MM-DD` prefix): title, date, outlet, url.
    """

    doc_id: str
    source: str
    kind: str
    content: str
    hints: Mapping[str, str] = field(default_factory=dict)
    # A digest of the JSONL line as read and where it stood (index/read.py line_key),
    # which the manifest keeps so that an unchanged line is not parsed again.
    raw_key: str | None = None


@dataclass(frozen=True, kw_only=True)
class Unread:
    """A JSONL record not parsed because its line_key is one the manifest holds for
    doc_id: the same bytes at the same place read as the same RawDoc."""

    doc_id: str
    source: str


@dataclass(frozen=True, kw_only=True)
class HtmlDoc:
    """What the markup of an HTML page says: main text and metadata hints."""

    text: str
    title: str | None = None
    date: dt.date | None = None
    outlet: str | None = None
    url: str | None = None
    removed: tuple[Removal, ...] = ()


@dataclass(frozen=True, kw_only=True)
class Article:
    """One cleaned article, as stored in the index."""

    doc_id: str
    source: str
    body: str
    title: str | None = None
    date: dt.date | None = None
    outlet: str | None = None
    url: str | None = None
    quotes: tuple[Quote, ...] = ()
    content_hash: str = ""
    removed: tuple[Removal, ...] = ()
    # Near-duplicate sketch of the body (index/dedup.py); () when too short or not made.
    sketch: tuple[int, ...] = ()

    @property
    def speakers(self) -> tuple[str, ...]:
        """Distinct named speakers, in order of first quote."""
        seen: dict[str, None] = {}
        for quote in self.quotes:
            if quote.speaker:
                seen.setdefault(quote.speaker, None)
        return tuple(seen)


@dataclass(frozen=True, kw_only=True)
class Problem:
    """A file, or a record inside one, that could not be read or cleaned."""

    source: str
    message: str
    line: int | None = None

    def __str__(self) -> str:
        where = f"{self.source}:{self.line}" if self.line else self.source
        return f"{where}: {self.message}"
