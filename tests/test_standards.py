"""The standards' loose ends: OParl System licence and contact, JSON 405 for OParl writes,
Atom entry authors (RFC 4287), an empty iCal calendar with a component (RFC 5545),
robots.txt, sitemap.xml, a favicon and a meta description on public pages."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest
from django.test import Client
from icalendar import Calendar

from udsatteraad.oparl.testing import build_meetings

ATOM = "{http://www.w3.org/2005/Atom}"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


@pytest.fixture
def meetings(world):
    return build_meetings(world)


def test_oparl_system_has_license_and_contact(anon, db, settings):
    settings.OPARL_CONTACT_EMAIL = "data@region.example"
    system = anon.get("/oparl/v1.1/").json()
    assert system["license"].startswith("https://")
    assert system["contactEmail"] == "data@region.example"
    assert system["contactName"]


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
@pytest.mark.parametrize("url", ["/oparl/v1.1/", "/oparl/v1.1/body/"])
def test_oparl_writes_answer_json_405(db, method, url):
    client = Client(enforce_csrf_checks=True)  # as a real client: no CSRF token
    response = getattr(client, method)(url, data="{}", content_type="application/json")
    assert response.status_code == 405
    assert response["Content-Type"].startswith("application/json")
    assert "GET" in response["Allow"]
    assert response.json()["status"] == 405


@pytest.mark.parametrize("url", ["/feed.atom", "/raad/testraad/feed.atom"])
def test_atom_entries_have_an_author(meetings, anon, url):
    feed = ET.fromstring(anon.get(url).content)
    entries = feed.findall(f"{ATOM}entry")
    assert entries
    for entry in entries:
        author = entry.find(f"{ATOM}author")
        assert author is not None
        assert author.findtext(f"{ATOM}name") in (
            "Udsatterådet i Testregion", "Udsatterådet i Testkommune"
        )
    assert feed.find(f"{ATOM}author").findtext(f"{ATOM}name")


def test_empty_calendar_has_a_component_and_parses(anon, world):
    response = anon.get("/raad/andetraad/kalender.ics")
    assert response.status_code == 200
    cal = Calendar.from_ical(response.content)
    assert not cal.walk("VEVENT")
    assert [c.name for c in cal.subcomponents] == ["VTIMEZONE"]
    assert "TZID:Europe/Copenhagen" in response.content.decode()


def test_robots_txt(anon, db):
    response = anon.get("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    body = response.content.decode()
    assert "User-agent: *" in body
    assert "Disallow: /sekretariat/" in body and "Disallow: /admin/" in body
    assert "Sitemap: http://testserver/sitemap.xml" in body


def test_sitemap_lists_public_councils_and_meetings_only(meetings, anon, world):
    world.other_council.is_public = False
    world.other_council.save(update_fields=["is_public"])
    response = anon.get("/sitemap.xml")
    assert response.status_code == 200
    locs = [e.text for e in ET.fromstring(response.content).iter(f"{SITEMAP}loc")]
    assert "http://testserver/raad/testraad/" in locs
    assert "http://testserver/raad/andetraad/" not in locs
    assert f"http://testserver/raad/testraad/moeder/{meetings.minutes.pk}/" in locs
    assert f"http://testserver/raad/testraad/moeder/{meetings.planned.pk}/" not in locs


def test_favicon(anon, db):
    page = anon.get("/").content.decode()
    assert '<link rel="icon" href="/static/img/favicon.svg" type="image/svg+xml">' in page
    response = anon.get("/favicon.ico")
    assert response.status_code == 301
    assert response["Location"] == "/static/img/favicon.svg"


def test_meta_description_on_public_pages(meetings, anon):
    for url, expected in [
        ("/", "Et udsatteråd taler for de mest udsatte borgere"),
        ("/raad/", "Et udsatteråd taler for de mest udsatte borgere"),
        ("/raad/testraad/", "Udsatterådet i Testregion: medlemmer, kommissorium"),
        (f"/raad/testraad/moeder/{meetings.agenda.pk}/", "Dagsorden, bilag og referat."),
    ]:
        page = anon.get(url).content.decode()
        assert '<meta name="description" content="' in page, url
        assert expected in page, url
