"""Hearings (issue 11), the whole flow through HTTP: the secretary registers a hearing with
a document, two members comment from the member area, the secretary drafts, the chair
approves, the response is sent with its PDF and published: on the public pages, in the
search, in the feed and in OParl. The outcome is recorded later and shown with it."""

from __future__ import annotations

import io

from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from pypdf import PdfReader

from udsatteraad.hearings.models import Hearing
from udsatteraad.hearings.testing import RESPONSE, fields, small_pdf


def register(client, council, **over) -> Hearing:
    data = {k: ("" if v is None else v) for k, v in fields(**over).items()}
    data["notify"] = "on"
    data["document"] = SimpleUploadedFile("strategi.pdf", small_pdf(), "application/pdf")
    r = client.post(reverse("hearings:new", args=[council.slug]), data)
    assert r.status_code == 302, r.content.decode()[:3000]
    return Hearing.objects.get(council=council, title=data["title"])


def step(client, name: str, hearing: Hearing, data: dict | None = None):
    return client.post(reverse(f"hearings:{name}", args=[hearing.council.slug, hearing.pk]),
                       data or {})


def test_whole_flow(world, secretary_client, member_client, chair_client, anon):
    hearing = register(secretary_client, world.council)
    assert hearing.status == Hearing.Status.COMMENTING
    assert hearing.documents.get().content_type == "application/pdf"

    page = member_client.get(reverse("hearings:member-hearing", args=[hearing.pk]))
    assert page.status_code == 200 and "Hjemløsestrategi 2027-2030" in page.content.decode()
    for client, text in [(member_client, "Husk bostøtten."), (chair_client, "Enig.")]:
        r = client.post(reverse("hearings:member-comment", args=[hearing.pk]), {"text": text})
        assert r.status_code == 302
    assert list(hearing.comments.values_list("author_name", "text")) == [
        ("Medlem Mads Påhit", "Husk bostøtten."), ("Formand Frida Fiktiv", "Enig.")]

    assert step(secretary_client, "draft", hearing, {"text": RESPONSE}).status_code == 302
    r = member_client.post(reverse("hearings:member-comment", args=[hearing.pk]),
                           {"text": "Godt udkast."})
    assert r.status_code == 302
    assert hearing.comments.get(text="Godt udkast.").draft.number == 1
    assert step(secretary_client, "submit", hearing).status_code == 302
    r = chair_client.post(reverse("hearings:member-approve", args=[hearing.pk]))
    assert r.status_code == 302
    hearing.refresh_from_db()
    assert hearing.status == Hearing.Status.APPROVED
    assert hearing.approved_by == world.chair

    mail.outbox = []
    r = step(secretary_client, "send", hearing, {"publish": "on"})
    assert r.status_code == 302, r.content.decode()[:3000]
    hearing.refresh_from_db()
    assert hearing.status == Hearing.Status.PUBLISHED
    sent, = mail.outbox
    assert sent.to == ["sundhed@testregion.example"]
    (name, content, mimetype), = sent.attachments
    assert (name, mimetype) == ("hoeringssvar.pdf", "application/pdf")
    text = PdfReader(io.BytesIO(content)).pages[0].extract_text()
    assert "skæve boliger" in text and "Udsatterådet i Testregion" in text

    detail = reverse("hearings:public-detail", args=["testraad", hearing.pk])
    assert detail in anon.get(reverse("hearings:public-list", args=["testraad"])).content.decode()
    assert "skæve boliger" in anon.get(detail).content.decode()
    found = anon.get(reverse("search:search") + "?q=skæve+boliger").content.decode()
    assert detail in found
    feed = anon.get(reverse("front:council-feed-rss", args=["testraad"])).content.decode()
    assert "Høringssvar: Hjemløsestrategi 2027-2030" in feed
    paper = anon.get(reverse("oparl:hearing-paper", args=[hearing.pk])).json()
    assert paper["paperType"] == "Høringssvar"
    assert paper["mainFile"]["accessUrl"].endswith(
        reverse("hearings:public-pdf", args=["testraad", hearing.pk]))
    pdf = anon.get(reverse("hearings:public-pdf", args=["testraad", hearing.pk]))
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")

    r = step(secretary_client, "outcome", hearing,
             {"outcome": "Udvalget vedtog strategien med 40 nye skæve boliger.",
              "points_taken": "partly"})
    assert r.status_code == 302
    page = anon.get(detail).content.decode()
    assert "40 nye skæve boliger" in page and "Delvist" in page


def test_comments_and_drafts_are_never_public(world, secretary_client, anon):
    from udsatteraad.hearings.testing import hearing_in

    hearing = hearing_in("published", council=world.council, secretary=world.secretary,
                         chair=world.chair)
    hearing.comments.create(author_name="Medlem Mads Påhit", text="INTERN-KOMMENTAR")
    page = anon.get(reverse("hearings:public-detail", args=["testraad", hearing.pk]))
    assert "INTERN-KOMMENTAR" not in page.content.decode()
    assert "Social- og Sundhedsudvalget" in page.content.decode()


def test_overview_nearest_deadline_first_and_missed_visible(world, secretary_client):
    import datetime as dt

    from django.utils import timezone

    from udsatteraad.hearings.testing import hearing_in

    today = timezone.localdate()
    kw = {"council": world.council, "secretary": world.secretary, "chair": world.chair}
    hearing_in("commenting", title="Senere frist", deadline=today + dt.timedelta(days=30), **kw)
    hearing_in("commenting", title="Nær frist", deadline=today + dt.timedelta(days=3), **kw)
    late = hearing_in("commenting", title="Overskredet frist", **kw)
    Hearing.objects.filter(pk=late.pk).update(deadline=today - dt.timedelta(days=2))
    page = secretary_client.get(reverse("hearings:overview", args=["testraad"]))
    html = page.content.decode()
    assert html.index("Overskredet frist") < html.index("Nær frist") < html.index("Senere frist")
    assert "Fristen er overskredet" in html
    assert "1 høring har overskredet fristen" in html
