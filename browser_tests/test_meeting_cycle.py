"""The meeting cycle of issue 3 in a real browser, through the forms: the secretary plans a
meeting, builds and publishes its agenda; a member proposes an item and reports an apology;
after the meeting the secretary records the minutes, the chair approves them, the secretary
publishes them; a citizen reads the decision and downloads the minutes PDF, whose table of
contents must point at the pages where the items start. Every page on the way is checked
with axe.

And Randers' demo meeting of 27 September 2021: published minutes with items 17-24, and the
same table of contents in its PDF.

Python is used only to set up the world, to let time pass (the meeting's start is moved into
the past) and to read the e-mails the live server sent.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from urllib.parse import urlsplit

import pytest

from .conftest import DESKTOP, assert_no_axe_violations

# A table-of-contents line: the item's title, a dotted fill, the page number.
TOC_LINE = re.compile(r"^(?P<title>.+?)\s*(?:\.\s*){3,}(?P<page>\d+)$")

RANDERS_TITLES = {
    17: "Godkendelse af dagsorden og tidsplan",
    18: "Opsamling på dialogmøde med socialudvalget",
    19: "Status på implementering af plan for udsatteområdet",
    20: "Aftaler om stormødet den 27. oktober 2021",
    21: "Indledende drøftelse af valg til Udsatterådet for perioden 2022-2025",
    22: "Opsamling på landspanelsmøde i Rådet for Socialt Udsatte",
    23: "Nyt fra rådsmedlemmerne",
    24: "Eventuelt",
}


# Helpers ---------------------------------------------------------------------------------


def visit(page, url: str, label: str):
    """Open a page, expect HTTP 200 at that address, and check it with axe."""
    response = page.goto(url)
    assert response is not None and response.status == 200, f"{url}: HTTP {response.status}"
    assert urlsplit(page.url).path == urlsplit(url).path, f"{url} ended at {page.url}"
    assert_no_axe_violations(page, f"{label} ({url})")
    return response


def exact_label(text: str) -> re.Pattern:
    """A label that is exactly `text` (Django adds a colon), not one that contains it."""
    return re.compile(rf"^{re.escape(text)}:?$")


def check_axe(page, label: str) -> None:
    """axe on the page the browser is on now (after a form was submitted)."""
    assert_no_axe_violations(page, f"{label} ({page.url})")


def future_meeting_day() -> dt.date:
    """A weekday about five weeks ahead that is not a Danish public holiday: after the
    members' proposal deadline (14 days) and the agenda notice (7 days)."""
    import holidays
    from django.utils import timezone

    day = timezone.localdate() + dt.timedelta(days=35)
    danish = holidays.Denmark(years=[day.year, day.year + 1])
    while day.weekday() >= 5 or day in danish:
        day += dt.timedelta(days=1)
    return day


class PdfToc:
    """A PDF's pages as text (whitespace collapsed) and its table of contents."""

    def __init__(self, content: bytes):
        from pypdf import PdfReader

        self.reader = PdfReader(io.BytesIO(content))
        self.raw = [page.extract_text() or "" for page in self.reader.pages]
        self.pages = [" ".join(text.split()) for text in self.raw]

    def toc(self) -> list[tuple[str, int]]:
        """(title, page) rows from the pages before the first item's page."""
        rows = []
        for text in self.raw:
            if text.lstrip().startswith("Punkt "):
                break
            for line in text.splitlines():
                if m := TOC_LINE.match(line.strip()):
                    rows.append((" ".join(m["title"].split()), int(m["page"])))
        return rows

    def assert_toc_matches(self, items: dict[int, str]) -> None:
        """The contents list exactly these items, in order, each with the page on which
        "Punkt N: title" is printed first."""
        rows = self.toc()
        assert [title for title, _page in rows] == list(items.values()), rows
        for (number, title), (_t, page) in zip(items.items(), rows, strict=True):
            needle = f"Punkt {number}: {title}"
            assert 1 <= page <= len(self.pages), (needle, page, len(self.pages))
            assert needle in self.pages[page - 1], f"{needle!r} is not on page {page}"
            earlier = [n + 1 for n in range(page - 1) if needle in self.pages[n]]
            assert not earlier, f"{needle!r} starts on page {earlier[0]}, not {page}"


