"""The council's iCal feed and a meeting's .ics: public meetings with their agenda titles,
planned ordinary meetings as dates only ("dagsorden følger"), nothing else."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone
from icalendar import Calendar

SECRET = "Hemmelig-sagsfremstilling-Zr4"


def make(world, title, status, days, kind="ordinary", council=None, **extra):
    from udsatteraad.meetings.models import Meeting

    start = (timezone.now() + dt.timedelta(days=days)).replace(second=0, microsecond=0)
    return Meeting.objects.create(council=council or world.council, title=title, status=status,
                                  kind=kind, start=start, **extra)


@pytest.fixture
def meetings(world):
    from udsatteraad.meetings.models import AgendaItem

    published = make(world, "Møde med dagsorden", "agenda_published", 10, location="Byrådssalen")
    AgendaItem.objects.create(meeting=published, number=4, position=1, title="Boligsocial plan",
                              case_presentation="Åben tekst")
    AgendaItem.objects.create(meeting=published, number=5, position=2, title="Enkeltsag",
                              case_presentation=SECRET, is_public=False)
    planned = make(world, "Planlagt ordinært møde", "planned", 60)
    AgendaItem.objects.create(meeting=planned, number=9, position=1, title="Udkast-punkt-Qw9")
    return {
        "published": published,
        "minutes": make(world, "Afholdt møde", "minutes_published", -30),
        "planned": planned,
        "planned_theme": make(world, "Temadag i planlægning", "planned", 40, kind="theme_day"),
        "planned_past": make(world, "Gammelt planlagt møde", "planned", -5),
        "cancelled_early": make(world, "Aflyst før dagsorden", "cancelled", 20),
        "cancelled_late": make(world, "Aflyst efter dagsorden", "cancelled", 25,
                               agenda_published_at=timezone.now()),
        "other": make(world, "Andet råds møde", "agenda_published", 10,
                      council=world.other_council),
    }


def feed(anon, slug="testraad") -> Calendar:
    r = anon.get(f"/raad/{slug}/kalender.ics")
    assert r.status_code == 200
    assert r["Content-Type"] == "text/calendar; charset=utf-8"
    return Calendar.from_ical(r.content)


def events(cal: Calendar) -> dict[str, object]:
    return {str(e["uid"]): e for e in cal.walk("VEVENT")}


def uid(meeting) -> str:
    return f"meeting-{meeting.pk}@127.0.0.1"


def test_feed_holds_public_and_planned_ordinary_meetings(anon, meetings):
    evs = events(feed(anon))
    expected = {uid(meetings[k]) for k in ("published", "minutes", "planned", "cancelled_late",
                                           "cancelled_early")}
    assert set(evs) == expected


def test_announced_planned_meeting_cancelled_reaches_calendars(anon, meetings):
    """A planned ordinary meeting was in the feed (date only); once cancelled the feed says so,
    so calendars that subscribed drop it; still without a link or items."""
    ev = events(feed(anon))[uid(meetings["cancelled_early"])]
    assert str(ev["status"]) == "CANCELLED"
    assert str(ev["summary"]).startswith("Aflyst:")
    assert "url" not in ev


def test_public_meeting_event(anon, meetings):
    m = meetings["published"]
    ev = events(feed(anon))[uid(m)]
    assert str(ev["summary"]) == "Møde med dagsorden"
    assert ev.decoded("dtstart") == m.start
    assert ev.decoded("dtend") == m.start + dt.timedelta(hours=2)
    assert str(ev["location"]) == "Byrådssalen"
    assert str(ev["url"]) == f"http://testserver/raad/testraad/moeder/{m.pk}/"
    description = str(ev["description"])
    assert "Punkt 4: Boligsocial plan" in description
    assert "Punkt 5: Enkeltsag (lukket punkt)" in description
    assert str(ev["status"]) == "CONFIRMED"


def test_planned_meeting_is_date_only(anon, meetings):
    m = meetings["planned"]
    ev = events(feed(anon))[uid(m)]
    assert str(ev["summary"]) == "Planlagt ordinært møde (dagsorden følger)"
    assert ev.decoded("dtstart") == m.start
    assert "url" not in ev
    assert "Udkast-punkt-Qw9" not in str(ev["description"])
    assert str(ev["status"]) == "TENTATIVE"


def test_cancelled_after_publication_is_marked_cancelled(anon, meetings):
    ev = events(feed(anon))[uid(meetings["cancelled_late"])]
    assert str(ev["status"]) == "CANCELLED"
    assert str(ev["summary"]).startswith("Aflyst: ")


def test_feed_never_leaks_closed_or_unpublished_text(anon, meetings):
    body = anon.get("/raad/testraad/kalender.ics").content.decode()
    assert SECRET not in body
    assert "Udkast-punkt-Qw9" not in body
    assert "Andet råds møde" not in body
    assert "BEGIN:VTIMEZONE" in body and "TZID:Europe/Copenhagen" in body


def test_feed_answers(anon, world):
    assert anon.get("/raad/findesikke/kalender.ics").status_code == 404
    world.other_council.is_public = False
    world.other_council.save(update_fields=["is_public"])
    assert anon.get("/raad/andetraad/kalender.ics").status_code == 404
    assert events(feed(anon)) == {}


def test_feed_queries_do_not_grow(anon, world, django_assert_max_num_queries):
    from udsatteraad.meetings.models import AgendaItem

    for n in range(12):
        m = make(world, f"Møde {n}", "minutes_published", -10 * (n + 1), venue=world.cafe)
        AgendaItem.objects.create(meeting=m, number=1, position=1, title="Punkt")
    with django_assert_max_num_queries(4):
        assert len(events(feed(anon))) == 12


def test_meeting_ical_uid_is_stable(meetings):
    from udsatteraad.meetings.feeds import meeting_ical

    m = meetings["published"]
    first = Calendar.from_ical(meeting_ical(m))
    m.title = "Nyt navn"
    m.save(update_fields=["title"])
    second = Calendar.from_ical(meeting_ical(m))
    (a,), (b,) = first.walk("VEVENT"), second.walk("VEVENT")
    assert a["uid"] == b["uid"] == uid(m)
    assert str(b["summary"]) == "Nyt navn"
