"""Agenda and minutes as tagged PDF/UA-1 documents made with Typst, and the attachment bundle.

The meeting's data goes to Typst as one JSON string through `sys.inputs`; the templates in
`typst/` show every value as text, so nothing typed by a user is ever read as Typst markup.
Stored rich text (sanitised HTML, or plain text with simple lists and pipe tables) is turned
into plain blocks here in Python first: paragraphs, lists, tables and sub-headings.

Closed items reach the templates as number and title only, and closed attachments are never
fetched, so no template can print their content by mistake.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from html.parser import HTMLParser
from pathlib import Path

import typst
from django.conf import settings
from django.urls import reverse
from django.utils import dateformat, timezone, translation
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from udsatteraad.lib.text import looks_like_html
from udsatteraad.policy.projection import PublicItem, project_meeting
from udsatteraad.policy.public import public_attachments

from .attachments import EXTENSIONS
from .models import Attendance, Meeting

TYPST_DIR = Path(__file__).resolve().parent / "typst"

Runs = list[list[str]]  # [[text, style], ...], style "" | "b" | "i"


# Text conversion ------------------------------------------------------------------------

_STRONG = re.compile(r"\*\*(?=\S)(.+?)(?<=\S)\*\*")
_EMPH = re.compile(r"(?<![\w*])\*(?=\S)([^*]+?)(?<=\S)\*(?![\w*])")
_BULLET = re.compile(r"^\s*[-•*]\s+(.*)$")
_NUMBERED = re.compile(r"^\s*(\d{1,3})[.)]\s+(.*)$")
_TABLE_RULE = re.compile(r"^\|?[\s:|-]+\|?$")


def _inline(text: str) -> Runs:
    """Plain text with the light *emphasis* and **strong** marks of the imported texts."""
    runs: Runs = []
    pos = 0
    pattern = re.compile(f"{_STRONG.pattern}|{_EMPH.pattern}")
    for match in pattern.finditer(text):
        if match.start() > pos:
            runs.append([text[pos:match.start()], ""])
        if match.group(1) is not None:
            runs.append([match.group(1), "b"])
        else:
            runs.append([match.group(2), "i"])
        pos = match.end()
    if pos < len(text):
        runs.append([text[pos:], ""])
    return runs


def _table_cells(line: str) -> list[str]:
    line = line.strip()
    line = line.removeprefix("|").removesuffix("|")
    return [c.strip() for c in line.split("|")]


def _table_block(rows: list[list[str]]) -> dict:
    header, body = rows[0], rows[1:]
    width = max(len(r) for r in rows)
    header = header + [""] * (width - len(header))
    body = [(r + [""] * width)[:width] for r in body]
    return {"type": "table", "header": header, "rows": body}


def _plain_blocks(text: str) -> list[dict]:
    """Paragraphs separated by blank lines; lines starting with "- " or "1. " make lists;
    lines starting with "|" make a table (its first row is the header)."""
    blocks: list[dict] = []
    para: list[str] = []
    table: list[list[str]] = []

    def flush() -> None:
        if para:
            blocks.append({"type": "p", "runs": _inline("\n".join(para))})
            para.clear()
        if table:
            blocks.append(_table_block(table))
            table.clear()

    def add_item(kind: str, content: str, start: int = 1) -> None:
        last = blocks[-1] if blocks else None
        if last and last["type"] == kind and not para and not table and last.get("open"):
            last["items"].append(_inline(content))
        else:
            flush()
            block = {"type": kind, "items": [_inline(content)], "open": True}
            if kind == "ol":
                block["start"] = start
            blocks.append(block)

    for raw in text.replace("\r\n", "\n").split("\n"):
        line = raw.strip()
        if not line:
            flush()
            if blocks and blocks[-1].get("open"):
                blocks[-1]["open"] = False
            continue
        if line.startswith("|"):
            if para:
                flush()
            if not _TABLE_RULE.match(line):
                table.append(_table_cells(line))
            continue
        if table:
            flush()
        if m := _BULLET.match(line):
            add_item("ul", m[1])
        elif m := _NUMBERED.match(line):
            add_item("ol", m[2], int(m[1]))
        elif blocks and blocks[-1].get("open") and not para:
            # A wrapped continuation line of the previous list item.
            blocks[-1]["items"][-1].extend([[" ", ""], *_inline(line)])
        else:
            para.append(line)
    flush()
    for block in blocks:
        block.pop("open", None)
    return blocks


class _HtmlBlocks(HTMLParser):
    """Sanitised HTML (nh3) to blocks. Unknown tags keep their text and lose their markup."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[dict] = []
        self.runs: Runs = []
        self.style: list[str] = []
        self.lists: list[dict] = []
        self.table: list[list[str]] | None = None
        self.cell: list[str] | None = None
        self.heading = False
        self.href: str | None = None

    def _flush(self) -> None:
        text_runs = [r for r in self.runs if r[0]]
        self.runs = []
        if not "".join(r[0] for r in text_runs).strip():
            return
        text_runs[0][0] = text_runs[0][0].lstrip()
        text_runs[-1][0] = text_runs[-1][0].rstrip()
        if self.heading:
            self.blocks.append({"type": "h", "text": "".join(r[0] for r in text_runs)})
        elif self.lists:
            self.lists[-1]["items"].append(text_runs)
        else:
            self.blocks.append({"type": "p", "runs": text_runs})

    def handle_starttag(self, tag: str, attrs) -> None:
        if tag in ("p", "div", "blockquote", "li") or tag in ("h1", "h2", "h3", "h4", "h5",
                                                                "h6"):
            self._flush()
            self.heading = tag.startswith("h") and len(tag) == 2
        elif tag in ("ul", "ol"):
            self._flush()
            start = dict(attrs).get("start") or "1"
            self.lists.append({"type": tag, "items": [],
                               "start": int(start) if start.isdigit() else 1})
        elif tag == "br":
            self.runs.append(["\n", ""])
        elif tag == "img":
            # Images are not carried into the PDF; their text alternative is.
            if alt := (dict(attrs).get("alt") or "").strip():
                self.runs.append([f"[{_('Billede')}: {alt}]", ""])
        elif tag in ("strong", "b"):
            self.style.append("b")
        elif tag in ("em", "i"):
            self.style.append("i")
        elif tag == "a":
            self.href = dict(attrs).get("href")
        elif tag == "table":
            self._flush()
            self.table = []
        elif tag == "tr" and self.table is not None:
            self.table.append([])
        elif tag in ("td", "th") and self.table is not None:
            self.cell = []

    def handle_endtag(self, tag: str) -> None:
        if tag in ("p", "div", "blockquote", "li", "h1", "h2", "h3", "h4", "h5", "h6"):
            self._flush()
            self.heading = False
        elif tag in ("ul", "ol") and self.lists:
            self._flush()
            block = self.lists.pop()
            if block["items"]:
                if self.lists and self.lists[-1]["items"]:
                    # A nested list becomes dash lines inside its parent's item.
                    parent = self.lists[-1]["items"][-1]
                    for entry in block["items"]:
                        parent.extend([["\n– ", ""], *entry])
                elif self.lists:
                    self.lists[-1]["items"].extend(block["items"])
                else:
                    if block["type"] == "ul":
                        block.pop("start")
                    block["type"] = "ul" if block["type"] == "ul" else "ol"
                    self.blocks.append(block)
        elif tag in ("strong", "b", "em", "i") and self.style:
            self.style.pop()
        elif tag == "a" and self.href:
            text = "".join(r[0] for r in self.runs[-3:])
            if self.href.startswith(("http://", "https://", "mailto:")) and self.href not in text:
                self.runs.append([f" ({self.href.removeprefix('mailto:')})", ""])
            self.href = None
        elif tag in ("td", "th") and self.table is not None and self.cell is not None:
            if self.table:
                self.table[-1].append(" ".join("".join(self.cell).split()))
            self.cell = None
        elif tag == "table" and self.table is not None:
            rows = [r for r in self.table if r]
            if rows:
                self.blocks.append(_table_block(rows))
            self.table = None

    def handle_data(self, data: str) -> None:
        if self.cell is not None:
            self.cell.append(data)
        elif self.table is None:
            text = re.sub(r"\s+", " ", data)
            self.runs.append([text, self.style[-1] if self.style else ""])

    def close(self) -> None:
        super().close()
        self._flush()
        while self.lists:
            self.handle_endtag(self.lists[-1]["type"])


