"""Fault injection: kills, Ctrl-C, a second writer, readers during writes, hostile files,
a full disk. Each test holds one promise of README's "What newssearch guarantees".

The tests drive the real command in subprocesses. DRIVER runs it with two knobs a
test needs and a user never does: commits every N articles (so a kill lands
between commits often) and a disk that fills after N bytes of Whoosh writes.
"""

from __future__ import annotations

import errno
import json
import os
import random
import re
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import ROOT, run_cli
from index import check_index, update_index
from index.store import MANIFEST, current_generation
from search.engine import Engine

DRIVER = """
import sys
args = sys.argv[1:]
commit_every, enospc_after = int(args.pop(0)), int(args.pop(0))
import index.store as store
if commit_every:
    store.Writer.__init__.__defaults__ = (commit_every,)
if enospc_after:
    import errno
    from whoosh.filedb import structfile
    written, original = [0], structfile.StructFile.write
    def write(self, data, *rest, **kw):
        written[0] += len(data)
        if written[0] > enospc_after:
            raise OSError(errno.ENOSPC, "No space left on device")
        return original(self, data, *rest, **kw)
    structfile.StructFile.write = write
sys.argv = ["newssearch"] + args
from search.cli import main
main()
"""

WORDS = ("harbour council budget fishing quota minister river bridge election court "
         "hospital school farmers strike weather storm market bank rail airport").split()
SEED = int(os.environ.get("NEWSSEARCH_FAULT_SEED", "20261123"))


def make_corpus(folder: Path, feeds: int = 24, per_feed: int = 40, stories: int = 80,
                marker: str = "", only: set[int] | None = None) -> set[str]:
    """JSONL feeds and text stories, every article holding "walrus"; returns the doc_ids."""
    rnd = random.Random(SEED)
    folder.mkdir(parents=True, exist_ok=True)
    ids: set[str] = set()
    for f in range(feeds):
        rows = [{"id": f"f{f}r{r}", "title": f"Report {f} {r}",
                 "text": " ".join(rnd.choice(WORDS) for _ in range(60))
                 + f" The walrus w{f}x{r} {marker if only is None or f in only else ''}."}
                for r in range(per_feed)]
        ids.update(row["id"] for row in rows)
        if only is None or f in only:
            (folder / f"feed{f:03d}.jsonl").write_text(
                "\n".join(json.dumps(row) for row in rows), "utf-8")
    for t in range(stories):
        name = f"story{t:03d}.txt"
        ids.add(name)
        if only is None:
            (folder / name).write_text(
                f"Title: Story {t}\nDate: 2024-03-{t % 28 + 1:02d}\n\n"
                + " ".join(rnd.choice(WORDS) for _ in range(80)) + " the walrus.\n", "utf-8")
    return ids


def start(*args: str, commit_every: int = 0, enospc_after: int = 0) -> subprocess.Popen:
    """The real command in its own process group (as a shell job is), output captured."""
    return subprocess.Popen(
        [sys.executable, "-c", DRIVER, str(commit_every), str(enospc_after), *args],
        cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        start_new_session=True, env={**os.environ, "NO_COLOR": "1"})


def finish(proc: subprocess.Popen, timeout: float = 120) -> tuple[int, str, str]:
    out, err = proc.communicate(timeout=timeout)
    return proc.returncode, out, err


def reap_group(proc: subprocess.Popen) -> None:
    """End what is left of a killed command's process group (its orphaned workers)."""
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass
    proc.communicate()


def state(index_dir: Path) -> tuple[list[str], set[str]]:
    """(doc_ids Whoosh holds, with repeats; doc_ids the committed manifest holds)."""
    gen = current_generation(index_dir)
    with Engine(index_dir) as engine:
        held = [d["doc_id"] for d in engine.iter_documents()]
    with sqlite3.connect(f"file:{gen / MANIFEST}?mode=ro", uri=True) as db:
        recorded = {row[0] for row in db.execute("SELECT doc_id FROM docs")}
    return held, recorded


