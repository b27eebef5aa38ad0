"""The people, roles and organisations an article names: the cast its quotes are resolved to.

Helpers for quotes.py. Names are looked up per last name on demand ("Netanyahu" ->
"Benjamin Netanyahu"); roles ("Secretary of State Antony Blinken") and organisations
("The Jerusalem Post newspaper") are collected only when a quote refers back to one.
"""

from __future__ import annotations

import bisect
import re
from functools import lru_cache

from index import patterns as P
from index.speakers import STRIP, Phrase, bare, clean_name, name_phrase, role_keys

# Two or more capitalised tokens on one line (never across a line end: "Cruz\n\nBlackwell").
_MULTI_RUN = re.compile(
    r"(?:[A-Z]\.)*[A-Z][\w'\u2019\-]*\x02?(?:[ \u00a0](?:(?:de|van|von|bin|al|da|del|la|le|of) )?"
    r"(?:[A-Z]\.)*[A-Z][\w'\u2019\-]*\x02?)+")


class Roster:
    """People, roles and organisations an article names outside quotation marks.

    Built from capitalised runs of the masked text. A sentence's first word is a name only
    if the article never writes it in lower case ("Even Rendell said" -> "Rendell"), and
    headline-like lines in title case are skipped: their capitals prove nothing.
    """

    def __init__(self, text: str, masked: str, line_starts: list[int]) -> None:
        self._text, self._masked = text, masked
        self._lower_cache: dict[str, bool] = {}
        self._known_cache: dict[str, bool] = {}
        self._headline_cache: dict[int, bool] = {}
        self._line_starts = line_starts
        self._names_cache: dict[str, tuple[list[str], bool]] = {}
        self._roles: list[tuple[int, str, str]] | None = None
        self._orgs: list[tuple[int, str]] = []
        self._lower_text: str | None = None

    def _names(self, word: str) -> tuple[list[str], bool]:
        """Full names ending in this last name, and whether it follows a title ("Mr. Obama").

        Looked up per last name on demand: most articles need only a handful, and indexing
        speed matters more than a complete census of the article's names.
        """
        key = bare(word)
        if key not in self._names_cache:
            fulls, titled = [], False
            for start, end in _occurrences(self._masked, word.strip(STRIP).rstrip(".")):
                tokens = self._run_ending(start, end)
                phrase = _run_phrase(tuple(tokens)) if tokens else None
                if phrase is None or phrase.kind != "name":
                    continue
                name = phrase.value.split()
                titled = titled or (len(name) == 1 and bool(phrase.roles))
                if 2 <= len(name) <= 4 and not any(bare(t) in P.QUOTE_ORG_WORDS for t in name):
                    if phrase.value not in fulls:     # each form once: "Rosa Delgado" x 3000
                        fulls.append(phrase.value)
            self._names_cache[key] = (fulls, titled)
        return self._names_cache[key]

    def _run_ending(self, start: int, end: int) -> list[str]:
        """The capitalised run that ends with the word at [start, end), or [] if it goes on."""
        masked = self._masked
        after = _AFTER_NAME.match(masked, end)
        if after and after.group(1) is None:
            return []                         # "Clinton Foundation": the run goes on
        run_start = start
        for m in reversed(list(_SPACED_TOKEN.finditer(masked, max(0, start - 60), start))[-6:]):
            if m.end() != run_start - 1 or masked[m.end()] not in " \u00a0" \
                    or not _RUN_TOKEN.fullmatch(m.group()):
                break                             # walk back over "Secretary of State Antony"
            run_start = m.start()
        tokens = masked[run_start:end].replace("\x02", ".").split() + \
            ([after.group(1)] if after and after.group(1) else [])
        while len(tokens) > 1 and tokens[0] in P.QUOTE_NAME_PARTICLES:
            tokens = tokens[1:]                   # "... de Wisconsin Trump": no name starts so
        if len(tokens) > 1 and _sentence_initial(masked, run_start) \
                and self.in_lower_case(bare(tokens[0])):
            tokens = tokens[1:]
        return [] if self.in_headline(start) else tokens

    def _scan(self) -> list[tuple[int, str, str]]:
        """Every run of the article, for roles and organisations (needed only by a few quotes)."""
        if self._roles is None:
            self._roles = []
            for m in _MULTI_RUN.finditer(self._masked):
                tokens = m.group(0).replace("\x02", ".").split()
                if _sentence_initial(self._masked, m.start()) \
                        and self.in_lower_case(bare(tokens[0])):
                    tokens = tokens[1:]
                if tokens and not self.in_headline(m.start()):
                    self._add(m.start(), m.end(), tokens)
        return self._roles

    def is_known(self, word: str) -> bool:
        """Whether the article capitalises this word inside a sentence, not only at its start."""
        if word not in self._known_cache:
            self._known_cache[word] = any(not _sentence_initial(self._masked, start)
                                          for start, _ in _occurrences(self._masked, word))
        return self._known_cache[word]

    def in_lower_case(self, word: str) -> bool:
        """Whether the article writes this word in lower case somewhere ("even", "six")."""
        if word not in self._lower_cache:
            found, text, probe = False, self._text, " " + word
            i = text.find(probe) if word.isalpha() else -1
            while i >= 0 and not found:
                found = text[i + len(probe):i + len(probe) + 1] in (" ", ",", ".", ";", ":")
                i = text.find(probe, i + 1)
            self._lower_cache[word] = found
        return self._lower_cache[word]

    def in_headline(self, pos: int) -> bool:
        """Whether pos lies on a title-case line (headline, caption): 4+ words, most capitalised."""
        k = bisect.bisect_right(self._line_starts, pos) - 1
        if k not in self._headline_cache:
            start = self._line_starts[k]
            end = self._line_starts[k + 1] - 1 if k + 1 < len(self._line_starts) \
                else len(self._text)
            words = [w for w in self._text[start:end].split() if w[:1].isalpha()] \
                if end - start <= 250 else []     # longer: a paragraph, not a headline
            self._headline_cache[k] = len(words) >= 4 and _mostly_capitalised(words)
        return self._headline_cache[k]

    def person(self, name: str) -> str | None:
        """The name if it can be a person the article introduces, else None.

        A single word must be the last name of a fuller name in the article ("Rubio" after
        "Marco Rubio"): "Michigan said" or "Congress did" name no one to a pronoun.
        """
        tokens = name.split()
        if len(tokens) > 1 and self._initial_only(tokens[0]):
            tokens = tokens[1:]               # "Both Justin Trudeau" at a sentence start
        if any(bare(t).rsplit("-", 1)[-1] in P.QUOTE_ORG_WORDS or bare(t) in P.QUOTE_NOT_NAME_WORDS
               for t in tokens):
            return None                       # "Chicago Sun-Times" is no one's "he"
        if sum(t.isupper() and len(t) > 3 for t in tokens) >= 1 and len(tokens) > 1:
            return None                       # "MIDWAY ATOLL": a dateline, not a person
        if len(tokens) == 1 and not any(self._names(tokens[0])):
            return None
        return self.fullest(" ".join(tokens))

    def introduced(self, name: str) -> bool:
        """Whether the body names this person in full, or this last name after a title."""
        tokens = name.split()
        fulls, titled = self._names(_last_token(tokens))
        if len(tokens) == 1:
            return bool(fulls) or titled
        return name in fulls

    def _initial_only(self, word: str) -> bool:
        """A capitalised word the article otherwise writes in lower case ("Six", "Both")."""
        return self.in_lower_case(bare(word)) and not self.is_known(word.strip(STRIP).rstrip("."))

    def plausible(self, name: str, cued: bool = True) -> str | None:
        """A name as written may stand if its words are not just sentence-initial capitals.

        cued: a speech verb stands by it ("Tiegen stated"), so one word the article never
        writes in lower case is taken even if it is only ever seen at a sentence start."""
        tokens = name.split()
        if len(tokens) > 1 and self._initial_only(tokens[0]):
            tokens = tokens[1:]               # "Six Trump" at a sentence start
        word = tokens[0].strip(STRIP).rstrip(".") if len(tokens) == 1 else ""
        if word and (self.in_lower_case(word.lower()) or word.isupper() and len(word) > 3
                     or not cued and not self.is_known(word) and not self._names(word)[0]):
            return None                   # "Fifteen minutes after", "PHILADELPHIA", "Teachers are"
        return self.fullest(" ".join(tokens))

    def _add(self, start: int, end: int, tokens: list[str]) -> None:
        masked = self._masked
        after = masked[end:end + 14].split()[:1]
        before = masked[max(0, start - 30):start].split()[-1:]
        lead = [w for w in before if w.isalpha() and w.islower()]
        phrase = _run_phrase(tuple(tokens))
        if phrase is None:
            return
        if phrase.kind == "org" or (after and bare(after[0]) in P.QUOTE_OUTLET_NOUNS):
            self._orgs.append((start, clean_name(tokens)))
            return
        if phrase.kind != "name":
            return
        keys = set(phrase.roles) | set(role_keys(lead))
        apposition = _APPOSITION.match(masked, end)
        if apposition:
            keys |= set(role_keys(apposition.group(1).split()))
        for key in keys:
            self._roles.append((start, key, phrase.value))  # type: ignore[union-attr]

    def fullest(self, name: str) -> str:
        """The longest form of a person's name the article gives, when unambiguous."""
        tokens = name.split()
        if not tokens or any(bare(t) in P.QUOTE_ORG_WORDS for t in tokens):
            return name
        first = bare(tokens[0]) if len(tokens) > 1 else ""
        cands = [c for c in self._names(_last_token(tokens))[0]
                 if (not first or first in {bare(t) for t in c.split()})
                 and _suffix(c.split()) == _suffix(tokens)]      # "Duncan Hunter Sr." differs
        if not cands:
            return name
        firsts = {bare(c.split()[0]) for c in cands}
        if len(firsts) > 1 and not _initials_agree(firsts):
            return name                   # two people share the last name: keep it as written
        return max(cands, key=lambda c: (len(c.split()), len(c)))

    def role(self, keys: tuple[str, ...], offset: int) -> str | None:
        """The one person introduced with this role before offset, else None."""
        heads = {P.QUOTE_TITLE_ALIAS_BACK.get(k.split()[-1], k.split()[-1]) for k in keys}
        if not any(self._written_before(head, offset) for head in heads):
            return None                       # the role is never written before: no holder
        for wanted in sorted(keys, key=len, reverse=True):
            holders = {name for pos, key, name in self._scan() if key == wanted and pos < offset}
            if len(holders) == 1:
                return self.fullest(holders.pop())
            if len(holders) > 1:
                return None               # two holders of the role: unsure
        return None

    def _written_before(self, word: str, offset: int) -> bool:
        """Whether the word (any case) occurs twice before offset: once for its holder."""
        if self._lower_text is None:
            self._lower_text = self._text.lower()
        first = self._lower_text.find(word)
        return 0 <= first < offset and self._lower_text.find(word, first + 1) >= 0

    def org(self, noun: str, offset: int) -> str | None:
        """The organisation last named before offset that the noun can refer to."""
        words = P.QUOTE_ORG_NOUNS.get(noun, frozenset())
        self._scan()
        named = [org for pos, org in self._orgs
                 if pos < offset and any(bare(w) in words for w in org.split())]  # "Commission on"
        return named[-1] if named else None


