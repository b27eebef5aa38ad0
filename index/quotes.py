"""Direct quotations and their speakers from cleaned article text.

extract_quotes(body) finds every stretch between double quotation marks (straight or
curly; curly single marks at top level), cut at line ends so each paragraph of a long
quotation is its own Quote, and keeps those of three words or more. The speaker comes
from the grammar of attribution, most reliable cue first:

1. a speech verb right after the closing mark ("...," Blinken said / said Blinken);
2. a speech verb before the opening mark in the same sentence ("Blinken said, ...");
3. the subject of the sentence the quotation sits in ("Trump called it ...");
4. for a quotation that is a sentence of its own: the quotation before it in the
   paragraph, the sentence introducing it, the quotation it continues from the paragraph
   before, or a "- Name" line after it.

Names are written in their fullest form; "he"/"she" go to the nearest named subject
before them; roles and "the daily" to the person or paper introduced with them. Work is
done on a masked copy of the text in which quoted words are blanked, so words inside
quotation marks are never taken for attribution. When a cue is unsure the speaker is None:
a wrong name is worse than none.

Module map: this file finds the quotations and prepares the document (Doc); the grammar
of cues is attribution.py; what a noun phrase names is speakers.py; the article's cast of
names, roles and organisations is roster.py. Word lists live in patterns.py ("quotes").
Measured on PolNeAR dev with ../shared/eval/quote_eval.py: see scripts/eval_quotes.py.
"""

from __future__ import annotations

import bisect
import re
import sys
from typing import NamedTuple

from index import patterns as P
from index import speakers as S
from index.attribution import (BLANK, TOKEN, WINDOW, WORD, final_attribution,
                               left_attribution, right_attribution, speech_verbs,
                               subject_mentions)
from index.record import Quote
from index.roster import Roster

_OPEN_D = frozenset("\u201c\u201e\u201f\u00ab")
_MARK_CHARS = "\u201c\u201e\u201f\u00ab\u201d\u00bb\""
# A curly single quotation at top level: after a space, bracket, dash, colon or double mark.
_BEFORE_SINGLE = frozenset(" \t\n\r\u00a0([\u2014:\u201c\"")
_SINGLE_AT = re.compile(
    r"\u2018([^\u2018\u2019\n]{3,}?)\u2019(?=[\s.,;:!?)\]\u2014\u201d\"]|$)", re.M)
MIN_WORDS = 3
# How many sentences back "he"/"she" may find its antecedent: further back it is a guess
# (dev: 12 keeps every correct pronoun and drops one wrong one; 6 loses 20 correct ones).
_ANTECEDENT_REACH = 12
_BOUNDARY = re.compile(r"[.!?][\u201d\u2019\"')\]]*\s+(?=[A-Z\u201c\u2018\"(])")
_INITIALS = re.compile(r"\.[A-Z]\.")                     # "G.K. Butterfield", "U.S."
_DASH_LINE = re.compile(r"\s*[-\u2014\u2013]+\s*(?P<np>[A-Z][^,\n]{1,60})")
_HEADLINE_SPEAKER = re.compile(
    r"\s*((?:[A-Z][\w.'\u2019\-]*[ \u00a0]?){1,3}):\s*[\u2018\u201c\"]?$")


class Seg(NamedTuple):
    """One quoted stretch: the opening mark, the trimmed text span, the closing mark."""

    open: int
    start: int
    end: int
    close: int | None
    line: int
    words: int


def _segments(text: str, line_starts: list[int]) -> list[Seg]:
    """Stretches between double marks per line, then top-level curly single marks."""
    segs: list[Seg] = []
    op: int | None = None
    line, line_end = 0, -1
    for i in _mark_positions(text):
        ch = text[i]
        if op is not None and i > line_end:    # a paragraph of a quotation that goes on
            segs.append(_trim(text, op, line_end, None, line))
            op = None
        if op is None:
            if ch in _OPEN_D or ch == '"':
                line = bisect.bisect_right(line_starts, i) - 1
                line_end = line_starts[line + 1] - 1 if line + 1 < len(line_starts) else len(text)
                op = i
        elif ch in _OPEN_D:                    # opened again before it closed
            segs.append(_trim(text, op, i, None, line))
            op = i
        else:
            segs.append(_trim(text, op, i, i, line))
            op = None
    if op is not None:
        segs.append(_trim(text, op, line_end, None, line))
    if "\u2018" in text:
        spans = sorted((s.open, s.close if s.close is not None else s.end) for s in segs)
        opens = [x for x, _ in spans]
        for m in _singles(text):
            a, b = m.span(1)
            k = bisect.bisect_right(opens, a) - 1            # the double quote it may sit in
            if k < 0 or b > spans[k][1]:
                segs.append(_trim(text, a - 1, b, b, bisect.bisect_right(line_starts, a) - 1))
    return sorted(segs, key=lambda s: s.start)


