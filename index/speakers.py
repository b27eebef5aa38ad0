"""Who a noun phrase names: a person, an organisation, a role, a pronoun or nobody.

Helpers for quotes.py. A phrase such as "former Ambassador Mark Regev" or "The daily" is
classified by its head (roster.py then writes names in the fullest form the article gives).
The guiding rule: a wrong name is worse than none, so doubt yields "unnamed" or None.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from index import patterns as P

_CAP_TOKEN = re.compile(r"(?:[A-Z][\w'\u2019\-]*\.?|(?:[A-Z]\.){1,3}[A-Z]?)$")
_DASHED_ASIDE = re.compile(r"\s(?:[\u2014\u2013]|--)\s.*?\s(?:[\u2014\u2013]|--)\s")
_POSSESSIVE = re.compile(r"['\u2019]s?$")
_KEEP_PERIOD = re.compile(r"(?:\b[A-Z]|Jr|Sr|Inc)\.$")
STRIP = ",;:()[]\"'\u2019\u201c\u201d\u2018"


@dataclass(frozen=True)
class Phrase:
    """What a noun phrase refers to: kind is name | org | pronoun | role | orgnoun | unnamed."""

    kind: str
    value: str = ""
    roles: tuple[str, ...] = ()


@lru_cache(maxsize=65536)
def bare(token: str) -> str:
    """Lower-cased token without outer punctuation or a possessive, for set look-ups."""
    return _POSSESSIVE.sub("", token.strip(STRIP)).lower().rstrip(".")


@lru_cache(maxsize=65536)
def is_cap(token: str) -> bool:
    core = token.strip(STRIP)
    return bool(_CAP_TOKEN.match(core)) or core.lower().rstrip(".") in P.QUOTE_NAME_SUFFIXES


def _possessive(token: str) -> bool:
    return token.rstrip(STRIP.replace("'", "").replace("\u2019", "")).endswith(
        ("'s", "\u2019s", "s'", "s\u2019"))


def _head(words: list[str]) -> list[str]:
    """Tokens of the head: up to a preposition or relative, keeping "Secretary of State"."""
    out: list[str] = []
    for i, word in enumerate(words):
        low = word.lower()
        if word.startswith("(") or word[:1] in "\u2014\u2013-":
            break
        if low in P.QUOTE_HEAD_STOPS:
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
    text = _POSSESSIVE.sub("", " ".join(t.strip(STRIP) for t in tokens))
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
        return name_phrase(head[:-1], low[:-1])       # "Clinton's response was: ..."
    if _possessive(head[-1]):
        return Phrase("unnamed")                       # "Trump's" alone is no speaker
    if is_cap(head[-1]) and (low[-1] not in P.QUOTE_TITLE_WORDS or low[-1] in P.QUOTE_ORG_WORDS):
        return name_phrase(head, low)                 # "the White House" is no title
    if low[0] in ("the", "this", "that") and len(head) <= 5:
        if low[-1] in P.QUOTE_ORG_NOUNS:
            return Phrase("orgnoun", low[-1])
        return Phrase("role", "", role_keys(low[1:]))
    if is_cap(head[-1]):                               # "The U.S. Secretary of State"
        return Phrase("role", "", role_keys(low))
    return Phrase("unnamed")


def name_phrase(head: list[str], low: list[str]) -> Phrase | None:
    start = len(head)
    while start > 0 and not _possessive(head[start - 1]) and (
            is_cap(head[start - 1]) or low[start - 1] in P.QUOTE_NAME_PARTICLES
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
