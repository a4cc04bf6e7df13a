"""The secretariat's easy-read page for a council: the LIX target, the published minutes still
without an easy-read version, the places that get posters, and the print batches with when
each poster was put up."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from udsatteraad.meetings.models import Meeting
from udsatteraad.ops.submit import single_submit
from udsatteraad.policy.access import access_council, login_required_2fa

from . import distribution, poster
from .actions import published_without_easy_read
from .models import EasyReadSettings, Place, Posting, PrintBatch, settings_for


class TargetForm(forms.ModelForm):
    class Meta:
        model = EasyReadSettings
        fields = ["lix_target"]


class PlaceForm(forms.ModelForm):
    class Meta:
        model = Place
        fields = ["name", "address", "note", "is_active"]

    def __init__(self, *args, council, **kwargs):
        super().__init__(*args, **kwargs)
        self.council = council

    def clean_name(self):
        name = self.cleaned_data["name"].strip()
        same = Place.objects.filter(council=self.council, name__iexact=name)
        if self.instance.pk:
            same = same.exclude(pk=self.instance.pk)
        if same.exists():
            raise forms.ValidationError(_("Rådet har allerede et sted med det navn."))
        return name


class BatchForm(forms.Form):
    meeting = forms.ModelChoiceField(queryset=Meeting.objects.none(),
                                     label=gettext_lazy("Møde"), empty_label=None)
    paper = forms.ChoiceField(choices=PrintBatch.Paper.choices, label=gettext_lazy("Papir"),
                              initial=PrintBatch.Paper.A4)

    def __init__(self, *args, council, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["meeting"].queryset = Meeting.objects.filter(
            council=council, status=Meeting.Status.MINUTES_PUBLISHED,
            easy_read_published_at__isnull=False).order_by("-start")
        self.fields["meeting"].label_from_instance = (
            lambda m: f"{m.title}, {m.start:%d.%m.%Y}")


def _overview_url(council) -> str:
    return reverse("easyread:distribution", args=[council.slug])


def _overview(request, council, *, target_form=None, batch_form=None, status=200):
    places = list(Place.objects.filter(council=council))
    ctx = {
        "council": council,
        "target_form": target_form or TargetForm(instance=settings_for(council)),
        "batch_form": batch_form or BatchForm(council=council),
        "without": published_without_easy_read(council)[:20],
        "places": places,
        "active_places": sum(p.is_active for p in places),
        "batches": PrintBatch.objects.filter(council=council).with_counts()
        .select_related("meeting")[:20],
    }
    return render(request, "easyread/distribution.html", ctx, status=status)


@login_required_2fa
def overview(request: HttpRequest, slug: str) -> HttpResponse:
    council = access_council(request, slug)
    return _overview(request, council)


@require_POST
@login_required_2fa
def target(request: HttpRequest, slug: str) -> HttpResponse:
    council = access_council(request, slug)
    form = TargetForm(request.POST, instance=settings_for(council))
    if not form.is_valid():
        return _overview(request, council, target_form=form, status=400)
    form.save()
    messages.success(request, _("Målet for LIX er gemt."))
    return redirect(_overview_url(council))


@require_POST
@login_required_2fa
def places_from_venues(request: HttpRequest, slug: str) -> HttpResponse:
    council = access_council(request, slug)
    made = distribution.add_places_from_venues(council=council)
    if made:
        messages.success(request, _("Tilføjet: %(names)s.") % {
            "names": ", ".join(p.name for p in made)})
    else:
        messages.info(request, _("Alle rådets værested og tilbud er allerede med."))
    return redirect(_overview_url(council))


@login_required_2fa
@single_submit
def place_edit(request: HttpRequest, slug: str, pk: int | None = None) -> HttpResponse:
    council = access_council(request, slug)
    place = get_object_or_404(Place, council=council, pk=pk) if pk else Place(council=council)
    form = PlaceForm(request.POST if request.method == "POST" else None, instance=place,
                     council=council)
    if request.method == "POST":
        if form.is_valid():
            form.save()
            messages.success(request, _("Stedet er gemt."))
            return redirect(_overview_url(council))
    title = _("Ret stedet %(name)s") % {"name": place.name} if pk else _("Nyt sted til plakater")
    return render(request, "councils/form.html",
                  {"council": council, "form": form, "title": title,
                   "back": _overview_url(council)},
                  status=400 if form.errors else 200)


@require_POST
@login_required_2fa
@single_submit
def batch_new(request: HttpRequest, slug: str) -> HttpResponse:
    council = access_council(request, slug)
    form = BatchForm(request.POST, council=council)
    if not form.is_valid():
        return _overview(request, council, batch_form=form, status=400)
    try:
        batch = distribution.create_batch(council=council, meeting=form.cleaned_data["meeting"],
                                          paper=form.cleaned_data["paper"], user=request.user)
    except distribution.DistributionError as e:
        form.add_error(None, str(e))
        return _overview(request, council, batch_form=form, status=400)
    messages.success(request, _("Plakaterne er klar. Hent PDF'en, og print den."))
    return redirect("easyread:batch", council.slug, batch.pk)


@login_required_2fa
def batch(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    council = access_council(request, slug)
    the_batch = get_object_or_404(PrintBatch.objects.select_related("meeting"),
                                  council=council, pk=pk)
    postings = the_batch.postings.select_related("place", "put_up_by")
    return render(request, "easyread/batch.html",
                  {"council": council, "batch": the_batch, "postings": postings})


@login_required_2fa
def batch_pdf(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    council = access_council(request, slug)
    the_batch = get_object_or_404(PrintBatch.objects.select_related("meeting"),
                                  council=council, pk=pk)
    meeting = the_batch.meeting
    if not (meeting.easy_read_published_at and meeting.has_public_minutes):
        messages.error(request, _("Mødets lette udgave er ikke offentlig længere."))
        return redirect("easyread:batch", council.slug, the_batch.pk)
    page = request.build_absolute_uri(
        reverse("easyread:public", args=[council.slug, meeting.pk]))
    places = list(the_batch.postings.values_list("place_name", flat=True))
    pdf = poster.render_poster_pdf(meeting, council=council, page_url=page,
                                   paper=the_batch.paper, places=places)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = (
        f'inline; filename="plakater-{council.slug}-{meeting.start:%Y-%m-%d}-'
        f'{the_batch.paper}.pdf"')
    return response


@login_required_2fa
def put_up(request: HttpRequest, slug: str, pk: int, posting_id: int) -> HttpResponse:
    council = access_council(request, slug)
    posting = get_object_or_404(Posting, batch__council=council, batch_id=pk, pk=posting_id)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    try:
        distribution.record_put_up(posting=posting, user=request.user)
    except distribution.DistributionError as e:
        messages.error(request, str(e))
    else:
        messages.success(request, _("Registreret: plakaten hænger på %(place)s.") % {
            "place": posting.place_name})
    return redirect("easyread:batch", council.slug, pk)
