"""The money's forms: plain fields with labels; amounts typed the Danish way."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from udsatteraad.councils.models import Council
from udsatteraad.lib.amounts import danish_number, parse_amount
from udsatteraad.lib.forms import DateInput
from udsatteraad.meetings.models import Meeting

from .models import MAX_AMOUNT, PER_KILOMETRE, LineKind, Rates, TransportKind


class AmountField(forms.CharField):
    """A non-negative amount as Danes type it ("1.234,50", "12,5"); a Decimal when clean."""

    def __init__(self, *, places: int = 2, maximum: Decimal = MAX_AMOUNT,
                 allow_negative: bool = False, **kwargs):
        self.places, self.maximum, self.allow_negative = places, maximum, allow_negative
        # The length is checked on the text in to_python (Django's validator would measure
        # the Decimal).
        kwargs.setdefault("widget", forms.TextInput(attrs={"inputmode": "decimal",
                                                           "autocomplete": "off",
                                                           "maxlength": "24"}))
        super().__init__(**kwargs)

    def prepare_value(self, value):
        if isinstance(value, Decimal):
            return danish_number(value, self.places)
        return value

    def to_python(self, value):
        text = super().to_python(value)
        if text in self.empty_values:
            return None
        number = parse_amount(text) if len(text) <= 24 else None
        if number is None:
            raise ValidationError(_("Skriv et tal, fx 1.234,50."), code="invalid")
        if number < 0 and not self.allow_negative:
            raise ValidationError(_("Tallet kan ikke være negativt."), code="negative")
        if abs(number) > self.maximum:
            raise ValidationError(_("Tallet er for stort (højst %(max)s).")
                                  % {"max": danish_number(self.maximum, 0)}, code="too_large")
        if number != number.quantize(Decimal(1).scaleb(-self.places)):
            raise ValidationError(_("Skriv højst %(n)s decimaler.") % {"n": self.places},
                                  code="places")
        return number


class MeetingChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return f"{timezone.localtime(obj.start):%d.%m.%Y} {obj.title}"


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={
            "accept": "application/pdf,image/jpeg,image/png"}))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, (list, tuple)):
            return [single(d, initial) for d in data if d]
        return [single(data, initial)] if data else []


class YearForm(forms.Form):
    year = forms.IntegerField(label=_("År"), min_value=2000, max_value=2100)


class RatesForm(forms.Form):
    per_diem = AmountField(label=_("Diæt (kr.)"), required=False,
                           help_text=_("0 eller tom: ingen diæt."))
    per_diem_basis = forms.ChoiceField(label=_("Diæten gives"), choices=Rates.Basis.choices)
    note = forms.CharField(label=_("Grundlag"), required=False, max_length=300,
                           help_text=_("Fx byrådets beslutning eller statens takster."))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for kind in PER_KILOMETRE:
            self.fields[f"km_{kind}"] = AmountField(
                label=_("%(kind)s, kr. pr. km") % {"kind": TransportKind(kind).label},
                required=False, maximum=Decimal(100),
                help_text=_("Tom: ingen godtgørelse for denne transport."))

    def per_km(self) -> dict[str, Decimal | None]:
        return {kind: self.cleaned_data.get(f"km_{kind}") for kind in PER_KILOMETRE}


class BudgetForm(forms.Form):
    note = forms.CharField(label=_("Bemærkning"), required=False, max_length=300)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for kind, label in LineKind.choices:
            self.fields[f"line_{kind}"] = AmountField(label=_("%(line)s (kr.)") % {"line": label},
                                                      required=False)

    def amounts(self) -> dict[str, Decimal]:
        return {kind: self.cleaned_data.get(f"line_{kind}") or Decimal(0)
                for kind, _label in LineKind.choices}


class ClaimForm(forms.Form):
    day = forms.DateField(label=_("Dato for turen"), widget=DateInput())
    meeting = MeetingChoiceField(
        label=_("Møde"), queryset=Meeting.objects.none(), required=False,
        empty_label=_("Ikke et møde (skriv aktiviteten)"))
    activity = forms.CharField(label=_("Aktivitet"), required=False, max_length=200,
                               help_text=_("Fx temadag eller besøg, hvis turen ikke var til "
                                           "et møde."))
    from_place = forms.CharField(label=_("Fra"), required=False, max_length=200)
    to_place = forms.CharField(label=_("Til"), required=False, max_length=200)
    transport = forms.ChoiceField(label=_("Transport"), choices=TransportKind.choices)
    kilometres = AmountField(label=_("Kilometer i alt (frem og tilbage)"), required=False,
                             places=1, allow_negative=True, maximum=Decimal(100000))
    expenses = AmountField(label=_("Udlæg (kr.)"), required=False, allow_negative=True,
                           help_text=_("Billetter, parkering og lignende. Vedlæg kvitteringer."))
    expenses_note = forms.CharField(label=_("Udlæg for"), required=False, max_length=200)
    receipts = MultipleFileField(label=_("Kvitteringer (PDF eller foto)"), required=False)

    def __init__(self, *args, council: Council, **kwargs):
        super().__init__(*args, **kwargs)
        self.council = council
        meetings = Meeting.objects.filter(council=council).exclude(
            status=Meeting.Status.CANCELLED).filter(
            start__date__gte=timezone.localdate() - dt.timedelta(days=400),
            start__lte=timezone.now() + dt.timedelta(days=1)).order_by("-start")
        field = self.fields["meeting"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = meetings

    def clean(self):
        data = super().clean()
        meeting, day = data.get("meeting"), data.get("day")
        if not meeting and not (data.get("activity") or "").strip():
            self.add_error("activity",
                           _("Vælg mødet, eller skriv hvilken aktivitet turen var til."))
        if day and day > timezone.localdate():
            self.add_error("day", _("Du kan først sende kravet, når turen er kørt."))
        if meeting and day and timezone.localdate(meeting.start) != day:
            self.add_error("day", _("Mødet var den %(day)s. Skriv mødets dato.")
                           % {"day": timezone.localtime(meeting.start).strftime("%d.%m.%Y")})
        if len(data.get("receipts") or []) > 10:
            self.add_error("receipts", _("Vedlæg højst 10 kvitteringer."))
        return data


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(label=_("Afgørelse"), widget=forms.RadioSelect, choices=[
        ("approve", _("Godkend kravet")), ("return", _("Send retur til medlemmet"))])
    reason = forms.CharField(label=_("Begrundelse (når kravet sendes retur)"), required=False,
                             max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))


class BookingForm(forms.Form):
    kind = forms.ChoiceField(label=_("Budgetpost"), choices=LineKind.choices)
    day = forms.DateField(label=_("Dato"), widget=DateInput())
    description = forms.CharField(label=_("Tekst"), max_length=200)
    amount = AmountField(label=_("Beløb (kr.)"))
    meeting = MeetingChoiceField(label=_("Møde"), queryset=Meeting.objects.none(),
                                     required=False, empty_label=_("Intet møde"))
    receipt = forms.FileField(label=_("Kvittering (valgfri; PDF eller foto)"), required=False,
                              widget=forms.ClearableFileInput(attrs={
                                  "accept": "application/pdf,image/jpeg,image/png"}))

    def __init__(self, *args, council: Council, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["meeting"]
        assert isinstance(field, forms.ModelChoiceField)
        recent = Meeting.objects.filter(council=council).order_by("-start")[:100]
        field.queryset = Meeting.objects.filter(
            pk__in=list(recent.values_list("pk", flat=True))).order_by("-start")

    def clean_amount(self):
        amount = self.cleaned_data["amount"]
        if amount is not None and amount <= 0:
            raise ValidationError(_("Beløbet skal være større end 0 kr."))
        return amount


class PayrollReferenceForm(forms.Form):
    reference = forms.CharField(label=_("Løn- eller kreditornummer"), required=False,
                                max_length=40,
                                help_text=_("Aldrig CPR-nummer. Tom: slet nummeret."))


class ExportForm(forms.Form):
    period_start = forms.DateField(label=_("Fra og med"), widget=DateInput())
    period_end = forms.DateField(label=_("Til og med"), widget=DateInput())

    def clean(self):
        data = super().clean()
        start, end = data.get("period_start"), data.get("period_end")
        if start and end and start > end:
            self.add_error("period_end", _("Periodens slutning skal ligge efter dens start."))
        return data


def posted(request):
    """A form's data: bound on every POST (an empty one too, which then shows the errors),
    unbound on a GET."""
    return request.POST if request.method == "POST" else None


def posted_files(request):
    return request.FILES if request.method == "POST" else None
