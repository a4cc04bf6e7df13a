"""The agenda: standard items, numbering through the calendar year, ordering, saving items
with optimistic locking, and members' proposals.

Item numbers run on through the year across the council's meetings in date order (Randers'
27 September 2021 meeting has items 17-24). Only meetings that are still planned are
renumbered: a published agenda or published minutes keep the numbers the public has seen.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.db.models import F, Max
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_update_with_history

from udsatteraad.lib import mail, site
from udsatteraad.policy.public import follow_publication

from . import approval, guarding
from .models import AgendaItem, ItemProposal, Meeting

OPENING, BODY, CLOSING = 0, 1, 2

# Fields the item form edits; save_item writes exactly these (plus the revision).
ITEM_FIELDS = [
    "title", "case_number", "summary", "recommendations_intro", "recommendations",
    "case_presentation", "start_time", "end_time", "is_public", "origin",
]


class StaleItem(Exception):
    """Someone else saved the item after this editor loaded it."""


class AgendaLocked(Exception):
    """The agenda can no longer change in the way asked; the message is for the user."""


# Numbering ------------------------------------------------------------------------------


def _year_meetings(meeting: Meeting):
    """The council's meetings in the meeting's calendar year, in date order. Cancelled
    meetings hold no numbers."""
    year = timezone.localtime(meeting.start).year
    return (
        Meeting.objects.filter(council_id=meeting.council_id, start__year=year)
        .exclude(status=Meeting.Status.CANCELLED)
        .order_by("start", "pk")
    )


def _before(meeting: Meeting):
    """Meetings of the year that come before this one (same start: lower id first)."""
    return [m for m in _year_meetings(meeting).only("pk", "start") if
            (m.start, m.pk) < (meeting.start, meeting.pk)]


def next_item_number(*, meeting: Meeting) -> int:
    """The number an item appended to this meeting would get: one more than the highest
    number used by this meeting or the year's earlier meetings."""
    ids = [m.pk for m in _before(meeting)] + [meeting.pk]
    top = AgendaItem.objects.filter(meeting_id__in=ids).aggregate(n=Max("number"))["n"]
    return (top or 0) + 1


def renumber(*, meeting: Meeting) -> None:
    """Number this meeting's items and those of the year's later meetings, in order, after
    the numbers used by the earlier meetings. Meetings that are not planned keep theirs."""
    with transaction.atomic():
        earlier = [m.pk for m in _before(meeting)]
        counter = (
            AgendaItem.objects.filter(meeting_id__in=earlier).aggregate(n=Max("number"))["n"]
            if earlier else None
        ) or 0
        rest = [m for m in _year_meetings(meeting) if m.pk not in earlier]
        items_by_meeting: dict[int, list[AgendaItem]] = {m.pk: [] for m in rest}
        for item in AgendaItem.objects.filter(meeting_id__in=list(items_by_meeting)).order_by(
            "position", "number", "pk"
        ):
            items_by_meeting[item.meeting_id].append(item)
        changed: list[AgendaItem] = []
        for m in rest:
            items = items_by_meeting[m.pk]
            if m.status != Meeting.Status.PLANNED:
                counter = max([counter] + [i.number or 0 for i in items])
                continue
            for position, item in enumerate(items, start=1):
                counter += 1
                if item.number != counter or item.position != position:
                    item.number, item.position = counter, position
                    changed.append(item)
        if changed:
            bulk_update_with_history(changed, AgendaItem, ["number", "position"])


# Standard items and order -----------------------------------------------------------------


def _group(item: AgendaItem, rules, seen_body: bool) -> int:
    if item.origin != AgendaItem.Origin.STANDARD:
        return BODY
    if item.title in rules.opening_items:
        return OPENING
    if item.title in rules.closing_items:
        return CLOSING
    # A standard item whose title was edited: where it stands tells what it is.
    return CLOSING if seen_body else OPENING


