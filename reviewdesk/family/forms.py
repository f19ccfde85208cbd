"""The family pages' forms. The rules (a reason whenever someone is not approached, a sibling's
decision before any approach) are the actions'; the forms say what is missing or malformed."""

from collections.abc import Callable
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile

from reviewdesk.family.actions import (
    CONTRIBUTION_MAX_MEGABYTES,
    FAMILY_KINDS,
    check_contribution_file,
)
from reviewdesk.family.letters import PLACEHOLDERS
from reviewdesk.family.models import (
    Approach,
    Consent,
    Contact,
    FamilyMember,
    InterpreterNeed,
    LetterKind,
    LetterTemplate,
)
from reviewdesk.lib.dates import DateField, effective_date_field
from reviewdesk.reviews.models import IdentityEntry, Review
from reviewdesk.versioning import VersionedForm

YES_NO = [("yes", "Yes"), ("no", "No")]


def _yes_no(label: str, *, required: bool = True, help_text: str = "",
            required_message: str = "") -> forms.TypedChoiceField:
    return forms.TypedChoiceField(
        label=label, choices=YES_NO, widget=forms.RadioSelect, coerce=lambda v: v == "yes",
        empty_value=None, required=required, help_text=help_text,
        error_messages={"required": required_message or f"Answer: {label.lower()}"})


