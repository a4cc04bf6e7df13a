"""`manage.py heartbeat NAME`: record that a scheduled job ran (shown by /healthz).

Run it after the job in the same unit or cron line, so it records success only:
`manage.py search_index --optimize && manage.py heartbeat search-optimize`."""

from django.core.management.base import BaseCommand, CommandError

from udsatteraad.ops.models import Heartbeat


class Command(BaseCommand):
    help = "Noter at et planlagt job har kørt (vises af /healthz)."

    def add_arguments(self, parser):
        parser.add_argument("name", help="jobbets navn, fx search-optimize")

    def handle(self, *args, name: str, **options):
        name = name.strip()
        if not name or len(name) > 50:
            raise CommandError("Navnet skal være 1-50 tegn.")
        Heartbeat.record(name)