def text_blocks(text: str) -> list[dict]:
    """Stored text (sanitised HTML or plain text) as plain blocks for the templates."""
    text = (text or "").strip()
    if not text:
        return []
    if looks_like_html(text):
        parser = _HtmlBlocks()
        parser.feed(text)
        parser.close()
        return parser.blocks
    return _plain_blocks(text)


# Document data --------------------------------------------------------------------------


def _local_date(value, fmt: str) -> str:
    with translation.override("da"):
        return dateformat.format(timezone.localtime(value), fmt)


def _time_label(start: dt.time | None, end: dt.time | None) -> str:
    if not start:
        return ""
    label = start.strftime("Kl. %H.%M")
    return label + (end.strftime("–%H.%M") if end else "")


def _item_data(item: PublicItem) -> dict:
    """An item of the public projection as the Typst template takes it."""
    base = {"number": item.number, "title": item.title, "public": item.is_public}
    if not item.is_public:
        return base
    return base | {
        "case_number": item.case_number,
        "time": _time_label(item.start_time, item.end_time),
        "summary": text_blocks(item.summary),
        "recommendations_intro": item.recommendations_intro,
        "recommendations": item.recommendations,
        "decision": text_blocks(item.decision),
        "minority": [
            {"members": ", ".join(m["members"]), "text": text_blocks(m["text"])}
            for m in item.minority_statements
        ],
        "presentation": text_blocks(item.case_presentation),
        "attachments": [a["title"] for a in item.attachments],
        "urgent": item.urgent_note,
    }


