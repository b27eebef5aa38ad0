"""Compare an index with its sources: what `newssearch check` reports.

Findings are of four kinds, each with the command that repairs it:
    missing     a corpus file under an indexed root that the index does not hold
    stale       a file changed or deleted since it was indexed, or a write that
                was cut off before its manifest caught up
    unreadable  a file or folder that cannot be opened (permissions, loops, names)
    damaged     Whoosh files or the manifest corrupt, or the two disagreeing

Read-only: no lock is taken, so a check can run beside a writer; work that
writer has not committed yet shows as missing or stale until it does.
"""

from __future__ import annotations

import json
import os
import shlex
import sqlite3
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from index import read, store
# The digest the indexer recorded, by definition the one to compare with.
from index.pipeline import _file_digest
from index.record import Problem

MISSING, STALE, UNREADABLE, DAMAGED = "missing", "stale", "unreadable", "damaged"


@dataclass(frozen=True)
class Finding:
    """One thing the index gets wrong about its sources, and how to repair it."""

    kind: str
    path: str
    detail: str
    repair: str


@dataclass
class CheckReport:
    index: str
    files: int = 0
    articles: int = 0
    findings: list[Finding] = field(default_factory=list)

    def counts(self) -> dict[str, int]:
        out = dict.fromkeys((MISSING, STALE, UNREADABLE, DAMAGED), 0)
        for finding in self.findings:
            out[finding.kind] += 1
        return out


def check_index(index_dir: Path) -> CheckReport:
    """Findings for the index at index_dir; raises IndexMissing when there is none."""
    report = CheckReport(index=str(index_dir))
    update = f"newssearch index --index {shlex.quote(str(index_dir))}"
    rebuild = f"newssearch rebuild --index {shlex.quote(str(index_dir))}"
    try:
        gen = store.current_generation(index_dir)
        manifest = _read_manifest(gen)
    except store.IndexVersionError as err:
        report.findings.append(Finding(DAMAGED, str(index_dir), str(err), rebuild))
        return report
    except store.IndexDamaged as err:
        report.findings.append(Finding(DAMAGED, str(index_dir), _first_part(err),
                                       _recreate(index_dir)))
        return report
    damage = _check_whoosh(gen, manifest, report)
    if damage:
        report.findings.append(Finding(DAMAGED, str(gen), damage, rebuild))
    for root in manifest["roots"]:
        _check_root(Path(root), manifest["files"], report, update)
    return report


def _first_part(err: Exception) -> str:
    return str(err).split("; run")[0]


def _recreate(index_dir: Path) -> str:
    quoted = shlex.quote(str(index_dir))
    return f"rm -r {quoted} && newssearch index FOLDER... --index {quoted}"


def _read_manifest(gen: Path) -> dict[str, Any]:
    """Roots, file states and doc_ids of a generation; IndexDamaged if unreadable."""
    try:
        db = sqlite3.connect(f"file:{gen / store.MANIFEST}?mode=ro", uri=True, timeout=30)
        try:
            verdict = db.execute("PRAGMA quick_check").fetchone()[0]
            if verdict != "ok":
                raise store.IndexDamaged(f"index manifest in {gen} is damaged ({verdict})")
            info = dict(db.execute("SELECT key, value FROM info").fetchall())
            files = {row[0]: tuple(row[1:]) for row in
                     db.execute("SELECT path, size, mtime_ns, hash FROM files")}
            docs = {row[0] for row in db.execute("SELECT doc_id FROM docs")}
        finally:
            db.close()
    except sqlite3.DatabaseError as err:
        raise store.IndexDamaged(f"index manifest in {gen} is damaged ({err})") from None
    try:
        roots = json.loads(info.get("roots") or "[]")
    except ValueError:
        raise store.IndexDamaged(f"index manifest in {gen} is damaged (roots)") from None
    return {"roots": roots, "files": files, "docs": docs,
            "whoosh_generation": info.get("whoosh_generation")}


def _check_whoosh(gen: Path, manifest: dict[str, Any], report: CheckReport) -> str | None:
    """Read every stored document; a description of the damage, or None."""
    try:
        held, latest = store.stored_doc_ids(gen)
    except store.IndexDamaged as err:
        return str(err)
    report.articles = len(held)
    if manifest["whoosh_generation"] not in (None, str(latest)):
        # A writer was killed between its two commits: the next one repairs it.
        extra = len(held - manifest["docs"])
        report.findings.append(Finding(
            STALE, str(gen), f"a write was cut off; {extra} articles are not in the "
            "manifest yet", f"newssearch index --index {shlex.quote(str(gen.parent))}"))
        return None
    lost, unknown = manifest["docs"] - held, held - manifest["docs"]
    if lost or unknown:
        return (f"index and manifest disagree: {len(lost)} recorded articles missing, "
                f"{len(unknown)} unrecorded articles present")
    return None


def _check_root(root: Path, files: dict[str, tuple], report: CheckReport, update: str) -> None:
    seen: set[str] = set()
    for item in read.iter_files(root):
        if isinstance(item, Problem):
            if item.source != str(root):  # a gone root shows as its files, stale
                report.findings.append(Finding(UNREADABLE, item.source, item.message,
                                               "fix or remove it, then " + update))
            continue
        path = os.path.abspath(item)
        seen.add(path)
        report.files += 1
        finding = _check_file(path, files.get(path), update)
        if finding:
            report.findings.append(finding)
    prefix = str(root).rstrip("/") + "/"
    for path in sorted(files):
        if (path == str(root) or path.startswith(prefix)) and path not in seen \
                and not os.path.exists(path):
            report.findings.append(Finding(STALE, path, "deleted since indexed", update))


def _check_file(path: str, state: tuple | None, update: str) -> Finding | None:
    try:
        st = os.stat(path)
        with open(path, "rb") as fh:
            fh.read(1)
        if state is None:
            return Finding(MISSING, path, "not indexed (new, or it failed to index)", update)
        if (st.st_size, st.st_mtime_ns) == tuple(state[:2]) or _file_digest(path) == state[2]:
            return None
    except OSError as err:
        return Finding(UNREADABLE, path, (err.strerror or str(err)).lower(),
                       "fix its permissions or remove it, then " + update)
    return Finding(STALE, path, "changed since indexed", update)
