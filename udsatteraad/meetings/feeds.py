"""iCalendar: one meeting as an .ics file (the invitation's attachment) and a council's feed.

What the public feed holds (our choice, also shown on the archive page):
- every public meeting (`policy.public`), with a link to its page and the titles of its
  agenda items from the public projection (a closed item is its title only, as on the
  public page);
- planned ordinary meetings that have not yet begun, as "<title> (dagsorden følger)" with
  date, time and place, but no link and no items: their agenda is not public yet. The public
  is entitled to know when the council meets, and the yearly plan is decided in advance;
- cancelled meetings that were public or announced, with STATUS:CANCELLED, so subscribed
  calendars remove them.
Each event's UID is stable per meeting (`meeting-<id>@<host>`), so a calendar that subscribes
updates the event when the plan changes instead of adding a second one; its SEQUENCE
(`Meeting.ical_sequence`) is raised whenever members are mailed a change.

The members' .ics files (the invitation, a moved meeting, a cancellation) are iTIP messages
(RFC 5546): METHOD:REQUEST for the invitation and every later change, METHOD:CANCEL for a
cancellation, with the same UID and a higher SEQUENCE, so a mail client replaces the event in
the member's calendar instead of keeping the old time.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from email.utils import parseaddr
from urllib.parse import urlsplit

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _
from icalendar import Calendar, Event, Timezone, vCalAddress, vText

from udsatteraad.lib import site
from udsatteraad.policy.projection import PublicItem, PublicMeeting, project
from udsatteraad.policy.public import announced_meetings, is_public_meeting

from .models import Meeting

# A meeting without an end time: calendars need one to show a block of time.
DEFAULT_LENGTH = dt.timedelta(hours=2)


def _host() -> str:
    return urlsplit(settings.SITE_ROOT).hostname or "localhost"


def meeting_uid(meeting: Meeting) -> str:
    return f"meeting-{meeting.pk}@{_host()}"


def _item_lines(items: Iterable[PublicItem]) -> list[str]:
    lines = []
    for item in items:
        line = item.label
        if not item.is_public:
            line += " " + _("(lukket punkt)")
        lines.append(line)
    return lines


def meeting_event(meeting: Meeting, projected: PublicMeeting | None = None,
                  *, root: str | None = None) -> Event:
    """The meeting as a VEVENT. Pass its public projection when it is already made; a
    meeting without one (planned, or not public) is announced by date and place only.
    `root` is the site address links start with (default: lib.site.root())."""
    root = (root or site.root()).rstrip("/")
    start = timezone.localtime(meeting.start)
    end = timezone.localtime(meeting.end) if meeting.end else start + DEFAULT_LENGTH
    event = Event()
    event.add("uid", meeting_uid(meeting))
    event.add("sequence", meeting.ical_sequence)
    event.add("dtstamp", timezone.now().astimezone(dt.UTC))
    event.add("last-modified", meeting.modified.astimezone(dt.UTC))
    event.add("dtstart", start)
    event.add("dtend", end)
    place = meeting.place
    if meeting.venue and meeting.venue.address:
        place = f"{place}, {meeting.venue.address}" if place else meeting.venue.address
    if place:
        event.add("location", place)
    council = meeting.council
    lines: list[str] = [council.name]
    if projected is None and is_public_meeting(meeting):
        projected = project([meeting], texts=False).get(meeting.pk)
    if meeting.status == Meeting.Status.CANCELLED:
        event.add("summary", _("Aflyst: %(title)s") % {"title": meeting.title})
        event.add("status", "CANCELLED")
        if projected is not None:
            event.add("url", root + meeting.get_absolute_url())
    elif projected is not None:
        url = root + meeting.get_absolute_url()
        event.add("summary", meeting.title)
        event.add("url", url)
        event.add("status", "CONFIRMED")
        titles = _item_lines(projected.items)
        if titles:
            lines += ["", _("Dagsorden:"), *titles]
        lines += ["", _("Dagsorden og referat: %(url)s") % {"url": url}]
    else:
        event.add("summary", _("%(title)s (dagsorden følger)") % {"title": meeting.title})
        event.add("status", "TENTATIVE")
        lines += ["", _("Dagsordenen offentliggøres før mødet.")]
    event.add("description", "\n".join(lines))
    return event


def _calendar(name: str, method: str = "PUBLISH") -> Calendar:
    cal = Calendar()
    cal.add("prodid", f"-//{settings.SITE_NAME}//{_host()}//DA")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", method)
    cal.add("x-wr-calname", name)
    cal.add("x-wr-timezone", settings.TIME_ZONE)
    return cal


def _to_bytes(cal: Calendar, meetings: list[Meeting]) -> bytes:
    # VTIMEZONE components for the TZIDs used, built from the zoneinfo database and limited
    # to the years the events span (the full history makes every file several kB larger).
    if meetings:
        years = [timezone.localtime(m.start).year for m in meetings]
        cal.add_missing_timezones(first_date=dt.date(min(years) - 1, 1, 1),
                                  last_date=dt.date(max(years) + 2, 1, 1))
    else:
        # RFC 5545 wants at least one component: a calendar with no meetings yet carries
        # the site's time zone, which any later event will use anyway.
        year = timezone.localdate().year
        cal.add_component(Timezone.from_tzid(settings.TIME_ZONE,
                                             first_date=dt.date(year - 1, 1, 1),
                                             last_date=dt.date(year + 2, 1, 1)))
    return cal.to_ical()


def organizer_address(meeting: Meeting) -> str:
    """Who sends the invitation: the council's secretariat, else the site's sender."""
    return meeting.council.contact_email or parseaddr(settings.DEFAULT_FROM_EMAIL)[1]


def meeting_ical(meeting: Meeting, *, method: str = "REQUEST",
                 attendee: str | None = None, root: str | None = None) -> bytes:
    """One meeting as an .ics file attached to a member's e-mail: METHOD:REQUEST for the
    invitation and a change, METHOD:CANCEL for a cancellation (RFC 5546, which wants an
    ORGANIZER and the ATTENDEE the message is for)."""
    cal = _calendar(f"{meeting.council.name}: {meeting.title}", method)
    event = meeting_event(meeting, root=root)
    if method == "CANCEL":
        # A cancelled meeting is CANCELLED whatever its status says at the time of writing.
        event.pop("status", None)
        event.add("status", "CANCELLED")
    organizer = vCalAddress(f"mailto:{organizer_address(meeting)}")
    organizer.params["cn"] = vText(meeting.council.name)
    event.add("organizer", organizer)
    if attendee:
        who = vCalAddress(f"mailto:{attendee}")
        who.params["role"] = vText("REQ-PARTICIPANT")
        who.params["rsvp"] = vText("FALSE")
        event.add("attendee", who)
    cal.add_component(event)
    return _to_bytes(cal, [meeting])


def feed_meetings(council) -> list[Meeting]:
    """The meetings in a council's public feed (see the module docstring)."""
    return list(announced_meetings(council, timezone.now())
                .select_related("venue", "council").order_by("start"))


def council_ical(council, *, root: str | None = None) -> bytes:
    cal = _calendar(council.name)
    meetings = feed_meetings(council)
    projected = project(meetings, texts=False)
    for meeting in meetings:
        cal.add_component(meeting_event(meeting, projected.get(meeting.pk), root=root))
    return _to_bytes(cal, meetings)