def _grouped(items, rules) -> list[tuple[int, AgendaItem]]:
    result, seen_body = [], False
    for item in items:
        group = _group(item, rules, seen_body)
        seen_body = seen_body or group == BODY
        result.append((group, item))
    return result


def _ordered(meeting: Meeting) -> list[tuple[int, AgendaItem]]:
    return _grouped(meeting.items.order_by("position", "number", "pk"), meeting.council.rules())


def mark_movable(meeting: Meeting, items: Sequence[AgendaItem]) -> None:
    """Set can_up/can_down on items (in agenda order) for the workspace's buttons."""
    groups = [g for g, _i in _grouped(items, meeting.council.rules())]
    planned = meeting.status == Meeting.Status.PLANNED
    # Template-only flags on the instances; AgendaItem does not declare them.
    for n, item in enumerate(items):
        item.can_up = planned and n > 0 and groups[n - 1] == groups[n]  # type: ignore[attr-defined]
        item.can_down = (  # type: ignore[attr-defined]
            planned and n + 1 < len(items) and groups[n + 1] == groups[n]
        )


def _set_positions(items: list[AgendaItem]) -> None:
    changed = []
    for position, item in enumerate(items, start=1):
        if item.position != position:
            item.position = position
            changed.append(item)
    if changed:
        AgendaItem.objects.bulk_update(changed, ["position"])


def _reflow(meeting: Meeting, new: AgendaItem | None = None) -> None:
    """Opening standard items first, closing ones last, a new item just before the closing
    ones; then renumber from this meeting on."""
    groups = _ordered(meeting)
    if new is not None:
        groups = [(g, i) for g, i in groups if i.pk != new.pk] + [(BODY, new)]
    ordered = sorted(groups, key=lambda gi: gi[0])  # stable: keeps order within a group
    _set_positions([i for _g, i in ordered])
    if meeting.status == Meeting.Status.PLANNED:
        renumber(meeting=meeting)
    else:
        renumber_later(meeting=meeting)


def renumber_year(*, council_id: int, year: int) -> None:
    """Renumber a council's whole calendar year, e.g. after a meeting moved or was
    cancelled (published meetings keep their numbers, as always)."""
    first = (
        Meeting.objects.filter(council_id=council_id, start__year=year)
        .exclude(status=Meeting.Status.CANCELLED)
        .order_by("start", "pk")
        .first()
    )
    if first is not None:
        renumber(meeting=first)


def renumber_later(*, meeting: Meeting) -> None:
    """An item added to a published agenda gets the next free number of its own meeting;
    later planned meetings then move on."""
    missing = list(meeting.items.filter(number__isnull=True).order_by("position", "pk"))
    if missing:
        n = next_item_number(meeting=meeting)
        for offset, item in enumerate(missing):
            item.number = n + offset
            item.save(update_fields=["number"])
    renumber(meeting=meeting)


def add_standard_items(*, meeting: Meeting) -> None:
    """Put the council's standard items (rules of procedure) at the top and the bottom of
    the agenda. Running it again adds nothing that is already there."""
    rules = meeting.council.rules()
    with transaction.atomic():
        have = set(
            meeting.items.filter(origin=AgendaItem.Origin.STANDARD).values_list("title", flat=True)
        )
        current = [i for _g, i in _ordered(meeting)]
        opening = [AgendaItem(meeting=meeting, title=t, origin=AgendaItem.Origin.STANDARD)
                   for t in rules.opening_items if t not in have]
        closing = [AgendaItem(meeting=meeting, title=t, origin=AgendaItem.Origin.STANDARD)
                   for t in rules.closing_items if t not in have]
        if opening or closing:
            for item in opening + closing:
                item.save()
            _set_positions(opening + current + closing)
            _reflow(meeting)
        # Where the council approves the minutes at its next meeting, that item opens it.
        from . import rules as procedure

        if procedure.uses_next_meeting(meeting) and (
                previous := procedure.previous_unapproved(meeting)):
            procedure.add_approval_item(meeting=meeting, previous=previous)


