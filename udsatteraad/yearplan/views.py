"""The annual plan: the secretariat's page per council and year (entries, the meetings of
the year, the duties of the terms of reference), and the public page and PDF."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import (
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseNotAllowed,
    HttpResponseRedirect,
)
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from udsatteraad.councils.models import Council
from udsatteraad.meetings import guarding
from udsatteraad.meetings.models import Meeting
from udsatteraad.ops.submit import single_submit
from udsatteraad.policy.access import access_council, access_public_council, login_required_2fa
from udsatteraad.policy.guard import PublicationBlocked
from udsatteraad.policy.public import public_plan_entries, public_plan_meetings

from . import actions, reminders
from .duties import duties_for
from .forms import MONTHS, EntryForm
from .models import PlanEntry
from .pdf import plan_pdf

FIRST_YEAR, LAST_YEAR = 2000, 2100


def _year(year: int | None) -> int:
    if year is None:
        return timezone.localdate().year
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise Http404(_("Årshjulet findes ikke for det år."))
    return year


def months_of(year: int, entries: list[PlanEntry], meetings: list[Meeting]) -> dict[str, Any]:
    """Entries and meetings by month (in date order), and the entries with neither date nor
    month ("i løbet af året")."""
    rows: list[dict[str, Any]] = [
        {"number": n, "name": name, "things": []} for n, name in MONTHS]
    undated = []
    for e in entries:
        month = e.effective_month
        if month is None:
            undated.append(e)
        else:
            rows[month - 1]["things"].append((e.sort_day, "entry", e))
    for m in meetings:
        local = timezone.localtime(m.start)
        if local.year == year:
            rows[local.month - 1]["things"].append((local.date(), "meeting", m))
    for row in rows:
        row["things"].sort(key=lambda t: (t[0], t[1]))
    return {"months": rows, "undated": undated}


def _plan_meetings(council: Council, year: int):
    return (Meeting.objects.filter(council=council, start__year=year)
            .exclude(status=Meeting.Status.CANCELLED).order_by("start"))


@login_required_2fa
def plan(request: HttpRequest, slug: str, year: int | None = None) -> HttpResponse:
    council = access_council(request, slug)
    year = _year(year)
    entries = list(PlanEntry.objects.in_year(council, year))
    context = {"council": council, "year": year, "duties": duties_for(council, year),
               **months_of(year, entries, list(_plan_meetings(council, year)))}
    return render(request, "yearplan/plan.html", context)


def _entry_form(request: HttpRequest, council: Council, year: int,
                entry: PlanEntry | None) -> HttpResponse:
    instance = entry or PlanEntry(council=council, year=year)
    form = EntryForm(request.POST or None, instance=instance, year=year)
    hits: list = []
    if request.method == "POST":
        guarding.accept_from_post(request.POST, council=council, user=request.user)
        if form.is_valid():
            try:
                actions.save_entry(entry=form.instance, user=request.user)
            except PublicationBlocked as blocked:
                hits = guarding.hits_context(blocked.hits)
            else:
                reminders.refresh(council)
                messages.success(request, _("Årshjulet er gemt."))
                return HttpResponseRedirect(
                    reverse("yearplan:plan-year", args=[council.slug, year]))
    return render(request, "yearplan/entry_form.html",
                  {"council": council, "year": year, "form": form, "entry": entry,
                   "guard_hits": hits}, status=400 if request.method == "POST" else 200)


@login_required_2fa
@single_submit
def entry_new(request: HttpRequest, slug: str, year: int) -> HttpResponse:
    council = access_council(request, slug)
    return _entry_form(request, council, _year(year), None)


@login_required_2fa
@single_submit
def entry_edit(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    council = access_council(request, slug)
    entry = get_object_or_404(PlanEntry, council=council, pk=pk)
    return _entry_form(request, council, entry.year, entry)


@login_required_2fa
def entry_delete(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    council = access_council(request, slug)
    entry = get_object_or_404(PlanEntry, council=council, pk=pk)
    if request.method == "POST":
        year = entry.year
        entry.delete()
        reminders.refresh(council)
        messages.success(request, _("»%(title)s« er slettet fra årshjulet.")
                         % {"title": entry.title})
        return HttpResponseRedirect(reverse("yearplan:plan-year", args=[council.slug, year]))
    return render(request, "yearplan/entry_delete.html", {"council": council, "entry": entry})


@login_required_2fa
@single_submit
def add_duties(request: HttpRequest, slug: str, year: int) -> HttpResponse:
    council = access_council(request, slug)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    year = _year(year)
    added = actions.add_missing_duties(council=council, year=year, user=request.user)
    reminders.refresh(council)
    if added:
        messages.success(request, _("%(n)s pligter er sat i årshjulet. Flyt dem til de rigtige "
                                    "datoer.") % {"n": len(added)})
    else:
        messages.info(request, _("Alle pligter for året er allerede planlagt."))
    return HttpResponseRedirect(reverse("yearplan:plan-year", args=[council.slug, year]))


def _public_context(council: Council, year: int) -> dict[str, Any]:
    entries = list(public_plan_entries().in_year(council, year))
    meetings = list(public_plan_meetings(council, year))
    return {"council": council, "year": year, **months_of(year, entries, meetings),
            "empty": not entries and not meetings}


def public_plan(request: HttpRequest, slug: str, year: int | None = None) -> HttpResponse:
    council = access_public_council(slug)
    year = _year(year)
    return render(request, "yearplan/public/plan.html", _public_context(council, year))


def public_plan_pdf(request: HttpRequest, slug: str, year: int) -> HttpResponse:
    council = access_public_council(slug)
    year = _year(year)
    content = plan_pdf(council, year, _public_context(council, year))
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="aarshjul-{council.slug}-{year}.pdf"'
    return response


