"""Easy-read versions of published minutes: the secretariat's editor with live LIX, the
public page (also the poster's HTML counterpart) and the poster PDF.

Only open items are ever read here (`actions.open_items`), so closed items cannot reach the
editor, the public page or the poster."""

from __future__ import annotations

import re

from django import forms
from django.contrib import messages
from django.http import (
    HttpRequest,
    HttpResponse,
    HttpResponseBadRequest,
    HttpResponseNotAllowed,
)
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from udsatteraad.meetings import guarding
from udsatteraad.policy.access import (
    access_council,
    access_meeting,
    access_public_easy_read,
    login_required_2fa,
)
from udsatteraad.policy.guard import PublicationBlocked

from . import actions, poster
from .lix import analyse
from .models import settings_for

MAX_CHARS = 6000
_FIELD = re.compile(r"^(intro|item-\d{1,10})$")


class EasyReadForm(forms.Form):
    """The intro plus one field per open item, named "item-<pk>"."""

    intro = forms.CharField(
        label=gettext_lazy("Indledning"), required=False, max_length=MAX_CHARS,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=gettext_lazy("Et par korte sætninger om mødet, for eksempel hvem der mødtes "
                               "og hvorfor."),
    )

    reason = forms.CharField(
        label=gettext_lazy("Hvorfor er teksten over rådets mål for LIX?"), required=False,
        max_length=500, widget=forms.Textarea(attrs={"rows": 2}),
        help_text=gettext_lazy("Skal kun udfyldes, hvis et afsnit har en LIX over målet. "
                               "Begrundelsen gemmes."),
    )

    def __init__(self, *args, items, **kwargs):
        super().__init__(*args, **kwargs)
        self.items = items
        for item in items:
            self.fields[f"title-{item.pk}"] = forms.CharField(
                label=gettext_lazy("Overskrift i let sprog"), required=False,
                max_length=200,
                help_text=gettext_lazy("Tom: punktets overskrift fra dagsordenen."),
            )
            self.fields[f"item-{item.pk}"] = forms.CharField(
                label=str(item), required=False, max_length=MAX_CHARS,
                widget=forms.Textarea(attrs={"rows": 6}),
            )

    def texts(self) -> dict[int, str]:
        """The items' texts that were sent: a field missing from the request (e.g. an item
        that was not on the page when it was loaded) leaves its saved text alone."""
        return {item.pk: self.cleaned_data[f"item-{item.pk}"] for item in self.items
                if f"item-{item.pk}" in self.data}

    def titles(self) -> dict[int, str]:
        return {item.pk: self.cleaned_data[f"title-{item.pk}"] for item in self.items
                if f"title-{item.pk}" in self.data}

    def intro_text(self, meeting) -> str:
        return self.cleaned_data["intro"] if "intro" in self.data else meeting.easy_read_intro

    def rows(self) -> list[dict]:
        """Each field with its LIX analysis of the current (typed or saved) text."""
        rows = []
        for name in ["intro", *[f"item-{i.pk}" for i in self.items]]:
            bound = self[name]
            title = self[name.replace("item-", "title-")] if name != "intro" else None
            rows.append({"field": bound, "name": name, "title": title,
                         "lix": analyse(bound.value() or "")})
        return rows


def _editor_url(council, meeting) -> str:
    return reverse("easyread:editor", args=[council.slug, meeting.pk])


@login_required_2fa
def editor(request: HttpRequest, slug: str, meeting_id: int) -> HttpResponse:
    council = access_council(request, slug)
    meeting = access_meeting(council, meeting_id)
    # A POST here is "Beregn LIX" without JavaScript: the page again with the typed text and
    # its scores, nothing saved. "Gem" and "Offentliggør" post to save and publish.
    return _editor(request, council, meeting, None)


@login_required_2fa
def save(request: HttpRequest, slug: str, meeting_id: int) -> HttpResponse:
    council = access_council(request, slug)
    meeting = access_meeting(council, meeting_id)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    return _editor(request, council, meeting, "save")


