"""The secretariat's screens for the publication guard: redacting a published passage, and
the council's accepted false hits (recorded from a blocked form, `guarding.accept_from_post`)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from udsatteraad.policy.access import access_council, access_meeting, login_required_2fa
from udsatteraad.policy.permissions import can_accept_guard_hits, can_redact

from . import redaction
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
@require_http_methods(["GET", "HEAD"])
def accepted_hits(request: HttpRequest, slug: str) -> HttpResponse:
    council = access_council(request, slug)
    if not can_accept_guard_hits(request.user, council):
        raise PermissionDenied
    return render(request, "meetings/guard/accepted.html", {
        "council": council,
        "rows": AcceptedHit.objects.filter(council=council).select_related("created_by"),
    })
