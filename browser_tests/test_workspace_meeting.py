"""Issue 16 in a real browser, as the three roles would: the secretary publishes an agenda,
writes the minutes live with autosave (a reload in the middle loses nothing), sends them for
approval; the chair gets the mail, sends the minutes back with a comment, then approves; the
secretary publishes. The new pages (live minutes, task lists, the send-back form, the
e-mail preference, the attachment deletion question) are checked with axe.

Python sets up the world, lets time pass (the meeting's start is moved into the past) and reads
the e-mails the live server sent."""

from __future__ import annotations

import datetime as dt
import re
from urllib.parse import urlsplit

from .conftest import assert_no_axe_violations


def visit(page, url: str, label: str):
    response = page.goto(url)
    assert response is not None and response.status == 200, f"{url}: HTTP {response.status}"
    assert_no_axe_violations(page, f"{label} ({url})")


def item_article(page, label: str):
    return page.locator("article.agenda-item").filter(
        has=page.get_by_role("heading", name=label, exact=True))


def decision_editor(article):
    """An item's decision on the live minutes page: the toolbar editor, found by the name its
    label gives it (the textarea behind it is hidden)."""
    return article.get_by_role("textbox", name="Beslutning", exact=True)


def type_decision(page, article, text: str) -> None:
    """Types a decision as a person would: a click on the label puts the caret in the editor,
    everything there is selected and typed over."""
    article.locator('label[for$="-decision"]').click()
    assert decision_editor(article).evaluate("el => el === document.activeElement")
    page.keyboard.press("Control+A")
    page.keyboard.type(text)


def autosave(response) -> bool:
    return "/referat/autogem/" in response.url and response.request.method == "POST"


def plain(html: str) -> str:
    return re.sub(r"<[^>]+>", "", html).strip()


