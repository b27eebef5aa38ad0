"""Data, not logic: boilerplate lines, datelines, attribution cues, outlet aliases.

Each entry names the outlet, sample or bug behind it. Sections are owned by the
stage that reads them: text cleaning, metadata (dates/outlets), HTML, quotes.
"""

from __future__ import annotations

import re

# --- metadata (meta.py) -------------------------------------------------------

# JSON field names of common exporters, most specific first; dotted names reach
# into nested objects. news-please: maintext, date_publish, source_domain;
# trafilatura JSON: raw_text/text, sitename, hostname; webhose: thread.site,
# thread.title, published, uuid; NewsAPI: source.name, publishedAt, content.
JSON_FIELDS: dict[str, tuple[str, ...]] = {
    "id": ("id", "doc_id", "uuid", "_id", "url", "link"),
    "title": ("title", "headline", "thread.title"),
    "body": ("text", "body", "content", "maintext", "article", "raw_text", "article_text"),
    "date": ("date", "published", "date_publish", "published_at", "publishedAt",
             "publish_date", "date_published", "datePublished", "pubdate",
             "thread.published", "date_download"),
    "outlet": ("outlet", "source.name", "source", "site", "source_domain", "sitename",
               "site_name", "publisher", "thread.site", "hostname"),
    "url": ("url", "link", "thread.url", "source_url"),
}

# Wire services and outlets whose name in running text is a credit, not a topic:
# "..., AP reported." (sample 002), "..., Anadolu reports." (sample 004).
# Key: the spelling in text; value: the canonical outlet name.
CREDIT_OUTLETS: dict[str, str] = {
    "AP": "AP", "Associated Press": "AP", "The Associated Press": "AP",
    "Reuters": "Reuters", "AFP": "AFP", "Agence France-Presse": "AFP",
    "Anadolu": "Anadolu", "Anadolu Agency": "Anadolu", "Bloomberg": "Bloomberg",
    "CNN": "CNN", "BBC": "BBC News", "Al Jazeera": "Al Jazeera", "UPI": "UPI",
    "dpa": "dpa", "Xinhua": "Xinhua", "TASS": "TASS", "Kyodo": "Kyodo",
    "NBC News": "NBC News", "CBS News": "CBS News", "ABC News": "ABC News",
    "Axios": "Axios", "Politico": "Politico", "The Times of Israel": "The Times of Israel",
}

# Datelines and credits that name the outlet of the article itself.
OUTLET_CREDIT_PATTERNS: tuple[re.Pattern[str], ...] = (
    # "(Bloomberg) -- Israel and ..." (sample 001); "WASHINGTON (Reuters) - ..."
    re.compile(r"\A\s*(?:[A-Z][A-Za-z.,'’ -]{0,40}?\s)?\((?P<o>[A-Z][\w&.'’ -]{1,30})\)\s*(?:--|[-–—])"),
    # "CNN’s Paul LeBlanc contributed to this report." (sample 003)
    re.compile(r"(?m)^\s*(?P<o>[A-Z][\w&.-]{1,20}(?: [A-Z][\w&.-]+){0,2})['’]s\s+[A-Z][\w.'’-]+"
               r"(?:\s+(?:and\s+)?[A-Z][\w.'’-]+){0,5}\s+contributed to this (?:report|story)"),
    # a closing credit line: "— AP", "-- Reuters"
    re.compile(r"(?m)^\s*(?:--|[-–—])\s*(?P<o>[A-Z][\w&. ]{1,30}?)\s*$"),
)
# "..., AP reported." / "Anadolu reports." : only for names in CREDIT_OUTLETS.
CREDIT_VERB_PATTERN = re.compile(
    r"[,.]?\s(?P<o>{names})\s+(?:reported|reports)(?:\.|,|\s*$)")

# A line near the top of a dump that is only a date, or "Published: <date>".
# "Updated ..." lines are left out on purpose: a modified date is not the
# publication date.
DATE_LINE_PATTERN = re.compile(
    r"(?i)^\s*(?:(?:published|posted|date)\s*(?:on|:)?\s*)?(?P<d>[\w ,./:-]{6,40}?)\s*$")
# Words that mark a line as a modified or copyright date, never a publication date.
NOT_PUBLISHED_WORDS = re.compile(r"(?i)\b(updated?|modified|revised|copyright|©|\(c\)|last edited)\b")

# --- text cleaning (clean.py) -------------------------------------------------

# Whole-line boilerplate of plain-text dumps, as (rule, regex) pairs. clean.py joins
# them into one case-insensitive alternation that must match a whole whitespace-
# normalised line, so a pattern never cuts into a sentence. Each regex starts with
# fixed words (no leading wildcard: one match per line has to stay cheap); lines
# recognised by how they end are in TEXT_BOILERPLATE_ENDINGS.

# A run of capitalised names, case-sensitive inside the case-blind alternation,
# so "Reporting by Jane Doe" is a credit and "Reporting by the local paper ..." is not.
_NAMES = r"(?-i:[A-Z][\w.'’-]*(?: [A-Z][\w.'’-]*){0,3})"
_CREDIT_ROLE = r"(?:additional )?(?:reporting|writing|editing|compiled|produced) by "

