"""/healthz: for load balancers and monitoring. No cookie, no login, no redirect to https."""

from __future__ import annotations

from django.conf import settings
from django.db import DatabaseError, connection
from django.db.migrations.executor import MigrationExecutor
from django.http import JsonResponse
from django.utils import timezone
from django.views.decorators.cache import never_cache

from .models import Heartbeat

# Migrations can only become applied while a process runs (new code means a new process), so
# once they are all applied the check is not repeated: loading the migration graph takes
# ~100 ms, too much for a probe every few seconds.
_migrations_applied = False


def _unapplied_migrations() -> list[str]:
    global _migrations_applied
    if _migrations_applied:
        return []
    executor = MigrationExecutor(connection)
    plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
    pending = [f"{m.app_label}.{m.name}" for m, _backwards in plan]
    _migrations_applied = not pending
    return pending


WORKER = "worker"  # the heartbeat `manage.py worker` records


def _worker(beat: dict | None) -> dict:
    """Whether the background worker was seen recently, and how many tasks wait for it."""
    from django_tasks_db.models import DBTaskResult

    return {
        "seen": beat is not None and not beat["stale"],
        "age_seconds": beat["age_seconds"] if beat else None,
        # Ready tasks (an index serves this count); a growing number means no worker runs.
        "waiting": DBTaskResult.objects.ready().count(),
    }


@never_cache
def healthz(request):
    report: dict = {"database": False, "migrations": False, "heartbeats": {}}
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        report["database"] = True
        pending = _unapplied_migrations()
        report["migrations"] = not pending
        if pending:
            report["unapplied_migrations"] = pending
        now = timezone.now()
        for beat in Heartbeat.objects.order_by("name"):
            age = (now - beat.seen_at).total_seconds()
            # The worker beats every half minute (manage.py worker), the jobs once a run.
            limit = (settings.WORKER_MAX_AGE if beat.name == WORKER
                     else settings.HEARTBEAT_MAX_AGE)
            report["heartbeats"][beat.name] = {
                "last": beat.seen_at.isoformat(),
                "age_seconds": int(age),
                # Reported, not failed on: a late nightly job must not take the site out of
                # the load balancer. Monitoring alerts on it.
                "stale": age > limit,
            }
        report["worker"] = _worker(report["heartbeats"].get(WORKER))
    except DatabaseError as e:
        report["error"] = type(e).__name__
    ok = report["database"] and report["migrations"]
    report["status"] = "ok" if ok else "fail"
    return JsonResponse(report, status=200 if ok else 503)
