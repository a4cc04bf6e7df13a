"""The vocabulary of Danish agendas and minutes: item headings, case numbers, section headings.

Kept apart from the parser so a new municipality's layout is usually one more pattern here.
"""

from __future__ import annotations

import re
from functools import lru_cache

# --- Item headings ---------------------------------------------------------------------------
# Each style: (name, regex). Group "n" is the number, group "title" the (possibly empty) title.
_SEP = r"\s*(?:[:.\-–]\s*(?P<title>.*)|$)"
_TITLE_START = r"[A-ZÆØÅ0-9\"»'(”“]"
ITEM_STYLES: list[tuple[str, re.Pattern[str]]] = [
    ("punkt", re.compile(r"^Punkt\s+(?P<n>\d{1,3})" + _SEP, re.I)),
    ("sag", re.compile(r"^Sag\s+nr\.?\s*(?P<n>\d{1,3})" + _SEP, re.I)),
    ("nr", re.compile(r"^Nr\.?\s*(?P<n>\d{1,3})\s*[:.\-–]\s*(?P<title>.+)$", re.I)),
    # "3. Title"; the title may start with a number ("1. 3. økonomirapportering").
    # "3.Title" without a space is how some councils type their own minutes.
    ("dotted", re.compile(
        r"^(?P<n>\d{1,3})\.(?:\s+(?P<title>" + _TITLE_START + r".*)|(?P<tight>[A-ZÆØÅ].*))$"
    )),
    # "3: Title" and "6:Årsberetning" (small councils' own minutes).
    ("colon", re.compile(r"^(?P<n>\d{1,3})\s*:\s*(?P<title>[A-ZÆØÅ\"»'(”“].*)$")),
    # "80Godkendelse af dagsorden": a web page that prints the number and title side by side.
    ("glued", re.compile(r"^(?P<n>\d{1,3})(?P<title>[A-ZÆØÅ][a-zæøå].*)$")),
]
# Styles that name themselves ("Punkt 3"); the others are only items with more evidence.
STRONG_ITEM_STYLES = {"punkt", "sag", "nr"}
# Styles also read loosely: consecutive numbers without case numbers or section headings.
LOOSE_ITEM_STYLES = {"dotted", "colon"}
# An entry of a numbered list ("1. at …", "36 Høring: …"), or of a list of items.
ITEM_LIST_ENTRY = re.compile(
    r"^(?P<n>\d{1,3})(?:[.:)]\s*(?=\S)|\s+(?=[A-ZÆØÅ]))(?P<title>.*)$"
)
CLOSED_PREFIX = re.compile(r"^(?:Lukket|Lukket punkt|Fortroligt)\s*[:.\-–]\s*", re.I)

# --- Case numbers ----------------------------------------------------------------------------
CASE_NUMBER_PATTERNS = [
    # KLE journal plan: 27.15.00-A08-1-21, 00.00.00-P20-4-18 (Randers and many others).
    r"\d{2}\.\d{2}\.\d{2}(?:-[A-ZÆØÅ]\d{2})?-\d+-\d{2}",
    # FirstAgenda/eDoc style: EMN-2025-009242.
    r"[A-Z]{2,5}-\d{4}-\d{4,8}",
    # Acadre/SBSYS style: 330-2021-45767.
    r"\d{3}-\d{4}-\d{3,8}",
]
CASE_NUMBER = re.compile(r"(?<![\w.-])(" + "|".join(CASE_NUMBER_PATTERNS) + r")(?![\w-])")
CASE_LABEL = re.compile(
    r"^(?:Sagsnr|Sags nr|Sagsnummer|Sagnr|Sag nr|J\.?\s?nr|Journalnr|Journal nr|Dok\.?nr)"
    r"\.?\s*[:.]?\s*",
    re.I,
)
# Year/number ("21/874", "2017/27088") only counts when labelled or alone on its line:
# otherwise it is a date.
SHORT_CASE_NUMBER = re.compile(r"^(\d{2}(?:\d{2})?/\d{1,7})(?![\d/])")
# After a label any journal number counts, also forms not listed above ("1-51-71-3321-08").
LABELLED_CASE_NUMBER = re.compile(r"^([A-ZÆØÅ0-9]+(?:[-./][A-ZÆØÅ0-9]+){2,6})(?![\w/-])")
# Gribskov prints the KLE subject before the case number: "01.02G00 - 2017/27088".
KLE_SUBJECT_PREFIX = re.compile(r"^\d{2}\.\d{2}(?:\.\d{2})?[A-ZÆØÅ]\d{2}\s+-\s+")


# Every way of reading a document asks about the same lines: remember the answers.
@lru_cache(maxsize=16384)
def find_case_number(line: str) -> str | None:
    labelled = CASE_LABEL.match(line)
    rest = line[labelled.end():] if labelled else KLE_SUBJECT_PREFIX.sub("", line)
    m = CASE_NUMBER.search(rest)
    if m and (labelled or m.start() == 0):
        return m[1]
    m = SHORT_CASE_NUMBER.match(rest)
    if m and (labelled or rest.strip() == m[1] or re.match(r"\s+Sagsbehandler", rest[m.end():])):
        return m[1]
    m = LABELLED_CASE_NUMBER.match(rest)
    if m and labelled and re.search(r"\d.*\d", m[1]):
        return m[1]
    return None


