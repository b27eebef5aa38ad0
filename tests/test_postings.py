"""Text fields index exactly what Whoosh's TEXT would, whichever way they analyse."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st
from whoosh import fields
from whoosh.analysis import StandardAnalyzer, StemmingAnalyzer

from index.postings import Analysed, Text, _plain_stemming, analyse_fields
from index.schema import BODY, TITLE, make_schema

SHARED = Path(__file__).resolve().parents[2] / "shared" / "corpora" / "reuters21578"


def whoosh_postings(field: Text, text: str) -> list:
    return list(fields.TEXT.index(field, text))


def test_schema_text_fields_take_the_one_loop():
    schema = make_schema()
    for name in (TITLE, BODY):
        assert _plain_stemming(schema[name]) is not None


def test_same_postings_on_samples_and_edge_cases():
    schema = make_schema()
    texts = ["", "the of and", "A cat, the cat; THE CAT!", "a b c dog a",
             "U.S. 3.141 big-time under_score e-mail", "Straße naïve café ÇA Ünïcödé",
             "the first kept word keeps its place: the the dog",
             "x " * 50 + "running runs ran", "İstanbul ß ﬁ ǅ"]
    seeds = Path(__file__).resolve().parents[1] / "seeds"
    texts += [p.read_text(encoding="utf-8") for p in sorted(seeds.rglob("*.txt"))]
    for name in (TITLE, BODY):
        for text in texts:
            assert list(schema[name].index(text)) == whoosh_postings(schema[name], text)


def test_same_postings_on_reuters():
    path = SHARED / "docs.jsonl.gz"
    if not path.exists():
        return
    field = make_schema()[BODY]
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        for n, line in enumerate(fh):
            if n % 20:
                continue
            text = json.loads(line).get("text") or ""
            assert list(field.index(text)) == whoosh_postings(field, text)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("abcAB .,'-_9ßİ\n\tthe of")), max_size=80))
def test_same_postings_on_any_text(text):
    field = make_schema()[TITLE]  # field boost 2.0
    assert list(field.index(text)) == whoosh_postings(field, text)


def test_other_analyzers_go_through_whoosh():
    assert _plain_stemming(Text(analyzer=StandardAnalyzer())) is None
    custom = Text(analyzer=StemmingAnalyzer(minsize=3, stoplist=["dog"]))
    assert _plain_stemming(custom) is not None
    text = "The dog and an ox ran to the dogs"
    assert list(custom.index(text)) == whoosh_postings(custom, text)


def test_analysed_values_are_filed_as_given():
    schema = make_schema()
    out = analyse_fields({BODY: "Cats ran.", "doc_id": "x"}, schema)
    assert set(out) == {BODY, "_stored_" + BODY}
    assert isinstance(out[BODY], Analysed)
    assert list(schema[BODY].index(out[BODY])) == whoosh_postings(schema[BODY], "Cats ran.")