def _mark_positions(text: str) -> list[int]:
    """Offsets of double quotation marks: str.find per mark is ten times a regex scan."""
    out = []
    for mark in _MARK_CHARS:
        i = text.find(mark)
        while i >= 0:
            out.append(i)
            i = text.find(mark, i + 1)
    out.sort()
    return out


def _singles(text: str) -> list[re.Match[str]]:
    """Top-level curly single quotations, tried only where an opening mark stands."""
    out = []
    i = text.find("\u2018")
    while i >= 0:
        if i == 0 or text[i - 1] in _BEFORE_SINGLE:
            m = _SINGLE_AT.match(text, i)
            if m:
                out.append(m)
        i = text.find("\u2018", i + 1)
    return out


def _trim(text: str, mark: int, end: int, close: int | None, line: int) -> Seg:
    start = mark + 1
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return Seg(mark, start, end, close, line, len(WORD.findall(text, start, end)))


def _mask(text: str, segs: list[Seg]) -> tuple[str, list[int]]:
    """Blank quoted words (keeping a final .!?, for sentence ends); find sentence ends.

    A period after an abbreviation or initial ("Sen. Ted Cruz", "U.S. Secretary") is no
    sentence end; it is blanked too, so that noun-phrase patterns run through it.
    """
    pieces, pos = [], 0
    for seg in segs:
        if seg.start < pos:
            continue
        keep = seg.end - 1 if seg.end > seg.start and text[seg.end - 1] in ".!?," else seg.end
        pieces += [text[pos:seg.start], BLANK * (keep - seg.start)]
        pos = keep
    pieces.append(text[pos:])
    masked = "".join(pieces)
    ends, dots = [], []
    abbreviations = P.QUOTE_ABBREVIATIONS
    for m in _BOUNDARY.finditer(masked):
        i = m.start()
        if masked[i] == ".":
            low = masked[max(masked.rfind(" ", max(0, i - 7), i), i - 7) + 1:i].lower()
            if "." in low or low in abbreviations or (len(low) == 1 and low.isalpha()):
                dots.append(i)
                continue
        ends.append(m.end())
    dots += [m.start() + k for m in _INITIALS.finditer(masked) for k in (0, 2)]
    if dots:
        cuts = sorted(set(dots))
        masked = "\x02".join(masked[a + 1:b] for a, b in zip([-1] + cuts, cuts + [len(masked)]))
    return masked, ends


