"""Index updates and rebuilds: the index always holds exactly what the corpus holds."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import ROOT
from index import (IndexLocked, IndexMissing, IndexVersionError, rebuild_index,
                   update_index)
from index.store import _Lock, current_generation
from search.engine import Engine


def doc_ids(index_dir: Path) -> set[str]:
    with Engine(index_dir) as engine:
        return {d["doc_id"] for d in engine.iter_documents()}


def article(text: str) -> str:
    return f"{text} This sentence makes the story long enough to be an article body."


def _story_feed(folder, count: int):
    """folder holding feed.jsonl: count short stories r0, r1, ... in seven topics."""
    folder.mkdir()
    rows = [{"id": f"r{i}", "text": article(f"Story {i} about topic{i % 7}.")}
            for i in range(count)]
    (folder / "feed.jsonl").write_text("\n".join(json.dumps(r) for r in rows), "utf-8")
    return folder


def test_add_change_delete(tmp_path, seed_corpus):
    index_dir = tmp_path / "ix"
    first = update_index(index_dir, [seed_corpus], workers=0)
    assert (first.added, first.failed) == (5, 0)

    again = update_index(index_dir, [seed_corpus], workers=0)
    assert (again.added, again.updated, again.unchanged) == (0, 0, 5)

    names = sorted(p.name for p in seed_corpus.iterdir())
    (seed_corpus / names[0]).unlink()
    changed = seed_corpus / names[1]
    text = changed.read_text(encoding="utf-8")
    changed.write_text(text.replace("Blinken", "Blinken zebrafish", 1), encoding="utf-8")
    (seed_corpus / "new.txt").write_text(article("Fresh news about a lighthouse."), "utf-8")
    third = update_index(index_dir, [seed_corpus], workers=0)
    assert (third.added, third.updated, third.removed, third.unchanged) == (1, 1, 1, 3)
    assert doc_ids(index_dir) == set(names[1:]) | {"new.txt"}
    with Engine(index_dir) as engine:
        from search.request import SearchRequest

        assert engine.search(SearchRequest(text="zebrafish")).total == 1
        assert engine.search(SearchRequest(text="lighthouse")).total == 1


def test_touched_but_same_content_is_unchanged(tmp_path, seed_corpus):
    index_dir = tmp_path / "ix"
    update_index(index_dir, [seed_corpus], workers=0)
    some = next(seed_corpus.iterdir())
    os.utime(some, (time.time() + 10, time.time() + 10))
    summary = update_index(index_dir, [seed_corpus], workers=0)
    assert (summary.unchanged, summary.updated) == (5, 0)


def test_jsonl_records_update_individually(tmp_path):
    corpus = tmp_path / "c"
    corpus.mkdir()
    f = corpus / "feed.jsonl"
    rows = [{"id": f"r{i}", "text": article(f"Story number {i}.")} for i in range(5)]
    f.write_text("\n".join(json.dumps(r) for r in rows), encoding="utf-8")
    index_dir = tmp_path / "ix"
    assert update_index(index_dir, [corpus], workers=0).added == 5
    rows[2]["text"] = article("Story two rewritten.")
    del rows[4]
    f.write_text("\n".join(json.dumps(r) for r in rows), encoding="utf-8")
    summary = update_index(index_dir, [corpus], workers=0)
    assert (summary.updated, summary.removed, summary.unchanged) == (1, 1, 3)
    assert doc_ids(index_dir) == {"r0", "r1", "r2", "r3"}


@pytest.mark.parametrize("workers", [1, 2])
def test_parallel_workers_give_the_same_index(tmp_path, workers):
    corpus = _story_feed(tmp_path / "c", 900)
    summary = update_index(tmp_path / "ix", [corpus], workers=workers)
    assert summary.added == 900 and summary.failed == 0
    assert len(doc_ids(tmp_path / "ix")) == 900


def test_no_workers_cleans_in_the_writer(tmp_path, monkeypatch):
    """workers=0: no pool, however many articles (a single core's default)."""
    from index import cleaners, pipeline

    def no_pool(workers):
        raise AssertionError("a pool was started")

    monkeypatch.setattr(cleaners, "start_pool", no_pool)
    monkeypatch.setattr(pipeline, "start_fork_server", no_pool)
    corpus = _story_feed(tmp_path / "c", 2 * pipeline.PARALLEL_MIN_DOCS)
    summary = update_index(tmp_path / "ix", [corpus], workers=0)
    assert summary.added == 2 * pipeline.PARALLEL_MIN_DOCS and summary.failed == 0


def test_failed_file_keeps_what_was_indexed(tmp_path, seed_corpus):
    index_dir = tmp_path / "ix"
    update_index(index_dir, [seed_corpus], workers=0)
    victim = sorted(seed_corpus.iterdir())[0]
    victim.write_bytes(b"\x00\x01binary now\x00")
    summary = update_index(index_dir, [seed_corpus], workers=0)
    assert summary.failed == 1 and summary.removed == 0
    assert victim.name in doc_ids(index_dir)


def test_missing_index_for_reading(tmp_path):
    with pytest.raises(IndexMissing, match="newssearch index"):
        Engine(tmp_path / "nothing")


def test_schema_version_mismatch_asks_for_rebuild(seed_index):
    import sqlite3

    gen = current_generation(seed_index)
    with sqlite3.connect(gen / "manifest.sqlite") as db:
        db.execute("UPDATE info SET value='0' WHERE key='schema_version'")
    with pytest.raises(IndexVersionError, match="newssearch rebuild"):
        Engine(seed_index)
    rebuild_index(seed_index, workers=0)
    assert len(doc_ids(seed_index)) == 5


def test_second_writer_waits_then_fails(seed_index, seed_corpus):
    with _Lock(seed_index, wait=0):
        started = time.monotonic()
        with pytest.raises(IndexLocked, match="--wait"):
            update_index(seed_index, [seed_corpus], wait=0.5)
        assert time.monotonic() - started >= 0.5


def test_rebuild_swaps_in_a_complete_index(seed_index, seed_corpus):
    before = current_generation(seed_index)
    summary = rebuild_index(seed_index, workers=0)
    assert summary.added == 5
    after = current_generation(seed_index)
    assert after != before and not before.exists()
    assert len(doc_ids(seed_index)) == 5


def _feed(folder: Path, count: int) -> Path:
    folder.mkdir()
    rows = [{"id": f"r{i}", "title": f"Report {i}",
             "text": article(f"Story {i} mentions walrus{i}. ") * 8} for i in range(count)]
    (folder / "feed.jsonl").write_text("\n".join(json.dumps(r) for r in rows), "utf-8")
    return folder


@pytest.mark.slow
def test_killed_rebuild_leaves_old_index_whole(tmp_path):
    corpus = _feed(tmp_path / "c", 4000)
    index_dir = tmp_path / "ix"
    update_index(index_dir, [corpus], workers=2)
    old = current_generation(index_dir)
    for delay in (0.2, 1.0):
        proc = subprocess.Popen([sys.executable, "-m", "search.cli", "rebuild", "--index",
                                 str(index_dir), "--quiet"], cwd=ROOT,
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and len(list(index_dir.glob("gen-*"))) < 2:
            time.sleep(0.01)
        time.sleep(delay)
        assert proc.poll() is None, "rebuild finished before it could be interrupted"
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        assert current_generation(index_dir) == old
        assert len(doc_ids(index_dir)) == 4000
    summary = update_index(index_dir, [corpus], workers=0)  # the next writer tidies up
    assert summary.unchanged == 4000
    assert [p.name for p in index_dir.glob("gen-*")] == [old.name]


def test_a_jsonl_file_is_cleaned_while_it_is_read(tmp_path, monkeypatch):
    """A big JSONL export is streamed: its first articles are filed before its last
    lines are read (it was read whole first, which no memory bound survives)."""
    from index import pipeline, read, store

    monkeypatch.setattr(pipeline, "WINDOW", 20)
    lines_read: list[int] = []
    filed_at: list[int] = []
    original_read, original_put = read.read_file, store.Writer.put

    def counting_read(*args, **kwargs):
        for item in original_read(*args, **kwargs):
            lines_read.append(1)
            yield item

    def noting_put(self, *args, **kwargs):
        filed_at.append(len(lines_read))
        return original_put(self, *args, **kwargs)

    monkeypatch.setattr(read, "read_file", counting_read)
    monkeypatch.setattr(store.Writer, "put", noting_put)
    corpus = _story_feed(tmp_path / "c", 300)
    summary = update_index(tmp_path / "ix", [corpus], workers=0)
    assert summary.added == 300
    assert filed_at[0] < 300 / 2


def test_progress_moves_by_bytes_within_one_jsonl_file(tmp_path, monkeypatch):
    """The bar's figures: bytes read never go back, pass through the middle of a
    single JSONL file (its time left is known before it ends) and end at its size."""
    from index import pipeline, read

    monkeypatch.setattr(read, "_CHUNK", 4096)
    monkeypatch.setattr(pipeline, "WINDOW", 20)
    corpus = _story_feed(tmp_path / "c", 300)
    feed = corpus / "feed.jsonl"
    seen: list[tuple[int, int, int | None]] = []
    update_index(tmp_path / "ix", [corpus], workers=0,
                 progress=lambda docs, done, total: seen.append((docs, done, total)))
    size = feed.stat().st_size
    assert {total for _, _, total in seen} == {size}
    done = [d for _, d, _ in seen]
    assert done == sorted(done) and done[-1] == size
    assert any(0 < d < size for d in done)
    assert seen[-1][0] == 300


def test_progress_bar_takes_the_pipelines_figures(capsys):
    from search.progress import progress_bar

    with progress_bar(enabled=True) as update:
        update(0, 0, None)
        update(50, 1000, 4000)
        update(200, 4000, 4000)


def test_a_second_cleaner_starts_when_the_writer_waits(tmp_path, monkeypatch):
    """Cleaners start one at a time: another once the writer has waited GROW_AFTER
    for cleaned articles, taking over batches not yet begun; the index is the same."""
    from index import cleaners

    started: list[int] = []
    real = cleaners.start_pool

    def counted(workers):
        started.append(workers)
        return real(workers)

    monkeypatch.setattr(cleaners, "start_pool", counted)
    monkeypatch.setattr(cleaners, "GROW_AFTER", 0.0)
    corpus = _story_feed(tmp_path / "c", 900)
    summary = update_index(tmp_path / "ix", [corpus], workers=2)
    assert started == [1, 1]
    assert summary.added == 900 and summary.failed == 0
    assert doc_ids(tmp_path / "ix") == {f"r{i}" for i in range(900)}
