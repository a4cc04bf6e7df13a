"""The worker's part of an archive import (docs/import.md, "A whole archive"): reading and
importing the documents of a batch, one by one, so the progress page can count them."""

from __future__ import annotations

import logging

from django.tasks import task
from django.utils import timezone

from .actions import import_batch_document
from .models import ImportBatch, ImportDocument

log = logging.getLogger("udsatteraad.imports")


@task
def run_batch(batch_id: int) -> dict:
    """Import every waiting document of the batch; return its counts per status.
    Running it again (a worker restarted) picks up the documents not read to the end."""
    ImportBatch.objects.filter(pk=batch_id, started=None).update(started=timezone.now())
    # A batch's task is queued once, so a document still "reading" is left from a run that
    # died (the worker stopped): read it again.
    ImportDocument.objects.filter(batch_id=batch_id, status=ImportDocument.Status.READING
                                  ).update(status=ImportDocument.Status.WAITING)
    waiting = ImportDocument.objects.filter(
        batch_id=batch_id, status=ImportDocument.Status.WAITING).order_by("position", "id")
    for document_id in list(waiting.values_list("pk", flat=True)):
        import_batch_document(document_id=document_id)
    ImportBatch.objects.filter(pk=batch_id).update(finished=timezone.now())
    batch = ImportBatch.objects.get(pk=batch_id)
    counts = batch.counts()
    log.info("import batch %s done: %s", batch_id, counts)
    return counts
