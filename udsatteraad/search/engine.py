"""Query side of the search index: rank, filter, page, and make snippets.

Every query word must occur (stemmed); when no document has them all, the documents with
some of them are shown, those with most words first, and the page says so. Scores are BM25:
the quantised term-frequency part stored per posting times the idf from current document
frequencies; a word in the title counts three times. The work per query is a few posting
rows read from the database and array arithmetic over them, so it grows with the length of
the query words' posting lists, not with the number of matches the database would rank.
"""

from __future__ import annotations

import math
import re
import time
from dataclasses import dataclass, field
from functools import lru_cache

import numpy as np
import psycopg
from django.db import DEFAULT_DB_ALIAS, connection, connections
from django.db.models import F, QuerySet
from django.db.models.functions import Substr
from django.urls import reverse
from django.utils.safestring import SafeString

from .indexing import case_key, filter_term
from .models import SearchDocument, SearchPosting, SearchSegment
from .postings import read_postgresql
from .text import analyser

MAX_QUERY = 200
MAX_TERMS = 12
SNIPPET_CHARS = 100_000  # long attachments: the snippet comes from their first part
_CASE_NUMBER = re.compile(r"\d")
# The columns a result shows, read as tuples: no model instances per hit.
_HIT_FIELDS = ("id", "kind", "item_id", "attachment_id", "meeting_id", "council__name",
               "council__slug", "meeting_kind", "date", "item_number", "position", "title",
               "case_number", "hearing_id")


@dataclass(slots=True)
class HitCouncil:
    name: str
    slug: str


@dataclass(slots=True)
class HitDocument:
    """What a result shows of a SearchDocument (the same attribute names)."""

    id: int
    kind: str
    item_id: int | None
    attachment_id: int | None
    meeting_id: int | None
    council: HitCouncil
    meeting_kind: str
    date: object
    item_number: int | None
    position: int
    title: str
    case_number: str
    hearing_id: int | None = None  # a hearing response has no meeting or item

    @property
    def pk(self) -> int:
        return self.id


@dataclass
class Hit:
    document: HitDocument
    score: float
    snippet: SafeString  # escaped text with the matched words in <mark>...</mark>
    url: str  # public URL: the meeting page with #punkt-<position>, or the attachment
    case_number_match: bool = False  # found by its case number


@dataclass
class SearchResults:
    query: str
    hits: list[Hit] = field(default_factory=list)
    total: int = 0
    page: int = 1
    pages: int = 0
    per_page: int = 20
    terms: list[str] = field(default_factory=list)  # the stemmed terms searched for
    some_words: bool = False  # no document had every word: these have some of them
    elapsed_ms: float = 0.0


@dataclass
class _Ranked:
    ids: np.ndarray
    scores: np.ndarray
    total: int


def _filter_terms(council, year, meeting_kind, target_group, focus_area) -> list[str]:
    wanted = (("c", council), ("y", year), ("k", meeting_kind), ("t", target_group),
              ("f", focus_area))
    return [filter_term(kind, value) for kind, value in wanted if value not in (None, "")]


def _case_matches(query: str, council, year, meeting_kind, target_group,
                  focus_area) -> list[int]:
    """Items whose case number is the query (or starts with it): "21/874", "EMN-2021-1"."""
    words = query.split()
    key = case_key(query)
    if len(words) > 2 or len(key) < 4 or not _CASE_NUMBER.search(query):
        return []
    docs: QuerySet[SearchDocument] = SearchDocument.objects.filter(
        is_live=True, kind=SearchDocument.Kind.ITEM
    )
    if connection.vendor == "postgresql":
        docs = docs.filter(case_key__startswith=key)  # served by the varchar_pattern_ops index
    else:
        docs = docs.filter(case_key__gte=key, case_key__lt=key + "\U0010ffff")
    if council:
        docs = docs.filter(council_id=council)
    if year:
        docs = docs.filter(date__year=year)
    if meeting_kind:
        docs = docs.filter(meeting_kind=meeting_kind)
    if target_group:
        docs = docs.filter(item__target_groups=target_group)
    if focus_area:
        docs = docs.filter(item__focus_areas=focus_area)
    return list(docs.order_by("-date", "-id").values_list("id", flat=True)[:50])


