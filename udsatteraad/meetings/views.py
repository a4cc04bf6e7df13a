"""The public meeting page: agenda, and decisions once the minutes are published.

Closed items (is_public=False) reach the template as their number and title only, and closed
attachments are never fetched, so no template can show their text by mistake.

Published minutes are rendered from the latest MinutesVersion snapshot, so edits made after
publication stay invisible until they are published as a correction; each correction is shown
with its date, note and what changed. Two things follow the live data instead of the
snapshot, because they are access rules rather than minutes text: an item closed after
publication shows its title only, and attachment links list the attachments open today.

Withdrawn minutes show the agenda without decisions, under a notice saying when and why the
minutes were withdrawn.
"""

from __future__ import annotations

import datetime as dt
from itertools import pairwise
from typing import Any

from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from udsatteraad.accounts.access import access_public_council, access_public_meeting

from .minutes import is_withdrawn, snapshot_changes
from .models import Attachment


def _attachment_links(attachments) -> list[dict]:
    return [{"id": a.pk, "title": a.title} for a in attachments]


def _item_row(item: Any, show_decision: bool) -> dict:
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
        "attachments": _attachment_links(item.public_attachments),
        "minority_statements": [],
    }


def _parse_time(value: str | None) -> dt.time | None:
    return dt.time.fromisoformat(value) if value else None


def _snapshot_row(row: dict, live: dict[int, Any]) -> dict:
    item = live.get(row["id"])
    if not row["is_public"] or (item is not None and not item.is_public):
        return {"label": row["label"], "is_public": False}
    return {
        **row,
        "start_time": _parse_time(row.get("start_time")),
        "end_time": _parse_time(row.get("end_time")),
        "attachments": _attachment_links(item.public_attachments) if item else [],
    }


def meeting(request: HttpRequest, slug: str, meeting_id: int) -> HttpResponse:
    council = access_public_council(slug)
    meeting = access_public_meeting(council, meeting_id)
    show_decision = meeting.has_public_minutes
    # Minutes published through the system have versions; a meeting whose status was set
    # without publishing (no publication time) shows its live text.
    versions = []
    if show_decision and meeting.minutes_published_at is not None:
        versions = list(meeting.minutes_versions.order_by("number"))
    items = meeting.items.order_by("position", "number", "id").prefetch_related(
        Prefetch(
            "attachments",
            queryset=Attachment.objects.filter(is_public=True).order_by("position", "id"),
            to_attr="public_attachments",
        )
    )
    snapshot = None
    corrections = []
    if versions:
        live: dict[int, Any] = {i.pk: i for i in items.only("id", "is_public", "meeting_id")}
        snapshot = versions[-1].snapshot
        rows = [_snapshot_row(r, live) for r in snapshot.get("items", [])]
        closed = {pk for pk, i in live.items() if not i.is_public}
        for prev, version in pairwise(versions):
            changes = [c for c in snapshot_changes(prev.snapshot, version.snapshot)
                       if c["item_id"] not in closed]
            corrections.append({"version": version, "changes": changes})
        corrections.reverse()
    else:
        rows = [_item_row(i, show_decision) for i in items]
    return render(
        request,
        "meetings/meeting.html",
        {
            "council": council,
            "meeting": meeting,
            "items": rows,
            "show_decision": show_decision,
            "withdrawn": is_withdrawn(meeting),
            "attendance": snapshot.get("attendance") if snapshot else None,
            "corrections": corrections,
            "has_attachments": any(r.get("attachments") for r in rows),
        },
    )
