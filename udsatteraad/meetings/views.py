"""The public meeting page: agenda, and decisions once the minutes are published. What it
shows of the meeting and its items is the public projection (`policy.projection`), as every
other public surface.

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

from itertools import pairwise

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from udsatteraad.policy.access import access_public_council, access_public_meeting
from udsatteraad.policy.projection import project_meeting

from .minutes import snapshot_changes


def meeting(request: HttpRequest, slug: str, meeting_id: int) -> HttpResponse:
    council = access_public_council(slug)
    meeting = access_public_meeting(council, meeting_id)
    meeting.council = council
    projected = project_meeting(meeting)
    if projected is None:  # the access helper and the projection agree; this never happens
        raise Http404
    closed = {i.id for i in projected.items if not i.is_public}
    corrections = []
    for prev, version in pairwise(projected.versions):
        changes = [c for c in snapshot_changes(prev.snapshot, version.snapshot)
                   if c["item_id"] not in closed]
        corrections.append({"version": version, "changes": changes})
    corrections.reverse()
    return render(
        request,
        "meetings/meeting.html",
        {
            "council": council,
            "meeting": meeting,
            "items": projected.items,
            "show_decision": projected.show_decision,
            "withdrawn": projected.withdrawn,
            "cancelled": projected.cancelled,
            "attendance": projected.attendance,
            "corrections": corrections,
            "has_attachments": projected.has_attachments,
            # Redactions are public as a note (who redacted is not): the text itself is gone.
            "redactions": list(meeting.redactions.only("created", "reason"))
            if getattr(meeting, "has_redactions", True) else [],
        },
    )
