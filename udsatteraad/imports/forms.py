"""Forms of the import screens: the upload, and the review of a parsed meeting.

The review forms turn back into a `ParsedDocument`, so saving goes through the same
`actions.import_document` as the `import_minutes` command.
"""

from __future__ import annotations

import datetime as dt

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from udsatteraad.lib.extract import DocumentError
from udsatteraad.lib.forms import TimeInput, validate_case_number
from udsatteraad.lib.text import parse_recommendations

from .archive import MAX_BATCH_DOCUMENTS, Entry, entries
from .parser import ParsedDocument, ParsedItem, ParsedMeeting
from .pipeline import read_bytes

TIME_FORMATS = ["%H:%M", "%H.%M"]
DATE_FORMATS = ["%Y-%m-%d", "%d-%m-%Y", "%d.%m.%Y", "%d/%m/%Y"]


class DateInput(forms.DateInput):
    # A text field, not type="date": the user may type a Danish date, and a wrong one is
    # shown back to them as typed.
    def __init__(self, attrs=None):
        super().__init__(attrs={"autocomplete": "off", **(attrs or {})}, format="%d-%m-%Y")


def _lines(text: str) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


def _text(value: str) -> str:
    # Browsers post textarea line breaks as CRLF; the importer stores "\n" (docs/import.md).
    return "\n".join(line.rstrip() for line in (value or "").splitlines()).strip()