def test_live_minutes_and_approval_loop(page, world, login_as, live_server, settings,
                                        tmp_path):
    from django.core import mail
    from django.core.files.base import ContentFile
    from django.utils import timezone

    from udsatteraad.meetings.models import AgendaItem, Attachment, Meeting

    settings.MEDIA_ROOT = tmp_path
    settings.SITE_ROOT = live_server.url
    main = page.locator("main")
    meeting = Meeting.objects.create(
        council=world.council, title="Ordinært møde", location="Mødelokale 2",
        start=timezone.now() + dt.timedelta(days=35))
    boliger = AgendaItem.objects.create(meeting=meeting, number=1, position=1, title="Boliger")
    AgendaItem.objects.create(meeting=meeting, number=2, position=2, title="Varmestuer")
    att = Attachment(item=boliger, title="Bolignotat", content_type="text/plain")
    att.file.save("notat.txt", ContentFile(b"tal"), save=True)
    workspace = f"/sekretariat/testraad/moeder/{meeting.pk}/"

    # The secretary's start page lists the agenda to publish; deleting an attachment asks.
    login_as("secretary")
    visit(page, f"{workspace}bilag/{att.pk}/slet/", "attachment deletion question")
    page.goto(f"{workspace}offentliggoer/")
    with page.expect_navigation():
        main.get_by_role("button", name="Offentliggør og send indkaldelse").click()
    assert "indkaldelsen er sendt" in page.locator(".messages").inner_text()

    # The meeting is held.
    now = timezone.now()
    Meeting.objects.filter(pk=meeting.pk).update(start=now - dt.timedelta(hours=2),
                                                 end=now - dt.timedelta(hours=1))
    minutes_url = f"{workspace}referat/"
    visit(page, minutes_url, "live minutes page")
    with page.expect_navigation():
        main.get_by_role("button", name="Marker mødet som afholdt").click()

    # Live: each field saves itself as it changes.
    main.get_by_label("Formand Frida Fiktiv: Til stede").check()
    page.locator("#fremmoede-gemt").get_by_text(re.compile(r"Gemt kl\. \d\d\.\d\d")).wait_for()
    # Decisions are typed in the toolbar editor; typing and the toolbar save by themselves.
    first = item_article(page, "Punkt 1: Boliger")
    type_decision(page, first, "Rådet anbefaler flere boliger.")
    first.get_by_text(re.compile(r"Gemt kl\. \d\d\.\d\d")).wait_for()
    second = item_article(page, "Punkt 2: Varmestuer")
    type_decision(page, second, "Rådet anbefaler længere åbningstider.")
    second.get_by_text(re.compile(r"Gemt kl\.")).wait_for()
    page.keyboard.press("Control+A")
    with page.expect_response(autosave):
        second.get_by_role("button", name="Fed").click()
    assert_no_axe_violations(page, "live minutes page with the editor, after autosave")

    # A reload in the middle of the meeting loses nothing.
    page.reload()
    assert decision_editor(item_article(page, "Punkt 1: Boliger")).inner_text() == (
        "Rådet anbefaler flere boliger.")
    second = item_article(page, "Punkt 2: Varmestuer")
    assert decision_editor(second).inner_text() == "Rådet anbefaler længere åbningstider."
    assert decision_editor(second).locator("strong, b").count() == 1
    assert main.get_by_label("Formand Frida Fiktiv: Til stede").is_checked()

    # Someone else saves decision 2 meanwhile: the next autosave is refused and says so, with
    # the saved text, and what was typed stays in the editor.
    from udsatteraad.meetings import minutes

    varmestuer = AgendaItem.objects.get(meeting=meeting, number=2)
    minutes.set_decision(item=varmestuer, decision="Teksten fra den anden sekretær.",
                         revision=varmestuer.revision)
    with page.expect_response(autosave):
        type_decision(page, second, "Rådet anbefaler åbent hele natten.")
    assert "Teksten fra den anden sekretær." in second.get_by_role("alert").inner_text()
    assert decision_editor(second).inner_text() == "Rådet anbefaler åbent hele natten."
    varmestuer.refresh_from_db()
    assert varmestuer.decision == "Teksten fra den anden sekretær."

    # Typing on after a save, then saving with the button: still one form, nothing lost (the
    # refused text of decision 2 is saved now: a deliberate second save).
    type_decision(page, item_article(page, "Punkt 1: Boliger"),
                  "Rådet anbefaler 50 flere boliger.")
    with page.expect_navigation():
        item_article(page, "Punkt 2: Varmestuer").get_by_role(
            "button", name="Gem beslutning 2").click()
    assert "Referatet er gemt." in page.locator(".messages").inner_text()
    boliger.refresh_from_db()
    assert plain(boliger.decision) == "Rådet anbefaler 50 flere boliger."
    varmestuer.refresh_from_db()
    assert plain(varmestuer.decision) == "Rådet anbefaler åbent hele natten."

    # Sent for approval: the chair is e-mailed a link.
    mail.outbox.clear()
    with page.expect_navigation():
        main.get_by_role("button", name="Send til godkendelse").click()
    assert "sendt til godkendelse" in page.locator(".messages").inner_text()
    to_chair = [m for m in mail.outbox if m.to == [world.chair.email]]
    assert len(to_chair) == 1
    link = re.search(r"https?://\S+/mine/moeder/\d+/", to_chair[0].body)[0]

    # The chair sends the minutes back with a comment.
    login_as("chair")
    visit(page, "/mine/", "chair's /mine/ with the task")
    assert "Godkend referatet fra Ordinært møde" in main.inner_text()
    visit(page, urlsplit(link).path, "chair's meeting page (approval)")
    mail.outbox.clear()
    main.get_by_label("Kommentar til sekretariatet").fill("Punkt 2: skriv fra hvornår.")
    with page.expect_navigation():
        main.get_by_role("button", name="Send referatet tilbage").click()
    assert "sendt tilbage" in page.locator(".messages").inner_text()
    assert [m.to for m in mail.outbox] == [[world.secretary.email]]

    # The secretary sees the comment, corrects and sends again.
    login_as("secretary")
    visit(page, "/sekretariat/testraad/", "secretariat start page with tasks")
    assert "er sendt tilbage: ret det" in main.inner_text()
    visit(page, minutes_url, "minutes page sent back")
    assert "Punkt 2: skriv fra hvornår." in main.inner_text()
    corrected = item_article(page, "Punkt 2: Varmestuer")
    type_decision(page, corrected, "Rådet anbefaler længere åbningstider fra 1. december.")
    # The autosave first: the test database (SQLite in memory, shared cache) answers a second
    # writer at the same moment with "table is locked" instead of waiting as a file does.
    corrected.get_by_text(re.compile(r"Gemt kl\.")).wait_for()
    with page.expect_navigation():
        main.get_by_role("button", name="Gem referatet").click()
    with page.expect_navigation():
        main.get_by_role("button", name="Send til godkendelse igen").click()

    # The chair approves.
    login_as("chair")
    page.goto(urlsplit(link).path)
    with page.expect_navigation():
        main.get_by_role("button", name="Godkend referatet").click()
    assert "Referatet er godkendt." in page.locator(".messages").inner_text()
    visit(page, "/mine/beskeder/", "e-mail preference")

    # The secretary publishes.
    login_as("secretary")
    page.goto(f"{minutes_url}offentliggoer/")
    with page.expect_navigation():
        main.get_by_role("button", name="Offentliggør referatet").click()
    assert "Referatet er offentliggjort." in page.locator(".messages").inner_text()
    meeting.refresh_from_db()
    assert meeting.status == "minutes_published"
