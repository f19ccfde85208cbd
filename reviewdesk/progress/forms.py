"""The forms of an action's page and the monitoring view. The rules (what completion and impact
need, which dates) are the actions'; these only turn the page's boxes into their arguments."""

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile

from reviewdesk.accounts.models import User
from reviewdesk.action_plan.models import Action, PlanMeeting
from reviewdesk.lib.dates import effective_date_field
from reviewdesk.lib.model_choices import ModelMultipleChoiceField
from reviewdesk.progress.actions import (
    EVIDENCE_MAX_MEGABYTES,
    TEXT_MAX,
    Upload,
    check_evidence_file,
)
from reviewdesk.progress.selectors import ALL, Monitoring
from reviewdesk.versioning import VersionedForm

ACCEPT = ".docx,.doc,.pdf,.xlsx,.xls,.csv,.odt,.ods,.pptx,.txt,.rtf,.jpg,.jpeg,.png"


def evidence_file_field(label: str = "Attach evidence (optional)") -> forms.FileField:
    return forms.FileField(
        label=label, required=False,
        help_text=f"A document, spreadsheet, presentation or image smaller than "
                  f"{EVIDENCE_MAX_MEGABYTES} MB: an audit, a policy, training figures. Only the "
                  "owner and those who read the action plan can open it.",
        error_messages={"empty": "The selected file is empty. Choose the file again.",
                        "invalid": "The selected file could not be uploaded. Try again."},
        widget=forms.FileInput(attrs={"accept": ACCEPT}))


class EvidenceMixin(forms.Form):
    def clean_file(self) -> UploadedFile | None:
        upload: UploadedFile | None = self.cleaned_data.get("file")
        if upload is None:
            return None
        try:
            check_evidence_file(upload.name or "", upload.size or 0)  # before it is read
        except ValidationError as exc:
            raise ValidationError(exc.messages) from None
        return upload

    def uploads(self) -> list[Upload]:
        upload = self.cleaned_data.get("file")
        return [Upload(upload.name or "evidence", upload.read())] if upload else []


class UpdateForm(EvidenceMixin):
    text = forms.CharField(
        label="What has been done since the last update?", required=False,
        max_length=TEXT_MAX, widget=forms.Textarea(attrs={"rows": 5}),
        help_text="For example: the protocol was revised and sent to every health visiting "
                  "team; training dates are booked for March.",
        error_messages={"max_length": f"The update must be {TEXT_MAX:,} characters or fewer: "
                                      "attach the rest as a file."})
    file = evidence_file_field()
    written_on = effective_date_field("Date of the update")


class CompleteForm(VersionedForm, EvidenceMixin):
    completed_on = effective_date_field("Date the action was completed")
    evidence = forms.CharField(
        label="Evidence that it is completed", required=False, max_length=TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="Describe the evidence, attach it, or both: an action is not completed "
                  "without evidence.",
        error_messages={"max_length": f"The evidence must be {TEXT_MAX:,} characters or fewer: "
                                      "attach the rest as a file."})
    file = evidence_file_field()

    def __init__(self, action: Action, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.add_version(action)


class ImpactForm(VersionedForm, EvidenceMixin):
    evidence = forms.CharField(
        label="The impact, against the success criteria", max_length=TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text="What was measured, from which source, and what it shows against the success "
                  "criteria.",
        error_messages={"required": "Describe the impact against the success criteria: what was "
                                    "measured, from where, and what it shows.",
                        "max_length": f"The impact evidence must be {TEXT_MAX:,} characters or "
                                      "fewer: attach the rest as a file."})
    file = evidence_file_field()
    written_on = effective_date_field("Date of the evidence")

    def __init__(self, action: Action, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.add_version(action)


class MeetingChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"Monitoring meeting on {obj.held_on:%-d %B %Y}"


class AcceptImpactForm(VersionedForm, forms.Form):
    meeting = MeetingChoice(
        label="At which monitoring meeting did the subgroup accept it?",
        queryset=PlanMeeting.objects.none(), empty_label="Choose the meeting",
        error_messages={"required": "Choose the monitoring meeting that accepted the impact. "
                                    "Record the meeting first if it is not in the list.",
                        "invalid_choice": "Choose one of the partnership's monitoring meetings."})
    note = forms.CharField(label="Note (optional)", required=False, max_length=TEXT_MAX,
                           widget=forms.Textarea(attrs={"rows": 3}),
                           help_text="For example: accepted, with a re-audit in a year.")

    def __init__(self, action: Action, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        field = self.fields["meeting"]
        assert isinstance(field, MeetingChoice)
        field.queryset = PlanMeeting.objects.filter(
            partnership_id=action.review.partnership_id,
            kind=PlanMeeting.Kind.MONITORING).order_by("-held_on", "-pk")
        self.add_version(action)


class PersonChoice(ModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        role = obj.get_role_display() if obj.role else (obj.job_title or "")
        return f"{obj.display_name}{f' ({role})' if role else ''}"


class MonitoringMeetingForm(forms.Form):
    held_on = effective_date_field("Date it was held")
    attendees = PersonChoice(
        label="Who attended, with a sign-in", queryset=User.objects.none(), required=False,
        widget=forms.CheckboxSelectMultiple)
    other_attendees = forms.CharField(
        label="Others who attended (optional)", required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="One a line, with their agency: for example 'Head of safeguarding, Testshire "
                  "Police'.")
    notes = forms.CharField(label="Notes (optional)", required=False,
                            widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, by: User, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        field = self.fields["attendees"]
        assert isinstance(field, PersonChoice)
        field.queryset = User.objects.filter(
            partnership_id=by.partnership_id or 0, is_active=True).exclude(role="").order_by(
            "full_name", "pk")


class MonitoringFilterForm(forms.Form):
    """The monitoring view's filters, read from the query string (the download takes the
    same)."""

    review = forms.ChoiceField(label="Review", required=False)
    agency = forms.TypedChoiceField(label="Agency", required=False, coerce=int, empty_value=None)
    owner = forms.ChoiceField(label="Owner", required=False)
    theme = forms.TypedChoiceField(label="Theme", required=False, coerce=int, empty_value=None)
    status = forms.ChoiceField(label="Status", required=False)
    overdue = forms.BooleanField(label="Only overdue actions", required=False)

    def set_choices(self, view: Monitoring) -> None:
        self.fields["review"].choices = [("", "All reviews"), *view.reviews]  # type: ignore[attr-defined]
        self.fields["agency"].choices = [  # type: ignore[attr-defined]
            ("", "All agencies"), *[(a.pk, a.name) for a in view.agencies]]
        self.fields["owner"].choices = [("", "All owners"), *view.owners]  # type: ignore[attr-defined]
        self.fields["theme"].choices = [  # type: ignore[attr-defined]
            ("", "All themes"),
            *[(t.pk, f"{t.name}{' (retired)' if t.retired_at else ''}") for t in view.themes]]
        self.fields["status"].choices = [  # type: ignore[attr-defined]
            ("", "Not yet concluded (not started, in progress, completed)"),
            *Action.Status.choices, (ALL, "Every status")]
