from typing import Any

from django import forms

from reviewdesk.accounts.models import PartnerFor, PartnershipRole, User
from reviewdesk.decisions.actions import PARTNER_WORDS
from reviewdesk.decisions.models import CriteriaView, Outcome, PanelResponse, SubgroupView
from reviewdesk.lib.dates import effective_date_field
from reviewdesk.reviews.forms import ForAPartnerMixin, on_behalf_of_field

LINES_HINT = ("Optional for each partner, but at least one partner must suggest them when the "
              "partners agree to hold a review: they seed the terms of reference.")


def _outcome_field(label: str) -> forms.ChoiceField:
    return forms.ChoiceField(
        label=label, choices=Outcome.choices, widget=forms.RadioSelect,
        error_messages={"required": "Choose the decision: a local CSPR, a local learning review, "
                                    "other learning activity, or no review."})


def _reasons_field() -> forms.CharField:
    return forms.CharField(
        label="Reasons", widget=forms.Textarea,
        help_text="They are kept on the review and shown to the partners, the scrutineer and "
                  "the review's subgroup members and reviewers.",
        error_messages={"required": "Give the reasons for the decision: they are kept on the "
                                    "review."})


class PartnerDecisionForm(ForAPartnerMixin, forms.Form):
    """A partner's own decision; for the business manager, also whose decision it is."""

    whose_label = "Whose decision is it?"
    whose_required = "Choose the partner whose decision this is."
    person_label = "Recorded on behalf of"
    person_help = ("The person who made the decision: someone who represents that partner. The "
                   "record shows you both.")
    person_required = "Choose the person whose decision this is."

    outcome = _outcome_field("What is the decision?")
    reasons = _reasons_field()
    meets_criteria = forms.ChoiceField(
        label="In this partner's view, does the case meet the criteria for a CSPR?",
        choices=CriteriaView.choices, widget=forms.RadioSelect,
        error_messages={"required": "Say whether, in this partner's view, the case meets the "
                                    "criteria for a CSPR (yes, no or unclear)."})
    subgroup_recommended = forms.ChoiceField(
        label="Did the CSPR subgroup recommend a review?", choices=SubgroupView.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Say whether the CSPR subgroup recommended a review."})
    lines_of_enquiry = forms.CharField(
        label="Suggested initial lines of enquiry", widget=forms.Textarea, required=False,
        help_text=LINES_HINT)
    methodology = forms.CharField(
        label="Suggested methodology", widget=forms.Textarea, required=False,
        help_text="For example, a systems approach. Optional for each partner, but at least one "
                  "partner must suggest one when the partners agree to hold a review.")
    decided_on = effective_date_field("Date of the decision")

    def another_partner(self, person: User, partner_for: str) -> str:
        own = person.partner_for
        words = PARTNER_WORDS[PartnerFor(own)] if own in PartnerFor.values else "no partner"
        return (f"{person.display_name} represents the {words}: choose someone who represents "
                f"the {PARTNER_WORDS[PartnerFor(partner_for)]}.")


class FinalDecisionForm(forms.Form):
    """The independent scrutineer's final decision; the business manager may type it for them."""

    outcome = _outcome_field("What is the final decision?")
    reasons = _reasons_field()
    lines_of_enquiry = forms.CharField(
        label="Initial lines of enquiry", widget=forms.Textarea, required=False,
        help_text="Needed for a review if no partner suggested any; otherwise optional.")
    methodology = forms.CharField(
        label="Methodology", widget=forms.Textarea, required=False,
        help_text="For example, a systems approach. Needed for a review if no partner suggested "
                  "one; otherwise optional.")
    decided_on = effective_date_field("Date of the final decision")

    def __init__(self, partnership_id: int, *args: Any, on_behalf: bool = False,
                 **kwargs: Any):
        super().__init__(*args, **kwargs)
        if on_behalf:
            self.fields["on_behalf_of"] = forms.ModelChoiceField(
                label="Recorded on behalf of",
                queryset=User.objects.filter(
                    partnership_id=partnership_id, is_active=True,
                    role=PartnershipRole.INDEPENDENT_SCRUTINEER),
                empty_label="Choose the independent scrutineer",
                help_text="The independent scrutineer whose decision this is. The record shows "
                          "you both.",
                error_messages={"required": "Choose the independent scrutineer whose decision "
                                            "this is."})
            self.order_fields(["on_behalf_of"])


class PanelResponseForm(forms.Form):
    panel_decision = forms.ChoiceField(
        label="What did the Panel decide?", choices=PanelResponse.Decision.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the Panel's decision: a national review, a local "
                                    "review or no review."})
    notes = forms.CharField(
        label="The Panel's reasons, and notes", widget=forms.Textarea,
        error_messages={"required": "Give the Panel's reasons: they are kept on the review."})
    received_on = effective_date_field("Date the Panel's response was received")

    def __init__(self, by: User, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["on_behalf_of"] = on_behalf_of_field(by)
