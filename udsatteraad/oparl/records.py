"""OParl's memory of what it has shown: every object of a meeting the API served, so an
object that leaves the public is served as a `deleted: true` tombstone (OParl 1.1, 2.7.3:
deleted objects stay available with `deleted: true`, and in lists filtered by
`modified_since`), instead of simply vanishing from a client that syncs.

`sync_public_records` runs from `policy.public.follow_publication`, inside the transaction of
every change to what is public about a meeting.
"""

from __future__ import annotations

import datetime as dt

from django.urls import reverse

from udsatteraad.meetings.models import Meeting, PublicRecord

from . import loaders, serialize


def api_root() -> str:
    """The API's path ("/oparl/v1.1/"): records keep object paths relative to it."""
    return reverse("oparl:system")


def public_paths(meeting: Meeting) -> dict[str, str]:
    """The OParl objects of a meeting the public sees now: path -> OParl type."""
    found = list(loaders.meetings().filter(pk=meeting.pk))
    if not found:
        return {}
    m = found[0]
    paths = {f"meeting/{m.pk}/": "Meeting"}
    for kind in serialize.meeting_files(m):
        paths[f"file/meeting/{m.pk}/{kind}/"] = "File"
    for item in m.public_item_list:
        paths[f"agendaitem/{item.pk}/"] = "AgendaItem"
        if serialize.is_paper(item):
            paths[f"paper/{item.pk}/"] = "Paper"
            paths[f"consultation/{item.pk}/"] = "Consultation"
            paths[f"file/paper/{item.pk}/"] = "File"
        for att in item.public_attachment_list:
            paths[f"file/{att.pk}/"] = "File"
    return paths


def sync_public_records(meeting: Meeting, *, now: dt.datetime) -> None:
    """Record the meeting's public objects; mark the ones no longer public as deleted, and
    bring back any that are public again."""
    current = public_paths(meeting)
    known = {r.path: r for r in PublicRecord.objects.filter(meeting=meeting)}
    new = [PublicRecord(meeting=meeting, path=path, kind=kind, first_public_at=now)
           for path, kind in current.items() if path not in known]
    if new:
        # A path recorded for another meeting cannot happen (ids are unique per type), but an
        # item moved to another meeting keeps its path: take the record over.
        moved = PublicRecord.objects.filter(path__in=[r.path for r in new])
        moved.update(meeting=meeting, deleted_at=None)
        taken = set(moved.values_list("path", flat=True))
        PublicRecord.objects.bulk_create([r for r in new if r.path not in taken])
    gone = [path for path, r in known.items() if path not in current and r.deleted_at is None]
    if gone:
        PublicRecord.objects.filter(meeting=meeting, path__in=gone).update(deleted_at=now)
    back = [path for path, r in known.items() if path in current and r.deleted_at is not None]
    if back:
        PublicRecord.objects.filter(meeting=meeting, path__in=back).update(deleted_at=None)


def tombstone(record: PublicRecord) -> dict:
    """A deleted object as OParl serves it: id, type, created, modified and deleted."""
    return {
        "id": serialize.absolute(api_root() + record.path),
        "type": serialize.SCHEMA + record.kind,
        "created": serialize.iso(record.first_public_at),
        "modified": serialize.iso(record.deleted_at),
        "deleted": True,
    }


def deleted_records(kind: str, *, authority_id: int | None = None):
    """Tombstones of one OParl type, for a body's lists."""
    qs = PublicRecord.objects.filter(kind=kind, deleted_at__isnull=False)
    if authority_id is not None:
        qs = qs.filter(meeting__council__authority_id=authority_id)
    return qs.order_by("deleted_at", "pk")
