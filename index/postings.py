"""Postings of text fields made in the cleaning workers, filed as given by the writer.

Analysing text (tokenize, lower-case, drop stop words, stem, encode positions)
is most of what Whoosh's add_document costs. The schema's text fields are
`Text`: given an `Analysed` value they index exactly those postings, given a
string they analyse it as Whoosh's TEXT does. Workers call `analyse_fields`,
so the one writer process only files postings and stored values.

For an analyzer of the shape StemmingAnalyzer builds (regex tokens, lower case,
stop words with renumbered positions, stemming), `Text.index` makes the postings
in one loop instead of Whoosh's chain of token generators: the same postings,
byte for byte (tests/test_postings.py holds it), in about a third of the time.
"""

from __future__ import annotations

import re
from pickle import dumps
from typing import Any, Callable, Iterator

from whoosh import fields
from whoosh.analysis import (
    CompositeAnalyzer,
    LowercaseFilter,
    RegexTokenizer,
    StemFilter,
    StopFilter,
)
from whoosh.formats import Positions
from whoosh.system import pack_uint

Posting = tuple[bytes, int, float, bytes]


class Analysed:
    """The postings of one field value: (term bytes, frequency, weight, encoded
    positions) per distinct term, as Whoosh's field.index() yields them."""

    __slots__ = ("items",)

    def __init__(self, items: list[Posting]) -> None:
        self.items = items

    def __getstate__(self) -> list:
        return self.items

    def __setstate__(self, items: list) -> None:
        self.items = items


class Text(fields.TEXT):
    """Whoosh TEXT that also takes postings analysed elsewhere (an Analysed value)."""

    def index(self, value: Any, **kwargs: Any) -> Any:
        if isinstance(value, Analysed):
            return iter(value.items)
        if isinstance(value, str) and not kwargs:
            plain = _plain_stemming(self)
            if plain is not None:
                return iter(_positions(value, *plain))
        return super().index(value, **kwargs)


def analyse_fields(doc: dict[str, Any], schema: Any) -> dict[str, Any]:
    """The Text fields of doc as Analysed postings, plus `_stored_<name>` for the
    stored ones; merge the result into the document given to add_document."""
    out: dict[str, Any] = {}
    for name, value in doc.items():
        field = schema[name] if name in schema else None
        if isinstance(field, Text) and isinstance(value, str):
            out[name] = Analysed(list(field.index(value)))
            if field.stored:
                out["_stored_" + name] = value
    return out


# id(analyzer) -> (analyzer, its parts for _positions or None); the analyzer is kept
# so that its id is not reused.
_PLAIN: dict[int, tuple[Any, tuple | None]] = {}


def _plain_stemming(field: Any) -> tuple | None:
    """(findall, stop words, min size, max size, stem cache, stemmer, field boost) when the
    field indexes positions with an analyzer of StemmingAnalyzer's exact shape."""
    analyzer = field.analyzer
    known = _PLAIN.get(id(analyzer))
    if known is None or known[0] is not analyzer:
        known = (analyzer, _parts(analyzer))
        _PLAIN[id(analyzer)] = known
    parts = known[1]
    if parts is None or type(field.format) is not Positions:
        return None
    return parts + (field.format.field_boost,)


def _parts(analyzer: Any) -> tuple | None:
    if type(analyzer) is not CompositeAnalyzer or len(analyzer.items) != 4:
        return None
    tokens, lower, stop, stem = analyzer.items
    if not (type(tokens) is RegexTokenizer and not tokens.gaps
            and type(lower) is LowercaseFilter
            and type(stop) is StopFilter and stop.renumber
            and type(stem) is StemFilter and not stem.ignore):
        return None
    words = _findall(tokens.expression)
    if words is None:
        return None
    return words, stop.stops, stop.min, stop.max, {}, stem.stemfn


def _findall(expression: Any) -> Callable[[str], list[str]] | None:
    """findall of the tokenizer's pattern with its groups made non-capturing, so
    that it returns whole tokens; None for a pattern this cannot be done to."""
    source = expression.pattern
    if not isinstance(source, str) or "\\(" in source or "(?" in source:
        return None
    whole = re.compile(source.replace("(", "(?:"), expression.flags)
    return whole.findall if whole.groups == 0 else None


def _positions(text: str, findall: Callable[[str], list[str]], stops: frozenset[str],
               minsize: int, maxsize: int | None, stems: dict[str, str],
               stemfn: Callable[[str], str], boost: float) -> Iterator[Posting]:
    """What Whoosh's Positions format yields for text through that analyzer:
    StopFilter renumbers kept tokens from the first kept one's original place."""
    # Lower-casing ASCII text first gives the same tokens in one call; other text
    # is lower-cased token by token, as LowercaseFilter does.
    words = findall(text.lower()) if text.isascii() else [w.lower() for w in findall(text)]
    if len(stems) > _STEMS_MAX:
        stems.clear()
    poses: dict[str, list[int]] = {}
    get_stem, get_pos = stems.get, poses.get
    pos = -1
    for index, word in enumerate(words):
        if word in stops or len(word) < minsize or (maxsize is not None
                                                    and len(word) > maxsize):
            continue
        pos = index if pos < 0 else pos + 1
        stem = get_stem(word)
        if stem is None:
            stem = stems[word] = stemfn(word)
        found = get_pos(stem)
        if found is None:
            poses[stem] = [pos]
        else:
            found.append(pos)
    for word, poslist in poses.items():
        if len(poslist) == 1:
            yield (word.encode("utf-8"), 1, float(boost), _one_position(poslist[0]))
            continue
        deltas, base = [], 0
        for p in poslist:
            deltas.append(p - base)
            base = p
        yield (word.encode("utf-8"), len(poslist), float(len(poslist)) * boost,
               pack_uint(len(deltas)) + dumps(deltas, 2))


# Words whose stems a process keeps (a word and its stem: some 150 bytes each); a
# 500,000-article synthetic ingest grew an unbounded cache to about 55 MiB a worker.
_STEMS_MAX = 200_000
_ONE: dict[int, bytes] = {}


def _one_position(pos: int) -> bytes:
    """The encoded positions of a term found once, at pos (most terms of an article)."""
    out = _ONE.get(pos)
    if out is None:
        out = pack_uint(1) + dumps([pos], 2)
        if pos < 4096:
            _ONE[pos] = out
    return out
