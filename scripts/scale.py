"""How newssearch scales: a SYNTHETIC series of ~20k, 100k and 500k articles.

The articles are the real Reuters-21578 and BBC corpora replicated: copy k gets
new ids ("<id>~k") and dates shifted by k years, so documents repeat their text
(term statistics are those of the real corpora, only denser; near-duplicate
grouping sees the copies as distinct stories only because their dates differ).
Written as ONE JSONL file per size (as a crawler exports; --per-file N splits it),
which the indexer streams. For each size: `newssearch index` wall time and docs/s, index size, peak RSS of
the process tree, segment count, warm query p50 (in process, the 50 Reuters
bench queries, OR, top 10 with snippets) with the memory the open engine adds
to the process, and cold `newssearch query` p50.

Whoosh's merging choices, made explicit: a bulk run commits a segment every
5,000 articles (index/store.py Writer.commit_every) without merging them
(commit(merge=False)); the run's last commit uses Whoosh's default MERGE_SMALL
policy, which leaves segments of similar size alone. `newssearch rebuild` writes
one optimized segment. --optimize also times that rebuild at each size and
measures the warm and cold p50 again on the single segment.

    python scripts/scale.py ../shared                      # 20k, 100k, 500k
    python scripts/scale.py ../shared --sizes 20000 100000 --optimize

Writes bench-out/scale.json (one entry per finished size; a long 500k run can be
stopped and what finished is kept).
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import OUT, _newssearch, _summary_counts, _timed  # noqa: E402


def _load(shared: Path) -> list[dict]:
    docs = []
    for name in ("reuters21578", "bbc"):
        with gzip.open(shared / "corpora" / name / "docs.jsonl.gz", "rt", encoding="utf-8") as fh:
            docs.extend(json.loads(line) for line in fh)
    return docs


def _shift(date: str | None, years: int) -> str | None:
    if not date or not years:
        return date
    try:
        day = datetime.fromisoformat(date)
        return day.replace(year=day.year + years).isoformat()
    except ValueError:
        return date


def write_synthetic(docs: list[dict], size: int, folder: Path, per_file: int = 0) -> int:
    """size articles in JSONL files of per_file each (0: one file) under folder."""
    folder.mkdir(parents=True, exist_ok=True)
    per_file = per_file or size
    n, copy, out = 0, 0, None
    while n < size:
        for doc in docs:
            if n >= size:
                break
            if n % per_file == 0:
                if out:
                    out.close()
                out = open(folder / f"part-{n // per_file:04d}.jsonl", "w", encoding="utf-8")
            rec = dict(doc)
            if copy:
                rec["id"] = f"{doc['id']}~{copy}"
                rec["date"] = _shift(doc.get("date"), copy)
            out.write(json.dumps(rec, ensure_ascii=False) + "\n")
            n += 1
        copy += 1
    if out:
        out.close()
    return n


def _queries(shared: Path) -> list[str]:
    path = shared / "corpora" / "reuters21578" / "bench_queries.jsonl"
    return [" ".join(re.findall(r"[a-z0-9]+", json.loads(line)["query"].lower()))
            for line in open(path)]


def warm_p50(index: Path, queries: list[str]) -> tuple[float, float]:
    """(p50 ms, MiB the open engine added to this process's resident memory)."""
    import psutil

    from search.engine import Engine
    from search.request import SearchRequest

    before = psutil.Process().memory_info().rss
    with Engine(index) as engine:
        run = [SearchRequest(text=q, match_any=True, limit=10) for q in queries]
        for request in run:  # warm-up pass
            engine.search(request)
        lat = []
        for _ in range(2):
            for request in run:
                t0 = time.perf_counter()
                engine.search(request)
                lat.append((time.perf_counter() - t0) * 1000)
        grown = (psutil.Process().memory_info().rss - before) / 2**20
    return statistics.median(lat), grown


def cold_p50(index: Path, queries: list[str], runs: int = 7) -> float:
    lat = []
    for i in range(runs):
        t0 = time.perf_counter()
        subprocess.run(_newssearch() + ["query", "--index", str(index), "--any", "--json",
                                        "--", queries[(i * 7) % len(queries)]],
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        lat.append((time.perf_counter() - t0) * 1000)
    return statistics.median(lat)


def segments(index: Path) -> int:
    gen = (index / "CURRENT").read_text().strip()
    return len(list((index / gen).glob("*.seg"))) or len(list((index / gen).glob("*.trm")))


def measure(docs: list[dict], size: int, work: Path, queries: list[str], optimize: bool,
            per_file: int = 0) -> dict:
    folder = work / str(size)
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    corpus = folder / "synthetic"
    n = write_synthetic(docs, size, corpus, per_file)
    index = folder / "index"
    wall, peak, err = _timed(_newssearch() + ["index", str(corpus), "--index", str(index),
                                              "--quiet"])
    res = {"articles": n, "synthetic": True, "index_s": wall, "docs_per_s": n / wall,
           "peak_rss_tree_mib": peak / 2**20, "summary": _summary_counts(err),
           "index_mib": sum(p.stat().st_size for p in index.rglob("*") if p.is_file()) / 2**20,
           "segments": segments(index)}
    res["warm_p50_ms"], res["warm_engine_mib"] = warm_p50(index, queries)
    res["cold_p50_ms"] = cold_p50(index, queries)
    if optimize:
        wall, peak, _ = _timed(_newssearch() + ["rebuild", "--index", str(index), "--quiet"])
        p50, grown = warm_p50(index, queries)
        res["optimized"] = {"rebuild_s": wall, "peak_rss_tree_mib": peak / 2**20,
                            "segments": segments(index), "warm_p50_ms": p50,
                            "warm_engine_mib": grown, "cold_p50_ms": cold_p50(index, queries)}
    shutil.rmtree(folder, ignore_errors=True)
    return res


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("shared", type=Path)
    ap.add_argument("--sizes", type=int, nargs="+", default=[20_000, 100_000, 500_000])
    ap.add_argument("--per-file", type=int, default=0,
                    help="articles per JSONL file (default 0: one file per size)")
    ap.add_argument("--optimize", action="store_true",
                    help="also time `newssearch rebuild` (one optimized segment) per size")
    a = ap.parse_args()
    docs = _load(a.shared.resolve())
    queries = _queries(a.shared.resolve())
    OUT.mkdir(exist_ok=True)
    out = OUT / "scale.json"
    results: dict = {"note": "SYNTHETIC: real Reuters+BBC articles replicated with new ids "
                             "and dates shifted by whole years",
                     "articles_per_file": a.per_file or "all in one file", "sizes": {}}
    work = Path(tempfile.mkdtemp(prefix="nsscale_"))
    print("| articles (synthetic) | index s | docs/s | index MiB | peak RSS MiB | segments "
          "| warm p50 ms | warm engine MiB | cold p50 ms |\n"
          "|---:|---:|---:|---:|---:|---:|---:|---:|---:|", flush=True)
    try:
        for size in a.sizes:
            r = measure(docs, size, work, queries, a.optimize, a.per_file)
            results["sizes"][str(size)] = r
            out.write_text(json.dumps(results, indent=2))
            print(f"| {r['articles']:,} | {r['index_s']:.0f} | {r['docs_per_s']:.0f} | "
                  f"{r['index_mib']:.0f} | {r['peak_rss_tree_mib']:.0f} | {r['segments']} | "
                  f"{r['warm_p50_ms']:.1f} | {r['warm_engine_mib']:.0f} | "
                  f"{r['cold_p50_ms']:.0f} |", flush=True)
            if "optimized" in r:
                o = r["optimized"]
                print(f"| ↳ after rebuild (optimized) | {o['rebuild_s']:.0f} | | | "
                      f"{o['peak_rss_tree_mib']:.0f} | {o['segments']} | "
                      f"{o['warm_p50_ms']:.1f} | {o['warm_engine_mib']:.0f} | "
                      f"{o['cold_p50_ms']:.0f} |", flush=True)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print(f"wrote {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