@login_required_2fa
def publish(request: HttpRequest, slug: str, meeting_id: int) -> HttpResponse:
    council = access_council(request, slug)
    meeting = access_meeting(council, meeting_id)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    return _editor(request, council, meeting, "publish")


def _editor(request, council, meeting, action: str | None) -> HttpResponse:
    ctx: dict = {"council": council, "meeting": meeting,
                 "target": settings_for(council).lix_target}
    if not meeting.has_public_minutes:
        ctx["not_ready"] = True
        return render(request, "easyread/editor.html", ctx,
                      status=409 if request.method == "POST" else 200)
    items = list(actions.open_items(meeting))
    status = 200
    if request.method == "POST":
        form = EasyReadForm(request.POST, items=items)
        if form.is_valid() and action in ("save", "publish"):
            if action == "publish":
                guarding.accept_from_post(request.POST, council=council, user=request.user)
            try:
                if action == "publish":
                    actions.publish_easy_read(
                        meeting=meeting, intro=form.intro_text(meeting), texts=form.texts(),
                        titles=form.titles(), reason=form.cleaned_data["reason"],
                        user=request.user)
                    messages.success(request, _("Den lettilgængelige udgave er offentliggjort."))
                else:
                    actions.save_easy_read(meeting=meeting, intro=form.intro_text(meeting),
                                           texts=form.texts(), titles=form.titles())
                    messages.success(request, _("Teksterne er gemt."))
                return redirect(_editor_url(council, meeting))
            except actions.ReasonRequired as e:
                ctx["error"] = str(e)
                ctx["reason_required"] = True
                status = 400
            except actions.EasyReadError as e:
                ctx["error"] = str(e)
                status = 400
            except PublicationBlocked as e:
                ctx["guard_hits"] = guarding.hits_context(e.hits)
                status = 400
        elif not form.is_valid():
            status = 400
        # "Beregn LIX" (no JavaScript): the page comes back with the typed text and scores.
    else:
        initial = {"intro": meeting.easy_read_intro}
        initial.update({f"item-{i.pk}": i.easy_read for i in items})
        initial.update({f"title-{i.pk}": i.easy_read_title for i in items})
        form = EasyReadForm(initial=initial, items=items)
    ctx.update({"form": form, "rows": form.rows(), "items": items,
                "unpublished_changes": actions.has_unpublished_changes(meeting),
                "publication": meeting.easy_read_publications.select_related(
                    "published_by").first()})
    return render(request, "easyread/editor.html", ctx, status=status)


@require_POST
@login_required_2fa
def lix_fragment(request: HttpRequest, slug: str, meeting_id: int) -> HttpResponse:
    """htmx: the LIX score of one field of the editor's form, as an HTML fragment."""
    council = access_council(request, slug)
    access_meeting(council, meeting_id)
    name = request.POST.get("field", "")
    if not _FIELD.match(name):
        return HttpResponseBadRequest(_("Ukendt felt."))
    text = request.POST.get(name, "")[:MAX_CHARS * 2]
    return render(request, "easyread/_lix.html", {
        "lix": analyse(text), "name": name, "target": settings_for(council).lix_target})


def public(request: HttpRequest, slug: str, meeting_id: int) -> HttpResponse:
    council, meeting = access_public_easy_read(slug, meeting_id)
    intro, items = actions.published_version(meeting)  # never the draft
    return render(request, "easyread/public.html",
                  {"council": council, "meeting": meeting, "intro": intro, "items": items})


def poster_pdf(request: HttpRequest, slug: str, meeting_id: int) -> HttpResponse:
    council, meeting = access_public_easy_read(slug, meeting_id)
    page = request.build_absolute_uri(
        reverse("easyread:public", args=[council.slug, meeting.pk]))
    paper = "a3" if request.GET.get("papir") == "a3" else "a4"
    pdf = poster.render_poster_pdf(meeting, council=council, page_url=page, paper=paper)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = (
        f'inline; filename="letlaest-{council.slug}-{meeting.start:%Y-%m-%d}-{paper}.pdf"')
    return response
