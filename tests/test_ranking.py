"""search/ranking.py: the engine's own BM25F ranking of word queries must rank exactly as
Whoosh's full (unpruned) ranking does, fold copies as before, and count exactly."""

from __future__ import annotations

import datetime as dt
import json
import random
from pathlib import Path

import pytest

from search import ranking
from search.engine import Engine
from search.query import parse_query
from search.request import SearchRequest

WORDS = ("oil wheat ceasefire talks minister bank rates grain export tanker strike "
         "truce market shares profit loss harbour crops").split()


def _article(rng: random.Random, n: int) -> dict:
    # Zipf-like word choice: common and rare words, repeated words (tf > 1), ties
    body = " ".join(rng.choices(WORDS, weights=[1 / (i + 1) for i in range(len(WORDS))],
                                k=rng.randint(5, 60)))
    day = dt.date(2024, 1, 1) + dt.timedelta(days=rng.randint(0, 90))
    return {"id": f"a{n}", "title": " ".join(rng.sample(WORDS, 3)).title(),
            "text": body + ".", "date": day.isoformat(), "source": "Wire"}


@pytest.fixture(scope="module")
def engine(tmp_path_factory) -> Engine:
    """Three segments (three runs), deletions (a changed record), near-duplicate copies."""
    from index import update_index

    rng = random.Random(7)
    root = tmp_path_factory.mktemp("ranking")
    corpus, index_dir = root / "corpus", root / "index"
    corpus.mkdir()
    docs = [_article(rng, n) for n in range(120)]
    long_text = " ".join(rng.choices(WORDS, k=80)) + "."
    for n in range(3):  # a group of identical wire copies under other ids
        docs.append({"id": f"copy{n}", "title": "Oil tanker talks", "text": long_text,
                     "date": "2024-02-0%d" % (n + 1)})
    docs.append({"id": "undated", "title": "Oil truce", "text": "oil truce oil talks."})
    for part in range(3):
        path = corpus / f"part{part}.jsonl"
        path.write_text("".join(json.dumps(d) + "\n" for d in docs[part::3]), "utf-8")
        update_index(index_dir, [path], workers=0)
    changed = docs[0::3]
    changed[1] = {**changed[1], "text": "oil oil oil strike talks."}
    (corpus / "part0.jsonl").write_text("".join(json.dumps(d) + "\n" for d in changed), "utf-8")
    update_index(index_dir, [corpus / "part0.jsonl"], workers=0)
    with Engine(index_dir) as opened:
        yield opened


def _reference(engine: Engine, text: str, match_any: bool, allowed=None):
    """Whoosh's own full ranking: every match scored, ties by document number."""
    query = parse_query(text, engine.ix.schema, match_any)
    results = engine.searcher.search(query, limit=None, filter=allowed)
    return [(results.docnum(i), results.score(i)) for i in range(results.scored_length())]


def _tied_groups(ranked):
    """The ranking as runs of equal scores: Whoosh sums a document's term scores in
    the order its matcher tree meets them, so equal scores may differ in the last bit
    and ties then break either way."""
    runs: list[set] = []
    last = None
    for doc, score in ranked:
        if last is None or abs(score - last) > 1e-9 * abs(last):
            runs.append(set())
        runs[-1].add(doc)
        last = score
    return runs


QUERIES = ["oil", "oil tanker", "ceasefire talks minister", "harbour crops", "truce",
           "bank rates grain", "oil wheat ceasefire talks", "nosuchword oil"]


@pytest.mark.parametrize("text", QUERIES)
@pytest.mark.parametrize("match_any", [True, False])
def test_ranks_as_whoosh_full_ranking(engine, text, match_any):
    ref = _reference(engine, text, match_any)
    got = engine.search(SearchRequest(text=text, match_any=match_any, limit=1000,
                                      all_copies=True, fragments=0))
    docnum = {engine.searcher.stored_fields(d)["doc_id"]: d for d, _ in ref}
    assert _tied_groups([(docnum.get(h.doc_id), h.score) for h in got.hits]) == _tied_groups(ref)
    assert [h.score for h in got.hits] == pytest.approx([s for _, s in ref], rel=1e-9)
    # ties (equal to the last bits) rank the lower document number first
    assert [h.doc_id for h in got.hits] == [h.doc_id for h in sorted(
        got.hits, key=lambda h: (-h.score, docnum[h.doc_id]))]
    assert got.total == len(ref)


def test_fast_path_is_used(engine, monkeypatch):
    calls = []
    real = ranking.Ranker.rank
    monkeypatch.setattr(ranking.Ranker, "rank", lambda *a: calls.append(1) or real(*a))
    engine.search(SearchRequest(text="oil tanker", match_any=True))
    assert calls


