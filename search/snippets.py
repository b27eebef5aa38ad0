"""Fragmenting and marking of matches.

The body is analysed with the index's own analyzer (so "ceasefires" marks a
query for "ceasefire"), matches are found as single terms, prefixes or whole
phrases (a phrase query marks the phrase, not its words wherever they stand),
and the densest windows become fragments with the match spans in them.
"""

from __future__ import annotations

import re
from typing import Any, Iterable

from search.query import Highlight
from search.request import Snippet

WINDOW = 200  # characters per fragment, about two lines of a terminal
# White space other than a lone " ": what _squash has to fold.
_OTHER_SPACE = re.compile(r"[^\S ]|  ")


def find_matches(text: str, analyzer: Any, wanted: Highlight) -> list[tuple[int, int]]:
    """Character spans of text that match the wanted terms, prefixes and phrases."""
    if not (wanted.terms or wanted.prefixes or wanted.phrases) or not text:
        return []
    scan = _scanner(analyzer)
    tokens = scan(text) if scan is not None else [
        (t.text, t.startchar, t.endchar) for t in
        analyzer(text, chars=True, positions=False, removestops=True, mode="index")]
    spans: list[tuple[int, int]] = []
    for stem, start, end in tokens:
        if stem in wanted.terms:
            spans.append((start, end))
        elif wanted.prefixes and any(text[start:end].lower().startswith(p)
                                     for p in wanted.prefixes):
            spans.append((start, end))
    for phrase in wanted.phrases:
        spans.extend(_phrase_spans(tokens, phrase))
    return sorted(set(spans))


_SCANNERS: dict[int, tuple[Any, Any]] = {}
_STEM_CACHE_MAX = 200_000


def _scanner(analyzer: Any) -> Any:
    """A fast equivalent of analyzer(text, chars=True, removestops=True) for Whoosh's
    StemmingAnalyzer chain (tokenizer, lower-case, stop words, stemmer): one regex
    pass and a dict of stems instead of a generator chain per token, which made
    highlighting most of a query's time. None for any other analyzer."""
    cached = _SCANNERS.get(id(analyzer))
    if cached is not None and cached[0] is analyzer:
        return cached[1]
    scan = _make_scanner(analyzer)
    _SCANNERS[id(analyzer)] = (analyzer, scan)
    return scan


def _make_scanner(analyzer: Any) -> Any:
    from whoosh.analysis import LowercaseFilter, RegexTokenizer, StemFilter, StopFilter

    items = getattr(analyzer, "items", None)
    if (not items or len(items) != 4 or type(items[0]) is not RegexTokenizer
            or items[0].gaps or type(items[1]) is not LowercaseFilter
            or type(items[2]) is not StopFilter or type(items[3]) is not StemFilter):
        return None
    finditer = items[0].expression.finditer
    stops, low, high = items[2].stops, items[2].min, items[2].max
    stemfn, ignore = items[3].stemfn, items[3].ignore or frozenset()
    stems: dict[str, str] = {}

    def scan(text: str) -> list[tuple[str, int, int]]:
        if len(stems) > _STEM_CACHE_MAX:
            stems.clear()
        # Lower-casing ASCII text first keeps every offset and token; other text is
        # lower-cased token by token, as LowercaseFilter does.
        ascii_text = text.isascii()
        get = stems.get
        out = []
        for match in finditer(text.lower() if ascii_text else text):
            word = match.group() if ascii_text else match.group().lower()
            if word in stops or len(word) < low or (high is not None and len(word) > high):
                continue
            stem = get(word)
            if stem is None:
                stem = stems[word] = word if word in ignore else stemfn(word)
            out.append((stem, *match.span()))
        return out

    return scan


def _phrase_spans(tokens: list[tuple[str, int, int]], phrase: tuple[str, ...]
                  ) -> Iterable[tuple[int, int]]:
    size = len(phrase)
    if not size:
        return
    for i in range(len(tokens) - size + 1):
        if tokens[i][0] == phrase[0] and all(tokens[i + k][0] == phrase[k]
                                              for k in range(1, size)):
            yield tokens[i][1], tokens[i + size - 1][2]


def make_snippets(text: str, spans: list[tuple[int, int]], count: int = 3,
                  window: int = WINDOW) -> tuple[Snippet, ...]:
    """Up to count fragments around the densest clusters of spans, in text order."""
    if not spans:
        return ()
    candidates = []
    for i, (start, _) in enumerate(spans):
        inside = [s for s in spans[i:] if s[1] <= start + window]
        distinct = len({text[a:b].lower() for a, b in inside})
        candidates.append((distinct, len(inside), -start, start))
    candidates.sort(reverse=True)
    chosen: list[tuple[int, int]] = []
    for *_, start in candidates:
        lo, hi = _expand(text, start, window)
        if all(hi <= a or lo >= b for a, b in chosen):
            chosen.append((lo, hi))
        if len(chosen) == count:
            break
    chosen.sort()
    return tuple(_fragment(text, lo, hi, spans) for lo, hi in chosen)


def _expand(text: str, first: int, window: int) -> tuple[int, int]:
    """A window that starts a little before the first match, cut at word boundaries."""
    lo = max(0, first - window // 4)
    if lo > 0:
        space = text.rfind(" ", max(0, lo - 20), lo + 1)
        lo = space + 1 if space >= 0 else lo
    hi = min(len(text), lo + window)
    if hi < len(text):
        space = text.rfind(" ", lo + window // 2, hi)
        hi = space if space > 0 else hi
    return lo, hi


def _fragment(text: str, lo: int, hi: int, spans: list[tuple[int, int]]) -> Snippet:
    prefix = "…" if lo > 0 else ""
    suffix = "…" if hi < len(text) else ""
    shift = len(prefix) - lo
    marks = [(a + shift, b + shift) for a, b in spans if a >= lo and b <= hi]
    return _squash(prefix + text[lo:hi] + suffix, marks)


def _squash(text: str, marks: list[tuple[int, int]]) -> Snippet:
    """Runs of white space (paragraph breaks) become one space; offsets follow."""
    if not _OTHER_SPACE.search(text):  # single spaces only: nothing moves
        return Snippet(text, tuple(marks))
    out: list[str] = []
    new_pos = [0] * (len(text) + 1)
    prev_space = False
    for i, ch in enumerate(text):
        new_pos[i] = len(out)
        if ch.isspace():
            if not prev_space:
                out.append(" ")
            prev_space = True
        else:
            out.append(ch)
            prev_space = False
    new_pos[len(text)] = len(out)
    return Snippet("".join(out), tuple((new_pos[a], new_pos[b]) for a, b in marks))


def lead_of(text: str, limit: int = 160) -> str:
    """The first words of an article, for hits without a title."""
    # Flattening a prefix gives the same first `limit` characters when it is longer
    # than limit; long bodies are not split whole for every hit.
    flat = " ".join(text[:4 * limit].split())
    if len(flat) <= limit:
        flat = " ".join(text.split())
    if len(flat) <= limit:
        return flat
    cut = flat.rfind(" ", 0, limit)
    return flat[: cut if cut > 0 else limit] + "…"
