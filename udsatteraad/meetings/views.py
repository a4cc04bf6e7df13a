"""The public meeting page: agenda, and decisions once the minutes are published.

Closed items (is_public=False) reach the template as their number and title only, and closed
attachments are never fetched, so no template can show their text by mistake.
"""

from __future__ import annotations

from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from udsatteraad.accounts.access import access_public_council, access_public_meeting

from .models import AgendaItem, Attachment


def _item_row(item: AgendaItem, show_decision: bool) -> dict:
    label = str(item)  # "Punkt 17: title", or the title when unnumbered
    if not item.is_public:
        return {"label": label, "is_public": False}
    return {
        "label": label,
        "is_public": True,
        "case_number": item.case_number,
        "summary": item.summary,
        "recommendations_intro": item.recommendations_intro,
        "recommendations": [str(r) for r in (item.recommendations or []) if r],
        "decision": item.decision if show_decision else "",
        "case_presentation": item.case_presentation,
        "start_time": item.start_time,
        "end_time": item.end_time,
        "attachments": [a.title for a in item.public_attachments],
    }


def meeting(request: HttpRequest, slug: str, meeting_id: int) -> HttpResponse:
    council = access_public_council(slug)
    meeting = access_public_meeting(council, meeting_id)
    items = meeting.items.order_by("position", "number", "id").prefetch_related(
        Prefetch(
            "attachments",
            queryset=Attachment.objects.filter(is_public=True).order_by("position", "id"),
            to_attr="public_attachments",
        )
    )
    show_decision = meeting.has_public_minutes
    return render(
        request,
        "meetings/meeting.html",
        {
            "council": council,
            "meeting": meeting,
            "items": [_item_row(i, show_decision) for i in items],
            "show_decision": show_decision,
        },
    )
