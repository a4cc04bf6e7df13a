"""The navigation's task count and the secretariat's start page share one computation a request
(issue 16): the providers run once for a secretary of one council, and the start page costs a
fixed number of queries however many tasks wait."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from udsatteraad.councils.models import Secretary
from udsatteraad.meetings.models import Meeting
from udsatteraad.workspace import tasks


@pytest.fixture
def counted(monkeypatch):
    """Every council provider wrapped so the test sees how often the list is worked out."""
    calls: list[int] = []

    def wrap(provider):
        def counting(councils):
            calls.append(1)
            return provider(councils)
        return counting

    monkeypatch.setattr(tasks, "COUNCIL_PROVIDERS", [wrap(p) for p in tasks.COUNCIL_PROVIDERS])
    return calls


def _held(world, n):
    now = timezone.now()
    for i in range(n):
        Meeting.objects.create(council=world.council, status="held", title=f"Møde {i}",
                               start=now - dt.timedelta(days=i + 1))


def test_start_page_and_count_share_one_list(world, secretary_client, counted):
    _held(world, 2)
    html = secretary_client.get(reverse("councils:overview", args=["testraad"])).content.decode()
    assert len(counted) == len(tasks.COUNCIL_PROVIDERS)  # once, not once for each
    # The count in the navigation and the list on the page are the same tasks.
    assert html.count('class="task ') == 2
    assert '<span class="count">2<span class="visually-hidden">' in html


def test_a_secretary_of_two_councils_gets_each_councils_own_list(world, secretary_client,
                                                                 counted):
    Secretary.objects.create(user=world.secretary, council=world.other_council)
    Meeting.objects.create(council=world.other_council, status="held", title="Andet møde",
                           start=timezone.now() - dt.timedelta(days=1))
    _held(world, 1)
    html = secretary_client.get(reverse("councils:overview", args=["testraad"])).content.decode()
    # The page lists this council's task; the navigation counts both councils'.
    assert len(counted) == 2 * len(tasks.COUNCIL_PROVIDERS)
    assert html.count('class="task ') == 1 and "Andet møde" not in html
    assert '<span class="count">2<span class="visually-hidden">' in html


def test_start_page_queries_do_not_grow(world, secretary_client, django_assert_max_num_queries):
    url = reverse("councils:overview", args=["testraad"])
    _held(world, 1)
    secretary_client.get(url)
    with django_assert_max_num_queries(30) as few:
        secretary_client.get(url)
    _held(world, 8)
    with django_assert_max_num_queries(len(few.captured_queries)):
        secretary_client.get(url)
