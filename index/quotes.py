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
quotation marks are never taken for attribution.
"""

from __future__ import annotations

import bisect
import re
import sys
from dataclasses import dataclass

from index import patterns as P
from index import speakers as S
from index.record import Quote

_OPEN_D = frozenset("\u201c\u201e\u201f\u00ab")
_MARKS = re.compile("[\u201c\u201e\u201f\u00ab\u201d\u00bb\"]")
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
    rf"|(?P<np2>{_NP}{{1,90}}?)\s+(?:{_AUX}\s+){{0,2}}(?P<v2>{_VERB}|[a-z]+ed)\b)")
_LOWER_WORD = re.compile(r"(?<![\w\-\u2019'])[a-z]{3,}(?![\w\-])")   # not "post-administration"
_ASKED_BY = re.compile(rf"\b(?:was|were|been|being)\s+(?:asked|told|questioned)\s+by\s+(?P<np>{_NP}{{1,90}}?)\s*,")
_ACCORDING = re.compile(rf"\b[Aa]ccording\s+to\s+(?P<np>{_NP}{{1,90}}?)\s*,")
_QUOTE_THEN_VERB = re.compile(rf"[,!?]?[\u201d\"]\s*({_VERB})\s+(?=[A-Z])")
_SUBORDINATE_NAME = re.compile(
    r"\b(?:[Bb]ecause|[Ww]hen|[Aa]lthough|[Tt]hough|[Ii]f|[Ww]hile|[Ss]ince|[Aa]fter|[Bb]efore|[Uu]ntil|that)[ \u00a0]+"
    r"((?:[A-Z][\w'\u2019\-]*[ \u00a0]){0,2}[A-Z][\w'\u2019\-]*)[ \u00a0,]+(\S+)")
_INVERTED = re.compile(rf"(?:[,!?]?[\u201d\"]|,)\s*{_VERB}\s+(?=[A-Z])")
_BOUNDARY = re.compile(r"[.!?][\u201d\u2019\"')\]]*\s+(?=[A-Z\u201c\u2018\"(])")
_INITIALS = re.compile(r"\.[A-Z]\.")                     # "G.K. Butterfield", "U.S."
_WORD_BEFORE = re.compile(r"[\w.]{1,6}$")
_DASH_LINE = re.compile(r"\s*[-\u2014\u2013]+\s*(?P<np>[A-Z][^,\n]{1,60})")
_TOKEN = re.compile(r"\S+")
_FINITE = frozenset("is was are were has had have will would can could should may might must "
                    "did does do".split())
_STOPS_BACK = frozenset("that which who whom whose and but or if when while because as although "
                        "though since where so after before until then than to with".split())
_NAMING = ("name", "org", "pronoun")
_HEADLINE_SPEAKER = re.compile(r"\s*((?:[A-Z][\w.'\u2019\-]*[ \u00a0]?){1,3}):\s*[\u2018\u201c\"]?$")
_LISTENER_VERBS = frozenset({"told", "tell", "tells", "telling"})   # "told Fox News": the listener
# After a quotation ending in a full stop, "X said" attributes it only when the sentence
# ends soon after ("..." Tiegen stated.), not when a new report begins ("X said it would").
_CLOSING_CLAUSE = re.compile(r"(?![ \u00a0]+(?:that|it|he|she|they|we|i|you|there|the|a|an|his|her|their|"
                             r"its|this|these|those|no|not|to)\b)")
_FINAL = re.compile(
    rf",\s+(?:(?P<v>{_VERB})\s+(?P<np>[^,.!?;\x01\u201c\u201d\"\n]{{1,60}})"
    rf"|(?P<np2>[^,.!?;\x01\u201c\u201d\"\n]{{1,60}}?)\s+(?:{_AUX}\s+){{0,2}}(?P<v2>{_VERB}))"
    rf"(?:[^,.!?;\x01\u201c\u201d\"\n]{{0,50}})$")
_INTRODUCES = re.compile(r"(?:[ \u00a0]+\S+){0,3}?:")
# Words that make a following speech-verb form a noun or an infinitive ("in the state").
_NOT_BEFORE_VERB = frozenset("to the a an his her their its this that my our your of in on at for "
                             "with by from".split())
_DETERMINERS = frozenset("the a an one some another several many his her their its this that "
                         "they we i you it".split())
_EXPLETIVES = frozenset("there there's here here's".split())
_UNAMBIGUOUS = frozenset("said says told tells wrote writes".split())
_OPENERS = frozenset("but and so yet still also then now meanwhile however".split())


@dataclass(frozen=True)
class _Seg:
    """One quoted stretch: the opening mark, the trimmed text span, the closing mark."""

    open: int
    start: int
    end: int
    close: int | None
    line: int
    words: int


def _segments(text: str, line_starts: list[int]) -> list[_Seg]:
    """Stretches between double marks per line, then top-level curly single marks."""
    segs: list[_Seg] = []
    op: int | None = None
    line = 0
    for m in _MARKS.finditer(text):
        ch, i = m.group(), m.start()
        if op is not None and i >= line_starts[line + 1 if line + 1 < len(line_starts) else line] > op:
            segs.append(_trim(text, op, line_starts[line + 1] - 1, None, line))
            op = None                          # a paragraph of a quotation that goes on
        if op is None:
            line = bisect.bisect_right(line_starts, i) - 1
        if ch in _OPEN_D or (ch == '"' and op is None):
            if op is not None:
                segs.append(_trim(text, op, i, None, line))
            op = i
        elif op is not None:
            segs.append(_trim(text, op, i, i, line))
            op = None
    if op is not None:
        nxt = line_starts[line + 1] - 1 if line + 1 < len(line_starts) else len(text)
        segs.append(_trim(text, op, nxt, None, line))
    if "\u2018" in text:
        spans = [(s.open, s.close if s.close is not None else s.end) for s in segs]
        for m in _SINGLE.finditer(text):
            a, b = m.span(1)
            if not any(x <= a and b <= y for x, y in spans):
                segs.append(_trim(text, a - 1, b, b, bisect.bisect_right(line_starts, a) - 1))
    return sorted(segs, key=lambda s: s.start)


def _trim(text: str, mark: int, end: int, close: int | None, line: int) -> _Seg:
    start = mark + 1
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return _Seg(mark, start, end, close, line, len(_WORD.findall(text, start, end)))


def _mask(text: str, segs: list[_Seg]) -> tuple[str, list[int]]:
    """Blank quoted words (keeping a final .!?, for sentence ends); find sentence ends.

    A period after an abbreviation or initial ("Sen. Ted Cruz", "U.S. Secretary") is no
    sentence end; it is blanked too, so that noun-phrase patterns run through it.
    """
    pieces, pos = [], 0
    for seg in segs:
        if seg.start < pos:
            continue
        keep = seg.end - 1 if seg.end > seg.start and text[seg.end - 1] in ".!?," else seg.end
        pieces += [text[pos:seg.start], _BLANK * (keep - seg.start)]
        pos = keep
    pieces.append(text[pos:])
    masked = "".join(pieces)
    ends, dots = [], []
    for m in _BOUNDARY.finditer(masked):
        if masked[m.start()] == ".":
            word = _WORD_BEFORE.search(masked, max(0, m.start() - 6), m.start())
            low = word.group().lower() if word else ""
            if "." in low or low in P.QUOTE_ABBREVIATIONS or (len(low) == 1 and low.isalpha()):
                dots.append(m.start())
                continue
        ends.append(m.end())
    dots += [m.start() + k for m in _INITIALS.finditer(masked) for k in (0, 2)]
    if dots:
        cuts = sorted(set(dots))
        masked = "\x02".join(masked[a + 1:b] for a, b in zip([-1] + cuts, cuts + [len(masked)]))
    return masked, ends


def _verbs(doc: "_Doc", a: int, b: int) -> list[tuple[int, str]]:
    """Speech-verb forms between offsets a and b: (offset, word)."""
    return [(m.start(), m.group()) for m in _LOWER_WORD.finditer(doc.masked, a, b)
            if m.group() in _VERB_FORMS]


class _Doc:
    """An article prepared for attribution: masked text, lines, sentences, roster."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.line_starts = [0] + [m.end() for m in re.finditer("\n", text)]
        self.segs = _segments(text, self.line_starts)
        self.masked, ends = _mask(text, self.segs)
        self.bounds = sorted({0, len(text)} | set(self.line_starts) | set(ends))
        self._roster: S.Roster | None = None
        self._mentions: dict[int, list[tuple[int, str]]] = {}
        self._tokens: dict[int, tuple[list[tuple[str, int, int]], list[int]]] = {}

    @property
    def roster(self) -> S.Roster:
        if self._roster is None:             # built only for articles that need a name
            self._roster = S.Roster(self.text, self.masked)
        return self._roster

    def sentence(self, pos: int) -> tuple[int, int]:
        """Bounds of the sentence holding offset pos (never across a line end)."""
        k = bisect.bisect_right(self.bounds, pos) - 1
        return self.bounds[k], self.bounds[min(k + 1, len(self.bounds) - 1)]

    def tokens(self, a: int, b: int) -> list[tuple[str, int, int]]:
        """Whitespace tokens within [a, b), cut from the cached tokens of a's sentence."""
        s0, s1 = self.sentence(a)
        if b > s1:
            return [(m.group(), m.start(), m.end()) for m in _TOKEN.finditer(self.masked, a, b)]
        if s0 not in self._tokens:
            found = [(m.group(), m.start(), m.end()) for m in _TOKEN.finditer(self.masked, s0, s1)]
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
        return self.line_starts[number + 1] - 1 if number + 1 < len(self.line_starts) else len(self.text)

    def phrase(self, a: int, b: int) -> S.Phrase | None:
        return S.classify_phrase(self.text[a:b])

    def resolve(self, phrase: S.Phrase | None, offset: int) -> str | None:
        """The speaker a phrase stands for at offset, or None when unsure."""
        if phrase is None or phrase.kind in ("unnamed",):
            return None
        if phrase.kind == "name":
            return self.roster.plausible(phrase.value)
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
        while k >= 0:
            s0 = self.bounds[k]
            if s0 not in self._mentions:
                self._mentions[s0] = _mentions(self, s0, self.bounds[min(k + 1, len(self.bounds) - 1)])
            named = [name for pos, name in self._mentions[s0] if pos < offset]
            if named:
                return named[-1]
            k -= 1
        return None


