"""OParl lists do not slow with the archive (issue 18): pages by key (`after`), so the first
page, a page deep in the list and the same pages of a ten times larger archive run the same
queries, and none of them counts the list or skips rows with OFFSET."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from udsatteraad.meetings.models import AgendaItem, Meeting
from udsatteraad.oparl.testing import api_path

API = "/oparl/v1.1/"
LISTS = ("meeting", "agendaitem", "paper")


def add_meetings(world, count: int) -> None:
    for n in range(count):
        meeting = Meeting.objects.create(
            council=world.council, title=f"Møde {n}", start=timezone.now(),
            status="agenda_published", agenda_published_at=timezone.now(), venue=world.cafe,
        )
        AgendaItem.objects.bulk_create(
            AgendaItem(meeting=meeting, position=k, number=k + 1, title=f"Punkt {k}",
                       case_number=f"21/{n}-{k}")
            for k in range(3)
        )


def queries_for(client, path: str) -> list[str]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    assert response.status_code == 200, (path, response.content[:200])
    return [q["sql"] for q in queries]


def deepest_page(client, path: str) -> str:
    """The last page's URL, reached through the `next` links."""
    last = path
    while following := client.get(last).json()["links"].get("next"):
        last = api_path(following)
    return last


@pytest.mark.parametrize("kind", LISTS)
def test_deep_pages_and_a_larger_archive_cost_the_same_queries(world, anon, kind):
    path = f"{API}body/{world.region.pk}/{kind}/?limit=5"
    add_meetings(world, 4)
    small = [queries_for(anon, path), queries_for(anon, deepest_page(anon, path))]
    add_meetings(world, 40)
    large = [queries_for(anon, path), queries_for(anon, deepest_page(anon, path))]
    counts = {len(q) for q in small + large}
    assert len(counts) == 1, (kind, [len(q) for q in small + large])
    for sql in (s for page in small + large for s in page):
        assert "COUNT(" not in sql.upper() and "OFFSET" not in sql.upper(), sql


def test_following_next_links_visits_every_row_once(world, anon):
    add_meetings(world, 12)
    path = f"{API}body/{world.region.pk}/agendaitem/?limit=7"
    seen = []
    while path:
        data = anon.get(path).json()
        seen += [o["id"] for o in data["data"]]
        path = api_path(data["links"]["next"]) if "next" in data["links"] else None
    expected = AgendaItem.objects.filter(meeting__council__authority=world.region).count()
    assert len(seen) == len(set(seen)) == expected >= 36


def test_papers_pages_through_items_then_hearing_responses(world, anon):
    """The body's papers are the agenda items' papers and then the published hearing
    responses; the `next` links visit each once, and every page costs the same queries."""
    from udsatteraad.hearings.testing import hearing_in

    add_meetings(world, 3)
    responses = [hearing_in("published", council=world.council, secretary=world.secretary,
                            chair=world.chair, title=f"Høring {n}") for n in range(3)]
    path = f"{API}body/{world.region.pk}/paper/?limit=2"
    seen, counts, url = [], set(), path
    while url:
        sql = queries_for(anon, url)
        counts.add(len(sql))
        assert not any("COUNT(" in s.upper() or "OFFSET" in s.upper() for s in sql)
        answer = anon.get(url).json()
        seen += [p["id"] for p in answer["data"]]
        url = api_path(answer["links"]["next"]) if "next" in answer["links"] else None
    assert len(seen) == len(set(seen))
    from django.urls import reverse

    wanted = {reverse("oparl:hearing-paper", args=[h.pk]) for h in responses}
    assert wanted <= {api_path(i) for i in seen}
    # Two queries a page (papers, then the responses' first rows) until the papers run out.
    assert len(counts) <= 2, counts
