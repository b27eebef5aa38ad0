"""The seeds contract: what the indexer must make of each sample (seeds/expected.json)."""

from __future__ import annotations

import pytest

from conftest import EXPECTED, SEEDS
from index import inspect_file

CASES = sorted(EXPECTED.items())


@pytest.fixture(scope="module")
def articles():
    return {name: inspect_file(SEEDS / name) for name in EXPECTED}


@pytest.mark.parametrize("name,expected", CASES, ids=[c[0][:3] for c in CASES])
def test_date(articles, name, expected):
    got = articles[name].date
    assert (got.isoformat() if got else None) == expected["date"]


@pytest.mark.parametrize("name,expected", CASES, ids=[c[0][:3] for c in CASES])
def test_outlet(articles, name, expected):
    assert articles[name].outlet == expected["outlet"]


@pytest.mark.parametrize("name,expected", [c for c in CASES if "title" in c[1]])
def test_title(articles, name, expected):
    assert articles[name].title == expected["title"]


@pytest.mark.parametrize("name,phrase", [(n, g) for n, e in CASES for g in e["gone"]])
def test_boilerplate_gone(articles, name, phrase):
    assert phrase not in articles[name].body


@pytest.mark.parametrize("name,phrase", [(n, k) for n, e in CASES for k in e["kept"]])
def test_text_kept(articles, name, phrase):
    assert phrase in articles[name].body


@pytest.mark.parametrize("name,quote", [(n, q) for n, e in CASES for q in e["quotes"]],
                         ids=lambda v: v if isinstance(v, str) else v["starts"][:30])
def test_quote_found_with_speaker(articles, name, quote):
    found = [q for q in articles[name].quotes if q.text.lstrip("“\"‘ ").startswith(quote["starts"])]
    assert found, f"quote not found: {quote['starts']!r}"
    speakers = {q.speaker for q in found}
    if quote["speaker"]:
        assert quote["speaker"] in speakers
    if quote.get("not_speaker"):
        assert quote["not_speaker"] not in speakers


def test_quote_offsets_slice_body(articles):
    for article in articles.values():
        for quote in article.quotes:
            assert article.body[quote.start:quote.end] == quote.text
