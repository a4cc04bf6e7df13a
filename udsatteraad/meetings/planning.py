"""The yearly meeting plan and extraordinary meetings.

The checks at the top are pure functions of plain values (unit-tested without a database):
what the terms of reference and the rules of procedure say about a planned meeting. The
actions below them write meetings and extraordinary requests in one transaction each.
"""

from __future__ import annotations

import datetime as dt
import functools
import logging
from dataclasses import dataclass

import holidays
from dateutil import rrule
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.db.models import Count
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from udsatteraad.councils.models import Council, Membership, Person
from udsatteraad.lib import mail, site
from udsatteraad.policy import lifecycle
from udsatteraad.policy.lifecycle import Step
from udsatteraad.policy.public import follow_publication

from . import agenda, publishing
from .models import ExtraordinaryRequest, ExtraordinarySignature, Meeting

log = logging.getLogger(__name__)

DANISH_MONTHS = [
    "januar", "februar", "marts", "april", "maj", "juni", "juli", "august", "september",
    "oktober", "november", "december",
]


# Pure checks --------------------------------------------------------------------------------


@dataclass(frozen=True)
class PlanRules:
    """What the terms of reference and rules of procedure say about planning meetings."""

    meetings_min: int | None = None
    meetings_max: int | None = None
    after_working_hours: bool = False
    working_hours_end: dt.time = dt.time(16, 0)


@dataclass(frozen=True)
class Problem:
    """A reason not to save a meeting as it is. `confirmable` problems are saved anyway when
    the secretary ticks "Hold mødet alligevel"; the others never are."""

    field: str | None
    message: str
    confirmable: bool = False


@functools.lru_cache(maxsize=32)
def _danish_holidays(year: int) -> holidays.HolidayBase:
    return holidays.Denmark(years=year, language="da")


def holiday_name(day: dt.date) -> str | None:
    """The Danish public holiday on a day (e.g. "Juledag"), or None."""
    return _danish_holidays(day.year).get(day)


def default_title(kind: str, day: dt.date) -> str:
    """E.g. "Ordinært møde 12. marts 2027": stored data, so Danish in any interface language."""
    with translation.override("da"):
        label = str(Meeting.Kind(kind).label)
    return f"{label} {day.day}. {DANISH_MONTHS[day.month - 1]} {day.year}"


def check_meeting(
    *,
    kind: str,
    day: dt.date,
    start_time: dt.time,
    end_time: dt.time | None,
    ordinary_in_year: int,
    rules: PlanRules,
) -> list[Problem]:
    """Problems with a meeting on `day` from `start_time` to `end_time`.

    `ordinary_in_year` is the number of OTHER ordinary, not cancelled meetings already planned
    in the meeting's calendar year.
    """
    problems: list[Problem] = []
    if end_time is not None and end_time <= start_time:
        problems.append(Problem("end_time", _("Mødet skal slutte efter, det begynder.")))
    if (
        kind == Meeting.Kind.ORDINARY
        and rules.meetings_max is not None
        and ordinary_in_year + 1 > rules.meetings_max
    ):
        problems.append(Problem("date", ngettext(
            "Kommissoriet tillader højst %(max)d ordinært møde om året, og der er allerede "
            "planlagt %(count)d i %(year)d. Aflys eller flyt et andet møde, eller vælg en "
            "anden mødetype.",
            "Kommissoriet tillader højst %(max)d ordinære møder om året, og der er allerede "
            "planlagt %(count)d i %(year)d. Aflys eller flyt et andet møde, eller vælg en "
            "anden mødetype.",
            rules.meetings_max,
        ) % {"max": rules.meetings_max, "count": ordinary_in_year, "year": day.year}))
    name = holiday_name(day)
    if name:
        problems.append(Problem("date", _(
            "%(date)s er en helligdag (%(holiday)s). Vælg en anden dato, eller sæt flueben i "
            "»Hold mødet alligevel«."
        ) % {"date": f"{day:%d.%m.%Y}", "holiday": name}, confirmable=True))
    if rules.after_working_hours and start_time < rules.working_hours_end:
        problems.append(Problem("start_time", _(
            "Kommissoriet siger, at rådet holder møder efter arbejdstid, og arbejdstiden slutter "
            "kl. %(end)s. Vælg et senere starttidspunkt, eller sæt flueben i »Hold mødet "
            "alligevel«."
        ) % {"end": f"{rules.working_hours_end:%H.%M}"}, confirmable=True))
    return problems


def blocking(problems: list[Problem], *, confirmed: bool) -> list[Problem]:
    """The problems that stop a save: all of them unless confirmed, then the hard ones."""
    return [p for p in problems if not (confirmed and p.confirmable)]


