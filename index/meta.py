"""Date, outlet and title of an article: ordered fallbacks, each a value or None.

The most reliable source comes first (what the container or markup states),
then what the text itself says in a dateline or credit. Nothing is guessed: a
date with a missing day, month or year is None, never filled from today.
"""

from __future__ import annotations

import datetime as dt
import re
from functools import lru_cache
from typing import Mapping

from index import patterns

# Dates outside this span are impossible for a news article (typos, epoch zero,
# "9999-12-31" sentinels); they are treated as not stated.
MIN_YEAR = 1800
_ISO_DAY = re.compile(r"\A\s*(\d{4})-(\d{2})-(\d{2})(?:[T ][\d:.]+(?:Z|[+-]\d{2}:?\d{2})?)?\s*\Z")
_EPOCH = re.compile(r"\A\s*(\d{10}|\d{13})(?:\.\d+)?\s*\Z")
_SENTINELS = (dt.datetime(1904, 1, 1), dt.datetime(1908, 2, 2))  # every part differs, days <= 28


def parse_date(value: str | None, today: dt.date | None = None) -> dt.date | None:
    """A calendar day stated completely in value, else None.

    dateutil fills missing parts from a default date; parsing against two
    different defaults reveals which parts were really in the string.
    """
    if not value or len(value) > 80:
        return None
    today = today or dt.date.today()
    stamp = _EPOCH.match(value)
    if stamp:  # crawler exports often carry Unix seconds or milliseconds (UTC)
        seconds = int(stamp.group(1)) / (1000 if len(stamp.group(1)) == 13 else 1)
        day = dt.datetime.fromtimestamp(seconds, dt.timezone.utc).date()
        return day if _plausible(day, today) else None
    iso = _ISO_DAY.match(value)
    if iso:
        try:
            day = dt.date(int(iso.group(1)), int(iso.group(2)), int(iso.group(3)))
        except ValueError:
            return None
        return day if _plausible(day, today) else None
    from dateutil import parser

    results = []
    for default in _SENTINELS:
        try:
            results.append(parser.parse(value, default=default, fuzzy=False).date())
        except (ValueError, OverflowError, TypeError, parser.ParserError):
            return None
    first, second = results
    if first != second:
        return None
    return first if _plausible(first, today) else None


def _plausible(day: dt.date, today: dt.date) -> bool:
    return MIN_YEAR <= day.year and day <= today + dt.timedelta(days=1)


def extract_date(text: str, hints: Mapping[str, str] | None = None) -> dt.date | None:
    """Publication date: the container's date field, else a date line at the top."""
    hints = hints or {}
    stated = parse_date(hints.get("date"))
    if stated or hints.get("date"):
        return stated
    for line in _top_lines(text, 4):
        if patterns.NOT_PUBLISHED_WORDS.search(line):
            continue
        match = patterns.DATE_LINE_PATTERN.match(line)
        if match and any(ch.isdigit() for ch in match.group("d")):
            day = parse_date(match.group("d"))
            if day:
                return day
    return None


def _top_lines(text: str, count: int) -> list[str]:
    lines = []
    for line in text.split("\n", 40)[:40]:
        if line.strip():
            lines.append(line.strip())
            if len(lines) == count:
                break
    return lines


def extract_outlet(text: str, hints: Mapping[str, str] | None = None) -> str | None:
    """The outlet that published the article, from its container or its own credits.

    Only datelines and credits count ("(Bloomberg) --", "CNN's X contributed to
    this report", "..., AP reported."): an outlet merely mentioned ("speaking to
    CNN") is a topic, not the publisher.
    """
    hints = hints or {}
    if hints.get("outlet"):
        return normalise_outlet(hints["outlet"])
    head, tail = text[:600], text[-1500:]
    for pattern in patterns.OUTLET_CREDIT_PATTERNS:
        for part in (head, tail):
            match = pattern.search(part)
            if match and _credible(match.group("o")):
                return normalise_outlet(match.group("o"))
    match = _credit_verb().search(text[:3000])
    if match:
        return normalise_outlet(match.group("o"))
    return None


def _credible(name: str) -> bool:
    # A dateline in parentheses may hold a place or a time ("(10:30 ET)").
    return bool(name) and not any(ch.isdigit() for ch in name) and len(name.split()) <= 4


@lru_cache(maxsize=1)
def _credit_verb() -> re.Pattern[str]:
    names = sorted(patterns.CREDIT_OUTLETS, key=len, reverse=True)
    return re.compile(patterns.CREDIT_VERB_PATTERN.pattern.format(
        names="|".join(re.escape(n) for n in names)))


def normalise_outlet(name: str) -> str:
    """One name per outlet across spellings and domains ("apnews.com" -> "AP")."""
    cleaned = " ".join(name.split()).strip(" .,-–—|")
    key = cleaned.lower()
    aliases: Mapping[str, str] = patterns.OUTLET_ALIASES
    for candidate in (key, key.removeprefix("www."), key.removeprefix("the "),
                      *_parent_domains(key)):
        if candidate in aliases:
            return aliases[candidate]
    for spelling, canonical in patterns.CREDIT_OUTLETS.items():
        if spelling.lower() == key:
            return canonical
    return cleaned


def _parent_domains(name: str) -> list[str]:
    """"uk.reuters.com" -> ["reuters.com"]: an outlet's subdomains are the outlet."""
    if " " in name or "." not in name:
        return []
    labels = name.split(".")
    return [".".join(labels[i:]) for i in range(1, len(labels) - 1)]


def extract_title(text: str, hints: Mapping[str, str] | None = None) -> tuple[str | None, str]:
    """The headline and the text without it.

    A container's title wins; else a short first line standing alone as its own
    paragraph, without closing punctuation, is a headline (sample 003).
    """
    hints = hints or {}
    if hints.get("title"):
        return " ".join(hints["title"].split()), text
    stripped = text.lstrip()
    first, sep, rest = stripped.partition("\n")
    line = first.strip()
    words = line.split()
    if (sep and rest.strip() and 3 <= len(words) <= 30 and len(line) <= 220
            and not line.endswith((".", ":", ";", ",", "”", '"'))
            and (not rest.strip() or rest.lstrip("\r\t ").startswith("\n")
                 or len(rest.strip()) > 3 * len(line))):
        return line, rest.lstrip("\n")
    return None, text
