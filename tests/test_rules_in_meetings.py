"""The council's rules where they bite in the meeting cycle (issue 12): quorum from the
recorded attendance (with and without substitutes called in) and in the published minutes,
the minutes approval modes (end of meeting, next meeting, the written round with silence as
approval), the agenda's notice period (warn, refuse, urgent with a reason), urgent items
allowed and refused, dissent not offered where the rules rule it out, and no statement on the
council's own initiative where it answers only when asked."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from udsatteraad.councils.models import Membership, Person, RulesOfProcedure
from udsatteraad.meetings.models import AgendaItem, Attendance, Meeting, MinutesReview


def set_rules(world, **fields) -> RulesOfProcedure:
    rules, _created = RulesOfProcedure.objects.update_or_create(council=world.council,
                                                                defaults=fields)
    world.council.refresh_from_db()
    return rules


def held_meeting(world, days_ago: int = 2, decision: str = "Rådet anbefaler flere boliger.",
                 **extra) -> Meeting:
    meeting = Meeting.objects.create(council=world.council, status="held", title="Ordinært møde",
                                     start=timezone.now() - dt.timedelta(days=days_ago), **extra)
    AgendaItem.objects.create(meeting=meeting, number=1, position=1, title="Boliger",
                              decision=decision)
    return meeting


def minutes_url(meeting, name="meetings:minutes") -> str:
    return reverse(name, args=[meeting.council.slug, meeting.pk])


def extra_member(world, name: str, group, *, substitute=False, **extra) -> Membership:
    person = Person.objects.create(name=name)
    return Membership.objects.create(council=world.council, person=person, seat_group=group,
                                     term=world.term, start=world.term.start,
                                     is_substitute=substitute, **extra)


def mark(meeting, person, status):
    return Attendance.objects.create(meeting=meeting, person=person, status=status)


# Quorum and substitutes ----------------------------------------------------------------------


@pytest.fixture
def quorum_world(world):
    """Five seats (2 + 1 + 1 + 1); quorum: at least half. The member has a personal deputy
    and the Red Cross seat a roster substitute; a third member sits for Blue Cross."""
    set_rules(world, quorum_numerator=1, quorum_denominator=2)
    world.deputy = extra_member(world, "Kim Eksempel", world.red_cross_group, substitute=True,
                                deputy_for=world.member_membership, substitute_rank=2)
    world.roster = extra_member(world, "Rita Roster", world.red_cross_group, substitute=True,
                                substitute_rank=1)
    world.blue = extra_member(world, "Bo Blåkors", world.blue_cross_group)
    return world


def test_quorum_from_attendance_with_and_without_a_substitute(secretary_client, quorum_world):
    world = quorum_world
    meeting = held_meeting(world)
    mark(meeting, world.chair_membership.person, "present")
    mark(meeting, world.member_membership.person, "apology")
    mark(meeting, world.blue.person, "present")
    page = secretary_client.get(minutes_url(meeting)).content.decode()
    assert ("Rådet er ikke beslutningsdygtigt (2 af 5 til stede; kræver mindst halvdelen)"
            in page)
    # The substitutes do not hold seats: not on the attendance list, but offered for the
    # absent member, the personal deputy first.
    assert page.index("Kim Eksempel") < page.index("Rita Roster")
    assert f'id="status-{world.deputy.person_id}-present"' not in page

    r = secretary_client.post(minutes_url(meeting, "meetings:minutes-save"), {
        "call_substitute": world.member_membership.person_id,
        f"substitute-{world.member_membership.person_id}": world.deputy.person_id})
    assert r.status_code == 302
    row = Attendance.objects.get(meeting=meeting, person=world.deputy.person)
    assert row.substitute_for == world.member_membership.person and row.status == "present"
    page = secretary_client.get(minutes_url(meeting)).content.decode()
    assert "Rådet er beslutningsdygtigt (3 af 5 til stede; kræver mindst halvdelen)" in page
    assert "Kim Eksempel er indkaldt" in page

    # The absent member turning up after all does not count twice.
    Attendance.objects.filter(meeting=meeting, person=world.member_membership.person).update(
        status="present")
    from udsatteraad.meetings.quorum import quorum

    assert quorum(meeting).present == 3

    # Taken off the list again, the quorum falls back.
    Attendance.objects.filter(meeting=meeting, person=world.member_membership.person).update(
        status="apology")
    r = secretary_client.post(minutes_url(meeting, "meetings:minutes-save"),
                              {"remove_substitute": row.pk})
    assert r.status_code == 302
    assert not Attendance.objects.filter(meeting=meeting, person=world.deputy.person).exists()
    assert quorum(meeting).present == 2 and not quorum(meeting).quorate


def test_substitute_refused_for_a_present_member_or_a_stranger(secretary_client, quorum_world):
    world = quorum_world
    meeting = held_meeting(world)
    mark(meeting, world.member_membership.person, "present")
    r = secretary_client.post(minutes_url(meeting, "meetings:minutes-save"), {
        "call_substitute": world.member_membership.person_id,
        f"substitute-{world.member_membership.person_id}": world.deputy.person_id})
    assert r.status_code == 400
    assert "som fraværende eller med afbud" in r.content.decode()
    Attendance.objects.filter(meeting=meeting).update(status="absent")
    # A substitute whose membership has ended is not called in.
    world.roster.end = timezone.localdate() - dt.timedelta(days=10)
    world.roster.save()
    r = secretary_client.post(minutes_url(meeting, "meetings:minutes-save"), {
        "call_substitute": world.member_membership.person_id,
        f"substitute-{world.member_membership.person_id}": world.roster.person_id})
    assert r.status_code == 400 and "kan ikke indkaldes som suppleant" in r.content.decode()
    assert not Attendance.objects.filter(substitute_for__isnull=False).exists()


def test_quorum_needing_the_chair(secretary_client, quorum_world):
    world = quorum_world
    set_rules(world, quorum_numerator=1, quorum_denominator=2, quorum_includes_chair=True)
    meeting = held_meeting(world)
    mark(meeting, world.chair_membership.person, "absent")
    for m in (world.member_membership, world.blue):
        mark(meeting, m.person, "present")
    extra = extra_member(world, "Ulla Bruger", world.user_group)
    mark(meeting, extra.person, "present")
    page = secretary_client.get(minutes_url(meeting)).content.decode()
    assert "Rådet er ikke beslutningsdygtigt (3 af 5 til stede" in page
    assert "formanden eller næstformanden" in page


def test_no_quorum_rule_no_quorum_sentence(secretary_client, world):
    meeting = held_meeting(world)
    mark(meeting, world.chair_membership.person, "present")
    page = secretary_client.get(minutes_url(meeting)).content.decode()
    assert "beslutningsdygtig" not in page


def test_published_minutes_state_quorum_and_substitute(secretary_client, anon, quorum_world):
    from pypdf import PdfReader

    world = quorum_world
    meeting = held_meeting(world)
    mark(meeting, world.chair_membership.person, "present")
    mark(meeting, world.member_membership.person, "absent")
    mark(meeting, world.blue.person, "present")
    Attendance.objects.create(meeting=meeting, person=world.deputy.person, status="present",
                              substitute_for=world.member_membership.person)
    set_rules(world, quorum_numerator=1, quorum_denominator=2, minutes_approval="secretariat")
    assert secretary_client.post(minutes_url(meeting, "meetings:minutes-approve")
                                 ).status_code == 302
    r = secretary_client.post(minutes_url(meeting, "meetings:minutes-publish"),
                              {"change_note": ""})
    assert r.status_code == 302, r.content.decode()[:2000]
    public = anon.get(reverse("front:meeting", args=["testraad", meeting.pk])).content.decode()
    assert "Rådet var beslutningsdygtigt (3 af 5 til stede; kræver mindst halvdelen)." in public
    assert "Kim Eksempel (suppleant for Medlem Mads Påhit)" in public
    pdf = anon.get(reverse("meetings:minutes-pdf", args=["testraad", meeting.pk]))
    assert pdf.status_code == 200
    text = " ".join(" ".join((p.extract_text() or "").split())
                    for p in PdfReader(io.BytesIO(pdf.content)).pages)
    assert "Rådet var beslutningsdygtigt" in text
    assert "suppleant for Medlem Mads Påhit" in text


# Approval of the minutes by the council's mode -------------------------------------------------


def test_end_of_meeting_is_recorded_by_the_secretariat(secretary_client, chair_client, world):
    set_rules(world, minutes_approval="end_of_meeting")
    meeting = held_meeting(world)
    page = secretary_client.get(minutes_url(meeting)).content.decode()
    assert "Registrér, at rådet godkendte referatet ved mødets afslutning" in page
    assert "Send til godkendelse" not in page
    # Not the chair's approval under this rule.
    r = chair_client.post(reverse("meetings:member-approve", args=[meeting.pk]))
    assert r.status_code == 403
    r = secretary_client.post(minutes_url(meeting, "meetings:minutes-approve"))
    assert r.status_code == 302
    meeting.refresh_from_db()
    assert meeting.status == "minutes_approved"


def test_next_meeting_item_approves_the_previous_minutes(secretary_client, world):
    set_rules(world, minutes_approval="next_meeting")
    previous = Meeting.objects.create(council=world.council, status="agenda_published",
                                      title="Forrige møde",
                                      start=timezone.now() - dt.timedelta(days=3))
    AgendaItem.objects.create(meeting=previous, number=1, position=1, title="Boliger",
                              decision="Rådet anbefaler flere boliger.")
    later = Meeting.objects.create(council=world.council, title="Næste møde",
                                   start=timezone.now() + dt.timedelta(days=30))
    AgendaItem.objects.create(meeting=later, number=2, position=1, title="Eventuelt",
                              origin="standard")
    # Marking the meeting held puts the approval first on the next meeting's agenda.
    assert secretary_client.post(minutes_url(previous, "meetings:minutes-held")
                                 ).status_code == 302
    item = later.items.get(approves_minutes_of=previous)
    assert item.title.startswith("Godkendelse af referat fra mødet den ")
    assert list(later.items.order_by("position").values_list("pk", flat=True))[0] == item.pk
    previous.refresh_from_db()
    assert previous.status == "held"
    # Recording the item's decision approves the previous minutes.
    r = secretary_client.post(minutes_url(later, "meetings:minutes-decision"), {
        "item": item.pk, f"item-{item.pk}-decision": "Referatet blev godkendt.",
        f"item-{item.pk}-revision": item.revision})
    assert r.status_code == 302
    previous.refresh_from_db()
    assert previous.status == "minutes_approved"
    assert previous.minutes_reviews.filter(kind="approved").exists()


def _start_round(secretary_client, world, meeting, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        r = secretary_client.post(minutes_url(meeting, "meetings:minutes-request-approval"))
    assert r.status_code == 302
    return MinutesReview.objects.get(meeting=meeting, kind="requested")


def test_written_round_silence_is_approval(secretary_client, member_client, world,
                                           django_capture_on_commit_callbacks):
    set_rules(world, minutes_approval="written", minutes_written_days=5)
    meeting = held_meeting(world)
    page = secretary_client.get(minutes_url(meeting)).content.decode()
    assert "Send til skriftlig godkendelse hos medlemmerne" in page
    assert "Godkend referatet" not in page  # the members approve, not the secretariat
    review = _start_round(secretary_client, world, meeting, django_capture_on_commit_callbacks)
    assert review.deadline.date() == (timezone.now() + dt.timedelta(days=5)).date()
    # Every seated member is told, with the deadline.
    assert sorted(m.to[0] for m in mail.outbox) == sorted([world.chair.email,
                                                            world.member.email])
    assert "Skriftlig godkendelse af referatet" in mail.outbox[0].subject

    # The member sees the round on /mine/ and it is on their task list.
    from udsatteraad.workspace.tasks import for_person

    assert any(t.kind == "minutes_written_round" for t in for_person(world.member))
    page = member_client.get(reverse("meetings:member-meeting", args=[meeting.pk])
                             ).content.decode()
    assert "Jeg godkender referatet" in page and "Gør indsigelse" in page
    r = member_client.post(reverse("meetings:member-approve", args=[meeting.pk]))
    assert r.status_code == 302
    assert review.answers.get().approved
    world.member.__dict__.pop("_udsatteraad_tasks", None)
    assert not any(t.kind == "minutes_written_round" for t in for_person(world.member))
    meeting.refresh_from_db()
    assert meeting.status == "held"  # the chair has not answered: the round goes on

    # Before the deadline the command changes nothing; after it, silence is approval.
    call_command("minutes_written_rounds", stdout=io.StringIO())
    meeting.refresh_from_db()
    assert meeting.status == "held"
    mail.outbox.clear()
    later = timezone.now() + dt.timedelta(days=6)
    from unittest import mock

    with mock.patch("django.utils.timezone.now", return_value=later), \
            django_capture_on_commit_callbacks(execute=True):
        call_command("minutes_written_rounds", stdout=io.StringIO())
        call_command("minutes_written_rounds", stdout=io.StringIO())  # idempotent
    meeting.refresh_from_db()
    assert meeting.status == "minutes_approved"
    assert meeting.minutes_reviews.filter(kind="approved").count() == 1
    assert [m.to for m in mail.outbox] == [[world.secretary.email]]
    assert "ingen indsigelser" in mail.outbox[0].body


def test_written_round_objection_goes_to_the_secretariat(secretary_client, member_client,
                                                         world,
                                                         django_capture_on_commit_callbacks):
    set_rules(world, minutes_approval="written", minutes_written_days=5)
    meeting = held_meeting(world)
    _start_round(secretary_client, world, meeting, django_capture_on_commit_callbacks)
    url = reverse("meetings:member-send-back", args=[meeting.pk])
    r = member_client.post(url, {"comment": " "})
    assert r.status_code == 400 and "Skriv din indsigelse" in r.content.decode()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        r = member_client.post(url, {"comment": "Punkt 1 skal nævne Café Test."})
    assert r.status_code == 302
    assert [m.to for m in mail.outbox] == [[world.secretary.email]]
    # The deadline passing does not approve minutes with an objection.
    from unittest import mock

    with mock.patch("django.utils.timezone.now",
                    return_value=timezone.now() + dt.timedelta(days=6)):
        call_command("minutes_written_rounds", stdout=io.StringIO())
    meeting.refresh_from_db()
    assert meeting.status == "held"
    # The secretariat decides: here, to approve as they are.
    page = secretary_client.get(minutes_url(meeting)).content.decode()
    assert "Punkt 1 skal nævne Café Test." in page
    r = secretary_client.post(minutes_url(meeting, "meetings:minutes-approve"))
    assert r.status_code == 302
    meeting.refresh_from_db()
    assert meeting.status == "minutes_approved"


def test_written_round_approved_when_every_member_approves(secretary_client, member_client,
                                                           chair_client, world,
                                                           django_capture_on_commit_callbacks):
    set_rules(world, minutes_approval="written", minutes_written_days=5)
    meeting = held_meeting(world)
    _start_round(secretary_client, world, meeting, django_capture_on_commit_callbacks)
    for client in (member_client, chair_client):
        assert client.post(reverse("meetings:member-approve", args=[meeting.pk])
                           ).status_code == 302
    meeting.refresh_from_db()
    assert meeting.status == "minutes_approved"
    # After the round, nothing to answer.
    r = member_client.post(reverse("meetings:member-approve", args=[meeting.pk]))
    assert r.status_code in (400, 403)


# Notice of the agenda --------------------------------------------------------------------------


def planned_soon(world, days=2) -> Meeting:
    meeting = Meeting.objects.create(council=world.council, title="Hastemøde",
                                     start=timezone.now() + dt.timedelta(days=days))
    AgendaItem.objects.create(meeting=meeting, number=1, position=1, title="Boliger")
    return meeting


def test_short_notice_warns_and_publishes(secretary_client, anon, world):
    set_rules(world, agenda_notice_days=7, notice_enforcement="warn")
    meeting = planned_soon(world)
    url = minutes_url(meeting, "meetings:publish-agenda")
    page = secretary_client.get(url).content.decode()
    assert "Sent i forhold til forretningsordenen" in page and "varslet var kort" in page
    assert secretary_client.post(url).status_code == 302
    meeting.refresh_from_db()
    assert meeting.status == "agenda_published" and meeting.agenda_short_notice_days == 7
    public = anon.get(reverse("front:meeting", args=["testraad", meeting.pk])).content.decode()
    assert "kortere varsel end forretningsordenens frist på 7 dage" in public


def test_short_notice_refused_unless_urgent_with_a_reason(secretary_client, member_client,
                                                          world):
    set_rules(world, agenda_notice_days=7, notice_enforcement="refuse")
    meeting = planned_soon(world)
    url = minutes_url(meeting, "meetings:publish-agenda")
    r = secretary_client.post(url)
    assert r.status_code == 400
    assert "skal dagsordenen udsendes senest 7 dage før mødet" in r.content.decode()
    meeting.refresh_from_db()
    assert meeting.status == "planned"
    r = secretary_client.post(url, {"short_notice_reason": "Høringsfristen udløber fredag."})
    assert r.status_code == 302
    meeting.refresh_from_db()
    assert meeting.status == "agenda_published"
    assert meeting.short_notice_reason == "Høringsfristen udløber fredag."
    page = member_client.get(reverse("meetings:member-meeting", args=[meeting.pk])
                             ).content.decode()
    assert "Høringsfristen udløber fredag." in page


def test_notice_in_time_is_not_marked(secretary_client, world):
    set_rules(world, agenda_notice_days=7, notice_enforcement="refuse")
    meeting = planned_soon(world, days=20)
    assert secretary_client.post(minutes_url(meeting, "meetings:publish-agenda")
                                 ).status_code == 302
    meeting.refresh_from_db()
    assert meeting.agenda_short_notice_days is None


# Urgent items ------------------------------------------------------------------------------------


def new_item(client, meeting, **urgent):
    data = {"title": "Lukning af natvarmestue", "origin": "administration", "is_public": "on"}
    data.update({f"urgent-{k}": v for k, v in urgent.items()})
    return client.post(reverse("meetings:agenda-item-new",
                               args=[meeting.council.slug, meeting.pk]), data)


def test_urgent_items_refused_where_not_allowed(secretary_client, world):
    set_rules(world, urgent_items="not_allowed")
    meeting = held_meeting(world, days_ago=0)
    r = new_item(secretary_client, meeting, decided_by="chair")
    assert r.status_code == 400
    assert "tillader ikke, at punkter optages" in r.content.decode()
    assert meeting.items.count() == 1


def test_urgent_item_by_the_chair_in_the_minutes(secretary_client, anon, world):
    set_rules(world, urgent_items="chair", minutes_approval="secretariat")
    meeting = held_meeting(world, days_ago=0)
    page = secretary_client.get(reverse("meetings:agenda-item-new",
                                        args=["testraad", meeting.pk])).content.decode()
    assert "Hastende punkt" in page
    assert new_item(secretary_client, meeting, decided_by="members", votes=3
                    ).status_code == 400
    assert new_item(secretary_client, meeting, decided_by="chair").status_code == 302
    item = meeting.items.get(urgent=True)
    assert item.urgent_decided_by == "chair"
    item.decision = "Rådet udtaler sig imod lukningen."
    item.save()
    assert secretary_client.post(minutes_url(meeting, "meetings:minutes-approve")
                                 ).status_code == 302
    assert secretary_client.post(minutes_url(meeting, "meetings:minutes-publish"),
                                 {"change_note": ""}).status_code == 302
    public = anon.get(reverse("front:meeting", args=["testraad", meeting.pk])).content.decode()
    assert "Punktet blev optaget på mødet efter beslutning af formanden." in public


def test_urgent_item_by_a_share_of_the_members(secretary_client, world):
    set_rules(world, urgent_items="members", urgent_items_numerator=2,
              urgent_items_denominator=3)
    meeting = held_meeting(world, days_ago=0)
    r = new_item(secretary_client, meeting, decided_by="members", votes=3)
    assert r.status_code == 400
    assert "mindst to tredjedele af medlemmerne (5)" in r.content.decode()
    assert new_item(secretary_client, meeting, decided_by="members", votes=4
                    ).status_code == 302
    item = meeting.items.get(urgent=True)
    assert (item.urgent_votes, item.urgent_of) == (4, 5)
    from udsatteraad.meetings.rules import urgent_note

    assert urgent_note(item) == ("Punktet blev optaget på mødet efter beslutning af 4 af 5 "
                                 "medlemmer.")


def test_items_before_publication_are_not_urgent(secretary_client, world):
    set_rules(world, urgent_items="not_allowed")
    meeting = planned_soon(world, days=20)
    assert new_item(secretary_client, meeting).status_code == 302
    assert not meeting.items.filter(urgent=True).exists()


# Dissent and hearings --------------------------------------------------------------------------


def test_dissent_not_offered_where_the_rules_rule_it_out(secretary_client, world):
    meeting = held_meeting(world)
    item = meeting.items.get()
    assert "Tilføj mindretalsudtalelse" in secretary_client.get(minutes_url(meeting)
                                                                ).content.decode()
    set_rules(world, dissent_recorded=False)
    assert "Tilføj mindretalsudtalelse" not in secretary_client.get(minutes_url(meeting)
                                                                    ).content.decode()
    r = secretary_client.post(minutes_url(meeting, "meetings:minutes-minority"), {
        "item": item.pk, f"minority-{item.pk}-text": "Vi er uenige.",
        f"minority-{item.pk}-members": [world.member_membership.person_id]})
    assert r.status_code == 400
    assert "giver ikke mulighed for at føre mindretalsudtalelser" in r.content.decode()
    assert not item.minority_statements.exists()
    set_rules(world, dissent_recorded=True)
    assert "Tilføj mindretalsudtalelse" in secretary_client.get(minutes_url(meeting)
                                                                ).content.decode()


def test_statement_on_own_initiative_refused_when_only_asked(secretary_client, world):
    from udsatteraad.hearings.models import Hearing
    from udsatteraad.hearings.testing import fields

    def data(**over):
        d = {k: ("" if v is None else v) for k, v in fields(**over).items()}
        d["notify"] = "on"
        return d

    world.tor.hearings_only_when_asked = True
    world.tor.save()
    r = secretary_client.post(reverse("hearings:new", args=["testraad"]),
                              data(kind="statement", source="council"))
    assert r.status_code == 400
    assert "kun afgiver høringssvar, når det bliver spurgt" in r.content.decode()
    assert not Hearing.objects.exists()
    # A hearing the council was asked for is registered as before.
    r = secretary_client.post(reverse("hearings:new", args=["testraad"]), data())
    assert r.status_code == 302
    assert Hearing.objects.count() == 1


# Demo data -------------------------------------------------------------------------------------


def test_demo_shows_quorum_urgent_item_and_written_round(db, client):
    from conftest import login
    from udsatteraad.accounts.models import User
    from udsatteraad.meetings.demo_rules import TITLE

    call_command("load_demo", stdout=io.StringIO())
    call_command("load_demo", stdout=io.StringIO())  # idempotent
    meeting = Meeting.objects.get(title=TITLE)
    assert meeting.items.filter(urgent=True).count() == 1
    secretary = login(client, User.objects.get(email="sekretariat@randers.example"))
    page = secretary.get(minutes_url(meeting)).content.decode()
    assert "Rådet er beslutningsdygtigt (8 af 9 til stede; kræver mindst halvdelen)" in page
    assert "Frist for indsigelser" in page
    from udsatteraad.workspace.tasks import for_person

    mads = User.objects.get(email="mads.paahitsen@randers.example")
    assert any(t.kind == "minutes_written_round" for t in for_person(mads))
