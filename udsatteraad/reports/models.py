"""Status reports and evaluations drafted from what the system recorded (issue 13): the
figures are computed (`figures.py`) and kept with the report as they were when it was
approved, the secretariat writes the text around them, the council's approval is recorded,
and the report is published (page and PDF) and sent to the assembly."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from udsatteraad.councils.models import Council


class Report(models.Model):
    class Kind(models.TextChoices):
        STATUS = "status", _("Statusrapport")
        ANNUAL = "annual", _("Årsberetning")
        EVALUATION = "evaluation", _("Evaluering")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Udkast")
        APPROVED = "approved", _("Godkendt af rådet")
        PUBLISHED = "published", _("Offentliggjort")

    council = models.ForeignKey(Council, models.CASCADE, related_name="reports")
    kind = models.CharField("type", max_length=20, choices=Kind.choices)
    title = models.CharField("titel", max_length=200)
    period_start = models.DateField("perioden fra")
    period_end = models.DateField("perioden til")
    intro = models.TextField("indledning", blank=True, max_length=20_000)
    conclusion = models.TextField("vurdering og anbefalinger", blank=True, max_length=20_000)
    figures = models.JSONField("tal", default=dict, blank=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.DRAFT)
    approval_note = models.CharField("godkendt hvordan", max_length=300, blank=True,
                                     help_text="Fx »Godkendt på rådets møde 12. marts 2027«.")
    approved_at = models.DateTimeField(null=True, blank=True)
    published_at = models.DateTimeField(null=True, blank=True)
    sent_to = models.CharField("sendt til", max_length=300, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+")
    created = models.DateTimeField(auto_now_add=True)
    modified = models.DateTimeField(auto_now=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["council", "-period_end", "-pk"]
        verbose_name = "rapport"
        verbose_name_plural = "rapporter"

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        from django.core.exceptions import ValidationError

        if self.period_start and self.period_end and self.period_end < self.period_start:
            raise ValidationError({"period_end": _("Perioden kan ikke slutte, før den begynder.")})