def fetch_pdf(page, link_name: str) -> PdfToc:
    """Follow the page's download link the way a browser does (same cookies, none here)."""
    href = page.get_by_role("link", name=link_name).get_attribute("href")
    assert href
    response = page.request.get(href)
    assert response.status == 200, f"{href}: HTTP {response.status}"
    assert response.headers["content-type"] == "application/pdf"
    body = response.body()
    assert body.startswith(b"%PDF")
    return PdfToc(body)


def agenda_rows(page) -> list[str]:
    """The workspace's agenda table: "number title" per row, in order."""
    rows = page.locator("table.agenda-table tbody tr")
    result = []
    for i in range(rows.count()):
        row = rows.nth(i)
        number = row.locator("td").first.inner_text().strip()
        title = row.locator("th a").inner_text().strip()
        result.append(f"{number} {title}")
    return result


def item_article(page, label: str):
    """The minutes page's <article> for an item, by its heading ("Punkt N: title")."""
    return page.locator("article.agenda-item").filter(
        has=page.get_by_role("heading", name=label, exact=True)
    )


# The whole cycle -------------------------------------------------------------------------


def test_meeting_cycle_from_plan_to_public_minutes_pdf(
    page, world, login_as, browser, live_server
):
    from django.core import mail
    from django.utils import timezone

    from udsatteraad.meetings.models import Meeting

    main = page.locator("main")
    day = future_meeting_day()

    # The secretary plans the year: a new ordinary meeting after working hours.
    login_as("secretary")
    visit(page, "/sekretariat/testraad/moeder/", "the yearly plan")
    main.get_by_role("link", name="Nyt møde").click()
    page.wait_for_url("**/sekretariat/testraad/moeder/ny/")
    check_axe(page, "new meeting form")
    main.get_by_label("Mødetype").select_option("ordinary")
    main.get_by_label(exact_label("Dato")).fill(day.isoformat())
    main.get_by_label("Starttid").fill("17:00")
    main.get_by_label("Sluttid").fill("19:00")
    main.get_by_label("Mødested").select_option(label="Café Test")
    main.get_by_label("Lokale/adresse").fill("Mødelokale 2")
    with page.expect_navigation():
        main.get_by_role("button", name="Opret mødet").click()

    match = re.fullmatch(r"/sekretariat/testraad/moeder/(\d+)/", urlsplit(page.url).path)
    assert match, f"after creating the meeting the browser is at {page.url}"
    meeting_id = int(match[1])
    workspace = f"/sekretariat/testraad/moeder/{meeting_id}/"
    assert "Mødet er oprettet." in page.locator(".messages").inner_text()
    check_axe(page, "meeting workspace (new meeting)")
    # The standard items of the rules of procedure are on the agenda already.
    assert agenda_rows(page) == [
        "1 Godkendelse af dagsorden og tidsplan",
        "2 Nyt fra rådsmedlemmerne",
        "3 Eventuelt",
    ]

    # The agenda: a bad case number first; the message is Danish and nothing typed is lost.
    main.get_by_role("link", name="Tilføj punkt").click()
    page.wait_for_url(f"**{workspace}punkter/ny/")
    check_axe(page, "new agenda item form")
    title_a = "Status på boligindsatsen for hjemløse"
    main.get_by_label(exact_label("Titel")).fill(title_a)
    main.get_by_label("Sagsnummer").fill("sag nummer 7")
    main.get_by_label("Resumé").fill("Forvaltningen orienterer om boligindsatsen i 2026.")
    main.get_by_label("Indstillinger").fill(
        "1. at rådet tager orienteringen til efterretning\n"
        "at rådet drøfter indsatsen for unge hjemløse"
    )
    # HTML as a browser without JavaScript posts it (the toolbar editor hides the textarea).
    page.locator("#id_case_presentation").evaluate(
        "(el, v) => { el.value = v; }",
        "<p>Der er <strong>42</strong> boliger i indsatsen.</p>"
        "<script>alert('x')</script><p>Venteliste: 17 personer.</p>",
    )
    with page.expect_navigation():
        main.get_by_role("button", name="Gem").click()
    error = main.locator(".errorlist").first
    assert "Sagsnummeret har ikke en form, systemet kender" in error.inner_text()
    assert main.get_by_label(exact_label("Titel")).input_value() == title_a
    assert "tager orienteringen" in main.get_by_label("Indstillinger").input_value()
    check_axe(page, "agenda item form with an error")
    main.get_by_label("Sagsnummer").fill("27.15.00-A08-1-26")
    with page.expect_navigation():
        main.get_by_role("button", name="Gem").click()
    assert urlsplit(page.url).path == workspace
    assert "Punktet er tilføjet som punkt 2." in page.locator(".messages").inner_text()

    # A second item, then moved above the first.
    title_b = "Høring om regionens psykiatriplan"
    main.get_by_role("link", name="Tilføj punkt").click()
    page.wait_for_url(f"**{workspace}punkter/ny/")
    main.get_by_label(exact_label("Titel")).fill(title_b)
    main.get_by_label("Sagsnummer").fill("EMN-2026-001234")
    main.get_by_label("Punktet kommer fra").select_option("hearing")
    with page.expect_navigation():
        main.get_by_role("button", name="Gem").click()
    assert agenda_rows(page)[1:3] == [f"2 {title_a}", f"3 {title_b}"]
    with page.expect_navigation():
        main.get_by_role("button", name=f"flyt {title_b} op").click()
    assert "Punktet er flyttet." in page.locator(".messages").inner_text()
    assert agenda_rows(page) == [
        "1 Godkendelse af dagsorden og tidsplan",
        f"2 {title_b}",
        f"3 {title_a}",
        "4 Nyt fra rådsmedlemmerne",
        "5 Eventuelt",
    ]
    check_axe(page, "meeting workspace with items")

    # A member proposes an item before the deadline; the secretary accepts it.
    login_as("member")
    visit(page, f"/mine/moeder/{meeting_id}/forslag/", "member's proposal form")
    title_c = "Flere varmestuer i vinterhalvåret"
    main.get_by_label("Titel på punktet").fill(title_c)
    main.get_by_label("Beskrivelse").fill("Varmestuerne er fulde fra december.")
    with page.expect_navigation():
        main.get_by_role("button", name="Send forslaget").click()
    assert "Dit forslag er sendt til sekretariatet" in page.locator(".messages").inner_text()
    assert title_c in main.inner_text()
    check_axe(page, "member's proposal form after sending")

    login_as("secretary")
    visit(page, f"{workspace}forslag/", "members' proposals")
    with page.expect_navigation():
        main.get_by_role("button", name=f"Optag på dagsordenen {title_c}").click()
    assert "Forslaget er optaget som punkt 4" in page.locator(".messages").inner_text()
    assert any(world.member.email in m.to and title_c in m.body for m in mail.outbox)
    check_axe(page, "members' proposals after accepting")

    # The agenda is published: the members are invited with an .ics file.
    visit(page, workspace, "meeting workspace before publishing")
    main.get_by_role("link", name="Offentliggør dagsordenen").click()
    page.wait_for_url(f"**{workspace}offentliggoer/")
    check_axe(page, "publish agenda confirmation")
    mail.outbox.clear()
    with page.expect_navigation():
        main.get_by_role("button", name="Offentliggør og send indkaldelse").click()
    assert urlsplit(page.url).path == workspace
    assert "indkaldelsen er sendt til 2 medlemmer" in page.locator(".messages").inner_text()
    invited = {address for m in mail.outbox for address in m.to}
    assert invited == {world.member.email, world.chair.email}
    invitation = next(m for m in mail.outbox if world.member.email in m.to)
    assert f"/mine/moeder/{meeting_id}/" in invitation.body
    assert any(name.endswith(".ics") and b"BEGIN:VEVENT" in (
        content if isinstance(content, bytes) else content.encode())
        for name, content, _type in invitation.attachments), invitation.attachments

    # The member reports an apology.
    login_as("member")
    visit(page, f"/mine/moeder/{meeting_id}/", "member's meeting page")
    main.get_by_label("Bemærkning (valgfri)").fill("Jeg er på kursus den dag.")
    with page.expect_navigation():
        main.get_by_role("button", name="Afbud").click()
    assert "Dit afbud er modtaget." in page.locator(".messages").inner_text()
    assert "Du har meldt: Afbud." in main.inner_text()
    check_axe(page, "member's meeting page after the apology")

    # Time passes: the meeting was held two hours ago.
    now = timezone.now()
    Meeting.objects.filter(pk=meeting_id).update(
        start=now - dt.timedelta(hours=3), end=now - dt.timedelta(hours=1)
    )

    # The secretary records the minutes.
    login_as("secretary")
    minutes_url = f"{workspace}referat/"
    visit(page, minutes_url, "minutes page (agenda published)")
    with page.expect_navigation():
        main.get_by_role("button", name="Marker mødet som afholdt").click()
    assert "Mødet er markeret som afholdt." in page.locator(".messages").inner_text()
    main.get_by_label("Formand Frida Fiktiv: Til stede").check()
    assert main.get_by_label("Medlem Mads Påhit: Afbud").is_checked()
    with page.expect_navigation():
        main.get_by_role("button", name="Gem fremmøde").click()
    decisions = {
        1: ("Godkendelse af dagsorden og tidsplan", "Godkendt."),
        2: (title_b, "Rådet afgiver høringssvar som drøftet på mødet."),
        3: (title_a, "Rådet tog orienteringen til efterretning."),
        4: (title_c, "Rådet anbefaler flere varmestuer fra 1. december."),
    }
    for number, (title, decision) in decisions.items():
        article = item_article(page, f"Punkt {number}: {title}")
        article.get_by_role("textbox", name="Beslutning", exact=True).fill(decision)
        with page.expect_navigation():
            article.get_by_role("button", name=f"Gem beslutning {number}").click()
        assert "er gemt" in page.locator(".messages").inner_text()
    check_axe(page, "minutes page with decisions")
    assert "Referatet venter på godkendelse" in main.inner_text()

    # The chair approves the minutes.
    login_as("chair")
    visit(page, f"/mine/moeder/{meeting_id}/", "chair's meeting page (approval)")
    with page.expect_navigation():
        main.get_by_role("button", name="Godkend referatet").click()
    assert "Referatet er godkendt." in page.locator(".messages").inner_text()
    check_axe(page, "chair's meeting page after approval")

    # The secretary publishes them.
    login_as("secretary")
    visit(page, f"{minutes_url}offentliggoer/", "publish minutes")
    with page.expect_navigation():
        main.get_by_role("button", name="Offentliggør referatet").click()
    # Publishing the minutes leads on to the easy-read version (issue 19).
    assert urlsplit(page.url).path == f"/sekretariat/testraad/moeder/{meeting_id}/letlaest/"
    assert "Referatet er offentliggjort." in page.locator(".messages").inner_text()
    check_axe(page, "minutes page after publication")

    # A citizen, in a browser of their own, reads the decision and downloads the minutes.
    citizen = browser.new_context(base_url=live_server.url, bypass_csp=True, locale="da-DK",
                                  viewport=DESKTOP)
    try:
        public = citizen.new_page()
        visit(public, f"/raad/testraad/moeder/{meeting_id}/", "public meeting page")
        public_main = public.locator("main")
        assert "Referat offentliggjort" in public_main.inner_text()
        heading = public_main.get_by_role("heading", name=f"Punkt 4: {title_c}")
        assert heading.is_visible()
        assert "Rådet anbefaler flere varmestuer fra 1. december." in public_main.inner_text()
        assert "Medlem Mads Påhit" in public_main.locator("dl").nth(1).inner_text()
        # The case presentation is sanitised rich text: formatted, and the script is gone.
        presentation = public_main.locator(".case-presentation").filter(has_text="boliger")
        assert presentation.locator("strong").inner_text() == "42"
        assert "<strong>" not in presentation.inner_text()
        assert "alert(" not in public.content()

        visit(public, "/raad/testraad/moeder/", "public meetings archive")
        assert public.get_by_role("link", name=re.compile("Ordinært møde")).count() >= 1

        visit(public, f"/raad/testraad/moeder/{meeting_id}/", "public meeting page again")
        pdf = fetch_pdf(public, "Referat (PDF)")
        pdf.assert_toc_matches({n: title for n, (title, _d) in decisions.items()}
                               | {5: "Nyt fra rådsmedlemmerne", 6: "Eventuelt"})
        whole = " ".join(pdf.pages)
        assert "Rådet anbefaler flere varmestuer fra 1. december." in whole
        assert "alert(" not in whole
    finally:
        citizen.close()


