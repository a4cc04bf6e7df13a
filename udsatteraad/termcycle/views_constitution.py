"""The constituting meeting's page: mark a meeting of the term as constituting (its standard
items are added), then record the election of chair and vice-chair."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from udsatteraad.councils.models import Membership
from udsatteraad.meetings.agenda import AgendaLocked
from udsatteraad.meetings.minutes import MinutesError, StaleRevision
from udsatteraad.policy.access import access_council, access_meeting, login_required_2fa

from . import constitute
from .models import Constitution


class RolesForm(forms.Form):
    chair = forms.ModelChoiceField(queryset=Membership.objects.none(), required=False,
                                   label=gettext_lazy("Formand"))
    vice_chair = forms.ModelChoiceField(queryset=Membership.objects.none(), required=False,
                                        label=gettext_lazy("Næstformand"))

    def __init__(self, *args, members, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        for name in ("chair", "vice_chair"):
            field = self.fields[name]
            field.queryset = members  # type: ignore[attr-defined]
            field.label_from_instance = lambda m: f"{m.person.name} ({m.seat_group.name})"  # type: ignore[attr-defined]


def _members(constitution: Constitution):
    day = timezone.localtime(constitution.meeting.start).date()
    return (Membership.objects.filter(term=constitution.term, is_substitute=False)
            .active_on(day).select_related("person", "seat_group").order_by("person__name"))


@login_required_2fa
def constitution(request: HttpRequest, slug: str, meeting_id: int) -> HttpResponse:
    council = access_council(request, slug)
    meeting = access_meeting(council, meeting_id)
    row = Constitution.objects.filter(meeting=meeting).select_related("term").first()
    form = None
    status = 200
    if row is not None:
        form = RolesForm(request.POST or None, members=_members(row),
                         initial={"chair": row.chair_id, "vice_chair": row.vice_chair_id})
        if request.method == "POST" and form.is_valid():
            try:
                constitute.record(constitution=row, chair=form.cleaned_data["chair"],
                                  vice_chair=form.cleaned_data["vice_chair"], user=request.user)
            except ValidationError as exc:
                for m in exc.messages:
                    form.add_error(None, m)
            except StaleRevision:
                form.add_error(None, _("Punktet blev ændret imens. Prøv igen."))
            except MinutesError as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(request, _("Formand og næstformand er registreret, og "
                                            "resultatet står i referatet."))
                return HttpResponseRedirect(request.path)
        if request.method == "POST":
            status = 400
    elif request.method == "POST":
        return HttpResponseNotAllowed(["GET"])
    return render(request, "termcycle/constitution.html",
                  {"council": council, "meeting": meeting, "constitution": row, "form": form},
                  status=status)


@login_required_2fa
def constitution_mark(request: HttpRequest, slug: str, meeting_id: int) -> HttpResponse:
    council = access_council(request, slug)
    meeting = access_meeting(council, meeting_id)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    day = timezone.localtime(meeting.start).date()
    term = get_object_or_404(council.terms, start__lte=day, end__gte=day)
    try:
        constitute.mark(meeting=meeting, term=term)
    except (ValidationError, AgendaLocked) as exc:
        messages.error(request, " ".join(getattr(exc, "messages", [str(exc)])))
    else:
        messages.success(request, _("Mødet er konstituerende, og standardpunkterne er på "
                                    "dagsordenen."))
    return HttpResponseRedirect(reverse("termcycle:constitution",
                                        args=[council.slug, meeting.pk]))
