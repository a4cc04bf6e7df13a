"""/mine/: the logged-in person's councils and roles today."""

from __future__ import annotations

import datetime as dt

from django.test import Client


def test_anonymous_is_sent_to_login(anon, db):
    response = anon.get("/mine/")
    assert response.status_code == 302
    assert response["Location"] == "/konto/log-ind/?next=/mine/"


def test_unverified_secretary_is_sent_to_two_factor(world):
    client = Client()
    client.force_login(world.secretary)
    response = client.get("/mine/")
    assert response.status_code == 302
    assert response["Location"] == "/konto/2fa/?next=/mine/"


def test_chair_sees_council_and_role(chair_client, world):
    response = chair_client.get("/mine/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1>Mine råd</h1>" in html
    assert "<h2>Udsatterådet i Testregion</h2>" in html
    assert "Formand" in html and "Udpeget af regionsrådet" in html
    assert 'href="/raad/testraad/"' in html
    assert "/sekretariat/testraad/" not in html
    assert "Udsatterådet i Testkommune" not in html


def test_member_sees_seat(member_client, world):
    html = member_client.get("/mine/").content.decode()
    assert "<li>Medlem" in html and "Røde Kors" in html
    assert "Formand" not in html
    assert 'href="/raad/testraad/"' in html
    assert "12345678" not in html


def test_secretary_sees_secretariat_link_for_own_council_only(secretary_client, world):
    html = secretary_client.get("/mine/").content.decode()
    assert "<li>Sekretariat</li>" in html
    assert 'href="/sekretariat/testraad/"' in html
    assert "andetraad" not in html
    assert "Platformadministrator" not in html


def test_platform_admin(admin_client_2fa, world):
    html = admin_client_2fa.get("/mine/").content.decode()
    assert "Platformadministrator" in html
    assert 'href="/admin/"' in html and 'href="/sekretariat/"' in html


def test_ended_membership_is_not_listed(member_client, world):
    world.member_membership.end = dt.date.today() - dt.timedelta(days=1)
    world.member_membership.save(update_fields=["end"])
    html = member_client.get("/mine/").content.decode()
    assert "Udsatterådet i Testregion" not in html
    assert "Du har ingen roller" in html


def test_hidden_council_has_no_public_link(secretary_client, world):
    world.council.is_public = False
    world.council.save(update_fields=["is_public"])
    html = secretary_client.get("/mine/").content.decode()
    assert 'href="/raad/testraad/"' not in html
    assert 'href="/sekretariat/testraad/"' in html


def test_query_count_is_bounded(world, django_assert_max_num_queries):
    """A secretary who also sits in several councils: the page does not query per council."""
    from conftest import login
    from udsatteraad.councils.models import (
        Council,
        Membership,
        Person,
        SeatGroup,
        Secretary,
        Term,
        TermsOfReference,
    )
    from udsatteraad.meetings.models import Meeting

    person = Person.objects.create(name=world.secretary.name, user=world.secretary)
    for i in range(5):
        council = Council.objects.create(
            authority=world.municipality, name=f"Prøveråd {i}", slug=f"proeveraad-{i}"
        )
        tor = TermsOfReference.objects.create(
            council=council, version=1, title="Kommissorium", adopted_on=dt.date(2020, 1, 1),
            purpose="Prøve.", meetings_min=1, meetings_max=4, chair_rule="elected",
            vice_chair_rule="elected", term_basis="election_period",
        )
        group = SeatGroup.objects.create(terms_of_reference=tor, name="Brugere", kind="user",
                                         seats=2)
        term = Term.objects.create(council=council, name="2026-2029",
                                   start=dt.date(2026, 1, 1), end=dt.date(2029, 12, 31))
        Membership.objects.create(council=council, person=person, seat_group=group, term=term,
                                  start=term.start, role="vice_chair")
        Secretary.objects.create(user=world.secretary, council=council)
        Meeting.objects.create(council=council, title=f"Møde i Prøveråd {i}",
                               start=dt.datetime(2099, 3, 1, 17, tzinfo=dt.UTC))
    client = login(Client(), world.secretary)
    # +1: the menu asks whether the user serves a council (the "Sekretariat" link).
    # +6: the task lists (what waits for the person; the secretariat's count in the menu), a
    # fixed number of queries however many councils (14 with one council as with five).
    # +6: hearings to comment on and responses to approve (workspace/providers.py).
    # +3: money: returned claims; claims and per-diems to approve in the menu's count.
    # +4: the task providers of the annual plan, the term change, imports and money (fixed).
    with django_assert_max_num_queries(27):
        response = client.get("/mine/")
    html = response.content.decode()
    assert html.count('href="/sekretariat/proeveraad-') == 5
    assert html.count('href="/mine/moeder/') == 5
    assert html.count("Næstformand") == 5
