"""Tasks the background worker runs for operations: the periodic jobs of schedule.py."""

from __future__ import annotations

import io
import logging

from django.core.management import call_command
from django.tasks import task

from . import schedule
from .models import Heartbeat

log = logging.getLogger("udsatteraad.ops.jobs")


@task
def run_job(key: str) -> str:
    """Run one scheduled job's command; record its heartbeat when it succeeded. Returns the
    end of what the command printed (kept with the task result)."""
    job = schedule.get(key)
    out = io.StringIO()
    try:
        call_command(job.command, *job.args, stdout=out, stderr=out)
    except Exception:
        log.exception("scheduled job failed: %s", key)
        raise
    Heartbeat.record(key)
    log.info("scheduled job done: %s", key)
    return out.getvalue()[-4000:]
