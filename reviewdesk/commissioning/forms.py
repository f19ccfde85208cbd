from typing import Any

from django import forms
from django.utils import timezone

from reviewdesk.accounts.models import Agency, Partnership, User
from reviewdesk.commissioning.actions import addresses_version
from reviewdesk.commissioning.models import LeadReviewerAppointment, Reviewer
from reviewdesk.lib.dates import DateField, effective_date_field
from reviewdesk.lib.model_choices import ModelMultipleChoiceField
from reviewdesk.reviews.forms import on_behalf_of_field
from reviewdesk.versioning import VersionedForm

YES_NO = [("yes", "Yes"), ("no", "No")]


class NoticeAddressesForm(VersionedForm, forms.Form):
    panel_email = forms.EmailField(max_length=254,
        label="National Child Safeguarding Practice Review Panel", required=False,
        error_messages={"invalid": "Enter the Panel's e-mail address in the right format, like "
                        "name@example.org."})
    ofsted_email = forms.EmailField(max_length=254,
        label="Ofsted", required=False,
        error_messages={"invalid": "Enter Ofsted's e-mail address in the right format, like "
                        "name@example.org."})
    dfe_email = forms.EmailField(max_length=254,
        label="Department for Education", required=False,
        error_messages={"invalid": "Enter the Department for Education's e-mail address in the "
                        "right format, like name@example.org."})

    def __init__(self, partnership: Partnership, agencies: list[Agency], *args: Any, **kwargs: Any):
        initial = {f: getattr(partnership, f) for f in ("panel_email", "ofsted_email",
                                                         "dfe_email")}
        initial |= {f"agency_{a.pk}": a.email for a in agencies}
        super().__init__(*args, initial=initial, **kwargs)
        self.agencies = agencies
        for agency in agencies:
            self.fields[f"agency_{agency.pk}"] = forms.EmailField(max_length=254,
                label=agency.name, required=False,
                help_text="The agency's safeguarding inbox",
                error_messages={"invalid": f"Enter {agency.name}'s e-mail address in the right "
                                "format, like name@example.org."})
        # The partnership's and every agency's version, as one (decision 0023).
        self.fields["version"] = forms.CharField(widget=forms.HiddenInput, required=False,
                                                 initial=self.version_of(partnership))

    def version_of(self, record: Partnership) -> str:
        return addresses_version(record, list(Agency.objects.filter(partnership=record)))

    def values_of(self, record: Partnership) -> dict[str, Any]:
        values = {f: getattr(record, f) for f in ("panel_email", "ofsted_email", "dfe_email")}
        return values | {f"agency_{a.pk}": a.email
                         for a in Agency.objects.filter(partnership=record)}

    def statutory_fields(self) -> list[forms.BoundField]:
        return [self["panel_email"], self["ofsted_email"], self["dfe_email"]]

    def agency_fields(self) -> list[forms.BoundField]:
        return [self[f"agency_{a.pk}"] for a in self.agencies]

    def agency_emails(self) -> dict[int, str]:
        return {a.pk: self.cleaned_data[f"agency_{a.pk}"] or "" for a in self.agencies}


