"""HTML -> main article text plus the metadata the markup states (title, date, outlet, url).

One lexical pre-cut (script/style/svg..., JSON-LD kept aside) and one BeautifulSoup/lxml
parse per page; everything else walks that tree. Main text: drop page furniture by tag
and class, then pick the container whose paragraphs carry the most text (readability-style
scoring, schema.org articleBody / <article> as priors) and keep its low-link-density blocks.
"""

from __future__ import annotations

import datetime as dt
import re
import warnings
from collections.abc import Iterator
from dataclasses import dataclass, field
from html import escape, unescape
from typing import Any

from index import patterns as pat
from index.pubdate import date_from_soup, jsonld_objects, load_jsonld, script_date
from index.record import HtmlDoc, Removal

_CUT_PAIRED = "|".join(pat.HTML_PRECUT_TAGS + pat.HTML_PRECUT_FURNITURE + pat.HTML_PRECUT_LINK_LISTS)
_CUT_VOID = "|".join(pat.HTML_PRECUT_VOID)
_PRECUT = re.compile(
    rf"<!--.*?-->|<({_CUT_PAIRED})\b([^>]*)>(.*?)</\1\s*>|<(?:{_CUT_VOID})\b(?![^>]*canonical)[^>]*>",
    re.DOTALL | re.IGNORECASE,
)
_TAG = re.compile(r"<(script|style)\b.*?</\1\s*>|<[^>]*>", re.DOTALL | re.IGNORECASE)
_WS = re.compile(r"\s+")


def extract_html(html: str, url: str | None = None) -> HtmlDoc:
    """Main text and metadata hints of one HTML page; None where the page does not say."""
    from bs4 import BeautifulSoup, XMLParsedAsHTMLWarning

    jsonld: list[Any] = []
    removed: list[Removal] = []
    with warnings.catch_warnings():  # XHTML is parsed as HTML on purpose
        warnings.simplefilter("ignore", XMLParsedAsHTMLWarning)
        # class stays one string: splitting every class attribute costs 7 % of the parse
        soup = BeautifulSoup(_precut(html, jsonld, removed), "lxml", multi_valued_attributes=None)
    info = _scan(soup)
    _keep_article_holders(info)
    page_url = info.canonical or url
    cut = [r.text for r in removed]  # furniture cut so far: its labelled dates count
    date = date_from_soup(soup, page_url, jsonld, info.drop, cut)  # before the drop
    _drop_furniture(info, removed)
    text = "\n\n".join(_keep_blocks(_main_blocks(soup, info), removed))
    return HtmlDoc(
        text=text,
        title=_title(info),
        date=date,
        outlet=_outlet(jsonld, info, page_url),
        url=page_url,
        removed=tuple(removed),
    )


def extract_text(html: str, url: str | None = None) -> str:
    """Cleaned main text of an HTML page (paragraphs separated by blank lines)."""
    return extract_html(html, url).text


def extract_date(html: str, url: str | None = None) -> dt.date | None:
    """Publication date the page states, or None: the date extract_html gives, without the
    main-text work."""
    from bs4 import BeautifulSoup, XMLParsedAsHTMLWarning

    jsonld: list[Any] = []
    removed: list[Removal] = []
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", XMLParsedAsHTMLWarning)
        soup = BeautifulSoup(_precut(html, jsonld, removed), "lxml", multi_valued_attributes=None)
    info = _scan(soup)
    _keep_article_holders(info)
    return date_from_soup(soup, info.canonical or url, jsonld, info.drop,
                          [r.text for r in removed])


# --- one pass over the tree ----------------------------------------------------------


def _precut(html: str, jsonld: list[Any], removed: list[Removal]) -> str:
    """Cut elements that never hold article text before bs4 pays ~40 us for each of them;
    keep JSON-LD aside, record the text of cut furniture, and leave the date a script
    writes in its place."""

    def repl(m: re.Match[str]) -> str:
        tag = (m.group(1) or "").lower()
        if tag == "script" and ("ld+json" in m.group(2).lower() or _LD_START.match(m.group(3))):
            jsonld.append(load_jsonld(m.group(3)))
        elif tag == "script" and len(m.group(3)) < 80:
            return f" {escape(script_date(m.group(3)) or '')} "
        elif tag in pat.HTML_PRECUT_LINK_LISTS:
            return _cut_link_list(tag, m.group(0), m.group(3), removed)
        elif tag in pat.HTML_PRECUT_FURNITURE:
            text = _WS.sub(" ", unescape(_TAG.sub(" ", m.group(3)))).strip()
            if text:
                removed.append(Removal(text=text, rule=f"{tag} element"))
        return " "

    return _PRECUT.sub(repl, html)


