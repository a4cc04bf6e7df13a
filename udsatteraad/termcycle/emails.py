"""The nominations' e-mails: the request (and reminder) to the organisation with its personal
link, and the notice to the secretariat when a nominee is named. Queued through
`udsatteraad.lib.mail` after the transaction commits."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from udsatteraad.lib import mail, site

from .models import Nomination


def _message(template: str, ctx: dict, to: list[str]) -> EmailMultiAlternatives:
    with translation.override("da"):
        subject = " ".join(render_to_string(f"termcycle/emails/{template}_subject.txt",
                                            ctx).split())
        msg = EmailMultiAlternatives(
            subject=subject, body=render_to_string(f"termcycle/emails/{template}.txt", ctx),
            from_email=settings.DEFAULT_FROM_EMAIL, to=to)
        msg.attach_alternative(render_to_string(f"termcycle/emails/{template}.html", ctx),
                               "text/html")
    return msg


def nomination_request(nomination: Nomination, token: str, *, reminder: bool) -> None:
    ctx = {"n": nomination, "council": nomination.council, "reminder": reminder,
           "url": site.root() + reverse("termcycle:nominate", args=[token]),
           "expires": timezone.localtime(nomination.expires)}
    message = _message("request", ctx, [nomination.email])
    if nomination.council.contact_email:
        message.reply_to = [nomination.council.contact_email]
    mail.send_after_commit(lambda: [message], what="nomination_request")


def nomination_answered(nomination: Nomination) -> None:
    council = nomination.council
    to = [s.user.email for s in council.secretaries.select_related("user")
          if s.user.is_active and s.user.email]
    if not to:
        return
    ctx = {"n": nomination, "council": council,
           "url": site.root() + reverse("termcycle:overview", args=[council.slug])}
    message = _message("answered", ctx, to)
    mail.send_after_commit(lambda: [message], what="nomination_answered")
