"""Who a noun phrase names: a person, an organisation, a role, a pronoun or nobody.

Helpers for quotes.py. A phrase such as "former Ambassador Mark Regev" or "The daily" is
classified by its head; names are then written in the fullest form the article gives
(Roster). The guiding rule: a wrong name is worse than none, so doubt yields None.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from functools import lru_cache

from index import patterns as P

_CAP_TOKEN = re.compile(r"(?:[A-Z][\w'\u2019\-]*\.?|(?:[A-Z]\.){1,3}[A-Z]?)$")
_PARTICLES = frozenset("de da di del der van von bin ibn al el la le du mc".split())
_SUFFIXES = frozenset("jr sr ii iii iv".split())
# Words that end the head of a phrase ("Jason Gilbert of Cheyenne", "Stuart Stevens, who
# was ...", "a spokesman for Bernie Sanders", "Dan Golvach when asked").
_HEAD_STOPS = frozenset(
    "of for from at in with who which whose that on to as by about after before during near "
    "under over when where while because if and or but told said says than".split()
)
_DASHED_ASIDE = re.compile(r"\s(?:[\u2014\u2013]|--)\s.*?\s(?:[\u2014\u2013]|--)\s")
_POSSESSIVE = re.compile(r"['\u2019]s?$")
_KEEP_PERIOD = re.compile(r"(?:\b[A-Z]|Jr|Sr|Inc)\.$")
_STRIP = ",;:()[]\"'\u2019\u201c\u201d\u2018"
# Two or more capitalised tokens on one line (never across a line end: "Cruz\n\nBlackwell").
_MULTI_RUN = re.compile(
    r"(?:[A-Z]\.)*[A-Z][\w'\u2019\-]*\x02?(?:[ \u00a0](?:(?:de|van|von|bin|al|da|del|la|le|of) )?"
    r"(?:[A-Z]\.)*[A-Z][\w'\u2019\-]*\x02?)+")


@dataclass(frozen=True)
class Phrase:
    """What a noun phrase refers to: kind is name | org | pronoun | role | orgnoun | unnamed."""

    kind: str
    value: str = ""
    roles: tuple[str, ...] = ()


@lru_cache(maxsize=65536)
def bare(token: str) -> str:
    """Lower-cased token without outer punctuation or a possessive, for set look-ups."""
    return _POSSESSIVE.sub("", token.strip(_STRIP)).lower().rstrip(".")


@lru_cache(maxsize=65536)
def is_cap(token: str) -> bool:
    core = token.strip(_STRIP)
    return bool(_CAP_TOKEN.match(core)) or core.lower().rstrip(".") in _SUFFIXES


def _possessive(token: str) -> bool:
    return token.rstrip(_STRIP.replace("'", "").replace("\u2019", "")).endswith(
        ("'s", "\u2019s", "s'", "s\u2019"))


def _head(words: list[str]) -> list[str]:
    """Tokens of the head: up to a preposition or relative, keeping "Secretary of State"."""
    out: list[str] = []
    for i, word in enumerate(words):
        low = word.lower()
        if word.startswith("(") or word[:1] in "\u2014\u2013-":
            break
        if low in _HEAD_STOPS:
            prev = bare(out[-1]) if out else ""
            titled = prev in P.QUOTE_TITLE_WORDS or prev in P.QUOTE_ORG_WORDS
            if low == "of" and titled and i + 1 < len(words) and is_cap(words[i + 1]):
                out.append(word)
                continue
            break
        out.append(word)
        if word.endswith((",", ";", ":")):
            break
    return out


def _titled(low: str) -> bool:
    return low in P.QUOTE_TITLE_WORDS or low in P.QUOTE_ORG_WORDS


def _strip_titles(run: list[str]) -> tuple[list[str], list[str]]:
    """Split a capitalised run into (title words, name) after its last title word."""
    cut = 0
    for i, token in enumerate(run[:-1]):
        low = bare(token)
        if low in P.QUOTE_TITLE_WORDS or low == "of" or (
                i == cut and (low in P.QUOTE_NOT_NAME_WORDS or low in P.QUOTE_GROUP_WORDS)):
            cut = i + 1
    return run[:cut], run[cut:]


def clean_name(tokens: list[str]) -> str:
    """Join name tokens; drop brackets, a possessive and a sentence period (not "Jr.")."""
    text = _POSSESSIVE.sub("", " ".join(t.strip(_STRIP) for t in tokens))
    if text.endswith(".") and not _KEEP_PERIOD.search(text):
        text = text[:-1]
    return text.strip()


@lru_cache(maxsize=8192)
def classify_phrase(phrase: str) -> Phrase | None:
    """Classify a noun phrase standing as the subject of a speech verb."""
    phrase = _DASHED_ASIDE.sub(" ", phrase)              # "X — aside — said"
    parts = [p.split() for p in re.split(r",\s*", phrase.strip(" ,")) if p.strip()]
    if not parts:
        return None
    first = _classify_part(parts[0])
    if first is not None and first.kind in ("name", "org", "pronoun"):
        return first
    # "her senior policy adviser, Jake Sullivan": the apposition names the speaker.
    if len(parts) > 1 and first is not None and first.kind in ("role", "unnamed", "orgnoun"):
        second = _classify_part(parts[1])
        if second is not None and second.kind == "name" and len(parts[1]) <= 5:
            return Phrase("name", second.value, first.roles)
    return first


def _classify_part(words: list[str]) -> Phrase | None:
    while words and bare(words[0]) in ("and", "but", "while", "so", "then", "even", "also"):
        words = words[1:]
    words = [w for w in words if bare(w) not in ("himself", "herself", "themselves", "itself")]
    head = _head(words)
    if not head:
        return None
    if len(words) > len(head) and bare(words[len(head)]) == "and":
        return Phrase("unnamed")                       # "Trump and Ryan issued": no one speaker
    low = [bare(w) for w in head]
    if low[0] in P.QUOTE_UNNAMED_HEADS:
        return Phrase("unnamed")
    if low[0] in P.QUOTE_PRONOUNS_PERSON and len(head) == 1:
        return Phrase("pronoun", low[0])
    if low[0] in P.QUOTE_PRONOUNS_OTHER and len(head) == 1:
        return Phrase("unnamed")
    if len(head) > 1 and _possessive(head[-2]) and low[-1] in P.QUOTE_UTTERANCE_NOUNS:
        return _name_phrase(head[:-1], low[:-1])       # "Clinton's response was: ..."
    if _possessive(head[-1]):
        return Phrase("unnamed")                       # "Trump's" alone is no speaker
    if is_cap(head[-1]) and (low[-1] not in P.QUOTE_TITLE_WORDS or low[-1] in P.QUOTE_ORG_WORDS):
        return _name_phrase(head, low)                 # "the White House" is no title
    if low[0] in ("the", "this", "that") and len(head) <= 5:
        if low[-1] in P.QUOTE_ORG_NOUNS:
            return Phrase("orgnoun", low[-1])
        return Phrase("role", "", role_keys(low[1:]))
    if is_cap(head[-1]):                               # "The U.S. Secretary of State"
        return Phrase("role", "", role_keys(low))
    return Phrase("unnamed")


def _name_phrase(head: list[str], low: list[str]) -> Phrase | None:
    start = len(head)
    while start > 0 and not _possessive(head[start - 1]) and (
            is_cap(head[start - 1]) or low[start - 1] in _PARTICLES
            or (low[start - 1] == "of" and start > 1 and _titled(low[start - 2]))):
        start -= 1                                     # "Secretary of State X", not "X of Missouri"
    run, before = head[start:], low[:start]
    if not run:
        return None
    if any(w in P.QUOTE_UNNAMED_HEADS for w in before):
        return Phrase("unnamed")
    last = bare(run[-1])
    if any(bare(w) in P.QUOTE_ORG_WORDS and bare(n) == "of" for w, n in zip(run, run[1:])):
        return Phrase("org", clean_name(run))          # "the Illinois Board of Elections"
    if last in P.QUOTE_ORG_WORDS or last in P.QUOTE_OUTLET_NOUNS:
        return Phrase("org", clean_name(run))
    if len(run) == 1 and last in P.QUOTE_GROUP_WORDS:
        return Phrase("unnamed")                       # "Democrats in Iowa said"
    titles, name = _strip_titles(run)
    keys = role_keys([w for w in before if w != "the"] + [bare(t) for t in titles])
    last = bare(name[-1]) if name else ""
    if not name or last in P.QUOTE_NOT_NAME_WORDS or last in P.QUOTE_TITLE_WORDS:
        return Phrase("role", "", keys)
    return Phrase("name", clean_name(name),
                  role_keys([w for w in before if w != "the"] + [bare(t) for t in titles]))


def role_keys(words: list[str]) -> tuple[str, ...]:
    """Keys a role is referred back by: the whole title and its last noun."""
    words = [P.QUOTE_TITLE_ALIASES.get(w, w) for w in words
             if w and w not in P.QUOTE_NOT_NAME_WORDS and w not in P.QUOTE_ROLE_MODIFIERS]
    if not words:
        return ()
    keys = {" ".join(words), words[-1]}
    if "of" in words:
        keys.add(" ".join(words[: words.index("of")]))
    return tuple(sorted(keys))


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

    def _names(self, word: str) -> tuple[list[str], bool]:
        """Full names ending in this last name, and whether it follows a title ("Mr. Obama").

        Looked up per last name on demand: most articles need only a handful, and indexing
        speed matters more than a complete census of the article's names.
        """
        key = bare(word)
        if key not in self._names_cache:
            fulls, titled = [], False
            for start, end in _occurrences(self._masked, word.strip(_STRIP).rstrip(".")):
                tokens = self._run_ending(start, end)
                phrase = _run_phrase(tuple(tokens)) if tokens else None
                if phrase is None or phrase.kind != "name":
                    continue
                name = phrase.value.split()
                titled = titled or (len(name) == 1 and bool(phrase.roles))
                if 2 <= len(name) <= 4 and not any(bare(t) in P.QUOTE_ORG_WORDS for t in name):
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
        while len(tokens) > 1 and tokens[0] in _PARTICLES:
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
                else len(self._masked)
            words = [w for w in self._masked[start:end].split() if w[:1].isalpha()] \
                if end - start <= 250 else []     # longer: a paragraph, not a headline
            self._headline_cache[k] = len(words) >= 4 and \
                sum(w[0].isupper() for w in words) >= 0.75 * len(words)
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
        return self.in_lower_case(bare(word)) and not self.is_known(word.strip(_STRIP).rstrip("."))

    def plausible(self, name: str, cued: bool = True) -> str | None:
        """A name as written may stand if its words are not just sentence-initial capitals.

        cued: a speech verb stands by it ("Tiegen stated"), so one word the article never
        writes in lower case is taken even if it is only ever seen at a sentence start."""
        tokens = name.split()
        if len(tokens) > 1 and self._initial_only(tokens[0]):
            tokens = tokens[1:]               # "Six Trump" at a sentence start
        word = tokens[0].strip(_STRIP).rstrip(".") if len(tokens) == 1 else ""
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
        suffix = bare(tokens[-1]) if bare(tokens[-1]) in _SUFFIXES else ""
        cands = [c for c in self._names(_last_token(tokens))[0]
                 if (not first or first in {bare(t) for t in c.split()})
                 and (bare(c.split()[-1]) if bare(c.split()[-1]) in _SUFFIXES else "") == suffix]
        if not cands:
            return name
        firsts = {bare(c.split()[0]) for c in cands}
        if len(firsts) > 1 and not _initials_agree(firsts):
            return name                   # two people share the last name: keep it as written
        return max(cands, key=lambda c: (len(c.split()), len(c)))

    def role(self, keys: tuple[str, ...], offset: int) -> str | None:
        """The one person introduced with this role before offset, else None."""
        for wanted in sorted(keys, key=len, reverse=True):
            holders = {name for pos, key, name in self._scan() if key == wanted and pos < offset}
            if len(holders) == 1:
                return self.fullest(holders.pop())
            if len(holders) > 1:
                return None               # two holders of the role: unsure
        return None

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
    return _name_phrase(list(tokens), [bare(t) for t in tokens])


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


def _last_token(name: list[str]) -> str:
    toks = [t for t in name if bare(t) not in _SUFFIXES] or name
    return toks[-1]




def _initials_agree(firsts: set[str]) -> bool:
    longest = max(firsts, key=len)
    return all(f == longest or (len(f) <= 2 and longest.startswith(f[0])) for f in firsts)
