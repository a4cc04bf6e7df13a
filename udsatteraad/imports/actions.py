"""Write a parsed document as a Meeting with its AgendaItems and Attachments.

Idempotent: the meeting is found by council + date + title; items are updated in place by
position and saved only when a field changed, so importing the same document twice writes
nothing (and adds no history rows).

Imported documents are published minutes, but a meeting whose minutes were withdrawn here
stays withdrawn: the document is older than the withdrawal. The import says so in the
document's warnings (the import report and the review page show them).
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from udsatteraad.councils.models import Council
from udsatteraad.lib.text import clean_rich_text
from udsatteraad.meetings import guarding
from udsatteraad.meetings.minutes import is_withdrawn, kept_withdrawn_warning
from udsatteraad.meetings.models import AgendaItem, Attachment, Meeting
from udsatteraad.policy.public import follow_publication

from .parser import ParsedDocument, ParsedItem

CREATED, UPDATED, UNCHANGED = "created", "updated", "unchanged"


def _time(value: str | None) -> dt.time | None:
    return dt.datetime.strptime(value, "%H:%M").time() if value else None


def _item_fields(parsed: ParsedItem, position: int) -> dict:
    return {
        "number": parsed.number,
        "position": position,
        "title": parsed.title[:300],
        "case_number": (parsed.case_number or "")[:60],
        # Normalised as AgendaItem.save() stores them, so re-importing compares equal.
        "summary": clean_rich_text(parsed.summary),
        "recommendations_intro": parsed.recommendations_intro[:200],
        "recommendations": list(parsed.recommendations),
        "decision": clean_rich_text(parsed.decision),
        "case_presentation": clean_rich_text(parsed.case_presentation),
        "start_time": _time(parsed.start_time),
        "end_time": _time(parsed.end_time),
        "is_public": parsed.is_public,
    }


def _set_changed(obj, values: dict) -> list[str]:
    changed = []
    for name, value in values.items():
        if getattr(obj, name) != value:
            setattr(obj, name, value)
            changed.append(name)
    return changed


def import_document(*, council: Council, document: ParsedDocument) -> tuple[Meeting, str]:
    """Create or update the meeting of `document`; return (meeting, created/updated/unchanged).
    What the caller should know beyond that is appended to `document.warnings`."""
    m = document.meeting
    # Imported minutes are published at once: personal data stops the import
    # (guard.PublicationBlocked), before anything is written.
    guarding.check(document_texts(document), council=council)
    start = timezone.make_aware(dt.datetime.combine(m.date, m.start_time or dt.time(0, 0)))
    title = m.title[:300]
    with transaction.atomic():
        meeting = (
            Meeting.objects.select_for_update()
            .filter(council=council, title=title, start__date=m.date)
            .first()
        )
        outcome = UNCHANGED
        meeting_values = {
            "start": start,
            "location": m.location[:300],
            "status": Meeting.Status.MINUTES_PUBLISHED,
        }
        if meeting is None:
            meeting = Meeting.objects.create(
                council=council, title=title, kind=Meeting.Kind.ORDINARY, **meeting_values
            )
            outcome = CREATED
        else:
            if is_withdrawn(meeting):
                meeting_values["status"] = Meeting.Status.MINUTES_APPROVED
                document.warnings.append(kept_withdrawn_warning(meeting))
            changed = _set_changed(meeting, meeting_values)
            if changed:
                meeting.save(update_fields=[*changed, "modified"])
                outcome = UPDATED

        existing = list(meeting.items.order_by("position", "pk").prefetch_related("attachments"))
        for position, parsed in enumerate(document.items, start=1):
            values = _item_fields(parsed, position)
            if position <= len(existing):
                item = existing[position - 1]
                changed = _set_changed(item, values)
                if changed:
                    item.save(update_fields=[*changed, "modified"])
            else:
                item = AgendaItem.objects.create(meeting=meeting, **values)
                changed = ["created"]
            if _sync_attachments(item, parsed) or changed:
                outcome = outcome if outcome == CREATED else UPDATED
        extra = existing[len(document.items):]
        if extra:
            AgendaItem.objects.filter(pk__in=[item.pk for item in extra]).delete()
            outcome = outcome if outcome == CREATED else UPDATED
        if outcome != UNCHANGED:
            follow_publication(meeting)
    return meeting, outcome


def document_texts(document: ParsedDocument) -> guarding.Texts:
    """What importing the document makes public, labelled as the guard's message shows it."""
    texts: guarding.Texts = [(_("Mødets titel"), document.meeting.title),
                             (_("Mødested"), document.meeting.location)]
    for position, parsed in enumerate(document.items, start=1):
        row = {"number": parsed.number, "title": parsed.title, "is_public": parsed.is_public,
               "case_number": parsed.case_number or "", "summary": parsed.summary,
               "recommendations_intro": parsed.recommendations_intro,
               "recommendations": parsed.recommendations, "decision": parsed.decision,
               "case_presentation": parsed.case_presentation}
        texts += guarding.item_texts(row)
        if parsed.is_public:
            texts += [(_("Punkt %(n)s, bilag") % {"n": parsed.number or position}, name)
                      for name in parsed.attachments]
    return texts


def _sync_attachments(item: AgendaItem, parsed: ParsedItem) -> bool:
    wanted = [(name[:300], item.is_public) for name in parsed.attachments]
    current = [(a.title, a.is_public) for a in item.attachments.all()] if item.pk else []
    if wanted == current:
        return False
    # Imported attachments are names without files, so replacing them loses nothing.
    item.attachments.all().delete()
    Attachment.objects.bulk_create(
        Attachment(item=item, title=title, is_public=public, position=i)
        for i, (title, public) in enumerate(wanted, start=1)
    )
    return True
