"""The chronology's forms: an upload, how a file's columns are read, the reasons for leaving out
error rows, and one entry typed in the browser.

They check only the shape of what was sent; the rules (what a date may look like, what a file
must hold, which rows need a reason) live in reviewdesk.chronology.actions, whose refusals are
shown on these forms' fields."""

from collections.abc import Callable
from typing import Any

from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.utils import timezone

from reviewdesk.chronology.checking import agency_records, entry_values
from reviewdesk.chronology.models import Entry, Submission
from reviewdesk.lib.chronology_files.columns import COLUMNS
from reviewdesk.lib.chronology_files.reading import MAX_BYTES
from reviewdesk.lib.dates import DateField, effective_date_field
from reviewdesk.reviews.forms import ShownRedacted
from reviewdesk.versioning import VersionedForm

EXTENSIONS = (".xlsx", ".csv", ".docx")
NOT_IN_FILE = ""


def _megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):g} MB"


def received_on_field() -> DateField:
    """The day the chronology reached the partnership: lateness is measured from it. Offered to
    the business manager and a lead reviewer only (``Permission.ACCEPT_CHRONOLOGY``), recording a
    chronology that came by e-mail or on paper: an agency's author's own is received the day they
    send it, whatever they type (``actions.received_date``)."""
    return DateField(
        label="Date the chronology was received", not_in_future=True, initial=timezone.localdate,
        required=False,  # left blank: today
        help_text="Today, or the earlier day the agency sent it to you. Whether it was on time is "
                  "worked out from this date. For example, 27 3 2026.")


RECEIVED_TODAY = ("It is received today, the day you send it: whether it was on time is worked "
                  "out from this date.")


def accepted_on_field() -> DateField:
    field = effective_date_field("Date it was accepted")
    field.error_messages["required"] = "Enter the date it was accepted."
    return field


class UploadForm(forms.Form):
    file = forms.FileField(
        label="Your completed chronology file",
        help_text=f"An Excel workbook (.xlsx), a CSV file (.csv) or a Word document (.docx) with "
                  f"a table, smaller than {_megabytes(MAX_BYTES)}.",
        error_messages={"required": "Select your agency's completed chronology file.",
                        "empty": "The selected file is empty. Choose the completed file again.",
                        "invalid": "The selected file could not be uploaded. Try again."},
        widget=forms.FileInput(attrs={"accept": ",".join(EXTENSIONS)}),
    )
    received_on = received_on_field()

    def __init__(self, *args: Any, may_date: bool = False, **kwargs: Any) -> None:
        """``may_date``: the person may give the day it was received (the business manager or a
        lead reviewer); for anyone else the field is not offered and the file is received
        today."""
        super().__init__(*args, **kwargs)
        self.may_date = may_date
        if not may_date:
            del self.fields["received_on"]
        self.received_today = RECEIVED_TODAY

    def clean_file(self) -> UploadedFile:
        upload = self.cleaned_data["file"]
        # The kind and size, before a byte is read; the contents are judged by the file readers.
        if not upload.name.lower().endswith(EXTENSIONS):
            raise forms.ValidationError("The selected file must be an Excel workbook (.xlsx), a "
                                        "CSV file (.csv) or a Word document (.docx).")
        if upload.size > MAX_BYTES:
            raise forms.ValidationError(f"The selected file must be smaller than "
                                        f"{_megabytes(MAX_BYTES)}.")
        return upload


class MappingForm(VersionedForm, forms.Form):
    """For each of our columns, which of the file's columns holds it (or none)."""

    default_source = forms.CharField(
        label="Source of information for every row", required=False, max_length=300,
        help_text="The file has no source of information column, so every row is taken to come "
                  "from the agency's records. Say more precisely where they come from if you can "
                  "(for example: children's social care case notes).",
        error_messages={"max_length": "Keep the source of information to 300 characters or "
                                      "fewer."})

    def __init__(self, submission: Submission, *args: Any, **kwargs: Any) -> None:
        mapping = submission.mapping or {}
        initial = {c.key: "" if mapping.get(c.key) is None else str(mapping[c.key])
                   for c in COLUMNS}
        # A file with no source column takes the agency's records unless the author says more.
        initial["default_source"] = submission.default_source or (
            agency_records(submission.agency.name) if mapping.get("source") is None else "")
        super().__init__(*args, initial=initial, **kwargs)
        choices = [(NOT_IN_FILE, "Not in the file")] + [
            (str(i), heading or f"Column {i + 1} (no heading)")
            for i, heading in enumerate(submission.headings)]
        source = self.fields.pop("default_source")
        for column in COLUMNS:
            self.fields[column.key] = forms.ChoiceField(
                label=column.heading, choices=choices, required=False,
                help_text=column.help)
        self.fields["default_source"] = source
        self.add_version(submission)  # decision 0023: its edit version, not its number
        # Only a file without a source column may set one source for all its rows.
        self.asks_for_source = (self.data.get("source", NOT_IN_FILE) == NOT_IN_FILE
                                if self.is_bound else mapping.get("source") is None)

    @property
    def column_fields(self) -> list[forms.BoundField]:
        return [self[c.key] for c in COLUMNS]

    def values_of(self, record: Submission) -> dict[str, Any]:
        mapping = record.mapping or {}
        return {**{c.key: NOT_IN_FILE if mapping.get(c.key) is None else str(mapping[c.key])
                   for c in COLUMNS}, "default_source": record.default_source}

    def shown_fields(self) -> list[str]:
        return [c.key for c in COLUMNS] + (["default_source"] if self.asks_for_source else [])

    def show_theirs(self, stale: Any) -> None:
        super().show_theirs(stale)
        labels = {str(c.heading) for c in COLUMNS}
        for row in self.theirs or []:
            if row["label"] in labels and row["text"] == "Not given":
                row["text"] = "Not in the file"

    def mapping(self) -> dict[str, int | None]:
        return {c.key: None if self.cleaned_data[c.key] == NOT_IN_FILE
                else int(self.cleaned_data[c.key]) for c in COLUMNS}


