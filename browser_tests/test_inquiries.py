"""Citizens' inquiries in a real browser (issue 10): a citizen writes to the council from a
phone-sized browser and gets the acknowledgement e-mail; the secretary screens the inquiry and
turns it into an agenda item; a second inquiry with a CPR number is flagged as a personal case
and answered with the standard reply. Every new page is checked with axe, the public ones at
320 px too.

Python only sets up the world (a coming meeting) and reads the e-mails the live server sent.
"""

from __future__ import annotations

import datetime as dt
import re

from .conftest import DESKTOP, assert_no_axe_violations

PHONE = {"width": 375, "height": 667}
NARROW = {"width": 320, "height": 640}
FORM = "/raad/testraad/kontakt/"
LIST = "/sekretariat/testraad/henvendelser/"


def visit(page, path: str) -> None:
    response = page.goto(path)
    assert response is not None and response.status == 200, (path, response and response.status)


def check(page, label: str) -> None:
    assert_no_axe_violations(page, label)


def no_sideways_scroll(page) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= page.viewport_size["width"], width


def send_inquiry(page, *, topic: str, message: str, name: str = "", contact: str = "") -> None:
    main = page.locator("main")
    main.get_by_label("Hvad handler det om?").select_option(label=topic)
    main.get_by_label("Skriv til rådet").fill(message)
    if name:
        main.get_by_label("Dit navn (kan udelades)").fill(name)
    if contact:
        main.get_by_label("Din e-mail eller dit telefon (kan udelades)").fill(contact)
    with page.expect_navigation():
        main.get_by_role("button", name="Send").click()


def test_inquiry_from_a_phone_to_the_agenda_and_a_personal_case(
        page, world, login_as, live_server):
    from django.core import mail
    from django.utils import timezone

    from udsatteraad.inquiries.models import Inquiry
    from udsatteraad.meetings.models import AgendaItem, Meeting

    meeting = Meeting.objects.create(council=world.council, title="Rådsmøde i foråret",
                                     start=timezone.now() + dt.timedelta(days=30))
    main = page.locator("main")

    # The public pages, also on the narrowest phone.
    page.set_viewport_size(NARROW)
    for path in (FORM, "/persondata/"):
        visit(page, path)
        no_sideways_scroll(page)
        check(page, f"{path} at 320 px")

    # A citizen on a phone finds the form from the council page.
    page.set_viewport_size(PHONE)
    visit(page, "/raad/testraad/")
    with page.expect_navigation():
        main.get_by_role("link", name="Skriv til rådet").click()
    assert page.url.endswith(FORM)
    check(page, "contact form, phone")

    # An empty message is refused in plain Danish; the name typed stays.
    main.get_by_label("Dit navn (kan udelades)").fill("Borger Berit Prøve")
    with page.expect_navigation():
        main.get_by_role("button", name="Send").click()
    assert "Skriv din besked. Feltet er tomt." in main.inner_text()
    assert main.get_by_label("Dit navn (kan udelades)").input_value() == "Borger Berit Prøve"
    check(page, "contact form with an error, phone")

    send_inquiry(page, topic="Væresteder og tilbud",
                 message="Varmestuen lukker kl. 16. Om vinteren er det for tidligt.",
                 contact="berit@example.org")
    assert "Tak for din besked" in main.inner_text()
    assert "Vi har sendt en mail" in main.inner_text()
    check(page, "thanks, phone")
    ack = [m for m in mail.outbox if m.to == ["berit@example.org"]]
    assert len(ack) == 1 and "Tak for din besked" in ack[0].subject
    first = Inquiry.objects.get(contact="berit@example.org")

    # The secretary screens it as a topic and puts it on the coming meeting's agenda.
    page.set_viewport_size(DESKTOP)
    login_as("secretary")
    visit(page, LIST)
    check(page, "inquiry list")
    with page.expect_navigation():
        main.get_by_role("link", name=re.compile(f"#{first.pk} ")).click()
    assert "Borger Berit Prøve" in main.inner_text()
    check(page, "inquiry, new")
    main.get_by_label("Et emne for rådet").check()
    with page.expect_navigation():
        main.get_by_role("button", name="Gem vurdering").click()
    assert "Markeret som emne for rådet" in page.locator(".messages").inner_text()
    with page.expect_navigation():
        main.get_by_role("link", name="Sæt på dagsordenen").click()
    check(page, "to the agenda")
    main.get_by_label("Møde").select_option(str(meeting.pk))
    main.get_by_label("Punktets titel").fill("Åbningstider i varmestuerne")
    main.get_by_label("Anonymiseret resumé").fill(
        "En borger foreslår, at varmestuerne holder åbent længere i vintermånederne.")
    with page.expect_navigation():
        main.get_by_role("button", name="Opret punkt").click()
    assert "sat på dagsordenen" in page.locator(".messages").inner_text()
    item = AgendaItem.objects.get(meeting=meeting, origin="inquiry")
    assert item.title == "Åbningstider i varmestuerne" and "Berit" not in item.summary
    check(page, "inquiry on the agenda")

    # A second citizen writes about their own case, with a CPR number.
    context = page.context
    context.clear_cookies()
    page.set_viewport_size(PHONE)
    visit(page, FORM)
    send_inquiry(page, topic="Penge og gæld",
                 message="Jeg har fået afslag på kontanthjælp. Mit CPR-nummer er 010203-1234.",
                 name="Borger Bo Sagsen", contact="bo@example.org")
    second = Inquiry.objects.get(contact="bo@example.org")
    assert "CPR-nummer" in second.flags

    page.set_viewport_size(DESKTOP)
    login_as("secretary")
    visit(page, LIST)
    assert "CPR-nummer" in main.inner_text()
    visit(page, f"{LIST}{second.pk}/")
    assert "Ligner en borgers egen sag" in main.inner_text()
    # The system suggests "personal case"; the secretary agrees.
    assert main.get_by_label("En borgers egen sag: svar med standardsvaret").is_checked()
    check(page, "inquiry flagged as a personal case")
    with page.expect_navigation():
        main.get_by_role("button", name="Gem vurdering").click()
    assert page.url.endswith(f"{LIST}{second.pk}/svar/")
    reply = main.get_by_label("Svar til borgeren").input_value()
    assert "Borgerrådgiveren i Testregion" in reply and "sagsbehandler" in reply
    check(page, "standard reply")
    mail.outbox.clear()
    with page.expect_navigation():
        main.get_by_role("button", name="Send svar").click()
    assert "Svaret er sendt på e-mail" in page.locator(".messages").inner_text()
    assert [m.to for m in mail.outbox] == [["bo@example.org"]]
    assert "Rådet må ikke behandle sager om en enkelt borger" in mail.outbox[0].body
    second.refresh_from_db()
    assert second.status == "answered" and second.is_personal_case

    # The other new pages.
    for path in (f"{LIST}ny/", f"{LIST}indstillinger/", "/sekretariat/testraad/persondata/"):
        visit(page, path)
        check(page, path)
    main.get_by_label("E-mail, telefon eller navn").fill("bo@example.org")
    with page.expect_navigation():
        main.get_by_role("button", name="Søg").click()
    assert f"#{second.pk}" in main.inner_text()
    check(page, "person data search result")
