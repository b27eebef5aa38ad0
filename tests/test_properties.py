"""Properties: whatever the query text, date option, record or bytes, no traceback.

The library functions run directly (fast, many examples); a handful of real CLI
calls check that what they raise becomes exit 0, 1 or 2 with one line on stderr.
"""

from __future__ import annotations

import datetime as dt
import json
import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from index.read import _Unreadable, decode_bytes, map_record, split_text_hints
from index.record import Problem, RawDoc
from index.schema import make_schema
from search import render
from search.query import QueryError, highlight_of, parse_date_option, parse_query

FAST = settings(max_examples=300, deadline=None)
SLOWER = settings(max_examples=80, deadline=None,
                  suppress_health_check=[HealthCheck.function_scoped_fixture])

# Query syntax pieces, so examples are near-misses of real queries, not only noise.
SYNTAX = st.sampled_from(['"', "(", ")", "*", "?", "^", "~", ":", "-", "+", "AND", "OR",
                          "NOT", "title:", "outlet:", "speaker:", "quote:", "date:", "body:",
                          "[", "]", "{", "}", "TO", "\\", "'", "/", " ", "walrus", "2024",
                          "\x1b[2J", "\u202e", "é", "0", "^2", "~3", "*a", "ceasefire"])
QUERY = st.one_of(st.text(max_size=60), st.lists(SYNTAX, max_size=12).map("".join),
                  st.lists(st.one_of(SYNTAX, st.text(max_size=5)), max_size=10).map(" ".join))
DATE_PART = st.one_of(st.integers(-1, 100000).map(str), st.sampled_from(
    ["Feb", "February", "31", "0000", "9999", "00", "-", "/", " ", ".", "T", "Z", "+0200",
     "2024", "13", "1st", "am", "BC", "\x00", "today", "next monday"]))
DATE = st.one_of(st.text(max_size=30), st.lists(DATE_PART, max_size=6).map("".join),
                 st.lists(DATE_PART, max_size=6).map(" ".join))
JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=True) | st.text(),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(
        st.sampled_from(["text", "body", "title", "id", "url", "date", "outlet", "html",
                         "thread", "site", "maintext", "content"]) | st.text(max_size=8),
        inner, max_size=6),
    max_leaves=20)


@FAST
@given(QUERY, st.booleans())
def test_query_text_parses_or_says_why(text, match_any):
    try:
        query = parse_query(text, make_schema(), match_any)
    except QueryError as err:
        assert str(err) and "\n" not in str(err).strip()
        return
    highlight_of(query)


@FAST
@given(DATE, st.booleans())
def test_date_option_is_a_day_or_says_why(value, end):
    try:
        day = parse_date_option(value, end=end)
    except QueryError:
        return
    assert isinstance(day, dt.date)


@FAST
@given(JSON)
def test_any_json_record_maps_to_a_rawdoc_or_a_problem(record):
    item = map_record(record, "f.jsonl#1", "f.jsonl", 1)
    assert isinstance(item, (RawDoc, Problem))
    if isinstance(item, RawDoc):
        # The index stores text as UTF-8: lone surrogates from "\ud800" must not pass.
        for value in (item.doc_id, item.content, *item.hints.values()):
            value.encode("utf-8")


@FAST
@given(st.text(max_size=300).map(lambda t: t.replace("\r", "")) | st.lists(st.sampled_from(
    ["---", "title: A", "Date: 2024-01-02", "date 2024-02-03 ", "source: X", "", "body",
     "url: http://x", "\ufeff", "key:", ":", "published: 2020"]), max_size=8).map("\n".join))
def test_text_hints_leave_a_tail_of_the_text(text):
    body, hints = split_text_hints(text)
    assert text.lstrip("\ufeff").endswith(body) or text.endswith(body)
    assert set(hints) <= {"title", "date", "outlet", "url"}
    assert all(isinstance(v, str) and v for v in hints.values())


@FAST
@given(st.binary(max_size=400), st.booleans())
def test_any_bytes_decode_to_text_or_are_refused(data, html):
    try:
        text = decode_bytes(data, html=html)
    except _Unreadable:
        return
    text.encode("utf-8")


@FAST
@given(st.text(max_size=200).filter(lambda t: "\x00" not in t and not t.startswith("\ufeff")))
def test_utf8_text_decodes_to_itself(text):
    assert decode_bytes(text.encode("utf-8")) == text


@FAST
@given(st.text())
def test_safe_text_has_no_control_characters(text):
    shown = render.safe(text)
    assert not re.search("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff]",
                         shown)
    shown.encode("utf-8")
    assert "\n" not in render.safe_name(text) and "\t" not in render.safe_name(text)


@FAST
@given(JSON)
def test_json_output_round_trips_without_raw_controls(value):
    line = render.to_json({"v": value})
    assert "\n" not in line
    assert not re.search("[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e]", line)
    line.encode("utf-8")
    assert json.dumps(json.loads(line)["v"]) == json.dumps(value)  # same value, escaped


@pytest.fixture(scope="module")
def engine(tmp_path_factory):
    from conftest import EXPECTED, SEEDS

    from index import update_index
    from search.engine import Engine

    corpus = tmp_path_factory.mktemp("corpus")
    for name in EXPECTED:
        (corpus / name).write_bytes((SEEDS / name).read_bytes())
    index_dir = tmp_path_factory.mktemp("ix")
    update_index(index_dir, [corpus], workers=0)
    with Engine(index_dir) as opened:
        yield opened


@SLOWER
@given(QUERY, st.booleans(), st.sampled_from(["relevance", "newest", "oldest"]),
       st.one_of(st.none(), st.text(max_size=10)), st.integers(1, 3))
def test_any_search_returns_hits_or_says_why(engine, text, match_any, sort, outlet, page):
    from search.request import SearchRequest

    try:
        results = engine.search(SearchRequest(text=text, match_any=match_any, sort=sort,
                                              outlet=outlet, page=page, limit=3))
    except QueryError:
        return
    assert results.total >= len(results.hits)
    for hit in results.hits:
        render.hit_lines(hit, render.Style(False))
        render.to_json(render.hit_json(hit))


@pytest.mark.parametrize("args", [
    ["query", "title:(walrus OR"], ["query", "a" * 5000], ["query", "\x1b[2J\u202e"],
    ["query", "x", "--since", "0000"], ["query", "x", "--until", "99999-99"],
    ["query", "ceasefire", "--since", "1 1 1"], ["query", "*:*"], ["query", "outlet:"],
])
def test_cli_odd_input_exit_codes(cli, seed_index, args):
    run = cli(*args, "--index", str(seed_index))
    assert run.code in (0, 1, 2)
    assert "Traceback" not in run.err and "internal error" not in run.err
    if run.code == 2:
        assert len(run.err.strip().splitlines()) == 1
