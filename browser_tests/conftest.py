"""Browser tests: Playwright (sync API) driving Debian's Chromium against pytest-django's
live_server, with axe-core for accessibility checks.

Run separately from `tests/` (`make test-browser`): live_server tests are transactional and
flush the database after each test, so every test builds its own world.

Environment:
  CHROMIUM          path of the Chromium binary (default /usr/bin/chromium; Playwright's own
                    browser downloads are not possible here).
  REQUIRE_BROWSER=1 a missing or broken Chromium fails the tests instead of skipping them (CI).
  VNU_JAR           the W3C's Nu Html Checker (`make vnu-jar`): every HTML page the live server
                    sends during the session is saved, and vnu checks them all at the end; any
                    error fails the run. Skipped with a message without it, unless REQUIRE_VNU=1.
"""

from __future__ import annotations

import datetime as dt
import os
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from udsatteraad.lib import vnu

# Playwright's sync API runs an asyncio event loop in this thread; Django would otherwise
# refuse ORM calls from the test body as "async unsafe".
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
# Without the background-networking flags Chromium tries to reach Google's services, which
# fails (slowly) on a closed network.
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
DESKTOP = {"width": 1280, "height": 900}
MOBILE = {"width": 375, "height": 740}
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def require_browser() -> bool:
    return os.environ.get("REQUIRE_BROWSER", "").lower() in ("1", "true", "yes", "on")


def _unavailable(reason: str):
    if require_browser():
        pytest.fail(f"REQUIRE_BROWSER=1 but {reason}", pytrace=False)
    pytest.skip(reason)


@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings_parallel_suffix) -> None:
    """On SQLite the live server's test database is a file, not shared-cache memory: in
    memory a second writer at the same moment (an autosave racing the save button) fails at
    once with "table is locked", where a file waits its turn as the site's database does."""
    from django.conf import settings

    db = settings.DATABASES["default"]
    if db["ENGINE"].endswith("sqlite3"):
        name = Path(tempfile.gettempdir()) / f"udsatteraad-browser-{os.getpid()}.sqlite3"
        db.setdefault("TEST", {})["NAME"] = str(name)


def pytest_collection_modifyitems(items):
    for item in items:
        if "browser_tests" in item.nodeid.split("/")[0]:
            item.add_marker(pytest.mark.browser)


# HTML pages the live server sent (full documents, not htmx fragments), checked by vnu at the
# end of the session. Recorded on the server side so that every page counts, whichever way
# a test reached it (navigation, form post, redirect).
PAGES_DIR = Path(os.environ.get("VNU_PAGES_DIR")
                 or Path(tempfile.gettempdir()) / f"udsatteraad-vnu-pages-{os.getpid()}")


@pytest.fixture(scope="session", autouse=True)
def record_pages() -> Iterator[None]:
    from django.core.handlers.base import BaseHandler

    for stale in PAGES_DIR.glob("*.html"):
        stale.unlink()
    original = BaseHandler.get_response

    def get_response(self, request):
        response = original(self, request)
        if (response.status_code == 200 and not request.headers.get("HX-Request")
                and response.get("Content-Type", "").startswith("text/html")
                and not getattr(response, "streaming", False)):
            vnu.save(PAGES_DIR, request.get_full_path(), response.content.decode())
        return response

    BaseHandler.get_response = get_response  # type: ignore[method-assign]
    yield
    BaseHandler.get_response = original  # type: ignore[method-assign]


def pytest_sessionfinish(session, exitstatus):
    """vnu over every page the browser tests were served: any error fails the run."""
    reporter = session.config.pluginmanager.get_plugin("terminalreporter")
    if reporter:
        reporter.ensure_newline()
    write = reporter.write_line if reporter else print
    count = len(list(PAGES_DIR.glob("*.html")))
    if not count:
        if vnu.required() and session.testscollected:
            # CI: a green run must mean pages were checked, not that none were recorded.
            write("REQUIRE_VNU=1 but no page was recorded for vnu")
            session.exitstatus = 1
        return
    if reason := vnu.unavailable():
        write(f"vnu: {count} pages not checked: {reason}")
        if vnu.required():
            write("REQUIRE_VNU=1: failing the run")
            session.exitstatus = 1
        return
    errors = vnu.check(PAGES_DIR)
    if errors:
        write(f"vnu: {len(errors)} error(s) in {count} pages (saved in {PAGES_DIR}):")
        write(vnu.report(errors, limit=200))
        session.exitstatus = 1
    else:
        write(f"vnu: {count} pages, no errors")


@pytest.fixture(scope="session")
def browser() -> Iterator:
    if not os.access(CHROMIUM, os.X_OK):
        _unavailable(f"Chromium not found at {CHROMIUM}")
    from playwright.sync_api import Error, sync_playwright

    with sync_playwright() as pw:
        try:
            chromium = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        except Error as e:
            _unavailable(f"Chromium at {CHROMIUM} does not start: {e}")
        yield chromium
        chromium.close()


