"""Issue 13's "Done when": a term change for Randers in a real browser, as the secretary and
the nominating organisations would do it.

- The five organisation seats: the secretary asks the five organisations that hold them for
  their nominees; each gets an e-mail with its personal link. Two answer through their links
  (anonymous browsers, the short form); one is reminded, and its old link is refused while the
  new one works. The secretary confirms the two answers: the memberships are created.
- The four drop-in centres (Perron 4, Cafe Rusfri, Slotsgården, Psykiatriens Hus): an election
  each, with candidates (an ineligible one is refused), votes, one tie decided by lot; the
  winners become members.
- The constituting meeting: planned, marked constituting (its standard items), its agenda
  published, held; chair and vice-chair are recorded on the constitution page, which sets the
  roles and writes the result into the minutes; the public council page shows them.

The council, its seat groups, organisations and venues come from the demo's council file
(demo/councils/randers.yaml) with the rules the demo adds (`councils.demo`). The term change
happens now: the file's current term is moved to have ended a fortnight ago, and the
secretary creates the new term through the pages. Python otherwise only sets up the
secretary's login, lets time pass (the meeting's start is moved into the past) and reads the
e-mails the live server sent. Every page of the term cycle is checked with axe.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from .conftest import DESKTOP, MOBILE, assert_no_axe_violations, totp_token

# The organisation seats' holders in the demo's current term (demo/councils/randers.yaml).
ORGANISATIONS = ["Sind", "Bedre Psykiatri", "Helhedsplanen for Nordbyen", "Livtagerne",
                 "Kirkens Korshær"]
AREA = "Bor eller arbejder i Randers Kommune"
SERVICE_USER = "Er bruger eller tidligere bruger af et tilbud"
# Seat group, candidates with votes; Slotsgården is a tie, decided by lot for Ulla.
ELECTIONS = [
    ("Brugerrepræsentant valgt på Perron 4", {"Anton Stemmesen": 14, "Birte Valgsen": 9}),
    ("Brugerrepræsentant valgt på Cafe Rusfri", {"Carl Kandidatsen": 6, "Dorte Urnesen": 11}),
    ("Brugerrepræsentant valgt på Slotsgården", {"Tage Lodsen": 7, "Ulla Lodsen": 7}),
    ("Brugerrepræsentant valgt blandt brugere i Psykiatriens Hus",
     {"Erik Opstillesen": 5, "Frida Afstemsen": 4}),
]
WINNERS = ["Anton Stemmesen", "Dorte Urnesen", "Ulla Lodsen", "Erik Opstillesen"]


def visit(page, url: str, label: str, status: int = 200):
    response = page.goto(url)
    assert response is not None and response.status == status, f"{url}: HTTP {response.status}"
    assert_no_axe_violations(page, f"{label} ({url})")
    return response


def checked(page, label: str):
    """Axe on the page a form submission led to."""
    assert_no_axe_violations(page, f"{label} ({page.url})")


def fits_a_phone(page, label: str) -> None:
    """Nothing wider than a 375 px screen (no horizontal scrolling)."""
    width = page.evaluate("document.scrollingElement.scrollWidth")
    wide = [] if width <= MOBILE["width"] else page.evaluate("""() =>
        [...document.querySelectorAll('body *')]
        .filter(e => e.getBoundingClientRect().right > 375.5)
        .filter(e => getComputedStyle(e).position === 'absolute'
                || !e.closest('.table-scroll'))
        .slice(0, 5).map(e => e.tagName + '.' + e.className + ' '
                         + getComputedStyle(e).position + ': '
                         + (e.textContent || '').trim().slice(0, 40))""")
    assert width <= MOBILE["width"], f"{label}: {width} px wide at 375 px: {wide}"


def field(scope, label: str):
    """A form field by its whole label (Django's labels may end with a colon)."""
    return scope.get_by_label(re.compile(rf"^{re.escape(label)}:?$"))


def messages_text(page) -> str:
    return page.locator(".messages").inner_text()


def submit(page, scope, name: str) -> None:
    with page.expect_navigation():
        scope.get_by_role("button", name=name).click()


def row_of(main, organisation: str):
    return main.get_by_role("row").filter(
        has=main.page.get_by_role("rowheader", name=organisation, exact=True))


def pdf_text(content: bytes) -> str:
    import io

    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(content))
    return " ".join(" ".join(p.extract_text() for p in reader.pages).split())


def link_in(message) -> str:
    return urlsplit(re.search(r"https?://\S+/indstilling/[\w-]+/", message.body)[0]).path


