"""Data, not logic: boilerplate lines, datelines, attribution cues, outlet aliases.

Each entry names the outlet, sample or bug behind it. Sections are owned by the
stage that reads them: text cleaning, metadata (dates/outlets), HTML, quotes.
"""

from __future__ import annotations

import re

# --- metadata (meta.py) -------------------------------------------------------

# --- text cleaning (clean.py) -------------------------------------------------

# Whole-line boilerplate of plain-text dumps, as (rule, regex) pairs. clean.py joins
# them into one case-insensitive alternation and matches each whole, whitespace-
# normalised line against it, so a pattern never cuts into a sentence. Keep them
# anchored on short, formulaic lines: prose is told apart by clean.py's scoring.
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
    ("comment form", r"leave a (?:reply|comment).{0,40}|(?:post|add|write) a comment|cancel reply"
                     r"|your email address will not be published\..{0,80}"
                     r"|required fields are marked.{0,5}|save my name, email,? and website.{0,80}"
                     r"|(?:name|e-?mail|website|site|comment|comentário|nome)\s*\*?"
                     r"|post comment|you must be logged in to post a comment\.?"
                     r"|deixe uma resposta.{0,30}|o seu endereço de e-mail não será publicado.{0,90}"),
    # seed 001 Bloomberg "--With assistance from Jon Herskovitz."; seed 003 CNN
    # "CNN’s Paul LeBlanc contributed to this report."; Reuters "Reporting by ...;
    # Editing by ..." (kept short so a sentence about reporting survives)
    ("credit", r"-*\s*with assistance from .{1,200}"
               r"|.{1,120}\bcontributed (?:reporting )?to this (?:report|story|article)\.?"
               r"|\(?(?:additional )?(?:reporting|writing|editing) by [^.]{1,200}\)?\.?"),
    # seed 001 Bloomberg "(Updates with NBC report on exile arrangement in paragraph 9.)"
    ("update note", r"\((?:updates?|adds?|recasts?|corrects?|rewrites?|refiles?|fixes)\b.{0,200}\)"),
    # newsletter, login and cookie prompts (CBS Sports, THR "Cookie Settings")
    ("subscribe prompt", r".{0,80}\b(?:we use cookies|uses cookies)\b.{0,300}"
                         r"|cookie (?:policy|settings|preferences)|accept(?: all)?(?: cookies)?"
                         r"|subscribe\b.{0,40}|newsletters?|sign up\b.{0,80}|thanks? (?:you )?for"
                         r" signing up.{0,40}|sign in|log ?in|log ?out|register"),
    # THR "© 2019 The Hollywood Reporter", "All rights reserved."
    ("copyright", r"(?:©|copyright\b|\(c\) \d{4}).{0,200}|all rights reserved\.?"),
)

# Lines that end the article: what follows them is navigation to other stories or
# the comment thread, never body text, so the body never runs across them.
TEXT_END_MARKERS: tuple[tuple[str, str], ...] = (
    # seed 003 "Previous Story" / "Next Story" followed by related headlines
    ("related-story list", r"(?:previous|next|prev) (?:story|article|post)\W*"),
    # seed 003 "Leave a Reply" then the form; "12 Comments" thread headers
    ("comment thread", r"leave a (?:reply|comment)|\d*\s*comments?|join the (?:conversation|discussion)"
                       r"|deixe uma resposta.{0,30}"),
    # seed 003 "Latest from Politics"; Express "Most read in World"; "More from ..."
    ("related-story list", r"(?:latest|more|most read) (?:from|in) \S.{0,40}"
                           r"|you (?:may|might) also like.{0,10}"),
)

# Wire datelines at the start of a paragraph: the prefix goes, the sentence stays.
TEXT_DATELINE_PREFIXES: tuple[str, ...] = (
    # seed 001 "(Bloomberg) -- Israel and the US ..."
    r"\((?:Bloomberg|Reuters|AP|AFP|UPI|CNN|dpa|Xinhua)\)\s*(?:--|—|–|-)\s*",
    # Reuters "WASHINGTON (Reuters) - ", AP "NEW YORK (AP) — ", "GAZA CITY, Gaza (AP) —"
    r"[A-Z][A-Z.' /-]{1,40}(?:,\s*[A-Z][A-Za-z.' ]{1,30})?\s*"
    r"\((?:Reuters|AP|AFP|UPI|CNN|dpa|Xinhua|Bloomberg)\)\s*(?:--|—|–|-)\s*",
    # AP/NYT style "BEIJING — " (all-caps place, then a dash)
    r"[A-Z][A-Z.'-]{2,}(?: [A-Z][A-Z.'-]+){0,3}(?:,\s*[A-Z][A-Za-z.]+(?: [A-Z][A-Za-z.]+)?)?"
    r"\s*(?:--|—|–)\s+",
)

# The reader removes the "date YYYY-MM-DD" prefix of the sample dumps; cleaning
# removes it too if it is still there (seeds 000, 001, 004).
TEXT_DATE_PREFIX = r"\s*date \d{4}-\d{2}-\d{2}\b\s*"

# --- HTML (html.py) -----------------------------------------------------------

# --- quotes (quotes.py) -------------------------------------------------------
