"""Changes reach the members' calendars: moving a meeting they were invited to mails an
updated invitation (METHOD:REQUEST, same UID, SEQUENCE raised), cancelling it mails a
cancellation (METHOD:CANCEL, STATUS:CANCELLED); the public feed carries the SEQUENCE too.
Every .ics is read by two independent parsers, icalendar and vobject."""

from __future__ import annotations

import datetime as dt

import pytest
import vobject
from django.core import mail
from django.test import TestCase
from django.utils import timezone
from icalendar import Calendar

START = dt.datetime(2029, 5, 14, 17, 0)  # a Monday within the test term (2026-2029)
MEMBERS = ["formand@testregion.example", "medlem@testregion.example"]


def committed():
    """The calendar mail is queued after the commit: run those callbacks when the request
    is done, as a real commit would."""
    return TestCase.captureOnCommitCallbacks(execute=True)


@pytest.fixture
def meeting(world):
    from udsatteraad.meetings.models import AgendaItem, Meeting

    tz = timezone.get_current_timezone()
    m = Meeting.objects.create(
        council=world.council, title="Ordinært møde", venue=world.cafe, location="Lokale 2",
        start=START.replace(tzinfo=tz), end=START.replace(hour=19, tzinfo=tz),
    )
    AgendaItem.objects.create(meeting=m, number=1, position=1, title="Godkendelse af dagsorden")
    return m


def publish(client, meeting):
    r = client.post(f"/sekretariat/testraad/moeder/{meeting.pk}/offentliggoer/")
    assert r.status_code == 302


def edit(client, meeting, **changes):
    data = {"kind": "ordinary", "title": meeting.title, "date": "2029-05-14",
            "start_time": "17:00", "end_time": "19:00", "venue": meeting.venue_id or "",
            "location": meeting.location, "description": ""} | changes
    with committed():
        r = client.post(f"/sekretariat/testraad/moeder/{meeting.pk}/rediger/", data)
    assert r.status_code == 302, r.content.decode()[:2000]


def cancel(client, meeting):
    with committed():
        r = client.post(f"/sekretariat/testraad/moeder/{meeting.pk}/aflys/")
    assert r.status_code == 302


def ics_of(message) -> bytes:
    (attachment,) = [a for a in message.attachments if a[0].endswith(".ics")]
    name, content, mimetype = attachment
    assert mimetype.startswith("text/calendar")
    return content if isinstance(content, bytes) else content.encode()


def both(ics: bytes) -> tuple[Calendar, object]:
    """The file as icalendar and as vobject read it; each must find one event."""
    a = Calendar.from_ical(ics)
    b = vobject.readOne(ics.decode())
    assert len(a.walk("VEVENT")) == 1
    assert len(b.vevent_list) == 1
    return a, b


def summary(ics: bytes) -> dict:
    """What both parsers agree the file says (asserting they agree)."""
    a, b = both(ics)
    (ev,) = a.walk("VEVENT")
    vev = b.vevent
    facts = {
        "method": str(a["method"]),
        "uid": str(ev["uid"]),
        "sequence": int(ev["sequence"]),
        "start": ev.decoded("dtstart"),
        "status": str(ev.get("status", "")),
        "attendee": str(ev.get("attendee", "")).lower(),
        "organizer": str(ev.get("organizer", "")).lower(),
    }
    assert b.method.value == facts["method"]
    assert vev.uid.value == facts["uid"]
    assert int(vev.sequence.value) == facts["sequence"]
    assert vev.dtstart.value == facts["start"]
    assert (vev.status.value if hasattr(vev, "status") else "") == facts["status"]
    return facts


def test_invitation_is_a_request_with_sequence_zero(secretary_client, meeting):
    publish(secretary_client, meeting)
    assert sorted(m.to[0] for m in mail.outbox) == MEMBERS
    for message in mail.outbox:
        facts = summary(ics_of(message))
        assert facts["method"] == "REQUEST"
        assert facts["sequence"] == 0
        assert facts["uid"] == f"meeting-{meeting.pk}@127.0.0.1"
        # RFC 5546: a REQUEST names its organiser and the attendee it is for.
        assert facts["attendee"] == f"mailto:{message.to[0]}"
        assert facts["organizer"].startswith("mailto:")


