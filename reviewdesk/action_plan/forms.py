"""The action plan's forms. The rules (what is required, which dates, which recommendations) are
the actions': these only turn the page's boxes into their arguments, so most boxes are optional
here and the action says what is missing, on the box, in the same words wherever it is asked."""

from typing import Any

from django import forms

from reviewdesk.accounts.models import Agency, User
from reviewdesk.action_plan import actions, selectors
from reviewdesk.action_plan.models import Action, PlanMeeting, Recommendation
from reviewdesk.lib.dates import DateField, effective_date_field
from reviewdesk.lib.model_choices import ModelMultipleChoiceField
from reviewdesk.reviews.forms import ShownRedacted, on_behalf_of_field
from reviewdesk.reviews.models import Clock, Review
from reviewdesk.reviews.names import Names
from reviewdesk.versioning import VersionedForm

LONG = {"max_length": f"Keep it to {actions.TEXT_LENGTH:,} characters or fewer."}


def _text(label: str, help_text: str = "", rows: int = 3) -> forms.CharField:
    return forms.CharField(label=label, required=False, max_length=actions.TEXT_LENGTH,
                           help_text=help_text, widget=forms.Textarea(attrs={"rows": rows}),
                           error_messages=LONG)


def _people(review: Review) -> Any:
    return (User.objects.filter(partnership_id=review.partnership_id, is_active=True)
            .order_by("full_name", "email"))


class PersonChoice(forms.ModelChoiceField):
    """The partnership's people, each as the viewer may see them in this review (a practitioner
    of the review by their pseudonym to someone who may not see staff identities)."""

    names: Names | None = None

    def label_from_instance(self, obj: Any) -> str:
        agency = f", {obj.agency.name}" if getattr(obj, "agency", None) else ""
        shown = selectors.person(self.names, obj) if self.names else obj.display_name
        return f"{shown}{agency}"


