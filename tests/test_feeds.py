"""RSS and Atom feeds of new agendas, published minutes and corrections, per council and
for all councils."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest

from udsatteraad.oparl.testing import SECRETS, build_meetings

ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture
def meetings(world):
    return build_meetings(world)


def rss_items(response) -> list[dict]:
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/rss+xml")
    channel = ET.fromstring(response.content).find("channel")
    return [{child.tag: child.text for child in item} for item in channel.findall("item")]


def atom_entries(response) -> list[dict]:
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = ET.fromstring(response.content)
    assert feed.tag == f"{ATOM}feed"
    return [{
        "title": e.findtext(f"{ATOM}title"),
        "link": e.find(f"{ATOM}link").get("href"),
        "id": e.findtext(f"{ATOM}id"),
        "updated": e.findtext(f"{ATOM}updated"),
        "summary": e.findtext(f"{ATOM}summary"),
    } for e in feed.findall(f"{ATOM}entry")]


def test_council_rss(meetings, anon):
    response = anon.get("/raad/testraad/feed.rss")
    items = rss_items(response)
    page = "http://testserver/raad/testraad/moeder/"
    # Newest first: an agenda (now), a correction (yesterday), a cancellation (two days ago)
    # and that meeting's agenda (three days ago), minutes (a month ago) and the agenda of the
    # same meeting (two months ago).
    assert [(i["title"].split(":")[0], i["link"]) for i in items] == [
        ("Dagsorden", f"{page}{meetings.agenda.pk}/"),
        ("Rettet referat", f"{page}{meetings.minutes.pk}/#rettelse-2"),
        ("Aflyst", f"{page}{meetings.cancelled.pk}/"),
        ("Dagsorden", f"{page}{meetings.cancelled.pk}/"),
        ("Referat", f"{page}{meetings.minutes.pk}/"),
        ("Dagsorden", f"{page}{meetings.minutes.pk}/"),
    ]
    assert "Beslutningen i punkt 16 er rettet." in items[1]["description"]
    assert "har aflyst mødet" in items[2]["description"]
    assert "10. marts 2026" in items[0]["title"]
    assert len({i["guid"] for i in items}) == 6
    channel = ET.fromstring(response.content).find("channel")
    assert "Udsatterådet i Testregion" in channel.findtext("title")
    assert channel.findtext("link") == "http://testserver/raad/testraad/"


def test_council_atom(meetings, anon):
    entries = atom_entries(anon.get("/raad/testraad/feed.atom"))
    assert [e["link"] for e in entries] == [
        f"http://testserver/raad/testraad/moeder/{meetings.agenda.pk}/",
        f"http://testserver/raad/testraad/moeder/{meetings.minutes.pk}/#rettelse-2",
        f"http://testserver/raad/testraad/moeder/{meetings.cancelled.pk}/",
        f"http://testserver/raad/testraad/moeder/{meetings.cancelled.pk}/",
        f"http://testserver/raad/testraad/moeder/{meetings.minutes.pk}/",
        f"http://testserver/raad/testraad/moeder/{meetings.minutes.pk}/",
    ]
    assert all(e["updated"] and e["id"] for e in entries)
    assert "dagsordenen" in entries[0]["summary"]


@pytest.mark.parametrize("path", ["/feed.rss", "/feed.atom"])
def test_global_feeds_cover_public_councils_only(meetings, anon, path):
    response = anon.get(path)
    text = response.content.decode()
    entries = atom_entries(response) if path.endswith("atom") else rss_items(response)
    assert len(entries) == 7  # testraad's six and Testkommune's agenda
    assert "Møde i Testkommune" in text
    for secret in SECRETS:
        assert secret not in text, secret
    assert "Lukket punkt" not in text and "Strategi for hjemløshed" not in text


@pytest.mark.parametrize("path", ["/raad/skjult/feed.rss", "/raad/findes-ikke/feed.atom"])
def test_non_public_council_has_no_feed(meetings, anon, path):
    assert anon.get(path).status_code == 404


def test_empty_council_feed_is_valid(world, anon):
    assert rss_items(anon.get("/raad/andetraad/feed.rss")) == []


def test_feed_queries_bounded(meetings, anon, django_assert_max_num_queries):
    # Agendas, minutes, corrections, cancellations, hearing responses: one query each.
    with django_assert_max_num_queries(5):
        assert anon.get("/feed.atom").status_code == 200
