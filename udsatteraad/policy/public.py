"""What the public may see: one set of QuerySets that every public surface starts from (the
pages, the PDFs, the search index, OParl, RSS/Atom, iCal, easy-read), and the hook that keeps
the derived surfaces (search index, OParl's record of deleted objects) in step.

The rules:
- a council is public when `is_public`; a body (authority) when it has a public council;
- a meeting is public when its council is public and its agenda has been published: stages
  agenda_published, held, minutes approved, published or withdrawn (`lifecycle.py`), and a
  cancelled meeting whose agenda had been published, which stays public as cancelled;
- an agenda item is public when it is open (`is_public`) and its meeting is public; closed
  items are their number and title only on the meeting page, and nothing anywhere else;
- an attachment is public when it is open and its item is public;
- withdrawn minutes take the agenda's text with them: items are number and title only, and
  no attachment or paper is public, until the minutes are published again (`withdrawn_q`);
- minutes (decisions, minority statements, attendance) are public only as the latest
  published MinutesVersion of a meeting whose minutes are published (`projection.py`);
- a person is public by name only, and only while they have a membership in a public council;
  no public surface reads Person.email or Person.phone.
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

Status = Meeting.Status

# Statuses public in themselves; a cancelled meeting is public when its agenda was published.
OPEN_STATUSES = (Status.AGENDA_PUBLISHED, Status.HELD, Status.MINUTES_APPROVED,
                 Status.MINUTES_PUBLISHED)


def meeting_q(prefix: str = "") -> Q:
    """The public-meeting rule as a Q, for Meeting (prefix "") or through a relation
    ("meeting__", "item__meeting__")."""
    return Q(**{f"{prefix}council__is_public": True}) & (
        Q(**{f"{prefix}status__in": OPEN_STATUSES})
        | Q(**{f"{prefix}status": Status.CANCELLED, f"{prefix}agenda_published_at__isnull": False})
    )


def is_public_meeting(meeting: Meeting) -> bool:
    """The same rule for one row (its council must be loaded or cheap to load)."""
    if meeting.status in OPEN_STATUSES:
        shown = True
    else:
        shown = meeting.status == Status.CANCELLED and meeting.agenda_published_at is not None
    return shown and meeting.council.is_public


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
    return Meeting.objects.filter(meeting_q())


def held_or_coming_public_meetings() -> QuerySet[Meeting]:
    """Public meetings that are not cancelled (the search index, the archive's lists)."""
    return public_meetings().exclude(status=Status.CANCELLED)


def announced_meetings(council: Council, now) -> QuerySet[Meeting]:
    """What a council's calendar feed announces: its public meetings, and the planned
    ordinary meetings still to come (date and place only: the yearly plan is decided in
    advance and the public may know when the council meets), cancelled ones included so that
    subscribed calendars drop them."""
    announced = Q(kind=Meeting.Kind.ORDINARY, start__gte=now,
                  status__in=[Status.PLANNED, Status.CANCELLED])
    return Meeting.objects.filter(council=council, council__is_public=True).filter(
        meeting_q() | announced)


def withdrawn_q(prefix: str = "") -> Q:
    """Minutes withdrawn (`lifecycle.Stage.MINUTES_WITHDRAWN`) as a Q: the agenda's text goes
    with them (they may be withdrawn for what the agenda says too), so items are their
    number and title only until published again, and no paper or attachment is public."""
    return Q(**{f"{prefix}status": Status.MINUTES_APPROVED,
                f"{prefix}minutes_withdrawn_at__isnull": False})


def public_items() -> QuerySet[AgendaItem]:
    """Open items of public meetings. Closed items never leave the building."""
    return AgendaItem.objects.filter(meeting_q("meeting__"), is_public=True)


def public_papers() -> QuerySet[AgendaItem]:
    """Open items that have a case: a case number or a case presentation."""
    return public_items().filter(~Q(case_number="") | ~Q(case_presentation="")).exclude(
        withdrawn_q("meeting__"))


def is_public_paper(item: AgendaItem) -> bool:
    """`public_papers` for one open item of a public meeting (its meeting loaded)."""
    meeting = item.meeting
    withdrawn = (meeting.status == Status.MINUTES_APPROVED
                 and meeting.minutes_withdrawn_at is not None)
    return bool(item.case_number or item.case_presentation) and not withdrawn


def public_attachments() -> QuerySet[Attachment]:
    return Attachment.objects.filter(meeting_q("item__meeting__"), is_public=True,
                                     item__is_public=True).exclude(
        withdrawn_q("item__meeting__"))


def public_minutes_versions() -> QuerySet[MinutesVersion]:
    """Published minutes versions of public meetings (version 1 and its corrections)."""
    return MinutesVersion.objects.filter(
        meeting__status=Status.MINUTES_PUBLISHED, meeting__council__is_public=True
    )


def follow_publication(meeting: Meeting, *, was_public: bool = False) -> None:
    """Bring every derived public surface in step with what the public sees of `meeting` now:
    the search index, and OParl's record of the objects shown (so objects that left the
    public become `deleted: true` tombstones); the meeting's `modified` moves with any change
    to its items, attachments or minutes, so a client that syncs by `modified_since` sees it.
    Call it inside the transaction of every change to what is public about a meeting, so no
    surface ever shows a change that was rolled back. A meeting the public has not seen, and
    did not see before this change, has nothing to follow: skipped, since most agenda work
    happens on planned meetings."""
    from django.utils import timezone

    if meeting.status == Status.PLANNED and not was_public:
        return  # never public (a meeting does not go back to planned): nothing to follow
    meeting = Meeting.objects.select_related("council").get(pk=meeting.pk)
    if not (was_public or is_public_meeting(meeting) or meeting.public_records.exists()):
        return
    # Imported here: the search and OParl apps read meetings, so no load-time import.
    from udsatteraad.oparl.records import sync_public_records
    from udsatteraad.search.indexing import reindex_meeting

    now = timezone.now()
    Meeting.objects.filter(pk=meeting.pk).update(modified=now)
    meeting.modified = now
    reindex_meeting(meeting=meeting)
    sync_public_records(meeting, now=now)


def follow_council_visibility(council: Council) -> None:
    """A council shown or hidden: every one of its meetings follows (inside the change's
    transaction, like follow_publication)."""
    for meeting in Meeting.objects.filter(council=council).exclude(status=Status.PLANNED):
        follow_publication(meeting, was_public=True)


# Hearings and statements (issue 11) ------------------------------------------------------


def public_hearings() -> QuerySet:
    """Hearing responses and statements the public may read: published, of a public
    council. Only the approved text, the recipient and the outcome are shown; the members'
    comments, the drafts and the authority's documents never are."""
    from udsatteraad.hearings.models import Hearing  # the hearings app reads meetings

    return Hearing.objects.filter(published_at__isnull=False, council__is_public=True,
                                  approved_draft__isnull=False)


# The annual plan (yearplan app): public entries of public councils, and the meetings the
# public may know of in a year: public meetings and announced planned ones, not cancelled.
def public_plan_entries():
    from udsatteraad.yearplan.models import PlanEntry

    return PlanEntry.objects.filter(is_public=True, council__is_public=True)


def public_plan_meetings(council: Council, year: int) -> QuerySet[Meeting]:
    announced = Q(kind=Meeting.Kind.ORDINARY, status=Status.PLANNED)
    return (Meeting.objects.filter(council=council, council__is_public=True, start__year=year)
            .filter(meeting_q() | announced).exclude(status=Status.CANCELLED).order_by("start"))


# Status reports and evaluations (reports app): published ones of public councils.
def public_reports():
    from udsatteraad.reports.models import Report

    return Report.objects.filter(status=Report.Status.PUBLISHED, council__is_public=True)