def move_item(*, item: AgendaItem, direction: str) -> None:
    """Swap an item with its neighbour, within its group: standard opening items stay first
    and closing items last."""
    meeting = item.meeting
    if meeting.status != Meeting.Status.PLANNED:
        raise AgendaLocked(_("Rækkefølgen kan ikke ændres, når dagsordenen er offentliggjort."))
    with transaction.atomic():
        groups = _ordered(meeting)
        index = next(n for n, (_g, i) in enumerate(groups) if i.pk == item.pk)
        other = index - 1 if direction == "up" else index + 1
        if other < 0 or other >= len(groups) or groups[other][0] != groups[index][0]:
            raise AgendaLocked(_("Punktet kan ikke flyttes længere i den retning."))
        groups[index], groups[other] = groups[other], groups[index]
        _set_positions([i for _g, i in groups])
        renumber(meeting=meeting)
        follow_publication(meeting)


def can_edit_items(meeting: Meeting) -> bool:
    """Published minutes never change silently: corrections go through the minutes pages."""
    return meeting.status not in (Meeting.Status.MINUTES_PUBLISHED, Meeting.Status.CANCELLED)


# Saving items ---------------------------------------------------------------------------


def _apply(item: AgendaItem, data: dict) -> None:
    for field in ITEM_FIELDS:
        if field in data:
            setattr(item, field, data[field])


def create_item(*, meeting: Meeting, data: dict, **extra) -> AgendaItem:
    """A new item, placed before the closing standard items and numbered."""
    if not can_edit_items(meeting):
        raise AgendaLocked(_("Der kan ikke tilføjes punkter til dette møde."))
    with transaction.atomic():
        item = AgendaItem(meeting=meeting, position=0, **extra)
        _apply(item, data)
        item.save()
        if "target_groups" in data:
            item.target_groups.set(data["target_groups"])
        if "focus_areas" in data:
            item.focus_areas.set(data["focus_areas"])
        _reflow(meeting, new=item)
        guarding.guard_item(item)  # PublicationBlocked rolls the new item back
        follow_publication(meeting)
    item.refresh_from_db(fields=["number", "position"])
    return item


def save_item(*, item: AgendaItem, data: dict, revision: int) -> AgendaItem:
    """Save the form's data if nobody saved the item since the editor loaded `revision`.
    The filtered UPDATE claims the row atomically, so of two concurrent saves of the same
    revision exactly one wins; the other raises StaleItem."""
    if not can_edit_items(item.meeting):
        raise AgendaLocked(_("Referatet er offentliggjort, så punktet kan ikke længere "
                             "redigeres. Rettelser laves som en ny version af referatet."))
    with transaction.atomic():
        claimed = AgendaItem.objects.filter(pk=item.pk, revision=revision).update(
            revision=F("revision") + 1
        )
        if not claimed:
            raise StaleItem
        _apply(item, data)
        item.revision = revision + 1
        item.save(update_fields=[*ITEM_FIELDS, "modified"])  # also writes the history row
        guarding.guard_item(item)  # PublicationBlocked rolls the save back
        # An approval covers the text that was approved: editing an item withdraws it.
        from .minutes import withdraw_approval_on_change

        withdraw_approval_on_change(item.meeting)
        if "target_groups" in data:
            item.target_groups.set(data["target_groups"])
        if "focus_areas" in data:
            item.focus_areas.set(data["focus_areas"])
        # Also covers opening or closing the item (is_public is one of the form's fields).
        follow_publication(item.meeting)
    return item


def delete_item(*, item: AgendaItem) -> None:
    meeting = item.meeting
    if meeting.status != Meeting.Status.PLANNED:
        raise AgendaLocked(_("Punkter kan kun slettes, før dagsordenen er offentliggjort."))
    with transaction.atomic():
        files = [name for a in item.attachments.all() if (name := a.file.name)]
        item.delete()
        _reflow(meeting)
        follow_publication(meeting)
        from .attachments import delete_files

        transaction.on_commit(lambda: delete_files(files))


