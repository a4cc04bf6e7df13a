"""`manage.py sync_public_records`: record what OParl shows of every meeting that has been
public, so objects that later leave the public become `deleted: true` tombstones. Publishing
keeps the records itself; run this once after upgrading to a version with tombstones (and
after restoring an old backup). Idempotent."""

from __future__ import annotations

from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from udsatteraad.meetings.models import Meeting
from udsatteraad.oparl.records import sync_public_records


class Command(BaseCommand):
    help = "Noter OParl-objekterne for alle møder, der har været offentlige (sletninger vises)."

    def handle(self, *args, **options) -> None:
        now = timezone.now()
        meetings = Meeting.objects.exclude(status=Meeting.Status.PLANNED).order_by("pk")
        count = 0
        for meeting in meetings.iterator(chunk_size=500):
            with transaction.atomic():
                sync_public_records(meeting, now=now)
            count += 1
        self.stdout.write(f"{count} møder gennemgået.")
