"""Score index.clean.clean_text on plain-text renderings of the shared extraction pages.

Each page is rendered to all of its visible text, one block per line (what a
plain-text news dump looks like), then cleaned; the result is scored with the
shingle-4 P / R / F1 of the shared harness (../shared/eval/extraction_eval.py),
side by side with the uncleaned rendering as the floor.

    python scripts/eval_textclean.py ../shared            # print the table
    python scripts/eval_textclean.py ../shared --check    # exit 1 below a pinned floor
    python scripts/eval_textclean.py ../shared --save-preds /tmp/preds

The same figure, with bootstrap errors, from the shared harness itself (the
render + clean step is extract_text below):

    python ../shared/eval/extraction_eval.py --pythonpath scripts \\
        --module eval_textclean:extract_text --name textclean

Rows: "all visible text" is the rendering uncleaned (the floor); "clean_text" the
cleaner alone; "+ recurring lines" adds the pipeline's corpus signal, line_key()s
seen in at least max(3, 5 %) of the pages. The last line is the share of words
kept of the shared corpora (Reuters-21578, BBC, TIME), which are article bodies
without boilerplate: what the cleaner must not remove.
"""

from __future__ import annotations

import argparse
import gzip
import importlib.util
import itertools
import json
import math
import sys
import time
from pathlib import Path
from collections import Counter
from types import ModuleType
from typing import Callable

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from index.clean import clean_text, line_key  # noqa: E402

# Pinned floor of the cleaner's F1 on the 60 development pages (ratchet: raise it
# when the cleaner improves; --check fails when a change drops below it).
F1_FLOOR = 0.95
# Pinned floor of the share of words kept on the shared corpora, which are bodies
# without boilerplate (first 3000 documents of each).
KEPT_FLOOR = 0.98
CLEAN_CORPORA = {
    "reuters21578": "reuters21578/docs.jsonl.gz",
    "bbc": "bbc/docs.jsonl.gz",
    "time": "time/docs.jsonl",
}

# Elements whose text is never shown.
_INVISIBLE = ("script", "style", "noscript", "template", "head")
# Marks a block edge in the rendered text (a character no page shows).
_BREAK = "\x00"
# Elements that start a new line of text in a browser.
_BLOCKS = frozenset(
    "address article aside blockquote br caption dd details dialog div dl dt fieldset "
    "figcaption figure footer form h1 h2 h3 h4 h5 h6 header hr li main nav ol option "
    "p pre section select summary table tbody tfoot thead tr ul iframe button".split()
)


def render_text(html: str) -> str:
    """All visible text of a page, one block element per line."""
    from bs4 import BeautifulSoup  # heavy import: only the evaluation needs it

    soup = BeautifulSoup(html, "lxml")
    title = soup.title.get_text(" ", strip=True) if soup.title else ""
    for tag in soup.find_all(_INVISIBLE):
        tag.decompose()
    # Newlines inside a text node are mere spacing in HTML: only block edges break lines.
    for tag in soup.find_all(_BLOCKS):
        tag.insert_before(_BREAK)
        tag.insert_after(_BREAK)
    for tag in soup.find_all(("td", "th")):  # a table row reads as one line
        tag.insert_after(" ")
    lines = (" ".join(line.split()) for line in soup.get_text("").split(_BREAK))
    return "\n".join(line for line in [title, *lines] if line)


def extract_text(html: str) -> str:
    """Harness entry point: render the page to plain text, then clean it."""
    return clean_text(render_text(html))[0]


def _load_harness(shared: Path) -> ModuleType:
    """The shared harness, for its tokenizer and metric (one definition of the score)."""
    path = shared / "eval" / "extraction_eval.py"
    spec = importlib.util.spec_from_file_location("extraction_eval", path)
    if spec is None or spec.loader is None:
        raise SystemExit(f"cannot load {path}")
    module = importlib.util.module_from_spec(spec)
    sys.modules["extraction_eval"] = module
    spec.loader.exec_module(module)
    return module


def _read_page(pages: Path, page_id: str) -> str:
    for suffix in (".html", ".html.gz", ".htm", ""):
        path = pages / f"{page_id}{suffix}"
        if path.is_file():
            data = path.read_bytes()
            data = gzip.decompress(data) if path.suffix == ".gz" else data
            return data.decode("utf-8", "replace")
    raise SystemExit(f"page {page_id} not found in {pages}")


