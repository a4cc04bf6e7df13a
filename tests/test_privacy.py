"""Nothing personal on public pages: no member's e-mail or phone, no closed item's text, no
closed attachment, no meeting that is only planned."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.utils import timezone

SECRET_TEXTS = (
    "HEMMELIG-SAGSNR-4711",
    "Hemmeligt resumé om en borger",
    "Hemmelig indstilling",
    "Hemmelig indledning",
    "Hemmelig beslutning",
    "Hemmelig sagsfremstilling med CPR 010203-1234",
    "Hemmeligt bilag.pdf",
    "Lukket bilag på åbent punkt.pdf",
)


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    # The world creates users; a slow hasher would dominate these tests' run time.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def published(world):
    """A meeting with published minutes that has an open and a closed item, a planned meeting
    and a cancelled one; members with phones; a member of the other council."""
    from udsatteraad.councils.models import Membership, Person
    from udsatteraad.meetings.models import AgendaItem, Attachment, Meeting

    Person.objects.filter(pk=world.chair_membership.person_id).update(phone="+45 87 65 43 21")
    extra = Person.objects.create(name="Karla Eksempelsen", email="karla@privat.example",
                                  phone="22 33 44 55")
    Membership.objects.create(
        council=world.council, person=extra, seat_group=world.user_group, term=world.term,
        start=world.term.start, role="vice_chair",
    )
    Person.objects.filter(name="Bruger Bent Opdigtet").update(
        email="bent@privat.example", phone="99887766")
    start = (timezone.now() - dt.timedelta(days=14)).replace(hour=16, minute=0)
    meeting = Meeting.objects.create(council=world.council, title="Møde med referat",
                                     start=start, status="minutes_published")
    open_item = AgendaItem.objects.create(meeting=meeting, number=1, position=1,
                                          title="Åbent punkt", summary="Et åbent resumé.")
    Attachment.objects.create(item=open_item, title="Åbent bilag.pdf")
    Attachment.objects.create(item=open_item, title="Lukket bilag på åbent punkt.pdf",
                              is_public=False)
    closed = AgendaItem.objects.create(
        meeting=meeting, number=2, position=2, title="Personalesag", is_public=False,
        case_number="HEMMELIG-SAGSNR-4711", summary="Hemmeligt resumé om en borger",
        recommendations_intro="Hemmelig indledning", recommendations=["Hemmelig indstilling"],
        decision="Hemmelig beslutning",
        case_presentation="Hemmelig sagsfremstilling med CPR 010203-1234",
        start_time=dt.time(18, 0),
    )
    Attachment.objects.create(item=closed, title="Hemmeligt bilag.pdf", is_public=True)
    planned = Meeting.objects.create(council=world.council, title="Kun planlagt møde",
                                     start=start + dt.timedelta(days=60))
    cancelled = Meeting.objects.create(council=world.council, title="Aflyst møde",
                                       start=start + dt.timedelta(days=30), status="cancelled")
    return meeting, planned, cancelled


def public_pages(meeting):
    return ["/", "/raad/", "/raad/testraad/", "/raad/andetraad/", "/tilgaengelighed/",
            f"/raad/testraad/moeder/{meeting.pk}/"]


def personal_data():
    from udsatteraad.accounts.models import User
    from udsatteraad.councils.models import Person

    values = set()
    for email, phone in Person.objects.values_list("email", "phone"):
        values.add(email)
        values.add(phone)
        values.add(phone.replace(" ", ""))
    values.update(User.objects.values_list("email", flat=True))
    return {v for v in values if v}


@pytest.mark.parametrize("client_name", ["anon", "member_client", "secretary_client"])
def test_no_member_contact_data_on_public_pages(request, world, published, client_name):
    client = request.getfixturevalue(client_name)
    secrets = personal_data()
    assert {"karla@privat.example", "22 33 44 55", "12345678", "+45 87 65 43 21",
            "bent@privat.example", "99887766"} <= secrets
    for path in public_pages(published[0]):
        html = client.get(path).content.decode()
        for value in secrets:
            assert value not in html, (path, value)
        # The only addresses shown are the councils' own contact addresses.
        shown = set(re.findall(r"[\w.+-]+@[\w-]+\.[\w.-]+", html))
        assert shown <= {"udsatteraad@testregion.example"}, (path, shown)


def test_names_and_roles_are_public(anon, world, published):
    html = anon.get("/raad/testraad/").content.decode()
    assert "Karla Eksempelsen" in html and "Næstformand" in html


def test_closed_item_shows_title_only(anon, world, published):
    meeting = published[0]
    html = anon.get(f"/raad/testraad/moeder/{meeting.pk}/").content.decode()
    assert "Punkt 2: Personalesag" in html
    assert "Et åbent resumé." in html and "Åbent bilag.pdf" in html
    for text in SECRET_TEXTS:
        assert text not in html, text
    assert "18.00" not in html


def test_closed_texts_never_on_any_public_page(world, published, anon):
    for path in public_pages(published[0]):
        html = anon.get(path).content.decode()
        for text in SECRET_TEXTS:
            assert text not in html, (path, text)


def test_planned_and_cancelled_meetings_are_hidden(anon, world, published):
    _meeting, planned, cancelled = published
    for m in (planned, cancelled):
        assert anon.get(f"/raad/testraad/moeder/{m.pk}/").status_code == 404
    html = anon.get("/raad/testraad/").content.decode()
    assert "Kun planlagt møde" not in html and "Aflyst møde" not in html


def test_hidden_council_and_its_meetings_are_404(anon, world, published):
    meeting = published[0]
    world.council.is_public = False
    world.council.save()
    assert anon.get("/raad/testraad/").status_code == 404
    assert anon.get(f"/raad/testraad/moeder/{meeting.pk}/").status_code == 404
    assert "Udsatterådet i Testregion" not in anon.get("/").content.decode()
    assert "Udsatterådet i Testregion" not in anon.get("/raad/").content.decode()


def test_meeting_of_another_council_is_404_under_wrong_slug(anon, world, published):
    meeting = published[0]
    assert anon.get(f"/raad/andetraad/moeder/{meeting.pk}/").status_code == 404
