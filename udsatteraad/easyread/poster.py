"""The easy-read poster: A4, large type, tagged PDF/UA-1, made with Typst.

`udsatteraad.meetings.pdf.compile_typst` only compiles templates from the meetings app's own
typst/ folder, so this is the same call for easyread/typst/: the data goes in as one JSON
string through `sys_inputs` and the template shows every value as text, never as markup."""

from __future__ import annotations

import json
from pathlib import Path

import typst
from django.utils import dateformat, timezone, translation
from django.utils.translation import gettext as _

from udsatteraad.councils.models import Council
from udsatteraad.meetings.models import Meeting

from .actions import published_version

TYPST_DIR = Path(__file__).resolve().parent / "typst"


def _paragraphs(text: str) -> list[str]:
    """Blank lines separate paragraphs; single line breaks stay line breaks in Typst's text."""
    parts = [p.strip() for p in text.replace("\r\n", "\n").split("\n\n")]
    return [p for p in parts if p]


def poster_data(meeting: Meeting, *, council: Council, page_url: str = "") -> dict:
    intro, items = published_version(meeting)  # what the public page shows, never the draft
    with translation.override("da"):
        date = dateformat.format(timezone.localtime(meeting.start), "j. F Y")
        return {
            "title": _("%(meeting)s – let udgave") % {"meeting": meeting.title},
            "council": council.name,
            "meeting": meeting.title,
            "date": _("Mødet var den %(date)s.") % {"date": date},
            "intro": _paragraphs(intro),
            "items": [
                {"title": item.title, "text": _paragraphs(text)} for item, text in items
            ],
            "more": _("Læs hele referatet og denne tekst på:") if page_url else "",
            "url": page_url,
        }


def compile_poster(data: dict) -> bytes:
    return typst.compile(
        str(TYPST_DIR / "poster.typ"),
        root=str(TYPST_DIR),
        sys_inputs={"data": json.dumps(data, ensure_ascii=False)},
        pdf_standards=["ua-1"],
        pdf_tags=True,
        ignore_system_fonts=True,
    )


def render_poster_pdf(meeting: Meeting, *, council: Council, page_url: str = "") -> bytes:
    return compile_poster(poster_data(meeting, council=council, page_url=page_url))