def recurring_keys(texts: list[str]) -> frozenset[str]:
    """line_key()s seen in at least max(3, 5 %) of the texts: the pipeline's rule."""
    seen: Counter[str] = Counter()
    for text in texts:
        seen.update({line_key(line) for line in text.splitlines()})
    floor = max(3, math.ceil(0.05 * len(texts)))
    return frozenset(key for key, n in seen.items() if n >= floor)


def score(shared: Path, save_preds: Path | None) -> dict[str, dict[str, float]]:
    """Score the floor (rendered text) and the cleaner; return {name: figures}."""
    harness = _load_harness(shared)
    truth = json.loads((shared / "extraction" / "ground-truth.json").read_text("utf-8"))
    pages = shared / "extraction" / "pages"
    rendered = {page_id: render_text(_read_page(pages, page_id)) for page_id in sorted(truth)}
    recurring = recurring_keys(list(rendered.values()))
    contenders: dict[str, Callable[[str], str]] = {
        "all visible text": lambda text: text,
        "clean_text": lambda text: clean_text(text)[0],
        "+ recurring lines": lambda text: clean_text(text, recurring)[0],
    }
    counts: dict[str, list[tuple[float, float, float]]] = {name: [] for name in contenders}
    seconds = dict.fromkeys(contenders, 0.0)
    for page_id, text in rendered.items():
        true_tokens = harness.tokenize(truth[page_id]["articleBody"])
        for name, fn in contenders.items():
            started = time.perf_counter()
            out = fn(text)
            seconds[name] += time.perf_counter() - started
            counts[name].append(harness.page_counts(true_tokens, harness.tokenize(out), 4))
            if save_preds and name == "clean_text":
                save_preds.mkdir(parents=True, exist_ok=True)
                (save_preds / f"{page_id}.txt").write_text(out, "utf-8")
    figures = {}
    for name, page_counts in counts.items():
        figures[name] = harness.aggregate(page_counts)
        figures[name]["pages/s"] = len(page_counts) / max(seconds[name], 1e-9)
    return figures


def kept_on_clean_copy(shared: Path, limit: int = 3000) -> dict[str, float]:
    """Share of words clean_text keeps of article text that has no boilerplate.

    The shared corpora hold bodies only (Reuters-21578, BBC, TIME), so every word
    dropped there is a word lost: the over-removal side of the cleaner.
    """
    shares = {}
    for name, path in CLEAN_CORPORA.items():
        path = shared / "corpora" / path
        if not path.is_file():
            continue
        opener = gzip.open if path.suffix == ".gz" else open
        total = kept = 0
        with opener(path, "rt", encoding="utf-8") as lines:
            for line in itertools.islice(lines, limit):
                text = json.loads(line).get("text") or ""
                total += len(text.split())
                kept += len(clean_text(text)[0].split())
        shares[name] = kept / max(total, 1)
    return shares


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("shared", type=Path, help="the shared evaluation folder, e.g. ../shared")
    parser.add_argument("--check", action="store_true",
                        help=f"exit 1 if F1 < {F1_FLOOR} or a clean corpus keeps < {KEPT_FLOOR}")
    parser.add_argument("--save-preds", type=Path, help="write each cleaned page to this folder")
    args = parser.parse_args(argv)
    figures = score(args.shared, args.save_preds)
    print(f"{'contender':<18} {'P':>6} {'R':>6} {'F1':>6} {'pages/s':>9}")
    for name, fig in figures.items():
        print(f"{name:<18} {fig['precision']:6.3f} {fig['recall']:6.3f} {fig['f1']:6.3f}"
              f" {fig['pages/s']:9.0f}")
    kept = kept_on_clean_copy(args.shared)
    print("words kept of clean article text: "
          + ", ".join(f"{name} {share:.3f}" for name, share in kept.items()))
    failures = []
    if figures["clean_text"]["f1"] < F1_FLOOR:
        failures.append(f"clean_text F1 {figures['clean_text']['f1']:.3f} < floor {F1_FLOOR}")
    failures += [f"{name} keeps {share:.3f} < floor {KEPT_FLOOR}"
                 for name, share in kept.items() if share < KEPT_FLOOR]
    for failure in failures:
        print(failure, file=sys.stderr)
    return 1 if args.check and failures else 0


if __name__ == "__main__":
    sys.exit(main())
