"""Step 2 of the import pipeline: clean extracted text into plain lines.

Removes what the printing added and the reader never wrote: page numbers ("Side 3",
"Side 3 af 12", "3 / 12"), headers and footers repeated at the edges of pages, the table of
contents, provenance lines, blank filler lines ("-", ".").
"""

from __future__ import annotations

import re
from collections import Counter

from udsatteraad.lib.extract import PAGE_BREAK

PAGE_NUMBER = re.compile(
    r"^(?:side\s+\d+(?:\s*(?:af|/)\s*\d+)?|\d{1,3}\s+/\s+\d{1,3}|-\s*\d+\s*-|page\s+\d+(?:\s+of\s+\d+)?)$",
    re.IGNORECASE,
)
BARE_NUMBER = re.compile(r"^\d{1,3}$")
EDGE_PAGE_NUMBER = re.compile(r"^(\d{1,3})/(\d{1,3})$")
TOC_HEADING = re.compile(r"^(?:indholdsfortegnelse|indhold|oversigt over punkter)\s*:?$", re.I)
TOC_ENTRY = re.compile(
    r"(?:\.{3,}|…{2,}|\. \. \.)\s*\|?\s*\d*\s*\|?\s*$"  # dot leaders, with or without a page
    r"|^\|\s*[^|]*\|\s*\d{1,3}\s*\|$"  # "| title | 3 |" table row
    r"|^\|[\s|:-]*\|?$"  # table separator or empty row
    r"|\s\d{1,3}$"  # title wrapped by the TOC, page number at the end
)
TABLE_SEPARATOR = re.compile(r"^\|[\s|:-]*\|?$")
FILLER = re.compile(r"^[-.–•]$")
# Lines a provenance tool puts above the text; never part of the document itself.
PROVENANCE = re.compile(r"^(?:SOURCE|KILDE):\s", re.IGNORECASE)
# Buttons and links of a web page printed to text: "fold dette punkt ind Resume" is "Resume".
WEB_BUTTON_PREFIX = re.compile(r"^(?:fold dette punkt (?:ind|ud)|fold (?:ind|ud))\s+", re.I)
WEB_BUTTON = re.compile(
    r"^(?:til toppen|tilbage|fold alle (?:ind|ud)|luk alle punkter|skip til hoved ?indholdet|"
    r"spring til indhold|gå til indhold)$", re.I,
)
# A heading glued to the word before it when a web page loses its line breaks:
# "Indholdsfortegnelse1. Fraværende", "10. Eventuelt1. Orientering og rundvisning".
GLUED_HEADING = re.compile(r"(?<=[a-zæøå])(?=\d{1,3}\.\s+[A-ZÆØÅ])")


def normalise(text: str, *, is_heading=lambda line: False) -> list[str]:
    """`is_heading` tells item and section headings, which are never page furniture or TOC."""
    # Returns the document as a list of stripped lines ("" for a paragraph break).
    text = (
        text.replace("\r\n", "\n").replace("\r", "\n").replace("\u00a0", " ")
        .replace("\u00ad", "").replace("\u200b", "").replace("\t", " ")
        .replace(PAGE_BREAK, f"\n{PAGE_BREAK}\n")  # its own line: split() would eat it
    )
    lines = [
        line if line == PAGE_BREAK else " ".join(line.split()) for line in text.split("\n")
    ]
    lines = [part for line in lines for part in split_glued(line)]
    pages = split_pages(lines)
    lines = strip_page_furniture(pages, is_heading)
    lines = [line for line in lines if not PROVENANCE.match(line) and not WEB_BUTTON.match(line)]
    lines = strip_toc(lines, is_heading)
    lines = [line for line in lines if not FILLER.match(line)]
    return squeeze_blank(lines)


def split_glued(line: str) -> list[str]:
    line = WEB_BUTTON_PREFIX.sub("", line)
    return GLUED_HEADING.split(line) if line != PAGE_BREAK else [line]


def split_pages(lines: list[str]) -> list[list[str]]:
    """Split on form feeds (PDF) and on page-number lines (text exports of printed pages)."""
    pages: list[list[str]] = [[]]
    for line in lines:
        parts = line.split(PAGE_BREAK)
        for i, part in enumerate(parts):
            if i:
                pages.append([])
            part = part.strip()
            if PAGE_NUMBER.match(part):
                pages[-1].append(PAGE_BREAK)
                pages.append([])
            else:
                pages[-1].append(part)
    return pages


def _edges(page: list[str], depth: int = 2) -> list[int]:
    """Indexes of the first and last `depth` non-empty lines of a page."""
    filled = [i for i, line in enumerate(page) if line and line != PAGE_BREAK]
    return sorted(set(filled[:depth] + filled[-depth:]))


def strip_page_furniture(pages: list[list[str]], is_heading) -> list[str]:
    if len(pages) > 1:
        counts: Counter[str] = Counter()
        sample: dict[str, str] = {}
        for page in pages:
            for i in _edges(page):
                sample.setdefault(_furniture_key(page[i]), page[i])
            counts.update({_furniture_key(page[i]) for i in _edges(page)})
        threshold = max(2, int(len(pages) * 0.4))
        repeated = {
            key for key, n in counts.items()
            if n >= threshold and key and not is_heading(sample[key])
        }
        for page in pages:
            for i in _edges(page):
                key = _furniture_key(page[i])
                if key in repeated or BARE_NUMBER.match(page[i]) or _edge_page_number(page[i]):
                    page[i] = ""
    out: list[str] = []
    for page in pages:
        for line in page:
            if line == PAGE_BREAK:
                continue
            out.append(line)
        out.append("")
    return out


def _edge_page_number(line: str) -> bool:
    # "3/12" at a page edge is a page number; "21/874" is a case number (pages stay below 500).
    m = EDGE_PAGE_NUMBER.match(line)
    return m is not None and int(m[1]) <= int(m[2]) <= 500


def _furniture_key(line: str) -> str:
    # Headers often carry the page number ("Referat - side 4"): compare without digits at the end.
    return re.sub(r"[\s\d/]+$", "", line).strip().lower()


def strip_toc(lines: list[str], is_heading) -> list[str]:
    out: list[str] = []
    in_toc = False
    for i, line in enumerate(lines):
        if TOC_HEADING.match(line):
            following = next((nxt for nxt in lines[i + 1:] if nxt), "")
            # "Indhold:" is also a section label (Holbæk: title, "Indhold:", text, "Referat").
            if not line.lower().startswith("indhold") or line.lower().startswith(
                "indholdsfortegnelse"
            ) or TOC_ENTRY.search(following):
                in_toc = True
                continue
        if in_toc:
            leaders = re.search(r"\.{3,}|…{2,}", line)
            if not line or (TOC_ENTRY.search(line) and (leaders or not is_heading(line))):
                continue
            # A TOC that lists the headings themselves: a heading followed by another heading.
            following = next((nxt for nxt in lines[i + 1:] if nxt), "")
            if is_heading(line) and is_heading(following):
                continue
            in_toc = False
        # A stray TOC line without the heading: dot leaders and a page number.
        if re.search(r"\.{4,}\s*\|?\s*\d+\s*\|?$", line):
            continue
        out.append(line)
    return out


def squeeze_blank(lines: list[str]) -> list[str]:
    out: list[str] = []
    for line in lines:
        if not line and (not out or not out[-1]):
            continue
        out.append(line)
    while out and not out[-1]:
        out.pop()
    return out
