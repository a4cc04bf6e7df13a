"""Writes for the easy-read version of a meeting (keyword-only, atomic)."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from udsatteraad.councils.models import Council
from udsatteraad.meetings import guarding
from udsatteraad.meetings.models import AgendaItem, Meeting

from .lix import analyse
from .models import Publication, settings_for


class EasyReadError(Exception):
    """A refused easy-read change; the message is Danish and meant for the user."""


class ReasonRequired(EasyReadError):
    """A section is above the council's LIX target and no reason was given."""

    def __init__(self, message: str, over: list[tuple[str, int]]) -> None:
        super().__init__(message)
        self.over = over


@dataclass(frozen=True)
class PublishedItem:
    item: AgendaItem
    title: str  # the plain-language heading, or the agenda's title
    text: str


def open_items(meeting: Meeting):
    """The items an easy-read version may cover: open items only, in agenda order."""
    return meeting.items.filter(is_public=True).order_by("position", "number", "id")


def published_without_easy_read(council: Council) -> QuerySet[Meeting]:
    """The council's meetings with published minutes and no published easy-read version yet,
    newest first: the secretariat's task list shows them."""
    return (
        Meeting.objects.filter(council=council, status=Meeting.Status.MINUTES_PUBLISHED,
                               easy_read_published_at__isnull=True)
        .order_by("-start")
    )


def section_label(item: AgendaItem) -> str:
    return _("Punkt %(number)s") % {"number": item.number}


def over_target(sections: list[tuple[str, str]], target: int) -> list[tuple[str, int]]:
    """(label, rounded LIX) of the sections whose score is not under the target."""
    over = []
    for label, text in sections:
        score = analyse(text).rounded
        if score is not None and score >= target:
            over.append((label, score))
    return over


@transaction.atomic
def save_easy_read(*, meeting: Meeting, intro: str, texts: dict[int, str],
                   titles: dict[int, str] | None = None) -> None:
    """Save the intro and the easy-read text and heading of the meeting's open items (by item
    pk). Closed items are never written, whatever the caller sends. The item's `revision`
    (the lock for concurrent minutes edits) is left alone: easy-read text is not minutes
    text."""
    titles = titles or {}
    if not meeting.has_public_minutes:
        raise EasyReadError(_("Referatet er ikke offentliggjort endnu."))
    if meeting.easy_read_intro != intro:
        meeting.easy_read_intro = intro
        meeting.save(update_fields=["easy_read_intro", "modified"])
    items: list[AgendaItem] = list(
        open_items(meeting).filter(pk__in=[*texts, *titles]).select_for_update()
    )
    for item in items:
        fields = []
        if item.pk in texts and item.easy_read != texts[item.pk]:
            item.easy_read = texts[item.pk]
            fields.append("easy_read")
        if item.pk in titles and item.easy_read_title != titles[item.pk].strip():
            item.easy_read_title = titles[item.pk].strip()
            fields.append("easy_read_title")
        if fields:
            item.save(update_fields=[*fields, "modified"])


def _draft(meeting: Meeting) -> tuple[dict[int, str], dict[int, str], dict[int, int]]:
    """(texts, titles, numbers) of the open items with easy-read text, by pk."""
    rows = open_items(meeting).exclude(easy_read="").values_list(
        "pk", "easy_read", "easy_read_title", "number")
    texts = {pk: text for pk, text, _t, _n in rows if text.strip()}
    titles = {pk: title for pk, text, title, _n in rows if text.strip() and title}
    numbers = {pk: number for pk, _x, _t, number in rows}
    return texts, titles, numbers