def assert_consistent(index_dir: Path) -> set[str]:
    held, recorded = state(index_dir)
    assert len(held) == len(set(held)), "an article is in the index twice"
    assert recorded <= set(held), "the manifest records articles the index lost"
    return set(held)


def timed_run(*args: str, **knobs: int) -> float:
    began = time.monotonic()
    code, _, err = finish(start(*args, **knobs))
    assert code == 0, err
    return time.monotonic() - began


def kill_rounds(count: int, span: float, start_run, after_kill) -> None:
    """Kill count runs, each at a random moment in its own slice of a run's span.

    A run that finishes before its moment does not count; it re-measures the span
    (machines under load vary), and the slice is tried again.
    """
    rnd = random.Random(SEED)
    fractions = [(i + rnd.random()) / count for i in range(count)]
    killed = 0
    for _ in range(3 * count):
        delay = 0.15 + max(0.0, span - 0.15) * fractions[killed]
        began = time.monotonic()
        proc = start_run()
        time.sleep(delay)
        if proc.poll() is None:
            os.kill(proc.pid, signal.SIGKILL)
            killed += 1
        elif proc.wait() == 0:
            span = time.monotonic() - began
        else:
            pytest.fail(proc.stderr.read())
        proc.wait()
        after_kill(delay)
        reap_group(proc)
        if killed == count:
            return
    pytest.fail(f"only {killed} of {count} runs were still running when killed")


# -- interrupted runs ------------------------------------------------------------------
@pytest.mark.slow
def test_sigkill_index_at_random_points_loses_nothing_committed(tmp_path):
    corpus, index_dir = tmp_path / "c", tmp_path / "ix"
    ids = make_corpus(corpus)
    target = ["index", str(corpus), "--index", str(index_dir), "--quiet", "--wait", "0"]
    timed_run(*target)
    assert assert_consistent(index_dir) == ids

    def rewrite(round_number: int) -> None:  # every run has updates to commit
        make_corpus(corpus, marker=f"round{round_number}",
                    only=set(random.Random(round_number).sample(range(24), 8)))

    rewrite(0)
    span = timed_run(*target, commit_every=150)
    last = [0]

    def start_run() -> subprocess.Popen:
        last[0] += 1
        rewrite(last[0])
        return start(*target, commit_every=150)

    def after_kill(delay: float) -> None:
        # Nothing committed is lost, nothing doubled; the next writer, with --wait 0,
        # does not wait for the dead one's lock.
        assert assert_consistent(index_dir) == ids, f"killed at {delay:.2f}s"

    kill_rounds(20, span, start_run, after_kill)
    code, _, err = finish(start(*target))
    assert code == 0, err
    assert assert_consistent(index_dir) == ids
    with Engine(index_dir) as engine:  # every article has its newest text
        marked = [d for d in engine.iter_documents() if f" round{last[0]}." in d["body"]]
    assert len(marked) == 8 * 40
    report = check_index(index_dir)
    assert report.findings == [] and report.articles == len(ids)


@pytest.mark.slow
def test_sigkill_rebuild_at_random_points_keeps_the_old_index(tmp_path):
    corpus, index_dir = tmp_path / "c", tmp_path / "ix"
    ids = make_corpus(corpus)
    finish(start("index", str(corpus), "--index", str(index_dir), "--quiet"))
    target = ["rebuild", "--index", str(index_dir), "--quiet", "--wait", "0"]
    span = timed_run(*target)
    old = current_generation(index_dir)
    generations = [old]

    def after_kill(delay: float) -> None:
        # The old generation, or (finished, or killed after its swap) the complete new one.
        generations.append(current_generation(index_dir))
        assert assert_consistent(index_dir) == ids, f"killed at {delay:.2f}s"

    kill_rounds(20, span, lambda: start(*target), after_kill)
    kept = sum(a == b for a, b in zip(generations, generations[1:]))
    assert kept >= len(generations) // 2, "most kills must land before the swap"
    code, _, err = finish(start(*target))
    assert code == 0, err
    assert current_generation(index_dir) != old
    assert assert_consistent(index_dir) == ids
    assert [p.name for p in index_dir.glob("gen-*")] == [current_generation(index_dir).name]


