"""Text -> article body without boilerplate; pure functions.

A plain-text dump holds the article as a run of prose lines, wrapped in menus,
share buttons, teasers, comment forms and related-story lists. Cleaning works in
three steps, each keeping a record of what it dropped and why:

1. line rules: whole lines that match a boilerplate pattern or ending (patterns.py),
   or whose line_key recurs across many articles of the same source, are dropped;
   the dump's date prefix and wire datelines ("(Bloomberg) --") are cut from the
   front of a line, the sentence after them stays;
2. scoring: every remaining line gets a weight, positive for sentence-like prose
   (words above a floor), negative for short, headline-like, truncated or repeated
   lines and for dropped lines; end markers ("Next Story", "Leave a Reply") are
   walls the article never crosses;
3. selection: the article is the run of lines with the largest total weight: the
   longest stretch of prose, bridging short lines (subheadings, an ad slot, an
   in-article related box) when enough prose follows them. Inside it, the headlines
   listed under a related-story heading go too.

The selection is idempotent by construction: a maximum-weight run is also the
maximum-weight run of itself, and only negative lines are dropped inside it.
"""

from __future__ import annotations

import re
from collections import Counter
from typing import Iterable, NamedTuple

from index import patterns
from index.record import Removal

# Characters that close a sentence, also when a quote or bracket follows the stop.
_TERMINAL = frozenset(".!?…:;\"”’'»)]。！？」』）")
# A line of this many words is prose even without a closing stop (a paragraph
# that ends in a link or was cut by the dump).
_LONG_LINE_WORDS = 25
# The fewest words a terminated line needs to count as a sentence of prose.
_SENTENCE_WORDS = 6
# What a short non-sentence line (menu item, headline, byline) costs a run.
_SHORT_LINE_COST = 8.0
# Words each prose line gives up (see _prose_weight).
_PROSE_FLOOR = 6.0
# Share of capitalised longer words from which a line reads as a headline.
_HEADLINE_SHARE = 0.8
# A line ending like this is an excerpt cut short: a teaser for another page.
_ELLIPSES = ("...", "…", "[…]", "[...]")
# What a line dropped by a rule costs: it is boilerplate, so it separates runs.
_DROPPED_COST = 8.0
# Prose lighter than one paragraph of about 30 words is no evidence of where the
# article is (Reuters earnings tables, sports results): then nothing is cut by position.
_MIN_PROSE_WEIGHT = 30 - _PROSE_FLOOR
# Lines longer than this are never treated as recurring boilerplate: a syndicated
# wire story repeated in a folder must not delete itself.
_RECURRING_MAX_WORDS = 40

# Longer lines are never boilerplate by pattern (the longest, a cookie notice, is
# bounded in patterns.py); skipping them keeps cleaning fast on long paragraphs.
_PATTERN_MAX_CHARS = 420
# How far from the end of a line a boilerplate ending may start, and the longest
# line (in words) that is checked for one.
_ENDING_MAX_CHARS = 80
_ENDING_MAX_WORDS = 40

_WALL = float("-inf")
# Drop rules of headings whose following short lines are headlines of other stories.
_LIST_HEADINGS = frozenset({"pattern: related-story heading"})


def _alternation(
    entries: Iterable[tuple[str, str]], suffix: str = ""
) -> tuple[re.Pattern[str], dict[str, str]]:
    """One compiled alternation with a named group per entry: one match per line."""
    parts: list[str] = []
    names: dict[str, str] = {}
    for i, (rule, regex) in enumerate(entries):
        names[f"r{i}"] = rule
        parts.append(f"(?P<r{i}>{regex}){suffix}")
    return re.compile("|".join(parts), re.IGNORECASE), names


_LINE_RE, _LINE_RULES = _alternation(
    (*patterns.TEXT_BOILERPLATE_LINES, ("date prefix of the dump", patterns.TEXT_DATE_PREFIX))
)
_END_RE, _END_RULES = _alternation(patterns.TEXT_END_MARKERS)
_ENDING_RE, _ENDING_RULES = _alternation(patterns.TEXT_BOILERPLATE_ENDINGS, suffix=r"\Z")
_ENDING_CUES = patterns.TEXT_ENDING_CUES
_PREFIX_RE = re.compile(
    f"(?P<date>{patterns.TEXT_DATE_PREFIX})|(?P<wire>"
    + "|".join(f"(?:{p})" for p in patterns.TEXT_DATELINE_PREFIXES) + ")"
)
_DIGITS_RE = re.compile(r"\d+")
_NON_WORD_RE = re.compile(r"[\W_]+")
_LONG_WORD_RE = re.compile(r"(?<!\w)\w{4,}")
_PUNCT_RE = re.compile(r"[.,;:!?،。，、]")