def year_warnings(*, ordinary_count: int, year: int, rules: PlanRules) -> list[str]:
    """Warnings for the plan page about the number of ordinary meetings in a year."""
    warnings = []
    if rules.meetings_min is not None and ordinary_count < rules.meetings_min:
        warnings.append(ngettext(
            "Kommissoriet siger mindst %(min)d ordinært møde om året; der er planlagt "
            "%(count)d i %(year)d.",
            "Kommissoriet siger mindst %(min)d ordinære møder om året; der er planlagt "
            "%(count)d i %(year)d.",
            rules.meetings_min,
        ) % {"min": rules.meetings_min, "count": ordinary_count, "year": year})
    if rules.meetings_max is not None and ordinary_count > rules.meetings_max:
        warnings.append(ngettext(
            "Kommissoriet siger højst %(max)d ordinært møde om året; der er planlagt "
            "%(count)d i %(year)d.",
            "Kommissoriet siger højst %(max)d ordinære møder om året; der er planlagt "
            "%(count)d i %(year)d.",
            rules.meetings_max,
        ) % {"max": rules.meetings_max, "count": ordinary_count, "year": year})
    return warnings


# Reading the council's rules ----------------------------------------------------------------


def plan_rules(council: Council, year: int) -> PlanRules:
    """The rules in force for a calendar year: the terms of reference in force at its end."""
    terms = council.current_terms(dt.date(year, 12, 31))
    working_hours_end = council.rules().working_hours_end
    if terms is None:
        return PlanRules(working_hours_end=working_hours_end)
    return PlanRules(
        meetings_min=terms.meetings_min,
        meetings_max=terms.meetings_max,
        after_working_hours=terms.after_working_hours,
        working_hours_end=working_hours_end,
    )


def ordinary_in_year(council: Council, year: int, *, exclude: Meeting | None = None) -> int:
    qs = Meeting.objects.filter(
        council=council, kind=Meeting.Kind.ORDINARY, start__year=year
    ).exclude(status=Meeting.Status.CANCELLED)
    if exclude is not None and exclude.pk:
        qs = qs.exclude(pk=exclude.pk)
    return qs.count()


def meeting_problems(
    *, council: Council, kind: str, day: dt.date, start_time: dt.time,
    end_time: dt.time | None, meeting: Meeting | None = None,
) -> list[Problem]:
    # A cancelled meeting does not count towards the yearly maximum, so it is not checked
    # against it either.
    counted = meeting is None or meeting.status != Meeting.Status.CANCELLED
    return check_meeting(
        kind=kind if counted else "", day=day, start_time=start_time, end_time=end_time,
        ordinary_in_year=ordinary_in_year(council, day.year, exclude=meeting),
        rules=plan_rules(council, day.year),
    )


def combine(day: dt.date, time: dt.time) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, time))


def combine_optional(day: dt.date, time: dt.time | None) -> dt.datetime | None:
    return None if time is None else combine(day, time)


# Actions ------------------------------------------------------------------------------------


class PlanError(Exception):
    """A refused change to the meeting plan; the message is Danish and meant for the user."""


def create_meeting(*, council: Council, data: dict,
                   request: ExtraordinaryRequest | None = None) -> Meeting:
    """A new meeting from cleaned form data; an ordinary one gets the standard items."""
    kind = data["kind"]
    with transaction.atomic():
        if request is not None:
            # One meeting per request: two chairs (or two clicks) convening at once meet the
            # lock, and the second finds the meeting the first made.
            request = ExtraordinaryRequest.objects.select_for_update().get(pk=request.pk)
            if request.meetings.exists():
                raise PlanError(_("Der er allerede indkaldt til møde efter denne anmodning."))
        meeting = Meeting.objects.create(
            council=council,
            kind=kind,
            title=data.get("title") or default_title(kind, data["date"]),
            start=combine(data["date"], data["start_time"]),
            end=combine_optional(data["date"], data.get("end_time")),
            venue=data.get("venue"),
            location=data.get("location", ""),
            description=data.get("description", ""),
            extraordinary_request=request,
        )
        if kind == Meeting.Kind.ORDINARY:
            agenda.add_standard_items(meeting=meeting)
    return meeting


# When and where: a change to one of these is mailed to the members as a moved meeting.
CALENDAR_FIELDS = ("start", "end", "venue_id", "location")