class PeopleChoice(ModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        role = obj.get_role_display() if obj.role else (obj.job_title or "")
        return f"{obj.display_name}{f' ({role})' if role else ''}"


class MeetingForm(forms.Form):
    held_on = effective_date_field("Date it was held")
    attendees = PeopleChoice(
        label="Who attended from the partnership?", queryset=User.objects.none(),
        required=False, widget=forms.CheckboxSelectMultiple,
        help_text="Tick everyone present with a sign-in.")
    other_attendees = _text(
        "Others present (optional)",
        "People without a sign-in: one a line, with their agency, for example 'Head of "
        "safeguarding, Kirkvale Academy Trust'.")
    notes = _text("Notes (optional)", "Anything the meeting agreed beyond the actions.")

    def __init__(self, review: Review, by: User, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        field = self.fields["attendees"]
        assert isinstance(field, PeopleChoice)
        field.queryset = _people(review).exclude(role="")
        self.fields["on_behalf_of"] = on_behalf_of_field(by)


class RecommendationChoice(ModelMultipleChoiceField):
    def __init__(self, *args: Any, names: Names | None = None, **kwargs: Any):
        self.names = names
        super().__init__(*args, **kwargs)

    def label_from_instance(self, obj: Any) -> str:
        text = self.names.redact(obj.text) if self.names else obj.text
        short = text if len(text) <= 160 else text[:157].rstrip() + "…"
        return f"Recommendation {obj.number}: {short}"


class ClockChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return (f"{obj.get_kind_display()}: delayed to {obj.revised_due_on:%-d %B %Y}, with "
                "interim learning")


class ActionForm(VersionedForm, forms.Form):
    """Agreeing an action (with its meeting and due date), or editing one (``action``)."""

    meeting = forms.ModelChoiceField(
        label="Which meeting agreed it?", queryset=PlanMeeting.objects.none(), required=False,
        empty_label="Choose the meeting")
    description = _text("What is the action?",
                        "What will be done, by whom, in the owner's and agency's words.", 4)
    recommendations = RecommendationChoice(
        label="Which recommendations does it answer?", queryset=Recommendation.objects.none(),
        required=False, widget=forms.CheckboxSelectMultiple,
        help_text="Tick one or more. An action on interim learning while the review runs late "
                  "needs none.")
    interim_learning = ClockChoice(
        label="Or: the interim learning it acts on", queryset=Clock.objects.none(),
        required=False, empty_label="None",
        help_text="A deadline delayed with interim learning recorded: actions on it may be "
                  "agreed before the report.")
    agency = forms.ModelChoiceField(label="Which agency owns it?",
                                    queryset=Agency.objects.none(), required=False,
                                    empty_label="Choose the agency")
    owner = PersonChoice(label="Named owner with a sign-in", queryset=User.objects.none(),
                         required=False, empty_label="Nobody with a sign-in: typed below",
                         help_text="They update the action from their own page.")
    owner_name = forms.CharField(
        label="Or: the owner's name and role, without a sign-in", required=False,
        max_length=200, help_text="For example: Designated nurse, Kirkvale ICB. The business "
                                  "manager records their updates for them.",
        error_messages={"max_length": "The owner's name must be 200 characters or fewer."})
    owner_email = forms.EmailField(max_length=254,
        label="Their e-mail address", required=False,
        help_text="Reminders of the due date go to it.",
        error_messages={"invalid": "Enter the owner's e-mail address in the right format, like "
                                   "name@example.org."})
    due_on = DateField(label="Due date", required=False, help_text="For example, 31 3 2027.")
    success_criteria = _text("Success criteria",
                             "How the subgroup will know the action has been done well.")
    impact_measure = _text("How impact will be assessed: the measure",
                           "What will be measured, for example referrals of bruised non-mobile "
                           "babies.")
    impact_source = _text("Where the measure comes from",
                          "For example, a quarterly audit of health visiting records.", 2)
    impact_assessed_on = DateField(label="When impact will be assessed", required=False,
                                   help_text="On or after the due date. For example, 31 3 2028.")

    def __init__(self, review: Review, by: User, names: Names, *args: Any,
                 action: Action | None = None, **kwargs: Any):
        # The words put back as this viewer may see them; a field sent back as shown keeps what
        # was written (a reader who sees pseudonyms never writes them over the real names).
        self.shown_redacted: ShownRedacted | None = None
        if action is not None:
            self.shown_redacted = ShownRedacted(
                {key: getattr(action, key) for key in self.TEXT_KEYS}, names.redact)
            kwargs["initial"] = {
                "recommendations": list(action.recommendations.all()),
                "interim_learning": action.interim_learning, "agency": action.agency,
                "owner": action.owner, "owner_email": action.owner_email,
                "impact_assessed_on": action.impact_assessed_on, **self.shown_redacted.shown}
        super().__init__(*args, **kwargs)
        self.names = names
        recommendations = self.fields["recommendations"]
        assert isinstance(recommendations, RecommendationChoice)
        recommendations.queryset = review.recommendations.filter(removed_at__isnull=True)
        recommendations.names = names
        clocks = [c.pk for c in actions.interim_clocks(review)]
        if action is not None and action.interim_learning_id:
            clocks.append(action.interim_learning_id)
        interim = self.fields["interim_learning"]
        assert isinstance(interim, ClockChoice)
        interim.queryset = Clock.objects.filter(pk__in=clocks)
        if not clocks:
            del self.fields["interim_learning"]
        agency = self.fields["agency"]
        assert isinstance(agency, forms.ModelChoiceField)
        agency.queryset = Agency.objects.for_new_work(
            review.partnership_id, keep=[action.agency_id] if action else [])
        owner = self.fields["owner"]
        assert isinstance(owner, PersonChoice)
        owner.queryset = _people(review).select_related("agency")
        owner.names = names
        if action is None:
            meeting = self.fields["meeting"]
            assert isinstance(meeting, forms.ModelChoiceField)
            meeting.queryset = review.plan_meetings.filter(kind=PlanMeeting.Kind.EXTRAORDINARY)
            found = list(meeting.queryset)
            if len(found) == 1 and not self.is_bound:
                self.initial["meeting"] = found[0]
        else:
            del self.fields["meeting"]
            del self.fields["due_on"]
            self.add_version(action)  # decision 0023
        self.fields["on_behalf_of"] = on_behalf_of_field(by)

    TEXT_KEYS = ("description", "owner_name", "success_criteria", "impact_measure",
                 "impact_source")

    def terms(self) -> actions.ActionTerms:
        data = dict(self.cleaned_data)
        if self.shown_redacted is not None:
            data = self.shown_redacted.restore(data)
        return actions.ActionTerms(
            description=data["description"], agency=data["agency"],
            recommendations=list(data["recommendations"]),
            interim_learning=data.get("interim_learning"), owner=data["owner"],
            owner_name=data["owner_name"], owner_email=data["owner_email"],
            success_criteria=data["success_criteria"], impact_measure=data["impact_measure"],
            impact_source=data["impact_source"], impact_assessed_on=data["impact_assessed_on"])

    def values_of(self, record: Action) -> dict[str, Any]:
        # Their version as this viewer may read it.
        return {"description": self.names.redact(record.description),
                "recommendations": list(record.recommendations.all()),
                "interim_learning": record.interim_learning, "agency": record.agency,
                "owner": record.owner, "owner_name": self.names.redact(record.owner_name),
                "owner_email": record.owner_email,
                "success_criteria": self.names.redact(record.success_criteria),
                "impact_measure": self.names.redact(record.impact_measure),
                "impact_source": self.names.redact(record.impact_source),
                "impact_assessed_on": record.impact_assessed_on}


class ReviseDueDateForm(VersionedForm, forms.Form):
    new_due_on = DateField(label="New due date", required=False,
                           help_text="For example, 30 6 2027.")
    reason = _text("Why is the due date revised?",
                   "Kept in the action's history beside the original due date.")
    decided_on = effective_date_field("Date it was decided")

    def __init__(self, action: Action, by: User, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.add_version(action)
        self.fields["on_behalf_of"] = on_behalf_of_field(by)


class CloseActionForm(VersionedForm, forms.Form):
    reason = _text("Why does the subgroup close the action?",
                   "For example: overtaken by the new multi-agency neglect strategy. Kept with "
                   "the action and on the review's timeline.", 4)
    closed_on = effective_date_field("Date the subgroup closed it")

    def __init__(self, action: Action, by: User, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.add_version(action)
        self.fields["on_behalf_of"] = on_behalf_of_field(by)


class ReopenForm(forms.Form):
    reason = _text("Why is the action plan reopened?",
                   "For example: the neglect audit showed the change did not last. Kept on the "
                   "review's timeline.", 4)
    effective_on = effective_date_field("Date it was decided")

    def __init__(self, by: User, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["on_behalf_of"] = on_behalf_of_field(by)