@transaction.atomic
def publish_easy_read(*, meeting: Meeting, intro: str, texts: dict[int, str],
                      titles: dict[int, str] | None = None, reason: str = "",
                      user=None) -> Publication:
    """Save, then show the easy-read version on the public site (and as a poster). Publishing
    again after changes moves the publication time on. A section at or above the council's
    LIX target needs a reason, which is kept with the publication."""
    save_easy_read(meeting=meeting, intro=intro, texts=texts, titles=titles)
    meeting = Meeting.objects.select_for_update().select_related("council").get(pk=meeting.pk)
    drafts, draft_titles, numbers = _draft(meeting)
    if not meeting.easy_read_intro.strip() and not drafts:
        raise EasyReadError(_("Skriv en indledning eller en tekst til mindst ét punkt, før "
                              "du offentliggør."))
    number_label = {pk: _("Punkt %(number)s") % {"number": n} for pk, n in numbers.items()}
    # Personal data must not reach the public page or the poster (guard.PublicationBlocked
    # rolls the save back too; the editor shows the typed text again). Accepted false hits of
    # the council pass.
    guarding.check(
        [(_("Indledning"), meeting.easy_read_intro)]
        + [(_("%(item)s, overskrift") % {"item": number_label[pk]}, t)
           for pk, t in draft_titles.items()]
        + [(_("%(item)s, lettilgængelig tekst") % {"item": number_label[pk]}, t)
           for pk, t in drafts.items()],
        council=meeting.council,
    )
    target = settings_for(meeting.council).lix_target
    sections = [(_("Indledning"), meeting.easy_read_intro)] + [
        (number_label[pk], t) for pk, t in drafts.items()]
    over = over_target(sections, target)
    reason = reason.strip()
    if over and not reason:
        listed = ", ".join(f"{label} (LIX {score})" for label, score in over)
        raise ReasonRequired(
            _("Rådets mål er en LIX under %(target)s. Disse afsnit er over: %(sections)s. "
              "Gør teksten lettere, eller skriv kort hvorfor den ikke kan være lettere.")
            % {"target": target, "sections": listed}, over)
    # The public page and the poster show this copy, not the draft "Gem" keeps changing.
    copy = {
        "intro": meeting.easy_read_intro,
        "items": {str(pk): text for pk, text in drafts.items()},
        "titles": {str(pk): title for pk, title in draft_titles.items()},
    }
    # The row is locked: a double submit finds this very copy published and is refused, so
    # the publication time does not move without a change.
    if meeting.easy_read_published_at is not None and meeting.easy_read_published == copy:
        raise EasyReadError(_("Den lettilgængelige udgave er allerede offentliggjort uden "
                              "ændringer."))
    now = timezone.now()
    meeting.easy_read_published = copy
    meeting.easy_read_published_at = now
    meeting.save(update_fields=["easy_read_published", "easy_read_published_at", "modified"])
    scores = [s for s in (analyse(t).rounded for _label, t in sections) if s is not None]
    return Publication.objects.create(
        meeting=meeting, published_at=now, published_by=user, lix_target=target,
        highest_lix=max(scores) if scores else None, reason=reason if over else "",
    )


def published_version(meeting: Meeting) -> tuple[str, list[PublishedItem]]:
    """The published intro and the open items with their published heading and text, in
    agenda order. An item closed since publication is left out (open_items)."""
    published = meeting.easy_read_published or {}
    texts = published.get("items") or {}
    titles = published.get("titles") or {}
    items = open_items(meeting).only("id", "number", "title", "is_public", "position")
    return published.get("intro", ""), [
        PublishedItem(item, titles.get(str(item.pk)) or item.title, texts[str(item.pk)])
        for item in items if str(texts.get(str(item.pk), "")).strip()
    ]


def has_unpublished_changes(meeting: Meeting) -> bool:
    """True when the draft differs from what the public sees."""
    if meeting.easy_read_published_at is None:
        return False
    published = meeting.easy_read_published or {}
    drafts, titles, _numbers = _draft(meeting)
    items = {int(pk): text for pk, text in (published.get("items") or {}).items()}
    shown = {int(pk): t for pk, t in (published.get("titles") or {}).items()}
    return (published.get("intro", "") != meeting.easy_read_intro or items != drafts
            or shown != titles)
