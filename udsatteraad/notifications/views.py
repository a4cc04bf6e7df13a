"""The person's own choice of how to be told: at once or in a daily digest."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from udsatteraad.policy.access import AuthenticatedRequest, login_required_2fa

from .models import Preference


class PreferenceForm(forms.ModelForm):
    class Meta:
        model = Preference
        fields = ["mode"]
        widgets = {"mode": forms.RadioSelect}


@login_required_2fa
def preferences(request: AuthenticatedRequest) -> HttpResponse:
    row = Preference.objects.filter(user=request.user).first() or Preference(user=request.user)
    form = PreferenceForm(request.POST if request.method == "POST" else None, instance=row)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Dit valg er gemt."))
        return redirect("notifications:preferences")
    return render(request, "notifications/preferences.html", {"form": form},
                  status=400 if form.errors else 200)
