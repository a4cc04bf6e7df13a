"""Every URL, requested by every persona, answers as the access rules say.

One table: a row per URL, the expected status per persona. 302 for anonymous users on pages
that need a login (to /konto/log-ind/), 403 for a logged-in person without a role in that
council, 404 for another council's objects reached through one's own council's URL.
New pages add their row here.
"""

from __future__ import annotations

import pytest

PERSONAS = ["anon", "member", "chair", "secretary", "other_secretary", "admin"]

PUBLIC = dict.fromkeys(PERSONAS, 200)
LOGGED_IN = {**dict.fromkeys(PERSONAS, 200), "anon": 302}
SECRETARIAT = {"anon": 302, "member": 403, "chair": 403, "secretary": 200,
               "other_secretary": 403, "admin": 200}
MEMBER_MEETING = {"anon": 302, "member": 200, "chair": 200, "secretary": 200,
                  "other_secretary": 403, "admin": 200}
MEMBERS_ONLY = {"anon": 302, "member": 200, "chair": 200, "secretary": 403,
                "other_secretary": 403, "admin": 403}


def post_only(expected: dict[str, int]) -> dict[str, int]:
    """A POST-only URL (one action): a GET passes the same access check, then answers 405."""
    return {persona: 405 if status == 200 else status for persona, status in expected.items()}


