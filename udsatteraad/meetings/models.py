"""Meetings, agenda items and attachments (capabilities.md section 3).

The foundation carries what the demo's held meeting (Randers, 27 September 2021) needs;
planning, publishing and minutes approval build on these models.
"""

from __future__ import annotations

from django.db import models
from django.urls import reverse
from simple_history.models import HistoricalRecords

from udsatteraad.councils.models import Council, Venue


class MeetingQuerySet(models.QuerySet["Meeting"]):
    def public(self) -> MeetingQuerySet:
        return self.exclude(status__in=[Meeting.Status.PLANNED, Meeting.Status.CANCELLED])


class Meeting(models.Model):
    class Kind(models.TextChoices):
        ORDINARY = "ordinary", "Ordinært møde"
        EXTRAORDINARY = "extraordinary", "Ekstraordinært møde"
        DIALOGUE = "dialogue", "Dialogmøde med udvalg"
        USER_GROUPS = "user_groups", "Møde med brugergrupper"
        JOINT = "joint", "Fællesmøde"
        OPEN_ASSEMBLY = "open_assembly", "Stormøde"
        THEME_DAY = "theme_day", "Temadag"

    class Status(models.TextChoices):
        PLANNED = "planned", "Planlagt"
        AGENDA_PUBLISHED = "agenda_published", "Dagsorden offentliggjort"
        HELD = "held", "Afholdt"
        MINUTES_APPROVED = "minutes_approved", "Referat godkendt"
        MINUTES_PUBLISHED = "minutes_published", "Referat offentliggjort"
        CANCELLED = "cancelled", "Aflyst"

    council = models.ForeignKey(Council, models.CASCADE, related_name="meetings")
    kind = models.CharField("mødetype", max_length=20, choices=Kind.choices, default=Kind.ORDINARY)
    title = models.CharField("titel", max_length=300)
    start = models.DateTimeField("start")
    end = models.DateTimeField("slut", null=True, blank=True)
    venue = models.ForeignKey(
        Venue, models.SET_NULL, null=True, blank=True, related_name="meetings",
        verbose_name="mødested",
    )
    location = models.CharField("lokale/adresse", max_length=300, blank=True)
    status = models.CharField(
        "status", max_length=20, choices=Status.choices, default=Status.PLANNED
    )
    created = models.DateTimeField(auto_now_add=True)
    modified = models.DateTimeField(auto_now=True)

    objects = MeetingQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["council", "-start"]
        verbose_name = "møde"
        verbose_name_plural = "møder"

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("meeting", args=[self.council.slug, self.pk])

    @property
    def has_public_minutes(self) -> bool:
        return self.status == self.Status.MINUTES_PUBLISHED

    @property
    def place(self) -> str:
        parts = [self.location, self.venue.name if self.venue else ""]
        return ", ".join(p for p in parts if p)


class AgendaItem(models.Model):
    meeting = models.ForeignKey(Meeting, models.CASCADE, related_name="items")
    number = models.PositiveIntegerField("nummer", null=True, blank=True)
    position = models.PositiveSmallIntegerField("rækkefølge", default=0)
    title = models.CharField("titel", max_length=300)
    case_number = models.CharField("sagsnummer", max_length=60, blank=True)
    summary = models.TextField("resumé", blank=True)
    recommendations_intro = models.CharField(
        "indledning til indstilling", max_length=200, blank=True,
        help_text="F.eks. »Forvaltningen indstiller til Udsatterådet«.",
    )
    recommendations = models.JSONField("indstillinger", default=list, blank=True)
    decision = models.TextField("beslutning", blank=True)
    case_presentation = models.TextField("sagsfremstilling", blank=True)
    start_time = models.TimeField("starttid", null=True, blank=True)
    end_time = models.TimeField("sluttid", null=True, blank=True)
    is_public = models.BooleanField("åbent punkt", default=True)
    created = models.DateTimeField(auto_now_add=True)
    modified = models.DateTimeField(auto_now=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["meeting", "position", "number"]
        verbose_name = "dagsordenspunkt"
        verbose_name_plural = "dagsordenspunkter"

    def __str__(self) -> str:
        return f"Punkt {self.number}: {self.title}" if self.number else self.title


class Attachment(models.Model):
    item = models.ForeignKey(AgendaItem, models.CASCADE, related_name="attachments")
    title = models.CharField("titel", max_length=300)
    file = models.FileField("fil", upload_to="attachments/%Y/", blank=True)
    is_public = models.BooleanField("åbent bilag", default=True)
    position = models.PositiveSmallIntegerField("rækkefølge", default=0)
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["item", "position", "id"]
        verbose_name = "bilag"
        verbose_name_plural = "bilag"

    def __str__(self) -> str:
        return self.title
