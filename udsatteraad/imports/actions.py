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
import logging

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from udsatteraad.councils.models import Council
from udsatteraad.lib.extract import DocumentError
from udsatteraad.lib.text import clean_rich_text
from udsatteraad.meetings import guarding
from udsatteraad.meetings.minutes import is_withdrawn, kept_withdrawn_warning
from udsatteraad.meetings.models import AgendaItem, Attachment, Meeting
from udsatteraad.policy.guard import PublicationBlocked
from udsatteraad.policy.public import follow_publication

from .models import ImportBatch, ImportDocument
from .parser import ParsedDocument, ParsedItem
from .pipeline import read_bytes, unsaved_reasons

CREATED, UPDATED, UNCHANGED = "created", "updated", "unchanged"
log = logging.getLogger(__name__)


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


def import_document(*, council: Council, document: ParsedDocument,
                    meeting: Meeting | None = None) -> tuple[Meeting, str]:
    """Create or update the meeting of `document`; return (meeting, created/updated/unchanged).
    What the caller should know beyond that is appended to `document.warnings`.

    `meeting`: the meeting an earlier import of this document made (a batch document reviewed
    after it was imported), updated even when the review changed its title or date. A
    document without a date or without items is refused (DocumentError): the review asks
    for them first."""
    reasons = unsaved_reasons(document)
    if reasons:
        raise DocumentError(
            " ".join([*reasons, _("Gennemse dokumentet og udfyld det, der mangler.")]))
    m = document.meeting
    assert m.date is not None
    # Imported minutes are published at once: personal data stops the import
    # (guard.PublicationBlocked), before anything is written.
    guarding.check(document_texts(document), council=council)
    start = timezone.make_aware(dt.datetime.combine(m.date, m.start_time or dt.time(0, 0)))
    title = m.title[:300]
    with transaction.atomic():
        found = Meeting.objects.select_for_update().filter(council=council)
        if meeting is not None:
            meeting = found.filter(pk=meeting.pk).first()  # None if deleted since
        if meeting is None:
            meeting = found.filter(title=title, start__date=m.date).first()
        outcome = UNCHANGED
        meeting_values: dict = {
            "title": title,
            "start": start,
            "location": m.location[:300],
            "status": Meeting.Status.MINUTES_PUBLISHED,
        }
        if meeting is None:
            meeting = Meeting.objects.create(
                council=council, kind=Meeting.Kind.ORDINARY, **meeting_values
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


# --- A whole archive at a time (models.ImportBatch, tasks.run_batch) ----------------------------


def create_batch(*, council: Council, user, entries: list) -> ImportBatch:
    """An ImportBatch with one waiting document per `archive.Entry` (refused entries are
    recorded as refused at once). The caller queues `tasks.run_batch` after the commit."""
    with transaction.atomic():
        batch = ImportBatch.objects.create(council=council, created_by=user)
        ImportDocument.objects.bulk_create(
            ImportDocument(
                batch=batch, position=position, filename=entry.name[:300], data=entry.data,
                status=ImportDocument.Status.FAILED if entry.error else
                ImportDocument.Status.WAITING,
                error=entry.error,
            )
            for position, entry in enumerate(entries, start=1)
        )
    return batch


def import_batch_document(*, document_id: int) -> ImportDocument | None:
    """Read one waiting document of a batch and import it when nothing is missing; otherwise
    keep what was read for the review screen. Returns the row, or None when it was not
    waiting (another worker had it). A refused or failing document never stops the batch."""
    with transaction.atomic():
        row = (ImportDocument.objects.select_for_update()
               .select_related("batch__council").filter(pk=document_id).first())
        if row is None or row.status != ImportDocument.Status.WAITING:
            return None
        row.status = ImportDocument.Status.READING  # claimed: no other run takes it
        row.save(update_fields=["status"])
    data = bytes(row.data)
    # The upload is not kept once read.
    fields = ["data", "status", "error", "outcome", "source", "parsed", "format", "pages",
              "items", "warnings", "missing", "meeting"]
    row.data, row.error, row.status = b"", "", ImportDocument.Status.FAILED
    try:
        source, parsed = read_bytes(data)
    except DocumentError as exc:
        row.error = str(exc)
        row.save(update_fields=fields)
        return row
    except Exception:  # a parser bug must not stop the other documents
        log.exception("import of batch document %s failed", row.pk)
        row.error = _("Dokumentet kunne ikke læses på grund af en fejl i systemet.")
        row.save(update_fields=fields)
        return row
    row.source, row.format, row.pages = source, parsed.format, parsed.pages
    reasons = unsaved_reasons(parsed)
    row.status = ImportDocument.Status.REVIEW
    if not reasons:
        try:
            meeting, outcome = import_document(council=row.batch.council, document=parsed)
        except PublicationBlocked as exc:
            row.error = blocked_message(exc)
        else:
            row.status, row.outcome, row.meeting = ImportDocument.Status.IMPORTED, outcome, meeting
    row.parsed = parsed.as_json()
    row.items = len(parsed.items)
    row.warnings = [str(w) for w in parsed.warnings]
    row.missing = parsed.missing_fields()
    row.save(update_fields=fields)
    return row


def blocked_message(exc: PublicationBlocked) -> str:
    return _("Personoplysninger i dokumentet: %(hits)s") % {"hits": "; ".join(
        f"{h.label} i {h.where}: {h.context}" for h in exc.hits)}


def save_reviewed_batch_document(*, row: ImportDocument, document: ParsedDocument
                                 ) -> tuple[Meeting, str]:
    """Save a batch document after its review: into the meeting it made before, if any.
    Raises PublicationBlocked like `import_document`."""
    with transaction.atomic():
        # Only the document's own row is locked: PostgreSQL locks no row of the nullable side
        # of an outer join (the meeting may be none yet).
        row = ImportDocument.objects.select_for_update(of=("self",)).select_related(
            "batch__council", "meeting").get(pk=row.pk)
        meeting, outcome = import_document(council=row.batch.council, document=document,
                                           meeting=row.meeting)
        row.status, row.outcome, row.meeting, row.error = (
            ImportDocument.Status.IMPORTED, outcome, meeting, "")
        row.parsed = document.as_json()
        row.items = len(document.items)
        row.missing = document.missing_fields()
        row.warnings = [str(w) for w in document.warnings]
        row.save(update_fields=["status", "outcome", "meeting", "error", "parsed", "items",
                                "missing", "warnings"])
    return meeting, outcome