TEXT_BOILERPLATE_LINES: tuple[tuple[str, str], ...] = (
    # seed 003 "2 mins read"; CBS Sports "• 2 min read"; Portuguese blogs
    # "Tempo de leitura: 1 minuto" (comoeducarseusfilhos.com.br)
    ("reading time", r"\W*\d+\s*(?:mins?|minutes?)\.?\s*(?:read|reading(?: time)?)\W*"
                     r"|(?:reading time|read time|tempo de leitura|время чтения)\W*\d+\s*\w*\W*"),
    # seed 003 "25 views"; view/share/comment counters of WordPress themes
    ("counter", r"[\d.,]+\s*[km]?\s*(?:views?|reads|shares?|comments?|likes?|visualizações)"),
    # share and follow buttons rendered as text (THR "FACEBOOK"/"EMAIL ME", Express
    # "Find us on Facebook", most WordPress themes "Share this:")
    ("share prompt", r"(?:share|share (?:this|the|on|via)\b.{0,30}|tweet|pin it|e-?mail(?: me)?|print"
                     r"|copy(?: article)? link|facebook|twitter|linkedin|whatsapp|pinterest|reddit"
                     r"|flipboard|messenger(?: facebook)?|telegram"
                     r"|(?:find|follow|like|watch|check) us on \w+.{0,10})\W*"),
    # seed 001 "Read more: ...", seed 004 "READ: ...", Express "SEE MORE: ...",
    # Brazilian sites "Leia também: ..."; a headline after a teaser label
    ("teaser", r"(?:read|read more|read also|also read|see also|see more|related|more"
               r"|watch|listen|recommended|don'?t miss|must read|leia também|leia mais"
               r"|читайте также)\s*:\s*\S.{0,200}"),
    # seed 003 "Read the full article here"; ad slots and "continue" links
    ("link prompt", r"read the (?:full|original) (?:article|story|post).{0,20}"
                    r"|continue reading.{0,60}|click here.{0,80}|story continues below.{0,20}"
                    r"|advertisements?|sponsored(?: content)?|scroll (?:down )?to continue.{0,30}"
                    r"|skip (?:ad|to (?:main )?content)|pular para o conteúdo|up next:?"),
    # seed 003 WordPress comment form; comoeducarseusfilhos.com.br (pt) form
    ("comment form", r"(?:post|add|write) a comment|cancel reply"
                     r"|your email address will not be published\..{0,80}"
                     r"|required fields are marked.{0,5}|save my name, email,? and website.{0,80}"
                     r"|(?:name|e-?mail|website|site|comment|comentário|nome)\s*\*?"
                     r"|post comment|you must be logged in to post a comment\.?"
                     r"|o seu endereço de e-mail não será publicado.{0,90}"),
    # seed 001 Bloomberg "--With assistance from Jon Herskovitz."; Reuters "Reporting
    # by ...; Editing by ..." (names only, so a sentence about reporting survives)
    ("credit", r"-*\s*with assistance from .{1,200}"
               rf"|\(?{_CREDIT_ROLE}{_NAMES}(?:(?:[,;]| and| in)\s*(?:{_CREDIT_ROLE})?{_NAMES})*\)?\.?"),
    # bylines and timestamps: Express "By Laura Mowat", "PUBLISHED: 10:48, Tue, Nov 19,
    # 2019 | UPDATED: ..."; Hawaii News Now "By HNN Staff | November 18, 2019 at 2:26 PM";
    # Snopes "Published 18 November 2019". A byline tail never ends a sentence, so
    # "By Monday, officials had left." stays.
    ("byline", rf"by\s+{_NAMES}(?:\s*(?:,|and|&)\s*{_NAMES})*(?:\s*[|@•,–-][^.!?]{{0,100}})?"
               r"|(?:published|updated|posted|last updated|first published)(?: on| at)?:?\s*"
               r"(?:\d|(?:mon|tue|wed|thu|fri|sat|sun|jan|feb|mar|apr|may|jun|jul|aug|sep|oct"
               r"|nov|dec)[a-z]*\b)[^!?]{0,100}"),
    # seed 001 Bloomberg "(Updates with NBC report on exile arrangement in paragraph 9.)"
    ("update note", r"\((?:updates?|adds?|recasts?|corrects?|rewrites?|refiles?|fixes)\b.{0,200}\)"),
    # newsletter, login and cookie prompts (CBS Sports, THR "Cookie Settings",
    # SB Nation "We use cookies and other tracking technologies ...")
    ("subscribe prompt", r"(?:we|this (?:site|website) uses?|our (?:site|website) uses?) cookies\b.{0,400}"
                         r"|cookie (?:policy|settings|preferences)|accept(?: all)?(?: cookies)?"
                         r"|subscribe\b.{0,40}|newsletters?|sign up\b.{0,80}|thanks? (?:you )?for"
                         r" signing up.{0,40}|sign in|log ?in|log ?out|register"),
    # Headings over a list of other stories: seed 003 "Latest from Politics"; Express
    # "Most read in World", "Related articles", "DON'T MISS"; Sky "More from UK"; Snopes
    # "Editors' Picks". Not end markers: Sky, Express and The Sun put such boxes inside
    # the story; clean.py drops the headline lines that follow one.
    ("related-story heading", r"(?:latest|more|most read|most popular) (?:from|in|on) \S.{0,40}"
                              r"|you (?:may|might) also like.{0,10}|related(?: articles| stories"
                              r"| posts| coverage| content| news)?:?|more stories|editors'? picks"
                              r"|most (?:read|popular|viewed|shared)|don'?t miss|read next|top stories"
                              r"|recommended(?: for you| stories| articles)?|trending(?: now| stories)?"
                              r"|artigos relacionados|artigos populares|вам также может быть интересно"),
    # THR "© 2019 The Hollywood Reporter", "All rights reserved."
    ("copyright", r"(?:©|copyright\b|\(c\) \d{4}).{0,200}|all rights reserved\.?"),
)

# Boilerplate told by how a line ends, as (rule, regex): clean.py matches the
# alternation at the end of lines of at most a few sentences.
TEXT_BOILERPLATE_ENDINGS: tuple[tuple[str, str], ...] = (
    # seed 003 CNN "CNN’s Paul LeBlanc contributed to this report."
    ("credit", r"\bcontributed (?:reporting )?to this (?:report|story|article)\.?"),
    # Express "China furious at Macron for Hong Kong protest jibe [INSIGHT]": a headline
    # tagged with its kind in capitals
    ("teaser", r"(?-i:\[[A-Z][A-Z ]{2,20}\])\W{0,3}"),
    # photo captions ending in their credit: Express "(Image: GETTY)", The Sun
    # "...rabbitCredit: Getty - Contributor", SB Nation "Photo by Kirk Irwin/Getty Images",
    # RT "... November 19, 2019. © Reuters / David Mercado", Hawaii News Now "(Source: NASA)"
    ("caption", r"(?:\((?:image|photo|picture|pic|video|credit|source)s?\s*:[^()]{0,80}\)"
                r"|© [^.]{1,60}"
                r"|(?:credit|photo|image|picture)s?\s*:\s*[^.:]{0,80}"
                r"|(?:photo|image|picture)s? (?:by|via|courtesy of) (?-i:[A-Z])[^.]{0,80}"
                r"|getty images|shutterstock|\b(?:ap|afp|reuters|epa) photo[^.]{0,60})"
                r"[^\w.!?]{0,3}"),
)