def update_meeting(*, meeting: Meeting, data: dict, root: str | None = None) -> Meeting:
    """Save the meeting's details. When the members were invited to a meeting still to come
    and its time or place changes, they are mailed the moved event (same UID, SEQUENCE
    raised) after the commit. Correcting the record of a meeting already held mails nobody.
    `root` is the site address for the links in that mail (the request's)."""
    old_year = timezone.localtime(meeting.start).year
    meeting.kind = data["kind"]
    meeting.title = data.get("title") or default_title(meeting.kind, data["date"])
    meeting.start = combine(data["date"], data["start_time"])
    meeting.end = combine_optional(data["date"], data.get("end_time"))
    meeting.venue = data.get("venue")
    meeting.location = data.get("location", "")
    meeting.description = data.get("description", "")
    with transaction.atomic():
        # The row as stored, locked: the change is compared with it, and two saves at once
        # cannot raise the sequence to the same number.
        stored = Meeting.objects.select_for_update().get(pk=meeting.pk)
        moved = (
            publishing.members_were_invited(stored)
            and stored.status in (Meeting.Status.PLANNED, Meeting.Status.AGENDA_PUBLISHED)
            and stored.start > timezone.now()
            and any(getattr(stored, f) != getattr(meeting, f) for f in CALENDAR_FIELDS)
        )
        fields = ["kind", "title", "start", "end", "venue", "location", "description",
                  "modified"]
        if moved:
            meeting.ical_sequence = stored.ical_sequence + 1
            fields.append("ical_sequence")
        meeting.save(update_fields=fields)
        if moved:
            publishing.queue_calendar_change(meeting, kind=publishing.MOVED, root=root)
        # A new date can change the order of the year's meetings, and so item numbers.
        new_year = timezone.localtime(meeting.start).year
        for year in {old_year, new_year}:
            agenda.renumber_year(council_id=meeting.council_id, year=year)
        # The index holds the meeting's title, date and kind (the search's filters).
        follow_publication(meeting)
    return meeting


def cancel_meeting(*, meeting: Meeting, acting_user=None, root: str | None = None) -> Meeting:
    """Cancel a planned meeting, or one whose agenda is published (it then stays public as
    cancelled). Locks and re-checks the row: a second cancel is refused, not repeated.
    Members who were invited are mailed a cancellation (METHOD:CANCEL) after the commit."""
    with transaction.atomic():
        locked = Meeting.objects.select_for_update().get(pk=meeting.pk)
        try:
            fields = lifecycle.advance(locked, Step.CANCEL, acting_user=acting_user)
        except lifecycle.TransitionRefused as e:
            raise PlanError(str(e)) from e
        was_public = locked.agenda_published_at is not None
        invited = publishing.members_were_invited(locked)
        if invited:
            locked.ical_sequence += 1
            fields = [*fields, "ical_sequence"]
        locked.save(update_fields=fields)
        if invited:
            publishing.queue_calendar_change(locked, kind=publishing.CANCELLED, root=root)
        # A cancelled meeting holds no numbers: the year's later meetings move up.
        agenda.renumber_year(
            council_id=locked.council_id, year=timezone.localtime(locked.start).year
        )
        follow_publication(locked, was_public=was_public)
    meeting.status, meeting.cancelled_at = locked.status, locked.cancelled_at
    meeting.ical_sequence = locked.ical_sequence
    return locked


def requests_with_counts(council: Council):
    return (
        ExtraordinaryRequest.objects.filter(council=council)
        .select_related("created_by")
        .annotate(n_signatures=Count("signatures", distinct=True))
        .prefetch_related("meetings")
    )


def create_request(*, council: Council, person: Person, topic: str,
                   reason: str) -> ExtraordinaryRequest:
    """A member's request; the member who asks is its first signature. The council row is
    locked, so a double submit waits and finds the first: the same member asking again on the
    same topic while no meeting is convened is refused (PlanError)."""
    with transaction.atomic():
        Council.objects.select_for_update().filter(pk=council.pk).first()
        if ExtraordinaryRequest.objects.filter(council=council, created_by=person, topic=topic,
                                               meetings__isnull=True).exists():
            raise PlanError(_("Du har allerede anmodet om et møde om dette emne."))
        req = ExtraordinaryRequest.objects.create(
            council=council, topic=topic, reason=reason, created_by=person
        )
    sign_request(request=req, person=person)
    return req


def sign_request(*, request: ExtraordinaryRequest, person: Person) -> bool:
    """Sign a request (once per person). When the distinct signatures reach the number the
    terms of reference require, the request becomes valid and the chair and the secretariat
    are told, exactly once. Returns whether this signature made it valid."""
    council = request.council
    terms = council.current_terms()
    required = terms.extraordinary_request_members if terms else None
    with transaction.atomic():
        # Lock the request so two last signatures at once cannot both send the notice.
        req = ExtraordinaryRequest.objects.select_for_update().get(pk=request.pk)
        ExtraordinarySignature.objects.get_or_create(request=req, person=person)
        became_valid = (
            req.valid_at is None
            and required is not None
            and req.signatures.values("person").distinct().count() >= required
        )
        if became_valid:
            req.valid_at = timezone.now()
            req.save(update_fields=["valid_at"])
    if became_valid:
        request.valid_at = req.valid_at
        notify_request_valid(request=req)
    return became_valid