class _Line(NamedTuple):
    """A normalised line, its weight in the run search, and why it goes (if it does)."""

    text: str
    weight: float
    drop_rule: str | None


def line_key(line: str) -> str:
    """The key under which a line is counted across the articles of one source.

    Case, spacing, punctuation and digits are folded, so "25 views" and "3 Views",
    or "Share this:" and "SHARE THIS", count as the same recurring line.
    """
    folded = _DIGITS_RE.sub("0", line.casefold())
    return " ".join(_NON_WORD_RE.sub(" ", folded).split())


def _strip_prefixes(line: str) -> tuple[str, list[Removal]]:
    """Cut the dump's date prefix and wire datelines from the front of a line.

    Repeated until none is left, so a second cleaning finds nothing more to cut;
    a line that is nothing but a prefix is left whole for the line rules.
    """
    start = 0
    cut: list[Removal] = []
    while True:
        match = _PREFIX_RE.match(line, start)
        if not match or match.end() >= len(line) or match.end() == start:
            break
        rule = "pattern: date prefix of the dump" if match.lastgroup == "date" else (
            "pattern: wire dateline prefix")
        cut.append(Removal(text=line[start:match.end()].strip(), rule=rule))
        start = match.end()
    return line[start:], cut


def _word_count(text: str) -> int:
    """Words of a line; scripts written without spaces count two characters a word."""
    n_words = text.count(" ") + 1
    if len(text) > 12 * n_words and not text.isascii():  # a URL is one word, not many
        return len(text) // 2
    return n_words


def _is_headline(text: str) -> bool:
    """Most longer words capitalised: a headline or a name list, not running prose."""
    long_words = _LONG_WORD_RE.findall(text)
    if len(long_words) < 3:
        return False
    capitalised = sum(1 for w in long_words if w[0].isupper())
    return capitalised >= _HEADLINE_SHARE * len(long_words)


def _prose_weight(text: str) -> float:
    """Positive for sentence-like prose (words above a floor), negative otherwise.

    Subtracting a floor makes a stretch of teaser blurbs (one short sentence under
    each related headline) worth little, while paragraphs of an article add up.
    """
    n_words = _word_count(text)
    last = text[-1]
    if text.endswith(_ELLIPSES):
        return 0.0  # cut short: a teaser for another page, or a paywalled paragraph
    if n_words < _LONG_LINE_WORDS and last not in _TERMINAL:
        return -_SHORT_LINE_COST  # a headline, a label, a menu item
    if n_words < _SENTENCE_WORDS or (n_words < _LONG_LINE_WORDS and _is_headline(text)):
        return -_SHORT_LINE_COST
    if n_words >= _LONG_LINE_WORDS and not _PUNCT_RE.search(text):
        return -_SHORT_LINE_COST  # a tag cloud or keyword list: many words, no clause
    return float(n_words) - _PROSE_FLOOR


def _classify(text: str, recurring: frozenset[str]) -> _Line:
    """Weigh one normalised line; end markers become walls."""
    if len(text) <= _PATTERN_MAX_CHARS:  # no pattern matches a longer line: skip the work
        end = _END_RE.fullmatch(text)
        if end:
            return _Line(text, _WALL, _END_RULES[end.lastgroup or ""])
        match = _LINE_RE.fullmatch(text)
        if match:
            return _Line(text, -_DROPPED_COST, "pattern: " + _LINE_RULES[match.lastgroup or ""])
        # Captions and credits are short, and only a line's tail can hold its ending:
        # searching just that keeps the per-line cost low.
        tail = text[-_ENDING_MAX_CHARS:].lower()
        if text.count(" ") < _ENDING_MAX_WORDS and any(cue in tail for cue in _ENDING_CUES):
            match = _ENDING_RE.search(text, max(0, len(text) - _ENDING_MAX_CHARS))
            if match:
                rule = _ENDING_RULES[match.lastgroup or ""]
                return _Line(text, -_DROPPED_COST, "pattern: " + rule)
    if recurring and text.count(" ") < _RECURRING_MAX_WORDS and line_key(text) in recurring:
        return _Line(text, -_DROPPED_COST, "recurs across articles of this source")
    return _Line(text, _prose_weight(text), None)