@pytest.mark.parametrize("text", ["oil tanker talks", "oil", "strike"])
@pytest.mark.parametrize("page", [1, 2, 3])
def test_folds_copies_like_full_ranking(engine, text, page):
    ref = _reference(engine, text, True)
    groups: dict[str, list[str]] = {}
    order: list[str] = []
    for d, _ in ref:
        stored = engine.searcher.stored_fields(d)
        key = stored.get("group") or stored["doc_id"]
        if key not in groups:
            groups[key] = []
            order.append(key)
        groups[key].append(stored["doc_id"])
    for _ in range(2):  # the first and later searches read groups differently
        got = engine.search(SearchRequest(text=text, match_any=True, limit=5, page=page))
        want = order[(page - 1) * 5:page * 5]
        assert [h.doc_id for h in got.hits] == [groups[k][0] for k in want]
        assert [[c.doc_id for c in h.copies] for h in got.hits] == [groups[k][1:] for k in want]
        assert got.total == len(order)
        assert got.copies_folded == len(ref) - len(order)
    assert any(len(v) == 3 for v in groups.values()) or text == "strike"


@pytest.mark.parametrize("match_any", [True, False])
def test_date_filter_ranks_and_counts_undated(engine, match_any):
    since, until = dt.date(2024, 1, 20), dt.date(2024, 2, 20)
    allowed, undated = engine._filter(SearchRequest(text="x", since=since, until=until))
    ref = _reference(engine, "oil talks", match_any, allowed)
    got = engine.search(SearchRequest(text="oil talks", match_any=match_any, since=since,
                                      until=until, limit=1000, all_copies=True, fragments=0))
    assert [h.score for h in got.hits] == pytest.approx([s for _, s in ref])
    assert got.undated_excluded == 1  # the one undated article matches "oil talks"


def test_other_query_shapes_left_to_whoosh(engine):
    schema, scorable = engine.ix.schema, frozenset({"title", "body"})
    assert ranking.plan(parse_query("oil tanker", schema, True), scorable) is not None
    assert ranking.plan(parse_query("oil tanker", schema, False), scorable) is not None
    for text in ('"oil tanker"', "oil*", "oil NOT tanker", "outlet:wire", "speaker:smith"):
        assert ranking.plan(parse_query(text, schema, True), scorable) is None, text


@pytest.mark.parametrize("text", ["oil oil", "the oil", "Oil tanker", "oils oil tanker",
                                  "ceasefire", "truce talks oil"])
@pytest.mark.parametrize("match_any", [True, False])
def test_word_plan_ranks_as_the_parsed_query(engine, monkeypatch, text, match_any):
    """Word-only text is planned without Whoosh's query classes; same hits, same scores."""
    from search import query as q

    request = SearchRequest(text=text, match_any=match_any, limit=50, all_copies=True)
    direct = engine.search(request)
    monkeypatch.setattr(q, "word_plan", lambda *a: None)
    parsed = engine.search(request)
    assert [(h.doc_id, h.score, h.snippets) for h in direct.hits] == \
        [(h.doc_id, h.score, h.snippets) for h in parsed.hits]
    assert direct.total == parsed.total


def test_word_query_needs_no_whoosh_searcher(seed_index):
    """A one-off word query reads the index without importing Whoosh's searcher and
    query modules (part of every cold `newssearch query`)."""
    import subprocess
    import sys

    from conftest import ROOT

    code = (
        "import sys\n"
        "from pathlib import Path\n"
        "from search.engine import Engine\n"
        "from search.request import SearchRequest\n"
        f"with Engine(Path({str(seed_index)!r}), one_shot=True) as e:\n"
        "    r = e.search(SearchRequest(text='ceasefire Witkoff'))\n"
        "assert r.hits and r.hits[0].snippets, r\n"
        "print(sorted(m for m in sys.modules if m in ('whoosh.searching', 'whoosh.query')))\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         cwd=ROOT, timeout=120)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "[]"


def test_long_lived_engines_map_small_indexes_only(seed_index, monkeypatch):
    """Whoosh holds a mapped segment in memory: an index above MMAP_MAX_BYTES is read
    as needed, so a search process's memory does not grow with the archive."""
    from search import engine as engine_module

    request = SearchRequest(text="ceasefire Witkoff")
    with Engine(seed_index) as mapped:
        assert mapped.ix.storage.supports_mmap
        expected = [(h.doc_id, h.score, h.snippets) for h in mapped.search(request).hits]
    monkeypatch.setattr(engine_module, "MMAP_MAX_BYTES", 1000)
    with Engine(seed_index) as unmapped:
        assert not unmapped.ix.storage.supports_mmap
        assert [(h.doc_id, h.score, h.snippets)
                for h in unmapped.search(request).hits] == expected
    assert expected
