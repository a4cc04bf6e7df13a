"""Duties due and not yet planned: kept as OpenDuty rows for the task lists, and mailed to
the secretariat once each. Run by `manage.py plan_duties` (the worker's schedule) and after
every change to a council's plan, so the task list follows at once."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone

from udsatteraad.councils.models import Council
from udsatteraad.lib import mail
from udsatteraad.lib.site import root

from .duties import Duty, duties_for
from .models import OpenDuty

# A duty shows up this long before it is due: half a year to find a date for a dialogue
# meeting with a political committee, whose own calendar is planned far ahead.
NOTICE = dt.timedelta(days=183)


def refresh(council: Council, today: dt.date | None = None) -> list[OpenDuty]:
    today = today or timezone.localdate()
    wanted: dict[tuple[int, str], Duty] = {}
    for year in (today.year, today.year + 1):
        for duty in duties_for(council, year):
            if not duty.done and duty.due - NOTICE <= today:
                wanted[(year, duty.code)] = duty
    with transaction.atomic():
        rows = {(r.year, r.duty): r for r in
                OpenDuty.objects.select_for_update().filter(council=council)}
        for key, row in rows.items():
            if key not in wanted:
                row.delete()
        for (year, code), duty in wanted.items():
            found = rows.get((year, code))
            if found is None:
                OpenDuty.objects.create(council=council, year=year, duty=code,
                                        label=duty.label, missing=duty.missing, due=duty.due)
            elif (found.missing, found.label, found.due) != (duty.missing, duty.label, duty.due):
                found.missing, found.label, found.due = duty.missing, duty.label, duty.due
                found.save(update_fields=["missing", "label", "due"])
    return list(OpenDuty.objects.filter(council=council).order_by("due"))


def _messages(council: Council, duties: list[OpenDuty]):
    from django.core.mail import EmailMultiAlternatives
    from django.urls import reverse

    recipients = [s.user.email for s in council.secretaries.select_related("user")
                  if s.user.email and s.user.is_active]
    if not recipients:
        return []
    context = {"council": council, "duties": duties,
               "url": root() + reverse("yearplan:plan", args=[council.slug])}
    subject = render_to_string("yearplan/emails/duties_subject.txt", context).strip()
    message = EmailMultiAlternatives(
        subject, render_to_string("yearplan/emails/duties.txt", context), to=recipients)
    message.attach_alternative(render_to_string("yearplan/emails/duties.html", context),
                               "text/html")
    return [message]


def remind_all(today: dt.date | None = None) -> int:
    """Refresh every council's open duties and mail each new one once. Returns mails queued."""
    sent = 0
    for council in Council.objects.all():
        rows = [r for r in refresh(council, today) if r.mailed is None]
        if not rows:
            continue
        with transaction.atomic():
            fresh = list(OpenDuty.objects.select_for_update()
                         .filter(pk__in=[r.pk for r in rows], mailed__isnull=True))
            if not fresh:
                continue
            sent += mail.queue(_messages(council, fresh), what="plan_duties")
            OpenDuty.objects.filter(pk__in=[r.pk for r in fresh]).update(mailed=timezone.now())
    return sent