# Randers' demo meeting -------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_randers_demo_meeting_shows_published_minutes_and_pdf_toc(page):
    from django.core.management import call_command

    from udsatteraad.meetings.models import Meeting

    call_command("load_demo", verbosity=0)
    meeting = Meeting.objects.get(council__slug="randers", start__date=dt.date(2021, 9, 27))
    assert meeting.status == Meeting.Status.MINUTES_PUBLISHED

    visit(page, f"/raad/randers/moeder/{meeting.pk}/", "Randers demo meeting")
    main = page.locator("main")
    assert "Referat offentliggjort" in main.inner_text()
    headings = main.locator("article.agenda-item h3").all_inner_texts()
    assert [" ".join(h.split()) for h in headings] == [
        f"Punkt {n}: {title}" for n, title in RANDERS_TITLES.items()
    ]
    assert main.get_by_role("heading", name="Beslutning").count() >= 1

    fetch_pdf(page, "Referat (PDF)").assert_toc_matches(RANDERS_TITLES)


# Members see the item texts formatted, as the public does -----------------------------


def test_member_page_shows_case_presentation_as_formatted_text(page, world, login_as):
    from .conftest import build_meetings

    ids = build_meetings(world)
    login_as("member")
    visit(page, f"/mine/moeder/{ids['published']}/", "member's meeting page")
    presentation = page.locator(".case-presentation").first
    assert "<strong>" not in presentation.inner_text()
    assert presentation.locator("strong").inner_text() == "42"