class NotNotifiedForm(forms.Form):
    reason = forms.CharField(
        label="Why were the partners not notified?", widget=forms.Textarea,
        help_text="For example: agreed at the subgroup that this learning review stays local.",
        error_messages={"required": "Say why the partners were not notified: it is kept on the "
                        "review."})
    agreed_on = effective_date_field("Date it was agreed")

    def __init__(self, by: User, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["on_behalf_of"] = on_behalf_of_field(by)


class CaseFilesForm(forms.Form):
    confirmed_by = forms.ModelChoiceField(
        queryset=User.objects.none(), required=False, label="Who confirmed it",
        empty_label="Someone without a sign-in: type their name below")
    confirmed_by_name = forms.CharField(label="Their name", required=False, max_length=200)
    confirmed_by_role = forms.CharField(label="Their role", required=False, max_length=200,
                                        help_text="For example: records manager")
    confirmed_on = effective_date_field("Date the files were secured")
    records_held = forms.CharField(
        label="Where are the records held?", widget=forms.Textarea,
        help_text="For example: on the case management system, restricted to the safeguarding "
                  "team; the paper file in the records store.",
        error_messages={"required": "Say where the records are held."})
    copy_made = forms.ChoiceField(
        label="Was a copy made because work with the family continues?", choices=YES_NO,
        widget=forms.RadioSelect,
        error_messages={"required": "Say whether a copy was made because work with the family "
                        "continues."})

    def __init__(self, agency: Agency, *args: Any, only: User | None = None, **kwargs: Any):
        super().__init__(*args, **kwargs)
        people = User.objects.filter(agency=agency, is_active=True)
        # An agency author confirms for themselves (or types who did): staff identities in the
        # case are not theirs to see, so they are not offered a list of colleagues.
        self.fields["confirmed_by"].queryset = people.filter(pk=only.pk) if only else people
        self.fields["confirmed_by"].label_from_instance = (
            lambda u: f"{u.display_name}{' – ' + u.job_title if u.job_title else ''}")

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if not data.get("confirmed_by") and not (data.get("confirmed_by_name") or "").strip():
            self.add_error("confirmed_by_name", "Say who confirmed it: choose them, or type their "
                                                "name and role.")
        if "copy_made" in data:
            data["copy_made"] = data["copy_made"] == "yes"
        return data


class ReviewerForm(forms.Form):
    full_name = forms.CharField(label="Full name", max_length=200,
                                error_messages={"required": "Enter the reviewer's full name."})
    email = forms.EmailField(max_length=254, label="E-mail address",
                             help_text="They sign in with it; someone new is sent an invitation.",
                             error_messages={"required": "Enter the reviewer's e-mail address.",
                                             "invalid": "Enter an e-mail address in the right "
                                                        "format, like name@example.org."})
    organisation = forms.CharField(label="Organisation", max_length=200, required=False)
    expertise = forms.CharField(label="Areas of expertise", widget=forms.Textarea,
                                required=False,
                                help_text="For example: neglect, child sexual exploitation, "
                                          "health visiting, systems methodology.")


class ReviewerChangeForm(VersionedForm, forms.Form):
    full_name = forms.CharField(label="Full name", max_length=200,
                                error_messages={"required": "Enter the reviewer's full name."})
    organisation = forms.CharField(label="Organisation", max_length=200, required=False)
    expertise = forms.CharField(label="Areas of expertise", widget=forms.Textarea, required=False)
    is_active = forms.BooleanField(label="Active: may be appointed to reviews", required=False)

    def __init__(self, reviewer: Reviewer, *args: Any, **kwargs: Any):
        initial = {name: getattr(reviewer, name)
                   for name in ("full_name", "organisation", "expertise", "is_active")}
        super().__init__(*args, initial=initial, **kwargs)
        self.add_version(reviewer)  # decision 0023


class AppointmentForm(forms.Form):
    reviewer = forms.ModelChoiceField(
        queryset=Reviewer.objects.none(), label="Reviewer", empty_label="Choose a reviewer",
        error_messages={"required": "Choose the reviewer."})
    appointed_on = effective_date_field("Date of the appointment")
    conflict = forms.ChoiceField(
        label="Has the reviewer declared a conflict of interest?",
        choices=LeadReviewerAppointment.Conflict.choices, widget=forms.RadioSelect,
        error_messages={"required": "Say whether the reviewer declared a conflict of interest."})
    conflict_details = forms.CharField(label="Describe the possible conflict", required=False,
                                       widget=forms.Textarea)
    conflict_accepted = forms.BooleanField(
        label="I confirm the conflict is acceptable for this review", required=False)
    acceptance_reason = forms.CharField(label="Why is it acceptable?", required=False,
                                        widget=forms.Textarea)

    def __init__(self, by: User, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["reviewer"].queryset = Reviewer.objects.filter(
            partnership_id=by.partnership_id, is_active=True)
        self.fields["reviewer"].label_from_instance = (
            lambda r: f"{r.full_name}{' – ' + r.organisation if r.organisation else ''}")
        self.fields["on_behalf_of"] = on_behalf_of_field(by)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("conflict") == LeadReviewerAppointment.Conflict.DECLARED:
            if not (data.get("conflict_details") or "").strip():
                self.add_error("conflict_details", "Describe the possible conflict of interest.")
            if not data.get("conflict_accepted"):
                self.add_error("conflict_accepted", "Confirm the conflict is acceptable, or "
                                                    "appoint someone else.")
            if not (data.get("acceptance_reason") or "").strip():
                self.add_error("acceptance_reason", "Say why the conflict is acceptable.")
        return data


class TermsOfReferenceForm(VersionedForm, forms.Form):
    """A new version of the terms of reference, started from the latest (``based_on``): its
    number travels in the hidden ``version`` input, so a form started from an older version is
    refused rather than dropping the newer one (decision 0023)."""

    period_from = DateField(label="Period under review: from",
                            help_text="For example, 1 4 2024.",
                            error_messages={"required": "Enter the start of the period under "
                                            "review."})
    period_to = DateField(label="Period under review: to", help_text="For example, 27 3 2026.",
                          error_messages={"required": "Enter the end of the period under review."})
    lines_of_enquiry = forms.CharField(
        label="Key lines of enquiry", widget=forms.Textarea(attrs={"rows": 8}),
        help_text="The particular areas and issues the review must address.",
        error_messages={"required": "Enter the key lines of enquiry."})
    agencies = ModelMultipleChoiceField(
        queryset=Agency.objects.none(), widget=forms.CheckboxSelectMultiple,
        label="Agencies in scope",
        error_messages={"required": "Choose the agencies in scope."})
    methodology = forms.CharField(
        label="Methodology", widget=forms.Textarea(attrs={"rows": 3}),
        help_text="For example: a systems approach, with a practitioner learning event.",
        error_messages={"required": "Say how the review will be done, for example a systems "
                        "approach."})
    scope_notes = forms.CharField(label="Other scope notes (optional)", widget=forms.Textarea,
                                  required=False)

    def __init__(self, partnership_id: int, *args: Any, based_on: Any = None, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["agencies"].queryset = Agency.objects.for_new_work(
            partnership_id, keep=self.initial.get("agencies") or ())
        self.add_version(based_on)

    def version_of(self, record: Any) -> int:
        return record.number if record is not None else 0

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        start, end = data.get("period_from"), data.get("period_to")
        if end and end > timezone.localdate():
            self.add_error("period_to", "The end of the period under review cannot be in the "
                                        "future: enter today's date or an earlier one.")
        elif start and end and end < start:
            self.add_error("period_to", "The end of the period under review must be on or after "
                                        "its start.")
        return data


class ApprovalForm(forms.Form):
    approved_on = effective_date_field("Date it was approved")
    note = forms.CharField(label="Where was it agreed? (optional)", widget=forms.Textarea,
                           required=False,
                           help_text="For example: CSPR subgroup meeting of 3 March 2026.")

    def __init__(self, by: User, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["on_behalf_of"] = on_behalf_of_field(by)
        self.fields["on_behalf_of"].help_text = (
            "Approved on behalf of the subgroup: choose its chair, for example, if they asked you "
            "to record it.")


class ChronologyAuthorForm(forms.Form):
    person = forms.ModelChoiceField(queryset=User.objects.none(), label="Author",
                                    empty_label="Choose the author",
                                    help_text="Not in the list? Invite them from People first, "
                                              "with this agency.",
                                    error_messages={"required": "Choose the author."})
    due_on = DateField(label="Chronology due", help_text="For example, 27 3 2026.",
                       error_messages={"required": "Enter the date the chronology is due."})
    named_on = effective_date_field("Date the agency named them")

    def __init__(self, by: User, agency: Agency, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = User.objects.filter(agency=agency, is_active=True)
        self.fields["person"].label_from_instance = (
            lambda u: f"{u.display_name}{' – ' + u.job_title if u.job_title else ''} ({u.email})")
        self.fields["on_behalf_of"] = on_behalf_of_field(by)
