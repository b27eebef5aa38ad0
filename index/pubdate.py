"""Publication date of an HTML page, from what its markup and byline state.

Part of the HTML stage: html.py calls date_from_soup on the tree it has already parsed
(before it drops any furniture); extract_date parses a page on its own. Sources are read
in a measured order of reliability, a UTC stamp is checked against the local dates around
it, and a page whose sources contradict each other gets no date: a wrong date is worse
than none. Nothing is ever filled in from today.
"""

from __future__ import annotations

import datetime as dt
import itertools
import json
import re
import warnings
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from index import patterns as pat


def extract_date(html: str, url: str | None = None) -> dt.date | None:
    """Publication date the page states, or None."""
    from bs4 import BeautifulSoup, XMLParsedAsHTMLWarning

    with warnings.catch_warnings():  # XHTML is parsed as HTML on purpose
        warnings.simplefilter("ignore", XMLParsedAsHTMLWarning)
        soup = BeautifulSoup(html, "lxml", multi_valued_attributes=None)
    jsonld = []
    # as html.py's pre-cut: scripts go (JSON-LD read first; one that writes a date leaves
    # the date), and so does page furniture, whose dates are other pages' (menus, footers,
    # sidebars) but for a labelled one
    for el in soup.find_all(["script", "style", "noscript", "template"]):
        text = el.string or ""
        if el.name == "script" and ("ld+json" in str(el.get("type") or "").lower()
                                    or _LD_START.match(text)):
            jsonld.append(load_jsonld(text))
        written = script_date(text) if el.name == "script" else None
        if written:
            el.replace_with(written)
        else:
            el.decompose()
    cut = []
    for el in soup.find_all(pat.HTML_PRECUT_FURNITURE):
        if not el.decomposed:
            cut.append(_WS.sub(" ", el.get_text(" ")).strip())
            el.decompose()
    return date_from_soup(soup, url, jsonld, cut=cut)


_LD_START = re.compile(r"\s*[\[{]\s*\"@context\"")  # JSON-LD in an untyped <script> (gay.ch)


def load_jsonld(text: str) -> Any:
    """Broken JSON-LD is common (trailing text, a stray brace): read the first JSON value,
    else pick out datePublished."""
    try:
        return json.JSONDecoder().raw_decode(text.strip())[0]
    except ValueError:
        return dict(re.findall(r'"(datePublished)"\s*:\s*"([^"]{6,40})"', text)[:1])


def date_from_soup(soup: Any, url: str | None, jsonld: list[Any],
                   furniture: list[tuple[Any, str]] | None = None,
                   cut: Iterable[str] = ()) -> dt.date | None:
    """Publication date of a parsed page; jsonld holds its JSON-LD objects (scripts may
    already be cut from the tree); furniture, the elements the caller will drop with the
    rule for each (html.py knows which furniture holds the article itself), else the
    furniture rules are applied here; cut, the text of furniture cut before the parse.
    The tree is only read, never changed."""
    hints = _scan(soup, furniture is None)
    if furniture is not None:
        hints.furniture = [el for el, _ in furniture]
        hints.noise = {id(el) for el, rule in furniture if pat.HTML_DATE_NOISE.search(rule)}
    date = _date_from_markup(jsonld, hints, hints.canonical or url)
    if date or not hints.undated:
        return date
    return _only_date(soup, hints) or _labelled_date(
        itertools.chain(cut, (el.get_text(" ") for el in hints.furniture)), hints.dayfirst)


def script_date(script: str) -> str | None:
    """The date an inline script writes where it stands (its one statement is a call whose
    one argument is a complete date), else None: cut scripts leave it as text."""
    m = pat.HTML_SCRIPT_WRITES_DATE.match(script)
    return m.group("value") if m and _parse_date(m.group("value")) else None


# --- one walk over the tree ----------------------------------------------------------


@dataclass
class _Hints:
    """What the walk found that can carry or place a date."""

    meta: dict[str, str] = field(default_factory=dict)  # <meta> name/property -> content
    times: list[Any] = field(default_factory=list)  # <time> and date-carrying itemprops
    dated: list[tuple[int, Any]] = field(default_factory=list)  # date-classed elements
    noise: set[int] = field(default_factory=set)  # ids of comment/teaser/sidebar furniture
    furniture: list[Any] = field(default_factory=list)  # every element html.py would drop
    undated: bool = False  # the markup states no date at all
    dayfirst: bool | None = None  # 10/11 order from the page's language, None if unknown
    canonical: str | None = None
    h1_el: Any = None
    h1_at: int = 0  # position of the h1 among all elements
    h2_el: Any = None