def notify_request_valid(*, request: ExtraordinaryRequest) -> None:
    council = request.council
    chairs = Membership.objects.filter(
        council=council, role=Membership.Role.CHAIR
    ).current().select_related("person")
    recipients = [m.person.email for m in chairs if m.person.email]
    recipients += [
        s.user.email for s in council.secretaries.select_related("user") if s.user.email
    ]
    recipients = list(dict.fromkeys(recipients))
    if not recipients:
        log.warning("extraordinary request %s valid but nobody to notify", request.pk)
        return
    ctx = {
        "council": council,
        "request": request,
        "signatures": request.signatures.select_related("person").order_by("created"),
        "member_url": site.root() + reverse("meetings:member-extraordinary",
                                            args=[council.slug]),
        "secretariat_url": site.root() + reverse("meetings:extraordinary-overview",
                                                 args=[council.slug]),
    }
    subject = render_to_string("meetings/emails/extraordinary_valid_subject.txt", ctx)
    message = EmailMultiAlternatives(
        subject=" ".join(subject.split()),
        body=render_to_string("meetings/emails/extraordinary_valid_body.txt", ctx),
        to=recipients,
    )
    message.attach_alternative(
        render_to_string("meetings/emails/extraordinary_valid_body.html", ctx), "text/html"
    )
    mail.queue([message], what=f"extraordinary request {request.pk} valid")


# A year's plan from a pattern ------------------------------------------------------------------

# "Second Monday": 1-4 count from the start of the month, -1 is the last one in it.
ORDINALS = (1, 2, 3, 4, -1)


def pattern_dates(*, year: int, months: list[int], weekday: int, nth: int) -> list[dt.date]:
    """The days of a pattern in a year, e.g. the second Monday (weekday 0, nth 2) of March,
    June, September and December."""
    rule = rrule.rrule(rrule.MONTHLY, dtstart=dt.datetime(year, 1, 1),
                       until=dt.datetime(year, 12, 31), bymonth=sorted(set(months)),
                       byweekday=rrule.weekday(weekday)(nth))
    return [d.date() for d in rule]


@dataclass
class YearPlan:
    created: list[Meeting]
    skipped: list[str]  # one Danish warning per day not planned, saying why


def create_year_plan(*, council: Council, year: int, months: list[int], weekday: int, nth: int,
                     start_time: dt.time, end_time: dt.time | None = None,
                     venue=None, location: str = "", confirmed: bool = False) -> YearPlan:
    """Ordinary meetings on every day of the pattern in one step, each with the standard
    items (then adjusted one by one). Public holidays, days already past, days that already
    have a meeting and days the rules refuse (`check_meeting`: the yearly maximum; working
    hours unless `confirmed`) are skipped, each with a warning. Nothing is created twice when
    the form is sent twice: the council row is locked and the days re-checked inside."""
    created: list[Meeting] = []
    skipped: list[str] = []
    today = timezone.localdate()
    rules = plan_rules(council, year)
    with transaction.atomic():
        # One plan at a time per council: a double submit waits here, then finds the days taken.
        Council.objects.select_for_update().filter(pk=council.pk).first()
        taken = set(
            timezone.localtime(start).date() for start in
            Meeting.objects.filter(council=council, start__year=year)
            .exclude(status=Meeting.Status.CANCELLED).values_list("start", flat=True)
        )
        for day in pattern_dates(year=year, months=months, weekday=weekday, nth=nth):
            label = f"{day.day}. {DANISH_MONTHS[day.month - 1]} {day.year}"
            if name := holiday_name(day):
                skipped.append(_("%(date)s er en helligdag (%(holiday)s), så der er ikke "
                                 "planlagt et møde den dag.") % {"date": label, "holiday": name})
            elif day < today:
                skipped.append(_("%(date)s er allerede passeret, så der er ikke planlagt et "
                                 "møde den dag.") % {"date": label})
            elif day in taken:
                skipped.append(_("Der er allerede et møde %(date)s, så der er ikke planlagt et "
                                 "møde mere den dag.") % {"date": label})
            elif problems := blocking(check_meeting(
                    kind=Meeting.Kind.ORDINARY, day=day, start_time=start_time,
                    end_time=end_time, ordinary_in_year=ordinary_in_year(council, year),
                    rules=rules), confirmed=confirmed):
                skipped.extend(f"{label}: {p.message}" for p in problems)
            else:
                created.append(create_meeting(council=council, data={
                    "kind": Meeting.Kind.ORDINARY, "date": day, "start_time": start_time,
                    "end_time": end_time, "venue": venue, "location": location,
                }))
        if created:
            # Item numbers run through the year in date order. (Planned meetings are not
            # public, so there is no publication to follow.)
            agenda.renumber_year(council_id=council.pk, year=year)
    return YearPlan(created=created, skipped=skipped)
