"""The redaction form (the accepted false hits are given in the blocked form itself, see
`guarding.accept_from_post`)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from .redaction import PASSAGE_MAX, REASON_MAX


class RedactionForm(forms.Form):
    passage = forms.CharField(
        label=_("Tekst, der skal udelades"), max_length=PASSAGE_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Kopiér teksten præcis, som den står, f.eks. et CPR-nummer eller et navn. "
                    "Den fjernes alle steder: dagsorden, referat og alle versioner, rettelser, "
                    "PDF'er, søgning, OParl og ændringshistorikken. Den gemmes ikke."),
    )
    reason = forms.CharField(
        label=_("Begrundelse (vises offentligt)"), max_length=REASON_MAX,
        help_text=_("Står i stedet for teksten, f.eks. »personoplysning«."),
    )
