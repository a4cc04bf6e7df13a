"""manage.py purge_import_batches [--days N]: delete archive-import batches older than N days
(90), with their documents' source text and report. The meetings they imported stay. A
document's text may hold personal data the guard stopped, so it is not kept for ever.
Idempotent; a daily job in udsatteraad/ops/schedule.py."""

from __future__ import annotations

import datetime as dt

from django.core.management.base import BaseCommand
from django.utils import timezone

from udsatteraad.imports.models import ImportBatch

KEEP_DAYS = 90


class Command(BaseCommand):
    help = "Slet arkivimporter (kildetekst og rapport) ældre end --days dage (90)."

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=KEEP_DAYS)

    def handle(self, *args, days: int, **options):
        cutoff = timezone.now() - dt.timedelta(days=max(days, 1))
        deleted, _ = ImportBatch.objects.filter(created__lt=cutoff).delete()
        self.stdout.write(f"Arkivimporter slettet: {deleted} rækker.")
