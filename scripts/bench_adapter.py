"""newssearch as a peer of ../shared/eval/peer_bench.py and relevance_eval.py.

Uses the project's public API only: index.update_index over a JSONL file written
from the docs (records keep their "id" as doc_id) and search.engine.Engine.

    python ../shared/eval/peer_bench.py --plugin bench_adapter:Peer --plugin-path scripts \\
        --plugin-name newssearch
    python ../shared/eval/relevance_eval.py --plugin bench_adapter:Peer --plugin-path scripts

The corpus file is written beside the index folder (index_dir + ".src"), so the
index size peer_bench measures is the index's alone.
"""

from __future__ import annotations

import html
import json
import os
import sys
from datetime import datetime
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

FRAGMENT_CHARS = 200  # peer_bench's snippet length


class Peer:
    name = "newssearch"

    def __init__(self) -> None:
        self.engine: Any = None
        self.workers: int | None = None  # None: the project's default

    # -- writing --------------------------------------------------------------------
    @staticmethod
    def _write_jsonl(docs: list[dict], index_dir: str, name: str) -> Path:
        folder = Path(index_dir + ".src")
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / name
        with open(path, "w", encoding="utf-8") as fh:
            for doc in docs:
                fh.write(json.dumps(doc, ensure_ascii=False) + "\n")
        return path

    def build(self, docs: list[dict], index_dir: str) -> None:
        from index import update_index

        path = self._write_jsonl(docs, index_dir, "base.jsonl")
        summary = update_index(Path(index_dir), [path], workers=self.workers)
        _report(summary, "build")

    def upsert(self, docs: list[dict], index_dir: str) -> None:
        from index import update_index

        path = self._write_jsonl(docs, index_dir, "upsert.jsonl")
        summary = update_index(Path(index_dir), [path], workers=self.workers)
        _report(summary, "upsert")

    # -- searching ------------------------------------------------------------------
    def open(self, index_dir: str) -> None:
        from search.engine import Engine

        self.engine = Engine(Path(index_dir))

    def search(self, tokens: list[str], k: int = 10, op: str = "or",
               date_range: tuple[datetime, datetime] | None = None,
               snippets: bool = True) -> list[dict]:
        from search.query import QueryError
        from search.request import SearchRequest

        if not tokens:
            return []
        request = SearchRequest(
            text=" ".join(tokens), match_any=(op == "or"), limit=k,
            since=date_range[0].date() if date_range else None,
            until=date_range[1].date() if date_range else None,
            fragments=1 if snippets else 0)
        try:
            results = self.engine.search(request)
        except QueryError:  # only stop words: nothing to search
            return []
        return [{"id": hit.doc_id, "score": hit.score,
                 "snippet": _html_snippet(hit) if snippets else None}
                for hit in results.hits]

    def close(self) -> None:
        if self.engine is not None:
            self.engine.close()
            self.engine = None


def _html_snippet(hit: Any) -> str:
    """The first fragment with its matches in <b>, as peer_bench counts highlights."""
    if not hit.snippets:
        return html.escape(hit.title or hit.lead)
    snippet = hit.snippets[0]
    out, pos = [], 0
    for start, end in snippet.matches:
        out.append(html.escape(snippet.text[pos:start]))
        out.append("<b>" + html.escape(snippet.text[start:end]) + "</b>")
        pos = end
    out.append(html.escape(snippet.text[pos:]))
    return "".join(out)


def _report(summary: Any, what: str) -> None:
    if summary.failed and os.environ.get("BENCH_VERBOSE"):
        sys.stderr.write(f"newssearch {what}: {summary.failed} failed, e.g. "
                         f"{summary.problems[:3]}\n")
