"""Write side of the search index: what is public becomes SearchDocuments, and documents
become segments of postings.

Only what the public projection shows is indexed (udsatteraad/policy/projection.py, as the
meeting page): open items of public meetings; decisions and minority statements only from
published minutes, and then from the latest published version (the snapshot), never from
unpublished edits; open attachments of open items. `reindex_meeting` runs inside the
transaction of the change, so the index changes when the publication does, and a rolled-back
publication leaves no trace.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import pickle
import tempfile
import time
from collections import deque
from collections.abc import Callable, Iterable, Mapping, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass
from typing import Any

import numpy as np
from django.core.management.color import no_style
from django.db import connection, transaction
from django.utils import timezone

from udsatteraad.lib.text import plain_text
from udsatteraad.meetings.models import AgendaItem, Attachment, Meeting
from udsatteraad.policy.projection import project
from udsatteraad.policy.public import held_or_coming_public_meetings, public_hearings

from .models import SearchDocument, SearchPosting, SearchSegment
from .segments import (
    SegmentData,
    arrange,
    arrange_file,
    build_segment,
    refresh_statistics,
    write_segment,
)
from .text import analyser, clean

FILTER_PREFIX = "\x01"  # filter terms cannot collide with words: no word starts with \x01


def filter_term(kind: str, value: object) -> str:
    """Filters are terms too: the documents of a council, a year, a meeting kind, a target
    group or a focus area are a posting list like any word's."""
    return f"{FILTER_PREFIX}{kind}:{value}"


# Extraction -----------------------------------------------------------------------------

@dataclass
class _Doc:
    fields: dict
    target_groups: list[int]
    focus_areas: list[int]


def case_key(value: str) -> str:
    return "".join(ch for ch in value.lower() if ch.isalnum())


def _join(*parts: object) -> str:
    out: list[str] = []
    for part in parts:
        if isinstance(part, list | tuple):
            out.extend(str(p) for p in part if p)
        elif part:
            out.append(plain_text(str(part)))
    return clean("\n".join(out))


def _documents_for(meetings: list[Meeting]) -> list[_Doc]:
    """The documents of public meetings, from the public projection (the text of each item
    as the meeting page shows it). Cancelled meetings are not searched: their page says they
    were cancelled, and their items were never discussed."""
    projected = project([m for m in meetings if m.status != Meeting.Status.CANCELLED],
                        history=False)
    if not projected:
        return []
    item_ids = [i.id for pm in projected.values() for i in pm.open_items]
    groups, areas = _item_facets(item_ids)
    # The attachments the projection shows (none while minutes are withdrawn).
    shown = [a["id"] for pm in projected.values() for i in pm.open_items for a in i.attachments]
    attachments: dict[int, list[tuple[int, str, str]]] = {}
    for att in (Attachment.objects.filter(id__in=shown, is_public=True)
                .exclude(text="").order_by("position", "id")
                .values_list("item_id", "id", "title", "text")):
        attachments.setdefault(att[0], []).append(att[1:])
    docs: list[_Doc] = []
    for meeting_id, pm in projected.items():
        meeting = pm.meeting
        common = {"meeting_id": meeting_id, "council_id": meeting.council_id,
                  "meeting_kind": meeting.kind, "date": meeting.start.date()}
        rows: list[dict[str, Any]] = [
                {"id": i.id, "number": i.number, "position": i.position, "title": i.title,
                 "case_number": i.case_number, "summary": i.summary,
                 "recommendations_intro": i.recommendations_intro,
                 "recommendations": i.recommendations, "decision": i.decision,
                 "statements": [s.get("text", "") for s in i.minority_statements],
                 "case_presentation": i.case_presentation} for i in pm.open_items]
        for row in rows:
            item_common = {**common, "item_id": row["id"], "item_number": row.get("number"),
                           "position": row["position"], "case_number": row.get("case_number") or "",
                           "case_key": case_key(row.get("case_number") or "")}
            tg, fa = groups.get(row["id"], []), areas.get(row["id"], [])
            docs.append(_Doc({
                **item_common, "kind": SearchDocument.Kind.ITEM,
                "title": clean(row["title"])[:400],
                "body": _join(row.get("summary"), row.get("recommendations_intro"),
                              row.get("recommendations") or [], row.get("decision"),
                              row.get("statements") or [], row.get("case_presentation")),
            }, tg, fa))
            for att_id, title, text in attachments.get(row["id"], []):
                docs.append(_Doc({**item_common, "kind": SearchDocument.Kind.ATTACHMENT,
                                  "attachment_id": att_id, "title": clean(title)[:400],
                                  "body": clean(text)}, tg, fa))
    return docs


