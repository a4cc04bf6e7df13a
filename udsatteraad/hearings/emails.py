"""The hearing's e-mails: the members' notification and reminder, and the response to the
recipient with its PDF. Sent through `udsatteraad.lib.mail`."""

from __future__ import annotations

from collections.abc import Iterable

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from udsatteraad.councils.models import Membership, Person
from udsatteraad.lib import site

from .models import Hearing


def active_members(hearing: Hearing) -> list[Person]:
    """The council's current members with an e-mail address, once each."""
    people: dict[int, Person] = {}
    for m in (Membership.objects.filter(council=hearing.council)
              .active_on(timezone.localdate()).select_related("person")):
        if m.person.email:
            people.setdefault(m.person.pk, m.person)
    return list(people.values())


def _context(hearing: Hearing, person: Person | None = None) -> dict:
    root = site.root()
    return {
        "hearing": hearing, "council": hearing.council, "person": person,
        "member_url": root + reverse("hearings:member-hearing", args=[hearing.pk]),
        "days_left": hearing.days_left(),
    }


def _message(template: str, ctx: dict, to: str) -> EmailMultiAlternatives:
    with translation.override("da"):
        subject = " ".join(render_to_string(f"hearings/emails/{template}_subject.txt",
                                            ctx).split())
        msg = EmailMultiAlternatives(
            subject=subject, body=render_to_string(f"hearings/emails/{template}.txt", ctx),
            from_email=settings.DEFAULT_FROM_EMAIL, to=[to],
        )
        msg.attach_alternative(render_to_string(f"hearings/emails/{template}.html", ctx),
                               "text/html")
    return msg


def notification_messages(hearing: Hearing) -> list[EmailMultiAlternatives]:
    return [_message("notification", _context(hearing, p), p.email)
            for p in active_members(hearing)]


def reminder_messages(hearing: Hearing, people: Iterable[Person]) -> list[EmailMultiAlternatives]:
    return [_message("reminder", _context(hearing, p), p.email) for p in people]


def response_message(hearing: Hearing, pdf: bytes) -> EmailMultiAlternatives:
    ctx = _context(hearing)
    ctx["public_url"] = site.root() + reverse(
        "hearings:public-detail", args=[hearing.council.slug, hearing.pk])
    msg = _message("response", ctx, hearing.recipient_email)
    if hearing.council.contact_email:
        msg.reply_to = [hearing.council.contact_email]
    msg.attach(pdf_filename(hearing), pdf, "application/pdf")
    return msg


def pdf_filename(hearing: Hearing) -> str:
    return "udtalelse.pdf" if hearing.is_statement else "hoeringssvar.pdf"