# Every ending above contains one of these (lower-cased); a line whose tail holds
# none of them skips the ending patterns, which keeps cleaning fast.
TEXT_ENDING_CUES: tuple[str, ...] = (
    "contributed", "[", "image", "photo", "picture", "pic", "video", "credit", "source",
    "©", "getty", "shutterstock",
)

# Lines that end the article: what follows them is navigation to other stories or
# the comment thread, never body text, so the body never runs across them.
TEXT_END_MARKERS: tuple[tuple[str, str], ...] = (
    # seed 003 "Previous Story" / "Next Story" followed by related headlines;
    # Sky News "Previous article <headline>"
    ("related-story list", r"(?:previous|next|prev) (?:story|article|post)\b.{0,160}"),
    # seed 003 "Leave a Reply" then the form; pv magazine "Leave a Reply Cancel reply";
    # "12 Comments" thread headers (a lone "Comment" is a button: The Sun puts one
    # inside its story lists)
    ("comment thread", r"leave a (?:reply|comment)\b.{0,30}|\d+ comments?|comments(?: \(\d+\))?"
                       r"|join the (?:conversation|discussion)|deixe uma resposta.{0,30}"
                       # WordPress "2 thoughts on “<title>”", "One response to <title>"
                       r"|(?:\d+|one|two|three) (?:thoughts?|responses?|replies) (?:on|to) .{1,200}"
                       r"|(?:reader|user) comments|добавить комментарий.{0,30}"),
    # author boxes close a post (comoeducarseusfilhos.com.br "Sobre <author>" is the
    # named form, not matched: only the generic headings are)
    ("author box", r"about the author|sobre o autor|об авторе|author bio"),
)

# Wire datelines at the start of a paragraph: the prefix goes, the sentence stays.
TEXT_DATELINE_PREFIXES: tuple[str, ...] = (
    # seed 001 "(Bloomberg) -- Israel and the US ..."
    r"\((?:Bloomberg|Reuters|AP|AFP|UPI|CNN|dpa|Xinhua)\)\s*(?:--|—|–|-)\s*",
    # Reuters "WASHINGTON (Reuters) - ", AP "NEW YORK (AP) — ", "GAZA CITY, Gaza (AP) —"
    r"[A-Z][A-Z.' /-]{1,40}(?:,\s*[A-Z][A-Za-z.' ]{1,30})?\s*"
    r"\((?:Reuters|AP|AFP|UPI|CNN|dpa|Xinhua|Bloomberg)\)\s*(?:--|—|–|-)\s*",
    # AP/NYT style "BEIJING — " (all-caps place, then a dash) before running prose: a
    # Reuters-21578 table header "OPEN HIGH LOW VLI -- MAR 250.50 ..." has no lower case
    r"[A-Z][A-Z.'-]{2,}(?: [A-Z][A-Z.'-]+){0,3}(?:,\s*[A-Z][A-Za-z.]+(?: [A-Z][A-Za-z.]+)?)?"
    r"\s*(?:--|—|–)\s+(?=.{0,40}\b[a-z]{2,})",
)

# The reader removes the "date YYYY-MM-DD" prefix of the sample dumps; cleaning
# removes it too if it is still there (seeds 000, 001, 004).
TEXT_DATE_PREFIX = r"date \d{4}-\d{2}-\d{2}\b\s*"

# --- HTML (html.py) -----------------------------------------------------------

# Elements cut out of the markup before BeautifulSoup builds its tree: they never
# hold article text and bs4 spends ~40 us per element, so cutting them first is
# the cheapest speed-up (measured: script/style/svg are ~15 % of all elements on
# the extraction dev pages). JSON-LD scripts are read before they are cut.
HTML_PRECUT_TAGS: tuple[str, ...] = (
    "script", "style", "svg", "noscript", "template", "iframe", "select",
    "canvas", "object", "video", "audio", "math",
)

# Page furniture cut the same way, its text recorded as a Removal: site menus,
# footers and sidebars hold a third of all elements on the dev pages, and cutting
# them before the parse doubles bs4's speed. An unclosed or nested one is cut only
# up to its first end tag; what follows is left to the tree rules.
HTML_PRECUT_FURNITURE: tuple[str, ...] = ("nav", "footer", "aside")

# Lists cut before the parse when links carry at least this share of their text:
# menus outside <nav> and related-story lists are a quarter of the elements left
# after the cuts above (dev pages); cutting them is 19 % faster, F1 unchanged.
# A list holding another list is left to the tree rules.
HTML_PRECUT_LINK_LISTS: tuple[str, ...] = ("ul",)
HTML_LINK_LIST_SHARE = 0.8

# Void elements cut the same way (no text in them); a canonical <link> is kept.
HTML_PRECUT_VOID: tuple[str, ...] = ("img", "source", "input", "wbr", "link", "track", "area")

# Elements dropped from the tree, with the rule name recorded in Removal.
HTML_DROP_TAGS: tuple[str, ...] = ("nav", "header", "footer", "aside", "form", "button",
                                   "dialog", "menu", "figure", "input", "textarea", "label")

# Inline styles that hide an element: hidden schema.org copies of the body
# (businessinsider.de keeps two display:none NewsArticle blocks), closed menus.
HTML_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.IGNORECASE)

