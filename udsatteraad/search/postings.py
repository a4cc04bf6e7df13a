"""Reading the index on PostgreSQL, with what cannot change kept in the process (issue 18:
search within 1.5x of Tantivy, which reads its index from memory).

A segment's posting rows never change once written (segments.py): republishing adds a
segment and marks documents dead in the old one's deleted list, a merge writes a new segment
and deletes the old ones. So a (segment, term) row read once, or found absent, holds for as
long as the segment exists. What changes is the segment rows (which segments, their deleted
lists). Two levels:

- Each search that goes to the server reads the segment rows and only the posting rows this
  process has not kept, in one statement and one snapshot. A common word then no longer
  sends 90 KB (100,000 items) to 1 MB (1,000,000) of impact bytes a search.
- The segment rows are kept too, and a trigger (migration search 0004) sends a notification
  on the channel below at the commit of every change to the segment table. A connection
  that LISTENs on it and has been listening since the segment rows were read can vouch for
  them: it reads its socket without waiting (no round trip) and finds no notification, so
  the kept rows are the current ones, and a search of kept terms reaches no server at all.
  Notifications arrive a moment after the commit (microseconds to a few milliseconds on one
  machine), so a search may miss a publication by that moment; the result page reads only
  live documents, so a document withdrawn meanwhile is not shown from a stale ranking. The
  segment rows are served for at most MAX_VOUCH_SECONDS before they are read again.

Only outside transactions (autocommit, no atomic block), and with settings.SEARCH_LISTEN (off
behind a pooler in transaction mode, where a LISTEN does not stay with the app's
connection), is anything vouched for: inside a transaction the statement may see the
transaction's own uncommitted segments, and notifications wait for its end. A segment is
known by its id and creation time, so an id used again (a restored backup, a test database
reset) drops what was kept of it. Kept rows are bounded in bytes (absences and terms counted
too), least recently used terms first. SQLite reads the rows from its own pages in the
process, where keeping them gains little, so it reads them every time (engine._run).
"""

from __future__ import annotations

import threading
import time
import weakref
from collections import OrderedDict
from collections.abc import Callable, Sequence

import psycopg
from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections

from .models import SearchPosting, SearchSegment

CHANNEL = "udsatteraad_search"
LIMIT_BYTES = 64 * 1024 * 1024  # a process's kept posting rows (a dense term is 1 byte a doc)
# What a kept entry costs beyond its arrays (a tuple, two bytes objects, a dict slot) and an
# absence (a dict slot), and a term: counted, so that words nobody has (a crawler's) are
# evicted like the rest instead of growing the process.
ROW_BYTES, ABSENT_BYTES, TERM_BYTES = 250, 96, 200
# Segment rows are served from the process for at most this long, then read again: a bound on
# staleness should a change ever come without its notification (a pooler in transaction mode
# with SEARCH_LISTEN left on, a restore into a running site, a silently dead connection).
MAX_VOUCH_SECONDS = 5.0

Row = tuple  # (segment_id, term, dense, docs, impacts, count)
SegmentRow = tuple  # (segment_id, min_doc, max_doc, doc_count, deleted)


class _Term:
    __slots__ = ("rows", "size")

    def __init__(self) -> None:
        self.rows: dict[int, Row | None] = {}  # segment id -> its row, None: term absent
        self.size = 0


def _size(row: Row | None) -> int:
    return ABSENT_BYTES if row is None else len(row[3]) + len(row[4]) + ROW_BYTES