def _snapshot_attendance_facts(attendance: dict) -> list[list[str]]:
    others = [
        f"{o['name']} ({o['organisation']})" if o.get("organisation") else o["name"]
        for o in attendance.get("others", []) if o.get("status") == Attendance.Status.PRESENT
    ]
    groups = [(_("Deltagere"), attendance.get("present", [])),
              (_("Afbud"), attendance.get("apology", [])),
              (_("Fraværende"), attendance.get("absent", [])),
              (_("Øvrige deltagere"), others)]
    facts = [[label, ", ".join(names)] for label, names in groups if names]
    if attendance.get("quorum"):
        facts.append([_("Beslutningsdygtighed"), attendance["quorum"]])
    return facts


def document_data(meeting: Meeting, *, minutes: bool) -> dict:
    council = meeting.council
    kind = _("REFERAT") if minutes else _("DAGSORDEN")
    day = _local_date(meeting.start, "d-m-Y")
    heading = f"{kind} {council.name} d. {day}"
    facts = [[_("Mødedato"), capfirst(_local_date(meeting.start, r"l \d. j. F Y \k\l. H:i"))]]
    if meeting.place:
        place = meeting.place
        if meeting.venue and meeting.venue.address:
            place = f"{place}, {meeting.venue.address}"
        facts.append([_("Mødested"), place])
    projected = project_meeting(meeting)
    if projected is None:
        raise ValueError("only public meetings are printed")  # the views check access first
    if projected.cancelled:
        facts.append([_("Status"), _("Aflyst den %(day)s") % {
            "day": _local_date(meeting.cancelled_at or meeting.modified, "d-m-Y")}])
    latest = projected.versions[-1] if minutes and projected.versions else None
    if minutes:
        facts += _snapshot_attendance_facts(projected.attendance or {})
        # Published minutes never change silently: a corrected version says so on page 1.
        if latest is not None and latest.number > 1:
            note = _("Version %(n)s, rettet %(day)s") % {
                "n": latest.number, "day": _local_date(latest.published_at, "d-m-Y")}
            if latest.change_note:
                note += f": {latest.change_note}"
            facts.append([_("Rettelse"), note])
    return {
        "title": heading,
        "heading": heading,
        "council": council.name,
        "footer": f"{council.name} – {kind.capitalize()} {day}",
        "facts": facts,
        "minutes": minutes,
        "items": [_item_data(i) for i in projected.items],
        "labels": {
            "closed": _("Lukket punkt"),
            "summary": _("Resume"),
            "decision": _("Beslutning"),
            "minority": _("Mindretalsudtalelse"),
            "presentation": _("Sagsfremstilling"),
            "attachments": _("Bilag"),
            "at": _("at"),
        },
    }


