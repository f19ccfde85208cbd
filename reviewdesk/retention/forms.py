from typing import Any

from django import forms

from reviewdesk.accounts.models import Partnership
from reviewdesk.lib.dates import effective_date_field
from reviewdesk.retention.actions import YEARS_RANGE
from reviewdesk.versioning import VersionedForm

TOO_LONG = {"max_length": "Keep it to 5,000 characters or fewer."}
LOW, HIGH = YEARS_RANGE


class RetentionForm(VersionedForm, forms.Form):
    years = forms.IntegerField(
        label="Years a closed review's records are kept", required=False,
        min_value=LOW, max_value=HIGH,
        help_text="Counted from the day the review closed. Leave it empty until your records "
                  "policy is agreed: no review is then listed, and nothing can be erased.",
        error_messages={"invalid": "Enter the number of years as a whole number, like 15.",
                        "min_value": f"Enter a number of years from {LOW} to {HIGH}.",
                        "max_value": f"Enter a number of years from {LOW} to {HIGH}."})
    policy = forms.CharField(
        label="The records policy that sets it", required=False, max_length=200,
        help_text="Its name, version or section, for example: Records retention schedule "
                  "v4, section 7.2.",
        error_messages={"max_length": "Keep the records policy to 200 characters or fewer."})

    def __init__(self, partnership: Partnership, *args: Any, **kwargs: Any) -> None:
        kwargs["initial"] = self.values_of(partnership)
        super().__init__(*args, **kwargs)
        self.add_version(partnership)  # decision 0023

    def values_of(self, record: Partnership) -> dict[str, Any]:
        return {"years": record.retention_years, "policy": record.retention_policy}


class HoldForm(forms.Form):
    reason = forms.CharField(
        label="Why must the records be kept?", max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="For example: an inquest not yet held, a claim, a police investigation, a "
                  "request from the National Panel. Name no one: use pseudonyms.",
        error_messages={"required": "Say why the records must be kept.", **TOO_LONG})
    placed_on = effective_date_field("Date the hold took effect")


class LiftForm(forms.Form):
    reason = forms.CharField(
        label="Why is the hold no longer needed?", max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "Say why the hold is no longer needed.", **TOO_LONG})
    lifted_on = effective_date_field("Date the hold was lifted")


class EraseForm(forms.Form):
    confirm = forms.CharField(
        label="Type the review's reference to confirm", max_length=40,
        error_messages={"required": "Type the review's reference to confirm.",
                        "max_length": "Type the review's reference to confirm."})