class PostingCache:
    """What is kept of one database's index, shared by the process's threads."""

    def __init__(self, limit: int = LIMIT_BYTES) -> None:
        self.limit = limit
        self._terms: OrderedDict[str, _Term] = OrderedDict()
        self._created: dict[int, object] = {}  # segment id -> its creation time
        self._size = 0
        self._lock = threading.Lock()
        # Vouching: the segment rows as read at step `_read_at` with `_generation` as it was
        # then; a notification raises the generation, which voids them.
        self._segments: list[SegmentRow] | None = None
        self._read_at = 0
        self._read_time = 0.0
        self._read_generation = 0
        self._generation = 0
        self._step = 0

    def notified(self, *_args) -> None:
        with self._lock:
            self._generation += 1

    def begin(self) -> tuple[int, int, float]:
        """The next step, the generation and the time: before a statement that reads the
        segment rows, and when a connection begins to listen (its step)."""
        with self._lock:
            self._step += 1
            return self._step, self._generation, time.monotonic()

    def known(self, terms: list[str]) -> list[int]:
        """The segments whose rows (or absence) are kept for every one of these terms."""
        with self._lock:
            common: set[int] | None = None
            for term in terms:
                kept = self._terms.get(term)
                if kept is None:
                    return []
                common = set(kept.rows) if common is None else common.intersection(kept.rows)
            return sorted(common or ())

    def served(self, terms: list[str], listening_since: int
               ) -> tuple[list[Row], list[SegmentRow]] | None:
        """The rows from the process alone, or None when they cannot be vouched for: the
        segment rows read after this connection began listening, no notification since,
        and every term kept for every segment."""
        with self._lock:
            segments = self._segments
            if (segments is None or self._read_at < listening_since
                    or self._read_generation != self._generation
                    or time.monotonic() - self._read_time > MAX_VOUCH_SECONDS):
                return None
            rows: list[Row] = []
            for term in terms:
                kept = self._terms.get(term)
                if kept is None:
                    return None
                for segment in segments:
                    if segment[0] not in kept.rows:
                        return None
                    row = kept.rows[segment[0]]
                    if row is not None:
                        rows.append(row)
            for term in terms:
                self._terms.move_to_end(term)
            return rows, segments

    def merge(self, terms: list[str], fetched: list[Row], segments: list[SegmentRow],
              created: list[object], vouch: tuple[int, int, float] | None,
              known: Sequence[int] = ()) -> list[Row] | None:
        """The rows of these terms in the current segments: the kept ones and the fetched
        ones, which are kept for next time. vouch: begin()'s figures before the statement,
        when it ran outside a transaction, so that its segment rows may be served later.
        known: the segments the statement did not fetch, since their rows were kept.

        None, and the caller asks again, when those rows are no longer all there: a kept
        row turned out to belong to another segment that had the same id (what was kept of
        those ids is then dropped), or another thread dropped kept rows meanwhile (a search
        with an older snapshot saw the segment as gone, or the bound evicted the term). A
        missing row must never be taken for the term's absence."""
        current = {seg[0]: when for seg, when in zip(segments, created, strict=True)}
        by_pair = {(row[0], row[1]): row for row in fetched}
        rows: list[Row] = []
        with self._lock:
            reused = {sid for sid, when in current.items()
                      if sid in self._created and self._created[sid] != when}
            gone = set(self._created).difference(current)
            if reused or gone:
                self._forget(reused | gone)
            if reused:
                self._segments = None
                return None
            for term in terms:
                kept = self._terms.get(term)
                if any(sid in current and (kept is None or sid not in kept.rows)
                       for sid in known):
                    return None
            self._created.update(current)
            for term in terms:
                kept = self._terms.get(term)
                if kept is None:
                    kept = self._terms[term] = _Term()
                    kept.size = TERM_BYTES
                    self._size += TERM_BYTES
                else:
                    self._terms.move_to_end(term)
                for sid in current:
                    if sid in kept.rows and (sid, term) not in by_pair:
                        row = kept.rows[sid]
                    else:
                        row = by_pair.get((sid, term))
                        grown = _size(row) - (_size(kept.rows[sid]) if sid in kept.rows else 0)
                        kept.size += grown
                        self._size += grown
                        kept.rows[sid] = row
                    if row is not None:
                        rows.append(row)
            while self._size > self.limit and len(self._terms) > 1:
                _, oldest = self._terms.popitem(last=False)
                self._size -= oldest.size
            if vouch is not None and vouch[0] > self._read_at:
                self._segments = segments
                self._read_at, self._read_generation, self._read_time = vouch
        return rows

    def clear(self) -> None:
        with self._lock:
            self._terms.clear()
            self._created.clear()
            self._size = 0
            self._segments = None

    def _forget(self, sids: set[int]) -> None:
        for kept in self._terms.values():
            for sid in sids.intersection(kept.rows):
                size = _size(kept.rows.pop(sid))
                kept.size -= size
                self._size -= size
        for sid in sids:
            self._created.pop(sid, None)


