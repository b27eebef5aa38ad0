"""The only code that opens a searcher; returns finished Hits (snippets made before close).

Date filters are built in code from the date column, once per opened index
generation, so a filtered search costs about what an unfiltered one does.
"""

from __future__ import annotations

import bisect
from dataclasses import replace
from pathlib import Path
from typing import Any, Iterator

from index import (BODY, DATE, DOC_ID, GROUP, INDEX_NAME, MAX_ORDINAL, TITLE, IndexDamaged,
                   StoreError, current_generation, fields_to_article, ordinal_to_date)
from search import query as q
from search import ranking
from search.request import Copy, Hit, Results, SearchRequest
from search.snippets import find_matches, lead_of, make_snippets


# BM25F parameters, tuned on the TIME test collection (scripts/eval_relevance.py):
# with Whoosh's defaults (B=0.75, K1=1.2, its own idf) MAP 0.638 / nDCG@10 0.703,
# with these and the Robertson-Sparck Jones idf 0.660 / 0.724.
BM25_B = 0.75
BM25_K1 = 1.6


def _weighting() -> Any:
    """Whoosh's BM25F with the idf search/ranking.py uses (ranking.rsj_idf), for the
    queries Whoosh ranks (phrases, prefixes, NOT, date order)."""
    from whoosh import scoring

    class _BM25F(scoring.BM25F):
        def idf(self, searcher: Any, fieldname: str, text: Any) -> float:
            parent = searcher.get_parent()
            return ranking.rsj_idf(parent.doc_frequency(fieldname, text),
                                   parent.doc_count_all())

    return _BM25F(B=BM25_B, K1=BM25_K1)


# Largest index a long-lived engine memory-maps. Whoosh reads a mapped segment
# through a BytesIO, which holds a copy of it: a mapped index is an index in
# memory (Reuters-21578: 238 MiB resident for a 120 MB index, 40 MiB unmapped),
# and searches it about a quarter faster. Above this size files are read as
# needed, so a search process's memory does not grow with the archive.
MMAP_MAX_BYTES = 256 * 2**20


def _open_reader(index_dir: Path, attempts: int = 3, mmap: bool = True
                 ) -> tuple[Any, Any]:
    """The live generation and a reader on it.

    A writer's commit deletes merged segments and a rebuild deletes the old
    generation, possibly between our reading CURRENT and opening those files;
    opening again then finds the new state, so only a repeated failure is damage.
    """
    import time

    from whoosh.filedb.filestore import FileStorage

    for attempt in range(1, attempts + 1):
        try:
            gen = current_generation(index_dir)
            mapped = mmap and sum(p.stat().st_size for p in gen.iterdir()) <= MMAP_MAX_BYTES
            storage = FileStorage(str(gen), supports_mmap=mapped, readonly=True)
            ix = storage.open_index(INDEX_NAME)
            reader = ix.reader()
            return _Opened(ix, reader.schema), reader
        except IndexDamaged:
            if attempt == attempts:
                raise
        except StoreError:  # missing index, other schema version: no retry helps
            raise
        except Exception as err:  # Whoosh raises many kinds on damaged files
            if attempt == attempts:
                raise IndexDamaged(f"index at {index_dir} is damaged ({type(err).__name__}); "
                                   "run `newssearch rebuild`") from None
        time.sleep(0.05 * attempt)
    raise AssertionError("unreachable")


class _Opened:
    """The Whoosh index as opened, its schema read once: FileIndex.schema reads the
    table of contents again on every use, and a commit or a rebuild's swap may have
    deleted it since (the open reader itself keeps working)."""

    def __init__(self, ix: Any, schema: Any) -> None:
        self._ix, self.schema = ix, schema

    def __getattr__(self, name: str) -> Any:
        return getattr(self._ix, name)


def _ungrouped(docnum: int) -> None:
    return None


