"""Cold command-line timings, interleaved: `newssearch --help`, a cold `newssearch query`,
peer_bench's naive Whoosh cold process and `python -c pass`, each a fresh process, one of
each per round so all four see the same machine state.

    python scripts/bench_cold.py --index IX --naive-index NAIVE_IX [--runs 9]
        [--bin DIR] [--shared ../shared] [--query "treasury baker governments"]

--bin is the bin folder of the environment to time (default: this interpreter's); use a
non-editable install there, since an editable install's import finder adds to every start.
NAIVE_IX is a whoosh_naive index built by peer_bench, e.g.
    python ../shared/eval/peer_bench.py _worker --phase index --peer whoosh_naive \
        --corpus ../shared/corpora/reuters21578/docs.jsonl.gz --index-dir NAIVE_IX \
        --result /tmp/build.json
Prints the median and the spread of each (wall; and CPU, user + system, which a
loaded machine disturbs less), and the query / naive ratio (issue 5 target: <= 0.75).
"""

from __future__ import annotations

import argparse
import json
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def _wall(cmd: list[str]) -> tuple[float, float]:
    """Wall and CPU (user + system) milliseconds of one run of cmd."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    subprocess.run(cmd, check=False, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    wall = (time.perf_counter() - t0) * 1000
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime) * 1000
    return wall, cpu


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--index", required=True, help="a newssearch index (Reuters)")
    ap.add_argument("--naive-index", help="peer_bench's whoosh_naive index of the same corpus")
    ap.add_argument("--runs", type=int, default=9)
    ap.add_argument("--bin", default=str(Path(sys.executable).parent))
    ap.add_argument("--shared", default=str(Path(__file__).resolve().parents[2] / "shared"))
    ap.add_argument("--query", default="treasury baker governments")
    ap.add_argument("--json-out", action="store_true", help="query with --json --limit 10, "
                    "as scripts/bench.py does")
    a = ap.parse_args()

    py, ns = str(Path(a.bin) / "python"), str(Path(a.bin) / "newssearch")
    query = [ns, "query", "--index", a.index, "--any"]
    query += ["--limit", "10", "--json", "--", a.query] if a.json_out else [a.query]
    cmds = {"help": [ns, "--help"], "query": query, "python": [py, "-c", "pass"]}
    if a.naive_index:
        result = str(Path(tempfile.mkdtemp()) / "cold.json")
        cmds["naive"] = [py, str(Path(a.shared) / "eval" / "peer_bench.py"), "_worker",
                         "--phase", "cold", "--peer", "whoosh_naive", "--index-dir",
                         a.naive_index, "--k", "10", "--result", result,
                         "--query", json.dumps({"query": a.query})]
    for cmd in cmds.values():  # warm the page cache once
        _wall(cmd)
    times: dict[str, list[float]] = {name: [] for name in cmds}
    cpus: dict[str, list[float]] = {name: [] for name in cmds}
    for _ in range(a.runs):
        for name, cmd in cmds.items():
            wall, cpu = _wall(cmd)
            times[name].append(wall)
            cpus[name].append(cpu)
    for name, walls in times.items():
        walls.sort()
        print(f"{name:7} median {statistics.median(walls):6.1f} ms   "
              f"min {walls[0]:6.1f}  max {walls[-1]:6.1f}  (n={len(walls)})   "
              f"cpu median {statistics.median(cpus[name]):6.1f} ms")
    if "naive" in times:
        ratio = statistics.median(times["query"]) / statistics.median(times["naive"])
        print(f"query / naive = {ratio:.2f} (target <= 0.75)")


if __name__ == "__main__":
    main()
