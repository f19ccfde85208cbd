"""The GOV.UK date input (day, month, year boxes) as a Django form field."""

from collections.abc import Mapping
from datetime import date
from typing import Any

from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.utils import timezone
from django.utils.datastructures import MultiValueDict


class DateInputWidget(forms.MultiWidget):
    """Three boxes; rendered by the govukDateInput macro (see forms_govuk)."""

    govuk_date = True

    def __init__(self, attrs: dict | None = None) -> None:
        super().__init__([forms.TextInput(), forms.TextInput(), forms.TextInput()], attrs)

    def value_from_datadict(self, data: Mapping[str, Any], files: MultiValueDict[str, UploadedFile],
                            name: str) -> list[str | None]:
        # govukDateInput names its boxes NAME-day, NAME-month and NAME-year.
        return [data.get(f"{name}-{part}") for part in ("day", "month", "year")]

    def value_omitted_from_data(self, data: Mapping[str, Any], files: MultiValueDict[str, UploadedFile],
                                name: str) -> bool:
        return not any(f"{name}-{part}" in data for part in ("day", "month", "year"))

    def decompress(self, value: date | None) -> list:
        if isinstance(value, date):
            return [value.day, value.month, value.year]
        return [None, None, None]


class DateField(forms.MultiValueField):
    widget = DateInputWidget

    def __init__(self, *, not_in_future: bool = False, **kwargs: Any):
        self.not_in_future = not_in_future
        # The parts are optional on their own so that compress() can say which one is missing.
        fields = (forms.CharField(required=False), forms.CharField(required=False),
                  forms.CharField(required=False))
        super().__init__(fields, require_all_fields=False, **kwargs)

    def compress(self, data_list: list) -> date | None:
        if not data_list or not any(data_list):
            return None
        day, month, year = (str(v or "").strip() for v in data_list)
        label = str(self.label or "The date")
        missing = [n for n, v in (("day", day), ("month", month), ("year", year)) if not v]
        if missing:
            raise forms.ValidationError(f"{label} must include a {' and '.join(missing)}.")
        if not (day.isdigit() and month.isdigit() and year.isdigit()):
            raise forms.ValidationError(f"{label} must be a real date, in numbers, "
                                        "for example 27 3 2026.")
        if len(year) != 4:
            raise forms.ValidationError(f"{label}: enter the year with 4 digits, for example 2026.")
        try:
            value = date(int(year), int(month), int(day))
        except (ValueError, OverflowError) as exc:
            # A day or month past the machine's integers (2147483648) overflows, not a ValueError.
            raise forms.ValidationError(f"{label} must be a real date.") from exc
        if self.not_in_future and value > timezone.localdate():
            raise forms.ValidationError(f"{label} cannot be in the future.")
        return value


def effective_date_field(label: str = "Date this took effect") -> DateField:
    return DateField(
        label=label, not_in_future=True, initial=timezone.localdate,
        help_text="Today, or the earlier day it really happened. For example, 27 3 2026.",
    )