# Block-level tags: text inside them becomes its own paragraph.
HTML_BLOCK_TAGS: frozenset[str] = frozenset({
    "p", "div", "section", "article", "main", "li", "ul", "ol", "dl", "dt", "dd",
    "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre", "table", "tr", "td",
    "th", "tbody", "thead", "figure", "figcaption", "center", "address", "hr", "br",
})

# class/id tokens of boilerplate containers: comment threads (WordPress #comments,
# Disqus), share bars, newsletter/subscribe boxes, related/recommended teasers
# (Outbrain, Taboola), ads, breadcrumbs, cookie banners, author bios, captions.
# Matched against each whitespace-separated class token and the id.
HTML_BOILERPLATE_CLASS = re.compile(
    r"(?:^|[-_ ])(?:comments?|commentlist|disqus|respond|reply|share|sharing|social|"
    r"sharebar|newsletter|subscribe|subscription|signup|related|recommended|"
    r"recirc|outbrain|taboola|promo|advert|advertisement|ad|ads|adslot|dfp|"
    r"sponsored|breadcrumbs?|cookies?|consent|popup|modal|sidebar|"
    r"author-bio|authorbio|bio|byline|caption|credit|tags|tag-list|"
    r"most-popular|popular|trending|read-more|readmore|more-stories|"
    r"paywall|print-only|visually-hidden|sr-only|screen-reader-text)"
    r"(?:$|[-_ ])",
    re.IGNORECASE,
)

# Class/id words that make a container more or less likely to be the article
# (readability.js, REGEXPS.positive / negative), a x1.25 / x0.6 weight on its score (readability adds +-25, too strong for our scale).
HTML_POSITIVE_CLASS = re.compile(
    r"article|body|content|entry|hentry|h-entry|main|page|post|text|blog|story", re.IGNORECASE)
HTML_NEGATIVE_CLASS = re.compile(
    r"-ad-|hidden|^hid$| hid$| hid |^hid |banner|combx|comment|com-|contact|foot|footer|"
    r"footnote|gdpr|masthead|media|meta|outbrain|promo|related|scroll|share|shoutbox|"
    r"sidebar|skyscraper|sponsor|shopping|tags|tool|widget|breaking|teaser", re.IGNORECASE)

# Whole short paragraphs that are page furniture, not article text (seen on
# dev pages: "Advertisement" slots on news sites, share/read-more prompts).
HTML_BOILERPLATE_LINE = re.compile(
    r"^(?:advertisement|anzeige|werbung|publicité|sponsored|read more|"
    r"continue reading|share this( article| story)?|click here|sign up|"
    r"subscribe|follow us|related( articles| stories)?|more from .{0,40})\W*$",
    re.IGNORECASE,
)

# Publication-date <meta> names (name, property or itemprop, lower-cased), most
# reliable first (each was right on 0.9+ of the dev pages that carry it). Open
# Graph/article: Facebook OGP; parsely-pub-date: Parse.ly; sailthru.date: Sailthru;
# dc.*: Dublin Core; citation_*/bepress_*: Google Scholar tags; sw-pubdate,
# publication_date: Swiss and Austrian CMSs (be.ch, katholisch.at); the second block,
# names that say "published" in other vocabularies: Shareaholic, Cxense, rNews, the
# Twitter/VR and article:published_date variants (right on each dev page carrying one).
HTML_DATE_META: tuple[str, ...] = (
    "article:published_time", "og:article:published_time", "article:published",
    "datepublished", "parsely-pub-date", "sailthru.date", "pubdate", "publishdate",
    "publish-date", "publish_date", "publication_date", "published_time", "article.published",
    "article_date_original", "original-publish-date", "og:published_time", "sw-pubdate",
    "og:pubdate", "dc.date.issued", "dcterms.issued", "dc.date.created", "bt:pubdate",
    "cxenseparse:recs:publishtime", "citation_publication_date", "bepress_citation_date",
    "article:post_date", "displaydate", "date.available",
    "article:published_date", "article:publicationdate", "og:publish_date", "published-date",
    "date_published", "dc.date.publication", "rnews:datepublished", "cxenseparse:publishtime",
    "shareaholic:article_published_time", "vr:published_time", "vr:published-time",
    "twt-published-at", "originalpublicationdate", "dateposted",
)
# Weaker names, tried after JSON-LD: plain "date" and dc.date are often the date of
# the last edit on German CMSs (ejwue.de, tagesschau.de in the dev pages).
HTML_DATE_META_WEAK: tuple[str, ...] = (
    "dcterms.created", "dc.date", "dcterms.date", "date", "citation_date",
)

# Words in class/id/itemprop that mark a date as *not* the publication date:
# edits, comments, and navigation bars that show today's date (news.az top bar).
HTML_DATE_NEGATIVE = re.compile(
    r"modif|updat|revis|edited|copyright|expir|comment|\bnav\b|navbar|topbar", re.IGNORECASE)
# class/id words of the bars that hold a site's clock or today's date: navigation,
# top bar, masthead (nachtkritik.de div.navtop, news.az top bar); any word that
# starts with "nav" (navtop, navwrap, navigation).
HTML_DATE_WIDGET = re.compile(
    r"(?:^|[-_ ])(?:nav\w*|topbar|top-bar|masthead|toolbar)(?:$|[-_ ])", re.IGNORECASE)
# class/id words of an element that is itself a display of today's date (dln.com
# <div class="today"> under its masthead; "current-date", "date-today" clocks).
HTML_DATE_TODAY = re.compile(
    r"(?:^|[-_ ])(?:today|current-?date|date-?today)(?:$|[-_ ])", re.IGNORECASE)
# class/id words of elements that show the publication date as text (WordPress
# entry-date/posted-on, bylines, German "datum", Drupal's "submitted" byline).
HTML_DATE_CLASS = re.compile(
    r"(?:^|[-_ ])(?:date|datum|time|timestamp|published|posted|pubdate|post-?date|"
    r"entry-?date|article-?date|dateline|byline|meta|post-?meta|entry-?meta|info|submitted)"
    r"(?:$|[-_ ])",
    re.IGNORECASE,
)

