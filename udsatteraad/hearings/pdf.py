"""The response as a tagged PDF/UA-1 document made with Typst, as the meetings' documents:
the data goes to Typst as JSON through `sys.inputs`, every value shown as text."""

from __future__ import annotations

import json
from pathlib import Path

import typst
from django.utils import dateformat, timezone, translation
from django.utils.translation import gettext as _

from udsatteraad.meetings.pdf import text_blocks

from .models import Hearing

# The root Typst may read: the project package, so the template can import the meetings'
# shared page set-up (/meetings/typst/common.typ).
ROOT = Path(__file__).resolve().parent.parent


def _day(value) -> str:
    return dateformat.format(value, "j. F Y")


def response_data(hearing: Hearing) -> dict:
    council = hearing.council
    draft = hearing.approved_draft or hearing.latest_draft()
    kind = _("UDTALELSE") if hearing.is_statement else _("HØRINGSSVAR")
    facts = [[_("Fra"), council.name]]
    if hearing.recipient:
        facts.append([_("Til"), hearing.recipient])
    if hearing.case_number:
        facts.append([_("Sagsnummer"), hearing.case_number])
    if not hearing.is_statement:
        facts.append([_("Høringen modtaget"), _day(hearing.received)])
    if hearing.approved_at:
        facts.append([_("Godkendt"), f"{_day(timezone.localtime(hearing.approved_at))}"
                      + (f" ({hearing.approval_note})" if hearing.approval_note else "")])
    return {
        "title": f"{kind}: {hearing.title}",
        "heading": hearing.title,
        "kind": kind,
        "council": council.name,
        "footer": f"{council.name} – {kind.capitalize()}",
        "facts": facts,
        "body": text_blocks(draft.text if draft else ""),
        "signature": _("På vegne af %(council)s") % {"council": council.name},
    }


@translation.override("da")  # Danish documents, whoever asks
def render_response_pdf(hearing: Hearing) -> bytes:
    when = hearing.approved_at or hearing.modified
    return typst.compile(
        str(Path(__file__).resolve().parent / "typst" / "response.typ"),
        root=str(ROOT),
        sys_inputs={"data": json.dumps(response_data(hearing), ensure_ascii=False)},
        pdf_standards=["ua-1"],
        pdf_tags=True,
        ignore_system_fonts=True,
        timestamp=int(when.timestamp()) if when else None,
    )
