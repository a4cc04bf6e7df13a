"""manage.py minutes_written_rounds: approve the minutes of every written round whose deadline
has passed without an objection (silence is approval, RulesOfProcedure.minutes_written_days)
and tell the secretariat. Idempotent: approved minutes are no longer waiting, so running it
every hour approves each round once. Rounds with an objection are left to the secretariat."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from udsatteraad.meetings.approval import close_due_rounds


class Command(BaseCommand):
    help = "Godkend referater, hvor fristen for skriftlige indsigelser er udløbet uden indsigelser."

    def handle(self, *args, **options):
        approved = close_due_rounds()
        for meeting in approved:
            self.stdout.write(f"Godkendt skriftligt: {meeting.council} – {meeting.title} "
                              f"({meeting.pk})")
        self.stdout.write(f"{len(approved)} referat(er) godkendt.")
