"""Issue 16's "Done when", in a real browser, as the roles would do it:

- the secretary plans a year from a pattern, publishes an agenda, writes the minutes live with
  autosave (a reload in the middle loses nothing); the chair gets the mail, sends the minutes
  back with a comment, then approves; the secretary publishes;
- moving and then cancelling a meeting mails the updated (METHOD:REQUEST, SEQUENCE raised) and
  the cancelling (METHOD:CANCEL) .ics, opened with icalendar;
- without JavaScript, typing in two decision fields and saving one keeps both;
- the platform administrator sets up a new council and invites its secretary, who sets a
  password and a TOTP device from the invitation (the code computed here from the key the page
  shows, as an authenticator app would) and later logs in with two-factor.

Python lets time pass (a meeting's start is moved into the past) and reads the e-mails the live
server sent. Every page new in this issue is checked with axe."""

from __future__ import annotations

import base64
import datetime as dt
import re
import time
from urllib.parse import urlsplit

from .conftest import assert_no_axe_violations
from .test_workspace_meeting import decision_editor, item_article, type_decision, visit

SECRETARIAT = "/sekretariat/testraad/"


def ics_of(message) -> bytes:
    (attachment,) = [a for a in message.attachments if a[0].endswith(".ics")]
    content = attachment[1]
    return content if isinstance(content, bytes) else content.encode()


def calendar_event(message) -> tuple[str, dict]:
    from icalendar import Calendar

    cal = Calendar.from_ical(ics_of(message))
    (event,) = cal.walk("VEVENT")
    return str(cal["method"]), event


def field(main, label: str):
    """A form field by its whole label (Django's labels end with a colon)."""
    return main.get_by_label(re.compile(rf"^{re.escape(label)}:?$"))


def messages_text(page) -> str:
    return page.locator(".messages").inner_text()


