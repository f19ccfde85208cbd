from typing import Any

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile

from reviewdesk.reports.actions import MAX_MEGABYTES, check_upload


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


# --- Compare two versions of the report (issue 17) ------------------------------------------------

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
