"""The members' hearing pages (the member area, made for a phone): the council's hearings,
one hearing with its documents, drafts and comments, the comment form, and the approval
where the council's rule lets the member approve."""

from __future__ import annotations

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
from udsatteraad.policy.access import (
    access_member_council,
    access_member_hearing,
    login_required_2fa,
)
from udsatteraad.policy.permissions import can_approve_hearing_response, can_comment_on_hearing

from . import actions
from .forms import CommentForm
from .models import Hearing


@login_required_2fa
def member_list(request: HttpRequest, slug: str) -> HttpResponse:
    council, roles = access_member_council(request, slug)
    hearings = list(Hearing.objects.filter(council=council).exclude(
        status=Hearing.Status.RECEIVED).by_deadline())
    person = roles.person
    commented = set(Hearing.objects.filter(council=council, comments__person=person)
                    .values_list("pk", flat=True)) if person else set()
    return render(request, "hearings/member/list.html", {
        "council": council, "today": timezone.localdate(),
        "open": [h for h in hearings if h.is_open_for_comments],
        "done": [h for h in hearings if not h.is_open_for_comments],
        "commented": commented,
    })


def _page(request: HttpRequest, hearing: Hearing, roles, *, form=None, error: str = "",
          status: int = 200) -> HttpResponse:
    rule = hearing.council.rules().hearing_response_approval
    latest = hearing.latest_draft()
    written_round = rule == RulesOfProcedure.HearingResponseApproval.WRITTEN_ROUND
    approved_by_me = bool(written_round and latest and roles.person and latest.approvals.filter(
        person=roles.person).exists())
    return render(request, "hearings/member/hearing.html", {
        "hearing": hearing, "council": hearing.council, "latest": latest,
        "documents": list(hearing.documents.all()),
        "comments": list(hearing.comments.select_related("draft")),
        "form": form or CommentForm(),
        "can_comment": can_comment_on_hearing(request.user, hearing),
        "can_approve": can_approve_hearing_response(request.user, hearing)
        and not approved_by_me,
        "approved_by_me": approved_by_me, "written_round": written_round,
        "error": error, "today": timezone.localdate(),
    }, status=status)


@login_required_2fa
def member_hearing(request: HttpRequest, pk: int) -> HttpResponse:
    hearing, roles = access_member_hearing(request, pk)
    return _page(request, hearing, roles)


@login_required_2fa
def member_comment(request: HttpRequest, pk: int) -> HttpResponse:
    hearing, roles = access_member_hearing(request, pk)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    form = CommentForm(request.POST)
    if not form.is_valid():
        return _page(request, hearing, roles, form=form, status=400)
    try:
        actions.add_comment(hearing=hearing, acting_user=request.user,
                            text=form.cleaned_data["text"])
    except ValidationError as exc:
        form.add_error("text", exc)
        return _page(request, hearing, roles, form=form, status=400)
    except actions.StepRefused as exc:
        return _page(request, hearing, roles, form=form, error=str(exc), status=409)
    messages.success(request, _("Tak. Din kommentar er gemt."))
    return HttpResponseRedirect(reverse("hearings:member-hearing", args=[hearing.pk])
                                + "#kommentarer")


@login_required_2fa
def member_approve(request: HttpRequest, pk: int) -> HttpResponse:
    hearing, roles = access_member_hearing(request, pk)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    try:
        hearing = actions.approve(hearing=hearing, acting_user=request.user)
    except actions.StepRefused as exc:
        return _page(request, hearing, roles, error=str(exc), status=409)
    if hearing.status == Hearing.Status.APPROVED:
        messages.success(request, _("Svaret er godkendt. Sekretariatet sender det."))
    else:
        messages.success(request, _("Din godkendelse er registreret."))
    return HttpResponseRedirect(reverse("hearings:member-hearing", args=[hearing.pk]))


@login_required_2fa
def member_document(request: HttpRequest, pk: int, doc_id: int) -> FileResponse:
    hearing, _roles = access_member_hearing(request, pk)
    return serve(get_object_or_404(hearing.documents, pk=doc_id))
