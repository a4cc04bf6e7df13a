"""Redaction: a passage that was published anyway (a CPR number, a citizen's name) removed
for good from everything published about a meeting.

The passage is replaced by a marker, "[Udeladt: <reason>]", in the live texts (so the agenda,
the PDFs, OParl and the feeds, which render from them, follow), in every published minutes
version (so the public page's corrections and their "Før:" texts follow), in the change
history (django-simple-history rows), and in the easy-read copy. The stored PDFs are dropped
(they render anew), the search index is rebuilt for the meeting and its dead documents are
purged, and OParl's records move on (`policy.public.follow_publication`). An attachment whose
extracted text held the passage is closed: its file cannot be rewritten here.

Who, when and why are recorded (`Redaction`); the passage itself is not kept.
"""

from __future__ import annotations

import hashlib
import html
import logging
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from udsatteraad.policy import lifecycle
from udsatteraad.policy.guard import PublicationBlocked
from udsatteraad.policy.public import follow_publication

from . import guarding
from .models import (
    AgendaItem,
    Attachment,
    Attendance,
    Meeting,
    MinorityStatement,
    MinutesVersion,
    Redaction,
    RenderedPdf,
    redaction_marker,
)

log = logging.getLogger("udsatteraad.guard")

PASSAGE_MIN, PASSAGE_MAX, REASON_MAX = 4, 2000, 200
# Printed as HTML (sanitised rich text): the marker goes in escaped.
RICH = set(AgendaItem.RICH_TEXT_FIELDS)
ITEM_TEXT = ("title", "case_number", "summary", "recommendations_intro", "decision",
             "case_presentation", "easy_read")
MEETING_TEXT = ("title", "description", "location", "easy_read_intro",
                "minutes_withdrawal_reason")


class RedactionError(Exception):
    """A refused redaction; the message is Danish and meant for the user."""


class _Replacer:
    """Replaces the passage (as typed, and as stored in sanitised HTML) and counts."""

    def __init__(self, passage: str, marker: str) -> None:
        self.marker = marker
        forms = {passage, html.escape(passage, quote=False), html.escape(passage)}
        self.forms = sorted(forms, key=len, reverse=True)
        self.count = 0

    def text(self, value: str, *, rich: bool = False) -> str:
        if not isinstance(value, str) or not value:
            return value
        marker = html.escape(self.marker, quote=False) if rich else self.marker
        for form in self.forms:
            if form in value:
                self.count += value.count(form)
                value = value.replace(form, marker)
        return value

    def data(self, value: Any, key: str = "") -> Any:
        """JSON data (a minutes snapshot, the easy-read copy), recursively."""
        if isinstance(value, dict):
            return {k: self.data(v, str(k)) for k, v in value.items()}
        if isinstance(value, list):
            return [self.data(v, key) for v in value]
        if isinstance(value, str):
            return self.text(value, rich=key in RICH)
        return value


def _rewrite(rows, fields: tuple[str, ...], rep: _Replacer, *, json_fields=()) -> list[int]:
    """Rewrite the rows' fields with QuerySet.update (no new history row, no `modified`
    move: the history rows are rewritten the same way). Returns the pks changed."""
    changed = []
    for row in rows:
        values: dict[str, Any] = {}
        for name in fields:
            old = getattr(row, name)
            new = rep.text(old, rich=name in RICH)
            if new != old:
                values[name] = new
        for name in json_fields:
            old = getattr(row, name)
            new = rep.data(old)
            if new != old:
                values[name] = new
        if values:
            type(row)._default_manager.filter(pk=row.pk).update(**values)
            changed.append(row.pk)
    return changed