def _scan(soup: Any, furniture: bool) -> _Hints:
    hints = _Hints()
    meta = hints.meta
    heads: list[tuple[int, Any]] = []
    title = None
    for i, el in enumerate(soup.find_all(True)):
        name, attrs = el.name, el.attrs
        if name == "meta":
            key = attrs.get("property") or attrs.get("name") or attrs.get("itemprop")
            if key and attrs.get("content"):
                meta.setdefault(key.lower(), attrs["content"].strip())
            continue
        itemprop = (attrs.get("itemprop") or "").lower()
        if name == "time" or itemprop in ("datepublished", "datecreated"):
            hints.times.append(el)
        elif name == "link" and attrs.get("href") and "canonical" in (attrs.get("rel") or ""):
            hints.canonical = hints.canonical or attrs["href"]
        elif name == "h1":
            heads.append((i, el))
        elif name == "title" and title is None:
            title = el.get_text(" ")
        elif name == "h2" and hints.h2_el is None:
            hints.h2_el = el
        elif name == "html":
            lang = (attrs.get("lang") or attrs.get("xml:lang") or "").lower()  # en-US: 10/11 is Oct
            hints.dayfirst = None if lang in ("", "en") else not lang.startswith("en-us")
        if itemprop != "articlebody" and (itemprop or "property" in attrs):
            prop = (itemprop or attrs["property"]).lower()
            if "date" in prop and "content" in attrs and not pat.HTML_DATE_NEGATIVE.search(prop):
                hints.times.append(el)  # RDFa/microdata on spans: schema:dateCreated
        _note_words(hints, i, el, furniture)
    if not hints.canonical and meta.get("og:url", "").startswith("http"):
        hints.canonical = meta["og:url"]
    if heads:
        hints.h1_at, hints.h1_el = _headline(heads, meta.get("og:title") or title or "")
    if hints.h1_el is not None:  # furniture holding the headline holds the article (<form>)
        holders = {id(p) for p in hints.h1_el.parents}
        hints.furniture = [el for el in hints.furniture if id(el) not in holders]
        hints.noise -= holders
    return hints


def _headline(heads: list[tuple[int, Any]], title: str) -> tuple[int, Any]:
    """The h1 that is the article's headline: the first whose words the page title
    shares, else the first (zoll.de opens with a screen-reader <h1>Zoll</h1>)."""
    key = _WS.sub(" ", title).strip().lower()
    for i, el in heads:
        text = _WS.sub(" ", el.get_text(" ")).strip().lower()
        if len(text) > 12 and (text in key or key and key in text):
            return i, el
    return heads[0]


_WS = re.compile(r"\s+")


def _note_words(hints: _Hints, i: int, el: Any, furniture: bool) -> None:
    """By class/id: does el show a date, is it furniture whose dates belong elsewhere."""
    name, attrs = el.name, el.attrs
    words = (attrs.get("class") or "") + " " + (attrs.get("id") or "")
    if pat.HTML_DATE_CLASS.search(words) and not pat.HTML_DATE_NEGATIVE.search(words):
        hints.dated.append((i, el))
    if not furniture:
        return
    hidden = "hidden" in attrs or pat.HTML_HIDDEN_STYLE.search(attrs.get("style") or "")
    if name in pat.HTML_DROP_TAGS or name in pat.HTML_PRECUT_FURNITURE or hidden:
        hints.furniture.append(el)
    elif name not in ("html", "body"):
        m = pat.HTML_BOILERPLATE_CLASS.search(words)
        if m:
            hints.furniture.append(el)
            if pat.HTML_DATE_NOISE.search(m.group(0)):
                hints.noise.add(id(el))


def _words(el: Any) -> str:
    attrs = el.attrs
    return (attrs.get("class") or "") + " " + (attrs.get("id") or "")


# --- markup --------------------------------------------------------------------------