def _tokens(doc: _Doc, a: int, b: int) -> list[tuple[str, int, int]]:
    """Tokens of the masked text, without parenthesised asides ("Rep. X (D-N.Y.) said")."""
    out: list[tuple[str, int, int]] = []
    inner: list[tuple[str, int, int]] = []
    depth = 0
    for word, start, end in doc.tokens(a, b):
        if word.startswith("(") or depth:
            if not depth:
                inner = []
            depth = max(depth + word.count("(") - word.count(")"), 0)
            inner.append((word.lstrip("("), start + (word[:1] == "("), end))
            if out and word.endswith((",", ";", ":")) and not depth:
                out[-1] = (out[-1][0] + word[-1], out[-1][1], out[-1][2])
            continue
        out.append((word, start, end))
    return inner if depth else out                     # inside "(Abedin wrote that ...": the aside


def _verb_like(token: str, prev: str) -> bool:
    low = token.strip(",.;:").lower()
    if not token[:1].islower():                          # "Clinton Said ..." but "United States"
        return low in _FINITE or low in _UNAMBIGUOUS or (low.endswith("ed") and low in _VERB_FORMS)
    if low in _VERB_FORMS or low in _FINITE or low.endswith(("n't", "n\u2019t")) \
            or low in P.QUOTE_IRREGULAR_PAST or low in P.QUOTE_AUXILIARIES:
        return True                                      # "Trump also embraced", "Fiorina threw"
    if low.endswith(("ed", "ly")) and len(low) > 4:
        return True
    return low.endswith("s") and not low.endswith(("ss", "us", "is")) and S.is_cap(prev)


