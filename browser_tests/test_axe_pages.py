"""Every page of the URL map, as the persona who may see it, at desktop and mobile width:
HTTP 200 at the address asked for (no redirect to the login) and no WCAG 2.1 A/AA violations
found by axe-core."""

from __future__ import annotations

import datetime as dt
import re
from urllib.parse import urlsplit

import pytest

from .conftest import DESKTOP, MOBILE, assert_no_axe_violations, build_meetings

PUBLIC = [
    "/",
    "/raad/",
    "/raad/testraad/",
    "/raad/testraad/moeder/{meeting}/",
    "/tilgaengelighed/",
    "/konto/log-ind/",
    "/konto/nulstil/",
    "/konto/nulstil/sendt/",
    "/konto/nulstil/{reset_link}/",
    "/konto/nulstil/faerdig/",
    # Citizens' inquiries (issue 10) and the council's hearing responses (issue 11).
    "/raad/testraad/kontakt/",
    "/persondata/",
    "/raad/testraad/hoeringssvar/",
    "/raad/testraad/hoeringssvar/{response}/",
    # The annual plan (issue 13).
    "/raad/testraad/aarshjul/2026/?{plan_entry}",
    # The term change: the nominating organisation's form.
    "/indstilling/axe-token/?{election}",
    "/raad/testraad/rapporter/?{report}",
    "/raad/testraad/rapporter/{report}/",
]
# (path, persona)
ACCOUNT = [
    ("/konto/2fa/", "secretary_unverified"),
    ("/konto/2fa/opsaet/", "chair"),
    ("/mine/", "chair"),
    ("/mine/", "member"),
]
SECRETARIAT = [
    "/sekretariat/",
    "/sekretariat/testraad/",
    "/sekretariat/testraad/rediger/",
    "/sekretariat/testraad/kommissorium/",
    "/sekretariat/testraad/kommissorium/ny/",
    "/sekretariat/testraad/kommissorium/1/",
    "/sekretariat/testraad/kommissorium/1/pladser/ny/",
    "/sekretariat/testraad/pladser/{seat_group}/",
    "/sekretariat/testraad/perioder/",
    "/sekretariat/testraad/perioder/ny/",
    "/sekretariat/testraad/perioder/{term}/",
    "/sekretariat/testraad/medlemmer/",
    "/sekretariat/testraad/medlemmer/ny/",
    "/sekretariat/testraad/medlemmer/{membership}/",
    "/sekretariat/testraad/medlemmer/{membership}/erstat/",
    "/sekretariat/testraad/organisationer/",
    "/sekretariat/testraad/organisationer/ny/",
    "/sekretariat/testraad/organisationer/{organisation}/",
    "/sekretariat/testraad/steder/",
    "/sekretariat/testraad/steder/ny/",
    "/sekretariat/testraad/steder/{venue}/",
    "/sekretariat/testraad/aarshjul/2026/?{plan_entry}",
    "/sekretariat/testraad/aarshjul/2026/ny/",
    "/sekretariat/testraad/aarshjul/punkt/{plan_entry}/",
    "/sekretariat/testraad/aarshjul/punkt/{plan_entry}/slet/",
    "/sekretariat/testraad/periodeskift/?{election}",
    "/sekretariat/testraad/periodeskift/valg/nyt/",
    "/sekretariat/testraad/periodeskift/valg/{election}/",
    "/sekretariat/testraad/rapporter/",
    "/sekretariat/testraad/rapporter/{report}/",
    "/sekretariat/testraad/adgangslog/",
    "/sekretariat/testraad/letlaest/",
    # An authority's look (issue 16).
    "/sekretariat/myndighed/testregion/udseende/",
]
# Meetings, agendas and minutes (docs/BRIEF-meetings.md); the meetings are made by
# conftest.build_meetings, one in each state.
MEETINGS_PUBLIC = [
    "/raad/testraad/moeder/",
    "/raad/testraad/moeder/{published}/",
    "/raad/testraad/moeder/{corrected}/",
    "/raad/testraad/moeder/{published}/letlaest/",
    "/raad/testraad/moeder/{withdrawn}/",
]
MEETINGS_MEMBER = [
    ("/mine/moeder/{planned}/", "member"),
    ("/mine/moeder/{planned}/forslag/", "member"),
    ("/mine/moeder/{held}/", "chair"),
    ("/mine/moeder/{published}/", "member"),
    ("/mine/raad/testraad/ekstraordinaer/", "member"),
    ("/mine/raad/testraad/ekstraordinaer/", "chair"),
]
MEETINGS_SECRETARIAT = [
    "/sekretariat/testraad/moeder/",
    "/sekretariat/testraad/moeder/ny/",
    "/sekretariat/testraad/moeder/{planned}/",
    "/sekretariat/testraad/moeder/{planned}/rediger/",
    "/sekretariat/testraad/moeder/{planned}/punkter/ny/",
    "/sekretariat/testraad/moeder/{planned}/punkter/{item}/",
    "/sekretariat/testraad/moeder/{planned}/punkter/{item}/bilag/",
    "/sekretariat/testraad/moeder/{planned}/forslag/",
    "/sekretariat/testraad/moeder/{planned}/offentliggoer/",
    "/sekretariat/testraad/moeder/{held}/referat/",
    "/sekretariat/testraad/moeder/{approved}/referat/offentliggoer/",
    "/sekretariat/testraad/moeder/{corrected}/referat/",
    "/sekretariat/testraad/moeder/{corrected}/referat/offentliggoer/",
    "/sekretariat/testraad/forretningsorden/",
    "/sekretariat/testraad/ekstraordinaer/",
    "/sekretariat/testraad/moeder/{published}/letlaest/",
    "/sekretariat/testraad/import/",
    "/sekretariat/testraad/import/arkiv/",
]
# The public search (docs/BRIEF-search.md): the empty form, results with highlighted snippets,
# a second page of results (pager), and no results with a refused filter (error summary).
SEARCH_PUBLIC = [
    "/soeg/",
    "/soeg/?q=boligindsatsen",
    "/soeg/?q=gadeteam&side=2",
    "/soeg/?q=trampolin&raad=testraad&aar=abc",
]
# Self-service set-up (issue 16): the platform administrator's screens.
PLATFORM = [
    "/platform/",
    "/platform/nyt-raad/fil/",
    "/platform/nyt-raad/kopi/",
    "/platform/nyt-raad/tom/",
    "/platform/raad/testraad/sekretaerer/",
]
MEETING_PLACEHOLDERS = ("{planned}", "{item}", "{held}", "{approved}", "{published}",
                        "{corrected}", "/moeder/", "ekstraordinaer/")
