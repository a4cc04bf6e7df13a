"""Telling people by e-mail, as each prefers (`Preference`): at once, or in the daily digest
that `manage.py send_digests` sends.

    notify(users, kind="minutes_sent_back", template="meetings/emails/minutes_sent_back",
           context={...}, url="https://...")

The template base names three files: `<base>_subject.txt`, `<base>.txt` and `<base>.html`;
they get `user` and `url` besides the context. Notices are stored inside the caller's
transaction and mailed after it commits, so nobody is told of a change that was rolled back.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation

from udsatteraad.lib import mail

from .models import Notice, Preference

# A digest goes out at most this often, so the command can run every few minutes.
DIGEST_INTERVAL = dt.timedelta(hours=23)


def _render(template: str, ctx: dict) -> tuple[str, str, str]:
    # The users are Danish councils' people: their mail is Danish, whoever's request sent it.
    with translation.override("da"):
        subject = " ".join(render_to_string(f"{template}_subject.txt", ctx).split())
        return subject, render_to_string(f"{template}.txt", ctx), render_to_string(
            f"{template}.html", ctx)


def notify(users: Iterable[Any], *, kind: str, template: str, context: dict,
           url: str = "") -> list[Notice]:
    """Store a notice for each user (with an e-mail address, once each) and mail those who want
    it at once; the others get it in their next digest."""
    seen: set[int] = set()
    notices: list[Notice] = []
    messages: list[EmailMultiAlternatives] = []
    now = timezone.now()
    with transaction.atomic():
        for user in users:
            if user is None or user.pk in seen or not user.email or not user.is_active:
                continue
            seen.add(user.pk)
            subject, text, html = _render(template, {**context, "user": user, "url": url})
            immediate = Preference.mode_for(user) == Preference.Mode.IMMEDIATE
            notices.append(Notice.objects.create(
                user=user, kind=kind, subject=subject, text=text, url=url,
                sent_at=now if immediate else None))
            if immediate:
                message = EmailMultiAlternatives(subject, text, to=[user.email])
                message.attach_alternative(html, "text/html")
                messages.append(message)
        if messages:
            mail.send_after_commit(lambda: messages, what=f"notice {kind}")
    return notices


def pending_digest_users(*, now: dt.datetime | None = None, force: bool = False):
    """Users with notices waiting whose digest is due: never sent one, or not within
    DIGEST_INTERVAL (force: every user with notices waiting)."""
    from django.contrib.auth import get_user_model

    now = now or timezone.now()
    users = get_user_model().objects.filter(notices__sent_at__isnull=True).distinct()
    if not force:
        recent = Preference.objects.filter(last_digest_at__gt=now - DIGEST_INTERVAL,
                                           mode=Preference.Mode.DIGEST).values("user_id")
        users = users.exclude(pk__in=recent)
    return users.order_by("pk")


def send_digest(user: Any, *, now: dt.datetime | None = None) -> int:
    """One e-mail with every notice waiting for the user; the notices are marked sent only
    when the mail went out (a failure is tried again on the next run). Returns how many
    notices it carried."""
    now = now or timezone.now()
    with transaction.atomic():
        waiting = list(Notice.objects.select_for_update().filter(user=user, sent_at=None)
                       .order_by("created", "id"))
        if not waiting or not user.email:
            return 0
        subject, text, html = _render("notifications/emails/digest",
                                      {"user": user, "notices": waiting, "url": ""})
        message = EmailMultiAlternatives(subject, text, to=[user.email])
        message.attach_alternative(html, "text/html")
        if not mail.send([message], what=f"digest for user {user.pk}"):
            return 0
        Notice.objects.filter(pk__in=[n.pk for n in waiting]).update(sent_at=now)
        Preference.objects.update_or_create(user=user, defaults={"last_digest_at": now})
        return len(waiting)
