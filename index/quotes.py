"""Direct quotations and their speakers from cleaned article text.

extract_quotes(body) finds every stretch between double quotation marks (straight or
curly; curly single marks at top level), cut at line ends so each paragraph of a long
quotation is its own Quote, and keeps those of three words or more. The speaker comes
from the grammar of attribution, most reliable cue first:

1. a speech verb right after the closing mark ("...," Blinken said / said Blinken);
2. a speech verb before the opening mark in the same sentence ("Blinken said, ...");
3. the subject of the sentence the quotation sits in ("Trump called it ...");
4. for a quotation that is a sentence of its own: the quotation before it in the
   paragraph, the quotation it continues from the paragraph before, or a "- Name" line.

Names are written in their fullest form, pronouns go to the last named subject, roles and
"the daily" to the person or paper introduced with them (speakers.py). Work is done on a
masked copy of the text in which quoted words are blanked, so words inside quotation
marks are never taken for attribution.
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass

from index import patterns as P
from index import speakers as S
from index.record import Quote

_OPEN_D = frozenset("\u201c\u201e\u201f\u00ab")
_CLOSE_D = frozenset("\u201d\u00bb")
_SINGLE = re.compile(r"(?:(?<=^)|(?<=[\s(\[\u2014:\u201c\"]))\u2018([^\u2018\u2019\n]{3,}?)\u2019"
                     r"(?=[\s.,;:!?)\]\u2014\u201d\"]|$)", re.M)
_WORD = re.compile(r"[^\W_]+(?:[\u2019'\-.][^\W_]+)*")
_BLANK = "\x01"
MIN_WORDS = 3


def _verb_forms() -> list[str]:
    forms = set(P.QUOTE_SPEECH_IRREGULAR)
    for stem in P.QUOTE_SPEECH_STEMS:
        base = stem[:-1] if stem.endswith("e") else stem
        forms.update({stem, stem + "s", base + "ed", base + "ing"})
        if re.search(r"[^aeiou]y$", stem):
            forms.update({stem[:-1] + "ies", stem[:-1] + "ied"})
    return sorted(forms, key=len, reverse=True)


_VERB_FORMS = frozenset(_verb_forms())
_VERB = "(?:" + "|".join(re.escape(f) for f in _verb_forms()) + ")"
_AUX = "(?:" + "|".join(sorted(P.QUOTE_AUXILIARIES)) + r"|\w+ly)"
_NP = r"[^.!?;\x01\u201c\u201d\"\n]"
_RIGHT = re.compile(
    rf"[\s,;:\u2014\u2013\-]*(?:(?P<v>{_VERB})\s+(?P<np>{_NP}{{1,90}})"
    rf"|according\s+to\s+(?P<np3>{_NP}{{1,90}})"
    rf"|(?P<np2>{_NP}{{1,90}}?)\s+(?:{_AUX}\s+){{0,2}}(?P<v2>{_VERB})\b)")
_VERB_RE = re.compile(rf"\b{_VERB}\b")
_ACCORDING = re.compile(rf"\b[Aa]ccording\s+to\s+(?P<np>{_NP}{{1,90}}?)\s*,")
_BOUNDARY = re.compile(r"[.!?][\u201d\u2019\"')\]]*\s+(?=[A-Z\u201c\u2018\"(])")
_ABBREV = re.compile(r"\b((?:[A-Za-z]\.){2,}|[A-Za-z]{1,5}\.)")
_INVERTED = re.compile(rf"[,!?]?[\u201d\"]\s*{_VERB}\s+(?=[A-Z])")
_DASH_LINE = re.compile(r"^\s*[-\u2014\u2013]+\s*(?P<np>[A-Z][^,\n]{1,60})")
_FINITE = frozenset("is was are were has had have will would can could should may might must "
                    "did does do".split())
_STOPS_BACK = frozenset("that which who whom whose and but or if when while because as although "
                        "though since where so after before until then than".split())


@dataclass(frozen=True)
class _Seg:
    """One quoted stretch: its marks, its trimmed text span and its line."""

    open: int
    start: int
    end: int
    close: int | None
    line: int


def _segments(text: str) -> list[_Seg]:
    """Stretches between double marks per line, then top-level curly single marks."""
    segs: list[_Seg] = []
    pos = 0
    for number, line in enumerate(text.split("\n")):
        op: int | None = None
        for i, ch in enumerate(line):
            if ch in _OPEN_D or (ch == '"' and op is None):
                if op is not None:                     # a new opening mark: the old one never closed
                    segs.append(_trim(text, pos + op, pos + i, None, number))
                op = i
            elif (ch in _CLOSE_D or ch == '"') and op is not None:
                segs.append(_trim(text, pos + op, pos + i, pos + i, number))
                op = None
        if op is not None:
            segs.append(_trim(text, pos + op, pos + len(line), None, number))
        pos += len(line) + 1
    doubles = [(s.open, s.close if s.close is not None else s.end) for s in segs]
    for m in _SINGLE.finditer(text):
        a, b = m.span(1)
        if not any(x <= a and b <= y for x, y in doubles):
            segs.append(_trim(text, a - 1, b, b, text.count("\n", 0, a)))
    return sorted(segs, key=lambda s: s.start)


def _trim(text: str, mark: int, end: int, close: int | None, line: int) -> _Seg:
    start = mark + 1
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return _Seg(mark, start, end, close, line)


def _mask(text: str, segs: list[_Seg]) -> str:
    """Blank quoted words (keeping a final .!?, for sentence ends) and abbreviation periods."""
    chars = list(text)
    for seg in segs:
        keep = seg.end - 1 if seg.end > seg.start and text[seg.end - 1] in ".!?," else seg.end
        for i in range(seg.start, keep):
            if chars[i] != "\n":
                chars[i] = _BLANK
    masked = "".join(chars)
    return _ABBREV.sub(_abbrev_dot, masked)


def _abbrev_dot(m: re.Match[str]) -> str:
    word = m.group(1)
    low = word[:-1].lower()
    if "." in low or low in P.QUOTE_ABBREVIATIONS or (len(low) == 1 and word[0].isupper()):
        return word.replace(".", "\x02")
    return word


class _Doc:
    """An article prepared for attribution: masked text, lines, sentences, roster."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.segs = _segments(text)
        self.masked = _mask(text, self.segs)
        self.line_starts = [0] + [m.end() for m in re.finditer("\n", text)]
        self.roster = S.build_roster(self.masked.replace("\x02", "."))
        self.bounds = sorted({0, len(text)} | set(self.line_starts)
                             | {m.end() for m in _BOUNDARY.finditer(self.masked)})
        self._subjects: dict[int, S.Phrase | None] = {}
        self._collect_subjects()

    def sentence(self, pos: int) -> tuple[int, int]:
        """Bounds of the sentence holding offset pos (never across a line end)."""
        import bisect
        k = bisect.bisect_right(self.bounds, pos) - 1
        return self.bounds[k], self.bounds[min(k + 1, len(self.bounds) - 1)]

    def line_end(self, number: int) -> int:
        return self.line_starts[number + 1] - 1 if number + 1 < len(self.line_starts) else len(self.text)

    def phrase_at(self, a: int, b: int) -> S.Phrase | None:
        return S.classify_phrase(self.text[a:b])

    def _collect_subjects(self) -> None:
        """Named subjects, in order: the antecedents pronouns are resolved to."""
        for s0, s1 in zip(self.bounds, self.bounds[1:]):
            found = _subject(self, s0, s1)
            if found is not None:
                phrase, at = found
                self._subjects[s0] = phrase
                self._note(phrase, at)
            for m in _VERB_RE.finditer(self.masked, s0, s1):
                phrase = _phrase_before(self, s0, m.start())
                if phrase is not None:
                    self._note(phrase, m.start())
            for m in _INVERTED.finditer(self.masked, s0, s1):   # "...," said Jason Gilbert
                phrase = S.classify_phrase(self.text[m.end():min(s1, m.end() + 90)])
                if phrase is not None:
                    self._note(phrase, m.end())

    def _note(self, phrase: S.Phrase, at: int) -> None:
        if phrase.kind == "name" and len(phrase.value.split()) <= 5:
            name = S.fullest(phrase.value, self.roster)
            if not self.roster.subjects or self.roster.subjects[-1] != (at, name):
                self.roster.subjects.append((at, name))
        self.roster.subjects.sort()

    def subject(self, s0: int, s1: int) -> S.Phrase | None:
        if s0 not in self._subjects:
            found = _subject(self, s0, s1)
            self._subjects[s0] = found[0] if found else None
        return self._subjects[s0]


