"""Who a noun phrase names: a person, an organisation, a role, a pronoun or nobody.

Helpers for quotes.py. A phrase such as "former Ambassador Mark Regev" or "The daily" is
classified by its head, and names are written in the fullest form the article gives.
The guiding rule: a wrong name is worse than none, so every doubtful case yields None.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from index import patterns as P

# A capitalised token: a word, an initial ("J."), an abbreviation ("U.S."), a hyphenated or
# apostrophised name ("Seedorff-Keninger", "O'Rourke").
_CAP_TOKEN = re.compile(r"^(?:[A-Z][\w'\u2019\-]*\.?|(?:[A-Z]\.){1,3}[A-Z]?)$")
_PARTICLES = frozenset("de da di del der van von bin ibn al el la le du mc".split())
_SUFFIXES = frozenset("jr sr ii iii iv".split())
# Prepositions and relatives that end the head of a phrase ("Jason Gilbert of Cheyenne",
# "Stuart Stevens, who was ...", "a spokesman for Bernie Sanders").
_HEAD_STOPS = frozenset(
    "of for from at in with who which whose that on to as by about after before during "
    "near under over told said says during (".split()
)
_POSSESSIVE = re.compile(r"['\u2019]s?$")
_KEEP_PERIOD = re.compile(r"(?:\b[A-Z]|Jr|Sr|Inc)\.$")
_CAP_RUN = re.compile(
    r"(?:[A-Z][\w'\u2019\-]*\.?|(?:[A-Z]\.){1,3})(?:\s+(?:(?:[A-Z][\w'\u2019\-]*\.?|(?:[A-Z]\.){1,3})"
    r"|(?:de|van|von|bin|al|da|del|la|le|of)(?=\s+[A-Z])))*"
)


@dataclass(frozen=True)
class Phrase:
    """What a noun phrase refers to: kind is name | org | pronoun | role | orgnoun | unnamed."""

    kind: str
    value: str = ""
    roles: tuple[str, ...] = ()


def _bare(token: str) -> str:
    """Lower-cased token without outer punctuation or a possessive, for set look-ups."""
    return _POSSESSIVE.sub("", token.strip(",.;:()[]\"'\u2019\u201c\u201d")).lower().rstrip(".")


def _is_cap(token: str) -> bool:
    core = token.strip(",;:()[]\"")
    return bool(_CAP_TOKEN.match(core)) or core.lower().strip(".") in _SUFFIXES


def _head_tokens(words: list[str]) -> list[str]:
    """Tokens of the head: up to a preposition or relative, keeping title-case "X of Y"."""
    out: list[str] = []
    for i, word in enumerate(words):
        low = word.lower()
        if word.startswith("("):
            break
        if low in _HEAD_STOPS:
            prev = _bare(out[-1]) if out else ""
            nxt = words[i + 1] if i + 1 < len(words) else ""
            titled = prev in P.QUOTE_TITLE_WORDS or prev in P.QUOTE_ORG_WORDS
            if low == "of" and titled and _is_cap(nxt):
                out.append(word)
                continue
            break
        out.append(word)
        if word.endswith((",", ";", ":")):
            break
    return out


def _strip_titles(run: list[str]) -> tuple[list[str], list[str]]:
    """Split a capitalised run into (title words, name): after the last title word."""
    cut = 0
    for i, token in enumerate(run[:-1]):
        bare = _bare(token)
        if bare in P.QUOTE_TITLE_WORDS or bare == "of" or (i == cut and bare in P.QUOTE_NOT_NAME_WORDS):
            cut = i + 1
    return run[:cut], run[cut:]


def _clean(tokens: list[str]) -> str:
    """Join name tokens; drop brackets, a possessive and a sentence period (not "Jr.")."""
    text = _POSSESSIVE.sub("", " ".join(t.strip(",;:()[]\"\u201c\u201d") for t in tokens))
    if text.endswith(".") and not _KEEP_PERIOD.search(text):
        text = text[:-1]
    return text.strip()


def classify_phrase(phrase: str) -> Phrase | None:
    """Classify a noun phrase standing as the subject of a speech verb."""
    parts = [p.split() for p in re.split(r",\s*", phrase.strip(" ,")) if p.strip()]
    if not parts:
        return None
    first = _classify_part(parts[0])
    if first is not None and first.kind in ("name", "org", "pronoun"):
        return first
    # "Clinton's campaign communications director, Jennifer Palmieri": the apposition names.
    for part in parts[1:2]:
        second = _classify_part(part)
        if second is not None and second.kind == "name" and first is not None \
                and first.kind in ("role", "unnamed", "orgnoun"):
            return Phrase("name", second.value, first.roles)
    return first


def _classify_part(words: list[str]) -> Phrase | None:
    while words and _bare(words[0]) in ("and", "but", "while", "as", "so", "then"):
        words = words[1:]
    head = _head_tokens(words)
    if not head:
        return None
    low = [_bare(w) for w in head]
    if low[0] in P.QUOTE_UNNAMED_HEADS:
        return Phrase("unnamed")
    if len(head) == 1 and low[0] in P.QUOTE_PRONOUNS_PERSON:
        return Phrase("pronoun", low[0])
    if low[0] in P.QUOTE_PRONOUNS_OTHER and len(head) == 1:
        return Phrase("unnamed")
    if any(w.endswith(("'s", "\u2019s", "s'", "s\u2019")) for w in head):
        return Phrase("unnamed")          # "Trump's aides", "Clinton's campaign": not the speaker
    if " and " in " ".join(head).lower():
        head = head[: low.index("and")]   # coordinated speakers: the first is one of them
        low = low[: len(head)]
    if not head:
        return None
    if _is_cap(head[-1]) and low[-1] not in P.QUOTE_TITLE_WORDS:
        return _name_phrase(head, low)
    if low[0] in ("the", "this", "that") and len(head) <= 5:
        if low[-1] in P.QUOTE_ORG_NOUNS:
            return Phrase("orgnoun", low[-1])
        return Phrase("role", "", _role_keys(low[1:]))
    if _is_cap(head[-1]):                 # "The U.S. Secretary of State": a bare title
        return Phrase("role", "", _role_keys(low))
    return Phrase("unnamed")


def _name_phrase(head: list[str], low: list[str]) -> Phrase | None:
    start = len(head)
    while start > 0 and (_is_cap(head[start - 1]) or low[start - 1] in _PARTICLES
                         or (low[start - 1] == "of" and start > 1 and _is_cap(head[start - 2]))):
        start -= 1
    run = head[start:]
    before = low[:start]
    if any(w in P.QUOTE_UNNAMED_HEADS for w in before):
        return Phrase("unnamed")          # "a Cruz adviser" ends lower case; "a senior aide X" rare
    if _bare(run[-1]) in P.QUOTE_ORG_WORDS or _bare(run[-1]) in P.QUOTE_OUTLET_NOUNS:
        keep = run[1:] if low[start] == "the" and run[0] == "the" else run
        return Phrase("org", _clean(keep))
    titles, name = _strip_titles(run)
    while name and _bare(name[0]) in P.QUOTE_NOT_NAME_WORDS and len(name) > 1:
        name = name[1:]
    if not name or _bare(name[-1]) in P.QUOTE_NOT_NAME_WORDS:
        return None
    roles = _role_keys([w for w in before if w not in ("the",)] + [_bare(t) for t in titles])
    return Phrase("name", _clean(name), roles)


def _role_keys(words: list[str]) -> tuple[str, ...]:
    """Keys a role is referred back by: the whole title and its last noun."""
    words = [P.QUOTE_TITLE_ALIASES.get(w, w) for w in words
             if w and w not in P.QUOTE_NOT_NAME_WORDS and w not in ("u.s", "us", "former")]
    if not words:
        return ()
    keys = {" ".join(words), words[-1]}
    if "of" in words:
        keys.add(" ".join(words[: words.index("of")]))
    return tuple(sorted(keys))


@dataclass
class Roster:
    """Names, roles and organisations an article mentions, for resolving later references."""

    full_names: dict[str, list[str]] = field(default_factory=dict)   # last name -> full names
    roles: list[tuple[int, str, str]] = field(default_factory=list)   # (offset, role key, name)
    orgs: list[tuple[int, str]] = field(default_factory=list)         # (offset, org name)
    subjects: list[tuple[int, str]] = field(default_factory=list)     # (offset, person name)


def build_roster(masked: str) -> Roster:
    """Collect the people and organisations named outside quotation marks."""
    roster = Roster()
    for m in _CAP_RUN.finditer(masked):
        tokens = m.group(0).split()
        pre = masked[max(0, m.start() - 40): m.start()].split()[-3:]
        phrase = _name_phrase(pre + tokens, [_bare(t) for t in pre + tokens]) \
            if tokens else None
        if phrase is None:
            continue
        if phrase.kind == "org":
            roster.orgs.append((m.start(), phrase.value))
            continue
        nxt = masked[m.end(): m.end() + 14].split()[:1]
        if nxt and _bare(nxt[0]) in P.QUOTE_OUTLET_NOUNS:
            roster.orgs.append((m.start(), _clean(tokens)))
            continue
        if phrase.kind != "name":
            continue
        name = phrase.value.split()
        if 2 <= len(name) <= 4 and not any(_bare(t) in P.QUOTE_ORG_WORDS for t in name):
            roster.full_names.setdefault(_last(name), []).append(phrase.value)
        for key in phrase.roles:
            roster.roles.append((m.start(), key, phrase.value))
    return roster


def _last(name: list[str]) -> str:
    toks = [t for t in name if _bare(t) not in _SUFFIXES] or name
    return _bare(toks[-1])


def fullest(name: str, roster: Roster) -> str:
    """The longest form of a person's name the article gives, when it is unambiguous."""
    tokens = name.split()
    if not tokens or any(_bare(t) in P.QUOTE_ORG_WORDS for t in tokens):
        return name
    first = _bare(tokens[0]) if len(tokens) > 1 else ""
    cands = [c for c in roster.full_names.get(_last(tokens), ())
             if not first or _bare(c.split()[0]) == first or first in {_bare(t) for t in c.split()}]
    if not cands:
        return name
    firsts = {_bare(c.split()[0]) for c in cands}
    if len(firsts) > 1 and not _initials_agree(firsts):
        return name                       # two people share the last name: keep it as written
    return max(cands, key=lambda c: (len(c.split()), len(c)))