def _clause_start(doc: _Doc, s0: int, end: int) -> int:
    """Where the main clause begins: after "When Ryan said ...," or "Alongside BLM calls ...,"."""
    m = _TOKEN.search(doc.masked, s0, end)
    if m is None:
        return s0
    word = m.group()
    if word.lower().strip(",") in _OPENERS:
        m = _TOKEN.search(doc.masked, m.end(), end)
        word = m.group() if m else ""
    if word.lower() in P.QUOTE_INTRO_WORDS or word.endswith(("ing", "ly", "ly,", "ed")) and word[:1].isupper():
        comma = doc.masked.find(", ", m.start() if m else s0, end)
        return comma + 2 if comma >= 0 else s0
    return s0


def _subject(doc: _Doc, s0: int, s1: int) -> tuple[S.Phrase, int] | None:
    """The subject noun phrase of the sentence [s0, s1), after an opening clause.

    The phrase runs to the first verb-like word and may hold appositions ("Zeke Emanuel,
    an oncologist who advised Obama, said": the first part names the subject).
    """
    toks = _tokens(doc, s0, s1)
    while toks and toks[0][0].lower().strip(",") in _OPENERS:
        toks = toks[1:]
    if toks and (toks[0][0].lower() in P.QUOTE_INTRO_WORDS
                 or toks[0][0].endswith(("ing", "ly", "ly,", "ed")) and toks[0][0][:1].isupper()):
        comma = next((i for i, t in enumerate(toks[:25]) if t[0].endswith(",")), None)
        if comma is None:
            return None
        toks = toks[comma + 1:]
    if not toks or not toks[0][0][:1].isalpha():
        return None
    if toks[0][0].lower() in P.QUOTE_PRONOUNS_PERSON:
        return S.Phrase("pronoun", toks[0][0].lower()), toks[0][1]
    if toks[0][0].lower().replace("\u2019", "'") in _EXPLETIVES:
        return None                                      # "there's still ...": no speaker here
    prev, last = "", -1
    for i, (tok, a, b) in enumerate(toks[:24]):
        if _BLANK in tok or tok[:1] in "\u201c\"\u2018(":
            break
        nxt = toks[i + 1][0] if i + 1 < len(toks) else ""
        if i and _verb_like(tok, prev):
            return _found(doc.phrase(toks[0][1], toks[i - 1][2]), toks[0][1])
        last, prev = i, tok
        if tok.endswith((":", ";")):
            break
    if last >= 0 and toks[last][0].endswith((",", ":")):    # "Rep. Trey Gowdy (R-S.C.): ..."
        found = _found(doc.phrase(toks[0][1], toks[last][2]), toks[0][1])
        return found if found and found[0].kind in _NAMING else None
    return None


