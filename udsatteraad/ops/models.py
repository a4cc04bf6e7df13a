from django.conf import settings
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


class SubmitToken(models.Model):
    """A create form's single-use token (udsatteraad/ops/submit.py), stored when the form's
    POST succeeded: a second POST with the same token (a double click, a resubmitted page) is
    sent where the first went instead of creating another row."""

    token = models.CharField(max_length=64, unique=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                             on_delete=models.CASCADE, related_name="+")
    path = models.CharField(max_length=500)
    redirect_to = models.CharField(max_length=500)
    created = models.DateTimeField(default=timezone.now, db_index=True)

    def __str__(self) -> str:
        return f"{self.path} {self.created:%Y-%m-%d %H:%M}"


class JobRun(models.Model):
    """When a periodic job (udsatteraad/ops/schedule.py) was last started: the claim that
    keeps two workers from starting the same run."""

    name = models.CharField(max_length=50, unique=True)
    started_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return self.name
