"""The command line as a user meets it: exit codes, stdout vs stderr, JSON contract."""

from __future__ import annotations

import json

import pytest

HIT_KEYS = {"doc_id", "score", "date", "outlet", "title", "url", "source", "snippets"}
ARTICLE_KEYS = {"doc_id", "title", "date", "outlet", "url", "source", "body", "quotes"}


@pytest.fixture()
def ix(seed_index):
    return ["--index", str(seed_index)]


def test_query_ranks_witkoff_first(cli, ix):
    run = cli("query", "ceasefire Witkoff", *ix)
    assert run.code == 0
    assert run.out.splitlines()[0].startswith("1. 2025-06-10  Anadolu")
    assert "[Witkoff]" in run.out
    assert "1 article matched" in run.err


def test_query_json_lines_contract(cli, ix):
    run = cli("query", "hostages", "--json", "--limit", "3", *ix)
    assert run.code == 0
    lines = [json.loads(line) for line in run.out.splitlines()]
    assert len(lines) == 3 and all(HIT_KEYS <= set(hit) for hit in lines)
    for hit in lines:
        for snippet in hit["snippets"]:
            for start, end in snippet["matches"]:
                assert snippet["text"][start:end].lower().startswith("hostage")


def test_no_hits_exit_1(cli, ix):
    run = cli("query", "zzzxqv", *ix)
    assert (run.code, run.out) == (1, "")
    assert "0 articles matched" in run.err


def test_phrase_highlights_phrase_only(cli, ix):
    run = cli("query", '"total victory"', *ix)
    assert run.code == 0 and "[total victory]" in run.out
    assert "[total]" not in run.out and "[victory]" not in run.out


def test_date_filters_partial_and_inclusive(cli, ix):
    feb7 = cli("query", "hostages", "--since", "2024-02-07", "--until", "2024-02-07", "--json", *ix)
    assert {json.loads(x)["date"] for x in feb7.out.splitlines()} == {"2024-02-07"}
    month = cli("query", "hostages", "--since", "2024-02", "--until", "Feb 2024", "--json", *ix)
    assert {json.loads(x)["date"] for x in month.out.splitlines()} == {"2024-02-07", "2024-02-08"}
    assert "2 without a date left out" in month.err
    year = cli("query", "ceasefire", "--since", "2025", *ix)
    assert year.code == 0 and "2025-06-10" in year.out


def test_sort_newest(cli, ix):
    run = cli("query", "Netanyahu", "--sort", "newest", "--json", *ix)
    dates = [json.loads(x)["date"] for x in run.out.splitlines()]
    dated = [d for d in dates if d]
    assert dated == sorted(dated, reverse=True)


@pytest.mark.parametrize("args,message", [
    (["query", "x", "--since", "Feb 7"], "no year"),
    (["query", "x", "--since", "notadate"], "cannot read date"),
    (["query", "x", "--since", "2025", "--until", "2024"], "after --until"),
    (["query", "   "], "empty query"),
    (["query", "date:2024"], "unknown field"),
    (["query", "x", "--sort", "sideways"], "--sort"),
])
def test_bad_input_one_line_exit_2(cli, ix, args, message):
    run = cli(*args, *ix)
    assert run.code == 2 and run.out == ""
    assert message in run.err and len(run.err.strip().splitlines()) == 1
    assert "Traceback" not in run.err


@pytest.mark.parametrize("query", ['"unclosed phrase', "(a OR", "AND", "title:", "*", "a^^2"])
def test_odd_syntax_never_crashes(cli, ix, query):
    run = cli("query", query, *ix)
    assert run.code in (0, 1, 2) and "Traceback" not in run.err


def test_missing_named_index_is_error(cli, tmp_path):
    run = cli("query", "x", "--index", str(tmp_path / "none"))
    assert run.code == 2 and "newssearch index PATH --index" in run.err
    env = cli("query", "x", env={"NEWSSEARCH_INDEX": str(tmp_path / "none2")})
    assert env.code == 2 and "none2" in env.err


def test_corrupt_index_is_detected(cli, seed_index):
    from index.store import current_generation

    gen = current_generation(seed_index)
    for seg in gen.glob("*.seg"):
        seg.write_bytes(b"garbage")
    run = cli("query", "hostages", "--index", str(seed_index))
    assert run.code == 2 and "damaged" in run.err and "Traceback" not in run.err


def test_default_index_bootstraps_from_samples(cli, tmp_path):
    env = {"XDG_DATA_HOME": str(tmp_path / "data"), "HOME": str(tmp_path)}
    run = cli("query", "ceasefire Witkoff", env=env, cwd=tmp_path)
    assert run.code == 0 and "[Witkoff]" in run.out
    assert "indexed the 5 bundled sample articles" in run.err
    again = cli("query", "ceasefire Witkoff", env=env, cwd=tmp_path)
    assert "bundled" not in again.err


def test_show_and_inspect_json(cli, ix, seed_corpus):
    run = cli("show", "001_c94d25af17f8711b.txt", "--json", *ix)
    data = json.loads(run.out)
    assert run.code == 0 and ARTICLE_KEYS <= set(data)
    assert data["outlet"] == "Bloomberg" and data["date"] == "2024-02-07"
    insp = cli("inspect", str(seed_corpus / "003_ac21ed3f2fa6be03.txt"), "--json")
    data = json.loads(insp.out)
    assert ARTICLE_KEYS | {"removed"} <= set(data)
    assert any("Leave a Reply" in r["text"] for r in data["removed"])
    assert cli("show", "nope", *ix).code == 1


def test_inspect_show_removed_text(cli, seed_corpus):
    run = cli("inspect", str(seed_corpus / "003_ac21ed3f2fa6be03.txt"), "--show-removed")
    assert run.code == 0 and "removed by cleaning" in run.out and "Leave a Reply" in run.out


