"""The member's meeting page /mine/moeder/<id>/: the agenda (closed items included, since
members are the council), "Jeg kommer" / "Afbud", and the chair's approval of the minutes."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone


def make_meeting(world, status="agenda_published", days=7, council=None):
    from udsatteraad.meetings.models import Meeting

    return Meeting.objects.create(council=council or world.council, status=status,
                                  title="Ordinært møde",
                                  start=timezone.now() + dt.timedelta(days=days))


def make_item(meeting, number, **extra):
    from udsatteraad.meetings.models import AgendaItem

    extra.setdefault("title", f"Emne {number}")
    return AgendaItem.objects.create(meeting=meeting, number=number, position=number, **extra)


def test_member_sees_agenda_with_closed_items(member_client, world):
    m = make_meeting(world)
    make_item(m, 1, title="Åbent emne", summary="Et offentligt resumé.")
    make_item(m, 2, title="Lukket emne", is_public=False, summary="Fortroligt resumé.")
    r = member_client.get(f"/mine/moeder/{m.pk}/")
    html = r.content.decode()
    assert r.status_code == 200 and html.count("<h1") == 1
    assert "Et offentligt resumé." in html and "Fortroligt resumé." in html
    assert "Lukket punkt" in html
    assert f'href="/mine/moeder/{m.pk}/forslag/"' in html
    assert 'href="/mine/raad/testraad/ekstraordinaer/"' in html
    assert "Jeg kommer" in html and "Afbud" in html
    assert "Godkend referatet" not in html


def test_member_page_access(anon, member_client, other_secretary_client, world):
    m = make_meeting(world)
    assert anon.get(f"/mine/moeder/{m.pk}/").status_code == 302
    assert other_secretary_client.get(f"/mine/moeder/{m.pk}/").status_code == 403
    other = make_meeting(world, council=world.other_council)
    assert member_client.get(f"/mine/moeder/{other.pk}/").status_code == 403
    assert member_client.get("/mine/moeder/999999/").status_code == 404


def test_member_reports_apology_then_attending(member_client, world):
    from udsatteraad.meetings.models import Attendance

    m = make_meeting(world)
    r = member_client.post(f"/mine/moeder/{m.pk}/afbud/", {"note": "Jeg er på kursus."})
    assert r.status_code == 302
    row = Attendance.objects.get(meeting=m, person=world.member_membership.person)
    assert (row.status, row.kind, row.note) == ("apology", "member", "Jeg er på kursus.")
    html = member_client.get(f"/mine/moeder/{m.pk}/").content.decode()
    assert "Du har meldt: Afbud." in html and "Jeg er på kursus." in html
    member_client.post(f"/mine/moeder/{m.pk}/kommer/", {"note": ""})
    row.refresh_from_db()
    assert row.status == "present" and Attendance.objects.filter(meeting=m).count() == 1
    assert "Du har meldt: Til stede." in member_client.get(f"/mine/moeder/{m.pk}/"
                                                          ).content.decode()


def test_apology_too_late_after_meeting(member_client, world):
    from udsatteraad.meetings.models import Attendance

    m = make_meeting(world, status="held", days=-3)
    r = member_client.post(f"/mine/moeder/{m.pk}/afbud/", {"note": ""})
    assert r.status_code == 400 and "kontakt sekretariatet" in r.content.decode()
    assert not Attendance.objects.exists()


def test_secretary_cannot_report_for_themselves(secretary_client, world):
    m = make_meeting(world)
    assert secretary_client.get(f"/mine/moeder/{m.pk}/").status_code == 200
    assert secretary_client.post(f"/mine/moeder/{m.pk}/afbud/", {}
                                 ).status_code == 403


def test_chair_sees_approve_button_when_held_with_decisions(chair_client, member_client, world):
    m = make_meeting(world, status="held", days=-3)
    make_item(m, 1, decision="Godkendt")
    html = chair_client.get(f"/mine/moeder/{m.pk}/").content.decode()
    assert "Godkend referatet" in html and "Beslutning (udkast)" in html
    assert "Godkend referatet" not in member_client.get(f"/mine/moeder/{m.pk}/").content.decode()
    assert chair_client.post(f"/mine/moeder/{m.pk}/godkend/", {}).status_code == 302
    m.refresh_from_db()
    assert m.status == "minutes_approved"
    assert "Godkend referatet" not in chair_client.get(f"/mine/moeder/{m.pk}/").content.decode()