PAGES = (
    [(p, "anon") for p in PUBLIC]
    + ACCOUNT
    + [(p, "secretary") for p in SECRETARIAT]
    + [(p, "anon") for p in MEETINGS_PUBLIC]
    + MEETINGS_MEMBER
    + [(p, "secretary") for p in MEETINGS_SECRETARIAT]
    + [(p, "anon") for p in SEARCH_PUBLIC]
    + [(p, "admin") for p in PLATFORM]
)
VIEWPORTS = {"desktop": DESKTOP, "mobile": MOBILE}


def page_id(path: str, persona: str) -> str:
    """An id `-k` accepts, e.g. secretary:/sekretariat/testraad/medlemmer/MEMBERSHIP/."""
    return f"{persona}:" + re.sub(r"\{(\w+)\}", lambda m: m[1].upper(), path)


def object_ids(world, path: str) -> dict[str, object]:
    ids: dict[str, object] = {
        "seat_group": world.assembly_group.pk,
        "term": world.term.pk,
        "membership": world.member_membership.pk,
        "organisation": world.red_cross.pk,
        "venue": world.cafe.pk,
    }
    if "{meeting}" in path:
        from udsatteraad.meetings.models import AgendaItem, Meeting

        meeting = Meeting.objects.create(
            council=world.council, title="Ordinært møde i Udsatterådet i Testregion",
            start=dt.datetime(2026, 3, 10, 13, 0, tzinfo=dt.UTC), venue=world.cafe,
            location="Mødelokale 1", status=Meeting.Status.AGENDA_PUBLISHED,
        )
        AgendaItem.objects.create(meeting=meeting, number=1, title="Godkendelse af dagsorden")
        ids["meeting"] = meeting.pk
    if "{meeting}" not in path and any(p in path for p in MEETING_PLACEHOLDERS):
        ids.update(build_meetings(world))
    if "{response}" in path:  # a published hearing response
        from udsatteraad.hearings.testing import hearing_in

        ids["response"] = hearing_in("published", council=world.council,
                                     secretary=world.secretary, chair=world.chair).pk
    if "{plan_entry}" in path:  # an annual plan with a dated entry, an undated one, a duty
        from udsatteraad.yearplan.models import PlanEntry

        world.tor.dialogue_meetings_per_year = 1
        world.tor.save()
        ids["plan_entry"] = PlanEntry.objects.create(
            council=world.council, year=2026, kind="theme_day", title="Temadag om bolig",
            description="For alle medlemmer.", date=dt.date(2026, 9, 3)).pk
        PlanEntry.objects.create(council=world.council, year=2026, kind="campaign",
                                 title="Kampagne om vinterhjælp")
    if "{election}" in path:  # an election with two candidates, one nomination of each kind
        from udsatteraad.termcycle.models import Candidate, Election, Nomination, token_digest

        election = Election.objects.create(council=world.council, term=world.term,
                                           seat_group=world.user_group, venue=world.cafe,
                                           date=dt.date(2026, 5, 1))
        Candidate.objects.create(election=election, name="Kandidat Kim Opdigtet", votes=4)
        Candidate.objects.create(election=election, name="Kandidat Lis Opdigtet")
        ids["election"] = election.pk
        for digest, status in (("axe-token", "requested"), ("answered", "answered")):
            Nomination.objects.create(
                council=world.council, term=world.term, seat_group=world.red_cross_group,
                organisation=world.red_cross, email="roede-kors@example.org", status=status,
                nominee_name="Kandidat Mia Opdigtet", token_digest=token_digest(digest),
                expires=dt.datetime(2100, 1, 1, tzinfo=dt.UTC))
    if "{report}" in path:  # a published status report with figures and charts
        from udsatteraad.reports.figures import compute
        from udsatteraad.reports.models import Report

        ids.update(build_meetings(world))
        start, end = dt.date(2025, 1, 1), dt.date(2026, 12, 31)
        ids["report"] = Report.objects.create(
            council=world.council, kind="status", title="Statusrapport 2025-2026",
            period_start=start, period_end=end, status="published",
            intro="Rådet har arbejdet med boliger.",
            figures={**compute(world.council, start, end),
                     "items_by_focus_area": [["Bolig", 3], ["Sundhed", 1]]}).pk
    if "{withdrawn}" in path:  # the published meeting, its minutes withdrawn with a reason
        from udsatteraad.meetings.minutes import withdraw_minutes
        from udsatteraad.meetings.models import Meeting

        withdraw_minutes(meeting=Meeting.objects.get(pk=ids["published"]), user=world.secretary,
                         reason="Referatet nævner en borger ved navn. Det offentliggøres igen, "
                                "når navnet er fjernet.")
        ids["withdrawn"] = ids["published"]
    if path.startswith("/soeg/?"):
        build_search_archive(world)
    if "{reset_link}" in path:
        from django.contrib.auth.tokens import default_token_generator
        from django.utils.encoding import force_bytes
        from django.utils.http import urlsafe_base64_encode

        uid = urlsafe_base64_encode(force_bytes(world.chair.pk))
        ids["reset_link"] = f"{uid}/{default_token_generator.make_token(world.chair)}"
        ids["reset_uid"] = uid
    return ids


