from django.core.management.base import BaseCommand

from udsatteraad.yearplan.reminders import remind_all


class Command(BaseCommand):
    help = ("Finder pligter fra kommissorierne (dialogmøder, brugermøder, statusrapporter, "
            "evaluering), der snart skal holdes og ikke er planlagt, og skriver til "
            "sekretariatet én gang om hver. Kan køres så ofte, man vil.")

    def handle(self, *args, **options) -> None:
        sent = remind_all()
        self.stdout.write(f"{sent} påmindelser sendt.")
