"""Quotes, speakers, facets, timeline, suggestions and export, on the samples."""

from __future__ import annotations

import csv
import io
import json

import pytest


@pytest.fixture()
def ix(seed_index):
    return ["--index", str(seed_index)]


def test_quotes_by_speaker_forgiving(cli, ix):
    short = cli("quotes", "--speaker", "netanyahu", "--json", *ix)
    full = cli("quotes", "--speaker", "Benjamin Netanyahu", "--json", *ix)
    assert short.code == 0 and short.out == full.out
    rows = [json.loads(line) for line in short.out.splitlines()]
    assert rows and {r["speaker"] for r in rows} == {"Benjamin Netanyahu"}
    assert {"text", "speaker", "date", "outlet", "doc_id", "articles", "first_date"} <= set(rows[0])


def test_quotes_text_highlighted(cli, ix):
    run = cli("quotes", "victory", *ix)
    assert run.code == 0 and "[victory]" in run.out and "Benjamin Netanyahu" in run.out
    assert cli("quotes", "zzzxqv", *ix).code == 1


def test_same_quote_in_several_articles_shown_once(cli, tmp_path):
    corpus = tmp_path / "c"
    corpus.mkdir()
    said = '“We will keep working for a deal until the very end,” Antony Blinken said.'
    for i, day in enumerate(("2024-03-02", "2024-03-01", "2024-03-05")):
        (corpus / f"a{i}.txt").write_text(
            f"date {day} Talks went on in Cairo on day {i} of the round.\n\n{said}\n\n"
            f"Officials met again in the evening for the {i}th time.", encoding="utf-8")
    ix = ["--index", str(tmp_path / "ix")]
    assert cli("index", str(corpus), *ix).code == 0
    run = cli("quotes", "deal", *ix)
    assert run.code == 0 and run.out.count("We will keep working") == 1
    assert "in 3 articles, first 2024-03-01" in run.out


def test_speakers_ranked(cli, ix):
    run = cli("speakers", "--json", *ix)
    rows = [json.loads(line) for line in run.out.splitlines()]
    assert rows[0]["speaker"] in ("Antony Blinken", "Benjamin Netanyahu")
    assert rows == sorted(rows, key=lambda r: -r["quotes"])
    dated = cli("speakers", "--since", "2025", "--json", *ix)
    assert {json.loads(x)["speaker"] for x in dated.out.splitlines()} <= {
        "Benjamin Netanyahu", "Gideon Saar", "The Jerusalem Post"}


def test_query_speaker_filter(cli, ix):
    run = cli("query", "ceasefire", "--speaker", "saar", "--json", *ix)
    assert [json.loads(x)["doc_id"] for x in run.out.splitlines()] == ["004_24368dbee83cb858.txt"]


def test_facets_text_and_json(cli, ix):
    run = cli("query", "hostages", "--facet", "outlet", "--facet", "month", *ix)
    assert "by outlet:" in run.out and "by month:" in run.out and "2024-02" in run.out
    lines = cli("query", "hostages", "--facet", "speaker", "--json", *ix).out.splitlines()
    facets = json.loads(lines[-1])["facets"]["speaker"]
    assert facets[0]["count"] >= 1 and facets[0]["value"]
    assert cli("query", "x", "--facet", "colour", *ix).code == 2


def test_timeline_bars_csv_json(cli, ix):
    run = cli("timeline", "hostages", "Witkoff", "--by", "month", *ix)
    assert run.code == 0 and "2024-02" in run.out and "█" in run.out and "total" in run.out
    rows = list(csv.reader(io.StringIO(cli("timeline", "hostages", "--csv", "--by", "year",
                                           *ix).out)))
    assert rows == [["period", "hostages"], ["2024", "2"], ["2025", "1"]]
    data = [json.loads(x) for x in cli("timeline", "Witkoff", "--json", "--by", "year",
                                        "--since", "2024", "--until", "2025", *ix).out.splitlines()]
    assert data == [{"period": "2024", "Witkoff": 0}, {"period": "2025", "Witkoff": 1}]
    norm = cli("timeline", "hostages", "--normalize", "--csv", "--by", "year", *ix)
    assert "2024,1" in norm.out  # both dated 2024 articles mention hostages


def test_did_you_mean(cli, ix):
    run = cli("query", "ceasfire witkof", *ix)
    assert run.code == 1 and "did you mean: ceasefire witkoff?" in run.err


def test_csv_export_and_all(cli, ix):
    run = cli("query", "hostages", "--csv", "--fields", "doc_id,date,score", "--limit", "2", *ix)
    rows = list(csv.reader(io.StringIO(run.out)))
    assert rows[0] == ["doc_id", "date", "score"] and len(rows) == 3
    everything = cli("query", "hostages", "--csv", "--all", "--limit", "1", *ix)
    assert len(list(csv.reader(io.StringIO(everything.out)))) == 6
    assert cli("query", "x", "--csv", "--fields", "doc_id,nope", *ix).code == 2


def test_csv_cells_cannot_be_formulas(cli, tmp_path):
    corpus = tmp_path / "c"
    corpus.mkdir()
    (corpus / "f.jsonl").write_text(json.dumps({"id": "f1", "title": "=HYPERLINK(\"x\")",
                                                "text": "A story about a walrus and a spreadsheet."}),
                                    encoding="utf-8")
    ix = ["--index", str(tmp_path / "ix")]
    cli("index", str(corpus), *ix)
    rows = list(csv.reader(io.StringIO(cli("query", "walrus", "--csv", *ix).out)))
    assert rows[1][3].startswith("'=")


def test_pager_only_on_terminal(monkeypatch):
    from search import render

    out = io.StringIO()
    render.page_lines(["x"] * 500, out, pager=True)  # not a terminal: printed straight
    assert out.getvalue().count("x") == 500