class Doc:
    """An article prepared for attribution: masked text, lines, sentences, roster."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.line_starts = [0] + [m.end() for m in re.finditer("\n", text)]
        self.segs = _segments(text, self.line_starts)
        self.masked, ends = _mask(text, self.segs)
        self.line_segs: dict[int, list[int]] = {}
        for k, seg in enumerate(self.segs):
            self.line_segs.setdefault(seg.line, []).append(k)
        self.bounds = sorted({0, len(text)} | set(self.line_starts) | set(ends))
        self._roster: Roster | None = None
        self._mentions: dict[int, list[tuple[int, str]]] = {}
        self._tokens: dict[int, tuple[list[tuple[str, int, int]], list[int]]] = {}

    @property
    def roster(self) -> Roster:
        if self._roster is None:             # built only for articles that need a name
            self._roster = Roster(self.text, self.masked, self.line_starts)
        return self._roster

    def sentence(self, pos: int) -> tuple[int, int]:
        """Bounds of the sentence holding offset pos (never across a line end)."""
        k = bisect.bisect_right(self.bounds, pos) - 1
        return self.bounds[k], self.bounds[min(k + 1, len(self.bounds) - 1)]

    def clause(self, pos: int) -> tuple[int, int]:
        """The sentence around pos, cut to WINDOW characters either side: attribution sits
        near its quotation, and a run-on line of boilerplate must not cost quadratic time."""
        s0, s1 = self.sentence(pos)
        return max(s0, pos - WINDOW), min(s1, pos + WINDOW)

    def tokens(self, a: int, b: int) -> list[tuple[str, int, int]]:
        """Whitespace tokens within [a, b), cut from the cached tokens of a's sentence."""
        s0, s1 = self.sentence(a)
        if b > s1:
            return [(m.group(), m.start(), m.end()) for m in TOKEN.finditer(self.masked, a, b)]
        if s0 not in self._tokens:
            found = [(m.group(), m.start(), m.end()) for m in TOKEN.finditer(self.masked, s0, s1)]
            self._tokens[s0] = (found, [t[1] for t in found])
        found, starts = self._tokens[s0]
        lo = bisect.bisect_left(starts, a)
        hi = bisect.bisect_left(starts, b, lo)
        out = found[lo:hi]
        if out and out[-1][2] > b:                        # a token cut by b
            word, start, _ = out[-1]
            out[-1] = (word[:b - start], start, b)
        return out

    def line_end(self, number: int) -> int:
        if number + 1 < len(self.line_starts):
            return self.line_starts[number + 1] - 1
        return len(self.text)

    def phrase(self, a: int, b: int) -> S.Phrase | None:
        return S.classify_phrase(self.text[a:b])

    def resolve(self, phrase: S.Phrase | None, offset: int, cued: bool = True) -> str | None:
        """The speaker a phrase stands for at offset, or None when unsure. cued: a speech
        verb stands by the phrase, so a lone capitalised word there is a name."""
        if phrase is None or phrase.kind in ("unnamed",):
            return None
        if phrase.kind == "name":
            return self.roster.plausible(phrase.value, cued)
        if phrase.kind == "org":
            return phrase.value
        if phrase.kind == "pronoun":
            return self.named_subject_before(offset)
        if phrase.kind == "role":
            return self.roster.role(phrase.roles, offset) if phrase.roles else None
        return self.roster.org(phrase.value, offset)

    def named_subject_before(self, offset: int) -> str | None:
        """The nearest person named as a grammatical subject before offset, outside quotes."""
        k = bisect.bisect_right(self.bounds, offset) - 1
        stop = max(-1, k - _ANTECEDENT_REACH)
        while k > stop:
            s0 = self.bounds[k]
            if s0 not in self._mentions:
                s1 = self.bounds[min(k + 1, len(self.bounds) - 1)]
                self._mentions[s0] = subject_mentions(self, s0, s1)
            named = [name for pos, name in self._mentions[s0] if pos < offset]
            if named:
                return named[-1]
            k -= 1
        return None


def _own_speaker(doc: Doc, seg: Seg) -> tuple[bool, str | None]:
    """(attribution found?, speaker) from the quotation's own sentence."""
    right = right_attribution(doc, seg)
    if right is not False:
        assert not isinstance(right, bool)
        return True, doc.resolve(right, seg.open)
    s0, s1 = doc.clause(seg.open)
    if doc.roster.in_headline(seg.open):                 # title case: only "Ryan: 'No Place ...'"
        return True, _headline_speaker(doc, seg)
    final = final_attribution(doc, seg, s1)
    if final is not None:
        return True, doc.resolve(final, seg.open)
    words_before = doc.masked[s0:seg.open].strip(BLANK + " \u201c\u201d\",")
    left = left_attribution(doc, s0, seg.open) if words_before else False
    if left is False:
        return False, None
    assert not isinstance(left, bool)
    return True, doc.resolve(*left)


def _headline_speaker(doc: Doc, seg: Seg) -> str | None:
    """In a title-case line the speaker leads it: "Ryan: 'No Place ...'", "Trump Addresses
    Munich Attack: '...'". Only a person the article names elsewhere is taken."""
    head = _HEADLINE_SPEAKER.match(doc.text, doc.line_starts[seg.line], seg.open)
    if head:
        return doc.resolve(S.classify_phrase(head.group(1)), seg.open)
    words = doc.text[doc.line_starts[seg.line]:seg.open].split()[:3]
    for n in range(min(3, len(words)), 0, -1):
        name = " ".join(w.strip(":,") for w in words[:n])
        if all(S.is_cap(w) for w in words[:n]) and doc.roster.introduced(name):
            return doc.roster.fullest(name)
    return None