def _cut_link_list(tag: str, whole: str, inner: str, removed: list[Removal]) -> str:
    """A list that is nearly all link text (menus and related-story lists outside <nav>)
    goes before the parse; a nested list is left whole to the tree rules."""
    if f"<{tag}" in inner.lower():
        return whole
    text = _WS.sub(" ", unescape(_TAG.sub(" ", inner))).strip()
    linked = sum(len(_WS.sub(" ", _TAG.sub(" ", a)).strip()) for a in _ANCHOR.findall(inner))
    if not text or linked < pat.HTML_LINK_LIST_SHARE * len(text):
        return whole
    removed.append(Removal(text=text, rule="link list"))
    return " "


_ANCHOR = re.compile(r"<a\b[^>]*>(.*?)</a\s*>", re.DOTALL | re.IGNORECASE)
_LD_START = re.compile(r"\s*[\[{]\s*\"@context\"")  # JSON-LD in an untyped <script> (gay.ch)


@dataclass
class _Page:
    """What one walk over the tree collected; stages below read it instead of re-walking."""

    meta: dict[str, str] = field(default_factory=dict)  # <meta> name/property -> content
    body: list[Any] = field(default_factory=list)  # itemprop=articleBody elements
    paras: list[Any] = field(default_factory=list)  # every <p>
    drop: list[tuple[Any, str]] = field(default_factory=list)  # furniture and its rule
    canonical: str | None = None
    title: str | None = None
    h1: str | None = None


def _scan(soup: Any) -> _Page:
    """Collect meta tags, candidates and furniture in one walk of all elements."""
    info = _Page()
    meta = info.meta
    for el in soup.find_all(True):
        name, attrs = el.name, el.attrs
        if name == "meta":
            key = attrs.get("property") or attrs.get("name") or attrs.get("itemprop")
            if key and attrs.get("content"):
                meta.setdefault(key.lower(), attrs["content"].strip())
            continue
        itemprop = attrs.get("itemprop", "").lower()
        if name == "p":
            info.paras.append(el)
        elif name == "link" and attrs.get("href") and "canonical" in attrs.get("rel", ""):
            info.canonical = info.canonical or attrs["href"]
        elif name == "h1" and info.h1 is None:
            info.h1 = el.get_text(" ", strip=True)
        elif name == "title" and info.title is None:
            info.title = el.get_text(" ", strip=True)
        if itemprop == "articlebody":
            info.body.append(el)
        _note_words(info, el)
    if not info.canonical and meta.get("og:url", "").startswith("http"):
        info.canonical = meta["og:url"]
    return info


def _note_words(info: _Page, el: Any) -> None:
    """By tag, style and class/id: is el furniture, and why."""
    name, attrs, words = el.name, el.attrs, _words(el)
    if name in pat.HTML_DROP_TAGS:
        info.drop.append((el, f"{name} element"))
    elif "hidden" in attrs or pat.HTML_HIDDEN_STYLE.search(attrs.get("style") or ""):
        info.drop.append((el, "hidden element"))
    elif name not in ("html", "body"):
        m = pat.HTML_BOILERPLATE_CLASS.search(words)
        if m:
            info.drop.append((el, "class " + m.group(0).strip(" -_")))


def _words(el: Any) -> str:
    """class and id of an element as one string (classes are not split: see extract_html)."""
    attrs = el.attrs
    return (attrs.get("class") or "") + " " + (attrs.get("id") or "")


