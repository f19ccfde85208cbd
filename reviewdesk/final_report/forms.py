from typing import Any

from django import forms

from reviewdesk.accounts.models import User
from reviewdesk.final_report.actions import MAX_MEGABYTES
from reviewdesk.lib.dates import effective_date_field
from reviewdesk.reviews.forms import on_behalf_of_field


class ProduceForm(forms.Form):
    produced_on = effective_date_field("Date of the final report")

    def __init__(self, by: User, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["on_behalf_of"] = on_behalf_of_field(by)


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