def build_search_archive(world) -> None:
    """The meetings of build_meetings, and a meeting of 25 items on the street team (two
    pages of results), in the search index."""
    from udsatteraad.meetings.models import AgendaItem, Meeting
    from udsatteraad.search.indexing import rebuild_index

    build_meetings(world)
    meeting = Meeting.objects.create(
        council=world.council, title="Ordinært møde om gadeteamet",
        start=dt.datetime(2025, 9, 10, 13, 0, tzinfo=dt.UTC),
        status=Meeting.Status.AGENDA_PUBLISHED,
    )
    for n in range(1, 26):
        AgendaItem.objects.create(
            meeting=meeting, number=n, position=n, title=f"Gadeteamets arbejde i uge {n}",
            summary="Gadeteamet fortæller om arbejdet med hjemløse borgere.",
        )
    rebuild_index()


def final_path(path: str, url: str, ids: dict) -> str:
    """Where the page is expected to be shown. Django's password reset link hides the token:
    it stores it in the session and redirects to .../set-password/."""
    if "{reset_link}" in path:
        return f"/konto/nulstil/{ids['reset_uid']}/set-password/"
    return urlsplit(url).path  # page.url's path is compared: no query string


@pytest.mark.parametrize("width", VIEWPORTS)
@pytest.mark.parametrize(("path", "persona"), PAGES, ids=[page_id(p, who) for p, who in PAGES])
def test_page_is_accessible(page, world, login_as, path, persona, width):
    if persona != "anon":
        login_as(persona)
    ids = object_ids(world, path)
    url = path.format(**ids)
    page.set_viewport_size(VIEWPORTS[width])

    response = page.goto(url)

    assert response is not None
    expected = final_path(path, url, ids)
    assert urlsplit(page.url).path == expected, f"{url} as {persona} ended at {page.url}"
    assert response.status == 200, f"{url} as {persona}: HTTP {response.status}"
    assert_no_axe_violations(page, f"{url} as {persona} at {width} width")