def test_a_meeting_as_the_three_roles_would_run_it(page, world, login_as, live_server,
                                                    settings):
    from django.core import mail
    from django.utils import timezone

    from udsatteraad.meetings.models import Meeting

    settings.SITE_ROOT = live_server.url
    main = page.locator("main")
    year = timezone.localdate().year + 1

    # The secretary plans next year from a pattern: second Monday of March, June, September
    # and December at 17.00 (the form's defaults), then adjusts a meeting.
    login_as("secretary")
    visit(page, f"{SECRETARIAT}moeder/planlaeg-aar/?aar={year}", "year plan from a pattern")
    field(main, "Sluttid").fill("19:00")
    field(main, "Lokale/adresse").fill("Byrådssalen")
    with page.expect_navigation():
        main.get_by_role("button", name="Opret møderne").click()
    assert "4 møder er oprettet" in messages_text(page)
    first, second = Meeting.objects.filter(council=world.council).order_by("start")[:2]
    assert timezone.localtime(first.start).month == 3
    assert timezone.localtime(first.start).hour == 17
    workspace = f"{SECRETARIAT}moeder/{first.pk}/"

    # The agenda is published: the members are invited.
    mail.outbox.clear()
    visit(page, f"{workspace}offentliggoer/", "publish agenda")
    with page.expect_navigation():
        main.get_by_role("button", name="Offentliggør og send indkaldelse").click()
    assert "indkaldelsen er sendt" in messages_text(page)
    assert world.chair.email in {m.to[0] for m in mail.outbox}

    # The meeting is held.
    now = timezone.now()
    Meeting.objects.filter(pk=first.pk).update(start=now - dt.timedelta(hours=2),
                                               end=now - dt.timedelta(hours=1))
    minutes_url = f"{workspace}referat/"
    visit(page, minutes_url, "live minutes page")
    with page.expect_navigation():
        main.get_by_role("button", name="Marker mødet som afholdt").click()

    # Live minutes: each field saves itself ("Gemt kl. 17.42").
    main.get_by_label("Formand Frida Fiktiv: Til stede").check()
    page.locator("#fremmoede-gemt").get_by_text(re.compile(r"Gemt kl\. \d\d\.\d\d")).wait_for()
    articles = page.locator("article.agenda-item")
    type_decision(page, articles.nth(0), "Dagsordenen blev godkendt.")
    articles.nth(0).get_by_text(re.compile(r"Gemt kl\. \d\d\.\d\d")).wait_for()
    type_decision(page, articles.nth(1), "Medlemmerne fortalte om vinteren.")
    articles.nth(1).get_by_text(re.compile(r"Gemt kl\. \d\d\.\d\d")).wait_for()

    # A reload in the middle of the meeting loses nothing.
    page.reload()
    assert decision_editor(articles.nth(0)).inner_text() == (
        "Dagsordenen blev godkendt.")
    assert decision_editor(articles.nth(1)).inner_text() == (
        "Medlemmerne fortalte om vinteren.")
    assert main.get_by_label("Formand Frida Fiktiv: Til stede").is_checked()

    # Sent for approval: the chair gets the mail with a link.
    mail.outbox.clear()
    with page.expect_navigation():
        main.get_by_role("button", name="Send til godkendelse").click()
    to_chair = [m for m in mail.outbox if m.to == [world.chair.email]]
    assert len(to_chair) == 1
    link = urlsplit(re.search(r"https?://\S+/mine/moeder/\d+/", to_chair[0].body)[0]).path

    # The chair sends the minutes back with a comment.
    login_as("chair")
    visit(page, link, "chair's approval page")
    main.get_by_label("Kommentar til sekretariatet").fill("Punkt 2: nævn varmestuerne.")
    with page.expect_navigation():
        main.get_by_role("button", name="Send referatet tilbage").click()
    assert "sendt tilbage" in messages_text(page)

    # The secretary corrects and sends again.
    login_as("secretary")
    visit(page, minutes_url, "minutes sent back")
    assert "Punkt 2: nævn varmestuerne." in main.inner_text()
    type_decision(page, articles.nth(1), "Medlemmerne fortalte om vinteren og varmestuerne.")
    articles.nth(1).get_by_text(re.compile(r"Gemt kl\.")).wait_for()
    with page.expect_navigation():
        main.get_by_role("button", name="Gem referatet").click()
    with page.expect_navigation():
        main.get_by_role("button", name="Send til godkendelse igen").click()

    # The chair approves; the secretary publishes.
    login_as("chair")
    page.goto(link)
    with page.expect_navigation():
        main.get_by_role("button", name="Godkend referatet").click()
    assert "Referatet er godkendt." in messages_text(page)
    login_as("secretary")
    page.goto(f"{minutes_url}offentliggoer/")
    with page.expect_navigation():
        main.get_by_role("button", name="Offentliggør referatet").click()
    assert "Referatet er offentliggjort." in messages_text(page)
    first.refresh_from_db()
    assert first.status == "minutes_published"
    assert "varmestuerne" in page.goto(f"/raad/testraad/moeder/{first.pk}/").text()

    # The next meeting: published, moved a week, then cancelled. Members' calendars follow.
    mail.outbox.clear()
    page.goto(f"{SECRETARIAT}moeder/{second.pk}/offentliggoer/")
    with page.expect_navigation():
        main.get_by_role("button", name="Offentliggør og send indkaldelse").click()
    (invitation,) = [m for m in mail.outbox if m.to == [world.member.email]]
    method, invited = calendar_event(invitation)
    assert method == "REQUEST" and int(invited.get("sequence", 0)) == 0

    mail.outbox.clear()
    moved_to = timezone.localtime(second.start).date() + dt.timedelta(days=7)
    visit(page, f"{SECRETARIAT}moeder/{second.pk}/rediger/", "edit meeting")
    field(main, "Dato").fill(moved_to.isoformat())
    with page.expect_navigation():
        main.get_by_role("button", name="Gem mødet").click()
    (moved,) = [m for m in mail.outbox if m.to == [world.member.email]]
    method, event = calendar_event(moved)
    assert method == "REQUEST"
    assert str(event["uid"]) == str(invited["uid"])
    assert int(event["sequence"]) > int(invited.get("sequence", 0))
    assert event.decoded("dtstart").date() == moved_to

    mail.outbox.clear()
    page.goto(f"{SECRETARIAT}moeder/{second.pk}/rediger/")
    with page.expect_navigation():
        main.get_by_role("button", name="Aflys mødet").click()
    assert "Mødet er aflyst." in messages_text(page)
    (cancelled,) = [m for m in mail.outbox if m.to == [world.member.email]]
    method, event = calendar_event(cancelled)
    assert method == "CANCEL"
    assert str(event["uid"]) == str(invited["uid"])
    assert str(event["status"]) == "CANCELLED"


