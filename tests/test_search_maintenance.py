"""The search index keeps itself (issue 18): publishing only appends a small segment, the
scheduler's `search_maintain` merges them (bounded) and purges dead documents found through
the segments' deleted lists, and a streamed rebuild gives the same index as one batch."""

from __future__ import annotations

import datetime as dt
from io import StringIO

import numpy as np
import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from udsatteraad.meetings import agenda
from udsatteraad.meetings.models import AgendaItem, Meeting
from udsatteraad.search import indexing, maintenance
from udsatteraad.search.engine import rank, search
from udsatteraad.search.models import SearchDocument, SearchPosting, SearchSegment

pytestmark = pytest.mark.django_db


def make_meeting(council, day, items, status=Meeting.Status.AGENDA_PUBLISHED):
    start = timezone.make_aware(dt.datetime.combine(day, dt.time(16, 0)))
    meeting = Meeting.objects.create(council=council, title=f"Møde {day}", start=start,
                                     status=status)
    for n, fields in enumerate(items, start=1):
        AgendaItem.objects.create(meeting=meeting, number=n, position=n, **fields)
    indexing.reindex_meeting(meeting=meeting)
    return meeting


def maintain_output(*args) -> str:
    out = StringIO()
    call_command("search_maintain", *args, stdout=out)
    return out.getvalue()


def test_publishing_appends_segments_and_search_maintain_merges(world, secretary_client,
                                                                monkeypatch):
    def no_merging_here(*args, **kwargs):
        raise AssertionError("a request merged search segments")

    monkeypatch.setattr(maintenance, "merge", no_merging_here)
    meeting = Meeting.objects.create(council=world.council, title="Ordinært møde",
                                     start=timezone.now() + dt.timedelta(days=30))
    agenda.create_item(meeting=meeting, data={"title": "Varmestuer",
                                              "summary": "Flere varmestuer i byen."})
    base = f"/sekretariat/testraad/moeder/{meeting.pk}/"
    assert secretary_client.post(f"{base}offentliggoer/").status_code == 302
    counts = [SearchSegment.objects.count()]
    for n in range(maintenance.MIN_SMALL_MERGE + 2):
        r = secretary_client.post(f"{base}punkter/ny/", {
            "title": f"Natcafé nummer {n}", "summary": "Forslag om natcaféer.",
            "origin": "administration", "is_public": "on", "recommendations": ""})
        assert r.status_code == 302
        counts.append(SearchSegment.objects.count())
    # Every publication appended one segment, none merged inside the request.
    assert counts == list(range(1, maintenance.MIN_SMALL_MERGE + 4))
    assert search("natcaféer").total == maintenance.MIN_SMALL_MERGE + 2
    dead = SearchDocument.objects.filter(is_live=False).count()
    assert dead > 0

    monkeypatch.undo()
    text = maintain_output()
    assert "1 sammenlægninger" in text and "nu 1 segmenter, 0 døde dokumenter" in text
    assert SearchSegment.objects.count() == 1
    assert not SearchDocument.objects.filter(is_live=False).exists()
    assert search("natcaféer").total == maintenance.MIN_SMALL_MERGE + 2
    assert search("varmestuer").total == 1
    assert "0 sammenlægninger" in maintain_output()  # idempotent: nothing left to do


def test_dead_documents_are_in_their_segments_deleted_list(world):
    meeting = make_meeting(world.council, dt.date(2025, 3, 1), [
        {"title": "Gammel overskrift", "summary": "Gammel ordlyd om væresteder."},
        {"title": "Andet punkt", "summary": "Væresteder igen."}])
    first = list(SearchDocument.objects.order_by("id").values_list("id", "segment_id"))
    meeting.items.filter(number=1).update(title="Ny overskrift", summary="Ny ordlyd.")
    indexing.reindex_meeting(meeting=meeting)
    segment = SearchSegment.objects.get(pk=first[0][1])
    deleted = np.frombuffer(bytes(segment.deleted), dtype=np.uint32) + segment.min_doc
    assert sorted(deleted.tolist()) == [doc_id for doc_id, _ in first]
    assert segment.dead_count == 2
    # A query ranks without reading the documents' rows: dead ones come from the segment.
    with CaptureQueriesContext(connection) as captured:
        results, ids = rank("væresteder")
    assert results.total == 1 and len(ids) == 1
    assert not any("search_searchdocument" in q["sql"] for q in captured.captured_queries)
    assert search("gammel").total == 0 and search("ny ordlyd").total == 1


def test_mostly_dead_segment_is_rewritten_and_its_dead_rows_purged(world, monkeypatch):
    monkeypatch.setattr(maintenance, "MIN_SMALL_MERGE", 1_000)  # only the dead share counts
    meeting = make_meeting(world.council, dt.date(2025, 3, 1), [
        {"title": f"Punkt {n}", "summary": "Fælles ord om boliger."} for n in range(1, 6)])
    other = make_meeting(world.council, dt.date(2025, 4, 1), [
        {"title": "Andet møde", "summary": "Boliger til unge."}])
    assert maintenance.plan_merge() == []  # nothing dead yet
    meeting.items.filter(number__gte=3).update(is_public=False)
    indexing.reindex_meeting(meeting=meeting)  # 5 dead in the first segment, 2 new live
    first = SearchSegment.objects.order_by("id").first()
    assert first.dead_count == 5
    assert maintenance.plan_merge() == [first.pk]
    report = maintenance.maintain()
    assert report.merges == 1 and report.purged == 5
    assert SearchDocument.objects.filter(meeting=meeting).count() == 2
    assert search("boliger").total == 3
    assert {h.document.title for h in search("boliger").hits} == {"Punkt 1", "Punkt 2",
                                                                  "Andet møde"}
    assert SearchDocument.objects.filter(meeting=other).count() == 1


