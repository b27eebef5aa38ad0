"""Data, not logic: boilerplate lines, datelines, attribution cues, outlet aliases.

Each entry names the outlet, sample or bug behind it. Sections are owned by the
stage that reads them: text cleaning, metadata (dates/outlets), HTML, quotes.
"""

from __future__ import annotations

import re

# --- metadata (meta.py) -------------------------------------------------------

# --- text cleaning (clean.py) -------------------------------------------------

# --- HTML (html.py) -----------------------------------------------------------

# --- quotes (quotes.py) -------------------------------------------------------
