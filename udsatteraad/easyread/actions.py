"""Writes for the easy-read version of a meeting (keyword-only, atomic)."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from udsatteraad.meetings import guarding
from udsatteraad.meetings.models import AgendaItem, Meeting


class EasyReadError(Exception):
    """A refused easy-read change; the message is Danish and meant for the user."""


def open_items(meeting: Meeting):
    """The items an easy-read version may cover: open items only, in agenda order."""
    return meeting.items.filter(is_public=True).order_by("position", "number", "id")


@transaction.atomic
def save_easy_read(*, meeting: Meeting, intro: str, texts: dict[int, str]) -> None:
    """Save the intro and the easy-read text of the meeting's open items (by item pk).
    Closed items are never written, whatever the caller sends. The item's `revision` (the
    lock for concurrent minutes edits) is left alone: easy-read text is not minutes text."""
    if not meeting.has_public_minutes:
        raise EasyReadError(_("Referatet er ikke offentliggjort endnu."))
    if meeting.easy_read_intro != intro:
        meeting.easy_read_intro = intro
        meeting.save(update_fields=["easy_read_intro", "modified"])
    items: list[AgendaItem] = list(
        open_items(meeting).filter(pk__in=list(texts)).select_for_update()
    )
    for item in items:
        text = texts[item.pk]
        if item.easy_read != text:
            item.easy_read = text
            item.save(update_fields=["easy_read", "modified"])


@transaction.atomic
def publish_easy_read(*, meeting: Meeting, intro: str, texts: dict[int, str]) -> None:
    """Save, then show the easy-read version on the public site (and as a poster). Publishing
    again after changes moves the publication time on."""
    save_easy_read(meeting=meeting, intro=intro, texts=texts)
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    drafts = dict(open_items(meeting).exclude(easy_read="").values_list("pk", "easy_read"))
    if not meeting.easy_read_intro.strip() and not any(t.strip() for t in drafts.values()):
        raise EasyReadError(_("Skriv en indledning eller en tekst til mindst ét punkt, før "
                              "du offentliggør."))
    # The public page and the poster show this copy, not the draft "Gem" keeps changing.
    copy = {
        "intro": meeting.easy_read_intro,
        "items": {str(pk): text for pk, text in drafts.items()},
    }
    # Personal data stops publication (guard.PublicationBlocked rolls the save back too; the
    # editor shows the typed text again).
    labels = dict(open_items(meeting).values_list("pk", "number"))
    guarding.check([(_("Indledning"), meeting.easy_read_intro), *[
        (_("Punkt %(n)s, lettilgængelig tekst") % {"n": labels.get(pk) or ""}, text)
        for pk, text in drafts.items()]], council=meeting.council)
    # The row is locked: a double submit finds this very copy published and is refused, so
    # the publication time does not move without a change.
    if meeting.easy_read_published_at is not None and meeting.easy_read_published == copy:
        raise EasyReadError(_("Den lettilgængelige udgave er allerede offentliggjort uden "
                              "ændringer."))
    meeting.easy_read_published = copy
    meeting.easy_read_published_at = timezone.now()
    meeting.save(update_fields=["easy_read_published", "easy_read_published_at", "modified"])


def published_version(meeting: Meeting) -> tuple[str, list[tuple[AgendaItem, str]]]:
    """The published intro and the open items with their published text, in agenda order.
    An item closed since publication is left out (open_items)."""
    published = meeting.easy_read_published or {}
    texts = published.get("items") or {}
    items = open_items(meeting).only("id", "number", "title", "is_public", "position")
    return published.get("intro", ""), [
        (item, texts[str(item.pk)]) for item in items
        if str(texts.get(str(item.pk), "")).strip()
    ]


def has_unpublished_changes(meeting: Meeting) -> bool:
    """True when the draft differs from what the public sees."""
    if meeting.easy_read_published_at is None:
        return False
    intro, items = published_version(meeting)
    published = {item.pk: text for item, text in items}
    drafts = dict(open_items(meeting).exclude(easy_read="").values_list("pk", "easy_read"))
    return intro != meeting.easy_read_intro or published != {
        pk: text for pk, text in drafts.items() if text.strip()
    }
