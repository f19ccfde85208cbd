"""The GOV.UK date boxes, given numbers no date has."""

import pytest
from django import forms

from reviewdesk.lib.dates import DateField


class DayForm(forms.Form):
    on = DateField(label="The date")


@pytest.mark.parametrize(("day", "month", "year"), [
    ("2147483648", "1", "2026"), ("1", "9223372036854775808", "2026"), ("31", "2", "2026"),
    ("0", "0", "0000"),
])
def test_a_day_no_calendar_has_is_refused_as_not_a_real_date(day: str, month: str,
                                                             year: str) -> None:
    form = DayForm({"on-day": day, "on-month": month, "on-year": year})
    assert not form.is_valid()
    assert form.errors["on"] == ["The date must be a real date."]
