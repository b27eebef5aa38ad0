"""Quotes and speakers of index.quotes, scored by the shared harness beside its rule baseline.

    python scripts/eval_quotes.py ../shared             # print the table
    python scripts/eval_quotes.py ../shared --check     # exit 1 if a floor is crossed

The harness (../shared/eval/quote_eval.py: quote P/R/F1, speaker accuracy on named quotes,
wrong-named rate) runs as a separate process with this repository on its path, so it scores
exactly what `index.quotes:extract` returns. Speed (articles/s, CPU time of this process over
the dev articles) is measured here, in-process. Other arguments go to the harness.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# Ratchet: measured 2026-11-23 on PolNeAR dev (336 articles): F1 0.977, speaker accuracy
# 0.918, wrong-named rate 0.024. Floors sit just under; the wrong-named rate has a ceiling
# instead (a wrong name is worse than none). articles/s is printed, not gated: on a shared
# 2-core machine it swings by +-30 %.
FLOORS = {"f1": 0.97, "accuracy": 0.91}
CEILINGS = {"wrong_named_rate": 0.03}
COLUMNS = ("precision", "recall", "f1", "accuracy", "wrong_named_rate", "attributed_recall")


def run_harness(shared: Path, source: list[str], extra: list[str]) -> dict:
    """One harness run (baseline or module); its figures flattened into one dict."""
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "res.json"
        cmd = [sys.executable, str(shared / "eval" / "quote_eval.py"), *source,
               "--json-out", str(out), *extra]
        subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL)
        res = json.loads(out.read_text("utf-8"))
    return {**res["quotes"], **res["speaker"], "label": res["extractor"]}


def measure_speed(shared: Path) -> tuple[float, float]:
    """(articles/s, mean words per article) of extract_quotes over the dev texts."""
    sys.path.insert(0, str(ROOT))
    from index.quotes import extract_quotes

    data = shared / "quotes" / "dev.jsonl"
    with data.open(encoding="utf-8") as handle:
        texts = [json.loads(line)["text"] for line in handle if line.strip()]
    extract_quotes(texts[0])                       # warm regex and import caches
    start = time.process_time()
    for text in texts:
        extract_quotes(text)
    seconds = max(time.process_time() - start, 1e-9)
    return len(texts) / seconds, sum(len(t.split()) for t in texts) / len(texts)


def check(ours: dict) -> list[str]:
    """Floors and ceilings our figures cross, as readable lines (empty: all held)."""
    low = [f"{k} {ours[k]:.3f} < floor {v:.3f}" for k, v in FLOORS.items() if ours[k] < v]
    high = [f"{k} {ours[k]:.3f} > ceiling {v:.3f}" for k, v in CEILINGS.items() if ours[k] > v]
    return low + high


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("shared", type=Path, help="the shared evaluation folder, e.g. ../shared")
    parser.add_argument("--check", action="store_true", help="exit 1 when a floor is crossed")
    args, extra = parser.parse_known_args()          # the rest goes to the harness
    extra = [a for a in extra if a != "--"]
    rows = [run_harness(args.shared, ["--baseline", "rule"], extra),
            run_harness(args.shared, ["--module", "index.quotes:extract", "--path", str(ROOT)],
                        extra)]
    print(f"{'extractor':24s}" + "".join(f"{c:>18s}" for c in COLUMNS))
    for row in rows:
        print(f"{row['label']:24s}" + "".join(f"{row[c]:18.3f}" for c in COLUMNS))
    speed, words = measure_speed(args.shared)
    print(f"index.quotes: {speed:.0f} articles/s (CPU, {words:.0f} words per article)")
    failures = check(rows[-1])
    for line in failures:
        print(f"FAIL: {line}", file=sys.stderr)
    return 1 if args.check and failures else 0


if __name__ == "__main__":
    sys.exit(main())
