"""The practitioner pages' forms. The rules (a known agency, a sign-in that may be used, no one
twice) are the actions'; the forms say what is missing or malformed."""

from typing import Any

from django import forms
from django.core.exceptions import ValidationError

from reviewdesk.accounts.models import Agency
from reviewdesk.lib.dates import effective_date_field
from reviewdesk.staff import practitioner_file
from reviewdesk.staff.models import Practitioner
from reviewdesk.versioning import VersionedForm


def _job() -> forms.CharField:
    return forms.CharField(
        label="Job", max_length=200,
        help_text="As their agency calls it, for example Health Visitor or Senior Social Worker. "
                  "It gives the role label the report will use.",
        error_messages={"required": "Enter the practitioner's job, for example Health Visitor."})


def _manager_email() -> forms.EmailField:
    return forms.EmailField(max_length=254,
        label="Their manager's e-mail (optional)", required=False,
        help_text="Their manager gets a sign-in too, and sees the advice for team discussions.",
        error_messages={"invalid": "Enter the manager's e-mail in the right form, like "
                                   "name@agency.nhs.uk, or leave it empty."})


def _manager_name() -> forms.CharField:
    return forms.CharField(label="Their manager's name (optional)", required=False,
                           max_length=200,
                           help_text="Needed only if the manager has no sign-in yet.")


class PractitionerForm(forms.Form):
    """One practitioner, added by hand."""

    name = forms.CharField(label="Full name", max_length=200, error_messages={
        "required": "Enter the practitioner's full name."})
    email = forms.EmailField(max_length=254,
        label="Work e-mail", help_text="Their sign-in uses it: someone who already has one keeps it.",
        error_messages={"required": "Enter the practitioner's work e-mail address.",
                        "invalid": "Enter the e-mail in the right form, like name@agency.nhs.uk."})
    agency = forms.ModelChoiceField(
        label="Agency", queryset=Agency.objects.none(),
        error_messages={"required": "Choose the practitioner's agency.",
                        "invalid_choice": "Choose one of the partnership's agencies."})
    job_title = _job()
    manager_email = _manager_email()
    manager_name = _manager_name()
    added_on = effective_date_field("Date they were added to the review")

    def __init__(self, partnership_id: int, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        field = self.fields["agency"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = Agency.objects.for_new_work(partnership_id).order_by("name")


class ListForm(forms.Form):
    """A pasted list or a CSV file; checked and shown before anything is saved."""

    text = forms.CharField(
        label="Paste the list", required=False, widget=forms.Textarea(attrs={"rows": 8}),
        help_text="One practitioner a line: name, e-mail, agency, job, manager's e-mail (if "
                  "known), separated by commas or pasted from a spreadsheet's columns. A first "
                  "line naming the columns is skipped.")
    file = forms.FileField(
        label="Or choose a CSV file", required=False,
        help_text="The same columns. Saved from Excel as 'CSV UTF-8' keeps accented names.")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        upload = data.get("file")
        text = (data.get("text") or "").strip()
        if upload is not None and text:
            raise ValidationError("Paste a list or choose a file, not both.")
        if upload is not None:
            if upload.size > practitioner_file.MAX_BYTES:
                raise ValidationError({"file": "The file is too large: a list of practitioners "
                                               "is under 200 KB. Check it is the right file."})
            text = practitioner_file.decode(upload.read())
        if not text.strip():
            raise ValidationError({"text": "Paste the list, or choose a CSV file."})
        data["content"] = text
        return data


class ConfirmListForm(forms.Form):
    """Step two: the list as checked, sent again with the confirmation (checked again)."""

    content = forms.CharField(widget=forms.HiddenInput)
    added_on = effective_date_field("Date they were added to the review")


class ChangeForm(VersionedForm, forms.Form):
    job_title = _job()
    manager_email = _manager_email()
    manager_name = _manager_name()
    changed_on = effective_date_field("Date of the change")

    def __init__(self, practitioner: Practitioner, *args: Any, **kwargs: Any):
        kwargs["initial"] = {"job_title": practitioner.job_title,
                             "manager_email": practitioner.manager_email}
        super().__init__(*args, **kwargs)
        self.add_version(practitioner)

    def values_of(self, record: Any) -> dict[str, Any]:
        return {"job_title": record.job_title, "manager_email": record.manager_email,
                "manager_name": "", "changed_on": None}


class RemoveForm(forms.Form):
    reason = forms.CharField(
        label="Why they are no longer on the review", widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Say why they are no longer on the review."})
    ended_on = effective_date_field("Date they left the review")
