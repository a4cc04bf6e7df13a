"""Hearings (issue 11) in a real browser, through the forms: the secretary registers a
hearing with a document; two members comment from a phone-sized browser (375 px); the
secretary drafts the response; the chair approves it from the phone; the secretary sends it
(the e-mail carries the PDF) and it appears on the public page, in the search, in the feed
and in OParl. Every new page is checked with axe.

Python only sets up the world and reads the e-mails the live server sent.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from urllib.parse import urlsplit

from django.urls import reverse

from .conftest import DESKTOP, MOBILE, assert_no_axe_violations

TITLE = "Hjemløsestrategi 2027-2030"
RESPONSE = ("Rådet bakker op om strategien og anbefaler flere skæve boliger.\n\n"
            "- Bostøtte efter indflytning\n- Brugerne inddrages i opfølgningen")


def visit(page, url: str, label: str):
    response = page.goto(url)
    assert response is not None and response.status == 200, f"{url}: HTTP {response.status}"
    assert urlsplit(page.url).path == urlsplit(url).path, f"{url} ended at {page.url}"
    assert_no_axe_violations(page, f"{label} ({url})")
    return response


def exact(text: str) -> re.Pattern:
    return re.compile(rf"^{re.escape(text)}:?$")


def small_pdf() -> bytes:
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(200, 200)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def test_hearing_from_registration_to_publication(page, login_as, world):
    from django.core import mail
    from django.utils import timezone
    from pypdf import PdfReader

    from udsatteraad.hearings.models import Hearing

    main = page.locator("main")
    slug = world.council.slug

    # The secretary registers the hearing with a document.
    login_as("secretary")
    visit(page, reverse("hearings:overview", args=[slug]), "hearings overview (empty)")
    visit(page, reverse("hearings:from-email", args=[slug]), "register from e-mail")
    visit(page, reverse("hearings:new", args=[slug]), "register a hearing")
    main.get_by_label(exact("Type")).select_option("formal")
    main.get_by_label(exact("Fra")).select_option("committee")
    main.get_by_label(exact("Afsender")).fill("Social- og Sundhedsudvalget")
    main.get_by_label(exact("Titel")).fill(TITLE)
    main.get_by_label(exact("Sagsnummer")).fill("27.00.00-P22-1-26")
    deadline = timezone.localdate() + dt.timedelta(days=21)
    main.get_by_label(exact("Frist")).fill(deadline.isoformat())
    main.get_by_label(exact("Modtager af svaret")).fill("Social- og Sundhedsudvalget")
    main.get_by_label(exact("Modtagerens e-mailadresse")).fill("sundhed@testregion.example")
    main.get_by_label(exact("Høringsmateriale")).set_input_files(
        {"name": "strategi.pdf", "mimeType": "application/pdf", "buffer": small_pdf()})
    mail.outbox.clear()
    with page.expect_navigation():
        main.get_by_role("button", name="Registrér").click()
    hearing = Hearing.objects.get(title=TITLE)
    workspace = reverse("hearings:workspace", args=[slug, hearing.pk])
    assert urlsplit(page.url).path == workspace
    assert "Høringen er registreret." in page.locator(".messages").inner_text()
    assert "strategi" in main.inner_text()
    assert_no_axe_violations(page, "hearing workspace")
    assert {m.to[0] for m in mail.outbox} == {world.member.email, world.chair.email}

    # Two members comment from a phone.
    page.set_viewport_size(MOBILE)
    for persona, text in [("member", "Husk bostøtten efter indflytning."),
                          ("chair", "Brugerne skal inddrages.")]:
        login_as(persona)
        visit(page, reverse("accounts:mine"), f"{persona}'s start page")
        with page.expect_navigation():
            main.get_by_role("link", name="Høringer og udtalelser").click()
        assert_no_axe_violations(page, "members' hearings list")
        with page.expect_navigation():
            main.get_by_role("link", name=TITLE).click()
        assert_no_axe_violations(page, "member's hearing page")
        main.get_by_label("Din kommentar").fill(text)
        with page.expect_navigation():
            main.get_by_role("button", name="Send kommentar").click()
        assert "Din kommentar er gemt" in page.locator(".messages").inner_text()
        assert text in main.inner_text()
        # Nothing is wider than the phone.
        assert page.evaluate("document.documentElement.scrollWidth") <= MOBILE["width"]
    assert hearing.comments.count() == 2

    # The secretary drafts and sends the draft for approval.
    page.set_viewport_size(DESKTOP)
    login_as("secretary")
    visit(page, workspace, "hearing workspace with comments")
    assert "Medlem Mads Påhit" in main.inner_text()
    main.get_by_label("Svarets tekst").fill(RESPONSE)
    with page.expect_navigation():
        main.get_by_role("button", name="Gem udkastet").click()
    assert "Udkastet er gemt" in page.locator(".messages").inner_text()
    with page.expect_navigation():
        main.get_by_role("button", name="Send til godkendelse").click()
    assert "Svaret er sendt til godkendelse." in page.locator(".messages").inner_text()
    assert_no_axe_violations(page, "hearing workspace awaiting approval")

    # The chair approves from the phone.
    page.set_viewport_size(MOBILE)
    login_as("chair")
    visit(page, reverse("hearings:member-hearing", args=[hearing.pk]),
          "member's hearing page with the draft")
    with page.expect_navigation():
        main.get_by_role("button", name="Godkend svaret").click()
    assert "Svaret er godkendt" in page.locator(".messages").inner_text()
    assert_no_axe_violations(page, "member's hearing page after approval")

    # The secretary sends and publishes it; the e-mail carries the PDF.
    page.set_viewport_size(DESKTOP)
    login_as("secretary")
    visit(page, workspace, "hearing workspace, approved")
    mail.outbox.clear()
    with page.expect_navigation():
        main.get_by_role("button", name="Send svaret").click()
    assert "Svaret er sendt til modtageren med PDF." in page.locator(".messages").inner_text()
    assert_no_axe_violations(page, "hearing workspace, published")
    sent, = mail.outbox
    assert sent.to == ["sundhed@testregion.example"]
    (name, content, mimetype), = sent.attachments
    assert name == "hoeringssvar.pdf" and mimetype == "application/pdf"
    assert "skæve boliger" in PdfReader(io.BytesIO(content)).pages[0].extract_text()

    # The public: the council's page of responses, the response, the search, the feed, OParl.
    page.context.clear_cookies()
    visit(page, reverse("front:council", args=[slug]), "council page")
    with page.expect_navigation():
        main.get_by_role("link", name="Rådets høringssvar og udtalelser").click()
    assert_no_axe_violations(page, "public list of responses")
    with page.expect_navigation():
        main.get_by_role("link", name=TITLE).click()
    detail = reverse("hearings:public-detail", args=[slug, hearing.pk])
    assert urlsplit(page.url).path == detail
    assert "skæve boliger" in main.inner_text()
    assert_no_axe_violations(page, "public response")
    visit(page, reverse("search:search") + "?q=skæve+boliger", "search for the response")
    assert main.get_by_role("link", name=TITLE).count() == 1
    feed = page.request.get(reverse("front:council-feed-rss", args=[slug])).text()
    assert f"Høringssvar: {TITLE}" in feed
    paper = page.request.get(reverse("oparl:hearing-paper", args=[hearing.pk])).json()
    assert paper["name"] == TITLE and paper["mainFile"]["mimeType"] == "application/pdf"
    body = page.request.get(reverse("oparl:body-papers", args=[world.region.pk])).json()
    assert paper["id"] in [p["id"] for p in body["data"]]