def test_stats(cli, ix):
    data = json.loads(cli("stats", "--json", *ix).out)
    assert data["articles"] == 5 and data["undated"] == 2
    assert data["first_date"] == "2024-02-07" and data["last_date"] == "2025-06-10"
    assert data["schema_version"] >= 1 and data["index_bytes"] > 0
    text = cli("stats", *ix)
    assert text.code == 0 and "articles:" in text.out


def test_index_command_summary_and_exit_codes(cli, tmp_path, seed_corpus):
    target = ["--index", str(tmp_path / "ix")]
    run = cli("index", str(seed_corpus), *target)
    assert run.code == 0 and "added 5" in run.err and run.out == ""
    (seed_corpus / "bad.jsonl").write_text('{"text": "fine article body here"}\n{oops\n', "utf-8")
    run = cli("index", str(seed_corpus), *target)
    assert run.code == 1 and "bad.jsonl:2" in run.err and "added 1" in run.err
    again = cli("index", *target)  # no paths: every recorded root
    assert "unchanged 6" in again.err


def test_color_rules(cli, ix):
    plain = cli("query", "Witkoff", *ix)
    assert "\x1b[" not in plain.out
    forced = cli("query", "Witkoff", "--color", "always", *ix)
    assert "\x1b[1;31mWitkoff" in forced.out
    no_color = cli("query", "Witkoff", "--color", "always", *ix, env={"NO_COLOR": "1"})
    assert "\x1b[" not in no_color.out


def test_control_sequences_never_reach_the_terminal(cli, tmp_path):
    corpus = tmp_path / "c"
    corpus.mkdir()
    evil = {"id": "evil\x1b[2J", "title": "Title \x1b]0;pwned\x07 here", "outlet": "Bad\x9bOutlet",
            "text": "The walrus \x1b[31mred\x1b[0m story spans \u202eevil\u202c enough words to index."}
    (corpus / "e.jsonl").write_text(json.dumps(evil) + "\n", encoding="utf-8")
    ix = ["--index", str(tmp_path / "ix")]
    assert cli("index", str(corpus), *ix).code == 0
    for args in (["query", "walrus"], ["query", "walrus", "--json"], ["stats"],
                 ["show", "evil\x1b[2J"], ["show", "evil\x1b[2J", "--json"]):
        run = cli(*args, *ix)
        for stream in (run.out, run.err):
            assert "\x1b" not in stream and "\x9b" not in stream and "\u202e" not in stream
            assert "\x07" not in stream


def test_help_for_every_command(cli):
    for command in ("query", "index", "rebuild", "show", "stats", "inspect"):
        run = cli(command, "--help")
        assert run.code == 0 and "Usage" in run.out


def test_every_command_has_help_and_a_readme_entry():
    from conftest import ROOT
    from search.cli import app

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for command in app.registered_commands:
        name = command.name or command.callback.__name__
        assert command.callback.__doc__, f"{name} has no help text"
        assert f"### `newssearch {name}" in readme, f"README has no entry for {name}"


def test_every_hit_has_a_positive_score_in_a_small_index(cli, ix):
    """Regression: RSJ idf is 0 for words in half the articles; the samples all say hostages."""
    hits = [json.loads(x) for x in cli("query", "hostages", "--json", *ix).out.splitlines()]
    assert len(hits) == 5 and all(hit["score"] > 0 for hit in hits)


# -- start-up: what a run builds and imports ---------------------------------------------
COMMAND_ONLY = ("whoosh", "index", "bs4", "lxml", "dateutil", "platformdirs", "rich",
                "search.render", "search.request", "search.engine", "search.query",
                "search.snippets", "search.analytics", "search.progress")


def test_help_imports_only_the_command_line():
    """`newssearch --help` is start-up only: no index, Whoosh or output module."""
    import subprocess
    import sys

    from conftest import ROOT

    code = ("import io, sys\nsys.argv = ['newssearch', '--help']\nsys.stdout = io.StringIO()\n"
            "from search.cli import main\ntry:\n    main()\nexcept SystemExit:\n    pass\n"
            "sys.__stdout__.write('\\n'.join(sorted(sys.modules)))")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          cwd=ROOT, check=True)
    loaded = proc.stdout.split()
    assert "typer" in loaded
    heavy = [m for m in loaded if m.split(".")[0] in COMMAND_ONLY or m in COMMAND_ONLY
             or any(m.startswith(p + ".") for p in COMMAND_ONLY)]
    assert not heavy, f"--help imports {heavy}"


@pytest.mark.parametrize("args", [
    [], ["--help"], ["qurey"], ["--bogus"], ["query", "--help"], ["index", "--help"],
    ["quotes", "--help"], ["timeline"], ["show"], ["query", "x", "--limit", "0"],
    ["stats", "--index"], ["similar", "--help"], ["check", "--help"], ["rebuild", "--help"],
    ["speakers", "--help"], ["inspect", "--help"]])
def test_lean_app_says_what_the_full_app_says(args):
    """main() builds only the commands named in argv in full; help, usage and errors
    must be those of the app with every command built."""
    from typer.testing import CliRunner

    from search.cli import _app_for, app

    runner = CliRunner()
    full = runner.invoke(app, args, prog_name="newssearch", env={"COLUMNS": "100"})
    lean = runner.invoke(_app_for(args, {}), args, prog_name="newssearch",
                         env={"COLUMNS": "100"})
    assert (lean.exit_code, lean.output) == (full.exit_code, full.output)
    assert full.output


def test_every_command_runs_from_main():
    from search.cli import _COMMANDS, app

    assert [c.name or c.callback.__name__ for c in app.registered_commands] == list(_COMMANDS)
