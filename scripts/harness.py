"""Run one of ../shared/eval's harnesses with our module plugged in, and gate its row.

Shared by eval_extraction.py and eval_dates.py: both run the harness as a separate
process with this repository on its path, read its JSON rows, and compare the
row named "newssearch" with floors pinned in the calling script.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def run_harness(shared: Path, script: str, baseline: str, module: str,
                extra: list[str]) -> list[dict]:
    """The harness's summary rows for the baseline and our module."""
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "rows.json"
        cmd = [sys.executable, str(shared / "eval" / script), "--extractor", baseline,
               "--module", module, "--pythonpath", str(ROOT), "--name", "newssearch",
               "--json-out", str(out), *extra]
        subprocess.run(cmd, check=True)
        return json.loads(out.read_text())


def below_floors(rows: list[dict], floors: dict[str, float]) -> list[str]:
    """Floors our row falls below, as readable lines (empty: all held)."""
    ours = next(row for row in rows if row["extractor"] == "newssearch")
    return [f"{key} {ours[key]:.3f} < floor {floor:.3f}"
            for key, floor in floors.items() if ours[key] < floor]


def main(doc: str, script: str, baseline: str, module: str, floors: dict[str, float]) -> int:
    """Command line of an eval script: SHARED [--check] [harness arguments]."""
    parser = argparse.ArgumentParser(description=doc.splitlines()[0])
    parser.add_argument("shared", type=Path, help="the shared evaluation folder, e.g. ../shared")
    parser.add_argument("--check", action="store_true", help="exit 1 below the pinned floors")
    args, extra = parser.parse_known_args()  # the rest goes to the harness
    rows = run_harness(args.shared, script, baseline, module, [a for a in extra if a != "--"])
    failures = below_floors(rows, floors)
    for line in failures:
        print(f"FAIL: {line}", file=sys.stderr)
    return 1 if args.check and failures else 0
