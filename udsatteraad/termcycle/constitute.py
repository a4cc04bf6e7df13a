"""The constituting meeting: marked on the first meeting of a term with its standard items,
and the election of chair and vice-chair, recorded in the minutes, setting the roles by the
council's rule (`councils.rules.check_membership` refuses a chair or vice-chair the terms of
reference do not allow)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.html import escape
from django.utils.translation import gettext as _

from udsatteraad.councils.models import Membership, Term
from udsatteraad.lib.text import sanitise_html
from udsatteraad.meetings import agenda, minutes
from udsatteraad.meetings.models import Meeting

from .models import Constitution

ELECTION_ITEM = "Valg af formand og næstformand"
STANDARD_ITEMS = ["Velkomst og præsentation af medlemmerne", "Rådets forretningsorden",
                  ELECTION_ITEM]


def mark(*, meeting: Meeting, term: Term) -> Constitution:
    if not term.contains(meeting.start.date()):
        raise ValidationError(_("Mødet ligger ikke i perioden %(term)s.") % {"term": term.name})
    with transaction.atomic():
        Meeting.objects.select_for_update().get(pk=meeting.pk)
        constitution, _created = Constitution.objects.get_or_create(meeting=meeting,
                                                                   defaults={"term": term})
        have = set(meeting.items.values_list("title", flat=True))
        for title in STANDARD_ITEMS:
            if title not in have:
                agenda.create_item(meeting=meeting, data={"title": title})
    return constitution


def record(*, constitution: Constitution, chair: Membership | None,
           vice_chair: Membership | None, user) -> Constitution:
    """Set the roles chosen at the meeting and write the result into the election item's
    decision. The previous holders of the roles in the term become members."""
    with transaction.atomic():
        row = Constitution.objects.select_for_update().select_related("meeting", "term").get(
            pk=constitution.pk)
        if chair is not None and vice_chair is not None and chair.pk == vice_chair.pk:
            raise ValidationError(_("Formand og næstformand skal være to forskellige."))
        # One save per previous holder (not a queryset update): the membership's history
        # then records when each stopped being chair or vice-chair.
        keeps = {m.pk: role for m, role in ((chair, Membership.Role.CHAIR),
                                            (vice_chair, Membership.Role.VICE_CHAIR))
                 if m is not None}
        for previous in (Membership.objects.select_for_update()
                         .filter(term=row.term, role__in=[Membership.Role.CHAIR,
                                                          Membership.Role.VICE_CHAIR])):
            if keeps.get(previous.pk) == previous.role:
                continue
            previous.role = Membership.Role.MEMBER
            previous.save(update_fields=["role", "modified"])
        for membership, role in ((chair, Membership.Role.CHAIR),
                                 (vice_chair, Membership.Role.VICE_CHAIR)):
            if membership is None:
                continue
            membership.refresh_from_db()
            membership.role = role
            membership.full_clean()  # the terms of reference's chair and vice-chair rules
            membership.save(update_fields=["role", "modified"])
        parts = []
        if chair is not None:
            parts.append(_("%(name)s blev valgt som formand") % {"name": chair.person.name})
        if vice_chair is not None:
            parts.append(_("%(name)s blev valgt som næstformand")
                         % {"name": vice_chair.person.name})
        item = row.meeting.items.filter(title=ELECTION_ITEM).first()
        if item is not None and parts:
            text = escape(" og ".join(parts) + ".")
            minutes.set_decision(item=item, decision=sanitise_html(f"<p>{text}</p>"),
                                 revision=item.revision)
        row.chair, row.vice_chair = chair, vice_chair
        row.recorded_at, row.recorded_by = timezone.now(), user
        row.save(update_fields=["chair", "vice_chair", "recorded_at", "recorded_by"])
    return row
