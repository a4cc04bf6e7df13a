"""Writes to the annual plan: entries saved after the publication guard (a public entry is
public at once), and the missing duties put into the plan in one step."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from udsatteraad.councils.models import Council
from udsatteraad.meetings.guarding import check

from .duties import missing_duties
from .models import PlanEntry


def guard_entry(entry: PlanEntry) -> None:
    """A public entry's texts are public as soon as it is saved: they pass the guard first
    (raises guard.PublicationBlocked)."""
    if entry.is_public and entry.council.is_public:
        check([(_("Årshjul: titel"), entry.title),
               (_("Årshjul: beskrivelse"), entry.description)], council=entry.council)


def save_entry(*, entry: PlanEntry, user) -> PlanEntry:
    with transaction.atomic():
        guard_entry(entry)
        if entry.pk is None:
            entry.created_by = user
        entry.save()
    return entry


def add_missing_duties(*, council: Council, year: int, user) -> list[PlanEntry]:
    """One entry per missing duty occurrence, in the month it is due; the secretariat moves
    them to the right dates afterwards. Locks the council's row so two clicks add them once."""
    with transaction.atomic():
        Council.objects.select_for_update().filter(pk=council.pk).first()
        added = []
        for duty in missing_duties(council, year):
            for _n in range(duty.missing):
                added.append(PlanEntry.objects.create(
                    council=council, year=year, kind=duty.kind, title=duty.label,
                    month=duty.due.month if duty.due.year == year else 12, duty=duty.code,
                    created_by=user))
    return added
