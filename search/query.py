"""SearchRequest -> Whoosh query; no I/O.

Dates are filtered in code by the engine (Whoosh 2.7's date parser plugin
returns wrong ranges), so the parser here has no date plugin and the date
field cannot be named in query text.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any

from index import BODY, FIELD_BOOSTS, OUTLET, QUOTES, SPEAKERS, TITLE

# Names users may write before a colon; "speaker" and "quote" are friendlier
# spellings of the stored field names.
FIELD_ALIASES = {"speaker": SPEAKERS, "quote": QUOTES, "text": BODY}
SEARCHABLE = (TITLE, BODY, QUOTES, OUTLET, SPEAKERS)
# Fields a query word searches unless it names one. Not quotes: a quote is part
# of the body, so it matches the same articles, and scoring it again as its own
# field ranked quote-heavy articles first (TIME MAP 0.508 with it, 0.598 without).
DEFAULT_FIELDS = (TITLE, BODY)


class QueryError(ValueError):
    """Query text that cannot be searched; the message says why."""


@dataclass(frozen=True)
class Leaf:
    """One term of a query in one field, with its boost."""

    field: str
    text: str
    boost: float


@dataclass(frozen=True)
class Plan:
    """A query of words only. Each word is the Or of its field terms; mode "and":
    every word must match, "or": any; an article scores the sum of the terms it has."""

    mode: str
    words: tuple[tuple[Leaf, ...], ...]

    def leaves(self) -> list[Leaf]:
        return [leaf for word in self.words for leaf in word]


@dataclass
class Highlight:
    """What snippets should mark: single terms, prefixes and phrases (analysed form)."""

    terms: set[str] = field(default_factory=set)
    prefixes: set[str] = field(default_factory=set)
    phrases: list[tuple[str, ...]] = field(default_factory=list)


# Query text that is only words: built directly, as the parser would build it
# (no whoosh.qparser import, no parse), which is most of a plain query's cost.
_PLAIN = re.compile(r"[^\W_]+(?:\s+[^\W_]+)*")
_OPERATORS = frozenset({"AND", "OR", "NOT", "ANDNOT", "ANDMAYBE", "TO"})
# No coordination bonus for --any (Whoosh's Or(scale=...)): it did not help ranking
# (TIME MAP within 0.002) and Whoosh scores it differently when it prunes a top-k
# search than when it ranks every match.
OR_SCALE = None


def parse_query(text: str, schema: Any, match_any: bool = False) -> Any:
    """Whoosh query for the text: AND of terms by default (OR with match_any)."""
    if not text or not text.strip():
        raise QueryError("empty query")
    plain = _plain_query(text, schema, match_any)
    if plain is not None:
        return plain
    parser = _parser(schema, match_any)
    prepared = _alias_fields(text)
    try:
        query = parser.parse(prepared)
    except Exception as err:  # Whoosh raises assorted errors on odd syntax
        raise QueryError(f"cannot parse query {text!r}: {err}") from None
    _check_fields(text)
    if query is None or type(query).__name__ == "NullQuery":
        raise QueryError(f"query {text!r} has no searchable words "
                         "(only stop words or punctuation?)")
    return _pruning(query)


def _pruning(query: Any) -> Any:
    """Every Or in the query as a tree of unions that skips blocks which cannot reach
    the top hits. Whoosh's automatic choice preloads every match of an Or instead in
    a segment of under 5,000 articles (each bulk commit writes one), scoring them all."""
    from whoosh import query as wq

    def walk(node: Any) -> None:
        if isinstance(node, wq.Or):
            node.matcher_type = wq.Or.DEFAULT_MATCHER
        for child in node.children():
            walk(child)

    walk(query)
    return query


def word_plan(text: str, schema: Any, match_any: bool = False) -> Plan | None:
    """The query of words-only text, built without Whoosh's query classes (no
    whoosh.query import: most of a plain query's start-up). None when the text needs
    the parser (operators, phrases, fields, stop words only)."""
    stripped = text.strip()
    if not stripped or not _PLAIN.fullmatch(stripped):
        return None
    words = stripped.split()
    if _OPERATORS.intersection(words):
        return None
    groups: dict[tuple[Leaf, ...], None] = {}  # duplicates dropped, as Whoosh normalises
    for word in words:
        leaves = []
        for name in DEFAULT_FIELDS:
            tokens = [t.text for t in schema[name].analyzer(word, mode="query")]
            if len(tokens) != 1:  # a stop word (dropped) or a word split in two
                if tokens:
                    return None
                continue
            leaves.append(Leaf(name, tokens[0], FIELD_BOOSTS.get(name, 1.0)))
        if leaves:
            groups.setdefault(tuple(leaves), None)
    if not groups:
        return None  # only stop words: the parser path says so
    if match_any:
        return Plan("or", (tuple(dict.fromkeys(leaf for g in groups for leaf in g)),))
    return Plan("and", tuple(groups))


def plan_highlight(plan: Plan) -> Highlight:
    """What snippets mark for a word query: its terms."""
    return Highlight(terms={leaf.text for leaf in plan.leaves()
                            if leaf.field in (TITLE, BODY, QUOTES)})


def _plain_query(text: str, schema: Any, match_any: bool) -> Any:
    """The parser's query for words-only text, or None when the text needs the parser."""
    plan = word_plan(text, schema, match_any)
    if plan is None:
        return None
    from whoosh import query as wq

    def term(leaf: Leaf) -> Any:
        return (wq.Term(leaf.field, leaf.text, boost=leaf.boost) if leaf.boost != 1.0
                else wq.Term(leaf.field, leaf.text))

    groups = [wq.Or([term(leaf) for leaf in word]) for word in plan.words]
    query = wq.Or(groups, scale=OR_SCALE) if match_any else wq.And(groups)
    return _pruning(query.normalize())