def _tokens(masked: str, a: int, b: int) -> list[tuple[str, int, int]]:
    return [(m.group(0), a + m.start(), a + m.end()) for m in re.finditer(r"\S+", masked[a:b])]


def _verb_like(token: str, prev: str) -> bool:
    bare = token.strip(",.;:").lower()
    if bare in _VERB_FORMS or bare in _FINITE:
        return True
    if not token[:1].islower():
        return False
    if bare.endswith("ed") and len(bare) > 4:
        return True
    return bare.endswith("s") and not bare.endswith(("ss", "us", "is")) and S._is_cap(prev)


def _subject(doc: _Doc, s0: int, s1: int) -> tuple[S.Phrase, int] | None:
    """The subject noun phrase of the sentence [s0, s1), skipping an opening clause."""
    toks = _tokens(doc.masked, s0, s1)
    while toks and toks[0][0].lower().strip(",") in ("but", "and", "so", "yet", "still", "also",
                                                      "then", "now", "meanwhile", "however"):
        toks = toks[1:]
    if toks and (toks[0][0].lower() in P.QUOTE_INTRO_WORDS or toks[0][0].endswith("ing")):
        comma = next((i for i, t in enumerate(toks[:25]) if t[0].endswith(",")), None)
        if comma is None:
            return None
        toks = toks[comma + 1:]
    if not toks or _BLANK in toks[0][0] or not toks[0][0][:1].isalpha():
        return None
    prev = ""
    for i, (tok, a, b) in enumerate(toks[:14]):
        if _BLANK in tok or tok[:1] in "\u201c\"\u2018(":
            return None
        if i and _verb_like(tok, prev):
            phrase = doc.phrase_at(toks[0][1], toks[i - 1][2])
            return (phrase, toks[0][1]) if phrase is not None else None
        if tok.endswith((",", ":", ";")) and i and not S._is_cap(tok):
            break
        prev = tok
    return None