# (url template, expectations). {ids} are filled from the test world.
MATRIX: list[tuple[str, dict[str, int]]] = [
    ("/", PUBLIC),
    ("/raad/", PUBLIC),
    ("/raad/testraad/", PUBLIC),
    ("/raad/andetraad/", PUBLIC),
    ("/raad/findes-ikke/", dict.fromkeys(PERSONAS, 404)),
    ("/tilgaengelighed/", PUBLIC),
    ("/soeg/", PUBLIC),
    ("/soeg/?q=hjemløse", PUBLIC),
    ("/konto/log-ind/", PUBLIC),
    ("/konto/nulstil/", PUBLIC),
    ("/healthz", PUBLIC),
    ("/mine/", LOGGED_IN),
    ("/sekretariat/", {**SECRETARIAT, "other_secretary": 200}),
    ("/sekretariat/testraad/", SECRETARIAT),
    ("/sekretariat/testraad/rediger/", SECRETARIAT),
    ("/sekretariat/testraad/kommissorium/", SECRETARIAT),
    ("/sekretariat/testraad/kommissorium/ny/", SECRETARIAT),
    ("/sekretariat/testraad/kommissorium/1/", SECRETARIAT),
    ("/sekretariat/testraad/kommissorium/1/pladser/ny/", SECRETARIAT),
    ("/sekretariat/testraad/pladser/{seat_group}/", SECRETARIAT),
    ("/sekretariat/testraad/perioder/", SECRETARIAT),
    ("/sekretariat/testraad/perioder/ny/", SECRETARIAT),
    ("/sekretariat/testraad/perioder/{term}/", SECRETARIAT),
    ("/sekretariat/testraad/medlemmer/", SECRETARIAT),
    ("/sekretariat/testraad/medlemmer/ny/", SECRETARIAT),
    ("/sekretariat/testraad/medlemmer/{membership}/", SECRETARIAT),
    ("/sekretariat/testraad/medlemmer/{membership}/erstat/", SECRETARIAT),
    ("/sekretariat/testraad/medlemmer/{membership}/afslut/", post_only(SECRETARIAT)),
    ("/sekretariat/testraad/pladser/{seat_group}/slet/", post_only(SECRETARIAT)),
    ("/sekretariat/testraad/organisationer/", SECRETARIAT),
    ("/sekretariat/testraad/organisationer/ny/", SECRETARIAT),
    ("/sekretariat/testraad/organisationer/{organisation}/", SECRETARIAT),
    ("/sekretariat/testraad/steder/", SECRETARIAT),
    ("/sekretariat/testraad/steder/ny/", SECRETARIAT),
    ("/sekretariat/testraad/steder/{venue}/", SECRETARIAT),
    ("/sekretariat/testraad/adgangslog/", SECRETARIAT),
    # This council's objects through the other council's URLs: its secretary gets 404.
    ("/sekretariat/andetraad/pladser/{seat_group}/", {"other_secretary": 404, "admin": 404}),
    ("/sekretariat/andetraad/pladser/{seat_group}/slet/", {"other_secretary": 404, "admin": 404}),
    ("/sekretariat/andetraad/medlemmer/{membership}/afslut/",
     {"other_secretary": 404, "admin": 404}),
    ("/sekretariat/andetraad/perioder/{term}/", {"other_secretary": 404, "admin": 404}),
    ("/sekretariat/andetraad/medlemmer/{membership}/", {"other_secretary": 404, "admin": 404}),
    ("/sekretariat/andetraad/medlemmer/{membership}/erstat/",
     {"other_secretary": 404, "admin": 404}),
    ("/sekretariat/andetraad/organisationer/{organisation}/",
     {"other_secretary": 404, "admin": 404}),
    ("/sekretariat/andetraad/steder/{venue}/", {"other_secretary": 404, "admin": 404}),
    ("/sekretariat/andetraad/kommissorium/7/", {"other_secretary": 404, "admin": 404}),
    # Meetings: the secretariat's pages.
    ("/sekretariat/testraad/moeder/", SECRETARIAT),
    ("/sekretariat/testraad/moeder/ny/", SECRETARIAT),
    ("/sekretariat/testraad/moeder/{planned}/", SECRETARIAT),
    ("/sekretariat/testraad/moeder/{planned}/rediger/", SECRETARIAT),
    ("/sekretariat/testraad/moeder/{planned}/aflys/", post_only(SECRETARIAT)),
    ("/sekretariat/testraad/moeder/{planned}/punkter/ny/", SECRETARIAT),
    ("/sekretariat/testraad/moeder/{planned}/punkter/{item}/", SECRETARIAT),
    ("/sekretariat/testraad/moeder/{planned}/punkter/{item}/slet/", post_only(SECRETARIAT)),
    ("/sekretariat/testraad/moeder/{planned}/punkter/{item}/bilag/", SECRETARIAT),
    ("/sekretariat/testraad/moeder/{published}/bilag/{closed_attachment}/", SECRETARIAT),
    ("/sekretariat/testraad/moeder/{planned}/forslag/", SECRETARIAT),
    ("/sekretariat/testraad/moeder/{planned}/forslag/optag/", post_only(SECRETARIAT)),
    ("/sekretariat/testraad/moeder/{planned}/forslag/afvis/", post_only(SECRETARIAT)),
    ("/sekretariat/testraad/moeder/{planned}/offentliggoer/", SECRETARIAT),
    ("/sekretariat/testraad/moeder/{published}/referat/", SECRETARIAT),
    ("/sekretariat/testraad/moeder/{published}/referat/offentliggoer/", SECRETARIAT),
    # POST only (the form is on the minutes page): a GET passes the access check, then 405.
    ("/sekretariat/testraad/moeder/{published}/referat/tilbagekald/",
     {**SECRETARIAT, "secretary": 405, "admin": 405}),
    # The minutes page's actions, one POST-only URL each.
    *[(f"/sekretariat/testraad/moeder/{{published}}/referat/{action}/", post_only(SECRETARIAT))
      for action in ["afholdt", "godkend", "fremmoede", "deltager", "deltager/fjern",
                     "beslutning", "mindretal", "mindretal/fjern"]],
    ("/sekretariat/testraad/moeder/{published}/letlaest/", SECRETARIAT),
    ("/sekretariat/testraad/moeder/{published}/letlaest/gem/", post_only(SECRETARIAT)),
    ("/sekretariat/testraad/moeder/{published}/letlaest/offentliggoer/",
     post_only(SECRETARIAT)),
    ("/sekretariat/testraad/import/", SECRETARIAT),
    ("/sekretariat/testraad/import/annuller/", post_only(SECRETARIAT)),
    ("/sekretariat/testraad/forretningsorden/", SECRETARIAT),
    ("/sekretariat/testraad/ekstraordinaer/", SECRETARIAT),
    ("/sekretariat/andetraad/moeder/{planned}/", {"other_secretary": 404, "admin": 404}),
    ("/sekretariat/andetraad/moeder/{published}/referat/",
     {"other_secretary": 404, "admin": 404}),
    ("/sekretariat/andetraad/moeder/{published}/referat/tilbagekald/",
     {"other_secretary": 404, "admin": 404}),
    ("/sekretariat/andetraad/moeder/{published}/referat/godkend/",
     {"other_secretary": 404, "admin": 404}),
    ("/sekretariat/andetraad/moeder/{planned}/forslag/optag/",
     {"other_secretary": 404, "admin": 404}),
    ("/sekretariat/andetraad/moeder/{planned}/punkter/{item}/slet/",
     {"other_secretary": 404, "admin": 404}),
    ("/sekretariat/andetraad/moeder/{published}/bilag/{closed_attachment}/",
     {"other_secretary": 404, "admin": 404}),
    # Meetings: members' pages (the council's members; a secretary who is not a member sees
    # the meeting page but proposes nothing).
    ("/mine/moeder/{planned}/", MEMBER_MEETING),
    ("/mine/moeder/{planned}/kommer/", post_only(MEMBER_MEETING)),
    ("/mine/moeder/{planned}/afbud/", post_only(MEMBER_MEETING)),
    ("/mine/moeder/{planned}/godkend/", post_only(MEMBER_MEETING)),
    ("/mine/moeder/{planned}/forslag/", MEMBERS_ONLY),
    ("/mine/raad/testraad/ekstraordinaer/", MEMBERS_ONLY),
    ("/mine/raad/testraad/ekstraordinaer/anmod/", post_only(MEMBERS_ONLY)),
    ("/mine/raad/testraad/ekstraordinaer/underskriv/", post_only(MEMBERS_ONLY)),
    ("/mine/raad/testraad/ekstraordinaer/indkald/", post_only(MEMBERS_ONLY)),
    # Meetings: public pages. Planned meetings and closed attachments do not exist publicly.
    ("/raad/testraad/moeder/", PUBLIC),
    ("/raad/testraad/kalender.ics", PUBLIC),
    ("/raad/testraad/moeder/{published}/", PUBLIC),
    ("/raad/testraad/moeder/{published}/dagsorden.pdf", PUBLIC),
    ("/raad/testraad/moeder/{published}/bilag/{open_attachment}/", PUBLIC),
    ("/raad/testraad/moeder/{published}/bilag/{closed_attachment}/",
     dict.fromkeys(PERSONAS, 404)),
    ("/raad/testraad/moeder/{published}/letlaest/", dict.fromkeys(PERSONAS, 404)),  # not yet
    ("/raad/testraad/moeder/{planned}/", dict.fromkeys(PERSONAS, 404)),
    ("/raad/testraad/moeder/{planned}/dagsorden.pdf", dict.fromkeys(PERSONAS, 404)),
    ("/raad/andetraad/moeder/{published}/", dict.fromkeys(PERSONAS, 404)),
    # The OParl API and the feeds are public and read-only.
    ("/oparl/v1.1/", PUBLIC),
    ("/feed.rss", PUBLIC),
    ("/raad/testraad/feed.atom", PUBLIC),
    ("/robots.txt", PUBLIC),
    ("/sitemap.xml", PUBLIC),
    ("/favicon.ico", dict.fromkeys(PERSONAS, 301)),
    ("/admin/", {"anon": 302, "member": 302, "chair": 302, "secretary": 302,
                 "other_secretary": 302, "admin": 200}),
]