@pytest.fixture(scope="session")
def root_conftest(pytestconfig):
    """The project's root conftest.py (build_world, login). Imported through pytest's plugin
    registry: "import conftest" would be ambiguous next to this file."""
    path = pytestconfig.rootpath / "conftest.py"
    for plugin in pytestconfig.pluginmanager.get_plugins():
        if getattr(plugin, "__file__", None) == str(path):
            return plugin
    raise RuntimeError(f"{path} is not loaded as a conftest")


@pytest.fixture
def world(transactional_db, root_conftest):
    """The root conftest's world, built inside the transactional database live_server sees."""
    return root_conftest.build_world()


@pytest.fixture
def context(browser, live_server) -> Iterator:
    # bypass_csp: axe-core is injected as an inline script.
    ctx = browser.new_context(
        base_url=live_server.url, bypass_csp=True, locale="da-DK", viewport=DESKTOP
    )
    # Generous: CI machines have two cores and the live server shares them.
    ctx.set_default_timeout(30_000)
    yield ctx
    ctx.close()


@pytest.fixture
def page(context):
    return context.new_page()


@pytest.fixture
def login_as(context, live_server, world, root_conftest) -> Callable[[str], object]:
    """login_as("secretary") logs a persona of the world in, in this browser context, by
    putting a Django session (TOTP-verified where the persona has a device, exactly as the
    root conftest's `login` does for the test client) into the session cookie.
    The real login and TOTP forms are exercised in test_login_flow.py.

    Personas: secretary, chair, member, other_secretary, admin; "secretary_unverified" is the
    secretary logged in with password only (before the TOTP step)."""
    from django.conf import settings
    from django.test import Client

    def do_login(persona: str):
        if persona == "secretary_unverified":
            user = world.secretary
            client = Client()
            client.force_login(user)
        else:
            user = getattr(world, persona)
            client = root_conftest.login(Client(), user)
        context.clear_cookies()
        context.add_cookies([
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": live_server.url,
            }
        ])
        return user

    return do_login


def totp_token(user) -> str:
    """The current code of the user's confirmed TOTP device, as an authenticator app shows it."""
    from django_otp.oath import TOTP

    device = user.totpdevice_set.get(confirmed=True)
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return f"{totp.token():0{device.digits}d}"


def format_violations(violations: list[dict]) -> str:
    lines = []
    for v in violations:
        lines.append(f"- {v['id']} ({v.get('impact')}): {v['help']}  [{v['helpUrl']}]")
        for node in v["nodes"][:10]:
            target = ", ".join(str(t) for t in node["target"])
            html = " ".join(node.get("html", "").split())[:200]
            lines.append(f"    at {target}: {html}")
            summary = node.get("failureSummary", "")
            for msg in summary.splitlines():
                if msg.strip():
                    lines.append(f"      {msg.strip()}")
        if len(v["nodes"]) > 10:
            lines.append(f"    ... and {len(v['nodes']) - 10} more")
    return "\n".join(lines)


def axe_violations(page) -> list[dict]:
    from axe_playwright_python.sync_playwright import Axe

    options = {"runOnly": {"type": "tag", "values": WCAG_TAGS}, "resultTypes": ["violations"]}
    return Axe().run(page, options=options).response["violations"]


def assert_no_axe_violations(page, label: str = "") -> None:
    violations = axe_violations(page)
    if violations:
        # The report says all there is; a traceback and a repr of the raw dicts would bury it.
        pytest.fail(
            f"{len(violations)} axe violation(s) on {label or page.url}:\n"
            + format_violations(violations),
            pytrace=False,
        )


