from django.db import models
from django.utils import timezone


class Heartbeat(models.Model):
    """When a background job (cron, systemd timer, a worker) last finished; /healthz shows it."""

    name = models.CharField(max_length=50, unique=True)
    seen_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"{self.name} {self.seen_at:%Y-%m-%d %H:%M}"

    @classmethod
    def record(cls, name: str) -> None:
        cls.objects.update_or_create(name=name, defaults={"seen_at": timezone.now()})


class JobRun(models.Model):
    """When a periodic job (udsatteraad/ops/schedule.py) was last started: the claim that
    keeps two workers from starting the same run."""

    name = models.CharField(max_length=50, unique=True)
    started_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return self.name