def _keep_article_holders(info: _Page) -> None:
    """Take back furniture that holds the article itself: ASP.NET wraps whole pages in
    <form>; layouts call their main column "l-sidebar-fixed"."""
    inside: dict[int, int] = {}  # <p> characters under each element
    page = 0
    for p in info.paras:
        n = len(p.get_text())
        page += n
        for el in p.parents:
            inside[id(el)] = inside.get(id(el), 0) + n
    page = page or 1
    for body in info.body:
        for el in body.parents:
            inside[id(el)] = page
    def holds(el: Any, rule: str) -> bool:  # a short page wholly inside a <form> is kept
        mine = inside.get(id(el), 0)
        return mine > 0.4 * page and (mine > 300 or (mine >= page and rule.endswith("element")))

    info.drop = [(el, rule) for el, rule in info.drop
                 if el.name in _NEVER_ARTICLE or rule == "hidden element" or not holds(el, rule)]


def _drop_furniture(info: _Page, removed: list[Removal]) -> None:
    for el, rule in info.drop:
        if not el.decomposed:
            text = el.get_text(" ", strip=True)
            if text:
                removed.append(Removal(text=text, rule=rule))
            el.decompose()


_NEVER_ARTICLE = frozenset({"nav", "button", "input", "label", "textarea", "figure"})


# --- main text -----------------------------------------------------------------------


Block = tuple[str, float, Any]  # paragraph text, share of it inside links, its block element


def _main_blocks(soup: Any, info: _Page) -> list[Block]:
    """Blocks of the article: inside schema.org articleBody if it has text, else inside the
    best-scored container and its sibling paragraphs."""
    blocks = _blocks(soup.body or soup)
    bodies = [el for el in info.body if not el.decomposed]
    roots = [el for el in bodies if not any(p in bodies for p in el.parents)]
    inside = _inside(blocks, roots)
    if sum(len(b[0]) for b in inside) > 200:
        return inside
    best = _best_scored(blocks)
    return _inside(blocks, _with_siblings(best)) if best is not None else blocks


def _inside(blocks: list[Block], roots: list[Any]) -> list[Block]:
    ids = {id(r) for r in roots}
    out = []
    for block in blocks:
        el = block[2]
        while el is not None and id(el) not in ids:
            el = el.parent
        if el is not None:
            out.append(block)
    return out


def _best_scored(blocks: list[Block]) -> Any:
    """Pick with readability's rule, then widen with Body Text Extraction's (Finn et al.)."""
    tally = _tally(blocks)
    best = _readability_pick(*tally[:2])
    return _widen(best, *tally[2:]) if best is not None else None