def test_merges_are_bounded(world, monkeypatch):
    monkeypatch.setattr(maintenance, "MERGE_BUDGET", 4)
    monkeypatch.setattr(maintenance, "MIN_SMALL_MERGE", 2)
    for day in range(1, 7):
        make_meeting(world.council, dt.date(2025, 5, day), [
            {"title": f"Møde {day} punkt {n}", "summary": "Stormødet drøftede ensomhed."}
            for n in (1, 2)])
    assert SearchSegment.objects.count() == 6
    # One merge reads at most MERGE_BUDGET documents: two segments of two.
    report = maintenance.maintain(max_merges=1)
    assert report.merges == 1 and report.segments_merged == 2
    assert SearchSegment.objects.count() == 5
    assert max(SearchSegment.objects.values_list("doc_count", flat=True)) == 4
    maintenance.maintain()  # the next runs do the rest, each merge as bounded
    assert search("ensomhed").total == 12
    assert max(SearchSegment.objects.values_list("doc_count", flat=True)) <= 4 + 2


def _snapshot(queries: list[str]) -> dict:
    """What the public sees: totals and every page's titles, and the postings as sets."""
    seen = {}
    for q in queries:
        first = search(q, per_page=5)
        pages = [first] + [search(q, per_page=5, page=p) for p in range(2, first.pages + 1)]
        seen[q] = (first.total, sorted(h.document.title for r in pages for h in r.hits))
    postings: dict[str, set[str]] = {}
    titles = dict(SearchDocument.objects.values_list("id", "title"))
    for segment in SearchSegment.objects.all():
        for p in SearchPosting.objects.filter(segment=segment):
            if p.dense:
                rel = np.flatnonzero(np.frombuffer(bytes(p.impacts), dtype=np.uint8))
            else:
                rel = np.frombuffer(bytes(p.docs), dtype=np.uint32)
            postings.setdefault(p.term, set()).update(
                titles[int(i) + segment.min_doc] for i in rel)
    return {"queries": seen, "postings": postings}


@pytest.mark.parametrize("workers", [0, 2])
def test_streamed_rebuild_equals_one_batch(world, workers):
    words = ["hjemløse", "boliger", "væresteder", "misbrug", "ensomhed", "sundhed"]
    for day in range(1, 10):
        make_meeting(world.council, dt.date(2024, 1 + day, 3), [
            {"title": f"Punkt {day}.{n}",
             "summary": " ".join(words[(day + n + k) % len(words)] for k in range(n))}
            for n in range(1, 5)])
    queries = words + ["hjemløse boliger", "misbrug ensomhed sundhed"]
    incremental = _snapshot(queries)
    figures = indexing.rebuild_index(batch_size=1_000, workers=0)
    assert figures["segments"] == 1 and figures["documents"] == 36
    whole = _snapshot(queries)
    streamed_figures = indexing.rebuild_index(batch_size=5, workers=workers)
    assert streamed_figures["documents"] == 36 and streamed_figures["segments"] > 3
    streamed = _snapshot(queries)
    assert streamed == whole == incremental
    assert whole["queries"]["hjemløse boliger"][0] > 0


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's statistics table")
def test_rebuild_refreshes_the_planners_statistics(world):
    make_meeting(world.council, dt.date(2025, 3, 1), [{"title": "Punkt", "summary": "Tekst."}])
    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE IF EXISTS sqlite_stat1")
    indexing.rebuild_index()
    with connection.cursor() as cursor:
        cursor.execute("SELECT DISTINCT tbl FROM sqlite_stat1 WHERE tbl LIKE 'search_%'")
        analysed = {row[0] for row in cursor.fetchall()}
    assert {"search_searchposting", "search_searchdocument"} <= analysed


def test_rare_word_across_segments_leaves_out_dead_documents(world):
    """One word sparse in every segment is ranked from the segments' joined lists: the dead
    documents stay out, the count and order are those of the segment-by-segment ranking."""
    items = [{"title": f"Punkt {n}", "summary": "Almindelige ord om boliger."}
             for n in range(1, 11)]
    first = make_meeting(world.council, dt.date(2025, 3, 1), [
        *items[:8], {"title": "Tandlægeskræk", "summary": "Tandlægeskræk hos hjemløse."},
        {"title": "Andet", "summary": "Om tandlægeskræk."}])
    make_meeting(world.council, dt.date(2025, 4, 1), [
        *items[:9], {"title": "Senere", "summary": "Igen tandlægeskræk."}])
    assert SearchSegment.objects.count() == 2
    assert not SearchPosting.objects.filter(term="tandlægeskræk", dense=True).exists()
    results, ids = rank("tandlægeskræk")
    assert results.total == 3
    titles = dict(SearchDocument.objects.values_list("id", "title"))
    assert titles[ids[0]] == "Tandlægeskræk"  # in the title: three times the weight
    assert sorted(titles[i] for i in ids[1:]) == ["Andet", "Senere"]
    first.items.filter(title="Tandlægeskræk").update(is_public=False)
    indexing.reindex_meeting(meeting=first)
    results, ids = rank("tandlægeskræk")
    assert results.total == 2
    assert "Tandlægeskræk" not in [titles.get(i) for i in ids]