def randers_at_the_term_change(password: str):
    """The demo's Randers, its current term ended a fortnight ago, and its secretary."""
    from django.conf import settings
    from django.utils import timezone
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from udsatteraad.accounts.models import User
    from udsatteraad.councils import demo
    from udsatteraad.councils.loader import load_council_file
    from udsatteraad.councils.models import Membership, Secretary, Term

    result = load_council_file(Path(settings.BASE_DIR) / "demo" / "councils" / "randers.yaml")
    demo.load()
    council = result.council
    old = council.terms.order_by("-start").first()
    end = timezone.localdate() - dt.timedelta(days=15)
    Term.objects.filter(pk=old.pk).update(start=end - dt.timedelta(days=4 * 365), end=end)
    Membership.objects.filter(term=old).update(start=end - dt.timedelta(days=4 * 365))
    council.terms.exclude(pk=old.pk).filter(end__gte=end - dt.timedelta(days=4 * 365)).delete()
    user = User.objects.create_user("sekretariat@randers.example", password,
                                    name="Sekretær Rasmus Fiktivsen")
    TOTPDevice.objects.create(user=user, name="Authenticator", confirmed=True)
    Secretary.objects.create(user=user, council=council)
    return council, user


def log_in(page, user, password: str) -> None:
    """The real login: password, then the code from the authenticator app."""
    page.goto("/konto/log-ind/?next=/sekretariat/")
    main = page.locator("main")
    main.get_by_label("E-mail").fill(user.email)
    main.get_by_label("Adgangskode").fill(password)
    main.get_by_role("button", name="Log ind").click()
    page.wait_for_url("**/konto/2fa/**")
    main.get_by_label("Kode fra din godkendelses-app").fill(totp_token(user))
    submit(page, main, "Log ind")
    assert urlsplit(page.url).path == "/sekretariat/"


