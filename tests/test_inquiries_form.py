"""The public contact form (issue 10): plain Danish, consent text, honeypot, rate limit, clear
answers to empty, over-long and flooding senders who keep what they typed, the
acknowledgement e-mail, and the link from the council page."""

from __future__ import annotations

import html as html_lib
import re

import pytest
from django.core import mail
from django.urls import reverse

from udsatteraad.easyread.lix import analyse
from udsatteraad.inquiries.models import Inquiry

URL = "/raad/testraad/kontakt/"


def form(**extra) -> dict[str, str]:
    return {"topic": "housing", "message": "Varmestuen lukker kl. 16. Det er for tidligt.",
            "sender_name": "", "contact": "", "website": "", **extra}


def page_text(content: bytes, end: str = "</form>") -> str:
    """The text of the page's plain-language part. Inline tags join their words to the
    sentence around them; a block (paragraph, label, list item, heading) ends a line."""
    html = content.decode()
    body = html.split('<div class="plain-text">', 1)[1].split(end, 1)[0]
    body = re.sub(r"<option[^>]*>.*?</option>", " ", body, flags=re.S)
    body = re.sub(r"</?(?:a|strong|em|span|abbr)\b[^>]*>", " ", body)
    text = re.sub(r"<[^>]+>", "\n", body)
    return html_lib.unescape(text)


def test_the_form_is_plain_danish_with_lix_at_most_30(anon, world):
    r = anon.get(URL)
    assert r.status_code == 200
    text = page_text(r.content)
    assert "Det gør vi med din besked" in text
    lix = analyse(text)
    assert lix.word_count > 100
    assert lix.rounded is not None and lix.rounded <= 30, (lix.rounded, lix.distinct_long_words)


def test_the_receipt_and_the_acknowledgement_are_plain_danish_too(
        anon, world, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        r = anon.post(URL, form(contact="berit@example.org"))
    receipt = analyse(page_text(anon.get(r["Location"]).content, end="</main>"))
    assert "indbakke" in receipt.distinct_long_words
    assert receipt.rounded is not None and receipt.rounded <= 30, receipt.distinct_long_words
    ack = analyse(mail.outbox[0].body)
    assert ack.word_count > 40
    assert ack.rounded is not None and ack.rounded <= 30, ack.distinct_long_words


def test_the_consent_text_says_how_long(anon, world):
    from udsatteraad.inquiries.models import InquirySettings

    InquirySettings.objects.create(council=world.council, retention_months=6)
    html = anon.get(URL).content.decode()
    assert "gemmer vi den i højst 6 måneder" in html
    assert "30 dage efter vores svar" in html
    assert reverse("inquiries:processing") in html


def test_the_council_page_links_to_the_form(anon, world):
    html = anon.get("/raad/testraad/").content.decode()
    assert f'href="{URL}"' in html


def test_a_citizen_sends_an_inquiry_and_gets_an_acknowledgement(anon, world,
                                                                 django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        r = anon.post(URL, form(sender_name="Borger Berit Prøve", contact="berit@example.org"))
    assert r.status_code == 302 and r["Location"] == "/raad/testraad/kontakt/tak/?mail=1"
    inquiry = Inquiry.objects.get()
    assert inquiry.council == world.council and inquiry.channel == "web"
    assert inquiry.status == "new" and inquiry.sender_name == "Borger Berit Prøve"
    assert inquiry.flags == []
    assert len(mail.outbox) == 1
    ack = mail.outbox[0]
    assert ack.to == ["berit@example.org"] and "Tak for din besked" in ack.subject
    assert "12 måneder" in ack.body
    assert ack.reply_to == ["udsatteraad@testregion.example"]
    assert "Vi har sendt en mail" in anon.get(r["Location"]).content.decode()


def test_anonymous_senders_leave_no_name_or_contact_and_get_no_mail(anon, world):
    r = anon.post(URL, form(sender_name="Navn", contact="navn@example.org", anonymous="on"))
    assert r.status_code == 302
    inquiry = Inquiry.objects.get()
    assert inquiry.anonymous and inquiry.sender_name == "" and inquiry.contact == ""
    assert mail.outbox == []


def test_a_message_about_ones_own_case_is_flagged(anon, world):
    anon.post(URL, form(message="Min sagsbehandler har givet mig afslag på kontanthjælp. "
                                "Mit CPR er 010203-1234."))
    flags = Inquiry.objects.get().flags
    assert flags[0] == "CPR-nummer"
    assert {"sagsbehandler", "ydelse", "afgørelse"} <= set(flags)
    # Only the kinds are stored, never the number.
    assert "010203" not in str(flags)


@pytest.mark.parametrize("message, answer", [
    ("", "Skriv din besked. Feltet er tomt."),
    ("   ", "Skriv din besked. Feltet er tomt."),
    ("x" * 5001, "Din besked er for lang. Den har 5001 tegn."),
])
def test_empty_and_over_long_messages_get_a_clear_answer_and_keep_the_text(
        anon, world, message, answer):
    r = anon.post(URL, form(message=message, sender_name="Kim Beholdt"))
    assert r.status_code == 400
    html = r.content.decode()
    assert answer in html and "Din tekst er her stadig." in html
    assert 'value="Kim Beholdt"' in html
    if message.strip():
        assert message in html
    assert not Inquiry.objects.exists()


def test_a_bad_contact_gets_a_clear_answer(anon, world):
    r = anon.post(URL, form(contact="ikke en adresse"))
    assert r.status_code == 400
    assert "Skriv en e-mail eller et telefonnummer med 8 cifre." in r.content.decode()


def test_the_honeypot_swallows_bots(anon, world):
    r = anon.post(URL, form(website="http://spam.example"))
    assert r.status_code == 302
    assert not Inquiry.objects.exists() and mail.outbox == []


def test_a_flood_from_one_address_is_stopped_and_keeps_the_text(world, settings):
    from django.test import Client

    settings.INQUIRY_RATE_LIMIT = 3
    one, other = Client(REMOTE_ADDR="10.0.0.1"), Client(REMOTE_ADDR="10.0.0.2")
    for _ in range(3):
        assert one.post(URL, form()).status_code == 302
    r = one.post(URL, form(message="Den fjerde besked."))
    assert r.status_code == 429
    html = r.content.decode()
    assert "Vent en time" in html and "Den fjerde besked." in html
    assert Inquiry.objects.count() == 3
    # Counted per address, in the database (shared by every worker process).
    assert other.post(URL, form()).status_code == 302


def test_the_form_of_a_council_that_is_not_public_is_not_there(anon, world):
    from conftest import add_extra_personas

    add_extra_personas(world)
    assert anon.get("/raad/skjultraad/kontakt/").status_code == 404
    assert anon.post("/raad/skjultraad/kontakt/", form()).status_code == 404


def test_the_record_of_processing_is_public(anon, world):
    r = anon.get(reverse("inquiries:processing"))
    assert r.status_code == 200
    html = r.content.decode()
    assert "artikel 30" in html and "12 måneder" in html and "30 dage" in html
