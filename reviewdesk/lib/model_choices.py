"""Django's choice of several records, safe against a key no database row can have."""

from typing import Any

from django import forms
from django.core.exceptions import ValidationError

# The keys of our rows are 64-bit integers.
_SMALLEST, _LARGEST = -(2**63), 2**63 - 1


class ModelMultipleChoiceField(forms.ModelMultipleChoiceField):
    """Refuses a number outside the range of a row's key as a choice that is not offered.
    Django checks each value with an exact lookup (which allows for such numbers), then fetches
    them all with ``pk__in``, which SQLite cannot bind: OverflowError, a server error for one
    edited form."""

    def clean(self, value: Any) -> Any:
        if self.to_field_name is None and isinstance(value, list | tuple):
            for pk in value:
                try:
                    number = int(str(pk))
                except ValueError:
                    continue  # not a number: Django's own check refuses it
                if not _SMALLEST <= number <= _LARGEST:
                    raise ValidationError(self.error_messages["invalid_choice"],
                                          code="invalid_choice", params={"value": pk})
        return super().clean(value)
