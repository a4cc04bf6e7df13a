"""Self-service set-up: invitations by e-mail and the record of who set up and invited whom.

An invitation's link carries a signed, expiring token (tokens.py); only its SHA-256 hash is
stored, so a copy of the database opens no account. Sending a new invitation to the same
person for the same council replaces the older one (`replaced_at`): only the newest link works.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class InvitationQuerySet(models.QuerySet["Invitation"]):
    def open(self) -> InvitationQuerySet:
        """Neither used, replaced nor expired."""
        return self.filter(used_at=None, replaced_at=None, expires_at__gt=timezone.now())


class Invitation(models.Model):
    class Role(models.TextChoices):
        SECRETARY = "secretary", _("Sekretær")
        MEMBER = "member", _("Medlem")

    council = models.ForeignKey("councils.Council", models.CASCADE, related_name="invitations")
    role = models.CharField("rolle", max_length=20, choices=Role.choices)
    email = models.EmailField("e-mail")
    name = models.CharField("navn", max_length=200, blank=True)
    # The member invited (members only): accepting links the new login to this person.
    person = models.ForeignKey("councils.Person", models.CASCADE, null=True, blank=True,
                               related_name="invitations")
    token_hash = models.CharField(max_length=64, unique=True)
    invited_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True,
                                   related_name="+", verbose_name="inviteret af")
    created = models.DateTimeField("sendt", default=timezone.now)
    expires_at = models.DateTimeField("udløber")
    used_at = models.DateTimeField("brugt", null=True, blank=True)
    replaced_at = models.DateTimeField("erstattet", null=True, blank=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True,
                             related_name="+", verbose_name="login")

    objects = InvitationQuerySet.as_manager()

    class Meta:
        ordering = ["-created"]
        verbose_name = "invitation"
        verbose_name_plural = "invitationer"

    def __str__(self) -> str:
        return f"{self.email} ({self.get_role_display()}, {self.council})"

    @property
    def state(self) -> str:
        if self.used_at:
            return "used"
        if self.replaced_at:
            return "replaced"
        if self.expires_at <= timezone.now():
            return "expired"
        return "open"


class SetupEvent(models.Model):
    """Who set up which council, and who invited whom: the platform's audit trail."""

    class Kind(models.TextChoices):
        COUNCIL_FROM_FILE = "council_from_file", _("Råd oprettet fra rådsfil")
        COUNCIL_COPIED = "council_copied", _("Råd oprettet som kopi")
        COUNCIL_BLANK = "council_blank", _("Råd oprettet fra tom formular")
        INVITED = "invited", _("Invitation sendt")
        ACCEPTED = "accepted", _("Invitation taget imod")

    kind = models.CharField("hændelse", max_length=30, choices=Kind.choices)
    council = models.ForeignKey("councils.Council", models.CASCADE, related_name="setup_events")
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True,
                              related_name="+", verbose_name="udført af")
    email = models.EmailField("e-mail", blank=True)
    note = models.CharField("note", max_length=300, blank=True)
    at = models.DateTimeField("tidspunkt", default=timezone.now)

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = "opsætningshændelse"
        verbose_name_plural = "opsætningshændelser"

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.get_kind_display()}: {self.council}"
