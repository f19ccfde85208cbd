"""The family pages' forms. The rules (a reason whenever someone is not approached, a sibling's
decision before any approach) are the actions'; the forms say what is missing or malformed."""

from collections.abc import Callable
from typing import Any

from django import forms

from reviewdesk.family.actions import FAMILY_KINDS
from reviewdesk.family.models import Approach, FamilyMember, InterpreterNeed
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