# Segments -------------------------------------------------------------------------------

def _filters_for(rows: Iterable[Mapping[str, Any]], groups: dict[int, list[int]],
                 areas: dict[int, list[int]]) -> list[list[str]]:
    out = []
    for r in rows:
        terms = [filter_term("c", r["council_id"]), filter_term("y", r["date"].year),
                 filter_term("k", r["meeting_kind"]), filter_term("d", r["kind"])]
        terms += [filter_term("t", g) for g in groups.get(r["item_id"], [])]
        terms += [filter_term("f", a) for a in areas.get(r["item_id"], [])]
        out.append(terms)
    return out


def _texts_and_filters(docs: list[_Doc]) -> tuple[list[tuple[str, str]], list[list[str]]]:
    filters = _filters_for([d.fields for d in docs],
                           {d.fields["item_id"]: d.target_groups for d in docs},
                           {d.fields["item_id"]: d.focus_areas for d in docs})
    return [(d.fields["title"], d.fields["body"]) for d in docs], filters


def _index_documents(docs: list[_Doc]) -> list[int]:
    created = SearchDocument.objects.bulk_create(
        [SearchDocument(**d.fields) for d in docs], batch_size=500
    )
    ids = [d.pk for d in created]
    if not ids:
        return ids
    order = sorted(range(len(ids)), key=ids.__getitem__)
    texts, filters = _texts_and_filters(docs)
    build_segment([ids[n] for n in order], [texts[n] for n in order],
                  [filters[n] for n in order])
    return ids


def reindex_meeting(*, meeting: Meeting) -> None:
    """Make the index show exactly what the public sees of this meeting now. Call it inside
    the transaction of every change to what is public about a meeting (publish agenda,
    publish/correct/withdraw minutes, cancel, an item or attachment changed on a public
    meeting, an import saved). Safe for non-public meetings: it removes their documents.

    It only appends: the old documents are marked dead and the new ones become one small
    segment. Merging is maintenance's work (search_maintain), never a publisher's wait."""
    with transaction.atomic():
        meeting = Meeting.objects.select_related("council").get(pk=meeting.pk)
        mark_dead(list(SearchDocument.objects.filter(meeting=meeting, is_live=True)
                       .values_list("id", flat=True)))
        _index_documents(_documents_for([meeting]))


def _hearing_documents(hearings: Iterable[Any]) -> list[_Doc]:
    """A published hearing response or statement is one document: its title and the
    approved text, the description and the outcome (what its public page shows)."""
    docs = []
    for h in hearings:
        day = timezone.localdate(h.published_at)
        docs.append(_Doc({
            "kind": SearchDocument.Kind.HEARING, "hearing_id": h.pk, "item_id": None,
            "meeting_id": None, "council_id": h.council_id, "meeting_kind": "",
            "date": day, "item_number": None, "position": 1,
            "case_number": h.case_number, "case_key": case_key(h.case_number),
            "title": clean(h.title)[:400],
            "body": _join(h.description, h.approved_draft.text if h.approved_draft else "",
                          h.recipient, h.outcome),
        }, [], []))
    return docs


def reindex_hearing(*, hearing: Any) -> None:
    """Make the index show what the public sees of one hearing response now (inside the
    transaction that published or changed it); a response that is not public is removed.
    Like reindex_meeting it only appends; merging is maintenance's work."""
    with transaction.atomic():
        mark_dead(list(SearchDocument.objects.filter(
            kind=SearchDocument.Kind.HEARING, hearing_id=hearing.pk, is_live=True)
            .values_list("id", flat=True)))
        _index_documents(_hearing_documents(
            public_hearings().filter(pk=hearing.pk).select_related("approved_draft")))


def mark_dead(doc_ids: list[int]) -> None:
    """Take documents out of the search: each one's id goes into its segment's deleted
    list, which every query reads with the segment (is_live is kept for the case-number
    lookup and the admin)."""
    if not doc_ids:
        return
    with transaction.atomic():
        # The segments are locked before any document row is written: a merge holding a
        # segment's lock and waiting for a row this wrote would be a deadlock.
        for _attempt in range(5):
            where = dict(SearchDocument.objects.filter(id__in=doc_ids, segment__isnull=False)
                         .values_list("id", "segment_id"))
            segments = {s.id: s for s in SearchSegment.objects.select_for_update()
                        .filter(id__in=set(where.values())).order_by("id")}
            # A merge may have moved the documents while we waited for its lock: re-read
            # where they are now, under the lock, and try again if they moved.
            again = dict(SearchDocument.objects.filter(id__in=doc_ids, segment__isnull=False)
                         .values_list("id", "segment_id"))
            if again == where and set(where.values()) <= set(segments):
                break
        else:
            raise RuntimeError("search segments kept moving while marking documents dead")
        SearchDocument.objects.filter(id__in=doc_ids, is_live=True).update(is_live=False)
        by_segment: dict[int, list[int]] = {}
        for doc_id, segment_id in where.items():
            by_segment.setdefault(segment_id, []).append(doc_id)
        for segment_id, ids in by_segment.items():
            segment = segments[segment_id]
            old = np.frombuffer(bytes(segment.deleted), dtype=np.uint32)
            new = np.array(ids, dtype=np.int64) - segment.min_doc
            deleted = np.union1d(old, new).astype(np.uint32)
            segment.deleted = deleted.tobytes()
            segment.dead_count = len(deleted)
            segment.save(update_fields=["deleted", "dead_count"])