def _introduced(doc: Doc, line_from: int, pos: int) -> tuple[bool, str | None]:
    """Speaker set up by the sentence ending at pos: a speech verb or a colon."""
    s0, _ = doc.clause(max(line_from, pos - 1))
    s0 = max(s0, line_from)
    tail = doc.masked[s0:pos].rstrip()
    if not tail or tail.endswith((BLANK, "\u201d", '"')) and not tail.endswith(":"):
        return False, None
    if not (tail.endswith(":") or speech_verbs(doc, s0, pos)
            or re.search(r"\b(?:statement|remarks|interview)\b", tail)):
        return False, None
    left = left_attribution(doc, s0, pos)
    if left is False:
        return False, None
    assert not isinstance(left, bool)
    return True, doc.resolve(*left)


def _inherited(doc: Doc, k: int, own: "_Speakers") -> tuple[bool, str | None]:
    """Speaker of a quotation standing alone as a sentence: from its neighbours."""
    seg = doc.segs[k]
    for j in range(k - 1, max(-1, k - 20), -1):         # the quotations just before it
        if doc.segs[j].line != seg.line:
            break
        quoted = doc.segs[j].words >= MIN_WORDS or right_attribution(doc, doc.segs[j]) is not False
        if quoted and own[j][0]:
            return own[j]                                # '"Debate recap," tweeted X. "..."' too
    line_start = doc.line_starts[seg.line]
    if doc.masked[max(line_start, seg.open - WINDOW):seg.open].strip(BLANK + " \u201c\u201d\","):
        return _introduced(doc, line_start, seg.open)
    dash = _DASH_LINE.match(doc.text, doc.line_end(seg.line) + 1)
    if dash and dash.start("np") - dash.start() < 6:                # "- Sanders." after a quote
        return True, doc.resolve(S.classify_phrase(dash.group("np").rstrip(". ")), seg.open)
    prev_line = _previous_line(doc, seg.line)
    if prev_line is None:
        return False, None
    prev = [j for j in doc.line_segs.get(prev_line, ()) if doc.segs[j].words >= MIN_WORDS]
    if prev and doc.segs[prev[-1]].close is None:                  # the quotation goes on
        return own[prev[-1]]
    # A quote paragraph after one that ended on another quote is not given that speaker:
    # measured on dev, 4 right against 2 wrong names.
    return _introduced(doc, doc.line_starts[prev_line], doc.line_end(prev_line))


def _previous_line(doc: Doc, line: int) -> int | None:
    for number in range(line - 1, max(-1, line - 4), -1):
        if doc.text[doc.line_starts[number]:doc.line_end(number)].strip():
            return number
    return None


class _Speakers:
    """(found?, speaker) per quoted stretch, worked out on demand: a scare quote's speaker
    is needed only when a later quotation inherits it, so most are never computed."""

    def __init__(self, doc: Doc) -> None:
        self.doc = doc
        self.memo: dict[int, tuple[bool, str | None]] = {}

    def __getitem__(self, k: int) -> tuple[bool, str | None]:
        if k not in self.memo:
            found = _own_speaker(self.doc, self.doc.segs[k])
            self.memo[k] = found if found[0] else _inherited(self.doc, k, self)
        return self.memo[k]


def extract_quotes(body: str) -> tuple[Quote, ...]:
    """Direct quotations of three words or more, with their speakers (or None)."""
    if "\u2018" not in body and not any(mark in body for mark in _MARK_CHARS):
        return ()                                # no quotation marks: nothing to prepare
    doc = Doc(body)
    if all(seg.words < MIN_WORDS for seg in doc.segs):
        return ()
    own = _Speakers(doc)
    return tuple(
        Quote(text=body[seg.start:seg.end], speaker=own[k][1], start=seg.start, end=seg.end)
        for k, seg in enumerate(doc.segs) if seg.words >= MIN_WORDS)


def extract(text: str) -> list[dict[str, object]]:
    """Harness adapter: quotes as dicts with quote, start, end and speaker."""
    return [{"quote": q.text, "start": q.start, "end": q.end, "speaker": q.speaker}
            for q in extract_quotes(text)]


if __name__ == "__main__":                       # python -m index.quotes FILE -> JSON list
    import json
    with open(sys.argv[1], encoding="utf-8") as handle:
        print(json.dumps(extract(handle.read()), ensure_ascii=False))
