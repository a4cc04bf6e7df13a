"""Approval of a hearing response follows the council's rule of procedure (issue 11): the
chair (default), the chairmanship, the council at a meeting (the hearing is put on an agenda
and the item links back), or a written round among members. Approval by someone without the
right is refused."""

from __future__ import annotations

from django.urls import reverse

from udsatteraad.councils.models import RulesOfProcedure
from udsatteraad.hearings import actions
from udsatteraad.hearings.models import Hearing
from udsatteraad.hearings.testing import hearing_in
from udsatteraad.meetings.models import AgendaItem, Meeting

Rule = RulesOfProcedure.HearingResponseApproval


def _set_rule(council, rule: str) -> None:
    RulesOfProcedure.objects.update_or_create(council=council,
                                              defaults={"hearing_response_approval": rule})


def _awaiting(world) -> Hearing:
    return hearing_in("awaiting_approval", council=world.council, secretary=world.secretary,
                      chair=world.chair)


def test_default_rule_is_the_chair():
    assert RulesOfProcedure().hearing_response_approval == Rule.CHAIR


def test_approval_without_the_right_is_refused(world, member_client, secretary_client):
    hearing = _awaiting(world)
    r = member_client.post(reverse("hearings:member-approve", args=[hearing.pk]))
    assert r.status_code == 403
    r = secretary_client.post(reverse("hearings:approve", args=["testraad", hearing.pk]))
    assert r.status_code == 403
    hearing.refresh_from_db()
    assert hearing.status == Hearing.Status.AWAITING_APPROVAL and hearing.approved_at is None
    page = member_client.get(reverse("hearings:member-hearing", args=[hearing.pk]))
    assert reverse("hearings:member-approve", args=[hearing.pk]) not in page.content.decode()


def test_chair_approves(world, chair_client):
    hearing = _awaiting(world)
    page = chair_client.get(reverse("hearings:member-hearing", args=[hearing.pk]))
    assert reverse("hearings:member-approve", args=[hearing.pk]) in page.content.decode()
    assert chair_client.post(reverse("hearings:member-approve",
                                     args=[hearing.pk])).status_code == 302
    hearing.refresh_from_db()
    assert hearing.status == Hearing.Status.APPROVED
    assert hearing.approved_draft == hearing.latest_draft()
    assert hearing.approval_rule == Rule.CHAIR


def test_chairmanship_lets_the_vice_chair_approve(world, member_client):
    _set_rule(world.council, Rule.CHAIRMANSHIP)
    world.member_membership.role = "vice_chair"
    world.member_membership.save()
    hearing = _awaiting(world)
    assert member_client.post(reverse("hearings:member-approve",
                                      args=[hearing.pk])).status_code == 302
    hearing.refresh_from_db()
    assert hearing.status == Hearing.Status.APPROVED


def test_written_round_needs_a_majority(world, member_client, chair_client):
    _set_rule(world.council, Rule.WRITTEN_ROUND)
    hearing = _awaiting(world)
    assert member_client.post(reverse("hearings:member-approve",
                                      args=[hearing.pk])).status_code == 302
    hearing.refresh_from_db()
    assert hearing.status == Hearing.Status.AWAITING_APPROVAL  # 1 of 2: no majority
    assert chair_client.post(reverse("hearings:member-approve",
                                     args=[hearing.pk])).status_code == 302
    hearing.refresh_from_db()
    assert hearing.status == Hearing.Status.APPROVED
    assert "2 af 2" in hearing.approval_note


def test_council_at_a_meeting(world, secretary_client, chair_client):
    import datetime as dt

    from django.utils import timezone

    _set_rule(world.council, Rule.MEETING)
    meeting = Meeting.objects.create(council=world.council, title="Rådsmøde",
                                     start=timezone.now() + dt.timedelta(days=10))
    hearing = hearing_in("drafting", council=world.council, secretary=world.secretary,
                         chair=world.chair)
    # Without a meeting the step is refused with a message.
    r = secretary_client.post(reverse("hearings:submit", args=["testraad", hearing.pk]), {})
    assert r.status_code == 409 and "vælg mødet" in r.content.decode()
    r = secretary_client.post(reverse("hearings:submit", args=["testraad", hearing.pk]),
                              {"meeting": meeting.pk})
    assert r.status_code == 302
    hearing.refresh_from_db()
    item = hearing.agenda_item
    assert item.meeting == meeting and item.origin == AgendaItem.Origin.HEARING
    assert "skæve boliger" in item.case_presentation
    # The chair alone cannot approve: the council decides at the meeting.
    assert chair_client.post(reverse("hearings:member-approve",
                                     args=[hearing.pk])).status_code == 403
    # Not before the meeting is held.
    r = secretary_client.post(reverse("hearings:approve", args=["testraad", hearing.pk]))
    assert r.status_code == 409 and "når mødet er holdt" in r.content.decode()
    Meeting.objects.filter(pk=meeting.pk).update(start=timezone.now() - dt.timedelta(hours=2))
    assert secretary_client.post(reverse("hearings:approve",
                                         args=["testraad", hearing.pk])).status_code == 302
    hearing.refresh_from_db()
    assert hearing.status == Hearing.Status.APPROVED and "Rådsmøde" in hearing.approval_note
    page = secretary_client.get(reverse("hearings:workspace", args=["testraad", hearing.pk]))
    assert reverse("meetings:agenda-item", args=["testraad", meeting.pk, item.pk]) in \
        page.content.decode()


def test_new_draft_after_submission_goes_back_to_drafting(world):
    hearing = _awaiting(world)
    actions.save_draft(hearing=hearing, acting_user=world.secretary, text="Version 2")
    hearing.refresh_from_db()
    assert hearing.status == Hearing.Status.DRAFTING and hearing.latest_draft().number == 2


def test_approved_text_cannot_be_changed(world, secretary_client):
    hearing = hearing_in("approved", council=world.council, secretary=world.secretary,
                         chair=world.chair)
    r = secretary_client.post(reverse("hearings:draft", args=["testraad", hearing.pk]),
                              {"text": "Ændret"})
    assert r.status_code == 409
    assert hearing.drafts.count() == 1


def test_secretariat_sets_the_rule_in_the_rules_of_procedure(world, secretary_client):
    url = reverse("meetings:rules-of-procedure", args=["testraad"])
    assert 'name="hearing_response_approval"' in secretary_client.get(url).content.decode()
    r = secretary_client.post(url, {
        "proposal_deadline_days": "14", "agenda_notice_days": "7", "working_hours_end": "16:00",
        "minutes_approval": "chair", "hearing_response_approval": "written_round",
        "hearing_reminder_days": "3", "opening_items": "", "closing_items": "", "text": ""})
    assert r.status_code == 302
    rules = RulesOfProcedure.objects.get(council=world.council)
    assert rules.hearing_response_approval == Rule.WRITTEN_ROUND
    assert rules.hearing_reminder_days == 3
