"""HTML stage: main text, publication date, outlet and url from small hand-made pages."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from index.html import extract_date, extract_html, extract_text, normalise_outlet
from index.patterns import OUTLET_ALIASES

PARAS = [
    "The city council voted on Tuesday to extend the night bus service, after months of debate.",
    "Supporters said the late routes help shift workers, students and visitors get home safely.",
    "Critics, including two council members, warned that the budget for next year is already tight.",
]


def page(body: str, head: str = "", lang: str = "en") -> str:
    return f'<!DOCTYPE html><html lang="{lang}"><head>{head}</head><body>{body}</body></html>'


def article(extra: str = "") -> str:
    paras = "".join(f"<p>{p}</p>" for p in PARAS)
    return f"<article><h1>Night buses stay</h1>{extra}{paras}</article>"


FURNITURE = (
    '<nav><a href="/">Home</a> <a href="/world">World</a> <a href="/sport">Sport</a></nav>'
    "<header><div>Subscribe to our newsletter</div></header>"
    '<aside><h3>Most read</h3><ul><li><a href="/a">Another story, with a long link title</a></li>'
    '<li><a href="/b">Yet another story that people read today</a></li></ul></aside>'
    '<div id="comments"><p>I disagree with this article, it is a terrible idea for the city.</p></div>'
    "<footer><p>Copyright 2024 Example Media. All rights reserved.</p></footer>"
    "<script>var tracking = 'Night buses';</script><style>p { color: red }</style>"
)


# --- main text -----------------------------------------------------------------------


def test_main_text_keeps_paragraphs_and_drops_furniture():
    doc = extract_html(page(FURNITURE + article()))
    assert doc.text == "\n\n".join(PARAS)
    rules = {r.rule for r in doc.removed}
    assert {"nav element", "aside element", "footer element", "header element"} <= rules
    assert any(r.rule.startswith("class") and "disagree" in r.text for r in doc.removed)
    assert "tracking" not in doc.text and "Copyright" not in doc.text


def test_title_heading_is_not_part_of_the_text():
    doc = extract_html(page(article()))
    assert doc.title == "Night buses stay"
    assert "Night buses stay" not in doc.text
    assert any(r.rule == "title heading" for r in doc.removed)


def test_article_body_markup_is_preferred():
    teaser = "".join(f"<p>Teaser number {i}, a short summary of another article, with commas.</p>"
                     for i in range(8))
    body = "".join(f"<p>{p}</p>" for p in PARAS)
    html = page(f'<div class="teasers">{teaser}</div><div itemprop="articleBody">{body}</div>')
    assert extract_text(html) == "\n\n".join(PARAS)


def test_scoring_finds_the_body_without_semantic_markup():
    links = "".join(f'<li><a href="/{i}">Related link number {i} to elsewhere</a></li>'
                    for i in range(10))
    body = "".join(f"<p>{p}</p>" for p in PARAS)
    html = page(f'<div class="menu"><ul>{links}</ul></div><div class="x">{body}</div>')
    assert extract_text(html) == "\n\n".join(PARAS)


def test_link_dense_block_inside_the_article_is_removed():
    extra = '<p><a href="/1">Read: council budget explained in full</a></p>'
    doc = extract_html(page(article(extra)))
    assert "budget explained" not in doc.text
    assert any(r.rule.startswith("link density") for r in doc.removed)


def test_hidden_duplicate_of_the_body_is_ignored():
    hidden = '<div style="display:none"><div itemprop="articleBody">{}</div></div>'.format(
        " ".join(PARAS))
    assert extract_text(page(hidden + article())) == "\n\n".join(PARAS)


def test_text_split_by_br_inside_a_div_is_found():
    body = "<br><br>".join(PARAS)
    html = page(f'<div class="sidebar-list"><a href="/">x</a></div><div class="post-body">{body}</div>')
    assert extract_text(html) == "\n\n".join(PARAS)


def test_form_wrapping_the_whole_page_is_kept():
    # regression: ASP.NET pages put everything inside one <form>
    assert extract_text(page(f"<form>{article()}</form>")) == "\n\n".join(PARAS)


def test_cookie_dialog_is_not_the_article():
    # regression (zdf.de): a consent dialog was the only prose left on a video page
    dialog = ('<div class="b-system-dialog x-cookies"><p>Um zu verstehen, wie unsere Webseite '
              'genutzt wird, nutzen wir Cookies und andere Techniken, hier widersprechen.</p></div>')
    assert extract_text(page(dialog + article())) == "\n\n".join(PARAS)
    assert extract_text(page(dialog)) == ""


def test_page_without_text_gives_empty_text():
    assert extract_text(page("<div><img src='x.png'></div>")) == ""
    assert extract_text("") == ""


@settings(max_examples=40, deadline=None)
@given(st.lists(st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")), max_size=80),
                max_size=6))
def test_text_never_invents_words(chunks):
    from html import escape

    html = page("".join(f"<p>{escape(c)}</p>" for c in chunks))
    text = extract_text(html)
    source = " ".join(chunks)
    for word in text.split():
        assert word in source


# --- dates ---------------------------------------------------------------------------


def test_date_from_json_ld_and_not_the_modified_date():
    head = ('<script type="application/ld+json">{"@context": "https://schema.org", '
            '"@type": "NewsArticle", "dateModified": "2024-03-01T10:00:00+01:00", '
            '"datePublished": "2024-02-07T09:30:00+01:00"}</script>')
    assert extract_date(page(article(), head)) == dt.date(2024, 2, 7)


def test_date_from_meta_tags_in_order():
    head = ('<meta property="article:modified_time" content="2024-03-01T10:00:00+01:00">'
            '<meta name="date" content="2024-02-01">'
            '<meta property="article:published_time" content="2024-02-07T09:30:00+01:00">')
    assert extract_date(page(article(), head)) == dt.date(2024, 2, 7)


def test_date_from_url_pattern():
    assert extract_date(page(article()), "https://example.com/2024/02/07/night-buses/") \
        == dt.date(2024, 2, 7)


def test_time_marked_published_beats_updated():
    extra = ('<time class="updated" datetime="2024-03-01">1 March</time>'
             '<time itemprop="datePublished" datetime="2024-02-07T08:00:00">7 Feb</time>')
    assert extract_date(page(article(extra))) == dt.date(2024, 2, 7)


def test_utc_stamp_yields_to_the_local_date_one_day_off():
    # US evening news: 03:28 UTC on the 9th is the evening of the 8th in New York
    head = '<meta property="article:published_time" content="2023-11-09T03:28:35+00:00">'
    html = page(article(), head)
    assert extract_date(html, "https://example.com/2023/11/08/story/") == dt.date(2023, 11, 8)


def test_byline_date_in_text():
    extra = '<div class="byline">By Ann Smith | Published 7. Februar 2024, 10:15 Uhr</div>'
    assert extract_date(page(article(extra), lang="de")) == dt.date(2024, 2, 7)


def test_byline_in_comments_is_not_the_date():
    extra = '<div class="comment-meta">8. Februar 2024 um 11:21</div>'
    assert extract_date(page(article() + f'<div class="comments">{extra}</div>')) is None


@pytest.mark.parametrize("text,lang,expected", [
    ("Posted 08/02/2024", "en-GB", dt.date(2024, 2, 8)),
    ("Posted 08/02/2024", "en-US", dt.date(2024, 8, 2)),
    ("Posted 08/02/2024", "en", None),            # order unknown: no answer
    ("Posted 28/02/2024", "en", dt.date(2024, 2, 28)),
])
def test_slash_dates_need_an_order(text, lang, expected):
    html = page(f'<article><h1>T</h1><span class="date">{text}</span></article>', lang=lang)
    assert extract_date(html) == expected


@pytest.mark.parametrize("value", [
    "February 2024",            # no day: never filled in by dateutil
    "Feb 7",                    # no year: never today's year
    "2099-01-01T00:00:00Z",     # future
    "1985-05-05",               # before 1990
    "2024-02-30",               # impossible
])
def test_incomplete_or_implausible_dates_are_rejected(value):
    head = f'<meta property="article:published_time" content="{value}">'
    assert extract_date(page("<p>No date in this text at all.</p>", head)) is None


def test_no_date_is_none_not_today():
    assert extract_date(page(article())) is None


# --- outlet, url ---------------------------------------------------------------------


@pytest.mark.parametrize("name,expected", [
    ("The New York Times", "The New York Times"), ("nytimes.com", "The New York Times"),
    ("NYTimes", "The New York Times"), ("Reuters", "Reuters"), ("reuters.com", "Reuters"),
    ("uk.reuters.com", "Reuters"), ("CNN", "CNN"), ("edition.cnn.com", "CNN"),
    ("CNN.com", "CNN"), ("AP News", "AP"), ("apnews.com", "AP"),
    ("Associated Press", "AP"), ("BBC News", "BBC News"), ("bbc.co.uk", "BBC News"),
    ("https://www.bbc.com/", "BBC News"), ("TheHill", "The Hill"),
    ("Example Daily", "Example Daily"), ("www.example.org", "example.org"),
])
def test_normalise_outlet(name, expected):
    assert normalise_outlet(name) == expected


def test_alias_table_keys_are_lower_case_and_values_canonical():
    for key, value in OUTLET_ALIASES.items():
        assert key == key.lower()
        assert normalise_outlet(value) == value


def test_outlet_prefers_site_name_and_strips_taglines():
    head = ('<meta property="og:site_name" content="LinkNaija | Nigeria\'s news platform">'
            '<script type="application/ld+json">{"@context": "https://schema.org", '
            '"publisher": {"@type": "Organization", "name": "Blogger"}}</script>')
    doc = extract_html(page(article(), head), "https://www.linknaija.com/2018/10/x.html")
    assert doc.outlet == "LinkNaija"


def test_outlet_falls_back_to_the_domain_and_url_to_canonical():
    head = '<link rel="canonical" href="https://edition.cnn.com/2024/02/07/world/story">'
    doc = extract_html(page(article(), head), "https://example.com/amp/story")
    assert doc.url == "https://edition.cnn.com/2024/02/07/world/story"
    assert doc.outlet == "CNN"
    assert doc.date == dt.date(2024, 2, 7)


def test_page_without_url_or_names_has_no_outlet():
    assert extract_html(page(article())).outlet is None