_caches: dict[tuple, PostingCache] = {}
_caches_lock = threading.Lock()
# The driver connections listening on CHANNEL -> (the cache, the step at which they began),
# or None where LISTEN failed (a standby, a proxy refusing it): not tried again.
_listening: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def cache_for(alias: str = DEFAULT_DB_ALIAS) -> PostingCache:
    """One cache per database (name, host and port), so that two databases never mix."""
    s = connections[alias].settings_dict
    key = (s["NAME"], s.get("HOST"), s.get("PORT"))
    with _caches_lock:
        return _caches.setdefault(key, PostingCache())


def _sql() -> str:
    """The posting rows of the terms in segments not kept for all of them (none at all,
    without touching the posting table, when every segment is kept: the condition is
    evaluated once), and every segment row."""
    postings = SearchPosting._meta.db_table
    segments = SearchSegment._meta.db_table
    return (
        "SELECT segment_id, term, dense, docs, impacts, count, 0, 0, NULL "  # noqa: S608
        f"FROM {postings} WHERE term = ANY(%s) AND segment_id <> ALL(%s::bigint[]) "
        f"AND EXISTS (SELECT FROM {segments} WHERE id <> ALL(%s::bigint[])) UNION ALL "
        "SELECT id, NULL, FALSE, NULL, deleted, doc_count, min_doc, max_doc, created "
        f"FROM {segments}"
    )


def _outside_transaction(db) -> bool:
    return db.connection is not None and db.get_autocommit() and not db.in_atomic_block


def _listen(db, cache: PostingCache) -> int | None:
    """The step since which this connection has listened (LISTEN on first use), or None
    when it cannot vouch (inside a transaction, or its socket could not be read)."""
    if not (settings.SEARCH_LISTEN and _outside_transaction(db)):
        return None
    db.validate_thread_sharing()
    raw = db.connection
    listening = _listening.get(raw, False)
    if listening is None or (listening and listening[0] is not cache):
        return None
    if listening:
        since = listening[1]
    else:
        try:
            raw.execute(f"LISTEN {CHANNEL}")
            raw.add_notify_handler(cache.notified)
        except (psycopg.Error, AttributeError):
            with _caches_lock:
                _listening[raw] = None
            return None
        since = cache.begin()[0]
        with _caches_lock:
            _listening[raw] = (cache, since)
        return since
    try:
        # What the server has sent meanwhile, read without waiting (as psycopg does after
        # a statement): a notification raises the cache's generation.
        pgconn = raw.pgconn
        pgconn.consume_input()
        while notify := pgconn.notifies():
            if pgconn.notify_handler:
                pgconn.notify_handler(notify)
    except psycopg.Error:  # a broken connection: the statement's own error reports it
        return None
    return since


def _split(result: list[tuple]) -> tuple[list[Row], list[SegmentRow], list[object]]:
    """The statement's rows as posting rows, segment rows and the segments' creation times."""
    segments = [row for row in result if row[1] is None]
    return ([row[:6] for row in result if row[1] is not None],
            [(row[0], row[6], row[7], row[5], row[4]) for row in segments],
            [row[8] for row in segments])


def read_postgresql(terms: list[str], run: Callable[[str, list], list[tuple]]
                    ) -> tuple[list[Row], list[SegmentRow]]:
    """The posting rows of these terms and every segment row. run(sql, params): the
    statement's rows (engine._run chooses the connection)."""
    db = connections[DEFAULT_DB_ALIAS]
    cache = cache_for()
    since = _listen(db, cache)
    if since is not None and (served := cache.served(terms, since)) is not None:
        return served
    for _ in range(2):
        known = cache.known(terms)
        vouch = cache.begin()
        fetched, segments, created = _split(run(_sql(), [terms, known, known]))
        rows = cache.merge(terms, fetched, segments, created,
                           vouch if _outside_transaction(db) else None, known)
        if rows is not None:
            return rows, segments
    # Asked twice and kept rows changed meanwhile both times (ids used again, rows dropped by
    # other threads): read everything, keep nothing.
    fetched, segments, _ = _split(run(_sql(), [terms, [], []]))
    return fetched, segments
