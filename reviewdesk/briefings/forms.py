"""The briefings pages' forms. The rules (capacity, audience, the publication check, once per
attendee) are the actions'; the forms say what is missing or malformed."""

from typing import Any

from django import forms

from reviewdesk.accounts.models import Agency, User
from reviewdesk.action_plan.models import BriefingDocument
from reviewdesk.briefings.actions import MAX_CAPACITY
from reviewdesk.lib.dates import effective_date_field
from reviewdesk.lib.model_choices import ModelMultipleChoiceField
from reviewdesk.meetings.forms import MeetingForm
from reviewdesk.reviews.forms import on_behalf_of_field
from reviewdesk.reviews.models import Review
from reviewdesk.versioning import VersionedForm


class ScheduleForm(MeetingForm):
    """A session: the meeting's details, where (a place, an online link or both), capacity and
    audience."""

    online_link = forms.URLField(
        label="Online link (optional)", required=False, assume_scheme="https",
        help_text="For a session online, or for people joining a room online. Starts https://",
        error_messages={"invalid": "Enter the online link as a web address, for example "
                                   "https://teams.microsoft.com/…"})
    capacity = forms.IntegerField(
        label="Capacity", min_value=1, max_value=MAX_CAPACITY,
        help_text="How many people the session can take. The review's practitioners are "
                  "invited first, then the agencies' staff, until it is full.",
        widget=forms.TextInput(attrs={"inputmode": "numeric"}),
        error_messages={"required": "Enter how many people the session can take.",
                        "invalid": "Enter the capacity as a whole number, for example 30.",
                        "min_value": "Enter how many people the session can take, 1 or more.",
                        "max_value": f"The capacity must be {MAX_CAPACITY} or fewer."})
    for_practitioners = forms.BooleanField(
        label="Invite the review's practitioners", required=False, initial=True,
        help_text="Each practitioner on the review with a sign-in.")
    agencies = ModelMultipleChoiceField(
        label="Invite the wider staff of these agencies (optional)", required=False,
        queryset=Agency.objects.none(), widget=forms.CheckboxSelectMultiple,
        help_text="Every active member of their staff who signs in to Review Desk.")

    field_order = ["title", "meeting_date", "start", "end", "place", "online_link", "capacity",
                   "for_practitioners", "agencies", "agenda"]

    def __init__(self, review: Review, by: User, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        agencies = self.fields["agencies"]
        assert isinstance(agencies, forms.ModelMultipleChoiceField)
        agencies.queryset = Agency.objects.filter(partnership_id=review.partnership_id,
                                                  is_active=True).order_by("name")
        place = self.fields["place"]
        place.required = False
        place.label = "Place (optional if there is an online link)"
        place.help_text = "A room or an address"
        self.fields["on_behalf_of"] = on_behalf_of_field(by)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if not (data.get("place") or "").strip() and not data.get("online_link") and (
                "place" not in self.errors):
            self.add_error("place", "Enter a place (a room or an address) or an online link.")
        if not data.get("for_practitioners") and not data.get("agencies"):
            self.add_error("agencies", "Choose who is invited: the review's practitioners, "
                                       "the staff of one or more agencies, or both.")
        return data


class DocumentForm(VersionedForm, forms.Form):
    background = forms.CharField(
        label="Background", required=False, widget=forms.Textarea(attrs={"rows": 5}),
        help_text="What happened, in a few sentences. Pseudonyms only.")
    findings = forms.CharField(
        label="Findings", required=False, widget=forms.Textarea(attrs={"rows": 8}),
        help_text="One a line; a line starting with “- ” is a bullet.")
    practice = forms.CharField(
        label="What it means for practice", required=False,
        widget=forms.Textarea(attrs={"rows": 8}))
    questions = forms.CharField(
        label="Questions for reflection", required=False, widget=forms.Textarea(attrs={"rows": 6}))

    def __init__(self, document: BriefingDocument, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {f: getattr(document, f) for f in
                                      ("background", "findings", "practice", "questions")})
        super().__init__(*args, **kwargs)
        self.add_version(document)


class ApproveForm(forms.Form):
    approved_on = effective_date_field("Date it was approved")

    def __init__(self, by: User, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["on_behalf_of"] = on_behalf_of_field(by)


class ReflectionForm(forms.Form):
    will_do_differently = forms.CharField(
        label="What will you do differently in your practice?",
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="The L&D subgroup sees the answers together, without names. Please do not "
                  "name the child, the family or colleagues.",
        error_messages={"required": "Say what you will do differently in your practice after "
                                    "this briefing."})
    useful = forms.TypedChoiceField(
        label="How useful was the briefing? (optional)", required=False, coerce=int,
        empty_value=None, widget=forms.RadioSelect,
        choices=[(1, "1 – not useful"), (2, "2"), (3, "3"), (4, "4"), (5, "5 – very useful")])
