"""The public projection of a meeting: what every public surface shows of it and its items.

The meeting page, the agenda and minutes PDFs, the search index, OParl, the feeds, iCal and
easy-read all take a meeting's items from here, so an item is projected by one piece of code:
- before published minutes: the live agenda, open items in full (no decisions), closed items
  as number and title only;
- with published minutes: the latest published MinutesVersion snapshot, so edits made after
  publication stay invisible until published as a correction. Two things follow the live data
  instead, because they are access rules rather than minutes text: an item closed after
  publication is closed everywhere, and attachments are those open today;
- withdrawn minutes: the agenda's items by number and title only (the agenda text is
  withdrawn with the minutes, `public.withdrawn_q`).
A meeting the public may not see (`public.is_public_meeting`) projects to nothing, whatever
the caller passes: that is the last guard before any public output.

The minutes snapshot stored at publication (`meetings.minutes.minutes_snapshot`) is built by
`item_record`/`attendance_record` here too, so what is published and what is shown agree.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Prefetch
from django.utils.translation import gettext as _

from udsatteraad.meetings.models import (
    AgendaItem,
    Attachment,
    Attendance,
    Meeting,
    MinorityStatement,
    MinutesVersion,
)
from udsatteraad.meetings.quorum import quorum
from udsatteraad.meetings.rules import urgent_note

from . import lifecycle, public

ITEM_ORDER = ("position", "number", "id")


@dataclass
class PublicItem:
    """One agenda item as the public sees it. A closed item has only id, number, label,
    title and position; every text field is empty."""

    id: int
    number: int | None
    label: str
    title: str
    position: int  # 1-based place on the agenda
    is_public: bool
    case_number: str = ""
    summary: str = ""
    recommendations_intro: str = ""
    recommendations: list[str] = field(default_factory=list)
    decision: str = ""
    case_presentation: str = ""
    start_time: dt.time | None = None
    end_time: dt.time | None = None
    attachments: list[dict] = field(default_factory=list)  # {"id", "title", "has_file"}, open
    minority_statements: list[dict] = field(default_factory=list)  # {"text", "members"}
    urgent_note: str = ""  # "Punktet blev optaget på mødet efter beslutning af formanden."

    @property
    def is_paper(self) -> bool:
        """An open item with a case (OParl Paper)."""
        return self.is_public and bool(self.case_number or self.case_presentation)


@dataclass
class PublicMeeting:
    meeting: Meeting
    items: list[PublicItem]
    show_decision: bool  # published minutes: decisions and attendance are shown
    withdrawn: bool
    cancelled: bool
    attendance: dict | None  # names only, as in the snapshot; None without minutes
    versions: list[MinutesVersion]  # published versions, oldest first

    @property
    def open_items(self) -> list[PublicItem]:
        return [i for i in self.items if i.is_public]

    @property
    def has_attachments(self) -> bool:
        return any(i.attachments for i in self.items)


def _time(value: dt.time | None) -> str | None:
    return value.strftime("%H:%M") if value else None


def _parse_time(value: str | None) -> dt.time | None:
    return dt.time.fromisoformat(value) if value else None


def item_record(item: AgendaItem, *, with_minutes: bool,
                attachments: Iterable[Attachment] | None = None,
                statements: Iterable[MinorityStatement] | None = None) -> dict:
    """An item as a JSON-able row (the MinutesVersion snapshot's format): closed items by
    number and title only. `attachments` are the item's attachments (closed ones are left
    out here); `statements` its minority statements with members prefetched."""
    row: dict[str, Any] = {"id": item.pk, "number": item.number, "label": str(item),
                           "title": item.title, "is_public": item.is_public}
    if not item.is_public:
        return row
    row.update({
        "case_number": item.case_number, "summary": item.summary,
        "recommendations_intro": item.recommendations_intro,
        "recommendations": [str(r) for r in (item.recommendations or []) if str(r).strip()],
        "decision": item.decision if with_minutes else "",
        "case_presentation": item.case_presentation,
        "start_time": _time(item.start_time), "end_time": _time(item.end_time),
        # has_file: imported attachments are names without a file; shown as text, not links.
        "attachments": [{"id": a.pk, "title": a.title, "has_file": bool(a.file)}
                        for a in (attachments or []) if a.is_public],
        "minority_statements": [
            {"text": s.text, "members": sorted(p.name for p in s.members.all())}
            for s in (statements or [])
        ] if with_minutes else [],
        "urgent_note": urgent_note(item) if with_minutes else "",
    })
    return row


def attendance_record(meeting: Meeting, rows: Iterable[Attendance] | None = None, *,
                      with_quorum: bool = False) -> dict:
    """Attendance as the minutes publish it: members' names by status, and the others
    (guests, advisory group) with organisation; never contact data. `rows`: the meeting's
    attendance rows with their persons, when already loaded."""
    attendance: dict[str, Any] = {"present": [], "apology": [], "absent": [], "others": []}
    if rows is None:
        rows = meeting.attendance.select_related("person", "substitute_for")
    rows = list(rows)
    for att in rows:
        if att.kind == Attendance.Kind.MEMBER and att.person is not None:
            name = att.person.name
            if att.substitute_for is not None:
                name = _("%(name)s (suppleant for %(absent)s)") % {
                    "name": name, "absent": att.substitute_for.name}
            attendance.setdefault(att.status, []).append(name)
        else:
            attendance["others"].append({
                "name": att.person.name if att.person is not None else att.name,
                "organisation": att.organisation, "kind": att.kind,
                "kind_label": att.get_kind_display(), "status": att.status,
            })
    for names in ("present", "apology", "absent"):
        attendance[names].sort()
    # One sentence where the rules of procedure have a quorum rule; nothing where they have
    # none (issue 12). Stored with the published snapshot; minutes loaded from elsewhere
    # (no snapshot) print what they were loaded with.
    found = quorum(meeting, rows) if with_quorum else None
    if found is not None:
        attendance["quorum"] = found.sentence(past=True)
    return attendance


def _from_row(row: dict, position: int, open_now: dict[int, list[dict]] | None) -> PublicItem:
    """A PublicItem from a record row. `open_now`: the items open today with their open
    attachments (for snapshot rows: a later closing wins, attachments follow today)."""
    is_public = bool(row.get("is_public"))
    if open_now is not None:
        is_public = is_public and row.get("id") in open_now
    base = PublicItem(id=row["id"], number=row.get("number"),
                      label=row.get("label") or row.get("title", ""), title=row.get("title", ""),
                      position=position, is_public=is_public)
    if not is_public:
        return base
    base.case_number = row.get("case_number") or ""
    base.summary = row.get("summary") or ""
    base.recommendations_intro = row.get("recommendations_intro") or ""
    base.recommendations = [str(r) for r in row.get("recommendations") or [] if str(r).strip()]
    base.decision = row.get("decision") or ""
    base.case_presentation = row.get("case_presentation") or ""
    base.start_time = _parse_time(row.get("start_time"))
    base.end_time = _parse_time(row.get("end_time"))
    base.attachments = (open_now[row["id"]] if open_now is not None
                        else list(row.get("attachments") or []))
    base.minority_statements = list(row.get("minority_statements") or [])
    base.urgent_note = row.get("urgent_note") or ""
    return base


def _title_only(item: PublicItem) -> PublicItem:
    return PublicItem(id=item.id, number=item.number, label=item.label, title=item.title,
                      position=item.position, is_public=item.is_public)


def _versions(meeting_ids: set[int], *, history: bool) -> dict[int, list[MinutesVersion]]:
    """Published versions per meeting, oldest first; without history only the latest (two
    small queries instead of every snapshot)."""
    found: dict[int, list[MinutesVersion]] = {}
    if not meeting_ids:
        return found
    rows = MinutesVersion.objects.filter(meeting_id__in=meeting_ids)
    if not history:
        newest: dict[int, tuple[int, int]] = {}  # meeting -> (number, version id)
        for pk, meeting_id, number in rows.values_list("id", "meeting_id", "number"):
            if number > newest.get(meeting_id, (0, 0))[0]:
                newest[meeting_id] = (number, pk)
        rows = MinutesVersion.objects.filter(id__in=[pk for _n, pk in newest.values()])
    for v in rows.order_by("meeting_id", "number"):
        found.setdefault(v.meeting_id, []).append(v)
    return found


def project(meetings: Iterable[Meeting], *, history: bool = True,
            texts: bool = True) -> dict[int, PublicMeeting]:
    """The public projection of many meetings, in a fixed number of queries (at most eight,
    however many meetings). Meetings the public may not see are left out. `history=False`
    loads only the latest minutes version (for the search index and OParl, which show no
    corrections); `texts=False` only the agenda's item labels (for calendars)."""
    shown = [m for m in meetings if public.is_public_meeting(m)]
    if not shown:
        return {}
    ids = [m.pk for m in shown]
    if not texts:
        labels: dict[int, list[PublicItem]] = {}
        for item in (AgendaItem.objects.filter(meeting_id__in=ids)
                     .order_by("meeting_id", *ITEM_ORDER)
                     .only("id", "meeting_id", "number", "title", "is_public", "position")):
            found = labels.setdefault(item.meeting_id, [])
            found.append(PublicItem(id=item.pk, number=item.number, label=str(item),
                                    title=item.title, position=len(found) + 1,
                                    is_public=item.is_public))
        return {m.pk: PublicMeeting(
            meeting=m, items=labels.get(m.pk, []), show_decision=False, withdrawn=False,
            cancelled=m.status == Meeting.Status.CANCELLED, attendance=None, versions=[],
        ) for m in shown}
    with_minutes = {m.pk for m in shown if m.has_public_minutes}
    versions = _versions(with_minutes, history=history)
    open_attachments = (Attachment.objects.filter(is_public=True).order_by("position", "id")
                        .only("id", "item_id", "title", "is_public", "position", "file"))
    items = (AgendaItem.objects.filter(meeting_id__in=ids).order_by("meeting_id", *ITEM_ORDER)
             .prefetch_related(Prefetch("attachments", queryset=open_attachments,
                                        to_attr="open_attachments")))
    # Minority statements are minutes text: only for published minutes without a snapshot.
    live_minutes = [pk for pk in with_minutes if pk not in versions]
    if live_minutes:
        items = items.prefetch_related(Prefetch(
            "minority_statements",
            queryset=MinorityStatement.objects.filter(item__meeting_id__in=live_minutes)
            .prefetch_related("members")))
    by_meeting: dict[int, list[AgendaItem]] = {}
    for item in items:
        by_meeting.setdefault(item.meeting_id, []).append(item)
    attendance_rows: dict[int, list[Attendance]] = {}
    if live_minutes:
        for att in (Attendance.objects.filter(meeting_id__in=live_minutes)
                    .select_related("person", "substitute_for")):
            attendance_rows.setdefault(att.meeting_id, []).append(att)
    result: dict[int, PublicMeeting] = {}
    for m in shown:
        live = by_meeting.get(m.pk, [])
        mine = versions.get(m.pk, [])
        attendance = None
        if mine:
            snapshot = mine[-1].snapshot
            open_now = {i.pk: [{"id": a.pk, "title": a.title, "has_file": bool(a.file)}
                             for a in i.open_attachments]  # type: ignore[attr-defined]
                        for i in live if i.is_public}
            rows = [_from_row(r, n, open_now)
                    for n, r in enumerate(snapshot.get("items", []), start=1)]
            attendance = snapshot.get("attendance")
        else:
            minutes = m.pk in with_minutes
            rows = [_from_row(item_record(
                i, with_minutes=minutes,
                attachments=i.open_attachments,  # type: ignore[attr-defined]
                statements=i.minority_statements.all() if minutes else None), n, None)
                for n, i in enumerate(live, start=1)]
            if minutes:
                attendance = attendance_record(m, attendance_rows.get(m.pk, []))
        withdrawn = lifecycle.stage(m) == lifecycle.Stage.MINUTES_WITHDRAWN
        if withdrawn:
            # The agenda's text goes with withdrawn minutes (public.withdrawn_q): titles only.
            rows = [_title_only(r) for r in rows]
        result[m.pk] = PublicMeeting(
            meeting=m, items=rows, show_decision=m.pk in with_minutes,
            withdrawn=withdrawn,
            cancelled=m.status == Meeting.Status.CANCELLED,
            attendance=attendance, versions=mine,
        )
    return result


def project_meeting(meeting: Meeting) -> PublicMeeting | None:
    """One meeting's projection, or None when the public may not see it."""
    return project([meeting]).get(meeting.pk)
