"""Exact BM25F ranking of word queries, term at a time: the engine's fast path.

Whoosh ranks an Or or And of terms by stepping a tree of matchers once per
matching article, and the engine then stepped the postings a second time to
count every match (exact totals and near-duplicate folding need them all).
Here each term's postings are read once, per segment, into a dict; every match
gets an upper bound of its score from its term weights alone (field lengths at
their smallest, which BM25 rewards most), and exact scores, which need each
article's field lengths, are computed in descending bound order only until no
remaining bound can reach the page. A date, outlet or speaker filter narrower
than a term's postings is applied by skipping to the allowed articles instead
of reading all postings, so a filtered search costs less than an unfiltered one.

Scores are Whoosh's BM25F as the engine configures it (the searcher's idf,
Whoosh's stored field lengths and averages, term boosts, summed over the
matching terms); ties rank the lower document number first, as Whoosh does.
Queries of any other shape (phrases, prefixes, NOT, field:value, sorting by
date) return None from plan() and are ranked by Whoosh.
"""

from __future__ import annotations

import bisect
import heapq
import math
from dataclasses import dataclass
from typing import Any, Callable, Hashable

from search.query import Leaf, Plan

# Probe an allowed set by skipping (a few microseconds per allowed article) when
# it is this many times smaller than a term's postings (about one each to read).
PROBE_RATIO = 4
# Check whether the page is decided after every so many exact scores.
CHECK_EVERY = 16
# Bounds are summed in another order than exact scores: a margin for rounding.
SLACK = 1 + 1e-9


@dataclass
class Ranked:
    """The top groups of a ranking and what folding and totals need."""

    page: list[tuple[float, int, list[tuple[float, int]]]]  # (score, docnum, copies)
    matching: int  # articles matching (after filters)
    total: int     # groups among them (an ungrouped article is its own group)


def rsj_idf(n: int, total: int) -> float:
    """Robertson-Sparck Jones idf, log((N - n + 0.5) / (n + 0.5)), floored at a tenth
    of Lucene's always-positive idf: RSJ reaches 0 for words in half the articles or
    more, which in a small index (the five samples) zeroes every score; the floor
    keeps such hits ranked by tf and field. Whoosh's own, log(N / (n + 1)) + 1, gives
    words found in most articles too much weight."""
    odds = (total - n + 0.5) / (n + 0.5)
    return max(math.log(odds), 0.1 * math.log(1 + odds))


def plan(query: Any, scorable: frozenset[str]) -> Plan | None:
    """A Whoosh query (from the parser) as words of field terms, or None when it is
    not a plain word query. Word-only text gets its plan from query.word_plan."""
    from whoosh import query as wq

    def leaf(node: Any) -> Leaf | None:
        if (type(node) is wq.Term and node.fieldname in scorable
                and isinstance(node.text, str)):
            return Leaf(node.fieldname, node.text, float(node.boost))
        return None

    def word(node: Any) -> tuple[Leaf, ...] | None:
        if type(node) is wq.Term:
            one = leaf(node)
            return (one,) if one else None
        if (type(node) is wq.Or and node.subqueries and not node.minmatch
                and node.scale is None and node.boost == 1.0):
            leaves = [leaf(sub) for sub in node.subqueries]
            return tuple(leaves) if all(leaves) else None  # type: ignore[arg-type]
        return None

    single = word(query)
    if single:
        return Plan("or", (single,))
    if type(query) is wq.And and query.subqueries and query.boost == 1.0:
        words = [word(sub) for sub in query.subqueries]
        if all(words):
            return Plan("and", tuple(words))  # type: ignore[arg-type]
    return None


