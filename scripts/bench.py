"""Speed and scale: newssearch side by side with its peers, plus the CLI's own figures.

    python scripts/bench.py ../shared            # Reuters-21578 and BBC, all figures
    python scripts/bench.py ../shared --quick    # Reuters only, whoosh_naive only

1. ../shared/eval/peer_bench.py with scripts/bench_adapter.py plugged in, beside the
   peers whoosh_naive, fts5 and tantivy (build docs/s, upsert, size, RSS, warm
   p50 for OR / AND / OR+date, cold start), on reuters21578 and bbc.
2. What peer_bench does not measure, on Reuters, through the `newssearch` command:
   end-to-end ingest (read + clean + extract + index) of the corpus as one JSONL
   file against whoosh_naive's index-only docs/s from the same run; an update
   after 1,000 changed articles (median of three, each on a copy of the ingested
   index); a run with nothing changed; a cold
   `newssearch query` (median of several, interleaved with peer_bench's own cold
   whoosh_naive process on the same machine state); `newssearch --help`; peak RSS
   of the process tree; warm p50 with and without a date filter and their ratio.

Prints a table and writes bench-out/bench.json (bench-out/ is git-ignored).
The machine is shared: only ratios from one run mean much.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench-out"
PEERS = ["whoosh_naive", "fts5", "tantivy"]
CHANGED = 1000
UPDATE_RUNS = 3


def _newssearch() -> list[str]:
    exe = Path(sys.executable).parent / "newssearch"
    return [str(exe)] if exe.exists() else [sys.executable, "-m", "search.cli"]


class _Peak(threading.Thread):
    """Peak summed RSS of a process and its children (psutil, every 20 ms)."""

    def __init__(self, pid: int) -> None:
        super().__init__(daemon=True)
        import psutil

        self.proc, self.peak, self.done = psutil.Process(pid), 0, threading.Event()

    def run(self) -> None:
        import psutil

        while not self.done.is_set():
            try:
                total = self.proc.memory_info().rss
                for child in self.proc.children(recursive=True):
                    try:
                        total += child.memory_info().rss
                    except psutil.Error:
                        pass
                self.peak = max(self.peak, total)
            except psutil.Error:
                break
            time.sleep(0.02)


def _timed(cmd: list[str], env: dict | None = None) -> tuple[float, int, str]:
    """(wall seconds, peak tree RSS bytes, stderr) of one command; raises on failure."""
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
                            env={**os.environ, **(env or {})})
    peak = _Peak(proc.pid)
    peak.start()
    _, err = proc.communicate()
    wall = time.perf_counter() - t0
    peak.done.set()
    peak.join()
    if proc.returncode not in (0, 1):
        raise RuntimeError(f"{' '.join(cmd)} exited {proc.returncode}: {err[-500:]}")
    return wall, peak.peak, err


# -- 1. peer_bench ------------------------------------------------------------------------
def run_peer_bench(shared: Path, corpus: str, peers: list[str], work: Path, quick: bool
                   ) -> dict:
    out = OUT / f"peer-{corpus}"
    cmd = [sys.executable, str(shared / "eval" / "peer_bench.py"), "--corpus", corpus,
           "--peers", *peers, "--plugin", "bench_adapter:Peer", "--plugin-path",
           str(ROOT / "scripts"), "--plugin-name", "newssearch", "--out", str(out),
           "--workdir", str(work / corpus), "--keep"]
    if corpus == "bbc":
        cmd += ["--incremental", "200"]
    if quick:  # three rounds: one round's p50 of 50 queries swung by 15 % between runs
        cmd += ["--rounds", "3", "--cold-runs", "3"]
    print("$", " ".join(cmd), flush=True)
    subprocess.run(cmd, check=True, cwd=ROOT)
    data = json.loads((out / "results.json").read_text())
    return {r["peer"]: r for r in data["results"]} | {"_meta": data["meta"]}


# -- 2. the command line ------------------------------------------------------------------
def _corpus_file(shared: Path, folder: Path) -> tuple[Path, int]:
    src = shared / "corpora" / "reuters21578" / "docs.jsonl.gz"
    path = folder / "reuters.jsonl"
    n = 0
    with gzip.open(src, "rt", encoding="utf-8") as fh, open(path, "w", encoding="utf-8") as out:
        for line in fh:
            out.write(line)
            n += 1
    return path, n


def _change_articles(path: Path, count: int) -> int:
    """Append a sentence to `count` articles spread over the file (same ids)."""
    lines = path.read_text(encoding="utf-8").splitlines()
    step = max(1, len(lines) // count)
    changed = 0
    for i in range(0, len(lines), step):
        if changed == count:
            break
        rec = json.loads(lines[i])
        rec["text"] = (rec.get("text") or "") + f"\nCorrected on review, note {i}."
        lines[i] = json.dumps(rec, ensure_ascii=False)
        changed += 1
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return changed


def _summary_counts(stderr: str) -> dict[str, int]:
    match = re.search(r"added (\d+), updated (\d+), removed (\d+), unchanged (\d+), "
                      r"failed (\d+)", stderr)
    keys = ("added", "updated", "removed", "unchanged", "failed")
    return dict(zip(keys, map(int, match.groups()))) if match else {}


def _median_wall(cmd: list[str], runs: int) -> float:
    walls = []
    for _ in range(runs):
        t0 = time.perf_counter()
        subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        walls.append(time.perf_counter() - t0)
    return statistics.median(walls) * 1000


def cli_figures(shared: Path, work: Path, naive_index: Path | None, runs: int) -> dict:
    ns = _newssearch()
    folder = work / "cli"
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    corpus, docs = _corpus_file(shared, folder)
    index = folder / "index"
    res: dict = {"docs": docs}

    wall, peak, err = _timed(ns + ["index", str(corpus), "--index", str(index), "--quiet"])
    res["ingest"] = {"wall_s": wall, "docs_per_s": docs / wall, "peak_rss_tree": peak,
                     "summary": _summary_counts(err)}
    print(f"ingest: {docs / wall:.0f} docs/s, peak RSS {peak / 2**20:.0f} MiB", flush=True)

    # The update is one wall time of a few seconds, the figure the machine's load moves
    # most: it is run UPDATE_RUNS times, each on a fresh copy of the ingested index, and
    # the median is the figure (all runs are kept in the JSON).
    ingested = folder / "ingested"
    shutil.copytree(index, ingested)
    changed = _change_articles(corpus, CHANGED)
    walls, peaks = [], []
    for _ in range(UPDATE_RUNS):
        shutil.rmtree(index)
        shutil.copytree(ingested, index)
        wall, peak, err = _timed(ns + ["index", "--index", str(index), "--quiet"])
        walls.append(wall)
        peaks.append(peak)
    res["update_changed"] = {"changed": changed, "wall_s": statistics.median(walls),
                             "runs_s": walls, "peak_rss_tree": max(peaks),
                             "summary": _summary_counts(err)}
    wall, peak, err = _timed(ns + ["index", "--index", str(index), "--quiet"])
    res["update_nochange"] = {"wall_s": wall, "summary": _summary_counts(err)}
    print(f"update {changed}: median {res['update_changed']['wall_s']:.2f} s of "
          f"{', '.join(f'{w:.2f}' for w in walls)}; no change: {wall:.2f} s", flush=True)

    queries = [json.loads(line)["query"] for line in
               open(shared / "corpora" / "reuters21578" / "bench_queries.jsonl")]
    ours, naive = [], []
    naive_cmd = None
    if naive_index is not None and naive_index.exists():
        naive_cmd = [sys.executable, str(shared / "eval" / "peer_bench.py"), "_worker",
                     "--phase", "cold", "--peer", "whoosh_naive", "--index-dir",
                     str(naive_index), "--k", "10", "--result", str(folder / "cold.json")]
    for i in range(runs):  # interleaved, so both see the same machine
        text = " ".join(re.findall(r"[a-z0-9]+", queries[(i * 7) % len(queries)].lower()))
        t0 = time.perf_counter()
        subprocess.run(ns + ["query", "--index", str(index), "--any", "--limit", "10",
                             "--json", "--", text], stdout=subprocess.DEVNULL,
                       stderr=subprocess.DEVNULL)
        ours.append(time.perf_counter() - t0)
        if naive_cmd:
            t0 = time.perf_counter()
            subprocess.run(naive_cmd + ["--query", json.dumps({"query": text})],
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            naive.append(time.perf_counter() - t0)
    res["cold_query_ms"] = statistics.median(ours) * 1000
    res["cold_naive_ms"] = statistics.median(naive) * 1000 if naive else None
    res["help_ms"] = _median_wall(ns + ["--help"], runs)
    res["python_ms"] = _median_wall([sys.executable, "-c", "pass"], runs)
    res["index_bytes"] = sum(p.stat().st_size for p in index.rglob("*") if p.is_file())
    return res


# -- report -------------------------------------------------------------------------------
def _ratio(a: float | None, b: float | None) -> float | None:
    return a / b if a and b else None


def summarise(peer: dict, cli: dict) -> list[tuple[str, str, str, str]]:
    """(figure, value, comparison, target) rows."""
    ours, naive = peer.get("newssearch", {}), peer.get("whoosh_naive", {})
    warm, nwarm = ours.get("warm", {}), naive.get("warm", {})
    rows = []

    def row(name: str, value: float | None, fmt: str, comp: str, target: str) -> None:
        rows.append((name, "-" if value is None else format(value, fmt), comp, target))

    naive_dps = naive.get("docs_per_s")
    row("ingest end to end, Reuters (docs/s)", cli["ingest"]["docs_per_s"], ",.0f",
        f"x{_ratio(cli['ingest']['docs_per_s'], naive_dps) or 0:.2f} of naive index-only "
        f"{naive_dps or 0:,.0f}", ">= x1.5")
    row("peak RSS of ingest tree (MiB)", cli["ingest"]["peak_rss_tree"] / 2**20, ".0f", "",
        "< 600")
    row(f"update after {cli['update_changed']['changed']} changed (s)",
        cli["update_changed"]["wall_s"], ".2f", str(cli["update_changed"]["summary"]), "<= 2")
    row("no-change re-run (s)", cli["update_nochange"]["wall_s"], ".2f",
        str(cli["update_nochange"]["summary"]), "< 2")
    for mode in ("or", "and", "or_date"):
        ours_p50 = warm.get(mode, {}).get("p50_ms")
        naive_p50 = nwarm.get(mode, {}).get("p50_ms")
        row(f"warm p50 {mode} with snippets (ms)", ours_p50, ".2f",
            f"x{_ratio(ours_p50, naive_p50) or 0:.2f} of naive {naive_p50 or 0:.1f}",
            "<= x0.5" if mode == "or" else "")
    or_p50, date_p50 = warm.get("or", {}).get("p50_ms"), warm.get("or_date", {}).get("p50_ms")
    row("warm p50 OR+date / OR", _ratio(date_p50, or_p50), ".2f", "", "<= 1.2")
    row("cold `newssearch query` (ms, median)", cli["cold_query_ms"], ".0f",
        f"x{_ratio(cli['cold_query_ms'], cli['cold_naive_ms']) or 0:.2f} of naive cold "
        f"{cli['cold_naive_ms'] or 0:.0f} (interleaved)", "<= x0.75")
    row("`newssearch --help` (ms, median)", cli["help_ms"], ".0f",
        f"python -c pass: {cli['python_ms']:.0f}", "< 100")
    row("target@10 OR (Reuters known item)", warm.get("or", {}).get("target_in_topk"), ".2f",
        f"naive {nwarm.get('or', {}).get('target_in_topk') or 0:.2f}", "no drop")
    return rows


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("shared", type=Path, help="the shared folder (../shared)")
    ap.add_argument("--quick", action="store_true",
                    help="Reuters only, whoosh_naive only, three warm rounds")
    ap.add_argument("--runs", type=int, default=None, help="cold/--help runs (default 9)")
    a = ap.parse_args()
    shared = a.shared.resolve()
    OUT.mkdir(exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix="nsbench_"))
    peers = ["whoosh_naive"] if a.quick else PEERS
    corpora = ["reuters21578"] if a.quick else ["reuters21578", "bbc"]
    runs = a.runs or 9
    try:
        results = {c: run_peer_bench(shared, c, peers, work, a.quick) for c in corpora}
        cli = cli_figures(shared, work, work / "reuters21578" / "whoosh_naive", runs)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    rows = summarise(results["reuters21578"], cli)
    lines = ["| figure | newssearch | compared with (same run) | target |",
             "|---|---:|---|---|"] + [f"| {a_} | {b} | {c} | {d} |" for a_, b, c, d in rows]
    for corpus, res in results.items():
        lines += ["", f"peer_bench {corpus}: see {OUT / ('peer-' + corpus) / 'results.md'}"]
    print("\n".join(lines))
    (OUT / "bench.json").write_text(json.dumps(
        {"peer_bench": results, "cli": cli, "summary": rows,
         "command": " ".join(["python", "scripts/bench.py"] + sys.argv[1:])},
        indent=2, default=str))
    print(f"\nwrote {OUT / 'bench.json'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
