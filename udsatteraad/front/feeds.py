"""RSS and Atom feeds of what councils publish: new agendas, published minutes and
corrections to published minutes. One feed per council (/raad/<slug>/feed.rss|atom) and one
for all councils (/feed.rss|atom).

Entries carry the meeting's title, date and council and, for a correction, the note saying
what was corrected (the public meeting page shows it too); never an item's text, so closed
items cannot leak. What is public comes from `udsatteraad.policy.public`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from udsatteraad.councils.models import Council
from udsatteraad.lib import site
from udsatteraad.meetings.models import Meeting, MinutesVersion
from udsatteraad.policy.access import access_public_council
from udsatteraad.policy.public import (
    public_hearings,
    public_meetings,
    public_minutes_versions,
)

FEED_LENGTH = 50


@dataclass
class Event:
    kind: str  # "agenda", "minutes", "correction", "cancelled" or "hearing"
    meeting: Meeting | None
    when: dt.datetime
    version: MinutesVersion | None = None
    hearing: Any = None  # a published hearing response or statement (kind "hearing")

    @property
    def council(self) -> Council:
        return self.hearing.council if self.meeting is None else self.meeting.council


def events(council: Council | None = None, limit: int = FEED_LENGTH) -> list[Event]:
    """The newest publications, newest first: three queries."""
    meetings = public_meetings().select_related("council")
    versions = public_minutes_versions().filter(number__gt=1).select_related("meeting__council")
    if council is not None:
        meetings = meetings.filter(council=council)
        versions = versions.filter(meeting__council=council)
    # `or m.created` never applies (the filters exclude empty dates); it keeps types honest.
    found = [
        Event("agenda", m, m.agenda_published_at or m.created)
        for m in meetings.filter(agenda_published_at__isnull=False)
        .order_by("-agenda_published_at")[:limit]
    ]
    found += [
        Event("minutes", m, m.minutes_published_at or m.created)
        for m in meetings.filter(status=Meeting.Status.MINUTES_PUBLISHED,
                                 minutes_published_at__isnull=False)
        .order_by("-minutes_published_at")[:limit]
    ]
    found += [
        Event("correction", v.meeting, v.published_at, v)
        for v in versions.order_by("-published_at")[:limit]
    ]
    found += [
        Event("cancelled", m, m.cancelled_at or m.modified)
        for m in meetings.filter(status=Meeting.Status.CANCELLED, cancelled_at__isnull=False)
        .order_by("-cancelled_at")[:limit]
    ]
    hearings = public_hearings().select_related("council")
    if council is not None:
        hearings = hearings.filter(council=council)
    found += [
        Event("hearing", None, h.published_at or h.created, hearing=h)
        for h in hearings.order_by("-published_at")[:limit]
    ]
    found.sort(key=lambda e: (e.when, e.kind, (e.meeting or e.hearing).pk), reverse=True)
    return found[:limit]


def _meeting_date(meeting: Meeting) -> str:
    return date_format(timezone.localtime(meeting.start), "j. F Y")


def _anchor(event: Event) -> str:
    if event.version is not None:
        return f"rettelse-{event.version.number}"
    return {"agenda": "dagsorden", "minutes": "referat", "cancelled": "aflyst"}[event.kind]


class PublicationsFeed(Feed):
    """The entries; subclasses say which council(s) and how the feed is titled."""

    item_guid_is_permalink = False

    def item_title(self, event: Event) -> str:
        if event.meeting is None:
            h = event.hearing
            text = _("Udtalelse: %(title)s") if h.is_statement else _("Høringssvar: %(title)s")
            return text % {"title": h.title}
        meeting = event.meeting
        if event.kind == "agenda":
            text = _("Dagsorden: %(title)s, %(date)s")
        elif event.kind == "minutes":
            text = _("Referat: %(title)s, %(date)s")
        elif event.kind == "cancelled":
            text = _("Aflyst: %(title)s, %(date)s")
        else:
            text = _("Rettet referat: %(title)s, %(date)s")
        return text % {"title": meeting.title, "date": _meeting_date(meeting)}

    def item_description(self, event: Event) -> str:
        if event.meeting is None:
            h = event.hearing
            values = {"council": h.council.name, "to": h.recipient or "–"}
            if h.is_statement:
                return _("%(council)s har offentliggjort en udtalelse til %(to)s.") % values
            return _("%(council)s har offentliggjort sit høringssvar til %(to)s.") % values
        values = {"council": event.meeting.council.name, "date": _meeting_date(event.meeting)}
        if event.kind == "agenda":
            return _("%(council)s har offentliggjort dagsordenen til mødet den %(date)s.") % values
        if event.kind == "cancelled":
            return _("%(council)s har aflyst mødet den %(date)s.") % values
        if event.version is None:
            return _("%(council)s har offentliggjort referatet af mødet den %(date)s.") % values
        values["number"] = str(event.version.number)
        text = _("%(council)s har rettet referatet af mødet den %(date)s (version %(number)s).")
        note = event.version.change_note.strip()
        return f"{text % values} {_('Rettet:')} {note}" if note else text % values

    def item_link(self, event: Event) -> str:
        if event.meeting is None:
            return reverse("hearings:public-detail", args=[event.council.slug, event.hearing.pk])
        url = reverse("front:meeting", args=[event.meeting.council.slug, event.meeting.pk])
        return f"{url}#{_anchor(event)}" if event.version is not None else url

    def item_guid(self, event: Event) -> str:
        # An identifier, not a link: the same whichever address the feed is read at.
        root = settings.SITE_ROOT.rstrip("/")
        if event.meeting is None:
            return root + self.item_link(event)
        meeting = event.meeting
        path = reverse("front:meeting", args=[meeting.council.slug, meeting.pk])
        return f"{root}{path}#{_anchor(event)}"

    def item_pubdate(self, event: Event) -> dt.datetime:
        return event.when

    def item_updateddate(self, event: Event) -> dt.datetime:
        return event.when

    def item_categories(self, event: Event) -> list[str]:
        return [event.council.name]

    # RFC 4287: every Atom entry has an author; the council is the one that published.
    def item_author_name(self, event: Event) -> str:
        return event.council.name

    def item_author_link(self, event: Event) -> str:
        return f"{site.root()}/raad/{event.council.slug}/"


class AllCouncilsFeed(PublicationsFeed):
    def author_name(self) -> str:
        return settings.SITE_NAME

    def title(self) -> str:
        return _("%(site)s: nye dagsordener og referater") % {"site": settings.SITE_NAME}

    def link(self) -> str:
        return reverse("front:councils")

    def description(self) -> str:
        return _("Nye dagsordener, referater og rettelser til referater fra alle udsatteråd.")

    def items(self) -> list[Event]:
        return events()


class AllCouncilsAtomFeed(AllCouncilsFeed):
    feed_type = Atom1Feed

    def subtitle(self) -> str:
        return self.description()


class CouncilFeed(PublicationsFeed):
    def get_object(self, request, slug: str) -> Council:
        return access_public_council(slug)

    def author_name(self, council: Council) -> str:
        return council.name

    def title(self, council: Council) -> str:
        return _("%(council)s: nye dagsordener og referater") % {"council": council.name}

    def link(self, council: Council) -> str:
        return reverse("front:council", args=[council.slug])

    def description(self, council: Council) -> str:
        return _("Nye dagsordener, referater og rettelser til referater fra %(council)s.") % {
            "council": council.name}

    def items(self, council: Council) -> list[Event]:
        return events(council)


class CouncilAtomFeed(CouncilFeed):
    feed_type = Atom1Feed

    def subtitle(self, council: Council) -> str:
        return self.description(council)
