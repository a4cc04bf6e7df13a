"""Sending and publishing a response (issue 11): the publication guard stops personal data,
the PDF is PDF/UA-1, the public pages list responses newest first, and the search, the feed
and OParl (validated against the OParl 1.1 schemas) follow publication."""

from __future__ import annotations

import io

from django.core import mail
from django.urls import reverse
from pypdf import PdfReader

from udsatteraad.hearings import actions
from udsatteraad.hearings.models import Hearing
from udsatteraad.hearings.pdf import render_response_pdf
from udsatteraad.hearings.testing import hearing_in
from udsatteraad.search.models import SearchDocument


def _hearing(world, status: str, **over) -> Hearing:
    return hearing_in(status, council=world.council, secretary=world.secretary,
                      chair=world.chair, **over)


def test_guard_stops_a_response_with_personal_data(world, secretary_client, anon):
    hearing = _hearing(world, "drafting")
    actions.save_draft(hearing=hearing, acting_user=world.secretary,
                       text="Borgeren med cpr 010190-1234 har skrevet til os.")
    hearing.refresh_from_db()
    actions.submit_for_approval(hearing=hearing, acting_user=world.secretary)
    actions.approve(hearing=hearing, acting_user=world.chair)
    mail.outbox = []
    r = secretary_client.post(reverse("hearings:send", args=["testraad", hearing.pk]),
                              {"publish": "on"})
    assert r.status_code == 409
    html = r.content.decode()
    assert "personoplysninger" in html and "CPR-nummer" in html and "010190-1234" in html
    hearing.refresh_from_db()
    assert hearing.status == Hearing.Status.APPROVED and hearing.published_at is None
    assert mail.outbox == []  # nothing left the house either
    assert anon.get(reverse("hearings:public-detail",
                            args=["testraad", hearing.pk])).status_code == 404
    assert not SearchDocument.objects.filter(kind="hearing").exists()


def test_guard_on_publishing_a_sent_response(world, secretary_client):
    hearing = _hearing(world, "sent")
    Hearing.objects.filter(pk=hearing.pk).update(description="Ring til Jens på 22334455.")
    r = secretary_client.post(reverse("hearings:publish", args=["testraad", hearing.pk]))
    assert r.status_code == 409 and "telefonnummer" in r.content.decode()
    hearing.refresh_from_db()
    assert hearing.published_at is None


def test_guard_lets_the_councils_own_address_through(world):
    hearing = _hearing(world, "approved")
    Hearing.objects.filter(pk=hearing.pk).update(
        description="Skriv til udsatteraad@testregion.example.")
    hearing.refresh_from_db()
    assert actions.send_response(hearing=hearing, acting_user=world.secretary) == 1
    hearing.refresh_from_db()
    assert hearing.status == Hearing.Status.PUBLISHED


def test_the_pdf_is_tagged_pdf_ua(world):
    hearing = _hearing(world, "approved")
    reader = PdfReader(io.BytesIO(render_response_pdf(hearing)))
    assert reader.trailer["/Root"]["/MarkInfo"]["/Marked"]
    assert reader.trailer["/Root"]["/Lang"] == "da"
    assert b"pdfuaid" in reader.xmp_metadata.stream.get_data()
    text = reader.pages[0].extract_text()
    assert "HØRINGSSVAR" in text and "Bostøtte efter indflytning" in text


def test_sending_needs_an_approved_response(world, secretary_client):
    hearing = _hearing(world, "awaiting_approval")
    r = secretary_client.post(reverse("hearings:send", args=["testraad", hearing.pk]),
                              {"publish": "on"})
    assert r.status_code == 409 and "godkendt" in r.content.decode()


def test_public_list_newest_first_and_only_published(world, anon):
    import datetime as dt

    from django.utils import timezone

    older = _hearing(world, "published", title="Psykiatriplan")
    Hearing.objects.filter(pk=older.pk).update(
        published_at=timezone.now() - dt.timedelta(days=30))
    _hearing(world, "published", title="Hjemløsestrategi")
    _hearing(world, "approved", title="Ikke offentliggjort endnu")
    html = anon.get(reverse("hearings:public-list", args=["testraad"])).content.decode()
    assert html.index("Hjemløsestrategi") < html.index("Psykiatriplan")
    assert "Ikke offentliggjort endnu" not in html