def _found(phrase: S.Phrase | None, at: int) -> tuple[S.Phrase, int] | None:
    return (phrase, at) if phrase is not None else None


def _phrase_before(doc: _Doc, s0: int, verb: int) -> S.Phrase | None:
    """The noun phrase right before a finite speech verb ("In January, Netanyahu said").

    None when a comma stands before the verb (an apposition: the sentence subject decides)
    or the verb is an infinitive ("went on to say").
    """
    toks = _tokens(doc, s0, verb)
    while toks and (toks[-1][0].lower() in P.QUOTE_AUXILIARIES or toks[-1][0].endswith("ly")
                    and not (len(toks) > 1 and toks[-2][0].lower() in _DETERMINERS)):
        toks.pop()                                      # "Trump jokingly said", not "The daily said"
    if toks and toks[-1][0].lower() == "who" and len(toks) > 1 and toks[-2][0].endswith(","):
        return _antecedent(doc, toks[:-1])              # "Franklin Graham, who has vowed"
    if not toks or toks[-1][0].lower() in _NOT_BEFORE_VERB or toks[-1][0] in ("--", "-") \
            or toks[-1][0].endswith((",", "\u2014", "\u2013", ":", ";")):
        return None                                     # "to say", "the state", "his post"
    taken: list[tuple[str, int, int]] = []
    for tok in reversed(toks[-12:]):
        word = tok[0]
        if word.endswith((",", ";", ":", "\u2014")) or _BLANK in word or word.lower() in _STOPS_BACK \
                or word[:1] in "\u201d\u201c\"\u2019" or word.lower() in _VERB_FORMS \
                or word.lower() in _FINITE:
            break
        taken.append(tok)
        if word.startswith("("):
            taken.pop()
            break
    if not taken:
        return None
    taken.reverse()
    return doc.phrase(taken[0][1], taken[-1][2])