_PARSERS: dict[tuple[int, bool], tuple[Any, Any]] = {}


def _parser(schema: Any, match_any: bool) -> Any:
    """One MultifieldParser per schema and group (building one costs more than a parse)."""
    from whoosh import qparser

    key = (id(schema), match_any)
    cached = _PARSERS.get(key)
    if cached is None or cached[0] is not schema:
        group = qparser.OrGroup.factory(OR_SCALE) if match_any else qparser.AndGroup
        cached = (schema, qparser.MultifieldParser(list(DEFAULT_FIELDS), schema,
                                                   fieldboosts=FIELD_BOOSTS, group=group))
        _PARSERS[key] = cached
    return cached[1]


def _alias_fields(text: str) -> str:
    def swap(match: re.Match[str]) -> str:
        name = match.group(1).lower()
        return FIELD_ALIASES.get(name, name) + ":"

    return re.sub(r"\b([A-Za-z_]+):(?=\S)", swap, text)


def _check_fields(text: str) -> None:
    for name in re.findall(r"(?:^|[\s(])([A-Za-z_]+):(?=\S)", text):
        field_name = FIELD_ALIASES.get(name.lower(), name.lower())
        if field_name not in SEARCHABLE:
            raise QueryError(f"unknown field {name!r} in query; searchable fields are "
                             "title, body, quote, outlet, speaker (use --since/--until "
                             "for dates)")


def highlight_of(query: Any) -> Highlight:
    """Terms to mark in snippets: positive leaves only, phrases kept whole."""
    from whoosh import query as wq

    found = Highlight()

    def walk(node: Any) -> None:
        if isinstance(node, wq.Not):
            return
        if isinstance(node, wq.AndNot):
            walk(node.a)
            return
        if isinstance(node, wq.Phrase):
            if node.fieldname in (TITLE, BODY, QUOTES):
                found.phrases.append(tuple(node.words))
            return
        if isinstance(node, (wq.Prefix, wq.Wildcard)):
            if node.fieldname in (TITLE, BODY, QUOTES):
                found.prefixes.add(node.text.rstrip("*?").lower())
            return
        if isinstance(node, wq.Term):
            if node.fieldname in (TITLE, BODY, QUOTES):
                found.terms.add(node.text)
            return
        for child in node.children():
            walk(child)

    walk(query)
    return found


def outlet_query(outlet: str) -> Any:
    from whoosh import query as wq

    return wq.Term(OUTLET, " ".join(outlet.replace(",", " ").split()).lower())


def speaker_query(name: str) -> Any:
    """Forgiving speaker match: the full name, or every word of it."""
    from whoosh import query as wq

    clean = " ".join(name.replace(",", " ").split()).lower()
    words = [w for w in clean.split() if len(w) > 1]
    if len(words) <= 1:
        return wq.Term(SPEAKERS, clean)
    return wq.Or([wq.Term(SPEAKERS, clean), wq.And([wq.Term(SPEAKERS, w) for w in words])])


def date_bounds(since: dt.date | None, until: dt.date | None) -> tuple[int, int] | None:
    """Inclusive ordinal day bounds for a date filter, or None without one."""
    if since is None and until is None:
        return None
    low = since.toordinal() if since else 1
    high = until.toordinal() if until else dt.date.max.toordinal()
    return low, high


_SENTINELS = (dt.datetime(1904, 1, 1), dt.datetime(1908, 2, 2))  # every part differs, days <= 28


def parse_date_option(value: str, end: bool) -> dt.date:
    """--since/--until value to a day: a partial date means its whole month or year.

    `2024-02` is 2024-02-01 as a start and 2024-02-29 as an end; a value without
    a year is refused rather than guessed.
    """
    from dateutil import parser

    text = value.strip()
    if re.fullmatch(r"\d{4}", text) and int(text) >= dt.MINYEAR:  # "0000" is no year
        return dt.date(int(text), 12, 31) if end else dt.date(int(text), 1, 1)
    if re.fullmatch(r"\d{4}-\d{1,2}", text):
        text = text + "-01" if not end else text
    try:
        a, b = (parser.parse(text, default=d) for d in _SENTINELS)
    except (ValueError, OverflowError, parser.ParserError):
        raise QueryError(f"cannot read date {value!r}; use e.g. 2024-02-07, 2024-02 "
                         "or 'Feb 7 2024'") from None
    if a.year != b.year:
        raise QueryError(f"date {value!r} has no year; write it in full, e.g. 2024-02-07")
    if a.month != b.month:
        return dt.date(a.year, 12, 31) if end else dt.date(a.year, 1, 1)
    if a.day != b.day:
        if not end:
            return dt.date(a.year, a.month, 1)
        nxt = dt.date(a.year + (a.month == 12), a.month % 12 + 1, 1)
        return nxt - dt.timedelta(days=1)
    return a.date()
