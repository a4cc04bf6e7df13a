"""The secretariat's page for a person's request about their data: search, export (JSON),
erase. Searches and exports are personal-data access and are logged; the search term travels
by POST, so no e-mail address ends up in a server's access log."""

from __future__ import annotations

import json

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from udsatteraad.councils.models import Council
from udsatteraad.policy.access import (
    AuthenticatedRequest,
    access_inquiry_council,
    log_personal_data_access,
    login_required_2fa,
)

from . import privacy
from .forms import PersonSearchForm, posted


def _council(request: AuthenticatedRequest, slug: str) -> Council:
    # The same people as for inquiries (can_handle_person_data is can_handle_inquiries).
    return access_inquiry_council(request, slug)


@login_required_2fa
def person_data(request: AuthenticatedRequest, slug: str) -> HttpResponse:
    council = _council(request, slug)
    form = PersonSearchForm(posted(request))
    found = None
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            status = 200
            q = form.cleaned_data["q"]
            log_personal_data_access(request, council, "Søgning efter en persons data")
            found = {"inquiries": list(privacy.find_inquiries(council, q)),
                     "persons": list(privacy.find_persons(council, q)), "q": q}
    return render(request, "inquiries/person_data.html",
                  {"council": council, "form": form, "found": found}, status=status)


@login_required_2fa
def person_export(request: AuthenticatedRequest, slug: str) -> HttpResponse:
    council = _council(request, slug)
    if request.method != "POST":
        return redirect(reverse("inquiries:person-data", args=[council.slug]))
    form = PersonSearchForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Skriv mindst 3 tegn at søge efter."))
        return redirect(reverse("inquiries:person-data", args=[council.slug]))
    data = privacy.export(council, form.cleaned_data["q"])
    log_personal_data_access(request, council, "Udtræk af en persons data (JSON)")
    response = HttpResponse(json.dumps(data, ensure_ascii=False, indent=2),
                            content_type="application/json; charset=utf-8")
    name = f"persondata-{council.slug}-{timezone.localdate():%Y%m%d}.json"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@login_required_2fa
def person_erase(request: AuthenticatedRequest, slug: str) -> HttpResponse:
    council = _council(request, slug)
    back = reverse("inquiries:person-data", args=[council.slug])
    if request.method != "POST":
        return redirect(back)
    form = PersonSearchForm(request.POST)
    if not form.is_valid() or request.POST.get("confirm") != "on":
        messages.error(request, _("Sæt flueben ved »Ja, slet« for at slette."))
        return redirect(back)
    q = form.cleaned_data["q"]
    count = privacy.erase_citizen(council, q, acting_user=request.user)
    notes = [_("Personoplysninger slettet i %(n)s henvendelse(r).") % {"n": count}]
    for pk in request.POST.getlist("person"):
        if not pk.isdecimal():
            continue
        person = get_object_or_404(privacy.find_persons(council, q), pk=int(pk))
        try:
            anonymised = privacy.erase_person(council, person, acting_user=request.user)
        except privacy.CannotErase as e:
            messages.error(request, str(e))
            continue
        notes.append(_("Kontaktoplysninger slettet og navnet anonymiseret.") if anonymised
                     else _("Kontaktoplysninger slettet. Navnet bliver, så længe personen "
                            "sidder i rådet."))
    log_personal_data_access(request, council, "Sletning af en persons data")
    messages.success(request, " ".join(notes))
    return redirect(back)