def _antecedent(doc: _Doc, toks: list[tuple[str, int, int]]) -> S.Phrase | None:
    """The name a relative "who" refers to: the capitalised run before its comma."""
    run = []
    for tok in reversed(toks[-6:]):
        if run and not S.is_cap(tok[0]) or tok[0].lower() in _STOPS_BACK:
            break
        run.append(tok)
    if not run:
        return None
    phrase = doc.phrase(run[-1][1], run[0][2])
    return phrase if phrase is not None and phrase.kind in _NAMING else None


def _mentions(doc: _Doc, s0: int, s1: int) -> list[tuple[int, str]]:
    """Named persons standing as subjects in a sentence: the antecedents of "he"/"she"."""
    found: list[tuple[int, S.Phrase | None]] = []
    subject = _subject(doc, s0, s1)
    if subject is not None:
        found.append((subject[1], subject[0]))
    for at, _ in _verbs(doc, s0, s1):
        found.append((at, _phrase_before(doc, s0, at)))
    for m in _SUBORDINATE_NAME.finditer(doc.masked, s0, s1):          # "because Trump has"
        if _verb_like(m.group(2), m.group(1)):
            found.append((m.start(1), S.classify_phrase(m.group(1))))
    for m in _INVERTED.finditer(doc.masked, s0, s1):                 # "...," said Jason Gilbert
        found.append((m.end(), doc.phrase(m.end(), min(s1, m.end() + 90))))
    out = []
    for pos, phrase in sorted(found, key=lambda f: f[0]):
        person = doc.roster.person(phrase.value) if phrase is not None and phrase.kind == "name" else None
        if person is not None and not doc.roster.in_headline(pos):
            out.append((pos, person))
    return out


def _right(doc: _Doc, seg: _Seg) -> S.Phrase | None | bool:
    """Attribution right after the closing mark; False when there is none."""
    if seg.close is None:
        return False
    m = _RIGHT.match(doc.masked, seg.close + 1, min(doc.line_end(seg.line), seg.close + 160))
    if m is None or _INTRODUCES.match(doc.masked, m.end()):
        return False                                     # 'Trump said: "..."' is the next quote's
    if doc.text[seg.end - 1:seg.end] == "." and (not _CLOSING_CLAUSE.match(doc.masked, m.end())
                                                  or _has_words_before(doc, seg)):
        return False                                     # '...end." He said it would' starts anew
    if m.group("np2") is None:
        if m.group("v") is not None and (m.group("v") in _LISTENER_VERBS or m.group("v").endswith("ing")):
            return False                                 # "told Fox News", "suggesting he might"
        return _phrase_or_false(doc.phrase(*m.span("np" if m.group("np") is not None else "np3")))
    a, b = m.span("np2")
    words = doc.masked[a:b].split()
    if not words or len(words) > 14 or any(w.strip(",") in _FINITE or w.strip(",") in _VERB_FORMS
                                          for w in words):
        return False                                     # a verb inside: no subject ("State" is a name)
    words = [w.lower() for w in words]
    phrase = doc.phrase(a, b)
    chunk = doc.masked[a:b].rstrip(", ")
    if "," in chunk:                                     # "... to Obama, Gingrich said", "Perhaps, he said"
        last = doc.phrase(a + chunk.rindex(",") + 1, b)
        if last is not None and last.kind in _NAMING or phrase is None or phrase.kind not in _NAMING:
            phrase = last
    if phrase is None or (phrase.kind not in _NAMING and words[0] not in _DETERMINERS):
        return False                                     # "... violence and to counter": no subject
    if m.group("v2").lower() not in _VERB_FORMS and phrase.kind not in _NAMING:
        return False
    return phrase


def _final(doc: _Doc, seg: _Seg, s1: int) -> S.Phrase | None:
    """A closing ", Ben Carson said." that attributes the whole sentence."""
    if seg.close is None:
        return None
    end = s1
    while end > seg.close and doc.masked[end - 1] in " \t\u00a0.!?\n":
        end -= 1
    m = _FINAL.search(doc.masked, seg.close + 1, end)
    if m is None or (m.group("v") or "").lower() in _LISTENER_VERBS:
        return None
    phrase = doc.phrase(*m.span("np" if m.group("np") is not None else "np2"))
    return phrase if phrase is not None and phrase.kind in _NAMING else None


