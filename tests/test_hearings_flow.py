"""Hearings (issue 11), the whole flow through HTTP: the secretary registers a hearing with
a document, members comment from the member area, the secretary drafts, the chair approves,
the response is sent with its PDF and published: on the public pages, in the search, in the
feed and in OParl."""

from __future__ import annotations

import datetime as dt

from django.core import mail
from django.urls import reverse
from django.utils import timezone

from udsatteraad.hearings.models import Hearing
from udsatteraad.hearings.testing import RESPONSE, fields


def _pdf() -> bytes:
    from udsatteraad.hearings.testing import RESPONSE  # noqa: F401  (any small PDF will do)
    import typst  # noqa: F401

    return minimal_pdf()


def minimal_pdf() -> bytes:
    from pypdf import PdfWriter
    import io

    writer = PdfWriter()
    writer.add_blank_page(200, 200)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def register(client, council, **over) -> Hearing:
    from django.core.files.uploadedfile import SimpleUploadedFile

    data = {k: ("" if v is None else v) for k, v in fields(**over).items()}
    data["notify"] = "on"
    data["document"] = SimpleUploadedFile("strategi.pdf", minimal_pdf(), "application/pdf")
    r = client.post(reverse("hearings:new", args=[council.slug]), data)
    assert r.status_code == 302, r.content.decode()[:3000]
    return Hearing.objects.get(council=council, title=data["title"])


def test_whole_flow(world, secretary_client, member_client, chair_client, anon):
    mail.outbox = []
    with_commit = __import__("django.test", fromlist=["TestCase"])
    del with_commit
    hearing = register(secretary_client, world.council)
    assert hearing.status == Hearing.Status.COMMENTING
    assert hearing.documents.count() == 1

    r = member_client.get(reverse("hearings:member-hearing", args=[hearing.pk]))
    assert r.status_code == 200
    r = member_client.post(reverse("hearings:member-comment", args=[hearing.pk]),
                           {"text": "Husk bostøtten."})
    assert r.status_code == 302
    r = chair_client.post(reverse("hearings:member-comment", args=[hearing.pk]),
                          {"text": "Enig med Mads."})
    assert r.status_code == 302

    ws = reverse("hearings:workspace", args=["testraad", hearing.pk])
    assert secretary_client.post(ws + "udkast/", {"text": RESPONSE}).status_code == 302
    assert secretary_client.post(ws + "til-godkendelse/", {}).status_code == 302
    r = chair_client.post(reverse("hearings:member-approve", args=[hearing.pk]))
    assert r.status_code == 302
    hearing.refresh_from_db()
    assert hearing.status == Hearing.Status.APPROVED
    mail.outbox = []
    r = secretary_client.post(ws + "send/", {"publish": "on"})
    assert r.status_code == 302, r.content.decode()[:3000]
    hearing.refresh_from_db()
    assert hearing.status == Hearing.Status.PUBLISHED
    assert len(mail.outbox) == 1
    sent = mail.outbox[0]
    assert sent.to == ["sundhed@testregion.example"]
    (name, content, mimetype), = sent.attachments
    assert mimetype == "application/pdf" and content.startswith(b"%PDF")

    r = anon.get(reverse("hearings:public-list", args=["testraad"]))
    assert "Hjemløsestrategi 2027-2030" in r.content.decode()
    r = anon.get(reverse("hearings:public-detail", args=["testraad", hearing.pk]))
    assert "skæve boliger" in r.content.decode()
    r = anon.get(reverse("search:search") + "?q=skæve+boliger")
    assert reverse("hearings:public-detail", args=["testraad", hearing.pk]) in r.content.decode()
    r = anon.get(reverse("front:council-feed-rss", args=["testraad"]))
    assert "Hjemløsestrategi" in r.content.decode()
    r = anon.get(reverse("oparl:hearing-paper", args=[hearing.pk]))
    assert r.json()["paperType"] == "Høringssvar"
    r = anon.get(reverse("hearings:public-pdf", args=["testraad", hearing.pk]))
    assert r.content.startswith(b"%PDF")
    _ = (timezone, dt)