# Members' proposals ---------------------------------------------------------------------


def proposal_deadline(meeting: Meeting) -> dt.datetime:
    return meeting.start - dt.timedelta(days=meeting.council.rules().proposal_deadline_days)


def propose_item(*, meeting: Meeting, person, title: str, description: str) -> ItemProposal:
    """A member's proposal. The meeting row is locked, so a double submit waits and finds
    the first: the same member proposing the same title again is refused (AgendaLocked)."""
    with transaction.atomic():
        Meeting.objects.select_for_update().filter(pk=meeting.pk).first()
        if ItemProposal.objects.filter(meeting=meeting, proposed_by=person,
                                       title=title).exists():
            raise AgendaLocked(_("Du har allerede foreslået dette punkt til mødet."))
        proposal = ItemProposal.objects.create(
            meeting=meeting, proposed_by=person, title=title, description=description
        )
        approval.proposal_made(proposal)
        return proposal


def _notify_proposer(proposal: ItemProposal) -> None:
    email = proposal.proposed_by.email
    if not email:
        return
    meeting = proposal.meeting
    ctx = {
        "proposal": proposal, "meeting": meeting, "council": meeting.council,
        "person": proposal.proposed_by, "site_name": settings.SITE_NAME,
        "url": site.root() + reverse("meetings:member-proposals", args=[meeting.pk]),
    }
    base = "meetings/agenda/emails/proposal_decision"
    subject = " ".join(render_to_string(f"{base}_subject.txt", ctx).split())
    message = EmailMultiAlternatives(
        subject, render_to_string(f"{base}.txt", ctx), to=[email]
    )
    message.attach_alternative(render_to_string(f"{base}.html", ctx), "text/html")
    mail.queue([message], what=f"decision on proposal {proposal.pk}")


def _locked_undecided(proposal: ItemProposal) -> ItemProposal:
    """The proposal row locked for this transaction and still undecided: a second click (or
    a second secretary) finds it decided and is refused, so it has no second effect."""
    locked = ItemProposal.objects.select_for_update().get(pk=proposal.pk)
    if locked.status != ItemProposal.Status.PROPOSED:
        raise AgendaLocked(_("Forslaget er allerede behandlet."))
    return locked


def accept_proposal(*, proposal: ItemProposal, acting_user=None) -> AgendaItem:
    with transaction.atomic():
        locked = _locked_undecided(proposal)
        meeting = proposal.meeting
        item = create_item(
            meeting=meeting,
            data={
                "title": locked.title,
                "summary": locked.description,
                "recommendations_intro": default_recommendations_intro(meeting),
                "origin": AgendaItem.Origin.MEMBER_PROPOSAL,
            },
            proposed_by=locked.proposed_by,
        )
        locked.status = ItemProposal.Status.ACCEPTED
        locked.item = item
        locked.decided_at = timezone.now()
        locked.save(update_fields=["status", "item", "decided_at"])
    proposal.status, proposal.item, proposal.decided_at = locked.status, item, locked.decided_at
    _notify_proposer(proposal)
    return item


def decline_proposal(*, proposal: ItemProposal, reason: str, acting_user=None) -> None:
    with transaction.atomic():
        locked = _locked_undecided(proposal)
        locked.status = ItemProposal.Status.DECLINED
        locked.decision_note = reason
        locked.decided_at = timezone.now()
        locked.save(update_fields=["status", "decision_note", "decided_at"])
    proposal.status, proposal.decision_note = locked.status, locked.decision_note
    proposal.decided_at = locked.decided_at
    _notify_proposer(proposal)


def default_recommendations_intro(meeting: Meeting) -> str:
    return _("Forvaltningen indstiller til %(council)s") % {"council": meeting.council.name}