def _has_words_before(doc: _Doc, seg: _Seg) -> bool:
    """Whether the quotation's sentence has words before its opening mark."""
    s0, _ = doc.sentence(seg.open)
    return bool(_WORD.search(doc.masked, s0, seg.open))


def _phrase_or_false(phrase: S.Phrase | None) -> S.Phrase | bool:
    return False if phrase is None else phrase


def _left(doc: _Doc, s0: int, end: int) -> tuple[S.Phrase | None, int] | bool:
    """Attribution in the sentence from s0 to end; False when there is none."""
    if not _WORD.search(doc.masked, s0, end):
        return False
    m = _ACCORDING.search(doc.masked, s0, end) or _ASKED_BY.search(doc.masked, s0, end)
    if m:
        return doc.phrase(*m.span("np")), m.start()
    inverted = _QUOTE_THEN_VERB.search(doc.masked, s0, end)   # '"The risk," said Edward Leamer, "..."'
    if inverted and inverted.group(1) not in _LISTENER_VERBS:
        phrase = doc.phrase(inverted.end(), end)
        if phrase is not None and phrase.kind in _NAMING:
            return phrase, inverted.end()
    verbs = _verbs(doc, _clause_start(doc, s0, end), end)
    for at, verb in verbs:                               # the outermost speaker: "X said Y called it"
        phrase = _phrase_before(doc, s0, at)
        if verb.endswith("ing"):
            if phrase is not None and (phrase.kind in _NAMING or _starts_np(doc, at, s0)):
                return phrase, at                        # "with spokesman Glen Caplin saying"
            continue                                     # "..., adding": the sentence's subject
        if phrase is not None and (phrase.kind in _NAMING or _starts_np(doc, at, s0)):
            return phrase, at                            # not "his recent remarks": a noun
    found = _subject(doc, s0, end)
    if found is None:
        return (None, s0) if verbs else False
    return found


def _headline_speaker(doc: _Doc, seg: _Seg) -> str | None:
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


def _starts_np(doc: _Doc, verb: int, s0: int) -> bool:
    """Whether the words before a speech verb form a noun phrase: a determiner starts it
    ("the official said") or a plural noun ends it ("sources have said"); "his recent
    remarks" has neither before "remarks", which is then a noun."""
    toks = _tokens(doc, s0, verb)
    while toks and toks[-1][0].lower() in P.QUOTE_AUXILIARIES:
        toks.pop()
    words = [t[0].lower() for t in toks[-6:]]
    if words and words[-1].endswith("s") and words[-1].isalpha() and len(words[-1]) > 3:
        return True
    for k in range(len(words) - 1, -1, -1):
        if words[k] in _STOPS_BACK or words[k].endswith(","):
            return k + 1 < len(words) and words[k + 1] in _DETERMINERS
    return len(toks) <= 6 and bool(words) and words[0] in _DETERMINERS


def _own_speaker(doc: _Doc, seg: _Seg) -> tuple[bool, str | None]:
    """(attribution found?, speaker) from the quotation's own sentence."""
    right = _right(doc, seg)
    if right is not False:
        assert not isinstance(right, bool)
        return True, doc.resolve(right, seg.open)
    s0, s1 = doc.sentence(seg.open)
    if doc.roster.in_headline(seg.open):                 # title case: only "Ryan: 'No Place ...'"
        return True, _headline_speaker(doc, seg)
    final = _final(doc, seg, s1)
    if final is not None:
        return True, doc.resolve(final, seg.open)
    left = _left(doc, s0, seg.open) if doc.masked[s0:seg.open].strip(_BLANK + " \u201c\u201d\",") else False
    if left is False:
        return False, None
    assert not isinstance(left, bool)
    return True, doc.resolve(left[0], left[1])