def _phrase_before(doc: _Doc, s0: int, verb: int) -> S.Phrase | None:
    """The noun phrase right before a finite speech verb ("In January, Netanyahu said")."""
    toks = _tokens(doc.masked, s0, verb)
    while toks and (toks[-1][0].lower() in P.QUOTE_AUXILIARIES or toks[-1][0].endswith("ly")):
        toks.pop()
    taken: list[tuple[str, int, int]] = []
    for tok in reversed(toks[-10:]):
        if tok[0].endswith((",", ";", ":")) or _BLANK in tok[0] or tok[0].lower() in _STOPS_BACK \
                or tok[0][:1] in "\u201d\u201c\"\u2019":
            break
        if tok[0].lower() in _VERB_FORMS or tok[0].lower() in _FINITE:
            break
        taken.append(tok)
    if not taken:
        return None
    taken.reverse()
    return doc.phrase_at(taken[0][1], taken[-1][2])


def _right(doc: _Doc, seg: _Seg) -> S.Phrase | None | bool:
    """Attribution right after the closing mark; False when there is none."""
    if seg.close is None:
        return False
    stop = doc.line_end(seg.line)
    m = _RIGHT.match(doc.masked, seg.close + 1, min(stop, seg.close + 160))
    if m is None:
        return False
    if m.group("np2") is not None:
        a, b = m.span("np2")
        words = doc.masked[a:b].lower().split()
        if len(words) > 12 or any(w.strip(",") in _FINITE or w.strip(",") in _VERB_FORMS for w in words):
            return False
    else:
        a, b = m.span("np" if m.group("np") is not None else "np3")
    phrase = doc.phrase_at(a, b)
    return False if phrase is None else phrase


