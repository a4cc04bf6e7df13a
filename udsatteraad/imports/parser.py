"""Steps 3-5 of the import pipeline: split lines into items, items into sections, sections into
fields. `parse_text` is the entry point for text; `pipeline.parse_bytes` adds extraction.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from udsatteraad.lib.extract import DocumentError

from . import patterns as p
from .header import parse_header
from .normalise import normalise
from .schedule import apply_schedule

TEXT_FIELDS = ("summary", "decision", "case_presentation")
NO_ITEMS_WARNING = _lazy(
    "Der blev ikke fundet nogen dagsordenspunkter i dokumentet. Tilføj punkterne, før mødet "
    "gemmes."
)


@dataclass
class ParsedItem:
    number: int | None
    title: str
    case_number: str | None = None
    summary: str = ""
    recommendations_intro: str = ""
    recommendations: list[str] = field(default_factory=list)
    decision: str = ""
    case_presentation: str = ""
    attachments: list[str] = field(default_factory=list)
    start_time: str | None = None
    end_time: str | None = None
    is_public: bool = True

    def as_json(self) -> dict:
        keys = (
            "number", "title", "case_number", "summary", "recommendations", "decision",
            "case_presentation", "attachments", "start_time", "end_time",
            # Beyond the brief's list, additive: what the model stores as well.
            "recommendations_intro", "is_public",
        )
        return {key: getattr(self, key) for key in keys}

    @property
    def label(self) -> str:
        return f"Punkt {self.number}" if self.number is not None else f"»{self.title}«"


@dataclass
class ParsedMeeting:
    title: str
    date: dt.date | None  # None: not found; the review asks for it before saving
    start_time: dt.time | None
    location: str


@dataclass
class ParsedDocument:
    meeting: ParsedMeeting
    items: list[ParsedItem]
    warnings: list[str] = field(default_factory=list)
    format: str = "text"
    pages: int = 1

    def as_json(self) -> dict:
        """The documented JSON shape (docs/import.md)."""
        m = self.meeting
        return {
            "meeting": {
                "title": m.title,
                "date": m.date.isoformat() if m.date else None,
                "start_time": m.start_time.strftime("%H:%M") if m.start_time else None,
                "location": m.location,
            },
            "items": [item.as_json() for item in self.items],
        }

    def missing_fields(self) -> dict[str, list[str]]:
        missing: dict[str, list[str]] = {}
        for item in self.items:
            for name in ("case_number", "recommendations", "decision", "case_presentation"):
                if not getattr(item, name):
                    missing.setdefault(name, []).append(item.label)
        return missing


def is_structural(line: str) -> bool:
    """Item and section headings: never page furniture, and they end a table of contents."""
    if p.section_of(line) or p.RECOMMENDATION_LABEL.match(line):
        return True
    return any(rx.match(line) for name, rx in p.ITEM_STYLES if name != "dotted")


def parse_text(text: str) -> ParsedDocument:
    lines = normalise(text, is_heading=is_structural)
    if not any(lines):
        raise DocumentError(_("Dokumentet er tomt."))
    starts = find_item_starts(lines)
    warnings: list[str] = []
    # What was read is kept when a part is missing: the review asks for the rest
    # (pipeline.parse_extracted refuses only a text with neither a date nor items).
    meeting = parse_header(lines[: starts[0].line] if starts else lines, warnings)
    if not starts:
        warnings.append(str(NO_ITEMS_WARNING))
    items = []
    for i, start in enumerate(starts):
        end = starts[i + 1].line if i + 1 < len(starts) else len(lines)
        items.append(parse_item(start, lines[start.body:end]))
    apply_schedule(items, warnings)
    for item in items:
        if item.number is None:
            warnings.append(_("Punktet »%(title)s« har intet nummer.") % {"title": item.title})
    return ParsedDocument(meeting=meeting, items=items, warnings=warnings)


# --- Items --------------------------------------------------------------------------------------


@dataclass
class ItemStart:
    line: int  # index of the heading line
    body: int  # index of the first line after the (possibly wrapped) title
    number: int | None
    title: str


def _next_filled(lines: list[str], i: int, limit: int = 6) -> list[int]:
    out: list[int] = []
    while i < len(lines) and len(out) < limit:
        if lines[i]:
            out.append(i)
        i += 1
    return out


def _is_boundary(line: str) -> bool:
    return bool(
        p.find_case_number(line) or p.section_of(line) or p.recommendation_heading(line)
        or p.SECONDARY_HEADINGS.match(line)
    )


def find_item_starts(lines: list[str]) -> list[ItemStart]:
    for name, rx in p.ITEM_STYLES:
        starts = _numbered_starts(lines, name, rx)
        if starts:
            return starts
    return _unnumbered_starts(lines)


def _numbered_starts(lines: list[str], style: str, rx) -> list[ItemStart]:
    starts: list[ItemStart] = []
    section = None
    for i, line in enumerate(lines):
        m = rx.match(line)
        if not m:
            if p.section_of(line) or p.RECOMMENDATION_LABEL.match(line):
                section = p.section_of(line) or p.RECOMMENDATIONS
            continue
        number = int(m["n"])
        # Numbers only grow: "Punkt 3 i indstillingen" further down is a reference, not an item.
        if starts and number <= (starts[-1].number or 0):
            continue
        if style == "dotted" and not _valid_dotted(lines, i, number, starts, section):
            continue
        title = (m["title"] or "").strip()
        body = i + 1
        if not title:
            following = _next_filled(lines, i + 1, 1)
            if not following:
                continue
            if _is_boundary(lines[following[0]]):
                title = line.strip()  # "Sag nr. 4" straight above its case number: no title
            else:
                title, body = lines[following[0]], following[0] + 1
        title, body = _unwrap_title(lines, title, body)
        starts.append(ItemStart(line=i, body=body, number=number, title=title))
        section = None
    return starts


def _valid_dotted(lines, i, number, starts, section) -> bool:
    # "1. Hurtig og fleksibel støtte" in a case presentation is a list, not an item: an item is
    # the next number and is soon followed by a case number or a section heading.
    if section == p.RECOMMENDATIONS:
        return False
    if starts and number != starts[-1].number + 1:
        return False
    previous = next((lines[j] for j in range(i - 1, -1, -1) if lines[j]), "")
    if re.match(r"^\d{1,3}[.)]\s", previous):
        return False  # the next entry of a numbered list
    return any(_is_boundary(lines[j]) for j in _next_filled(lines, i + 1, 4))


def _unwrap_title(lines: list[str], title: str, body: int) -> tuple[str, int]:
    """PDF text wraps long titles; take up to two more lines when a case number or heading
    follows them (so a first paragraph is never swallowed)."""
    candidates: list[int] = []
    j = body
    while j < len(lines) and lines[j] and len(candidates) < 2:
        if _is_boundary(lines[j]) or is_structural(lines[j]):
            break
        candidates.append(j)
        j += 1
    if not candidates or j >= len(lines) or not _is_boundary(lines[j]):
        return title, body
    for k in candidates:
        title = _join_wrapped(title, lines[k])
    return title, j


def _join_wrapped(left: str, right: str) -> str:
    # "ny 2030-" + "fremskrivning": a hyphen at a wrap is kept and glued.
    if left.endswith("-") and len(left) > 1 and left[-2].isalnum():
        return left + right
    return f"{left} {right}"


def _unnumbered_starts(lines: list[str]) -> list[ItemStart]:
    """No numbered headings: an item is a short title line directly above a case number."""
    starts = []
    for i, line in enumerate(lines):
        if not line or p.find_case_number(line) or is_structural(line) or _is_boundary(line):
            continue
        following = _next_filled(lines, i + 1, 1)
        # At most one blank line between the title and its case number.
        if not following or following[0] - i > 2 or not p.find_case_number(lines[following[0]]):
            continue
        if len(line) > 200 or line.endswith((".", ":", ",")):
            continue
        starts.append(ItemStart(line=i, body=i + 1, number=None, title=line))
    return starts


def parse_item(start: ItemStart, body: list[str]) -> ParsedItem:
    title = start.title
    is_public = True
    closed = p.CLOSED_PREFIX.match(title)
    if closed:
        title, is_public = title[closed.end():].strip(), False
    item = ParsedItem(number=start.number, title=title, is_public=is_public)

    # Buckets: (field, heading kept in the text or "", lines).
    buckets: list[tuple[str, str, list[str]]] = [("head", "", [])]
    section = "head"
    for line in body:
        if not line:
            buckets[-1][2].append("")
            continue
        if section == "head" and item.case_number is None:
            case_number = p.find_case_number(line)
            if case_number:
                item.case_number = case_number
                continue
        if section == "head" and line.lower().startswith("sagsbehandler"):
            continue
        name = p.section_of(line)
        if section == p.ATTACHMENTS and (name == p.DECISION and line.startswith("Referat")):
            name = None  # an attachment called "Referat", not the decision heading
        if name:
            section = name
            buckets.append((name, "", []))
            continue
        if p.SECONDARY_HEADINGS.match(line):
            section = p.CASE_PRESENTATION
            buckets.append((section, line.rstrip(":"), []))
            continue
        # In a PDF's attachment list "Indstilling" is the name of the first attachment.
        heading = p.recommendation_heading(line) if section != p.ATTACHMENTS else None
        if heading and _opens_recommendations(line, section):
            intro, inline = heading
            if intro and not item.recommendations_intro:
                item.recommendations_intro = intro
            if section != p.RECOMMENDATIONS:
                buckets.append((p.RECOMMENDATIONS, "", []))
            section = p.RECOMMENDATIONS
            if inline:
                buckets[-1][2].extend(["", inline])
            continue
        buckets[-1][2].append(line)

    texts: dict[str, list[str]] = {name: [] for name in TEXT_FIELDS}
    preamble = ""
    for name, kept_heading, bucket_lines in buckets:
        text = join_paragraphs(bucket_lines)
        if name == "head":
            preamble = text
        elif name == p.RECOMMENDATIONS:
            recommendations, rest = split_recommendations(bucket_lines)
            item.recommendations.extend(recommendations)
            if rest:
                texts["case_presentation"].append(rest)
        elif name == p.ATTACHMENTS:
            item.attachments.extend(split_attachments(bucket_lines))
        elif kept_heading:
            texts[name].append(f"{kept_heading}\n{text}" if text else kept_heading)
        elif text:
            texts[name].append(text)
    if preamble:
        # Text before the first heading is a lead paragraph: the summary when there is none.
        key = "summary" if not texts["summary"] else "case_presentation"
        texts[key].insert(0, preamble)
    for name in TEXT_FIELDS:
        setattr(item, name, "\n\n".join(texts[name]))
    return item


def _opens_recommendations(line: str, section: str) -> bool:
    if p.RECOMMENDATION_LABEL.match(line):
        return True
    # "Udvalget indstiller til byrådet, at ..." inside a decision is part of the decision;
    # "Direktøren indstiller, at ..." after the case presentation is the recommendation.
    if section in ("head", p.SUMMARY, p.RECOMMENDATIONS) or p.PROPOSER.match(line):
        return True
    return len(line) <= 100 and not line.endswith(".")


def join_paragraphs(lines: list[str]) -> str:
    paragraphs: list[list[str]] = [[]]
    for line in lines:
        if line:
            paragraphs[-1].append(line)
        elif paragraphs[-1]:
            paragraphs.append([])
    return "\n\n".join("\n".join(par) for par in paragraphs if par)


def split_recommendations(lines: list[str]) -> tuple[list[str], str]:
    """(recommendations without their markers, text after the list).

    A marker ("1. at", "At 1)", "-", "at") starts a recommendation and a line without one
    continues it. Once the list has markers, an unmarked paragraph ends it: that is the
    motivation or the next sub-heading, which belongs to the case presentation.
    """
    recs: list[str] = []
    after_blank = True
    any_marked = False
    for i, line in enumerate(lines):
        if not line:
            after_blank = True
            continue
        marked, text = p.strip_marker(line)
        if not marked and after_blank and any_marked:
            return recs, join_paragraphs(lines[i:])
        if marked or not recs or after_blank:
            if text:
                recs.append(text)
        else:
            recs[-1] = _join_wrapped(recs[-1], text)
        any_marked = any_marked or marked
        after_blank = False
    return recs, ""


def split_attachments(lines: list[str]) -> list[str]:
    names = []
    for line in lines:
        name = line.lstrip("-•–* ").strip()
        if name:
            names.append(name)
    return names
