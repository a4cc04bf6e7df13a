"""The council page stays the same size and cost however long the council has met: coming
meetings, the latest held ones, and links to the archive by year."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from udsatteraad.front.views import RECENT_SHOWN

CPH = ZoneInfo("Europe/Copenhagen")


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def add_meetings(council, count: int, *, first: int = 0) -> None:
    """`count` public meetings a month apart going back in time, the newest with minutes."""
    from udsatteraad.meetings.models import Meeting

    now = timezone.now().astimezone(CPH).replace(hour=17, minute=0, second=0, microsecond=0)
    Meeting.objects.bulk_create(
        Meeting(council=council, title=f"Møde nr. {first + i}",
                status="minutes_published" if i % 2 else "agenda_published",
                start=now - dt.timedelta(days=30 * (first + i + 1)))
        for i in range(count)
    )


def council_queries(client) -> tuple[int, str]:
    with CaptureQueriesContext(connection) as ctx:
        r = client.get("/raad/testraad/")
    assert r.status_code == 200
    return len(ctx.captured_queries), r.content.decode()


def test_query_count_is_the_same_with_3_and_60_meetings(anon, world):
    add_meetings(world.council, 3)
    few, html_few = council_queries(anon)
    add_meetings(world.council, 57, first=3)
    many, html_many = council_queries(anon)
    assert few == many
    assert html_many.count('class="meeting-list"') == 1  # no coming meetings, one list
    assert len(html_many) < len(html_few) + 2000  # years links only, not 57 more meetings


def test_lists_the_latest_held_meetings_and_links_each_archive_year(anon, world):
    from udsatteraad.meetings.models import Meeting

    add_meetings(world.council, 40)
    coming = Meeting.objects.create(
        council=world.council, title="Kommende møde", status="agenda_published",
        start=timezone.now() + dt.timedelta(days=20))
    html = anon.get("/raad/testraad/").content.decode()
    assert "Kommende møde" in html and f"/raad/testraad/moeder/{coming.pk}/" in html
    shown = [i for i in range(40) if f"Møde nr. {i}," in html]
    assert shown == list(range(RECENT_SHOWN))
    years = sorted({timezone.localtime(m.start).year
                    for m in Meeting.objects.filter(council=world.council,
                                                    start__lt=timezone.now())}, reverse=True)
    assert len(years) >= 3
    for year in years:
        assert f'href="/raad/testraad/moeder/?aar={year}"' in html
    # Newest year first, and the archive page answers for it.
    assert html.index(f"?aar={years[0]}") < html.index(f"?aar={years[-1]}")
    archive = anon.get(f"/raad/testraad/moeder/?aar={years[-1]}").content.decode()
    assert "Møde nr. 39," in archive


def test_years_only_of_public_meetings(anon, world):
    from udsatteraad.meetings.models import Meeting

    long_ago = timezone.now() - dt.timedelta(days=365 * 6)
    Meeting.objects.create(council=world.council, title="Skjult", status="planned",
                           start=long_ago)
    Meeting.objects.create(council=world.other_council, title="Andet råd",
                           status="minutes_published", start=long_ago)
    add_meetings(world.council, 1)
    html = anon.get("/raad/testraad/").content.decode()
    assert f"?aar={timezone.localtime(long_ago).year}" not in html
    assert "Skjult" not in html