class _List:
    """One term's postings in one segment, sparse (ids + impacts) or dense (an impact per
    id in the segment's range, 0 where absent)."""

    __slots__ = ("dense", "ids", "impacts", "count")

    def __init__(self, dense: bool, docs: bytes, impacts: bytes, count: int):
        self.dense = dense
        self.ids = None if dense else np.frombuffer(docs, dtype=np.uint32)
        self.impacts = np.frombuffer(impacts, dtype=np.uint8)
        self.count = count

    def lookup(self, candidates: np.ndarray, span: int) -> np.ndarray:
        """The impact of each candidate id, 0 where the term is absent (span: the segment's
        id range)."""
        if self.dense:
            return self.impacts[candidates]
        assert self.ids is not None
        if not len(self.ids):
            return np.zeros(len(candidates), dtype=np.uint8)
        if len(candidates) * 8 >= len(self.ids):
            # Many candidates: spreading the list over the segment's range and reading the
            # candidates from it is cheaper than a binary search for each.
            full = np.zeros(span, dtype=np.uint8)
            full[self.ids] = self.impacts
            return full[candidates]
        at = np.minimum(np.searchsorted(self.ids, candidates), len(self.ids) - 1)
        return np.where(self.ids[at] == candidates, self.impacts[at], 0).astype(np.uint8)


def _segment_matches(lists: dict[str, _List], terms: list[str], weights: dict[str, float],
                     filters: list[str], span: int, all_words: bool, gone: np.ndarray | None,
                     top: int) -> tuple[np.ndarray, np.ndarray, int]:
    """(ids relative to the segment, scores, how many match) of the matching documents,
    without the excluded ones (gone: ids relative to the segment). The ids may be only
    those that can be among the `top` best."""
    if len(terms) == 1 and not filters and lists[terms[0]].dense:
        return _one_common_word(lists[terms[0]].impacts, weights[terms[0]], gone, top)
    matched, ranked = _matches(lists, terms, weights, filters, span, all_words, gone)
    return matched, ranked, len(matched)


def _one_common_word(impacts: np.ndarray, weight: float, gone: np.ndarray | None,
                     top: int) -> tuple[np.ndarray, np.ndarray, int]:
    """One word in a dense list, the commonest kind of query: scores follow the impacts,
    so the lowest impact that can reach the top is found first (the highest byte value that
    at least `top` documents reach), and only documents at or above it are looked at. A
    binary search over the 255 values, counting in C, costs half of a histogram
    (np.bincount widens every byte to 8 first)."""
    if gone is not None and len(gone):
        impacts = impacts.copy()
        impacts[gone] = 0
    total = int(np.count_nonzero(impacts))
    lowest, highest = 1, 255
    while total >= top and lowest < highest:
        middle = (lowest + highest + 1) // 2
        if np.count_nonzero(impacts >= middle) >= top:
            lowest = middle
        else:
            highest = middle - 1
    matched = np.flatnonzero(impacts >= lowest)
    return matched, impacts[matched] * np.float32(weight), total


