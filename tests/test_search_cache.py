"""The search on PostgreSQL keeps the rows of immutable segments in the process and vouches
for the segment rows through LISTEN/NOTIFY (issue 18, search/postings.py): what is kept, when
it may be served without the server, and that a commit is seen."""

from __future__ import annotations

import datetime as dt
import threading
import time

import pytest
from django.db import connection, connections, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from udsatteraad.meetings.models import AgendaItem, Meeting
from udsatteraad.search import indexing
from udsatteraad.search.engine import rank, search
from udsatteraad.search.postings import PostingCache, cache_for

postgresql = pytest.mark.skipif(connection.vendor != "postgresql",
                                reason="the process keeps the index on PostgreSQL only")


def row(sid: int, term: str, size: int = 1) -> tuple:
    return (sid, term, False, bytes(4 * size), bytes(size), size)


def test_kept_rows_are_served_only_while_vouched_for():
    cache = PostingCache()
    segments = [(1, 1, 10, 10, b""), (2, 11, 20, 10, b"")]
    step, generation = cache.begin()
    rows = cache.merge(["borg", "hjem"], [row(1, "borg"), row(2, "hjem")], segments,
                       ["t1", "t2"], (step, generation))
    assert rows == [row(1, "borg"), row(2, "hjem")]
    # Both terms are known in both segments, an absence too ("borg" in segment 2).
    assert cache.known(["borg", "hjem"]) == [1, 2]
    assert cache.known(["borg", "ny"]) == []
    assert cache.served(["borg"], step - 1) == ([row(1, "borg")], segments)
    # A connection that began listening after the rows were read cannot vouch for them.
    assert cache.served(["borg"], step + 1) is None
    assert cache.served(["ny"], step - 1) is None
    cache.notified()  # a commit changed the segments
    assert cache.served(["borg"], step - 1) is None
    # Read again: served again, and the kept rows came from the process.
    step, generation = cache.begin()
    assert cache.merge(["borg"], [], segments, ["t1", "t2"], (step, generation)) == [
        row(1, "borg")]
    assert cache.served(["borg"], step - 1) is not None


def test_rows_read_in_a_transaction_are_kept_but_not_vouched_for():
    cache = PostingCache()
    segments = [(1, 1, 10, 10, b"")]
    step, _ = cache.begin()
    cache.merge(["borg"], [row(1, "borg")], segments, ["t1"], None)
    assert cache.known(["borg"]) == [1]
    assert cache.served(["borg"], step - 1) is None


def test_a_reused_id_or_a_gone_segment_drops_what_was_kept():
    cache = PostingCache()
    cache.merge(["borg"], [row(1, "borg"), row(2, "borg")],
                [(1, 1, 10, 10, b""), (2, 11, 20, 10, b"")], ["t1", "t2"], None)
    # Segment 1 merged away: its row goes.
    assert cache.merge(["borg"], [], [(2, 11, 20, 10, b"")], ["t2"], None) == [row(2, "borg")]
    assert cache.known(["borg"]) == [2]
    # Segment 2 is another segment now (a restored backup): asked again, nothing kept of it.
    assert cache.merge(["borg"], [], [(2, 11, 20, 10, b"")], ["other"], None) is None
    assert cache.known(["borg"]) == []
    assert cache.merge(["borg"], [row(2, "borg", 3)], [(2, 11, 20, 10, b"")], ["other"],
                       None) == [row(2, "borg", 3)]


def test_kept_rows_are_bounded_least_recently_used_first():
    cache = PostingCache(limit=3 * (5 * 100 + 64))
    segments = [(1, 1, 100, 100, b"")]
    for term in ("a", "b", "c"):
        cache.merge([term], [row(1, term, 100)], segments, ["t1"], None)
    cache.merge(["a"], [], segments, ["t1"], None)  # "a" used again: "b" is the oldest
    cache.merge(["d"], [row(1, "d", 100)], segments, ["t1"], None)
    assert cache.known(["b"]) == []
    assert cache.known(["a"]) == cache.known(["c"]) == cache.known(["d"]) == [1]


def publish(council, title: str, day: dt.date = dt.date(2025, 3, 10)) -> Meeting:
    start = timezone.make_aware(dt.datetime.combine(day, dt.time(16, 0)))
    with transaction.atomic():
        meeting = Meeting.objects.create(council=council, title=f"Møde {day}", start=start,
                                         status=Meeting.Status.AGENDA_PUBLISHED)
        AgendaItem.objects.create(meeting=meeting, number=1, position=1, title=title,
                                  summary="Orientering om tandpleje.")
        indexing.reindex_meeting(meeting=meeting)
    return meeting


@postgresql
@pytest.mark.django_db(transaction=True)
def test_warm_search_needs_no_server_and_a_commit_is_seen_at_once(world):
    cache_for().clear()
    publish(world.council, "Tandpleje for hjemløse")
    assert rank("tandpleje")[0].total == 1  # reads and keeps; LISTEN on the first search
    assert rank("tandpleje")[0].total == 1
    with CaptureQueriesContext(connection) as queries:
        assert rank("tandpleje")[0].total == 1
        assert [h.document.title for h in search("tandpleje").hits] == [
            "Tandpleje for hjemløse"]
    # The ranking read nothing; the page read its documents (one query).
    assert len(queries) == 1 and "search_searchdocument" in queries[0]["sql"]
    # This connection's own commit notifies it before the commit returns.
    publish(world.council, "Tandpleje på herberget", dt.date(2025, 4, 1))
    with CaptureQueriesContext(connection) as queries:
        assert rank("tandpleje")[0].total == 2
    assert len(queries) == 1


@postgresql
@pytest.mark.django_db(transaction=True)
def test_another_connections_commit_reaches_the_kept_rows(world):
    cache_for().clear()
    publish(world.council, "Tandpleje for hjemløse")
    assert rank("tandpleje")[0].total == 1
    assert rank("tandpleje")[0].total == 1  # now served from the process

    def elsewhere():
        try:
            publish(world.council, "Tandpleje på herberget", dt.date(2025, 4, 1))
        finally:
            connections.close_all()

    thread = threading.Thread(target=elsewhere)
    thread.start()
    thread.join()
    # The notification comes a moment after the other commit returned.
    deadline = time.monotonic() + 5
    while rank("tandpleje")[0].total == 1 and time.monotonic() < deadline:
        time.sleep(0.01)
    assert rank("tandpleje")[0].total == 2


@postgresql
@pytest.mark.django_db(transaction=True)
def test_inside_a_transaction_the_server_is_always_asked(world):
    cache_for().clear()
    publish(world.council, "Tandpleje for hjemløse")
    assert rank("tandpleje")[0].total == 1
    with transaction.atomic():
        with CaptureQueriesContext(connection) as queries:
            assert rank("tandpleje")[0].total == 1
        assert len(queries) == 1
        # Its own uncommitted publication is found, and forgotten after the rollback.
        publish(world.council, "Tandpleje på herberget", dt.date(2025, 4, 1))
        assert rank("tandpleje")[0].total == 2
        transaction.set_rollback(True)
    assert rank("tandpleje")[0].total == 1
    assert rank("tandpleje")[0].total == 1


@postgresql
@pytest.mark.django_db(transaction=True)
def test_without_listen_every_search_asks_the_server(world, settings):
    settings.SEARCH_LISTEN = False
    cache_for().clear()
    publish(world.council, "Tandpleje for hjemløse")
    for _ in range(3):
        with CaptureQueriesContext(connection) as queries:
            assert rank("tandpleje")[0].total == 1
        assert len(queries) == 1
