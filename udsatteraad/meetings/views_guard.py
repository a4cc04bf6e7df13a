"""The secretariat's screens for the publication guard: redacting a published passage, and
the council's accepted false hits (recorded from a blocked form, `guarding.accept_from_post`)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from udsatteraad.policy.access import (
    access_council,
    access_meeting,
    login_required_2fa,
    posted_id,
)
from udsatteraad.policy.permissions import can_accept_guard_hits, can_redact

from . import guarding, redaction
from .forms_guard import RedactionForm
from .models import AcceptedHit


@login_required_2fa
@require_http_methods(["GET", "HEAD", "POST"])
def redact(request: HttpRequest, slug: str, meeting_id: int) -> HttpResponse:
    council = access_council(request, slug)
    if not can_redact(request.user, council):
        raise PermissionDenied
    meeting = access_meeting(council, meeting_id)
    meeting.council = council
    form = RedactionForm(request.POST or None)
    error = None
    if request.method == "POST" and form.is_valid():
        try:
            done = redaction.redact(meeting=meeting, passage=form.cleaned_data["passage"],
                                    reason=form.cleaned_data["reason"], user=request.user)
        except redaction.RedactionError as e:
            error = str(e)
        else:
            messages.success(request, _("Teksten er udeladt %(n)s steder og erstattet af "
                                        "»%(marker)s«.") % {"n": done.places,
                                                           "marker": done.marker})
            return redirect("meetings:redact", council.slug, meeting.pk)
    return render(request, "meetings/guard/redact.html", {
        "council": council, "meeting": meeting, "form": form, "error": error,
        "redactions": meeting.redactions.select_related("created_by").order_by("-created"),
    }, status=400 if request.method == "POST" else 200)


@login_required_2fa
@require_http_methods(["GET", "HEAD", "POST"])
def accepted_hits(request: HttpRequest, slug: str) -> HttpResponse:
    """The council's accepted false hits; POST `remove`: an acceptance withdrawn (the value
    stops publication again)."""
    council = access_council(request, slug)
    if not can_accept_guard_hits(request.user, council):
        raise PermissionDenied
    if request.method == "POST":
        row = get_object_or_404(AcceptedHit, council=council,
                                pk=posted_id(request.POST.get("remove")))
        guarding.revoke_hit(accepted=row, user=request.user)
        messages.success(request, _("»%(value)s« stopper igen en offentliggørelse.")
                         % {"value": row.value})
        return redirect("meetings:accepted-hits", council.slug)
    return render(request, "meetings/guard/accepted.html", {
        "council": council,
        "rows": AcceptedHit.objects.filter(council=council).select_related("created_by"),
    })
