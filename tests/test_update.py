"""Re-indexing a changed JSONL file parses only the lines that changed, with the
same outcome as reading it all: changed records replaced, gone ones deleted,
duplicates reported, a file with problems keeps its documents."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from index import pipeline, read, update_index
from index.read import line_key, read_file
from index.record import RawDoc, Unread
from search.engine import Engine


def article(text: str) -> str:
    return f"{text} This sentence makes the story long enough to be an article body."


def stored(index_dir: Path) -> dict[str, str]:
    with Engine(index_dir) as engine:
        return {d["doc_id"]: d["body"] for d in engine.iter_documents()}


def stories(count: int, ids: bool = True) -> list[dict]:
    """count JSONL records, "r0".. unless ids is False (then known by their place)."""
    return [{**({"id": f"r{i}"} if ids else {}), "text": article(f"Story number {i}.")}
            for i in range(count)]


def write_rows(path: Path, rows: list) -> None:
    path.write_text("".join((r if isinstance(r, str) else json.dumps(r)) + "\n" for r in rows),
                    encoding="utf-8")


def indexed_feed(tmp_path: Path, rows: list) -> tuple[Path, Path]:
    """(feed, index folder): rows written to c/feed.jsonl and indexed."""
    feed = tmp_path / "c" / "feed.jsonl"
    feed.parent.mkdir()
    write_rows(feed, rows)
    index_dir = tmp_path / "ix"
    assert update_index(index_dir, [feed.parent], workers=0).added == len(rows)
    return feed, index_dir


@pytest.fixture
def parsed(monkeypatch) -> list[str]:
    """Records parsed by the reader, by fallback id; WINDOW made small."""
    monkeypatch.setattr(pipeline, "WINDOW", 2)
    seen: list[str] = []
    original = read.map_record

    def spy(record, fallback_id, *args, **kwargs):
        seen.append(fallback_id)
        return original(record, fallback_id, *args, **kwargs)

    monkeypatch.setattr(read, "map_record", spy)
    return seen


def test_only_changed_lines_are_parsed(tmp_path, parsed):
    rows = stories(8)
    feed, index_dir = indexed_feed(tmp_path, rows)

    rows[5]["text"] = article("Story five rewritten.")
    rows[7] = {"text": article("A record without an id.")}  # r7 gone, feed.jsonl#8 new
    write_rows(feed, rows)
    parsed.clear()
    summary = update_index(index_dir, [feed.parent], workers=0)
    # The first WINDOW records are always parsed (recurring lines are counted on them).
    assert parsed == ["feed.jsonl#1", "feed.jsonl#2", "feed.jsonl#6", "feed.jsonl#8"]
    assert (summary.added, summary.updated, summary.removed, summary.unchanged) == (1, 1, 1, 6)

    fresh = tmp_path / "fresh"
    update_index(fresh, [feed.parent], workers=0)
    assert stored(index_dir) == stored(fresh)
    assert "Story five rewritten." in stored(index_dir)["r5"]


def test_moved_line_is_parsed_again(tmp_path, parsed):
    """A record without an id is known by its place: moved, it is another record."""
    rows = stories(5, ids=False)
    feed, index_dir = indexed_feed(tmp_path, rows)
    write_rows(feed, rows[:3] + [""] + rows[3:])  # a blank line moves the last two
    parsed.clear()
    summary = update_index(index_dir, [feed.parent], workers=0)
    assert parsed == ["feed.jsonl#1", "feed.jsonl#2", "feed.jsonl#5", "feed.jsonl#6"]
    assert (summary.added, summary.updated, summary.removed, summary.unchanged) == (1, 1, 1, 3)
    assert set(stored(index_dir)) == {"feed.jsonl#1", "feed.jsonl#2", "feed.jsonl#3",
                                      "feed.jsonl#5", "feed.jsonl#6"}


def test_unparsed_duplicate_is_still_reported(tmp_path, parsed):
    corpus = tmp_path / "c"
    corpus.mkdir()
    rows = stories(5)
    write_rows(corpus / "b.jsonl", rows)
    index_dir = tmp_path / "ix"
    update_index(index_dir, [corpus], workers=0)
    # a.jsonl, read first, now claims r4; b.jsonl changes so that it is read again.
    write_rows(corpus / "a.jsonl", [{"id": "r4", "text": article("Another r4.")}])
    write_rows(corpus / "b.jsonl", rows[:3] + [{"id": "r3b", "text": article("New.")}] + rows[4:])
    summary = update_index(index_dir, [corpus], workers=0)
    assert [p.message for p in summary.problems] == [
        f"duplicate doc_id 'r4' (already read from {corpus / 'a.jsonl'}); skipped"]
    # b.jsonl had a problem: it keeps its documents (r3 too) and is read again next time.
    assert set(stored(index_dir)) == {"r0", "r1", "r2", "r3", "r3b", "r4"}
    again = update_index(index_dir, [corpus], workers=0)
    assert again.failed == 1 and again.added == 0


def test_broken_line_keeps_the_file_and_is_retried(tmp_path, parsed):
    rows = stories(5)
    feed, index_dir = indexed_feed(tmp_path, rows)
    write_rows(feed, rows[:4] + ["{broken"])
    summary = update_index(index_dir, [feed.parent], workers=0)
    assert (summary.failed, summary.removed) == (1, 0)
    assert set(stored(index_dir)) == {f"r{i}" for i in range(5)}
    write_rows(feed, rows[:4])
    summary = update_index(index_dir, [feed.parent], workers=0)
    assert (summary.failed, summary.removed, summary.unchanged) == (0, 1, 4)


def test_read_file_leaves_known_lines_unread(tmp_path):
    feed = tmp_path / "feed.jsonl"
    raws = [json.dumps({"id": f"r{i}", "text": f"Text {i}."}).encode() + b"\n"
            for i in range(4)]
    feed.write_bytes(b"".join(raws))
    first = list(read_file(feed, tmp_path))
    assert [d.raw_key for d in first] == [line_key(f"feed.jsonl#{i + 1}", raw)
                                         for i, raw in enumerate(raws)]
    known = {d.raw_key: d.doc_id for d in first}
    again = list(read_file(feed, tmp_path, known=known, parse_first=1))
    assert isinstance(again[0], RawDoc)
    assert again[1:] == [Unread(doc_id=f"r{i}", source=str(feed)) for i in (1, 2, 3)]


def test_line_key_depends_on_place_and_bytes():
    raw = b'{"text": "x"}\n'
    assert line_key("a.jsonl#1", raw) == line_key("a.jsonl#1", raw)
    assert line_key("a.jsonl#1", raw) != line_key("a.jsonl#2", raw)
    assert line_key("a.jsonl#1", raw) != line_key("b.jsonl#1", raw)
    assert line_key("a.jsonl#1", raw) != line_key("a.jsonl#1", b'{"text": "y"}\n')


def test_claim_each_is_claim_in_order(tmp_path):
    """Records read as unchanged are claimed together: the same answers, in order, as
    claiming them one by one (an earlier claim or an earlier copy in the list wins)."""
    from index.store import open_writer

    with open_writer(tmp_path / "ix", create=True) as writer:
        assert writer.manifest.claim("a", "/f1") is None
        ids = ["b", "a", "c", "b"] + [f"n{i}" for i in range(1200)] + ["c"]
        got = writer.manifest.claim_each(ids, "/f2")
        assert got[:4] == [None, "/f1", None, "/f2"]
        assert got[4:-1] == [None] * 1200 and got[-1] == "/f2"
        assert writer.manifest.claim("n7", "/f3") == "/f2" and writer.manifest.claim("z", "/f3") is None