class ExclusionForm(forms.Form):
    """One reason per row with errors: a file is accepted only with every error row left out,
    and each exclusion stays listed on the submission with its reason."""

    every_row = forms.CharField(
        label="Or give one reason for every row left blank", required=False,
        widget=forms.Textarea, max_length=1000,
        help_text="For example: duplicates of entries already in the chronology.",
        error_messages={"max_length": "Keep the reason to 1,000 characters or fewer."})

    def __init__(self, rows: list[dict[str, Any]], *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.rows = rows
        every_row = self.fields.pop("every_row")
        for i, row in enumerate(rows):
            self.fields[f"reason_{i}"] = forms.CharField(
                label=f"Why leave out {row['label'].lower() if row['label'] else 'this row'}?",
                required=False, widget=forms.Textarea, max_length=1000,
                error_messages={"max_length": "Keep the reason to 1,000 characters or fewer."})
        self.fields["every_row"] = every_row
        self.fields["accepted_on"] = accepted_on_field()

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        every_row = (data.get("every_row") or "").strip()
        for i, row in enumerate(self.rows):
            if not (data.get(f"reason_{i}") or "").strip() and not every_row:
                self.add_error(f"reason_{i}", f"Say why {row['label'] or 'this row'} is left "
                                              "out, or give one reason for every row.")
        return data

    @property
    def row_fields(self) -> list[tuple[dict[str, Any], forms.BoundField]]:
        return [(row, self[f"reason_{i}"]) for i, row in enumerate(self.rows)]

    def exclusions(self) -> dict[str, str]:
        every_row = self.cleaned_data["every_row"].strip()
        return {row["ref"]: self.cleaned_data[f"reason_{i}"].strip() or every_row
                for i, row in enumerate(self.rows)}


TEXT_KEYS = ("source", "role", "event", "action", "analysis")


class SendForm(forms.Form):
    """Send the chronology typed in Review Desk: received today, or, for the business manager
    or a lead reviewer recording one that came another way, on the day it came."""

    def __init__(self, *args: Any, may_date: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.may_date = may_date
        if may_date:
            self.fields["received_on"] = received_on_field()
        self.received_today = RECEIVED_TODAY


class AcceptForm(forms.Form):
    accepted_on = accepted_on_field()


class ReopenForm(forms.Form):
    reason = forms.CharField(
        label="Why is the chronology reopened?", widget=forms.Textarea, max_length=2000,
        help_text="The author and whoever accepts the chronology again will read this. For "
                  "example: the police found three more contacts in March 2024.",
        error_messages={"required": "Say why the chronology is reopened.",
                        "max_length": "Keep the reason to 2,000 characters or fewer."})
    reopened_on = effective_date_field("Date it was reopened")


class EntryForm(VersionedForm, forms.Form):
    """One event, as an author types it. Every value goes to the services as text, so a date is
    read exactly as a file's would be (day first, month or year only, ? when uncertain).

    An entry's text is shown through the viewer's ``redact`` (names they may not see become
    pseudonyms). A field left as shown keeps the text as it was written, so saving a change to one
    field never writes pseudonyms over the real names in the others."""

    def __init__(self, *args: Any, entry: Entry | None = None,
                 redact: Callable[[str], str] | None = None, starts_version: bool = False,
                 **kwargs: Any) -> None:
        # ``starts_version``: the first entry of a new draft (the page says so). A draft is not
        # received until it is sent, so no date received is asked for here.
        self.redact = redact
        self.shown_redacted: ShownRedacted | None = None
        if entry is not None:
            initial = entry_values(entry)
            self.shown_redacted = ShownRedacted({key: initial[key] for key in TEXT_KEYS}, redact)
            kwargs["initial"] = initial | self.shown_redacted.shown
        super().__init__(*args, **kwargs)
        for column in COLUMNS:
            long_text = column.key in {"event", "action", "analysis"}
            self.fields[column.key] = forms.CharField(
                label=column.heading + ("" if column.required else " (optional)"),
                help_text=column.help, required=False, strip=True,
                widget=forms.Textarea if long_text else forms.TextInput,
                max_length=None if long_text else 300,
                error_messages={"max_length": "Keep this to 300 characters or fewer."})
        self.starts_version = starts_version
        if entry is not None:
            self.add_version(entry)

    def values_of(self, record: Entry) -> dict[str, Any]:
        """Someone else's saved entry, through this viewer's redaction as the form shows it."""
        values = entry_values(record)
        if self.redact:
            values |= {key: self.redact(values[key]) for key in TEXT_KEYS}
        return values

    def values(self) -> dict[str, str]:
        values = {c.key: self.cleaned_data[c.key] for c in COLUMNS}
        return self.shown_redacted.restore(values) if self.shown_redacted else values
