"""Importing one document in the secretariat: upload, review side by side with the source
text, correct, save.

Between the steps the extracted text and the parsed meeting live in the session (one pending
import per council), so nothing is written to disk and nothing to the database before "Gem".
Saving goes through `actions.import_document`, like the `import_minutes` command.

A whole archive at a time (zip or many files): `archive` checks the upload and makes a batch the
worker reads (`tasks.run_batch`); `batch` shows its progress and report (htmx polls the
progress region; "Opdater" without JS); `batch_document` is the same review for one document
of a batch, kept in the database instead of the session.
"""

from __future__ import annotations

from django.contrib import messages
from django.db import transaction
from django.db.models import Count
from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from udsatteraad.councils.models import Council
from udsatteraad.meetings import guarding
from udsatteraad.policy.access import access_council, login_required_2fa
from udsatteraad.policy.guard import PublicationBlocked

from .actions import (
    CREATED,
    UNCHANGED,
    UPDATED,
    create_batch,
    import_document,
    save_reviewed_batch_document,
)
from .forms import (
    ArchiveForm,
    ItemFormSet,
    MeetingForm,
    UploadForm,
    initial_formset,
    reviewed_document,
)
from .models import ImportBatch, ImportDocument
from .tasks import run_batch

MISSING_LABELS = {
    "case_number": gettext_lazy("Sagsnummer"),
    "recommendations": gettext_lazy("Indstilling"),
    "decision": gettext_lazy("Beslutning"),
    "case_presentation": gettext_lazy("Sagsfremstilling"),
}
FORMAT_LABELS = {
    "pdf": gettext_lazy("PDF"),
    "docx": gettext_lazy("Word"),
    "html": gettext_lazy("HTML"),
    "text": gettext_lazy("tekst"),
}
ITEM_PREFIX = "punkt"


def _session_key(council: Council) -> str:
    return f"imports:pending:{council.slug}"


def _import_url(council: Council) -> str:
    return reverse("imports:upload", args=[council.slug])


@login_required_2fa
def upload(request: HttpRequest, slug: str) -> HttpResponse:
    council = access_council(request, slug)
    form = UploadForm()
    if request.method == "POST":
        form = UploadForm(request.POST, request.FILES)
        if form.is_valid() and form.parsed is not None:
            parsed = form.parsed
            request.session[_session_key(council)] = {
                "filename": form.cleaned_data["document"].name[:200],
                "source": form.source,
                "document": parsed.as_json(),
                "warnings": [str(w) for w in parsed.warnings],
                "missing": parsed.missing_fields(),
                "format": parsed.format,
                "pages": parsed.pages,
            }
            return redirect("imports:review", council.slug)
    pending = request.session.get(_session_key(council))
    return render(request, "imports/upload.html", {
        "council": council, "form": form,
        "pending_filename": pending["filename"] if pending else None,
    }, status=400 if form.errors else 200)


@login_required_2fa
def review(request: HttpRequest, slug: str) -> HttpResponse:
    council = access_council(request, slug)
    key = _session_key(council)
    stored = request.session.get(key)
    if stored is None:
        messages.info(request, _("Der er intet dokument at gennemse. Upload et dokument først."))
        return redirect(_import_url(council))

    if request.method == "POST":
        meeting_form = MeetingForm(request.POST)
        formset = ItemFormSet(request.POST, prefix=ITEM_PREFIX)
        if meeting_form.is_valid() and formset.is_valid():
            document = reviewed_document(meeting_form, formset, stored)
            shown = len(document.warnings)  # the review page showed these already
            guarding.accept_from_post(request.POST, council=council, user=request.user)
            try:
                meeting, outcome = import_document(council=council, document=document)
            except PublicationBlocked as exc:
                # The reviewed form is shown again as typed, with the findings in it.
                return _review_page(request, council, stored, meeting_form, formset,
                                    guarding.hits_context(exc.hits))
            del request.session[key]
            for warning in document.warnings[shown:]:
                messages.warning(request, warning)
            text = {
                CREATED: _("Mødet »%(title)s« er importeret med %(n)d punkter."),
                UPDATED: _("Mødet »%(title)s« fandtes allerede og er opdateret (%(n)d punkter)."),
            }.get(outcome, _("Mødet »%(title)s« fandtes allerede med samme indhold. "
                             "Intet er ændret."))
            messages.success(request, text % {"title": meeting.title, "n": len(document.items)})
            return redirect("meetings:workspace", council.slug, meeting.pk)
    else:
        meeting_form = MeetingForm(initial=MeetingForm.initial_for(stored["document"]["meeting"]))
        formset = initial_formset(stored)

    return _review_page(request, council, stored, meeting_form, formset)


def _review_page(request, council, stored, meeting_form, formset, guard_hits=None, **extra):
    has_errors = bool(meeting_form.errors or any(formset.errors)
                      or formset.non_form_errors())
    return render(request, "imports/review.html", {
        "save_url": reverse("imports:review", args=[council.slug]),
        "discard_url": reverse("imports:discard", args=[council.slug]),
        **extra,
        "guard_hits": guard_hits or [],
        "council": council, "stored": stored, "meeting_form": meeting_form,
        "formset": formset, "has_errors": has_errors,
        "missing": [
            (MISSING_LABELS.get(name, name), labels)
            for name, labels in stored.get("missing", {}).items()
        ],
        "format_label": _format_label(stored),
    }, status=400 if has_errors or guard_hits else 200)


