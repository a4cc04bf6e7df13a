"""The public side: a council's contact form, its receipt, and the record of processing."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache

from udsatteraad.policy.access import access_public_council

from . import actions, throttle
from .forms import MESSAGE_MAX, ContactForm, posted
from .models import DEFAULT_RETENTION_MONTHS, PERSONAL_CASE_DAYS, InquirySettings


@never_cache
def contact(request: HttpRequest, slug: str) -> HttpResponse:
    council = access_public_council(slug)
    months = InquirySettings.for_council(council).retention_months
    form = ContactForm(posted(request))
    status = 200
    flood = False
    if request.method == "POST":
        if form.is_spam():
            # A bot filled the hidden field: it gets the receipt, nothing is saved or sent.
            return redirect(reverse("inquiries:thanks", args=[council.slug]))
        if throttle.is_throttled(request):
            flood, status = True, 429
        elif form.is_valid():
            inquiry = actions.submit(council=council, data=form.cleaned_data)
            throttle.record(request)
            url = reverse("inquiries:thanks", args=[council.slug])
            return redirect(f"{url}?mail=1" if inquiry.email else url)
        else:
            status = 400
    return render(request, "inquiries/contact.html", {
        "council": council, "form": form, "flood": flood, "months": months,
        "days": PERSONAL_CASE_DAYS, "max": MESSAGE_MAX,
    }, status=status)


def thanks(request: HttpRequest, slug: str) -> HttpResponse:
    council = access_public_council(slug)
    return render(request, "inquiries/thanks.html", {
        "council": council, "mail": request.GET.get("mail") == "1"})


def processing(request: HttpRequest) -> HttpResponse:
    return render(request, "inquiries/processing.html", {
        "months": DEFAULT_RETENTION_MONTHS, "days": PERSONAL_CASE_DAYS})
