"""The approval loop (issue 16): the secretariat sends written minutes for approval, the
approver under the council's rules is e-mailed a link, sends them back with a comment or
approves them; the secretariat is e-mailed on send-back, approval and new proposals; each
person chooses mail at once or a daily digest (`manage.py send_digests`)."""

from __future__ import annotations

import datetime as dt
import smtplib

import pytest
from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend
from django.core.management import call_command
from django.utils import timezone


@pytest.fixture
def held(world):
    from udsatteraad.meetings.models import AgendaItem, Meeting

    meeting = Meeting.objects.create(council=world.council, status="held", title="Ordinært møde",
                                     start=timezone.now() - dt.timedelta(days=2))
    AgendaItem.objects.create(meeting=meeting, number=1, position=1, title="Boliger",
                              decision="Rådet anbefaler flere boliger.")
    return meeting


def minutes_url(meeting, rest=""):
    return f"/sekretariat/testraad/moeder/{meeting.pk}/referat/{rest}"


def test_request_approval_mails_the_chair_a_link(secretary_client, held, world,
                                                 django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        r = secretary_client.post(minutes_url(held, "til-godkendelse/"))
    assert r.status_code == 302
    assert [m.to for m in mail.outbox] == [[world.chair.email]]  # the rule: the chair
    message = mail.outbox[0]
    assert "venter på din godkendelse" in message.subject
    assert f"/mine/moeder/{held.pk}/" in message.body
    assert f"/mine/moeder/{held.pk}/" in message.alternatives[0].content
    page = secretary_client.get(minutes_url(held)).content.decode()
    assert "venter på svar" in page
    # Twice is refused (a double click sends one mail).
    r = secretary_client.post(minutes_url(held, "til-godkendelse/"))
    assert r.status_code == 400 and "allerede sendt til godkendelse" in r.content.decode()
    assert len(mail.outbox) == 1


def test_request_approval_without_decisions_is_refused(secretary_client, held):
    held.items.update(decision="")
    r = secretary_client.post(minutes_url(held, "til-godkendelse/"))
    assert r.status_code == 400 and "ingen beslutninger" in r.content.decode()


def test_approvers_follow_the_rules_of_procedure(world, held):
    from udsatteraad.councils.models import RulesOfProcedure
    from udsatteraad.meetings import approval

    assert approval.approvers(world.council) == [world.chair]
    RulesOfProcedure.objects.create(council=world.council, minutes_approval="secretariat")
    world.council.refresh_from_db()
    assert approval.approvers(world.council) == [world.secretary]


def test_send_back_with_comment_then_approve(secretary_client, chair_client, held, world,
                                             django_capture_on_commit_callbacks):
    from udsatteraad.meetings.models import MinutesReview

    with django_capture_on_commit_callbacks(execute=True):
        secretary_client.post(minutes_url(held, "til-godkendelse/"))
    page = chair_client.get(f"/mine/moeder/{held.pk}/").content.decode()
    assert "Send referatet tilbage" in page and "sendt referatet til din godkendelse" in page

    # An empty comment is refused with a message.
    r = chair_client.post(f"/mine/moeder/{held.pk}/send-tilbage/", {"comment": "  "})
    assert r.status_code == 400 and "Skriv, hvad der skal rettes" in r.content.decode()

    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        r = chair_client.post(f"/mine/moeder/{held.pk}/send-tilbage/",
                              {"comment": "Punkt 1: skriv, hvor mange boliger."})
    assert r.status_code == 302
    review = MinutesReview.objects.get(meeting=held, kind="sent_back")
    assert review.comment == "Punkt 1: skriv, hvor mange boliger." and review.user == world.chair
    assert [m.to for m in mail.outbox] == [[world.secretary.email]]
    assert "sendt tilbage" in mail.outbox[0].subject
    assert "Punkt 1: skriv, hvor mange boliger." in mail.outbox[0].body
    # Shown to the secretariat, with a button to send it again.
    page = secretary_client.get(minutes_url(held)).content.decode()
    assert "Punkt 1: skriv, hvor mange boliger." in page
    assert "Send til godkendelse igen" in page

    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        secretary_client.post(minutes_url(held, "til-godkendelse/"))
        r = chair_client.post(f"/mine/moeder/{held.pk}/godkend/")
    assert r.status_code == 302
    held.refresh_from_db()
    assert held.status == "minutes_approved"
    assert [m.to for m in mail.outbox] == [[world.chair.email], [world.secretary.email]]
    assert "er godkendt" in mail.outbox[1].subject


def test_only_the_approver_sends_back(member_client, secretary_client, held):
    from udsatteraad.meetings.models import MinutesReview

    for client in (member_client, secretary_client):
        r = client.post(f"/mine/moeder/{held.pk}/send-tilbage/", {"comment": "Nej."})
        assert r.status_code == 403
    assert not MinutesReview.objects.filter(kind="sent_back").exists()


def test_new_proposal_mails_the_secretariat(member_client, world,
                                            django_capture_on_commit_callbacks):
    from udsatteraad.meetings.models import Meeting

    meeting = Meeting.objects.create(council=world.council, title="Kommende møde",
                                     start=timezone.now() + dt.timedelta(days=40))
    with django_capture_on_commit_callbacks(execute=True):
        r = member_client.post(f"/mine/moeder/{meeting.pk}/forslag/", {
            "title": "Varmestuer", "description": "Åbningstider om vinteren."})
    assert r.status_code == 302, r.content.decode()[:500]
    assert [m.to for m in mail.outbox] == [[world.secretary.email]]
    assert "Varmestuer" in mail.outbox[0].subject
    assert f"/sekretariat/testraad/moeder/{meeting.pk}/forslag/" in mail.outbox[0].body


def test_digest_preference_collects_notices_in_one_daily_mail(
        secretary_client, chair_client, held, world, django_capture_on_commit_callbacks):
    from udsatteraad.notifications.models import Notice

    r = chair_client.post("/mine/beskeder/", {"mode": "digest"})
    assert r.status_code == 302
    with django_capture_on_commit_callbacks(execute=True):
        secretary_client.post(minutes_url(held, "til-godkendelse/"))
    assert mail.outbox == []  # waits for the digest
    assert Notice.objects.get(user=world.chair).sent_at is None

    call_command("send_digests")
    assert [m.to for m in mail.outbox] == [[world.chair.email]]
    assert "1 ny besked" in mail.outbox[0].subject
    assert "venter på din godkendelse" in mail.outbox[0].body
    assert Notice.objects.get(user=world.chair).sent_at is not None

    # Idempotent: nothing more waits, and a second run the same day sends nothing.
    call_command("send_digests")
    assert len(mail.outbox) == 1
    # A new notice the same day waits for tomorrow's digest (or --force).
    Notice.objects.create(user=world.chair, kind="test", subject="Endnu en besked", text="x")
    call_command("send_digests")
    assert len(mail.outbox) == 1
    call_command("send_digests", "--force")
    assert len(mail.outbox) == 2
    assert mail.outbox[-1].to == [world.chair.email]
    assert "Endnu en besked" in mail.outbox[-1].body


def test_failed_digest_is_tried_again(world, settings):
    from udsatteraad.notifications.models import Notice, Preference
    from udsatteraad.notifications.notify import send_digest

    Preference.objects.create(user=world.chair, mode="digest")
    Notice.objects.create(user=world.chair, kind="test", subject="Besked", text="x")
    settings.MAILERS = {"default": {"BACKEND": f"{__name__}.SMTPDownBackend"}}
    assert send_digest(world.chair) == 0
    assert Notice.objects.get(user=world.chair).sent_at is None
    settings.MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
    assert send_digest(world.chair) == 1
    assert Notice.objects.get(user=world.chair).sent_at is not None


class SMTPDownBackend(BaseEmailBackend):
    def send_messages(self, email_messages):
        raise smtplib.SMTPException("451 try again later")


def test_preferences_page(member_client):
    r = member_client.get("/mine/beskeder/")
    html = r.content.decode()
    assert r.status_code == 200 and 'value="digest"' in html and 'value="immediate"' in html
    r = member_client.post("/mine/beskeder/", {"mode": "hver time"})
    assert r.status_code == 400
