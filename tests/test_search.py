"""The search engine: Danish stemming, ranking, filters, snippets, case numbers, and that
only what the public sees is ever found (issue 4)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from udsatteraad.councils.models import FocusArea, TargetGroup
from udsatteraad.meetings.models import AgendaItem, Attachment, Meeting
from udsatteraad.search import indexing
from udsatteraad.search.engine import search
from udsatteraad.search.models import SearchDocument, SearchPosting, SearchSegment
from udsatteraad.search.text import SnowballAnalyser

pytestmark = pytest.mark.django_db


def make_meeting(council, *, day=dt.date(2025, 3, 10), status=Meeting.Status.AGENDA_PUBLISHED,
                 kind=Meeting.Kind.ORDINARY, items=()):
    start = timezone.make_aware(dt.datetime.combine(day, dt.time(16, 0)))
    meeting = Meeting.objects.create(council=council, title=f"Møde {day}", start=start,
                                     status=status, kind=kind)
    for n, fields in enumerate(items, start=1):
        AgendaItem.objects.create(meeting=meeting, number=n, position=n, **fields)
    indexing.reindex_meeting(meeting=meeting)
    return meeting


def titles(results):
    return [h.document.title for h in results.hits]


def test_danish_stems_find_inflected_forms(world):
    make_meeting(world.council, items=[
        {"title": "Indsatser mod hjemløshed", "summary": "Status."},
        {"title": "Den hjemløse borger", "summary": "En hjemløs mand fortæller."},
        {"title": "Næste møde", "summary": "Rådet planlægger sine møder."},
        {"title": "Budget", "summary": "Intet om emnet."},
    ])
    found = titles(search("hjemløse"))
    assert sorted(found) == ["Den hjemløse borger", "Indsatser mod hjemløshed"]
    assert titles(search("møder")) == ["Næste møde"]
    analyser = SnowballAnalyser()
    assert analyser.query_terms("hjemløse hjemløshed hjemløs") == ["hjemløs"]
    assert analyser.query_terms("og i på") == []  # stop words only


def test_title_and_frequency_rank_higher(world):
    make_meeting(world.council, items=[
        {"title": "Orientering", "summary": "Kort nævnt: misbrug."},
        {"title": "Misbrug blandt unge", "summary": "Misbrug og behandling af misbrug."},
        {"title": "Diverse", "summary": "Misbrug, misbrug og misbrug igen i teksten."},
    ])
    found = titles(search("misbrug"))
    assert found[0] == "Misbrug blandt unge"
    assert found[-1] == "Orientering"


def test_every_word_required_else_some_words(world):
    make_meeting(world.council, items=[
        {"title": "Bolig til hjemløse", "summary": "Boliger og hjemløshed."},
        {"title": "Bolig", "summary": "Kun boliger."},
    ])
    both = search("hjemløse bolig")
    assert titles(both) == ["Bolig til hjemløse"] and not both.some_words
    some = search("hjemløse zebraer")
    assert some.some_words and titles(some) == ["Bolig til hjemløse"]
    assert search("zebraer").total == 0


def test_filters(world):
    housing = TargetGroup.objects.create(name="Hjemløse", slug="hjemloese")
    poverty = FocusArea.objects.create(name="Fattigdom", slug="fattigdom")
    old = make_meeting(world.council, day=dt.date(2021, 5, 1), items=[
        {"title": "Værestedet i 2021", "summary": "Værested."}])
    make_meeting(world.council, day=dt.date(2024, 5, 1), kind=Meeting.Kind.THEME_DAY, items=[
        {"title": "Værestedet på temadagen", "summary": "Værested."}])
    make_meeting(world.other_council, day=dt.date(2024, 6, 1), items=[
        {"title": "Værested i kommunen", "summary": "Værested."}])
    item = old.items.get()
    item.target_groups.add(housing)
    item.focus_areas.add(poverty)
    indexing.reindex_meeting(meeting=old)

    assert search("værested").total == 3
    assert titles(search("værested", council=world.other_council.pk)) == ["Værested i kommunen"]
    assert titles(search("værested", year=2021)) == ["Værestedet i 2021"]
    assert titles(search("værested", meeting_kind="theme_day")) == ["Værestedet på temadagen"]
    assert titles(search("værested", target_group=housing.pk)) == ["Værestedet i 2021"]
    assert titles(search("værested", focus_area=poverty.pk)) == ["Værestedet i 2021"]
    assert search("værested", council=world.council.pk, year=2030).total == 0


def test_snippet_marks_matches_and_escapes(world):
    make_meeting(world.council, items=[{
        "title": "Udsatterådets arbejde",
        "case_presentation": "Rådet drøftede de hjemløses vilkår, antal < 5 & flere, "
                             "og hjemløshed i byen.",
    }])
    hit = search("hjemløse").hits[0]
    assert "<mark>hjemløses</mark>" in hit.snippet
    assert "<mark>hjemløshed</mark>" in hit.snippet
    assert "&lt; 5 &amp; flere" in hit.snippet  # the text is escaped; only <mark> is markup
    assert hit.url.endswith("#punkt-1") and "/raad/testraad/moeder/" in hit.url


def test_case_number_search(world):
    make_meeting(world.council, items=[
        {"title": "Sag med nummer", "case_number": "21/874", "summary": "Tekst."},
        {"title": "Anden sag", "case_number": "EMN-2021-01234", "summary": "Tekst."},
    ])
    result = search("21/874")
    assert result.hits[0].document.title == "Sag med nummer"
    assert result.hits[0].case_number_match
    assert titles(search("emn-2021-01234")) == ["Anden sag"]
    assert titles(search("EMN-2021"))[0] == "Anden sag"  # a prefix finds it too
    assert search("21/874").total == 1  # not also every text with "21" and "874"


def test_closed_items_and_attachments_never_found(world):
    meeting = make_meeting(world.council, items=[
        {"title": "Åbent punkt", "summary": "Almindelig tekst om kaffe."},
        {"title": "Lukket punkt", "summary": "Fortroligt om en borger, hemmeligord.",
         "is_public": False},
    ])
    open_item = meeting.items.get(title="Åbent punkt")
    Attachment.objects.create(item=open_item, title="Åbent bilag", text="Bilagstekst solsikke.")
    Attachment.objects.create(item=open_item, title="Lukket bilag", is_public=False,
                              text="Lukket bilagstekst brombær.")
    Attachment.objects.create(item=meeting.items.get(title="Lukket punkt"),
                              title="Bilag til lukket punkt", text="Tekst hyldebær.")
    indexing.reindex_meeting(meeting=meeting)
    assert search("hemmeligord").total == 0
    assert search("Lukket").total == 0
    assert search("brombær").total == 0
    assert search("hyldebær").total == 0
    hit = search("solsikke").hits[0]
    assert hit.document.kind == "attachment" and "/bilag/" in hit.url
    assert SearchDocument.objects.filter(title__icontains="lukket").count() == 0


def test_planned_meetings_and_unpublished_decisions_not_found(world):
    make_meeting(world.council, status=Meeting.Status.PLANNED, items=[
        {"title": "Planlagt punkt", "summary": "Kommende rosenkål."}])
    meeting = make_meeting(world.council, items=[
        {"title": "Punkt med beslutning", "summary": "Dagsorden.",
         "decision": "Udkast til beslutning om blomkål."}])
    assert search("rosenkål").total == 0
    assert search("blomkål").total == 0  # minutes not published yet
    Meeting.objects.filter(pk=meeting.pk).update(status=Meeting.Status.MINUTES_PUBLISHED)
    indexing.reindex_meeting(meeting=meeting)
    assert search("blomkål").total == 1


def test_reindex_replaces_old_text_and_cancel_removes(world):
    meeting = make_meeting(world.council, items=[{"title": "Punkt", "summary": "Gammel ordlyd."}])
    assert search("gammel").total == 1
    meeting.items.update(summary="Ny ordlyd.")
    indexing.reindex_meeting(meeting=meeting)
    assert search("gammel").total == 0
    assert search("ny ordlyd").total == 1
    Meeting.objects.filter(pk=meeting.pk).update(status=Meeting.Status.CANCELLED)
    indexing.reindex_meeting(meeting=meeting)
    assert search("ordlyd").total == 0


def test_publishing_appends_and_maintenance_merges(world):
    from udsatteraad.search import maintenance

    meetings = [make_meeting(world.council, day=dt.date(2025, 1, d),
                             items=[{"title": f"Punkt {d}", "summary": "Fællestekst."}])
                for d in range(1, 5)]
    assert SearchSegment.objects.count() == 4
    # Republishing appends a fifth small segment and merges nothing.
    indexing.reindex_meeting(meeting=meetings[0])
    assert SearchSegment.objects.count() == 5
    assert search("fællestekst").total == 4
    report = maintenance.maintain()
    assert report.merges == 1 and report.segments_merged == 5 and report.purged == 1
    assert SearchSegment.objects.count() == 1
    assert search("fællestekst").total == 4
    assert not SearchDocument.objects.filter(is_live=False).exists()  # purged by the merge
    assert maintenance.maintain().merges == 0  # nothing left to do: idempotent


def test_rebuild_and_dense_postings_and_pagination(world):
    make_meeting(world.council, items=[
        {"title": f"Punkt {n}", "summary": "Borgerne og rådet." + " ekstra" * (n % 3)}
        for n in range(1, 46)
    ])
    figures = indexing.rebuild_index()
    assert figures["documents"] == 45 and figures["segments"] == 1
    # "borger" is in every document, so it is stored dense.
    assert SearchPosting.objects.get(term="borg").dense
    first, third = search("borgerne", page=1), search("borgerne", page=3)
    assert first.total == 45 and first.pages == 3
    assert len(first.hits) == 20 and len(third.hits) == 5
    shown = {h.document.pk for p in (1, 2, 3) for h in search("borgerne", page=p).hits}
    assert len(shown) == 45
    assert search("borgerne", page=99).page == 3  # past the end: the last page
    ekstra = search("ekstra borgerne")
    assert ekstra.total == 30  # n % 3 != 0


def test_optimize_command_purges_dead_documents(world):
    from io import StringIO

    from django.core.management import call_command

    meeting = make_meeting(world.council, items=[{"title": "Punkt", "summary": "Tekst."}])
    indexing.reindex_meeting(meeting=meeting)
    assert SearchDocument.objects.filter(is_live=False).count() == 1
    out = StringIO()
    call_command("search_index", "--optimize", stdout=out)
    assert "0 døde dokumenter" in out.getvalue()
    assert SearchSegment.objects.count() == 1
    assert search("tekst").total == 1
    call_command("search_index", "--rebuild", stdout=out)
    assert "1 dokumenter" in out.getvalue()