def _matches(lists: dict[str, _List], terms: list[str], weights: dict[str, float],
             filters: list[str], span: int, all_words: bool,
             gone: np.ndarray | None) -> tuple[np.ndarray, np.ndarray]:
    required = (terms if all_words else []) + filters
    optional = [] if all_words else terms
    sparse = [t for t in required if not lists[t].dense]
    if sparse:
        # The shortest required list bounds the candidates: look the rest up in it.
        driver = min(sparse, key=lambda t: lists[t].count)
        candidates = lists[driver].ids
        assert candidates is not None
        scores = lists[driver].impacts * np.float32(weights.get(driver, 0.0))
        for term in required:
            if term == driver:
                continue
            found = lists[term].lookup(candidates, span)
            keep = found > 0
            candidates, scores, found = candidates[keep], scores[keep], found[keep]
            scores = scores + found * np.float32(weights.get(term, 0.0))
        if gone is not None and len(gone) and len(candidates):
            keep = ~np.isin(candidates, gone)
            candidates, scores = candidates[keep], scores[keep]
        if not optional:
            return candidates, scores
        # Some words only, inside required filters: count the words each document has.
        hits = np.zeros(len(candidates), dtype=np.float32)
        for term in optional:
            found = lists[term].lookup(candidates, span)
            scores = scores + found * np.float32(weights[term])
            hits += found > 0
        keep = hits > 0
        return candidates[keep], scores[keep] + hits[keep] * 10_000
    if (all_words or len(terms) == 1) and all(lists[t].dense for t in terms):
        # Every list dense (common words): the documents having all of them first, then
        # scores for those only.
        mask = lists[terms[0]].impacts > 0
        for term in terms[1:] + filters:
            mask &= lists[term].impacts > 0
        if gone is not None and len(gone):
            mask[gone] = False
        matched = np.flatnonzero(mask)
        ranked = lists[terms[0]].impacts[matched] * np.float32(weights[terms[0]])
        for term in terms[1:]:
            ranked += lists[term].impacts[matched] * np.float32(weights[term])
        return matched, (ranked if all_words else ranked + np.float32(10_000))
    scores = np.zeros(span, dtype=np.float32)
    present = np.zeros(span, dtype=np.uint8)
    for term in terms:
        postings = lists[term]
        if postings.dense:
            scores += postings.impacts * np.float32(weights[term])
            present += postings.impacts > 0
        else:
            scores[postings.ids] += postings.impacts * np.float32(weights[term])
            present[postings.ids] += 1
    mask = present == len(terms) if all_words else present > 0
    for term in filters:  # only dense filters get here
        mask &= lists[term].impacts > 0
    if gone is not None and len(gone):
        mask[gone] = False
    matched = np.flatnonzero(mask)
    ranked = scores[matched]
    if not all_words:
        ranked = ranked + present[matched].astype(np.float32) * 10_000
    return matched, ranked


@lru_cache(maxsize=64)
def _index_sql(terms: int, driver: bool = False) -> str:
    """The statement reading `terms` terms' postings and every segment on SQLite (PostgreSQL:
    postings.py). driver: with sqlite3's own "?" placeholders, for a cursor that Django
    does not wrap."""
    postings = connection.ops.quote_name(SearchPosting._meta.db_table)
    segments = connection.ops.quote_name(SearchSegment._meta.db_table)
    marks = ", ".join(["?" if driver else "%s"] * terms)
    return (f"SELECT segment_id, term, dense, docs, impacts, count, 0, 0 "  # noqa: S608
            f"FROM {postings} WHERE term IN ({marks}) UNION ALL "
            f"SELECT id, NULL, FALSE, deleted, deleted, doc_count, min_doc, max_doc "
            f"FROM {segments}")


def _run(sql: str, params: list, *, sqlite_driver_sql: str | None = None) -> list[tuple]:
    """The rows of an index statement. Django's cursor wrapper (a new wrapper, the error
    translation, the placeholder rewriting) took a third of a rare word's ranking, so when
    nothing needs it (no query log, no execute wrappers, no health check due, no broken
    transaction) the statement runs on the driver's connection, with Django's error
    translation kept (on PostgreSQL with binary results: no hex to decode); otherwise
    through Django's cursor, so tests and debug tools see it."""
    db = connections[DEFAULT_DB_ALIAS]
    if (db.connection is None or db.queries_logged or db.execute_wrappers or db.needs_rollback
            or (getattr(db, "health_check_enabled", False)  # not in django-stubs
                and not getattr(db, "health_check_done", True))):
        with db.cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.fetchall()
    db.validate_thread_sharing()
    with db.wrap_database_errors:
        if db.vendor == "postgresql":
            with psycopg.Cursor(db.connection) as cursor:
                return cursor.execute(sql, params, binary=True).fetchall()
        return db.connection.execute(sqlite_driver_sql or sql, params).fetchall()