def _mark_orphans_dead() -> None:
    """Documents whose meeting, item or attachment was deleted without a reindex (e.g. in
    the Django admin) are dead."""
    live = SearchDocument.objects.filter(is_live=True)
    # A hearing response's document has no meeting or item: it is an orphan when the
    # response is no longer public.
    orphans = set(live.filter(kind=SearchDocument.Kind.HEARING)
                  .exclude(hearing_id__in=public_hearings().values("id"))
                  .values_list("id", flat=True))
    live = live.exclude(kind=SearchDocument.Kind.HEARING)
    orphans |= set(live.exclude(meeting_id__in=Meeting.objects.values("id"))
                  .values_list("id", flat=True))
    orphans |= set(live.exclude(item_id__in=AgendaItem.objects.values("id"))
                   .values_list("id", flat=True))
    orphans |= set(live.filter(attachment__isnull=False)
                   .exclude(attachment_id__in=Attachment.objects.values("id"))
                   .values_list("id", flat=True))
    mark_dead(sorted(orphans))


def _item_facets(item_ids: list[int]) -> tuple[dict[int, list[int]], dict[int, list[int]]]:
    groups: dict[int, list[int]] = {}
    areas: dict[int, list[int]] = {}
    for chunk in range(0, len(item_ids), 5000):
        part = item_ids[chunk:chunk + 5000]
        for item_id, gid in (AgendaItem.target_groups.through.objects
                             .filter(agendaitem_id__in=part)
                             .values_list("agendaitem_id", "targetgroup_id")):
            groups.setdefault(item_id, []).append(gid)
        for item_id, aid in (AgendaItem.focus_areas.through.objects
                             .filter(agendaitem_id__in=part)
                             .values_list("agendaitem_id", "focusarea_id")):
            areas.setdefault(item_id, []).append(aid)
    return groups, areas


def _segment_from_rows(rows: Sequence[Mapping[str, Any]]) -> SearchSegment | None:
    if not rows:
        return None
    groups, areas = _item_facets(sorted({r["item_id"] for r in rows
                                         if r["item_id"] is not None}))
    segment = build_segment([r["id"] for r in rows], [(r["title"], r["body"]) for r in rows],
                            _filters_for(rows, groups, areas))
    return segment


_DOC_COLUMNS = ("id", "kind", "item_id", "attachment_id", "meeting_id", "council_id",
                "meeting_kind", "date", "item_number", "position", "title", "case_number",
                "case_key", "body", "is_live", "created", "hearing_id")


def _insert_documents(docs: list[_Doc], first_id: int) -> list[int]:
    """Insert documents with ids from first_id, in one executemany: a full rebuild writes
    a million rows, where bulk_create's per-field preparation would dominate."""
    now = connection.ops.adapt_datetimefield_value(timezone.now())
    day = connection.ops.adapt_datefield_value
    rows = []
    for n, doc in enumerate(docs):
        f = doc.fields
        rows.append((first_id + n, f["kind"], f["item_id"], f.get("attachment_id"),
                     f["meeting_id"], f["council_id"], f["meeting_kind"], day(f["date"]),
                     f["item_number"], f["position"], f["title"], f["case_number"],
                     f["case_key"], f["body"], True, now, f.get("hearing_id")))
    table = SearchDocument._meta.db_table
    columns = ", ".join(connection.ops.quote_name(c) for c in _DOC_COLUMNS)
    marks = ", ".join(["%s"] * len(_DOC_COLUMNS))
    with connection.cursor() as cursor:
        cursor.executemany(f"INSERT INTO {table} ({columns}) VALUES ({marks})",  # noqa: S608
                           rows)
    return [first_id + n for n in range(len(docs))]


