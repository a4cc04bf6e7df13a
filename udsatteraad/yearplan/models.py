"""The annual plan (årshjul): per council and year, what the council plans besides its
meetings (themes, theme days, conferences, campaigns, dialogue and user-group meetings, the
status report, the evaluation). The meetings themselves stay in the meetings app; the plan
page shows both. The recurring duties that follow from the terms of reference are computed in
`duties.py` and, when the secretariat asks, put into the plan as entries."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from udsatteraad.councils.models import Council


class PlanEntryQuerySet(models.QuerySet["PlanEntry"]):
    def in_year(self, council: Council, year: int) -> PlanEntryQuerySet:
        return self.filter(council=council, year=year)


class PlanEntry(models.Model):
    class Kind(models.TextChoices):
        THEME = "theme", _("Tema")
        THEME_DAY = "theme_day", _("Temadag")
        CONFERENCE = "conference", _("Konference")
        CAMPAIGN = "campaign", _("Kampagne")
        DIALOGUE = "dialogue", _("Dialogmøde med udvalget")
        USER_GROUPS = "user_groups", _("Møde med brugergrupper")
        STATUS_REPORT = "status_report", _("Status- eller årsberetning")
        EVALUATION = "evaluation", _("Evaluering")
        OTHER = "other", _("Andet")

    council = models.ForeignKey(Council, models.CASCADE, related_name="plan_entries")
    year = models.PositiveSmallIntegerField("år")
    kind = models.CharField("type", max_length=20, choices=Kind.choices)
    title = models.CharField("titel", max_length=200)
    description = models.TextField("beskrivelse", blank=True, max_length=5000)
    month = models.PositiveSmallIntegerField(
        "måned", null=True, blank=True, help_text="Når datoen endnu ikke er fastlagt.")
    date = models.DateField("dato", null=True, blank=True)
    end_date = models.DateField("slutdato", null=True, blank=True)
    # Set when the system put the entry into the plan for a duty of the terms of reference
    # (duties.Duty.code), so the duty counts it and it is not added twice.
    duty = models.CharField("pligt", max_length=30, blank=True)
    is_public = models.BooleanField("vises offentligt", default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+")
    created = models.DateTimeField(auto_now_add=True)
    modified = models.DateTimeField(auto_now=True)

    objects = PlanEntryQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["council", "year", "date", "month", "id"]
        indexes = [models.Index(fields=["council", "year"])]
        verbose_name = "punkt i årshjulet"
        verbose_name_plural = "punkter i årshjulet"

    def __str__(self) -> str:
        return f"{self.title} ({self.year})"

    def clean(self) -> None:
        errors: dict[str, Any] = {}
        if self.month is not None and not 1 <= self.month <= 12:
            errors["month"] = _("Vælg en måned fra januar til december.")
        if self.date and self.year and self.date.year != self.year:
            errors["date"] = _("Datoen skal ligge i %(year)s.") % {"year": self.year}
        if self.end_date and self.date and self.end_date < self.date:
            errors["end_date"] = _("Slutdatoen kan ikke ligge før datoen.")
        if self.end_date and not self.date:
            errors["end_date"] = _("Angiv en dato, når der er en slutdato.")
        if errors:
            raise ValidationError(errors)

    @property
    def effective_month(self) -> int | None:
        return self.date.month if self.date else self.month

    @property
    def sort_day(self) -> dt.date:
        month = self.effective_month or 12
        return self.date or dt.date(self.year, month, 28)


class OpenDuty(models.Model):
    """A duty of the terms of reference that is due soon (or overdue) and not yet planned, as
    the periodic job `plan_duties` last found it: the task lists read these rows (one query
    for any number of councils) and the job mails the secretariat once per row."""

    council = models.ForeignKey(Council, models.CASCADE, related_name="open_duties")
    year = models.PositiveSmallIntegerField()
    duty = models.CharField(max_length=30)
    label = models.CharField(max_length=300)
    missing = models.PositiveSmallIntegerField()
    due = models.DateField()
    mailed = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["council", "year", "duty"],
                                               name="open_duty_once")]

    def __str__(self) -> str:
        return f"{self.council}: {self.label} ({self.year})"


class RenderedPlan(models.Model):
    """The public annual plan's PDF as last rendered, under a digest of everything it shows
    (as meetings' RenderedPdf): any change gives a new key and renders anew."""

    council = models.ForeignKey(Council, models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField()
    key = models.CharField(max_length=64)
    content = models.BinaryField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["council", "year"],
                                               name="rendered_plan_unique")]

    def __str__(self) -> str:
        return f"{self.council} {self.year}"
