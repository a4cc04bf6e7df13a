"""Search index maintenance, off the request path (issue 18): merge the small segments that
publishing appends, rewrite segments with many deleted documents, purge the dead documents'
rows, and refresh the planner's statistics afterwards.

`manage.py search_maintain` runs `maintain()`; the scheduler runs it every few minutes. Each
merge is bounded (at most MERGE_BUDGET documents read, in a transaction of its own that locks
only the segments it merges), so publishing never waits long for it and memory stays small.
Dead documents are found through their segments' deleted lists, never by scanning the rows.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
from django.db import transaction

from .indexing import _mark_orphans_dead, _segment_from_rows
from .models import SearchDocument, SearchPosting, SearchSegment
from .segments import refresh_statistics

SMALL_SEGMENT = 5_000  # segments below this many documents are merged with each other
MIN_SMALL_MERGE = 4  # ... once this many have accumulated (fewer: a query reads a few rows)
DEAD_SHARE = 0.2  # a segment more than this share dead is rewritten without its dead
MERGE_BUDGET = 50_000  # documents one merge reads and analyses: bounds time and memory
MAX_MERGES = 8  # merges one run does at most; the next run does the rest


@dataclass
class Report:
    merges: int = 0
    segments_merged: int = 0
    purged: int = 0  # dead documents' rows deleted
    segments: int = 0  # segments after the run
    dead: int = 0  # dead documents still counted in segments after the run
    details: list[str] = field(default_factory=list)


def plan_merge(*, force: bool = False) -> list[int]:
    """The segments of the next merge (ids, oldest first), or [] when there is nothing
    worth doing. Reads the segment rows only: their sizes and dead counts."""
    rows = list(SearchSegment.objects.order_by("id")
                .values_list("id", "doc_count", "dead_count"))
    chosen: list[int] = []
    budget = MERGE_BUDGET
    small = [(sid, n, dead) for sid, n, dead in rows if n < SMALL_SEGMENT]
    if len(small) >= (2 if force else MIN_SMALL_MERGE):
        for sid, n, dead in small:
            if n - dead > budget and chosen:
                break
            chosen.append(sid)
            budget -= n - dead
    if len(chosen) < 2:
        chosen = []
    # Segments mostly dead (with force: any dead at all) are rewritten alone, one a run
    # when nothing small is waiting.
    if not chosen:
        for sid, n, dead in rows:
            if dead and (force or dead > DEAD_SHARE * n) and n - dead <= MERGE_BUDGET:
                return [sid]
    return chosen


def merge(segment_ids: list[int]) -> tuple[int, int]:
    """Replace these segments by one holding their live documents; delete their dead
    documents' rows. Returns (segments merged, dead rows purged)."""
    with transaction.atomic():
        segments = list(SearchSegment.objects.select_for_update()
                        .filter(id__in=segment_ids).order_by("id"))
        if not segments:
            return 0, 0
        ids = [s.id for s in segments]
        dead: list[int] = []
        for s in segments:
            rel = np.frombuffer(bytes(s.deleted), dtype=np.uint32)
            dead += (rel.astype(np.int64) + s.min_doc).tolist()
        for chunk in range(0, len(dead), 900):
            SearchDocument.objects.filter(id__in=dead[chunk:chunk + 900],
                                          segment_id__in=ids).delete()
        live = list(SearchDocument.objects.filter(segment_id__in=ids, is_live=True)
                    .order_by("id").values("id", "title", "body", "council_id", "date",
                                           "meeting_kind", "kind", "item_id"))
        # Dead before the deleted lists existed, or marked without one: purged as well.
        stray = SearchDocument.objects.filter(segment_id__in=ids, is_live=False)
        purged = len(dead) + stray.delete()[0]
        SearchDocument.objects.filter(segment_id__in=ids).update(segment=None)
        SearchPosting.objects.filter(segment_id__in=ids).delete()
        SearchSegment.objects.filter(id__in=ids).delete()
        _segment_from_rows(live)
        return len(ids), purged


def maintain(*, force: bool = False, max_merges: int = MAX_MERGES,
             orphans: bool = False) -> Report:
    """One maintenance run: bounded merges, then fresh statistics if anything changed.
    force (the nightly run): merge any two small segments and rewrite every segment with a
    dead document. orphans: also find documents whose item was deleted behind the index's
    back (a scan of the live documents; nightly at most)."""
    report = Report()
    if orphans:
        _mark_orphans_dead()
    for _ in range(max_merges):
        plan = plan_merge(force=force)
        if not plan:
            break
        merged, purged = merge(plan)
        report.merges += 1
        report.segments_merged += merged
        report.purged += purged
    if report.merges:
        refresh_statistics()
    totals = list(SearchSegment.objects.values_list("dead_count", flat=True))
    report.segments, report.dead = len(totals), sum(totals)
    return report
