"""manage.py remind_nominations: remind the organisations that have not answered a request
for a nomination, once, when its link is about to expire or has just expired (the rule:
`NominationQuerySet.due_automatic_reminder`). The reminder carries a new link, as the secretary's
"Send påmindelse" does. Idempotent: a second run finds nothing due."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from udsatteraad.termcycle.actions import remind_unanswered


class Command(BaseCommand):
    help = "Sender påmindelser om indstillinger, som organisationerne ikke har besvaret."

    def handle(self, *args, **options) -> None:
        sent = remind_unanswered()
        self.stdout.write(f"{sent} påmindelse(r) om indstillinger sendt.")