# Labels of a visible date that is the last edit or a copyright, not the publication
# (English, German, French, Spanish, Italian, Portuguese, Dutch, Russian): the date
# after them is skipped (realsimple.com "Updated May 06, 2019", pythonspeed.com "Last
# updated 04 Jun 2020, originally created 17 Jun 2019", qualisys.eu "Copyright ©
# 19.12.2019").
HTML_DATE_NOT_PUBLISHED = re.compile(
    r"(?:\b(?:updated?|last edited|modified|revised|aktualisiert|geändert|änderung|editiert|"
    r"mis à jour|modifié|"
    r"actualizado|actualización|aggiornat[oa]|atualizad[oa]|bijgewerkt|обновлено|"
    r"copyright)\b|©|\(c\))"
    # between label and date: words, or a time of day (CNN "Updated 2010 GMT (0410 HKT)
    # March 14, 2021", "Aktualisiert 17:05 Uhr")
    r"(?:[^.\d]|\d\d?[:.h]\d\d|\d{3,4}(?=\s*[a-z]{2,4}\b)){0,25}$",
    re.IGNORECASE)

# Labels that name the date right after them as the publication date: WordPress
# "Posted on", news bylines "Published:", German "Veröffentlicht am", "Erschienen am",
# "Datum:" (ebene11.com keeps "Datum 12.01.2017" in an <aside> fact box), French
# "Publié le", Spanish "Publicado el", Italian "Pubblicato il". On the dev pages a
# date so labelled was the truth on 45 of 47 pages that have one.
HTML_DATE_LABEL = re.compile(
    r"(?<!\w)(?:published|posted|date|datum|veröffentlicht|erschienen|erstellt|publié|publiée|"
    r"publicado|publicada|pubblicato)(?:\s+(?:on|am|le|el|il))?\s*:?\s*$",
    re.IGNORECASE)

# An inline script that writes one date where it stands: its only statement is a call
# of a writing or date-showing function whose only argument is the date,
# showDate("2020/04/17 01:43:09") (udn.com forums), document.write('17.04.2020'). The
# browser shows the date there, so it is page text; a tracker's call is not (ga(...)).
HTML_SCRIPT_WRITES_DATE = re.compile(
    r"\A\s*(?:<!--)?\s*(?=[A-Za-z_$])[\w$.]*?(?i:write|date|time|show|print|render|display)\w*"
    r"\(\s*(['\"])(?P<value>[^'\"<>\\]{6,40})\1\s*\)\s*;?\s*(?://\s*-->|-->)?\s*\Z")

# Dates in URLs: /2024/02/07/, /2024-02-07-, /20240207/ (WordPress permalinks,
# CMSs of US and German newspapers).
HTML_URL_DATE = re.compile(
    r"(?<!\d)((?:19|20)\d\d)[/_.-]?(0[1-9]|1[0-2])[/_.-]?(0[1-9]|[12]\d|3[01])(?!\d)"
)

# Year and month in a URL (/2023/10/slug): not a day, but it confirms a date.
HTML_URL_MONTH = re.compile(r"/((?:19|20)\d\d)/(0[1-9]|1[0-2])/")

# Furniture whose dates belong to other pages or to readers (comment threads,
# related-story and popular lists, sidebars); a caption or byline box may hold the
# article's own date (zdf.de puts it in a caption-styled info bar).
HTML_DATE_NOISE = re.compile(
    r"comment|relat|recommend|popular|trending|most|sidebar|widget|promo|outbrain|taboola|"
    r"newsletter|more-stories|read-more|readmore", re.IGNORECASE)

# Month names of the languages in the dev pages (English, German, French,
# Spanish, Italian, Dutch, Portuguese, Russian genitive); key: lower-cased name
# or abbreviation (German "Mär."/"Mrz.", eatsmarter.de "06. Mär. 2023"; French "janv.",
# "févr.", "avr.", "juil.", "déc."), value: month number.
HTML_MONTHS: dict[str, int] = {
    name: num
    for num, names in enumerate((
        "january jan januar janvier janv enero gennaio januari jänner janeiro января",
        "february feb februar février fevrier févr fevr febrero febbraio februari fevereiro февраля",
        "march mar märz maerz mär mrz mars marzo maart março марта",
        "april apr avril avr abril aprile апреля",
        "may mai mayo maggio mei maio мая",
        "june jun juni juin junio giugno junho июня",
        "july jul juli juillet juil julio luglio julho июля",
        "august aug août aout agosto augustus августа",
        "september sep sept septembre septiembre settembre setembro сентября",
        "october oct oktober octobre octubre ottobre okt outubro октября",
        "november nov novembre noviembre novembro ноября",
        "december dec dezember décembre decembre déc diciembre dicembre dez dezembro декабря",
    ), start=1)
    for name in names.split()
}

_MONTH_NAMES = "|".join(sorted(HTML_MONTHS, key=len, reverse=True))

