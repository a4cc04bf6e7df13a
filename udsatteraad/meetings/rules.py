"""The rules of procedure where they bite in the meeting cycle (issue 12): substitutes called
in for an absent member, urgent items added after the agenda went out, the notice period of
the agenda, and the standard item by which the council approves the previous minutes at its
next meeting. Quorum itself is in `quorum.py`; the minutes' approval modes in `approval.py`.

Notice of the agenda (`agenda_notice_days`, `notice_enforcement`):
- warn: publishing late is allowed; the confirmation page says so beforehand, and the members'
  and the public meeting page say afterwards that the notice was short;
- refuse: publishing late is refused with a Danish message, unless the secretariat states why
  the meeting cannot wait (an urgent meeting: most rules of procedure let the chair convene
  at shorter notice "i hastende tilfælde"). The reason is kept on the meeting and shown to the
  members with the agenda; it is not published, so no citizen's name can slip out with it.
"""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from udsatteraad.councils.models import Membership, Person
from udsatteraad.councils.procedure import RulesOfProcedure, share_reached

from . import quorum
from .models import AgendaItem, Attendance, Meeting

Urgent = RulesOfProcedure.UrgentItems
REASON_LENGTH = 1000


class RuleRefused(Exception):
    """Refused by the council's rules of procedure; the message is Danish, for the user."""


# Substitutes called in ------------------------------------------------------------------------


def _seat_of(meeting: Meeting, person_id: int) -> Membership | None:
    return (quorum.seated(meeting).filter(person_id=person_id)
            .select_related("seat_group", "person").first())


def call_substitute(*, meeting: Meeting, absent: Person, substitute: Person) -> Attendance:
    """Record a substitute called in for a member marked absent or with an apology: a row of
    their own, present, naming whom they stand in for."""
    from .minutes import _editable, withdraw_approval_on_change

    with transaction.atomic():
        meeting = _editable(meeting.pk)
        seat = _seat_of(meeting, absent.pk)
        if seat is None:
            raise RuleRefused(_("Kun et medlem af rådet på mødedagen kan få en suppleant."))
        own = meeting.attendance.filter(person=absent).first()
        if own is None or own.status == Attendance.Status.PRESENT:
            raise RuleRefused(_("Markér først %(name)s som fraværende eller med afbud.")
                              % {"name": absent.name})
        if meeting.attendance.filter(substitute_for=absent).exists():
            raise RuleRefused(_("%(name)s har allerede en suppleant på mødet.")
                              % {"name": absent.name})
        allowed = {m.person_id for m in quorum.substitute_candidates(meeting, seat)}
        if substitute.pk not in allowed:
            raise RuleRefused(_("%(name)s kan ikke indkaldes som suppleant for %(absent)s på "
                                "mødedagen.") % {"name": substitute.name, "absent": absent.name})
        row = Attendance.objects.create(
            meeting=meeting, person=substitute, kind=Attendance.Kind.MEMBER,
            status=Attendance.Status.PRESENT, substitute_for=absent)
        withdraw_approval_on_change(meeting)
        return row


def remove_substitute(*, attendance: Attendance) -> None:
    from .minutes import _editable, withdraw_approval_on_change

    if attendance.substitute_for_id is None:
        raise RuleRefused(_("Rækken er ikke en indkaldt suppleant."))
    with transaction.atomic():
        meeting = _editable(attendance.meeting_id)
        attendance.delete()
        withdraw_approval_on_change(meeting)


def substitutes_called_in(meeting: Meeting) -> list[Attendance]:
    return list(meeting.attendance.exclude(substitute_for=None)
                .select_related("person", "substitute_for").order_by("person__name"))


# Urgent items ---------------------------------------------------------------------------------


def needs_urgency(meeting: Meeting) -> bool:
    """An item added once the agenda is out (or at the meeting) is an urgent item."""
    return meeting.status != Meeting.Status.PLANNED