def test_statement_of_own_initiative(world, anon):
    statement = _hearing(world, "published", kind="statement", source="council",
                         title="Udtalelse om varmestuer", deadline=None,
                         recipient="Regionsrådet")
    html = anon.get(reverse("hearings:public-detail",
                            args=["testraad", statement.pk])).content.decode()
    assert "Udtalelse på eget initiativ" in html and "Regionsrådet" in html
    feed = anon.get(reverse("front:feed-rss")).content.decode()
    assert "Udtalelse: Udtalelse om varmestuer" in feed


def test_search_finds_a_published_response_only(world, anon):
    _hearing(world, "approved", title="Ikke offentliggjort")
    published = _hearing(world, "published")
    found = anon.get(reverse("search:search") + "?q=bostøtte").content.decode()
    assert reverse("hearings:public-detail", args=["testraad", published.pk]) in found
    assert "Høringssvar eller udtalelse" in found
    assert SearchDocument.objects.filter(kind="hearing", is_live=True).count() == 1


def test_search_rebuild_keeps_responses(world):
    from udsatteraad.search.indexing import rebuild_index

    _hearing(world, "published")
    rebuild_index(workers=0)
    doc = SearchDocument.objects.get(kind="hearing")
    assert doc.item_id is None and "skæve boliger" in doc.body


def test_oparl_paper_and_file_validate(world, anon):
    from tests.test_oparl_schema import validate

    hearing = _hearing(world, "published")
    paper = anon.get(reverse("oparl:hearing-paper", args=[hearing.pk])).json()
    validate(paper)
    validate(anon.get(reverse("oparl:hearing-file", args=[hearing.pk])).json())
    body = anon.get(reverse("oparl:body-papers", args=[world.region.pk])).json()
    assert paper["id"] in [p["id"] for p in body["data"]]
    for obj in body["data"]:
        validate(obj)
    files = anon.get(reverse("oparl:body-files", args=[world.region.pk])).json()
    assert paper["mainFile"]["id"] in [f["id"] for f in files["data"]]


def test_oparl_links_the_agenda_item(world, anon):
    import datetime as dt

    from django.utils import timezone

    from udsatteraad.meetings.models import AgendaItem, Meeting

    hearing = _hearing(world, "published")
    start = timezone.now() - dt.timedelta(days=3)
    meeting = Meeting.objects.create(council=world.council, title="Rådsmøde", start=start,
                                     status="held", agenda_published_at=start)
    item = AgendaItem.objects.create(meeting=meeting, number=1, title="Høringssvar",
                                     case_presentation="Svaret.")
    Hearing.objects.filter(pk=hearing.pk).update(agenda_item=item)
    file = anon.get(reverse("oparl:hearing-file", args=[hearing.pk])).json()
    assert file["agendaItem"][0].endswith(reverse("oparl:agendaitem", args=[item.pk]))
    paper = anon.get(reverse("oparl:hearing-paper", args=[hearing.pk])).json()
    assert paper["relatedPaper"][0].endswith(reverse("oparl:paper", args=[item.pk]))
    page = anon.get(reverse("hearings:public-detail", args=["testraad", hearing.pk]))
    assert reverse("front:meeting", args=["testraad", meeting.pk]) in page.content.decode()


def test_guard_on_the_outcome_of_a_published_response(world, secretary_client, anon):
    hearing = _hearing(world, "published")
    r = secretary_client.post(reverse("hearings:outcome", args=["testraad", hearing.pk]),
                              {"outcome": "Sagsbehandler: jens.hansen@gmail.com",
                               "points_taken": "yes"})
    assert r.status_code == 409 and "e-mailadresse" in r.content.decode()
    hearing.refresh_from_db()
    assert hearing.outcome == ""
    page = anon.get(reverse("hearings:public-detail", args=["testraad", hearing.pk]))
    assert "gmail" not in page.content.decode()