def test_kill_between_whoosh_and_manifest_commit_is_repaired(tmp_path):
    """The one window where the two stores disagree: Whoosh committed, manifest not."""
    corpus, index_dir = tmp_path / "c", tmp_path / "ix"
    ids = make_corpus(corpus, feeds=3, per_feed=20, stories=5)
    crash = DRIVER.replace("from search.cli import main", """
import os
original_commit = store.Writer.commit
def commit(self, merge=True, optimize=False):
    if self._writer is not None and self.manifest.doc_count() > 30:
        self._searcher.close()
        self._writer.commit(merge=merge)
        os._exit(9)  # killed after Whoosh's commit, before the manifest's
    original_commit(self, merge, optimize)
store.Writer.commit = commit
from search.cli import main""")
    args = ["index", str(corpus), "--index", str(index_dir), "--quiet", "--workers", "0"]
    proc = subprocess.run([sys.executable, "-c", crash, "25", "0", *args], cwd=ROOT,
                          capture_output=True, text=True)
    assert proc.returncode == 9
    held, recorded = state(index_dir)
    assert len(set(held)) > len(recorded)  # Whoosh is ahead of the manifest
    assert check_index(index_dir).findings[0].kind == "stale"
    code, _, err = finish(start(*args))
    assert code == 0, err
    assert assert_consistent(index_dir) == ids
    assert check_index(index_dir).findings == []


@pytest.mark.slow
def test_ctrl_c_index_commits_what_it_finished(tmp_path):
    corpus, index_dir = tmp_path / "c", tmp_path / "ix"
    ids = make_corpus(corpus)
    target = ["index", str(corpus), "--index", str(index_dir), "--quiet"]
    proc = start(*target, commit_every=150)
    _wait_for_articles(index_dir, proc)
    os.killpg(proc.pid, signal.SIGINT)  # what Ctrl-C in a terminal does: the whole job
    code, out, err = finish(proc)
    assert code == 130 and out == ""
    assert err.count("\n") == 1 and err.startswith("newssearch: interrupted: "), err
    assert "kept" in err and "Traceback" not in err
    kept = assert_consistent(index_dir)
    assert 0 < len(kept) < len(ids)
    code, _, err = finish(start(*target))
    assert code == 0, err
    assert assert_consistent(index_dir) == ids


@pytest.mark.slow
def test_ctrl_c_rebuild_discards_its_generation(tmp_path):
    corpus, index_dir = tmp_path / "c", tmp_path / "ix"
    ids = make_corpus(corpus)
    finish(start("index", str(corpus), "--index", str(index_dir), "--quiet"))
    old = current_generation(index_dir)
    proc = start("rebuild", "--index", str(index_dir), "--quiet")
    deadline = time.monotonic() + 60
    while len(list(index_dir.glob("gen-*"))) < 2 and time.monotonic() < deadline:
        time.sleep(0.02)
    time.sleep(0.5)
    assert proc.poll() is None, "rebuild finished before it could be interrupted"
    os.killpg(proc.pid, signal.SIGINT)
    code, out, err = finish(proc)
    assert code == 130 and out == ""
    assert err == ("newssearch: interrupted: the rebuild was discarded; the previous index "
                   "is unchanged\n")
    assert current_generation(index_dir) == old
    assert [p.name for p in index_dir.glob("gen-*")] == [old.name]
    assert assert_consistent(index_dir) == ids


