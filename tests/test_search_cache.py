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
from udsatteraad.search import engine, indexing, postings
from udsatteraad.search.engine import rank, search
from udsatteraad.search.models import SearchSegment
from udsatteraad.search.postings import PostingCache, cache_for

postgresql = pytest.mark.skipif(connection.vendor != "postgresql",
                                reason="the process keeps the index on PostgreSQL only")


def row(sid: int, term: str, size: int = 1) -> tuple:
    return (sid, term, False, bytes(4 * size), bytes(size), size)


def test_kept_rows_are_served_only_while_vouched_for(monkeypatch):
    cache = PostingCache()
    segments = [(1, 1, 10, 10, b""), (2, 11, 20, 10, b"")]
    vouch = cache.begin()
    step = vouch[0]
    rows = cache.merge(["borg", "hjem"], [row(1, "borg"), row(2, "hjem")], segments,
                       ["t1", "t2"], vouch)
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
    vouch = cache.begin()
    assert cache.merge(["borg"], [], segments, ["t1", "t2"], vouch, known=[1, 2]) == [
        row(1, "borg")]
    assert cache.served(["borg"], step - 1) is not None
    # For a while only: then the segment rows are read again.
    monkeypatch.setattr(postings, "MAX_VOUCH_SECONDS", 0.0)
    assert cache.served(["borg"], step - 1) is None


def test_rows_read_in_a_transaction_are_kept_but_not_vouched_for():
    cache = PostingCache()
    segments = [(1, 1, 10, 10, b"")]
    step = cache.begin()[0]
    cache.merge(["borg"], [row(1, "borg")], segments, ["t1"], None)
    assert cache.known(["borg"]) == [1]
    assert cache.served(["borg"], step - 1) is None


def test_a_reused_id_or_a_gone_segment_drops_what_was_kept():
    cache = PostingCache()
    cache.merge(["borg"], [row(1, "borg"), row(2, "borg")],
                [(1, 1, 10, 10, b""), (2, 11, 20, 10, b"")], ["t1", "t2"], None)
    # Segment 1 merged away: its row goes.
    assert cache.merge(["borg"], [], [(2, 11, 20, 10, b"")], ["t2"], None, known=[2]) == [
        row(2, "borg")]
    assert cache.known(["borg"]) == [2]
    # Segment 2 is another segment now (a restored backup): asked again, nothing kept of it.
    assert cache.merge(["borg"], [], [(2, 11, 20, 10, b"")], ["other"], None,
                       known=[2]) is None
    assert cache.known(["borg"]) == []
    assert cache.merge(["borg"], [row(2, "borg", 3)], [(2, 11, 20, 10, b"")], ["other"],
                       None) == [row(2, "borg", 3)]


def test_kept_rows_are_bounded_least_recently_used_first():
    one = postings.TERM_BYTES + 5 * 100 + postings.ROW_BYTES
    cache = PostingCache(limit=3 * one)
    segments = [(1, 1, 100, 100, b"")]
    for term in ("a", "b", "c"):
        cache.merge([term], [row(1, term, 100)], segments, ["t1"], None)
    cache.merge(["a"], [], segments, ["t1"], None, known=[1])  # "a" again: "b" is oldest
    cache.merge(["d"], [row(1, "d", 100)], segments, ["t1"], None)
    assert cache.known(["b"]) == []
    assert cache.known(["a"]) == cache.known(["c"]) == cache.known(["d"]) == [1]


def test_words_nobody_has_are_bounded_too():
    """A crawler's made-up words are absences in every segment: they count."""
    cache = PostingCache(limit=100_000)
    segments = [(s, s * 10, s * 10 + 9, 10, b"") for s in range(36)]
    for n in range(5_000):
        cache.merge([f"x{n}"], [], segments, list(range(36)), None)
    assert len(cache._terms) < 100_000 / (36 * postings.ABSENT_BYTES) + 1
    assert cache.known(["x4999"]) == list(range(36))


SEGS = [(1, 1, 10, 10, b""), (2, 11, 20, 10, b"")]


def test_rows_dropped_by_another_thread_are_asked_for_again():
    """Between known() and merge() another search may drop kept rows: a search with an
    older snapshot sees a segment as gone, or the bound evicts the term. The statement
    did not fetch them, so merge() must say "ask again", never record an absence."""
    cache = PostingCache()
    cache.merge(["borg"], [row(1, "borg"), row(2, "borg")], SEGS, ["t1", "t2"], None)
    known = cache.known(["borg"])
    assert known == [1, 2]
    cache.merge(["hjem"], [], SEGS[:1], ["t1"], None)  # an older snapshot: 2 is "gone"
    assert cache.merge(["borg"], [], SEGS, ["t1", "t2"], None, known=known) is None
    assert cache.known(["borg"]) == [1]  # asked again: 2 comes with the statement
    assert cache.merge(["borg"], [row(2, "borg")], SEGS, ["t1", "t2"], None, known=[1]) == [
        row(1, "borg"), row(2, "borg")]

    small = PostingCache(limit=2 * (postings.TERM_BYTES + 5 + postings.ROW_BYTES) + 10)
    small.merge(["borg"], [row(1, "borg"), row(2, "borg")], SEGS, ["t1", "t2"], None)
    known = small.known(["borg"])
    small.merge(["stor"], [row(1, "stor", 100)], SEGS, ["t1", "t2"], None)  # evicts borg
    assert small.known(["borg"]) == []
    assert small.merge(["borg"], [], SEGS, ["t1", "t2"], None, known=known) is None


