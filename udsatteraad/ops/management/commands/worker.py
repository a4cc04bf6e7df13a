"""`manage.py worker`: the background worker. Runs the queued tasks (mail, scheduled jobs)
from the database (django-tasks-db) and, every --tick seconds, records its heartbeat (shown by
/healthz) and queues the periodic jobs that are due (udsatteraad/ops/schedule.py).

Started by `make run` and `make serve` next to the web server, and in production by the
udsatteraad-worker systemd unit (docs/deploy.md). Several workers may run at once: a task or
a due job is claimed in the database by one of them. SIGTERM or Ctrl-C lets a running task
finish; a second one stops at once.
"""

from __future__ import annotations

import logging
import time

from django.core.management.base import BaseCommand, CommandError
from django.tasks import task_backends
from django.utils import timezone
from django.utils.crypto import get_random_string
from django_tasks_db.backend import DatabaseBackend
from django_tasks_db.management.commands.db_worker import Worker

from udsatteraad.ops import schedule
from udsatteraad.ops.models import Heartbeat
from udsatteraad.ops.tasks import run_job

HEARTBEAT = "worker"


def tick(now=None) -> list[str]:
    """Record the worker's heartbeat and queue the jobs now due; return their names."""
    now = now or timezone.now()
    Heartbeat.record(HEARTBEAT)
    due = schedule.claim_due(now)
    for job in due:
        run_job.enqueue(job.key)
    return [job.key for job in due]


class Command(BaseCommand):
    help = "Kør baggrundsopgaverne (e-mail, planlagte job) fra databasen."

    def add_arguments(self, parser):
        parser.add_argument("--interval", type=float, default=1.0,
                            help="sekunder mellem kig i køen, når den er tom (1)")
        parser.add_argument("--tick", dest="tick_seconds", type=float, default=30.0,
                            help="sekunder mellem hjerteslag og kig i tidsplanen (30)")
        parser.add_argument("--once", action="store_true",
                            help="kør det, der venter, og de job, der er forfaldne, og stop")

    def handle(self, *args, interval: float, tick_seconds: float, once: bool, **options):
        if not isinstance(task_backends["default"], DatabaseBackend):
            raise CommandError("TASKS bruger ikke databasen; der er intet for en worker at gøre.")
        if interval < 0 or tick_seconds <= 0:
            raise CommandError("--interval og --tick skal være positive.")
        # The library logs each empty pass through the queue at INFO; tasks themselves are
        # logged by Django ("django.tasks").
        if options["verbosity"] < 2:
            logging.getLogger("django_tasks_db").setLevel(logging.WARNING)
        # batch=True: Worker.run() returns when the queue is empty, so this loop can beat the
        # heartbeat and look at the schedule between passes.
        worker = Worker(
            queue_names=["*"], interval=0, batch=True, backend_name="default",
            startup_delay=False, max_tasks=None, worker_id=get_random_string(32),
            excluded_queue_names=[],
        )
        if not once:
            worker.configure_signals()
            self.stdout.write(f"Worker {worker.worker_id} kører (Ctrl-C stopper).")
        last_tick = float("-inf")
        while worker.running:
            if time.monotonic() - last_tick >= tick_seconds:
                last_tick = time.monotonic()
                for key in tick():
                    self.stdout.write(f"Job sat i kø: {key}")
            worker.run()
            if once:
                return
            time.sleep(interval)
