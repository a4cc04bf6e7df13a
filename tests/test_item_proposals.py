"""Members propose items before the deadline; the secretariat accepts or declines them."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.utils import timezone
from django.utils.formats import date_format

from udsatteraad.meetings import agenda
from udsatteraad.meetings.models import AgendaItem, ItemProposal, Meeting


def make_meeting(council, days_ahead: int) -> Meeting:
    start = (timezone.now() + dt.timedelta(days=days_ahead)).replace(microsecond=0)
    meeting = Meeting.objects.create(council=council, title="Rådsmøde", start=start)
    agenda.add_standard_items(meeting=meeting)
    return meeting


@pytest.fixture
def open_meeting(world):
    return make_meeting(world.council, 40)


def path(meeting) -> str:
    return f"/mine/moeder/{meeting.pk}/forslag/"


def propose(client, meeting, title="Boligsituationen for hjemløse"):
    return client.post(path(meeting), {"title": title, "description": "Rådet bør drøfte det."})


def test_member_proposes_before_the_deadline(open_meeting, member_client, world):
    r = propose(member_client, open_meeting)
    assert r.status_code == 302
    p = ItemProposal.objects.get()
    assert p.proposed_by == world.member.person and p.status == ItemProposal.Status.PROPOSED
    page = member_client.get(path(open_meeting)).content.decode()
    assert "Boligsituationen for hjemløse" in page and "Foreslået" in page


def test_proposal_after_the_deadline_is_refused(world, member_client):
    meeting = make_meeting(world.council, 5)  # deadline (14 days before) has passed
    r = propose(member_client, meeting, title="For sent forslag")
    body = r.content.decode()
    deadline = date_format(timezone.localtime(agenda.proposal_deadline(meeting)), "j. F Y")
    assert r.status_code == 400
    assert "Fristen for forslag til dette møde var" in body and deadline in body
    assert "For sent forslag" in body and "Rådet bør drøfte det." in body
    assert not ItemProposal.objects.exists()


def test_only_current_members_propose(open_meeting, other_secretary_client, secretary_client,
                                      chair_client, anon):
    assert other_secretary_client.get(path(open_meeting)).status_code == 403
    assert secretary_client.get(path(open_meeting)).status_code == 403  # not a member
    assert chair_client.get(path(open_meeting)).status_code == 200
    assert anon.get(path(open_meeting)).status_code == 302


def test_accept_creates_item_before_closing_items_and_mails(open_meeting, member_client,
                                                            secretary_client, world):
    propose(member_client, open_meeting)
    p = ItemProposal.objects.get()
    sec = f"/sekretariat/testraad/moeder/{open_meeting.pk}/forslag/"
    assert "Boligsituationen for hjemløse" in secretary_client.get(sec).content.decode()
    r = secretary_client.post(f"{sec}optag/", {"proposal": p.pk})
    assert r.status_code == 302
    p.refresh_from_db()
    assert p.status == ItemProposal.Status.ACCEPTED and p.item is not None
    item = p.item
    assert item.origin == AgendaItem.Origin.MEMBER_PROPOSAL
    assert item.proposed_by == world.member.person
    titles = list(open_meeting.items.order_by("position").values_list("number", "title"))
    assert titles[1] == (2, "Boligsituationen for hjemløse")
    assert titles[-1] == (4, "Eventuelt")
    assert len(mail.outbox) == 1
    msg = mail.outbox[0]
    assert msg.to == ["medlem@testregion.example"]
    assert "optaget på dagsordenen" in msg.subject
    assert "punkt 2" in msg.body and msg.alternatives
    # Accepting twice does nothing more.
    secretary_client.post(f"{sec}optag/", {"proposal": p.pk})
    assert open_meeting.items.count() == 4 and len(mail.outbox) == 1


def test_decline_needs_a_reason_and_mails(open_meeting, member_client, secretary_client):
    propose(member_client, open_meeting)
    p = ItemProposal.objects.get()
    sec = f"/sekretariat/testraad/moeder/{open_meeting.pk}/forslag/"
    r = secretary_client.post(f"{sec}afvis/", {"proposal": p.pk, f"p{p.pk}-reason": ""})
    assert r.status_code == 400 and "Dette felt er påkrævet" in r.content.decode()
    assert not mail.outbox
    r = secretary_client.post(f"{sec}afvis/", {"proposal": p.pk,
                                    f"p{p.pk}-reason": "Emnet er på næste møde."})
    assert r.status_code == 302
    p.refresh_from_db()
    assert p.status == ItemProposal.Status.DECLINED and p.decision_note
    assert len(mail.outbox) == 1
    assert "ikke optaget" in mail.outbox[0].subject
    assert "Emnet er på næste møde." in mail.outbox[0].body
    assert open_meeting.items.count() == 3
    page = member_client.get(path(open_meeting)).content.decode()
    assert "Afvist" in page and "Emnet er på næste møde." in page


def test_other_council_cannot_see_proposals(open_meeting, other_secretary_client):
    assert other_secretary_client.get(
        f"/sekretariat/andetraad/moeder/{open_meeting.pk}/forslag/").status_code == 404


@pytest.mark.parametrize("raw", ["abc", "1.5", "²", "", "99999999", "9" * 30])
def test_bad_proposal_id_is_404_not_500(open_meeting, secretary_client, raw):
    # The id comes from a POST field: anything that is not an existing proposal of this
    # meeting is "not found", never a server error.
    sec = f"/sekretariat/testraad/moeder/{open_meeting.pk}/forslag/"
    r = secretary_client.post(f"{sec}optag/", {"proposal": raw})
    assert r.status_code == 404