def _read_index(terms: list[str]) -> tuple[list[tuple], list[tuple]]:
    """The posting rows of these terms and every segment (with its deleted documents), in
    one plain SQL statement: the ORM's per-row work, or a second round trip, would be a
    large part of a query's time. On PostgreSQL the rows of segments already read come
    from the process (postings.py)."""
    vendor = connections[DEFAULT_DB_ALIAS].vendor
    if vendor == "postgresql":
        return read_postgresql(terms, _run)
    rows = _run(_index_sql(len(terms)), terms, sqlite_driver_sql=_index_sql(len(terms), True))
    return ([row[:6] for row in rows if row[1] is not None],
            [(row[0], row[6], row[7], row[5], row[3]) for row in rows if row[1] is None])


def _rank(terms: list[str], filters: list[str], exclude: np.ndarray, top: int,
          all_words: bool, index: tuple[list[tuple], list[tuple]] | None = None) -> _Ranked:
    rows, segment_rows = index or _read_index(terms + filters)
    segments = {sid: (lo, hi, n, deleted) for sid, lo, hi, n, deleted in segment_rows}
    documents = max(1, sum(v[2] for v in segments.values()))
    if len(terms) == 1 and not filters and not any(row[2] for row in rows):
        return _one_rare_word(rows, segments, documents, exclude, top)
    df: dict[str, int] = {}
    by_segment: dict[int, dict[str, _List]] = {}
    for sid, term, dense, docs, impacts, count in rows:
        df[term] = df.get(term, 0) + count
        by_segment.setdefault(sid, {})[term] = _List(dense, docs, impacts, count)
    weights = {t: math.log(1 + (documents - df.get(t, 0) + 0.5) / (df.get(t, 0) + 0.5))
               for t in terms}
    found_ids: list[np.ndarray] = []
    found_scores: list[np.ndarray] = []
    total = 0
    for sid, lists in by_segment.items():
        if sid not in segments or any(f not in lists for f in filters):
            continue
        present = [t for t in terms if t in lists]
        if not present or (all_words and len(present) < len(terms)):
            continue
        lo, hi, _, deleted = segments[sid]
        gone = _gone(deleted, exclude, lo, hi)
        matched, ranked, count = _segment_matches(lists, present, weights, filters,
                                                  hi - lo + 1, all_words, gone, top)
        total += count
        if not len(matched):
            continue
        if len(ranked) > max(4 * top, 4096):  # bounds what the segments hand on
            matched, ranked = _cut(matched, ranked, top)
        found_ids.append(np.add(matched, lo, dtype=np.int64))
        found_scores.append(ranked)
    return _best(found_ids, found_scores, total, top)


def _gone(deleted: bytes, exclude: np.ndarray, lo: int, hi: int) -> np.ndarray | None:
    """The documents of a segment to leave out, as ids relative to it: deleted documents
    are the segment's own list, not a scan of the dead rows; case-number hits are shown
    first and not again."""
    gone = np.frombuffer(deleted, dtype=np.uint32) if deleted else None
    if len(exclude):
        extra = (exclude[(exclude >= lo) & (exclude <= hi)] - lo).astype(np.uint32)
        if len(extra):
            gone = extra if gone is None else np.concatenate((gone, extra))
    return gone


