"""Ranking quality on the TIME test collection, through the shared harness.

Runs ../shared/eval/relevance_eval.py with scripts/bench_adapter.py plugged in
(our own ranking: BM25F parameters in search/engine.py, query fields and the
OR coordination bonus in search/query.py) beside the built-in peers, and prints
its table; --check exits 1 when our MAP or nDCG@10 falls below the pinned floors.

    python scripts/eval_relevance.py ../shared                 # table, peers included
    python scripts/eval_relevance.py ../shared --check --peers # ours only, gate

Reference (same harness): Whoosh BM25F defaults 0.5990 / 0.6715, FTS5 0.6555 /
0.7156, tantivy 0.6345 / 0.7006 (MAP / nDCG@10).
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# Pinned floors (ratchet: raise them when ranking improves; --check fails below them).
MAP_FLOOR = 0.66
NDCG_FLOOR = 0.72


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("shared", type=Path, nargs="?", default=ROOT.parent / "shared",
                    help="the shared folder (default ../shared)")
    ap.add_argument("--check", action="store_true", help="exit 1 below the pinned floors")
    ap.add_argument("--peers", nargs="*", default=["whoosh_naive", "fts5", "tantivy"],
                    help="built-in peers to run beside ours (none: --peers alone)")
    a = ap.parse_args()
    with tempfile.TemporaryDirectory(prefix="releval_") as out:
        cmd = [sys.executable, str(a.shared / "eval" / "relevance_eval.py"),
               "--plugin", "bench_adapter:Peer", "--plugin-path", str(ROOT / "scripts"),
               "--out", out, "--peers", *a.peers]
        subprocess.run(cmd, check=True, cwd=ROOT)
        ours = json.loads((Path(out) / "results.json").read_text())["newssearch"]["ours"]
    ok = ours["AP"] >= MAP_FLOOR and ours["nDCG@10"] >= NDCG_FLOOR
    print(f"newssearch: MAP {ours['AP']:.4f} (floor {MAP_FLOOR}), nDCG@10 "
          f"{ours['nDCG@10']:.4f} (floor {NDCG_FLOOR}): {'ok' if ok else 'BELOW FLOOR'}")
    return 0 if ok or not a.check else 1


if __name__ == "__main__":
    sys.exit(main())
