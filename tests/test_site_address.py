"""Links use the address the site is served at: a request to another host or port (e.g.
`make run PORT=8123`) gets e-mail, iCal and feed links with that address; mail built without a
request (the worker, commands) uses SITE_ROOT. Identifiers (iCal UIDs) stay the same."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.test import TestCase
from django.utils import timezone
from icalendar import Calendar

HOST = "udsatteraad.example.org:8123"
ROOT = f"http://{HOST}"
START = dt.datetime(2029, 5, 14, 17, 0)


@pytest.fixture(autouse=True)
def other_host(settings):
    settings.ALLOWED_HOSTS = ["udsatteraad.example.org", "testserver"]


@pytest.fixture
def meeting(world):
    from udsatteraad.meetings.models import AgendaItem, Meeting

    tz = timezone.get_current_timezone()
    m = Meeting.objects.create(council=world.council, title="Ordinært møde", venue=world.cafe,
                               start=START.replace(tzinfo=tz))
    AgendaItem.objects.create(meeting=m, number=1, position=1, title="Godkendelse af dagsorden")
    return m


def publish(client, meeting):
    r = client.post(f"/sekretariat/testraad/moeder/{meeting.pk}/offentliggoer/", HTTP_HOST=HOST)
    assert r.status_code == 302


def test_invitation_links_use_the_request_address(secretary_client, meeting):
    publish(secretary_client, meeting)
    assert len(mail.outbox) == 2
    msg = mail.outbox[0]
    assert f"{ROOT}/raad/testraad/moeder/{meeting.pk}/" in msg.body
    assert f"{ROOT}/mine/moeder/{meeting.pk}/" in msg.body
    assert "127.0.0.1:8000" not in msg.body
    html, _ = msg.alternatives[0]
    assert f'href="{ROOT}/raad/testraad/moeder/{meeting.pk}/"' in html
    (ics,) = [a[1] for a in msg.attachments if a[0].endswith(".ics")]
    (ev,) = Calendar.from_ical(ics).walk("VEVENT")
    assert str(ev["url"]) == f"{ROOT}/raad/testraad/moeder/{meeting.pk}/"
    # The UID identifies the event whichever address it was fetched from.
    assert str(ev["uid"]) == f"meeting-{meeting.pk}@127.0.0.1"


def test_moved_meeting_mail_uses_the_request_address(secretary_client, meeting):
    publish(secretary_client, meeting)
    mail.outbox.clear()
    data = {"kind": "ordinary", "title": meeting.title, "date": "2029-05-22",
            "start_time": "17:00", "venue": meeting.venue_id}
    with TestCase.captureOnCommitCallbacks(execute=True):
        r = secretary_client.post(f"/sekretariat/testraad/moeder/{meeting.pk}/rediger/", data,
                                  HTTP_HOST=HOST)
    assert r.status_code == 302
    assert len(mail.outbox) == 2
    assert f"{ROOT}/mine/moeder/{meeting.pk}/" in mail.outbox[0].body


def test_calendar_feed_links_use_the_request_address(secretary_client, anon, meeting):
    publish(secretary_client, meeting)
    r = anon.get("/raad/testraad/kalender.ics", HTTP_HOST=HOST)
    assert r.status_code == 200
    (ev,) = Calendar.from_ical(r.content).walk("VEVENT")
    assert str(ev["url"]) == f"{ROOT}/raad/testraad/moeder/{meeting.pk}/"


def test_atom_feed_links_use_the_request_address(secretary_client, anon, meeting):
    publish(secretary_client, meeting)
    r = anon.get("/raad/testraad/feed.atom", HTTP_HOST=HOST)
    assert r.status_code == 200
    body = r.content.decode()
    assert f'href="{ROOT}/raad/testraad/moeder/{meeting.pk}/"' in body
    assert f"<uri>{ROOT}/raad/testraad/</uri>" in body


def test_without_a_request_links_use_site_root(settings, meeting):
    """Mail built by the worker or a command: SITE_ROOT (which `make run` sets from PORT)."""
    from udsatteraad.lib import site
    from udsatteraad.meetings.publishing import invitation_messages, invitation_recipients

    settings.SITE_ROOT = "http://127.0.0.1:8123/"
    assert site.root() == "http://127.0.0.1:8123"
    (msg, *_) = invitation_messages(meeting, invitation_recipients(meeting))
    assert f"http://127.0.0.1:8123/mine/moeder/{meeting.pk}/" in msg.body
