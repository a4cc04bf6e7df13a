"""The secretariat's minutes: attendance, decisions (optimistic locking), minority statements,
approval by the person the rules of procedure name, publication, history, and the Randers
demo's version 1."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone


def make_meeting(world, status="held", days=-7, **extra):
    from udsatteraad.meetings.models import Meeting

    extra.setdefault("title", "Ordinært møde")
    return Meeting.objects.create(council=world.council, status=status,
                                  start=timezone.now() + dt.timedelta(days=days), **extra)


def make_item(meeting, number, **extra):
    from udsatteraad.meetings.models import AgendaItem

    extra.setdefault("title", f"Emne {number}")
    return AgendaItem.objects.create(meeting=meeting, number=number, position=number, **extra)


def url(meeting, rest=""):
    return f"/sekretariat/testraad/moeder/{meeting.pk}/referat/{rest}"


def save_decision(client, meeting, item, text, revision=None):
    return client.post(url(meeting, "beslutning/"), {
        "item": item.pk, f"item-{item.pk}-decision": text,
        f"item-{item.pk}-revision": item.revision if revision is None else revision,
    })


# The page and access

def test_minutes_page_lists_members_and_items(secretary_client, world):
    m = make_meeting(world)
    make_item(m, 17, title="Godkendelse af dagsorden")
    make_item(m, 18, title="Lukket sag", is_public=False)
    r = secretary_client.get(url(m))
    html = r.content.decode()
    assert r.status_code == 200 and html.count("<h1") == 1
    assert "Formand Frida Fiktiv" in html and "Medlem Mads Påhit" in html
    assert "Punkt 17: Godkendelse af dagsorden" in html and "Lukket punkt" in html
    assert f'name="item-{m.items.get(number=17).pk}-revision"' in html
    assert html.count('type="radio"') == 2 * 3


def test_minutes_page_access(anon, member_client, other_secretary_client, world):
    m = make_meeting(world)
    assert anon.get(url(m)).status_code == 302
    assert member_client.get(url(m)).status_code == 403
    assert other_secretary_client.get(url(m)).status_code == 403
    assert other_secretary_client.get(f"/sekretariat/andetraad/moeder/{m.pk}/referat/"
                                      ).status_code == 404


# Attendance

def test_record_attendance_and_guests(secretary_client, world):
    from udsatteraad.meetings.models import Attendance

    m = make_meeting(world)
    chair, member = world.chair_membership.person, world.member_membership.person
    r = secretary_client.post(url(m, "fremmoede/"), {f"status-{chair.pk}": "present",
                                       f"status-{member.pk}": "apology"})
    assert r.status_code == 302
    assert dict(Attendance.objects.filter(meeting=m).values_list("person__name", "status")) == {
        chair.name: "present", member.name: "apology"}
    # Changing one row keeps the other.
    secretary_client.post(url(m, "fremmoede/"), {f"status-{member.pk}": "absent"})
    assert Attendance.objects.get(meeting=m, person=member).status == "absent"
    assert Attendance.objects.get(meeting=m, person=chair).status == "present"

    r = secretary_client.post(url(m, "deltager/"), {"guest-name": "Gæst Gerda Opdigt",
                                       "guest-organisation": "Kirkens Korshær",
                                       "guest-kind": "advisory"})
    assert r.status_code == 302
    guest = Attendance.objects.get(meeting=m, person=None)
    assert (guest.kind, guest.organisation) == ("advisory", "Kirkens Korshær")
    html = secretary_client.get(url(m)).content.decode()
    assert "Gæst Gerda Opdigt, Kirkens Korshær (Faglig sparringsgruppe)" in html

    r = secretary_client.post(url(m, "deltager/"), {"guest-name": "",
                                       "guest-organisation": "Typet organisation",
                                       "guest-kind": "guest"})
    assert r.status_code == 200 and "Typet organisation" in r.content.decode()
    secretary_client.post(url(m, "deltager/fjern/"), {"row": guest.pk})
    assert not Attendance.objects.filter(meeting=m, person=None).exists()


def test_bad_attendance_status_is_refused(secretary_client, world):
    from udsatteraad.meetings.models import Attendance

    m = make_meeting(world)
    r = secretary_client.post(url(m, "fremmoede/"),
                              {f"status-{world.chair_membership.person_id}": "maybe"})
    assert r.status_code == 400 and "Vælg til stede, afbud eller fraværende." in r.content.decode()
    assert not Attendance.objects.exists()


# Decisions, optimistic locking and history

def test_decision_saved_with_history(secretary_client, world):
    m = make_meeting(world)
    item = make_item(m, 17)
    history_before = item.history.count()
    r = save_decision(secretary_client, m, item, "Godkendt med bemærkninger")
    assert r.status_code == 302
    item.refresh_from_db()
    assert item.decision == "Godkendt med bemærkninger" and item.revision == 2
    assert item.history.count() == history_before + 1
    assert item.history.first().decision == "Godkendt med bemærkninger"


def test_concurrent_decision_save_refused_and_text_kept(secretary_client, admin_client_2fa,
                                                        world):
    m = make_meeting(world)
    item = make_item(m, 17)
    assert save_decision(admin_client_2fa, m, item, "Den første tekst").status_code == 302
    r = save_decision(secretary_client, m, item, "Min omhyggeligt skrevne tekst", revision=1)
    html = r.content.decode()
    assert r.status_code == 409
    assert "ændret af en anden, mens du skrev" in html
    assert "Min omhyggeligt skrevne tekst" in html and "Den første tekst" in html
    item.refresh_from_db()
    assert item.decision == "Den første tekst"
    # The form now carries the current revision, so saving again wins.
    assert f'name="item-{item.pk}-revision" value="2"' in html
    assert save_decision(secretary_client, m, item, "Samlet tekst", revision=2).status_code == 302
    item.refresh_from_db()
    assert item.decision == "Samlet tekst"


def test_minority_statement(secretary_client, world):
    from udsatteraad.meetings.models import MinorityStatement

    m = make_meeting(world)
    item = make_item(m, 17)
    person = world.member_membership.person
    r = secretary_client.post(url(m, "mindretal/"), {"item": item.pk,
                                       f"minority-{item.pk}-text": "Vi er uenige.",
                                       f"minority-{item.pk}-members": [person.pk]})
    assert r.status_code == 302
    s = MinorityStatement.objects.get(item=item)
    assert list(s.members.all()) == [person] and s.history.exists()
    r = secretary_client.post(url(m, "mindretal/"), {"item": item.pk,
                                       f"minority-{item.pk}-text": "Uden medlemmer"})
    assert r.status_code == 200 and "Vælg de medlemmer" in r.content.decode()
    assert MinorityStatement.objects.count() == 1


# Approval

def ready(world, **extra):
    m = make_meeting(world, **extra)
    make_item(m, 17, decision="Godkendt")
    return m


def test_chair_approves_under_default_rule(chair_client, member_client, secretary_client, world):
    m = ready(world)
    assert member_client.post(f"/mine/moeder/{m.pk}/godkend/", {}).status_code == 403
    assert secretary_client.post(url(m, "godkend/"), {}).status_code == 403
    m.refresh_from_db()
    assert m.status == "held"
    assert chair_client.post(f"/mine/moeder/{m.pk}/godkend/", {}).status_code == 302
    m.refresh_from_db()
    assert m.status == "minutes_approved" and m.minutes_approved_by == world.chair
    assert m.minutes_approved_at is not None


def test_secretariat_approves_under_secretariat_rule(secretary_client, chair_client, world):
    from udsatteraad.councils.models import RulesOfProcedure

    RulesOfProcedure.objects.create(council=world.council, minutes_approval="secretariat")
    m = ready(world)
    html = secretary_client.get(url(m)).content.decode()
    assert "Godkend referatet" in html
    assert chair_client.post(f"/mine/moeder/{m.pk}/godkend/", {}).status_code == 403
    assert secretary_client.post(url(m, "godkend/"), {}).status_code == 302
    m.refresh_from_db()
    assert m.status == "minutes_approved" and m.minutes_approved_by == world.secretary


def test_approval_needs_decisions(chair_client, world):
    m = make_meeting(world)
    make_item(m, 17)
    r = chair_client.post(f"/mine/moeder/{m.pk}/godkend/", {})
    assert r.status_code == 400 and "ingen beslutninger" in r.content.decode()
    m.refresh_from_db()
    assert m.status == "held"


def test_editing_approved_minutes_withdraws_approval(secretary_client, world):
    m = ready(world, status="minutes_approved")
    item = m.items.get()
    r = save_decision(secretary_client, m, item, "Godkendt med en ændring")
    assert r.status_code == 302
    m.refresh_from_db()
    assert m.status == "held" and m.minutes_approved_at is None


def test_mark_held(secretary_client, world):
    m = make_meeting(world, status="agenda_published")
    assert secretary_client.post(url(m, "afholdt/"), {}).status_code == 302
    m.refresh_from_db()
    assert m.status == "held"
    future = make_meeting(world, status="agenda_published", days=5)
    r = secretary_client.post(url(future, "afholdt/"), {})
    assert r.status_code == 400 and "ikke begyndt" in r.content.decode()


# Publication

def test_publish_before_approval_refused(secretary_client, world):
    m = ready(world)
    r = secretary_client.post(url(m, "offentliggoer/"), {})
    assert r.status_code == 400
    assert "Referatet skal godkendes, før det kan offentliggøres." in r.content.decode()
    m.refresh_from_db()
    assert m.status == "held" and not m.minutes_versions.exists()


def test_publish_creates_version_one(secretary_client, anon, world):
    m = ready(world, status="minutes_approved")
    make_item(m, 18, title="Lukket sag", is_public=False, decision="Hemmelig beslutning")
    assert "Offentliggør referatet" in secretary_client.get(url(m, "offentliggoer/")
                                                            ).content.decode()
    r = secretary_client.post(url(m, "offentliggoer/"), {})
    assert r.status_code == 302
    m.refresh_from_db()
    assert m.status == "minutes_published" and m.minutes_published_at is not None
    v = m.minutes_versions.get()
    assert v.number == 1 and v.published_by == world.secretary
    assert v.snapshot["items"][0]["decision"] == "Godkendt"
    assert v.snapshot["items"][1] == {"id": v.snapshot["items"][1]["id"], "number": 18,
                                      "label": "Punkt 18: Lukket sag", "title": "Lukket sag",
                                      "is_public": False}
    html = anon.get(f"/raad/testraad/moeder/{m.pk}/").content.decode()
    assert "Godkendt" in html and "Hemmelig beslutning" not in html
    assert "referat.pdf" in html


def test_snapshot_has_no_contact_data(world):
    from udsatteraad.meetings.minutes import minutes_snapshot, record_attendance

    m = ready(world)
    record_attendance(meeting=m, person=world.member_membership.person, status="present")
    text = str(minutes_snapshot(m))
    assert "Medlem Mads Påhit" in text
    assert "12345678" not in text and "@" not in text


# The Randers demo

def test_randers_demo_has_version_one(db, client):
    """Randers' council and meeting files, loaded as load_demo loads them (twice)."""
    from django.conf import settings

    from udsatteraad.councils.loader import load_council_file
    from udsatteraad.meetings.loader import load_meeting_file
    from udsatteraad.meetings.models import MinutesVersion

    demo = settings.BASE_DIR / "demo"
    load_council_file(demo / "councils" / "randers.yaml")
    meeting = load_meeting_file(demo / "meetings" / "randers-2021-09-27.yaml").meeting
    v = meeting.minutes_versions.get()
    assert v.number == 1 and [i["number"] for i in v.snapshot["items"]] == list(range(17, 25))
    assert v.snapshot["items"][0]["decision"] == "Godkendt"
    load_meeting_file(demo / "meetings" / "randers-2021-09-27.yaml")
    assert MinutesVersion.objects.filter(meeting=meeting).count() == 1
    html = client.get(f"/raad/randers/moeder/{meeting.pk}/").content.decode()
    for n in range(17, 25):
        assert f"Punkt {n}:" in html
    assert "Referatet er rettet" not in html and "referat.pdf" in html


def test_editing_an_item_of_approved_minutes_withdraws_approval(world):
    from udsatteraad.meetings import agenda

    m = ready(world, status="minutes_approved")
    item = m.items.get()
    agenda.save_item(item=item, data={"summary": "Rettet resumé"}, revision=item.revision)
    m.refresh_from_db()
    assert m.status == "held" and m.minutes_approved_at is None


def test_bad_ids_in_minutes_forms_are_404_not_500(secretary_client, world):
    m = ready(world)
    for action, field in [("deltager/fjern/", "row"), ("beslutning/", "item"),
                          ("mindretal/", "item"), ("mindretal/fjern/", "statement")]:
        for bad in ["abc", "1.5", "²", "", "99999999999999999999999"]:
            response = secretary_client.post(url(m, action), {field: bad})
            assert response.status_code == 404, (action, bad)


def test_term_filter_with_odd_digits_is_ignored(secretary_client, world):
    response = secretary_client.get("/sekretariat/testraad/medlemmer/?periode=²")
    assert response.status_code == 200
