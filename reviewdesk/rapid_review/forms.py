from datetime import date
from typing import Any

from django import forms
from django.utils import timezone

from reviewdesk.accounts.models import Agency, User
from reviewdesk.lib.dates import DateField, effective_date_field
from reviewdesk.lib.model_choices import ModelMultipleChoiceField
from reviewdesk.lib.workingdays import add_working_days
from reviewdesk.rapid_review.models import CRITERIA, Answer, NationalView, Notification
from reviewdesk.rapid_review.selectors import is_looked_after_death
from reviewdesk.reviews.forms import ForAPartnerMixin, on_behalf_of_field
from reviewdesk.reviews.models import Incident, Review
from reviewdesk.versioning import VersionedForm

DATE_HINT = "For example, 27 3 2026."


def _check_not_before(form: forms.Form, aware: date, names: list[str]) -> None:
    for name in names:
        value = form.cleaned_data.get(name)
        if value and value < aware:
            form.add_error(name, f"{form.fields[name].label} cannot be before {aware:%-d %B %Y}, "
                                 "when the local authority became aware of the incident.")


class NotificationForm(VersionedForm, forms.Form):
    panel_notified_on = DateField(label="Date the Panel was notified", required=False,
                                  not_in_future=True, help_text=DATE_HINT)
    panel_reference = forms.CharField(
        label="Reference from the national notification system", required=False, max_length=100,
        help_text="The reference the Panel's notification system gave when it was sent.")
    partners_told_on = DateField(label="Date the local partners were told", required=False,
                                 not_in_future=True, help_text=DATE_HINT)
    ofsted_notified_on = DateField(label="Date Ofsted was notified", required=False,
                                   not_in_future=True, help_text=DATE_HINT)
    secretary_of_state_notified_on = DateField(
        label="Date the Secretary of State was notified", required=False, not_in_future=True,
        help_text="Through the Department for Education. " + DATE_HINT)

    def __init__(self, incident: Incident, notification: Notification | None, *args: Any,
                 by: User, on_behalf: bool = True, **kwargs: Any):
        initial = {name: getattr(notification, name) for name in (
            "panel_notified_on", "panel_reference", "partners_told_on", "ofsted_notified_on",
            "secretary_of_state_notified_on")} if notification else {}
        super().__init__(*args, initial=initial, **kwargs)
        self.incident = incident
        if notification and notification.panel_and_partners_done:
            # Recorded, and the deadline met on them: they are shown, not asked for again.
            for name in ("panel_notified_on", "panel_reference", "partners_told_on"):
                del self.fields[name]
        if not is_looked_after_death(incident):
            del self.fields["ofsted_notified_on"]
            del self.fields["secretary_of_state_notified_on"]
        if on_behalf:  # the business manager, recording it for the local authority's partner
            self.fields["on_behalf_of"] = on_behalf_of_field(by)
        # The version of the notification the page showed; 0: nothing recorded yet (0023).
        self.add_version(notification)

    def version_of(self, record: Any) -> int:
        return record.version if record is not None else 0

    def shown_fields(self) -> list[str]:
        return [name for name in super().shown_fields() if name != "on_behalf_of"]

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        _check_not_before(self, self.incident.la_aware_on,
                          [n for n in self.fields if n.endswith("_on") and n != "on_behalf_of"])
        if "panel_reference" in self.fields:
            if data.get("panel_notified_on") and not data.get("panel_reference", "").strip():
                self.add_error("panel_reference", "Enter the reference the national notification "
                                                  "system gave the Panel notification.")
            if data.get("panel_reference", "").strip() and not data.get("panel_notified_on") \
                    and "panel_notified_on" not in self.errors:
                self.add_error("panel_notified_on", "Enter the date the Panel was notified.")
        return data


