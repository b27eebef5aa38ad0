"""Dates, outlets and titles from text: stated values only, never guesses."""

from __future__ import annotations

import datetime as dt

import pytest

from index.meta import (
    extract_date,
    extract_outlet,
    extract_title,
    normalise_outlet,
    parse_date,
)


@pytest.mark.parametrize("value,expected", [
    ("2024-02-07", dt.date(2024, 2, 7)),
    ("2024-02-07T15:01:01Z", dt.date(2024, 2, 7)),
    ("February 7, 2024", dt.date(2024, 2, 7)),
    ("7 Feb 2024", dt.date(2024, 2, 7)),
    ("Feb 2024", None),          # no day: not a publication day
    ("February 7", None),        # no year: never filled from today
    ("Wednesday", None),
    ("2024-02-30", None),        # impossible
    ("2024-13-01", None),
    ("9999-12-31", None),        # in the future
    ("0001-01-01", None),        # sentinel
    ("1707300000", dt.date(2024, 2, 7)),       # Unix seconds
    ("1707300000000", dt.date(2024, 2, 7)),    # Unix milliseconds
    ("", None),
    (None, None),
])
def test_parse_date_only_complete_dates(value, expected):
    assert parse_date(value) == expected


def test_date_from_hint_wins_and_bad_hint_is_null():
    assert extract_date("text", {"date": "2024-02-07"}) == dt.date(2024, 2, 7)
    assert extract_date("Published: March 3, 2021\n\nBody", {"date": "2024-99-99"}) is None


def test_date_line_at_top_but_not_updated_line():
    assert extract_date("Published: March 3, 2021\n\nBody text here.") == dt.date(2021, 3, 3)
    assert extract_date("Updated March 3, 2021\n\nBody text here.") is None
    assert extract_date("The vote is on March 3, 2021, officials said.") is None


@pytest.mark.parametrize("text,outlet", [
    ("(Bloomberg) -- Israel and the US offered", "Bloomberg"),
    ("WASHINGTON (Reuters) - The Senate voted", "Reuters"),
    ("Body.\n\nCNN’s Paul LeBlanc contributed to this report.", "CNN"),
    ("Netanyahu rejected it, AP reported.\n\nMore text.", "AP"),
    ("Netanyahu claimed progress, Anadolu reports.", "Anadolu"),
    ("An official, speaking to CNN, dismissed it.", None),
    ("Plain text with no credit at all.", None),
])
def test_outlet_from_credits_only(text, outlet):
    assert extract_outlet(text) == outlet


def test_outlet_hint_is_normalised():
    assert extract_outlet("x", {"outlet": "The Associated Press"}) == "AP"
    assert normalise_outlet("  Reuters ") == "Reuters"


def test_title_is_a_short_standalone_first_line():
    title, rest = extract_title("A headline about talks\n\nThe body starts here. It goes on.")
    assert title == "A headline about talks" and rest.startswith("The body")
    title, rest = extract_title("The body starts here and is a sentence.\n\nMore.")
    assert title is None
    assert extract_title("body", {"title": "  Given   title "})[0] == "Given title"


@pytest.mark.parametrize("line", ["Last update: March 3, 2021", "Revised March 3, 2021"])
def test_update_and_revision_lines_are_not_publication_dates(line):
    assert extract_date(f"{line}\n\nBody text here.") is None
