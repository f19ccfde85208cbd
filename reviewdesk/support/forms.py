"""The support pages' forms. The rules (dates, who may, what is needed) are the actions'; the
forms say what is missing or malformed."""

from typing import Any

from django import forms

from reviewdesk.accounts.models import User
from reviewdesk.lib.dates import DateField, effective_date_field
from reviewdesk.staff.models import SupportOffer
from reviewdesk.support.actions import REQUEST_MAX_CHARACTERS
from reviewdesk.versioning import VersionedForm


class ServiceForm(forms.Form):
    name = forms.CharField(
        label="Name of the service", max_length=200,
        help_text="For example Employee Assistance Programme, or Staff Psychological Support",
        error_messages={"required": "Enter the service's name, for example Employee Assistance "
                                    "Programme."})
    how_to_reach = forms.CharField(
        label="How staff reach it", widget=forms.Textarea(attrs={"rows": 3}),
        help_text="A phone number, an e-mail or web address, opening hours",
        error_messages={"required": "Say how staff reach it: a phone number, an e-mail or web "
                                    "address, opening hours."})


def _person_label(person: User) -> str:
    return person.display_name + (f", {person.job_title}" if person.job_title else "")


class EscalationContactForm(forms.Form):
    person = forms.ModelChoiceField(
        label="Senior contact", queryset=User.objects.none(), empty_label="Choose a person",
        help_text="A senior person of the partnership, not a business manager. They see only "
                  "the request sent to them.",
        error_messages={"required": "Choose the senior contact.",
                        "invalid_choice": "Choose a person from the list."})

    def __init__(self, people: Any, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        field = self.fields["person"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = people
        field.label_from_instance = _person_label  # type: ignore[method-assign,assignment]


class OfferForm(forms.Form):
    source = forms.ChoiceField(
        label="Who offered it", widget=forms.RadioSelect, choices=SupportOffer.Source.choices,
        error_messages={"required": "Choose who offered it: their line manager, their agency's "
                                    "service or the partnership."})
    offered_on = effective_date_field("Date it was offered")
    follow_up_on = DateField(
        label="Follow-up date (optional)", required=False,
        help_text="When to check how they are: it may be to come. For example, 27 3 2026.")
    note = forms.CharField(
        label="Note (optional)", required=False, widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Only you and the practitioner see it. Not what they said: what was offered.")


class OfferOutcomeForm(VersionedForm, forms.Form):
    status = forms.ChoiceField(
        label="What became of it", widget=forms.RadioSelect, choices=SupportOffer.Status.choices,
        error_messages={"required": "Choose offered, taken up or declined."})
    status_on = effective_date_field("Date of this answer")
    follow_up_on = DateField(
        label="Next follow-up date (optional)", required=False,
        help_text="Leave empty when no follow-up is planned. For example, 27 3 2026.")
    note = forms.CharField(
        label="Note (optional)", required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, offer: SupportOffer, *args: Any, **kwargs: Any):
        kwargs["initial"] = {"status": offer.status, "follow_up_on": offer.follow_up_on,
                             "note": offer.note}
        super().__init__(*args, **kwargs)
        self.add_version(offer)


class AskForm(forms.Form):
    text = forms.CharField(
        label="What support do you need?", max_length=REQUEST_MAX_CHARACTERS,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="A sentence or two: what you need, or what is getting in the way. Only the "
                  "business manager reads it.",
        error_messages={"required": "Say what support you need, or what is getting in the way: "
                                    "a sentence or two is enough.",
                        "max_length": f"Keep it to {REQUEST_MAX_CHARACTERS} characters or fewer: "
                                      f"the business manager will talk to you about the detail."})


class AnswerForm(forms.Form):
    action_taken = forms.CharField(
        label="What was done", widget=forms.Textarea(attrs={"rows": 4}),
        help_text="For the record: who you spoke to, what was arranged. The practitioner does "
                  "not see this.",
        error_messages={"required": "Say what was done, for example who you spoke to."})
    answer = forms.CharField(
        label="Your answer to the practitioner", widget=forms.Textarea(attrs={"rows": 4}),
        help_text="They read it on their page.",
        error_messages={"required": "Write the answer the practitioner will read on their "
                                    "page."})
    answered_on = effective_date_field("Date of the answer")


class EscalationNoteForm(forms.Form):
    note = forms.CharField(
        label="What you did", widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "Say what you did, for example who you spoke to and what "
                                    "was agreed."})
    noted_on = effective_date_field("Date")


class TeamSessionForm(forms.Form):
    held_on = effective_date_field("Date the session took place")
