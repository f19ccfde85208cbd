"""The copies page's forms. The rules (which bodies, the dates, sending twice) are the actions';
the forms say what is missing or malformed."""

from typing import Any

from django import forms

from reviewdesk.accounts.models import User
from reviewdesk.lib.dates import effective_date_field
from reviewdesk.publication.models import NationalBody
from reviewdesk.reviews.models import Review, ReviewRole

NONE = "none"
TEXT_HELP = "Do not name anyone: this is kept with the review and shown to its readers."


class SendForm(forms.Form):
    bodies = forms.MultipleChoiceField(
        label="Send the final report to", widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Choose which national bodies to send the final report to."})
    sent_on = effective_date_field("Date the copies were sent")

    def __init__(self, offered: list[tuple[str, str]], *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["bodies"]
        assert isinstance(field, forms.MultipleChoiceField)
        field.choices = offered
        field.help_text = "Each gets an e-mail with the PDF of the final report attached."


class DecisionForm(forms.Form):
    bodies = forms.MultipleChoiceField(
        label="Which national bodies get a copy of the report?",
        choices=[*NationalBody.choices, (NONE, "None of them")],
        widget=forms.CheckboxSelectMultiple,
        help_text="Choose each body the subgroup decided on, or 'None of them'.",
        error_messages={"required": "Choose which national bodies get a copy, or 'None of "
                                    "them'."})
    reasons = forms.CharField(
        label="The subgroup's reasons", max_length=5000, widget=forms.Textarea(attrs={"rows": 4}),
        help_text=TEXT_HELP,
        error_messages={"required": "Give the subgroup's reasons: they are kept with the review.",
                        "max_length": "Keep the reasons to 5,000 characters or fewer."})
    decided_on = effective_date_field("Date of the subgroup's decision")

    def __init__(self, review: Review, by: User, *args: Any, on_behalf: bool = False,
                 **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if on_behalf:
            members = User.objects.filter(
                memberships__review=review, memberships__role=ReviewRole.SUBGROUP_MEMBER,
                memberships__ended_at__isnull=True).exclude(pk=by.pk).distinct()
            self.fields["on_behalf_of"] = forms.ModelChoiceField(
                queryset=members, required=False, label="Recorded for (optional)",
                empty_label="The subgroup as a whole",
                help_text="If a subgroup member asked you to record it, choose them: the record "
                          "shows you both.")

    def clean_bodies(self) -> list[str]:
        chosen: list[str] = self.cleaned_data["bodies"]
        if NONE in chosen and len(chosen) > 1:
            raise forms.ValidationError("Choose the national bodies that get a copy, or 'None "
                                        "of them', not both.")
        return [b for b in chosen if b != NONE]


class DepositForm(forms.Form):
    deposited_on = effective_date_field("Date it was deposited")
    reference = forms.CharField(
        label="Reference in the repository (optional)", required=False, max_length=200,
        help_text="As the repository gave it. Do not name anyone.",
        error_messages={"max_length": "Keep the reference to 200 characters or fewer."})