def compile_typst(template: str, data: dict, *, when: dt.datetime | None = None) -> bytes:
    """Compile a template in typst/ to tagged PDF/UA-1 with Typst's embedded fonts only, so
    the output does not depend on the fonts of the machine. With `when` as the document's
    date, the same data gives the same bytes."""
    return typst.compile(
        str(TYPST_DIR / template),
        root=str(TYPST_DIR),
        sys_inputs={"data": json.dumps(data, ensure_ascii=False)},
        pdf_standards=["ua-1"],
        pdf_tags=True,
        ignore_system_fonts=True,
        timestamp=int(when.timestamp()) if when else None,
    )


@translation.override("da")  # Danish documents (lang "da"), whoever asks
def render_agenda_pdf(meeting: Meeting) -> bytes:
    return compile_typst("meeting.typ", document_data(meeting, minutes=False),
                         when=meeting.modified)


@translation.override("da")  # Danish documents (lang "da"), whoever asks
def render_minutes_pdf(meeting: Meeting) -> bytes:
    return compile_typst("meeting.typ", document_data(meeting, minutes=True),
                         when=meeting.modified)


# Attachment bundle ----------------------------------------------------------------------


def _size_label(size: int | None) -> str:
    if not size:
        return ""
    if size < 1024 * 1024:
        return f"{max(1, round(size / 1024))} kB"
    return f"{size / (1024 * 1024):.1f} MB".replace(".", ",")


@translation.override("da")  # Danish documents (lang "da"), whoever asks
def render_attachment_bundle(meeting: Meeting) -> bytes:
    """The index of the open attachments of the open items, each linked as a file of its own.

    A public PDF is always tagged PDF/UA-1. Uploaded attachments are whatever their authors
    made (mostly untagged), and appending them would also drop the cover's structure tree, so
    the bundle is a tagged index that links to each attachment's own download instead."""
    council = meeting.council
    attachments = (public_attachments().filter(item__meeting=meeting)
                   .select_related("item").order_by("item__position", "item__number",
                                                    "position", "id"))
    day = _local_date(meeting.start, "d-m-Y")
    title = _("BILAG %(council)s d. %(day)s") % {"council": council.name, "day": day}
    rows = []
    for att in attachments:
        if att.file:
            url = settings.SITE_ROOT + reverse("meetings:public-attachment",
                                               args=[council.slug, meeting.pk, att.pk])
            kind = EXTENSIONS.get(att.content_type, "").upper() or _("Fil")
            size = _size_label(att.size)
            label = f"{kind}, {size}" if size else kind
        else:
            url, label = "", _("ingen fil")
        rows.append({"title": att.title, "item": str(att.item), "url": url, "label": label})
    return compile_typst("bundle.typ", {
        "title": title, "heading": title, "council": council.name,
        "footer": f"{council.name} – {_('Bilag')} {day}",
        "facts": [[_("Mødedato"), capfirst(_local_date(meeting.start,
                                                       r"l \d. j. F Y \k\l. H:i"))]],
        "intro": _("Hvert bilag hentes som en fil for sig: klik på bilagets navn."),
        "rows": rows,
        "labels": {"attachment": _("Bilag"), "item": _("Punkt"), "where": _("Fil"),
                   "none": _("Der er ingen åbne bilag til mødet.")},
    }, when=meeting.modified)
