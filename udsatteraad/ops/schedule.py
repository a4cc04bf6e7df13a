"""The periodic jobs: management commands and how often each runs.

`manage.py worker` (the background worker, started by `make run`, `make serve` and the
udsatteraad-worker systemd unit) looks at this list every half minute and queues each job that
is due as a task; `manage.py run_schedule` does the same inline, for cron instead of a worker.
Every job must be idempotent: it may run late, twice after a crash, or on another server.

A job is claimed in the database before it runs (one conditional UPDATE), so with several
workers or servers each due job still starts once. When it finishes without an exception it
records its heartbeat (`Heartbeat`, name below), which /healthz shows.

To add a job: one `Job(...)` line in JOBS (keep each engineer's lines together).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db.models import Q

HOUR = timedelta(hours=1)
DAY = timedelta(days=1)


@dataclass(frozen=True)
class Job:
    command: str
    every: timedelta
    args: tuple[str, ...] = ()
    # The job's name in the schedule, the task and its heartbeat; the command's by default.
    name: str = ""

    @property
    def key(self) -> str:
        return self.name or self.command


JOBS: tuple[Job, ...] = (
    # OParl tombstones for meetings that left the public (publishing keeps them itself; this
    # catches restores and upgrades).
    Job("sync_public_records", every=DAY),
    # Text of attachments uploaded before extraction ran on upload, into the search index.
    Job("extract_attachment_text", every=HOUR),
    # Merge the small index segments publishing appends (bounded), purge withdrawn text,
    # refresh the planner's statistics; nightly also every segment with withdrawn text.
    Job("search_maintain", every=timedelta(minutes=5)),
    Job("search_maintain", every=DAY, args=("--force",), name="search-maintain-nightly"),
    Job("clearsessions", every=DAY),
    # Finished task results (sent mail, job output) are kept two weeks for inspection.
    Job("prune_db_task_results", every=DAY, args=("--min-age-days", "14"),
        name="prune-task-results"),
    # Personal data of closed inquiries past the council's retention (issue 10).
    Job("purge_inquiries", every=DAY),
    # Reminders to members who have not commented, N days before a hearing's deadline.
    Job("hearing_reminders", every=HOUR),
    # The daily digest of notices; the command itself sends each person at most one a day.
    Job("send_digests", every=HOUR),
    # Single-use tokens of create forms older than a day.
    Job("purge_submit_tokens", every=DAY),
    # Archive imports' batches (source text, report) after 90 days; the meetings stay.
    Job("purge_import_batches", every=DAY),
    # Duties of the terms of reference due soon and not planned (annual plan, issue 13).
    Job("plan_duties", every=HOUR),
    # Written rounds on minutes (issue 12): silence until the deadline is approval.
    Job("minutes_written_rounds", every=HOUR),
    # Organisations that have not answered a request for a nomination (issue 13): one reminder.
    Job("remind_nominations", every=HOUR),
)


def get(key: str) -> Job:
    for job in JOBS:
        if job.key == key:
            return job
    raise KeyError(key)


def claim_due(now: datetime, jobs: tuple[Job, ...] | None = None) -> list[Job]:
    """The jobs due at `now`, each marked started so no other worker or cron run takes it."""
    from .models import JobRun

    jobs = JOBS if jobs is None else jobs
    known = set(JobRun.objects.filter(name__in=[j.key for j in jobs])
                .values_list("name", flat=True))
    JobRun.objects.bulk_create([JobRun(name=j.key) for j in jobs if j.key not in known],
                               ignore_conflicts=True)
    claimed = []
    for job in jobs:
        # Whoever updates the row first owns this run; the others see 0 rows changed.
        won = JobRun.objects.filter(
            Q(started_at__isnull=True) | Q(started_at__lte=now - job.every), name=job.key,
        ).update(started_at=now)
        if won:
            claimed.append(job)
    return claimed