class Ranker:
    """Ranks plans on one open index reader (no Whoosh searcher needed); caches field
    lengths across searches."""

    def __init__(self, reader: Any, b: float, k1: float) -> None:
        self.reader, self.b, self.k1 = reader, b, k1
        self.leaves = list(reader.leaf_readers())  # (segment reader, docnum offset)
        self._lengths: dict[str, dict[int, float]] = {}

    # -- postings ---------------------------------------------------------------------
    def _read(self, leaf: Leaf) -> dict[int, float]:
        """docnum -> weight for every live article holding the term."""
        from whoosh.reading import TermNotFound

        out: dict[int, float] = {}
        for sub, offset in self.leaves:
            try:
                m = sub.postings(leaf.field, leaf.text)
            except TermNotFound:  # not in this segment
                continue
            active, ident, weight, step = m.is_active, m.id, m.weight, m.next
            while active():
                out[ident() + offset] = weight()
                step()
        return out

    def _probe(self, leaf: Leaf, docs: list[int]) -> dict[int, float]:
        """_read restricted to docs (sorted), skipping through the postings."""
        from whoosh.reading import TermNotFound

        out: dict[int, float] = {}
        term = (leaf.field, leaf.text)
        for sub, offset in self.leaves:
            lo = bisect.bisect_left(docs, offset)
            hi = bisect.bisect_left(docs, offset + sub.doc_count_all())
            if lo == hi:
                continue
            try:
                m = sub.postings(*term)
            except TermNotFound:
                continue
            for doc in docs[lo:hi]:
                local = doc - offset
                if not m.is_active():
                    break
                if m.id() < local:
                    m.skip_to(local)
                    if not m.is_active():
                        break
                if m.id() == local:
                    out[doc] = m.weight()
        return out

    def _postings(self, leaf: Leaf, within: set[int] | None,
                  ordered: list[int] | None) -> dict[int, float]:
        if within is not None and ordered is not None:
            if len(within) * PROBE_RATIO < self.reader.doc_frequency(leaf.field, leaf.text):
                return self._probe(leaf, ordered)
            found = self._read(leaf)
            return {d: w for d, w in found.items() if d in within}
        return self._read(leaf)

    def _gather(self, p: Plan, allowed: set[int] | None
                ) -> tuple[list[tuple[Leaf, dict[int, float]]], set[int]]:
        """Each leaf's postings among the matches, and the matching docnums."""
        df = self.reader.doc_frequency
        within = allowed
        ordered = sorted(allowed) if allowed is not None else None
        gathered: list[tuple[Leaf, dict[int, float]]] = []
        if p.mode == "or":
            matches: set[int] = set()
            for leaf in p.leaves():
                found = self._postings(leaf, within, ordered)
                gathered.append((leaf, found))
                matches.update(found)
            return gathered, matches
        # and: rarest word first, then each later word only among the matches so far
        words = sorted(p.words, key=lambda w: sum(df(x.field, x.text) for x in w))
        for word in words:
            found_any: set[int] = set()
            parts = []
            for leaf in word:
                found = self._postings(leaf, within, ordered)
                parts.append((leaf, found))
                found_any.update(found)
            within = found_any if within is None else within & found_any
            ordered = sorted(within)
            gathered.extend(parts)
            if not within:
                break
        matches = within or set()
        return [(leaf, {d: w for d, w in found.items() if d in matches})
                for leaf, found in gathered], matches

    def count(self, p: Plan, docs: frozenset[int] | set[int]) -> int:
        """How many of docs (a few) match the plan."""
        return len(self._gather(p, set(docs))[1]) if docs else 0

    # -- scores -----------------------------------------------------------------------
    def _scorer(self, leaf: Leaf) -> Callable[[float, float], float]:
        # As whoosh.scoring.BM25F with the engine's idf: the index's statistics
        # (documents counted deleted or not, as Whoosh's searcher counts them).
        reader = self.reader
        total = reader.doc_count_all()
        idf = rsj_idf(reader.doc_frequency(leaf.field, leaf.text), total)
        avgfl = reader.field_length(leaf.field) / (total or 1) or 1
        b, k1, boost = self.b, self.k1, leaf.boost

        def score(weight: float, length: float) -> float:  # whoosh.scoring.bm25, boosted
            return boost * (idf * ((weight * (k1 + 1))
                                   / (weight + k1 * ((1 - b) + b * length / avgfl))))
        return score

    def _length(self, field: str, doc: int) -> float:
        cache = self._lengths.setdefault(field, {})
        length = cache.get(doc)
        if length is None:
            length = cache[doc] = self.reader.doc_field_length(doc, field, 1)
        return length

    def rank(self, p: Plan, allowed: set[int] | None, need: int,
             key_of: Callable[[int], Hashable]) -> Ranked:
        """The best `need` groups (by their best article) and totals.

        key_of gives an article's group (None: ungrouped). A group's copies are
        its other matching articles, best first.
        """
        gathered, matches = self._gather(p, allowed)
        if not matches:
            return Ranked(page=[], matching=0, total=0)
        terms = []
        bound: dict[int, float] = {}
        for leaf, found in gathered:
            if not found:
                continue
            score = self._scorer(leaf)
            info = self.reader.term_info(leaf.field, leaf.text)
            # The shortest field among the term's articles (deleted ones included), as
            # Whoosh stores it: no article holding the term scores above this bound.
            shortest = info.min_length() or 1
            cap: dict[float, float] = {}
            for doc, weight in found.items():
                top = cap.get(weight)
                if top is None:
                    top = cap[weight] = score(weight, shortest)
                bound[doc] = bound.get(doc, 0.0) + top
            terms.append((leaf.field, found, score))

        def exact(doc: int) -> float:  # fsum: equal terms give equal sums in any order
            return math.fsum(score(found[doc], self._length(field, doc))
                             for field, found, score in terms if doc in found)

        keys: dict[int, Hashable] = {doc: key_of(doc) for doc in matches}
        groups: dict[Hashable, int] = {}
        loose = 0
        for key in keys.values():
            if key is None:
                loose += 1
            else:
                groups[key] = groups.get(key, 0) + 1
        total = loose + len(groups)

        # Exact scores in descending bound order, until the page's groups are decided.
        order = sorted(matches, key=bound.__getitem__, reverse=True)
        scored: dict[int, float] = {}
        best: dict[Hashable, tuple[float, int]] = {}  # group -> (score, -docnum) of its best

        def group(doc: int) -> Hashable:
            key = keys[doc]
            return ("doc", doc) if key is None else key

        threshold = None
        for i, doc in enumerate(order):
            if threshold is not None and bound[doc] * SLACK < threshold[0]:
                break
            s = scored[doc] = exact(doc)
            g = group(doc)
            mine = (s, -doc)
            if g not in best or mine > best[g]:
                best[g] = mine
            if len(best) >= need and i % CHECK_EVERY == CHECK_EVERY - 1:
                threshold = heapq.nlargest(need, best.values())[-1]
        top = heapq.nlargest(need, best.values())
        shared = {keys[-negdoc] for _, negdoc in top}
        shared = {k for k in shared if k is not None and groups[k] > 1}
        members: dict[Hashable, list[int]] = {k: [] for k in shared}
        if shared:
            for doc, key in keys.items():
                if key in members:
                    members[key].append(doc)
        page = []
        for s, negdoc in top:
            doc = -negdoc
            copies = []
            for other in members.get(keys[doc], ()):
                if other != doc:
                    if other not in scored:
                        scored[other] = exact(other)
                    copies.append((scored[other], other))
            copies.sort(key=lambda c: (-c[0], c[1]))
            page.append((s, doc, copies))
        return Ranked(page=page, matching=len(matches), total=total)
