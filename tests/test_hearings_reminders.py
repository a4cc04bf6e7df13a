"""manage.py hearing_reminders (issue 11): N days before the deadline (the council's rule,
default 5) only current members who have not commented get a reminder, and never twice."""

from __future__ import annotations

import datetime as dt

from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from udsatteraad.councils.models import RulesOfProcedure
from udsatteraad.hearings import actions
from udsatteraad.hearings.models import Reminder
from udsatteraad.hearings.reminders import send_reminders
from udsatteraad.hearings.testing import hearing_in


def _hearing(world, days: int):
    return hearing_in("commenting", council=world.council, secretary=world.secretary,
                      chair=world.chair,
                      deadline=timezone.localdate() + dt.timedelta(days=days))


def test_reminder_goes_only_to_members_who_have_not_commented(world):
    hearing = _hearing(world, 5)
    actions.add_comment(hearing=hearing, acting_user=world.member, text="Min kommentar.")
    mail.outbox = []
    call_command("hearing_reminders", stdout=__import__("io").StringIO())
    assert [m.to for m in mail.outbox] == [["formand@testregion.example"]]
    assert "Påmindelse" in mail.outbox[0].subject
    assert hearing.deadline.strftime("%Y") in mail.outbox[0].body


def test_reminders_are_idempotent(world):
    _hearing(world, 2)
    mail.outbox = []
    assert send_reminders() == 2
    assert send_reminders() == 0
    assert len(mail.outbox) == 2 and Reminder.objects.count() == 2


def test_not_before_the_councils_number_of_days(world):
    _hearing(world, 6)
    mail.outbox = []
    assert send_reminders() == 0
    RulesOfProcedure.objects.create(council=world.council, hearing_reminder_days=7)
    assert send_reminders() == 2


def test_no_reminders_after_approval_or_the_deadline(world):
    hearing_in("approved", council=world.council, secretary=world.secretary, chair=world.chair,
               deadline=timezone.localdate() + dt.timedelta(days=1))
    late = _hearing(world, 3)
    type(late).objects.filter(pk=late.pk).update(
        deadline=timezone.localdate() - dt.timedelta(days=1))
    mail.outbox = []
    assert send_reminders() == 0 and mail.outbox == []


def test_a_failed_send_is_tried_again(world, monkeypatch):
    from udsatteraad.lib import mail as lib_mail

    _hearing(world, 1)
    monkeypatch.setattr(lib_mail, "send", lambda messages, what: 0)
    assert send_reminders() == 0 and Reminder.objects.count() == 0
    monkeypatch.undo()
    assert send_reminders() == 2