def _introduced(doc: _Doc, line_from: int, pos: int) -> tuple[bool, str | None]:
    """Speaker set up by the sentence ending at pos: a speech verb or a colon."""
    s0, _ = doc.sentence(max(line_from, pos - 1))
    s0 = max(s0, line_from)
    tail = doc.masked[s0:pos].rstrip()
    if not tail or tail.endswith((_BLANK, "\u201d", '"')) and not tail.endswith(":"):
        return False, None
    if not (tail.endswith(":") or _verbs(doc, s0, pos)
            or re.search(r"\b(?:statement|remarks|interview)\b", tail)):
        return False, None
    left = _left(doc, s0, pos)
    if left is False:
        return False, None
    assert not isinstance(left, bool)
    return True, doc.resolve(left[0], left[1])


def _inherited(doc: _Doc, k: int, own: "_Speakers") -> tuple[bool, str | None]:
    """Speaker of a quotation standing alone as a sentence: from its neighbours."""
    seg = doc.segs[k]
    for j in range(k - 1, -1, -1):
        if doc.segs[j].line != seg.line:
            break
        if (doc.segs[j].words >= MIN_WORDS or _right(doc, doc.segs[j]) is not False) and own[j][0]:
            return own[j]                                # '"Debate recap," tweeted X. "..."' too
    line_start = doc.line_starts[seg.line]
    if doc.masked[line_start:seg.open].strip(_BLANK + " \u201c\u201d\","):
        return _introduced(doc, line_start, seg.open)
    dash = _DASH_LINE.match(doc.text, doc.line_end(seg.line) + 1)
    if dash and dash.start("np") - dash.start() < 6:                # "- Sanders." after a quote
        return True, doc.resolve(S.classify_phrase(dash.group("np").rstrip(". ")), seg.open)
    prev_line = _previous_line(doc, seg.line)
    if prev_line is None:
        return False, None
    prev = [j for j in range(k) if doc.segs[j].line == prev_line and doc.segs[j].words >= MIN_WORDS]
    if prev and doc.segs[prev[-1]].close is None:                  # the quotation goes on
        return own[prev[-1]]
    introduced = _introduced(doc, doc.line_starts[prev_line], doc.line_end(prev_line))
    if introduced[0] or not prev:
        return introduced
    last = doc.segs[prev[-1]]                # a paragraph that ends on its speaker's quote
    tail = doc.masked[(last.close or last.end) + 1:doc.line_end(prev_line)]
    return own[prev[-1]] if len(_WORD.findall(tail)) <= 8 else (False, None)


def _previous_line(doc: _Doc, line: int) -> int | None:
    for number in range(line - 1, max(-1, line - 4), -1):
        if doc.text[doc.line_starts[number]:doc.line_end(number)].strip():
            return number
    return None


class _Speakers:
    """(found?, speaker) per quoted stretch, worked out on demand: a scare quote's speaker
    is needed only when a later quotation inherits it, so most are never computed."""

    def __init__(self, doc: _Doc) -> None:
        self.doc = doc
        self.memo: dict[int, tuple[bool, str | None]] = {}

    def __getitem__(self, k: int) -> tuple[bool, str | None]:
        if k not in self.memo:
            found = _own_speaker(self.doc, self.doc.segs[k])
            self.memo[k] = found if found[0] else _inherited(self.doc, k, self)
        return self.memo[k]


def extract_quotes(body: str) -> tuple[Quote, ...]:
    """Direct quotations of three words or more, with their speakers (or None)."""
    doc = _Doc(body)
    own = _Speakers(doc)
    return tuple(Quote(text=body[seg.start:seg.end], speaker=own[k][1], start=seg.start, end=seg.end)
                 for k, seg in enumerate(doc.segs) if seg.words >= MIN_WORDS)


def extract(text: str) -> list[dict[str, object]]:
    """Harness adapter: quotes as dicts with quote, start, end and speaker."""
    return [{"quote": q.text, "start": q.start, "end": q.end, "speaker": q.speaker}
            for q in extract_quotes(text)]


if __name__ == "__main__":                       # python -m index.quotes FILE -> JSON list
    import json
    with open(sys.argv[1], encoding="utf-8") as handle:
        print(json.dumps(extract(handle.read()), ensure_ascii=False))
