"""The secretariat's hearing screens: the overview by status and deadline, registering (by
form or from a forwarded e-mail), and one workspace per hearing where each step is a POST to
its own URL (the actions in `actions.py` check the state and the right again)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import (
    FileResponse,
    HttpRequest,
    HttpResponse,
    HttpResponseNotAllowed,
    HttpResponseRedirect,
)
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from udsatteraad.councils.models import RulesOfProcedure
from udsatteraad.meetings.attachments import serve
from udsatteraad.ops.submit import single_submit
from udsatteraad.policy.access import (
    access_council,
    access_hearing,
    login_required_2fa,
)
from udsatteraad.policy.guard import PublicationBlocked
from udsatteraad.policy.permissions import can_approve_hearing_response

from . import actions
from .eml import parse_eml
from .forms import (
    DocumentForm,
    DraftForm,
    EmlForm,
    HearingForm,
    OutcomeForm,
    SubmitForm,
)
from .models import Hearing


def _errors(exc: ValidationError) -> list[str]:
    return [str(m) for m in exc.messages]


@login_required_2fa
def overview(request: HttpRequest, slug: str) -> HttpResponse:
    council = access_council(request, slug)
    today = timezone.localdate()
    hearings = list(Hearing.objects.filter(council=council).by_deadline())
    groups = []
    for status, label in Hearing.Status.choices:
        rows = [h for h in hearings if h.status == status]
        if status not in Hearing.WORKING:  # done: the newest first, not by deadline
            rows.sort(key=lambda h: h.sent_at or h.modified, reverse=True)
        if rows:
            groups.append({"status": status, "label": label, "hearings": rows})
    return render(request, "hearings/overview.html", {
        "council": council, "groups": groups, "today": today,
        "missed": [h for h in hearings if h.deadline_missed(today)],
    })


def _fields(data: dict) -> dict:
    return {k: data[k] for k in HearingForm.Meta.fields}


@login_required_2fa
@single_submit
def hearing_new(request: HttpRequest, slug: str) -> HttpResponse:
    council = access_council(request, slug)
    form = HearingForm(request.POST or None, request.FILES or None,
                       initial={"received": timezone.localdate()})
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            data = form.cleaned_data
            upload = data.get("document")
            uploads = [(upload.name.rsplit(".", 1)[0], upload)] if upload else []
            try:
                hearing = actions.register_hearing(
                    council=council, acting_user=request.user, fields=_fields(data),
                    uploads=uploads, notify=data["notify"])
            except ValidationError as exc:
                field = "deadline" if exc.code == "deadline_past" else (
                    "document" if upload else None)
                for message in _errors(exc):
                    form.add_error(field, message)
            else:
                messages.success(request, _("Høringen er registreret.") + (
                    " " + _("Medlemmerne har fået besked.") if data["notify"] else ""))
                return HttpResponseRedirect(reverse("hearings:workspace",
                                                    args=[council.slug, hearing.pk]))
    return render(request, "hearings/hearing_form.html",
                  {"council": council, "form": form}, status=status)


@login_required_2fa
def hearing_from_email(request: HttpRequest, slug: str) -> HttpResponse:
    council = access_council(request, slug)
    form = EmlForm(request.POST or None, request.FILES or None)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            data = form.cleaned_data
            try:
                if data["eml"].size > 2 * settings.MAX_UPLOAD_BYTES:
                    # Room for attachments each up to the limit, base64-encoded.
                    raise ValidationError(_("E-mailen er for stor. Gem de vedhæftede filer, "
                                            "og registrér høringen med formularen."),
                                          code="too_large")
                parsed = parse_eml(data["eml"].read())
                fields = {
                    "kind": data["kind"], "source": data["source"],
                    "source_name": parsed.sender[:200], "title": parsed.title,
                    "case_number": "", "received": parsed.received,
                    "deadline": data["deadline"], "recipient": parsed.sender[:200],
                    "recipient_email": data["recipient_email"] or _address(parsed.sender),
                    "description": parsed.description,
                }
                hearing = actions.register_hearing(
                    council=council, acting_user=request.user, fields=fields,
                    uploads=parsed.attachments, notify=data["notify"])
            except ValidationError as exc:
                field = "deadline" if exc.code == "deadline_past" else "eml"
                for message in _errors(exc):
                    form.add_error(field, message)
            else:
                messages.success(request, _("Høringen er registreret fra e-mailen med %(n)s "
                                            "dokument(er).") % {"n": len(parsed.attachments)})
                return HttpResponseRedirect(reverse("hearings:workspace",
                                                    args=[council.slug, hearing.pk]))
    return render(request, "hearings/from_email.html", {"council": council, "form": form},
                  status=status)


def _address(sender: str) -> str:
    from email.utils import parseaddr

    from django.core.validators import validate_email

    address = parseaddr(sender)[1]
    try:
        validate_email(address)
    except ValidationError:
        return ""
    return address


def _workspace(request: HttpRequest, council, hearing: Hearing, *, status: int = 200,
               error: str = "", blocked: list | None = None,
               forms: dict[str, Any] | None = None) -> HttpResponse:
    forms = forms or {}
    latest = hearing.latest_draft()
    rule = council.rules().hearing_response_approval
    ctx = {
        "council": council, "hearing": hearing, "latest": latest,
        "drafts": list(hearing.drafts.order_by("-number")),
        "comments": list(hearing.comments.select_related("draft")),
        "documents": list(hearing.documents.all()),
        "document_form": forms.get("document_form") or DocumentForm(),
        "draft_form": forms.get("draft_form") or DraftForm(
            initial={"text": latest.text if latest else ""}),
        "submit_form": forms.get("submit_form") or SubmitForm(council=council),
        "outcome_form": forms.get("outcome_form") or OutcomeForm(
            initial={"outcome": hearing.outcome, "points_taken": hearing.points_taken}),
        "rule": rule, "rule_label": RulesOfProcedure.HearingResponseApproval(rule).label,
        "meeting_rule": rule == RulesOfProcedure.HearingResponseApproval.MEETING,
        "can_approve": can_approve_hearing_response(request.user, hearing),
        "error": error, "blocked": blocked or [],
        "today": timezone.localdate(),
    }
    return render(request, "hearings/workspace.html", ctx, status=status)


@login_required_2fa
def workspace(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    council = access_council(request, slug)
    hearing = access_hearing(council, pk)
    return _workspace(request, council, hearing)


def _step(request: HttpRequest, slug: str, pk: int, run, success: str,
          form_name: str = "", make_form=None) -> HttpResponse:
    """Run one step (POST only, after the access check); on success back to the workspace
    with a message, otherwise the workspace with the reason (400 for bad input, 409 for a
    step the state does not allow)."""
    council = access_council(request, slug)
    hearing = access_hearing(council, pk)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    form = make_form(council) if make_form else None
    forms = {form_name: form} if form_name else {}
    if form is not None and not form.is_valid():
        return _workspace(request, council, hearing, status=400, forms=forms)
    try:
        run(hearing, form)
    except ValidationError as exc:
        if form is not None:
            for message in _errors(exc):
                form.add_error(None, message)
        return _workspace(request, council, hearing, status=400,
                          error=" ".join(_errors(exc)), forms=forms)
    except actions.StepRefused as exc:
        return _workspace(request, council, hearing, status=409, error=str(exc), forms=forms)
    except PublicationBlocked as exc:
        return _workspace(request, council, hearing, status=409, blocked=exc.hits,
                          error=_("Svaret indeholder personoplysninger og kan ikke "
                                  "offentliggøres. Ret teksten i et nyt udkast."), forms=forms)
    messages.success(request, success)
    return HttpResponseRedirect(reverse("hearings:workspace", args=[council.slug, hearing.pk]))


@login_required_2fa
def document_add(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    return _step(request, slug, pk, lambda h, form: actions.add_document(
        hearing=h, acting_user=request.user, title=form.cleaned_data["title"],
        upload=form.cleaned_data["file"]), _("Dokumentet er tilføjet."), "document_form",
        lambda council: DocumentForm(request.POST, request.FILES))


@login_required_2fa
def document(request: HttpRequest, slug: str, pk: int, doc_id: int) -> FileResponse:
    council = access_council(request, slug)
    hearing = access_hearing(council, pk)
    return serve(get_object_or_404(hearing.documents, pk=doc_id))


@login_required_2fa
def open_hearing(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    return _step(request, slug, pk, lambda h, _f: actions.open_for_comments(
        hearing=h, acting_user=request.user),
        _("Høringen er sendt til medlemmerne med fristen."))


@login_required_2fa
def draft_save(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    return _step(request, slug, pk, lambda h, form: actions.save_draft(
        hearing=h, acting_user=request.user, text=form.cleaned_data["text"]),
        _("Udkastet er gemt som en ny version. Medlemmerne kan kommentere det."),
        "draft_form", lambda council: DraftForm(request.POST))


@login_required_2fa
def submit(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    return _step(request, slug, pk, lambda h, form: actions.submit_for_approval(
        hearing=h, acting_user=request.user, meeting=form.cleaned_data.get("meeting")),
        _("Svaret er sendt til godkendelse."), "submit_form",
        lambda council: SubmitForm(request.POST, council=council))


@login_required_2fa
def approve(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """The secretariat records an approval (the council's decision at a meeting, or the
    chair's when the secretary is also the chair)."""
    return _step(request, slug, pk, lambda h, _f: actions.approve(
        hearing=h, acting_user=request.user), _("Svaret er godkendt."))


@login_required_2fa
def send(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    def run(hearing: Hearing, _form) -> None:
        if not actions.send_response(hearing=hearing, acting_user=request.user,
                                     publish=request.POST.get("publish") == "on"):
            raise actions.StepRefused(_("E-mailen kunne ikke sendes. Prøv igen om lidt."))

    return _step(request, slug, pk, run, _("Svaret er sendt til modtageren med PDF."))


@login_required_2fa
def publish(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    return _step(request, slug, pk, lambda h, _f: actions.publish(
        hearing=h, acting_user=request.user), _("Svaret er offentliggjort."))


@login_required_2fa
def outcome(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    return _step(request, slug, pk, lambda h, form: actions.record_outcome(
        hearing=h, acting_user=request.user, outcome=form.cleaned_data["outcome"],
        points_taken=form.cleaned_data["points_taken"] or ""),
        _("Udfaldet er registreret."), "outcome_form", lambda council: OutcomeForm(request.POST))