# A line that ends a sentence (not a title), unless it ends with an abbreviation ("m.v.").
SENTENCE_END = re.compile(r"(?<!\bm\.v)(?<!\bmv)(?<!\bm\.m)(?<!\bosv)(?<!\bbl\.a)[.,;]$")

# --- Section headings ------------------------------------------------------------------------
SUMMARY = "summary"
RECOMMENDATIONS = "recommendations"
DECISION = "decision"
CASE_PRESENTATION = "case_presentation"
ATTACHMENTS = "attachments"

_END = r"\s*[:.,]?$"
SECTION_HEADINGS: list[tuple[str, re.Pattern[str]]] = [
    (SUMMARY, re.compile(
        r"^(?:Resume|Resumé|Sagsresume|Sagsresumé|Kort resume|Sammenfatning|Beslutningstema)"
        + _END, re.I)),
    (DECISION, re.compile(
        r"^(?:Beslutning(?:er)?(?:\s+(?:i|den|på)\s.+)?|Referat|Afgørelse|Udvalgets beslutning)"
        + _END, re.I)),
    (CASE_PRESENTATION, re.compile(
        r"^(?:Sagsfremstilling|Sagsbeskrivelse|Sagens indhold|Beskrivelse|Beskrivelse af sagen|"
        r"Sagens kerne|Indhold|Redegørelse)" + _END,
        re.I)),
    (ATTACHMENTS, re.compile(r"^(?:Bilag|Bilagsliste|Vedhæftede bilag|Bilag til punktet)" + _END,
                             re.I)),
]
# Sub-sections whose heading stays in the text, appended to the case presentation.
SECONDARY_HEADINGS = re.compile(
    r"^(?:Sagsforløb|Historik|Sagshistorik|[\wÆØÅæøå ]{3,60}\spåtegning|"
    r"BESLUTNINGSFORSLAG(?: FRA .*)?|INDSTILLING FRA .*)\s*:?$"
)
# "Indstilling", "Beslutningspunkter": labels only. "Forvaltningen indstiller til ..." is the
# recommendations intro the model keeps; it may carry the first recommendation after ", at".
RECOMMENDATION_LABEL = re.compile(
    r"^(?:Indstilling(?:er)?|Beslutningspunkter|Forslag til beslutning)" + _END, re.I
)
RECOMMENDATION_INTRO = re.compile(
    r"^(?P<intro>(?:Det\s+indstilles|[A-ZÆØÅ][\wÆØÅæøå.\-]*(?:\s+[\wÆØÅæøå.\-]+){0,4}?"
    r"\s+(?:indstiller|foreslår))(?P<to>\s+(?:til|overfor|over for)\s+[^,:]{1,60}?)?)"
    r"(?:\s*[,:]?\s+at\b\s*(?P<rest>.*)|\s*,?\s*at\s*|\s*[:.,]?\s*)$",
)


PROPOSER = re.compile(
    r"^(?:Det indstilles|(?:Forvaltningen|Direktøren|Direktionen|Administrationen|Sekretariatet|"
    r"Rådmanden|Borgmesteren|[A-ZÆØÅ][\wæøå-]*forvaltningen)\b[^.]{0,80}?"
    r"\b(?:indstiller|foreslår))\b"
)


@lru_cache(maxsize=16384)
def section_of(line: str) -> str | None:
    """The field a heading line opens, or None when the line is text."""
    for name, pattern in SECTION_HEADINGS:
        if pattern.match(line):
            return name
    return None


@lru_cache(maxsize=16384)
def section_with_text(line: str) -> tuple[str, str] | None:
    """(field, text) for a heading with its text on the same line: "Referat: Godkendt"."""
    head, colon, text = line.partition(":")
    if not colon or not text.strip() or len(head) > 80:
        return None
    name = section_of(head)
    return (name, text.strip()) if name else None


@lru_cache(maxsize=16384)
def recommendation_heading(line: str) -> tuple[str, str] | None:
    """(intro, inline first recommendation) when the line opens the recommendations."""
    if RECOMMENDATION_LABEL.match(line):
        return ("", "")
    if len(line) > 300:
        return None
    m = RECOMMENDATION_INTRO.match(line)
    if not m:
        return None
    intro = m["intro"].strip().rstrip(":,.")
    if len(intro) > 120:
        return None
    # "Fagforvaltningen … foreslår, at" is a recommendation; "KF foreslår, at" (a party's
    # proposal on the agenda) is the case itself.
    if intro.endswith("foreslår") and not PROPOSER.match(line):
        return None
    return (intro, (m["rest"] or "").strip(" ,:"))


# --- Recommendation markers: "1. at", "At 1)", "1)", "a)", "-", "at" ----------------------------
RECOMMENDATION_MARKER = re.compile(
    r"^(?:At\s+\d+\)|\d+\s*[.)]|[a-z]\)|[-•–*])\s*(?:at\s+)?|^at\s+", re.I
)


def strip_marker(line: str) -> tuple[bool, str]:
    m = RECOMMENDATION_MARKER.match(line)
    if not m:
        return (False, line)
    return (True, line[m.end():].strip())


# --- Times ------------------------------------------------------------------------------------
TIME_RANGE = re.compile(
    r"(?:kl\.?\s*)?(?P<h1>[012]?\d)[.:](?P<m1>[0-5]\d)\s*(?:-|–|til)\s*(?:kl\.?\s*)?"
    r"(?P<h2>[012]?\d)[.:](?P<m2>[0-5]\d)"
)
