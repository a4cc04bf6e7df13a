"""`manage.py purge_submit_tokens`: forget create forms' single-use tokens after a day (a page
left open longer and sent again makes a new row, as it would without the token). Idempotent;
run it daily or every few minutes."""

import datetime as dt

from django.core.management.base import BaseCommand
from django.utils import timezone

from udsatteraad.ops.models import Heartbeat, SubmitToken

KEEP = dt.timedelta(days=1)


class Command(BaseCommand):
    help = "Slet formularers engangsnøgler, der er ældre end et døgn."

    def handle(self, *args, **options):
        deleted, _ = SubmitToken.objects.filter(created__lt=timezone.now() - KEEP).delete()
        Heartbeat.record("purge-submit-tokens")
        self.stdout.write(f"{deleted} engangsnøgler slettet.")