class Engine:
    """An open index for searching; use as a context manager."""

    def __init__(self, index_dir: Path, one_shot: bool = False) -> None:
        """one_shot: the process searches once (a CLI command). Files are then read
        as needed instead of memory-mapped: mapping costs more to set up and tear
        down than one search gains from it (Reuters: open 42 -> 3.5 ms, close 4.4 ->
        0.1 ms), while repeated searches are faster mapped (up to MMAP_MAX_BYTES)."""
        self.index_dir = index_dir
        self.ix, self.reader = _open_reader(index_dir, mmap=not one_shot)
        self._searcher: Any = None
        self._dates: tuple[list[int], list[int], frozenset[int]] | None = None
        self._analyzer = self.ix.schema[BODY].analyzer
        schema = self.ix.schema
        self._scorable = frozenset(name for name in schema.names() if schema[name].scorable)
        self._ranker: ranking.Ranker | None = None

    def __enter__(self) -> "Engine":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        if self._searcher is not None:
            self._searcher.close()  # closes the reader too
        else:
            self.reader.close()

    @property
    def searcher(self) -> Any:
        """A Whoosh searcher on the open reader, made on first use: word queries are
        ranked from the reader alone (search/ranking.py), and importing and setting
        up Whoosh's searcher and query modules is a good part of a one-off search."""
        if self._searcher is None:
            from whoosh.searching import Searcher

            self._searcher = Searcher(self.reader, weighting=_weighting(), fromindex=self.ix._ix)
        return self._searcher

    # -- filters --------------------------------------------------------------------
    def _date_column(self) -> tuple[list[int], list[int], frozenset[int]]:
        """(sorted days, their docnums, undated docnums), built once per searcher."""
        if self._dates is None:
            reader = self.reader
            column = reader.column_reader(DATE) if reader.has_column(DATE) else None
            pairs, undated = [], []
            for docnum in reader.all_doc_ids():
                day = column[docnum] if column is not None else 0
                if day and day <= MAX_ORDINAL:  # the column marks "no date" as 2**32-1
                    pairs.append((day, docnum))
                else:
                    undated.append(docnum)
            pairs.sort()
            self._dates = ([p[0] for p in pairs], [p[1] for p in pairs], frozenset(undated))
        return self._dates

    def day_of(self) -> dict[int, Any]:
        """docnum -> publication date, for every dated document (cached)."""
        if getattr(self, "_day_of", None) is None:
            days, docnums, _ = self._date_column()
            self._day_of = {d: ordinal_to_date(v) for v, d in zip(days, docnums)}
        return self._day_of

    def suggest(self, text: str) -> str | None:
        """A spelling the index knows for a query that found nothing, or None.

        Candidates come from the stemmed body lexicon (edit distance up to 2, most
        frequent first) and are shown in a surface form read from an article
        holding them, so the suggestion is a word users would type.
        """
        words = [w for w in text.split() if w.isalpha()]
        if not words or len(words) > 8:
            return None
        changed, out = False, []
        reader = self.reader
        for word in words:
            stem = next(iter(self._analyzer(word.lower())), None)
            if stem is None or reader.doc_frequency(BODY, stem.text):
                out.append(word.lower())
                continue
            options = self.searcher.suggest(BODY, word.lower(), limit=1, maxdist=2)
            surface = self._surface(options[0]) if options else None
            out.append(surface or word.lower())
            changed = changed or surface is not None
        return " ".join(out) if changed else None

    def _surface(self, stem: str) -> str | None:
        from whoosh import query as wq

        for docnum in self.searcher.docs_for_query(wq.Term(BODY, stem)):
            body = self.reader.stored_fields(docnum).get(BODY, "")
            for token in self._analyzer(body, chars=True, mode="index"):
                if token.text == stem:
                    return body[token.startchar:token.endchar].lower()
            break
        return None

    def _filter(self, request: SearchRequest) -> tuple[set[int] | None, frozenset[int]]:
        """Allowed docnums (None: all) and the undated docnums a date filter drops."""
        allowed: set[int] | None = None
        undated: frozenset[int] = frozenset()
        bounds = q.date_bounds(request.since, request.until)
        if bounds:
            days, docnums, undated = self._date_column()
            lo = bisect.bisect_left(days, bounds[0])
            hi = bisect.bisect_right(days, bounds[1])
            allowed = set(docnums[lo:hi])
        for extra in (q.outlet_query(request.outlet) if request.outlet else None,
                      q.speaker_query(request.speaker) if request.speaker else None):
            if extra is not None:
                docs = set(self.searcher.docs_for_query(extra))
                allowed = docs if allowed is None else allowed & docs
        return allowed, undated

    def _count_undated(self, query: Any, undated: frozenset[int]) -> int:
        if not undated:
            return 0
        matcher = query.matcher(self.searcher)
        count = 0
        for docnum in sorted(undated):
            if not matcher.is_active():
                break
            if matcher.id() < docnum:
                matcher.skip_to(docnum)
            if matcher.is_active() and matcher.id() == docnum:
                count += 1
        return count

    # -- search ---------------------------------------------------------------------
    def search(self, request: SearchRequest) -> Results:
        """One page of hits with snippets. Word queries in relevance order are ranked
        by search/ranking.py; Whoosh ranks the rest (phrases, prefixes, NOT, fields
        other than title and body, date order)."""
        relevance = self._order(request.sort)[0] is None
        plan = q.word_plan(request.text, self.ix.schema, request.match_any) if relevance else None
        query = None
        if plan is None:
            query = q.parse_query(request.text, self.ix.schema, request.match_any)
            plan = ranking.plan(query, self._scorable) if relevance else None
        allowed, undated = self._filter(request)
        if allowed is not None and not allowed:
            excluded = (self._rank().count(plan, undated) if plan is not None
                        else self._count_undated(query, undated))
            return Results(hits=(), total=0, page=request.page, undated_excluded=excluded)
        if plan is not None:
            return self._search_planned(plan, request, allowed, undated)
        if not request.all_copies and self.reader.has_column(GROUP):
            return self._search_folded(query, request, allowed, undated)
        sortedby, reverse = self._order(request.sort)
        results = self.searcher.search_page(
            query, request.page, pagelen=request.limit, filter=allowed,
            sortedby=sortedby, reverse=reverse)
        wanted = q.highlight_of(query)
        hits = tuple(self._hit(r, results.offset + i + 1, wanted, request.fragments)
                     for i, r in enumerate(results))
        return Results(hits=hits, total=results.total, page=request.page,
                       undated_excluded=self._count_undated(query, undated))

    def _rank(self) -> ranking.Ranker:
        if self._ranker is None:
            self._ranker = ranking.Ranker(self.reader, BM25_B, BM25_K1)
        return self._ranker

    def _search_planned(self, plan: q.Plan, request: SearchRequest,
                        allowed: set[int] | None, undated: frozenset[int]) -> Results:
        """A word query ranked by search/ranking.py: exact BM25F, folded by group
        unless all copies are wanted, with exact totals."""
        folded = not request.all_copies and self.reader.has_column(GROUP)
        ranked = self._rank().rank(plan, allowed, request.page * request.limit,
                                   self._group_keys() if folded else _ungrouped)
        start = (request.page - 1) * request.limit
        wanted = q.plan_highlight(plan)
        hits = []
        for rank, (score, docnum, copies) in enumerate(ranked.page[start:], start + 1):
            hit = self._make_hit(self.reader.stored_fields(docnum), score, rank, wanted,
                                 request.fragments)
            if copies:
                hit = replace(hit, copies=tuple(self._copy(d) for _, d in copies))
            hits.append(hit)
        return Results(hits=tuple(hits), total=ranked.total, page=request.page,
                       undated_excluded=self._ranker.count(plan, undated),
                       copies_folded=ranked.matching - ranked.total)

    def _search_folded(self, query: Any, request: SearchRequest, allowed: set[int] | None,
                       undated: frozenset[int], window: int | None = None) -> Results:
        """One page of hits, one per near-duplicate group: the best-ranked copy, carrying
        the other matching copies. Whoosh 2.7.5's own collapse= is not used: with
        search_page it counts collapsed documents in the total and repeats a group on
        a later page, and with a filter it raises AttributeError. window: rank only
        the top so many matches (None: all, so totals and pages are exact)."""
        if window is None:
            quick = self._fold_top(query, request, allowed, undated)
            if quick is not None:
                return quick
        sortedby, reverse = self._order(request.sort)
        results = self.searcher.search(query, limit=window, filter=allowed,
                                       sortedby=sortedby, reverse=reverse)
        reader = self.reader
        column = reader.column_reader(GROUP) if reader.has_column(GROUP) else None
        keys = [column[results.docnum(pos)] if column is not None else None
                for pos in range(results.scored_length())]
        firsts: list[int] = []  # result positions of each group's best-ranked match
        members: dict[str, list[int]] = {}
        for pos, key in enumerate(keys):
            if key and key in members:
                members[key].append(pos)
                continue
            if key:
                members[key] = [pos]
            firsts.append(pos)
        start = (request.page - 1) * request.limit
        wanted = q.highlight_of(query)
        hits = []
        for rank, pos in enumerate(firsts[start:start + request.limit], start + 1):
            hit = self._hit(results[pos], rank, wanted, request.fragments)
            key = keys[pos]
            others = members[key][1:] if key else []
            hits.append(replace(hit, copies=tuple(self._copy(results.docnum(p))
                                                  for p in others)))
        return Results(hits=tuple(hits), total=len(firsts), page=request.page,
                       undated_excluded=self._count_undated(query, undated),
                       copies_folded=results.scored_length() - len(firsts))

    def _fold_top(self, query: Any, request: SearchRequest, allowed: set[int] | None,
                  undated: frozenset[int]) -> Results | None:
        """_search_folded's exact answer without ranking every match, or None.

        Ranking all matches (to fold copies) cost most of a search. Instead only the
        top few times a page are ranked (Whoosh skips the rest by block scores), and
        every match is only counted, with its group, for the exact total. The page is
        exact when the ranked top holds the page's groups and all of their matching
        copies; otherwise None, and the caller ranks everything as before.
        """
        end = request.page * request.limit
        found = self._matches(query)
        if allowed is not None:
            found &= allowed
        matching = len(found)
        counts: dict[Any, int] = {}
        group_of = self._group_of
        for docnum in found:
            key = group_of(docnum)
            counts[key] = counts.get(key, 0) + 1
        total = counts.pop(None, 0) + len(counts)  # ungrouped documents count one each
        # A narrower top (end + 10) was faster but Whoosh's pruned top-k then once
        # differed from the full ranking's head (1 page in 600); three pages never did.
        for top in (max(3 * end, end + 20), 8 * end + 40):  # wider only when short
            page = self._fold_page(query, request, allowed, top, matching, counts)
            if page is not None:
                results, ranked, members, start, page_pos, key_of = page
                break
        else:
            return None
        wanted = q.highlight_of(query)
        hits = []
        for rank, (pos, key) in enumerate(zip(page_pos, key_of), start + 1):
            hit = self._hit(results[pos], rank, wanted, request.fragments)
            others = members[key][1:] if key is not None else []
            hits.append(replace(hit, copies=tuple(self._copy(ranked[p]) for p in others)))
        return Results(hits=tuple(hits), total=total, page=request.page,
                       undated_excluded=self._count_undated(query, undated),
                       copies_folded=matching - total)

    def _fold_page(self, query: Any, request: SearchRequest, allowed: set[int] | None,
                   top: int, matching: int, counts: dict[Any, int]) -> tuple | None:
        """The top `top` matches folded, when they decide the page exactly, else None."""
        end = request.page * request.limit
        sortedby, reverse = self._order(request.sort)
        results = self.searcher.search(query, limit=top, filter=allowed,
                                       sortedby=sortedby, reverse=reverse)
        ranked = [results.docnum(pos) for pos in range(results.scored_length())]
        firsts: list[int] = []
        members: dict[Any, list[int]] = {}
        for pos, docnum in enumerate(ranked):
            key = self._group_of(docnum)
            if key is not None and key in members:
                members[key].append(pos)
                continue
            members[key] = [pos] if key is not None else []
            firsts.append(pos)
        complete = len(ranked) >= matching
        if not complete and (len(firsts) < end or firsts[end - 1] >= len(ranked) - 1):
            return None  # the page reaches past the ranked top
        start = (request.page - 1) * request.limit
        page = firsts[start:end]
        key_of = [self._group_of(ranked[pos]) for pos in page]
        if not complete and any(k is not None and counts[k] != len(members[k]) for k in key_of):
            return None  # a copy ranks below the top
        return results, ranked, members, start, page, key_of

    def _matches(self, query: Any) -> set[int]:
        """Every document matching the query, unscored. An Or or And of terms is the
        union or intersection of its terms' postings: sets joined in C instead of
        Whoosh stepping a matcher tree once per matching document."""
        from whoosh import query as wq

        if type(query) is wq.Or and not query.minmatch:
            return set().union(*(self._matches(sub) for sub in query.subqueries))
        if type(query) is wq.And and query.subqueries:
            parts = sorted((self._matches(sub) for sub in query.subqueries), key=len)
            return parts[0].intersection(*parts[1:])
        return set(self.searcher.docs_for_query(query))

    def _group_keys(self) -> Any:
        """docnum -> group for every match of a search: read per document on this
        searcher's first folded search (a one-off query reads only its matches), then
        from the whole group column read once (25 ms on Reuters' 21,578 articles),
        as the date column is."""
        self._folded_searches = getattr(self, "_folded_searches", 0) + 1
        if self._folded_searches < 2:
            return self._group_of
        if getattr(self, "_group_list", None) is None:
            reader = self.reader
            column = reader.column_reader(GROUP) if reader.has_column(GROUP) else None
            self._group_list = ([value or None for value in column] if column is not None
                                else [])
        return self._group_list.__getitem__ if self._group_list else _ungrouped

    def _group_of(self, docnum: int) -> Any:
        """A document's near-duplicate group (None: none), read once per searcher."""
        cache = self.__dict__.setdefault("_groups", {})
        if docnum not in cache:
            if "_group_column" not in self.__dict__:
                reader = self.reader
                self._group_column = (reader.column_reader(GROUP)
                                      if reader.has_column(GROUP) else None)
            column = self._group_column
            cache[docnum] = (column[docnum] or None) if column is not None else None
        return cache[docnum]

    def _copy(self, docnum: int) -> Copy:
        stored = self.reader.stored_fields(docnum)
        return Copy(doc_id=stored[DOC_ID], outlet=stored.get("outlet"),
                    date=ordinal_to_date(stored.get(DATE)))

    def similar(self, doc_id: str, limit: int = 10, fragments: int = 2,
                terms: int = 12) -> Results | None:
        """Articles most related to one (None: no such doc_id), by the key terms of its
        body (Whoosh's key_terms, Bo1 model), leaving out its own near-duplicates."""
        from whoosh import query as wq

        docnum = self.searcher.document_number(**{DOC_ID: doc_id})
        if docnum is None:
            return None
        request = SearchRequest(text=doc_id, limit=limit, fragments=fragments)
        key_terms = self.searcher.key_terms([docnum], BODY, numterms=terms)
        if not key_terms:
            return Results(hits=(), total=0, page=1)
        group = self.searcher.stored_fields(docnum).get(GROUP)
        own = wq.Or([wq.Term(DOC_ID, doc_id)] + ([wq.Term(GROUP, group)] if group else []))
        query = wq.AndNot(wq.Or([wq.Term(BODY, term, boost=weight)
                                 for term, weight in key_terms]), own)
        return self._search_folded(query, request, None, frozenset(), window=limit * 5 + 50)

    def iter_all(self, request: SearchRequest, chunk: int = 500) -> Iterator[Hit]:
        """Every hit of a search, a page at a time, in constant memory."""
        page = 1
        while True:
            part = self.search(SearchRequest(**{**request.__dict__, "page": page,
                                                "limit": chunk}))
            yield from part.hits
            if page * chunk >= part.total:
                return
            page += 1

    @staticmethod
    def _order(sort: str) -> tuple[str | None, bool]:
        if sort == "newest":
            return DATE, True
        if sort == "oldest":
            return DATE, False
        return None, False

    def _hit(self, result: Any, rank: int, wanted: q.Highlight, fragments: int) -> Hit:
        return self._make_hit(result.fields(), result.score, rank, wanted, fragments)

    def _make_hit(self, stored: dict[str, Any], score: Any, rank: int, wanted: q.Highlight,
                  fragments: int) -> Hit:
        body = stored.get(BODY, "")
        # fragments=0: no snippets wanted (rankings, exports), so no highlighting work
        spans = find_matches(body, self._analyzer, wanted) if fragments > 0 else []
        return Hit(doc_id=stored[DOC_ID], rank=rank, score=float(score or 0.0),
                   title=stored.get(TITLE), date=ordinal_to_date(stored.get(DATE)),
                   outlet=stored.get("outlet"), url=stored.get("url"),
                   source=stored.get("source", ""), lead=lead_of(body),
                   snippets=make_snippets(body, spans, fragments))

    # -- documents ------------------------------------------------------------------
    def document(self, doc_id: str):  # -> Article | None
        stored = self.searcher.document(**{DOC_ID: doc_id})
        return fields_to_article(stored) if stored else None

    def doc_count(self) -> int:
        return self.searcher.doc_count()

    def iter_documents(self) -> Iterator[dict[str, Any]]:
        """Stored fields of every live document."""
        reader = self.reader
        for docnum in reader.all_doc_ids():
            yield reader.stored_fields(docnum)

    def stats(self, top: int = 10) -> dict[str, Any]:
        """Article count, date span, undated count and the outlets with most articles."""
        days, _, undated = self._date_column()
        reader = self.reader
        outlets = []
        if "outlet" in reader.indexed_field_names():
            for term in reader.field_terms("outlet"):
                outlets.append((reader.doc_frequency("outlet", term), term))
        outlets.sort(key=lambda p: (-p[0], p[1]))
        named = []
        for count, term in outlets[:top]:
            stored = self.searcher.document(outlet=term) or {}
            named.append((stored.get("outlet", term), count))
        return {
            "articles": self.searcher.doc_count(),
            "first_date": ordinal_to_date(days[0]) if days else None,
            "last_date": ordinal_to_date(days[-1]) if days else None,
            "undated": len(undated),
            "outlets": named,
        }