def rebuild_index(*, batch_size: int = 25_000, workers: int | None = None,
                  progress: Callable[[str], None] | None = None) -> dict:
    """Drop the index and build it again from every public meeting. Returns figures
    (documents, segments, postings, seconds).

    Streamed, in bounded memory: meetings are read up to 200 at a time and their documents
    written at once; only the texts of the current batch (batch_size documents) are kept,
    and each full batch goes to a worker through a temp file, one batch a worker at a time.
    The main process reads the archive and writes rows; analysis and arrangement of each
    batch run in worker processes meanwhile. The planner's statistics are refreshed at the
    end."""
    started = time.perf_counter()
    say = progress or (lambda message: None)
    workers = workers if workers is not None else min(2, os.cpu_count() or 1)
    postgres = connection.vendor == "postgresql"
    pool: ProcessPoolExecutor | None = None
    pending: deque[Future[SegmentData]] = deque()
    batch_files: list[str] = []
    documents = 0

    def submit(texts: list[tuple[str, str]], filters: list[list[str]],
               ids: list[int]) -> None:
        if pool is None:
            write_segment(arrange(ids, analyser().analyse(texts), filters), by_range=True)
            return
        # The batch goes to the worker through a file: the main process then holds only
        # the batch it is reading, not the ones in flight.
        fd, path = tempfile.mkstemp(prefix="udsatteraad-index-", suffix=".pickle")
        batch_files.append(path)
        with os.fdopen(fd, "wb") as f:
            pickle.dump((ids, texts, filters), f, protocol=pickle.HIGHEST_PROTOCOL)
        while len(pending) >= workers:  # at most one batch a worker in flight
            write_segment(pending.popleft().result(), by_range=True)
        pending.append(pool.submit(arrange_file, path))

    try:
        with transaction.atomic():
            with connection.cursor() as cursor:
                if postgres:
                    # Publishing meanwhile waits (it would take ids the rebuild assigns);
                    # searches go on, reading the old index until the rebuild commits.
                    cursor.execute(f"LOCK TABLE {SearchDocument._meta.db_table} "  # noqa: S608
                                   "IN EXCLUSIVE MODE")
                for model in (SearchPosting, SearchDocument, SearchSegment):
                    cursor.execute(f"DELETE FROM {model._meta.db_table}")  # noqa: S608
            meeting_ids = list(held_or_coming_public_meetings().order_by("id")
                               .values_list("id", flat=True))
            if workers > 1 and len(meeting_ids) * 10 > batch_size:  # more than one batch
                pool = ProcessPoolExecutor(workers,
                                           mp_context=multiprocessing.get_context("fork"))
            texts: list[tuple[str, str]] = []
            filters: list[list[str]] = []
            batch_ids: list[int] = []
            next_id = 1
            # Meetings a read (about 10 documents each): the projection of a step is the
            # largest thing the main process holds.
            step = max(1, min(200, batch_size // 10))
            for start in range(0, len(meeting_ids), step):
                chunk = list(Meeting.objects.filter(id__in=meeting_ids[start:start + step])
                             .select_related("council").order_by("id"))
                docs = _documents_for(chunk)
                batch_ids += _insert_documents(docs, next_id)
                next_id += len(docs)
                more_texts, more_filters = _texts_and_filters(docs)
                del docs, chunk  # the batch keeps the texts only
                texts += more_texts
                filters += more_filters
                documents += len(more_texts)
                if len(texts) >= batch_size:
                    submit(texts, filters, batch_ids)
                    texts, filters, batch_ids = [], [], []
                say(f"{min(start + step, len(meeting_ids))}/{len(meeting_ids)} møder, "
                    f"{documents} dokumenter")
            # The published hearing responses (a few a year per council) in the last batch.
            docs = _hearing_documents(public_hearings().select_related("approved_draft")
                                      .order_by("id"))
            batch_ids += _insert_documents(docs, next_id)
            next_id += len(docs)
            more_texts, more_filters = _texts_and_filters(docs)
            texts += more_texts
            filters += more_filters
            documents += len(more_texts)
            if texts:
                submit(texts, filters, batch_ids)
            del texts, filters
            while pending:
                write_segment(pending.popleft().result(), by_range=True)
            if postgres:
                with connection.cursor() as cursor:
                    for sql in connection.ops.sequence_reset_sql(no_style(), [SearchDocument]):
                        cursor.execute(sql)
    finally:
        if pool is not None:
            pool.shutdown(cancel_futures=True)
        for path in batch_files:  # a worker removes its file; these are left by a failure
            with contextlib.suppress(FileNotFoundError):
                os.unlink(path)
    refresh_statistics(full=True)
    return {
        "documents": documents,
        "segments": SearchSegment.objects.count(),
        "postings": SearchPosting.objects.count(),
        "seconds": round(time.perf_counter() - started, 2),
    }