def _left(doc: _Doc, seg: _Seg) -> tuple[S.Phrase | None, int] | bool:
    """Attribution before the opening mark in the same sentence; False when none."""
    s0, _ = doc.sentence(seg.open)
    left = doc.masked[s0:seg.open]
    if len(_WORD.findall(left.replace(_BLANK, " "))) < 1:
        return False
    m = _ACCORDING.search(doc.masked, s0, seg.open)
    if m:
        return doc.phrase_at(*m.span("np")), m.start()
    verbs = list(_VERB_RE.finditer(doc.masked, s0, seg.open))
    for verb in reversed(verbs):
        if verb.group(0).endswith("ing"):
            continue                      # "..., adding": its subject is the sentence's
        phrase = _phrase_before(doc, s0, verb.start())
        if phrase is not None:
            return phrase, verb.start()
    found = _subject(doc, s0, seg.open)
    if found is None:
        return (None, s0) if verbs else False
    return found


def _own_speaker(doc: _Doc, seg: _Seg) -> tuple[bool, str | None]:
    """(attribution found?, speaker) from the quotation's own sentence."""
    right = _right(doc, seg)
    if right is not False:
        assert not isinstance(right, bool)
        return True, S.resolve(right, seg.open, doc.roster)
    left = _left(doc, seg)
    if left is False:
        return False, None
    assert not isinstance(left, bool)
    phrase, at = left
    return True, S.resolve(phrase, at, doc.roster)


def _inherited(doc: _Doc, k: int, own: list[tuple[bool, str | None]]) -> str | None:
    """Speaker of a quotation standing alone as a sentence: from its neighbours."""
    seg = doc.segs[k]
    for j in range(k - 1, -1, -1):
        prev = doc.segs[j]
        if prev.line != seg.line:
            break
        if own[j][0]:
            return own[j][1]
    line_start = doc.line_starts[seg.line]
    if doc.text[line_start:seg.open].strip():
        return None
    nxt = doc.text[doc.line_end(seg.line) + 1: doc.line_end(seg.line) + 80]
    dash = _DASH_LINE.match(nxt)
    if dash:
        return S.resolve(S.classify_phrase(dash.group("np").rstrip(". ")), seg.open, doc.roster)
    prev_line = _previous_line(doc, seg.line)
    if prev_line is None:
        return None
    prev_segs = [j for j in range(k) if doc.segs[j].line == prev_line]
    if prev_segs and doc.segs[prev_segs[-1]].close is None:
        return own[prev_segs[-1]][1] if own[prev_segs[-1]][0] else None
    return None


def _previous_line(doc: _Doc, line: int) -> int | None:
    for number in range(line - 1, -1, -1):
        if doc.text[doc.line_starts[number]:doc.line_end(number)].strip():
            return number
    return None


def extract_quotes(body: str) -> tuple[Quote, ...]:
    """Direct quotations of three words or more, with their speakers (or None)."""
    doc = _Doc(body)
    own = [_own_speaker(doc, seg) for seg in doc.segs]
    speakers: list[str | None] = []
    for k, seg in enumerate(doc.segs):
        found, speaker = own[k]
        if not found:
            speaker = _inherited(doc, k, own)
            own[k] = (speaker is not None, speaker)
        speakers.append(speaker)
    out = []
    for seg, speaker in zip(doc.segs, speakers):
        if len(_WORD.findall(body[seg.start:seg.end])) >= MIN_WORDS:
            out.append(Quote(text=body[seg.start:seg.end], speaker=speaker,
                             start=seg.start, end=seg.end))
    return tuple(out)


def extract(text: str) -> list[dict[str, object]]:
    """Harness adapter: quotes as dicts with quote, start, end and speaker."""
    return [{"quote": q.text, "start": q.start, "end": q.end, "speaker": q.speaker}
            for q in extract_quotes(text)]


if __name__ == "__main__":                       # python -m index.quotes FILE -> JSON list
    import json
    with open(sys.argv[1], encoding="utf-8") as handle:
        print(json.dumps(extract(handle.read()), ensure_ascii=False))
