"""The yearly meeting plan, meeting details and extraordinary meetings (secretariat and
members); the rules of procedure's screen is councils/views_procedure.py.
Every object comes through policy.access."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from udsatteraad.councils.models import Council, Venue
from udsatteraad.lib import site
from udsatteraad.lib.forms import DateInput, TimeInput, model_choices
from udsatteraad.ops.submit import single_submit
from udsatteraad.policy.access import (
    access_council,
    access_extraordinary_request,
    access_meeting,
    access_member_council,
    login_required_2fa,
    person_for,
)
from udsatteraad.policy.permissions import can_convene_extraordinary

from . import planning
from .models import ExtraordinaryRequest, Meeting

# Forms --------------------------------------------------------------------------------------


class MeetingForm(forms.Form):
    kind = forms.ChoiceField(label=gettext_lazy("Mødetype"), choices=Meeting.Kind.choices)
    title = forms.CharField(
        label=gettext_lazy("Titel"), max_length=300, required=False,
        help_text=gettext_lazy("Tom: mødetype og dato, f.eks. »Ordinært møde 12. marts 2027«."),
    )
    date = forms.DateField(label=gettext_lazy("Dato"), widget=DateInput())
    start_time = forms.TimeField(label=gettext_lazy("Starttid"), widget=TimeInput())
    end_time = forms.TimeField(label=gettext_lazy("Sluttid"), required=False, widget=TimeInput())
    venue = forms.ModelChoiceField(
        label=gettext_lazy("Mødested"), queryset=Venue.objects.none(), required=False,
        empty_label=gettext_lazy("(intet valgt)"),
    )
    location = forms.CharField(
        label=gettext_lazy("Lokale/adresse"), max_length=300, required=False,
        help_text=gettext_lazy("F.eks. »Mødelokale 2, Regionshuset«."),
    )
    description = forms.CharField(
        label=gettext_lazy("Beskrivelse"), required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    confirm = forms.BooleanField(
        label=gettext_lazy("Hold mødet alligevel"), required=False,
        help_text=gettext_lazy(
            "Sæt kun flueben, hvis mødet bevidst holdes på en helligdag eller i arbejdstiden."
        ),
    )

    def __init__(self, *args, council: Council, meeting: Meeting | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.council = council
        self.meeting = meeting
        model_choices(self, "venue").queryset = Venue.objects.filter(
            authority_id=council.authority_id
        )

    def clean(self):
        data = super().clean()
        if self.errors or not all(data.get(f) for f in ("kind", "date", "start_time")):
            return data
        problems = planning.meeting_problems(
            council=self.council, kind=data["kind"], day=data["date"],
            start_time=data["start_time"], end_time=data.get("end_time"), meeting=self.meeting,
        )
        for problem in planning.blocking(problems, confirmed=data.get("confirm", False)):
            self.add_error(problem.field, problem.message)
        return data


class ConveneForm(MeetingForm):
    """The chair convenes an extraordinary meeting, possibly answering a members' request."""

    request = forms.ModelChoiceField(
        label=gettext_lazy("Efter anmodning"), queryset=ExtraordinaryRequest.objects.none(),
        required=False, empty_label=gettext_lazy("(ingen anmodning)"),
    )
    field_order = ["request", "title", "date", "start_time", "end_time", "venue", "location",
                   "description", "confirm"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        del self.fields["kind"]
        model_choices(self, "request").queryset = ExtraordinaryRequest.objects.filter(
            council=self.council, meetings__isnull=True
        )

    def clean(self):
        self.cleaned_data["kind"] = Meeting.Kind.EXTRAORDINARY
        return super().clean()


WEEKDAYS = [(0, gettext_lazy("mandag")), (1, gettext_lazy("tirsdag")),
            (2, gettext_lazy("onsdag")), (3, gettext_lazy("torsdag")),
            (4, gettext_lazy("fredag")), (5, gettext_lazy("lørdag")), (6, gettext_lazy("søndag"))]
ORDINAL_LABELS = [(1, gettext_lazy("første")), (2, gettext_lazy("anden")),
                  (3, gettext_lazy("tredje")), (4, gettext_lazy("fjerde")),
                  (-1, gettext_lazy("sidste"))]
MONTHS = [(1, gettext_lazy("januar")), (2, gettext_lazy("februar")), (3, gettext_lazy("marts")),
          (4, gettext_lazy("april")), (5, gettext_lazy("maj")), (6, gettext_lazy("juni")),
          (7, gettext_lazy("juli")), (8, gettext_lazy("august")),
          (9, gettext_lazy("september")), (10, gettext_lazy("oktober")),
          (11, gettext_lazy("november")), (12, gettext_lazy("december"))]


class YearPlanForm(forms.Form):
    """E.g. the second Monday of March, June, September and December at 17.00."""

    year = forms.IntegerField(label=gettext_lazy("År"), min_value=2000, max_value=2200)
    nth = forms.TypedChoiceField(label=gettext_lazy("Hvilken i måneden"), coerce=int,
                                 choices=ORDINAL_LABELS, initial=2)
    weekday = forms.TypedChoiceField(label=gettext_lazy("Ugedag"), coerce=int,
                                     choices=WEEKDAYS, initial=0)
    months = forms.TypedMultipleChoiceField(
        label=gettext_lazy("Måneder"), coerce=int, choices=MONTHS,
        widget=forms.CheckboxSelectMultiple, initial=[3, 6, 9, 12],
        error_messages={"required": gettext_lazy("Vælg mindst én måned.")},
    )
    start_time = forms.TimeField(label=gettext_lazy("Starttid"), widget=TimeInput(),
                                 initial=dt.time(17, 0))
    end_time = forms.TimeField(label=gettext_lazy("Sluttid"), required=False,
                               widget=TimeInput())
    venue = forms.ModelChoiceField(
        label=gettext_lazy("Mødested"), queryset=Venue.objects.none(), required=False,
        empty_label=gettext_lazy("(intet valgt)"),
    )
    location = forms.CharField(label=gettext_lazy("Lokale/adresse"), max_length=300,
                               required=False)
    confirm = forms.BooleanField(
        label=gettext_lazy("Hold mødet alligevel"), required=False,
        help_text=gettext_lazy("Sæt kun flueben, hvis møderne bevidst holdes i arbejdstiden."),
    )

    def __init__(self, *args, council: Council, **kwargs):
        super().__init__(*args, **kwargs)
        model_choices(self, "venue").queryset = Venue.objects.filter(
            authority_id=council.authority_id
        )

    def clean(self):
        data = super().clean()
        start, end = data.get("start_time"), data.get("end_time")
        if start and end and end <= start:
            self.add_error("end_time", _("Mødet skal slutte efter, det begynder."))
        return data


class RequestForm(forms.Form):
    topic = forms.CharField(label=gettext_lazy("Emne"), max_length=300)
    reason = forms.CharField(
        label=gettext_lazy("Begrundelse"), required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


# Secretariat: plan and meetings -------------------------------------------------------------


def _plan_url(council: Council, year: int) -> str:
    return f"{reverse('meetings:plan', args=[council.slug])}?aar={year}"


@login_required_2fa
def plan(request: HttpRequest, slug: str) -> HttpResponse:
    council = access_council(request, slug)
    today = timezone.localdate()
    year = today.year
    raw = request.GET.get("aar", "")
    if raw:
        try:
            year = int(raw)
        except ValueError:
            messages.error(request, _("»%(value)s« er ikke et årstal. Viser %(year)d.")
                           % {"value": raw[:20], "year": year})
        else:
            if not 1900 <= year <= 2200:
                messages.error(request, _("Vælg et år mellem 1900 og 2200."))
                year = today.year
    meetings = list(
        Meeting.objects.filter(council=council, start__year=year)
        .select_related("venue").order_by("start", "pk")
    )
    ordinary = sum(
        1 for m in meetings
        if m.kind == Meeting.Kind.ORDINARY and m.status != Meeting.Status.CANCELLED
    )
    rules = planning.plan_rules(council, year)
    ctx = {
        "council": council,
        "year": year,
        "meetings": meetings,
        "ordinary": ordinary,
        "rules": rules,
        "warnings": planning.year_warnings(ordinary_count=ordinary, year=year, rules=rules),
        "previous_year": year - 1,
        "next_year": year + 1,
    }
    return render(request, "meetings/plan/plan.html", ctx)


@login_required_2fa
@single_submit
def meeting_new(request: HttpRequest, slug: str) -> HttpResponse:
    council = access_council(request, slug)
    raw = request.POST.get("anmodning") or request.GET.get("anmodning", "")
    req = access_extraordinary_request(council, int(raw)) if raw.isdecimal() else None
    if request.method == "POST":
        form = MeetingForm(request.POST, council=council)
        if form.is_valid():
            try:
                meeting = planning.create_meeting(council=council, data=form.cleaned_data,
                                                  request=req)
            except planning.PlanError as e:
                form.add_error(None, str(e))
            else:
                messages.success(request, _("Mødet er oprettet."))
                return redirect("meetings:workspace", council.slug, meeting.pk)
    else:
        kind = request.GET.get("type", Meeting.Kind.ORDINARY)
        form = MeetingForm(initial={"kind": kind}, council=council)
    ctx = {"council": council, "form": form, "title": _("Nyt møde"), "request_obj": req,
           "back": _plan_url(council, timezone.localdate().year)}
    return render(request, "meetings/plan/meeting_form.html", ctx)


@login_required_2fa
@single_submit
def plan_pattern(request: HttpRequest, slug: str) -> HttpResponse:
    """The year's ordinary meetings from a pattern in one step; holidays are skipped."""
    council = access_council(request, slug)
    if request.method == "POST":
        form = YearPlanForm(request.POST, council=council)
        if form.is_valid():
            data = form.cleaned_data
            result = planning.create_year_plan(
                council=council, year=data["year"], months=data["months"],
                weekday=data["weekday"], nth=data["nth"], start_time=data["start_time"],
                end_time=data.get("end_time"), venue=data.get("venue"),
                location=data.get("location", ""), confirmed=data.get("confirm", False),
            )
            for warning in result.skipped:
                messages.warning(request, warning)
            if result.created:
                messages.success(request, ngettext(
                    "%(count)d møde er oprettet. Ret de enkelte møder herunder.",
                    "%(count)d møder er oprettet. Ret de enkelte møder herunder.",
                    len(result.created)) % {"count": len(result.created)})
            else:
                messages.error(request, _("Der er ikke oprettet nogen møder."))
            return redirect(_plan_url(council, data["year"]))
    else:
        year = timezone.localdate().year + 1
        raw = request.GET.get("aar", "")
        if raw.isdecimal() and 2000 <= int(raw) <= 2200:
            year = int(raw)
        form = YearPlanForm(council=council, initial={"year": year})
    asked = str(form["year"].value() or "")
    back_year = int(asked) if asked.isdecimal() and 2000 <= int(asked) <= 2200 else (
        timezone.localdate().year)
    ctx = {"council": council, "form": form, "title": _("Planlæg året efter et mønster"),
           "back": _plan_url(council, back_year)}
    return render(request, "meetings/plan/pattern.html", ctx)


@login_required_2fa
def meeting_edit(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    council = access_council(request, slug)
    meeting = access_meeting(council, pk)
    start = timezone.localtime(meeting.start)
    if request.method == "POST":
        form = MeetingForm(request.POST, council=council, meeting=meeting)
        if form.is_valid():
            planning.update_meeting(meeting=meeting, data=form.cleaned_data,
                                    root=site.root(request))
            messages.success(request, _("Mødet er gemt."))
            return redirect("meetings:workspace", council.slug, meeting.pk)
    else:
        form = MeetingForm(council=council, meeting=meeting, initial={
            "kind": meeting.kind, "title": meeting.title, "date": start.date(),
            "start_time": start.time(),
            "end_time": timezone.localtime(meeting.end).time() if meeting.end else None,
            "venue": meeting.venue_id, "location": meeting.location,
            "description": meeting.description,
        })
    ctx = {"council": council, "form": form, "meeting": meeting,
           "title": _("Rediger mødet"), "back": _plan_url(council, start.year)}
    return render(request, "meetings/plan/meeting_form.html", ctx)


@login_required_2fa
def meeting_cancel(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    council = access_council(request, slug)
    meeting = access_meeting(council, pk)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    start = timezone.localtime(meeting.start)
    try:
        planning.cancel_meeting(meeting=meeting, acting_user=request.user,
                                root=site.root(request))
    except planning.PlanError as e:
        messages.error(request, str(e))
    else:
        messages.success(request, _("Mødet er aflyst."))
    return redirect(_plan_url(council, start.year))


@login_required_2fa
def extraordinary_overview(request: HttpRequest, slug: str) -> HttpResponse:
    council = access_council(request, slug)
    terms = council.current_terms()
    ctx = {
        "council": council,
        "required": terms.extraordinary_request_members if terms else None,
        "requests": planning.requests_with_counts(council),
    }
    return render(request, "meetings/plan/extraordinary_overview.html", ctx)


# Members: extraordinary meetings ------------------------------------------------------------


@login_required_2fa
def member_extraordinary(request: HttpRequest, slug: str) -> HttpResponse:
    council, roles = access_member_council(request, slug)
    if request.method not in ("GET", "HEAD"):
        # The page's forms post to extraordinary_request, _sign and _convene.
        return HttpResponseNotAllowed(["GET", "HEAD"])
    return _member_extraordinary_page(request, council, roles)


def _required_signatures(council: Council) -> int | None:
    terms = council.current_terms()
    return terms.extraordinary_request_members if terms else None


def _no_right_to_request(request, council) -> HttpResponse:
    messages.error(request, _("Kommissoriet giver ikke medlemmerne ret til at kræve et "
                              "ekstraordinært møde."))
    return redirect("meetings:member-extraordinary", council.slug)


def _member_extraordinary_page(request, council, roles, *, request_form=None,
                               convene_form=None) -> HttpResponse:
    person = person_for(request)
    can_convene = can_convene_extraordinary(request.user, council)
    request_form = request_form or RequestForm()
    if convene_form is None and can_convene:
        convene_form = ConveneForm(council=council)
    requests = list(planning.requests_with_counts(council))
    signed = set(
        ExtraordinaryRequest.objects.filter(council=council, signatures__person=person)
        .values_list("pk", flat=True)
    )
    for req in requests:
        req.signed_by_me = req.pk in signed
        req.convened = next(iter(req.meetings.all()), None)
    ctx = {
        "council": council, "required": _required_signatures(council), "requests": requests,
        "request_form": request_form, "convene_form": convene_form,
        "today": dt.date.today(),
    }
    return render(request, "meetings/plan/member_extraordinary.html", ctx)


@login_required_2fa
def extraordinary_request(request: HttpRequest, slug: str) -> HttpResponse:
    council, roles = access_member_council(request, slug)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    person = person_for(request)
    if not _required_signatures(council):
        return _no_right_to_request(request, council)
    request_form = RequestForm(request.POST)
    if not request_form.is_valid():
        return _member_extraordinary_page(request, council, roles, request_form=request_form)
    try:
        planning.create_request(council=council, person=person,
                                topic=request_form.cleaned_data["topic"],
                                reason=request_form.cleaned_data["reason"])
    except planning.PlanError as e:
        request_form.add_error(None, str(e))
        return _member_extraordinary_page(request, council, roles, request_form=request_form)
    messages.success(request, _("Din anmodning er oprettet, og du har skrevet under."))
    return redirect("meetings:member-extraordinary", council.slug)


@login_required_2fa
def extraordinary_sign(request: HttpRequest, slug: str) -> HttpResponse:
    council, roles = access_member_council(request, slug)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    person = person_for(request)
    if not _required_signatures(council):
        return _no_right_to_request(request, council)
    raw = request.POST.get("request", "")
    if not raw.isdecimal():
        messages.error(request, _("Vælg den anmodning, du vil skrive under på."))
        return redirect("meetings:member-extraordinary", council.slug)
    req = access_extraordinary_request(council, int(raw))
    if req.meetings.exists():
        messages.error(request, _("Der er allerede indkaldt til møde efter denne anmodning."))
    else:
        planning.sign_request(request=req, person=person)
        messages.success(request, _("Du har skrevet under på anmodningen."))
    return redirect("meetings:member-extraordinary", council.slug)


@login_required_2fa
def extraordinary_convene(request: HttpRequest, slug: str) -> HttpResponse:
    council, roles = access_member_council(request, slug)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    if not can_convene_extraordinary(request.user, council):
        raise PermissionDenied(_("Kun formanden kan indkalde til ekstraordinært møde."))
    convene_form = ConveneForm(request.POST, council=council)
    if not convene_form.is_valid():
        return _member_extraordinary_page(request, council, roles, convene_form=convene_form)
    try:
        planning.create_meeting(council=council, data=convene_form.cleaned_data,
                                request=convene_form.cleaned_data.get("request"))
    except planning.PlanError as e:
        messages.error(request, str(e))
        return redirect("meetings:member-extraordinary", council.slug)
    messages.success(request, _("Det ekstraordinære møde er indkaldt. Sekretariatet "
                                "sætter dagsordenen."))
    return redirect("meetings:member-extraordinary", council.slug)
