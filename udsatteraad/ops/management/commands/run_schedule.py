"""`manage.py run_schedule`: run the periodic jobs that are due (udsatteraad/ops/schedule.py)
here and now, for an installation that runs cron instead of the worker
(`* * * * * udsatteraad-manage run_schedule`). Safe to run every minute and on several
servers: each due job is claimed once. `--job NAME` runs one job now, due or not."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from udsatteraad.ops import schedule
from udsatteraad.ops.tasks import run_job


class Command(BaseCommand):
    help = "Kør de planlagte job, der er forfaldne (til cron i stedet for worker)."

    def add_arguments(self, parser):
        parser.add_argument("--job", help="kør dette job nu: " +
                            ", ".join(j.key for j in schedule.JOBS))

    def handle(self, *args, job: str | None, **options):
        if job:
            try:
                jobs = [schedule.get(job)]
            except KeyError:
                raise CommandError(f"Intet job hedder {job!r}.") from None
        else:
            jobs = schedule.claim_due(timezone.now())
        failed = []
        for j in jobs:
            self.stdout.write(f"{j.key} ...")
            try:
                # The task's function itself: inline, whatever TASKS says.
                run_job.call(j.key)
            except Exception:
                failed.append(j.key)  # logged with its traceback by run_job
        if failed:
            raise CommandError("Fejlede: " + ", ".join(failed))