@login_required_2fa
def discard(request: HttpRequest, slug: str) -> HttpResponse:
    council = access_council(request, slug)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    key = _session_key(council)
    if key in request.session:
        del request.session[key]
        messages.info(request, _("Importen er annulleret. Intet er gemt."))
    else:
        messages.info(request, _("Der er intet dokument at gennemse. Upload et dokument først."))
    return redirect(_import_url(council))


def _format_label(stored: dict) -> str:
    label = str(FORMAT_LABELS.get(stored.get("format", ""), stored.get("format", "")))
    pages = stored.get("pages", 1)
    if pages > 1:
        return _("%(format)s, %(pages)d sider") % {"format": label, "pages": pages}
    return label


# --- A whole archive at a time ------------------------------------------------------------------


@login_required_2fa
def archive(request: HttpRequest, slug: str) -> HttpResponse:
    council = access_council(request, slug)
    form = ArchiveForm()
    if request.method == "POST":
        form = ArchiveForm(request.POST, request.FILES)
        if form.is_valid():
            batch = create_batch(council=council, user=request.user, entries=form.entries)
            # The worker reads the documents; queued once the rows are committed.
            transaction.on_commit(lambda: run_batch.enqueue(batch.pk))
            return redirect("imports:batch", council.slug, batch.pk)
    batches = ImportBatch.objects.filter(council=council).annotate(
        n=Count("documents"))[:10]
    return render(request, "imports/archive.html", {
        "council": council, "form": form, "batches": batches,
    }, status=400 if form.errors else 200)


@login_required_2fa
def batch(request: HttpRequest, slug: str, batch_id: int) -> HttpResponse:
    council = access_council(request, slug)
    found = get_object_or_404(ImportBatch, pk=batch_id, council=council)
    if request.method not in ("GET", "HEAD"):
        return HttpResponseNotAllowed(["GET", "HEAD"])
    counts = found.counts()
    context = {
        "council": council, "batch": found, "counts": counts,
        "running": counts["done"] < counts["total"],
        "documents": [_report_row(row) for row in found.documents.only(
            "id", "position", "filename", "status", "outcome", "error", "items", "warnings",
            "missing", "meeting_id", "format", "pages")],
    }
    # htmx polls the progress region while the worker runs; without JS, "Opdater" reloads.
    template = ("imports/_batch_progress.html" if request.headers.get("HX-Request")
                else "imports/batch.html")
    return render(request, template, context)


def _report_row(row: ImportDocument) -> dict:
    return {
        "row": row,
        "missing": [(MISSING_LABELS.get(name, name), labels)
                    for name, labels in (row.missing or {}).items()],
        "outcome": OUTCOME_LABELS.get(row.outcome, ""),
        "format": _format_label({"format": row.format, "pages": row.pages}),
    }


OUTCOME_LABELS = {
    CREATED: gettext_lazy("oprettet"),
    UPDATED: gettext_lazy("opdateret"),
    UNCHANGED: gettext_lazy("uændret"),
}


@login_required_2fa
def batch_document(request: HttpRequest, slug: str, batch_id: int, document_id: int
                   ) -> HttpResponse:
    council = access_council(request, slug)
    row = get_object_or_404(
        ImportDocument.objects.select_related("meeting"), pk=document_id, batch_id=batch_id,
        batch__council=council,
        status__in=[ImportDocument.Status.IMPORTED, ImportDocument.Status.REVIEW])
    stored = row.review_state()
    batch_url = reverse("imports:batch", args=[council.slug, batch_id])
    urls = {"save_url": reverse("imports:batch-document", args=[council.slug, batch_id, row.pk]),
            "discard_url": None, "back_url": batch_url, "row": row}
    if request.method == "POST":
        meeting_form = MeetingForm(request.POST)
        formset = ItemFormSet(request.POST, prefix=ITEM_PREFIX)
        if meeting_form.is_valid() and formset.is_valid():
            document = reviewed_document(meeting_form, formset, stored)
            shown = len(document.warnings)
            guarding.accept_from_post(request.POST, council=council, user=request.user)
            try:
                meeting, outcome = save_reviewed_batch_document(row=row, document=document)
            except PublicationBlocked as exc:
                return _review_page(request, council, stored, meeting_form, formset,
                                    guarding.hits_context(exc.hits), **urls)
            for warning in document.warnings[shown:]:
                messages.warning(request, warning)
            messages.success(request, _("»%(file)s« er gemt som mødet »%(title)s« (%(n)d "
                                        "punkter).") % {"file": row.filename,
                                                       "title": meeting.title,
                                                       "n": len(document.items)})
            return redirect(f"{batch_url}#dokument-{row.pk}")
    else:
        meeting_form = MeetingForm(initial=MeetingForm.initial_for(stored["document"]["meeting"]))
        formset = initial_formset(stored, prefix=ITEM_PREFIX)
    return _review_page(request, council, stored, meeting_form, formset, **urls)
