"""Poster distribution (issue 19): the council's places (from its venues, editable), a print
batch that makes one PDF with a poster for every place, and when each poster was put up."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.utils import timezone
from pypdf import PdfReader

PAGE = "/sekretariat/testraad/letlaest/"


@pytest.fixture
def meeting(world):
    from udsatteraad.meetings.models import AgendaItem, Meeting

    m = Meeting.objects.create(
        council=world.council, title="Ordinært møde", status="minutes_published",
        start=timezone.now() - dt.timedelta(days=14),
        easy_read_published_at=timezone.now(), easy_read_intro="Rådet holdt møde.",
    )
    item = AgendaItem.objects.create(meeting=m, number=1, position=1, title="Huse",
                                     easy_read="Vi talte om huse.")
    m.easy_read_published = {"intro": "Rådet holdt møde.",
                             "items": {str(item.pk): "Vi talte om huse."}}
    m.save(update_fields=["easy_read_published"])
    return m


@pytest.fixture
def places(world, secretary_client):
    """The council's places: Café Test (the region's drop-in centre) and one typed in."""
    from udsatteraad.easyread.models import Place

    assert secretary_client.post(f"{PAGE}steder/hent/").status_code == 302
    response = secretary_client.post(f"{PAGE}steder/ny/", {
        "name": "Varmestuen", "address": "Banegårdspladsen 1", "note": "", "is_active": "on"})
    assert response.status_code == 302
    return list(Place.objects.filter(council=world.council))


def test_places_come_from_the_venues_once(world, secretary_client, places):
    from udsatteraad.councils.models import Venue
    from udsatteraad.easyread.models import Place

    assert sorted(p.name for p in places) == ["Café Test", "Varmestuen"]
    assert Place.objects.get(name="Café Test").venue == world.cafe
    Venue.objects.create(authority=world.region, name="Mødesalen", slug="moedesalen",
                         kind="meeting_room")
    assert secretary_client.post(f"{PAGE}steder/hent/").status_code == 302
    assert Place.objects.filter(council=world.council).count() == 2  # no copies, no rooms
    html = secretary_client.get(PAGE).content.decode()
    assert "Café Test" in html and "Varmestuen" in html


def test_a_place_is_edited_and_names_stay_unique(secretary_client, places):
    from udsatteraad.easyread.models import Place

    cafe = Place.objects.get(name="Café Test")
    url = f"{PAGE}steder/{cafe.pk}/"
    assert secretary_client.get(url).status_code == 200
    response = secretary_client.post(url, {"name": "varmestuen", "address": "", "note": ""})
    assert response.status_code == 400
    assert "allerede et sted med det navn" in response.content.decode()
    response = secretary_client.post(url, {"name": "Café Test", "address": "Torvet 2",
                                           "note": "Spørg efter Lis", "is_active": ""})
    assert response.status_code == 302
    cafe.refresh_from_db()
    assert cafe.address == "Torvet 2" and not cafe.is_active


def test_a_batch_prints_one_poster_per_place_and_records_put_up(world, secretary_client,
                                                                meeting, places):
    from udsatteraad.easyread.models import Posting, PrintBatch

    response = secretary_client.post(f"{PAGE}udskrifter/ny/", {"meeting": meeting.pk,
                                                                "paper": "a3"})
    assert response.status_code == 302
    batch = PrintBatch.objects.get()
    assert response["Location"] == f"{PAGE}udskrifter/{batch.pk}/"
    assert batch.paper == "a3" and batch.created_by == world.secretary
    assert batch.postings.count() == 2

    pdf = secretary_client.get(f"{PAGE}udskrifter/{batch.pk}/plakater.pdf")
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(pdf.content))
    assert len(reader.pages) == 2
    assert round(float(reader.pages[0].mediabox.width)) == 842  # A3
    texts = [page.extract_text() for page in reader.pages]
    assert "Til Café Test" in texts[0] and "Til Varmestuen" in texts[1]
    assert all("Vi talte om huse." in t for t in texts)

    cafe = Posting.objects.get(place_name="Café Test")
    put_up = f"{PAGE}udskrifter/{batch.pk}/opslag/{cafe.pk}/"
    assert secretary_client.get(put_up).status_code == 405
    assert secretary_client.post(put_up).status_code == 302
    cafe.refresh_from_db()
    assert cafe.put_up_at is not None and cafe.put_up_by == world.secretary
    first = cafe.put_up_at
    secretary_client.post(put_up)  # twice: the first time stays
    cafe.refresh_from_db()
    assert cafe.put_up_at == first
    html = secretary_client.get(f"{PAGE}udskrifter/{batch.pk}/").content.decode()
    assert "Hængt op på Varmestuen" in html and "Hængt op på Café Test" not in html
    assert "1 af 2 hængt op" in secretary_client.get(PAGE).content.decode()


def test_no_batch_without_places_or_published_version(secretary_client, meeting, places):
    from udsatteraad.easyread.models import Place, PrintBatch

    Place.objects.update(is_active=False)
    response = secretary_client.post(f"{PAGE}udskrifter/ny/", {"meeting": meeting.pk,
                                                                "paper": "a4"})
    assert response.status_code == 400
    assert "ingen steder" in response.content.decode()
    Place.objects.update(is_active=True)
    meeting.easy_read_published_at = None
    meeting.save(update_fields=["easy_read_published_at"])
    response = secretary_client.post(f"{PAGE}udskrifter/ny/", {"meeting": meeting.pk,
                                                                "paper": "a4"})
    assert response.status_code == 400  # not a choice any more
    assert not PrintBatch.objects.exists()


def test_other_councils_batches_are_not_reachable(other_secretary_client, secretary_client,
                                                  meeting, places):
    from udsatteraad.easyread.models import PrintBatch

    secretary_client.post(f"{PAGE}udskrifter/ny/", {"meeting": meeting.pk, "paper": "a4"})
    batch = PrintBatch.objects.get()
    posting = batch.postings.first()
    other = "/sekretariat/andetraad/letlaest/"
    assert other_secretary_client.get(f"{other}udskrifter/{batch.pk}/").status_code == 404
    assert other_secretary_client.post(
        f"{other}udskrifter/{batch.pk}/opslag/{posting.pk}/").status_code == 404
    assert other_secretary_client.get(f"{PAGE}udskrifter/{batch.pk}/").status_code == 403
    posting.refresh_from_db()
    assert posting.put_up_at is None


def test_pending_for_lists_posters_not_put_up(world, secretary_client, meeting, places):
    from udsatteraad.easyread.distribution import pending_for

    secretary_client.post(f"{PAGE}udskrifter/ny/", {"meeting": meeting.pk, "paper": "a4"})
    pending = pending_for(world.council)
    assert pending["posters_not_put_up"].count() == 2
    assert list(pending["without_easy_read"]) == []


def test_a_batch_posted_twice_prints_once(world, secretary_client, meeting, places):
    from crawl import forms

    from udsatteraad.easyread.models import PrintBatch

    page = secretary_client.get(PAGE).content.decode()
    (form,) = [f for f in forms(PAGE, page) if f.action.endswith("udskrifter/ny/")]
    data = {"submit_token": form.values["submit_token"][0], "meeting": meeting.pk, "paper": "a4"}
    first = secretary_client.post(f"{PAGE}udskrifter/ny/", data)
    second = secretary_client.post(f"{PAGE}udskrifter/ny/", data)
    assert first.status_code == second.status_code == 302
    assert second["Location"] == first["Location"]
    assert PrintBatch.objects.count() == 1
