"""Near-duplicate groups on the shared corpora: how many form, what they cost, a sample to judge.

Indexes each corpus into a temporary folder through the real pipeline, timing
the main process's share (Manifest.group_of: candidate lookup, comparisons and
the manifest rows) and, separately, the worker's share (dedup.make_sketch on
the cleaned bodies). Then counts the groups of two or more articles and prints
a seeded sample of groups, each member with its title, date, first words and
its estimated Jaccard with the group's first member, to be judged by hand.

    python scripts/eval_dedup.py ../shared                 # Reuters-21578 and BBC
    python scripts/eval_dedup.py ../shared --corpus bbc --sample 20
    python scripts/eval_dedup.py ../shared --corpus reuters --below 0.7   # the borderline

Recorded 2026-11-23 (THRESHOLD 0.5, SHORT_THRESHOLD 0.7, DATE_WINDOW 3, MIN_WORDS 20),
judged by hand from the printed groups:

    reuters  21,576 articles (2,580 under 20 words, no sketch): 630 groups holding 1,280
             (612 pairs, 16 of three, 2 of four). Random 12: 12 true (re-sends, retitled
             and corrected versions). Borderline (a member at J~ < 0.7: 108 groups), 12
             sampled: 11 true updates (Qintex, Rolls Royce, Peru, Hungary, Tokyo rubber
             intraday tables, ...), 1 false: three daily "Fed adds reserves via customer
             repurchases" reports, each 3 days after the last, chained into one group.
    bbc      2,225 articles: 167 groups holding 335 (166 pairs, 1 of three). Random 10:
             10 true (the collection's duplicated files). Borderline (J~ < 0.9: 14 groups),
             12 sampled: 12 true, updated versions of one story.
    cost     CPU per article, the functions timed alone: sketch 0.13 ms (Reuters, ~120 words)
             and 0.36 ms (BBC, ~380 words) in the workers; group lookup and manifest rows
             0.11 ms and 0.06 ms in the main process (0.23-0.34 ms while sharing 2 cores
             with the workers and other jobs).
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from index import dedup, update_index  # noqa: E402
from index.manifest import Manifest  # noqa: E402
from index.schema import GROUP  # noqa: E402
from search.engine import Engine  # noqa: E402

CORPORA = {"reuters": "corpora/reuters21578/docs.jsonl.gz", "bbc": "corpora/bbc/docs.jsonl.gz"}


class _Timed:
    """Wraps Manifest.group_of to add up the time the main process spends in it."""

    def __init__(self) -> None:
        self.seconds = 0.0
        self.cpu = 0.0  # this thread's CPU time: what the cost is without the workers' contention
        self.calls = 0
        self.original = Manifest.group_of

    def __enter__(self) -> "_Timed":
        timed = self

        def group_of(manifest: Manifest, *args, **kwargs):  # type: ignore[no-untyped-def]
            start, cpu = time.perf_counter(), time.thread_time()
            try:
                return timed.original(manifest, *args, **kwargs)
            finally:
                timed.seconds += time.perf_counter() - start
                timed.cpu += time.thread_time() - cpu
                timed.calls += 1

        Manifest.group_of = group_of  # type: ignore[method-assign]
        return self

    def __exit__(self, *exc: object) -> None:
        Manifest.group_of = self.original  # type: ignore[method-assign]


def evaluate(name: str, path: Path, sample: int, seed: int, workers: int,
             below: float) -> None:
    with tempfile.TemporaryDirectory(prefix=f"dedup-{name}-") as tmp:
        index_dir = Path(tmp) / "index"
        with _Timed() as timed:
            start = time.perf_counter()
            summary = update_index(index_dir, [path], workers=workers)
            total = time.perf_counter() - start
        with Engine(index_dir) as engine:
            docs = list(engine.iter_documents())
    start = time.perf_counter()
    sketches = {d["doc_id"]: dedup.make_sketch(d.get("body", "")) for d in docs}
    sketch_ms = (time.perf_counter() - start) / max(1, len(docs)) * 1e3
    groups: dict[str, list[dict]] = defaultdict(list)
    for doc in docs:
        groups[doc.get(GROUP) or doc["doc_id"]].append(doc)
    multi = [members for members in groups.values() if len(members) > 1]
    sizes: dict[int, int] = defaultdict(int)
    for members in multi:
        sizes[len(members)] += 1
    print(f"== {name}: {summary.added} articles indexed in {total:.1f}s "
          f"({summary.added / total:.0f}/s end to end, {workers} workers)")
    calls = max(1, timed.calls)
    print(f"   main process, group lookup + manifest: {timed.cpu / calls * 1e3:.3f} ms/article "
          f"CPU ({timed.seconds / calls * 1e3:.3f} ms wall, sharing the cores with the workers)")
    print(f"   worker, sketch of the cleaned body:    {sketch_ms:.3f} ms/article")
    print(f"   without a sketch (< {dedup.MIN_WORDS} words): "
          f"{sum(1 for s in sketches.values() if not s)}")
    print(f"   groups of 2 or more: {len(multi)} holding {sum(map(len, multi))} articles; "
          f"sizes {dict(sorted(sizes.items()))}")
    if below < 1.0:  # the borderline: groups holding a pair estimated under `below`
        multi = [m for m in multi if min(_score(m[0], d, sketches) for d in m) < below]
        print(f"   of which with a member at J~ < {below}: {len(multi)}")
    rng = random.Random(seed)
    for members in rng.sample(multi, min(sample, len(multi))):
        _print_group(members, sketches)


def _score(first: dict, doc: dict, sketches: dict[str, tuple[int, ...]]) -> float:
    return dedup.estimate_jaccard(sketches[first["doc_id"]], sketches[doc["doc_id"]])


def _print_group(members: list[dict], sketches: dict[str, tuple[int, ...]]) -> None:
    first = members[0]
    print(f"-- group {first.get(GROUP)} ({len(members)} articles)")
    for doc in members:
        score = _score(first, doc, sketches)
        lead = " ".join(doc.get("body", "").split()[:22])
        print(f"   {doc['doc_id']:<22} J~{score:.2f}  {doc.get('title') or '(no title)'}")
        print(f"   {'':<22}          {lead}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("shared", type=Path, help="the shared data folder (holds corpora/)")
    parser.add_argument("--corpus", choices=sorted(CORPORA), action="append",
                        help="corpus to evaluate (default: all)")
    parser.add_argument("--sample", type=int, default=10, help="groups to print per corpus")
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--below", type=float, default=1.0,
                        help="sample only groups with a member estimated below this J")
    args = parser.parse_args()
    for name in args.corpus or sorted(CORPORA, reverse=True):
        path = args.shared / CORPORA[name]
        if not path.is_file():
            print(f"no corpus at {path}", file=sys.stderr)
            return 2
        evaluate(name, path, args.sample, args.seed, args.workers, args.below)
    return 0


if __name__ == "__main__":
    sys.exit(main())
