"""`manage.py send_digests`: the daily e-mail of notices for people who chose a digest.

Idempotent and safe to run every few minutes: a person gets at most one digest in
23 hours, and a notice is marked sent only once its mail went out."""

from django.core.management.base import BaseCommand

from udsatteraad.notifications.notify import pending_digest_users, send_digest


class Command(BaseCommand):
    help = "Send den daglige samle-e-mail med beskeder til dem, der har valgt den."

    def add_arguments(self, parser):
        parser.add_argument("--force", action="store_true",
                            help="send også til dem, der har fået en samle-e-mail i dag")

    def handle(self, *args, force: bool = False, **options):
        users = notices = 0
        for user in pending_digest_users(force=force):
            n = send_digest(user)
            if n:
                users += 1
                notices += n
        self.stdout.write(f"{users} samle-e-mail(s) med {notices} besked(er) sendt.")
