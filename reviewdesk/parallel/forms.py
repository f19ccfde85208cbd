"""

The advice pages' forms. The rules (who, which dates, which people) are the actions'; these
only turn the page's boxes into their arguments.
"""

from typing import Any

from django import forms

from reviewdesk.accounts.models import Agency, User
from reviewdesk.lib.dates import DateField, effective_date_field
from reviewdesk.lib.model_choices import ModelMultipleChoiceField
from reviewdesk.parallel.models import ParallelProcess, ProcessKind, ProcessState
from reviewdesk.parallel.restrictions import PERSON_KINDS
from reviewdesk.reviews.forms import on_behalf_of_field
from reviewdesk.reviews.models import Review
from reviewdesk.reviews.names import Names

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


# Ranges of restricted chronology entries offered on the page (an empty one is left out).
RANGES = 2
RANGE_FIELDS = ("date_from", "date_to", "agency", "lead_reviewers_see", "business_manager_sees",
                "agencies_see")


class AgencyChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.name)


class AgenciesChoice(ModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.name)


class ProcessChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.kind_label}, opened {obj.opened_on:%-d %B %Y}"


class PeopleChoice(ModelMultipleChoiceField):
    """People from the register, as the business manager sees them: 'Jo Bloggs (Mother)'."""

    names: Names | None = None

    def label_from_instance(self, obj: Any) -> str:
        return self.names.entry_with_label(obj) if self.names else str(obj.pseudonym)


class SetAdviceForm(forms.Form):
    text = forms.CharField(
        label="Advice to staff", widget=forms.Textarea,
        help_text="In plain English, as everyone on the review will read it. For example: do "
                  "not discuss the case with colleagues until the police say otherwise.",
        error_messages={"required": "Enter the advice to staff, in plain English: everyone on "
                                    "the review reads it."})
    effective_on = effective_date_field("Date the advice was given")
    process = ProcessChoice(
        label="Which process is it given because of? (optional)",
        queryset=ParallelProcess.objects.none(), required=False, empty_label="Not recorded")
    requested_by = forms.CharField(
        label="Who asked for it (optional)", required=False, max_length=200,
        help_text="For example: DI Ranjit Okafor, senior investigating officer. Names are shown "
                  "through the identity register, like everywhere else.")
    no_contact = PeopleChoice(
        label="No contact about the review with (optional)",
        queryset=Review.objects.none(), required=False, widget=forms.CheckboxSelectMultiple,
        help_text="People from the identity register. Review Desk refuses meetings, letters, "
                  "notices and recorded contact with them until this is lifted.")
    topics = forms.CharField(
        label="Topics not to be discussed (optional)", widget=forms.Textarea, required=False,
        help_text="One a line. Shown at every practitioner event and conversation, their "
                  "agendas and invitations. For example: the events of 1 March.")

    def __init__(self, review: Review, names: Names, by: User, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["on_behalf_of"] = on_behalf_of_field(by)
        process_field = self.fields["process"]
        assert isinstance(process_field, ProcessChoice)
        process_field.queryset = review.parallel_processes.all()
        people_field = self.fields["no_contact"]
        assert isinstance(people_field, PeopleChoice)
        people_field.queryset = review.identities.filter(kind__in=PERSON_KINDS)
        people_field.names = names
        agencies = Agency.objects.for_new_work(review.partnership_id).order_by("name")
        for n in range(1, RANGES + 1):
            prefix = f"range{n}_"
            self.fields[prefix + "date_from"] = DateField(
                label="Entries dated from", required=False,
                help_text="For example, 1 3 2026.")
            self.fields[prefix + "date_to"] = DateField(label="Entries dated to", required=False)
            self.fields[prefix + "agency"] = AgencyChoice(
                label="Only one agency's entries? (optional)", required=False,
                queryset=agencies, empty_label="Every agency's entries")
            self.fields[prefix + "lead_reviewers_see"] = forms.BooleanField(
                label="The lead reviewer(s) may see them", required=False, initial=True)
            self.fields[prefix + "business_manager_sees"] = forms.BooleanField(
                label="The business manager may see them", required=False, initial=True)
            self.fields[prefix + "agencies_see"] = AgenciesChoice(
                label="Users of these agencies may see them (optional)", required=False,
                queryset=agencies, widget=forms.CheckboxSelectMultiple,
                help_text="The agency that wrote an entry sees it only if it is chosen here.")

    def range_groups(self) -> list[list[forms.BoundField]]:
        """Each range's fields, for the page to show together."""
        return [[self[f"range{n}_{name}"] for name in RANGE_FIELDS]
                for n in range(1, RANGES + 1)]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        ranges = []
        for n in range(1, RANGES + 1):
            spec = {name: data.get(f"range{n}_{name}") for name in RANGE_FIELDS}
            start, end = spec["date_from"], spec["date_to"]
            if start is None and end is None:
                if spec["agency"] or spec["agencies_see"]:
                    self.add_error(f"range{n}_date_from", f"Range {n}: enter the dates of the "
                                   "entries to restrict, or clear its agency choices.")
                continue
            if start is None:
                self.add_error(f"range{n}_date_from", f"Range {n}: enter the date the entries "
                               "start from.")
                continue
            if end is None:
                self.add_error(f"range{n}_date_to", f"Range {n}: enter the date the entries "
                               "end on (the same date for a single day).")
                continue
            ranges.append({**spec, "agencies_see": list(spec["agencies_see"] or [])})
        data["chronology_restrictions"] = ranges
        return data

    def arguments(self) -> dict[str, Any]:
        """The cleaned data as ``actions.set_advice`` takes it."""
        data = self.cleaned_data
        return {"text": data["text"], "effective_on": data["effective_on"],
                "process": data.get("process"), "requested_by": data.get("requested_by", ""),
                "no_contact": list(data.get("no_contact") or []),
                "topics": (data.get("topics") or "").splitlines(),
                "chronology_restrictions": data["chronology_restrictions"],
                "on_behalf_of": data.get("on_behalf_of")}


class LiftAdviceForm(forms.Form):
    reason = forms.CharField(
        label="Why is the advice lifted?", widget=forms.Textarea,
        help_text="Everyone on the review is told, with this reason.",
        error_messages={"required": "Say why the advice is lifted: everyone on the review is "
                                    "told."})
    lifted_on = effective_date_field("Date the advice was lifted")

    def __init__(self, by: User, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["on_behalf_of"] = on_behalf_of_field(by)


class LiftRestrictionForm(forms.Form):
    lifted_on = effective_date_field("Date the restriction was lifted")

    def __init__(self, by: User, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["on_behalf_of"] = on_behalf_of_field(by)
