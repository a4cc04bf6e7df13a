"""Reminders about hearings: N days before the deadline (the council's
`RulesOfProcedure.hearing_reminder_days`, default 5) each current member who has not yet
commented gets one e-mail. A Reminder row per hearing and person makes it idempotent:
`manage.py hearing_reminders` may run every few minutes and never sends one twice."""

from __future__ import annotations

import datetime as dt

from django.db import IntegrityError, transaction
from django.utils import timezone

from udsatteraad.lib import mail

from . import emails
from .models import Hearing, Reminder


def due_hearings(today: dt.date) -> list[Hearing]:
    """Open hearings whose reminder day (deadline minus the council's days) has come and
    whose deadline has not passed."""
    found = []
    for hearing in (Hearing.objects.filter(status__in=Hearing.COMMENTABLE,
                                           deadline__gte=today)
                    .select_related("council__rules_of_procedure")):
        days = hearing.council.rules().hearing_reminder_days
        assert hearing.deadline is not None
        if days and hearing.deadline - dt.timedelta(days=days) <= today:
            found.append(hearing)
    return found


def send_reminders(today: dt.date | None = None) -> int:
    """Send the reminders that are due; returns how many were sent."""
    today = today or timezone.localdate()
    sent = 0
    for hearing in due_hearings(today):
        commented = set(hearing.comments.values_list("person_id", flat=True))
        reminded = set(hearing.reminders.values_list("person_id", flat=True))
        people = [p for p in emails.active_members(hearing)
                  if p.pk not in commented and p.pk not in reminded]
        for person in people:
            try:
                with transaction.atomic():
                    # The row first: a concurrent run that got there first makes this fail.
                    Reminder.objects.create(hearing=hearing, person=person, day=today)
                    if not mail.send(emails.reminder_messages(hearing, [person]),
                                     what=f"reminder of hearing {hearing.pk}"):
                        raise _NotSent
            except (IntegrityError, _NotSent):
                continue
            sent += 1
    return sent


class _NotSent(Exception):
    """The mail server failed: roll the Reminder row back so the next run tries again."""