# Complete dates in visible text, tried in order; named groups y, m (number or
# month name), d. Day-month order is only trusted where it is unambiguous:
# "16. Oktober 2019" / "16 October 2019" (German, British), "October 16, 2019"
# (US), "16.10.2019" (German numeric), ISO "2019-10-16" and "2019/10/16", Chinese,
# Japanese and Korean "2020年7月1日" / "2020년 7월 1일" (release:date metas of Japanese
# news sites in the dev pages).
# "10/11/2019" is read only where unambiguous (groups a, b: see html._day_month).
HTML_TEXT_DATES: tuple[re.Pattern[str], ...] = (
    re.compile(r"(?<!\d)(?P<y>(?:19|20)\d\d)[-/.](?P<m>0?[1-9]|1[0-2])[-/.](?P<d>0?[1-9]|[12]\d|3[01])(?!\d)"),
    re.compile(r"(?<!\d)(?P<d>0?[1-9]|[12]\d|3[01])\.\s?(?P<m>0?[1-9]|1[0-2])\.\s?(?P<y>(?:19|20)\d\d)(?!\d)"),
    re.compile(rf"(?<![\d\w])(?P<d>0?[1-9]|[12]\d|3[01])(?:st|nd|rd|th|er|\.)?\s+(?:de\s+)?(?P<m>{_MONTH_NAMES})\.?,?\s+(?:de\s+)?(?P<y>(?:19|20)\d\d)(?!\d)", re.IGNORECASE),
    re.compile(rf"(?<!\w)(?P<m>{_MONTH_NAMES})\.?\s+(?P<d>0?[1-9]|[12]\d|3[01])(?:st|nd|rd|th)?,?\s+(?P<y>(?:19|20)\d\d)(?!\d)", re.IGNORECASE),
    re.compile(r"(?<!\d)(?P<y>(?:19|20)\d\d)\s*[年년]\s*(?P<m>0?[1-9]|1[0-2])\s*[月월]\s*(?P<d>0?[1-9]|[12]\d|3[01])\s*[日일]"),
    re.compile(r"(?<![\d/])(?P<a>0?[1-9]|[12]\d|3[01])/(?P<b>0?[1-9]|[12]\d|3[01])/(?P<y>(?:19|20)\d\d)(?!\d)"),
    # German bylines with a two-digit year, "31.10.23" (der-farang.com): 20yy, tried last;
    # two digits each, so a version number "WordPress 4.8.12" is not a date
    re.compile(r"(?<![\d.])(?P<d>0[1-9]|[12]\d|3[01])\.(?P<m>0[1-9]|1[0-2])\.(?P<y>[0-3]\d)(?![\d.])"),
)

# Outlet spellings and domains (lower-cased) -> one canonical name, so an outlet
# keeps one name across og:site_name, JSON-LD publisher and URL domain. Brief
# examples (NYT, Reuters, CNN, AP, BBC) plus outlets of the dev pages.
OUTLET_ALIASES: dict[str, str] = {
    # The New York Times: og:site_name "NYTimes", publisher "The New York Times"
    "the new york times": "The New York Times", "new york times": "The New York Times",
    "nytimes": "The New York Times", "nytimes.com": "The New York Times", "nyt": "The New York Times",
    # Reuters: reuters.com, uk.reuters.com
    "reuters": "Reuters", "reuters.com": "Reuters", "thomson reuters": "Reuters",
    # CNN: edition.cnn.com, og:site_name "CNN"
    "cnn": "CNN", "cnn.com": "CNN", "edition.cnn.com": "CNN", "cnn international": "CNN",
    # AP: apnews.com, "AP News", "Associated Press"
    "ap": "AP", "ap news": "AP", "apnews.com": "AP", "apnews": "AP",
    "associated press": "AP", "the associated press": "AP",
    # BBC News: bbc.co.uk, bbc.com
    "bbc": "BBC News", "bbc news": "BBC News", "bbc.co.uk": "BBC News", "bbc.com": "BBC News",
    # other wires and large outlets
    "afp": "AFP", "agence france-presse": "AFP", "afp.com": "AFP",
    "the washington post": "The Washington Post", "washington post": "The Washington Post",
    "washingtonpost.com": "The Washington Post",
    "the guardian": "The Guardian", "guardian": "The Guardian", "theguardian.com": "The Guardian",
    "the wall street journal": "The Wall Street Journal", "wsj": "The Wall Street Journal",
    "wsj.com": "The Wall Street Journal", "wall street journal": "The Wall Street Journal",
    "bloomberg": "Bloomberg", "bloomberg.com": "Bloomberg", "bloomberg news": "Bloomberg",
    # Anadolu Agency (sample 004): aa.com.tr, "Anadolu Ajansı"
    "anadolu": "Anadolu", "anadolu agency": "Anadolu", "aa.com.tr": "Anadolu",
    "anadolu ajansı": "Anadolu",
    "the hill": "The Hill", "thehill.com": "The Hill",
    "cbs sports": "CBS Sports", "cbssports.com": "CBS Sports",
    "sportsnet": "Sportsnet", "sportsnet.ca": "Sportsnet",
    "al jazeera": "Al Jazeera", "aljazeera.com": "Al Jazeera",
    "npr": "NPR", "npr.org": "NPR",
    "fox news": "Fox News", "foxnews.com": "Fox News", "foxnews": "Fox News",
    "nbc news": "NBC News", "nbcnews.com": "NBC News",
    "cbs news": "CBS News", "cbsnews.com": "CBS News",
    "abc news": "ABC News", "abcnews.go.com": "ABC News",
    "usa today": "USA Today", "usatoday.com": "USA Today",
    "politico": "Politico", "politico.com": "Politico", "politico.eu": "Politico",
    "the independent": "The Independent", "independent.co.uk": "The Independent",
    "the telegraph": "The Telegraph", "telegraph.co.uk": "The Telegraph",
    "financial times": "Financial Times", "ft.com": "Financial Times",
    "die zeit": "Die Zeit", "zeit online": "Die Zeit", "zeit.de": "Die Zeit",
    "der spiegel": "Der Spiegel", "spiegel online": "Der Spiegel", "spiegel.de": "Der Spiegel",
    "süddeutsche zeitung": "Süddeutsche Zeitung", "sueddeutsche.de": "Süddeutsche Zeitung",
    "faz": "FAZ", "faz.net": "FAZ", "frankfurter allgemeine zeitung": "FAZ",
    # dev pages whose og:site_name and JSON-LD publisher spell the outlet differently
    "rt": "RT", "rt international": "RT", "rt.com": "RT",
    "the detroit news": "The Detroit News", "detroitnews.com": "The Detroit News",
    "usa today network": "USA Today", "toronto star": "Toronto Star", "thestar.com": "Toronto Star",
    "el país": "El País", "ediciones el país s.l.": "El País", "elpais.com": "El País",
    "el mundo": "El Mundo", "elmundo.es": "El Mundo",
    "sky news": "Sky News", "news.sky.com": "Sky News",
    "the economic times": "The Economic Times", "economictimes.indiatimes.com": "The Economic Times",
    "frankfurter rundschau": "Frankfurter Rundschau", "fr.de": "Frankfurter Rundschau",
    "oberösterreichische nachrichten": "Oberösterreichische Nachrichten",
    "nachrichten.at": "Oberösterreichische Nachrichten",
    "orf.at": "ORF", "orf": "ORF",
}