@pytest.mark.parametrize("where", ["making the generation", "opening its writer"])
def test_ctrl_c_as_a_rebuild_starts_leaves_no_generation(tmp_path, monkeypatch, where):
    """Ctrl-C before the rebuild defers it (while its folder is being made) discards
    the new generation too, with the rebuild's own message."""
    import index.store as store
    from index import rebuild_index

    corpus, index_dir = tmp_path / "c", tmp_path / "ix"
    corpus.mkdir()
    (corpus / "a.txt").write_text("Ministers met on Tuesday to agree the budget.\n")
    update_index(index_dir, [corpus], workers=0)
    old = current_generation(index_dir)

    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(store, "make_schema" if where.startswith("making") else "Writer",
                        interrupted)
    with pytest.raises(store.Interrupted, match="rebuild was discarded"):
        rebuild_index(index_dir)
    assert [p.name for p in index_dir.glob("gen-*")] == [old.name]
    assert current_generation(index_dir) == old


def test_ctrl_c_during_the_rebuilds_last_commit_discards_it(tmp_path, monkeypatch):
    """A Ctrl-C that lands while the rebuild commits its merged index (deferred until
    then) still discards the rebuild, as any other Ctrl-C of a rebuild does."""
    import index.store as store
    from index import rebuild_index

    corpus, index_dir = tmp_path / "c", tmp_path / "ix"
    corpus.mkdir()
    (corpus / "a.txt").write_text("Ministers met on Tuesday to agree the budget.\n")
    update_index(index_dir, [corpus], workers=0)
    old = current_generation(index_dir)
    commit = store.Writer.commit

    def interrupted_commit(self, merge=True, optimize=False):
        commit(self, merge=merge, optimize=optimize)
        if optimize:
            self.interrupted = True  # what the deferred SIGINT handler does

    monkeypatch.setattr(store.Writer, "commit", interrupted_commit)
    with pytest.raises(store.Interrupted, match="rebuild was discarded"):
        rebuild_index(index_dir, workers=0)
    assert [p.name for p in index_dir.glob("gen-*")] == [old.name]
    assert current_generation(index_dir) == old


def _wait_for_articles(index_dir: Path, proc: subprocess.Popen) -> None:
    """Until the running writer has committed some articles (but not all)."""
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and proc.poll() is None:
        try:
            with Engine(index_dir) as engine:
                if engine.doc_count() > 0:
                    return
        except Exception:
            pass
        time.sleep(0.05)
    pytest.fail("the writer committed nothing before finishing")


# -- concurrency -------------------------------------------------------------------------
READER = """
import json, sys, time
from pathlib import Path
from search.engine import Engine
from search.request import SearchRequest
index_dir, stop = Path(sys.argv[1]), Path(sys.argv[2])
seen, errors = [], []
while not stop.exists():
    try:
        with Engine(index_dir) as engine:
            hits = engine.search(SearchRequest(text="walrus", limit=3))
            seen.append([time.time(), hits.total, engine.doc_count()])
    except Exception as err:
        errors.append(f"{type(err).__name__}: {err}")
print(json.dumps({"seen": seen, "errors": errors}))
"""


@pytest.mark.slow
def test_readers_see_committed_state_during_writes_and_swaps(tmp_path):
    corpus, index_dir, stop = tmp_path / "c", tmp_path / "ix", tmp_path / "stop"
    ids = make_corpus(corpus)
    first = tmp_path / "first"
    first.mkdir()
    for path in sorted(corpus.iterdir())[-40:]:
        path.rename(first / path.name)
    code, _, err = finish(start("index", str(first), "--index", str(index_dir), "--quiet"))
    assert code == 0, err
    base = len(assert_consistent(index_dir))
    reader = subprocess.Popen([sys.executable, "-c", READER, str(index_dir), str(stop)],
                              cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                              text=True)
    try:
        writer = start("index", str(corpus), "--index", str(index_dir), "--quiet",
                       commit_every=100)
        code, _, err = finish(writer)
        assert code == 0, err
        indexed = time.time()
        for _ in range(2):
            code, _, err = finish(start("rebuild", "--index", str(index_dir), "--quiet"))
            assert code == 0, err
    finally:
        stop.touch()
        out, err = reader.communicate(timeout=60)
    report = json.loads(out)
    assert report["errors"] == [], report["errors"][:3]
    totals = [count for _, _, count in report["seen"]]
    assert len(totals) > 20 and totals == sorted(totals), "a reader saw articles vanish"
    assert totals[0] >= base and totals[-1] == len(ids)
    assert all(count == len(ids) for t, _, count in report["seen"] if t > indexed + 0.5)


