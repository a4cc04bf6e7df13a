"""Publishing: the secretariat's publish page, the public PDFs, the iCal feed and the
council's meeting archive."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from udsatteraad.councils.models import Membership
from udsatteraad.lib import site
from udsatteraad.policy.access import (
    access_council,
    access_meeting,
    access_public_council,
    access_public_meeting,
    login_required_2fa,
)
from udsatteraad.policy.guard import PublicationBlocked
from udsatteraad.policy.public import public_meetings

from . import guarding, pdf_store
from .feeds import council_ical
from .models import Meeting
from .publishing import (
    PublishRefused,
    invitation_recipients,
    late_notice_days,
    publish_agenda,
    refusal,
)

# Public ---------------------------------------------------------------------------------


def _pdf_response(content: bytes, name: str, meeting: Meeting) -> HttpResponse:
    day = timezone.localtime(meeting.start).date().isoformat()
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = (
        f'inline; filename="{name}-{meeting.council.slug}-{day}.pdf"')
    return response


def agenda_pdf(request: HttpRequest, slug: str, meeting_id: int) -> HttpResponse:
    council = access_public_council(slug)
    meeting = access_public_meeting(council, meeting_id)
    meeting.council = council
    return _pdf_response(pdf_store.agenda_pdf(meeting), "dagsorden", meeting)


def minutes_pdf(request: HttpRequest, slug: str, meeting_id: int) -> HttpResponse:
    council = access_public_council(slug)
    meeting = access_public_meeting(council, meeting_id)
    if not meeting.has_public_minutes:
        raise Http404("Referatet er ikke offentliggjort.")
    meeting.council = council
    return _pdf_response(pdf_store.minutes_pdf(meeting), "referat", meeting)


def attachments_pdf(request: HttpRequest, slug: str, meeting_id: int) -> HttpResponse:
    council = access_public_council(slug)
    meeting = access_public_meeting(council, meeting_id)
    meeting.council = council
    return _pdf_response(pdf_store.attachment_bundle(meeting), "bilag", meeting)


def calendar(request: HttpRequest, slug: str) -> HttpResponse:
    council = access_public_council(slug)
    response = HttpResponse(council_ical(council, root=site.root(request)),
                            content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{council.slug}.ics"'
    return response


def _year(value: str | None, default: int) -> tuple[int, bool]:
    """The year asked for, or the default; and whether what was asked for was not a year."""
    if not value:
        return default, False
    if value.isdecimal() and len(value) == 4:
        return int(value), False
    return default, True


def archive(request: HttpRequest, slug: str) -> HttpResponse:
    """Coming meetings and the archive of one year (`?aar=2021`)."""
    council = access_public_council(slug)
    now = timezone.now()
    public = public_meetings().filter(council=council).select_related("venue")
    # The archive is of meetings that have begun; coming ones are listed above it.
    years = sorted({d.year for d in public.filter(start__lt=now).datetimes("start", "year")},
                   reverse=True)
    default = years[0] if years else timezone.localdate().year
    year, bad_year = _year(request.GET.get("aar"), default)
    coming = list(public.filter(start__gte=now).order_by("start"))
    planned = list(
        Meeting.objects.filter(council=council, status=Meeting.Status.PLANNED,
                               kind=Meeting.Kind.ORDINARY, start__gte=now)
        .select_related("venue").order_by("start")
    )
    past = list(public.filter(start__year=year, start__lt=now).order_by("-start"))
    return render(request, "meetings/publish/archive.html", {
        "council": council,
        "coming": coming,
        "planned": planned,
        "past": past,
        "year": year,
        "years": years,
        "bad_year": bad_year,
    })


# Secretariat ----------------------------------------------------------------------------


@login_required_2fa
@require_http_methods(["GET", "POST"])
def publish(request: HttpRequest, slug: str, meeting_id: int) -> HttpResponse:
    """GET: what will be published and sent to whom. POST: publish and send."""
    council = access_council(request, slug)
    meeting = access_meeting(council, meeting_id)
    meeting.council = council
    error = None
    guard_hits: list[dict] = []
    if request.method == "POST":
        guarding.accept_from_post(request.POST, council=council, user=request.user)
        try:
            result = publish_agenda(
                meeting=meeting, user=request.user, root=site.root(request),
                short_notice_reason=request.POST.get("short_notice_reason", ""))
        except PublishRefused as exc:
            error = str(exc)
        except PublicationBlocked as exc:
            guard_hits = guarding.hits_context(exc.hits)
        else:
            if result.failed:
                messages.error(request, _(
                    "Dagsordenen er offentliggjort, men indkaldelsen kunne ikke sendes. "
                    "Send den til medlemmerne på anden vis."))
                return redirect("meetings:workspace", council.slug, meeting.pk)
            messages.success(request, _(
                "Dagsordenen er offentliggjort, og indkaldelsen er sendt til %(n)s "
                "medlemmer.") % {"n": result.sent})
            return redirect("meetings:workspace", council.slug, meeting.pk)
    recipients = invitation_recipients(meeting)
    day = timezone.localtime(meeting.start).date()
    without_email = [
        m.person.name for m in Membership.objects.filter(council=council).active_on(day)
        .select_related("person").order_by("person__name")
        if not (m.person.email or "").strip()
    ]
    items = list(meeting.items.order_by("position", "number", "id"))
    return render(request, "meetings/publish/confirm.html", {
        "council": council,
        "meeting": meeting,
        "items": items,
        "closed_count": sum(1 for i in items if not i.is_public),
        "recipients": recipients,
        "without_email": without_email,
        "refusal": error or refusal(meeting),
        "guard_hits": guard_hits,
        "late_notice": late_notice_days(meeting) if meeting.status == Meeting.Status.PLANNED
        else None,
        "refuses_late": council.rules().notice_enforcement == "refuse",
        "short_notice_reason": request.POST.get("short_notice_reason", ""),
    }, status=400 if error or guard_hits else 200)
