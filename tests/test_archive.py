"""The council's public meeting archive: coming meetings, planned dates, and one year's
meetings at a time, with a bounded number of queries."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone


def make(council, title, status, start, **extra):
    from udsatteraad.meetings.models import Meeting

    return Meeting.objects.create(council=council, title=title, status=status, start=start,
                                  **extra)


def at(year, month, day):
    return dt.datetime(year, month, day, 17, 0, tzinfo=timezone.get_current_timezone())


@pytest.fixture
def meetings(world):
    soon = timezone.now() + dt.timedelta(days=14)
    c = world.council
    return {
        "coming": make(c, "Kommende møde", "agenda_published", soon, venue=world.cafe),
        "planned": make(c, "Planlagt møde", "planned", soon + dt.timedelta(days=60)),
        "m2021": make(c, "Møde i 2021", "minutes_published", at(2021, 9, 27)),
        "m2021b": make(c, "Andet møde i 2021", "held", at(2021, 3, 1)),
        "m2023": make(c, "Møde i 2023", "minutes_published", at(2023, 6, 5)),
        "draft2023": make(c, "Ikke offentliggjort 2023", "planned", at(2023, 2, 1)),
        "cancelled": make(c, "Aflyst 2023", "cancelled", at(2023, 4, 1)),
        "other": make(world.other_council, "Andet råds møde", "minutes_published",
                      at(2023, 5, 1)),
    }


def link(m) -> str:
    return f'href="/raad/testraad/moeder/{m.pk}/"'


def test_archive_shows_coming_meetings_and_latest_year(anon, meetings):
    r = anon.get("/raad/testraad/moeder/")
    assert r.status_code == 200
    html = r.content.decode()
    assert html.count("<h1>") == 1
    assert link(meetings["coming"]) in html
    assert "Møder i 2023" in html
    assert link(meetings["m2023"]) in html
    assert link(meetings["m2021"]) not in html
    assert 'href="?aar=2021"' in html and 'href="?aar=2023"' in html
    assert 'href="/raad/testraad/kalender.ics"' in html


def test_planned_meetings_are_dates_without_links(anon, meetings):
    html = anon.get("/raad/testraad/moeder/").content.decode()
    assert "Planlagt møde" in html and "Dagsorden følger" in html
    assert link(meetings["planned"]) not in html
    for key in ("draft2023", "cancelled", "other"):
        assert link(meetings[key]) not in html
    assert "Ikke offentliggjort 2023" not in html and "Aflyst 2023" not in html


def test_archive_per_year(anon, meetings):
    html = anon.get("/raad/testraad/moeder/?aar=2021").content.decode()
    assert "Møder i 2021" in html
    assert link(meetings["m2021"]) in html and link(meetings["m2021b"]) in html
    assert html.index("Møde i 2021") < html.index("Andet møde i 2021")  # newest first
    assert link(meetings["m2023"]) not in html
    assert 'href="?aar=2021" aria-current="page"' in html


def test_year_without_meetings_and_bad_year(anon, meetings):
    r = anon.get("/raad/testraad/moeder/?aar=2019")
    assert r.status_code == 200
    assert "Rådet holdt ingen møder med dagsorden eller referat i 2019." in r.content.decode()
    r = anon.get("/raad/testraad/moeder/?aar=sidste")
    assert r.status_code == 200
    html = r.content.decode()
    assert "Skriv året med fire tal" in html
    assert "Møder i 2023" in html


def test_archive_of_unknown_or_hidden_council_is_404(anon, world):
    assert anon.get("/raad/findesikke/moeder/").status_code == 404
    world.other_council.is_public = False
    world.other_council.save(update_fields=["is_public"])
    assert anon.get("/raad/andetraad/moeder/").status_code == 404


def test_archive_queries_do_not_grow(anon, world, django_assert_max_num_queries):
    for n in range(15):
        make(world.council, f"Møde {n}", "minutes_published", at(2022, 1 + n % 12, 1 + n),
             venue=world.cafe)
        make(world.council, f"Kommende {n}", "agenda_published",
             timezone.now() + dt.timedelta(days=n + 1), venue=world.cafe)
    with django_assert_max_num_queries(8):
        r = anon.get("/raad/testraad/moeder/?aar=2022")
    assert r.content.decode().count('href="/raad/testraad/moeder/') == 30
