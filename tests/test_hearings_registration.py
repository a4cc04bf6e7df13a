"""Registering a hearing (issue 11): the form, the one-step registration from a forwarded
e-mail (.eml), a deadline in the past refused, a forbidden document type refused, and the
members notified with the deadline."""

from __future__ import annotations

import datetime as dt
from email.message import EmailMessage

from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from udsatteraad.hearings.models import Hearing
from udsatteraad.hearings.testing import fields, small_pdf


def form_data(**over) -> dict:
    data = {k: ("" if v is None else v) for k, v in fields(**over).items()}
    data["notify"] = "on"
    return data


def test_deadline_in_the_past_is_refused(world, secretary_client):
    yesterday = timezone.localdate() - dt.timedelta(days=1)
    r = secretary_client.post(reverse("hearings:new", args=["testraad"]),
                              form_data(deadline=yesterday.isoformat()))
    assert r.status_code == 400
    assert "Fristen" in r.content.decode() and "allerede overskredet" in r.content.decode()
    assert not Hearing.objects.exists()


def test_forbidden_document_type_is_refused(world, secretary_client):
    data = form_data()
    data["document"] = SimpleUploadedFile("strategi.pdf", b"MZ\x90\x00 not a document",
                                          "application/pdf")
    r = secretary_client.post(reverse("hearings:new", args=["testraad"]), data)
    assert r.status_code == 400
    assert "Filtypen kan ikke bruges" in r.content.decode()
    assert not Hearing.objects.exists()


def test_forbidden_document_later_is_refused(world, secretary_client):
    from udsatteraad.hearings.testing import hearing_in

    hearing = hearing_in("commenting", council=world.council, secretary=world.secretary,
                         chair=world.chair)
    r = secretary_client.post(
        reverse("hearings:document-add", args=["testraad", hearing.pk]),
        {"title": "Script", "file": SimpleUploadedFile("x.html", b"<html><script>",
                                                       "text/html")})
    assert r.status_code == 400
    assert "Filtypen kan ikke bruges" in r.content.decode()
    assert hearing.documents.count() == 0


def test_members_are_notified_with_the_deadline(world, secretary_client,
                                                django_capture_on_commit_callbacks):
    mail.outbox = []
    with django_capture_on_commit_callbacks(execute=True):
        r = secretary_client.post(reverse("hearings:new", args=["testraad"]), form_data())
    assert r.status_code == 302
    hearing = Hearing.objects.get()
    assert sorted(m.to[0] for m in mail.outbox) == ["formand@testregion.example",
                                                    "medlem@testregion.example"]
    deadline = hearing.deadline.strftime("%Y")
    body = mail.outbox[0].body
    assert "Frist:" in body and deadline in body
    assert reverse("hearings:member-hearing", args=[hearing.pk]) in body


def _eml(*, subject: str, date: str, attachments: list[tuple[str, bytes, str]]) -> bytes:
    msg = EmailMessage()
    msg["From"] = "Socialforvaltningen <social@testregion.example>"
    msg["To"] = "udsatteraad@testregion.example"
    msg["Subject"] = subject
    msg["Date"] = date
    msg.set_content("Hermed sendes udkast til hjemløsestrategi i høring.")
    for name, data, ctype in attachments:
        maintype, subtype = ctype.split("/")
        msg.add_attachment(data, maintype=maintype, subtype=subtype, filename=name)
    return msg.as_bytes()


def test_register_from_a_forwarded_email(world, secretary_client):
    eml = _eml(subject="VS: Høring over hjemløsestrategi", date="Mon, 30 Nov 2026 09:15:00 +0100",
               attachments=[("Hjemløsestrategi.pdf", small_pdf(), "application/pdf")])
    deadline = timezone.localdate() + dt.timedelta(days=20)
    r = secretary_client.post(reverse("hearings:from-email", args=["testraad"]), {
        "eml": SimpleUploadedFile("hoering.eml", eml, "message/rfc822"), "kind": "formal",
        "source": "administration", "deadline": deadline.isoformat(), "recipient_email": ""})
    assert r.status_code == 302, r.content.decode()[:2000]
    hearing = Hearing.objects.get()
    assert hearing.title == "Høring over hjemløsestrategi"
    assert hearing.received == dt.date(2026, 11, 30)
    assert hearing.recipient_email == "social@testregion.example"
    assert "hjemløsestrategi i høring" in hearing.description
    assert list(hearing.documents.values_list("title", "content_type")) == [
        ("Hjemløsestrategi", "application/pdf")]


def test_email_with_a_forbidden_attachment_is_refused(world, secretary_client):
    eml = _eml(subject="Høring", date="Mon, 30 Nov 2026 09:15:00 +0100",
               attachments=[("virus.exe", b"MZ\x90\x00", "application/octet-stream")])
    r = secretary_client.post(reverse("hearings:from-email", args=["testraad"]), {
        "eml": SimpleUploadedFile("hoering.eml", eml), "kind": "formal",
        "source": "administration", "deadline": "", "recipient_email": ""})
    assert r.status_code == 400
    assert "Filtypen kan ikke bruges" in r.content.decode()
    assert not Hearing.objects.exists()


def test_not_an_email_is_a_clear_message(world, secretary_client):
    r = secretary_client.post(reverse("hearings:from-email", args=["testraad"]), {
        "eml": SimpleUploadedFile("x.eml", b"\x00\x01\x02"), "kind": "formal",
        "source": "administration"})
    assert r.status_code == 400
    assert "kan ikke læses som en e-mail" in r.content.decode()


def test_too_large_email_is_refused(world, secretary_client, settings):
    settings.MAX_UPLOAD_BYTES = 100
    eml = _eml(subject="Høring", date="Mon, 30 Nov 2026 09:15:00 +0100",
               attachments=[("a.pdf", small_pdf(), "application/pdf")])
    r = secretary_client.post(reverse("hearings:from-email", args=["testraad"]), {
        "eml": SimpleUploadedFile("x.eml", eml), "kind": "formal", "source": "administration"})
    assert r.status_code == 400 and "E-mailen er for stor" in r.content.decode()
