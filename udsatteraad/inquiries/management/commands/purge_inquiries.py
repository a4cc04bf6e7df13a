"""manage.py purge_inquiries: erase the personal data of closed inquiries past their retention.

Daily (cron or a scheduled task); idempotent and cheap, so safe every few minutes too. A closed
inquiry keeps its personal data for the council's retention months (default 12) after
closing, a personal case for 30 days; then name, contact, message, summary and reply are
blanked in the row and in every history row. Anonymous statistics stay. Also drops the
contact form's rate-limit marks older than their window.
"""

from __future__ import annotations

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from udsatteraad.inquiries import actions, throttle


class Command(BaseCommand):
    help = _("Sletter personoplysninger i lukkede henvendelser, når opbevaringstiden er gået.")

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true",
                            help=_("Vis kun, hvor mange der ville blive slettet."))

    def handle(self, *args, **options):
        if options["dry_run"]:
            due = actions.due_for_purge()
            self.stdout.write(_("%(n)s henvendelse(r) ville få slettet personoplysninger.")
                              % {"n": len(due)})
            return
        count = actions.purge()
        marks = throttle.forget_old()
        self.stdout.write(_("Personoplysninger slettet i %(n)s henvendelse(r); %(m)s gamle "
                            "spærremærker fjernet.") % {"n": count, "m": marks})
