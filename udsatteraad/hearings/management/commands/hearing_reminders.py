"""manage.py hearing_reminders: e-mail the members who have not commented on a hearing
when its deadline is the council's number of days away (rules of procedure, default 5).
Idempotent: safe to run every few minutes; nobody is reminded twice about one hearing."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from udsatteraad.hearings.reminders import send_reminders


class Command(BaseCommand):
    help = "Send påmindelser om høringer til medlemmer, der ikke har kommenteret."

    def handle(self, *args, **options) -> None:
        sent = send_reminders()
        self.stdout.write(f"{sent} påmindelse(r) sendt.")