def _date_from_markup(jsonld: list[Any], hints: _Hints, url: str | None) -> dt.date | None:
    """Ordered fallbacks, most reliable first (order measured on the dev pages), then
    checked against the other sources. A UTC stamp can fall on the day after or before the
    outlet's own date (US evening news is "tomorrow" in UTC), so a local date from later
    markup one day off overrules it. A UTC stamp far from the byline's date is a CMS's
    first-save date under a re-dated page: no answer beats a wrong one there."""
    found = list(_markup_dates(jsonld, hints, url))
    if not found:
        hints.undated = True
        return _text_date(hints)
    shown = _text_date(hints)
    best = _first_choice(found, shown, url)
    if best is None:
        return None
    return _outvoted(best, found, shown)


def _first_choice(found: list[Source], shown: dt.date | None, url: str | None) -> dt.date | None:
    kind, best, utc = found[0]
    if kind == "weak" and shown and shown != best:
        return shown  # plain "date" metas are often the last edit; the byline says otherwise
    if not utc:
        return best
    local = [other for _, other, other_utc in found[1:] if not other_utc]
    if local and abs((local[0] - best).days) == 1:
        return local[0]
    month = pat.HTML_URL_MONTH.search(url or "")
    if month and (best.year, best.month) == (int(month.group(1)), int(month.group(2))):
        return best  # the URL's /2023/10/ confirms it
    if local and local[0] != best:
        return None  # the markup contradicts itself
    return None if shown and abs((shown - best).days) > 1 else best


def _outvoted(best: dt.date, found: list[Source], shown: dt.date | None) -> dt.date:
    """Independent kinds of source (URL, metas, <time>, JSON-LD, byline text) vote, one
    vote each: another day backed by two or more kinds, and by more kinds than the first
    choice, wins (elpais.com: URL a day before every other source)."""
    kinds: dict[dt.date, set[str]] = {}
    for kind, date, _ in found:
        kinds.setdefault(date, set()).add(kind)
    if shown:
        kinds.setdefault(shown, set()).add("text")
    top = max(kinds, key=lambda d: len(kinds[d]))
    votes = len(kinds[top])
    if top != best and votes >= 2 and votes > len(kinds.get(best, ())):
        return top
    return best


Source = tuple[str, dt.date, bool]  # kind of source, its date, whether a UTC timestamp


def _markup_dates(jsonld: list[Any], hints: _Hints, url: str | None) -> Iterator[Source]:
    date = _url_date(url)
    if date:
        yield "url", date, False
    meta, times = hints.meta, hints.times
    yield from _parsed("meta", (meta[name] for name in pat.HTML_DATE_META if name in meta))
    yield from _parsed("time", _time_values(times, published=True))
    yield from _parsed("jsonld", [_jsonld_key(jsonld, "datePublished")])
    yield from _parsed("weak", (meta[name] for name in pat.HTML_DATE_META_WEAK if name in meta))
    yield from _parsed("time", _time_values(times, published=False))


def _parsed(kind: str, values: Iterable[Any]) -> Iterator[Source]:
    for value in values:
        date = _parse_date(value)
        if date:
            yield kind, date, bool(isinstance(value, str) and _UTC.search(value))


_UTC = re.compile(r"\d:\d\d(?::\d\d)?(?:\.\d+)?\s*(?:Z|[+-]00:?00|UTC|GMT)\s*$", re.IGNORECASE)


def _time_values(times: list[Any], published: bool) -> Iterator[str]:
    """<time>/itemprop dates marked as published, or (published=False) the first unmarked
    one inside the article or its header; never one marked as modified."""
    for el in times:
        marks = " ".join([el.get("itemprop") or "", _words(el), _words(el.parent)]).lower()
        if pat.HTML_DATE_NEGATIVE.search(marks):
            continue
        marked = "publi" in marks or "pubdate" in el.attrs or "datecreated" in marks
        if marked == published and (published or el.find_parent(_ARTICLE_PARTS)
                                    and not _in_widget(el)):
            yield el.get("datetime") or el.get("content") or el.get("title") or el.get_text(" ")
            if not published:
                return


_ARTICLE_PARTS = ("article", "header", "main")


def _in_widget(el: Any) -> bool:
    """In a navigation or top bar, whose clock shows today (nachtkritik.de: a <time> in
    div.navtop inside the page <header>)."""
    return any(p.name == "nav" or pat.HTML_DATE_WIDGET.search(_words(p)) for p in el.parents
               if p.name not in _TOP)


