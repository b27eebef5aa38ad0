"""Counts over whole result sets: facets, attention over time, quotes and speakers.

Functions here take an open Engine and read its searcher (they never open one);
they work on sets of document numbers and per-document columns, so a count over
a large result set never loads the articles' stored text.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections import Counter, defaultdict
from dataclasses import dataclass
from typing import Any, Iterable, Iterator

from index import OUTLET, QUOTES, QUOTES_JSON, SPEAKER_NAMES
from search import query as q
from search.request import SearchRequest

FACETS = ("outlet", "speaker", "month")
PERIODS = ("day", "week", "month", "year")


def matching_docnums(engine: Any, request: SearchRequest) -> list[int]:
    """Every document matching the request (query and filters), unscored."""
    query = q.parse_query(request.text, engine.ix.schema, request.match_any)
    allowed, _ = engine._filter(request)
    if allowed is not None and not allowed:
        return []
    results = engine.searcher.search(query, filter=allowed, limit=None, scored=False)
    return list(results.docs())


def facet_counts(engine: Any, docnums: Iterable[int], kind: str, top: int = 10
                 ) -> list[tuple[str, int]]:
    """The most frequent values of one facet among these documents."""
    docs = list(docnums)
    counts: Counter[str] = Counter()
    reader = engine.searcher.reader()
    if kind == "outlet":
        column = reader.column_reader(OUTLET) if reader.has_column(OUTLET) else None
        for docnum in docs:
            value = column[docnum] if column is not None else None
            counts[value or "(unknown)"] += 1
    elif kind == "month":
        days = engine.day_of()
        for docnum in docs:
            day = days.get(docnum)
            counts[f"{day.year:04d}-{day.month:02d}" if day else "(no date)"] += 1
    elif kind == "speaker":
        wanted = set(docs)
        for name, postings in _speaker_postings(reader):
            hits = sum(1 for d in postings if d in wanted)
            if hits:
                counts[name] += hits
    else:
        raise q.QueryError(f"--facet must be one of {', '.join(FACETS)}")
    return sorted(counts.items(), key=lambda p: (-p[1], p[0]))[:top]


def _speaker_postings(reader: Any) -> Iterator[tuple[str, list[int]]]:
    if SPEAKER_NAMES not in reader.indexed_field_names():
        return
    for term in reader.field_terms(SPEAKER_NAMES):
        yield term, list(reader.postings(SPEAKER_NAMES, term).all_ids())


# -- attention over time ---------------------------------------------------------------
def period_start(day: dt.date, by: str) -> dt.date:
    """The first day of the period (ISO week starting Monday) holding day."""
    if by == "day":
        return day
    if by == "week":
        return day - dt.timedelta(days=day.weekday())
    if by == "month":
        return day.replace(day=1)
    return day.replace(month=1, day=1)


def next_period(start: dt.date, by: str) -> dt.date:
    if by == "day":
        return start + dt.timedelta(days=1)
    if by == "week":
        return start + dt.timedelta(days=7)
    if by == "month":
        return dt.date(start.year + (start.month == 12), start.month % 12 + 1, 1)
    return dt.date(start.year + 1, 1, 1)


def period_label(start: dt.date, by: str) -> str:
    if by == "month":
        return start.strftime("%Y-%m")
    if by == "year":
        return str(start.year)
    if by == "week":
        year, week, _ = start.isocalendar()
        return f"{year}-W{week:02d}"
    return start.isoformat()


@dataclass(frozen=True)
class Timeline:
    periods: tuple[str, ...]
    series: dict[str, tuple[float, ...]]   # query -> value per period
    totals: dict[str, float]
    undated: dict[str, int]


def timeline(engine: Any, queries: list[str], by: str, since: dt.date | None,
             until: dt.date | None, normalize: bool = False) -> Timeline:
    """Matching articles per period for each query (every period shown, even empty)."""
    if by not in PERIODS:
        raise q.QueryError(f"--by must be one of {', '.join(PERIODS)}")
    days = engine.day_of()
    per_query: dict[str, Counter[dt.date]] = {}
    undated: dict[str, int] = {}
    for text in queries:
        request = SearchRequest(text=text, since=since, until=until)
        counts: Counter[dt.date] = Counter()
        missing = 0
        for docnum in matching_docnums(engine, SearchRequest(text=text)):
            day = days.get(docnum)
            if day is None:
                missing += 1
            elif _inside(day, request):
                counts[period_start(day, by)] += 1
        per_query[text], undated[text] = counts, missing
    starts = _period_range(per_query, by, since, until)
    series: dict[str, tuple[float, ...]] = {}
    if normalize:
        everything = Counter(period_start(d, by) for d in days.values())
    for text, counts in per_query.items():
        values = [float(counts.get(s, 0)) for s in starts]
        if normalize:
            values = [v / everything[s] if everything.get(s) else 0.0
                      for v, s in zip(values, starts)]
        series[text] = tuple(values)
    totals = {t: (sum(per_query[t].values()) if not normalize else
                  sum(per_query[t].values()) / max(1, sum(everything[s] for s in starts)))
              for t in queries}
    return Timeline(tuple(period_label(s, by) for s in starts), series, totals, undated)


def _inside(day: dt.date, request: SearchRequest) -> bool:
    return ((request.since is None or day >= request.since)
            and (request.until is None or day <= request.until))


def _period_range(per_query: dict[str, Counter[dt.date]], by: str, since: dt.date | None,
                  until: dt.date | None) -> list[dt.date]:
    seen = [d for counts in per_query.values() for d in counts]
    if not seen and not (since and until):
        return []
    first = period_start(since, by) if since else min(seen)
    last = period_start(until, by) if until else max(seen)
    starts, current = [], first
    while current <= last and len(starts) < 5000:
        starts.append(current)
        current = next_period(current, by)
    return starts


# -- quotes and speakers ---------------------------------------------------------------
def quote_key(text: str) -> str:
    """Quotebank-style normal form: case and punctuation folded, spaces collapsed."""
    return " ".join(re.sub(r"[^\w\s]", " ", text.casefold()).split())


@dataclass(frozen=True)
class QuoteRow:
    text: str
    speaker: str | None
    date: dt.date | None
    outlet: str | None
    doc_id: str
    articles: int
    first_date: dt.date | None
    doc_ids: tuple[str, ...]
    matches: tuple[tuple[int, int], ...]


def list_quotes(engine: Any, text: str | None, request: SearchRequest, limit: int
                ) -> list[QuoteRow]:
    """Matching quotes, each reported once however many articles carry it."""
    from search.snippets import find_matches

    query_text = f"{QUOTES}:({text})" if text else "*"
    docnums = (matching_docnums(engine, SearchRequest(**{**request.__dict__, "text": query_text}))
               if text else _all_filtered(engine, request))
    wanted = q.highlight_of(q.parse_query(query_text, engine.ix.schema)) if text else None
    speaker_words = set(quote_key(request.speaker).split()) if request.speaker else None
    groups: dict[str, list[tuple[Any, dict[str, Any], tuple]]] = defaultdict(list)
    analyzer = engine._analyzer
    for docnum in docnums:
        stored = engine.searcher.reader().stored_fields(docnum)
        for quote_text, speaker, _, _ in json.loads(stored.get(QUOTES_JSON) or "[]"):
            if speaker_words and not (speaker and speaker_words <= set(quote_key(speaker).split())):
                continue
            spans = tuple(find_matches(quote_text, analyzer, wanted)) if wanted else ()
            if wanted and not spans:
                continue
            groups[quote_key(quote_text)].append((quote_text, stored, spans, speaker))
    rows = [_quote_row(members) for members in groups.values()]
    rows.sort(key=lambda r: (-r.articles, r.first_date or dt.date.max, r.text))
    return rows[:limit]


def _all_filtered(engine: Any, request: SearchRequest) -> list[int]:
    allowed, _ = engine._filter(request)
    reader = engine.searcher.reader()
    return sorted(allowed) if allowed is not None else list(reader.all_doc_ids())


def _quote_row(members: list) -> QuoteRow:
    from index import ordinal_to_date

    dated = sorted(members, key=lambda m: ordinal_to_date(m[1].get("date")) or dt.date.max)
    text, stored, spans, _ = dated[0]
    speaker = next((m[3] for m in dated if m[3]), None)
    first = ordinal_to_date(stored.get("date"))
    return QuoteRow(text=text, speaker=speaker, date=first, outlet=stored.get("outlet"),
                    doc_id=stored["doc_id"], articles=len({m[1]["doc_id"] for m in members}),
                    first_date=first, doc_ids=tuple(dict.fromkeys(m[1]["doc_id"] for m in dated)),
                    matches=spans)


def top_speakers(engine: Any, request: SearchRequest, limit: int) -> list[tuple[str, int, int]]:
    """(speaker, quotes, articles) for the most quoted speakers in the date range."""
    allowed, _ = engine._filter(request)
    reader = engine.searcher.reader()
    rows = []
    for name in (reader.field_terms(SPEAKER_NAMES)
                 if SPEAKER_NAMES in reader.indexed_field_names() else []):
        postings = reader.postings(SPEAKER_NAMES, name)
        quotes = articles = 0
        while postings.is_active():
            if allowed is None or postings.id() in allowed:
                quotes += int(postings.weight())
                articles += 1
            postings.next()
        if quotes:
            rows.append((name, quotes, articles))
    rows.sort(key=lambda r: (-r[1], -r[2], r[0]))
    return rows[:limit]
