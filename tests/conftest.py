"""Shared fixtures: the bundled samples, small corpora made on the fly, a CLI runner."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
EXPECTED = json.loads((SEEDS / "expected.json").read_text(encoding="utf-8"))["articles"]


@pytest.fixture()
def seed_corpus(tmp_path: Path) -> Path:
    """A folder holding a copy of the five sample articles (not expected.json)."""
    folder = tmp_path / "corpus"
    folder.mkdir()
    for name in EXPECTED:
        shutil.copy(SEEDS / name, folder / name)
    return folder


@dataclass
class Run:
    code: int
    out: str
    err: str


def run_cli(*args: str, env: dict[str, str] | None = None, cwd: Path | None = None,
            timeout: float = 120) -> Run:
    """Run the real newssearch entry point in a subprocess; stdout and stderr apart."""
    full_env = {**os.environ, "NO_COLOR": "", **(env or {})}
    full_env.pop("NEWSSEARCH_INDEX", None) if "NEWSSEARCH_INDEX" not in (env or {}) else None
    proc = subprocess.run([sys.executable, "-m", "search.cli", *args], capture_output=True,
                          text=True, env=full_env, cwd=cwd or ROOT, timeout=timeout)
    return Run(proc.returncode, proc.stdout, proc.stderr)


@pytest.fixture()
def cli():
    return run_cli


@pytest.fixture()
def seed_index(tmp_path: Path, seed_corpus: Path) -> Path:
    """A real index of the five samples, built through the library."""
    from index import update_index

    index_dir = tmp_path / "index"
    summary = update_index(index_dir, [seed_corpus], workers=0)
    assert summary.added == 5 and summary.failed == 0
    return index_dir