def test_dead_lock_holder_is_taken_over(tmp_path, seed_corpus):
    index_dir = tmp_path / "ix"
    update_index(index_dir, [seed_corpus], workers=0)
    holder = subprocess.Popen(
        [sys.executable, "-c", "import sys, time; from pathlib import Path; "
         "from index.store import _Lock; lock = _Lock(Path(sys.argv[1]), 0).__enter__(); "
         "print('held', flush=True); time.sleep(60)", str(index_dir)],
        cwd=ROOT, stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "held"
        assert (index_dir / "lock").read_text().strip() == str(holder.pid)
        began = time.monotonic()
        busy = run_cli("index", "--index", str(index_dir), "--wait", "0.3")
        assert time.monotonic() - began >= 0.3
        assert busy.code == 2 and busy.out == "" and len(busy.err.splitlines()) == 1
        assert f"pid {holder.pid}" in busy.err and "--wait" in busy.err
    finally:
        holder.kill()
        holder.wait()
    summary = update_index(index_dir, [], wait=0)  # no wait: the dead holder's lock is free
    assert summary.unchanged == 5
    assert (index_dir / "lock").read_text().strip() == str(os.getpid())


# -- hostile and broken input --------------------------------------------------------------
GOOD = ("The harbour council met on Tuesday to discuss the budget for the fishing fleet "
        "and agreed to repair the old walrus bridge before the winter storms. ")


def hostile_corpus(folder: Path) -> dict[str, str]:
    """Bad files among good ones; returns file name -> what stderr must say of it."""
    import gzip

    folder.mkdir()
    (folder / "good.txt").write_text(GOOD * 3, "utf-8")
    (folder / "nul.txt").write_bytes(b"text then \x00\x00 NUL bytes " * 20)
    (folder / "image.txt").write_bytes(bytes(range(256)) * 40)
    (folder / "stray.txt").write_bytes(("Café owners — " + GOOD).encode() + b" \xff\xfe\xc3!")
    (folder / "utf16.txt").write_bytes(("Niño Ångström " + GOOD).encode("utf-16"))
    (folder / "cp1252.txt").write_bytes(("“Quoted” naïve café — " + GOOD).encode("cp1252"))
    (folder / "latin1.txt").write_bytes(("Señor Müller à Óbidos " + GOOD).encode("latin-1"))
    (folder / "empty.txt").write_bytes(b"")
    lines = [json.dumps({"id": f"ok{i}", "text": GOOD + f"item{i}"}) for i in range(4)]
    lines[1:1] = ["{broken", '{"text": "\\ud800 lone surrogate ' + GOOD + '", "id": "sur"}']
    lines.insert(4, "[1, 2]")
    (folder / "feed.jsonl").write_text("\n".join(lines), "utf-8")
    packed = gzip.compress((GOOD * 200).encode())
    (folder / "cut.txt.gz").write_bytes(packed[: len(packed) // 2])
    (folder / "deep.html").write_text("<html><body>" + "<div>" * 100_000 + GOOD
                                      + "</div>" * 100_000 + "</body></html>", "utf-8")
    (folder / "sub").mkdir()
    (folder / "sub" / "up").symlink_to("..")
    (folder / "self.txt").symlink_to("self.txt")
    (folder / "new\nline.txt").write_text(GOOD + " newline name", "utf-8")
    (folder / "blank\nname\t.txt").write_text("", "utf-8")
    (folder / "esc\x1b]0;owned\x07.txt").write_text(GOOD + " escape name", "utf-8")
    (folder / os.fsdecode(b"bad\xffname.txt")).write_text(GOOD, "utf-8")
    return {
        "nul.txt": "nul.txt: binary file", "image.txt": "image.txt: binary file",
        "empty.txt": "empty.txt: empty article", "feed.jsonl:2": "feed.jsonl:2: broken JSON",
        "feed.jsonl:5": "feed.jsonl:5: record is a JSON list",
        "cut.txt.gz": "cut.txt.gz: broken gzip", "deep.html": "deep.html: HTML nested",
        "self.txt": "self.txt: too many levels of symbolic links",
        "bad name": "bad\\xffname.txt: file name is not valid UTF-8",
        "newline name": "blank\\nname\\t.txt: empty article",
    }


def test_hostile_files_each_get_a_line_and_the_rest_is_indexed(tmp_path):
    expected = hostile_corpus(tmp_path / "c")
    ix = ["--index", str(tmp_path / "ix")]
    run = run_cli("index", str(tmp_path / "c"), *ix)
    assert run.code == 1, run.err
    assert "Traceback" not in run.err and "\x1b" not in run.err
    lines = run.err.splitlines()
    for name, text in expected.items():
        assert sum(text in line for line in lines) == 1, (name, run.err)
    assert len(lines) == len(expected) + 1  # one per bad file or record, then the summary
    assert "added 12," in lines[-1] and f"failed {len(expected)}" in lines[-1]
    with Engine(tmp_path / "ix") as engine:
        bodies = {d["doc_id"]: d["body"] for d in engine.iter_documents()}
    assert {"good.txt", "ok0", "ok3", "new\nline.txt", "esc\x1b]0;owned\x07.txt"} < set(bodies)
    assert bodies["stray.txt"].startswith("Café owners — ")
    assert bodies["utf16.txt"].startswith("Niño Ångström ")
    assert bodies["cp1252.txt"].startswith("“Quoted” naïve café — ")
    assert bodies["latin1.txt"].startswith("Señor Müller à Óbidos ")
    assert "\ufffd lone surrogate" in bodies["sur"]
    again = run_cli("index", *ix)  # the failed ones are tried again, the rest unchanged
    assert again.code == 1 and "unchanged 12" in again.err


def test_unreadable_file_and_folder(tmp_path, monkeypatch):
    import index.pipeline as pipeline
    import index.read as read

    corpus = tmp_path / "c"
    (corpus / "locked").mkdir(parents=True)
    (corpus / "good.txt").write_text(GOOD, "utf-8")
    (corpus / "secret.txt").write_text(GOOD + " secret", "utf-8")
    (corpus / "locked" / "inside.txt").write_text(GOOD + " inside", "utf-8")
    if os.geteuid() != 0:
        (corpus / "secret.txt").chmod(0)
        (corpus / "locked").chmod(0)
    else:  # root reads through chmod 000: simulate what the kernel would refuse
        def refuse(path: str | Path) -> None:
            if Path(path).name in ("secret.txt", "locked"):
                raise PermissionError(errno.EACCES, "Permission denied", str(path))

        digest, scandir = pipeline._file_digest, os.scandir
        monkeypatch.setattr(pipeline, "_file_digest", lambda p: refuse(p) or digest(p))
        monkeypatch.setattr(read.os, "scandir", lambda p=".": refuse(p) or scandir(p))
    try:
        summary = update_index(tmp_path / "ix", [corpus], workers=0)
    finally:
        (corpus / "secret.txt").chmod(0o644)
        (corpus / "locked").chmod(0o755)
    failed = {Path(p.source).name: p.message for p in summary.problems}
    assert summary.added == 1 and failed == {"secret.txt": "permission denied",
                                             "locked": "permission denied"}


@pytest.mark.slow
def test_50mb_files_are_refused_in_bounded_memory(tmp_path):
    corpus = tmp_path / "c"
    corpus.mkdir()
    size = 50 * 1024 * 1024
    line = b"walrus " * (size // 7)
    (corpus / "huge.txt").write_bytes(line)
    (corpus / "huge.html").write_bytes(b"<p>" + line)
    (corpus / "huge.jsonl").write_bytes(
        json.dumps({"id": "small", "text": GOOD}).encode() + b"\n{\"text\": \""
        + line + b"\"}\n" + json.dumps({"id": "after", "text": GOOD}).encode() + b"\n")
    measure = ("import resource, subprocess, sys; code = subprocess.call(sys.argv[1:]); "
               "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss); sys.exit(code)")
    proc = subprocess.run([sys.executable, "-c", measure, sys.executable, "-m", "search.cli",
                           "index", str(corpus), "--index", str(tmp_path / "ix"),
                           "--workers", "0"], cwd=ROOT, capture_output=True, text=True)
    assert proc.returncode == 1, proc.stderr
    peak_mb = int(proc.stdout.split()[-1]) / 1024
    assert "huge.txt: larger than 16 MB" in proc.stderr
    assert "huge.html: larger than 16 MB" in proc.stderr
    assert "huge.jsonl:2: record too large" in proc.stderr
    assert "added 2," in proc.stderr
    assert peak_mb < 200, f"peak RSS {peak_mb:.0f} MB for 50 MB files"


# -- integrity check ---------------------------------------------------------------------
def test_check_finds_missing_stale_unreadable_and_damage(tmp_path, seed_corpus):
    index_dir = tmp_path / "ix"
    update_index(index_dir, [seed_corpus], workers=0)
    assert check_index(index_dir).findings == []
    names = sorted(p.name for p in seed_corpus.iterdir())
    (seed_corpus / "new.txt").write_text(GOOD, "utf-8")
    (seed_corpus / names[0]).write_text(GOOD, "utf-8")
    (seed_corpus / names[1]).unlink()
    os.utime(seed_corpus / names[2], (1, 1))  # touched, same content: not stale
    (seed_corpus / "loop.txt").symlink_to("loop.txt")
    findings = check_index(index_dir).findings
    assert {(f.kind, Path(f.path).name) for f in findings} == {
        ("missing", "new.txt"), ("stale", names[0]), ("stale", names[1]),
        ("unreadable", "loop.txt")}
    assert all(f"newssearch index --index {index_dir}" in f.repair for f in findings)
    (seed_corpus / "loop.txt").unlink()
    update_index(index_dir, [], workers=0)  # the repair the findings name
    assert check_index(index_dir).findings == []

    gen = current_generation(index_dir)
    for segment in gen.glob("*.seg"):
        segment.write_bytes(b"garbage")
    [damaged] = check_index(index_dir).findings
    assert damaged.kind == "damaged" and damaged.repair.startswith("newssearch rebuild")
    (gen / MANIFEST).write_bytes(b"not a database, " * 400)
    [damaged] = check_index(index_dir).findings
    assert damaged.kind == "damaged" and "damaged" in damaged.detail
    assert damaged.repair.startswith("rm -r ")


def test_check_command_lines_json_and_exit_codes(tmp_path, seed_corpus):
    ix = ["--index", str(tmp_path / "ix")]
    missing = run_cli("check", *ix)
    assert missing.code == 2 and "no index" in missing.err
    update_index(tmp_path / "ix", [seed_corpus], workers=0)
    clean = run_cli("check", *ix)
    assert clean.code == 0 and clean.out == "" and "0 missing" in clean.err
    (seed_corpus / "new\x1b[2J.txt").write_text(GOOD, "utf-8")
    found = run_cli("check", *ix)
    assert found.code == 1 and found.out.startswith("missing") and "\x1b" not in found.out
    assert "new\\x1b[2J.txt" in found.out and "newssearch index --index" in found.out
    [data] = [json.loads(line) for line in run_cli("check", "--json", *ix).out.splitlines()]
    assert data["kind"] == "missing" and data["repair"].startswith("newssearch index")


# -- a full disk ---------------------------------------------------------------------------
def test_disk_full_keeps_the_previous_index(tmp_path, seed_corpus):
    index_dir = tmp_path / "ix"
    update_index(index_dir, [seed_corpus], workers=0)
    before = assert_consistent(index_dir)
    more = tmp_path / "more"
    make_corpus(more, feeds=2, per_feed=30, stories=10)
    for command in (["index", str(more)], ["rebuild"]):
        old = current_generation(index_dir)
        proc = start(*command, "--index", str(index_dir), "--quiet", enospc_after=10_000)
        code, out, err = finish(proc)
        assert code == 2 and out == "", err
        assert err.startswith("newssearch: error: disk full while writing the index")
        assert err.count("\n") == 1 and "run the same command again" in err
        assert current_generation(index_dir) == old
        assert assert_consistent(index_dir) == before
        assert [p.name for p in index_dir.glob("gen-*")] == [old.name]
        assert check_index(index_dir).findings == []
    code, _, err = finish(start("index", str(more), "--index", str(index_dir), "--quiet"))
    assert code == 0, err
    assert len(assert_consistent(index_dir)) == len(before) + 70


# -- terminal safety -----------------------------------------------------------------------
EVIL = "\x1b[2J\x1b]0;owned\x07\x9b31m\u202e"  # NUL too, where argv and file names allow


def test_escape_sequences_never_reach_the_terminal(tmp_path):
    corpus = tmp_path / "c"
    corpus.mkdir()
    record = {"id": f"id{EVIL}", "title": f"Title {EVIL}", "outlet": f"Outlet{EVIL}",
              "url": f"http://x/{EVIL}",
              "text": f'The walrus {EVIL}\x00 said: "We will {EVIL} rebuild the harbour bridge '
                      f'this year," said Mayor Evil{EVIL} Smith. ' + GOOD}
    (corpus / "feed.jsonl").write_text(json.dumps(record) + "\n{bad" + EVIL + "\n", "utf-8")
    (corpus / f"name{EVIL}.txt").write_text(GOOD, "utf-8")
    (corpus / f"empty{EVIL}.txt").write_text("", "utf-8")
    ix = ["--index", str(tmp_path / "ix")]
    runs = [run_cli("index", str(corpus), *ix)]
    for args in (["query", "walrus"], ["query", "walrus", "--json"],
                 ["query", "walrus", "--color", "always"], ["query", f"walrus {EVIL}"],
                 ["query", "walrus", "--since", EVIL], ["show", f"id{EVIL}"],
                 ["show", f"id{EVIL}", "--json"], ["show", f"nope{EVIL}"], ["stats"],
                 ["stats", "--json"], ["check"], ["check", "--json"]):
        runs.append(run_cli(*args, *ix))
    runs.append(run_cli("inspect", str(corpus / "feed.jsonl")))
    runs.append(run_cli("inspect", str(corpus / "feed.jsonl"), "--json"))
    runs.append(run_cli("inspect", str(corpus / f"empty{EVIL}.txt")))
    assert runs[0].code == 1 and "Traceback" not in runs[0].err
    for run in runs:
        for stream in (run.out, run.err):
            stream = re.sub("\x1b\\[[0-9;]*m", "", stream) if run is runs[3] else stream
            assert not set(stream) & {"\x1b", "\x07", "\x9b", "\u202e", "\x00"}, stream
        assert "Traceback" not in run.err
    for line in runs[2].out.splitlines():
        json.loads(line)
    assert "empty\\x1b[2J" in runs[0].err and "name\\x1b[2J" in runs[1].out  # escaped, kept