def urgent_fields(meeting: Meeting, *, decided_by: str, votes: int | None) -> dict:
    """The AgendaItem fields of an urgent item, checked against the rules of procedure:
    refused where the rules allow none, or name who decides and the share is not reached.
    Rules that say nothing: the item is marked urgent with whatever decision was recorded."""
    rules = meeting.council.rules()
    rule = rules.urgent_items
    if rule == Urgent.NOT_ALLOWED:
        raise RuleRefused(_("Rådets forretningsorden tillader ikke, at punkter optages, efter "
                            "dagsordenen er udsendt."))
    by_rule: dict[str, set[str]] = {Urgent.CHAIR: {"chair"}, Urgent.MEMBERS: {"members"},
                                     Urgent.CHAIR_OR_MEMBERS: {"chair", "members"}}
    allowed = by_rule.get(rule, {"chair", "members", ""})
    if decided_by not in allowed:
        if rule == Urgent.CHAIR:
            raise RuleRefused(_("Efter forretningsordenen optager formanden hastende punkter. "
                                "Vælg »Formanden«."))
        if rule == Urgent.MEMBERS:
            raise RuleRefused(_("Efter forretningsordenen optages hastende punkter af en andel "
                                "af medlemmerne. Skriv, hvor mange der stemte for."))
        raise RuleRefused(_("Vælg, hvem der besluttede at optage punktet."))
    fields: dict = {"urgent": True, "urgent_decided_by": decided_by,
                    "urgent_votes": None, "urgent_of": None}
    if decided_by == "members":
        of = quorum.seats(meeting)
        if votes is None or votes < 1:
            raise RuleRefused(_("Skriv, hvor mange medlemmer der stemte for at optage punktet."))
        if votes > of:
            raise RuleRefused(_("Rådet har %(of)s pladser; der kan ikke være %(n)s for.")
                              % {"of": of, "n": votes})
        fraction = rules.urgent_items_share
        if fraction is not None and not share_reached(votes, of, fraction, strict=False):
            raise RuleRefused(_("Efter forretningsordenen skal mindst %(share)s af medlemmerne "
                                "(%(of)s) være for; %(n)s er ikke nok.")
                              % {"share": quorum.share_words(fraction), "of": of, "n": votes})
        fields.update(urgent_votes=votes, urgent_of=of)
    return fields


def urgent_note(item: AgendaItem) -> str:
    """What the minutes say of an urgent item."""
    if not item.urgent:
        return ""
    meeting = item.meeting
    at_meeting = item.created is not None and item.created >= meeting.start
    if item.urgent_decided_by == "chair":
        who = _("formanden")
    elif item.urgent_decided_by == "members" and item.urgent_votes and item.urgent_of:
        who = _("%(n)s af %(of)s medlemmer") % {"n": item.urgent_votes, "of": item.urgent_of}
    else:
        who = ""
    if at_meeting:
        if who:
            return _("Punktet blev optaget på mødet efter beslutning af %(who)s.") % {"who": who}
        return _("Punktet blev optaget på mødet som hastende punkt.")
    if who:
        return _("Punktet blev optaget efter dagsordenens udsendelse efter beslutning af "
                 "%(who)s.") % {"who": who}
    return _("Punktet blev optaget efter dagsordenens udsendelse som hastende punkt.")


# Notice of the agenda -------------------------------------------------------------------------


def late_notice_days(meeting: Meeting) -> int | None:
    """The rules' notice period, when publishing now is later than it allows."""
    notice = meeting.council.rules().agenda_notice_days
    days_left = (timezone.localtime(meeting.start).date() - timezone.localdate()).days
    return notice if days_left < notice else None