def test_moving_a_published_meeting_mails_an_update(secretary_client, meeting):
    publish(secretary_client, meeting)
    first = summary(ics_of(mail.outbox[0]))
    mail.outbox.clear()

    edit(secretary_client, meeting, date="2029-05-22", start_time="16:30")

    assert sorted(m.to[0] for m in mail.outbox) == MEMBERS
    message = mail.outbox[0]
    assert "flyttet" in message.subject
    assert "22. maj 2029" in message.subject
    assert "kl. 16.30" in message.body
    facts = summary(ics_of(message))
    assert facts["method"] == "REQUEST"
    assert facts["uid"] == first["uid"]
    assert facts["sequence"] == 1 > first["sequence"]
    tz = timezone.get_current_timezone()
    assert facts["start"] == dt.datetime(2029, 5, 22, 16, 30, tzinfo=tz)
    meeting.refresh_from_db()
    assert meeting.ical_sequence == 1

    # A second move raises it again.
    mail.outbox.clear()
    edit(secretary_client, meeting, date="2029-05-22", start_time="17:00",
         location="Byrådssalen")
    assert summary(ics_of(mail.outbox[0]))["sequence"] == 2


def test_an_edit_that_does_not_touch_the_calendar_sends_nothing(secretary_client, meeting):
    publish(secretary_client, meeting)
    mail.outbox.clear()
    edit(secretary_client, meeting, description="Husk kaffe")
    assert mail.outbox == []
    meeting.refresh_from_db()
    assert meeting.ical_sequence == 0


def test_moving_a_meeting_nobody_was_invited_to_sends_nothing(secretary_client, meeting):
    edit(secretary_client, meeting, date="2029-05-22")
    assert mail.outbox == []
    meeting.refresh_from_db()
    assert meeting.ical_sequence == 0
    assert timezone.localtime(meeting.start).date() == dt.date(2029, 5, 22)


def test_cancelling_a_published_meeting_mails_a_cancellation(secretary_client, meeting):
    publish(secretary_client, meeting)
    edit(secretary_client, meeting, date="2029-05-22")
    mail.outbox.clear()

    cancel(secretary_client, meeting)

    assert sorted(m.to[0] for m in mail.outbox) == MEMBERS
    message = mail.outbox[0]
    assert message.subject.startswith("Aflyst:")
    assert "er aflyst" in message.body
    facts = summary(ics_of(message))
    assert facts["method"] == "CANCEL"
    assert facts["status"] == "CANCELLED"
    assert facts["uid"] == f"meeting-{meeting.pk}@127.0.0.1"
    assert facts["sequence"] == 2


def test_cancelling_a_planned_meeting_sends_nothing(secretary_client, meeting):
    cancel(secretary_client, meeting)
    meeting.refresh_from_db()
    assert meeting.status == "cancelled"
    assert mail.outbox == []


def test_feed_events_carry_the_sequence(secretary_client, anon, meeting):
    publish(secretary_client, meeting)
    edit(secretary_client, meeting, date="2029-05-22")
    r = anon.get("/raad/testraad/kalender.ics")
    assert r.status_code == 200
    a = Calendar.from_ical(r.content)
    b = vobject.readOne(r.content.decode())
    uid = f"meeting-{meeting.pk}@127.0.0.1"
    (ev,) = [e for e in a.walk("VEVENT") if str(e["uid"]) == uid]
    (vev,) = [e for e in b.vevent_list if e.uid.value == uid]
    assert int(ev["sequence"]) == int(vev.sequence.value) == 1
    assert str(a["method"]) == b.method.value == "PUBLISH"


def test_correcting_a_held_meeting_mails_nobody(secretary_client, world):
    from udsatteraad.meetings.models import Meeting

    tz = timezone.get_current_timezone()
    held = Meeting.objects.create(
        council=world.council, title="Afholdt møde", status="held",
        start=dt.datetime(2026, 3, 9, 17, 0, tzinfo=tz), agenda_published_at=timezone.now(),
    )
    data = {"kind": "ordinary", "title": held.title, "date": "2026-03-09",
            "start_time": "17:30", "location": "", "description": "", "confirm": "on"}
    with committed():
        r = secretary_client.post(f"/sekretariat/testraad/moeder/{held.pk}/rediger/", data)
    assert r.status_code == 302, r.content.decode()[:2000]
    held.refresh_from_db()
    assert timezone.localtime(held.start).time() == dt.time(17, 30)
    assert held.ical_sequence == 0
    assert mail.outbox == []