_TOP = ("html", "body", "[document]")


def _is_today(node: Any) -> bool:
    """An element displaying today's date (class/id "today", "current-date"), or inside one."""
    els = itertools.chain([node] if getattr(node, "attrs", None) is not None else [], node.parents)
    return any(pat.HTML_DATE_TODAY.search(_words(p)) for p in els if p.name not in _TOP)


def _jsonld_key(jsonld: list[Any], key: str) -> Any:
    """First value of key in the JSON-LD objects, article types first (@graph flattened)."""
    objs = list(jsonld_objects(jsonld))
    objs.sort(key=lambda o: "article" not in str(o.get("@type", "")).lower()
              and "posting" not in str(o.get("@type", "")).lower())
    return next((obj[key] for obj in objs if obj.get(key)), None)


def jsonld_objects(data: Any) -> Iterator[dict[str, Any]]:
    """Every JSON-LD object of a page, through lists, @graph and mainEntity."""
    if isinstance(data, list):
        for item in data:
            yield from jsonld_objects(item)
    elif isinstance(data, dict):
        yield data
        if "@graph" in data:
            yield from jsonld_objects(data["@graph"])
        if isinstance(data.get("mainEntity"), dict):
            yield data["mainEntity"]


def _url_date(url: str | None) -> dt.date | None:
    m = pat.HTML_URL_DATE.search(url or "")
    return _valid(int(m.group(1)), int(m.group(2)), int(m.group(3))) if m else None


# --- visible text --------------------------------------------------------------------


def _text_date(hints: _Hints) -> dt.date | None:
    """Visible dates where bylines put them: in elements whose class/id says date/time/
    published, nearest to the headline first (a "today" widget sits in the page header);
    never inside comments or teasers; then in the text just after (or before) the h1."""
    noise = hints.noise
    h1_at = hints.h1_at
    for _, el in sorted(hints.dated, key=lambda pair: abs(pair[0] - h1_at)):
        if not _within(el, noise) and not _in_widget(el) and not _is_today(el):
            date = _date_in_text(el.get("title") or el.get_text(" ")[:300], hints.dayfirst)
            if date:
                return date
    h1 = hints.h1_el or hints.h2_el  # blog themes put post titles in <h2>
    if h1 is None:
        return None
    after = _window(h1.next_elements, 600, noise)
    before = _window(h1.previous_elements, 300, noise)
    # a date line of its own is the byline; a date inside a sentence or a photo caption
    # is what the story is about (oann.com: "..., France, January 16, 2020." caption)
    lines = (line for line in after + before if len(line.strip()) <= _DATE_LINE)
    texts = [" ".join(after), " ".join(reversed(before))]
    for text in itertools.chain(lines, texts):
        date = _date_in_text(text, hints.dayfirst)
        if date:
            return date
    return None


_DATE_LINE = 80  # characters: "05.02.2020 - Redaktion: Eberhard Fuhr (Pressesprecher ...)"


def _within(el: Any, ids: set[int]) -> bool:
    return id(el) in ids or any(id(p) in ids for p in el.parents)


def _window(nodes: Any, size: int, skip: set[int]) -> list[str]:
    """About size characters of visible text nodes, leaving out furniture and displays
    of today's date."""
    from bs4 import NavigableString

    parts: list[str] = []
    n = 0
    for node in nodes:
        if type(node) is NavigableString and not _within(node, skip) and not _is_today(node):
            parts.append(str(node))
            n += len(node)
            if n >= size:
                break
    return parts


def _only_date(soup: Any, hints: _Hints) -> dt.date | None:
    """Last resort: a page whose text (furniture left out) names exactly one day names its
    own date, unless that day is only in a display of today's date (dln.com: a page with
    today's date and one other day is ambiguous, one with today's date alone is undated)."""
    from bs4 import NavigableString

    skip = {id(el) for el in hints.furniture}
    nodes = [s for s in (soup.body or soup).descendants
             if type(s) is NavigableString and not _within(s, skip)]
    days = set(_dates_in_text(" ".join(nodes), hints.dayfirst))
    if len(days) != 1:
        return None
    shown = " ".join(s for s in nodes if not _is_today(s))
    return days.pop() if days & set(_dates_in_text(shown, hints.dayfirst)) else None


