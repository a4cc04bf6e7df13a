"""The easy-read poster: A4 or A3, a large sans-serif face, the council's contact and a QR code
to the easy-read page, tagged PDF/UA-1, made with Typst.

`udsatteraad.meetings.pdf.compile_typst` only compiles templates from the meetings app's own
typst/ folder with Typst's embedded fonts (all serif but a monospace), so this is the same call
for easyread/typst/ with DejaVu Sans from typst/fonts/ (system fonts stay ignored, so the
output does not depend on the machine). The data goes in as one JSON string through
`sys_inputs` and the template shows every value as text, never as markup."""

from __future__ import annotations

import io
import json
from pathlib import Path

import segno
import typst
from django.utils import dateformat, timezone, translation
from django.utils.translation import gettext as _

from udsatteraad.councils.models import Council
from udsatteraad.meetings.models import Meeting

from .actions import published_version

TYPST_DIR = Path(__file__).resolve().parent / "typst"
FONT_DIR = TYPST_DIR / "fonts"
PAPERS = ("a4", "a3")


def _paragraphs(text: str) -> list[str]:
    """Blank lines separate paragraphs; single line breaks stay line breaks in Typst's text."""
    parts = [p.strip() for p in text.replace("\r\n", "\n").split("\n\n")]
    return [p for p in parts if p]


def qr_svg(url: str) -> str:
    """The QR code of the address as SVG (error correction M: a poster gets scratched)."""
    out = io.BytesIO()
    segno.make(url, error="m", micro=False).save(out, kind="svg", border=4, xmldecl=False)
    return out.getvalue().decode()


def contact_lines(council: Council) -> list[str]:
    lines = []
    if council.contact_phone:
        lines.append(_("Ring på %(phone)s") % {"phone": council.contact_phone})
    if council.contact_email:
        lines.append(_("Skriv til %(email)s") % {"email": council.contact_email})
    return lines


def poster_data(meeting: Meeting, *, council: Council, page_url: str = "", paper: str = "a4",
                places: list[str] | None = None) -> dict:
    intro, items = published_version(meeting)  # what the public page shows, never the draft
    with translation.override("da"):
        date = dateformat.format(timezone.localtime(meeting.start), "j. F Y")
        return {
            "title": _("%(meeting)s – let udgave") % {"meeting": meeting.title},
            "council": council.name,
            "meeting": meeting.title,
            "date": _("Mødet var den %(date)s.") % {"date": date},
            "intro": _paragraphs(intro),
            "items": [{"title": p.title, "text": _paragraphs(p.text)} for p in items],
            "more": _("Læs mere her:") if page_url else "",
            "url": page_url,
            "qr": qr_svg(page_url) if page_url else "",
            "qr_alt": _("QR-kode. Den åbner den lette udgave på %(url)s") % {"url": page_url},
            "contact_heading": _("Kontakt rådet:"),
            "contact": contact_lines(council),
            "paper": paper if paper in PAPERS else "a4",
            "places": [_("Til %(place)s") % {"place": p} for p in places or []],
        }


def compile_poster(data: dict) -> bytes:
    return typst.compile(
        str(TYPST_DIR / "poster.typ"),
        root=str(TYPST_DIR),
        sys_inputs={"data": json.dumps(data, ensure_ascii=False)},
        font_paths=[str(FONT_DIR)],
        pdf_standards=["ua-1"],
        pdf_tags=True,
        ignore_system_fonts=True,
    )


def render_poster_pdf(meeting: Meeting, *, council: Council, page_url: str = "",
                      paper: str = "a4", places: list[str] | None = None) -> bytes:
    return compile_poster(poster_data(meeting, council=council, page_url=page_url,
                                      paper=paper, places=places))