@pytest.mark.django_db(transaction=True)
def test_randers_term_change(page, browser, live_server, settings, root_conftest):
    from django.core import mail
    from django.urls import reverse
    from django.utils import timezone

    from udsatteraad.councils.models import Membership
    from udsatteraad.meetings.models import Meeting
    from udsatteraad.termcycle.models import Nomination

    settings.SITE_ROOT = live_server.url
    council, secretary = randers_at_the_term_change(root_conftest.PASSWORD)
    today = timezone.localdate()
    main = page.locator("main")
    log_in(page, secretary, root_conftest.PASSWORD)

    # The new term, through the term pages.
    visit(page, reverse("councils:term-new", args=["randers"]), "new term")
    field(main, "Navn").fill("Ny periode")
    field(main, "Start").fill((today - dt.timedelta(days=14)).isoformat())
    field(main, "Slut").fill((today + dt.timedelta(days=4 * 365)).isoformat())
    submit(page, main, "Gem")
    term = council.terms.get(name="Ny periode")

    # Nominations asked of the five organisations that hold the organisation seats.
    overview = reverse("termcycle:overview", args=["randers"])
    visit(page, overview, "term change overview")
    assert "Ny periode" in main.locator("#periode option[selected]").inner_text()
    mail.outbox.clear()
    for organisation in ORGANISATIONS:
        row = row_of(main, organisation)
        slug = re.sub(r"[^a-z]+", "-", organisation.lower().replace("æ", "ae"))
        row.get_by_label("Organisationens e-mailadresse").fill(f"{slug}@randers.example")
        submit(page, row, "Bed om indstilling")
        assert f"{organisation} er bedt om en indstilling." in messages_text(page)
    checked(page, "overview after the requests")
    page.set_viewport_size(MOBILE)
    fits_a_phone(page, "overview after the requests")
    page.set_viewport_size(DESKTOP)
    links = {}
    for organisation in ORGANISATIONS:
        (message,) = [m for m in mail.outbox if organisation in m.body]
        assert message.subject == "Indstilling af medlem til Udsatterådet i Randers Kommune"
        links[organisation] = link_in(message)
    assert len(set(links.values())) == 5
    assert Nomination.objects.filter(term=term, status="requested").count() == 5

    # Two organisations answer through their links, without an account.
    anonymous = browser.new_context(base_url=live_server.url, locale="da-DK",
                                    viewport=MOBILE)
    anonymous.set_default_timeout(30_000)
    org_page = anonymous.new_page()
    org_main = org_page.locator("main")
    answers = {"Sind": ("Gitte Indstillesen", "Formand for Sind Randers"),
               "Helhedsplanen for Nordbyen": ("Hans Boligsen", "Helhedsplanens leder")}
    try:
        for organisation, (nominee, by) in answers.items():
            visit(org_page, links[organisation], f"nomination form of {organisation}")
            assert organisation in org_main.inner_text()
            fits_a_phone(org_page, f"nomination form of {organisation}")
            field(org_main, "Kandidatens navn").fill(nominee)
            email = nominee.lower().replace(" ", ".") + "@randers.example"
            field(org_main, "Kandidatens e-mailadresse").fill(email)
            field(org_main, "Dit navn (den, der indstiller)").fill(by)
            if organisation == "Sind":
                # Without the eligibility confirmation the answer is refused.
                submit(org_page, org_main, "Send indstillingen")
                assert AREA in org_main.locator("[role=alert]").inner_text()
                checked(org_page, "nomination refused")
            field(org_main, AREA).check()
            submit(org_page, org_main, "Send indstillingen")
            assert "Tak for indstillingen" in org_main.inner_text()
            checked(org_page, "nomination thanks")
            visit(org_page, links[organisation], "used link", status=410)
        # The secretariat was told of each answer.
        told = [m for m in mail.outbox if m.to == [secretary.email]]
        assert len(told) == 2

        # One is reminded: a new link; the old one is refused.
        visit(page, overview, "overview with answers")
        mail.outbox.clear()
        submit(page, row_of(main, "Livtagerne"), "Send påmindelse til Livtagerne")
        assert "Livtagerne har fået en påmindelse med et nyt link." in messages_text(page)
        (reminder,) = mail.outbox
        assert reminder.subject.startswith("Påmindelse:")
        new_link = link_in(reminder)
        assert new_link != links["Livtagerne"]
        visit(org_page, links["Livtagerne"], "replaced link", status=410)
        assert "Linket virker ikke længere" in org_main.inner_text()
        visit(org_page, new_link, "reminded organisation's form")
    finally:
        anonymous.close()

    # The secretary confirms the two answers: the memberships are created.
    visit(page, overview, "overview before confirming")
    assert "1 påmindelse" in row_of(main, "Livtagerne").inner_text()
    for nominee in ("Gitte Indstillesen", "Hans Boligsen"):
        submit(page, main, f"Bekræft {nominee} som medlem")
        assert f"{nominee} er nu medlem af rådet fra" in messages_text(page)
    checked(page, "overview after confirming")
    nominated = Membership.objects.filter(term=term, nominated_by__isnull=False)
    assert sorted(m.person.name for m in nominated) == ["Gitte Indstillesen", "Hans Boligsen"]
    assert {m.nominated_by.name for m in nominated} == {"Sind", "Helhedsplanen for Nordbyen"}

    # Elections at the four drop-in centres.
    for seat, votes in ELECTIONS:
        visit(page, overview, "overview")
        main.get_by_role("link", name="Planlæg et valg").click()
        page.wait_for_url("**/valg/nyt/**")
        checked(page, "new election")
        field(main, "Plads").select_option(label=seat)
        field(main, "Dato").fill(today.isoformat())
        field(main, "Klokken").fill("13:00")
        field(main, "Sted").fill("I caféen")
        submit(page, main, "Opret valget")
        checked(page, f"election {seat}")
        venue = seat.rsplit(" ", 2)[-1] if "Hus" in seat else seat.rsplit(" på ", 1)[-1]
        assert venue in main.inner_text()
        if seat.endswith("Perron 4"):
            # Not confirmed to live or work in Randers: refused with the rule's message.
            field(main, "Navn").fill("Ikke Valgbarsen")
            submit(page, main, "Tilføj kandidat")
            assert AREA in main.locator("[role=alert]").inner_text()
            checked(page, "ineligible candidate refused")
            field(main, "Navn").fill("")
        for name in votes:
            field(main, "Navn").fill(name)
            field(main, "E-mail").fill(name.lower().replace(" ", ".") + "@randers.example")
            field(main, AREA).check()
            field(main, SERVICE_USER).check()
            submit(page, main, "Tilføj kandidat")
            assert f"{name} er kandidat." in messages_text(page)
        for name, count in votes.items():
            field(main, f"Stemmer til {name}").fill(str(count))
        submit(page, main, "Gem stemmerne")
        assert "Stemmerne er gemt." in messages_text(page)
        if "Slotsgården" in seat:
            submit(page, main, "Afgør valget og opret medlemskabet")
            assert "lodtrækningen" in main.locator("[role=alert]").inner_text()
            checked(page, "tie needs the draw")
            field(main, "Lodtrækningen udpegede").select_option(label="Ulla Lodsen")
        submit(page, main, "Afgør valget og opret medlemskabet")
        assert "Valget er afgjort, og medlemskabet er oprettet." in messages_text(page)
        checked(page, f"decided election {seat}")
        page.set_viewport_size(MOBILE)
        fits_a_phone(page, f"decided election {seat}")
        page.set_viewport_size(DESKTOP)
        assert "Valgt" in main.get_by_role("row").filter(has_text=max(
            votes, key=lambda n: (votes[n], n)) if "Slotsgården" not in seat
            else "Ulla Lodsen").inner_text()
    # The poster and the ballot of the last election, for print.
    for link, words in (("Plakat om valget (PDF)", ["Psykiatriens Hus"]),
                        ("Stemmeseddel (PDF)", ["Erik Opstillesen", "Frida Afstemsen"])):
        pdf = page.request.get(main.get_by_role("link", name=link).get_attribute("href"))
        assert pdf.ok and pdf.headers["content-type"] == "application/pdf"
        text = pdf_text(pdf.body())
        for word in words:
            assert word in text, (link, word)
    assert "Ikke Valgbarsen" not in Membership.objects.values_list("person__name", flat=True)
    elected = Membership.objects.filter(term=term, seat_group__kind="user")
    assert sorted(m.person.name for m in elected) == sorted(WINNERS)
    assert all(m.start == today for m in elected)

    # The constituting meeting: planned, marked, its agenda published.
    visit(page, overview, "overview with elections")
    assert main.get_by_text("Periodens første møde er ikke planlagt endnu.").is_visible()
    visit(page, reverse("meetings:meeting-new", args=["randers"]), "new meeting")
    field(main, "Titel").fill("Konstituerende møde")
    field(main, "Dato").fill((today + dt.timedelta(days=7)).isoformat())
    field(main, "Starttid").fill("17:00")
    field(main, "Sluttid").fill("19:00")
    field(main, "Hold mødet alligevel").check()
    submit(page, main, "Opret mødet")
    meeting = Meeting.objects.get(council=council, title="Konstituerende møde")
    visit(page, overview, "overview with the first meeting")
    main.get_by_role("link", name="Konstituering: valg af formand og næstformand").click()
    page.wait_for_url("**/konstituering/")
    checked(page, "constitution, not marked")
    submit(page, main, "Gør mødet konstituerende")
    assert "standardpunkterne er på dagsordenen" in messages_text(page)
    checked(page, "constitution, marked")
    titles = list(meeting.items.values_list("title", flat=True))
    assert "Valg af formand og næstformand" in titles
    assert "Rådets forretningsorden" in titles

    mail.outbox.clear()
    visit(page, reverse("meetings:publish-agenda", args=["randers", meeting.pk]),
          "publish agenda")
    submit(page, main, "Offentliggør og send indkaldelse")
    invited = {m.to[0] for m in mail.outbox}
    assert "anton.stemmesen@randers.example" in invited

    # Time passes: the meeting began an hour ago (today, when the members' terms began).
    now = timezone.now()
    midnight = timezone.make_aware(dt.datetime.combine(today, dt.time()))
    start = max(now - dt.timedelta(hours=1), midnight)
    Meeting.objects.filter(pk=meeting.pk).update(start=start, end=now + dt.timedelta(hours=1))
    visit(page, reverse("meetings:minutes", args=["randers", meeting.pk]), "minutes")
    submit(page, main, "Marker mødet som afholdt")

    # Chair and vice-chair, recorded in the minutes.
    constitution = reverse("termcycle:constitution", args=["randers", meeting.pk])
    visit(page, constitution, "constitution, roles")
    chair = Membership.objects.get(term=term, person__name="Anton Stemmesen")
    vice = Membership.objects.get(term=term, person__name="Gitte Indstillesen")
    field(main, "Formand").select_option(
        label=f"Anton Stemmesen ({chair.seat_group.name})")
    field(main, "Næstformand").select_option(
        label=f"Gitte Indstillesen ({vice.seat_group.name})")
    submit(page, main, "Registrér valget")
    assert "Formand og næstformand er registreret" in messages_text(page)
    checked(page, "constitution recorded")
    chair.refresh_from_db()
    vice.refresh_from_db()
    assert (chair.role, vice.role) == ("chair", "vice_chair")
    item = meeting.items.get(title="Valg af formand og næstformand")
    assert "Anton Stemmesen blev valgt som formand" in item.decision
    assert "Gitte Indstillesen blev valgt som næstformand" in item.decision
    visit(page, reverse("meetings:minutes", args=["randers", meeting.pk]), "minutes")
    decision = (page.locator("article.agenda-item")
                .filter(has_text="Valg af formand og næstformand")
                .get_by_role("textbox", name="Beslutning"))  # the editor, as a user finds it
    assert "Anton Stemmesen blev valgt som formand" in decision.inner_text()

    # The public council page shows the new members and their roles.
    page.context.clear_cookies()
    visit(page, reverse("front:council", args=["randers"]), "public council page")
    members = main.locator("ul.members li")
    anton = members.filter(has_text="Anton Stemmesen")
    gitte = members.filter(has_text="Gitte Indstillesen")
    assert "Formand" in anton.inner_text() and "Næstformand" in gitte.inner_text()
    for name in WINNERS + ["Hans Boligsen"]:
        assert members.filter(has_text=name).count() == 1, name
