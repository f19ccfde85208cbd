"""The sign-off's forms. The rules (the order, the version, the dates) are the actions'; the forms
say what is missing or malformed. Each form carries the version its page showed, so a sign-off is
never given to a version that arrived while the page was open."""

from typing import Any

from django import forms

from reviewdesk.accounts.models import PartnerFor
from reviewdesk.lib.dates import effective_date_field

YES_NO = [("yes", "Yes"), ("no", "No")]
NOTE_HELP = "Do not name anyone: the note is kept with the sign-off and shown to its readers."


class SignOffForm(forms.Form):
    report_version = forms.IntegerField(widget=forms.HiddenInput)
    decided_on = effective_date_field("Date of the sign-off")
    reasons = forms.CharField(label="Note (optional)", required=False, max_length=5000,
                              widget=forms.Textarea(attrs={"rows": 3}), help_text=NOTE_HELP,
                              error_messages={"max_length": "Keep the note to 5,000 characters "
                                                            "or fewer."})

    def __init__(self, *args: Any, date_label: str = "", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if date_label:
            self.fields["decided_on"].label = date_label


class PublicationForm(SignOffForm):
    agrees = forms.TypedChoiceField(
        label="Does the Executive Group agree to publish this version?", choices=YES_NO,
        widget=forms.RadioSelect, coerce=lambda v: v == "yes", empty_value=None,
        error_messages={"required": "Choose whether the Executive Group agrees to publish it."})
    field_order = ["report_version", "agrees", "reasons", "decided_on"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["reasons"].label = "Reasons (needed if it does not agree)"


class PartnerForm(SignOffForm):
    partner_for = forms.ChoiceField(
        label="Whose approval is it?", choices=PartnerFor.choices, widget=forms.RadioSelect,
        error_messages={"required": "Choose whose approval it is."})
    field_order = ["report_version", "partner_for", "decided_on", "reasons"]

    def __init__(self, *args: Any, on_behalf: bool = True, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not on_behalf:  # a partner records their own
            del self.fields["partner_for"]


class IntentForm(forms.Form):
    will_publish = forms.TypedChoiceField(
        label="Will the report be published?", choices=YES_NO, widget=forms.RadioSelect,
        coerce=lambda v: v == "yes", empty_value=None,
        error_messages={"required": "Choose whether the report will be published."})
    reasons = forms.CharField(
        label="The subgroup's reasons", max_length=5000, widget=forms.Textarea(attrs={"rows": 4}),
        help_text=NOTE_HELP,
        error_messages={"required": "Give the subgroup's reasons: they are kept with the review.",
                        "max_length": "Keep the reasons to 5,000 characters or fewer."})
    decided_on = effective_date_field("Date of the subgroup's decision")
