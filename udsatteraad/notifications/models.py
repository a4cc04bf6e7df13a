"""Who is told what by e-mail, and when: each person chooses between a mail at once and one
daily digest. Every notice is stored, so a digest can be built later and a failed digest
tried again; the stored row is also the record of what the person was told."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Preference(models.Model):
    class Mode(models.TextChoices):
        IMMEDIATE = "immediate", _("Med det samme, én e-mail pr. besked")
        DIGEST = "digest", _("Samlet i én e-mail om dagen")

    user = models.OneToOneField(settings.AUTH_USER_MODEL, models.CASCADE,
                                related_name="notification_preference")
    mode = models.CharField(_("Hvornår vil du have besked?"), max_length=20,
                            choices=Mode.choices, default=Mode.IMMEDIATE)
    # When the last daily digest went out, so running send_digests often sends one a day.
    last_digest_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "beskedindstilling"
        verbose_name_plural = "beskedindstillinger"

    def __str__(self) -> str:
        return f"{self.user}: {self.mode}"

    @classmethod
    def mode_for(cls, user: Any) -> str:
        row = cls.objects.filter(user=user).only("mode").first()
        return row.mode if row else cls.Mode.IMMEDIATE


class Notice(models.Model):
    """One thing a person was told. `sent_at` is empty while it waits for the digest."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, models.CASCADE, related_name="notices")
    kind = models.CharField(max_length=50)
    subject = models.CharField(max_length=300)
    text = models.TextField()
    url = models.CharField(max_length=500, blank=True)
    created = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["user", "created", "id"]
        indexes = [models.Index(fields=["sent_at", "user"])]
        verbose_name = "besked"
        verbose_name_plural = "beskeder"

    def __str__(self) -> str:
        return self.subject
