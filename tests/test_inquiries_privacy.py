"""A person's data on request (issue 10): the secretariat finds, exports (JSON) and erases a
citizen's inquiries and a member's contact data; published minutes keep their names; every
step is logged and only the council's own secretaries may do it."""

from __future__ import annotations

import json

from udsatteraad.accounts.models import AccessLogEntry
from udsatteraad.councils.models import Person
from udsatteraad.inquiries.models import Inquiry

BASE = "/sekretariat/testraad/persondata/"


def inquiry(world, **extra) -> Inquiry:
    return Inquiry.objects.create(**{
        "council": world.council, "sender_name": "Borger Carla Udtræk",
        "contact": "carla@example.org", "message": "Om væresteder.", **extra})


def test_search_finds_a_citizens_inquiries_and_logs_it(world, secretary_client):
    mine = inquiry(world)
    other = inquiry(world, contact="andre@example.org", sender_name="")
    r = secretary_client.post(BASE, {"q": "CARLA@example.org"})
    html = r.content.decode()
    assert r.status_code == 200 and f"/henvendelser/{mine.pk}/" in html
    assert f"/henvendelser/{other.pk}/" not in html
    assert AccessLogEntry.objects.filter(what__startswith="Søgning").exists()
    assert secretary_client.post(BASE, {"q": "ab"}).status_code == 400


def test_export_is_a_json_download_of_everything_about_the_person(world, secretary_client):
    inquiry(world)
    inquiry(world, council=world.other_council)  # another council's: not ours to give out
    r = secretary_client.post(f"{BASE}udtraek/", {"q": "carla@example.org"})
    assert r.status_code == 200 and r["Content-Type"].startswith("application/json")
    assert "attachment" in r["Content-Disposition"]
    data = json.loads(r.content)
    assert [i["besked"] for i in data["henvendelser"]] == ["Om væresteder."]
    assert data["henvendelser"][0]["navn"] == "Borger Carla Udtræk"
    assert AccessLogEntry.objects.filter(what__startswith="Udtræk").exists()


def test_export_of_a_member_has_contact_data_and_memberships(world, secretary_client):
    r = secretary_client.post(f"{BASE}udtraek/", {"q": "medlem@testregion.example"})
    person = json.loads(r.content)["personer"][0]
    assert person["navn"] == "Medlem Mads Påhit" and person["telefon"] == "12345678"
    assert person["medlemskaber"][0]["plads"] == "Røde Kors"


def test_erasing_a_citizen_blanks_every_inquiry_and_its_history(world, secretary_client):
    mine = inquiry(world)
    r = secretary_client.post(f"{BASE}slet/", {"q": "carla@example.org", "confirm": "on"})
    assert r.status_code == 302
    mine.refresh_from_db()
    assert mine.erased_at is not None and mine.sender_name == mine.contact == mine.message == ""
    assert not mine.history.filter(sender_name__contains="Carla").exists()
    assert AccessLogEntry.objects.filter(what__startswith="Sletning").exists()


def test_erasing_needs_the_confirmation(world, secretary_client):
    mine = inquiry(world)
    secretary_client.post(f"{BASE}slet/", {"q": "carla@example.org"})
    mine.refresh_from_db()
    assert mine.erased_at is None


def test_erasing_a_sitting_member_removes_contact_data_and_keeps_the_name(
        world, secretary_client):
    person = world.member.person
    person.phone = "87654321"
    person.save()  # a history row holding the phone number
    r = secretary_client.post(f"{BASE}slet/", {"q": "medlem@testregion.example",
                                               "person": str(person.pk), "confirm": "on"})
    assert r.status_code == 302
    person.refresh_from_db()
    assert person.email == "" and person.phone == "" and person.name == "Medlem Mads Påhit"
    assert not person.history.exclude(email="").exists()
    assert not person.history.exclude(phone="").exists()


def test_a_former_member_is_anonymised_but_published_minutes_keep_the_name(world,
                                                                           secretary_client):
    from conftest import add_extra_personas
    from udsatteraad.meetings.models import Meeting, MinutesVersion

    add_extra_personas(world)
    person = world.ended_member.person
    meeting = Meeting.objects.create(council=world.council, title="Gammelt møde",
                                     start="2024-05-01T10:00:00+02:00",
                                     status="minutes_published")
    MinutesVersion.objects.create(meeting=meeting, number=1, published_at=meeting.start,
                                  snapshot={"attendees": [person.name]})
    secretary_client.post(f"{BASE}slet/", {"q": person.email, "person": str(person.pk),
                                           "confirm": "on"})
    user = person.user
    person.refresh_from_db()
    assert person.name == "Tidligere medlem (anonymiseret)" and person.email == ""
    # The login is closed and holds neither name nor address.
    user.refresh_from_db()
    assert person.user is None and not user.is_active and not user.has_usable_password()
    assert user.name == "" and "Tove" not in user.email and user.email.endswith(".invalid")
    assert not Person.history.filter(id=person.pk, name="Tidligere Tove Opdigtet").exists()
    snapshot = MinutesVersion.objects.get(meeting=meeting).snapshot
    assert snapshot["attendees"] == ["Tidligere Tove Opdigtet"]


def test_a_member_of_another_council_too_is_left_to_that_secretariat(world, secretary_client):
    from udsatteraad.councils.models import Membership, SeatGroup, Term

    person = world.member.person
    Membership.objects.create(
        council=world.other_council, person=person,
        seat_group=SeatGroup.objects.get(terms_of_reference__council=world.other_council),
        term=Term.objects.get(council=world.other_council), start="2026-01-01")
    r = secretary_client.post(f"{BASE}slet/", {"q": person.email, "person": str(person.pk),
                                               "confirm": "on"}, follow=True)
    assert "Det råds sekretariat skal slette" in r.content.decode()
    person.refresh_from_db()
    assert person.email == "medlem@testregion.example"


def test_only_the_councils_secretaries_reach_person_data(world, other_secretary_client,
                                                         admin_client_2fa, member_client):
    inquiry(world)
    for client in (other_secretary_client, admin_client_2fa, member_client):
        assert client.get(BASE).status_code == 403
        assert client.post(f"{BASE}udtraek/", {"q": "carla@example.org"}).status_code == 403
        assert client.post(f"{BASE}slet/", {"q": "carla@example.org",
                                            "confirm": "on"}).status_code == 403
    assert Inquiry.objects.get().erased_at is None
