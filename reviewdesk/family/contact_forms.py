"""The forms on a family member's contact page and the letters page."""

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile

from reviewdesk.family.contact_actions import (
    CONTRIBUTION_MAX_MEGABYTES,
    check_contribution_file,
)
from reviewdesk.family.letters import PLACEHOLDERS
from reviewdesk.family.models import Approach, Consent, Contact, LetterKind, LetterTemplate
from reviewdesk.lib.dates import effective_date_field
from reviewdesk.versioning import VersionedForm

CONTACT, MEETING, CONTRIBUTION, CONSENT, LETTER, SENT = (
    "contact", "meeting", "contribution", "consent", "letter", "sent")


class ContactForm(forms.Form):
    kind = forms.ChoiceField(
        label="What are you recording?", choices=Contact.Kind.choices, widget=forms.RadioSelect,
        error_messages={"required": "Say whether this was an attempt to make contact or their "
                                    "response."})
    method = forms.ChoiceField(
        label="How was contact attempted?", choices=Approach.choices, widget=forms.RadioSelect,
        required=False, help_text="For an attempt only.")
    response = forms.ChoiceField(
        label="What was their response?", choices=Contact.Response.choices,
        widget=forms.RadioSelect, required=False, help_text="For a response only.")
    in_their_words = forms.CharField(
        label="In their words", widget=forms.Textarea(attrs={"rows": 3}), required=False,
        help_text="What they said, as they said it. Needed when they decline, unless it came "
                  "through someone.")
    through_whom = forms.CharField(
        label="Through whom", required=False, max_length=300,
        help_text="If the response came through someone, for example their representative or "
                  "solicitor.")
    note = forms.CharField(label="Note", widget=forms.Textarea(attrs={"rows": 3}),
                           required=False)
    happened_on = effective_date_field("Date it happened")


class MeetingForm(forms.Form):
    held_on = effective_date_field("Date of the meeting")
    place = forms.CharField(
        label="Where was it held?", max_length=300,
        help_text="For example their home, a family centre or by video call.",
        error_messages={"required": "Enter where the meeting was held, for example their home "
                                    "or a family centre."})
    interpreter_booked = forms.BooleanField(label="An interpreter was booked", required=False)
    supporter_present = forms.CharField(
        label="Supporter present", required=False, max_length=300,
        help_text="Who came to support them, if anyone.")
    notes = forms.CharField(label="Notes", widget=forms.Textarea(attrs={"rows": 4}),
                            required=False)


class ContributionForm(forms.Form):
    file = forms.FileField(
        label="Upload their contribution",
        help_text=f"A Word document, a PDF, a text file or a photograph of a handwritten page, "
                  f"smaller than {CONTRIBUTION_MAX_MEGABYTES} MB. Only the business manager and "
                  f"the lead reviewers can open it.",
        error_messages={"required": "Select the file with their contribution.",
                        "empty": "The selected file is empty. Choose the file again.",
                        "invalid": "The selected file could not be uploaded. Try again."},
        widget=forms.FileInput(attrs={"accept": ".docx,.pdf,.txt,.rtf,.odt,.jpg,.jpeg,.png"}))
    description = forms.CharField(
        label="What is it?", required=False, max_length=300,
        help_text="For example 'a letter about her son's last year at school'.")
    received_on = effective_date_field("Date it was received")

    def clean_file(self) -> UploadedFile:
        upload: UploadedFile = self.cleaned_data["file"]
        try:
            check_contribution_file(upload.name or "", upload.size or 0)  # before it is read
        except ValidationError as exc:
            raise ValidationError(exc.messages) from None
        return upload


class ConsentForm(forms.Form):
    use = forms.ChoiceField(
        label="How may their contribution be used?", choices=Consent.Use.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose how their contribution may be used."})
    note = forms.CharField(label="Note", widget=forms.Textarea(attrs={"rows": 3}),
                           required=False, help_text="Anything they asked for, in their words.")
    given_on = effective_date_field("Date it was given")


class LetterForm(forms.Form):
    kind = forms.ChoiceField(
        label="Which letter?", choices=LetterKind.choices, widget=forms.RadioSelect,
        error_messages={"required": "Choose which letter to produce: a first letter, a reminder "
                                    "or an invitation to see the report."})


class LetterSentForm(forms.Form):
    sent_on = effective_date_field("Date it was sent")


class LetterTemplateForm(VersionedForm, forms.Form):
    body = forms.CharField(
        label="The letter's wording", widget=forms.Textarea(attrs={"rows": 18}),
        help_text="Leave a blank line between paragraphs. Review Desk fills in "
                  + "; ".join(f"{{{name}}} with {what}" for name, what in PLACEHOLDERS.items())
                  + ".",
        error_messages={"required": "Enter the letter's wording."})

    def __init__(self, template: LetterTemplate | None, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.add_version(template)
