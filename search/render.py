"""Hits and articles -> terminal text or JSON Lines; every colour and tty decision.

Article text is untrusted: every string from the index passes through safe()
(terminal) or to_json() (JSON) so no control or escape sequence reaches a
terminal raw.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
from dataclasses import dataclass
from typing import Any, Iterable, TextIO

from search.request import Copy, Hit, Results, Snippet

# C0 and C1 controls (but tab and newline), DEL, and bidirectional overrides that
# can make a terminal line read differently from its bytes (Trojan Source); lone
# surrogates (undecodable bytes of a file name) cannot be written as UTF-8 at all.
# Patterns, not compiled objects: re compiles (and caches) each on first use, so a run
# printing JSON never compiles the terminal's and the other way round.
_UNSAFE = ("[\x00-\x08\x0b-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069"
           "\ud800-\udfff]")
_UNSAFE_JSON = "[\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff]"
_NAME_SPACES = str.maketrans({"\n": "\\n", "\r": "\\r", "\t": "\\t"})


def safe(text: Any, keep_newlines: bool = False) -> str:
    """Text with control characters shown as \\xNN / \\uNNNN instead of acting."""
    value = "" if text is None else str(text)
    if not keep_newlines:
        value = value.replace("\n", " ").replace("\t", " ")

    return re.sub(_UNSAFE, _escape, value)


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    if 0xDC80 <= code <= 0xDCFF:  # a byte Python could not decode (surrogateescape)
        code -= 0xDC00
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def safe_name(text: Any) -> str:
    """A file name or id for one terminal line: newlines and tabs shown as \\n, \\t."""
    return safe(("" if text is None else str(text)).translate(_NAME_SPACES))


def problem_text(problem: Any) -> str:
    """A Problem as `source[:line]: message`, the source (a file name) escaped."""
    where = safe_name(problem.source) + (f":{problem.line}" if problem.line else "")
    return f"{where}: {safe(problem.message)}"


def to_json(value: Any) -> str:
    """One JSON line; C1 controls and bidi overrides escaped as well as C0."""
    text = json.dumps(value, ensure_ascii=False, default=_json_default)
    return re.sub(_UNSAFE_JSON, lambda m: f"\\u{ord(m.group()):04x}", text)


def _json_default(value: Any) -> Any:
    if isinstance(value, dt.date):
        return value.isoformat()
    raise TypeError(f"not JSON: {type(value).__name__}")


def use_color(mode: str, stream: TextIO) -> bool:
    """Colour only on a terminal (auto) or when asked, and never with NO_COLOR set."""
    if os.environ.get("NO_COLOR"):
        return False
    if mode == "always":
        return True
    if mode == "never":
        return False
    return bool(getattr(stream, "isatty", lambda: False)()) and os.environ.get("TERM") != "dumb"


@dataclass(frozen=True)
class Style:
    color: bool

    def paint(self, text: str, code: str) -> str:
        return f"\x1b[{code}m{text}\x1b[0m" if self.color and text else text

    def match(self, text: str) -> str:
        return self.paint(text, "1;31")

    def dim(self, text: str) -> str:
        return self.paint(text, "2")

    def bold(self, text: str) -> str:
        return self.paint(text, "1")


def mark(snippet: Snippet, style: Style) -> str:
    """A snippet with its matches in colour (or in [brackets] without colour)."""
    out, pos = [], 0
    for start, end in snippet.matches:
        if start < pos:
            continue
        out.append(safe(snippet.text[pos:start]))
        word = safe(snippet.text[start:end])
        out.append(style.match(word) if style.color else f"[{word}]")
        pos = end
    out.append(safe(snippet.text[pos:]))
    return "".join(out)


def hit_lines(hit: Hit, style: Style) -> list[str]:
    """A hit as terminal lines: rank, date, outlet, title; source and score; fragments."""
    date = hit.date.isoformat() if hit.date else "no date"
    outlet = safe(hit.outlet) if hit.outlet else "unknown outlet"
    title = safe(hit.title) if hit.title else safe(hit.lead)
    lines = [f"{style.bold(f'{hit.rank}.')} {date}  {style.paint(outlet, '36')}  "
             f"{style.bold(title)}",
             style.dim(f"   {safe_name(hit.doc_id)}  score {hit.score:.2f}"
                       + (f"  {safe(hit.url)}" if hit.url else ""))]
    lines.extend(f"   {mark(s, style)}" for s in hit.snippets)
    if hit.copies:
        lines.append(style.dim(f"   also in: {also_in(hit.copies)}"))
    return lines


def also_in(copies: tuple[Copy, ...], shown: int = 3) -> str:
    """Where else a story ran: `AP, AFP ×2, BBC News (4 more)`; a copy without an
    outlet is named by its doc_id."""
    counts: dict[str, int] = {}
    for copy in copies:
        name = safe(copy.outlet) if copy.outlet else safe(copy.doc_id)
        counts[name] = counts.get(name, 0) + 1
    names = list(counts.items())[:shown]
    text = ", ".join(name + (f" ×{n}" if n > 1 else "") for name, n in names)
    rest = len(copies) - sum(n for _, n in names)
    return text + (f" ({rest} more)" if rest else "")


def render_results(results: Results, style: Style) -> Iterable[str]:
    for hit in results.hits:
        yield from hit_lines(hit, style)
        yield ""


def hit_json(hit: Hit) -> dict[str, Any]:
    """The JSON contract of one hit (keys scripts rely on)."""
    return {
        "doc_id": hit.doc_id, "rank": hit.rank, "score": round(hit.score, 4),
        "date": hit.date.isoformat() if hit.date else None, "outlet": hit.outlet,
        "title": hit.title, "url": hit.url, "source": hit.source,
        "snippets": [{"text": s.text, "matches": [list(m) for m in s.matches]}
                     for s in hit.snippets],
        "also_in": [{"doc_id": c.doc_id, "outlet": c.outlet,
                     "date": c.date.isoformat() if c.date else None} for c in hit.copies],
    }


def results_footer(results: Results, shown: int) -> str:
    """The line on stderr under the hits: how many of how many, and what was left out."""
    first = (results.page - 1) * max(1, shown) + 1 if results.hits else 0
    text = (f"{results.total} article{'s' if results.total != 1 else ''} matched"
            + (f"; showing {first}-{first + len(results.hits) - 1}" if results.hits else ""))
    if results.undated_excluded:
        text += (f"; {results.undated_excluded} without a date left out by the date filter")
    if results.copies_folded:
        text += (f"; {results.copies_folded} near-duplicate cop"
                 f"{'ies' if results.copies_folded != 1 else 'y'} shown as \"also in\" "
                 "(--all-copies lists each)")
    return text


def article_json(article: Any, removed: bool = False) -> dict[str, Any]:
    """The JSON contract of show/inspect."""
    data = {
        "doc_id": article.doc_id, "title": article.title,
        "date": article.date.isoformat() if article.date else None,
        "outlet": article.outlet, "url": article.url, "source": article.source,
        "body": article.body,
        "quotes": [{"text": q.text, "speaker": q.speaker, "start": q.start, "end": q.end}
                   for q in article.quotes],
    }
    if removed:
        data["removed"] = [{"text": r.text, "rule": r.rule} for r in article.removed]
    return data


def article_lines(article: Any, style: Style, show_removed: bool = False) -> list[str]:
    """An article for reading: metadata, quotes, body (and what cleaning removed)."""
    date = article.date.isoformat() if article.date else "none stated"
    heading = article.title or _lead(article.body) + "  (no title; first words)"
    lines = [style.bold(safe(heading)),
             f"doc_id:  {safe_name(article.doc_id)}", f"date:    {date}",
             f"outlet:  {safe(article.outlet or 'unknown')}",
             f"url:     {safe(article.url or '-')}", f"source:  {safe_name(article.source)}", ""]
    if article.quotes:
        lines.append(style.bold(f"quotes ({len(article.quotes)}):"))
        for quote in article.quotes:
            who = safe(quote.speaker) if quote.speaker else "unattributed"
            lines.append(f"  “{safe(quote.text)}” — {style.paint(who, '36')}")
        lines.append("")
    lines.append(style.bold("body:"))
    lines.extend(safe(p) for p in article.body.split("\n\n"))
    if show_removed:
        lines += ["", style.bold(f"removed by cleaning ({len(article.removed)}):")]
        lines.extend(f"  - {style.dim('[' + safe(r.rule) + ']')} {safe(r.text)}"
                     for r in article.removed)
    return lines


def _lead(body: str, limit: int = 100) -> str:
    flat = " ".join(body.split())
    return flat if len(flat) <= limit else flat[: flat.rfind(" ", 0, limit)] + "…"


def stats_lines(stats: dict[str, Any]) -> list[str]:
    first, last = stats.get("first_date"), stats.get("last_date")
    span = f"{first} to {last}" if first else "no dated articles"
    lines = [f"articles:        {stats['articles']}",
             f"dates:           {span} ({stats['undated']} without a date)",
             f"index size:      {stats['index_bytes'] / 1e6:.1f} MB",
             f"schema version:  {stats['schema_version']}",
             f"index:           {safe(stats['index'])}",
             "top outlets:"]
    lines.extend(f"  {count:>8}  {safe(name)}" for name, count in stats["outlets"])
    return lines


def summary_line(summary: Any) -> str:
    return (f"added {summary.added}, updated {summary.updated}, removed {summary.removed}, "
            f"unchanged {summary.unchanged}, failed {summary.failed}")


# -- export ------------------------------------------------------------------------------
CSV_FIELDS = ("doc_id", "date", "outlet", "title", "url", "score", "snippet", "source", "rank")


def csv_writer(stream: TextIO, columns: list[str]) -> Any:
    """A CSV writer that has already written the header row."""
    import csv

    writer = csv.writer(stream, lineterminator="\n")
    writer.writerow(columns)
    return writer


def hit_row(hit: Hit, columns: list[str]) -> list[str]:
    """One CSV row; text cells are escaped like the terminal's (no control characters),
    and a leading = + - @ is quoted so spreadsheets do not run it as a formula."""
    values = {
        "doc_id": hit.doc_id, "date": hit.date.isoformat() if hit.date else "",
        "outlet": hit.outlet or "", "title": hit.title or hit.lead, "url": hit.url or "",
        "score": f"{hit.score:.4f}", "snippet": hit.snippets[0].text if hit.snippets else "",
        "source": hit.source, "rank": str(hit.rank),
    }
    return [_cell(values[c]) for c in columns]


def _cell(value: str) -> str:
    text = safe(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@") and not re.match(_NUMBER, text) else text


_NUMBER = r"^[+-]?\d+(\.\d+)?$"


# -- facets, pager -------------------------------------------------------------------
def facet_lines(facets: dict[str, list[tuple[str, int]]], style: Style) -> list[str]:
    lines: list[str] = []
    for kind, rows in facets.items():
        lines.append(style.bold(f"by {kind}:"))
        lines.extend(f"  {count:>7}  {safe(value)}" for value, count in rows)
        lines.append("")
    return lines


def page_lines(lines: list[str], stream: TextIO, pager: bool) -> None:
    """Print lines, through a pager (PAGER, else less -FRX) when they overflow a terminal."""
    import shutil
    import subprocess

    text = "".join(line + "\n" for line in lines)
    isatty = getattr(stream, "isatty", lambda: False)()
    rows = shutil.get_terminal_size((80, 24)).lines
    command = os.environ.get("PAGER") or "less -FRX"
    if pager and isatty and len(lines) > rows - 2 and command.strip() not in ("", "cat"):
        try:
            proc = subprocess.Popen(command, shell=True, stdin=subprocess.PIPE,
                                    encoding="utf-8", errors="replace")
            try:
                proc.communicate(text)
            except BrokenPipeError:  # the user quit the pager early
                pass
            return
        except OSError:
            pass
    stream.write(text)


# -- quotes, speakers, timeline -------------------------------------------------------
def quote_lines(rows: list[Any], style: Style) -> list[str]:
    lines = []
    for row in rows:
        snippet = Snippet(row.text, row.matches)
        who = safe(row.speaker) if row.speaker else "unattributed"
        date = row.date.isoformat() if row.date else "no date"
        lines.append(f"“{mark(snippet, style)}”")
        where = (f"in {row.articles} articles, first {row.first_date.isoformat()}"
                 if row.articles > 1 and row.first_date else
                 f"in {row.articles} articles" if row.articles > 1 else safe(row.doc_id))
        lines.append(f"   — {style.paint(who, '36')} · {date} · {safe(row.outlet or 'unknown outlet')}"
                     f" · {style.dim(where)}")
        lines.append("")
    return lines


def quote_json(row: Any) -> dict[str, Any]:
    return {"text": row.text, "speaker": row.speaker,
            "date": row.date.isoformat() if row.date else None, "outlet": row.outlet,
            "doc_id": row.doc_id, "articles": row.articles,
            "first_date": row.first_date.isoformat() if row.first_date else None,
            "doc_ids": list(row.doc_ids), "matches": [list(m) for m in row.matches]}


def speaker_lines(rows: list[tuple[str, int, int]]) -> list[str]:
    lines = [f"{'quotes':>7}  {'articles':>8}  speaker"]
    lines.extend(f"{q:>7}  {a:>8}  {safe(name)}" for name, q, a in rows)
    return lines


def timeline_lines(tl: Any, style: Style, width: int = 40) -> list[str]:
    """One aligned bar chart per query, same scale for all, with totals."""
    if not tl.periods:
        return ["no dated articles match"]
    peak = max((v for values in tl.series.values() for v in values), default=0) or 1
    label_w = max(len(p) for p in tl.periods)
    norm = any(isinstance(v, float) and not v.is_integer() for vs in tl.series.values()
               for v in vs)
    lines = []
    for query, values in tl.series.items():
        total = tl.totals[query]
        lines.append(style.bold(f"{safe(query)}  (total {total:.4g}"
                                + (f", {tl.undated[query]} undated not shown" if tl.undated[query]
                                   else "") + ")"))
        for label, value in zip(tl.periods, values):
            bar = "█" * int(round(value / peak * width))
            shown = f"{value:.4f}" if norm else f"{int(value)}"
            lines.append(f"  {label:<{label_w}}  {shown:>7}  {style.paint(bar, '34')}")
        lines.append("")
    return lines


def finding_line(finding: Any) -> str:
    """One `newssearch check` finding: kind, file, what is wrong, the repair."""
    return (f"{finding.kind:<10} {safe_name(finding.path)}: {safe(finding.detail)}"
            f"  [repair: {safe_name(finding.repair)}]")


def finding_json(finding: Any) -> dict[str, Any]:
    return {"kind": finding.kind, "path": finding.path, "detail": finding.detail,
            "repair": finding.repair}


def check_summary(report: Any) -> str:
    counts = ", ".join(f"{n} {kind}" for kind, n in report.counts().items())
    return (f"checked {report.files} files and {report.articles} articles in "
            f"{safe_name(report.index)}: {counts}")