# The axe pages' meetings -----------------------------------------------------------------


def test_axe_meetings_show_the_states_their_pages_are_checked_in(world, root_conftest):
    """conftest.build_meetings makes what test_axe_pages.py means to check: otherwise a
    page could pass axe only because the part under test was not on it."""
    from django.test import Client

    from .conftest import build_meetings

    ids = build_meetings(world)
    secretary = root_conftest.login(Client(), world.secretary)
    chair = root_conftest.login(Client(), world.chair)
    member = root_conftest.login(Client(), world.member)
    base = "/sekretariat/testraad/moeder"
    expected = [
        (Client(), f"/raad/testraad/moeder/{ids['corrected']}/", "Referatet er rettet den"),
        (Client(), f"/raad/testraad/moeder/{ids['published']}/", "Mindretallet ønsker"),
        (Client(), "/raad/testraad/moeder/", "Møde med offentliggjort referat"),
        (secretary, f"{base}/{ids['planned']}/forslag/", "Optag på dagsordenen"),
        (secretary, f"{base}/{ids['planned']}/punkter/{ids['item']}/bilag/",
         "Fortrolig oversigt"),
        (secretary, f"{base}/{ids['planned']}/offentliggoer/", "Offentliggør og send"),
        (secretary, f"{base}/{ids['held']}/referat/", "Gæst Gitte Opdigtet"),
        (secretary, f"{base}/{ids['approved']}/referat/offentliggoer/",
         "Offentliggør referatet"),
        (secretary, f"{base}/{ids['corrected']}/referat/offentliggoer/",
         "Offentliggør version 3"),
        (secretary, "/sekretariat/testraad/ekstraordinaer/", "Vinterberedskab for hjemløse"),
        (chair, f"/mine/moeder/{ids['held']}/", "Godkend referatet"),
        (member, f"/mine/moeder/{ids['planned']}/", "Jeg kommer"),
        (member, f"/mine/moeder/{ids['planned']}/forslag/", "Send forslaget"),
    ]
    for client, url, text in expected:
        response = client.get(url)
        assert response.status_code == 200, url
        assert text in response.content.decode(), f"{text!r} not on {url}"
