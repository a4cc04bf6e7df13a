"""Publishing a meeting's agenda: the status change, and the invitations to the members.

The status change is one transaction, with the meeting row locked so two secretaries
pressing "publish" at once cannot send the invitations twice. The e-mails go out after the
commit: an invitation must never announce an agenda whose publication was rolled back.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from udsatteraad.councils.models import Membership, Person
from udsatteraad.lib import mail, site
from udsatteraad.policy import lifecycle
from udsatteraad.policy.lifecycle import Step
from udsatteraad.policy.public import follow_publication

from . import guarding, rules
from .feeds import meeting_ical
from .models import Meeting


class PublishRefused(Exception):
    """The agenda cannot be published; the message is Danish and meant for the user."""


@dataclass
class PublishResult:
    meeting: Meeting
    sent: int
    failed: bool = False


def invitation_recipients(meeting: Meeting) -> list[Person]:
    """The council's members on the meeting day who have an e-mail address, each once."""
    day = timezone.localtime(meeting.start).date()
    people: dict[str, Person] = {}
    memberships = (Membership.objects.filter(council_id=meeting.council_id).active_on(day)
                   .select_related("person").order_by("person__name", "pk"))
    for m in memberships:
        email = (m.person.email or "").strip()
        if email and email.lower() not in people:
            people[email.lower()] = m.person
    return list(people.values())


def refusal(meeting: Meeting) -> str | None:
    """Why the agenda cannot be published now, or None."""
    if lifecycle.stage(meeting) == lifecycle.Stage.CANCELLED:
        return _("Mødet er aflyst, så dagsordenen kan ikke offentliggøres.")
    if not lifecycle.allows(meeting, Step.PUBLISH_AGENDA):
        return _("Dagsordenen er allerede offentliggjort.")
    if not meeting.items.exists():
        return _("Dagsordenen har ingen punkter. Tilføj mindst ét punkt, før den "
                 "offentliggøres.")
    return None


late_notice_days = rules.late_notice_days  # the notice rule lives in rules.py


def invitation_context(meeting: Meeting, *, root: str | None = None) -> dict:
    council = meeting.council
    root = (root or site.root()).rstrip("/")
    return {
        "meeting": meeting,
        "council": council,
        "items": list(meeting.items.order_by("position", "number", "id")),
        "public_url": root + reverse("front:meeting", args=[council.slug, meeting.pk]),
        "member_url": root + reverse("meetings:member-meeting", args=[meeting.pk]),
        "pdf_url": root + reverse("meetings:agenda-pdf", args=[council.slug, meeting.pk]),
        "site_name": settings.SITE_NAME,
    }


# The members' calendar messages: which templates and which iTIP method each uses.
INVITATION, MOVED, CANCELLED = "invitation", "moved", "cancelled"
_METHODS = {INVITATION: "REQUEST", MOVED: "REQUEST", CANCELLED: "CANCEL"}


def invitation_messages(meeting: Meeting, people: list[Person], *, kind: str = INVITATION,
                        root: str | None = None) -> list[EmailMultiAlternatives]:
    """One e-mail per person with the meeting as an .ics (see feeds.meeting_ical): the
    invitation, the news that the meeting has moved, or that it is cancelled."""
    ctx = invitation_context(meeting, root=root)
    filename = f"moede-{timezone.localtime(meeting.start):%Y-%m-%d}.ics"
    template = f"meetings/emails/{kind}"
    messages = []
    for person in people:
        pctx = ctx | {"person": person}
        subject = " ".join(render_to_string(f"{template}_subject.txt", pctx).split())
        msg = EmailMultiAlternatives(
            subject,
            render_to_string(f"{template}.txt", pctx),
            to=[person.email],
            reply_to=[meeting.council.contact_email] if meeting.council.contact_email else None,
        )
        msg.attach_alternative(render_to_string(f"{template}.html", pctx), "text/html")
        ics = meeting_ical(meeting, method=_METHODS[kind], attendee=person.email, root=root)
        msg.attach(filename, ics, "text/calendar")
        messages.append(msg)
    return messages


def members_were_invited(meeting: Meeting) -> bool:
    """Whether the members have the meeting in their calendars: invitations go out when the
    agenda is published, so a meeting whose agenda was published was sent to them."""
    return meeting.agenda_published_at is not None


def queue_calendar_change(meeting: Meeting, *, kind: str, root: str | None = None) -> None:
    """After the commit, mail the members the moved or cancelled meeting (its SEQUENCE already
    raised by the caller), built from the row as committed."""
    pk = meeting.pk

    def build() -> list[EmailMultiAlternatives]:
        fresh = Meeting.objects.select_related("council", "venue").get(pk=pk)
        return invitation_messages(fresh, invitation_recipients(fresh), kind=kind, root=root)

    mail.send_after_commit(build, what=f"{kind} meeting {pk} to its members")


def publish_agenda(*, meeting: Meeting, user, root: str | None = None,
                   short_notice_reason: str = "") -> PublishResult:
    """Publish the agenda (planned -> agenda_published) and invite the members.
    Raises PublishRefused with a Danish message when the meeting cannot be published (also
    when it is late and the rules of procedure refuse short notice without a reason,
    `rules.check_notice`), and guard.PublicationBlocked when its text holds personal data."""
    with transaction.atomic():
        locked = (
            Meeting.objects.select_for_update(of=("self",))
            .select_related("council", "venue")
            .get(pk=meeting.pk)
        )
        if reason := refusal(locked):
            raise PublishRefused(reason)
        try:
            notice = rules.check_notice(locked, short_notice_reason)
        except rules.RuleRefused as e:
            raise PublishRefused(str(e)) from e
        # Personal data stops publication (guard.PublicationBlocked, shown by the view).
        guarding.check(guarding.agenda_texts(locked), council=locked.council)
        for name, value in notice.items():
            setattr(locked, name, value)
        locked.save(update_fields=[*lifecycle.advance(locked, Step.PUBLISH_AGENDA,
                                                      acting_user=user), *notice])
        follow_publication(locked)
    meeting.status, meeting.agenda_published_at = locked.status, locked.agenda_published_at
    messages = invitation_messages(locked, invitation_recipients(locked), root=root)
    # The agenda is public by now. When sending fails (logged by lib.mail), the secretariat is
    # told to send the invitation itself.
    sent = mail.send(messages, what=f"invitations to meeting {locked.pk}")
    return PublishResult(meeting=locked, sent=sent, failed=bool(messages) and not sent)