_APPOSITION = re.compile(
    r",[ \u00a0]+(?:the[ \u00a0]+)?((?:[a-z][\w\-]*[ \u00a0]+){0,3}[a-z][\w\-]*)"
    r"(?=,|[ \u00a0]+(?:of|for|at|in|who)\b|\.)")


@lru_cache(maxsize=16384)
def _run_phrase(tokens: tuple[str, ...]) -> Phrase | None:
    return name_phrase(list(tokens), [bare(t) for t in tokens])


def _mostly_capitalised(words: list[str]) -> bool:
    """Three words in four capitalised; stops at the first lower-case word too many."""
    allowed, lower = len(words) // 4, 0
    for word in words:
        if word[0].islower():
            lower += 1
            if lower > allowed:
                return False
    return True


def _sentence_initial(masked: str, start: int) -> bool:
    k = start - 1
    while k >= 0 and masked[k] in " \t\u00a0\u201c\u2018\"(\x01":
        k -= 1
    return k < 0 or masked[k] in "\n.!?:\u201d"


# Masked text: an abbreviation's period is "\x02", so a real "." ends a run ("Gaza. Blinken").
_SPACED_TOKEN = re.compile(r"[^ \u00a0\n]+")
_RUN_TOKEN = re.compile(r"(?:[A-Z]\.)*[A-Z][\w'\u2019\-]*\x02?|de|van|von|bin|al|da|del|la|le|of")
_AFTER_NAME = re.compile(
    r"(?:,?[ \u00a0](Jr[.\x02]|Sr[.\x02]|II|III|IV)(?!\w)|[ \u00a0](?=[A-Z][a-z]))")


def _occurrences(text: str, word: str) -> list[tuple[int, int]]:
    """Whole-word occurrences of word in text (str.find: faster than a fresh regex)."""
    out, i, n = [], text.find(word), len(word)
    while i >= 0 and word:
        before = text[i - 1] if i else " "
        after = text[i + n] if i + n < len(text) else " "
        if not (before.isalnum() or before in "'\u2019-") and not (after.isalnum() or after == "-"):
            out.append((i, i + n))
        i = text.find(word, i + n)
    return out


def _suffix(tokens: list[str]) -> str:
    last = bare(tokens[-1])
    return last if last in P.QUOTE_NAME_SUFFIXES else ""


def _last_token(name: list[str]) -> str:
    toks = [t for t in name if bare(t) not in P.QUOTE_NAME_SUFFIXES] or name
    return toks[-1]




def _initials_agree(firsts: set[str]) -> bool:
    longest = max(firsts, key=len)
    return all(f == longest or (len(f) <= 2 and longest.startswith(f[0])) for f in firsts)
