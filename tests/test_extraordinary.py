"""Extraordinary meetings: members request and sign, the request becomes valid at the number
of signatures the terms of reference require (3 here), the chair convenes."""

from __future__ import annotations

import pytest
from django.core import mail
from django.test import Client

from conftest import login, make_user
from udsatteraad.meetings.models import ExtraordinaryRequest, ExtraordinarySignature, Meeting

MINE = "/mine/raad/testraad/ekstraordinaer/"
OVERVIEW = "/sekretariat/testraad/ekstraordinaer/"


def add_member(world, email: str, name: str) -> Client:
    from udsatteraad.councils.models import Membership, Person

    user = make_user(email, name)
    person = Person.objects.create(name=name, email=email, user=user)
    Membership.objects.create(
        council=world.council, person=person, seat_group=world.user_group, term=world.term,
        start=world.term.start,
    )
    return login(Client(), user)


@pytest.fixture
def members(world, member_client):
    """Three members who are not the chair."""
    return [
        member_client,
        add_member(world, "karla@testregion.example", "Karla Eksempelsen"),
        add_member(world, "bo@testregion.example", "Bo Opdigtsen"),
    ]


def request_meeting(client, topic="Lukning af varmestuen"):
    return client.post(f"{MINE}anmod/", {"topic": topic, "reason": "Haster."})


def sign(client, req):
    return client.post(f"{MINE}underskriv/", {"request": req.pk})


def test_member_page_shows_rule_and_forms(world, member_client):
    html = member_client.get(MINE).content.decode()
    assert "Når 3 forskellige medlemmer har skrevet under" in html
    assert '<label for="id_topic">' in html
    assert "Indkald til ekstraordinært møde" not in html  # only the chair convenes


def test_the_flow_valid_at_three_signatures_one_email(world, members, chair_client):
    first, second, third = members
    response = request_meeting(first)
    assert response.status_code == 302 and response["Location"] == MINE
    req = ExtraordinaryRequest.objects.get()
    assert req.created_by == world.member.person and req.signatures.count() == 1

    sign(second, req)
    req.refresh_from_db()
    assert req.valid_at is None and req.signatures.count() == 2
    assert mail.outbox == []

    sign(third, req)
    req.refresh_from_db()
    assert req.valid_at is not None
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert sorted(message.to) == ["formand@testregion.example", "sekretaer@testregion.example"]
    assert "Gyldig anmodning om ekstraordinært møde" in message.subject
    assert "Lukning af varmestuen" in message.body and "Karla Eksempelsen" in message.body
    assert "/mine/raad/testraad/ekstraordinaer/" in message.body
    html, mimetype = message.alternatives[0]
    assert mimetype == "text/html" and "Lukning af varmestuen" in html

    # A fourth signature counts, but the chair and secretariat were told once.
    sign(chair_client, req)
    assert req.signatures.count() == 4
    assert len(mail.outbox) == 1


def test_same_member_signing_twice_counts_once(world, members):
    first, second, _third = members
    request_meeting(first)
    req = ExtraordinaryRequest.objects.get()
    sign(first, req)
    sign(second, req)
    sign(second, req)
    req.refresh_from_db()
    assert ExtraordinarySignature.objects.filter(request=req).count() == 2
    assert req.valid_at is None and mail.outbox == []
    html = second.get(MINE).content.decode()
    assert "2 af 3 underskrifter" in html and "Du har skrevet under." in html


def test_overview_lists_requests_with_counts(world, members, secretary_client,
                                             django_assert_max_num_queries):
    first, second, third = members
    request_meeting(first, "Første emne")
    request_meeting(second, "Andet emne")
    valid = ExtraordinaryRequest.objects.get(topic="Første emne")
    sign(second, valid)
    sign(third, valid)
    # +3: the task counts in the menu (a fixed number of queries, workspace/tasks.py).
    # +5: inquiries, hearings and easy-read in the menu's count (workspace/providers.py).
    # +6: the task providers of the annual plan, the term change, imports and money (fixed).
    with django_assert_max_num_queries(26):
        html = secretary_client.get(OVERVIEW).content.decode()
    assert "3 af 3" in html and "1 af 3" in html
    assert "Gyldig siden" in html and "Ikke gyldig endnu" in html
    assert f"/sekretariat/testraad/moeder/ny/?type=extraordinary&amp;anmodning={valid.pk}" in html


