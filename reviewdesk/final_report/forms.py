from typing import Any

from django import forms

from reviewdesk.accounts.models import User
from reviewdesk.final_report.actions import MAX_MEGABYTES
from reviewdesk.lib.dates import effective_date_field
from reviewdesk.reviews.models import Review, ReviewRole


class ProduceForm(forms.Form):
    produced_on = effective_date_field("Date of the final report")

    def __init__(self, review: Review, by: User, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        # The business unit makes it for the lead reviewer, whose step it is.
        leads = User.objects.filter(
            memberships__review=review, memberships__role=ReviewRole.LEAD_REVIEWER,
            memberships__ended_at__isnull=True).exclude(pk=by.pk).distinct()
        self.fields["on_behalf_of"] = forms.ModelChoiceField(
            queryset=leads, required=False, label="Made on behalf of (optional)",
            empty_label="Nobody: I am making it myself",
            help_text="If you are making it for the lead reviewer, choose them: the record shows "
                      "you both.")


class SupplyForm(ProduceForm):
    file = forms.FileField(
        label="Upload the lead reviewer's PDF",
        help_text=f"The approved report saved as PDF from Word, smaller than {MAX_MEGABYTES} MB.",
        error_messages={"required": "Select the PDF of the final report.",
                        "empty": "The selected file is empty. Choose the PDF again.",
                        "invalid": "The selected file could not be uploaded. Try again."},
        widget=forms.FileInput(attrs={"accept": ".pdf,application/pdf"}),
    )
    field_order = ["file", "produced_on", "on_behalf_of"]