def build_meetings(world) -> dict[str, int]:
    """Meetings of the test council in every state the meeting pages show, for the axe
    pages (ids by placeholder name):

    planned    coming ordinary meeting: standard items, a full item ({item}) with an open and
               a closed attachment row, a closed item, a pending and a declined proposal;
    held       held two hours ago: attendance, a guest, decisions, a minority statement;
    approved   minutes approved by the chair, not yet published;
    published  minutes published (version 1);
    corrected  published, then corrected (version 2 with a note), and changed again since
               (a pending correction);
    request    a members' request for an extraordinary meeting.

    Built with the app's own actions, like a secretary would have done it; attachments
    are rows without files (the pages list them, nobody downloads them here)."""
    from django.utils import timezone

    from udsatteraad.meetings import agenda, minutes, planning
    from udsatteraad.meetings.models import (
        AgendaItem,
        Attachment,
        Attendance,
        ItemProposal,
        Meeting,
    )

    member = world.member_membership.person
    chair = world.chair_membership.person
    now = timezone.now()

    def meeting(title: str, start, status=Meeting.Status.PLANNED) -> Meeting:
        m = Meeting.objects.create(
            council=world.council, title=title, start=start,
            end=start + dt.timedelta(hours=2), venue=world.cafe, location="Mødelokale 1",
        )
        agenda.add_standard_items(meeting=m)
        agenda.create_item(meeting=m, data={
            "title": "Status på boligindsatsen", "case_number": "27.15.00-A08-1-26",
            "summary": "Forvaltningen orienterer om indsatsen.",
            "recommendations_intro": agenda.default_recommendations_intro(m),
            "recommendations": ["rådet tager orienteringen til efterretning",
                                "rådet drøfter indsatsen"],
            "case_presentation": "<p>Der er <strong>42</strong> boliger.</p>"
                                 "<ul><li>Venteliste: 17</li></ul>",
            "start_time": dt.time(16, 15), "end_time": dt.time(16, 45),
        })
        if status != Meeting.Status.PLANNED:
            m.status = status
            m.agenda_published_at = start - dt.timedelta(days=8)
            m.save(update_fields=["status", "agenda_published_at"])
        return m

    planned = meeting("Ordinært møde om boliger", now + dt.timedelta(days=35))
    item = planned.items.get(title="Status på boligindsatsen")
    Attachment.objects.create(item=item, title="Notat om boligindsatsen",
                              content_type="application/pdf", size=12_345)
    Attachment.objects.create(item=item, title="Fortrolig oversigt", is_public=False,
                              content_type="application/pdf", size=2_345)
    agenda.create_item(meeting=planned, data={"title": "Sag om en enkelt borger",
                                              "is_public": False})
    agenda.propose_item(meeting=planned, person=member, title="Flere varmestuer",
                        description="Varmestuerne er fulde fra december.")
    declined = agenda.propose_item(meeting=planned, person=member, title="Studietur",
                                   description="En tur til Aarhus.")
    declined.status = ItemProposal.Status.DECLINED
    declined.decision_note = "Der er ikke budget i år."
    declined.save(update_fields=["status", "decision_note"])

    def held(title: str, hours_ago: int) -> Meeting:
        m = meeting(title, now - dt.timedelta(hours=hours_ago),
                    status=Meeting.Status.AGENDA_PUBLISHED)
        minutes.mark_held(meeting=m)
        minutes.record_attendance(meeting=m, person=chair, status=Attendance.Status.PRESENT)
        minutes.record_attendance(meeting=m, person=member, status=Attendance.Status.APOLOGY,
                                  note="På kursus")
        minutes.add_participant(meeting=m, name="Gæst Gitte Opdigtet",
                                organisation="Café Test")
        for it in m.items.order_by("position"):
            minutes.set_decision(item=it, decision=f"Rådet besluttede punkt {it.number}.",
                                 revision=it.revision)
        first = AgendaItem.objects.get(meeting=m, title="Status på boligindsatsen")
        minutes.add_minority_statement(item=first, text="Mindretallet ønsker flere boliger.",
                                       members=[member])
        return m

    held_meeting = held("Møde afholdt i dag", 2)
    approved = held("Møde med godkendt referat", 3)
    minutes.approve_minutes(meeting=approved, user=world.chair)
    published = held("Møde med offentliggjort referat", 4)
    minutes.approve_minutes(meeting=published, user=world.chair)
    minutes.publish_minutes(meeting=published, user=world.secretary)
    corrected = held("Møde med rettet referat", 5)
    minutes.approve_minutes(meeting=corrected, user=world.chair)
    minutes.publish_minutes(meeting=corrected, user=world.secretary)
    item_c = corrected.items.get(title="Status på boligindsatsen")
    minutes.set_decision(item=item_c, decision="Rådet tog orienteringen til efterretning.",
                         revision=item_c.revision)
    minutes.publish_minutes(meeting=corrected, user=world.secretary,
                            change_note="Beslutningen i punktet om boliger var forkert.")
    item_c.refresh_from_db()
    minutes.set_decision(item=item_c, decision="Rådet tog orienteringen til efterretning "
                         "og bad om en status om et år.", revision=item_c.revision)

    # The published meeting also has its easy-read version (the poster's HTML counterpart).
    for n, easy in enumerate(published.items.filter(is_public=True), start=1):
        easy.easy_read = f"Rådet talte om punkt {n}. Det blev godkendt."
        easy.save(update_fields=["easy_read"])
    published.easy_read_intro = "Her kan du læse kort om mødet."
    published.easy_read_published_at = timezone.now()
    published.save(update_fields=["easy_read_intro", "easy_read_published_at"])

    request = planning.create_request(council=world.council, person=member,
                                      topic="Vinterberedskab for hjemløse",
                                      reason="Kulden kommer tidligt i år.")
    return {
        "planned": planned.pk, "item": item.pk, "held": held_meeting.pk,
        "approved": approved.pk, "published": published.pk, "corrected": corrected.pk,
        "request": request.pk,
    }