class UploadForm(forms.Form):
    document = forms.FileField(
        label=_("Dokument"),
        error_messages={
            "required": _("Vælg en fil med en dagsorden eller et referat."),
            "empty": _("Dokumentet er tomt."),
        },
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["document"].help_text = _(
            "PDF, Word (DOCX), HTML eller almindelig tekst. Højst %(limit)s."
        ) % {"limit": filesizeformat(settings.MAX_UPLOAD_BYTES)}
        self.source = ""
        self.parsed: ParsedDocument | None = None

    def clean_document(self):
        upload = self.cleaned_data["document"]
        if upload.size > settings.MAX_UPLOAD_BYTES:
            raise ValidationError(
                _("Filen er for stor (%(size)s). Den må højst fylde %(limit)s.") % {
                    "size": filesizeformat(upload.size),
                    "limit": filesizeformat(settings.MAX_UPLOAD_BYTES),
                }
            )
        data = upload.read()
        try:
            text, parsed = read_bytes(data)
        except DocumentError as exc:
            raise ValidationError(str(exc)) from None
        self.source, self.parsed = text, parsed
        return upload


class MultipleFileInput(forms.FileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """`<input type=file multiple>`: cleans to a list of uploaded files."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        files = data if isinstance(data, (list, tuple)) else [data]
        files = [f for f in files if f]
        if not files:
            return super().clean(None, initial)  # the "required" message
        return [super(MultipleFileField, self).clean(f, initial) for f in files]


class ArchiveForm(forms.Form):
    """Many documents at once, or zip archives of them (`archive.entries` checks them)."""

    documents = MultipleFileField(
        label=_("Dokumenter eller zip-arkiv"),
        # An empty file is one refused document in the report, not a refused upload.
        allow_empty_file=True,
        error_messages={"required": _("Vælg et zip-arkiv eller en eller flere filer.")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["documents"].help_text = _(
            "Vælg flere filer på én gang, eller et zip-arkiv med dokumenterne: PDF, Word "
            "(DOCX), HTML eller tekst. Højst %(limit)s pr. dokument og %(docs)d dokumenter."
        ) % {"limit": filesizeformat(settings.MAX_UPLOAD_BYTES), "docs": MAX_BATCH_DOCUMENTS}
        self.entries: list[Entry] = []

    def clean_documents(self):
        uploads = self.cleaned_data["documents"]
        total = sum(upload.size for upload in uploads)
        if total > settings.MAX_UNZIPPED_BYTES:  # before reading any of it
            raise ValidationError(
                _("Filerne fylder for meget tilsammen (%(size)s; højst %(limit)s). "
                  "Del dem op i flere omgange.") % {
                    "size": filesizeformat(total),
                    "limit": filesizeformat(settings.MAX_UNZIPPED_BYTES)})
        try:
            self.entries = entries([(upload.name, upload.read()) for upload in uploads])
        except DocumentError as exc:
            raise ValidationError(str(exc)) from None
        return uploads


class MeetingForm(forms.Form):
    title = forms.CharField(label=_("Mødets titel"), max_length=300)
    date = forms.DateField(
        label=_("Dato"), input_formats=DATE_FORMATS, widget=DateInput(),
        help_text=_("dd-mm-åååå, fx 27-09-2021."),
        error_messages={
            "invalid": _("Skriv datoen som dd-mm-åååå, fx 27-09-2021."),
            # A document without a date reaches the review; the meeting cannot be saved
            # without one.
            "required": _("Mødet skal have en dato. Skriv den som dd-mm-åååå, fx 27-09-2021."),
        },
    )
    start_time = forms.TimeField(
        label=_("Starttid"), required=False, input_formats=TIME_FORMATS, widget=TimeInput(),
        error_messages={"invalid": _("Skriv tidspunktet som tt:mm, fx 17:00.")},
    )
    location = forms.CharField(label=_("Mødested"), max_length=300, required=False)

    @staticmethod
    def initial_for(meeting: dict) -> dict:
        return {
            "title": meeting["title"],
            "date": meeting["date"] or "",
            "start_time": meeting["start_time"] or "",
            "location": meeting["location"],
        }


class ItemForm(forms.Form):
    number = forms.IntegerField(
        label=_("Nummer"), required=False, min_value=1, max_value=999,
        error_messages={"invalid": _("Skriv et helt tal.")},
    )
    title = forms.CharField(label=_("Titel"), max_length=300)
    case_number = forms.CharField(
        label=_("Sagsnummer"), max_length=60, required=False,
        help_text=_("Fx 27.15.00-A08-1-21, 21/874 eller EMN-2025-009242."),
    )
    summary = forms.CharField(
        label=_("Resumé"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    recommendations_intro = forms.CharField(
        label=_("Indledning til indstillingen"), max_length=200, required=False
    )
    recommendations = forms.CharField(
        label=_("Indstillinger"), required=False, widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Én indstilling pr. linje, uden »1. at«."),
    )
    decision = forms.CharField(
        label=_("Beslutning"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    case_presentation = forms.CharField(
        label=_("Sagsfremstilling"), required=False, widget=forms.Textarea(attrs={"rows": 6})
    )
    start_time = forms.TimeField(
        label=_("Starttid"), required=False, input_formats=TIME_FORMATS, widget=TimeInput(),
        error_messages={"invalid": _("Skriv tidspunktet som tt:mm, fx 17:05.")},
    )
    end_time = forms.TimeField(
        label=_("Sluttid"), required=False, input_formats=TIME_FORMATS, widget=TimeInput(),
        error_messages={"invalid": _("Skriv tidspunktet som tt:mm, fx 17:10.")},
    )
    attachments = forms.CharField(
        label=_("Bilag"), required=False, widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Ét bilagsnavn pr. linje."),
    )
    # Checked for an item added in the review, like the parser's items.
    is_public = forms.BooleanField(label=_("Åbent punkt"), required=False, initial=True)

    def clean_case_number(self) -> str:
        return validate_case_number(self.cleaned_data.get("case_number", ""))

    def clean(self):
        data = super().clean()
        start, end = data.get("start_time"), data.get("end_time")
        if start and end and end <= start:
            self.add_error("end_time", _("Sluttiden skal ligge efter starttiden."))
        return data

    @staticmethod
    def initial_for(item: dict) -> dict:
        return {
            **{key: item.get(key) or "" for key in (
                "title", "case_number", "summary", "recommendations_intro", "decision",
                "case_presentation", "start_time", "end_time")},
            "number": item.get("number"),
            "recommendations": "\n".join(item.get("recommendations") or []),
            "attachments": "\n".join(item.get("attachments") or []),
            "is_public": item.get("is_public", True),
        }

    def parsed_item(self) -> ParsedItem:
        d = self.cleaned_data
        return ParsedItem(
            number=d["number"],
            title=d["title"].strip(),
            case_number=d["case_number"] or None,
            summary=_text(d["summary"]),
            recommendations_intro=d["recommendations_intro"].strip(),
            recommendations=parse_recommendations(d["recommendations"]),
            decision=_text(d["decision"]),
            case_presentation=_text(d["case_presentation"]),
            attachments=_lines(d["attachments"]),
            start_time=_hhmm(d["start_time"]),
            end_time=_hhmm(d["end_time"]),
            is_public=d["is_public"],
        )


def _hhmm(value: dt.time | None) -> str | None:
    return value.strftime("%H:%M") if value else None


class BaseItemFormSet(forms.BaseFormSet):
    def add_fields(self, form, index):
        super().add_fields(form, index)
        if "DELETE" in form.fields:
            form.fields["DELETE"].label = _("Fjern punktet (det er ikke et dagsordenspunkt)")

    def clean(self):
        super().clean()
        if any(self.errors):
            return
        kept = kept_forms(self)
        if not kept:
            raise ValidationError(_("Mødet skal have mindst ét punkt."))
        numbers = [f.cleaned_data["number"] for f in kept if f.cleaned_data.get("number")]
        if len(numbers) != len(set(numbers)):
            raise ValidationError(_("To punkter har samme nummer. Ret numrene."))


def kept_forms(formset) -> list:
    """The item forms to save: not marked for removal, and not an empty form offered to add an
    item (a document in which no items were found gets one)."""
    return [f for f in formset.forms if not formset._should_delete_form(f)
            and (f.has_changed() or not f.empty_permitted)]


ItemFormSet = forms.formset_factory(
    ItemForm, formset=BaseItemFormSet, extra=0, can_delete=True, max_num=200,
    absolute_max=200,
)
# For a document in which no items were found: one empty item to fill in.
ItemFormSetWithBlank = forms.formset_factory(
    ItemForm, formset=BaseItemFormSet, extra=1, can_delete=True, max_num=200,
    absolute_max=200,
)


def initial_formset(stored: dict, prefix: str = "punkt"):
    """The review's item forms for a parsed document (`ParsedDocument.as_json()`), with one
    empty item to fill in when no items were found."""
    items = stored["document"]["items"]
    formset_class = ItemFormSet if items else ItemFormSetWithBlank
    return formset_class(initial=[ItemForm.initial_for(item) for item in items], prefix=prefix)


def reviewed_document(meeting_form: MeetingForm, formset, stored: dict) -> ParsedDocument:
    """The corrected meeting as a ParsedDocument for `actions.import_document`."""
    d = meeting_form.cleaned_data
    items = [form.parsed_item() for form in kept_forms(formset)]
    return ParsedDocument(
        meeting=ParsedMeeting(
            title=d["title"].strip(), date=d["date"], start_time=d["start_time"],
            location=d["location"].strip(),
        ),
        items=items, warnings=list(stored.get("warnings", [])),
        format=stored.get("format", "text"), pages=stored.get("pages", 1),
    )