def _context_without_js(browser, live_server, user, root_conftest):
    from django.conf import settings
    from django.test import Client

    client = root_conftest.login(Client(), user)
    ctx = browser.new_context(base_url=live_server.url, java_script_enabled=False,
                              locale="da-DK")
    ctx.set_default_timeout(30_000)
    ctx.add_cookies([{"name": settings.SESSION_COOKIE_NAME,
                      "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                      "url": live_server.url}])
    return ctx


def test_two_decisions_typed_one_saved_both_kept(browser, world, live_server, root_conftest):
    from django.utils import timezone

    from udsatteraad.meetings import minutes
    from udsatteraad.meetings.models import AgendaItem, Meeting

    now = timezone.now()
    meeting = Meeting.objects.create(
        council=world.council, title="Ordinært møde", start=now - dt.timedelta(hours=2),
        end=now - dt.timedelta(hours=1), status=Meeting.Status.AGENDA_PUBLISHED,
        agenda_published_at=now - dt.timedelta(days=8))
    AgendaItem.objects.create(meeting=meeting, number=1, position=1, title="Boliger")
    AgendaItem.objects.create(meeting=meeting, number=2, position=2, title="Varmestuer")
    minutes.mark_held(meeting=meeting)

    # Without JavaScript nothing saves by itself: only the button sends the one form.
    ctx = _context_without_js(browser, live_server, world.secretary, root_conftest)
    page = ctx.new_page()
    page.goto(f"{SECRETARIAT}moeder/{meeting.pk}/referat/")
    item_article(page, "Punkt 1: Boliger").get_by_label("Beslutning").fill(
        "Rådet anbefaler flere boliger.")
    item_article(page, "Punkt 2: Varmestuer").get_by_label("Beslutning").fill(
        "Rådet anbefaler længere åbningstider.")
    with page.expect_navigation():
        item_article(page, "Punkt 2: Varmestuer").get_by_role(
            "button", name="Gem beslutning 2").click()
    assert "Referatet er gemt." in messages_text(page)
    decisions = dict(meeting.items.values_list("title", "decision"))
    assert decisions == {"Boliger": "Rådet anbefaler flere boliger.",
                         "Varmestuer": "Rådet anbefaler længere åbningstider."}
    page.reload()
    assert item_article(page, "Punkt 1: Boliger").get_by_label("Beslutning").input_value() == (
        "Rådet anbefaler flere boliger.")
    ctx.close()


def _totp(secret: str, *, later: int = 0) -> str:
    """The code an authenticator app shows for the key the set-up page printed (groups of
    four base32 letters); `later` steps ahead for a second login in the same 30 seconds (a
    code is accepted once, and one step of drift either way)."""
    from django_otp.oath import TOTP

    raw = secret.replace(" ", "")
    key = base64.b32decode(raw + "=" * (-len(raw) % 8))
    totp = TOTP(key, step=30, t0=0, digits=6, drift=0)
    totp.time = time.time() + 30 * later
    return f"{totp.token():06d}"


def test_the_administrator_sets_up_a_council_and_its_secretary_logs_in(
        page, context, world, login_as, live_server, settings):
    from django.core import mail

    from udsatteraad.councils.models import Council, Secretary

    settings.SITE_ROOT = live_server.url
    main = page.locator("main")

    login_as("admin")
    page.goto("/mine/")
    with page.expect_navigation():
        main.get_by_role("link", name="Opret et råd og invitér sekretærer").click()
    assert_no_axe_violations(page, "set-up start page")
    visit(page, "/platform/nyt-raad/kopi/", "copy a council")
    # A broken council file: the error names line and field, the text stays.
    visit(page, "/platform/nyt-raad/fil/", "council file")
    main.get_by_label("Rådsfilens tekst").fill("authority:\n  name: Nyby\n  kind: by\n")
    with page.expect_navigation():
        main.get_by_role("button", name="Indlæs rådsfilen").click()
    assert "linje" in main.locator(".form-errors").inner_text()
    assert "kind: by" in main.get_by_label("Rådsfilens tekst").input_value()
    assert_no_axe_violations(page, "council file with an error")

    # The blank form: a new authority and council with its first terms of reference.
    visit(page, "/platform/nyt-raad/tom/", "blank council form")
    field(main, "Ny myndigheds navn").fill("Nyby Kommune")
    field(main, "Ny myndigheds type").select_option(label="Kommune")
    field(main, "Rådets navn").fill("Udsatterådet i Nyby")
    field(main, "Kommissoriets titel").fill("Kommissorium for Udsatterådet")
    field(main, "Kommissoriet er godkendt den").fill("2026-11-01")
    field(main, "Formål").fill("At rådgive byrådet om udsatte borgere.")
    field(main, "Første pladsgruppe").fill("Brugerrepræsentanter")
    field(main, "Pladsgruppens type").select_option(value="user")
    field(main, "Antal pladser").fill("5")
    with page.expect_navigation():
        main.get_by_role("button", name="Opret rådet").click()
    assert "Udsatterådet i Nyby er oprettet." in messages_text(page)
    council = Council.objects.get(name="Udsatterådet i Nyby")
    assert urlsplit(page.url).path == f"/platform/raad/{council.slug}/sekretaerer/"
    assert_no_axe_violations(page, "secretaries page")

    # The invitation.
    mail.outbox.clear()
    field(main, "Navn").fill("Sekretær Sofie Opdigtet")
    field(main, "E-mail").fill("sofie@nyby.example")
    with page.expect_navigation():
        main.get_by_role("button", name="Send invitation").click()
    assert "Invitationen er sendt" in messages_text(page)
    (invitation,) = mail.outbox
    link = urlsplit(re.search(r"https?://\S+/invitation/\S+/", invitation.body)[0]).path

    # The secretary, in a browser without the administrator's session.
    context.clear_cookies()
    visit(page, link, "invitation")
    main.get_by_label("Vælg en adgangskode").fill("nyby-sofie-kaffe-2026")
    main.get_by_label("Gentag adgangskoden").fill("nyby-sofie-kaffe-2026")
    with page.expect_navigation():
        main.get_by_role("button", name="Gem og fortsæt").click()
    assert urlsplit(page.url).path == "/konto/2fa/opsaet/"
    secret = main.locator("code.secret").inner_text()
    main.get_by_label("Kode fra din godkendelses-app").fill(_totp(secret))
    with page.expect_navigation():
        main.get_by_role("button", name="Bekræft og log ind").click()
    assert urlsplit(page.url).path == f"/sekretariat/{council.slug}/"
    assert Secretary.objects.filter(council=council, user__email="sofie@nyby.example").exists()

    # The link is used; a later login needs the password and the app's code.
    visit_used = page.goto(link)
    assert visit_used is not None and visit_used.status == 410
    assert_no_axe_violations(page, "used invitation")
    with page.expect_navigation():
        page.get_by_role("button", name="Log ud").click()
    page.goto(f"/sekretariat/{council.slug}/")
    main.get_by_label("E-mail").fill("sofie@nyby.example")
    main.get_by_label("Adgangskode").fill("nyby-sofie-kaffe-2026")
    main.get_by_role("button", name="Log ind").click()
    page.wait_for_url("**/konto/2fa/**")
    main.get_by_label("Kode fra din godkendelses-app").fill(_totp(secret, later=1))
    with page.expect_navigation():
        main.get_by_role("button", name="Log ind").click()
    assert urlsplit(page.url).path == f"/sekretariat/{council.slug}/"