def _best_run(weights: list[float], lo: int, hi: int) -> tuple[float, int, int]:
    """The run [i, j) of lo..hi with the largest total weight; ties go to the longest.

    Walls (-inf) reset the running minimum, so a run never contains one.
    """
    best, best_i, best_j = 0.0, lo, lo
    prefix, min_prefix, min_at = 0.0, 0.0, lo
    for j in range(lo, hi):
        w = weights[j]
        if w == _WALL:
            prefix, min_prefix, min_at = 0.0, 0.0, j + 1
            continue
        prefix += w
        gain = prefix - min_prefix
        if gain > best or (gain == best and gain > 0 and j + 1 - min_at > best_j - best_i):
            best, best_i, best_j = gain, min_at, j + 1
        if prefix < min_prefix:
            min_prefix, min_at = prefix, j + 1
    return best, best_i, best_j


def _weights(lines: list[_Line]) -> list[float]:
    """Line weights, with prose that occurs twice in the text counted as boilerplate.

    A paragraph repeated verbatim is a teaser list shown twice, or a hidden copy
    of the whole story in one line; the article's own paragraphs occur once.
    """
    counts = Counter(line.text for line in lines if line.weight > 0)
    return [
        -_SHORT_LINE_COST if line.weight > 0 and counts[line.text] > 1 else line.weight
        for line in lines
    ]


def _select_run(weights: list[float]) -> tuple[int, int]:
    """The article's lines [i, j): the heaviest run, or every line if none weighs anything."""
    # Too little prose in the whole text to tell the article from its surroundings
    # (a brief, a table of results): keep every line no rule dropped rather than
    # guess. Summed over the text, not the run, so that a second cleaning agrees.
    if sum(w for w in weights if w > 0) < _MIN_PROSE_WEIGHT:
        return 0, len(weights)
    _, i, j = _best_run(weights, 0, len(weights))
    return i, j


def _split_lines(text: str) -> list[str]:
    """Non-empty lines with whitespace runs folded to one space."""
    return [" ".join(raw.split()) for raw in text.splitlines() if raw and not raw.isspace()]


def _outside_rule(line: _Line) -> str:
    """Why a line outside the article's run goes."""
    if line.weight < 0:
        return "short non-sentence line outside the article"
    return "prose outside the main run of the article"


def _marker_rule(line: _Line) -> str:
    """Why an end marker or a related-story heading goes."""
    kind = "end marker" if line.weight == _WALL else "pattern"
    return f"{kind}: {line.drop_rule}"


def clean_text(
    text: str, recurring: frozenset[str] = frozenset(), *, locate: bool = True
) -> tuple[str, tuple[Removal, ...]]:
    """Return (body, removed): the article's paragraphs and every dropped piece with its rule.

    recurring holds line_key()s seen in many articles of this source; those lines
    are boilerplate wherever they appear. locate=False keeps every line no rule
    drops, for text whose main part was already found (html.py's output): the
    prose-run search would cut its tables and lists.
    """
    removed: list[Removal] = []
    lines: list[_Line] = []
    for raw in _split_lines(text):
        rest, cut = _strip_prefixes(raw)
        line = _classify(rest, recurring)
        if cut and line.drop_rule is None:
            removed += cut
        elif cut:  # the whole line is boilerplate: judge it as it stands
            line = _classify(raw, recurring)
        lines.append(line)
    first, last = _select_run(_weights(lines)) if locate else (0, len(lines))
    inside = [first <= k < last for k in range(len(lines))]
    kept: list[str] = []
    list_rule: str | None = None  # set after a heading that opens a list of other stories
    for line, keep in zip(lines, inside):
        if line.weight == _WALL or line.drop_rule in _LIST_HEADINGS:
            kind = "related-story list" if line.weight > _WALL else line.drop_rule
            list_rule = f"{kind} after '{line.text}'"
            removed.append(Removal(text=line.text, rule=_marker_rule(line)))
        elif line.drop_rule:
            removed.append(Removal(text=line.text, rule=line.drop_rule))
        elif keep and not (list_rule and line.weight < 0):
            kept.append(line.text)
            list_rule = None if line.weight > 0 else list_rule
        else:
            removed.append(Removal(text=line.text, rule=list_rule or _outside_rule(line)))
            list_rule = None if line.weight > 0 else list_rule
    return "\n\n".join(kept), tuple(removed)