# --- quotes (quotes.py) -------------------------------------------------------
# Speech verbs, as stems whose regular forms (-s, -ed, -ing) are built in attribution.py.
# Why each group: "said/told/added" carry most news attribution (samples 000-004);
# the rest are the cues PolNeAR annotators marked beside direct quotes ("reacted Trump",
# "Conway notes", "Zimmerman wrote in the auction description").
QUOTE_SPEECH_STEMS: tuple[str, ...] = (
    "add", "acknowledge", "admit", "agree", "announce", "answer", "argue", "ask", "assert",
    "blast", "boast", "brag", "call", "caution", "chant", "charge", "chime", "claim", "comment",
    "complain", "concede", "conclude", "confirm", "continue", "contend", "counter", "crow",
    "declare", "deny", "describe", "emphasize", "emphasise", "exclaim", "explain", "insist",
    "joke", "lament", "maintain", "mock", "muse", "note", "observe", "offer", "opine", "pledge",
    "point", "post", "predict", "proclaim", "promise", "quip", "react", "read", "recall",
    "recount", "reiterate", "remark", "repeat", "reply", "report", "respond", "retort", "reveal",
    "scoff", "shout", "state", "stress", "suggest", "tell", "testify", "thunder", "tweet",
    "urge", "vow", "warn", "wonder", "write", "yell",
)
# Forms that the -s/-ed/-ing rule cannot build ("went on" only matches after a quote).
QUOTE_SPEECH_IRREGULAR: tuple[str, ...] = (
    "said", "says", "saying", "say", "told", "wrote", "written", "writes", "writing",
    "went on", "goes on", "replied", "replies", "denied", "denies",
)
# Auxiliaries and adverbs that may stand between a speaker and the verb ("Netanyahu had
# said at the time", sample 002; "Blinken again urged", sample 001).
QUOTE_AUXILIARIES: frozenset[str] = frozenset(
    "has had have would will later also then again once previously recently earlier "
    "reportedly simply just repeatedly flatly quickly bluntly however meanwhile though too "
    "instead now still".split()
)
# Personal pronouns resolved to the last named person (singular) or left unnamed (plural).
QUOTE_PRONOUNS_PERSON: frozenset[str] = frozenset({"he", "she"})
QUOTE_PRONOUNS_OTHER: frozenset[str] = frozenset(
    {"they", "it", "we", "i", "you", "who", "which", "this", "that", "one", "someone"}
)
# Titles dropped from a speaker's name ("Israeli Prime Minister Benjamin Netanyahu",
# "former Ambassador Mark Regev", samples 000/003).  Lower case, periods stripped.
QUOTE_TITLE_WORDS: frozenset[str] = frozenset("""
mr mrs ms miss dr sen senator gov governor rep representative president vice prime minister
secretary sec gen general lt col maj capt adm sgt rev reverend judge justice mayor sir dame
lord lady prof professor speaker chancellor ambassador commissioner sheriff former deputy
chairman chairwoman chair congressman congresswoman attorney state foreign defense defence
interior finance treasury house senate leader majority minority lieutenant pastor bishop
archbishop cardinal rabbi imam sheikh king queen prince princess pope chief director
spokesman spokeswoman spokesperson candidate nominee democrat republican democratic gop
independent presumptive envoy assemblyman assemblywoman councilman councilwoman
delegate superintendent officer minister ministers u.s us un eu uk staff
""".split())
# Words that look like names at the head of a capitalised run but are not part of one
# (sentence openers, demonyms and places before titles: "Wisconsin Gov. Scott Walker").
QUOTE_NOT_NAME_WORDS: frozenset[str] = frozenset("""
the a an but and or in on at when as he she they it we i this that if so then asked later
still yet also meanwhile however now there here after before during following speaking
while since although though because until with without despite for from by under over
instead today yesterday tonight monday tuesday wednesday thursday friday saturday sunday
january february march april may june july august september october november december
israeli american british french german russian chinese iranian palestinian egyptian
qatari saudi turkish indian japanese mexican canadian european united states america
new york washington texas florida iowa california ohio wisconsin virginia carolina
his her their its our my your according speaking one some many several
two three four five six seven eight nine ten dozens hundreds thousands
""".split())
# Words ending a capitalised run that make it an organisation, not a person.  Why: a
# person's last name is matched loosely by the scorer, an organisation's is not.
QUOTE_ORG_WORDS: frozenset[str] = frozenset("""
post times journal news herald tribune gazette telegraph guardian daily sentinel globe
press radio tv television network agency ministry department committee commission
council party campaign foundation institute institution university college center
centre office house court board union association organization organisation group
corporation company inc corp bank fund reserve caller blaze watch magazine review
federation alliance coalition caucus league society
sea ocean river lake island islands mountain mountains street avenue county city valley bay
gulf strait park square road airport station beach coast desert peninsula canal bridge
""".split())   # the last two lines are places: "South China Sea" is no one to quote
# Common nouns that refer back to a named organisation ("The daily said", sample 004):
# noun -> the organisation words that may name its antecedent.
_QUOTE_PAPER_WORDS = frozenset(
    "post times journal news herald tribune gazette telegraph guardian daily sentinel globe".split()
)
QUOTE_ORG_NOUNS: dict[str, frozenset[str]] = {
    "daily": _QUOTE_PAPER_WORDS,
    "newspaper": _QUOTE_PAPER_WORDS,
    "paper": _QUOTE_PAPER_WORDS - {"news"},
    "ministry": frozenset({"ministry"}),
    "commission": frozenset({"commission"}),
    "council": frozenset({"council"}),
    "committee": frozenset({"committee"}),
    "agency": frozenset({"agency"}),
    "network": frozenset({"network", "news", "tv"}),
}
# Nouns naming the kind of outlet right after its name ("The Jerusalem Post newspaper").
QUOTE_OUTLET_NOUNS: frozenset[str] = frozenset(
    {"newspaper", "daily", "paper", "tabloid", "network", "agency"}
)
# Sentence openers before the subject; a clause starting with one is skipped to its comma
# ("Speaking to reporters in Tel Aviv on Wednesday, Blinken said", sample 002).
QUOTE_INTRO_WORDS: frozenset[str] = frozenset("""
in on at after before during following speaking asked when while since although though
because until with without despite for from by under over then now also instead
meanwhile however still yet but and later earlier last this today yesterday as if once
separately similarly moreover besides afterward afterwards addressing responding writing
alongside amid amidst among
""".split())
# Determiners and quantifiers that make a description unnamed ("a senior US official").
QUOTE_UNNAMED_HEADS: frozenset[str] = frozenset(
    "a an one some several many two three four few most another other others".split()
)
# Irregular past tenses that end a subject ("Carly Fiorina threw her support behind Cruz,
# saying ..."): the regular "-ed" rule cannot see them.
QUOTE_IRREGULAR_PAST: frozenset[str] = frozenset("""
threw gave took made went came got spoke broke began ran won lost sent brought thought felt
left met put set kept held stood sat led paid sold bought fought caught taught built spent
heard found knew saw became drew grew rose fell chose struck swore hung
""".split())
# Finite auxiliaries: a subject ends before them ("Trump is promising ...").
QUOTE_FINITE_VERBS: frozenset[str] = frozenset(
    "is was are were has had have will would can could should may might must did does do".split()
)
# Words that open a clause: walking back from a verb to its subject stops there
# ("... that he told", "Franklin Graham, who has vowed").
QUOTE_CLAUSE_WORDS: frozenset[str] = frozenset(
    "that which who whom whose and but or if when while because as although though since "
    "where so after before until then than to with".split()
)
# Verbs whose following name is the listener, not the speaker ("told Fox News").
QUOTE_LISTENER_VERBS: frozenset[str] = frozenset({"told", "tell", "tells", "telling"})
# Words after which a speech-verb form is a noun or an infinitive ("in the state",
# "his post", "to say").
QUOTE_NOUN_MARKERS: frozenset[str] = frozenset(
    "to the a an his her their its this that my our your of in on at for with by from".split()
)
# Words that open a noun phrase ("the official said", "a spokesman says").
QUOTE_DETERMINERS: frozenset[str] = frozenset(
    "the a an one some another several many his her their its this that they we i you it".split()
)
# Expletive subjects that name no one ("there's still ...").
QUOTE_EXPLETIVES: frozenset[str] = frozenset("there there's here here's".split())
# Speech verbs that stay verbs when capitalised in a headline ("Clinton Said Of ..."),
# unlike "States" or "Reports".
QUOTE_UNAMBIGUOUS_VERBS: frozenset[str] = frozenset("said says told tells wrote writes".split())
# Last words of an opening time phrase ("Hours later, ...", "Two weeks ago, ...").
QUOTE_TIME_ENDS: frozenset[str] = frozenset(
    "later earlier ago before after afterward afterwards since".split()
)
# Sentence connectives before a subject ("But Ayotte isn't interested").
QUOTE_OPENERS: frozenset[str] = frozenset(
    "but and so yet still also then now meanwhile however".split()
)
# Lower-case particles inside names ("Ludwig van Beethoven", "Osama bin Laden").
QUOTE_NAME_PARTICLES: frozenset[str] = frozenset(
    "de da di del der van von bin ibn al el la le du mc".split()
)
# Name suffixes: "Duncan Hunter" and "Duncan Hunter Sr." are two people.
QUOTE_NAME_SUFFIXES: frozenset[str] = frozenset("jr sr ii iii iv".split())
# Words that end the head of a phrase ("Jason Gilbert of Cheyenne", "Stuart Stevens,
# who was ...", "a spokesman for Bernie Sanders", "Dan Golvach when asked").
QUOTE_HEAD_STOPS: frozenset[str] = frozenset(
    "of for from at in with who which whose that on to as by about after before during near "
    "under over when where while because if and or but told said says than".split()
)
# Abbreviations whose period does not end a sentence ("Sen. Ted Cruz", "U.S. Secretary").
QUOTE_ABBREVIATIONS: frozenset[str] = frozenset(
    "mr mrs ms dr sen rep gov st jr sr gen lt col sgt capt rev prof mt ft no inc corp co ltd "
    "vs u.s d.c jan feb aug sept oct nov dec pres adm maj gop calif fla ill mass n.y n.h".split()
)
# Abbreviated titles and the nouns that refer back to their holder ("Sen. Ted Cruz" ...
# "the senator said").
QUOTE_TITLE_ALIASES: dict[str, str] = {
    "sen": "senator", "rep": "representative", "gov": "governor", "gen": "general",
    "dr": "doctor", "prof": "professor", "rev": "reverend", "sec": "secretary",
}
# The same, read backwards: the abbreviation a role noun may be written as before a name.
QUOTE_TITLE_ALIAS_BACK: dict[str, str] = {v: k for k, v in QUOTE_TITLE_ALIASES.items()}
# Nouns for what someone said: "Clinton's response was: ..." names Clinton as the speaker.
QUOTE_UTTERANCE_NOUNS: frozenset[str] = frozenset(
    "statement response reply answer tweet tweets message remarks comments words letter email "
    "post posts note speech testimony".split()
)
# Capitalised plurals naming a group, never one speaker ("Democrats in Iowa ... said").
QUOTE_GROUP_WORDS: frozenset[str] = frozenset(
    "democrats republicans americans israelis palestinians conservatives liberals "
    "progressives evangelicals democrat republican officials supporters critics voters".split()
)
# Modifiers left out of a role's key: "the former secretary" is still "secretary".
QUOTE_ROLE_MODIFIERS: frozenset[str] = frozenset(
    "u.s us former then late current acting top senior chief new longtime".split()
)
