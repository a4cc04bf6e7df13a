"""The secretariat's inquiry screens: the list, an inquiry, registering one, screening,
turning it into an agenda item, answering, closing, and the council's inquiry settings.

Only the council's own secretaries get here (`can_handle_inquiries`); every page that shows an
inquiry's content writes the access log (`_log_view`).
"""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from udsatteraad.councils.models import Council
from udsatteraad.ops.submit import single_submit
from udsatteraad.policy.access import (
    AuthenticatedRequest,
    access_inquiry,
    access_inquiry_council,
    log_personal_data_access,
    login_required_2fa,
)

from . import actions
from .forms import AgendaForm, AnswerForm, RegisterForm, ScreenForm, SettingsForm, posted
from .models import Inquiry, InquiryAccess, InquirySettings


def _log_view(request: AuthenticatedRequest, inquiry: Inquiry, what: str) -> None:
    """Who read which inquiry, when: on the inquiry and in the council's access log."""
    InquiryAccess.objects.create(inquiry=inquiry, user=request.user, what=what)
    log_personal_data_access(request, inquiry.council, f"{what}: henvendelse #{inquiry.pk}")


def _detail_url(inquiry: Inquiry) -> str:
    return reverse("inquiries:detail", args=[inquiry.council.slug, inquiry.pk])


def coming_meetings(council: Council):
    from udsatteraad.meetings.models import Meeting

    return Meeting.objects.filter(
        council=council, start__gte=timezone.now(),
        status__in=[Meeting.Status.PLANNED, Meeting.Status.AGENDA_PUBLISHED],
    ).order_by("start")


@login_required_2fa
def inquiry_list(request: AuthenticatedRequest, slug: str) -> HttpResponse:
    council = access_inquiry_council(request, slug)
    inquiries = Inquiry.objects.filter(council=council).overview_order()
    status = request.GET.get("status", "")
    if status in Inquiry.Status.values:
        inquiries = inquiries.filter(status=status)
    page = Paginator(inquiries, 50).get_page(request.GET.get("side"))
    return render(request, "inquiries/list.html", {
        "council": council, "page": page, "statuses": Inquiry.Status.choices,
        "status": status, "to_screen": actions.pending_for(council).count(),
        "statistics": actions.statistics(council)[:24],
    })


@login_required_2fa
@single_submit
def register(request: AuthenticatedRequest, slug: str) -> HttpResponse:
    council = access_inquiry_council(request, slug)
    form = RegisterForm(posted(request))
    if request.method == "POST" and form.is_valid():
        inquiry = actions.register(council=council, data=form.cleaned_data,
                                   acting_user=request.user)
        messages.success(request, _("Henvendelsen er registreret."))
        return redirect(_detail_url(inquiry))
    return render(request, "inquiries/register.html", {"council": council, "form": form},
                  status=400 if form.is_bound else 200)


@login_required_2fa
def detail(request: AuthenticatedRequest, slug: str, pk: int) -> HttpResponse:
    council = access_inquiry_council(request, slug)
    inquiry = access_inquiry(council, pk)
    _log_view(request, inquiry, _("Læst"))
    history = inquiry.history.select_related("history_user").order_by("history_date")
    return render(request, "inquiries/detail.html", {
        "council": council, "inquiry": inquiry, "history": history,
        "screen_form": ScreenForm(initial={
            "decision": "personal" if inquiry.is_personal_case or (
                inquiry.status == Inquiry.Status.NEW and inquiry.flags) else "topic"}),
        "accesses": inquiry.accesses.select_related("user")[:20],
        "can_screen": inquiry.erased_at is None and inquiry.status in (
            Inquiry.Status.NEW, Inquiry.Status.TOPIC, Inquiry.Status.PERSONAL),
        "can_agenda": inquiry.erased_at is None and inquiry.status == Inquiry.Status.TOPIC,
        "can_answer": inquiry.erased_at is None and inquiry.status in (
            Inquiry.Status.TOPIC, Inquiry.Status.PERSONAL, Inquiry.Status.ON_AGENDA),
        "can_close": inquiry.erased_at is None and inquiry.is_open,
    })