class MemberDetailsForm(forms.Form):
    """What the review records about someone it considers approaching."""

    relationship = forms.CharField(
        label="Relationship to the child", max_length=200,
        help_text="For example mother, grandfather, older sister, family friend",
        error_messages={"required": "Enter their relationship to the child, for example mother, "
                                    "grandfather or family friend."})
    is_sibling = forms.BooleanField(
        label="They are a sibling of the child", required=False,
        help_text="A sibling needs a separate considered decision before anyone approaches them.")
    to_approach = _yes_no("Will the review approach them?",
                          required_message="Say whether the review will approach them.")
    not_approached_reason = forms.CharField(
        label="If not, why not", required=False, widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Needed whenever someone is not approached.")
    approach = forms.ChoiceField(
        label="How to approach them (optional)", required=False, widget=forms.RadioSelect,
        choices=Approach.choices)
    approach_through = forms.CharField(
        label="Through whom (optional)", required=False, max_length=300,
        help_text="The professional or solicitor, when the approach goes through someone")
    best_placed = forms.CharField(
        label="Who is best placed to make the approach (optional)", required=False,
        max_length=300, help_text="For example their social worker, who they already trust")
    language = forms.CharField(label="Language (optional)", required=False, max_length=100,
                               help_text="Leave empty for English")
    interpreter = forms.ChoiceField(
        label="Interpreter or translation (optional)", required=False, widget=forms.RadioSelect,
        choices=[c for c in InterpreterNeed.choices if c[0]],
        help_text="Leave empty if they need neither")
    support_needs = forms.CharField(
        label="Support or accessibility needs (optional)", required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="For example a supporter present, large print, a quiet room, step-free access")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("to_approach") is False and not (data.get("not_approached_reason")
                                                     or "").strip():
            self.add_error("not_approached_reason", "Say why they are not being approached: "
                           "the guide asks for a reason whenever a family member is not "
                           "approached.")
        return data


class AddMemberForm(MemberDetailsForm):
    identity = forms.ModelChoiceField(
        label="Who are they?", queryset=IdentityEntry.objects.none(), required=False,
        empty_label="Someone not in the register yet: enter them below",
        help_text="Family members and other people from the review's identity register")
    real_name = forms.CharField(label="Their name", required=False, max_length=300,
                                help_text="Only if they are not in the register yet")
    pseudonym = forms.CharField(
        label="Pseudonym or role label", required=False, max_length=100,
        help_text="What people without identity access see, for example Grandmother or "
                  "Sibling 1")
    kind = forms.ChoiceField(label="Family member or other person", required=False,
                             widget=forms.RadioSelect,
                             choices=[(k.value, k.label) for k in FAMILY_KINDS])
    date_of_birth = DateField(label="Date of birth (optional)", required=False,
                              not_in_future=True)

    field_order = ["identity", "real_name", "pseudonym", "kind", "date_of_birth"]

    def __init__(self, review: Review, label: Callable[[IdentityEntry], str], *args: Any,
                 **kwargs: Any):
        super().__init__(*args, **kwargs)
        taken = FamilyMember.objects.filter(review=review).values("identity_id")
        field = self.fields["identity"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = review.identities.filter(kind__in=FAMILY_KINDS).exclude(
            pk__in=taken).order_by("pseudonym")
        field.label_from_instance = label  # type: ignore[method-assign, assignment]

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("identity") is None:
            if not (data.get("real_name") or "").strip():
                self.add_error("real_name", "Choose someone from the register, or enter the "
                                            "name of someone new.")
            if not (data.get("pseudonym") or "").strip():
                self.add_error("pseudonym", "Enter the pseudonym or role label others will "
                                            "see, for example Mother or Sibling 1.")
            if not data.get("kind"):
                self.add_error("kind", "Say whether they are a family member or another person.")
        return data


class ChangeMemberForm(VersionedForm, MemberDetailsForm):
    def __init__(self, member: FamilyMember, redact: Callable[[str], str], *args: Any,
                 **kwargs: Any):
        self.redact = redact
        initial = {name: getattr(member, name) for name in self.base_fields}
        initial["to_approach"] = "yes" if member.to_approach else "no"
        kwargs["initial"] = initial
        super().__init__(*args, **kwargs)
        self.add_version(member)

    def values_of(self, record: Any) -> dict[str, Any]:
        # The other person's version, through the viewer's redaction like the page.
        values = {name: getattr(record, name) for name in self.base_fields}
        return {k: self.redact(v) if isinstance(v, str) else v for k, v in values.items()}


class SiblingDecisionForm(forms.Form):
    age = forms.IntegerField(
        label="Their age at the time of the decision", min_value=0, max_value=30,
        widget=forms.NumberInput(attrs={"class": "govuk-input--width-3"}),
        error_messages={"required": "Enter the sibling's age in years.",
                        "invalid": "Enter the sibling's age in whole years, for example 12.",
                        "min_value": "Enter the sibling's age in years, from 0 to 30.",
                        "max_value": "Enter the sibling's age in years, from 0 to 30."})
    consulted = forms.CharField(
        label="Who was consulted", widget=forms.Textarea(attrs={"rows": 3}),
        help_text="For example the sibling's social worker, a parent, their school",
        error_messages={"required": "Say who was consulted, for example the sibling's social "
                                    "worker or a parent."})
    contact_appropriate = _yes_no("Is contact with them appropriate?",
                                  required_message="Say whether contact is appropriate.")
    how = forms.CharField(label="How contact should be made", required=False,
                          widget=forms.Textarea(attrs={"rows": 3}),
                          help_text="Needed if contact is appropriate: for example with their "
                                    "foster carer present, through their social worker")
    decision = forms.CharField(label="The decision", widget=forms.Textarea(attrs={"rows": 3}),
                               error_messages={"required": "Enter the decision."})
    reasons = forms.CharField(label="The reasons", widget=forms.Textarea(attrs={"rows": 4}),
                              error_messages={"required": "Enter the reasons for the decision."})
    decided_on = effective_date_field("Date of the decision")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("contact_appropriate") and not (data.get("how") or "").strip():
            self.add_error("how", "Say how contact should be made, since it is appropriate.")
        return data


class ReportOfferForm(forms.Form):
    offered_draft_on = effective_date_field("Date they were offered the draft report")
    wants_to_see_draft = _yes_no("Do they want to see the draft report before publication?",
                                 required=False, help_text="Leave empty if they have not said.")
    wants_publication_date = _yes_no("Do they want to be told the publication date?",
                                     required=False, help_text="Leave empty if they have not "
                                                               "said.")


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
