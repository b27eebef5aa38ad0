"""Outlet names of index.html on the real pages of ../shared, against the pages' own markup.

    python scripts/eval_outlets.py ../shared            # print coverage and agreement
    python scripts/eval_outlets.py ../shared --check    # exit 1 below the pinned floors

The pages are those of ../shared/extraction and ../shared/dates (for measuring only). The
reference is what a page says of itself where it says it: og:site_name, and separately the
JSON-LD publisher name. "same outlet" compares our name with the reference put through the
same alias table (so "NYTimes" counts as "The New York Times"); "spelling-free" also folds
case, a leading "The", a top-level domain and punctuation, and accepts the name part of a
reference with a tagline ("LinkNaija | Nigeria's popular news platform" -> LinkNaija).
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from index.html import extract_html, normalise_outlet  # noqa: E402
from index.read import decode_bytes  # noqa: E402

# Ratchet: measured 2026-11-23 (393 pages): coverage 0.987; og:site_name same outlet 0.886,
# spelling-free 0.978; JSON-LD publisher 0.782 / 0.874. Floors sit just under.
FLOORS = {"coverage": 0.98, "og_exact": 0.88, "og_loose": 0.97}


def pages(shared: Path) -> list[tuple[Path, str | None]]:
    """(page file, url) for every page of the two HTML sets."""
    found = []
    truth = json.loads((shared / "extraction" / "ground-truth.json").read_text())
    for key, value in truth.items():
        found.extend((p, value.get("url")) for p in (shared / "extraction" / "pages").glob(key + "*"))
    dates = json.loads((shared / "dates" / "date-truth.json").read_text())
    for key, value in dates.items():
        found.extend((p, value.get("url")) for p in (shared / "dates" / "pages").glob(key + "*"))
    return found


def reference(html: str) -> tuple[str | None, str | None]:
    """og:site_name and the JSON-LD publisher name as the page writes them."""
    import warnings

    from bs4 import BeautifulSoup, XMLParsedAsHTMLWarning

    warnings.filterwarnings("ignore", category=XMLParsedAsHTMLWarning)
    soup = BeautifulSoup(html, "lxml")
    og = soup.find("meta", attrs={"property": "og:site_name"})
    site = og.get("content", "").strip() if og else ""
    publisher = None
    for script in soup.find_all("script", attrs={"type": "application/ld+json"}):
        try:
            data = json.loads(script.string or "")
        except ValueError:
            continue
        for obj in data if isinstance(data, list) else [data]:
            pub = obj.get("publisher") if isinstance(obj, dict) else None
            name = pub.get("name") if isinstance(pub, dict) else None
            if isinstance(name, str) and name.strip():
                publisher = publisher or name.strip()
    return site or None, publisher


# "LinkNaija | Nigeria's popular news platform": a site name with a tagline after it.
_TAGLINE = re.compile(r"\s[|\-–—:]\s|｜")


def loose(name: str) -> str:
    key = re.sub(r"^(?:https?://)?(?:www\.)?", "", name.lower().strip())
    key = re.sub(r"\.(?:com|org|net|co\.uk|de|es|fr|at|ch|ru)/?$", "", key)
    key = re.sub(r"\W|_", "", key)
    return key[3:] if key.startswith("the") else key


def measure(shared: Path) -> dict[str, float]:
    counts = {"pages": 0, "found": 0, "og": 0, "og_exact": 0, "og_loose": 0,
              "ld": 0, "ld_exact": 0, "ld_loose": 0}
    for path, url in pages(shared):
        raw = gzip.decompress(path.read_bytes()) if path.suffix == ".gz" else path.read_bytes()
        html = decode_bytes(raw, html=True)  # as the indexer decodes it
        ours = extract_html(html, url=url).outlet
        counts["pages"] += 1
        counts["found"] += bool(ours)
        for key, ref in zip(("og", "ld"), reference(html)):
            if ref:
                counts[key] += 1
                counts[f"{key}_exact"] += ours == normalise_outlet(ref)
                counts[f"{key}_loose"] += bool(ours) and loose(ours) in {
                    loose(part) for part in (ref, normalise_outlet(ref), *_TAGLINE.split(ref))}
    return {"pages": counts["pages"], "coverage": counts["found"] / counts["pages"],
            "og_pages": counts["og"], "og_exact": counts["og_exact"] / counts["og"],
            "og_loose": counts["og_loose"] / counts["og"], "ld_pages": counts["ld"],
            "ld_exact": counts["ld_exact"] / counts["ld"], "ld_loose": counts["ld_loose"] / counts["ld"]}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("shared", type=Path, help="the shared evaluation folder, e.g. ../shared")
    parser.add_argument("--check", action="store_true", help="exit 1 below the pinned floors")
    args = parser.parse_args()
    m = measure(args.shared)
    print(f"pages {m['pages']}, outlet found on {m['coverage']:.3f}")
    print(f"og:site_name ({m['og_pages']} pages): same outlet {m['og_exact']:.3f}, "
          f"spelling-free {m['og_loose']:.3f}")
    print(f"JSON-LD publisher ({m['ld_pages']} pages): same outlet {m['ld_exact']:.3f}, "
          f"spelling-free {m['ld_loose']:.3f}")
    failures = [f"{k} {m[k]:.3f} < floor {f:.3f}" for k, f in FLOORS.items() if m[k] < f]
    for line in failures:
        print(f"FAIL: {line}", file=sys.stderr)
    return 1 if args.check and failures else 0


if __name__ == "__main__":
    sys.exit(main())
