"""Publishing the agenda: the secretariat confirms, the meeting becomes public, and each
current member gets one invitation with the agenda link and an .ics file."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.messages import get_messages
from django.core import mail
from django.utils import timezone
from icalendar import Calendar

START = dt.datetime(2029, 5, 14, 17, 0)  # within the test term (2026-2029)


@pytest.fixture
def meeting(world):
    from udsatteraad.meetings.models import AgendaItem, Meeting

    m = Meeting.objects.create(
        council=world.council, title="Ordinært møde", venue=world.cafe,
        location="Mødelokale 2",
        start=START.replace(tzinfo=timezone.get_current_timezone()),
        end=START.replace(hour=19, tzinfo=timezone.get_current_timezone()),
    )
    AgendaItem.objects.create(meeting=m, number=1, position=1, title="Godkendelse af dagsorden")
    AgendaItem.objects.create(meeting=m, number=2, position=2, title="Sag om en borger",
                              is_public=False)
    return m


def url(meeting) -> str:
    return f"/sekretariat/testraad/moeder/{meeting.pk}/offentliggoer/"


def test_confirm_page_shows_what_will_be_sent(secretary_client, meeting, world):
    from udsatteraad.councils.models import Membership, Person

    nomail = Person.objects.create(name="Karla Eksempelsen")
    Membership.objects.create(council=world.council, person=nomail,
                              seat_group=world.user_group, term=world.term,
                              start=world.term.start)
    r = secretary_client.get(url(meeting))
    assert r.status_code == 200
    html = r.content.decode()
    assert "<h1>Offentliggør dagsorden</h1>" in html
    assert "sendes til 2 medlemmer" in html
    assert "Formand Frida Fiktiv" in html and "Medlem Mads Påhit" in html
    assert "Medlemmer uden e-mail" in html and "Karla Eksempelsen" in html
    assert "1 lukket punkt vises kun med titel" in html
    assert "csrfmiddlewaretoken" in html
    assert "medlem@testregion.example" not in html  # no contact data needed here
    assert len(mail.outbox) == 0


def test_publish_sends_one_invitation_per_member_with_ics(secretary_client, meeting, world):
    r = secretary_client.post(url(meeting))
    assert r.status_code == 302
    assert r["Location"] == f"/sekretariat/testraad/moeder/{meeting.pk}/"
    notes = [str(m) for m in get_messages(r.wsgi_request)]
    assert notes == ["Dagsordenen er offentliggjort, og indkaldelsen er sendt til 2 medlemmer."]
    meeting.refresh_from_db()
    assert meeting.status == "agenda_published"
    assert meeting.agenda_published_at is not None
    assert sorted(m.to[0] for m in mail.outbox) == ["formand@testregion.example",
                                                    "medlem@testregion.example"]
    assert all(len(m.to) == 1 for m in mail.outbox)
    msg = mail.outbox[0]
    assert "Indkaldelse: Udsatterådet i Testregion, møde 14. maj 2029" == msg.subject
    # Links use the address the request came to (the test client's "testserver").
    assert f"http://testserver/raad/testraad/moeder/{meeting.pk}/" in msg.body
    assert f"http://testserver/mine/moeder/{meeting.pk}/" in msg.body
    assert "Punkt 2: Sag om en borger (lukket punkt)" in msg.body
    html, mimetype = msg.alternatives[0]
    assert mimetype == "text/html" and f"/raad/testraad/moeder/{meeting.pk}/" in html
    (name, content, ctype), = msg.attachments
    assert name == "moede-2029-05-14.ics"
    assert ctype.startswith("text/calendar")
    cal = Calendar.from_ical(content)
    (event,) = cal.walk("VEVENT")
    assert event.decoded("dtstart") == meeting.start
    assert event.decoded("dtend") == meeting.end
    assert str(event["uid"]) == f"meeting-{meeting.pk}@127.0.0.1"
    assert str(event["location"]) == "Mødelokale 2, Café Test"
    assert "Punkt 1: Godkendelse af dagsorden" in str(event["description"])
    assert cal.walk("VTIMEZONE")


def test_published_meeting_is_public(secretary_client, anon, meeting):
    assert anon.get(f"/raad/testraad/moeder/{meeting.pk}/").status_code == 404
    secretary_client.post(url(meeting))
    assert anon.get(f"/raad/testraad/moeder/{meeting.pk}/").status_code == 200


def test_cannot_publish_twice(secretary_client, meeting):
    secretary_client.post(url(meeting))
    mail.outbox.clear()
    r = secretary_client.post(url(meeting))
    assert r.status_code == 400
    assert "Dagsordenen er allerede offentliggjort." in r.content.decode()
    assert mail.outbox == []
    r = secretary_client.get(url(meeting))
    assert "Dagsordenen er allerede offentliggjort." in r.content.decode()
    assert "Offentliggør og send indkaldelse" not in r.content.decode()


def test_cannot_publish_without_items(secretary_client, meeting):
    meeting.items.all().delete()
    r = secretary_client.post(url(meeting))
    assert r.status_code == 400
    assert "Dagsordenen har ingen punkter" in r.content.decode()
    meeting.refresh_from_db()
    assert meeting.status == "planned" and meeting.agenda_published_at is None
    assert mail.outbox == []


def test_cannot_publish_cancelled_meeting(meeting, world):
    from udsatteraad.meetings.publishing import PublishRefused, publish_agenda

    meeting.status = "cancelled"
    meeting.save(update_fields=["status"])
    with pytest.raises(PublishRefused, match="aflyst"):
        publish_agenda(meeting=meeting, user=world.secretary)
    assert mail.outbox == []


def test_only_members_on_the_meeting_day_are_invited(meeting, world):
    from udsatteraad.meetings.publishing import publish_agenda

    world.member_membership.end = dt.date(2029, 5, 1)
    world.member_membership.save(update_fields=["end"])
    result = publish_agenda(meeting=meeting, user=world.secretary)
    assert result.sent == 1
    assert [m.to for m in mail.outbox] == [["formand@testregion.example"]]


@pytest.mark.parametrize("persona", ["chair_client", "member_client", "other_secretary_client"])
def test_publish_page_is_for_the_councils_secretariat(request, persona, meeting):
    client = request.getfixturevalue(persona)
    assert client.get(url(meeting)).status_code == 403
    assert client.post(url(meeting)).status_code == 403
    meeting.refresh_from_db()
    assert meeting.status == "planned"
    assert mail.outbox == []


def test_publish_page_access_answers(anon, other_secretary_client, admin_client_2fa, meeting):
    r = anon.get(url(meeting))
    assert r.status_code == 302 and r["Location"].startswith("/konto/log-ind/?next=")
    # Another council's secretary, through their own council's URL: not found.
    path = f"/sekretariat/andetraad/moeder/{meeting.pk}/offentliggoer/"
    assert other_secretary_client.get(path).status_code == 404
    assert admin_client_2fa.get(url(meeting)).status_code == 200
    assert admin_client_2fa.get("/sekretariat/testraad/moeder/999999/offentliggoer/"
                                ).status_code == 404


def test_mail_failure_after_publishing_is_reported(secretary_client, meeting, monkeypatch):
    from django.core.mail.backends.locmem import EmailBackend

    def broken(self, messages):
        raise ConnectionRefusedError("smtp down")

    monkeypatch.setattr(EmailBackend, "send_messages", broken)
    r = secretary_client.post(url(meeting))
    assert r.status_code == 302
    notes = [str(m) for m in get_messages(r.wsgi_request)]
    assert any("indkaldelsen kunne ikke sendes" in n for n in notes)
    meeting.refresh_from_db()
    assert meeting.status == "agenda_published"
