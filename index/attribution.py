"""The grammar of attribution: who is the subject of the speech verb next to a quotation.

Helpers for quotes.py, working on its masked document (quoted words blanked, so nothing
inside quotation marks is taken for attribution). Each function looks in one place:
right after the closing mark ("...," Blinken said / said Blinken), at the end of the
sentence (", Ben Carson said."), or before the opening mark, where the outermost speech
verb of the main clause decides ("X said Y called it ...") and the sentence subject is the
fallback ("Trump called it ..."). subject_mentions lists the named subjects a later "he"
or "she" may stand for.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from index import patterns as P
from index import speakers as S

if TYPE_CHECKING:                                 # quotes.py imports this module at run time
    from index.quotes import Doc, Seg

WORD = re.compile(r"[^\W_]+(?:[\u2019'\-.][^\W_]+)*")
BLANK = "\x01"


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
# The same with speech verbs only: for "Harry Bond, who was among those polled, said".
_RIGHT_SPEECH = re.compile(
    rf"[\s,;:\u2014\u2013\-]*(?P<np2>{_NP}{{1,120}}?)\s+"
    rf"(?:{_AUX}\s+){{0,2}}(?P<v2>{_VERB})\b")
_LOWER_WORD = re.compile(r"(?<![\w\-\u2019'])[a-z]{3,}(?![\w\-])")   # not "post-administration"
_ASKED_BY = re.compile(
    rf"\b(?:was|were|been|being)\s+(?:asked|told|questioned)\s+by\s+(?P<np>{_NP}{{1,90}}?)\s*,")
_AS_NOTED = re.compile(rf"\b[Aa]s\s+(?P<np>{_NP}{{1,80}}?)\s+(?:{_AUX}\s+){{0,2}}"
                       rf"(?:noted|reported|wrote|said|told|put\s+it|explained|observed)"
                       rf"\b[^,\x01]*,")
_ACCORDING = re.compile(rf"\b[Aa]ccording\s+to\s+(?P<np>{_NP}{{1,90}}?)\s*,")
_QUOTE_THEN_VERB = re.compile(rf"[,!?]?[\u201d\"]\s*({_VERB})\s+(?=[A-Z])")
_SUBORDINATE_NAME = re.compile(
    r"\b(?:[Bb]ecause|[Ww]hen|[Aa]lthough|[Tt]hough|[Ii]f|[Ww]hile|[Ss]ince|[Aa]fter|[Bb]efore"
    r"|[Uu]ntil|that)[ \u00a0]+"
    r"((?:[A-Z][\w'\u2019\-]*[ \u00a0]){0,2}[A-Z][\w'\u2019\-]*)[ \u00a0,]+(\S+)")
_INVERTED = re.compile(rf"(?:[,!?]?[\u201d\"]|,)\s*{_VERB}\s+(?=[A-Z])")
TOKEN = re.compile(r"\S+")
NAMING = ("name", "org", "pronoun")
# After a quotation ending in a full stop, "X said" attributes it only when the sentence
# ends soon after ("..." Tiegen stated.), not when a new report begins ("X said it would").
_CLOSING_CLAUSE = re.compile(r"(?![ \u00a0]+(?:that|it|he|she|they|we|i|you|there|the|a|an|"
                             r"his|her|their|"
                             r"its|this|these|those|no|not|to)\b)")
_FINAL = re.compile(
    rf",\s+(?:(?P<v>{_VERB})\s+(?P<np>[^.!?;\x01\u201c\u201d\"\n]{{1,110}})"
    rf"|(?P<np2>[^,.!?;\x01\u201c\u201d\"\n]{{1,60}}?)\s+(?:{_AUX}\s+){{0,2}}(?P<v2>{_VERB}))"
    rf"(?:[^,.!?;\x01\u201c\u201d\"\n]{{0,50}})$")
_INTRODUCES = re.compile(r"(?:[ \u00a0]+\S+){0,3}?:")
_RELATIVE = re.compile(r",\s+(?:who|which)\b[^,]*,")
# Characters of a sentence either side of a quotation or verb that attribution looks at:
# cues sit near their quotation, and a run-on line must not cost quadratic time.
WINDOW = 600


def speech_verbs(doc: "Doc", a: int, b: int) -> list[tuple[int, str]]:
    """Speech-verb forms between offsets a and b: (offset, word)."""
    return [(m.start(), m.group()) for m in _LOWER_WORD.finditer(doc.masked, a, b)
            if m.group() in _VERB_FORMS]


def _tokens(doc: Doc, a: int, b: int) -> list[tuple[str, int, int]]:
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
        return low in P.QUOTE_FINITE_VERBS or low in P.QUOTE_UNAMBIGUOUS_VERBS \
            or (low.endswith("ed") and low in _VERB_FORMS)
    if low in _VERB_FORMS or low in P.QUOTE_FINITE_VERBS or low.endswith(("n't", "n\u2019t")) \
            or low in P.QUOTE_IRREGULAR_PAST or low in P.QUOTE_AUXILIARIES:
        return True                                      # "Trump also embraced", "Fiorina threw"
    if low.endswith(("ed", "ly")) and len(low) > 4:
        return True
    plural_or_possessive = low.endswith(("ss", "us", "is", "'s", "\u2019s"))
    return low.endswith("s") and not plural_or_possessive and S.is_cap(prev)


def _clause_start(doc: Doc, s0: int, end: int) -> int:
    """Where the main clause begins: after "When Ryan said ...," or "Alongside BLM calls ...,"."""
    m = TOKEN.search(doc.masked, s0, end)
    if m is None:
        return s0
    word = m.group()
    if word.lower().strip(",") in P.QUOTE_OPENERS:
        m = TOKEN.search(doc.masked, m.end(), end)
        word = m.group() if m else ""
    if word.lower().rstrip(",") in P.QUOTE_INTRO_WORDS \
            or _time_opener(doc, m.start() if m else s0, end) \
            or _participle_opener(doc, m.start() if m else s0, end):
        comma = doc.masked.find(", ", m.start() if m else s0, end)
        return comma + 2 if comma >= 0 else s0
    return s0


def _participle_opener(doc: Doc, start: int, end: int) -> bool:
    """ "Speaking to reporters, ...", "Asked about it, ...", "Clearly, ...": not a subject.
    A name such as "Ted Nordhaus" is a capitalised "-ed" word followed by another capital."""
    words = doc.masked[start:min(end, start + 40)].split()[:2]
    if not words or not words[0][:1].isupper() or not words[0].endswith(("ing", "ly", "ly,", "ed")):
        return False
    return len(words) < 2 or not words[1][:1].isupper() or words[0].endswith(",")


def _time_opener(doc: Doc, start: int, end: int) -> bool:
    """ "Hours later, ...", "A few days later, ...", "Two weeks ago, ...": a time, not a subject."""
    comma = doc.masked.find(",", start, min(end, start + 40))
    words = doc.masked[start:comma].split() if comma > start else []
    # A sentence may open with the comma itself (wire text: "\n , a Toshiba subsidiary, said").
    return bool(words) and words[-1].lower() in P.QUOTE_TIME_ENDS


def _subject(doc: Doc, s0: int, s1: int) -> tuple[S.Phrase, int] | None:
    """The subject noun phrase of the sentence [s0, s1), after an opening clause.

    The phrase runs to the first verb-like word and may hold appositions ("Zeke Emanuel,
    an oncologist who advised Obama, said": the first part names the subject).
    """
    toks = _tokens(doc, s0, s1)
    while toks and toks[0][0].lower().strip(",") in P.QUOTE_OPENERS:
        toks = toks[1:]
    if toks and (toks[0][0].lower().rstrip(",") in P.QUOTE_INTRO_WORDS
                 or _time_opener(doc, toks[0][1], s1)
                 or _participle_opener(doc, toks[0][1], s1)):
        comma = next((i for i, t in enumerate(toks[:25]) if t[0].endswith(",")), None)
        if comma is None:
            return None
        toks = toks[comma + 1:]
    if not toks or not toks[0][0][:1].isalpha():
        return None
    if toks[0][0].lower() in P.QUOTE_PRONOUNS_PERSON:
        return S.Phrase("pronoun", toks[0][0].lower()), toks[0][1]
    if toks[0][0].lower().replace("\u2019", "'") in P.QUOTE_EXPLETIVES:
        return None                                      # "there's still ...": no speaker here
    prev, last = "", -1
    for i, (tok, a, b) in enumerate(toks[:24]):
        if BLANK in tok or tok[:1] in "\u201c\"\u2018(":
            break
        nxt = toks[i + 1][0] if i + 1 < len(toks) else ""
        if i and _verb_like(tok, prev):
            return _found(doc.phrase(toks[0][1], toks[i - 1][2]), toks[0][1])
        last, prev = i, tok
        if tok.endswith((":", ";")):
            break
    if last >= 0 and toks[last][0].endswith((",", ":")):    # "Rep. Trey Gowdy (R-S.C.): ..."
        found = _found(doc.phrase(toks[0][1], toks[last][2]), toks[0][1])
        return found if found and found[0].kind in NAMING else None
    return None


def _found(phrase: S.Phrase | None, at: int) -> tuple[S.Phrase, int] | None:
    return (phrase, at) if phrase is not None else None


def _phrase_before(doc: Doc, s0: int, verb: int) -> S.Phrase | None:
    """The noun phrase right before a finite speech verb ("In January, Netanyahu said").

    None when a comma stands before the verb (an apposition: the sentence subject decides)
    or the verb is an infinitive ("went on to say").
    """
    toks = _tokens(doc, s0, verb)
    while toks and (toks[-1][0].lower() in P.QUOTE_AUXILIARIES or toks[-1][0].endswith("ly")
                    and not (len(toks) > 1 and toks[-2][0].lower() in P.QUOTE_DETERMINERS)):
        toks.pop()                               # "Trump jokingly said", not "The daily said"
    if toks and toks[-1][0].lower() == "who" and len(toks) > 1 and toks[-2][0].endswith(","):
        return _antecedent(doc, toks[:-1])              # "Franklin Graham, who has vowed"
    if not toks or toks[-1][0].lower() in P.QUOTE_NOUN_MARKERS or toks[-1][0] in ("--", "-") \
            or toks[-1][0].endswith((",", "\u2014", "\u2013", ":", ";")):
        return None                                     # "to say", "the state", "his post"
    taken: list[tuple[str, int, int]] = []
    for tok in reversed(toks[-12:]):
        word, low = tok[0], tok[0].lower()
        if word.endswith((",", ";", ":", "\u2014")) or BLANK in word \
                or word[:1] in "\u201d\u201c\"\u2019" or low in P.QUOTE_CLAUSE_WORDS \
                or low in _VERB_FORMS or low in P.QUOTE_FINITE_VERBS:
            break
        taken.append(tok)
        if word.startswith("("):
            taken.pop()
            break
    if not taken:
        return None
    taken.reverse()
    return doc.phrase(taken[0][1], taken[-1][2])


def _antecedent(doc: Doc, toks: list[tuple[str, int, int]]) -> S.Phrase | None:
    """The name a relative "who" refers to: the capitalised run before its comma."""
    run = []
    for tok in reversed(toks[-6:]):
        if run and not S.is_cap(tok[0]) or tok[0].lower() in P.QUOTE_CLAUSE_WORDS:
            break
        run.append(tok)
    if not run:
        return None
    phrase = doc.phrase(run[-1][1], run[0][2])
    return phrase if phrase is not None and phrase.kind in NAMING else None


def subject_mentions(doc: Doc, s0: int, s1: int) -> list[tuple[int, str]]:
    """Named persons standing as subjects in a sentence: the antecedents of "he"/"she"."""
    found: list[tuple[int, S.Phrase | None]] = []
    subject = _subject(doc, s0, s1)
    if subject is not None:
        found.append((subject[1], subject[0]))
    for at, _ in speech_verbs(doc, s0, s1):
        found.append((at, _phrase_before(doc, max(s0, at - WINDOW), at)))
    for m in _SUBORDINATE_NAME.finditer(doc.masked, s0, s1):          # "because Trump has"
        if _verb_like(m.group(2), m.group(1)):
            found.append((m.start(1), S.classify_phrase(m.group(1))))
    for m in _INVERTED.finditer(doc.masked, s0, s1):                 # "...," said Jason Gilbert
        found.append((m.end(), doc.phrase(m.end(), min(s1, m.end() + 90))))
    out = []
    for pos, phrase in sorted(found, key=lambda f: f[0]):
        named = phrase is not None and phrase.kind == "name"
        person = doc.roster.person(phrase.value) if named else None  # type: ignore[union-attr]
        if person is not None and not doc.roster.in_headline(pos):
            out.append((pos, person))
    return out


def right_attribution(doc: Doc, seg: Seg) -> S.Phrase | None | bool:
    """Attribution right after the closing mark; False when there is none."""
    if seg.close is None:
        return False
    end = min(doc.line_end(seg.line), seg.close + 160)
    m = _RIGHT.match(doc.masked, seg.close + 1, end)
    if m is not None and m.group("v2") is not None and m.group("v2") not in _VERB_FORMS:
        m = _RIGHT_SPEECH.match(doc.masked, seg.close + 1, end) or m   # a verb in a relative clause
    if m is None:
        return False
    colon = _INTRODUCES.match(doc.masked, m.end())
    if colon and not speech_verbs(doc, m.end(), colon.end()):
        return False                                     # 'Trump said: "..."' is the next quote's
    if doc.text[seg.end - 1:seg.end] == "." and (not _CLOSING_CLAUSE.match(doc.masked, m.end())
                                                  or _has_words_before(doc, seg)):
        return False                                     # '...end." He said it would' starts anew
    if m.group("np2") is None:
        verb = m.group("v")
        if verb is not None and (verb in P.QUOTE_LISTENER_VERBS or verb.endswith("ing")):
            return False                                 # "told Fox News", "suggesting he might"
        return _phrase_or_false(doc.phrase(*m.span("np" if m.group("np") is not None else "np3")))
    a, b = m.span("np2")
    words = _RELATIVE.sub(",", doc.masked[a:b]).split()   # "Harry Bond, who was polled, said"
    if not words or len(words) > 14 or any(w.strip(",") in P.QUOTE_FINITE_VERBS
                                          or w.strip(",") in _VERB_FORMS for w in words):
        return False                         # a verb inside: no subject ("State" is a name)
    words = [w.lower() for w in words]
    phrase = doc.phrase(a, b)
    chunk = doc.masked[a:b].rstrip(", ")
    if "," in chunk:                         # "... to Obama, Gingrich said", "Perhaps, he said"
        last = doc.phrase(a + chunk.rindex(",") + 1, b)
        if last is not None and last.kind in NAMING or phrase is None or phrase.kind not in NAMING:
            phrase = last
    if phrase is None or (phrase.kind not in NAMING and words[0] not in P.QUOTE_DETERMINERS):
        return False                                     # "... violence and to counter": no subject
    if m.group("v2").lower() not in _VERB_FORMS and phrase.kind not in NAMING:
        return False
    return phrase


def final_attribution(doc: Doc, seg: Seg, s1: int) -> S.Phrase | None:
    """A closing ", Ben Carson said." that attributes the whole sentence."""
    if seg.close is None:
        return None
    end = s1
    while end > seg.close and doc.masked[end - 1] in " \t\u00a0.!?\n":
        end -= 1
    m = _FINAL.search(doc.masked, seg.close + 1, end)
    if m is None or (m.group("v") or "").lower() in P.QUOTE_LISTENER_VERBS:
        return None
    phrase = doc.phrase(*m.span("np" if m.group("np") is not None else "np2"))
    return phrase if phrase is not None and phrase.kind in NAMING else None


def _has_words_before(doc: Doc, seg: Seg) -> bool:
    """Whether the quotation's sentence has words before its opening mark."""
    s0, _ = doc.clause(seg.open)
    return bool(WORD.search(doc.masked, s0, seg.open))


def _phrase_or_false(phrase: S.Phrase | None) -> S.Phrase | bool:
    return False if phrase is None else phrase


def left_attribution(doc: Doc, s0: int, end: int) -> tuple[S.Phrase | None, int, bool] | bool:
    """Attribution in the sentence from s0 to end: (phrase, offset, cued by a speech verb?);
    False when there is none."""
    if not WORD.search(doc.masked, s0, end):
        return False
    m = _ACCORDING.search(doc.masked, s0, end) or _ASKED_BY.search(doc.masked, s0, end) \
        or _as_noted(doc, s0, end)
    if m:
        return doc.phrase(*m.span("np")), m.start(), True
    # '"The risk," said Edward Leamer, "..."'
    inverted = _QUOTE_THEN_VERB.search(doc.masked, s0, end)
    if inverted and inverted.group(1) not in P.QUOTE_LISTENER_VERBS:
        phrase = doc.phrase(inverted.end(), end)
        if phrase is not None and phrase.kind in NAMING:
            return phrase, inverted.end(), True
    verbs = speech_verbs(doc, _clause_start(doc, s0, end), end)
    for at, verb in verbs:                   # the outermost speaker: "X said Y called it"
        phrase = _phrase_before(doc, s0, at)
        if verb.endswith("ing"):
            if phrase is not None and (phrase.kind in NAMING or _starts_np(doc, at, s0)):
                return phrase, at, True                  # "with spokesman Glen Caplin saying"
            continue                                     # "..., adding": the sentence's subject
        if phrase is not None and (phrase.kind in NAMING or _starts_np(doc, at, s0)):
            return phrase, at, True                      # not "his recent remarks": a noun
    found = _subject(doc, s0, end)
    if found is None:
        return (None, s0, False) if verbs else False
    return found[0], found[1], False


def _as_noted(doc: Doc, s0: int, end: int) -> re.Match[str] | None:
    """ "As The Daily Caller reported, ..." opening a clause, not "identifies as Hispanic, told"."""
    m = _AS_NOTED.search(doc.masked, s0, end)
    if m is None:
        return None
    before = doc.masked[s0:m.start()].rstrip()
    opens = not before or before.endswith(",") or before.lower() in ("but", "and", "yet")
    return m if opens else None


def _starts_np(doc: Doc, verb: int, s0: int) -> bool:
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
        if words[k] in P.QUOTE_CLAUSE_WORDS or words[k].endswith(","):
            return k + 1 < len(words) and words[k + 1] in P.QUOTE_DETERMINERS
    return len(toks) <= 6 and bool(words) and words[0] in P.QUOTE_DETERMINERS
