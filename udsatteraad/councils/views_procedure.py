"""The rules of procedure (forretningsorden) on the secretariat's screen: every rule in
fieldsets, with the history of changes. The route keeps its name (meetings:rules-of-procedure)
because the meetings' pages and the hearings link to it."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from udsatteraad.lib.formfields import refuse_nul
from udsatteraad.lib.forms import TimeInput
from udsatteraad.policy.access import access_council, login_required_2fa

from . import history
from .forms import FieldsetsMixin, UnsaidBooleanSelect
from .procedure import RulesOfProcedure


class LinesField(forms.CharField):
    """A list of strings edited as one line each."""

    widget = forms.Textarea(attrs={"rows": 4})

    def prepare_value(self, value):
        return "\n".join(value) if isinstance(value, list) else value

    def to_python(self, value):
        refuse_nul(value or "")  # checked on the text: the validators only see the list
        return [line.strip() for line in (value or "").splitlines() if line.strip()]


class RulesForm(FieldsetsMixin, forms.ModelForm):
    opening_items = LinesField(
        label=gettext_lazy("Faste punkter i starten af ordinære møder"), required=False,
        help_text=gettext_lazy("Ét punkt pr. linje."),
    )
    closing_items = LinesField(
        label=gettext_lazy("Faste punkter til sidst på ordinære møder"), required=False,
        help_text=gettext_lazy("Ét punkt pr. linje."),
    )
    fieldsets = [
        (gettext_lazy("Frister"), ["proposal_deadline_days", "agenda_notice_days",
                                   "notice_enforcement", "minutes_sent_within_days"]),
        (gettext_lazy("Møderne"), ["working_hours_end", "openness", "guests_text",
                                   "urgent_items", "urgent_items_numerator",
                                   "urgent_items_denominator", "opening_items",
                                   "closing_items"]),
        (gettext_lazy("Beslutninger"), ["quorum_numerator", "quorum_denominator",
                                        "quorum_strict", "quorum_includes_chair",
                                        "decision_rule", "chair_casting_vote",
                                        "dissent_recorded"]),
        (gettext_lazy("Referat"), ["minutes_approval", "minutes_written_days"]),
        (gettext_lazy("Høringer"), ["hearing_response_approval", "hearing_reminder_days"]),
        (gettext_lazy("Presse og fortrolighed"), ["spokesperson", "confidentiality"]),
        (gettext_lazy("Forretningsordenens tekst"), ["text", "source"]),
    ]

    class Meta:
        model = RulesOfProcedure
        fields = [
            "proposal_deadline_days", "agenda_notice_days", "notice_enforcement",
            "minutes_sent_within_days", "working_hours_end", "openness", "guests_text",
            "urgent_items", "urgent_items_numerator", "urgent_items_denominator",
            "opening_items", "closing_items", "quorum_numerator", "quorum_denominator",
            "quorum_strict", "quorum_includes_chair", "decision_rule", "chair_casting_vote",
            "dissent_recorded", "minutes_approval", "minutes_written_days",
            "hearing_response_approval", "hearing_reminder_days", "spokesperson",
            "confidentiality", "text", "source",
        ]
        widgets = {
            "working_hours_end": TimeInput(),
            "chair_casting_vote": UnsaidBooleanSelect,
            "dissent_recorded": UnsaidBooleanSelect,
            "guests_text": forms.Textarea(attrs={"rows": 3}),
            "confidentiality": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {
            "quorum_numerator": gettext_lazy("Fx 1 og 2 for »halvdelen af medlemmerne«."),
            "urgent_items_numerator": gettext_lazy(
                "Kun når medlemmerne kan optage hastende punkter, fx 1 og 3."),
            "minutes_written_days": gettext_lazy("Kun ved skriftlig godkendelse."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # A form posted without some of the rules (an older page, a script) keeps their saved
        # values; a checkbox cannot be told apart from an unticked one, so it is left alone.
        self.kept: list[str] = []
        if self.is_bound:
            for name, field in self.fields.items():
                if name not in self.data and not isinstance(field.widget, forms.CheckboxInput):
                    field.required = False
                    self.kept.append(name)

    def clean(self):
        cleaned = super().clean()
        for name in self.kept:
            cleaned[name] = getattr(self.instance, name)
        return cleaned


@login_required_2fa
def rules_of_procedure(request: HttpRequest, slug: str) -> HttpResponse:
    council = access_council(request, slug)
    rules = council.rules()
    form = RulesForm(request.POST or None, instance=rules)
    if request.method == "POST" and form.is_valid():
        # On the screen the secretariat sees and confirms every rule: all of them are stated.
        form.instance.stated = sorted(form.fields)
        form.save()
        messages.success(request, _("Forretningsordenen er gemt."))
        return redirect("meetings:rules-of-procedure", council.slug)
    ctx = {"council": council, "form": form, "is_new": rules.pk is None,
           "changes": history.changes(rules) if rules.pk else []}
    return render(request, "councils/rules_of_procedure.html", ctx)
