"""The forms of the time on the website and the request log. The rules (who, when, in which
order) are the actions'; the forms say what is missing or malformed."""

from typing import Any

from django import forms

from reviewdesk.accounts.models import PartnerFor, Partnership, User
from reviewdesk.lib.dates import effective_date_field
from reviewdesk.on_request.actions import MONTHS_RANGE, WORKING_DAYS_RANGE
from reviewdesk.reviews.forms import on_behalf_of_field
from reviewdesk.versioning import VersionedForm

NOTE_HELP = "It is kept with the report's publication and shown to its readers."
TOO_LONG = {"max_length": "Keep it to 5,000 characters or fewer."}


class SettingsForm(VersionedForm, forms.Form):
    website_months = forms.IntegerField(
        label="Months a published report stays on the website",
        min_value=MONTHS_RANGE[0], max_value=MONTHS_RANGE[1],
        help_text="The guide says at most 6 months. After it, the report is available on "
                  "request.",
        error_messages={"required": "Enter the number of months a report stays on the website.",
                        "invalid": "Enter the number of months as a whole number, like 6.",
                        "min_value": f"Enter a number of months from {MONTHS_RANGE[0]} to "
                                     f"{MONTHS_RANGE[1]}.",
                        "max_value": f"Enter a number of months from {MONTHS_RANGE[0]} to "
                                     f"{MONTHS_RANGE[1]}."})
    request_working_days = forms.IntegerField(
        label="Working days to answer a request for a report",
        min_value=WORKING_DAYS_RANGE[0], max_value=WORKING_DAYS_RANGE[1],
        help_text="Counted from the day the request comes in, without weekends and England's "
                  "bank holidays.",
        error_messages={"required": "Enter the number of working days to answer a request.",
                        "invalid": "Enter the number of working days as a whole number, like 20.",
                        "min_value": f"Enter a number of working days from "
                                     f"{WORKING_DAYS_RANGE[0]} to {WORKING_DAYS_RANGE[1]}.",
                        "max_value": f"Enter a number of working days from "
                                     f"{WORKING_DAYS_RANGE[0]} to {WORKING_DAYS_RANGE[1]}."})

    def __init__(self, partnership: Partnership, *args: Any, **kwargs: Any) -> None:
        kwargs["initial"] = {"website_months": partnership.website_months,
                             "request_working_days": partnership.request_working_days}
        super().__init__(*args, **kwargs)
        self.add_version(partnership)  # decision 0023

    def values_of(self, record: Partnership) -> dict[str, Any]:
        return {"website_months": record.website_months,
                "request_working_days": record.request_working_days}


class StartWithdrawalForm(forms.Form):
    reason = forms.CharField(
        label="Why should the report be removed from the website early?", max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}), help_text=NOTE_HELP,
        error_messages={"required": "Give the reason for removing the report early: the "
                                    "partners read it before they agree.", **TOO_LONG})

    def __init__(self, by: User, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["on_behalf_of"] = on_behalf_of_field(by)


class AgreementForm(forms.Form):
    partner_for = forms.ChoiceField(
        label="Whose agreement is it?", choices=PartnerFor.choices, widget=forms.RadioSelect,
        error_messages={"required": "Choose whose agreement it is."})
    agreed_on = effective_date_field("Date of the agreement")
    note = forms.CharField(label="Note (optional)", required=False, max_length=5000,
                           widget=forms.Textarea(attrs={"rows": 3}), help_text=NOTE_HELP,
                           error_messages=TOO_LONG)

    def __init__(self, *args: Any, on_behalf: bool = True, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not on_behalf:  # a partner records their own
            del self.fields["partner_for"]


class WithdrawForm(forms.Form):
    withdrawn_on = effective_date_field("Date it was withdrawn")

    def __init__(self, by: User, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["on_behalf_of"] = on_behalf_of_field(by)


class SendForm(forms.Form):
    responded_on = effective_date_field("Date of the answer")


class DeclineForm(forms.Form):
    reasons = forms.CharField(
        label="Why is the request declined?", max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="The person who asked is told these reasons by e-mail, with any name in the "
                  "case replaced by its pseudonym.",
        error_messages={"required": "Give the reasons the request is declined: the person who "
                                    "asked is told them.", **TOO_LONG})
    responded_on = effective_date_field("Date of the answer")