def redact(*, meeting: Meeting, passage: str, reason: str, user) -> Redaction:
    """Replace `passage` (exact text) by "[Udeladt: reason]" in everything published about
    the meeting and in its history. RedactionError when there is nothing to redact or the
    input is not usable."""
    passage, reason = passage.strip(), " ".join(reason.split())
    if len(passage) < PASSAGE_MIN:
        raise RedactionError(_("Skriv den tekst, der skal udelades (mindst %(n)s tegn), "
                               "præcis som den står.") % {"n": PASSAGE_MIN})
    if len(passage) > PASSAGE_MAX:
        raise RedactionError(_("Teksten, der skal udelades, må højst være %(n)s tegn.")
                             % {"n": PASSAGE_MAX})
    if not reason:
        raise RedactionError(_("Skriv en begrundelse. Den vises offentligt i stedet for "
                               "teksten."))
    if len(reason) > REASON_MAX:
        raise RedactionError(_("Begrundelsen må højst være %(n)s tegn.") % {"n": REASON_MAX})
    if passage.lower() in reason.lower():
        raise RedactionError(_("Begrundelsen må ikke gentage den tekst, der udelades."))
    with transaction.atomic():
        meeting = (Meeting.objects.select_for_update(of=("self",))
                   .select_related("council").get(pk=meeting.pk))
        if lifecycle.stage(meeting) == lifecycle.Stage.PLANNED:
            raise RedactionError(_("Mødet er ikke offentliggjort. Ret teksten i stedet."))
        # The reason is public (it stands in the text): it must pass the guard itself.
        try:
            guarding.check([(_("Begrundelse"), reason)], council=meeting.council)
        except PublicationBlocked as e:
            raise RedactionError(_("Begrundelsen ser ud til at indeholde personoplysninger "
                                   "(%(what)s). Skriv den uden.")
                                 % {"what": ", ".join(h.label for h in e.hits)}) from e
        rep = _Replacer(passage, redaction_marker(reason))
        _redact_rows(meeting, rep)
        if rep.count == 0:
            raise RedactionError(_("Teksten findes ikke i mødets tekster. Kopiér den præcis, "
                                   "som den står på den offentlige side."))
        places = rep.count
        RenderedPdf.objects.filter(meeting=meeting).delete()  # rendered anew on request
        redaction = Redaction.objects.create(
            meeting=meeting, reason=reason, places=places, created_by=user,
            digest=hashlib.sha256(passage.encode()).hexdigest())
        follow_publication(meeting, was_public=True)
        _purge_search(meeting)
    log.info("redaction meeting=%s user=%s places=%s id=%s", meeting.pk,
             getattr(user, "pk", None), places, redaction.pk)
    return redaction


def _redact_rows(meeting: Meeting, rep: _Replacer) -> None:
    items = AgendaItem.objects.filter(meeting=meeting)
    _rewrite([meeting], MEETING_TEXT, rep, json_fields=("easy_read_published",))
    _rewrite(items, ITEM_TEXT, rep, json_fields=("recommendations",))
    for att in Attachment.objects.filter(item__meeting=meeting):
        title, text = rep.text(att.title), rep.text(att.text)
        if (title, text) != (att.title, att.text):
            # The file itself still holds the passage: it leaves the public.
            Attachment.objects.filter(pk=att.pk).update(
                title=title, text=text,
                is_public=att.is_public and text == att.text)
    _rewrite(MinorityStatement.objects.filter(item__meeting=meeting), ("text",), rep)
    _rewrite(Attendance.objects.filter(meeting=meeting), ("name", "organisation", "note"), rep)
    _rewrite(MinutesVersion.objects.filter(meeting=meeting), ("change_note",), rep,
             json_fields=("snapshot",))
    # The change history: every historical row of the meeting, its items (deleted ones
    # too), their minority statements and the attendance.
    history_items = set(AgendaItem.history.filter(meeting_id=meeting.pk)
                        .values_list("id", flat=True))
    _rewrite(Meeting.history.filter(id=meeting.pk), MEETING_TEXT, rep,
             json_fields=("easy_read_published",))
    _rewrite(AgendaItem.history.filter(id__in=history_items), ITEM_TEXT, rep,
             json_fields=("recommendations",))
    _rewrite(MinorityStatement.history.filter(item_id__in=history_items), ("text",), rep)
    _rewrite(Attendance.history.filter(meeting_id=meeting.pk), ("name", "organisation", "note"),
             rep)


def _purge_search(meeting: Meeting) -> None:
    """The reindex (follow_publication) left the old documents dead in their segments, terms
    and all: rewrite those segments now rather than at the nightly maintenance, so the
    passage is gone from the database too."""
    from udsatteraad.search.maintenance import merge
    from udsatteraad.search.models import SearchDocument

    dead = SearchDocument.objects.filter(meeting=meeting, is_live=False)
    dead.filter(segment__isnull=True).delete()
    for segment_id in sorted(set(dead.values_list("segment_id", flat=True)) - {None}):
        merge([segment_id])