def check_notice(meeting: Meeting, reason: str) -> dict:
    """The fields to save with a publication (the short notice and its reason), or
    RuleRefused where the rules refuse short notice and no reason was given."""
    reason = (reason or "").strip()
    if len(reason) > REASON_LENGTH:
        raise RuleRefused(_("Begrundelsen må højst være %(n)s tegn.") % {"n": REASON_LENGTH})
    late = late_notice_days(meeting)
    if late is None:
        return {"agenda_short_notice_days": None, "short_notice_reason": ""}
    rules = meeting.council.rules()
    if rules.notice_enforcement == RulesOfProcedure.NoticeEnforcement.REFUSE and not reason:
        raise RuleRefused(_(
            "Efter forretningsordenen skal dagsordenen udsendes senest %(n)s dage før mødet, "
            "og fristen er overskredet. Er mødet hastende, så skriv hvorfor, og offentliggør "
            "igen.") % {"n": late})
    return {"agenda_short_notice_days": late, "short_notice_reason": reason}


# Approval of the minutes at the next meeting --------------------------------------------------


def previous_unapproved(meeting: Meeting) -> Meeting | None:
    """The council's held meeting before this one whose minutes await approval."""
    return (Meeting.objects.filter(council_id=meeting.council_id, start__lt=meeting.start,
                                   status=Meeting.Status.HELD)
            .order_by("-start").first())


def approval_item_title(previous: Meeting) -> str:
    return _("Godkendelse af referat fra mødet den %(date)s") % {
        "date": date_format(timezone.localtime(previous.start), "j. F Y")}


def add_approval_item(*, meeting: Meeting, previous: Meeting) -> AgendaItem | None:
    """Put "Godkendelse af referat fra mødet den ..." first on the next meeting's agenda
    (while it is planned); its decision approves the previous minutes. Idempotent."""
    if meeting.status != Meeting.Status.PLANNED:
        return None
    existing = meeting.items.filter(approves_minutes_of=previous).first()
    if existing is not None:
        return existing
    from .agenda import create_item

    item = create_item(meeting=meeting, data={
        "title": approval_item_title(previous), "origin": AgendaItem.Origin.STANDARD,
        "recommendations": [_("referatet godkendes.")],
    }, approves_minutes_of=previous)
    # First on the agenda: the approval of the last minutes opens a meeting.
    from .agenda import _set_positions, renumber

    ordered = [item, *meeting.items.exclude(pk=item.pk).order_by("position", "number", "id")]
    _set_positions(ordered)
    renumber(meeting=meeting)
    return item


def next_planned(meeting: Meeting) -> Meeting | None:
    return (Meeting.objects.filter(council_id=meeting.council_id, start__gt=meeting.start,
                                   status=Meeting.Status.PLANNED)
            .exclude(kind__in=[Meeting.Kind.THEME_DAY, Meeting.Kind.OPEN_ASSEMBLY])
            .order_by("start").first())


def uses_next_meeting(meeting: Meeting) -> bool:
    return (meeting.council.rules().minutes_approval
            == RulesOfProcedure.MinutesApproval.NEXT_MEETING)


# What the minutes pages show of the rules -----------------------------------------------------


def minutes_context(meeting: Meeting, members: list[dict]) -> dict:
    """The rules' part of the secretariat's minutes page: the quorum, substitutes called in
    and who may be called in for each absent member, whether minority statements are offered,
    and how the minutes are approved (with the written round under way). Adds "substitute"
    and "candidates" to each entry of `members` ({"membership", "attendance"})."""
    from . import approval

    called = substitutes_called_in(meeting)
    by_absent = {row.substitute_for_id: row for row in called}
    for entry in members:
        membership, row = entry["membership"], entry["attendance"]
        entry["substitute"] = by_absent.get(membership.person_id)
        entry["candidates"] = []
        if (row is not None and row.status != Attendance.Status.PRESENT
                and entry["substitute"] is None):
            entry["candidates"] = quorum.substitute_candidates(meeting, membership)
    rules = meeting.council.rules()
    review = approval.open_round(meeting)
    return {
        "quorum": quorum.quorum(meeting),
        "called_in": called,
        "dissent_allowed": rules.dissent_recorded is not False,
        "approval_mode": rules.minutes_approval,
        "approval_mode_label": rules.get_minutes_approval_display(),
        "written_round": review,
        "round_answers": list(review.answers.select_related("person")) if review else [],
    }