def test_chair_convenes_from_a_request(world, members, chair_client):
    request_meeting(members[0])
    req = ExtraordinaryRequest.objects.get()
    html = chair_client.get(MINE).content.decode()
    assert "Indkald til ekstraordinært møde" in html
    response = chair_client.post(f"{MINE}indkald/", {
        "kind": "ordinary", "request": req.pk, "title": "",
        "date": "2027-03-10", "start_time": "17:00", "end_time": "19:00",
        "venue": world.cafe.pk, "location": "",
    })
    assert response.status_code == 302
    m = Meeting.objects.get()
    assert m.kind == "extraordinary"  # the hidden kind cannot be tampered into another kind
    assert m.extraordinary_request == req and m.venue == world.cafe
    assert m.title == "Ekstraordinært møde 10. marts 2027"
    html = members[1].get(MINE).content.decode()
    assert "Der er indkaldt til mødet" in html
    assert sign(members[1], req).status_code == 302
    assert req.signatures.count() == 1


def test_chair_convene_checks_holidays(world, chair_client):
    response = chair_client.post(f"{MINE}indkald/", {
        "title": "Krisemøde", "date": "2027-12-25",
        "start_time": "17:00", "end_time": "",
    })
    assert response.status_code == 200
    assert "Juledag" in response.content.decode()
    assert not Meeting.objects.exists()


def test_member_cannot_convene(world, member_client):
    response = member_client.post(f"{MINE}indkald/", {
        "title": "Krisemøde", "date": "2027-03-10", "start_time": "17:00",
    })
    assert response.status_code == 403
    assert not Meeting.objects.exists()


def test_no_rule_no_requests(world, member_client):
    world.tor.extraordinary_request_members = None
    world.tor.save(update_fields=["extraordinary_request_members"])
    html = member_client.get(MINE).content.decode()
    assert "Kommissoriet giver ikke medlemmerne ret til at kræve et ekstraordinært møde" in html
    assert 'name="topic"' not in html
    response = request_meeting(member_client)
    assert response.status_code == 302
    assert not ExtraordinaryRequest.objects.exists()


def test_empty_topic_is_refused_with_message(world, member_client):
    response = member_client.post(f"{MINE}anmod/", {"topic": "", "reason": "Haster."})
    assert response.status_code == 200
    assert "Haster." in response.content.decode()
    assert not ExtraordinaryRequest.objects.exists()


def test_access(world, anon, secretary_client, other_secretary_client, member_client):
    response = anon.get(MINE)
    assert response.status_code == 302 and response["Location"].startswith("/konto/log-ind/")
    assert secretary_client.get(MINE).status_code == 403  # not a member
    assert other_secretary_client.get(MINE).status_code == 403
    assert member_client.get("/mine/raad/andetraad/ekstraordinaer/").status_code == 403
    assert member_client.get("/mine/raad/findes-ikke/ekstraordinaer/").status_code == 404
    assert member_client.get(OVERVIEW).status_code == 403
    assert other_secretary_client.get(OVERVIEW).status_code == 403
    assert secretary_client.get(OVERVIEW).status_code == 200


def test_signing_another_councils_request_is_404(world, member_client):
    from udsatteraad.councils.models import Person

    other = ExtraordinaryRequest.objects.create(
        council=world.other_council, topic="Andet råd",
        created_by=Person.objects.get(name="Bruger Bent Opdigtet"),
    )
    assert sign(member_client, other).status_code == 404
    assert not other.signatures.exists()