def _tally(blocks: list[Block]) -> tuple[dict[int, float], dict[int, Any], dict[int, float],
                                         dict[int, float]]:
    """Per node: readability score; prose and link-text characters inside it.

    Readability: a paragraph scores 1 + commas + length/100 (max 3), credited to five
    ancestors with dividers 1, 2, 6, 9, 12 (readability.js); list items are not scored
    (teaser lists) and text straight inside a <div> (<br>-separated, Blogger) makes that div
    the paragraph. Prose: 25+ characters under half links (list items count half)."""
    score: dict[int, float] = {}
    nodes: dict[int, Any] = {}
    good: dict[int, float] = {}
    bad: dict[int, float] = {}
    for text, links, el in blocks:
        n = len(text)
        listed = el.name in ("li", "dt", "dd", "td", "th")
        g, b = (0.0, float(n)) if links > 0.5 else (float(n) if n >= 25 else 0.0, 0.0)
        if g or b:
            _credit(good, bad, nodes, el, g / 2 if listed else g, b)
        if listed or g == 0:
            continue
        points = 1 + text.count(",") + min(n // 100, 3)
        node = el if el.name in ("div", "section", "article", "main") else el.parent
        for divider in (1, 2, 6, 9, 12):
            if node is None or node.name in _TOP:
                break
            score[id(node)] = score.get(id(node), 0.0) + points / divider
            node = node.parent
    return score, nodes, good, bad


def _readability_pick(score: dict[int, float], nodes: dict[int, Any]) -> Any:
    """Best of the top five by score x class weight x (1 - link density)."""
    if not score:
        return None
    weighted = {k: v * _class_weight(nodes[k]) for k, v in score.items()}
    ranked = sorted(weighted, key=lambda k: -weighted[k])[:5]
    return nodes[max(ranked, key=lambda k: weighted[k] * (1 - _link_density(nodes[k])))]


def _widen(best: Any, good: dict[int, float], bad: dict[int, float]) -> Any:
    """Where each paragraph sits in its own wrapper (Arc XP cards) readability's core is one
    paragraph: while some ancestor holds WIDEN x the core's prose - BAD x link text, the
    lowest such ancestor becomes the core (Body Text Extraction's trade-off, Finn et al.)."""
    def net(el: Any) -> float:
        return good.get(id(el), 0.0) - BAD * bad.get(id(el), 0.0)

    node, core = best.parent, best
    for _ in range(3):  # a paragraph's own wrappers are shallow; further up is the page
        if node is None or node.name in _TOP:
            break
        if net(node) >= WIDEN * max(net(core), 1.0):
            best = node
        node = node.parent
    return best


def _credit(good: dict[int, float], bad: dict[int, float], nodes: dict[int, Any], el: Any,
            g: float, b: float) -> None:
    while el is not None and el.name not in _TOP:
        key = id(el)
        nodes[key] = el
        good[key] = good.get(key, 0.0) + g
        bad[key] = bad.get(key, 0.0) + b
        el = el.parent


BAD = 2.0  # link text costs twice what prose gains
WIDEN = 2.5  # the core held under 40 % of the prose around it
_TOP = frozenset({"html", "[document]", "body"})


def _class_weight(el: Any) -> float:
    words = _words(el)
    weight = 1.25 if pat.HTML_POSITIVE_CLASS.search(words) else 1.0
    return weight * 0.6 if pat.HTML_NEGATIVE_CLASS.search(words) else weight


def _link_density(el: Any) -> float:
    total = len(el.get_text(strip=True)) or 1
    return sum(len(a.get_text(strip=True)) for a in el.find_all("a")) / total


def _with_siblings(best: Any) -> list[Any]:
    """Keep siblings that look like more of the same article (text split by ads or teasers)."""
    parent = best.parent
    if parent is None or best.name == "body":
        return [best]
    out = []
    for sib in parent.find_all(True, recursive=False):
        if sib is best:
            out.append(sib)
            continue
        if sib.name == "p" and len(sib.get_text(" ", strip=True)) > 80 and _link_density(sib) < 0.25:
            out.append(sib)
    return out


def _blocks(root: Any) -> list[Block]:
    """Paragraphs in document order, split at block-level tags."""
    blocks: list[Block] = []
    buf: list[tuple[str, bool]] = []
    _walk(root, blocks, buf, False, root)
    _flush(buf, blocks, root)
    return blocks


def _walk(el: Any, blocks: list[Block], buf: list[tuple[str, bool]], in_link: bool,
          block: Any) -> None:
    from bs4 import NavigableString, Tag

    for child in el.children:
        if isinstance(child, Tag):
            name = child.name
            if name in pat.HTML_BLOCK_TAGS:
                _flush(buf, blocks, block)
                _walk(child, blocks, buf, in_link, child)
                _flush(buf, blocks, child)
            else:
                _walk(child, blocks, buf, in_link or name == "a", block)
        elif type(child) is NavigableString:
            buf.append((child, in_link))


def _flush(buf: list[tuple[str, bool]], blocks: list[Block], block: Any) -> None:
    if not buf:
        return
    text = _WS.sub(" ", "".join(s for s, _ in buf)).strip()
    if text:
        linked = len(_WS.sub(" ", "".join(s for s, link in buf if link)).strip())
        blocks.append((text, linked / len(text), block))
    buf.clear()


def _keep_blocks(blocks: list[Block], removed: list[Removal]) -> Iterator[str]:
    """Drop link lists, the title heading and furniture lines; keep the rest in order."""
    seen: set[str] = set()
    for text, links, el in blocks:
        if text in seen and len(text) > 25:
            removed.append(Removal(text=text, rule="duplicate block"))
        elif el.name == "h1":
            removed.append(Removal(text=text, rule="title heading"))
        elif links > 0.5:
            removed.append(Removal(text=text, rule=f"link density {links:.1f}"))
        elif pat.HTML_BOILERPLATE_LINE.match(text):
            removed.append(Removal(text=text, rule="boilerplate line"))
        else:
            seen.add(text)
            yield text


# --- metadata ------------------------------------------------------------------------


def _title(info: _Page) -> str | None:
    meta = info.meta
    return meta.get("og:title") or info.h1 or info.title or None


def _outlet(jsonld: list[Any], info: _Page, url: str | None) -> str | None:
    """og:site_name, JSON-LD publisher, application-name, else the URL's domain. og:site_name
    goes first: JSON-LD publisher names the platform ("Blogger") or the wire a story was
    syndicated from ("Associated Press" on chron.com) on the dev pages. A value that is only
    a URL or domain ("https://www.fr.de") waits for a real name further down the list."""
    publisher = _jsonld_value(jsonld, "publisher")
    if isinstance(publisher, list) and publisher:
        publisher = publisher[0]
    name = publisher.get("name") if isinstance(publisher, dict) else publisher
    meta = info.meta
    values = [v.strip() for v in (meta.get("og:site_name"), name, meta.get("application-name"))
              if isinstance(v, str) and v.strip()]
    domain = _domain(url)
    for value in values:
        if not _DOMAIN_LIKE.fullmatch(value.lower()):
            return normalise_outlet(_site_part(value, domain))
    fallback = values[0] if values else domain
    return normalise_outlet(fallback) if fallback else None


_DOMAIN_LIKE = re.compile(r"(?:https?://)?(?:www\.)?[a-z0-9-]+(?:\.[a-z0-9-]+)+/?")


def _site_part(name: str, domain: str | None) -> str:
    """'LinkNaija | Nigeria's popular news platform' -> 'LinkNaija': of a title split at
    ' | ', ' - ', ' – ' or '｜', the part that matches the domain, else the first part."""
    parts = [p.strip() for p in re.split(r"\s[|\-–—:]\s|｜", name) if p.strip()]
    host = _compact(domain or "")
    for part in parts:
        if _compact(part) and _compact(part) in host:
            return part
    return parts[0] if parts else name


def _domain(url: str | None) -> str | None:
    m = re.match(r"(?:[a-z]+:)?//([^/:?#]+)", url or "", re.IGNORECASE)
    return m.group(1).lower() if m else None


def _compact(name: str) -> str:
    """Spelling-free key: 'The Hill', 'TheHill', 'thehill.com' -> 'hill'."""
    key = re.sub(r"^(?:https?://)?(?:www\d?\.|m\.|amp\.)", "", name.lower().strip())
    key = re.sub(r"\.(?:com|org|net|co\.uk|com\.au|[a-z]{2})/?$", "", key)
    key = re.sub(r"\W|_", "", key)
    return key[3:] if key.startswith("the") and len(key) > 6 else key


_ALIASES = {_compact(k): v for k, v in pat.OUTLET_ALIASES.items()}


def normalise_outlet(name: str) -> str:
    """One name per outlet across spellings and domains ("nytimes.com", "NYTimes" ->
    "The New York Times"); an outlet the alias table does not know keeps its own spelling,
    a bare domain loses its www."""
    clean = _WS.sub(" ", name).strip()
    key = re.sub(r"^(?:https?://)?(?:www\d?\.|m\.|amp\.)", "", clean.lower()).rstrip("/")
    labels = key.split(".")
    # a subdomain of a known outlet (uk.reuters.com, edition.cnn.com) keeps the outlet's name
    for i in range(len(labels) - 1):
        parent = ".".join(labels[i:])
        if parent in pat.OUTLET_ALIASES:
            return pat.OUTLET_ALIASES[parent]
    if _compact(key) in _ALIASES:
        return _ALIASES[_compact(key)]
    return key if _DOMAIN_LIKE.fullmatch(key) else clean


def _jsonld_value(jsonld: list[Any], key: str) -> Any:
    """First value of key in JSON-LD objects, article types first (@graph flattened)."""
    objs = list(jsonld_objects(jsonld))
    objs.sort(key=lambda o: "article" not in str(o.get("@type", "")).lower()
              and "posting" not in str(o.get("@type", "")).lower())
    for obj in objs:
        if obj.get(key):
            return obj[key]
    return None


