"""A whole archive at a time (docs/import.md, "A whole archive"): an upload of many documents or
a zip becomes an ImportBatch with one ImportDocument per file. The worker
(`imports.tasks.run_batch`) reads them one by one; each row keeps its report (items found,
fields missing, warnings) and what the review screen needs (source text, parsed JSON).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ImportBatch(models.Model):
    council = models.ForeignKey("councils.Council", models.CASCADE, related_name="import_batches")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True,
                                   blank=True, related_name="+")
    created = models.DateTimeField(auto_now_add=True)
    started = models.DateTimeField(null=True, blank=True)
    finished = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created", "-id"]
        verbose_name = "importkørsel"
        verbose_name_plural = "importkørsler"

    def __str__(self) -> str:
        return f"{self.council} {self.created:%Y-%m-%d %H:%M}"

    def counts(self) -> dict[str, int]:
        """Documents per status, and "total" and "done" (read to the end)."""
        rows = self.documents.values("status").annotate(n=models.Count("id"))
        counts = dict.fromkeys(ImportDocument.Status.values, 0)
        counts.update({row["status"]: row["n"] for row in rows})
        counts["total"] = sum(counts[s] for s in ImportDocument.Status.values)
        counts["done"] = (counts["total"] - counts[ImportDocument.Status.WAITING]
                          - counts[ImportDocument.Status.READING])
        return counts


class ImportDocument(models.Model):
    class Status(models.TextChoices):
        WAITING = "waiting", _("venter")
        READING = "reading", _("læses")  # claimed by the worker
        IMPORTED = "imported", _("importeret")
        REVIEW = "review", _("skal gennemses")
        FAILED = "failed", _("afvist")

    batch = models.ForeignKey(ImportBatch, models.CASCADE, related_name="documents")
    position = models.PositiveIntegerField()
    filename = models.CharField(max_length=300)
    # The uploaded bytes until the worker has read them; emptied afterwards.
    data = models.BinaryField(blank=True, default=b"")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.WAITING)
    # For an imported document: "created", "updated" or "unchanged" (actions.import_document).
    outcome = models.CharField(max_length=10, blank=True)
    error = models.TextField(blank=True)
    # What the review screen shows and edits: the extracted text and ParsedDocument.as_json().
    source = models.TextField(blank=True)
    parsed = models.JSONField(null=True, blank=True)
    format = models.CharField(max_length=10, blank=True)
    pages = models.PositiveIntegerField(default=0)
    items = models.PositiveIntegerField(default=0)
    warnings = models.JSONField(default=list, blank=True)
    missing = models.JSONField(default=dict, blank=True)
    meeting = models.ForeignKey("meetings.Meeting", models.SET_NULL, null=True, blank=True,
                                related_name="+")

    class Meta:
        ordering = ["batch", "position", "id"]
        verbose_name = "importeret dokument"
        verbose_name_plural = "importerede dokumenter"

    def __str__(self) -> str:
        return self.filename

    def review_state(self) -> dict:
        """The review screen's data, shaped like the single upload's session entry."""
        return {
            "filename": self.filename, "source": self.source, "document": self.parsed,
            "warnings": list(self.warnings), "missing": dict(self.missing),
            "format": self.format, "pages": self.pages,
        }
