"""What the public may see, as QuerySets: the OParl API and the feeds build on these only.

Candidates for `accounts/access.py` (the lead decides). The rules:
- a council is public when `is_public`; a body (authority) when it has a public council;
- a meeting is public once its agenda is published (not planned, not cancelled) and its
  council is public;
- an agenda item is public when it is open (`is_public`) and its meeting is public; closed
  items are left out entirely;
- an attachment is public when it is open and its item is public;
- a person is public by name only, and only while they have a membership in a public council;
  the API never reads Person.email or Person.phone.
"""

from __future__ import annotations

from django.db.models import Exists, OuterRef, Q, QuerySet

from udsatteraad.councils.models import (
    Authority,
    Committee,
    Council,
    Membership,
    Organisation,
    Person,
    Term,
    Venue,
)
from udsatteraad.meetings.models import AgendaItem, Attachment, Meeting, MinutesVersion

PUBLIC_MEETING_STATUSES = [
    s for s in Meeting.Status.values
    if s not in (Meeting.Status.PLANNED, Meeting.Status.CANCELLED)
]


def public_councils() -> QuerySet[Council]:
    return Council.objects.filter(is_public=True)


def public_bodies() -> QuerySet[Authority]:
    return Authority.objects.filter(
        Exists(Council.objects.filter(authority=OuterRef("pk"), is_public=True))
    )


def public_committees() -> QuerySet[Committee]:
    return Committee.objects.filter(authority__in=public_bodies())


def public_organisations() -> QuerySet[Organisation]:
    return Organisation.objects.filter(authority__in=public_bodies())


def public_venues() -> QuerySet[Venue]:
    return Venue.objects.filter(authority__in=public_bodies())


def public_terms() -> QuerySet[Term]:
    return Term.objects.filter(council__is_public=True)


def public_memberships() -> QuerySet[Membership]:
    return Membership.objects.filter(council__is_public=True)


def public_persons() -> QuerySet[Person]:
    """Persons with a membership in a public council; name only is ever shown."""
    return Person.objects.filter(
        Exists(Membership.objects.filter(person=OuterRef("pk"), council__is_public=True))
    )


def public_meetings() -> QuerySet[Meeting]:
    return Meeting.objects.filter(status__in=PUBLIC_MEETING_STATUSES, council__is_public=True)


def public_items() -> QuerySet[AgendaItem]:
    """Open items of public meetings. Closed items never leave the building."""
    return AgendaItem.objects.filter(
        is_public=True,
        meeting__status__in=PUBLIC_MEETING_STATUSES,
        meeting__council__is_public=True,
    )


def public_papers() -> QuerySet[AgendaItem]:
    """Open items that have a case: a case number or a case presentation."""
    return public_items().filter(~Q(case_number="") | ~Q(case_presentation=""))


def public_attachments() -> QuerySet[Attachment]:
    return Attachment.objects.filter(
        is_public=True,
        item__is_public=True,
        item__meeting__status__in=PUBLIC_MEETING_STATUSES,
        item__meeting__council__is_public=True,
    )


def public_minutes_versions() -> QuerySet[MinutesVersion]:
    """Published minutes versions of public meetings (version 1 and its corrections)."""
    return MinutesVersion.objects.filter(
        meeting__status=Meeting.Status.MINUTES_PUBLISHED, meeting__council__is_public=True
    )
