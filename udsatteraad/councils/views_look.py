"""An authority's look: the secretaries' screen, and the stylesheet and logo its councils'
pages load (public: every visitor of those pages gets them)."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET

from udsatteraad.policy.access import access_authority_look, login_required_2fa

from . import look
from .models import Authority, Council


class LookForm(forms.Form):
    display_name = forms.CharField(
        label=gettext_lazy("Visningsnavn"), max_length=200, required=False,
        help_text=gettext_lazy("Vises i toppen af rådenes sider. Tomt: myndighedens navn."))
    accent_color = forms.CharField(
        label=gettext_lazy("Accentfarve"), max_length=7, required=False,
        widget=forms.TextInput(attrs={"type": "color"}),
        help_text=gettext_lazy("Bruges til sidehoved, knapper og links. Farven skal give en "
                               "kontrast på mindst 4,5:1 mod hvid tekst (WCAG AA)."))
    logo = forms.FileField(
        label=gettext_lazy("Logo"), required=False,
        help_text=gettext_lazy("PNG eller SVG, højst 200 kB."))
    remove_logo = forms.BooleanField(label=gettext_lazy("Fjern logoet"), required=False)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        # max_length is checked on the server; HTML allows no maxlength on a colour input.
        self.fields["accent_color"].widget.attrs.pop("maxlength", None)

    def clean_accent_color(self) -> str:
        return look.check_accent(self.cleaned_data.get("accent_color", ""))

    def clean_logo(self):
        upload = self.cleaned_data.get("logo")
        if not upload:
            return None
        if upload.size > look.MAX_LOGO_BYTES:
            raise forms.ValidationError(
                _("Logoet må højst fylde %(kb)s kB.") % {"kb": look.MAX_LOGO_BYTES // 1024})
        return look.check_logo(upload.read())


@login_required_2fa
def edit_look(request: HttpRequest, slug: str) -> HttpResponse:
    authority = access_authority_look(request, slug)
    if request.method == "POST":
        form = LookForm(request.POST, request.FILES)
        if form.is_valid():
            data = form.cleaned_data
            authority.display_name = data["display_name"].strip()
            authority.accent_color = data["accent_color"]
            fields = ["display_name", "accent_color", "modified"]
            if data["logo"]:
                authority.logo, authority.logo_type = data["logo"]
                fields += ["logo", "logo_type"]
            elif data["remove_logo"]:
                authority.logo, authority.logo_type = b"", ""
                fields += ["logo", "logo_type"]
            authority.save(update_fields=fields)
            messages.success(request, _("Udseendet er gemt."))
            return redirect(reverse("look:edit", args=[authority.slug]))
    else:
        form = LookForm(initial={"display_name": authority.display_name,
                                 "accent_color": authority.accent_color or "#0b4f6c"})
    councils = Council.objects.for_secretary(request.user).filter(authority=authority)
    return render(request, "councils/look.html", {
        "authority": authority, "form": form, "councils": councils,
        "council": councils.first(),
    })


@require_GET
def style(request: HttpRequest, slug: str) -> HttpResponse:
    authority = get_object_or_404(Authority, slug=slug)
    return HttpResponse(look.stylesheet(authority.accent_color),
                        content_type="text/css; charset=utf-8")


@require_GET
def logo(request: HttpRequest, slug: str) -> HttpResponse:
    authority = get_object_or_404(Authority.objects.only("logo", "logo_type"), slug=slug)
    if not authority.logo_type:
        raise Http404("Myndigheden har intet logo.")
    response = HttpResponse(bytes(authority.logo), content_type=authority.logo_type)
    response["X-Content-Type-Options"] = "nosniff"
    # An SVG opened on its own is a document: nothing in it may run or load.
    response["Content-Security-Policy"] = "default-src 'none'; style-src 'unsafe-inline'"
    return response
