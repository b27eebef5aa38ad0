"""Where indexing time goes, for the explanations in README's performance section.

    python scripts/where_time_goes.py ../shared ingest   # CPU of the writer and of the workers
    python scripts/where_time_goes.py ../shared update   # phases of an update after 1,000 edits
    python scripts/where_time_goes.py ../shared update --workers 2   # the same with two workers
    python scripts/where_time_goes.py ../shared commit   # one segment's commit: our codec vs W3

ingest: `newssearch index` of Reuters-21578 (one JSONL file), sampling every process of
the tree with psutil; prints wall time and the CPU seconds of the writer (the main
process) and of the cleaning workers. The writer's CPU is what bounds the run.

update: indexes Reuters, changes 1,000 articles as bench.py does, then runs the update
in this process with time stamps: reading the file until 100 changed records are
found (when the first cleaning process starts), reading the rest while the changed
articles are cleaned and filed, and Whoosh's commit. Each phase is printed with its wall and
CPU seconds; --runs repeats the update on fresh copies of the index; --workers sets
the cleaning processes (default: as `newssearch index`).

commit: the first 1,000 Reuters articles, cleaned, are added to a new index and
committed as one segment, with index/codec.py's FlushCodec and with Whoosh's W3Codec,
alternately (--runs times each); prints the CPU seconds of each commit.

Needs psutil (`pip install ".[bench]"`). Figures move with the machine's load.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import CHANGED, _change_articles, _corpus_file, _newssearch  # noqa: E402


def ingest(shared: Path, work: Path) -> None:
    import psutil

    corpus, docs = _corpus_file(shared, work)
    cmd = _newssearch() + ["index", str(corpus), "--index", str(work / "ix"), "--quiet"]
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, stderr=subprocess.DEVNULL)
    root, cpu = psutil.Process(proc.pid), {}
    while proc.poll() is None:
        try:
            for p in [root] + root.children(recursive=True):
                try:
                    t = p.cpu_times()
                    cpu[p.pid] = (p.pid == proc.pid, t.user + t.system)
                except psutil.Error:
                    pass
        except psutil.Error:
            pass
        time.sleep(0.25)
    wall = time.perf_counter() - t0
    writer = sum(c for main, c in cpu.values() if main)
    others = sorted((c for main, c in cpu.values() if not main), reverse=True)
    print(f"{docs} articles in {wall:.1f} s ({docs / wall:.0f} docs/s)")
    print(f"writer (main process) CPU {writer:.1f} s; workers {' + '.join(f'{c:.1f}' for c in others[:2])}"
          f" s; other helper processes {sum(others[2:]):.1f} s (sampled every 0.25 s: the last"
          " quarter second is missed)")


FIRST = "read until 100 changed"  # when the first cleaning process starts


def update(shared: Path, work: Path, runs: int, workers: int | None) -> None:
    from index import cleaners, pipeline, store

    corpus, _ = _corpus_file(shared, work)
    base = work / "base"
    subprocess.run(_newssearch() + ["index", str(corpus), "--index", str(base), "--quiet"],
                   stderr=subprocess.DEVNULL, check=False)
    _change_articles(corpus, CHANGED)
    stamps: list[tuple[str, float, float]] = []

    def stamp(name: str) -> None:
        stamps.append((name, time.perf_counter(), time.process_time()))

    start_pool, commit = cleaners.start_pool, store.Writer.commit

    def timed_pool(workers: int):
        if not any(name == FIRST for name, _, _ in stamps):
            stamp(FIRST)
        return start_pool(workers)

    def timed_commit(self, merge=True, optimize=False):
        stamp("read the rest, clean and file")
        commit(self, merge=merge, optimize=optimize)
        stamp("Whoosh's commit")

    cleaners.start_pool, store.Writer.commit = timed_pool, timed_commit
    try:
        for run in range(runs):
            index = work / f"ix{run}"
            shutil.copytree(base, index)
            stamps.clear()
            stamp("start")
            summary = pipeline.update_index(index, [], workers=workers)
            print(f"run {run + 1}: updated {summary.updated}, unchanged {summary.unchanged}")
            for (name, wall, cpu), (_, wall0, cpu0) in zip(stamps[1:], stamps):
                print(f"  {name:30s} {wall - wall0:6.3f} s wall {cpu - cpu0:6.3f} s CPU")
            print(f"  {'total':30s} {stamps[-1][1] - stamps[0][1]:6.3f} s wall")
    finally:
        cleaners.start_pool, store.Writer.commit = start_pool, commit


def commit(shared: Path, work: Path, runs: int) -> None:
    import json

    from whoosh import index as windex
    from whoosh.codec.whoosh3 import W3Codec

    from index import pipeline
    from index.codec import FlushCodec
    from index.read import map_record
    from index.record import RawDoc
    from index.schema import make_schema

    corpus, _ = _corpus_file(shared, work)
    with open(corpus, encoding="utf-8") as fh:
        raws = [map_record(json.loads(line), f"r#{n}", "r", n)
                for n, line in zip(range(1000), fh)]
    built = pipeline._index_batch([(r, frozenset()) for r in raws if isinstance(r, RawDoc)])
    docs = [{**doc, "path": "p", "group": doc["doc_id"]} for _, doc in built if doc]
    codecs = {"FlushCodec (index/codec.py)": FlushCodec, "W3Codec (Whoosh)": W3Codec}
    times: dict[str, list[float]] = {name: [] for name in codecs}
    for run in range(runs):
        for name, codec in codecs.items():
            folder = work / f"c{run}{codec.__name__}"
            folder.mkdir()
            writer = windex.create_in(str(folder), make_schema(), indexname="t").writer(
                codec=codec(compression=0))
            for doc in docs:
                writer.add_document(**doc)
            cpu = time.process_time()
            writer.commit(merge=False)
            times[name].append(time.process_time() - cpu)
    print(f"commit of {len(docs)} Reuters articles as one segment, CPU seconds per run:")
    for name, values in times.items():
        print(f"  {name:28s} " + " ".join(f"{v:.3f}" for v in values))


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("shared", type=Path, help="the shared folder (../shared)")
    ap.add_argument("what", choices=["ingest", "update", "commit"])
    ap.add_argument("--runs", type=int, default=3, help="update or commit runs (default 3)")
    ap.add_argument("--workers", type=int, default=None,
                    help="cleaning processes of the update (default: as newssearch index)")
    a = ap.parse_args()
    work = Path(tempfile.mkdtemp(prefix="nswhere_"))
    try:
        if a.what == "ingest":
            ingest(a.shared.resolve(), work)
        elif a.what == "commit":
            commit(a.shared.resolve(), work, a.runs)
        else:
            update(a.shared.resolve(), work, a.runs, a.workers)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