def _one_rare_word(rows: list[tuple], segments: dict, documents: int, exclude: np.ndarray,
                   top: int) -> _Ranked:
    """One word, sparse in every segment (a rare word, a common kind of query): its
    documents are its posting lists, so the segments' lists are joined and ranked once.
    The same results as segment by segment, without a dozen small array operations for
    each segment (36 segments at a million items)."""
    weight = np.float32(math.log(1 + (documents - sum(r[5] for r in rows) + 0.5)
                                 / (sum(r[5] for r in rows) + 0.5)))
    found_ids: list[np.ndarray] = []
    found_scores: list[np.ndarray] = []
    for sid, _term, _dense, docs, impacts, _count in rows:
        if sid not in segments:
            continue
        lo, hi, _, deleted = segments[sid]
        ids = np.frombuffer(docs, dtype=np.uint32)
        scores = np.frombuffer(impacts, dtype=np.uint8)
        gone = _gone(deleted, exclude, lo, hi)
        if gone is not None and len(gone) and len(ids):
            keep = ~np.isin(ids, gone)
            ids, scores = ids[keep], scores[keep]
        found_ids.append(np.add(ids, lo, dtype=np.int64))
        found_scores.append(scores)
    if found_scores:
        found_scores = [(np.concatenate(found_scores) if len(found_scores) > 1
                         else found_scores[0]) * weight]
        found_ids = [np.concatenate(found_ids) if len(found_ids) > 1 else found_ids[0]]
    return _best(found_ids, found_scores, len(found_ids[0]) if found_ids else 0, top)


def _best(found_ids: list[np.ndarray], found_scores: list[np.ndarray], total: int,
          top: int) -> _Ranked:
    """The best `top` of the segments' matches, in order."""
    if not found_ids or not sum(len(f) for f in found_ids):
        return _Ranked(np.empty(0, np.int64), np.empty(0, np.float64), total)
    ids = np.concatenate(found_ids) if len(found_ids) > 1 else found_ids[0]
    scores = np.concatenate(found_scores) if len(found_scores) > 1 else found_scores[0]
    ids, scores = _cut(ids, scores, top)
    # Equal scores are common (impacts are quantised): the id breaks ties, newest first, so
    # every page of a result list agrees with the others. Ids are unique, so the ascending
    # order by (score, id) reversed is the descending one, without negated copies.
    order = np.lexsort((ids, scores))[::-1][:top]
    return _Ranked(ids[order], scores[order].astype(np.float64), total)


def _cut(ids: np.ndarray, scores: np.ndarray, top: int) -> tuple[np.ndarray, np.ndarray]:
    """The entries at or above the top-th best score (ties included): only those can be
    shown, so the tie-break works on them, not on every match."""
    if len(scores) <= top:
        return ids, scores
    cut = len(scores) - top
    keep = np.flatnonzero(scores >= np.partition(scores, cut)[cut])
    return ids[keep], scores[keep]


@dataclass
class _Window:
    """One page of a search before its documents are read: (id, score, by case number)."""

    results: SearchResults
    ordered: list[tuple[int, float, bool]]
    terms: list[str]


def _ranked_window(query: str, *, council: int | None, year: int | None,
                   meeting_kind: str | None, target_group: int | None,
                   focus_area: int | None, page: int, per_page: int) -> _Window:
    query = " ".join(query.split())[:MAX_QUERY]
    page = max(1, page)
    results = SearchResults(query=query, page=page, per_page=per_page)
    if not query:
        return _Window(results, [], [])
    terms = analyser().query_terms(query)[:MAX_TERMS]
    results.terms = terms
    filters = _filter_terms(council, year, meeting_kind, target_group, focus_area)
    case_ids = _case_matches(query, council, year, meeting_kind, target_group, focus_area)
    ranked = _Ranked(np.empty(0, np.int64), np.empty(0, np.float64), 0)
    # A case number found as such is the answer; its digits as words would only add noise
    # (and differ between the databases' tokenisers).
    if terms and not (case_ids and len(query.split()) == 1):
        exclude = np.array(case_ids, dtype=np.int64)
        # A page past the end ranks more than there are: the last page is among them.
        top = page * per_page
        index = _read_index(terms + filters)
        ranked = _rank(terms, filters, exclude, top, all_words=True, index=index)
        if ranked.total == 0 and len(terms) > 1:
            ranked = _rank(terms, filters, exclude, top, all_words=False, index=index)
            results.some_words = ranked.total > 0
    results.total = len(case_ids) + ranked.total
    results.pages = math.ceil(results.total / per_page)
    if results.pages and page > results.pages:
        results.page = page = results.pages
    ordered = [(i, 0.0, True) for i in case_ids]
    ordered += [(int(i), float(s), False) for i, s in zip(ranked.ids.tolist(),
                                                           ranked.scores.tolist(), strict=True)]
    return _Window(results, ordered[(page - 1) * per_page: page * per_page], terms)


