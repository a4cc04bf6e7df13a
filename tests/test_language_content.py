"""The English interface (issue 16): the interface is English, the content stays Danish and
says so (`lang="da"` on its element, so screen readers pronounce it as Danish); "Punkt N"
labels and dates follow the interface language."""

from __future__ import annotations

import datetime as dt
import re
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from udsatteraad.meetings.models import AgendaItem, Meeting

CPH = ZoneInfo("Europe/Copenhagen")


@pytest.fixture
def meeting(world):
    m = Meeting.objects.create(council=world.council, title="Ordinært møde om vinteren",
                               status="agenda_published",
                               start=dt.datetime(2027, 3, 1, 17, tzinfo=CPH))
    AgendaItem.objects.create(meeting=m, number=3, position=1, title="Herbergspladser i vinter",
                              summary="<p>Rådet drøfter <strong>pladserne</strong>.</p>")
    return m


def english(client):
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    return client


def inside_danish(html: str, text: str) -> bool:
    """`text` sits in an element marked lang="da" (directly, as the element's text)."""
    return bool(re.search(rf'<(\w+)[^>]*\blang="da"[^>]*>\s*{re.escape(text)}\s*</\1>', html))


def test_meeting_page_in_english(anon, world, meeting):
    html = english(anon).get(
        reverse("front:meeting", args=[world.council.slug, meeting.pk])).content.decode()
    assert '<html lang="en">' in html
    assert inside_danish(html, "Herbergspladser i vinter")
    assert inside_danish(html, "Ordinært møde om vinteren")
    assert inside_danish(html, "Udsatterådet i Testregion")
    assert "Item 3" in html and "Punkt 3" not in html
    assert "March 1, 2027" in html and "1. marts 2027" not in html
    assert re.search(r'<div lang="da">\s*<p>Rådet drøfter', html)


def test_meeting_page_in_danish_is_unchanged(anon, world, meeting):
    url = reverse("front:meeting", args=[world.council.slug, meeting.pk])
    html = anon.get(url).content.decode()
    # The whole page is Danish: no lang attributes needed inside it.
    assert '<html lang="da">' in html and "mandag 1. marts 2027" in html
    assert "Punkt 3: Herbergspladser i vinter" in html


def test_council_page_in_english(anon, world, meeting):
    html = english(anon).get(reverse("front:council", args=[world.council.slug])).content.decode()
    assert re.search(r'<h1 lang="da">Udsatterådet i Testregion</h1>', html)
    assert inside_danish(html, "Ordinært møde om vinteren")
    assert "March 1, 2027" in html
    assert re.search(r'<div lang="da">\s*<p>At styrke dialogen', html)
