"""Where indexing time goes, for the explanations in README's performance section.

    python scripts/where_time_goes.py ../shared ingest   # CPU of the writer and of the workers
    python scripts/where_time_goes.py ../shared update   # phases of an update after 1,000 edits

ingest: `newssearch index` of Reuters-21578 (one JSONL file), sampling every process of
the tree with psutil; prints wall time and the CPU seconds of the writer (the main
process) and of the cleaning workers. The writer's CPU is what bounds the run.

update: indexes Reuters, changes 1,000 articles as bench.py does, then runs the update
in this process with time stamps: reading the file (until the workers start), cleaning
and filing the articles, and Whoosh's commit. Each phase is printed with its wall and
CPU seconds; --runs repeats the update on fresh copies of the index.

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


def update(shared: Path, work: Path, runs: int) -> None:
    from index import pipeline, store

    corpus, _ = _corpus_file(shared, work)
    base = work / "base"
    subprocess.run(_newssearch() + ["index", str(corpus), "--index", str(base), "--quiet"],
                   stderr=subprocess.DEVNULL, check=False)
    _change_articles(corpus, CHANGED)
    stamps: list[tuple[str, float, float]] = []

    def stamp(name: str) -> None:
        stamps.append((name, time.perf_counter(), time.process_time()))

    start_pool, commit = pipeline._start_pool, store.Writer.commit

    def timed_pool(workers: int):  # the reading is done when the workers start
        stamp("read the file")
        return start_pool(workers)

    def timed_commit(self, merge=True, optimize=False):
        stamp("clean and file the articles")
        commit(self, merge=merge, optimize=optimize)
        stamp("Whoosh's commit")

    pipeline._start_pool, store.Writer.commit = timed_pool, timed_commit
    try:
        for run in range(runs):
            index = work / f"ix{run}"
            shutil.copytree(base, index)
            stamps.clear()
            stamp("start")
            summary = pipeline.update_index(index, [])
            print(f"run {run + 1}: updated {summary.updated}, unchanged {summary.unchanged}")
            for (name, wall, cpu), (_, wall0, cpu0) in zip(stamps[1:], stamps):
                print(f"  {name:30s} {wall - wall0:6.3f} s wall {cpu - cpu0:6.3f} s CPU")
            print(f"  {'total':30s} {stamps[-1][1] - stamps[0][1]:6.3f} s wall")
    finally:
        pipeline._start_pool, store.Writer.commit = start_pool, commit


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("shared", type=Path, help="the shared folder (../shared)")
    ap.add_argument("what", choices=["ingest", "update"])
    ap.add_argument("--runs", type=int, default=3, help="update runs (default 3)")
    a = ap.parse_args()
    work = Path(tempfile.mkdtemp(prefix="nswhere_"))
    try:
        if a.what == "ingest":
            ingest(a.shared.resolve(), work)
        else:
            update(a.shared.resolve(), work, a.runs)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