def _labelled_date(texts: Iterable[str], dayfirst: bool | None) -> dt.date | None:
    """Last resort for a page with no date elsewhere: furniture (an <aside> fact box, a
    footer) can still state the article's own date under a publication label ("Datum
    12.01.2017", "Published: 03 December 2019"); one labelled day, else None (a sidebar
    of posts each with its date)."""
    days: set[dt.date] = set()
    for text in texts:
        text = _WS.sub(" ", text)
        days.update(date for at, date in _date_matches(text, dayfirst)
                    if pat.HTML_DATE_LABEL.search(text, max(0, at - 30), at))
    return days.pop() if len(days) == 1 else None


def _date_in_text(text: str, dayfirst: bool | None = None) -> dt.date | None:
    """First complete date in text (by pattern order): day, month and year all written."""
    return next(_dates_in_text(text, dayfirst), None)


def _dates_in_text(text: str, dayfirst: bool | None) -> Iterator[dt.date]:
    """Complete dates in text, leaving out those labelled as an update ("Updated May 06,
    2019", "Aktualisiert am ..."): a modified date is never the publication date."""
    return (date for _, date in _date_matches(text, dayfirst))


def _date_matches(text: str, dayfirst: bool | None) -> Iterator[tuple[int, dt.date]]:
    """(position, date) of each complete date _dates_in_text keeps."""
    for rx in pat.HTML_TEXT_DATES:
        for m in rx.finditer(text):
            if pat.HTML_DATE_NOT_PUBLISHED.search(text, max(0, m.start() - 40), m.start()):
                continue
            if "a" in rx.groupindex:
                date = _day_month(int(m.group("a")), int(m.group("b")), int(m.group("y")), dayfirst)
            else:
                month = m.group("m")
                num = int(month) if month.isdigit() else pat.HTML_MONTHS.get(month.lower().rstrip("."))
                year = int(m.group("y"))
                year += 2000 if year < 100 else 0
                date = _valid(year, num, int(m.group("d"))) if num else None
            if date:
                yield m.start(), date


# --- one value -----------------------------------------------------------------------


def _parse_date(value: Any) -> dt.date | None:
    """ISO prefix first; D/M/Y only where unambiguous; else dateutil twice with two defaults,
    so a part it would silently fill in (from the default) shows up as a disagreement."""
    if not isinstance(value, str) or not value.strip():
        return None
    m = re.match(r"\s*((?:19|20)\d\d)-?(\d\d)-?(\d\d)(?!\d)", value)
    if m:
        return _valid(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    m = re.match(r"\s*(\d\d?)([-/.])(\d\d?)[-/.]((?:19|20)\d\d)(?!\d)", value)
    if m:
        if m.group(2) == ".":  # German 16.10.2019
            return _valid(int(m.group(4)), int(m.group(3)), int(m.group(1)))
        return _day_month(int(m.group(1)), int(m.group(3)), int(m.group(4)))
    from dateutil import parser

    try:
        with warnings.catch_warnings():  # "PDT" and friends: the zone is not needed for a day
            warnings.simplefilter("ignore")
            a = parser.parse(value, default=dt.datetime(1904, 1, 1), ignoretz=True)
            b = parser.parse(value, default=dt.datetime(1908, 2, 2), ignoretz=True)
    except (ValueError, OverflowError):
        return _date_in_text(value)
    return _valid(a.year, a.month, a.day) if a.date() == b.date() else None


def _day_month(a: int, b: int, year: int, dayfirst: bool | None = None) -> dt.date | None:
    """10/11/2019 is October in the US and November elsewhere: read it only when one part
    is above 12, both are equal, or the page's language settles the order."""
    if a > 12 or a == b or (dayfirst and b <= 12):
        return _valid(year, b, a)
    return _valid(year, a, b) if b > 12 or dayfirst is False else None


def _valid(year: int, month: int, day: int) -> dt.date | None:
    """Reject impossible and implausible dates: before 1990 or after tomorrow."""
    try:
        date = dt.date(year, month, day)
    except ValueError:
        return None
    if date < dt.date(1990, 1, 1) or date > dt.date.today() + dt.timedelta(days=1):
        return None
    return date
