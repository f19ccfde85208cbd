from typing import Any, cast

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile

from reviewdesk.accounts.models import PartnerFor, User
from reviewdesk.lib.dates import effective_date_field
from reviewdesk.reports.actions import MAX_MEGABYTES, check_upload
from reviewdesk.reports.models import InformationRequest, ReportVersion
from reviewdesk.reviews.forms import on_behalf_of_field
from reviewdesk.reviews.models import Review
from reviewdesk.reviews.names import Names


class DraftUploadForm(forms.Form):
    file = forms.FileField(
        label="Upload a draft report",
        error_messages={"required": "Select the draft report to check.",
                        "empty": "The selected file is empty. Choose the draft report file again.",
                        "invalid": "The selected file could not be uploaded. Try again."},
        widget=forms.FileInput(attrs={"accept": ".docx,.pdf,.txt"}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = (
            f"A Word document (.docx), a PDF or a plain text file, smaller than {MAX_MEGABYTES} "
            f"MB and at most {settings.DRAFT_MAX_WORDS:,} words.")

    def clean_file(self) -> UploadedFile:
        upload = self.cleaned_data["file"]
        try:
            check_upload(upload.name, upload.size)  # the kind and size, before anything is read
        except ValidationError as exc:
            raise ValidationError(exc.messages) from None
        return upload


class FalseAlarmForm(forms.Form):
    reason = forms.CharField(
        label="Why is this not identifying?", widget=forms.Textarea, max_length=1000,
        # The reason is kept and shown beside the finding: it must not repeat what was found.
        help_text="Do not repeat the word or name that was found, or name anyone: for example, "
                  "'an ordinary word here, not a name'.",
        error_messages={"required": "Say why this is not identifying, so others checking the "
                        "report can rely on it.",
                        "max_length": "Keep the reason to 1,000 characters or fewer."},
    )


# --- Compare two versions of the report ---------------------------------------------------------

class CompareForm(forms.Form):
    """Which two versions to compare (a GET form: ?from=N&to=M)."""

    def __init__(self, data: Any, *, choices: list[tuple[int, str]]) -> None:
        super().__init__(data)
        for name, label, missing in (
                ("from", "Earlier version", "Choose the version to compare from."),
                ("to", "Later version", "Choose the version to compare with.")):
            self.fields[name] = forms.TypedChoiceField(
                label=label, choices=choices, coerce=int,
                error_messages={"required": missing,
                                "invalid_choice": "Choose a version from the list: there is no "
                                                  "version with that number."})

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if cleaned.get("from") is not None and cleaned.get("from") == cleaned.get("to"):
            self.add_error("to", "Choose two different versions: a version compared with itself "
                                 "shows no changes.")
        return cleaned


# --- Versions of the report ---------------------------------------------------------------------

class VersionChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: ReportVersion) -> str:
        return f"Version {obj.number}, {obj.written_on:%-d %B %Y}"


class VersionUploadForm(forms.Form):
    file = forms.FileField(
        label="The report (a Word document)",
        error_messages={"required": "Select the report to upload, as a Word document (.docx).",
                        "empty": "The selected file is empty. Choose the report file again.",
                        "invalid": "The selected file could not be uploaded. Try again."},
        widget=forms.FileInput(attrs={"accept": ".docx"}),
    )
    note = forms.CharField(
        label="What changed in this version (optional)", required=False, max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="A line for the record, such as 'the subgroup's comments taken in'. Avoid names: "
                  "partners read it too.",
        error_messages={"max_length": "Keep the note to 500 characters or fewer."})
    written_on = effective_date_field("Date of this version")

    def __init__(self, *args: Any, lead_reviewers: list[User] | None = None,
                 **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = (
            f"A .docx smaller than {MAX_MEGABYTES} MB. It is checked for identifying details as "
            "soon as it is uploaded.")
        self.fields["written_on"].help_text = (
            "The day the lead reviewer submitted it: today, or an earlier day. For example, "
            "27 3 2026.")
        if lead_reviewers is not None:
            # The business unit uploads for the lead reviewer.
            self.fields["on_behalf_of"] = forms.ModelChoiceField(
                queryset=User.objects.filter(pk__in=[p.pk for p in lead_reviewers]),
                required=False, label="Uploaded on behalf of",
                empty_label="Nobody: I am uploading it myself",
                initial=lead_reviewers[0].pk if len(lead_reviewers) == 1 else None,
                help_text="The lead reviewer who wrote this version.")

    def clean_file(self) -> UploadedFile:
        upload = self.cleaned_data["file"]
        if not (upload.name or "").lower().endswith(".docx"):
            raise ValidationError("The report must be a Word document (.docx). Save it as .docx "
                                  "and upload it again.")
        try:
            check_upload(upload.name, upload.size)
        except ValidationError as exc:
            raise ValidationError(exc.messages) from None
        return upload


class FamilyCopyForm(forms.Form):
    member = forms.ModelChoiceField(
        queryset=User.objects.none(), label="Family member",
        error_messages={"required": "Choose the family member the copy is for.",
                        "invalid_choice": "Choose a family member from the list."})
    version = VersionChoiceField(
        queryset=ReportVersion.objects.none(), label="Version",
        error_messages={"required": "Choose the version to copy.",
                        "invalid_choice": "Choose a version from the list."})
    given_on = effective_date_field("Date the copy is given")

    def __init__(self, review: Review, names: Names, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        member = cast(forms.ModelChoiceField, self.fields["member"])
        # Every member whose wishes are recorded: one who did not take up the offer is refused
        # with the reason, not hidden, so the person making the copy learns why.
        member.queryset = review.family_members.exclude(
            offered_draft_on__isnull=True, wants_to_see_draft__isnull=True).select_related(
            "identity")
        member.label_from_instance = lambda m: (  # type: ignore[method-assign,assignment]
            f"{names.entry_with_label(m.identity)}"
            + ("" if m.wants_to_see_draft else " (did not take up the offer)"))
        version = cast(forms.ModelChoiceField, self.fields["version"])
        version.queryset = ReportVersion.objects.filter(review=review).defer("outline")


class _VersionSentForm(forms.Form):
    """A regulation 14 form: the version sent chosen from the review's own, and on whose behalf
    the business unit records it."""

    def __init__(self, review: Review, by: User, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        version = cast(forms.ModelChoiceField, self.fields["version"])
        version.queryset = ReportVersion.objects.filter(review=review).defer("outline")
        self.fields["on_behalf_of"] = on_behalf_of_field(by)


class InformationRequestForm(_VersionSentForm):
    partner_for = forms.ChoiceField(
        label="Which safeguarding partner asked?", choices=PartnerFor.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the safeguarding partner who asked."})
    requested_on = effective_date_field("Date of the request")
    asked = forms.ChoiceField(
        label="What did they ask for?", choices=InformationRequest.Asked.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Say whether they asked for information, a draft or both."})
    request = forms.CharField(
        label="The request", widget=forms.Textarea(attrs={"rows": 4}), max_length=4000,
        help_text="What they asked for, as they wrote it.",
        error_messages={"required": "Enter what the partner asked for.",
                        "max_length": "Keep the request to 4,000 characters or fewer."})
    version = VersionChoiceField(
        queryset=ReportVersion.objects.none(), required=False,
        label="Version sent (optional)", empty_label="No draft sent",
        error_messages={"invalid_choice": "Choose a version from the list."})



class InformationAnswerForm(_VersionSentForm):
    answered_on = effective_date_field("Date of the answer")
    answer = forms.CharField(
        label="The answer", widget=forms.Textarea(attrs={"rows": 5}), max_length=4000,
        error_messages={"required": "Enter the answer given to the partner.",
                        "max_length": "Keep the answer to 4,000 characters or fewer."})
    version = VersionChoiceField(
        queryset=ReportVersion.objects.none(), required=False,
        label="Version sent with the answer (optional)", empty_label="No draft sent",
        error_messages={"invalid_choice": "Choose a version from the list."})