class StartForm(forms.Form):
    """The 'Start the rapid review' step: like every step, plus who owns the plan's steps."""

    effective_on = effective_date_field()
    reason = forms.CharField(label="Reasons or notes", widget=forms.Textarea, required=False)
    owner = forms.ModelChoiceField(
        queryset=User.objects.none(), required=False, empty_label="Me",
        label="Who owns the business unit's steps",
        help_text="Asking for the summaries, the meeting, the draft and the copy to the Panel: "
                  "they get the reminders before, on and after each one's due date. The "
                  "agencies' summaries and the partners' sign-off are theirs. You can change the "
                  "owner of each step later.")

    def __init__(self, by: User, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = User.objects.filter(
            partnership_id=by.partnership_id, is_active=True).exclude(role="")
        self.fields["on_behalf_of"] = on_behalf_of_field(by)


class RequestSummariesForm(forms.Form):
    agencies = forms.MultipleChoiceField(
        label="Which agencies should send a summary?", widget=forms.CheckboxSelectMultiple,
        help_text="The agencies involved in the incident are ticked. Choose each one's named "
                  "contact: they write the summary.",
        error_messages={"required": "Choose at least one agency to ask for a summary."})
    due_on = DateField(label="Summaries due by", help_text=DATE_HINT,
                       error_messages={"required": "Enter the date the summaries are due."})
    requested_on = effective_date_field("Date requested")

    def __init__(self, review: Review, involved: set[int], asked: set[int], default_due: date,
                 *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        agencies = [a for a in Agency.objects.for_new_work(review.partnership_id)
                    if a.pk not in asked]
        agencies.sort(key=lambda a: (a.pk not in involved, a.name))
        self.agency_list = agencies
        self.involved = involved
        self.fields["agencies"].choices = [(str(a.pk), a.name) for a in agencies]
        self.fields["agencies"].initial = [str(a.pk) for a in agencies if a.pk in involved]
        self.fields["due_on"].initial = default_due
        people = User.objects.filter(partnership_id=review.partnership_id, is_active=True)
        for agency in agencies:
            field = forms.ModelChoiceField(
                queryset=people.filter(agency=agency), required=False,
                label=f"Named contact at {agency.name}", empty_label="Choose a person",
                error_messages={"invalid_choice": f"Choose someone who works for {agency.name}."})
            field.label_from_instance = (
                lambda u: f"{u.display_name}" + (f", {u.job_title}" if u.job_title else ""))
            self.fields[f"contact_{agency.pk}"] = field
        self.agencies_by_id = {str(a.pk): a for a in agencies}

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        self.chosen: list[tuple[Agency, User]] = []
        for agency_id in data.get("agencies", []):
            agency = self.agencies_by_id[agency_id]
            contact = data.get(f"contact_{agency_id}")
            if contact is None:
                self.add_error(f"contact_{agency_id}", f"Choose the named contact at {agency.name}"
                                                       ", or untick the agency.")
            else:
                self.chosen.append((agency, contact))
        due, requested = data.get("due_on"), data.get("requested_on")
        if due and requested and due < requested:
            self.add_error("due_on", "The due date must be on or after the date requested.")
        return data


class SummaryForm(forms.Form):
    """The agency's summary. For the business manager recording one the agency sent another
    way, also the date it was received (lateness is measured from it)."""

    what_known = forms.CharField(
        label="What your agency knew and did", widget=forms.Textarea,
        help_text="Your agency's contact with the child and family, what it knew and what it did, "
                  "with dates.",
        error_messages={"required": "Say what your agency knew about the child and family, and "
                                    "what it did."})
    immediate_actions = forms.CharField(
        label="Immediate actions taken to keep children safe", widget=forms.Textarea,
        help_text="For this child, their siblings and other children.",
        error_messages={"required": "Say what has been done to keep children safe, or write "
                                    "'None needed' and why."})
    early_learning = forms.CharField(
        label="Early learning", widget=forms.Textarea,
        help_text="What your agency has learned so far, including good practice.",
        error_messages={"required": "Say what your agency has learned so far, or write 'None "
                                    "identified yet'."})

    def __init__(self, *args: Any, recording_for_agency: bool = False, **kwargs: Any):
        super().__init__(*args, **kwargs)
        if recording_for_agency:
            self.fields["received_on"] = DateField(
                label="Date the summary was received", not_in_future=True,
                initial=timezone.localdate,
                help_text="The day it arrived, by e-mail or by hand: today, or the earlier day. "
                          "Whether it was on time is worked out from this date. " + DATE_HINT,
                error_messages={"required": "Enter the date the summary was received."})


class AcceptForm(forms.Form):
    accepted_on = effective_date_field("Date accepted")


class ReturnForm(forms.Form):
    reason = forms.CharField(
        label="What does the agency need to add or change?", widget=forms.Textarea,
        help_text="The named contact sees this and gets it by e-mail, with names replaced by "
                  "pseudonyms.",
        error_messages={"required": "Say what the agency needs to add or change."})
    due_on = DateField(label="New due date", help_text=DATE_HINT,
                       error_messages={"required": "Enter the new due date."})
    returned_on = effective_date_field("Date returned")

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["due_on"].initial = add_working_days(timezone.localdate(), 2)


class MeetingForm(VersionedForm, forms.Form):
    held_on = effective_date_field("Date of the meeting")
    attendees = ModelMultipleChoiceField(
        queryset=User.objects.none(), required=False, widget=forms.CheckboxSelectMultiple,
        label="Who attended from the partnership")
    other_attendees = forms.CharField(
        label="Others who attended", widget=forms.Textarea, required=False,
        help_text="People without a Review Desk sign-in, one a line, for example 'GP practice "
                  "manager, Kirkvale Medical Centre'.")
    notes = forms.CharField(label="Notes of the meeting", widget=forms.Textarea, required=False)
    immediate_actions = forms.CharField(
        label="Immediate actions to keep children safe", widget=forms.Textarea, required=False,
        help_text="What was agreed, by whom and by when.")

    def __init__(self, partnership_id: int, *args: Any, meeting: Any = None, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["attendees"].queryset = User.objects.filter(
            partnership_id=partnership_id, is_active=True).select_related("agency")
        self.fields["attendees"].label_from_instance = (
            lambda u: f"{u.display_name} – {u.agency.name if u.agency else u.role_label}")
        if meeting is not None:
            self.add_version(meeting)


class RecordForm(VersionedForm, forms.Form):
    facts_established = forms.CharField(
        label="Facts established", widget=forms.Textarea, required=False,
        help_text="What is known about what happened, from the agencies' summaries and the "
                  "meeting.")
    immediate_actions = forms.CharField(label="Immediate actions taken", widget=forms.Textarea,
                                        required=False,
                                        help_text="To keep this child and other children safe.")
    practice_strengths = forms.CharField(label="Practice strengths", widget=forms.Textarea,
                                         required=False)
    learning_local = forms.CharField(label="Learning identified (local)", widget=forms.Textarea,
                                     required=False)
    learning_national = forms.CharField(label="Learning of possible national significance",
                                        widget=forms.Textarea, required=False)

    def __init__(self, *args: Any, record: Any = None, **kwargs: Any):
        super().__init__(*args, **kwargs)
        for key, _short, text in CRITERIA:
            self.fields[f"criterion_{key}"] = forms.ChoiceField(
                label=f"Criterion {text}", choices=Answer.choices, widget=forms.RadioSelect,
                required=False)
            self.fields[f"evidence_{key}"] = forms.CharField(
                label=f"Evidence for criterion ({key})", widget=forms.Textarea, required=False,
                help_text="Required when the criterion is met.")
        self.fields["national_review_view"] = forms.ChoiceField(
            label="The partners' view on a national review", choices=NationalView.choices,
            widget=forms.RadioSelect, required=False)
        self.fields["national_review_reasons"] = forms.CharField(
            label="Reasons for the view on a national review", widget=forms.Textarea,
            required=False)
        # The version of the record the page showed; 0: there was none yet (decision 0023).
        self.add_version(record)

    def version_of(self, record: Any) -> int:
        return record.version if record is not None else 0

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if not any((value or "").strip() for name, value in data.items() if name != "version"):
            raise forms.ValidationError("Enter at least one part of the record before saving it.")
        for key, _short, _text in CRITERIA:
            if data.get(f"criterion_{key}") == Answer.MET and not data.get(
                    f"evidence_{key}", "").strip():
                self.add_error(f"evidence_{key}", f"Give the evidence that criterion ({key}) is "
                                                  "met.")
        if data.get("national_review_view") and not data.get("national_review_reasons",
                                                             "").strip():
            self.add_error("national_review_reasons", "Give the reasons for the view on a "
                                                      "national review.")
        return data


class PanelCopyForm(forms.Form):
    sent_on = effective_date_field("Date the copy was sent to the Panel")

    def __init__(self, by: User, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["on_behalf_of"] = on_behalf_of_field(by)


class SignOffForm(ForAPartnerMixin, forms.Form):
    """A partner signs off for their own partner; the business manager records a partner's
    sign-off for them (whose, and who signed)."""

    whose_label = "Whose sign-off is it?"
    whose_required = "Choose the partner whose sign-off this is."
    person_label = "Signed off by"
    person_help = "The partner who signed it off. The record shows you both."
    person_required = "Choose the person who signed it off."

    signed_on = effective_date_field("Date signed off")
