"""Form fields shared by the apps, for input that used to end in a 500.

- `ModelMultipleChoiceField`: Django's looks the posted ids up with `pk__in`; a 30-digit id
  overflows the database integer (OverflowError on SQLite, an error on PostgreSQL). Ids
  outside the 64-bit range are refused with the field's own message before any query.
- `refuse_nul`: PostgreSQL cannot store NUL characters. Django's CharField already refuses
  them, but fields that turn the text into something else first (a list of lines) do not.
"""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import ProhibitNullCharactersValidator
from django.db import models

_INT64 = range(-(2**63), 2**63)


def refuse_nul(value: object) -> None:
    """Refuse NUL characters in a string, or in any string of a list."""
    validator = ProhibitNullCharactersValidator()
    for text in value if isinstance(value, (list, tuple)) else [value]:
        validator(text)


class ModelMultipleChoiceField(forms.ModelMultipleChoiceField):
    def _check_values(self, value):
        key = self.to_field_name or "pk"
        field = self.queryset.model._meta.get_field(key) if key != "pk" else (
            self.queryset.model._meta.pk
        )
        if isinstance(field, models.IntegerField | models.AutoField):
            for pk in value if isinstance(value, (list, tuple, set, frozenset)) else []:
                try:
                    number = int(str(pk))
                except ValueError:
                    continue  # Django's own check answers "not a valid value"
                if number not in _INT64:
                    raise ValidationError(
                        self.error_messages["invalid_pk_value"], code="invalid_pk_value",
                        params={"pk": str(pk)[:20]},
                    )
        return super()._check_values(value)
