"""The one Whoosh schema, its field names, its version, and Article <-> stored fields.

Bump SCHEMA_VERSION whenever a field or analyzer changes: an index of another
version is refused with a request to run `newssearch rebuild` instead of
mixing old and new documents.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import TYPE_CHECKING, Any, Mapping

if TYPE_CHECKING:  # record's dataclasses cost a cold search ~4 ms it does not need
    from index.record import Article

SCHEMA_VERSION = 3

DOC_ID = "doc_id"
SOURCE = "source"
PATH = "path"
TITLE = "title"
BODY = "body"
QUOTES = "quotes"
QUOTES_JSON = "quotes_json"
SPEAKERS = "speakers"
SPEAKER_NAMES = "speaker_names"
DATE = "date"
OUTLET = "outlet"
URL = "url"
CONTENT_HASH = "content_hash"
# Near-duplicate group: the doc_id of the group's first article (index/dedup.py);
# sortable so that searches collapse copies from a column.
GROUP = "group"

# Searched by default; weights are BM25F field boosts (a title word says more
# about what the article is about than a body word).
TEXT_FIELDS = (TITLE, BODY, QUOTES)
FIELD_BOOSTS = {TITLE: 2.0, BODY: 1.0, QUOTES: 1.0}


def make_schema():  # -> whoosh.fields.Schema
    """The Whoosh schema of a newssearch index."""
    from whoosh import fields
    from whoosh.analysis import StemmingAnalyzer

    from index.postings import Text  # takes postings analysed in the cleaning workers

    # An unbounded stem cache (a dict) instead of the default LFU one, whose
    # bookkeeping was a fifth of analysing; the vocabulary of a news archive fits.
    text = StemmingAnalyzer(cachesize=-1)
    return fields.Schema(**{
        DOC_ID: fields.ID(stored=True, unique=True),
        # Stored only: nothing searches by path, and an indexed ID cost a posting per
        # article in every segment flush.
        PATH: fields.STORED(),
        SOURCE: fields.STORED(),
        TITLE: Text(stored=True, analyzer=text, field_boost=FIELD_BOOSTS[TITLE]),
        BODY: Text(stored=True, analyzer=text),
        QUOTES: Text(stored=False, analyzer=text),
        QUOTES_JSON: fields.STORED(),
        SPEAKERS: fields.KEYWORD(stored=False, lowercase=True, commas=True, scorable=False),
        # Days since 0001-01-01; sortable gives a per-segment column that date
        # filters and date sorting read without touching the postings. Hence one
        # term per article (shift_step=bits): Whoosh's default of 8 range-query tiers
        # made 10 % of all postings (172k of 1.77M on Reuters-21578), none ever read.
        DATE: fields.NUMERIC(int, bits=32, stored=True, sortable=True, signed=False,
                             shift_step=32),
        # sortable: a per-document column of the outlet as written, for facets.
        OUTLET: fields.KEYWORD(stored=True, lowercase=True, commas=True, scorable=False,
                               sortable=True),
        # Full speaker names as written, once per quote: the postings' weights count
        # a speaker's quotes in an article (for `newssearch speakers` and facets).
        SPEAKER_NAMES: fields.KEYWORD(stored=False, lowercase=False, commas=True,
                                      scorable=True),
        URL: fields.STORED(),
        CONTENT_HASH: fields.STORED(),
        GROUP: fields.ID(stored=True, sortable=True),
    })


def date_to_ordinal(day: dt.date | None) -> int | None:
    return day.toordinal() if day else None


MAX_ORDINAL = dt.date.max.toordinal()


def ordinal_to_date(value: Any) -> dt.date | None:
    """A stored day back to a date; 0 and the column's missing-value marker are None."""
    return dt.date.fromordinal(int(value)) if value and 0 < int(value) <= MAX_ORDINAL else None


def speaker_terms(speakers: tuple[str, ...]) -> str:
    """Speaker tokens: each full name and each of its words, so "netanyahu" and
    "Benjamin Netanyahu" both find a quote of Benjamin Netanyahu."""
    terms: dict[str, None] = {}
    for name in speakers:
        clean = " ".join(name.replace(",", " ").split())
        terms.setdefault(clean, None)
        for word in clean.split():
            if len(word) > 1:
                terms.setdefault(word, None)
    return ",".join(terms)


def article_to_fields(article: Article, path: str, group: str | None = None) -> dict[str, Any]:
    """The document Whoosh stores for an article (in its own group unless told)."""
    quotes = [[q.text, q.speaker, q.start, q.end] for q in article.quotes]
    doc: dict[str, Any] = {
        DOC_ID: article.doc_id,
        PATH: path,
        SOURCE: article.source,
        BODY: article.body,
        QUOTES: "\n".join(q.text for q in article.quotes),
        QUOTES_JSON: json.dumps(quotes, ensure_ascii=False),
        SPEAKERS: speaker_terms(article.speakers),
        SPEAKER_NAMES: ",".join(q.speaker.replace(",", " ") for q in article.quotes
                                if q.speaker),
        CONTENT_HASH: article.content_hash,
        GROUP: group or article.doc_id,
    }
    if article.title:
        doc[TITLE] = article.title
    if article.date:
        doc[DATE] = date_to_ordinal(article.date)
    if article.outlet:
        doc[OUTLET] = article.outlet.replace(",", " ")
    if article.url:
        doc[URL] = article.url
    return doc


def fields_to_article(stored: Mapping[str, Any]) -> Article:
    """An Article back from stored fields (removed blocks are not stored)."""
    from index.record import Article, Quote

    quotes = tuple(Quote(text=t, speaker=s, start=a, end=b)
                   for t, s, a, b in json.loads(stored.get(QUOTES_JSON) or "[]"))
    return Article(
        doc_id=stored[DOC_ID], source=stored.get(SOURCE, ""), body=stored.get(BODY, ""),
        title=stored.get(TITLE), date=ordinal_to_date(stored.get(DATE)),
        outlet=stored.get(OUTLET), url=stored.get(URL), quotes=quotes,
        content_hash=stored.get(CONTENT_HASH, ""))