@pytest.fixture
def clients(world, anon, member_client, chair_client, secretary_client,
            other_secretary_client, admin_client_2fa):
    return {"anon": anon, "member": member_client, "chair": chair_client,
            "secretary": secretary_client, "other_secretary": other_secretary_client,
            "admin": admin_client_2fa}


@pytest.fixture
def meetings(world, tmp_path, settings):
    """A planned meeting with an item, and a meeting with a published agenda whose item has
    an open and a closed attachment."""
    import datetime as dt

    from django.core.files.base import ContentFile
    from django.utils import timezone

    from udsatteraad.meetings.models import AgendaItem, Attachment, Meeting

    settings.MEDIA_ROOT = tmp_path
    soon = timezone.now() + dt.timedelta(days=30)
    planned = Meeting.objects.create(council=world.council, title="Planlagt møde", start=soon)
    item = AgendaItem.objects.create(meeting=planned, number=1, title="Budget")
    published = Meeting.objects.create(council=world.council, title="Offentligt møde",
                                       start=soon - dt.timedelta(days=60), status="held")
    pitem = AgendaItem.objects.create(meeting=published, number=1, title="Status")
    png = b"\x89PNG\r\n\x1a\n" + b"\0" * 32
    open_att = Attachment(item=pitem, title="Åbent bilag", content_type="image/png")
    open_att.file.save("aabent.png", ContentFile(png), save=True)
    closed_att = Attachment(item=pitem, title="Lukket bilag", is_public=False,
                            content_type="image/png")
    closed_att.file.save("lukket.png", ContentFile(png), save=True)
    return {"planned": planned.pk, "item": item.pk, "published": published.pk,
            "open_attachment": open_att.pk, "closed_attachment": closed_att.pk}


def ids(world) -> dict[str, int]:
    return {
        "seat_group": world.red_cross_group.pk,
        "term": world.term.pk,
        "membership": world.member_membership.pk,
        "organisation": world.red_cross.pk,
        "venue": world.cafe.pk,
    }


@pytest.mark.parametrize(("template", "expected"), MATRIX, ids=[row[0] for row in MATRIX])
def test_every_url_as_every_persona(template, expected, world, clients, meetings):
    url = template.format(**ids(world), **meetings)
    answers = {}
    for persona, want in expected.items():
        response = clients[persona].get(url)
        answers[persona] = response.status_code
        if want == 302 and persona == "anon" and not url.startswith("/admin/"):
            assert response["Location"].startswith("/konto/log-ind/?next="), url
    assert answers == expected, url


def test_secretariat_writes_refused_for_other_roles(world, clients):
    """A POST is checked like a GET: no role, no change."""
    url = f"/sekretariat/testraad/medlemmer/{world.member_membership.pk}/"
    for persona in ["member", "chair", "other_secretary"]:
        response = clients[persona].post(url, {"person_name": "Ændret"})
        assert response.status_code == 403
    response = clients["other_secretary"].post(
        f"/sekretariat/andetraad/medlemmer/{world.member_membership.pk}/", {"person_name": "X"}
    )
    assert response.status_code == 404
    world.member_membership.person.refresh_from_db()
    assert world.member_membership.person.name == "Medlem Mads Påhit"


def test_secretary_without_verified_device_is_sent_to_two_factor(world):
    from django.test import Client

    client = Client()
    client.force_login(world.secretary)
    response = client.get("/sekretariat/testraad/")
    assert response.status_code == 302
    assert response["Location"].startswith("/konto/2fa/")