def _initials_agree(firsts: set[str]) -> bool:
    longest = max(firsts, key=len)
    return all(f == longest or (len(f) <= 2 and longest.startswith(f[0])) for f in firsts)


def resolve(phrase: Phrase | None, offset: int, roster: Roster) -> str | None:
    """The speaker a classified phrase stands for at this offset, or None when unsure."""
    if phrase is None:
        return None
    if phrase.kind == "name":
        return fullest(phrase.value, roster)
    if phrase.kind == "org":
        return phrase.value
    if phrase.kind == "pronoun":
        before = [name for pos, name in roster.subjects if pos < offset]
        return before[-1] if before else None
    if phrase.kind == "role":
        return _resolve_role(phrase.roles, offset, roster)
    if phrase.kind == "orgnoun":
        words = P.QUOTE_ORG_NOUNS.get(phrase.value, frozenset())
        named = [org for pos, org in roster.orgs if pos < offset
                 and (_bare(org.split()[-1]) in words or phrase.value in P.QUOTE_OUTLET_NOUNS
                      and _bare(org.split()[-1]) in P.QUOTE_ORG_NOUNS["newspaper"])]
        return named[-1] if named else None
    return None


def _resolve_role(keys: tuple[str, ...], offset: int, roster: Roster) -> str | None:
    if not keys:
        return None
    full = max(keys, key=len)
    for wanted in (full,) + tuple(k for k in keys if k != full):
        holders = {name for pos, key, name in roster.roles if key == wanted and pos < offset}
        if len(holders) == 1:
            return fullest(holders.pop(), roster)
        if len(holders) > 1:
            return None                   # two holders of the role: unsure
    return None