def publish(council, title: str, day: dt.date = dt.date(2025, 3, 10)) -> Meeting:
    start = timezone.make_aware(dt.datetime.combine(day, dt.time(16, 0)))
    with transaction.atomic():
        meeting = Meeting.objects.create(council=council, title=f"Møde {day}", start=start,
                                         status=Meeting.Status.AGENDA_PUBLISHED)
        AgendaItem.objects.create(meeting=meeting, number=1, position=1, title=title,
                                  summary="Orientering om tandpleje.")
        indexing.reindex_meeting(meeting=meeting)
    return meeting


@pytest.fixture
def published(world):
    """A council with one published item about "tandpleje", and nothing kept yet."""
    cache_for().clear()
    publish(world.council, "Tandpleje for hjemløse")
    return world


@postgresql
@pytest.mark.django_db(transaction=True)
def test_warm_search_needs_no_server_and_a_commit_is_seen_at_once(published):
    assert rank("tandpleje")[0].total == 1  # reads and keeps; LISTEN on the first search
    assert rank("tandpleje")[0].total == 1
    with CaptureQueriesContext(connection) as queries:
        assert rank("tandpleje")[0].total == 1
        assert [h.document.title for h in search("tandpleje").hits] == [
            "Tandpleje for hjemløse"]
    # The ranking read nothing; the page read its documents (one query).
    assert len(queries) == 1 and "search_searchdocument" in queries[0]["sql"]
    # This connection's own commit notifies it before the commit returns.
    publish(published.council, "Tandpleje på herberget", dt.date(2025, 4, 1))
    with CaptureQueriesContext(connection) as queries:
        assert rank("tandpleje")[0].total == 2
    assert len(queries) == 1


@postgresql
@pytest.mark.django_db(transaction=True)
def test_another_connections_commit_reaches_the_kept_rows(published):
    assert rank("tandpleje")[0].total == 1
    assert rank("tandpleje")[0].total == 1  # now served from the process

    def elsewhere():
        try:
            publish(published.council, "Tandpleje på herberget", dt.date(2025, 4, 1))
        finally:
            connections.close_all()

    thread = threading.Thread(target=elsewhere)
    thread.start()
    thread.join()
    # The notification comes a moment after the other commit returned; well inside the
    # vouching bound, after which the rows would be read again without it.
    deadline = time.monotonic() + postings.MAX_VOUCH_SECONDS / 2
    while rank("tandpleje")[0].total == 1 and time.monotonic() < deadline:
        time.sleep(0.01)
    assert rank("tandpleje")[0].total == 2


@postgresql
@pytest.mark.django_db(transaction=True)
def test_inside_a_transaction_the_server_is_always_asked(published):
    assert rank("tandpleje")[0].total == 1
    with transaction.atomic():
        with CaptureQueriesContext(connection) as queries:
            assert rank("tandpleje")[0].total == 1
        assert len(queries) == 1
        # Its own uncommitted publication is found, and forgotten after the rollback.
        publish(published.council, "Tandpleje på herberget", dt.date(2025, 4, 1))
        assert rank("tandpleje")[0].total == 2
        transaction.set_rollback(True)
    assert rank("tandpleje")[0].total == 1
    assert rank("tandpleje")[0].total == 1


@postgresql
@pytest.mark.django_db(transaction=True)
def test_without_listen_every_search_asks_the_server(published, settings):
    settings.SEARCH_LISTEN = False
    for _ in range(3):
        with CaptureQueriesContext(connection) as queries:
            assert rank("tandpleje")[0].total == 1
        assert len(queries) == 1


@postgresql
@pytest.mark.django_db(transaction=True)
def test_an_older_snapshot_meanwhile_hides_no_segment(published, monkeypatch):
    """The race above through the engine: while this search's statement runs, another
    thread's search with a snapshot from before the second segment drops its rows."""
    cache = cache_for()
    publish(published.council, "Tandpleje på herberget", dt.date(2025, 4, 1))
    assert rank("tandpleje")[0].total == 2
    first = SearchSegment.objects.order_by("id").first()
    real_run = engine._run

    def run_beside_an_older_search(sql, params):
        cache.merge(["noget"], [], [(first.id, first.min_doc, first.max_doc,
                                     first.doc_count, b"")], [first.created], None)
        return real_run(sql, params)

    monkeypatch.setattr(engine, "_run", run_beside_an_older_search)
    cache.notified()
    assert rank("tandpleje")[0].total == 2
    monkeypatch.setattr(engine, "_run", real_run)
    cache.notified()
    assert rank("tandpleje")[0].total == 2
