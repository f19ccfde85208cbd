from typing import Any

from django import forms

from reviewdesk.accounts.models import Agency, User
from reviewdesk.lib.dates import DateField, effective_date_field
from reviewdesk.parallel.models import ProcessKind, ProcessState
from reviewdesk.reviews.forms import on_behalf_of_field

ON_BEHALF_HELP = ("If you are recording this for someone with a sign-in, such as the police's "
                  "safeguarding partner passing on the senior investigating officer's word, "
                  "choose them: the record shows you both.")


class ProcessForm(forms.Form):
    kind = forms.ChoiceField(
        label="What kind of process is it?", choices=ProcessKind.choices,
        widget=forms.RadioSelect,
        help_text="Disciplinary processes are not recorded here: the review is separate from "
                  "them.",
        error_messages={"required": "Choose what kind of process it is."})
    other_kind = forms.CharField(
        label="If other, what kind of process (optional otherwise)", required=False,
        max_length=200, help_text="For example, a fatal accident inquiry")
    reference = forms.CharField(
        label="Reference (optional)", required=False, max_length=200,
        help_text="The operation name, case number or court reference, if there is one")
    lead_name = forms.CharField(label="Who leads it (optional)", required=False, max_length=200,
                                help_text="Their name, for example the senior investigating "
                                          "officer's or the coroner's")
    lead_role = forms.CharField(label="Their role (optional)", required=False, max_length=200,
                                help_text="For example: senior investigating officer, coroner")
    lead_agency = forms.ModelChoiceField(
        label="Their agency (optional)", queryset=Agency.objects.none(), required=False,
        empty_label="Not one of the partnership's agencies")
    lead_contact = forms.CharField(label="How to contact them (optional)", required=False,
                                   max_length=300)
    opened_on = effective_date_field("Date it opened")
    note = forms.CharField(label="Notes (optional)", required=False, widget=forms.Textarea)

    def __init__(self, by: User, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        agency = self.fields["lead_agency"]
        assert isinstance(agency, forms.ModelChoiceField) and by.partnership_id is not None
        agency.queryset = Agency.objects.for_new_work(by.partnership_id)
        self.fields["on_behalf_of"] = on_behalf_of_field(by)
        self.fields["on_behalf_of"].help_text = ON_BEHALF_HELP


class StatusForm(forms.Form):
    state = forms.ChoiceField(
        label="What happened?", widget=forms.RadioSelect,
        error_messages={"required": "Choose what happened: opened again, adjourned, listed for "
                                    "a date, or concluded."})
    effective_on = effective_date_field("Date it happened")
    listed_for = DateField(label="If listed: the date it is listed for", required=False,
                           help_text="For example, 14 3 2027")
    outcome = forms.CharField(
        label="If concluded: the outcome, in a sentence", required=False, widget=forms.Textarea,
        help_text="For example: no further action; charged and convicted; narrative conclusion")
    note = forms.CharField(label="Notes (optional)", required=False, widget=forms.Textarea)

    def __init__(self, by: User, states: list[str], *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        words = {ProcessState.OPENED: "Opened again (reopened or resumed)",
                 ProcessState.ADJOURNED: "Adjourned",
                 ProcessState.LISTED: "Listed for a date",
                 ProcessState.CONCLUDED: "Concluded"}
        field = self.fields["state"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [(s, words[ProcessState(s)]) for s in ProcessState.values if s in states]
        self.fields["on_behalf_of"] = on_behalf_of_field(by)
        self.fields["on_behalf_of"].help_text = ON_BEHALF_HELP