@login_required_2fa
def screen(request: AuthenticatedRequest, slug: str, pk: int) -> HttpResponse:
    council = access_inquiry_council(request, slug)
    inquiry = access_inquiry(council, pk)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    form = ScreenForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Vælg, om henvendelsen er et emne eller en egen sag."))
        return redirect(_detail_url(inquiry))
    personal = form.cleaned_data["decision"] == "personal"
    try:
        actions.screen(inquiry=inquiry, personal=personal, acting_user=request.user)
    except actions.InquiryStateError as e:
        messages.error(request, str(e))
        return redirect(_detail_url(inquiry))
    if personal:
        messages.success(request, _("Markeret som egen sag. Send standardsvaret."))
        return redirect(reverse("inquiries:answer", args=[council.slug, inquiry.pk]))
    messages.success(request, _("Markeret som emne for rådet."))
    return redirect(_detail_url(inquiry))


@login_required_2fa
def to_agenda(request: AuthenticatedRequest, slug: str, pk: int) -> HttpResponse:
    council = access_inquiry_council(request, slug)
    inquiry = access_inquiry(council, pk)
    meetings = coming_meetings(council)
    form = AgendaForm(posted(request), meetings=meetings,
                      initial={"title": inquiry.get_topic_display()})
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                item = actions.to_agenda(
                    inquiry=inquiry, meeting=form.cleaned_data["meeting"],
                    title=form.cleaned_data["title"], summary=form.cleaned_data["summary"],
                    acting_user=request.user)
            except actions.InquiryStateError as e:
                form.add_error(None, str(e))
            else:
                messages.success(request, _("Henvendelsen er sat på dagsordenen som %(item)s.")
                                 % {"item": item})
                return redirect(_detail_url(inquiry))
    _log_view(request, inquiry, _("Læst (til dagsorden)"))  # the page shows the message
    return render(request, "inquiries/to_agenda.html", {
        "council": council, "inquiry": inquiry, "form": form,
        "has_meetings": meetings.exists(),
    }, status=status)


@login_required_2fa
def answer(request: AuthenticatedRequest, slug: str, pk: int) -> HttpResponse:
    council = access_inquiry_council(request, slug)
    inquiry = access_inquiry(council, pk)
    initial = actions.standard_reply(council) if inquiry.is_personal_case else ""
    form = AnswerForm(posted(request), initial={"text": initial})
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                sent = actions.answer(inquiry=inquiry, text=form.cleaned_data["text"],
                                      acting_user=request.user)
            except actions.InquiryStateError as e:
                form.add_error(None, str(e))
            else:
                messages.success(request, _("Svaret er sendt på e-mail.") if sent else _(
                    "Svaret er gemt. Borgeren gav ingen e-mail: giv svaret på telefon eller "
                    "brev."))
                return redirect(_detail_url(inquiry))
    _log_view(request, inquiry, _("Læst (svar)"))  # the page shows the message
    return render(request, "inquiries/answer.html", {
        "council": council, "inquiry": inquiry, "form": form}, status=status)


@login_required_2fa
def close(request: AuthenticatedRequest, slug: str, pk: int) -> HttpResponse:
    council = access_inquiry_council(request, slug)
    inquiry = access_inquiry(council, pk)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    try:
        actions.close(inquiry=inquiry, acting_user=request.user)
    except actions.InquiryStateError as e:
        messages.error(request, str(e))
    else:
        messages.success(request, _("Henvendelsen er lukket."))
    return redirect(_detail_url(inquiry))


@login_required_2fa
def inquiry_settings(request: AuthenticatedRequest, slug: str) -> HttpResponse:
    council = access_inquiry_council(request, slug)
    form = SettingsForm(posted(request), instance=InquirySettings.for_council(council))
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Indstillingerne er gemt."))
        return redirect(reverse("inquiries:list", args=[council.slug]))
    return render(request, "inquiries/settings.html", {
        "council": council, "form": form, "default_reply": actions.standard_reply(council)
        if not form.instance.personal_case_reply else "",
    }, status=400 if form.is_bound else 200)