def rank(query: str, *, council: int | None = None, year: int | None = None,
         meeting_kind: str | None = None, target_group: int | None = None,
         focus_area: int | None = None, page: int = 1,
         per_page: int = 20) -> tuple[SearchResults, list[int]]:
    """The ranking alone: the results' counts and the ids of the page's documents, without
    reading them or making snippets (the benchmark's 'bare' comparison)."""
    window = _ranked_window(query, council=council, year=year, meeting_kind=meeting_kind,
                            target_group=target_group, focus_area=focus_area, page=page,
                            per_page=per_page)
    return window.results, [i for i, _, _ in window.ordered]


def search(query: str, *, council: int | None = None, year: int | None = None,
           meeting_kind: str | None = None, target_group: int | None = None,
           focus_area: int | None = None, page: int = 1, per_page: int = 20) -> SearchResults:
    started = time.perf_counter()
    window = _ranked_window(query, council=council, year=year, meeting_kind=meeting_kind,
                            target_group=target_group, focus_area=focus_area, page=page,
                            per_page=per_page)
    results = window.results
    if window.ordered:
        # One query for the page: the shown columns and the start of the text (snippets
        # come from the first SNIPPET_CHARS characters), as tuples. Live documents only:
        # the ranking may be a moment behind a withdrawal on PostgreSQL (postings.py).
        rows = {row[0]: row for row in SearchDocument.objects
                .filter(id__in=[i for i, _, _ in window.ordered], is_live=True)
                .annotate(text=Substr(F("body"), 1, SNIPPET_CHARS))
                .values_list(*_HIT_FIELDS, "text")}
        shown = [(rows[i], score, by_case) for i, score, by_case in window.ordered if i in rows]
        snippets = analyser().snippets([row[-1] or row[11] for row, _, _ in shown],
                                       window.terms)
        urls = _Urls()
        results.hits = [
            Hit(document=doc, score=score, snippet=snippet, url=urls.of(doc),
                case_number_match=by_case)
            for (row, score, by_case), snippet in zip(shown, snippets, strict=True)
            for doc in (_document(row),)
        ]
    results.elapsed_ms = (time.perf_counter() - started) * 1000
    return results


def _document(row: tuple) -> HitDocument:
    (id_, kind, item_id, attachment_id, meeting_id, council_name, council_slug, meeting_kind,
     date, item_number, position, title, case_number, hearing_id, _text) = row
    return HitDocument(id_, kind, item_id, attachment_id, meeting_id,
                       HitCouncil(council_name, council_slug), meeting_kind, date, item_number,
                       position, title, case_number, hearing_id)


class _Urls:
    """Public URLs of the hits: reverse() once per kind of page, then the ids put in (a
    reverse() per hit was a tenth of a search)."""

    _SLUG, _ID, _ATT = "slug-0-x", 900000001, 900000002

    def __init__(self) -> None:
        self._meeting: str | None = None
        self._attachment: str | None = None

    def of(self, doc: HitDocument) -> str:
        if doc.hearing_id is not None:
            return reverse("hearings:public-detail", args=[doc.council.slug, doc.hearing_id])
        if doc.attachment_id is not None:
            if self._attachment is None:
                self._attachment = reverse("meetings:public-attachment",
                                           args=[self._SLUG, self._ID, self._ATT])
            return (self._attachment.replace(self._SLUG, doc.council.slug, 1)
                    .replace(str(self._ID), str(doc.meeting_id), 1)
                    .replace(str(self._ATT), str(doc.attachment_id), 1))
        if self._meeting is None:
            self._meeting = reverse("front:meeting", args=[self._SLUG, self._ID])
        page = (self._meeting.replace(self._SLUG, doc.council.slug, 1)
                .replace(str(self._ID), str(doc.meeting_id), 1))
        return f"{page}#punkt-{doc.position}"
