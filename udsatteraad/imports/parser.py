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
from .items import (
    ItemStart,
    drop_item_lists,
    find_item_starts,
    is_structural,
    join_wrapped,
    previous_filled,
)
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


def parse_text(text: str) -> ParsedDocument:
    lines = drop_item_lists(normalise(text, is_heading=is_structural))
    if not any(lines):
        raise DocumentError(_("Dokumentet er tomt."))
    starts = find_item_starts(lines)
    warnings: list[str] = []
    # What was read is kept when a part is missing: the review asks for the rest
    # (pipeline.parse_extracted refuses only a text with neither a date nor items).
    if not starts:
        meeting = parse_header(lines, warnings)
        warnings.append(str(NO_ITEMS_WARNING))
        items: list[ParsedItem] = []
    else:
        ends = [start.line for start in starts[1:]] + [len(lines)]
        _take_case_numbers_above(lines, starts, ends)
        header = lines[: starts[0].line]
        meeting = parse_header(header, warnings)
        # In minutes an item's unlabelled text is what was recorded: the decision.
        minutes = any(MINUTES.search(line) for line in header)
        items = [
            parse_item(start, [start.inline, ""] + lines[start.body:end] if start.inline
                       else lines[start.body:end], minutes=minutes)
            for start, end in zip(starts, ends, strict=True)
        ]
    apply_schedule(items, warnings)
    for item in items:
        if item.number is None:
            warnings.append(_("Punktet »%(title)s« har intet nummer.") % {"title": item.title})
    return ParsedDocument(meeting=meeting, items=items, warnings=warnings)


# Minutes say so, or record who was absent.
MINUTES = re.compile(r"referat|protokol|\bafbud\b|\bfraværende\b|\btil ?stede\b", re.I)


def _case_number_below(lines: list[str], start: ItemStart) -> bool:
    return any(p.find_case_number(line) for line in lines[start.body:start.body + 3] if line)


def _take_case_numbers_above(lines: list[str], starts: list[ItemStart], ends: list[int]) -> None:
    """Region Syddanmark prints "Sagsnr. 16/169" on the line above "1. Godkendelse af
    dagsorden": a case-number line right above a numbered heading belongs to that item."""
    if any(_case_number_below(lines, start) for start in starts):
        return  # the document's case numbers stand under the titles
    for i, start in enumerate(starts):
        if start.number is None or start.case_number:
            continue
        above = previous_filled(lines, start.line)
        floor = starts[i - 1].body if i else 0
        if above is None or above < floor or len(lines[above]) > 80:
            continue
        case_number = p.find_case_number(lines[above])
        if case_number:
            start.case_number = case_number
            if i:
                ends[i - 1] = min(ends[i - 1], above)


def parse_item(start: ItemStart, body: list[str], *, minutes: bool = False) -> ParsedItem:
    title = start.title
    is_public = True
    closed = p.CLOSED_PREFIX.match(title)
    if closed:
        title, is_public = title[closed.end():].strip(), False
    item = ParsedItem(number=start.number, title=title, is_public=is_public,
                      case_number=start.case_number)

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
        labelled = p.section_with_text(line) if section != p.ATTACHMENTS else None
        if labelled:
            section = labelled[0]
            buckets.append((section, "", [labelled[1]]))
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
    if preamble and minutes and len(buckets) == 1:
        texts["decision"].append(preamble)  # minutes without labels: what was recorded
    elif preamble:
        # Text before the first heading is a lead paragraph: the summary when there is none.
        key = "summary" if not texts["summary"] else "case_presentation"
        texts[key].insert(0, preamble)
    for name in TEXT_FIELDS:
        setattr(item, name, "\n\n".join(texts[name]))
    return item


def _opens_recommendations(line: str, section: str) -> bool:
    if p.RECOMMENDATION_LABEL.match(line):
        return True
    # "Udvalget indstiller til byrådet, at ..." or "Administrationen foreslår, at ..." inside a
    # decision is part of the decision; "Direktøren indstiller, at ..." after the case
    # presentation is the recommendation.
    if section == p.DECISION:
        return len(line) <= 100 and not line.endswith(".")  # a heading, not a sentence
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
            recs[-1] = join_wrapped(recs[-1], text)
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
